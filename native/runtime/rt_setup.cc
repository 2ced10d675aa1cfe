// SPDX-License-Identifier: MIT
// Real-time thread setup; see rt_setup.h. Runs before the cyclic loop, so it may allocate
// (warning strings) and make any syscall.
#include "runtime/rt_setup.h"

#include <link.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "runtime/shared_layout.h"

namespace ecat {
namespace {

std::string Errno(int e) { return std::string(std::strerror(e)) + " (errno " + std::to_string(e) + ")"; }

std::string Limit(int resource)
{
    struct rlimit rl {};
    if (getrlimit(resource, &rl) != 0)
        return "unknown";
    if (rl.rlim_cur == RLIM_INFINITY)
        return "unlimited";
    return std::to_string(static_cast<unsigned long long>(rl.rlim_cur));
}

// Touch `bytes` of stack below the current frame so later growth never page-faults.
__attribute__((noinline)) void PrefaultStack(size_t bytes)
{
    // A VLA would be non-standard C++; a fixed array per 4 KiB step touched through a
    // volatile pointer keeps the compiler from eliding the writes.
    constexpr size_t kChunk = 4096;
    volatile unsigned char page[kChunk];
    for (size_t i = 0; i < kChunk; i += 64)
        page[i] = 0;
    if (bytes > kChunk)
        PrefaultStack(bytes - kChunk);
    (void)page[0];
}

// The in-process virtual master runs inside the ioctls it answers, so its own allocations
// (slave configuration during the first cycles after activation) happen in the thread that
// calls them: ours. glibc gives a new thread a fresh malloc arena, whose pages those
// allocations would touch for the first time, page-faulting in the first cycles. Touch a
// block of it once here and free it: it goes back to the arena's top chunk and stays mapped
// because it is below both the size that triggers a trim check (64 KiB) and the trim
// threshold. With the kernel's /dev/EtherCAT* nothing in the cycle allocates and this only
// costs the bytes.
__attribute__((noinline)) void WarmThreadHeap(size_t bytes)
{
    if (bytes == 0)
        return;
    void *block = std::malloc(bytes);
    if (!block)
        return;
    volatile unsigned char *p = static_cast<unsigned char *>(block);
    for (size_t i = 0; i < bytes; i += 4096)
        p[i] = 0;
    std::free(block);
}

} // namespace

void NameCurrentThread(const char *name)
{
    // 15 characters plus NUL is the kernel's limit; longer names make the call fail.
    char buf[16];
    std::strncpy(buf, name, sizeof buf - 1);
    buf[sizeof buf - 1] = '\0';
    pthread_setname_np(pthread_self(), buf);
}

bool MemoryLock::Lock(const void *addr, size_t len, const char *what, RtReport *report)
{
    if (!addr || !len)
        return true;
    const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
    uintptr_t start = reinterpret_cast<uintptr_t>(addr) & ~(page - 1);
    uintptr_t end = (reinterpret_cast<uintptr_t>(addr) + len + page - 1) & ~(page - 1);
    if (mlock(reinterpret_cast<void *>(start), end - start) == 0) {
        ranges_.emplace_back(start, end - start);
        return true;
    }
    int e = errno;
    report->warnings.push_back(std::string("locking ") + what + " (" + std::to_string(end - start) +
                               " bytes) in memory not granted: " + Errno(e) + "; RLIMIT_MEMLOCK is " +
                               Limit(RLIMIT_MEMLOCK) + " bytes; it stays pageable");
    return false;
}

namespace {

struct SegmentSearch {
    uintptr_t addr = 0;     // find the object containing this address, or
    const char *name = nullptr; // the object whose path contains this
    std::vector<std::pair<uintptr_t, size_t>> segments;
};

int CollectSegments(struct dl_phdr_info *info, size_t, void *data)
{
    auto *s = static_cast<SegmentSearch *>(data);
    std::vector<std::pair<uintptr_t, size_t>> segs;
    bool match = s->name && info->dlpi_name && std::strstr(info->dlpi_name, s->name);
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) &ph = info->dlpi_phdr[i];
        if (ph.p_type != PT_LOAD)
            continue;
        uintptr_t start = info->dlpi_addr + ph.p_vaddr;
        segs.emplace_back(start, ph.p_memsz);
        if (s->addr >= start && s->addr < start + ph.p_memsz)
            match = true;
    }
    if (!match)
        return 0;
    s->segments = segs;
    return 1; // stop
}

} // namespace

