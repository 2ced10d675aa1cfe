// SPDX-License-Identifier: MIT
// NativeApplication and NativeSimControl on NativeMaster (src/binding/native.ts), over
// native/runtime. Conversions check types and name the field path of a bad value; ranges
// are checked by the runtime (plan validation, cycle options) with the same paths.
//
// Thread-safe functions and lifetimes: each notifier or mailbox worker lives in a context
// shared (std::shared_ptr) between the binding and the thread-safe function's finalizer.
// Whoever comes first stops and joins the thread: the binding on stopCycle/close, or the
// finalizer when the environment tears the function down. Threads call the function only
// while they run, so no call can reach a finalized function.
#include "addon/runtime_wrap.h"

#include <cerrno>
#include <cmath>
#include <cstring>

#include "addon/addon_data.h"
#include "addon/args.h"
#include "addon/errors.h"
#include "addon/master_wrap.h"
#include "runtime/notifier.h"
#include "runtime/shared_layout.h"
#include "vbus/vbus.h"

namespace ecat {

namespace {

constexpr size_t kMailboxQueue = 64;
constexpr uint32_t kMaxTransfer = 1u << 20;

// ---------------------------------------------------------------------------------------
// Errors

Napi::Error FieldError(Napi::Env env, const std::string &field, const std::string &message, const std::string &path)
{
    Napi::Error e = EcatError(env, "INVALID_ARGUMENT", message, path);
    e.Set("field", Napi::String::New(env, field));
    return e;
}

Napi::Error ErrorOf(Napi::Env env, const Status &s, const std::string &path)
{
    switch (s.code) {
    case Status::kWrongPhase: {
        Napi::Error e = EcatError(env, "WRONG_PHASE", s.message, path);
        e.Set("phase", Napi::String::New(env, s.phase));
        e.Set("call", Napi::String::New(env, s.call));
        return e;
    }
    case Status::kInvalid:
        return FieldError(env, s.field, s.message, path);
    case Status::kSys:
    default: {
        std::string request = s.req < ECA_REQ_COUNT ? std::string("EC_IOCTL_") + eca_requests[s.req].name : "";
        Napi::Error e = SysError(env, s.err, s.syscall.c_str(), request, path);
        std::string msg = e.Message();
        if (!s.field.empty()) {
            msg += " (" + s.field + ")";
            e.Set("field", Napi::String::New(env, s.field));
        }
        if (!s.message.empty())
            msg += ": " + s.message;
        e.Set("message", Napi::String::New(env, msg));
        return e;
    }
    }
}

void ThrowIf(Napi::Env env, const Status &s, const std::string &path)
{
    if (!s.ok())
        throw ErrorOf(env, s, path);
}

// ---------------------------------------------------------------------------------------
// JS -> native conversions (types only; ranges are the runtime's job)

class Reader {
public:
    Reader(Napi::Env env, const std::string &path) : env_(env), path_(path) {}

    [[noreturn]] void Fail(const std::string &field, const std::string &what) const
    {
        throw FieldError(env_, field, field + " " + what, path_);
    }

    Napi::Object Obj(Napi::Value v, const std::string &field) const
    {
        if (!v.IsObject() || v.IsArray() || v.IsFunction())
            Fail(field, "must be an object");
        return v.As<Napi::Object>();
    }

    Napi::Array Arr(Napi::Object o, const char *key, const std::string &base) const
    {
        Napi::Value v = o.Get(key);
        if (!v.IsArray())
            Fail(base + "." + key, "must be an array");
        return v.As<Napi::Array>();
    }

    bool Has(Napi::Object o, const char *key) const
    {
        Napi::Value v = o.Get(key);
        return !v.IsUndefined();
    }

    // An integer number (as a safe double), kept as int64 for the range checks after.
    int64_t Int(Napi::Value v, const std::string &field) const
    {
        if (!v.IsNumber())
            Fail(field, "must be a number");
        double d = v.As<Napi::Number>().DoubleValue();
        if (!std::isfinite(d) || d != std::floor(d))
            Fail(field, "must be an integer");
        if (std::fabs(d) > 9007199254740991.0)
            Fail(field, "is out of range");
        return static_cast<int64_t>(d);
    }
    int64_t Int(Napi::Object o, const char *key, const std::string &base) const { return Int(o.Get(key), base + "." + key); }
    int64_t IntOr(Napi::Object o, const char *key, const std::string &base, int64_t dflt) const
    {
        return Has(o, key) ? Int(o, key, base) : dflt;
    }

    bool Bool(Napi::Object o, const char *key, const std::string &base, bool dflt) const
    {
        Napi::Value v = o.Get(key);
        if (v.IsUndefined())
            return dflt;
        if (!v.IsBoolean())
            Fail(base + "." + key, "must be a boolean");
        return v.As<Napi::Boolean>().Value();
    }

    std::string Str(Napi::Object o, const char *key, const std::string &base) const
    {
        Napi::Value v = o.Get(key);
        if (!v.IsString())
            Fail(base + "." + key, "must be a string");
        return v.As<Napi::String>().Utf8Value();
    }

