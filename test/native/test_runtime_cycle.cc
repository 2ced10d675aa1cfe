// SPDX-License-Identifier: MIT
// native-tests: tsan
// The cyclic exchange (native/runtime/cyclic_thread.cc) against FakeDevice:
// - the loop body, cycle by cycle: the ioctls and their order (RECEIVE, DOMAIN_PROCESS of
//   the due domains, states, DOMAIN_QUEUE, DC, SEND), domain dividers, spread state polls,
//   inputs and outputs through the triple buffers, the watchdog with the safe image,
//   events (WKC, AL state, online, master state, cycle errors once per change), statistics;
// - the real `ecat-rt` thread at 1 kHz with a "JS" thread publishing outputs and reading
//   inputs meanwhile: no heap allocation while it runs (operator new is counted), one
//   RECEIVE and one SEND per cycle, the overrun policy (count, one event, no catch-up
//   burst), stop by JS through the run state word, and the ABI variants of SEND/APP_TIME.
// Built under ASan/UBSan and under TSan.
#include <cstdlib>
#include <new>

#include "runtime/app_master.h"
#include "runtime/cyclic_thread.h"
#include "runtime/event_ring.h"
#include "runtime/shared_layout.h"
#include "test_runtime_support.h"

// Count every C++ heap allocation of the process.
static std::atomic<long> g_allocs{0};
void *operator new(std::size_t n)
{
    g_allocs.fetch_add(1, std::memory_order_relaxed);
    void *p = std::malloc(n ? n : 1);
    if (!p)
        throw std::bad_alloc();
    return p;
}
void *operator new[](std::size_t n) { return operator new(n); }
void operator delete(void *p) noexcept { std::free(p); }
void operator delete[](void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t) noexcept { std::free(p); }

using namespace ecat;
using ecat::test::FakeDevice;

