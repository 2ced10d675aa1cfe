// SPDX-License-Identifier: MIT
// The cyclic exchange; see cyclic_thread.h for the rules of the RT path. Everything from
// CycleLoop::Begin to the end of CycleLoop::Overrun runs on `ecat-rt` and must stay free of
// allocation, locks, exceptions and syscalls other than the bus ioctls and the clocks.
#include "runtime/cyclic_thread.h"

#include <time.h>

#include <cerrno>
#include <cstring>

#include "runtime/shared_layout.h"

namespace ecat {
namespace {

constexpr int64_t kNsPerSec = 1000000000;
// Seconds from 1970-01-01 to 2000-01-01, the EtherCAT DC epoch.
constexpr int64_t kDcEpochUnixSeconds = 946684800;

int32_t Saturate(int64_t v)
{
    if (v > INT32_MAX)
        return INT32_MAX;
    if (v < INT32_MIN)
        return INT32_MIN;
    return static_cast<int32_t>(v);
}

// Single-writer statistics: relaxed stores keep each value whole for JS's Atomics reads;
// no ordering with other fields is promised.
void StoreI64(uint8_t *base, size_t off, int64_t v) { __atomic_store_n(shm::I64(base, off), v, __ATOMIC_RELAXED); }
void StoreU32(uint8_t *base, size_t off, uint32_t v) { __atomic_store_n(shm::U32(base, off), v, __ATOMIC_RELAXED); }
void StoreI32(uint8_t *base, size_t off, int32_t v) { __atomic_store_n(shm::I32(base, off), v, __ATOMIC_RELAXED); }

unsigned Log2Bucket(int64_t ns)
{
    if (ns <= 1)
        return 0;
    return 63u - static_cast<unsigned>(__builtin_clzll(static_cast<unsigned long long>(ns)));
}

// A request's layout for its own struct, or nullptr.
const eca_layout *LayoutOf(const eca_abi *abi, unsigned st)
{
    return st < ECA_ST_COUNT ? abi->layouts[st] : nullptr;
}

} // namespace

int64_t MonotonicNs()
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<int64_t>(ts.tv_sec) * kNsPerSec + ts.tv_nsec;
}

void InitSharedImage(uint8_t *shared, size_t image_size, uint32_t event_capacity)
{
    std::memset(shared, 0, shm::kOffBuffers);
    StoreU32(shared, shm::kOffMagic, shm::kMagic);
    StoreU32(shared, shm::kOffVersion, shm::kVersion);
    StoreU32(shared, shm::kOffImageSize, static_cast<uint32_t>(image_size));
    StoreU32(shared, shm::kOffEventCapacity, event_capacity);
    TripleBufferInit(shm::I32(shared, shm::kOffInputMiddle));
    TripleBufferInit(shm::I32(shared, shm::kOffOutputMiddle));
    // Release: a JS thread that sees the magic also sees the rest of the header.
    __atomic_store_n(shm::I32(shared, shm::kOffRunState), shm::kRunStopped, __ATOMIC_RELEASE);
}

// ---------------------------------------------------------------------------------------
// Preparation (owner's thread; allocates)

