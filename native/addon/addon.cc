// SPDX-License-Identifier: MIT
// Entry point of the addon: registers the JS surface described in src/binding/native.ts.
#include <napi.h>

namespace ecat {

Napi::Object Init(Napi::Env env, Napi::Object exports)
{
    (void)env;
    return exports;
}

} // namespace ecat

static Napi::Object InitModule(Napi::Env env, Napi::Object exports)
{
    return ecat::Init(env, exports);
}

NODE_API_MODULE(ecat, InitModule)
