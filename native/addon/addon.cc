// SPDX-License-Identifier: MIT
// Entry point of the addon: registers the JS surface described in src/binding/native.ts.
// openDevice/openSim open a Device, run ABI detection on it (the same code for the real
// module and the virtual master) and wrap it into a NativeMaster.
#include <napi.h>

#include <cerrno>
#include <memory>
#include <string>
#include <vector>

#include "addon/abi_export.h"
#include "addon/addon_data.h"
#include "addon/args.h"
#include "addon/errors.h"
#include "addon/kernel_control.h"
#include "addon/master_wrap.h"
#include "addon/runtime_wrap.h"
#include "device/device.h"
#include "igh/detect.h"

namespace ecat {

namespace {

// Detection outcome -> NativeMaster, or the matching error.
Napi::Value Finish(Napi::Env env, std::unique_ptr<Device> dev)
{
    Detection d = DetectAbi(*dev);
    switch (d.outcome) {
    case Detection::kOk:
        return MasterWrap::Create(env, std::move(dev), d);
    case Detection::kSysError:
        throw SysError(env, d.error, "ioctl", d.failed_request, dev->Path());
    case Detection::kUnsupportedMagic: {
        Napi::Error e = EcatError(env, "ABI_UNSUPPORTED", d.message, dev->Path());
        e.Set("magic", Napi::Number::New(env, d.magic));
        Napi::Array list = Napi::Array::New(env);
        std::vector<uint32_t> m = SupportedMagics();
        for (size_t i = 0; i < m.size(); i++)
            list.Set(static_cast<uint32_t>(i), Napi::Number::New(env, m[i]));
        e.Set("supported", list);
        throw e;
    }
    case Detection::kNoMatchingTable:
    default: {
        Napi::Error e = EcatError(env, "ABI_MISMATCH", d.message, dev->Path());
        e.Set("magic", Napi::Number::New(env, d.magic));
        throw e;
    }
    }
}

Napi::Value OpenDevice(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsString())
        throw ArgError(env, "path must be a string");
    std::string path = info[0].As<Napi::String>();
    std::string mode = "auto";
    if (info.Length() > 1 && info[1].IsObject()) {
        Napi::Value m = info[1].As<Napi::Object>().Get("mode");
        if (m.IsString())
            mode = m.As<Napi::String>();
    }
    if (mode != "auto" && mode != "rw" && mode != "ro")
        throw ArgError(env, "mode must be 'auto', 'rw' or 'ro'");
    int err = 0;
    std::unique_ptr<Device> dev = OpenKernelDevice(path, mode != "ro", &err);
    // 'auto': inspection works on a read-only fd (IgH checks write access per request).
    if (!dev && mode == "auto" && (err == -EACCES || err == -EPERM || err == -EROFS))
        dev = OpenKernelDevice(path, false, &err);
    if (!dev)
        throw SysError(env, err, "open", "", path);
    return Finish(env, std::move(dev));
}

Napi::Value OpenSim(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsTypedArray())
        throw ArgError(env, "image must be a Uint8Array");
    Napi::Uint8Array image = info[0].As<Napi::Uint8Array>();
    SimOptions opt;
    if (info.Length() > 1 && info[1].IsObject()) {
        Napi::Object o = info[1].As<Napi::Object>();
        if (o.Get("abi").IsString())
            opt.abi_id = o.Get("abi").As<Napi::String>();
        if (o.Get("magicOverride").IsNumber())
            opt.magic_override = o.Get("magicOverride").As<Napi::Number>().Uint32Value();
        if (o.Get("masterIndex").IsNumber())
            opt.master_index = o.Get("masterIndex").As<Napi::Number>().Uint32Value();
        if (o.Get("writable").IsBoolean())
            opt.writable = o.Get("writable").As<Napi::Boolean>();
        if (o.Get("state").IsTypedArray()) {
            Napi::Uint8Array s = o.Get("state").As<Napi::Uint8Array>();
            opt.state.assign(s.Data(), s.Data() + s.ByteLength());
        }
    }
    int err = 0;
    std::string message;
    std::unique_ptr<Device> dev = OpenSimDevice(image.Data(), image.ByteLength(), opt, &err, &message);
    if (!dev) {
        const char *code = err == -EINVAL && message.rfind("unknown ABI", 0) == 0 ? "INVALID_ARGUMENT" : "BAD_TOPOLOGY";
        Napi::Error e = EcatError(env, code, message, "");
        e.Set("errno", Napi::Number::New(env, -err));
        throw e;
    }
    return Finish(env, std::move(dev));
}

// The environment is going away (process exit, worker termination): shut every master
// down: mailbox and event threads, the cyclic thread, DEACTIVATE, then the device closes.
// Thread-safe functions may already be closing at this point (their own cleanup hooks ran
// first); the runtime binding joins its threads before it releases them.
void Teardown(void *arg)
{
    AddonData *data = static_cast<AddonData *>(arg);
    data->tearing_down = true;
    std::vector<MasterWrap *> masters(data->masters.begin(), data->masters.end());
    for (MasterWrap *m : masters) {
        try {
            m->Shutdown(true);
        } catch (...) {
            // An N-API call refused during teardown: the threads are joined before any.
        }
    }
}

} // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports)
{
    AddonData *data = new AddonData();
    data->master_ctor = Napi::Persistent(MasterWrap::Define(env));
    env.SetInstanceData<AddonData>(data);
    napi_add_env_cleanup_hook(env, &Teardown, data);
    exports.Set("openDevice", Napi::Function::New<OpenDevice>(env, "openDevice"));
    exports.Set("openSim", Napi::Function::New<OpenSim>(env, "openSim"));
    InitAbiExport(env, exports);
    InitKernelControl(env, exports);
    InitRuntimeExports(env, exports);
    return exports;
}

} // namespace ecat

static Napi::Object InitModule(Napi::Env env, Napi::Object exports)
{
    return ecat::Init(env, exports);
}

NODE_API_MODULE(ecat, InitModule)
