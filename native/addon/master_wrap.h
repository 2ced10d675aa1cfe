// SPDX-License-Identifier: MIT
// NativeMaster: the JS object for one open master (a real /dev/EtherCAT<N> or the in-process
// virtual master). It owns the Device and the detected ABI, and turns each inspection call
// into one IgH request built from the ABI tables. Methods are synchronous: they are the
// diagnostics path (the `ecat` CLI); blocking transfers for applications get their own
// thread in the runtime.
#ifndef ECAT_ADDON_MASTER_WRAP_H
#define ECAT_ADDON_MASTER_WRAP_H

#include <napi.h>

#include <memory>

#include "device/device.h"
#include "igh/detect.h"

namespace ecat {

struct AddonData;
class RuntimeBinding; // runtime_wrap.h: the application phase of this master

class MasterWrap : public Napi::ObjectWrap<MasterWrap> {
public:
    static Napi::Function Define(Napi::Env env);
    // Wrap an opened, detected device into a new JS object.
    static Napi::Object Create(Napi::Env env, std::unique_ptr<Device> device, const Detection &detection);

    explicit MasterWrap(const Napi::CallbackInfo &info);
    ~MasterWrap() override;

    // Stop the mailbox, event and cyclic threads, deactivate, close the device; in that
    // order. `teardown`: the environment is going away (no JS may run, promises are
    // dropped rather than rejected). Idempotent.
    void Shutdown(bool teardown);

private:
    Device &Dev(const Napi::Env &env);
    const eca_abi *Abi() const { return abi_; }
    std::string Path() const { return path_; }

    Napi::Value Module(const Napi::CallbackInfo &info);
    Napi::Value Master(const Napi::CallbackInfo &info);
    Napi::Value MasterState(const Napi::CallbackInfo &info);
    Napi::Value Slave(const Napi::CallbackInfo &info);
    Napi::Value SlaveSync(const Napi::CallbackInfo &info);
    Napi::Value SlaveSyncPdo(const Napi::CallbackInfo &info);
    Napi::Value SlaveSyncPdoEntry(const Napi::CallbackInfo &info);
    Napi::Value SlaveSdo(const Napi::CallbackInfo &info);
    Napi::Value SlaveSdoEntry(const Napi::CallbackInfo &info);
    Napi::Value SdoUpload(const Napi::CallbackInfo &info);
    Napi::Value SdoDownload(const Napi::CallbackInfo &info);
    Napi::Value SlaveState(const Napi::CallbackInfo &info);
    Napi::Value RegRead(const Napi::CallbackInfo &info);
    Napi::Value RegWrite(const Napi::CallbackInfo &info);
    Napi::Value SiiRead(const Napi::CallbackInfo &info);
    Napi::Value SiiWrite(const Napi::CallbackInfo &info);
    Napi::Value Rescan(const Napi::CallbackInfo &info);
    Napi::Value SetDebugLevel(const Napi::CallbackInfo &info);
    Napi::Value Config(const Napi::CallbackInfo &info);
    Napi::Value ConfigPdo(const Napi::CallbackInfo &info);
    Napi::Value ConfigPdoEntry(const Napi::CallbackInfo &info);
    Napi::Value ConfigSdo(const Napi::CallbackInfo &info);
    Napi::Value Domain(const Napi::CallbackInfo &info);
    Napi::Value DomainFmmu(const Napi::CallbackInfo &info);
    Napi::Value DomainData(const Napi::CallbackInfo &info);
    Napi::Value SimState(const Napi::CallbackInfo &info);
    Napi::Value Close(const Napi::CallbackInfo &info);

    // Application phase (NativeApplication, NativeSimControl); defined in runtime_wrap.cc.
    Napi::Value AppRequest(const Napi::CallbackInfo &info);
    Napi::Value AppConfigure(const Napi::CallbackInfo &info);
    Napi::Value AppActivate(const Napi::CallbackInfo &info);
    Napi::Value AppStartCycle(const Napi::CallbackInfo &info);
    Napi::Value AppStopCycle(const Napi::CallbackInfo &info);
    Napi::Value AppDeactivate(const Napi::CallbackInfo &info);
    Napi::Value AppConfigState(const Napi::CallbackInfo &info);
    Napi::Value AppReadProcessData(const Napi::CallbackInfo &info);
    Napi::Value AppSdoUploadAsync(const Napi::CallbackInfo &info);
    Napi::Value AppSdoDownloadAsync(const Napi::CallbackInfo &info);
    Napi::Value AppRegReadAsync(const Napi::CallbackInfo &info);
    Napi::Value AppRegWriteAsync(const Napi::CallbackInfo &info);
    Napi::Value AppSiiReadAsync(const Napi::CallbackInfo &info);
    Napi::Value AppPhase(const Napi::CallbackInfo &info);
    Napi::Value SimFault(const Napi::CallbackInfo &info);
    RuntimeBinding &Rt(const Napi::Env &env);

    std::unique_ptr<Device> device_;
    std::unique_ptr<RuntimeBinding> rt_; // declared after device_: destroyed first
    AddonData *data_ = nullptr;
    const eca_abi *abi_ = nullptr;
    std::string path_;
};

} // namespace ecat

#endif