bool MemoryLock::LockCodeAt(const void *addr, const char *what, RtReport *report)
{
    SegmentSearch s;
    s.addr = reinterpret_cast<uintptr_t>(addr);
    dl_iterate_phdr(&CollectSegments, &s);
    bool ok = !s.segments.empty();
    size_t keep = ranges_.size();
    for (const auto &seg : s.segments)
        ok = Lock(reinterpret_cast<const void *>(seg.first), seg.second, what, report) && ok;
    ranges_.resize(keep); // code stays locked (see the header)
    return ok;
}

bool MemoryLock::LockCodeNamed(const char *name, RtReport *report)
{
    SegmentSearch s;
    s.name = name;
    dl_iterate_phdr(&CollectSegments, &s);
    size_t keep = ranges_.size();
    bool ok = true;
    for (const auto &seg : s.segments)
        ok = Lock(reinterpret_cast<const void *>(seg.first), seg.second, name, report) && ok;
    ranges_.resize(keep);
    return ok;
}

void MemoryLock::UnlockAll()
{
    for (const auto &r : ranges_)
        munlock(reinterpret_cast<void *>(r.first), r.second);
    ranges_.clear();
}

bool CurrentThreadStack(void **base, size_t *size)
{
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0)
        return false;
    int r = pthread_attr_getstack(&attr, base, size);
    pthread_attr_destroy(&attr);
    return r == 0;
}

int RtCreateThread(pthread_t *thread, const RtRequest &req, void *(*entry)(void *), void *arg, RtReport *report)
{
    pthread_attr_t attr;
    int r;
    if (req.priority > 0) {
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, req.stack_size);
        pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
        pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
        struct sched_param sp {};
        sp.sched_priority = req.priority;
        r = pthread_attr_setschedparam(&attr, &sp);
        if (r == 0)
            r = pthread_create(thread, &attr, entry, arg);
        pthread_attr_destroy(&attr);
        if (r == 0)
            return 0;
        report->fifo_refused = true;
        report->warnings.push_back("SCHED_FIFO priority " + std::to_string(req.priority) + " not granted: " + Errno(r) +
                                   "; RLIMIT_RTPRIO is " + Limit(RLIMIT_RTPRIO) +
                                   " (needs root, CAP_SYS_NICE or an rtprio limit); running with the default policy");
    }
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, req.stack_size);
    r = pthread_create(thread, &attr, entry, arg);
    pthread_attr_destroy(&attr);
    return r;
}

void RtSetupCurrentThread(const RtRequest &req, MemoryLock *lock, RtReport *report)
{
    NameCurrentThread(req.name);
    if (req.cpu >= 0) {
        long ncpu = sysconf(_SC_NPROCESSORS_CONF);
        if (req.cpu >= CPU_SETSIZE) {
            report->warnings.push_back("CPU affinity " + std::to_string(req.cpu) + " not granted: beyond CPU_SETSIZE");
        } else {
            cpu_set_t set;
            CPU_ZERO(&set);
            CPU_SET(req.cpu, &set);
            int r = pthread_setaffinity_np(pthread_self(), sizeof set, &set);
            if (r == 0)
                report->granted |= shm::kGrantAffinity;
            else
                report->warnings.push_back("CPU affinity " + std::to_string(req.cpu) + " not granted: " + Errno(r) +
                                           "; this machine has " + std::to_string(ncpu) + " CPUs");
        }
    }
    // With the default policy the kernel may defer a timer by the thread's slack (50 us by
    // default); ask for the minimum so the fallback wakes as close to the deadline as it can.
    prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
    if (req.lock_memory && lock) {
        void *base = nullptr;
        size_t size = 0;
        if (CurrentThreadStack(&base, &size))
            lock->Lock(base, size, "the cyclic thread's stack", report);
        else
            report->warnings.push_back("locking the cyclic thread's stack not granted: its extent is unknown");
    }
    PrefaultStack(req.prefault);
    WarmThreadHeap(req.heap_warm);

    int policy = 0;
    struct sched_param sp {};
    if (pthread_getschedparam(pthread_self(), &policy, &sp) == 0 && policy == SCHED_FIFO)
        report->granted |= shm::kGrantSchedFifo;
    else if (req.priority > 0 && !report->fifo_refused)
        report->warnings.push_back("SCHED_FIFO priority " + std::to_string(req.priority) +
                                   " not in effect; running with the default policy");
}

} // namespace ecat