bool CycleLoop::Prepare(const CycleSetup &setup, std::vector<std::string> *warnings, std::string *error)
{
    setup_ = setup;
    const eca_abi *abi = setup_.abi;
    struct Need {
        eca_req req;
        uint32_t *code;
        bool needed;
    } needs[] = {
        {ECA_REQ_RECEIVE, &c_receive_, true},
        {ECA_REQ_SEND, &c_send_, true},
        {ECA_REQ_DOMAIN_PROCESS, &c_process_, true},
        {ECA_REQ_DOMAIN_QUEUE, &c_queue_, true},
        {ECA_REQ_DOMAIN_STATE, &c_domain_state_, true},
        {ECA_REQ_SC_STATE, &c_sc_state_, true},
        {ECA_REQ_MASTER_STATE, &c_master_state_, true},
        {ECA_REQ_APP_TIME, &c_app_time_, setup_.options.dc},
        {ECA_REQ_SYNC_REF, &c_sync_ref_, setup_.options.dc},
        {ECA_REQ_SYNC_SLAVES, &c_sync_slaves_, setup_.options.dc},
    };
    for (const Need &n : needs) {
        *n.code = eca_code(abi, n.req);
        if (n.needed && !*n.code) {
            *error = std::string("the ABI ") + abi->id + " has no EC_IOCTL_" + eca_requests[n.req].name;
            return false;
        }
    }
    if (setup_.options.dc && setup_.options.sync_monitor) {
        c_mon_queue_ = eca_code(abi, ECA_REQ_SYNC_MON_QUEUE);
        c_mon_process_ = eca_code(abi, ECA_REQ_SYNC_MON_PROCESS);
        if (!c_mon_queue_ || !c_mon_process_) {
            warnings->push_back(std::string("DC sync monitoring is not available in ABI ") + abi->id + "; skipped");
            c_mon_queue_ = c_mon_process_ = 0;
        }
    }
    send_takes_pointer_ = abi->arg[ECA_REQ_SEND] == ECA_ARG_POINTER;

    const eca_layout *l_dstate = LayoutOf(abi, abi->st[ECA_REQ_DOMAIN_STATE]);
    const eca_layout *l_ddata = LayoutOf(abi, ECA_ST_DOMAIN_STATE_DATA);
    const eca_layout *l_sc = LayoutOf(abi, abi->st[ECA_REQ_SC_STATE]);
    const eca_layout *l_scdata = LayoutOf(abi, ECA_ST_SLAVE_CONFIG_STATE_DATA);
    const eca_layout *l_master = LayoutOf(abi, ECA_ST_MASTER_STATE_DATA);
    if (!l_dstate || !l_ddata || !l_sc || !l_scdata || !l_master) {
        *error = std::string("the ABI ") + abi->id + " lacks a state struct layout";
        return false;
    }

    // Sizes first, pointers after: the vectors must not move once their addresses are taken.
    domains_.assign(setup_.domains.size(), DomainSlot());
    for (size_t i = 0; i < domains_.size(); i++) {
        DomainSlot &d = domains_[i];
        d.d = setup_.domains[i];
        if (d.d.divider == 0)
            d.d.divider = 1;
        d.state_arg.assign(l_dstate->size, 0);
        d.state_data.assign(l_ddata->size, 0);
    }
    for (DomainSlot &d : domains_) {
        eca_put(d.state_arg.data(), l_dstate, ECA_DOMAIN_STATE_F_DOMAIN_INDEX, 0, 0, d.d.index);
        eca_put(d.state_arg.data(), l_dstate, ECA_DOMAIN_STATE_F_STATE, 0, 0,
                static_cast<uint64_t>(reinterpret_cast<uintptr_t>(d.state_data.data())));
    }
    configs_.assign(setup_.configs.size(), ConfigSlot());
    for (size_t i = 0; i < configs_.size(); i++) {
        configs_[i].index = setup_.configs[i];
        configs_[i].arg.assign(l_sc->size, 0);
        configs_[i].data.assign(l_scdata->size, 0);
    }
    for (ConfigSlot &c : configs_) {
        eca_put(c.arg.data(), l_sc, ECA_SC_STATE_F_CONFIG_INDEX, 0, 0, c.index);
        eca_put(c.arg.data(), l_sc, ECA_SC_STATE_F_STATE, 0, 0,
                static_cast<uint64_t>(reinterpret_cast<uintptr_t>(c.data.data())));
    }
    master_state_.assign(l_master->size, 0);

    // The safe image: the caller's, or all zeros (outputs off) when none was given.
    if (setup_.options.safe_outputs.size() != setup_.process_data_size)
        setup_.options.safe_outputs.assign(setup_.process_data_size, 0);
    for (const ByteRange &r : setup_.output_ranges) {
        if (static_cast<size_t>(r.offset) + r.length > setup_.process_data_size) {
            *error = "an output range lies beyond the process data";
            return false;
        }
    }

    const size_t s = setup_.process_data_size;
    const size_t stride = shm::BufferStride(s);
    if (setup_.shared_size < shm::SharedSize(s, setup_.event_capacity) || !ValidEventCapacity(setup_.event_capacity)) {
        *error = "the shared image is too small for the process data and the event ring";
        return false;
    }
    uint8_t *base = setup_.shared;
    inputs_ = TripleProducer(shm::I32(base, shm::kOffInputMiddle), base + shm::InputBufferOffset(s, 0), stride);
    outputs_ = TripleConsumer(shm::I32(base, shm::kOffOutputMiddle), base + shm::OutputBufferOffset(s, 0), stride);
    events_ = EventWriter(shm::I32(base, shm::kOffEventHead), shm::I32(base, shm::kOffEventTail),
                          shm::I32(base, shm::kOffEventsDropped), base + shm::EventRingOffset(s), setup_.event_capacity);

    if (setup_.options.state_every == 0)
        setup_.options.state_every = 1;
    // A sweep over all configs takes at least state_every cycles, and longer on big buses so
    // that no cycle reads more than kMaxStatePollsPerCycle configs (each SC_STATE is an ioctl).
    {
        const uint64_t n = configs_.size();
        const uint64_t need = (n + kMaxStatePollsPerCycle - 1) / kMaxStatePollsPerCycle;
        if (need > setup_.options.state_every)
            setup_.options.state_every = static_cast<uint32_t>(need);
    }
    if (setup_.options.sync_reference_every == 0)
        setup_.options.sync_reference_every = 1;
    watchdog_ns_ = static_cast<int64_t>(setup_.options.watchdog_ms) * 1000000;
    return true;
}

