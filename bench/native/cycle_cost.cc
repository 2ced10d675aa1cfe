// SPDX-License-Identifier: MIT
// Per-cycle CPU cost of the runtime's cycle body (native/runtime CycleLoop::RunCycle) on the
// virtual master, and what the cycle does besides computing: heap allocations, page faults,
// context switches. Built by bench/lib/build.mjs from the project's native sources (igh, vbus,
// portable port, runtime) plus this file; no N-API, no Node.
//
// The device under the loop is the virtual master (vbus) behind a timing wrapper: every ioctl
// is timed with the TSC, so each cycle splits into
//   bus   time inside Device::Ioctl (the virtual slaves' work; on real IgH the syscalls), and
//   own   the rest of RunCycle: the runtime's own work (triple buffers, image copies, state
//         bookkeeping, statistics, events), minus the timer reads the wrapper adds.
// The floor, in the same thread and interleaved with the cycles: memcpy of the process image
// (timed 16 copies at a time, per copy).
// Cycles run back to back (no sleeping) after the slaves reached OP: this measures cost, not
// timing. Allocations are counted with replaced operator new and --wrap'ed malloc/calloc/
// realloc of the linked sources, on this thread only, during the measured window; page faults
// and context switches come from getrusage(RUSAGE_THREAD) around the same window.
//
// Usage: cycle_cost <image> <plan> <cycles> [--dc] [--wait]
//   <image>  topology image (docs/vbus-image.md), <plan> the text plan written by the harness:
//            "domain <divider>", "slave <alias> <position> <vendor> <product> <dc 0|1>",
//            "var <slave> <index> <subindex> <domain>", one per line.
//   --wait   print {"tid":N} and wait for a line on stdin before and after the measured
//            window (the harness attaches strace to the thread meanwhile).
// Output: one JSON object on stdout.
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <x86intrin.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "igh/abi.h"
#include "runtime/app_master.h"
#include "runtime/cyclic_thread.h"
#include "runtime/shared_layout.h"
#include "vbus/vbus.h"

// ---------------------------------------------------------------------------------------
// Allocation counting (this thread, measured window only)

static thread_local bool t_counting = false;
static std::atomic<long> g_new{0}, g_malloc{0}, g_calloc{0}, g_realloc{0};

