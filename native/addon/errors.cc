// SPDX-License-Identifier: MIT
// Construction of the data-carrying errors described in errors.h.
#include "errors.h"

#include <cstdio>
#include <cstring>

namespace ecat {

Napi::Error SysError(Napi::Env env, long err, const char *syscall, const std::string &request,
                     const std::string &path)
{
    int e = static_cast<int>(err < 0 ? -err : err);
    std::string msg = std::string(syscall) + (request.empty() ? "" : " " + request) + " " + path + ": " +
                      std::strerror(e);
    Napi::Error error = Napi::Error::New(env, msg);
    error.Set("errno", Napi::Number::New(env, e));
    error.Set("syscall", Napi::String::New(env, syscall));
    if (!request.empty())
        error.Set("request", Napi::String::New(env, request));
    error.Set("path", Napi::String::New(env, path));
    return error;
}

Napi::Error SdoAbortError(Napi::Env env, long err, uint32_t abort_code, const std::string &request,
                          const std::string &path, unsigned position, unsigned index, unsigned subindex)
{
    char where[64];
    std::snprintf(where, sizeof where, "slave %u SDO 0x%04x:%02x", position, index, subindex);
    Napi::Error error = SysError(env, err, "ioctl", request, path);
    if (abort_code) {
        char text[128];
        std::snprintf(text, sizeof text, "%s: SDO transfer aborted with 0x%08x", where, abort_code);
        error.Set("message", Napi::String::New(env, text));
        error.Set("abortCode", Napi::Number::New(env, abort_code));
    }
    error.Set("slave", Napi::Number::New(env, position));
    return error;
}

Napi::Error EcatError(Napi::Env env, const char *ecat_code, const std::string &message, const std::string &path)
{
    Napi::Error error = Napi::Error::New(env, message);
    error.Set("ecatCode", Napi::String::New(env, ecat_code));
    if (!path.empty())
        error.Set("path", Napi::String::New(env, path));
    return error;
}

} // namespace ecat
