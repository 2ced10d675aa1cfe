// SPDX-License-Identifier: MIT
// Per-environment state of the addon (one per main thread or worker). Kept in N-API
// instance data, never in statics, so the addon loads in any number of worker_threads.
#ifndef ECAT_ADDON_DATA_H
#define ECAT_ADDON_DATA_H

#include <napi.h>

namespace ecat {

struct AddonData {
    Napi::FunctionReference master_ctor;
};

} // namespace ecat

#endif
