// SPDX-License-Identifier: MIT
// NativeMaster methods: each builds one IgH request from the detected ABI's tables, issues it
// on the Device and converts the reply into the plain objects of src/binding/native.ts.
#include "master_wrap.h"

#include <cerrno>
#include <cstdio>
#include <string>

#include "addon/addon_data.h"
#include "addon/args.h"
#include "addon/errors.h"
#include "addon/runtime_wrap.h"
#include "igh/request.h"

namespace ecat {

namespace {

// Largest transfer a single inspection call may ask for (SDO upload buffer, register range,
// SII range, domain data). Keeps a typo from allocating gigabytes.
constexpr uint32_t kMaxTransfer = 1u << 20;

Napi::Value Bool(Napi::Env env, uint64_t v) { return Napi::Boolean::New(env, v != 0); }
Napi::Value Num(Napi::Env env, uint64_t v) { return Napi::Number::New(env, static_cast<double>(v)); }
Napi::Value SNum(Napi::Env env, int64_t v) { return Napi::Number::New(env, static_cast<double>(v)); }

std::string Mac(const uint8_t *p)
{
    char s[18];
    std::snprintf(s, sizeof s, "%02x:%02x:%02x:%02x:%02x:%02x", p[0], p[1], p[2], p[3], p[4], p[5]);
    return s;
}

Napi::Array Rates(Napi::Env env, const Request &r, unsigned field, unsigned pi = 0)
{
    Napi::Array a = Napi::Array::New(env);
    const eca_layout *l = r.Layout();
    unsigned count = (field < l->field_count) ? l->fields[field].count : 0;
    for (unsigned i = 0; i < count; i++)
        a.Set(i, SNum(env, r.GetSigned(field, pi, i)));
    return a;
}

} // namespace

Napi::Function MasterWrap::Define(Napi::Env env)
{
    return DefineClass(env, "NativeMaster",
                       {
                           InstanceMethod<&MasterWrap::Module>("module"),
                           InstanceMethod<&MasterWrap::Master>("master"),
                           InstanceMethod<&MasterWrap::MasterState>("masterState"),
                           InstanceMethod<&MasterWrap::Slave>("slave"),
                           InstanceMethod<&MasterWrap::SlaveSync>("slaveSync"),
                           InstanceMethod<&MasterWrap::SlaveSyncPdo>("slaveSyncPdo"),
                           InstanceMethod<&MasterWrap::SlaveSyncPdoEntry>("slaveSyncPdoEntry"),
                           InstanceMethod<&MasterWrap::SlaveSdo>("slaveSdo"),
                           InstanceMethod<&MasterWrap::SlaveSdoEntry>("slaveSdoEntry"),
                           InstanceMethod<&MasterWrap::SdoUpload>("sdoUpload"),
                           InstanceMethod<&MasterWrap::SdoDownload>("sdoDownload"),
                           InstanceMethod<&MasterWrap::SlaveState>("slaveState"),
                           InstanceMethod<&MasterWrap::RegRead>("regRead"),
                           InstanceMethod<&MasterWrap::RegWrite>("regWrite"),
                           InstanceMethod<&MasterWrap::SiiRead>("siiRead"),
                           InstanceMethod<&MasterWrap::SiiWrite>("siiWrite"),
                           InstanceMethod<&MasterWrap::Rescan>("rescan"),
                           InstanceMethod<&MasterWrap::SetDebugLevel>("setDebugLevel"),
                           InstanceMethod<&MasterWrap::Config>("config"),
                           InstanceMethod<&MasterWrap::ConfigPdo>("configPdo"),
                           InstanceMethod<&MasterWrap::ConfigPdoEntry>("configPdoEntry"),
                           InstanceMethod<&MasterWrap::ConfigSdo>("configSdo"),
                           InstanceMethod<&MasterWrap::Domain>("domain"),
                           InstanceMethod<&MasterWrap::DomainFmmu>("domainFmmu"),
                           InstanceMethod<&MasterWrap::DomainData>("domainData"),
                           InstanceMethod<&MasterWrap::SimState>("simState"),
                           InstanceMethod<&MasterWrap::Close>("close"),
                           // NativeApplication (docs/runtime.md)
                           InstanceMethod<&MasterWrap::AppRequest>("request"),
                           InstanceMethod<&MasterWrap::AppConfigure>("configure"),
                           InstanceMethod<&MasterWrap::AppActivate>("activate"),
                           InstanceMethod<&MasterWrap::AppStartCycle>("startCycle"),
                           InstanceMethod<&MasterWrap::AppStopCycle>("stopCycle"),
                           InstanceMethod<&MasterWrap::AppDeactivate>("deactivate"),
                           InstanceMethod<&MasterWrap::AppConfigState>("configState"),
                           InstanceMethod<&MasterWrap::AppReadProcessData>("readProcessData"),
                           InstanceMethod<&MasterWrap::AppSdoUploadAsync>("sdoUploadAsync"),
                           InstanceMethod<&MasterWrap::AppSdoDownloadAsync>("sdoDownloadAsync"),
                           InstanceMethod<&MasterWrap::AppRegReadAsync>("regReadAsync"),
                           InstanceMethod<&MasterWrap::AppRegWriteAsync>("regWriteAsync"),
                           InstanceMethod<&MasterWrap::AppSiiReadAsync>("siiReadAsync"),
                           InstanceMethod<&MasterWrap::AppPhase>("phase"),
                           // NativeSimControl
                           InstanceMethod<&MasterWrap::SimFault>("simFault"),
                       });
}

MasterWrap::MasterWrap(const Napi::CallbackInfo &info) : Napi::ObjectWrap<MasterWrap>(info) {}

MasterWrap::~MasterWrap()
{
    // A finalizer: the object was collected (it holds a reference to itself while threads
    // run, so nothing runs now) or the environment is being torn down. Nothing may throw
    // out of a destructor; a failing N-API call during teardown has nobody to report to.
    try {
        Shutdown(true);
    } catch (...) {
    }
    if (data_)
        data_->masters.erase(this);
}

void MasterWrap::Shutdown(bool teardown)
{
    // Whatever happens in the runtime's shutdown, its destructor (which stops every thread)
    // runs before the device closes.
    struct Finish {
        MasterWrap *self;
        ~Finish()
        {
            self->rt_.reset();
            self->device_.reset(); // closes the fd / the virtual master's file; IgH releases the master
        }
    } finish{this};
    if (rt_)
        rt_->Shutdown(teardown);
}

Napi::Object MasterWrap::Create(Napi::Env env, std::unique_ptr<Device> device, const Detection &detection)
{
    AddonData *data = env.GetInstanceData<AddonData>();
    Napi::Object obj = data->master_ctor.New({});
    MasterWrap *self = Unwrap(obj);
    self->path_ = device->Path();
    self->abi_ = detection.abi;
    obj.Set("kind", Napi::String::New(env, device->Kind()));
    obj.Set("path", Napi::String::New(env, device->Path()));
    obj.Set("writable", Napi::Boolean::New(env, device->Writable()));

    Napi::Object det = Napi::Object::New(env);
    det.Set("magic", Num(env, detection.magic));
    Napi::Object abi = Napi::Object::New(env);
    abi.Set("id", Napi::String::New(env, detection.abi->id));
    abi.Set("description", Napi::String::New(env, detection.abi->description));
    abi.Set("magic", Num(env, detection.abi->magic));
    abi.Set("devices", Num(env, detection.abi->devices));
    det.Set("abi", abi);
    Napi::Array probes = Napi::Array::New(env);
    for (size_t i = 0; i < detection.probes.size(); i++) {
        const Probe &p = detection.probes[i];
        Napi::Object o = Napi::Object::New(env);
        o.Set("abi", Napi::String::New(env, p.abi));
        o.Set("request", Napi::String::New(env, p.request));
        o.Set("code", Num(env, p.code));
        std::string result = "ok";
        if (p.result < 0) {
            char e[32];
            std::snprintf(e, sizeof e, "errno %ld", -p.result);
            result = p.result == -ENOTTY ? "ENOTTY" : e;
        }
        o.Set("result", Napi::String::New(env, result));
        probes.Set(static_cast<uint32_t>(i), o);
    }
    det.Set("probes", probes);
    obj.Set("detection", det);
    self->device_ = std::move(device);
    self->rt_ = std::make_unique<RuntimeBinding>(self, self->device_.get(), detection.abi, self->path_);
    self->data_ = data;
    data->masters.insert(self);
    return obj;
}

Device &MasterWrap::Dev(const Napi::Env &env)
{
    if (!device_)
        throw EcatError(env, "INVALID_ARGUMENT", "the master is closed", path_);
    return *device_;
}

// Issue `r` (pointer argument) or throw the syscall error naming the request.
static void CallOrThrow(Napi::Env env, Request &r, Device &dev, const std::string &path)
{
    long res = r.Call(dev);
    if (res < 0)
        throw SysError(env, res, "ioctl", r.FullName(), path);
}

// Issue a by-value or argument-less `r` or throw, as CallOrThrow.
static void CallValueOrThrow(Napi::Env env, Request &r, Device &dev, unsigned long value, const std::string &path)
{
    long res = r.CallValue(dev, value);
    if (res < 0)
        throw SysError(env, res, "ioctl", r.FullName(), path);
}

Napi::Value MasterWrap::Module(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    Request r(Abi(), ECA_REQ_MODULE);
    CallOrThrow(env, r, Dev(env), path_);
    Napi::Object o = Napi::Object::New(env);
    o.Set("magic", Num(env, r.Get(ECA_MODULE_F_IOCTL_VERSION_MAGIC)));
    o.Set("masterCount", Num(env, r.Get(ECA_MODULE_F_MASTER_COUNT)));
    return o;
}

Napi::Value MasterWrap::Master(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    Request r(Abi(), ECA_REQ_MASTER);
    CallOrThrow(env, r, Dev(env), path_);
    Napi::Object o = Napi::Object::New(env);
    o.Set("slaveCount", Num(env, r.Get(ECA_MASTER_F_SLAVE_COUNT)));
    o.Set("scanIndex", r.Has(ECA_MASTER_F_SCAN_INDEX) ? Num(env, r.Get(ECA_MASTER_F_SCAN_INDEX)) : env.Null());
    o.Set("configCount", Num(env, r.Get(ECA_MASTER_F_CONFIG_COUNT)));
    o.Set("domainCount", Num(env, r.Get(ECA_MASTER_F_DOMAIN_COUNT)));
    o.Set("eoeHandlerCount", Num(env, r.Get(ECA_MASTER_F_EOE_HANDLER_COUNT)));
    o.Set("phase", Num(env, r.Get(ECA_MASTER_F_PHASE)));
    o.Set("active", Bool(env, r.Get(ECA_MASTER_F_ACTIVE)));
    o.Set("scanBusy", Bool(env, r.Get(ECA_MASTER_F_SCAN_BUSY)));
    // num_devices is what the module uses; the layout bounds it.
    const eca_layout *l = r.Layout();
    unsigned max_devices = l->fields[ECA_MASTER_F_DEVICES].count;
    unsigned n = static_cast<unsigned>(r.Get(ECA_MASTER_F_NUM_DEVICES));
    if (n > max_devices)
        n = max_devices;
    Napi::Array devices = Napi::Array::New(env);
    for (unsigned d = 0; d < n; d++) {
        Napi::Object dev = Napi::Object::New(env);
        dev.Set("mac", Napi::String::New(env, Mac(r.Bytes(ECA_MASTER_F_DEVICES_ADDRESS, d))));
        dev.Set("attached", Bool(env, r.Get(ECA_MASTER_F_DEVICES_ATTACHED, d)));
        dev.Set("linkUp", Bool(env, r.Get(ECA_MASTER_F_DEVICES_LINK_STATE, d)));
        dev.Set("txCount", Num(env, r.Get(ECA_MASTER_F_DEVICES_TX_COUNT, d)));
        dev.Set("rxCount", Num(env, r.Get(ECA_MASTER_F_DEVICES_RX_COUNT, d)));
        dev.Set("txBytes", Num(env, r.Get(ECA_MASTER_F_DEVICES_TX_BYTES, d)));
        dev.Set("rxBytes", Num(env, r.Get(ECA_MASTER_F_DEVICES_RX_BYTES, d)));
        dev.Set("txErrors", Num(env, r.Get(ECA_MASTER_F_DEVICES_TX_ERRORS, d)));
        dev.Set("txFrameRates", Rates(env, r, ECA_MASTER_F_DEVICES_TX_FRAME_RATES, d));
        dev.Set("rxFrameRates", Rates(env, r, ECA_MASTER_F_DEVICES_RX_FRAME_RATES, d));
        dev.Set("txByteRates", Rates(env, r, ECA_MASTER_F_DEVICES_TX_BYTE_RATES, d));
        dev.Set("rxByteRates", Rates(env, r, ECA_MASTER_F_DEVICES_RX_BYTE_RATES, d));
        devices.Set(d, dev);
    }
    o.Set("devices", devices);
    o.Set("txCount", Num(env, r.Get(ECA_MASTER_F_TX_COUNT)));
    o.Set("rxCount", Num(env, r.Get(ECA_MASTER_F_RX_COUNT)));
    o.Set("txBytes", Num(env, r.Get(ECA_MASTER_F_TX_BYTES)));
    o.Set("rxBytes", Num(env, r.Get(ECA_MASTER_F_RX_BYTES)));
    o.Set("txFrameRates", Rates(env, r, ECA_MASTER_F_TX_FRAME_RATES));
    o.Set("rxFrameRates", Rates(env, r, ECA_MASTER_F_RX_FRAME_RATES));
    o.Set("txByteRates", Rates(env, r, ECA_MASTER_F_TX_BYTE_RATES));
    o.Set("rxByteRates", Rates(env, r, ECA_MASTER_F_RX_BYTE_RATES));
    o.Set("lossRates", Rates(env, r, ECA_MASTER_F_LOSS_RATES));
    o.Set("appTime", Napi::BigInt::New(env, r.Get(ECA_MASTER_F_APP_TIME)));
    o.Set("dcRefTime",
          r.Has(ECA_MASTER_F_DC_REF_TIME) ? Napi::Value(Napi::BigInt::New(env, r.Get(ECA_MASTER_F_DC_REF_TIME)))
                                          : env.Null());
    o.Set("refClock", Num(env, r.Get(ECA_MASTER_F_REF_CLOCK)));
    return o;
}

Napi::Value MasterWrap::MasterState(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    Request r(Abi(), ECA_REQ_MASTER_STATE);
    CallOrThrow(env, r, Dev(env), path_);
    Napi::Object o = Napi::Object::New(env);
    o.Set("slavesResponding", Num(env, r.Get(ECA_MASTER_STATE_DATA_F_SLAVES_RESPONDING)));
    o.Set("alStates", Num(env, r.Get(ECA_MASTER_STATE_DATA_F_AL_STATES)));
    o.Set("linkUp", Bool(env, r.Get(ECA_MASTER_STATE_DATA_F_LINK_UP)));
    return o;
}

Napi::Value MasterWrap::Slave(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned pos = U16Arg(info, 0, "position");
    Request r(Abi(), ECA_REQ_SLAVE);
    r.Set(ECA_SLAVE_F_POSITION, pos);
    CallOrThrow(env, r, Dev(env), path_);
    Napi::Object o = Napi::Object::New(env);
    o.Set("position", Num(env, r.Get(ECA_SLAVE_F_POSITION)));
    o.Set("deviceIndex", Num(env, r.Get(ECA_SLAVE_F_DEVICE_INDEX)));
    o.Set("vendorId", Num(env, r.Get(ECA_SLAVE_F_VENDOR_ID)));
    o.Set("productCode", Num(env, r.Get(ECA_SLAVE_F_PRODUCT_CODE)));
    o.Set("revisionNumber", Num(env, r.Get(ECA_SLAVE_F_REVISION_NUMBER)));
    o.Set("serialNumber", Num(env, r.Get(ECA_SLAVE_F_SERIAL_NUMBER)));
    o.Set("alias", Num(env, r.Get(ECA_SLAVE_F_ALIAS)));
    o.Set("bootRxMailboxOffset", Num(env, r.Get(ECA_SLAVE_F_BOOT_RX_MAILBOX_OFFSET)));
    o.Set("bootRxMailboxSize", Num(env, r.Get(ECA_SLAVE_F_BOOT_RX_MAILBOX_SIZE)));
    o.Set("bootTxMailboxOffset", Num(env, r.Get(ECA_SLAVE_F_BOOT_TX_MAILBOX_OFFSET)));
    o.Set("bootTxMailboxSize", Num(env, r.Get(ECA_SLAVE_F_BOOT_TX_MAILBOX_SIZE)));
    o.Set("stdRxMailboxOffset", Num(env, r.Get(ECA_SLAVE_F_STD_RX_MAILBOX_OFFSET)));
    o.Set("stdRxMailboxSize", Num(env, r.Get(ECA_SLAVE_F_STD_RX_MAILBOX_SIZE)));
    o.Set("stdTxMailboxOffset", Num(env, r.Get(ECA_SLAVE_F_STD_TX_MAILBOX_OFFSET)));
    o.Set("stdTxMailboxSize", Num(env, r.Get(ECA_SLAVE_F_STD_TX_MAILBOX_SIZE)));
    o.Set("mailboxProtocols", Num(env, r.Get(ECA_SLAVE_F_MAILBOX_PROTOCOLS)));
    o.Set("hasGeneralCategory", Bool(env, r.Get(ECA_SLAVE_F_HAS_GENERAL_CATEGORY)));

    // coe_details and general_flags are one-byte bit-field structs with layouts of their own.
    const eca_layout *cl = Abi()->layouts[ECA_ST_COE_DETAILS];
    const uint8_t *coe = r.Bytes(ECA_SLAVE_F_COE_DETAILS);
    Napi::Object coeo = Napi::Object::New(env);
    if (coe && cl) {
        coeo.Set("enableSdo", Bool(env, eca_get(coe, cl, ECA_COE_DETAILS_F_ENABLE_SDO, 0, 0)));
        coeo.Set("enableSdoInfo", Bool(env, eca_get(coe, cl, ECA_COE_DETAILS_F_ENABLE_SDO_INFO, 0, 0)));
        coeo.Set("enablePdoAssign", Bool(env, eca_get(coe, cl, ECA_COE_DETAILS_F_ENABLE_PDO_ASSIGN, 0, 0)));
        coeo.Set("enablePdoConfiguration",
                 Bool(env, eca_get(coe, cl, ECA_COE_DETAILS_F_ENABLE_PDO_CONFIGURATION, 0, 0)));
        coeo.Set("enableUploadAtStartup",
                 Bool(env, eca_get(coe, cl, ECA_COE_DETAILS_F_ENABLE_UPLOAD_AT_STARTUP, 0, 0)));
        coeo.Set("enableSdoCompleteAccess",
                 Bool(env, eca_get(coe, cl, ECA_COE_DETAILS_F_ENABLE_SDO_COMPLETE_ACCESS, 0, 0)));
    }
    o.Set("coeDetails", coeo);
    const eca_layout *gl = Abi()->layouts[ECA_ST_GENERAL_FLAGS];
    const uint8_t *gen = r.Bytes(ECA_SLAVE_F_GENERAL_FLAGS);
    Napi::Object geno = Napi::Object::New(env);
    if (gen && gl) {
        geno.Set("enableSafeop", Bool(env, eca_get(gen, gl, ECA_GENERAL_FLAGS_F_ENABLE_SAFEOP, 0, 0)));
        geno.Set("enableNotLrw", Bool(env, eca_get(gen, gl, ECA_GENERAL_FLAGS_F_ENABLE_NOT_LRW, 0, 0)));
    }
    o.Set("generalFlags", geno);
    o.Set("currentOnEbus", SNum(env, r.GetSigned(ECA_SLAVE_F_CURRENT_ON_EBUS)));

    const eca_layout *pl = Abi()->layouts[ECA_ST_PORT_LINK];
    Napi::Array ports = Napi::Array::New(env);
    unsigned nports = r.Layout()->fields[ECA_SLAVE_F_PORTS].count;
    for (unsigned p = 0; p < nports; p++) {
        Napi::Object po = Napi::Object::New(env);
        po.Set("desc", Num(env, r.Get(ECA_SLAVE_F_PORTS_DESC, p)));
        const uint8_t *link = r.Bytes(ECA_SLAVE_F_PORTS_LINK, p);
        po.Set("linkUp", Bool(env, link && pl ? eca_get(link, pl, ECA_PORT_LINK_F_LINK_UP, 0, 0) : 0));
        po.Set("loopClosed", Bool(env, link && pl ? eca_get(link, pl, ECA_PORT_LINK_F_LOOP_CLOSED, 0, 0) : 0));
        po.Set("signalDetected",
               Bool(env, link && pl ? eca_get(link, pl, ECA_PORT_LINK_F_SIGNAL_DETECTED, 0, 0) : 0));
        po.Set("receiveTime", Num(env, r.Get(ECA_SLAVE_F_PORTS_RECEIVE_TIME, p)));
        po.Set("nextSlave", Num(env, r.Get(ECA_SLAVE_F_PORTS_NEXT_SLAVE, p)));
        po.Set("delayToNextDc", Num(env, r.Get(ECA_SLAVE_F_PORTS_DELAY_TO_NEXT_DC, p)));
        ports.Set(p, po);
    }
    o.Set("ports", ports);
    o.Set("fmmuBit", Bool(env, r.Get(ECA_SLAVE_F_FMMU_BIT)));
    o.Set("dcSupported", Bool(env, r.Get(ECA_SLAVE_F_DC_SUPPORTED)));
    o.Set("dcRange", Num(env, r.Get(ECA_SLAVE_F_DC_RANGE)));
    o.Set("hasDcSystemTime", Bool(env, r.Get(ECA_SLAVE_F_HAS_DC_SYSTEM_TIME)));
    o.Set("transmissionDelay", Num(env, r.Get(ECA_SLAVE_F_TRANSMISSION_DELAY)));
    o.Set("alState", Num(env, r.Get(ECA_SLAVE_F_AL_STATE)));
    o.Set("errorFlag", Bool(env, r.Get(ECA_SLAVE_F_ERROR_FLAG)));
    o.Set("syncCount", Num(env, r.Get(ECA_SLAVE_F_SYNC_COUNT)));
    o.Set("sdoCount", Num(env, r.Get(ECA_SLAVE_F_SDO_COUNT)));
    o.Set("siiNwords", Num(env, r.Get(ECA_SLAVE_F_SII_NWORDS)));
    o.Set("group", Napi::String::New(env, r.Str(ECA_SLAVE_F_GROUP)));
    o.Set("image", Napi::String::New(env, r.Str(ECA_SLAVE_F_IMAGE)));
    o.Set("order", Napi::String::New(env, r.Str(ECA_SLAVE_F_ORDER)));
    o.Set("name", Napi::String::New(env, r.Str(ECA_SLAVE_F_NAME)));
    return o;
}

Napi::Value MasterWrap::SlaveSync(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned pos = U16Arg(info, 0, "position");
    unsigned sync = U32Arg(info, 1, "sync", 255);
    Request r(Abi(), ECA_REQ_SLAVE_SYNC);
    r.Set(ECA_SLAVE_SYNC_F_SLAVE_POSITION, pos).Set(ECA_SLAVE_SYNC_F_SYNC_INDEX, sync);
    CallOrThrow(env, r, Dev(env), path_);
    Napi::Object o = Napi::Object::New(env);
    o.Set("index", Num(env, sync));
    o.Set("physicalStartAddress", Num(env, r.Get(ECA_SLAVE_SYNC_F_PHYSICAL_START_ADDRESS)));
    o.Set("defaultSize", Num(env, r.Get(ECA_SLAVE_SYNC_F_DEFAULT_SIZE)));
    o.Set("controlRegister", Num(env, r.Get(ECA_SLAVE_SYNC_F_CONTROL_REGISTER)));
    o.Set("enable", Bool(env, r.Get(ECA_SLAVE_SYNC_F_ENABLE)));
    o.Set("pdoCount", Num(env, r.Get(ECA_SLAVE_SYNC_F_PDO_COUNT)));
    return o;
}

Napi::Value MasterWrap::SlaveSyncPdo(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned pos = U16Arg(info, 0, "position");
    unsigned sync = U32Arg(info, 1, "sync", 255);
    unsigned pdo = U32Arg(info, 2, "pdoPos", 0xffff);
    Request r(Abi(), ECA_REQ_SLAVE_SYNC_PDO);
    r.Set(ECA_SLAVE_SYNC_PDO_F_SLAVE_POSITION, pos)
        .Set(ECA_SLAVE_SYNC_PDO_F_SYNC_INDEX, sync)
        .Set(ECA_SLAVE_SYNC_PDO_F_PDO_POS, pdo);
    CallOrThrow(env, r, Dev(env), path_);
    Napi::Object o = Napi::Object::New(env);
    o.Set("index", Num(env, r.Get(ECA_SLAVE_SYNC_PDO_F_INDEX)));
    o.Set("entryCount", Num(env, r.Get(ECA_SLAVE_SYNC_PDO_F_ENTRY_COUNT)));
    o.Set("name", Napi::String::New(env, r.Str(ECA_SLAVE_SYNC_PDO_F_NAME)));
    return o;
}

Napi::Value MasterWrap::SlaveSyncPdoEntry(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned pos = U16Arg(info, 0, "position");
    unsigned sync = U32Arg(info, 1, "sync", 255);
    unsigned pdo = U32Arg(info, 2, "pdoPos", 0xffff);
    unsigned entry = U32Arg(info, 3, "entryPos", 0xffff);
    Request r(Abi(), ECA_REQ_SLAVE_SYNC_PDO_ENTRY);
    r.Set(ECA_SLAVE_SYNC_PDO_ENTRY_F_SLAVE_POSITION, pos)
        .Set(ECA_SLAVE_SYNC_PDO_ENTRY_F_SYNC_INDEX, sync)
        .Set(ECA_SLAVE_SYNC_PDO_ENTRY_F_PDO_POS, pdo)
        .Set(ECA_SLAVE_SYNC_PDO_ENTRY_F_ENTRY_POS, entry);
    CallOrThrow(env, r, Dev(env), path_);
    Napi::Object o = Napi::Object::New(env);
    o.Set("index", Num(env, r.Get(ECA_SLAVE_SYNC_PDO_ENTRY_F_INDEX)));
    o.Set("subindex", Num(env, r.Get(ECA_SLAVE_SYNC_PDO_ENTRY_F_SUBINDEX)));
    o.Set("bitLength", Num(env, r.Get(ECA_SLAVE_SYNC_PDO_ENTRY_F_BIT_LENGTH)));
    o.Set("name", Napi::String::New(env, r.Str(ECA_SLAVE_SYNC_PDO_ENTRY_F_NAME)));
    return o;
}

Napi::Value MasterWrap::SlaveSdo(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned pos = U16Arg(info, 0, "position");
    unsigned sdo = U16Arg(info, 1, "sdoPos");
    Request r(Abi(), ECA_REQ_SLAVE_SDO);
    r.Set(ECA_SLAVE_SDO_F_SLAVE_POSITION, pos).Set(ECA_SLAVE_SDO_F_SDO_POSITION, sdo);
    CallOrThrow(env, r, Dev(env), path_);
    Napi::Object o = Napi::Object::New(env);
    o.Set("position", Num(env, sdo));
    o.Set("index", Num(env, r.Get(ECA_SLAVE_SDO_F_SDO_INDEX)));
    o.Set("maxSubindex", Num(env, r.Get(ECA_SLAVE_SDO_F_MAX_SUBINDEX)));
    o.Set("name", Napi::String::New(env, r.Str(ECA_SLAVE_SDO_F_NAME)));
    return o;
}

Napi::Value MasterWrap::SlaveSdoEntry(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned pos = U16Arg(info, 0, "position");
    int spec = I32Arg(info, 1, "sdoSpec", -0xffff, 0xffff);
    unsigned sub = U32Arg(info, 2, "subindex", 255);
    Request r(Abi(), ECA_REQ_SLAVE_SDO_ENTRY);
    r.Set(ECA_SLAVE_SDO_ENTRY_F_SLAVE_POSITION, pos)
        .Set(ECA_SLAVE_SDO_ENTRY_F_SDO_SPEC, static_cast<uint64_t>(static_cast<int64_t>(spec)))
        .Set(ECA_SLAVE_SDO_ENTRY_F_SDO_ENTRY_SUBINDEX, sub);
    CallOrThrow(env, r, Dev(env), path_);
    Napi::Object o = Napi::Object::New(env);
    o.Set("subindex", Num(env, sub));
    o.Set("dataType", Num(env, r.Get(ECA_SLAVE_SDO_ENTRY_F_DATA_TYPE)));
    o.Set("bitLength", Num(env, r.Get(ECA_SLAVE_SDO_ENTRY_F_BIT_LENGTH)));
    Napi::Array ra = Napi::Array::New(env), wa = Napi::Array::New(env);
    for (unsigned i = 0; i < 3; i++) {
        ra.Set(i, Bool(env, r.Get(ECA_SLAVE_SDO_ENTRY_F_READ_ACCESS, 0, i)));
        wa.Set(i, Bool(env, r.Get(ECA_SLAVE_SDO_ENTRY_F_WRITE_ACCESS, 0, i)));
    }
    o.Set("readAccess", ra);
    o.Set("writeAccess", wa);
    o.Set("description", Napi::String::New(env, r.Str(ECA_SLAVE_SDO_ENTRY_F_DESCRIPTION)));
    return o;
}

Napi::Value MasterWrap::SdoUpload(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned pos = U16Arg(info, 0, "position");
    unsigned index = U16Arg(info, 1, "index");
    unsigned sub = U32Arg(info, 2, "subindex", 255);
    unsigned max = U32Arg(info, 3, "maxSize", kMaxTransfer);
    std::vector<uint8_t> target(max ? max : 1);
    Request r(Abi(), ECA_REQ_SLAVE_SDO_UPLOAD);
    r.Set(ECA_SLAVE_SDO_UPLOAD_F_SLAVE_POSITION, pos)
        .Set(ECA_SLAVE_SDO_UPLOAD_F_SDO_INDEX, index)
        .Set(ECA_SLAVE_SDO_UPLOAD_F_SDO_ENTRY_SUBINDEX, sub)
        .Set(ECA_SLAVE_SDO_UPLOAD_F_TARGET_SIZE, max)
        .SetPtr(ECA_SLAVE_SDO_UPLOAD_F_TARGET, target.data());
    long res = r.Call(Dev(env));
    if (res < 0) {
        // IgH copies the struct back on failure too, so abort_code is valid here.
        throw SdoAbortError(env, res, static_cast<uint32_t>(r.Get(ECA_SLAVE_SDO_UPLOAD_F_ABORT_CODE)),
                            r.FullName(), path_, pos, index, sub);
    }
    size_t n = static_cast<size_t>(r.Get(ECA_SLAVE_SDO_UPLOAD_F_DATA_SIZE));
    if (n > target.size())
        n = target.size();
    return Napi::Buffer<uint8_t>::Copy(env, target.data(), n);
}

Napi::Value MasterWrap::SdoDownload(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned pos = U16Arg(info, 0, "position");
    unsigned index = U16Arg(info, 1, "index");
    unsigned sub = U32Arg(info, 2, "subindex", 255);
    std::vector<uint8_t> data = BytesArg(info, 3, "data", kMaxTransfer);
    bool complete = BoolArg(info, 4, "completeAccess");
    Request r(Abi(), ECA_REQ_SLAVE_SDO_DOWNLOAD);
    r.Set(ECA_SLAVE_SDO_DOWNLOAD_F_SLAVE_POSITION, pos)
        .Set(ECA_SLAVE_SDO_DOWNLOAD_F_SDO_INDEX, index)
        .Set(ECA_SLAVE_SDO_DOWNLOAD_F_SDO_ENTRY_SUBINDEX, sub)
        .Set(ECA_SLAVE_SDO_DOWNLOAD_F_COMPLETE_ACCESS, complete ? 1 : 0)
        .Set(ECA_SLAVE_SDO_DOWNLOAD_F_DATA_SIZE, data.size())
        .SetPtr(ECA_SLAVE_SDO_DOWNLOAD_F_DATA, data.data());
    long res = r.Call(Dev(env));
    if (res < 0)
        throw SdoAbortError(env, res, static_cast<uint32_t>(r.Get(ECA_SLAVE_SDO_DOWNLOAD_F_ABORT_CODE)),
                            r.FullName(), path_, pos, index, sub);
    return env.Undefined();
}

Napi::Value MasterWrap::SlaveState(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned pos = U16Arg(info, 0, "position");
    unsigned state = U32Arg(info, 1, "alState", 0x0f);
    Request r(Abi(), ECA_REQ_SLAVE_STATE);
    r.Set(ECA_SLAVE_STATE_F_SLAVE_POSITION, pos).Set(ECA_SLAVE_STATE_F_AL_STATE, state);
    CallOrThrow(env, r, Dev(env), path_);
    return env.Undefined();
}

Napi::Value MasterWrap::RegRead(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned pos = U16Arg(info, 0, "position");
    unsigned address = U16Arg(info, 1, "address");
    unsigned size = U32Arg(info, 2, "size", 0x10000);
    bool emergency = BoolArg(info, 3, "emergency");
    std::vector<uint8_t> data(size ? size : 1);
    Request r(Abi(), ECA_REQ_SLAVE_REG_READ);
    r.Set(ECA_SLAVE_REG_F_SLAVE_POSITION, pos)
        .Set(ECA_SLAVE_REG_F_EMERGENCY, emergency ? 1 : 0)
        .Set(ECA_SLAVE_REG_F_ADDRESS, address)
        .Set(ECA_SLAVE_REG_F_SIZE, size)
        .SetPtr(ECA_SLAVE_REG_F_DATA, data.data());
    CallOrThrow(env, r, Dev(env), path_);
    return Napi::Buffer<uint8_t>::Copy(env, data.data(), size);
}

Napi::Value MasterWrap::RegWrite(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned pos = U16Arg(info, 0, "position");
    unsigned address = U16Arg(info, 1, "address");
    std::vector<uint8_t> data = BytesArg(info, 2, "data", 0x10000);
    bool emergency = BoolArg(info, 3, "emergency");
    Request r(Abi(), ECA_REQ_SLAVE_REG_WRITE);
    r.Set(ECA_SLAVE_REG_F_SLAVE_POSITION, pos)
        .Set(ECA_SLAVE_REG_F_EMERGENCY, emergency ? 1 : 0)
        .Set(ECA_SLAVE_REG_F_ADDRESS, address)
        .Set(ECA_SLAVE_REG_F_SIZE, data.size())
        .SetPtr(ECA_SLAVE_REG_F_DATA, data.data());
    CallOrThrow(env, r, Dev(env), path_);
    return env.Undefined();
}

Napi::Value MasterWrap::SiiRead(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned pos = U16Arg(info, 0, "position");
    unsigned offset = U16Arg(info, 1, "offset");
    unsigned nwords = U32Arg(info, 2, "nwords", kMaxTransfer / 2);
    std::vector<uint8_t> words(nwords ? nwords * 2u : 2u);
    Request r(Abi(), ECA_REQ_SLAVE_SII_READ);
    r.Set(ECA_SLAVE_SII_F_SLAVE_POSITION, pos)
        .Set(ECA_SLAVE_SII_F_OFFSET, offset)
        .Set(ECA_SLAVE_SII_F_NWORDS, nwords)
        .SetPtr(ECA_SLAVE_SII_F_WORDS, words.data());
    CallOrThrow(env, r, Dev(env), path_);
    return Napi::Buffer<uint8_t>::Copy(env, words.data(), nwords * 2u);
}

Napi::Value MasterWrap::SiiWrite(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned pos = U16Arg(info, 0, "position");
    unsigned offset = U16Arg(info, 1, "offset");
    std::vector<uint8_t> data = BytesArg(info, 2, "data", kMaxTransfer);
    if (data.size() % 2)
        throw EcatError(env, "INVALID_ARGUMENT", "SII data must be a whole number of 16-bit words", path_);
    Request r(Abi(), ECA_REQ_SLAVE_SII_WRITE);
    r.Set(ECA_SLAVE_SII_F_SLAVE_POSITION, pos)
        .Set(ECA_SLAVE_SII_F_OFFSET, offset)
        .Set(ECA_SLAVE_SII_F_NWORDS, data.size() / 2)
        .SetPtr(ECA_SLAVE_SII_F_WORDS, data.data());
    CallOrThrow(env, r, Dev(env), path_);
    return env.Undefined();
}

Napi::Value MasterWrap::Rescan(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    Request r(Abi(), ECA_REQ_MASTER_RESCAN);
    CallValueOrThrow(env, r, Dev(env), 0, path_);
    return env.Undefined();
}

Napi::Value MasterWrap::SetDebugLevel(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    // Any 32-bit level goes through: the master decides what it accepts (IgH: 0..2, else EINVAL).
    unsigned level = U32Arg(info, 0, "level", 0xffffffffu);
    Request r(Abi(), ECA_REQ_MASTER_DEBUG);
    CallValueOrThrow(env, r, Dev(env), level, path_);
    return env.Undefined();
}

Napi::Value MasterWrap::Config(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned index = U32Arg(info, 0, "index", 0xffffffffu);
    Request r(Abi(), ECA_REQ_CONFIG);
    r.Set(ECA_CONFIG_F_CONFIG_INDEX, index);
    CallOrThrow(env, r, Dev(env), path_);
    Napi::Object o = Napi::Object::New(env);
    o.Set("index", Num(env, index));
    o.Set("alias", Num(env, r.Get(ECA_CONFIG_F_ALIAS)));
    o.Set("position", Num(env, r.Get(ECA_CONFIG_F_POSITION)));
    o.Set("vendorId", Num(env, r.Get(ECA_CONFIG_F_VENDOR_ID)));
    o.Set("productCode", Num(env, r.Get(ECA_CONFIG_F_PRODUCT_CODE)));
    Napi::Array syncs = Napi::Array::New(env);
    unsigned nsyncs = r.Layout()->fields[ECA_CONFIG_F_SYNCS].count;
    for (unsigned s = 0; s < nsyncs; s++) {
        Napi::Object so = Napi::Object::New(env);
        so.Set("dir", Num(env, r.Get(ECA_CONFIG_F_SYNCS_DIR, s)));
        so.Set("watchdogMode", Num(env, r.Get(ECA_CONFIG_F_SYNCS_WATCHDOG_MODE, s)));
        so.Set("pdoCount", Num(env, r.Get(ECA_CONFIG_F_SYNCS_PDO_COUNT, s)));
        so.Set("configThis", Bool(env, r.Get(ECA_CONFIG_F_SYNCS_CONFIG_THIS, s)));
        syncs.Set(s, so);
    }
    o.Set("syncs", syncs);
    o.Set("watchdogDivider", Num(env, r.Get(ECA_CONFIG_F_WATCHDOG_DIVIDER)));
    o.Set("watchdogIntervals", Num(env, r.Get(ECA_CONFIG_F_WATCHDOG_INTERVALS)));
    o.Set("sdoCount", Num(env, r.Get(ECA_CONFIG_F_SDO_COUNT)));
    o.Set("idnCount", Num(env, r.Get(ECA_CONFIG_F_IDN_COUNT)));
    o.Set("flagCount", Num(env, r.Get(ECA_CONFIG_F_FLAG_COUNT)));
    o.Set("slavePosition", SNum(env, r.GetSigned(ECA_CONFIG_F_SLAVE_POSITION)));
    o.Set("dcAssignActivate", Num(env, r.Get(ECA_CONFIG_F_DC_ASSIGN_ACTIVATE)));
    const eca_layout *sl = Abi()->layouts[ECA_ST_SYNC_SIGNAL];
    Napi::Array dc = Napi::Array::New(env);
    const uint8_t *sig = r.Bytes(ECA_CONFIG_F_DC_SYNC);
    unsigned nsig = r.Layout()->fields[ECA_CONFIG_F_DC_SYNC].count;
    for (unsigned i = 0; sig && sl && i < nsig; i++) {
        const uint8_t *e = sig + i * sl->size;
        Napi::Object so = Napi::Object::New(env);
        so.Set("cycleTime", Num(env, eca_get(e, sl, ECA_SYNC_SIGNAL_F_CYCLE_TIME, 0, 0)));
        so.Set("shiftTime",
               SNum(env, static_cast<int64_t>(eca_get(e, sl, ECA_SYNC_SIGNAL_F_SHIFT_TIME, 0, 0))));
        dc.Set(i, so);
    }
    o.Set("dcSync", dc);
    return o;
}

Napi::Value MasterWrap::ConfigPdo(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned index = U32Arg(info, 0, "index", 0xffffffffu);
    unsigned sync = U32Arg(info, 1, "sync", 255);
    unsigned pdo = U16Arg(info, 2, "pdoPos");
    Request r(Abi(), ECA_REQ_CONFIG_PDO);
    r.Set(ECA_CONFIG_PDO_F_CONFIG_INDEX, index).Set(ECA_CONFIG_PDO_F_SYNC_INDEX, sync).Set(ECA_CONFIG_PDO_F_PDO_POS, pdo);
    CallOrThrow(env, r, Dev(env), path_);
    Napi::Object o = Napi::Object::New(env);
    o.Set("index", Num(env, r.Get(ECA_CONFIG_PDO_F_INDEX)));
    o.Set("entryCount", Num(env, r.Get(ECA_CONFIG_PDO_F_ENTRY_COUNT)));
    o.Set("name", Napi::String::New(env, r.Str(ECA_CONFIG_PDO_F_NAME)));
    return o;
}

Napi::Value MasterWrap::ConfigPdoEntry(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned index = U32Arg(info, 0, "index", 0xffffffffu);
    unsigned sync = U32Arg(info, 1, "sync", 255);
    unsigned pdo = U16Arg(info, 2, "pdoPos");
    unsigned entry = U32Arg(info, 3, "entryPos", 255);
    Request r(Abi(), ECA_REQ_CONFIG_PDO_ENTRY);
    r.Set(ECA_CONFIG_PDO_ENTRY_F_CONFIG_INDEX, index)
        .Set(ECA_CONFIG_PDO_ENTRY_F_SYNC_INDEX, sync)
        .Set(ECA_CONFIG_PDO_ENTRY_F_PDO_POS, pdo)
        .Set(ECA_CONFIG_PDO_ENTRY_F_ENTRY_POS, entry);
    CallOrThrow(env, r, Dev(env), path_);
    Napi::Object o = Napi::Object::New(env);
    o.Set("index", Num(env, r.Get(ECA_CONFIG_PDO_ENTRY_F_INDEX)));
    o.Set("subindex", Num(env, r.Get(ECA_CONFIG_PDO_ENTRY_F_SUBINDEX)));
    o.Set("bitLength", Num(env, r.Get(ECA_CONFIG_PDO_ENTRY_F_BIT_LENGTH)));
    o.Set("name", Napi::String::New(env, r.Str(ECA_CONFIG_PDO_ENTRY_F_NAME)));
    return o;
}

Napi::Value MasterWrap::ConfigSdo(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned index = U32Arg(info, 0, "index", 0xffffffffu);
    unsigned sdo = U32Arg(info, 1, "sdoPos", 0xffffffffu);
    Request r(Abi(), ECA_REQ_CONFIG_SDO);
    r.Set(ECA_CONFIG_SDO_F_CONFIG_INDEX, index).Set(ECA_CONFIG_SDO_F_SDO_POS, sdo);
    CallOrThrow(env, r, Dev(env), path_);
    Napi::Object o = Napi::Object::New(env);
    o.Set("index", Num(env, r.Get(ECA_CONFIG_SDO_F_INDEX)));
    o.Set("subindex", Num(env, r.Get(ECA_CONFIG_SDO_F_SUBINDEX)));
    size_t size = static_cast<size_t>(r.Get(ECA_CONFIG_SDO_F_SIZE));
    size_t cap = eca_size(r.Layout(), ECA_CONFIG_SDO_F_DATA);
    if (size > cap)
        size = cap;
    const uint8_t *bytes = r.Bytes(ECA_CONFIG_SDO_F_DATA);
    o.Set("data", bytes ? Napi::Buffer<uint8_t>::Copy(env, bytes, size) : Napi::Buffer<uint8_t>::New(env, 0));
    o.Set("completeAccess", Bool(env, r.Get(ECA_CONFIG_SDO_F_COMPLETE_ACCESS)));
    return o;
}

Napi::Value MasterWrap::Domain(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned index = U32Arg(info, 0, "index", 0xffffffffu);
    Request r(Abi(), ECA_REQ_DOMAIN);
    r.Set(ECA_DOMAIN_F_INDEX, index);
    CallOrThrow(env, r, Dev(env), path_);
    Napi::Object o = Napi::Object::New(env);
    o.Set("index", Num(env, index));
    o.Set("dataSize", Num(env, r.Get(ECA_DOMAIN_F_DATA_SIZE)));
    o.Set("logicalBaseAddress", Num(env, r.Get(ECA_DOMAIN_F_LOGICAL_BASE_ADDRESS)));
    Napi::Array wc = Napi::Array::New(env);
    unsigned nwc = r.Layout()->fields[ECA_DOMAIN_F_WORKING_COUNTER].count;
    for (unsigned i = 0; i < nwc; i++)
        wc.Set(i, Num(env, r.Get(ECA_DOMAIN_F_WORKING_COUNTER, 0, i)));
    o.Set("workingCounter", wc);
    o.Set("expectedWorkingCounter", Num(env, r.Get(ECA_DOMAIN_F_EXPECTED_WORKING_COUNTER)));
    o.Set("fmmuCount", Num(env, r.Get(ECA_DOMAIN_F_FMMU_COUNT)));
    return o;
}

Napi::Value MasterWrap::DomainFmmu(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned index = U32Arg(info, 0, "index", 0xffffffffu);
    unsigned fmmu = U32Arg(info, 1, "fmmuIndex", 0xffffffffu);
    Request r(Abi(), ECA_REQ_DOMAIN_FMMU);
    r.Set(ECA_DOMAIN_FMMU_F_DOMAIN_INDEX, index).Set(ECA_DOMAIN_FMMU_F_FMMU_INDEX, fmmu);
    CallOrThrow(env, r, Dev(env), path_);
    Napi::Object o = Napi::Object::New(env);
    o.Set("slaveConfigAlias", Num(env, r.Get(ECA_DOMAIN_FMMU_F_SLAVE_CONFIG_ALIAS)));
    o.Set("slaveConfigPosition", Num(env, r.Get(ECA_DOMAIN_FMMU_F_SLAVE_CONFIG_POSITION)));
    o.Set("syncIndex", Num(env, r.Get(ECA_DOMAIN_FMMU_F_SYNC_INDEX)));
    o.Set("dir", Num(env, r.Get(ECA_DOMAIN_FMMU_F_DIR)));
    o.Set("logicalAddress", Num(env, r.Get(ECA_DOMAIN_FMMU_F_LOGICAL_ADDRESS)));
    o.Set("dataSize", Num(env, r.Get(ECA_DOMAIN_FMMU_F_DATA_SIZE)));
    return o;
}

Napi::Value MasterWrap::DomainData(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    unsigned index = U32Arg(info, 0, "index", 0xffffffffu);
    unsigned size = U32Arg(info, 1, "size", kMaxTransfer);
    std::vector<uint8_t> data(size ? size : 1);
    Request r(Abi(), ECA_REQ_DOMAIN_DATA);
    r.Set(ECA_DOMAIN_DATA_F_DOMAIN_INDEX, index)
        .Set(ECA_DOMAIN_DATA_F_DATA_SIZE, size)
        .SetPtr(ECA_DOMAIN_DATA_F_TARGET, data.data());
    CallOrThrow(env, r, Dev(env), path_);
    return Napi::Buffer<uint8_t>::Copy(env, data.data(), size);
}

Napi::Value MasterWrap::SimState(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    std::vector<uint8_t> state = Dev(env).SaveState();
    if (state.empty())
        return env.Null();
    return Napi::Buffer<uint8_t>::Copy(env, state.data(), state.size());
}

Napi::Value MasterWrap::Close(const Napi::CallbackInfo &info)
{
    Shutdown(false);
    return info.Env().Undefined();
}

} // namespace ecat
