// SPDX-License-Identifier: MIT
// Plan validation (native/runtime/plan.cc): a full valid plan passes; every range and
// cross-reference check names the path of the first bad field.
#include "runtime/plan.h"

#include <functional>

#include "test_runtime_support.h"

using namespace ecat;

static Plan Good()
{
    Plan p;
    PlanSlave coupler;
    coupler.vendor_id = 2;
    coupler.product_code = 0x044c2c52;
    p.slaves.push_back(coupler);

    PlanSlave drive;
    drive.position = 1;
    drive.vendor_id = 0x99;
    drive.product_code = 0x1234;
    drive.has_syncs = true;
    PlanSync out;
    out.index = 2;
    out.dir = SyncDir::kOutput;
    PlanPdo rx;
    rx.index = 0x1600;
    rx.entries = {{0x6040, 0, 16}, {0x607a, 0, 32}};
    out.pdos.push_back(rx);
    PlanSync in;
    in.index = 3;
    in.dir = SyncDir::kInput;
    PlanPdo tx;
    tx.index = 0x1a00;
    tx.entries = {{0x6041, 0, 16}, {0x6064, 0, 32}, {0, 0, 8}}; // a gap entry is allowed
    in.pdos.push_back(tx);
    drive.syncs = {out, in};
    PlanSdo sdo;
    sdo.index = 0x6060;
    sdo.data = {8};
    drive.startup_sdos.push_back(sdo);
    drive.has_watchdog = true;
    drive.watchdog = {2498, 100};
    drive.has_dc = true;
    drive.dc = {0x300, 1000000, -500, 0, 0};
    p.slaves.push_back(drive);

    p.domains = {{1}, {4}};
    p.variables = {{1, 0x6040, 0, 0}, {1, 0x6041, 0, 1}};
    p.reference_clock = 1;
    return p;
}

static void Expect(const char *what, const std::function<void(Plan &)> &edit, const std::string &field,
                   const std::string &fragment = "")
{
    Plan p = Good();
    edit(p);
    PlanError e;
    bool ok = ValidatePlan(p, &e);
    CHECK(!ok);
    if (e.field != field)
        std::fprintf(stderr, "  case '%s': got field %s (%s)\n", what, e.field.c_str(), e.message.c_str());
    CHECK_STR(e.field, field);
    CHECK(e.message.rfind(field, 0) == 0); // the sentence starts with the path
    if (!fragment.empty()) {
        if (e.message.find(fragment) == std::string::npos)
            std::fprintf(stderr, "  case '%s': message '%s' lacks '%s'\n", what, e.message.c_str(), fragment.c_str());
        CHECK(e.message.find(fragment) != std::string::npos);
    }
}