void CycleLoop::Begin(int64_t start_ns)
{
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    int64_t real = static_cast<int64_t>(rt.tv_sec) * kNsPerSec + rt.tv_nsec;
    dc_epoch_offset_ = real - start_ns - kDcEpochUnixSeconds * kNsPerSec;
    cycle_ = 0;
    prev_wake_ = -1;
    min_period_ = max_period_ = max_exec_ = max_latency_ = 0;
    std::memset(histogram_, 0, sizeof histogram_);
    std::memset(last_error_, 0, sizeof last_error_);
    state_phase_ = 0;
    last_heartbeat_ = __atomic_load_n(shm::I32(setup_.shared, shm::kOffHeartbeat), __ATOMIC_RELAXED);
    heartbeat_time_ = start_ns;
    tripped_ = false;
    outputs_seen_ = false;
    sync_ref_countdown_ = 0;
    mon_pending_ = false;
    for (DomainSlot &d : domains_) {
        d.countdown = 0;
        d.wkc = d.wc_state = d.cycles = 0;
        d.err_process = d.err_state = d.err_queue = 0;
    }
    for (ConfigSlot &c : configs_) {
        c.word = 0;
        c.err = 0;
    }
    master_word_[0] = master_word_[1] = master_word_[2] = 0;
}

// ---------------------------------------------------------------------------------------
// The RT path

long CycleLoop::Io(eca_req req, uint32_t code, unsigned long arg, long *last)
{
    long r = setup_.dev->Ioctl(code, arg);
    if (r < 0) {
        // One event when a request starts failing or fails differently, not one per cycle.
        if (*last != r)
            Emit(shm::kEvCycleError, Saturate(r), static_cast<int32_t>(req), 0, 0, -1);
        *last = r;
    } else {
        *last = 0;
    }
    return r;
}

void CycleLoop::Emit(uint16_t type, int32_t a, int32_t b, int32_t c, int32_t d, int64_t now_ns)
{
    Event e;
    e.type = type;
    e.cycle = static_cast<uint32_t>(cycle_);
    e.time_ns = static_cast<uint64_t>(now_ns >= 0 ? now_ns : MonotonicNs());
    e.a = a;
    e.b = b;
    e.c = c;
    e.d = d;
    events_.Push(e);
}

void CycleLoop::Stats(int64_t planned_ns, int64_t woke_ns)
{
    uint8_t *base = setup_.shared;
    int64_t latency = woke_ns - planned_ns;
    if (latency < 0)
        latency = 0;
    StoreI64(base, shm::kOffLastLatency, latency);
    if (latency > max_latency_) {
        max_latency_ = latency;
        StoreI64(base, shm::kOffMaxLatency, latency);
    }
    unsigned k = Log2Bucket(latency);
    histogram_[k]++;
    StoreU32(base, shm::kOffHistogram + 4 * k, histogram_[k]);
    if (prev_wake_ >= 0) {
        int64_t period = woke_ns - prev_wake_;
        StoreI64(base, shm::kOffLastPeriod, period);
        if (min_period_ == 0 || period < min_period_) {
            min_period_ = period;
            StoreI64(base, shm::kOffMinPeriod, period);
        }
        if (period > max_period_) {
            max_period_ = period;
            StoreI64(base, shm::kOffMaxPeriod, period);
        }
    }
    prev_wake_ = woke_ns;
}

