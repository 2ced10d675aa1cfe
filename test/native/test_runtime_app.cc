// SPDX-License-Identifier: MIT
// The application lifecycle (native/runtime/app_master.cc) against FakeDevice: the phase
// order with WRONG_PHASE errors naming phase and call, the IgH request sequence of
// configure() in plan order, layout results, errors naming the plan item, activation
// (mmap, domain offsets, FMMU ranges merged, shared size), failure paths that undo
// activation, cycle option checks, config state, process data copies, deactivate, close.
#include "runtime/app_master.h"
#include "runtime/shared_layout.h"
#include "test_runtime_support.h"

using namespace ecat;
using ecat::test::FakeDevice;

namespace {

Plan FullPlan()
{
    Plan p;
    PlanSlave coupler;
    coupler.vendor_id = 2;
    coupler.product_code = 0x044c2c52;
    PlanSlave drive;
    drive.alias = 7;
    drive.position = 0;
    drive.vendor_id = 0x99;
    drive.product_code = 0x1234;
    drive.has_syncs = true;
    PlanSync out;
    out.index = 2;
    out.dir = SyncDir::kOutput;
    out.watchdog = WatchdogMode::kEnable;
    PlanPdo rx;
    rx.index = 0x1600;
    rx.entries = {{0x7040, 0, 16}, {0x707a, 0, 32}};
    PlanPdo rx2;
    rx2.index = 0x1601; // no entries: keep the slave's mapping
    out.pdos = {rx, rx2};
    PlanSync in;
    in.index = 3;
    in.dir = SyncDir::kInput;
    PlanPdo tx;
    tx.index = 0x1a00;
    tx.entries = {{0x6041, 0, 16}};
    in.pdos = {tx};
    drive.syncs = {out, in};
    PlanSdo remap;
    remap.index = 0x1c12;
    remap.data = {0};
    PlanSdo mode;
    mode.index = 0x6060;
    mode.data = {8};
    mode.complete_access = true;
    drive.startup_sdos = {remap, mode};
    drive.has_watchdog = true;
    drive.watchdog = {2498, 100};
    drive.has_dc = true;
    drive.dc = {0x300, 1000000, -250, 2000000, 0};
    p.slaves = {coupler, drive};
    p.domains = {{1}, {1}};
    p.variables = {{1, 0x7040, 0, 0}, {1, 0x707a, 0, 0}, {1, 0x6041, 0, 0}, {1, 0x6041, 0, 1}};
    p.reference_clock = 1;
    return p;
}

void CheckWrongPhase(const Status &s, const char *phase, const char *call)
{
    CHECK(s.code == Status::kWrongPhase);
    CHECK_STR(s.phase, phase);
    CHECK_STR(s.call, call);
    CHECK(s.message.find(std::string(call) + "()") == 0);
    CHECK(s.message.find(std::string("'") + phase + "'") != std::string::npos);
}

void TestPhases()
{
    FakeDevice dev;
    AppMaster app(&dev, dev.Abi());
    Layout layout;
    Activation act;
    CycleStartInfo started;
    ConfigStateInfo cs;
    std::vector<uint8_t> pd;
    CHECK(app.phase() == Phase::kOpened);
    CHECK_STR(PhaseName(app.phase()), "opened");
    CheckWrongPhase(app.Configure(FullPlan(), &layout), "opened", "configure");
    CheckWrongPhase(app.Activate(&act), "opened", "activate");
    CheckWrongPhase(app.StartCycle(CycleOptions(), nullptr, 0, &started), "opened", "startCycle");
    CheckWrongPhase(app.Deactivate(), "opened", "deactivate");
    CheckWrongPhase(app.ConfigState(0, &cs), "opened", "configState");
    CheckWrongPhase(app.ReadProcessData(&pd), "opened", "readProcessData");
    CHECK(app.StopCycle().ok()); // idempotent everywhere
    CHECK(dev.LogSize() == 0);   // nothing reached the device

    CHECK(app.Request().ok());
    CHECK(dev.requested);
    CHECK(app.phase() == Phase::kReserved);
    CheckWrongPhase(app.Request(), "reserved", "request");
    CheckWrongPhase(app.Activate(&act), "reserved", "activate");

    CHECK(app.Configure(FullPlan(), &layout).ok());
    CHECK(app.phase() == Phase::kConfigured);
    CheckWrongPhase(app.Configure(FullPlan(), &layout), "configured", "configure");
    CHECK(app.ConfigState(1, &cs).ok());
    CHECK(cs.online && cs.operational && cs.al_state == 8);

    CHECK(app.Activate(&act).ok());
    CHECK(app.phase() == Phase::kActive);
    CheckWrongPhase(app.Activate(&act), "active", "activate");
    CHECK(app.ReadProcessData(&pd).ok());
    CHECK_EQ(pd.size(), act.process_data_size);

    CHECK(app.Deactivate().ok());
    CHECK(app.phase() == Phase::kReserved);
    CHECK(!dev.mapped);
    app.Close();
    CHECK(app.phase() == Phase::kClosed);
    CheckWrongPhase(app.Request(), "closed", "request");
}

void TestConfigureSequence()
{
    FakeDevice dev;
    AppMaster app(&dev, dev.Abi());
    CHECK(app.Request().ok());
    Layout layout;
    Status s = app.Configure(FullPlan(), &layout);
    CHECK(s.ok());
    const std::vector<std::string> expected = {
        "CREATE_SLAVE_CONFIG 0:0",
        "CREATE_SLAVE_CONFIG 7:0",
        "SC_SYNC 2 dir 1 wd 1",
        "SC_CLEAR_PDOS 2",
        "SC_ADD_PDO 0x1600",
        "SC_CLEAR_ENTRIES 0x1600",
        "SC_ADD_ENTRY 0x7040:0/16",
        "SC_ADD_ENTRY 0x707a:0/32",
        "SC_ADD_PDO 0x1601",
        "SC_SYNC 3 dir 2 wd 0",
        "SC_CLEAR_PDOS 3",
        "SC_ADD_PDO 0x1a00",
        "SC_CLEAR_ENTRIES 0x1a00",
        "SC_ADD_ENTRY 0x6041:0/16",
        "SC_SDO 0x1c12:0 size 1 first 0 ca 0",
        "SC_SDO 0x6060:0 size 1 first 8 ca 1",
        "SC_WATCHDOG 2498 100",
        "SC_DC 0x0300 1000000 -250 2000000",
        "SELECT_REF_CLOCK 1",
        "CREATE_DOMAIN",
        "CREATE_DOMAIN",
        "SC_REG_PDO_ENTRY 0x7040 -> 0+0",
        "SC_REG_PDO_ENTRY 0x707a -> 0+2",
        "SC_REG_PDO_ENTRY 0x6041 -> 0+4",
        "SC_REG_PDO_ENTRY 0x6041 -> 1+0",
        "DOMAIN_SIZE 0",
        "DOMAIN_SIZE 1",
    };
    CHECK_EQ(dev.trace.size(), expected.size());
    for (size_t i = 0; i < expected.size() && i < dev.trace.size(); i++)
        CHECK_STR(dev.trace[i], expected[i]);
    CHECK_EQ(layout.config_indices.size(), 2);
    CHECK_EQ(layout.config_indices[1], 1);
    CHECK_EQ(layout.domain_indices.size(), 2);
    CHECK_EQ(layout.variables.size(), 4);
    CHECK_EQ(layout.variables[1].domain, 0);
    CHECK_EQ(layout.variables[1].offset, 2);
    CHECK_EQ(layout.variables[3].domain, 1);
    CHECK_EQ(layout.domain_sizes[0], 6);
    CHECK_EQ(layout.domain_sizes[1], 2);

    // Activation: one mapping, domains back to back, FMMU areas merged by direction.
    Activation a;
    CHECK(app.Activate(&a).ok());
    CHECK(dev.mapped);
    CHECK_EQ(a.process_data_size, 8);
    CHECK_EQ(a.domains.size(), 2);
    CHECK_EQ(a.domains[1].offset, 6);
    CHECK_EQ(a.domains[1].size, 2);
    CHECK_EQ(a.output_ranges.size(), 1);
    CHECK_EQ(a.output_ranges[0].offset, 0);
    CHECK_EQ(a.output_ranges[0].length, 4);
    CHECK_EQ(a.input_ranges.size(), 1);
    CHECK_EQ(a.input_ranges[0].offset, 4);
    CHECK_EQ(a.input_ranges[0].length, 4); // 4..6 in domain 0 and 6..8 in domain 1, merged
    CHECK_EQ(a.event_capacity, shm::kDefaultEventCapacity);
    CHECK_EQ(a.shared_size, shm::kOffBuffers + 6 * 8 + 32 * shm::kDefaultEventCapacity);

    // Cycle option checks name the option.
    std::vector<uint64_t> mem(a.shared_size / 8 + 1);
    uint8_t *shared = reinterpret_cast<uint8_t *>(mem.data());
    CycleStartInfo started;
    CycleOptions o;
    o.cycle_time_ns = 5000;
    Status st = app.StartCycle(o, shared, a.shared_size, &started);
    CHECK(st.code == Status::kInvalid);
    CHECK_STR(st.field, "options.cycleTimeNs");
    o.cycle_time_ns = 1000000;
    o.safe_outputs.assign(3, 0);
    st = app.StartCycle(o, shared, a.shared_size, &started);
    CHECK_STR(st.field, "options.safeOutputs");
    o.safe_outputs.clear();
    o.priority = 100;
    CHECK_STR(app.StartCycle(o, shared, a.shared_size, &started).field, "options.priority");
    o.priority = 0;
    o.state_every = 0;
    CHECK_STR(app.StartCycle(o, shared, a.shared_size, &started).field, "options.stateEvery");
    o.state_every = 10;
    CHECK_STR(app.StartCycle(o, shared, a.shared_size - 1, &started).field, "shared");
    CHECK_STR(app.StartCycle(o, shared + 4, a.shared_size, &started).field, "shared"); // misaligned
    CHECK(app.phase() == Phase::kActive);
    CHECK(app.StartCycle(o, shared, a.shared_size, &started).ok());
    CHECK(app.phase() == Phase::kCycling);
    CheckWrongPhase(app.Deactivate(), "cycling", "deactivate");
    std::vector<uint8_t> pd;
    CHECK(app.ReadProcessData(&pd).ok());
    CHECK(app.StopCycle().ok());
    CHECK(app.Deactivate().ok());
}

void TestFailures()
{
    // A request refused by the module names the request and the plan item.
    {
        FakeDevice dev;
        AppMaster app(&dev, dev.Abi());
        CHECK(app.Request().ok());
        Plan p = FullPlan();
        p.variables[2].index = 0xdead; // not in the mapping: ENOENT
        Layout layout;
        Status s = app.Configure(p, &layout);
        CHECK(s.code == Status::kSys);
        CHECK_EQ(s.err, -ENOENT);
        CHECK(s.req == ECA_REQ_SC_REG_PDO_ENTRY);
        CHECK_STR(s.field, "plan.variables[2]");
        CHECK(app.phase() == Phase::kReserved);
        // Configuration was left in the master: configure() again is refused.
        Status again = app.Configure(FullPlan(), &layout);
        CHECK(again.code == Status::kWrongPhase);
        CHECK(again.message.find("failed part way") != std::string::npos);
    }
    // A refusal of the first request leaves nothing behind: retry is allowed.
    {
        FakeDevice dev;
        AppMaster app(&dev, dev.Abi());
        CHECK(app.Request().ok());
        dev.fail_req = ECA_REQ_CREATE_SLAVE_CONFIG;
        Layout layout;
        Status s = app.Configure(FullPlan(), &layout);
        CHECK(s.code == Status::kSys && s.err == -EIO);
        CHECK_STR(s.field, "plan.slaves[0]");
        dev.fail_req = -1;
        CHECK(app.Configure(FullPlan(), &layout).ok());
    }
    // An invalid plan reaches no device request at all.
    {
        FakeDevice dev;
        AppMaster app(&dev, dev.Abi());
        CHECK(app.Request().ok());
        Plan p = FullPlan();
        p.slaves[1].syncs[0].pdos[0].entries[1].bit_length = 0;
        Layout layout;
        size_t before = dev.LogSize();
        Status s = app.Configure(p, &layout);
        CHECK(s.code == Status::kInvalid);
        CHECK_STR(s.field, "plan.slaves[1].syncs[0].pdos[0].entries[1].bitLength");
        CHECK_EQ(dev.LogSize(), before);
        CHECK(app.Configure(FullPlan(), &layout).ok());
    }
    // mmap refused after ACTIVATE: DEACTIVATE undoes it and the error says mmap.
    {
        FakeDevice dev;
        AppMaster app(&dev, dev.Abi());
        Layout layout;
        Activation a;
        CHECK(app.Request().ok());
        CHECK(app.Configure(FullPlan(), &layout).ok());
        dev.map_fail = true;
        Status s = app.Activate(&a);
        CHECK(s.code == Status::kSys);
        CHECK_STR(s.syscall, "mmap");
        CHECK_EQ(s.err, -ENOMEM);
        CHECK(!dev.active);
        CHECK(app.phase() == Phase::kReserved);
    }
    // ACTIVATE itself refused: nothing to undo, still configured.
    {
        FakeDevice dev;
        AppMaster app(&dev, dev.Abi());
        Layout layout;
        Activation a;
        CHECK(app.Request().ok());
        CHECK(app.Configure(FullPlan(), &layout).ok());
        dev.fail_req = ECA_REQ_ACTIVATE;
        Status s = app.Activate(&a);
        CHECK(s.code == Status::kSys && s.req == ECA_REQ_ACTIVATE);
        CHECK(app.phase() == Phase::kConfigured);
        dev.fail_req = -1;
        CHECK(app.Activate(&a).ok());
    }
    // REQUEST refused (another holder): EBUSY-like errors come through as they are.
    {
        FakeDevice dev;
        AppMaster app(&dev, dev.Abi());
        dev.fail_req = ECA_REQ_REQUEST;
        Status s = app.Request();
        CHECK(s.code == Status::kSys && s.req == ECA_REQ_REQUEST);
        CHECK(app.phase() == Phase::kOpened);
    }
    // An empty plan activates to zero bytes of process data and still cycles.
    {
        FakeDevice dev;
        AppMaster app(&dev, dev.Abi());
        Layout layout;
        Activation a;
        CHECK(app.Request().ok());
        CHECK(app.Configure(Plan(), &layout).ok());
        CHECK(app.Activate(&a).ok());
        CHECK_EQ(a.process_data_size, 0);
        CHECK(!dev.mapped);
        std::vector<uint64_t> mem(a.shared_size / 8 + 1);
        CycleStartInfo started;
        CycleOptions o;
        CHECK(app.StartCycle(o, reinterpret_cast<uint8_t *>(mem.data()), a.shared_size, &started).ok());
        struct timespec ts = {0, 20 * 1000000};
        nanosleep(&ts, nullptr);
        app.Close();
        CHECK(__atomic_load_n(shm::I64(reinterpret_cast<uint8_t *>(mem.data()), shm::kOffCycles), __ATOMIC_RELAXED) > 2);
    }
}

} // namespace

int main()
{
    TestPhases();
    TestConfigureSequence();
    TestFailures();
    return rt_done("test_runtime_app");
}