namespace {

constexpr int64_t kMs = 1000000;

// Slave 0: a coupler without variables; slave 1: one output, one input in domain 0 and one
// input in domain 1 (processed every 2nd cycle).
Plan TestPlan()
{
    Plan p;
    PlanSlave a, b;
    a.vendor_id = 2;
    a.product_code = 0x10;
    b.position = 1;
    b.vendor_id = 2;
    b.product_code = 0x20;
    p.slaves = {a, b};
    p.domains = {{1}, {2}};
    p.variables = {{1, 0x7000, 1, 0}, {1, 0x6000, 1, 0}, {1, 0x6001, 1, 1}};
    return p;
}

struct Shared {
    std::vector<uint64_t> mem;
    uint8_t *base;
    explicit Shared(size_t size) : mem(size / 8 + 1), base(reinterpret_cast<uint8_t *>(mem.data())) {}
};

struct Rig {
    FakeDevice dev;
    AppMaster app;
    Layout layout;
    Activation act;
    explicit Rig(const char *abi = "1.6") : dev(abi), app(&dev, dev.Abi())
    {
        CHECK(app.Request().ok());
        CHECK(app.Configure(TestPlan(), &layout).ok());
        CHECK(app.Activate(&act).ok());
    }
    // Byte offsets in the process data of the three variables.
    uint32_t Out() const { return act.domains[0].offset + layout.variables[0].offset; }
    uint32_t In0() const { return act.domains[0].offset + layout.variables[1].offset; }
    uint32_t In1() const { return act.domains[1].offset + layout.variables[2].offset; }
};

// The loop's setup for the rig: domain 1 processed every `divider1` cycles, 3 expected WKC each.
CycleSetup RigSetup(Rig &rig, const Shared &sh, size_t shared_size, uint32_t divider1)
{
    CycleSetup setup;
    setup.dev = &rig.dev;
    setup.abi = rig.dev.Abi();
    setup.process_data = rig.dev.ProcessData();
    setup.process_data_size = rig.act.process_data_size;
    setup.domains = {{rig.act.domains[0].index, 1, 3}, {rig.act.domains[1].index, divider1, 3}};
    setup.configs = rig.layout.config_indices;
    setup.output_ranges = rig.act.output_ranges;
    setup.shared = sh.base;
    setup.shared_size = shared_size;
    setup.event_capacity = rig.act.event_capacity;
    return setup;
}

std::vector<eca_req> Log(const FakeDevice &d)
{
    std::vector<eca_req> v;
    for (size_t i = 0; i < d.LogSize(); i++)
        v.push_back(d.LogAt(i));
    return v;
}

std::string Names(const std::vector<eca_req> &v)
{
    std::string s;
    for (eca_req r : v)
        s += std::string(s.empty() ? "" : " ") + (r < ECA_REQ_COUNT ? eca_requests[r].name : "?");
    return s;
}

std::vector<Event> Drain(uint8_t *base, size_t image_size, uint32_t cap)
{
    EventReader rd(shm::I32(base, shm::kOffEventHead), shm::I32(base, shm::kOffEventTail),
                   base + shm::EventRingOffset(image_size), cap);
    std::vector<Event> out;
    Event e;
    while (rd.Pop(&e))
        out.push_back(e);
    return out;
}

int Count(const std::vector<Event> &v, uint16_t type)
{
    int n = 0;
    for (const Event &e : v)
        n += e.type == type;
    return n;
}

uint16_t Read16(const uint8_t *p)
{
    uint16_t v;
    std::memcpy(&v, p, 2);
    return v;
}

// The loop body, driven cycle by cycle with synthetic times.
void TestLoopBody()
{
    Rig rig;
    const size_t S = rig.act.process_data_size;
    CHECK_EQ(S, 6);
    Shared sh(rig.act.shared_size);
    InitSharedImage(sh.base, S, rig.act.event_capacity);
    CHECK_EQ(*shm::U32(sh.base, shm::kOffMagic), shm::kMagic);
    CHECK_EQ(*shm::I32(sh.base, shm::kOffInputMiddle), 1);

    CycleSetup setup = RigSetup(rig, sh, rig.act.shared_size, 2);
    setup.options.cycle_time_ns = kMs;
    setup.options.dc = true;
    setup.options.sync_reference_every = 2;
    setup.options.state_every = 2; // sweep: MASTER_STATE + config 0, then config 1
    setup.options.watchdog_ms = 5;
    setup.options.safe_outputs.assign(S, 0);
    setup.options.safe_outputs[rig.Out()] = 0x34;
    setup.options.safe_outputs[rig.Out() + 1] = 0x12;

    CycleLoop loop;
    std::vector<std::string> warnings;
    std::string error;
    CHECK(loop.Prepare(setup, &warnings, &error));
    CHECK(warnings.empty());
    const int64_t t0 = 5000 * kMs;
    loop.Begin(t0);

    // JS's side of the triple buffers.
    const size_t stride = shm::BufferStride(S);
    TripleConsumer js_in(shm::I32(sh.base, shm::kOffInputMiddle), sh.base + shm::InputBufferOffset(S, 0), stride);
    TripleProducer js_out(shm::I32(sh.base, shm::kOffOutputMiddle), sh.base + shm::OutputBufferOffset(S, 0), stride);

    // Cycle 0: both domains due, master state and the first config polled.
    rig.dev.ClearLog();
    loop.RunCycle(t0 + kMs, t0 + kMs + 5000);
    CHECK_STR(Names(Log(rig.dev)), "RECEIVE DOMAIN_PROCESS DOMAIN_PROCESS DOMAIN_STATE DOMAIN_STATE MASTER_STATE "
                                   "SC_STATE DOMAIN_QUEUE DOMAIN_QUEUE APP_TIME SYNC_REF SYNC_SLAVES SEND");
    // Before JS published anything the outputs carry the safe image.
    CHECK_EQ(rig.dev.last_output.load(), 0x1234);
    CHECK(js_in.Acquire());
    CHECK_EQ(Read16(js_in.Front() + rig.In0()), 1);
    CHECK_EQ(Read16(js_in.Front() + rig.In1()), 2);
    CHECK(!js_in.Acquire());

    // Cycle 1: domain 1 is not due; the other config is polled; no SYNC_REF (every 2nd).
    rig.dev.ClearLog();
    loop.RunCycle(t0 + 2 * kMs, t0 + 2 * kMs + 3000);
    CHECK_STR(Names(Log(rig.dev)), "RECEIVE DOMAIN_PROCESS DOMAIN_STATE SC_STATE DOMAIN_QUEUE APP_TIME SYNC_SLAVES SEND");
    // APP_TIME is the deadline on the DC epoch (2000-01-01), one period per cycle.
    uint64_t app1 = rig.dev.app_time.load();
    CHECK(app1 > static_cast<uint64_t>(20) * 365 * 24 * 3600 * 1000000000ull);

    // JS publishes outputs and beats the heartbeat: the next cycle sends them.
    uint8_t *ob = js_out.Back();
    ob[rig.Out()] = 0xef;
    ob[rig.Out() + 1] = 0xbe;
    js_out.Publish();
    __atomic_fetch_add(shm::I32(sh.base, shm::kOffHeartbeat), 1, __ATOMIC_SEQ_CST);
    rig.dev.ClearLog();
    loop.RunCycle(t0 + 3 * kMs, t0 + 3 * kMs + 1000);
    CHECK_EQ(rig.dev.last_output.load(), 0xbeef);
    CHECK_EQ(rig.dev.app_time.load() - app1, static_cast<uint64_t>(kMs));
    CHECK_STR(Names(Log(rig.dev)), "RECEIVE DOMAIN_PROCESS DOMAIN_PROCESS DOMAIN_STATE DOMAIN_STATE MASTER_STATE "
                                   "SC_STATE DOMAIN_QUEUE DOMAIN_QUEUE APP_TIME SYNC_REF SYNC_SLAVES SEND");
    CHECK(js_in.Acquire());
    // The fake numbers its DOMAIN_PROCESS calls: 1, 2 (cycle 0), 3 (cycle 1), 4, 5 (cycle 2).
    CHECK_EQ(Read16(js_in.Front() + rig.In0()), 4);
    CHECK_EQ(Read16(js_in.Front() + rig.In1()), 5);

    // Events so far: WKC of both domains, master state, online + AL state of both configs.
    std::vector<Event> ev = Drain(sh.base, S, rig.act.event_capacity);
    CHECK_EQ(Count(ev, shm::kEvWkc), 2);
    CHECK_EQ(Count(ev, shm::kEvMasterState), 1);
    CHECK_EQ(Count(ev, shm::kEvOnline), 2);
    CHECK_EQ(Count(ev, shm::kEvAlState), 2);
    for (const Event &e : ev) {
        if (e.type == shm::kEvWkc) {
            CHECK_EQ(e.b, 3);
            CHECK_EQ(e.c, 3);
            CHECK_EQ(e.d, 2);
        }
        if (e.type == shm::kEvAlState) {
            CHECK_EQ(e.b, 0);
            CHECK_EQ(e.c, 8);
            CHECK_EQ(e.d, 3);
        }
        if (e.type == shm::kEvMasterState) {
            CHECK_EQ(e.a, 2);
            CHECK_EQ(e.b, 8);
            CHECK_EQ(e.c, 1);
        }
    }
    CHECK_EQ(*shm::U32(sh.base, shm::kOffConfigStates + 4 * rig.layout.config_indices[1]),
             shm::kConfigOnline | shm::kConfigOperational | (8u << shm::kConfigAlShift));
    CHECK_EQ(*shm::U32(sh.base, shm::kOffDomainStates + 0), 3);     // wkc
    CHECK_EQ(*shm::U32(sh.base, shm::kOffDomainStates + 4), 3);     // expected
    CHECK_EQ(*shm::U32(sh.base, shm::kOffDomainStates + 8), 2);     // complete
    CHECK_EQ(*shm::U32(sh.base, shm::kOffDomainStates + 12), 3);    // domain 0 processed 3 times
    CHECK_EQ(*shm::U32(sh.base, shm::kOffDomainStates + 16 + 12), 2); // domain 1 twice

    // A WKC drop and an AL change are events; a failing request is one event, not one per cycle.
    rig.dev.wkc = 1;
    rig.dev.al_state = 4;
    rig.dev.fail_req = ECA_REQ_SYNC_SLAVES;
    for (int c = 4; c <= 8; c++) {
        __atomic_fetch_add(shm::I32(sh.base, shm::kOffHeartbeat), 1, __ATOMIC_SEQ_CST);
        loop.RunCycle(t0 + c * kMs, t0 + c * kMs + 2000);
    }
    rig.dev.fail_req = -1;
    ev = Drain(sh.base, S, rig.act.event_capacity);
    CHECK_EQ(Count(ev, shm::kEvCycleError), 1);
    CHECK_EQ(Count(ev, shm::kEvWkc), 2);
    CHECK_EQ(Count(ev, shm::kEvAlState), 2);
    CHECK_EQ(Count(ev, shm::kEvMasterState), 1);
    for (const Event &e : ev) {
        if (e.type == shm::kEvCycleError) {
            CHECK_EQ(e.a, -EIO);
            CHECK_EQ(e.b, ECA_REQ_SYNC_SLAVES);
        }
        if (e.type == shm::kEvWkc)
            CHECK_EQ(e.d, 1); // incomplete
        if (e.type == shm::kEvAlState) {
            CHECK_EQ(e.b, 8);
            CHECK_EQ(e.c, 4);
            CHECK_EQ(e.d, 1); // online, not operational
        }
    }

    // Watchdog: no heartbeat for more than 5 ms -> tripped, safe outputs, one event;
    // a heartbeat clears it and JS's outputs return.
    int64_t t = t0 + 9 * kMs;
    for (int c = 0; c < 7; c++, t += kMs)
        loop.RunCycle(t, t + 1000);
    CHECK_EQ(*shm::I32(sh.base, shm::kOffWatchdogTripped), 1);
    CHECK_EQ(rig.dev.last_output.load(), 0x1234);
    ev = Drain(sh.base, S, rig.act.event_capacity);
    CHECK_EQ(Count(ev, shm::kEvWatchdog), 1);
    __atomic_fetch_add(shm::I32(sh.base, shm::kOffHeartbeat), 1, __ATOMIC_SEQ_CST);
    loop.RunCycle(t, t + 1000);
    CHECK_EQ(*shm::I32(sh.base, shm::kOffWatchdogTripped), 0);
    CHECK_EQ(rig.dev.last_output.load(), 0xbeef);
    ev = Drain(sh.base, S, rig.act.event_capacity);
    CHECK_EQ(Count(ev, shm::kEvWatchdog), 1);
    CHECK(!ev.empty() && ev.back().type == shm::kEvWatchdog && ev.back().a == 0);

    // Statistics: 16 cycles, latencies 1000..5000 ns in buckets 9..12, periods of 1 ms.
    CHECK_EQ(*shm::I64(sh.base, shm::kOffCycles), 16);
    CHECK_EQ(*shm::I64(sh.base, shm::kOffMaxLatency), 5000);
    CHECK_EQ(*shm::I64(sh.base, shm::kOffLastLatency), 1000);
    uint64_t hist = 0;
    for (size_t k = 0; k < shm::kHistogramBuckets; k++)
        hist += *shm::U32(sh.base, shm::kOffHistogram + 4 * k);
    CHECK_EQ(hist, 16);
    CHECK(*shm::U32(sh.base, shm::kOffHistogram + 4 * 12) >= 1); // 5000 ns
    CHECK(*shm::U32(sh.base, shm::kOffHistogram + 4 * 9) >= 1);  // 1000 ns
    CHECK(*shm::I64(sh.base, shm::kOffMinPeriod) >= kMs - 4000);
    CHECK(*shm::I64(sh.base, shm::kOffMaxPeriod) <= kMs + 4000);

    // An overrun is counted by missed deadlines, with one event carrying the lateness.
    loop.Overrun(2500000, 3, t + 5 * kMs);
    CHECK_EQ(*shm::I64(sh.base, shm::kOffOverruns), 3);
    ev = Drain(sh.base, S, rig.act.event_capacity);
    CHECK_EQ(Count(ev, shm::kEvOverrun), 1);
    CHECK_EQ(ev.back().a, 2500000);
    CHECK_EQ(ev.back().b, 3);
    rig.app.Close();
}

// State polls: one sweep of state_every cycles polls MASTER_STATE once and every config once,
// spread evenly; per-domain failures are tracked per domain (no event storm).
void TestStateSweep()
{
    FakeDevice dev;
    AppMaster app(&dev, dev.Abi());
    Plan p;
    for (int i = 0; i < 25; i++) {
        PlanSlave s;
        s.position = i;
        p.slaves.push_back(s);
    }
    p.domains = {{1}, {1}};
    Layout layout;
    Activation act;
    CHECK(app.Request().ok());
    CHECK(app.Configure(p, &layout).ok());
    CHECK(app.Activate(&act).ok());
    Shared sh(act.shared_size);
    InitSharedImage(sh.base, act.process_data_size, act.event_capacity);
    CycleSetup setup;
    setup.dev = &dev;
    setup.abi = dev.Abi();
    setup.domains = {{0, 1, 0}, {1, 1, 0}};
    setup.configs = layout.config_indices;
    setup.shared = sh.base;
    setup.shared_size = act.shared_size;
    setup.event_capacity = act.event_capacity;
    setup.options.state_every = 10;
    CycleLoop loop;
    std::vector<std::string> warnings;
    std::string error;
    CHECK(loop.Prepare(setup, &warnings, &error));
    loop.Begin(0);
    // 25 configs with at most kMaxStatePollsPerCycle (2) per cycle: the sweep grows from the
    // requested 10 cycles to 13.
    const int sweep_len = 13;
    for (int sweep = 0; sweep < 2; sweep++) {
        dev.ClearLog();
        long most = 0;
        long masters = 0, total = 0;
        for (int c = 0; c < sweep_len; c++) {
            size_t before = dev.LogSize();
            loop.RunCycle((sweep * sweep_len + c + 1) * kMs, (sweep * sweep_len + c + 1) * kMs);
            long here = 0;
            for (size_t i = before; i < dev.LogSize(); i++) {
                here += dev.LogAt(i) == ECA_REQ_SC_STATE;
                masters += dev.LogAt(i) == ECA_REQ_MASTER_STATE;
            }
            total += here;
            most = here > most ? here : most;
        }
        CHECK_EQ(total, 25);  // every config once per sweep
        CHECK_EQ(masters, 1);
        CHECK(most <= 2);     // never more than kMaxStatePollsPerCycle in one cycle
    }
    std::vector<Event> ev = Drain(sh.base, 0, act.event_capacity);
    CHECK_EQ(Count(ev, shm::kEvOnline), 25);
    // Domain 1 fails DOMAIN_PROCESS, domain 0 does not: one event in five cycles.
    dev.fail_req = ECA_REQ_DOMAIN_PROCESS;
    dev.fail_value = 1;
    for (int c = 0; c < 5; c++)
        loop.RunCycle((2 * sweep_len + 1 + c) * kMs, (2 * sweep_len + 1 + c) * kMs);
    ev = Drain(sh.base, 0, act.event_capacity);
    CHECK_EQ(Count(ev, shm::kEvCycleError), 1);
    app.Close();
}

// The thread: allocation-free, one RECEIVE/SEND per cycle, concurrent "JS", overruns.
// Set-point queues: the slot for the cycle being built overrides the published bytes; a
// missing, stale or half-written slot leaves them; the safe image wins while no outputs came.
void WriteSlot(uint8_t *slot, uint64_t key, uint16_t value, bool complete = true)
{
    __atomic_store_n(shm::I32(slot, shm::kSetpointOffKeyLow), shm::kSetpointNone, __ATOMIC_SEQ_CST);
    __atomic_store_n(shm::I32(slot, shm::kSetpointOffKeyHigh), static_cast<int32_t>(key >> shm::kSetpointKeyBits),
                     __ATOMIC_SEQ_CST);
    __atomic_store_n(reinterpret_cast<uint64_t *>(slot + shm::kSetpointOffValue), static_cast<uint64_t>(value),
                     __ATOMIC_RELEASE);
    if (complete)
        __atomic_store_n(shm::I32(slot, shm::kSetpointOffKeyLow),
                         static_cast<int32_t>(key & ((1u << shm::kSetpointKeyBits) - 1)), __ATOMIC_SEQ_CST);
}

void TestSetpoints()
{
    Rig rig;
    const size_t S = rig.act.process_data_size;
    const uint32_t depth = 8;
    const size_t at = (rig.act.shared_size + 7) / 8 * 8;
    const size_t total = at + depth * shm::kSetpointSlotSize;
    Shared sh(total);
    InitSharedImage(sh.base, S, rig.act.event_capacity);
    for (uint32_t i = 0; i < depth; i++)
        *shm::I32(sh.base + at + i * shm::kSetpointSlotSize, shm::kSetpointOffKeyLow) = shm::kSetpointNone;

    CycleOptions o;
    o.cycle_time_ns = kMs;
    o.safe_outputs.assign(S, 0);
    o.setpoints = {{rig.Out(), 2, at, depth}};
    // The boundary's checks first: the same queue outside the outputs or the buffer is refused.
    {
        CycleOptions bad = o;
        bad.setpoints[0].offset = rig.In0();
        CHECK(rig.app.CheckSetpoints(bad.setpoints, total).field == "options.setpoints[0].offset");
        bad = o;
        CHECK(rig.app.CheckSetpoints(bad.setpoints, total - 8).field == "options.setpoints[0].at");
        CHECK(rig.app.CheckSetpoints(o.setpoints, total).ok());
    }

    CycleSetup setup = RigSetup(rig, sh, total, 1);
    setup.options = o;
    CycleLoop loop;
    std::vector<std::string> warnings;
    std::string error;
    CHECK(loop.Prepare(setup, &warnings, &error));
    const int64_t t0 = 9000 * kMs;
    loop.Begin(t0);
    auto slot = [&](uint64_t key) { return sh.base + at + (key & (depth - 1)) * shm::kSetpointSlotSize; };
    int64_t planned = t0;
    auto cycle = [&] {
        planned += kMs;
        loop.RunCycle(planned, planned + 1000);
    };

    // Cycle 1 (JS numbering: the first cycle is 1): a queued value, but nothing published yet,
    // so the safe image (0) goes out.
    WriteSlot(slot(1), 1, 0x1111);
    cycle();
    CHECK_EQ(rig.dev.last_output.load(), 0);
    CHECK_EQ(loop.SetpointsApplied(), 0u);

    // JS publishes 0x0aaa; cycles 2 and 3 have queued values, 4 none, 5 a half-written slot,
    // 6 a slot still holding cycle 6 - depth.
    const size_t stride = shm::BufferStride(S);
    TripleProducer js_out(shm::I32(sh.base, shm::kOffOutputMiddle), sh.base + shm::OutputBufferOffset(S, 0), stride);
    uint16_t published = 0x0aaa;
    std::memcpy(js_out.Back() + rig.Out(), &published, 2);
    js_out.Publish();
    WriteSlot(slot(2), 2, 0x2222);
    WriteSlot(slot(3), 3, 0x3333);
    WriteSlot(slot(5), 5, 0x5555, false);
    WriteSlot(slot(6), 6 - depth, 0x6666);
    cycle(); // 2
    CHECK_EQ(rig.dev.last_output.load(), 0x2222);
    cycle(); // 3
    CHECK_EQ(rig.dev.last_output.load(), 0x3333);
    cycle(); // 4: nothing queued, nothing fresh: the last value holds
    CHECK_EQ(rig.dev.last_output.load(), 0x3333);
    cycle(); // 5: half-written
    CHECK_EQ(rig.dev.last_output.load(), 0x3333);
    cycle(); // 6: a stale slot
    CHECK_EQ(rig.dev.last_output.load(), 0x3333);
    CHECK_EQ(loop.SetpointsApplied(), 2u);

    // A fresh publish without a queued value: publish() decides again.
    published = 0x0bbb;
    std::memcpy(js_out.Back() + rig.Out(), &published, 2);
    js_out.Publish();
    cycle(); // 7
    CHECK_EQ(rig.dev.last_output.load(), 0x0bbb);
    // ... and with one for the same cycle the queue wins.
    std::memcpy(js_out.Back() + rig.Out(), &published, 2);
    js_out.Publish();
    WriteSlot(slot(8), 8, 0x8888);
    cycle(); // 8
    CHECK_EQ(rig.dev.last_output.load(), 0x8888);
    // Keys past 2^30 use the high word: cycle 9 is not cycle 9 + 2^30.
    WriteSlot(slot(9), 9 + (1ull << shm::kSetpointKeyBits), 0x9999);
    cycle(); // 9
    CHECK_EQ(rig.dev.last_output.load(), 0x8888);
    CHECK_EQ(loop.SetpointsApplied(), 3u);
}

void TestThread()
{
    Rig rig;
    const size_t S = rig.act.process_data_size;
    Shared sh(rig.act.shared_size);
    CycleOptions o;
    o.cycle_time_ns = kMs;
    o.priority = 10; // granted or not, it runs; the report says which
    o.lock_memory = true;
    o.state_every = 10;
    o.watchdog_ms = 1000;
    CycleStartInfo started;
    Status s = rig.app.StartCycle(o, sh.base, rig.act.shared_size, &started);
    CHECK(s.ok());
    CHECK(rig.app.phase() == Phase::kCycling);
    for (const std::string &w : started.warnings)
        std::printf("  (start warning: %s)\n", w.c_str());
    CHECK_EQ(*shm::U32(sh.base, shm::kOffGrants), started.granted);
    // Every grant asked for is either in effect or explained.
    CHECK((started.granted & shm::kGrantMlockall) || !started.warnings.empty());
    CHECK((started.granted & shm::kGrantSchedFifo) || !started.warnings.empty());
    CHECK_EQ(__atomic_load_n(shm::I32(sh.base, shm::kOffRunState), __ATOMIC_ACQUIRE), shm::kRunRunning);
    // A second start is refused by phase.
    CHECK(rig.app.StartCycle(o, sh.base, rig.act.shared_size, &started).code == Status::kWrongPhase);

    // "JS": publishes an incrementing output and heartbeat, reads inputs, drains events.
    std::atomic<bool> stop_js{false};
    std::atomic<long> js_torn{0}, js_inputs{0};
    std::thread js([&] {
        const size_t stride = shm::BufferStride(S);
        TripleConsumer in(shm::I32(sh.base, shm::kOffInputMiddle), sh.base + shm::InputBufferOffset(S, 0), stride);
        TripleProducer out(shm::I32(sh.base, shm::kOffOutputMiddle), sh.base + shm::OutputBufferOffset(S, 0), stride);
        EventReader rd(shm::I32(sh.base, shm::kOffEventHead), shm::I32(sh.base, shm::kOffEventTail),
                       sh.base + shm::EventRingOffset(S), rig.act.event_capacity);
        uint16_t v = 0x100;
        uint16_t prev = 0;
        while (!stop_js.load(std::memory_order_acquire)) {
            if (in.Acquire()) {
                uint16_t x = Read16(in.Front() + rig.In0());
                if (x < prev)
                    js_torn++;
                prev = x;
                js_inputs++;
            }
            ++v;
            std::memcpy(out.Back() + rig.Out(), &v, 2);
            out.Publish();
            __atomic_fetch_add(shm::I32(sh.base, shm::kOffHeartbeat), 1, __ATOMIC_SEQ_CST);
            Event e;
            while (rd.Pop(&e)) {
            }
            (void)__atomic_load_n(shm::I64(sh.base, shm::kOffCycles), __ATOMIC_RELAXED);
            struct timespec ts = {0, 200000};
            nanosleep(&ts, nullptr);
        }
    });

    struct timespec warm = {0, 60 * 1000000};
    nanosleep(&warm, nullptr);
    long allocs_before = g_allocs.load();
    int64_t cycles_before = __atomic_load_n(shm::I64(sh.base, shm::kOffCycles), __ATOMIC_RELAXED);
    struct timespec window = {0, 250 * 1000000};
    nanosleep(&window, nullptr);
    long allocs_during = g_allocs.load() - allocs_before;
    int64_t cycles_during = __atomic_load_n(shm::I64(sh.base, shm::kOffCycles), __ATOMIC_RELAXED) - cycles_before;
    CHECK_EQ(allocs_during, 0); // neither the cyclic thread nor the fake device nor "JS" allocated
    CHECK(cycles_during > 50);   // generous: sanitizers and a loaded VM are slow

    // Overrun: SEND stalls for 3.5 periods once; the loop counts the missed deadlines,
    // reports one overrun and resumes at the next deadline without a burst of cycles.
    int64_t over_before = __atomic_load_n(shm::I64(sh.base, shm::kOffOverruns), __ATOMIC_RELAXED);
    rig.dev.send_stall_us = 3500;
    struct timespec settle = {0, 30 * 1000000};
    nanosleep(&settle, nullptr);
    int64_t over = __atomic_load_n(shm::I64(sh.base, shm::kOffOverruns), __ATOMIC_RELAXED) - over_before;
    CHECK(over >= 3);

    stop_js = true;
    js.join();
    CHECK(rig.app.StopCycle().ok());
    CHECK(rig.app.StopCycle().ok()); // idempotent
    CHECK(rig.app.phase() == Phase::kActive);
    CHECK_EQ(__atomic_load_n(shm::I32(sh.base, shm::kOffRunState), __ATOMIC_ACQUIRE), shm::kRunStopped);
    CHECK_EQ(js_torn.load(), 0);
    CHECK(js_inputs.load() > 10);
    CHECK(rig.dev.last_output.load() >= 0x100);

    // Every cycle is RECEIVE ... SEND; per cycle: RECEIVE, 1 or 2 DOMAIN_PROCESS, as many
    // DOMAIN_STATE and DOMAIN_QUEUE, the spread state polls, SEND.
    std::vector<eca_req> log = Log(rig.dev);
    int64_t cycles = __atomic_load_n(shm::I64(sh.base, shm::kOffCycles), __ATOMIC_RELAXED);
    long receives = 0, sends = 0, in_cycle = 0, bad_order = 0;
    size_t first = 0;
    while (first < log.size() && log[first] != ECA_REQ_RECEIVE)
        first++;
    for (size_t i = first; i < log.size(); i++) {
        if (log[i] == ECA_REQ_RECEIVE) {
            receives++;
            if (in_cycle)
                bad_order++;
            in_cycle = 1;
        } else if (log[i] == ECA_REQ_SEND) {
            sends++;
            if (!in_cycle)
                bad_order++;
            in_cycle = 0;
        } else if (!in_cycle && log[i] != ECA_REQ_DEACTIVATE) {
            bad_order++;
        }
    }
    CHECK_EQ(receives, cycles);
    CHECK_EQ(sends, cycles);
    CHECK_EQ(bad_order, 0);
    long per_cycle_max = 0, cur = 0;
    for (size_t i = first; i < log.size(); i++) {
        cur++;
        if (log[i] == ECA_REQ_SEND) {
            per_cycle_max = cur > per_cycle_max ? cur : per_cycle_max;
            cur = 0;
        }
    }
    // 2 configs over 10 cycles: at most RECEIVE + 2 PROCESS + 2 STATE + MASTER_STATE + SC_STATE + 2 QUEUE + SEND.
    CHECK(per_cycle_max <= 10);

    // JS can stop the loop through the run state word; stopCycle then just joins.
    CHECK(rig.app.StartCycle(o, sh.base, rig.act.shared_size, &started).ok());
    nanosleep(&settle, nullptr);
    __atomic_store_n(shm::I32(sh.base, shm::kOffRunState), shm::kRunStopRequested, __ATOMIC_SEQ_CST);
    for (int i = 0; i < 200 && __atomic_load_n(shm::I32(sh.base, shm::kOffRunState), __ATOMIC_ACQUIRE) != 0; i++)
        nanosleep(&settle, nullptr);
    CHECK_EQ(__atomic_load_n(shm::I32(sh.base, shm::kOffRunState), __ATOMIC_ACQUIRE), shm::kRunStopped);
    CHECK(rig.app.StopCycle().ok());

    // close() from cycling: stops the thread, then DEACTIVATE.
    CHECK(rig.app.StartCycle(o, sh.base, rig.act.shared_size, &started).ok());
    nanosleep(&settle, nullptr);
    rig.dev.ClearLog();
    rig.app.Close();
    std::vector<eca_req> tail = Log(rig.dev);
    CHECK(!tail.empty() && tail.back() == ECA_REQ_DEACTIVATE);
    CHECK(rig.app.phase() == Phase::kClosed);
    CHECK(!rig.dev.mapped);
}

// SEND takes a size_t pointer on the development line; APP_TIME is a struct on 1.5.2.
// FakeDevice refuses the wrong argument kind, which would show as a cycle error event.
void TestAbiVariants(const char *abi)
{
    Rig rig(abi);
    Shared sh(rig.act.shared_size);
    CycleOptions o;
    o.cycle_time_ns = kMs;
    o.dc = true;
    CycleStartInfo started;
    CHECK(rig.app.StartCycle(o, sh.base, rig.act.shared_size, &started).ok());
    struct timespec ts = {0, 40 * 1000000};
    nanosleep(&ts, nullptr);
    rig.app.StopCycle();
    std::vector<Event> ev = Drain(sh.base, rig.act.process_data_size, rig.act.event_capacity);
    if (Count(ev, shm::kEvCycleError))
        for (const Event &e : ev)
            if (e.type == shm::kEvCycleError)
                std::fprintf(stderr, "  %s: cycle error %d on %s\n", abi, e.a, eca_requests[e.b].name);
    CHECK_EQ(Count(ev, shm::kEvCycleError), 0);
    CHECK(__atomic_load_n(shm::I64(sh.base, shm::kOffCycles), __ATOMIC_RELAXED) > 5);
    CHECK(rig.dev.app_time.load() != 0);
}

} // namespace

int main()
{
    TestLoopBody();
    TestStateSweep();
    TestSetpoints();
    TestThread();
    TestAbiVariants("dev-2022");
    TestAbiVariants("1.5.2");
    TestAbiVariants("1.5.3");
    return rt_done("test_runtime_cycle");
}
