// SPDX-License-Identifier: MIT
// exports.abiTables(): every ABI table of native/igh as plain JS data (NativeAbiTable in
// src/binding/native.ts), for `ecat abi --json` and for the test that checks the tables
// against the IgH facts files.
#ifndef ECAT_ADDON_ABI_EXPORT_H
#define ECAT_ADDON_ABI_EXPORT_H

#include <napi.h>

namespace ecat {

void InitAbiExport(Napi::Env env, Napi::Object exports);

} // namespace ecat

#endif
