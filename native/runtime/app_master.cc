// SPDX-License-Identifier: MIT
// AppMaster: the IgH request sequences of the application lifecycle (igh-abi.md sections
// 3 and 6), built with Request from the detected ABI's tables. Runs on the owner's thread
// only; it allocates freely and hands the cyclic thread a fully prepared setup.
#include "runtime/app_master.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "igh/request.h"
#include "runtime/shared_layout.h"

namespace ecat {

const char *PhaseName(Phase p)
{
    switch (p) {
    case Phase::kOpened: return "opened";
    case Phase::kReserved: return "reserved";
    case Phase::kConfigured: return "configured";
    case Phase::kActive: return "active";
    case Phase::kCycling: return "cycling";
    case Phase::kClosed: return "closed";
    }
    return "unknown";
}

Status Status::Sys(long err, eca_req req, const std::string &field)
{
    Status s;
    s.code = kSys;
    s.err = err;
    s.syscall = "ioctl";
    s.req = req;
    s.field = field;
    return s;
}

Status Status::SysCall(long err, const char *syscall, const std::string &message)
{
    Status s;
    s.code = kSys;
    s.err = err;
    s.syscall = syscall;
    s.message = message;
    return s;
}

Status Status::Invalid(const std::string &field, const std::string &message)
{
    Status s;
    s.code = kInvalid;
    s.field = field;
    s.message = message;
    return s;
}

Status Status::WrongPhase(Phase phase, const char *call, const std::string &hint)
{
    Status s;
    s.code = kWrongPhase;
    s.phase = PhaseName(phase);
    s.call = call;
    s.message = std::string(call) + "() is not allowed in phase '" + s.phase + "'" + (hint.empty() ? "" : ": " + hint);
    return s;
}

namespace {

// What to do to reach a phase where `call` works, for the error message.
std::string HintFor(Phase phase)
{
    switch (phase) {
    case Phase::kOpened: return "call request() first";
    case Phase::kReserved: return "call configure(plan) first";
    case Phase::kConfigured: return "call activate() first";
    case Phase::kActive: return "the master is active (startCycle() or deactivate() come next)";
    case Phase::kCycling: return "stop the cycle with stopCycle() first";
    case Phase::kClosed: return "the master is closed";
    }
    return "";
}

std::string At(const char *base, const char *name, size_t i)
{
    return std::string(base) + "." + name + "[" + std::to_string(i) + "]";
}

void MergeRanges(std::vector<ByteRange> *ranges)
{
    std::sort(ranges->begin(), ranges->end(),
              [](const ByteRange &a, const ByteRange &b) { return a.offset < b.offset; });
    std::vector<ByteRange> out;
    for (const ByteRange &r : *ranges) {
        if (r.length == 0)
            continue;
        if (!out.empty() && r.offset <= out.back().offset + out.back().length) {
            uint32_t end = std::max(out.back().offset + out.back().length, r.offset + r.length);
            out.back().length = end - out.back().offset;
        } else {
            out.push_back(r);
        }
    }
    *ranges = out;
}

} // namespace

AppMaster::AppMaster(Device *dev, const eca_abi *abi, uint32_t event_capacity)
    : dev_(dev), abi_(abi), event_capacity_(event_capacity)
{
}

AppMaster::~AppMaster() { Close(); }

Status AppMaster::CheckPhase(const char *call, std::initializer_list<Phase> allowed) const
{
    for (Phase p : allowed)
        if (p == phase_)
            return Status::Ok();
    return Status::WrongPhase(phase_, call, HintFor(phase_));
}

Status AppMaster::Fail(Status s)
{
    // A refusal of the very first request left nothing behind: configure() may be retried.
    if (configure_issued_)
        configure_failed_ = true;
    return s;
}

Status AppMaster::Request()
{
    Status s = CheckPhase("request", {Phase::kOpened});
    if (!s.ok())
        return s;
    ecat::Request r(abi_, ECA_REQ_REQUEST);
    long res = r.CallValue(*dev_, 0);
    if (res < 0)
        return Status::Sys(res, ECA_REQ_REQUEST);
    phase_ = Phase::kReserved;
    return Status::Ok();
}

Status AppMaster::Configure(const Plan &plan, Layout *out)
{
    Status s = CheckPhase("configure", {Phase::kReserved});
    if (!s.ok())
        return s;
    if (configure_failed_)
        return Status::WrongPhase(phase_, "configure",
                                  "a previous configure() failed part way and left configuration in the master; "
                                  "close the master and open it again");
    PlanError pe;
    if (!ValidatePlan(plan, &pe))
        return Status::Invalid(pe.field, pe.message);

    Layout layout;
    const eca_layout *sig = abi_->layouts[ECA_ST_SYNC_SIGNAL];
    for (size_t i = 0; i < plan.slaves.size(); i++) {
        const PlanSlave &ps = plan.slaves[i];
        const std::string p = At("plan", "slaves", i);
        ecat::Request cr(abi_, ECA_REQ_CREATE_SLAVE_CONFIG);
        cr.Set(ECA_CONFIG_F_ALIAS, static_cast<uint64_t>(ps.alias))
            .Set(ECA_CONFIG_F_POSITION, static_cast<uint64_t>(ps.position))
            .Set(ECA_CONFIG_F_VENDOR_ID, static_cast<uint64_t>(ps.vendor_id))
            .Set(ECA_CONFIG_F_PRODUCT_CODE, static_cast<uint64_t>(ps.product_code));
        long res = cr.Call(*dev_);
        if (res < 0)
            return Fail(Status::Sys(res, ECA_REQ_CREATE_SLAVE_CONFIG, p));
        configure_issued_ = true;
        const uint32_t ci = static_cast<uint32_t>(cr.Get(ECA_CONFIG_F_CONFIG_INDEX));
        layout.config_indices.push_back(ci);

        if (ps.has_syncs) {
            for (size_t j = 0; j < ps.syncs.size(); j++) {
                const PlanSync &sy = ps.syncs[j];
                const std::string sp = At(p.c_str(), "syncs", j);
                const unsigned si = static_cast<unsigned>(sy.index);
                ecat::Request sr(abi_, ECA_REQ_SC_SYNC);
                sr.Set(ECA_CONFIG_F_CONFIG_INDEX, ci)
                    .Set(ECA_CONFIG_F_SYNCS_DIR, static_cast<uint64_t>(sy.dir), si)
                    .Set(ECA_CONFIG_F_SYNCS_WATCHDOG_MODE, static_cast<uint64_t>(sy.watchdog), si)
                    .Set(ECA_CONFIG_F_SYNCS_CONFIG_THIS, 1, si);
                if ((res = sr.Call(*dev_)) < 0)
                    return Fail(Status::Sys(res, ECA_REQ_SC_SYNC, sp));
                ecat::Request clr(abi_, ECA_REQ_SC_CLEAR_PDOS);
                clr.Set(ECA_CONFIG_PDO_F_CONFIG_INDEX, ci).Set(ECA_CONFIG_PDO_F_SYNC_INDEX, si);
                if ((res = clr.Call(*dev_)) < 0)
                    return Fail(Status::Sys(res, ECA_REQ_SC_CLEAR_PDOS, sp));
                for (size_t k = 0; k < sy.pdos.size(); k++) {
                    const PlanPdo &pdo = sy.pdos[k];
                    const std::string pp = At(sp.c_str(), "pdos", k);
                    ecat::Request add(abi_, ECA_REQ_SC_ADD_PDO);
                    add.Set(ECA_CONFIG_PDO_F_CONFIG_INDEX, ci)
                        .Set(ECA_CONFIG_PDO_F_SYNC_INDEX, si)
                        .Set(ECA_CONFIG_PDO_F_INDEX, static_cast<uint64_t>(pdo.index));
                    if ((res = add.Call(*dev_)) < 0)
                        return Fail(Status::Sys(res, ECA_REQ_SC_ADD_PDO, pp));
                    if (pdo.entries.empty())
                        continue; // keep the slave's own mapping of this PDO
                    ecat::Request ce(abi_, ECA_REQ_SC_CLEAR_ENTRIES);
                    ce.Set(ECA_CONFIG_PDO_F_CONFIG_INDEX, ci).Set(ECA_CONFIG_PDO_F_INDEX, static_cast<uint64_t>(pdo.index));
                    if ((res = ce.Call(*dev_)) < 0)
                        return Fail(Status::Sys(res, ECA_REQ_SC_CLEAR_ENTRIES, pp));
                    for (size_t m = 0; m < pdo.entries.size(); m++) {
                        const PlanPdoEntry &e = pdo.entries[m];
                        ecat::Request ae(abi_, ECA_REQ_SC_ADD_ENTRY);
                        ae.Set(ECA_ADD_PDO_ENTRY_F_CONFIG_INDEX, ci)
                            .Set(ECA_ADD_PDO_ENTRY_F_PDO_INDEX, static_cast<uint64_t>(pdo.index))
                            .Set(ECA_ADD_PDO_ENTRY_F_ENTRY_INDEX, static_cast<uint64_t>(e.index))
                            .Set(ECA_ADD_PDO_ENTRY_F_ENTRY_SUBINDEX, static_cast<uint64_t>(e.subindex))
                            .Set(ECA_ADD_PDO_ENTRY_F_ENTRY_BIT_LENGTH, static_cast<uint64_t>(e.bit_length));
                        if ((res = ae.Call(*dev_)) < 0)
                            return Fail(Status::Sys(res, ECA_REQ_SC_ADD_ENTRY, At(pp.c_str(), "entries", m)));
                    }
                }
            }
        }
        for (size_t j = 0; j < ps.startup_sdos.size(); j++) {
            const PlanSdo &sdo = ps.startup_sdos[j];
            ecat::Request sr(abi_, ECA_REQ_SC_SDO);
            sr.Set(ECA_SC_SDO_F_CONFIG_INDEX, ci)
                .Set(ECA_SC_SDO_F_INDEX, static_cast<uint64_t>(sdo.index))
                .Set(ECA_SC_SDO_F_SUBINDEX, static_cast<uint64_t>(sdo.subindex))
                .SetPtr(ECA_SC_SDO_F_DATA, sdo.data.data())
                .Set(ECA_SC_SDO_F_SIZE, sdo.data.size())
                .Set(ECA_SC_SDO_F_COMPLETE_ACCESS, sdo.complete_access ? 1 : 0);
            if ((res = sr.Call(*dev_)) < 0)
                return Fail(Status::Sys(res, ECA_REQ_SC_SDO, At(p.c_str(), "startupSdos", j)));
        }
        if (ps.has_watchdog) {
            ecat::Request wr(abi_, ECA_REQ_SC_WATCHDOG);
            wr.Set(ECA_CONFIG_F_CONFIG_INDEX, ci)
                .Set(ECA_CONFIG_F_WATCHDOG_DIVIDER, static_cast<uint64_t>(ps.watchdog.divider))
                .Set(ECA_CONFIG_F_WATCHDOG_INTERVALS, static_cast<uint64_t>(ps.watchdog.intervals));
            if ((res = wr.Call(*dev_)) < 0)
                return Fail(Status::Sys(res, ECA_REQ_SC_WATCHDOG, p + ".watchdog"));
        }
        if (ps.has_dc) {
            ecat::Request dr(abi_, ECA_REQ_SC_DC);
            dr.Set(ECA_CONFIG_F_CONFIG_INDEX, ci).Set(ECA_CONFIG_F_DC_ASSIGN_ACTIVATE, static_cast<uint64_t>(ps.dc.assign_activate));
            uint8_t *sync = static_cast<uint8_t *>(eca_ptr(dr.Data(), dr.Layout(), ECA_CONFIG_F_DC_SYNC, 0));
            if (sync && sig) {
                const int64_t v[4] = {ps.dc.sync0_cycle, ps.dc.sync0_shift, ps.dc.sync1_cycle, ps.dc.sync1_shift};
                for (unsigned k = 0; k < 2; k++) {
                    uint8_t *e = sync + k * sig->size;
                    eca_put(e, sig, ECA_SYNC_SIGNAL_F_CYCLE_TIME, 0, 0, static_cast<uint64_t>(v[2 * k]));
                    eca_put(e, sig, ECA_SYNC_SIGNAL_F_SHIFT_TIME, 0, 0, static_cast<uint64_t>(v[2 * k + 1]));
                }
            }
            if ((res = dr.Call(*dev_)) < 0)
                return Fail(Status::Sys(res, ECA_REQ_SC_DC, p + ".dc"));
        }
    }
    if (plan.reference_clock >= 0) {
        ecat::Request rr(abi_, ECA_REQ_SELECT_REF_CLOCK);
        if (!rr.Supported())
            return Status::Invalid("plan.referenceClock", std::string("plan.referenceClock cannot be honoured: ABI ") +
                                                              abi_->id + " has no EC_IOCTL_SELECT_REF_CLOCK");
        long res = rr.CallValue(*dev_, layout.config_indices[static_cast<size_t>(plan.reference_clock)]);
        if (res < 0)
            return Fail(Status::Sys(res, ECA_REQ_SELECT_REF_CLOCK, "plan.referenceClock"));
    }
    for (size_t i = 0; i < plan.domains.size(); i++) {
        ecat::Request dr(abi_, ECA_REQ_CREATE_DOMAIN);
        long res = dr.CallValue(*dev_, 0);
        if (res < 0)
            return Fail(Status::Sys(res, ECA_REQ_CREATE_DOMAIN, At("plan", "domains", i)));
        configure_issued_ = true;
        layout.domain_indices.push_back(static_cast<uint32_t>(res));
    }
    for (size_t i = 0; i < plan.variables.size(); i++) {
        const PlanVariable &v = plan.variables[i];
        ecat::Request rr(abi_, ECA_REQ_SC_REG_PDO_ENTRY);
        rr.Set(ECA_REG_PDO_ENTRY_F_CONFIG_INDEX, layout.config_indices[static_cast<size_t>(v.slave)])
            .Set(ECA_REG_PDO_ENTRY_F_ENTRY_INDEX, static_cast<uint64_t>(v.index))
            .Set(ECA_REG_PDO_ENTRY_F_ENTRY_SUBINDEX, static_cast<uint64_t>(v.subindex))
            .Set(ECA_REG_PDO_ENTRY_F_DOMAIN_INDEX, layout.domain_indices[static_cast<size_t>(v.domain)]);
        long res = rr.Call(*dev_);
        if (res < 0)
            return Fail(Status::Sys(res, ECA_REQ_SC_REG_PDO_ENTRY, At("plan", "variables", i)));
        VariableLayout vl;
        vl.domain = static_cast<uint32_t>(v.domain);
        vl.offset = static_cast<uint32_t>(res);
        vl.bit_position = static_cast<uint32_t>(rr.Get(ECA_REG_PDO_ENTRY_F_BIT_POSITION));
        layout.variables.push_back(vl);
    }
    for (size_t i = 0; i < layout.domain_indices.size(); i++) {
        ecat::Request sr(abi_, ECA_REQ_DOMAIN_SIZE);
        long res = sr.CallValue(*dev_, layout.domain_indices[i]);
        if (res < 0)
            return Fail(Status::Sys(res, ECA_REQ_DOMAIN_SIZE, At("plan", "domains", i)));
        layout.domain_sizes.push_back(static_cast<uint32_t>(res));
    }
    dividers_.clear();
    for (const PlanDomain &d : plan.domains)
        dividers_.push_back(static_cast<uint32_t>(d.divider));
    layout_ = layout;
    *out = layout;
    phase_ = Phase::kConfigured;
    return Status::Ok();
}

Status AppMaster::Activate(Activation *out)
{
    Status s = CheckPhase("activate", {Phase::kConfigured});
    if (!s.ok())
        return s;
    ecat::Request ar(abi_, ECA_REQ_ACTIVATE);
    long res = ar.Call(*dev_);
    if (res < 0)
        return Status::Sys(res, ECA_REQ_ACTIVATE);
    phase_ = Phase::kActive; // from here on, undo with DEACTIVATE on failure

    Activation a;
    a.process_data_size = static_cast<size_t>(ar.Get(ECA_MASTER_ACTIVATE_F_PROCESS_DATA_SIZE));
    a.event_capacity = event_capacity_;
    auto undo = [this](Status st) {
        Unmap();
        ecat::Request dr(abi_, ECA_REQ_DEACTIVATE);
        dr.CallValue(*dev_, 0);
        phase_ = Phase::kReserved; // IgH drops configs and domains on deactivation
        return st;
    };
    if (a.process_data_size > UINT32_MAX)
        return undo(Status::SysCall(-EOVERFLOW, "mmap", "process data larger than 4 GiB"));
    if (a.process_data_size) {
        int err = 0;
        void *p = dev_->Map(a.process_data_size, &err);
        if (!p)
            return undo(Status::SysCall(err ? err : -ENOMEM, "mmap", "mapping the process data"));
        process_data_ = static_cast<uint8_t *>(p);
        mapped_size_ = a.process_data_size;
    }
    expected_wkc_.clear();
    for (size_t i = 0; i < layout_.domain_indices.size(); i++) {
        const uint32_t di = layout_.domain_indices[i];
        const std::string field = At("plan", "domains", i);
        ecat::Request orq(abi_, ECA_REQ_DOMAIN_OFFSET);
        res = orq.CallValue(*dev_, di);
        if (res < 0)
            return undo(Status::Sys(res, ECA_REQ_DOMAIN_OFFSET, field));
        DomainPlace place;
        place.index = di;
        place.offset = static_cast<uint32_t>(res);
        place.size = layout_.domain_sizes[i];

        ecat::Request dq(abi_, ECA_REQ_DOMAIN);
        dq.Set(ECA_DOMAIN_F_INDEX, di);
        if ((res = dq.Call(*dev_)) < 0)
            return undo(Status::Sys(res, ECA_REQ_DOMAIN, field));
        place.size = static_cast<uint32_t>(dq.Get(ECA_DOMAIN_F_DATA_SIZE));
        const uint64_t base = dq.Get(ECA_DOMAIN_F_LOGICAL_BASE_ADDRESS);
        expected_wkc_.push_back(static_cast<uint32_t>(dq.Get(ECA_DOMAIN_F_EXPECTED_WORKING_COUNTER)));
        const unsigned fmmus = static_cast<unsigned>(dq.Get(ECA_DOMAIN_F_FMMU_COUNT));
        for (unsigned f = 0; f < fmmus; f++) {
            ecat::Request fr(abi_, ECA_REQ_DOMAIN_FMMU);
            fr.Set(ECA_DOMAIN_FMMU_F_DOMAIN_INDEX, di).Set(ECA_DOMAIN_FMMU_F_FMMU_INDEX, f);
            if ((res = fr.Call(*dev_)) < 0)
                return undo(Status::Sys(res, ECA_REQ_DOMAIN_FMMU, field));
            const uint64_t logical = fr.Get(ECA_DOMAIN_FMMU_F_LOGICAL_ADDRESS);
            ByteRange r;
            r.offset = static_cast<uint32_t>(place.offset + (logical - base));
            r.length = static_cast<uint32_t>(fr.Get(ECA_DOMAIN_FMMU_F_DATA_SIZE));
            if (logical < base || static_cast<uint64_t>(r.offset) + r.length > a.process_data_size)
                return undo(Status::SysCall(-ERANGE, "ioctl",
                                            "EC_IOCTL_DOMAIN_FMMU reports an area outside the process data"));
            const unsigned dir = static_cast<unsigned>(fr.Get(ECA_DOMAIN_FMMU_F_DIR));
            if (dir == static_cast<unsigned>(SyncDir::kOutput))
                a.output_ranges.push_back(r);
            else if (dir == static_cast<unsigned>(SyncDir::kInput))
                a.input_ranges.push_back(r);
        }
        a.domains.push_back(place);
    }
    MergeRanges(&a.output_ranges);
    MergeRanges(&a.input_ranges);
    a.shared_size = shm::SharedSize(a.process_data_size, a.event_capacity);
    activation_ = a;
    *out = a;
    return Status::Ok();
}

// Each queue feeds whole bytes of one output range and lives in its own part of the shared
// buffer past the standard layout; anything else would let the cycle write where JS does not
// expect it.
Status AppMaster::CheckSetpoints(const std::vector<SetpointQueue> &queues, size_t shared_size) const
{
    if (queues.size() > shm::kMaxSetpointQueues)
        return Status::Invalid("options.setpoints", "options.setpoints holds at most " +
                                                        std::to_string(shm::kMaxSetpointQueues) + " queues (got " +
                                                        std::to_string(queues.size()) + ")");
    std::vector<std::pair<uint64_t, uint64_t>> regions;
    for (size_t i = 0; i < queues.size(); i++) {
        const SetpointQueue &q = queues[i];
        const std::string f = "options.setpoints[" + std::to_string(i) + "]";
        if (q.size != 1 && q.size != 2 && q.size != 4 && q.size != 8)
            return Status::Invalid(f + ".size", f + ".size must be 1, 2, 4 or 8 (got " + std::to_string(q.size) + ")");
        bool inside = false;
        for (const ByteRange &r : activation_.output_ranges)
            if (q.offset >= r.offset && static_cast<uint64_t>(q.offset) + q.size <= static_cast<uint64_t>(r.offset) + r.length)
                inside = true;
        if (!inside)
            return Status::Invalid(f + ".offset", f + ": bytes " + std::to_string(q.offset) + ".." +
                                                       std::to_string(static_cast<uint64_t>(q.offset) + q.size - 1) +
                                                       " are not all within one output range of the process data");
        if (q.depth < 2 || q.depth > shm::kSetpointMaxDepth || (q.depth & (q.depth - 1)) != 0)
            return Status::Invalid(f + ".depth", f + ".depth must be a power of two in 2.." +
                                                      std::to_string(shm::kSetpointMaxDepth) + " (got " +
                                                      std::to_string(q.depth) + ")");
        const uint64_t end = q.at + static_cast<uint64_t>(q.depth) * shm::kSetpointSlotSize;
        if (q.at % 8 != 0 || q.at < activation_.shared_size || end > shared_size)
            return Status::Invalid(f + ".at", f + ".at must be 8-byte aligned, at or past sharedSize (" +
                                                   std::to_string(activation_.shared_size) + "), with its " +
                                                   std::to_string(q.depth) + " slots inside the shared buffer (" +
                                                   std::to_string(shared_size) + " bytes; got at " +
                                                   std::to_string(q.at) + ")");
        for (const auto &r : regions)
            if (q.at < r.second && r.first < end)
                return Status::Invalid(f + ".at", f + ": its slots overlap another queue's");
        regions.emplace_back(q.at, end);
    }
    return Status::Ok();
}

Status AppMaster::StartCycle(const CycleOptions &options, uint8_t *shared, size_t shared_size, CycleStartInfo *out)
{
    Status s = CheckPhase("startCycle", {Phase::kActive});
    if (!s.ok())
        return s;
    if (options.cycle_time_ns < kMinCycleTimeNs || options.cycle_time_ns > kMaxCycleTimeNs)
        return Status::Invalid("options.cycleTimeNs", "options.cycleTimeNs must be an integer in " +
                                                          std::to_string(kMinCycleTimeNs) + ".." +
                                                          std::to_string(kMaxCycleTimeNs) + " (got " +
                                                          std::to_string(options.cycle_time_ns) + ")");
    if (options.priority < 0 || options.priority > 99)
        return Status::Invalid("options.priority", "options.priority must be an integer in 0..99");
    if (options.cpu < -1 || options.cpu > 1023)
        return Status::Invalid("options.cpu", "options.cpu must be an integer in -1..1023");
    if (options.watchdog_ms > kMaxWatchdogMs)
        return Status::Invalid("options.watchdogMs",
                               "options.watchdogMs must be an integer in 0.." + std::to_string(kMaxWatchdogMs));
    if (!options.safe_outputs.empty() && options.safe_outputs.size() != activation_.process_data_size)
        return Status::Invalid("options.safeOutputs", "options.safeOutputs must hold exactly processDataSize (" +
                                                          std::to_string(activation_.process_data_size) +
                                                          ") bytes (got " + std::to_string(options.safe_outputs.size()) +
                                                          ")");
    if (options.state_every < 1 || options.state_every > kMaxStateEvery)
        return Status::Invalid("options.stateEvery",
                               "options.stateEvery must be an integer in 1.." + std::to_string(kMaxStateEvery));
    if (options.dc && (options.sync_reference_every < 1 || options.sync_reference_every > kMaxStateEvery))
        return Status::Invalid("options.dc.syncReferenceEvery",
                               "options.dc.syncReferenceEvery must be an integer in 1.." + std::to_string(kMaxStateEvery));
    if (!shared || shared_size < activation_.shared_size)
        return Status::Invalid("shared", "shared must be a SharedArrayBuffer of at least sharedSize (" +
                                             std::to_string(activation_.shared_size) + ") bytes (got " +
                                             std::to_string(shared_size) + ")");
    if (reinterpret_cast<uintptr_t>(shared) % 8 != 0)
        return Status::Invalid("shared", "shared must be 8-byte aligned");
    s = CheckSetpoints(options.setpoints, shared_size);
    if (!s.ok())
        return s;

    InitSharedImage(shared, activation_.process_data_size, activation_.event_capacity);
    CycleSetup setup;
    setup.dev = dev_;
    setup.abi = abi_;
    setup.process_data = process_data_;
    setup.process_data_size = activation_.process_data_size;
    for (size_t i = 0; i < activation_.domains.size(); i++) {
        CycleDomain d;
        d.index = activation_.domains[i].index;
        d.divider = i < dividers_.size() ? dividers_[i] : 1;
        d.expected_wkc = i < expected_wkc_.size() ? expected_wkc_[i] : 0;
        setup.domains.push_back(d);
    }
    setup.configs = layout_.config_indices;
    setup.output_ranges = activation_.output_ranges;
    setup.shared = shared;
    setup.shared_size = shared_size;
    setup.event_capacity = activation_.event_capacity;
    setup.options = options;

    RtReport report;
    std::string error;
    if (!thread_.Start(setup, &report, &error))
        return Status::SysCall(-EAGAIN, "pthread_create", error);
    out->granted = report.granted;
    out->warnings = report.warnings;
    phase_ = Phase::kCycling;
    return Status::Ok();
}

Status AppMaster::StopCycle()
{
    if (phase_ != Phase::kCycling)
        return Status::Ok();
    thread_.Stop();
    phase_ = Phase::kActive;
    return Status::Ok();
}

void AppMaster::Unmap()
{
    if (process_data_)
        dev_->Unmap(process_data_, mapped_size_);
    process_data_ = nullptr;
    mapped_size_ = 0;
}

Status AppMaster::Deactivate()
{
    Status s = CheckPhase("deactivate", {Phase::kActive});
    if (!s.ok())
        return s;
    ecat::Request dr(abi_, ECA_REQ_DEACTIVATE);
    long res = dr.CallValue(*dev_, 0);
    if (res < 0)
        return Status::Sys(res, ECA_REQ_DEACTIVATE);
    Unmap();
    activation_ = Activation();
    phase_ = Phase::kReserved;
    return Status::Ok();
}

Status AppMaster::ConfigState(uint32_t config_index, ConfigStateInfo *out)
{
    Status s = CheckPhase("configState", {Phase::kConfigured, Phase::kActive, Phase::kCycling});
    if (!s.ok())
        return s;
    const eca_layout *l = abi_->layouts[ECA_ST_SLAVE_CONFIG_STATE_DATA];
    uint8_t data[16] = {0};
    ecat::Request r(abi_, ECA_REQ_SC_STATE);
    r.Set(ECA_SC_STATE_F_CONFIG_INDEX, config_index).SetPtr(ECA_SC_STATE_F_STATE, data);
    long res = r.Call(*dev_);
    if (res < 0)
        return Status::Sys(res, ECA_REQ_SC_STATE);
    out->online = eca_get(data, l, ECA_SLAVE_CONFIG_STATE_DATA_F_ONLINE, 0, 0) != 0;
    out->operational = eca_get(data, l, ECA_SLAVE_CONFIG_STATE_DATA_F_OPERATIONAL, 0, 0) != 0;
    out->al_state = static_cast<unsigned>(eca_get(data, l, ECA_SLAVE_CONFIG_STATE_DATA_F_AL_STATE, 0, 0));
    return Status::Ok();
}

Status AppMaster::ReadProcessData(std::vector<uint8_t> *out)
{
    Status s = CheckPhase("readProcessData", {Phase::kActive, Phase::kCycling});
    if (!s.ok())
        return s;
    out->resize(mapped_size_);
    // The cyclic thread and the bus may write these bytes meanwhile: read each byte
    // atomically (relaxed) so the copy is racy only in its consistency, never undefined.
    for (size_t i = 0; i < mapped_size_; i++)
        (*out)[i] = __atomic_load_n(process_data_ + i, __ATOMIC_RELAXED);
    return Status::Ok();
}

void AppMaster::Close()
{
    if (phase_ == Phase::kClosed)
        return;
    StopCycle();
    if (phase_ == Phase::kActive) {
        ecat::Request dr(abi_, ECA_REQ_DEACTIVATE);
        dr.CallValue(*dev_, 0); // best effort: closing the fd deactivates as well
        Unmap();
    }
    phase_ = Phase::kClosed;
}

} // namespace ecat