void CycleLoop::PollDomains(int64_t now_ns)
{
    const eca_layout *l = setup_.abi->layouts[ECA_ST_DOMAIN_STATE_DATA];
    uint8_t *base = setup_.shared;
    for (DomainSlot &d : domains_) {
        if (!d.due)
            continue;
        d.cycles++;
        if (Io(ECA_REQ_DOMAIN_STATE, c_domain_state_, reinterpret_cast<unsigned long>(d.state_arg.data()), &d.err_state) >= 0) {
            uint32_t wkc = static_cast<uint32_t>(eca_get(d.state_data.data(), l, ECA_DOMAIN_STATE_DATA_F_WORKING_COUNTER, 0, 0));
            uint32_t wcs = static_cast<uint32_t>(eca_get(d.state_data.data(), l, ECA_DOMAIN_STATE_DATA_F_WC_STATE, 0, 0));
            if (wkc != d.wkc || wcs != d.wc_state) {
                d.wkc = wkc;
                d.wc_state = wcs;
                Emit(shm::kEvWkc, static_cast<int32_t>(d.d.index), static_cast<int32_t>(wkc),
                     static_cast<int32_t>(d.d.expected_wkc), static_cast<int32_t>(wcs), now_ns);
            }
        }
        if (d.d.index < shm::kMaxDomains) {
            size_t off = shm::kOffDomainStates + d.d.index * shm::kDomainStateSize;
            StoreU32(base, off, d.wkc);
            StoreU32(base, off + 4, d.d.expected_wkc);
            StoreU32(base, off + 8, d.wc_state);
            StoreU32(base, off + 12, d.cycles);
        }
    }
}

void CycleLoop::PollStates(int64_t now_ns)
{
    const eca_abi *abi = setup_.abi;
    // One sweep over MASTER_STATE and every config's SC_STATE takes state_every cycles; the
    // configs are spread evenly over the sweep so no cycle carries all of them.
    const uint32_t every = setup_.options.state_every;
    const uint32_t phase = state_phase_;
    state_phase_ = phase + 1 == every ? 0 : phase + 1;
    if (phase == 0) {
        const eca_layout *l = abi->layouts[ECA_ST_MASTER_STATE_DATA];
        if (Io(ECA_REQ_MASTER_STATE, c_master_state_, reinterpret_cast<unsigned long>(master_state_.data())) >= 0) {
            uint32_t w[3] = {
                static_cast<uint32_t>(eca_get(master_state_.data(), l, ECA_MASTER_STATE_DATA_F_SLAVES_RESPONDING, 0, 0)),
                static_cast<uint32_t>(eca_get(master_state_.data(), l, ECA_MASTER_STATE_DATA_F_AL_STATES, 0, 0)),
                static_cast<uint32_t>(eca_get(master_state_.data(), l, ECA_MASTER_STATE_DATA_F_LINK_UP, 0, 0)),
            };
            if (w[0] != master_word_[0] || w[1] != master_word_[1] || w[2] != master_word_[2]) {
                master_word_[0] = w[0];
                master_word_[1] = w[1];
                master_word_[2] = w[2];
                Emit(shm::kEvMasterState, static_cast<int32_t>(w[0]), static_cast<int32_t>(w[1]),
                     static_cast<int32_t>(w[2]), 0, now_ns);
            }
        }
    }

    const eca_layout *l = abi->layouts[ECA_ST_SLAVE_CONFIG_STATE_DATA];
    const uint64_t n = configs_.size();
    const size_t from = static_cast<size_t>(phase * n / every);
    const size_t to = static_cast<size_t>((phase + 1) * n / every);
    for (size_t i = from; i < to; i++) {
        ConfigSlot &c = configs_[i];
        if (Io(ECA_REQ_SC_STATE, c_sc_state_, reinterpret_cast<unsigned long>(c.arg.data()), &c.err) < 0)
            continue;
        uint32_t online = static_cast<uint32_t>(eca_get(c.data.data(), l, ECA_SLAVE_CONFIG_STATE_DATA_F_ONLINE, 0, 0));
        uint32_t op = static_cast<uint32_t>(eca_get(c.data.data(), l, ECA_SLAVE_CONFIG_STATE_DATA_F_OPERATIONAL, 0, 0));
        uint32_t al = static_cast<uint32_t>(eca_get(c.data.data(), l, ECA_SLAVE_CONFIG_STATE_DATA_F_AL_STATE, 0, 0));
        uint32_t word = (online ? shm::kConfigOnline : 0) | (op ? shm::kConfigOperational : 0) | (al << shm::kConfigAlShift);
        uint32_t old = c.word;
        if (word == old)
            continue;
        c.word = word;
        if (c.index < shm::kMaxConfigs)
            StoreU32(setup_.shared, shm::kOffConfigStates + 4 * c.index, word);
        bool was_online = old & shm::kConfigOnline;
        if (was_online != static_cast<bool>(online))
            Emit(online ? shm::kEvOnline : shm::kEvOffline, static_cast<int32_t>(c.index), 0, 0, 0, now_ns);
        uint32_t old_al = old >> shm::kConfigAlShift;
        if (old_al != al || (old & shm::kConfigOperational) != (word & shm::kConfigOperational))
            Emit(shm::kEvAlState, static_cast<int32_t>(c.index), static_cast<int32_t>(old_al), static_cast<int32_t>(al),
                 static_cast<int32_t>(word & (shm::kConfigOnline | shm::kConfigOperational)), now_ns);
    }
}

