// SPDX-License-Identifier: MIT
// Real-time setup of a thread: memory locking of the cyclic thread's working set,
// SCHED_FIFO through explicit creation attributes (falling back to the default policy when
// the system refuses it), CPU affinity, timer slack, a pre-faulted stack and the thread
// name. Nothing here fails hard: whatever was asked for and not granted is reported (bit
// mask + one sentence each) and the thread runs anyway. Called from the JS thread (start)
// and from the new thread.
//
// Memory locking is targeted, not mlockall(): V8 decommits its own pages with
// madvise(MADV_DONTNEED), which the kernel refuses (EINVAL) on locked memory, and V8 treats
// that as a fatal error; mlockall(MCL_CURRENT|MCL_FUTURE) in a Node process therefore
// crashes it sooner or later. We lock what the cyclic thread touches instead: its stack,
// the shared image, the process data, the loop's own buffers and the code it runs (the
// addon and libc), none of which V8 manages.
#ifndef ECAT_RUNTIME_RT_SETUP_H
#define ECAT_RUNTIME_RT_SETUP_H

#include <pthread.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ecat {

struct RtRequest {
    int priority = 0;        // SCHED_FIFO 1..99; 0 = leave the default policy
    int cpu = -1;            // pin to this CPU; -1 = no pinning
    bool lock_memory = false; // lock the cyclic thread's working set (see above)
    size_t stack_size = 256 * 1024;
    size_t prefault = 64 * 1024; // stack bytes to touch before the loop
    size_t heap_warm = 60 * 1024; // bytes of the thread's malloc arena to touch (see rt_setup.cc)
    const char *name = "ecat-rt"; // at most 15 characters
};

struct RtReport {
    uint32_t granted = 0; // shm::kGrant* bits
    std::vector<std::string> warnings;
    bool fifo_refused = false; // thread creation with SCHED_FIFO was refused (already reported)
};

// Ranges locked with mlock(), to unlock when the thread stops.
class MemoryLock {
public:
    MemoryLock() = default;
    ~MemoryLock() { UnlockAll(); }
    MemoryLock(const MemoryLock &) = delete;
    MemoryLock &operator=(const MemoryLock &) = delete;

    // Lock the pages of [addr, addr + len). On failure adds a warning naming `what` and
    // returns false.
    bool Lock(const void *addr, size_t len, const char *what, RtReport *report);
    // Lock the loadable segments of the shared object (or executable) containing `addr`.
    // These stay locked after UnlockAll: another run may be using the same code.
    bool LockCodeAt(const void *addr, const char *what, RtReport *report);
    // Lock the segments of the first loaded object whose file name contains `name`.
    bool LockCodeNamed(const char *name, RtReport *report);
    void UnlockAll();

private:
    std::vector<std::pair<uintptr_t, size_t>> ranges_;
};

// The calling thread's stack, as [*base, *base + *size); false when unknown.
bool CurrentThreadStack(void **base, size_t *size);

// Create the thread with SCHED_FIFO attributes when priority > 0; if that is refused,
// record why and create it with default attributes. Returns 0 or the pthread_create error
// of the fallback attempt (then no thread exists).
int RtCreateThread(pthread_t *thread, const RtRequest &req, void *(*entry)(void *), void *arg, RtReport *report);

// First thing in the new thread: name, affinity, timer slack, stack locking (into *lock,
// when memory locking was asked for) and pre-faulting, and a check of the policy actually
// in effect. Adds grant bits and warnings to *report.
void RtSetupCurrentThread(const RtRequest &req, MemoryLock *lock, RtReport *report);

// Name the calling thread (non-RT helper threads use it too).
void NameCurrentThread(const char *name);

} // namespace ecat

#endif
