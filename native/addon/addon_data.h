// SPDX-License-Identifier: MIT
// Per-environment state of the addon (one per main thread or worker). Kept in N-API
// instance data, never in statics, so the addon loads in any number of worker_threads.
#ifndef ECAT_ADDON_DATA_H
#define ECAT_ADDON_DATA_H

#include <napi.h>

#include <unordered_set>

namespace ecat {

class MasterWrap;

struct AddonData {
    Napi::FunctionReference master_ctor;
    // Every live NativeMaster of this environment. The environment's cleanup hook (process
    // exit, worker termination) shuts each one down: mailbox and event threads, then the
    // cyclic thread, then DEACTIVATE, then the device closes. JS thread only.
    std::unordered_set<MasterWrap *> masters;
    bool tearing_down = false;
};

} // namespace ecat

#endif