void CycleLoop::ExchangeImage(int64_t now_ns)
{
    uint8_t *base = setup_.shared;
    uint8_t *pd = setup_.process_data;
    const size_t s = setup_.process_data_size;
    if (s && pd) {
        std::memcpy(inputs_.Back(), pd, s);
        inputs_.Publish();
    }
    const bool fresh = outputs_.Acquire();
    if (fresh)
        outputs_seen_ = true;

    int32_t hb = __atomic_load_n(shm::I32(base, shm::kOffHeartbeat), __ATOMIC_RELAXED);
    if (hb != last_heartbeat_) {
        last_heartbeat_ = hb;
        heartbeat_time_ = now_ns;
        if (tripped_) {
            tripped_ = false;
            StoreI32(base, shm::kOffWatchdogTripped, 0);
            Emit(shm::kEvWatchdog, 0, 0, 0, 0, now_ns);
        }
    } else if (watchdog_ns_ > 0 && !tripped_ && now_ns - heartbeat_time_ > watchdog_ns_) {
        tripped_ = true;
        StoreI32(base, shm::kOffWatchdogTripped, 1);
        Emit(shm::kEvWatchdog, 1, 0, 0, 0, now_ns);
    }

    if (!s || !pd)
        return;
    // Until JS published its first outputs, and while the watchdog is tripped, the output
    // ranges carry the safe image (all zeros unless the caller gave one). The output bytes of
    // the process data keep their value from cycle to cycle (the frame brings them back as
    // sent), so they are copied only when their source changed: a fresh JS buffer, or a
    // switch between JS's outputs and the safe image.
    const bool safe = tripped_ || !outputs_seen_;
    if (!fresh && safe == copied_safe_ && copied_once_)
        return;
    copied_once_ = true;
    copied_safe_ = safe;
    const uint8_t *src = safe ? setup_.options.safe_outputs.data() : outputs_.Front();
    for (const ByteRange &r : setup_.output_ranges)
        std::memcpy(pd + r.offset, src + r.offset, r.length);
}

// After ExchangeImage, unless the safe image is on the bus: each queue's slot for this cycle,
// if JS filled it, overrides the published bytes. The key is read before and after the value
// (a small seqlock): a slot JS is rewriting at this moment has its low word at none, or
// changes between the reads, and is skipped; the bytes then keep their last value.
void CycleLoop::ApplySetpoints()
{
    if (setup_.options.setpoints.empty() || tripped_ || !outputs_seen_ || !setup_.process_data)
        return;
    // Keys count cycles as JS sees them: the cycle being built now is number cycle_ + 1.
    const uint64_t key = static_cast<uint64_t>(cycle_) + 1;
    const int32_t low = static_cast<int32_t>(key & ((1u << shm::kSetpointKeyBits) - 1));
    const int32_t high = static_cast<int32_t>(key >> shm::kSetpointKeyBits);
    for (const SetpointQueue &q : setup_.options.setpoints) {
        uint8_t *slot = setup_.shared + q.at + (key & (q.depth - 1)) * shm::kSetpointSlotSize;
        int32_t *lo = shm::I32(slot, shm::kSetpointOffKeyLow);
        if (__atomic_load_n(lo, __ATOMIC_ACQUIRE) != low ||
            __atomic_load_n(shm::I32(slot, shm::kSetpointOffKeyHigh), __ATOMIC_ACQUIRE) != high)
            continue;
        // Acquire on the value keeps the second key read after it (a fence would do the same,
        // but TSan cannot check fences).
        uint64_t value = __atomic_load_n(reinterpret_cast<uint64_t *>(slot + shm::kSetpointOffValue), __ATOMIC_ACQUIRE);
        if (__atomic_load_n(lo, __ATOMIC_RELAXED) != low)
            continue;
        std::memcpy(setup_.process_data + q.offset, &value, q.size); // little-endian host, as the bus
        setpoints_applied_++;
    }
}

