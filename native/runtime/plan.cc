// SPDX-License-Identifier: MIT
// ValidatePlan: ranges of every field (the widths of the IgH argument fields they end up
// in), the limits of the shared image (configs, domains) and cross references (variables
// name an existing slave and domain, the reference clock an existing slave), plus
// duplicates IgH would silently merge (two slaves at the same alias/position, a sync
// manager or PDO given twice).
#include "runtime/plan.h"

#include <string>

#include "runtime/shared_layout.h"

namespace ecat {
namespace {

class Checker {
public:
    explicit Checker(PlanError *error) : error_(error) {}

    bool Fail(const std::string &field, const std::string &what)
    {
        if (error_) {
            error_->field = field;
            error_->message = field + " " + what;
        }
        return false;
    }

    bool Range(const std::string &field, int64_t v, int64_t lo, int64_t hi)
    {
        if (v >= lo && v <= hi)
            return true;
        return Fail(field, "must be an integer in " + std::to_string(lo) + ".." + std::to_string(hi) + " (got " +
                               std::to_string(v) + ")");
    }

private:
    PlanError *error_;
};

std::string At(const std::string &base, const char *name, size_t i)
{
    return base + "." + name + "[" + std::to_string(i) + "]";
}

bool CheckSlave(Checker &c, const PlanSlave &s, const std::string &p)
{
    if (!c.Range(p + ".alias", s.alias, 0, 0xffff) || !c.Range(p + ".position", s.position, 0, 0xffff) ||
        !c.Range(p + ".vendorId", s.vendor_id, 0, 0xffffffffLL) ||
        !c.Range(p + ".productCode", s.product_code, 0, 0xffffffffLL))
        return false;
    if (s.has_syncs) {
        if (static_cast<int64_t>(s.syncs.size()) > kPlanMaxSyncs)
            return c.Fail(p + ".syncs", "has more than " + std::to_string(kPlanMaxSyncs) + " sync managers");
        uint32_t seen_syncs = 0;
        std::vector<int64_t> seen_pdos;
        for (size_t i = 0; i < s.syncs.size(); i++) {
            const PlanSync &sy = s.syncs[i];
            std::string sp = At(p, "syncs", i);
            if (!c.Range(sp + ".index", sy.index, 0, kPlanMaxSyncs - 1))
                return false;
            if (seen_syncs & (1u << sy.index))
                return c.Fail(sp + ".index", "repeats sync manager " + std::to_string(sy.index));
            seen_syncs |= 1u << sy.index;
            if (static_cast<int64_t>(sy.pdos.size()) > kPlanMaxPdosPerSync)
                return c.Fail(sp + ".pdos", "has more than " + std::to_string(kPlanMaxPdosPerSync) + " PDOs");
            for (size_t j = 0; j < sy.pdos.size(); j++) {
                const PlanPdo &pdo = sy.pdos[j];
                std::string pp = At(sp, "pdos", j);
                if (!c.Range(pp + ".index", pdo.index, 0, 0xffff))
                    return false;
                for (int64_t prev : seen_pdos)
                    if (prev == pdo.index)
                        return c.Fail(pp + ".index", "assigns PDO " + std::to_string(pdo.index) +
                                                         " a second time in this slave");
                seen_pdos.push_back(pdo.index);
                if (static_cast<int64_t>(pdo.entries.size()) > kPlanMaxEntriesPerPdo)
                    return c.Fail(pp + ".entries", "has more than " + std::to_string(kPlanMaxEntriesPerPdo) + " entries");
                for (size_t k = 0; k < pdo.entries.size(); k++) {
                    const PlanPdoEntry &e = pdo.entries[k];
                    std::string ep = At(pp, "entries", k);
                    if (!c.Range(ep + ".index", e.index, 0, 0xffff) || !c.Range(ep + ".subindex", e.subindex, 0, 0xff) ||
                        !c.Range(ep + ".bitLength", e.bit_length, 1, 0xff))
                        return false;
                }
            }
        }
    }
    for (size_t i = 0; i < s.startup_sdos.size(); i++) {
        const PlanSdo &sdo = s.startup_sdos[i];
        std::string sp = At(p, "startupSdos", i);
        if (!c.Range(sp + ".index", sdo.index, 0, 0xffff) || !c.Range(sp + ".subindex", sdo.subindex, 0, 0xff))
            return false;
        if (sdo.data.empty() || static_cast<int64_t>(sdo.data.size()) > kPlanMaxSdoSize)
            return c.Fail(sp + ".data", "must hold 1.." + std::to_string(kPlanMaxSdoSize) + " bytes (got " +
                                            std::to_string(sdo.data.size()) + ")");
    }
    if (s.has_watchdog) {
        if (!c.Range(p + ".watchdog.divider", s.watchdog.divider, 0, 0xffff) ||
            !c.Range(p + ".watchdog.intervals", s.watchdog.intervals, 0, 0xffff))
            return false;
    }
    if (s.has_dc) {
        const int64_t i32min = -2147483648LL, i32max = 2147483647LL;
        if (!c.Range(p + ".dc.assignActivate", s.dc.assign_activate, 0, 0xffff) ||
            !c.Range(p + ".dc.sync0Cycle", s.dc.sync0_cycle, 0, 0xffffffffLL) ||
            !c.Range(p + ".dc.sync0Shift", s.dc.sync0_shift, i32min, i32max) ||
            !c.Range(p + ".dc.sync1Cycle", s.dc.sync1_cycle, 0, 0xffffffffLL) ||
            !c.Range(p + ".dc.sync1Shift", s.dc.sync1_shift, i32min, i32max))
            return false;
    }
    return true;
}

} // namespace

bool ValidatePlan(const Plan &plan, PlanError *error)
{
    Checker c(error);
    const std::string root = "plan";
    if (plan.slaves.size() > shm::kMaxConfigs)
        return c.Fail(root + ".slaves", "has " + std::to_string(plan.slaves.size()) + " entries; at most " +
                                            std::to_string(shm::kMaxConfigs) + " slave configurations are supported");
    for (size_t i = 0; i < plan.slaves.size(); i++) {
        std::string p = At(root, "slaves", i);
        if (!CheckSlave(c, plan.slaves[i], p))
            return false;
        for (size_t j = 0; j < i; j++) {
            if (plan.slaves[j].alias == plan.slaves[i].alias && plan.slaves[j].position == plan.slaves[i].position)
                return c.Fail(p, "has the same alias and position as " + At(root, "slaves", j));
        }
    }
    if (plan.domains.size() > shm::kMaxDomains)
        return c.Fail(root + ".domains", "has " + std::to_string(plan.domains.size()) + " entries; at most " +
                                             std::to_string(shm::kMaxDomains) + " domains are supported");
    for (size_t i = 0; i < plan.domains.size(); i++) {
        if (!c.Range(At(root, "domains", i) + ".divider", plan.domains[i].divider, 1, kPlanMaxDivider))
            return false;
    }
    if (static_cast<int64_t>(plan.variables.size()) > kPlanMaxVariables)
        return c.Fail(root + ".variables", "has more than " + std::to_string(kPlanMaxVariables) + " entries");
    const int64_t nslaves = static_cast<int64_t>(plan.slaves.size());
    const int64_t ndomains = static_cast<int64_t>(plan.domains.size());
    for (size_t i = 0; i < plan.variables.size(); i++) {
        const PlanVariable &v = plan.variables[i];
        std::string p = At(root, "variables", i);
        if (nslaves == 0)
            return c.Fail(p + ".slave", "refers to a slave, but plan.slaves is empty");
        if (ndomains == 0)
            return c.Fail(p + ".domain", "refers to a domain, but plan.domains is empty");
        if (!c.Range(p + ".slave", v.slave, 0, nslaves - 1) || !c.Range(p + ".index", v.index, 0, 0xffff) ||
            !c.Range(p + ".subindex", v.subindex, 0, 0xff) || !c.Range(p + ".domain", v.domain, 0, ndomains - 1))
            return false;
    }
    if (plan.reference_clock != -1 && !c.Range(root + ".referenceClock", plan.reference_clock, -1, nslaves - 1))
        return false;
    return true;
}

} // namespace ecat
