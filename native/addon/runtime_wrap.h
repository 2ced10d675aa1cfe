// SPDX-License-Identifier: MIT
// N-API side of the application runtime (NativeApplication and NativeSimControl in
// src/binding/native.ts): converts plans, layouts and options between JS and
// native/runtime, owns the thread-safe functions of the `ecat-evt` notifier and the
// `ecat-mbx` mailbox worker, and keeps the SharedArrayBuffer alive while the cyclic thread
// uses it. One RuntimeBinding per NativeMaster; JS thread only (the threads it starts
// reach JS only through its thread-safe functions).
#ifndef ECAT_ADDON_RUNTIME_WRAP_H
#define ECAT_ADDON_RUNTIME_WRAP_H

#include <napi.h>

#include <memory>
#include <string>

#include "device/device.h"
#include "igh/abi.h"
#include "runtime/app_master.h"
#include "runtime/mailbox_worker.h"

namespace ecat {

class MasterWrap;
struct WakeContext;
struct MailboxContext;

class RuntimeBinding {
public:
    RuntimeBinding(MasterWrap *owner, Device *dev, const eca_abi *abi, const std::string &path);
    ~RuntimeBinding();

    AppMaster &App() { return app_; }
    Device &Dev() { return *dev_; }
    const eca_abi *Abi() const { return abi_; }
    const std::string &Path() const { return path_; }

    // Start the notifier for a new cycle run and keep `shared` alive until StopCycle.
    void StartEvents(Napi::Env env, Napi::Object shared, Napi::Function wake, int32_t *head);
    // Mailbox work: queue a job; returns its promise (rejected at once on backpressure).
    Napi::Value SubmitMailbox(Napi::Env env, const char *call, std::unique_ptr<MailboxJob> job);

    // Stop the mailbox worker (the running job finishes, queued ones are cancelled).
    void StopMailbox(Napi::Env env, bool teardown, const char *reason);
    // Stop the notifier, the cyclic thread, and drop the shared buffer.
    void StopCycle(Napi::Env env, bool teardown);
    // Everything, for close(), finalizers and environment teardown.
    void Shutdown(bool teardown);

private:
    MasterWrap *owner_;
    Device *dev_;
    const eca_abi *abi_;
    std::string path_;
    AppMaster app_;
    std::shared_ptr<WakeContext> wake_;
    std::shared_ptr<MailboxContext> mbx_;
    Napi::ObjectReference shared_;
    bool cycle_held_ = false; // the JS object is referenced while the cycle runs
};

// exports.sharedLayout: the shared image layout constants (runtime/shared_layout.h).
void InitRuntimeExports(Napi::Env env, Napi::Object exports);

} // namespace ecat

#endif