int main()
{
    PlanError e;
    CHECK(ValidatePlan(Good(), &e));
    CHECK(ValidatePlan(Plan(), &e)); // an empty plan is valid (nothing to exchange)

    Expect("alias", [](Plan &p) { p.slaves[0].alias = 70000; }, "plan.slaves[0].alias", "0..65535 (got 70000)");
    Expect("position", [](Plan &p) { p.slaves[1].position = -1; }, "plan.slaves[1].position");
    Expect("vendor", [](Plan &p) { p.slaves[1].vendor_id = 0x100000000LL; }, "plan.slaves[1].vendorId");
    Expect("product", [](Plan &p) { p.slaves[0].product_code = -5; }, "plan.slaves[0].productCode");
    Expect("duplicate slave", [](Plan &p) { p.slaves[1].position = 0; }, "plan.slaves[1]", "plan.slaves[0]");
    Expect("sync index", [](Plan &p) { p.slaves[1].syncs[1].index = 16; }, "plan.slaves[1].syncs[1].index");
    Expect("sync twice", [](Plan &p) { p.slaves[1].syncs[1].index = 2; }, "plan.slaves[1].syncs[1].index",
           "repeats sync manager 2");
    Expect("too many syncs", [](Plan &p) { p.slaves[1].syncs.resize(17); }, "plan.slaves[1].syncs");
    Expect("pdo index", [](Plan &p) { p.slaves[1].syncs[0].pdos[0].index = 0x10000; },
           "plan.slaves[1].syncs[0].pdos[0].index");
    Expect("pdo twice",
           [](Plan &p) {
               p.slaves[1].syncs[1].pdos.push_back(PlanPdo());
               p.slaves[1].syncs[1].pdos[1].index = 0x1600;
           },
           "plan.slaves[1].syncs[1].pdos[1].index", "second time");
    Expect("entry index", [](Plan &p) { p.slaves[1].syncs[0].pdos[0].entries[1].index = -1; },
           "plan.slaves[1].syncs[0].pdos[0].entries[1].index");
    Expect("entry subindex", [](Plan &p) { p.slaves[1].syncs[1].pdos[0].entries[0].subindex = 256; },
           "plan.slaves[1].syncs[1].pdos[0].entries[0].subindex");
    Expect("bit length 0", [](Plan &p) { p.slaves[1].syncs[1].pdos[0].entries[2].bit_length = 0; },
           "plan.slaves[1].syncs[1].pdos[0].entries[2].bitLength", "1..255");
    Expect("too many entries", [](Plan &p) { p.slaves[1].syncs[0].pdos[0].entries.resize(256, {0x7000, 1, 1}); },
           "plan.slaves[1].syncs[0].pdos[0].entries");
    Expect("sdo index", [](Plan &p) { p.slaves[1].startup_sdos[0].index = 0x12345; }, "plan.slaves[1].startupSdos[0].index");
    Expect("sdo empty", [](Plan &p) { p.slaves[1].startup_sdos[0].data.clear(); }, "plan.slaves[1].startupSdos[0].data",
           "got 0");
    Expect("watchdog", [](Plan &p) { p.slaves[1].watchdog.intervals = 65536; }, "plan.slaves[1].watchdog.intervals");
    Expect("dc assign", [](Plan &p) { p.slaves[1].dc.assign_activate = 0x10000; }, "plan.slaves[1].dc.assignActivate");
    Expect("dc shift", [](Plan &p) { p.slaves[1].dc.sync0_shift = 3000000000LL; }, "plan.slaves[1].dc.sync0Shift");
    Expect("dc cycle", [](Plan &p) { p.slaves[1].dc.sync1_cycle = -1; }, "plan.slaves[1].dc.sync1Cycle");
    Expect("divider", [](Plan &p) { p.domains[1].divider = 0; }, "plan.domains[1].divider");
    Expect("too many domains", [](Plan &p) { p.domains.resize(17, {1}); }, "plan.domains", "at most 16");
    Expect("variable slave", [](Plan &p) { p.variables[1].slave = 2; }, "plan.variables[1].slave", "0..1 (got 2)");
    Expect("variable domain", [](Plan &p) { p.variables[0].domain = 2; }, "plan.variables[0].domain");
    Expect("variable subindex", [](Plan &p) { p.variables[0].subindex = 300; }, "plan.variables[0].subindex");
    Expect("no domains", [](Plan &p) { p.domains.clear(); }, "plan.variables[0].domain", "plan.domains is empty");
    Expect("reference clock", [](Plan &p) { p.reference_clock = 2; }, "plan.referenceClock");
    Expect("reference clock low", [](Plan &p) { p.reference_clock = -2; }, "plan.referenceClock");
    Expect("too many slaves",
           [](Plan &p) {
               p.slaves.resize(1025);
               p.variables.clear();
           },
           "plan.slaves", "at most 1024");

    // Limits that are valid at their edges.
    Plan edge = Good();
    edge.slaves[0].alias = 0xffff;
    edge.slaves[1].vendor_id = 0xffffffffLL;
    edge.slaves[1].dc.sync0_shift = -2147483648LL;
    edge.domains[0].divider = kPlanMaxDivider;
    edge.reference_clock = -1;
    CHECK(ValidatePlan(edge, &e));
    return rt_done("test_runtime_plan");
}
