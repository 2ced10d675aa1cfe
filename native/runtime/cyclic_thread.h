// SPDX-License-Identifier: MIT
// The cyclic exchange (docs/runtime.md section 2). CycleLoop is the body of one cycle with
// every ioctl argument built in Prepare(); RunCycle() then issues only the bus requests and
// touches only preallocated memory: no allocation, no lock, no syscall other than the
// ioctls and clock_gettime, no exceptions. CyclicThread runs it on the `ecat-rt` thread at
// absolute deadlines (clock_nanosleep TIMER_ABSTIME) after the real-time setup.
// Thread affinity: Prepare/Start/Stop on the owner's thread, RunCycle on the RT thread.
#ifndef ECAT_RUNTIME_CYCLIC_THREAD_H
#define ECAT_RUNTIME_CYCLIC_THREAD_H

#include <pthread.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "device/device.h"
#include "igh/abi.h"
#include "runtime/event_ring.h"
#include "runtime/rt_setup.h"
#include "runtime/triple_buffer.h"

namespace ecat {

struct ByteRange {
    uint32_t offset = 0;
    uint32_t length = 0;
};

// A set-point queue: `depth` slots at byte `at` of the shared buffer (see shared_layout.h) feeding
// `size` bytes at `offset` of the process data. A slot for the cycle being built overrides
// whatever JS published for those bytes; without one the bytes keep their last value.
struct SetpointQueue {
    uint32_t offset = 0;
    uint32_t size = 0;  // 1, 2, 4 or 8
    uint64_t at = 0;    // 8-byte aligned, past the standard layout
    uint32_t depth = 0; // a power of two, 2 .. kSetpointMaxDepth
};

struct CycleOptions {
    int64_t cycle_time_ns = 1000000;
    int priority = 0;
    int cpu = -1;
    bool lock_memory = false;
    uint32_t watchdog_ms = 0;
    std::vector<uint8_t> safe_outputs; // empty: none
    bool dc = false;
    uint32_t sync_reference_every = 1;
    bool sync_monitor = false;
    uint32_t state_every = 10;
    std::vector<SetpointQueue> setpoints;
};

struct CycleDomain {
    uint32_t index = 0;    // IgH domain index
    uint32_t divider = 1;  // processed every `divider` cycles
    uint32_t expected_wkc = 0;
};

struct CycleSetup {
    Device *dev = nullptr;
    const eca_abi *abi = nullptr;
    uint8_t *process_data = nullptr; // the mapped process data (nullptr when its size is 0)
    size_t process_data_size = 0;
    std::vector<CycleDomain> domains;
    std::vector<uint32_t> configs; // IgH config indices to poll
    std::vector<ByteRange> output_ranges;
    uint8_t *shared = nullptr; // the shared image (docs/runtime.md section 3)
    size_t shared_size = 0;
    uint32_t event_capacity = 0;
    CycleOptions options;
};

// Write the shared image header for a new run: layout fields, index words, zeroed
// statistics, states and ring counters. Buffers are left as JS prepared them.
void InitSharedImage(uint8_t *shared, size_t image_size, uint32_t event_capacity);

// At most this many SC_STATE requests run in one cycle; bigger buses get a longer sweep.
constexpr uint64_t kMaxStatePollsPerCycle = 2;

class CycleLoop {
public:
    // Build every argument buffer. Returns false with *error when the ABI lacks a request
    // the options need.
    bool Prepare(const CycleSetup &setup, std::vector<std::string> *warnings, std::string *error);

    // Start values for a run beginning at `start_ns` (CLOCK_MONOTONIC).
    void Begin(int64_t start_ns);

    // One cycle for the deadline `planned_ns`, woken at `woke_ns`.
    void RunCycle(int64_t planned_ns, int64_t woke_ns);

    // A deadline was missed: count `missed` deadlines and report the lateness.
    void Overrun(int64_t lateness_ns, int64_t missed, int64_t now_ns);

    // Lock everything RunCycle touches in memory (after Prepare): this object, its buffers,
    // the shared image, the process data, the device object. False if anything failed.
    bool LockWorkingSet(MemoryLock *lock, RtReport *report) const;

