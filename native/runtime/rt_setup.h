// SPDX-License-Identifier: MIT
// Real-time setup of a thread: memory locking, SCHED_FIFO through explicit creation
// attributes (falling back to the default policy when the system refuses it), CPU
// affinity, timer slack, a pre-faulted stack and the thread name. Nothing here fails hard:
// whatever was asked for and not granted is reported (bit mask + one sentence each) and
// the thread runs anyway. Called from the JS thread (start) and from the new thread.
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
    bool lock_memory = false; // mlockall(MCL_CURRENT | MCL_FUTURE)
    size_t stack_size = 256 * 1024;
    size_t prefault = 64 * 1024; // stack bytes to touch before the loop
    const char *name = "ecat-rt"; // at most 15 characters
};

struct RtReport {
    uint32_t granted = 0; // shm::kGrant* bits
    std::vector<std::string> warnings;
    bool fifo_refused = false; // thread creation with SCHED_FIFO was refused (already reported)
};

// Process-wide memory locking (before the thread exists). Adds kGrantMlockall or a warning.
void RtLockMemory(const RtRequest &req, RtReport *report);

// Create the thread with SCHED_FIFO attributes when priority > 0; if that is refused,
// record why and create it with default attributes. Returns 0 or the pthread_create error
// of the fallback attempt (then no thread exists).
int RtCreateThread(pthread_t *thread, const RtRequest &req, void *(*entry)(void *), void *arg, RtReport *report);

// First thing in the new thread: name, affinity, timer slack, stack pre-faulting, and a
// check of the policy actually in effect. Adds grant bits and warnings to *report.
void RtSetupCurrentThread(const RtRequest &req, RtReport *report);

// Name the calling thread (non-RT helper threads use it too).
void NameCurrentThread(const char *name);

} // namespace ecat

#endif
