// SPDX-License-Identifier: MIT
// Errors cross into JS as plain Error objects carrying data fields (errno, syscall, request,
// path, abortCode, ecatCode); src/binding/errors.ts turns them into EtherCATError. Native
// code never throws strings.
#ifndef ECAT_ADDON_ERRORS_H
#define ECAT_ADDON_ERRORS_H

#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

namespace ecat {

// A failed syscall: `err` is -errno as returned by Device.
Napi::Error SysError(Napi::Env env, long err, const char *syscall, const std::string &request,
                     const std::string &path);

// A failed SDO transfer with its CoE abort code (0 if the slave sent none).
Napi::Error SdoAbortError(Napi::Env env, long err, uint32_t abort_code, const std::string &request,
                          const std::string &path, unsigned position, unsigned index, unsigned subindex);

// A failure that is not a syscall: ABI_UNSUPPORTED, ABI_MISMATCH, BAD_TOPOLOGY, INVALID_ARGUMENT.
Napi::Error EcatError(Napi::Env env, const char *ecat_code, const std::string &message, const std::string &path);

} // namespace ecat

#endif