void CycleLoop::RunCycle(int64_t planned_ns, int64_t woke_ns)
{
    Stats(planned_ns, woke_ns);
    for (DomainSlot &d : domains_) {
        d.due = d.countdown == 0;
        d.countdown = d.due ? d.d.divider - 1 : d.countdown - 1;
    }

    Io(ECA_REQ_RECEIVE, c_receive_, 0);
    for (DomainSlot &d : domains_)
        if (d.due)
            Io(ECA_REQ_DOMAIN_PROCESS, c_process_, d.d.index, &d.err_process);
    if (mon_pending_) {
        mon_pending_ = false;
        Io(ECA_REQ_SYNC_MON_PROCESS, c_mon_process_, reinterpret_cast<unsigned long>(&mon_value_));
    }
    PollDomains(woke_ns);
    PollStates(woke_ns);
    ExchangeImage(woke_ns);
    ApplySetpoints();
    for (DomainSlot &d : domains_)
        if (d.due)
            Io(ECA_REQ_DOMAIN_QUEUE, c_queue_, d.d.index, &d.err_queue);
    if (setup_.options.dc) {
        // The deadline, not the measured wake-up, is the application time: it advances by
        // exactly one period per cycle, which is what the slaves' clocks are steered to.
        app_time_ = static_cast<uint64_t>(planned_ns + dc_epoch_offset_);
        Io(ECA_REQ_APP_TIME, c_app_time_, reinterpret_cast<unsigned long>(&app_time_));
        if (sync_ref_countdown_ == 0) {
            sync_ref_countdown_ = setup_.options.sync_reference_every - 1;
            Io(ECA_REQ_SYNC_REF, c_sync_ref_, 0);
        } else {
            sync_ref_countdown_--;
        }
        Io(ECA_REQ_SYNC_SLAVES, c_sync_slaves_, 0);
        if (c_mon_queue_) {
            Io(ECA_REQ_SYNC_MON_QUEUE, c_mon_queue_, 0);
            mon_pending_ = true;
        }
    }
    Io(ECA_REQ_SEND, c_send_, send_takes_pointer_ ? reinterpret_cast<unsigned long>(&sent_bytes_) : 0);

    uint8_t *base = setup_.shared;
    int64_t exec = MonotonicNs() - woke_ns;
    StoreI64(base, shm::kOffLastExec, exec);
    if (exec > max_exec_) {
        max_exec_ = exec;
        StoreI64(base, shm::kOffMaxExec, exec);
    }
    cycle_++;
    StoreI64(base, shm::kOffCycles, cycle_);
}

bool CycleLoop::LockWorkingSet(MemoryLock *lock, RtReport *report) const
{
    bool ok = lock->Lock(this, sizeof *this, "the cyclic loop's state", report);
    auto vec = [&](const auto &v, const char *what) {
        if (!v.empty())
            ok = lock->Lock(v.data(), v.size() * sizeof v[0], what, report) && ok;
    };
    vec(domains_, "the domain table");
    vec(configs_, "the config table");
    for (const DomainSlot &d : domains_) {
        vec(d.state_arg, "a domain state buffer");
        vec(d.state_data, "a domain state buffer");
    }
    for (const ConfigSlot &c : configs_) {
        vec(c.arg, "a config state buffer");
        vec(c.data, "a config state buffer");
    }
    vec(master_state_, "the master state buffer");
    vec(setup_.output_ranges, "the output ranges");
    vec(setup_.options.safe_outputs, "the safe output image");
    ok = lock->Lock(setup_.shared, setup_.shared_size, "the shared image", report) && ok;
    if (setup_.process_data && setup_.process_data_size)
        ok = lock->Lock(setup_.process_data, setup_.process_data_size, "the process data", report) && ok;
    ok = lock->Lock(setup_.dev, 1, "the device object", report) && ok;
    return ok;
}