    int64_t Period() const { return setup_.options.cycle_time_ns; }
    uint64_t SetpointsApplied() const { return setpoints_applied_; }
    int32_t *RunState() const { return shm::I32(setup_.shared, shm::kOffRunState); }
    const CycleSetup &Setup() const { return setup_; }

private:
    struct DomainSlot {
        CycleDomain d;
        uint32_t countdown = 0; // cycles until the domain is due
        bool due = false;
        std::vector<uint8_t> state_arg;  // ec_ioctl_domain_state_t
        std::vector<uint8_t> state_data; // ec_domain_state_t it points to
        uint32_t wkc = 0, wc_state = 0, cycles = 0;
        long err_process = 0, err_state = 0, err_queue = 0; // last result of each request
    };
    struct ConfigSlot {
        uint32_t index = 0;
        std::vector<uint8_t> arg;  // ec_ioctl_sc_state_t
        std::vector<uint8_t> data; // ec_slave_config_state_t
        uint32_t word = 0;         // last state word (shared image encoding)
        long err = 0;              // last SC_STATE result
    };

    // Issue one request; a failure becomes a cycle error event when it differs from the
    // previous result kept in *last (one slot per request and domain or config).
    long Io(eca_req req, uint32_t code, unsigned long arg, long *last);
    long Io(eca_req req, uint32_t code, unsigned long arg) { return Io(req, code, arg, &last_error_[req]); }
    void Emit(uint16_t type, int32_t a, int32_t b, int32_t c, int32_t d, int64_t now_ns);
    void PollDomains(int64_t now_ns);
    void PollStates(int64_t now_ns);
    void ExchangeImage(int64_t now_ns);
    void ApplySetpoints();
    void Stats(int64_t planned_ns, int64_t woke_ns);

    CycleSetup setup_;
    uint32_t c_receive_ = 0, c_send_ = 0, c_process_ = 0, c_queue_ = 0, c_domain_state_ = 0, c_sc_state_ = 0,
             c_master_state_ = 0, c_app_time_ = 0, c_sync_ref_ = 0, c_sync_slaves_ = 0, c_mon_queue_ = 0,
             c_mon_process_ = 0;
    bool send_takes_pointer_ = false;
    std::vector<DomainSlot> domains_;
    std::vector<ConfigSlot> configs_;
    std::vector<uint8_t> master_state_; // ec_master_state_t
    uint32_t master_word_[3] = {0, 0, 0};
    uint64_t app_time_ = 0;
    uint64_t sent_bytes_ = 0; // size_t on LP64: SEND's out argument on the lines that have one
    uint32_t mon_value_ = 0;
    int64_t dc_epoch_offset_ = 0; // CLOCK_MONOTONIC -> ns since 2000-01-01
    long last_error_[ECA_REQ_COUNT] = {};

    TripleProducer inputs_;
    TripleConsumer outputs_;
    EventWriter events_;
    int64_t cycle_ = 0;
    int64_t prev_wake_ = -1;
    int64_t min_period_ = 0, max_period_ = 0, max_exec_ = 0, max_latency_ = 0;
    uint32_t histogram_[shm::kHistogramBuckets] = {};
    int32_t last_heartbeat_ = 0;
    int64_t heartbeat_time_ = 0;
    int64_t watchdog_ns_ = 0;
    bool tripped_ = false;
    bool outputs_seen_ = false; // JS published at least once
    bool copied_once_ = false;  // the output ranges of the process data have been written
    bool copied_safe_ = false;  // ... and from the safe image (true) or JS's outputs (false)
    uint32_t state_phase_ = 0; // 0 .. state_every-1: which part of the state sweep is due
    uint32_t sync_ref_countdown_ = 0;
    bool mon_pending_ = false;
    uint64_t setpoints_applied_ = 0; // slots taken (read by the native tests)
};

class CyclicThread {
public:
    CyclicThread() = default;
    ~CyclicThread() { Stop(); }
    CyclicThread(const CyclicThread &) = delete;
    CyclicThread &operator=(const CyclicThread &) = delete;

    // Prepare the loop, set up memory locking, start `ecat-rt` and wait until it finished
    // its own setup. Returns false with *error when nothing runs.
    bool Start(const CycleSetup &setup, RtReport *report, std::string *error);

    // Ask the loop to stop (it finishes the current cycle) and join it. Idempotent.
    void Stop();

    bool Running() const { return started_; }

private:
    static void *Entry(void *self);
    void Main();

    CycleLoop loop_;
    MemoryLock lock_;
    RtRequest rt_;
    RtReport *report_ = nullptr; // valid until ready_ is set
    pthread_t thread_{};
    bool started_ = false;
    std::atomic<int> ready_{0};
    bool stack_locked_ = false; // written by the thread before ready_
};

// CLOCK_MONOTONIC in nanoseconds (vDSO; no kernel entry on the usual clock sources).
int64_t MonotonicNs();

} // namespace ecat

#endif
