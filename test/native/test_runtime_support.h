// SPDX-License-Identifier: MIT
// Support for the native runtime tests: check macros, and FakeDevice, a small IgH master
// behind the Device interface that answers the application requests through the ABI
// tables (decoding codes with eca_req_of_code, structs with the layouts), like the real
// module would. Its cyclic requests touch only preallocated memory, so the tests can count
// allocations while the cyclic thread runs; they log every request into a fixed array.
#ifndef TEST_RUNTIME_SUPPORT_H
#define TEST_RUNTIME_SUPPORT_H

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "device/device.h"
#include "igh/abi.h"

static int rt_failures;
static long rt_checks;

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        rt_checks++;                                                                       \
        if (!(cond)) {                                                                     \
            std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);  \
            rt_failures++;                                                                 \
        }                                                                                  \
    } while (0)

#define CHECK_EQ(a, b)                                                                                        \
    do {                                                                                                      \
        long long rt_a_ = (long long)(a), rt_b_ = (long long)(b);                                             \
        rt_checks++;                                                                                          \
        if (rt_a_ != rt_b_) {                                                                                 \
            std::fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %s (%lld != %lld)\n", __FILE__, __LINE__, #a, \
                         #b, rt_a_, rt_b_);                                                                   \
            rt_failures++;                                                                                    \
        }                                                                                                     \
    } while (0)

#define CHECK_STR(a, b)                                                                                       \
    do {                                                                                                      \
        std::string rt_sa_ = (a), rt_sb_ = (b);                                                               \
        rt_checks++;                                                                                          \
        if (rt_sa_ != rt_sb_) {                                                                               \
            std::fprintf(stderr, "%s:%d: CHECK_STR failed: %s == %s (\"%s\" != \"%s\")\n", __FILE__, __LINE__, \
                         #a, #b, rt_sa_.c_str(), rt_sb_.c_str());                                             \
            rt_failures++;                                                                                    \
        }                                                                                                     \
    } while (0)

static inline int rt_done(const char *name)
{
    if (rt_failures)
        std::fprintf(stderr, "%s: %d of %ld checks failed\n", name, rt_failures, rt_checks);
    else
        std::printf("%s: %ld checks passed\n", name, rt_checks);
    return rt_failures ? 1 : 0;
}

namespace ecat {
namespace test {

// One registered PDO entry of the fake bus: 2 bytes each; 0x6xxx are inputs, else outputs.
struct FakeVar {
    uint32_t config;
    uint16_t index;
    uint8_t subindex;
    bool input;
    uint32_t offset; // within its domain
};

struct FakeDomain {
    std::vector<FakeVar> vars;
    uint32_t size = 0;
    uint32_t offset = 0; // in the process data, after ACTIVATE
};

class FakeDevice final : public Device {
public:
    static constexpr size_t kLogMax = 1 << 20;
    static constexpr uint32_t kLogicalBase = 0x1000; // logical addresses start here, not at 0

    explicit FakeDevice(const char *abi_id = "1.6") : abi_(eca_abi_by_id(abi_id)), log_(kLogMax) {}
    ~FakeDevice() override { delete[] pd_; }

    const eca_abi *Abi() const { return abi_; }

    long Ioctl(uint32_t code, unsigned long arg) override
    {
        eca_req req = eca_req_of_code(abi_, code);
        size_t n = nlog_.load(std::memory_order_relaxed);
        if (n < kLogMax) {
            log_[n] = static_cast<uint16_t>(req);
            nlog_.store(n + 1, std::memory_order_release);
        }
        if (req == ECA_REQ_COUNT)
            return -ENOTTY;
        if (fail_req.load(std::memory_order_relaxed) == static_cast<int>(req)) {
            long only = fail_value.load(std::memory_order_relaxed);
            if (only < 0 || static_cast<unsigned long>(only) == arg)
                return -EIO;
        }
        void *p = reinterpret_cast<void *>(arg);
        const eca_layout *l = abi_->st[req] < ECA_ST_COUNT ? abi_->layouts[abi_->st[req]] : nullptr;
        switch (req) {
        case ECA_REQ_REQUEST: requested = true; return 0;
        case ECA_REQ_CREATE_SLAVE_CONFIG: {
            uint64_t alias = eca_get(p, l, ECA_CONFIG_F_ALIAS, 0, 0), pos = eca_get(p, l, ECA_CONFIG_F_POSITION, 0, 0);
            Trace("CREATE_SLAVE_CONFIG " + std::to_string(alias) + ":" + std::to_string(pos));
            eca_put(p, l, ECA_CONFIG_F_CONFIG_INDEX, 0, 0, configs++);
            return 0;
        }
        case ECA_REQ_SC_SYNC: {
            for (unsigned i = 0; i < 16; i++)
                if (eca_get(p, l, ECA_CONFIG_F_SYNCS_CONFIG_THIS, i, 0))
                    Trace("SC_SYNC " + std::to_string(i) + " dir " + std::to_string(eca_get(p, l, ECA_CONFIG_F_SYNCS_DIR, i, 0)) +
                          " wd " + std::to_string(eca_get(p, l, ECA_CONFIG_F_SYNCS_WATCHDOG_MODE, i, 0)));
            return 0;
        }
        case ECA_REQ_SC_CLEAR_PDOS:
            Trace("SC_CLEAR_PDOS " + std::to_string(eca_get(p, l, ECA_CONFIG_PDO_F_SYNC_INDEX, 0, 0)));
            return 0;
        case ECA_REQ_SC_ADD_PDO:
            Trace("SC_ADD_PDO " + Hex(eca_get(p, l, ECA_CONFIG_PDO_F_INDEX, 0, 0)));
            return 0;
        case ECA_REQ_SC_CLEAR_ENTRIES:
            Trace("SC_CLEAR_ENTRIES " + Hex(eca_get(p, l, ECA_CONFIG_PDO_F_INDEX, 0, 0)));
            return 0;
        case ECA_REQ_SC_ADD_ENTRY:
            Trace("SC_ADD_ENTRY " + Hex(eca_get(p, l, ECA_ADD_PDO_ENTRY_F_ENTRY_INDEX, 0, 0)) + ":" +
                  std::to_string(eca_get(p, l, ECA_ADD_PDO_ENTRY_F_ENTRY_SUBINDEX, 0, 0)) + "/" +
                  std::to_string(eca_get(p, l, ECA_ADD_PDO_ENTRY_F_ENTRY_BIT_LENGTH, 0, 0)));
            return 0;
        case ECA_REQ_SC_SDO: {
            size_t size = static_cast<size_t>(eca_get(p, l, ECA_SC_SDO_F_SIZE, 0, 0));
            const uint8_t *d = reinterpret_cast<const uint8_t *>(static_cast<uintptr_t>(eca_get(p, l, ECA_SC_SDO_F_DATA, 0, 0)));
            Trace("SC_SDO " + Hex(eca_get(p, l, ECA_SC_SDO_F_INDEX, 0, 0)) + ":" +
                  std::to_string(eca_get(p, l, ECA_SC_SDO_F_SUBINDEX, 0, 0)) + " size " + std::to_string(size) +
                  " first " + std::to_string(size ? d[0] : 0) + " ca " +
                  std::to_string(eca_get(p, l, ECA_SC_SDO_F_COMPLETE_ACCESS, 0, 0)));
            return 0;
        }
        case ECA_REQ_SC_WATCHDOG:
            Trace("SC_WATCHDOG " + std::to_string(eca_get(p, l, ECA_CONFIG_F_WATCHDOG_DIVIDER, 0, 0)) + " " +
                  std::to_string(eca_get(p, l, ECA_CONFIG_F_WATCHDOG_INTERVALS, 0, 0)));
            return 0;
        case ECA_REQ_SC_DC: {
            const eca_layout *sig = abi_->layouts[ECA_ST_SYNC_SIGNAL];
            const uint8_t *s = static_cast<const uint8_t *>(eca_cptr(p, l, ECA_CONFIG_F_DC_SYNC, 0));
            Trace("SC_DC " + Hex(eca_get(p, l, ECA_CONFIG_F_DC_ASSIGN_ACTIVATE, 0, 0)) + " " +
                  std::to_string(eca_get(s, sig, ECA_SYNC_SIGNAL_F_CYCLE_TIME, 0, 0)) + " " +
                  std::to_string(static_cast<int32_t>(eca_get(s, sig, ECA_SYNC_SIGNAL_F_SHIFT_TIME, 0, 0))) + " " +
                  std::to_string(eca_get(s + sig->size, sig, ECA_SYNC_SIGNAL_F_CYCLE_TIME, 0, 0)));
            return 0;
        }
        case ECA_REQ_SELECT_REF_CLOCK: Trace("SELECT_REF_CLOCK " + std::to_string(arg)); return 0;
        case ECA_REQ_CREATE_DOMAIN:
            Trace("CREATE_DOMAIN");
            domains.emplace_back();
            return static_cast<long>(domains.size() - 1);
        case ECA_REQ_SC_REG_PDO_ENTRY: {
            uint32_t di = static_cast<uint32_t>(eca_get(p, l, ECA_REG_PDO_ENTRY_F_DOMAIN_INDEX, 0, 0));
            if (di >= domains.size())
                return -ENOENT;
            FakeVar v;
            v.config = static_cast<uint32_t>(eca_get(p, l, ECA_REG_PDO_ENTRY_F_CONFIG_INDEX, 0, 0));
            v.index = static_cast<uint16_t>(eca_get(p, l, ECA_REG_PDO_ENTRY_F_ENTRY_INDEX, 0, 0));
            v.subindex = static_cast<uint8_t>(eca_get(p, l, ECA_REG_PDO_ENTRY_F_ENTRY_SUBINDEX, 0, 0));
            if (v.index == 0xdead)
                return -ENOENT; // "not in the mapping"
            v.input = (v.index & 0xf000) == 0x6000;
            v.offset = domains[di].size;
            domains[di].size += 2;
            domains[di].vars.push_back(v);
            Trace("SC_REG_PDO_ENTRY " + Hex(v.index) + " -> " + std::to_string(di) + "+" + std::to_string(v.offset));
            eca_put(p, l, ECA_REG_PDO_ENTRY_F_BIT_POSITION, 0, 0, 0);
            return static_cast<long>(v.offset);
        }
        case ECA_REQ_DOMAIN_SIZE: Trace("DOMAIN_SIZE " + std::to_string(arg)); return arg < domains.size() ? domains[arg].size : -ENOENT;
        case ECA_REQ_ACTIVATE: {
            size_t total = 0;
            for (FakeDomain &d : domains) {
                d.offset = static_cast<uint32_t>(total);
                total += d.size;
            }
            pd_size_ = total;
            delete[] pd_;
            pd_ = new uint8_t[total ? total : 1]();
            eca_put(p, l, ECA_MASTER_ACTIVATE_F_PROCESS_DATA_SIZE, 0, 0, total);
            active = true;
            Trace("ACTIVATE");
            return 0;
        }
        case ECA_REQ_DEACTIVATE: Trace("DEACTIVATE"); active = false; return active_fail ? -EINVAL : 0;
        case ECA_REQ_DOMAIN_OFFSET: return arg < domains.size() ? domains[arg].offset : -ENOENT;
        case ECA_REQ_DOMAIN: {
            uint32_t di = static_cast<uint32_t>(eca_get(p, l, ECA_DOMAIN_F_INDEX, 0, 0));
            if (di >= domains.size())
                return -ENOENT;
            eca_put(p, l, ECA_DOMAIN_F_DATA_SIZE, 0, 0, domains[di].size);
            eca_put(p, l, ECA_DOMAIN_F_LOGICAL_BASE_ADDRESS, 0, 0, kLogicalBase + domains[di].offset);
            eca_put(p, l, ECA_DOMAIN_F_EXPECTED_WORKING_COUNTER, 0, 0, 3);
            eca_put(p, l, ECA_DOMAIN_F_FMMU_COUNT, 0, 0, domains[di].vars.size());
            return 0;
        }
        case ECA_REQ_DOMAIN_FMMU: {
            // One "FMMU" per registered entry (2 bytes each), so adjacent ranges get merged.
            uint32_t di = static_cast<uint32_t>(eca_get(p, l, ECA_DOMAIN_FMMU_F_DOMAIN_INDEX, 0, 0));
            uint32_t fi = static_cast<uint32_t>(eca_get(p, l, ECA_DOMAIN_FMMU_F_FMMU_INDEX, 0, 0));
            if (di >= domains.size() || fi >= domains[di].vars.size())
                return -ENOENT;
            const FakeVar &v = domains[di].vars[fi];
            eca_put(p, l, ECA_DOMAIN_FMMU_F_DIR, 0, 0, v.input ? 2 : 1);
            eca_put(p, l, ECA_DOMAIN_FMMU_F_LOGICAL_ADDRESS, 0, 0, kLogicalBase + domains[di].offset + v.offset);
            eca_put(p, l, ECA_DOMAIN_FMMU_F_DATA_SIZE, 0, 0, 2);
            return 0;
        }
        // ---- the cyclic requests: no allocation below this line ----
        case ECA_REQ_RECEIVE: return 0;
        case ECA_REQ_DOMAIN_PROCESS: {
            if (arg >= domains.size())
                return -ENOENT;
            uint32_t cycle = process_count.fetch_add(1, std::memory_order_relaxed) + 1;
            const FakeDomain &d = domains[arg];
            for (const FakeVar &v : d.vars)
                if (v.input) {
                    uint16_t value = static_cast<uint16_t>(cycle);
                    std::memcpy(pd_ + d.offset + v.offset, &value, 2);
                }
            return 0;
        }
        case ECA_REQ_DOMAIN_QUEUE: {
            if (arg >= domains.size())
                return -ENOENT;
            const FakeDomain &d = domains[arg];
            for (const FakeVar &v : d.vars)
                if (!v.input) {
                    uint16_t value;
                    std::memcpy(&value, pd_ + d.offset + v.offset, 2);
                    last_output.store(value, std::memory_order_relaxed);
                }
            return 0;
        }
        case ECA_REQ_DOMAIN_STATE: {
            const eca_layout *dl = abi_->layouts[ECA_ST_DOMAIN_STATE_DATA];
            void *s = reinterpret_cast<void *>(static_cast<uintptr_t>(eca_get(p, l, ECA_DOMAIN_STATE_F_STATE, 0, 0)));
            uint32_t w = wkc.load(std::memory_order_relaxed);
            eca_put(s, dl, ECA_DOMAIN_STATE_DATA_F_WORKING_COUNTER, 0, 0, w);
            eca_put(s, dl, ECA_DOMAIN_STATE_DATA_F_WC_STATE, 0, 0, w == 0 ? 0 : w < 3 ? 1 : 2);
            return 0;
        }
        case ECA_REQ_SC_STATE: {
            const eca_layout *sl = abi_->layouts[ECA_ST_SLAVE_CONFIG_STATE_DATA];
            void *s = reinterpret_cast<void *>(static_cast<uintptr_t>(eca_get(p, l, ECA_SC_STATE_F_STATE, 0, 0)));
            uint32_t al = al_state.load(std::memory_order_relaxed);
            eca_put(s, sl, ECA_SLAVE_CONFIG_STATE_DATA_F_ONLINE, 0, 0, al != 0);
            eca_put(s, sl, ECA_SLAVE_CONFIG_STATE_DATA_F_OPERATIONAL, 0, 0, al == 8);
            eca_put(s, sl, ECA_SLAVE_CONFIG_STATE_DATA_F_AL_STATE, 0, 0, al);
            return 0;
        }
        case ECA_REQ_MASTER_STATE: {
            eca_put(p, l, ECA_MASTER_STATE_DATA_F_SLAVES_RESPONDING, 0, 0, 2);
            eca_put(p, l, ECA_MASTER_STATE_DATA_F_AL_STATES, 0, 0, al_state.load(std::memory_order_relaxed));
            eca_put(p, l, ECA_MASTER_STATE_DATA_F_LINK_UP, 0, 0, 1);
            return 0;
        }
        case ECA_REQ_APP_TIME: {
            uint64_t t;
            std::memcpy(&t, p, 8);
            app_time.store(t, std::memory_order_relaxed);
            return 0;
        }
        case ECA_REQ_SYNC_REF:
        case ECA_REQ_SYNC_SLAVES:
        case ECA_REQ_SYNC_MON_QUEUE: return 0;
        case ECA_REQ_SYNC_MON_PROCESS: std::memcpy(p, "\x10\0\0\0", 4); return 0;
        case ECA_REQ_SEND: {
            if (abi_->arg[ECA_REQ_SEND] == ECA_ARG_POINTER) {
                if (!arg)
                    return -EFAULT;
                size_t sent = 60;
                std::memcpy(p, &sent, sizeof sent);
            } else if (arg) {
                return -EINVAL; // a plain _IO request carries no argument
            }
            uint32_t stall = send_stall_us.exchange(0, std::memory_order_relaxed);
            if (stall) {
                struct timespec ts = {static_cast<time_t>(stall / 1000000), static_cast<long>(stall % 1000000) * 1000};
                nanosleep(&ts, nullptr);
            }
            return 0;
        }
        default: return -EOPNOTSUPP;
        }
    }

    void *Map(size_t size, int *err) override
    {
        if (map_fail || size != pd_size_) {
            *err = -ENOMEM;
            return nullptr;
        }
        *err = 0;
        mapped = true;
        return pd_;
    }
    void Unmap(void *addr, size_t) override
    {
        if (addr == pd_)
            mapped = false;
    }
    const std::string &Path() const override { return path_; }
    bool Writable() const override { return true; }
    const char *Kind() const override { return "fake"; }

    // Requests logged so far (read after the writer stopped, or up to the published count).
    size_t LogSize() const { return nlog_.load(std::memory_order_acquire); }
    eca_req LogAt(size_t i) const { return static_cast<eca_req>(log_[i]); }
    void ClearLog() { nlog_.store(0, std::memory_order_release); }

    uint8_t *ProcessData() { return pd_; }
    size_t ProcessDataSize() const { return pd_size_; }

    std::vector<std::string> trace;
    std::vector<FakeDomain> domains;
    uint32_t configs = 0;
    bool requested = false, active = false, mapped = false, map_fail = false, active_fail = false;
    std::atomic<uint32_t> wkc{3};
    std::atomic<uint32_t> al_state{8};
    std::atomic<uint32_t> process_count{0};
    std::atomic<uint32_t> last_output{0};
    std::atomic<uint64_t> app_time{0};
    std::atomic<uint32_t> send_stall_us{0};
    std::atomic<int> fail_req{-1};   // this request fails with EIO ...
    std::atomic<long> fail_value{-1}; // ... only for this by-value argument (domain index), if set

private:
    void Trace(const std::string &s) { trace.push_back(s); }
    static std::string Hex(uint64_t v)
    {
        char b[16];
        std::snprintf(b, sizeof b, "0x%04llx", static_cast<unsigned long long>(v));
        return b;
    }

    const eca_abi *abi_;
    std::vector<uint16_t> log_;
    std::atomic<size_t> nlog_{0};
    uint8_t *pd_ = nullptr;
    size_t pd_size_ = 0;
    std::string path_ = "fake:/dev/EtherCAT0";
};

} // namespace test
} // namespace ecat

#endif
