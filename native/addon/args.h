// SPDX-License-Identifier: MIT
// Argument checks for addon entry points. The TypeScript layer validates user input first;
// these guard the boundary itself so a wrong call can never reach an ioctl with garbage.
#ifndef ECAT_ADDON_ARGS_H
#define ECAT_ADDON_ARGS_H

#include <napi.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace ecat {

inline Napi::Error ArgError(Napi::Env env, const std::string &msg)
{
    Napi::Error e = Napi::TypeError::New(env, msg);
    e.Set("ecatCode", Napi::String::New(env, "INVALID_ARGUMENT"));
    return e;
}

inline double NumArg(const Napi::CallbackInfo &info, size_t i, const char *name, double lo, double hi)
{
    Napi::Env env = info.Env();
    if (info.Length() <= i || !info[i].IsNumber())
        throw ArgError(env, std::string(name) + " must be a number");
    double v = info[i].As<Napi::Number>().DoubleValue();
    if (!std::isfinite(v) || v != std::floor(v) || v < lo || v > hi)
        throw ArgError(env, std::string(name) + " must be an integer in " + std::to_string(static_cast<long long>(lo)) +
                                ".." + std::to_string(static_cast<long long>(hi)));
    return v;
}

inline unsigned U32Arg(const Napi::CallbackInfo &info, size_t i, const char *name, uint32_t max)
{
    return static_cast<unsigned>(NumArg(info, i, name, 0, max));
}

inline unsigned U16Arg(const Napi::CallbackInfo &info, size_t i, const char *name)
{
    return U32Arg(info, i, name, 0xffff);
}

inline int I32Arg(const Napi::CallbackInfo &info, size_t i, const char *name, int lo, int hi)
{
    return static_cast<int>(NumArg(info, i, name, lo, hi));
}

inline bool BoolArg(const Napi::CallbackInfo &info, size_t i, const char *name)
{
    if (info.Length() <= i || info[i].IsUndefined())
        return false;
    if (!info[i].IsBoolean())
        throw ArgError(info.Env(), std::string(name) + " must be a boolean");
    return info[i].As<Napi::Boolean>().Value();
}

// Copy a Uint8Array/Buffer argument (the copy keeps the data stable during a blocking ioctl).
inline std::vector<uint8_t> BytesArg(const Napi::CallbackInfo &info, size_t i, const char *name, size_t max)
{
    Napi::Env env = info.Env();
    if (info.Length() <= i || !info[i].IsTypedArray() ||
        info[i].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
        throw ArgError(env, std::string(name) + " must be a Uint8Array or Buffer");
    Napi::Uint8Array a = info[i].As<Napi::Uint8Array>();
    if (a.ByteLength() > max)
        throw ArgError(env, std::string(name) + " is larger than " + std::to_string(max) + " bytes");
    return std::vector<uint8_t>(a.Data(), a.Data() + a.ByteLength());
}

} // namespace ecat

#endif
