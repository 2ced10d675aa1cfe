// SPDX-License-Identifier: MIT
// The bus plan as native code receives it (NativePlan in src/binding/native.ts) and its
// validation. The addon converts the JS object field by field (checking types); numbers are
// kept as int64_t so that ValidatePlan sees out-of-range values as they were given and can
// name the field path of the first bad one (e.g. "plan.slaves[2].syncs[0].pdos[1].index").
// No N-API here; the tests build plans directly.
#ifndef ECAT_RUNTIME_PLAN_H
#define ECAT_RUNTIME_PLAN_H

#include <cstdint>
#include <string>
#include <vector>

namespace ecat {

struct PlanPdoEntry {
    int64_t index = 0;
    int64_t subindex = 0;
    int64_t bit_length = 0;
};

struct PlanPdo {
    int64_t index = 0;
    std::vector<PlanPdoEntry> entries; // empty: keep the slave's mapping of this PDO
};

enum class SyncDir { kOutput = 1, kInput = 2 };           // IgH ec_direction_t values
enum class WatchdogMode { kDefault = 0, kEnable = 1, kDisable = 2 }; // ec_watchdog_mode_t

struct PlanSync {
    int64_t index = 0;
    SyncDir dir = SyncDir::kOutput;
    WatchdogMode watchdog = WatchdogMode::kDefault;
    std::vector<PlanPdo> pdos;
};

struct PlanSdo {
    int64_t index = 0;
    int64_t subindex = 0;
    std::vector<uint8_t> data;
    bool complete_access = false;
};

struct PlanWatchdog {
    int64_t divider = 0;
    int64_t intervals = 0;
};

struct PlanDc {
    int64_t assign_activate = 0;
    int64_t sync0_cycle = 0;
    int64_t sync0_shift = 0;
    int64_t sync1_cycle = 0;
    int64_t sync1_shift = 0;
};

struct PlanSlave {
    int64_t alias = 0;
    int64_t position = 0;
    int64_t vendor_id = 0;
    int64_t product_code = 0;
    bool has_syncs = false; // false: the slave's default sync manager configuration
    std::vector<PlanSync> syncs;
    std::vector<PlanSdo> startup_sdos;
    bool has_watchdog = false;
    PlanWatchdog watchdog;
    bool has_dc = false;
    PlanDc dc;
};

struct PlanDomain {
    int64_t divider = 1;
};

struct PlanVariable {
    int64_t slave = 0;
    int64_t index = 0;
    int64_t subindex = 0;
    int64_t domain = 0;
};

struct Plan {
    std::vector<PlanSlave> slaves;
    std::vector<PlanDomain> domains;
    std::vector<PlanVariable> variables;
    int64_t reference_clock = -1;
};

// Limits beyond the field widths of the IgH structs.
constexpr int64_t kPlanMaxSyncs = 16;             // EC_MAX_SYNC_MANAGERS
constexpr int64_t kPlanMaxPdosPerSync = 255;
constexpr int64_t kPlanMaxEntriesPerPdo = 255;    // entry_count is a u8 in the ABI
constexpr int64_t kPlanMaxSdoSize = 1 << 20;
constexpr int64_t kPlanMaxDivider = 65535;
constexpr int64_t kPlanMaxVariables = 1 << 20;

struct PlanError {
    std::string field;   // path of the offending field, rooted at "plan"
    std::string message; // full sentence including the path
};

// Check ranges and cross references. Returns true when the plan is usable; otherwise fills
// *error with the first problem (in field order).
bool ValidatePlan(const Plan &plan, PlanError *error);

} // namespace ecat

#endif