    std::vector<uint8_t> Bytes(Napi::Value v, const std::string &field, size_t max) const
    {
        if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
            Fail(field, "must be a Uint8Array or Buffer");
        Napi::Uint8Array a = v.As<Napi::Uint8Array>();
        if (a.ByteLength() > max)
            Fail(field, "is larger than " + std::to_string(max) + " bytes");
        return std::vector<uint8_t>(a.Data(), a.Data() + a.ByteLength());
    }

private:
    Napi::Env env_;
    std::string path_;
};

std::string Idx(const std::string &base, const char *name, uint32_t i)
{
    return base + "." + name + "[" + std::to_string(i) + "]";
}

Plan ReadPlan(const Reader &r, Napi::Value v)
{
    Plan plan;
    const std::string root = "plan";
    Napi::Object o = r.Obj(v, root);
    Napi::Array slaves = r.Arr(o, "slaves", root);
    for (uint32_t i = 0; i < slaves.Length(); i++) {
        const std::string sp = Idx(root, "slaves", i);
        Napi::Object so = r.Obj(slaves.Get(i), sp);
        PlanSlave s;
        s.alias = r.Int(so, "alias", sp);
        s.position = r.Int(so, "position", sp);
        s.vendor_id = r.Int(so, "vendorId", sp);
        s.product_code = r.Int(so, "productCode", sp);
        if (r.Has(so, "syncs")) {
            s.has_syncs = true;
            Napi::Array syncs = r.Arr(so, "syncs", sp);
            for (uint32_t j = 0; j < syncs.Length(); j++) {
                const std::string yp = Idx(sp, "syncs", j);
                Napi::Object yo = r.Obj(syncs.Get(j), yp);
                PlanSync y;
                y.index = r.Int(yo, "index", yp);
                std::string dir = r.Str(yo, "dir", yp);
                if (dir == "input")
                    y.dir = SyncDir::kInput;
                else if (dir == "output")
                    y.dir = SyncDir::kOutput;
                else
                    r.Fail(yp + ".dir", "must be 'input' or 'output' (got '" + dir + "')");
                std::string wd = r.Has(yo, "watchdog") ? r.Str(yo, "watchdog", yp) : "default";
                if (wd == "default")
                    y.watchdog = WatchdogMode::kDefault;
                else if (wd == "enable")
                    y.watchdog = WatchdogMode::kEnable;
                else if (wd == "disable")
                    y.watchdog = WatchdogMode::kDisable;
                else
                    r.Fail(yp + ".watchdog", "must be 'default', 'enable' or 'disable' (got '" + wd + "')");
                Napi::Array pdos = r.Arr(yo, "pdos", yp);
                for (uint32_t k = 0; k < pdos.Length(); k++) {
                    const std::string pp = Idx(yp, "pdos", k);
                    Napi::Object po = r.Obj(pdos.Get(k), pp);
                    PlanPdo pdo;
                    pdo.index = r.Int(po, "index", pp);
                    Napi::Array entries = r.Arr(po, "entries", pp);
                    for (uint32_t m = 0; m < entries.Length(); m++) {
                        const std::string ep = Idx(pp, "entries", m);
                        Napi::Object eo = r.Obj(entries.Get(m), ep);
                        PlanPdoEntry e;
                        e.index = r.Int(eo, "index", ep);
                        e.subindex = r.Int(eo, "subindex", ep);
                        e.bit_length = r.Int(eo, "bitLength", ep);
                        pdo.entries.push_back(e);
                    }
                    y.pdos.push_back(std::move(pdo));
                }
                s.syncs.push_back(std::move(y));
            }
        }
        Napi::Array sdos = r.Arr(so, "startupSdos", sp);
        for (uint32_t j = 0; j < sdos.Length(); j++) {
            const std::string dp = Idx(sp, "startupSdos", j);
            Napi::Object d = r.Obj(sdos.Get(j), dp);
            PlanSdo sdo;
            sdo.index = r.Int(d, "index", dp);
            sdo.subindex = r.Int(d, "subindex", dp);
            sdo.data = r.Bytes(d.Get("data"), dp + ".data", kPlanMaxSdoSize);
            sdo.complete_access = r.Bool(d, "completeAccess", dp, false);
            s.startup_sdos.push_back(std::move(sdo));
        }
        if (r.Has(so, "watchdog")) {
            Napi::Object w = r.Obj(so.Get("watchdog"), sp + ".watchdog");
            s.has_watchdog = true;
            s.watchdog.divider = r.Int(w, "divider", sp + ".watchdog");
            s.watchdog.intervals = r.Int(w, "intervals", sp + ".watchdog");
        }
        if (r.Has(so, "dc") && !so.Get("dc").IsNull()) {
            const std::string cp = sp + ".dc";
            Napi::Object c = r.Obj(so.Get("dc"), cp);
            s.has_dc = true;
            s.dc.assign_activate = r.Int(c, "assignActivate", cp);
            s.dc.sync0_cycle = r.Int(c, "sync0Cycle", cp);
            s.dc.sync0_shift = r.IntOr(c, "sync0Shift", cp, 0);
            s.dc.sync1_cycle = r.IntOr(c, "sync1Cycle", cp, 0);
            s.dc.sync1_shift = r.IntOr(c, "sync1Shift", cp, 0);
        }
        plan.slaves.push_back(std::move(s));
    }
    Napi::Array domains = r.Arr(o, "domains", root);
    for (uint32_t i = 0; i < domains.Length(); i++) {
        const std::string dp = Idx(root, "domains", i);
        Napi::Object d = r.Obj(domains.Get(i), dp);
        PlanDomain pd;
        pd.divider = r.IntOr(d, "divider", dp, 1);
        plan.domains.push_back(pd);
    }
    Napi::Array vars = r.Arr(o, "variables", root);
    for (uint32_t i = 0; i < vars.Length(); i++) {
        const std::string vp = Idx(root, "variables", i);
        Napi::Object vo = r.Obj(vars.Get(i), vp);
        PlanVariable pv;
        pv.slave = r.Int(vo, "slave", vp);
        pv.index = r.Int(vo, "index", vp);
        pv.subindex = r.Int(vo, "subindex", vp);
        pv.domain = r.Int(vo, "domain", vp);
        plan.variables.push_back(pv);
    }
    plan.reference_clock = r.IntOr(o, "referenceClock", root, -1);
    return plan;
}

// Numbers that the runtime range-checks arrive as int64; clamp into the option's type
// without wrapping, so an out-of-range value stays out of range.
int ClampInt(int64_t v)
{
    return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : static_cast<int>(v);
}
uint32_t ClampU32(int64_t v)
{
    return v < 0 ? UINT32_MAX : v > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(v);
}

CycleOptions ReadCycleOptions(const Reader &r, Napi::Value v)
{
    const std::string root = "options";
    Napi::Object o = r.Obj(v, root);
    CycleOptions c;
    c.cycle_time_ns = r.Int(o, "cycleTimeNs", root);
    c.priority = ClampInt(r.IntOr(o, "priority", root, 0));
    c.cpu = ClampInt(r.IntOr(o, "cpu", root, -1));
    c.lock_memory = r.Bool(o, "lockMemory", root, false);
    c.watchdog_ms = ClampU32(r.IntOr(o, "watchdogMs", root, 0));
    if (r.Has(o, "safeOutputs"))
        c.safe_outputs = r.Bytes(o.Get("safeOutputs"), root + ".safeOutputs", 0xffffffffu);
    if (r.Has(o, "dc") && !o.Get("dc").IsNull()) {
        Napi::Object d = r.Obj(o.Get("dc"), root + ".dc");
        c.dc = true;
        c.sync_reference_every = ClampU32(r.IntOr(d, "syncReferenceEvery", root + ".dc", 1));
        c.sync_monitor = r.Bool(d, "syncMonitor", root + ".dc", false);
    }
    c.state_every = ClampU32(r.IntOr(o, "stateEvery", root, 10));
    if (r.Has(o, "setpoints")) {
        Napi::Array qs = r.Arr(o, "setpoints", root);
        for (uint32_t i = 0; i < qs.Length(); i++) {
            const std::string qp = Idx(root, "setpoints", i);
            Napi::Object qo = r.Obj(qs.Get(i), qp);
            SetpointQueue q;
            // Out-of-range numbers clamp to a value the range checks in StartCycle refuse.
            q.offset = ClampU32(r.Int(qo, "offset", qp));
            q.size = ClampU32(r.Int(qo, "size", qp));
            int64_t at = r.Int(qo, "at", qp);
            q.at = at < 0 ? UINT64_MAX : static_cast<uint64_t>(at);
            q.depth = ClampU32(r.Int(qo, "depth", qp));
            c.setpoints.push_back(q);
        }
    }
    return c;
}

// ---------------------------------------------------------------------------------------
// native -> JS

Napi::Value Num(Napi::Env env, double v) { return Napi::Number::New(env, v); }

Napi::Array U32Array(Napi::Env env, const std::vector<uint32_t> &v)
{
    Napi::Array a = Napi::Array::New(env, v.size());
    for (uint32_t i = 0; i < v.size(); i++)
        a.Set(i, Num(env, v[i]));
    return a;
}

Napi::Array Ranges(Napi::Env env, const std::vector<ByteRange> &v)
{
    Napi::Array a = Napi::Array::New(env, v.size());
    for (uint32_t i = 0; i < v.size(); i++) {
        Napi::Object o = Napi::Object::New(env);
        o.Set("offset", Num(env, v[i].offset));
        o.Set("length", Num(env, v[i].length));
        a.Set(i, o);
    }
    return a;
}

const char *CallName(MailboxJob::Kind k)
{
    switch (k) {
    case MailboxJob::kSdoUpload: return "sdoUploadAsync";
    case MailboxJob::kSdoDownload: return "sdoDownloadAsync";
    case MailboxJob::kRegRead: return "regReadAsync";
    case MailboxJob::kRegWrite: return "regWriteAsync";
    case MailboxJob::kSiiRead: return "siiReadAsync";
    }
    return "mailbox";
}

} // namespace

// ---------------------------------------------------------------------------------------
// Event notification: `ecat-evt` -> one coalesced call of `wake`

struct WakeContext {
    std::unique_ptr<EventNotifier> notifier;
    napi_threadsafe_function tsfn = nullptr;
    bool finalized = false; // JS thread only
    bool released = false;  // JS thread only
};

namespace {

bool WakeNotify(void *ctx)
{
    // `ecat-evt`: the function stays valid while this thread runs (see the file header).
    auto *w = static_cast<WakeContext *>(ctx);
    return napi_call_threadsafe_function(w->tsfn, nullptr, napi_tsfn_nonblocking) == napi_ok;
}

void WakeCallJs(napi_env env, napi_value js_cb, void *context, void *)
{
    // Without an environment the function is being finalized (teardown): the context may
    // already be gone, so touch nothing.
    if (!env || !js_cb)
        return;
    auto *w = static_cast<WakeContext *>(context);
    if (w->notifier)
        w->notifier->Delivered(); // allow the next notification before JS drains the ring
    napi_value undefined;
    napi_get_undefined(env, &undefined);
    napi_call_function(env, undefined, js_cb, 0, nullptr, nullptr); // a throw becomes uncaught
}

void WakeFinalize(napi_env, void *data, void *)
{
    auto *sp = static_cast<std::shared_ptr<WakeContext> *>(data);
    if ((*sp)->notifier)
        (*sp)->notifier->Stop();
    (*sp)->finalized = true;
    delete sp;
}

} // namespace

// ---------------------------------------------------------------------------------------
// Mailbox: `ecat-mbx` -> promise settlement on the JS thread

struct MailboxContext {
    std::unique_ptr<MailboxWorker> worker;
    napi_threadsafe_function tsfn = nullptr;
    bool finalized = false; // JS thread only
    bool released = false;  // JS thread only
    size_t pending = 0;     // promises not settled yet; JS thread only
    MasterWrap *owner = nullptr; // referenced (kept alive) while pending > 0
    std::string path;
};

namespace {

void MailboxDeliver(void *ctx, MailboxJob *job)
{
    // `ecat-mbx`: hand the finished job to the JS thread; if the function is closing
    // (environment teardown), nobody will settle the promise any more: drop the job.
    auto *m = static_cast<MailboxContext *>(ctx);
    if (napi_call_threadsafe_function(m->tsfn, job, napi_tsfn_nonblocking) != napi_ok)
        delete job;
}

void SettleDone(napi_env env, MailboxContext *m)
{
    if (m->pending && --m->pending == 0) {
        napi_unref_threadsafe_function(env, m->tsfn);
        m->owner->Unref();
    }
}

void MailboxCallJs(napi_env env, napi_value, void *context, void *data)
{
    std::unique_ptr<MailboxJob> job(static_cast<MailboxJob *>(data));
    if (!env || !job)
        return; // finalizing (teardown): the context may be gone; the job is dropped
    auto *m = static_cast<MailboxContext *>(context);
    Napi::Env e(env);
    auto deferred = static_cast<napi_deferred>(job->user);
    try {
        Napi::HandleScope scope(e);
        if (job->result < 0) {
            std::string request = std::string("EC_IOCTL_") + eca_requests[job->req].name;
            Napi::Error err = (job->kind == MailboxJob::kSdoUpload || job->kind == MailboxJob::kSdoDownload)
                                  ? SdoAbortError(e, job->result, job->abort_code, request, m->path, job->position,
                                                  job->index, job->subindex)
                                  : SysError(e, job->result, "ioctl", request, m->path);
            napi_reject_deferred(env, deferred, err.Value());
        } else if (job->kind == MailboxJob::kSdoDownload || job->kind == MailboxJob::kRegWrite) {
            napi_resolve_deferred(env, deferred, e.Undefined());
        } else {
            napi_resolve_deferred(env, deferred, Napi::Buffer<uint8_t>::Copy(e, job->data.data(), job->data.size()));
        }
    } catch (const Napi::Error &) {
        // Building the value failed (out of memory); the exception is pending in JS.
    }
    SettleDone(env, m);
}

void MailboxFinalize(napi_env, void *data, void *)
{
    auto *sp = static_cast<std::shared_ptr<MailboxContext> *>(data);
    if ((*sp)->worker)
        (*sp)->worker->Stop(); // cancelled jobs are destroyed; their promises cannot settle now
    (*sp)->finalized = true;
    delete sp;
}

} // namespace

// ---------------------------------------------------------------------------------------
// RuntimeBinding

RuntimeBinding::RuntimeBinding(MasterWrap *owner, Device *dev, const eca_abi *abi, const std::string &path)
    : owner_(owner), dev_(dev), abi_(abi), path_(path), app_(dev, abi)
{
}

RuntimeBinding::~RuntimeBinding()
{
    try {
        Shutdown(true);
    } catch (...) {
    }
}

void RuntimeBinding::StartEvents(Napi::Env env, Napi::Object shared, Napi::Function wake, int32_t *head)
{
    auto ctx = std::make_shared<WakeContext>();
    ctx->notifier = std::make_unique<EventNotifier>(head, &WakeNotify, ctx.get());
    auto *fin = new std::shared_ptr<WakeContext>(ctx);
    napi_value name = Napi::String::New(env, "ecat-evt");
    napi_status st = napi_create_threadsafe_function(env, wake, nullptr, name, 0, 1, fin, &WakeFinalize, ctx.get(),
                                                     &WakeCallJs, &ctx->tsfn);
    if (st != napi_ok) {
        delete fin;
        throw Napi::Error::New(env, "could not create the event notification function");
    }
    std::string error;
    if (!ctx->notifier->Start(&error)) {
        napi_release_threadsafe_function(ctx->tsfn, napi_tsfn_abort);
        ctx->released = true;
        throw Napi::Error::New(env, error);
    }
    wake_ = ctx;
    shared_ = Napi::Persistent(shared);
    if (!cycle_held_) {
        owner_->Ref(); // the cycle runs for this object: keep it from being collected
        cycle_held_ = true;
    }
}

void RuntimeBinding::StopCycle(Napi::Env, bool teardown)
{
    if (wake_) {
        wake_->notifier->Stop();
        if (!wake_->finalized && !wake_->released) {
            napi_release_threadsafe_function(wake_->tsfn, napi_tsfn_release);
            wake_->released = true;
        }
        wake_.reset(); // the finalizer keeps its own share until it ran
    }
    app_.StopCycle();
    // The cyclic thread is joined: nothing uses the shared memory any more.
    if (!shared_.IsEmpty())
        shared_.Reset();
    if (cycle_held_) {
        cycle_held_ = false;
        if (!teardown)
            owner_->Unref();
    }
}

Napi::Value RuntimeBinding::SubmitMailbox(Napi::Env env, const char *call, std::unique_ptr<MailboxJob> job)
{
    Status s = app_.CheckPhase(call, {Phase::kOpened, Phase::kReserved, Phase::kConfigured, Phase::kCycling});
    if (!s.ok()) {
        if (app_.phase() == Phase::kActive)
            s.message = std::string(call) +
                        "() is not allowed in phase 'active': after activate() the module completes mailbox "
                        "transfers only while the application cycles; call startCycle() first";
        throw ErrorOf(env, s, path_);
    }
    if (!mbx_) {
        auto ctx = std::make_shared<MailboxContext>();
        ctx->path = path_;
        ctx->owner = owner_;
        ctx->worker = std::make_unique<MailboxWorker>(dev_, abi_, kMailboxQueue, &MailboxDeliver, ctx.get());
        auto *fin = new std::shared_ptr<MailboxContext>(ctx);
        napi_value name = Napi::String::New(env, "ecat-mbx");
        napi_status st = napi_create_threadsafe_function(env, nullptr, nullptr, name, 0, 1, fin, &MailboxFinalize,
                                                         ctx.get(), &MailboxCallJs, &ctx->tsfn);
        if (st != napi_ok) {
            delete fin;
            throw Napi::Error::New(env, "could not create the mailbox completion function");
        }
        napi_unref_threadsafe_function(env, ctx->tsfn); // referenced only while promises are pending
        std::string error;
        if (!ctx->worker->Start(&error)) {
            napi_release_threadsafe_function(ctx->tsfn, napi_tsfn_abort);
            ctx->released = true;
            throw Napi::Error::New(env, error);
        }
        mbx_ = ctx;
    }
    napi_deferred deferred;
    napi_value promise;
    if (napi_create_promise(env, &deferred, &promise) != napi_ok)
        throw Napi::Error::New(env, "could not create a promise");
    job->user = deferred;
    MailboxWorker::Submitted r = mbx_->worker->Submit(job);
    if (r != MailboxWorker::kQueued) {
        Napi::Error e = EcatError(env, "QUEUE_FULL",
                                  std::string(call) + "(): the mailbox queue is full (" +
                                      std::to_string(mbx_->worker->Capacity()) +
                                      " requests waiting); wait for some to settle",
                                  path_);
        e.Set("errno", Napi::Number::New(env, EAGAIN));
        napi_reject_deferred(env, deferred, e.Value());
        return Napi::Value(env, promise);
    }
    if (mbx_->pending++ == 0) {
        napi_ref_threadsafe_function(env, mbx_->tsfn);
        owner_->Ref();
    }
    return Napi::Value(env, promise);
}

void RuntimeBinding::StopMailbox(Napi::Env env, bool teardown, const char *reason)
{
    if (!mbx_)
        return;
    std::shared_ptr<MailboxContext> m = mbx_;
    mbx_.reset();
    std::vector<std::unique_ptr<MailboxJob>> cancelled = m->worker->Stop();
    for (std::unique_ptr<MailboxJob> &job : cancelled) {
        if (teardown)
            continue; // no JS may run; the promises are dropped with their environment
        Napi::HandleScope scope(env);
        const char *call = CallName(job->kind);
        Napi::Error e = EcatError(env, "WRONG_PHASE",
                                  std::string(call) + "() was cancelled before it ran: " + reason, path_);
        e.Set("call", Napi::String::New(env, call));
        e.Set("phase", Napi::String::New(env, PhaseName(app_.phase())));
        napi_reject_deferred(env, static_cast<napi_deferred>(job->user), e.Value());
        SettleDone(env, m.get());
    }
    if (!m->finalized && !m->released) {
        // Completions still queued in the function are delivered before it finalizes.
        napi_release_threadsafe_function(m->tsfn, napi_tsfn_release);
        m->released = true;
    }
}

void RuntimeBinding::Shutdown(bool teardown)
{
    Napi::Env env(nullptr);
    if (!teardown)
        env = owner_->Env();
    // Mailbox first: after activation its request completes only while the cycle runs.
    StopMailbox(env, teardown, "the master was closed");
    StopCycle(env, teardown);
    app_.Close(); // DEACTIVATE; the owner closes the device next
}

// ---------------------------------------------------------------------------------------
// NativeMaster methods

RuntimeBinding &MasterWrap::Rt(const Napi::Env &env)
{
    if (!rt_) {
        Napi::Error e = EcatError(env, "WRONG_PHASE", "the master is closed", path_);
        e.Set("phase", Napi::String::New(env, "closed"));
        throw e;
    }
    return *rt_;
}

Napi::Value MasterWrap::AppPhase(const Napi::CallbackInfo &info)
{
    return Napi::String::New(info.Env(), rt_ ? PhaseName(rt_->App().phase()) : "closed");
}

Napi::Value MasterWrap::AppRequest(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    ThrowIf(env, Rt(env).App().Request(), path_);
    return env.Undefined();
}

Napi::Value MasterWrap::AppConfigure(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    RuntimeBinding &rt = Rt(env);
    ThrowIf(env, rt.App().CheckPhase("configure", {Phase::kReserved}), path_);
    Reader reader(env, path_);
    Plan plan = ReadPlan(reader, info.Length() > 0 ? info[0] : env.Undefined());
    Layout layout;
    ThrowIf(env, rt.App().Configure(plan, &layout), path_);
    Napi::Object o = Napi::Object::New(env);
    o.Set("configIndices", U32Array(env, layout.config_indices));
    o.Set("domainIndices", U32Array(env, layout.domain_indices));
    Napi::Array vars = Napi::Array::New(env, layout.variables.size());
    for (uint32_t i = 0; i < layout.variables.size(); i++) {
        Napi::Object v = Napi::Object::New(env);
        v.Set("domain", Num(env, layout.variables[i].domain));
        v.Set("offset", Num(env, layout.variables[i].offset));
        v.Set("bitPosition", Num(env, layout.variables[i].bit_position));
        vars.Set(i, v);
    }
    o.Set("variables", vars);
    o.Set("domainSizes", U32Array(env, layout.domain_sizes));
    return o;
}

Napi::Value MasterWrap::AppActivate(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    RuntimeBinding &rt = Rt(env);
    ThrowIf(env, rt.App().CheckPhase("activate", {Phase::kConfigured}), path_);
    // After ACTIVATE a blocking mailbox request would wait for a cycle that has not started.
    rt.StopMailbox(env, false, "activate() was called");
    Activation a;
    ThrowIf(env, rt.App().Activate(&a), path_);
    Napi::Object o = Napi::Object::New(env);
    o.Set("processDataSize", Num(env, static_cast<double>(a.process_data_size)));
    Napi::Array domains = Napi::Array::New(env, a.domains.size());
    for (uint32_t i = 0; i < a.domains.size(); i++) {
        Napi::Object d = Napi::Object::New(env);
        d.Set("index", Num(env, a.domains[i].index));
        d.Set("offset", Num(env, a.domains[i].offset));
        d.Set("size", Num(env, a.domains[i].size));
        domains.Set(i, d);
    }
    o.Set("domains", domains);
    o.Set("outputRanges", Ranges(env, a.output_ranges));
    o.Set("inputRanges", Ranges(env, a.input_ranges));
    o.Set("sharedSize", Num(env, static_cast<double>(a.shared_size)));
    o.Set("eventCapacity", Num(env, a.event_capacity));
    return o;
}

Napi::Value MasterWrap::AppStartCycle(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    RuntimeBinding &rt = Rt(env);
    ThrowIf(env, rt.App().CheckPhase("startCycle", {Phase::kActive}), path_);
    Reader reader(env, path_);
    CycleOptions options = ReadCycleOptions(reader, info.Length() > 0 ? info[0] : env.Undefined());

    // The shared image: a SharedArrayBuffer (checked by its tag, which works across realms,
    // and by viewing it: a look-alike object yields a view over some other buffer).
    Napi::Value sv = info.Length() > 1 ? info[1] : env.Undefined();
    bool is_sab = false;
    if (sv.IsObject() && !sv.IsArrayBuffer()) {
        Napi::Object object_proto = env.Global().Get("Object").As<Napi::Object>().Get("prototype").As<Napi::Object>();
        Napi::Function to_string = object_proto.Get("toString").As<Napi::Function>();
        is_sab = to_string.Call(sv, {}).As<Napi::String>().Utf8Value() == "[object SharedArrayBuffer]";
    }
    if (!is_sab)
        throw FieldError(env, "shared", "shared must be a SharedArrayBuffer", path_);
    Napi::Function u8 = env.Global().Get("Uint8Array").As<Napi::Function>();
    Napi::Uint8Array view = u8.New({sv}).As<Napi::Uint8Array>();
    if (!view.Get("buffer").StrictEquals(sv))
        throw FieldError(env, "shared", "shared must be a SharedArrayBuffer", path_);
    if (info.Length() < 3 || !info[2].IsFunction())
        throw FieldError(env, "wake", "wake must be a function", path_);

    CycleStartInfo started;
    ThrowIf(env, rt.App().StartCycle(options, view.Data(), view.ByteLength(), &started), path_);
    try {
        rt.StartEvents(env, sv.As<Napi::Object>(), info[2].As<Napi::Function>(),
                       shm::I32(view.Data(), shm::kOffEventHead));
    } catch (...) {
        rt.StopCycle(env, false);
        throw;
    }
    Napi::Object o = Napi::Object::New(env);
    Napi::Object g = Napi::Object::New(env);
    g.Set("schedFifo", Napi::Boolean::New(env, started.granted & shm::kGrantSchedFifo));
    g.Set("affinity", Napi::Boolean::New(env, started.granted & shm::kGrantAffinity));
    g.Set("mlockall", Napi::Boolean::New(env, started.granted & shm::kGrantMlockall));
    o.Set("granted", g);
    Napi::Array w = Napi::Array::New(env, started.warnings.size());
    for (uint32_t i = 0; i < started.warnings.size(); i++)
        w.Set(i, Napi::String::New(env, started.warnings[i]));
    o.Set("warnings", w);
    return o;
}

Napi::Value MasterWrap::AppStopCycle(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    if (!rt_)
        return env.Undefined(); // idempotent, also after close()
    if (rt_->App().phase() == Phase::kCycling)
        rt_->StopMailbox(env, false, "stopCycle() was called");
    rt_->StopCycle(env, false);
    return env.Undefined();
}

Napi::Value MasterWrap::AppDeactivate(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    ThrowIf(env, Rt(env).App().Deactivate(), path_);
    return env.Undefined();
}

Napi::Value MasterWrap::AppConfigState(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    RuntimeBinding &rt = Rt(env);
    unsigned index = U32Arg(info, 0, "configIndex", 0xffffffffu);
    ConfigStateInfo s;
    ThrowIf(env, rt.App().ConfigState(index, &s), path_);
    Napi::Object o = Napi::Object::New(env);
    o.Set("online", Napi::Boolean::New(env, s.online));
    o.Set("operational", Napi::Boolean::New(env, s.operational));
    o.Set("alState", Num(env, s.al_state));
    return o;
}

Napi::Value MasterWrap::AppReadProcessData(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    std::vector<uint8_t> data;
    ThrowIf(env, Rt(env).App().ReadProcessData(&data), path_);
    return Napi::Buffer<uint8_t>::Copy(env, data.data(), data.size());
}

Napi::Value MasterWrap::AppSdoUploadAsync(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    RuntimeBinding &rt = Rt(env);
    unsigned pos = U16Arg(info, 0, "position");
    unsigned index = U16Arg(info, 1, "index");
    unsigned sub = U32Arg(info, 2, "subindex", 255);
    unsigned max = U32Arg(info, 3, "maxSize", kMaxTransfer);
    return rt.SubmitMailbox(env, "sdoUploadAsync", MakeSdoUploadJob(pos, index, sub, max));
}

Napi::Value MasterWrap::AppSdoDownloadAsync(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    RuntimeBinding &rt = Rt(env);
    unsigned pos = U16Arg(info, 0, "position");
    unsigned index = U16Arg(info, 1, "index");
    unsigned sub = U32Arg(info, 2, "subindex", 255);
    std::vector<uint8_t> data = BytesArg(info, 3, "data", kMaxTransfer);
    bool complete = BoolArg(info, 4, "completeAccess");
    return rt.SubmitMailbox(env, "sdoDownloadAsync", MakeSdoDownloadJob(pos, index, sub, std::move(data), complete));
}

Napi::Value MasterWrap::AppRegReadAsync(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    RuntimeBinding &rt = Rt(env);
    unsigned pos = U16Arg(info, 0, "position");
    unsigned address = U16Arg(info, 1, "address");
    unsigned size = U32Arg(info, 2, "size", 0x10000);
    return rt.SubmitMailbox(env, "regReadAsync", MakeRegReadJob(pos, address, size));
}

Napi::Value MasterWrap::AppRegWriteAsync(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    RuntimeBinding &rt = Rt(env);
    unsigned pos = U16Arg(info, 0, "position");
    unsigned address = U16Arg(info, 1, "address");
    std::vector<uint8_t> data = BytesArg(info, 2, "data", 0x10000);
    return rt.SubmitMailbox(env, "regWriteAsync", MakeRegWriteJob(pos, address, std::move(data)));
}

Napi::Value MasterWrap::AppSiiReadAsync(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    RuntimeBinding &rt = Rt(env);
    unsigned pos = U16Arg(info, 0, "position");
    unsigned offset = U16Arg(info, 1, "offset");
    unsigned nwords = U32Arg(info, 2, "nwords", kMaxTransfer / 2);
    return rt.SubmitMailbox(env, "siiReadAsync", MakeSiiReadJob(pos, offset, nwords));
}

Napi::Value MasterWrap::SimFault(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    Rt(env);
    struct vbus *vb = device_ ? device_->Sim() : nullptr;
    if (!vb)
        throw EcatError(env, "INVALID_ARGUMENT", "simFault() needs the virtual master; this is a kernel device", path_);
    Reader r(env, path_);
    const std::string root = "fault";
    Napi::Object f = r.Obj(info.Length() > 0 ? info[0] : env.Undefined(), root);
    std::string kind = r.Str(f, "kind", root);
    auto slave = [&]() -> uint16_t {
        int64_t v = r.Int(f, "slave", root);
        if (v < 0 || v > 0xffff)
            r.Fail(root + ".slave", "must be an integer in 0..65535");
        return static_cast<uint16_t>(v);
    };
    int res;
    if (kind == "al-error") {
        uint16_t s = slave();
        int64_t state = r.Int(f, "alState", root);
        int64_t code = r.Int(f, "code", root);
        if (state < 1 || state > 8)
            r.Fail(root + ".alState", "must be an AL state 1, 2, 3, 4 or 8");
        if (code < 0 || code > 0xffff)
            r.Fail(root + ".code", "must be an integer in 0..65535");
        res = vbus_fault_al_error(vb, s, static_cast<uint8_t>(state), static_cast<uint16_t>(code));
    } else if (kind == "slave-lost") {
        uint16_t s = slave();
        res = vbus_fault_slave_lost(vb, s, r.Bool(f, "lost", root, true) ? 1 : 0);
    } else if (kind == "link") {
        res = vbus_fault_link(vb, r.Bool(f, "up", root, false) ? 1 : 0);
    } else if (kind == "wkc-drop") {
        uint16_t s = slave();
        res = vbus_fault_wkc_drop(vb, s, r.Bool(f, "drop", root, true) ? 1 : 0);
    } else if (kind == "sdo-abort") {
        uint16_t s = slave();
        int64_t index = r.Int(f, "index", root);
        int64_t sub = r.Int(f, "subindex", root);
        int64_t code = r.Int(f, "code", root);
        if (index < 0 || index > 0xffff)
            r.Fail(root + ".index", "must be an integer in 0..65535");
        if (sub < 0 || sub > 0xff)
            r.Fail(root + ".subindex", "must be an integer in 0..255");
        if (code < 0 || code > 0xffffffffLL)
            r.Fail(root + ".code", "must be an integer in 0..4294967295");
        res = vbus_fault_sdo_abort(vb, s, static_cast<uint16_t>(index), static_cast<uint8_t>(sub),
                                   static_cast<uint32_t>(code));
    } else {
        r.Fail(root + ".kind", "must be 'al-error', 'slave-lost', 'link', 'wkc-drop' or 'sdo-abort' (got '" + kind + "')");
    }
    if (res == -EINVAL)
        r.Fail(root + ".slave", "names no slave of the virtual bus");
    if (res < 0)
        throw SysError(env, res, "ioctl", "", path_);
    return env.Undefined();
}

// ---------------------------------------------------------------------------------------
// exports.sharedLayout

void InitRuntimeExports(Napi::Env env, Napi::Object exports)
{
    Napi::Object l = Napi::Object::New(env);
    l.Set("magic", Num(env, shm::kMagic));
    l.Set("version", Num(env, shm::kVersion));
    Napi::Object off = Napi::Object::New(env);
    const struct {
        const char *name;
        size_t value;
    } offsets[] = {
        {"magic", shm::kOffMagic},
        {"version", shm::kOffVersion},
        {"imageSize", shm::kOffImageSize},
        {"eventCapacity", shm::kOffEventCapacity},
        {"runState", shm::kOffRunState},
        {"inputMiddle", shm::kOffInputMiddle},
        {"outputMiddle", shm::kOffOutputMiddle},
        {"heartbeat", shm::kOffHeartbeat},
        {"watchdogTripped", shm::kOffWatchdogTripped},
        {"eventHead", shm::kOffEventHead},
        {"eventTail", shm::kOffEventTail},
        {"eventsDropped", shm::kOffEventsDropped},
        {"grants", shm::kOffGrants},
        {"reserved", shm::kOffReserved},
        {"cycles", shm::kOffCycles},
        {"overruns", shm::kOffOverruns},
        {"lastPeriod", shm::kOffLastPeriod},
        {"minPeriod", shm::kOffMinPeriod},
        {"maxPeriod", shm::kOffMaxPeriod},
        {"lastExec", shm::kOffLastExec},
        {"maxExec", shm::kOffMaxExec},
        {"lastLatency", shm::kOffLastLatency},
        {"maxLatency", shm::kOffMaxLatency},
        {"histogram", shm::kOffHistogram},
        {"domainStates", shm::kOffDomainStates},
        {"configStates", shm::kOffConfigStates},
        {"buffers", shm::kOffBuffers},
    };
    for (const auto &o : offsets)
        off.Set(o.name, Num(env, static_cast<double>(o.value)));
    l.Set("offsets", off);
    l.Set("histogramBuckets", Num(env, shm::kHistogramBuckets));
    l.Set("maxDomains", Num(env, shm::kMaxDomains));
    l.Set("domainStateSize", Num(env, shm::kDomainStateSize));
    l.Set("maxConfigs", Num(env, shm::kMaxConfigs));
    l.Set("bufferAlign", Num(env, 8));
    l.Set("eventSize", Num(env, shm::kEventSize));
    l.Set("eventIndexMask", Num(env, shm::kEventIndexMask));
    l.Set("defaultEventCapacity", Num(env, shm::kDefaultEventCapacity));
    l.Set("fresh", Num(env, shm::kFresh));
    Napi::Object ev = Napi::Object::New(env);
    ev.Set("type", Num(env, shm::kEvOffType));
    ev.Set("flags", Num(env, shm::kEvOffFlags));
    ev.Set("cycle", Num(env, shm::kEvOffCycle));
    ev.Set("time", Num(env, shm::kEvOffTime));
    ev.Set("a", Num(env, shm::kEvOffA));
    ev.Set("b", Num(env, shm::kEvOffB));
    ev.Set("c", Num(env, shm::kEvOffC));
    ev.Set("d", Num(env, shm::kEvOffD));
    l.Set("eventFields", ev);
    Napi::Object types = Napi::Object::New(env);
    types.Set("alState", Num(env, shm::kEvAlState));
    types.Set("wkc", Num(env, shm::kEvWkc));
    types.Set("overrun", Num(env, shm::kEvOverrun));
    types.Set("masterState", Num(env, shm::kEvMasterState));
    types.Set("watchdog", Num(env, shm::kEvWatchdog));
    types.Set("cycleError", Num(env, shm::kEvCycleError));
    types.Set("offline", Num(env, shm::kEvOffline));
    types.Set("online", Num(env, shm::kEvOnline));
    l.Set("eventTypes", types);
    Napi::Object run = Napi::Object::New(env);
    run.Set("stopped", Num(env, shm::kRunStopped));
    run.Set("running", Num(env, shm::kRunRunning));
    run.Set("stopRequested", Num(env, shm::kRunStopRequested));
    run.Set("failed", Num(env, shm::kRunFailed));
    l.Set("runStates", run);
    Napi::Object grants = Napi::Object::New(env);
    grants.Set("schedFifo", Num(env, shm::kGrantSchedFifo));
    grants.Set("affinity", Num(env, shm::kGrantAffinity));
    grants.Set("mlockall", Num(env, shm::kGrantMlockall));
    l.Set("grantBits", grants);
    Napi::Object cs = Napi::Object::New(env);
    cs.Set("online", Num(env, shm::kConfigOnline));
    cs.Set("operational", Num(env, shm::kConfigOperational));
    cs.Set("alShift", Num(env, shm::kConfigAlShift));
    l.Set("configStateBits", cs);
    exports.Set("sharedLayout", l);
}

} // namespace ecat