void CycleLoop::Overrun(int64_t lateness_ns, int64_t missed, int64_t now_ns)
{
    int64_t *overruns = shm::I64(setup_.shared, shm::kOffOverruns);
    __atomic_store_n(overruns, __atomic_load_n(overruns, __ATOMIC_RELAXED) + missed, __ATOMIC_RELAXED);
    Emit(shm::kEvOverrun, Saturate(lateness_ns), Saturate(missed), 0, 0, now_ns);
}

// ---------------------------------------------------------------------------------------
// The thread

bool CyclicThread::Start(const CycleSetup &setup, RtReport *report, std::string *error)
{
    if (started_) {
        *error = "the cyclic thread is already running";
        return false;
    }
    if (!loop_.Prepare(setup, &report->warnings, error))
        return false;
    rt_ = RtRequest();
    rt_.priority = setup.options.priority;
    rt_.cpu = setup.options.cpu;
    rt_.lock_memory = setup.options.lock_memory;
    rt_.name = "ecat-rt";
    bool locked = true;
    if (rt_.lock_memory) {
        // The code the loop runs: this addon (found by one of its functions) and libc.
        locked = lock_.LockCodeAt(reinterpret_cast<const void *>(&MonotonicNs), "the addon's code", report) && locked;
        locked = lock_.LockCodeNamed("libc.so", report) && locked;
        locked = loop_.LockWorkingSet(&lock_, report) && locked;
    }

    __atomic_store_n(loop_.RunState(), shm::kRunRunning, __ATOMIC_RELEASE);
    report_ = report;
    ready_.store(0, std::memory_order_relaxed);
    int r = RtCreateThread(&thread_, rt_, &CyclicThread::Entry, this, report);
    if (r != 0) {
        __atomic_store_n(loop_.RunState(), shm::kRunFailed, __ATOMIC_RELEASE);
        *error = std::string("could not create the cyclic thread: ") + std::strerror(r);
        return false;
    }
    // The thread finishes its setup (and its entries in *report) before the first cycle;
    // wait for it so the caller can return the complete report.
    while (ready_.load(std::memory_order_acquire) == 0) {
        struct timespec ts = {0, 100000};
        nanosleep(&ts, nullptr);
    }
    report_ = nullptr;
    // Everything locked, including the stack the thread locked itself.
    if (rt_.lock_memory && locked && stack_locked_)
        report->granted |= shm::kGrantMlockall;
    StoreU32(setup.shared, shm::kOffGrants, report->granted);
    started_ = true;
    return true;
}

void CyclicThread::Stop()
{
    if (!started_)
        return;
    int32_t expected = shm::kRunRunning;
    __atomic_compare_exchange_n(loop_.RunState(), &expected, shm::kRunStopRequested, false, __ATOMIC_ACQ_REL,
                                __ATOMIC_ACQUIRE);
    pthread_join(thread_, nullptr);
    started_ = false;
    lock_.UnlockAll();
}

void *CyclicThread::Entry(void *self)
{
    static_cast<CyclicThread *>(self)->Main();
    return nullptr;
}

void CyclicThread::Main()
{
    size_t before = report_->warnings.size();
    RtSetupCurrentThread(rt_, &lock_, report_);
    stack_locked_ = report_->warnings.size() == before || !rt_.lock_memory;
    ready_.store(1, std::memory_order_release); // report_ must not be touched after this

    const int64_t period = loop_.Period();
    int32_t *run = loop_.RunState();
    int64_t start = MonotonicNs();
    loop_.Begin(start);
    int64_t next = start + period;
    while (__atomic_load_n(run, __ATOMIC_ACQUIRE) == shm::kRunRunning) {
        struct timespec ts;
        ts.tv_sec = static_cast<time_t>(next / kNsPerSec);
        ts.tv_nsec = static_cast<long>(next % kNsPerSec);
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
        }
        if (__atomic_load_n(run, __ATOMIC_ACQUIRE) != shm::kRunRunning)
            break;
        int64_t woke = MonotonicNs();
        loop_.RunCycle(next, woke);
        int64_t end = MonotonicNs();
        next += period;
        if (end >= next) {
            // Overrun policy: count the deadlines that passed, report once, and continue at
            // the next deadline still in the future rather than catching up in a burst.
            int64_t missed = (end - next) / period + 1;
            loop_.Overrun(end - next, missed, end);
            next += missed * period;
        }
    }
    __atomic_store_n(run, shm::kRunStopped, __ATOMIC_RELEASE);
}

} // namespace ecat