void *operator new(std::size_t n)
{
    if (t_counting)
        g_new.fetch_add(1, std::memory_order_relaxed);
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

extern "C" {
void *__real_malloc(size_t);
void *__real_calloc(size_t, size_t);
void *__real_realloc(void *, size_t);
void *__wrap_malloc(size_t n)
{
    if (t_counting)
        g_malloc.fetch_add(1, std::memory_order_relaxed);
    return __real_malloc(n);
}
void *__wrap_calloc(size_t a, size_t b)
{
    if (t_counting)
        g_calloc.fetch_add(1, std::memory_order_relaxed);
    return __real_calloc(a, b);
}
void *__wrap_realloc(void *p, size_t n)
{
    if (t_counting)
        g_realloc.fetch_add(1, std::memory_order_relaxed);
    return __real_realloc(p, n);
}
}

// ---------------------------------------------------------------------------------------
// The virtual master behind the Device interface, with every ioctl timed

namespace {

class TimedVbus final : public ecat::Device {
public:
    TimedVbus(struct vbus *vb, struct vbus_file *f) : vb_(vb), f_(f) {}
    ~TimedVbus() override
    {
        vbus_close(f_);
        vbus_destroy(vb_);
    }
    long Ioctl(uint32_t code, unsigned long arg) override
    {
        uint64_t t0 = __rdtsc();
        long r = vbus_ioctl(f_, code, arg);
        ticks += __rdtsc() - t0;
        calls++;
        return r;
    }
    void *Map(size_t size, int *err) override
    {
        void *addr = nullptr;
        size_t have = 0;
        int r = vbus_process_data(f_, &addr, &have);
        if (r < 0 || !addr || have < size) {
            *err = r < 0 ? r : -ENODEV;
            return nullptr;
        }
        pd = static_cast<uint8_t *>(addr);
        *err = 0;
        return addr;
    }
    void Unmap(void *, size_t) override {}
    const std::string &Path() const override { return path_; }
    bool Writable() const override { return true; }
    const char *Kind() const override { return "sim"; }

    uint64_t ticks = 0;
    uint64_t calls = 0;
    uint8_t *pd = nullptr;

private:
    struct vbus *vb_;
    struct vbus_file *f_;
    std::string path_ = "bench:vbus";
};

[[noreturn]] void Fail(const std::string &what)
{
    std::printf("{\"error\":\"%s\"}\n", what.c_str());
    std::exit(1);
}

std::vector<uint8_t> ReadFile(const char *path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        Fail(std::string("cannot read ") + path);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

ecat::Plan ReadPlan(const char *path, bool *any_dc)
{
    std::ifstream in(path);
    if (!in)
        Fail(std::string("cannot read ") + path);
    ecat::Plan plan;
    std::string line;
    *any_dc = false;
    while (std::getline(in, line)) {
        std::istringstream ls(line);
        std::string kind;
        ls >> kind;
        if (kind == "domain") {
            ecat::PlanDomain d;
            ls >> d.divider;
            plan.domains.push_back(d);
        } else if (kind == "slave") {
            ecat::PlanSlave s;
            int dc = 0;
            ls >> s.alias >> s.position >> s.vendor_id >> s.product_code >> dc;
            if (dc) {
                s.has_dc = true;
                s.dc.assign_activate = 0x0300;
                s.dc.sync0_cycle = 1000000;
                *any_dc = true;
            }
            plan.slaves.push_back(s);
        } else if (kind == "var") {
            ecat::PlanVariable v;
            ls >> v.slave >> v.index >> v.subindex >> v.domain;
            plan.variables.push_back(v);
        }
    }
    return plan;
}

double TscPerNs()
{
    uint64_t c0 = __rdtsc();
    int64_t t0 = ecat::MonotonicNs();
    struct timespec ts = {0, 100000000};
    nanosleep(&ts, nullptr);
    uint64_t c1 = __rdtsc();
    int64_t t1 = ecat::MonotonicNs();
    return static_cast<double>(c1 - c0) / static_cast<double>(t1 - t0);
}

struct Summary {
    double p50, p90, p99, max, mean;
};

Summary Summarize(std::vector<double> v)
{
    Summary s{0, 0, 0, 0, 0};
    if (v.empty())
        return s;
    std::sort(v.begin(), v.end());
    auto at = [&](double p) {
        double h = (v.size() - 1) * p;
        size_t lo = static_cast<size_t>(h);
        size_t hi = std::min(lo + 1, v.size() - 1);
        return v[lo] + (h - lo) * (v[hi] - v[lo]);
    };
    s.p50 = at(0.5);
    s.p90 = at(0.9);
    s.p99 = at(0.99);
    s.max = v.back();
    double sum = 0;
    for (double x : v)
        sum += x;
    s.mean = sum / v.size();
    return s;
}

void PrintSummary(const char *name, const Summary &s, bool comma = true)
{
    std::printf("\"%s\":{\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"max\":%.1f,\"mean\":%.1f}%s", name, s.p50, s.p90, s.p99,
                s.max, s.mean, comma ? "," : "");
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 4)
        Fail("usage: cycle_cost <image> <plan> <cycles> [--wait]");
    const long cycles = std::atol(argv[3]);
    bool wait = false;
    for (int i = 4; i < argc; i++)
        if (std::strcmp(argv[i], "--wait") == 0)
            wait = true;

    std::vector<uint8_t> image = ReadFile(argv[1]);
    bool any_dc = false;
    ecat::Plan plan = ReadPlan(argv[2], &any_dc);
    const eca_abi *abi = eca_abi_by_id("1.6");
    struct vbus_options vo {};
    vo.abi = abi;
    vo.master_count = 1;
    char reason[256] = {0};
    struct vbus *vb = nullptr;
    if (vbus_create(image.data(), image.size(), &vo, &vb, reason, sizeof reason) < 0)
        Fail(std::string("vbus_create: ") + reason);
    struct vbus_file *file = nullptr;
    if (vbus_open(vb, 1, &file) < 0)
        Fail("vbus_open failed");
    TimedVbus dev(vb, file);

    ecat::AppMaster am(&dev, abi);
    ecat::Layout layout;
    ecat::Activation act;
    ecat::Status st = am.Request();
    if (st.ok())
        st = am.Configure(plan, &layout);
    if (!st.ok())
        Fail("configure: " + st.message + " " + st.field + " err " + std::to_string(st.err) + " req " + std::to_string(st.req));
    st = am.Activate(&act);
    if (!st.ok())
        Fail("activate: " + st.message + " err " + std::to_string(st.err) + " " + st.syscall);

    // The setup AppMaster::StartCycle would hand the cyclic thread.
    std::vector<uint64_t> shared_store((act.shared_size + 7) / 8 + 1, 0);
    uint8_t *shared = reinterpret_cast<uint8_t *>(shared_store.data());
    ecat::InitSharedImage(shared, act.process_data_size, act.event_capacity);
    ecat::CycleSetup setup;
    setup.dev = &dev;
    setup.abi = abi;
    setup.process_data = dev.pd;
    setup.process_data_size = act.process_data_size;
    for (size_t i = 0; i < act.domains.size(); i++) {
        ecat::CycleDomain d;
        d.index = act.domains[i].index;
        d.divider = i < plan.domains.size() ? static_cast<uint32_t>(plan.domains[i].divider) : 1;
        setup.domains.push_back(d);
    }
    setup.configs = layout.config_indices;
    setup.output_ranges = act.output_ranges;
    setup.shared = shared;
    setup.shared_size = act.shared_size;
    setup.event_capacity = act.event_capacity;
    setup.options.cycle_time_ns = 1000000;
    setup.options.dc = any_dc;
    setup.options.state_every = 10;
    ecat::CycleLoop loop;
    std::vector<std::string> warnings;
    std::string error;
    if (!loop.Prepare(setup, &warnings, &error))
        Fail("prepare: " + error);

    const double tpn = TscPerNs();
    // What one timer read inside the wrapper costs (it is counted as the runtime's own time).
    uint64_t best = UINT64_MAX;
    for (int r = 0; r < 21; r++) {
        uint64_t a = __rdtsc();
        for (int i = 0; i < 1000; i++) {
            volatile uint64_t x = __rdtsc();
            (void)x;
        }
        best = std::min<uint64_t>(best, __rdtsc() - a);
    }
    const double rdtsc_ns = static_cast<double>(best) / 1000.0 / tpn;

    // JS's part of the triple buffer: publish outputs once so the loop takes the normal path.
    int32_t *out_middle = ecat::shm::I32(shared, ecat::shm::kOffOutputMiddle);
    __atomic_exchange_n(out_middle, 0 | ecat::shm::kFresh, __ATOMIC_ACQ_REL);
    __atomic_fetch_add(ecat::shm::I32(shared, ecat::shm::kOffHeartbeat), 1, __ATOMIC_RELAXED);

    // Warm-up: cycle until every configured slave is operational (at most 30000 cycles).
    int64_t now = ecat::MonotonicNs();
    loop.Begin(now);
    long warm = 0;
    size_t operational = 0;
    for (; warm < 30000; warm++) {
        now = ecat::MonotonicNs();
        loop.RunCycle(now, now);
        if (warm % 100 == 99) {
            operational = 0;
            for (uint32_t c : layout.config_indices)
                if (c < ecat::shm::kMaxConfigs &&
                    (*ecat::shm::U32(shared, ecat::shm::kOffConfigStates + 4 * c) & ecat::shm::kConfigOperational))
                    operational++;
            if (operational == layout.config_indices.size() && warm >= 2000)
                break;
        }
    }

    // The measured window.
    const size_t s = act.process_data_size ? act.process_data_size : 1;
    std::vector<uint8_t> copy_dst(s + 64, 0);
    // Sized (so every page is touched) before the window: the harness must not fault in it.
    std::vector<double> own(cycles, 0.0), total(cycles, 0.0), bus(cycles, 0.0), copy(cycles, 0.0);
    uint64_t calls_before = dev.calls;
    const long block = 500;
    constexpr int kCopies = 16;
    if (wait) {
        std::printf("{\"tid\":%ld}\n", static_cast<long>(syscall(SYS_gettid)));
        std::fflush(stdout);
        char buf[16];
        if (!std::fgets(buf, sizeof buf, stdin))
            Fail("no go line");
    }
    struct rusage ru0, ru1;
    getrusage(RUSAGE_THREAD, &ru0);
    t_counting = true;
    for (long done = 0; done < cycles; done += block) {
        for (long i = 0; i < block && done + i < cycles; i++) {
            int64_t planned = ecat::MonotonicNs();
            uint64_t b0 = dev.ticks, c0 = dev.calls;
            uint64_t t0 = __rdtsc();
            loop.RunCycle(planned, planned);
            uint64_t t1 = __rdtsc();
            double tot = static_cast<double>(t1 - t0) / tpn;
            double in_bus = static_cast<double>(dev.ticks - b0) / tpn;
            double n = static_cast<double>(dev.calls - c0);
            total[done + i] = tot;
            bus[done + i] = in_bus;
            own[done + i] = tot - in_bus - n * rdtsc_ns;
        }
        // The floor, next to the cycles: memcpy of the process image, timed 16 copies at a time
        // (one copy of a small image is below the timer's resolution), per copy.
        for (long i = 0; i < block && done + i < cycles; i++) {
            const uint8_t *src = dev.pd ? dev.pd : copy_dst.data() + 32;
            uint64_t t0 = __rdtsc();
            for (int k = 0; k < kCopies; k++) {
                std::memcpy(copy_dst.data(), src, act.process_data_size);
                __asm__ volatile("" : : "r"(copy_dst.data()), "r"(src) : "memory");
            }
            uint64_t t1 = __rdtsc();
            copy[done + i] = static_cast<double>(t1 - t0) / tpn / kCopies;
        }
    }
    t_counting = false;
    getrusage(RUSAGE_THREAD, &ru1);
    if (wait) {
        std::printf("{\"window\":\"done\"}\n");
        std::fflush(stdout);
        char buf[16];
        if (!std::fgets(buf, sizeof buf, stdin))
            Fail("no end line");
    }
    // The empty timer pair, per copy as the floor divides it, to know the floor measurement's
    // own overhead.
    std::vector<double> empty;
    for (int i = 0; i < 2000; i++) {
        uint64_t t0 = __rdtsc();
        __asm__ volatile("" ::: "memory");
        uint64_t t1 = __rdtsc();
        empty.push_back(static_cast<double>(t1 - t0) / tpn / kCopies);
    }

    std::printf("{\"slaves\":%zu,\"variables\":%zu,\"processDataBytes\":%zu,\"outputRanges\":%zu,\"dc\":%s,",
                plan.slaves.size(), plan.variables.size(), act.process_data_size, act.output_ranges.size(),
                any_dc ? "true" : "false");
    std::printf("\"warmupCycles\":%ld,\"operational\":%zu,\"configs\":%zu,\"cycles\":%ld,", warm, operational,
                layout.config_indices.size(), cycles);
    std::printf("\"ioctlsPerCycle\":%.2f,\"tscPerNs\":%.4f,\"timerReadNs\":%.2f,",
                static_cast<double>(dev.calls - calls_before) / static_cast<double>(cycles), tpn, rdtsc_ns);
    PrintSummary("ownNs", Summarize(own));
    PrintSummary("totalNs", Summarize(total));
    PrintSummary("busNs", Summarize(bus));
    PrintSummary("memcpyNs", Summarize(copy));
    PrintSummary("emptyTimerNs", Summarize(empty));
    std::printf("\"allocations\":{\"operatorNew\":%ld,\"malloc\":%ld,\"calloc\":%ld,\"realloc\":%ld},", g_new.load(),
                g_malloc.load(), g_calloc.load(), g_realloc.load());
    std::printf("\"rusage\":{\"minflt\":%ld,\"majflt\":%ld,\"nvcsw\":%ld,\"nivcsw\":%ld}}\n",
                ru1.ru_minflt - ru0.ru_minflt, ru1.ru_majflt - ru0.ru_majflt, ru1.ru_nvcsw - ru0.ru_nvcsw,
                ru1.ru_nivcsw - ru0.ru_nivcsw);
    return 0;
}
