// SPDX-License-Identifier: MIT
// The application lifecycle over IgH's requests (docs/runtime.md section 1): reserve,
// configure from a plan, activate and map the process data, run and stop the cyclic
// thread, deactivate. The phase order is enforced here; a call in the wrong phase fails
// with kWrongPhase naming the phase and the call. No N-API: results and errors are plain
// structs that native/addon/runtime_wrap.cc turns into JS values.
// Thread affinity: every method on the owner's (JS) thread; the cyclic thread only runs
// the loop it was given.
#ifndef ECAT_RUNTIME_APP_MASTER_H
#define ECAT_RUNTIME_APP_MASTER_H

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "device/device.h"
#include "igh/abi.h"
#include "runtime/cyclic_thread.h"
#include "runtime/plan.h"

namespace ecat {

enum class Phase { kOpened, kReserved, kConfigured, kActive, kCycling, kClosed };
const char *PhaseName(Phase p);

struct Status {
    enum Code { kOk, kSys, kWrongPhase, kInvalid } code = kOk;
    long err = 0;              // kSys: -errno
    std::string syscall;       // kSys: "ioctl", "mmap", "pthread_create"
    eca_req req = ECA_REQ_COUNT; // kSys with an ioctl: the request
    std::string field;         // kInvalid: field path; kSys: the plan item the call served (may be empty)
    std::string message;       // kWrongPhase/kInvalid: the whole sentence; kSys: extra context
    std::string phase;         // kWrongPhase: the current phase
    std::string call;          // kWrongPhase: the call refused

    bool ok() const { return code == kOk; }
    static Status Ok() { return Status(); }
    static Status Sys(long err, eca_req req, const std::string &field = "");
    static Status SysCall(long err, const char *syscall, const std::string &message);
    static Status Invalid(const std::string &field, const std::string &message);
    static Status WrongPhase(Phase phase, const char *call, const std::string &hint);
};

struct VariableLayout {
    uint32_t domain = 0;      // plan domain index
    uint32_t offset = 0;      // byte offset within its domain
    uint32_t bit_position = 0;
};

struct Layout {
    std::vector<uint32_t> config_indices; // per plan slave
    std::vector<uint32_t> domain_indices; // per plan domain
    std::vector<VariableLayout> variables;
    std::vector<uint32_t> domain_sizes;
};

struct DomainPlace {
    uint32_t index = 0;  // IgH domain index
    uint32_t offset = 0; // within the process data
    uint32_t size = 0;
};

struct Activation {
    size_t process_data_size = 0;
    std::vector<DomainPlace> domains;
    std::vector<ByteRange> output_ranges; // sorted, adjacent ranges merged
    std::vector<ByteRange> input_ranges;
    size_t shared_size = 0;
    uint32_t event_capacity = 0;
};

struct CycleStartInfo {
    uint32_t granted = 0; // shm::kGrant* bits
    std::vector<std::string> warnings;
};

struct ConfigStateInfo {
    bool online = false;
    bool operational = false;
    unsigned al_state = 0;
};

// Limits of the cycle options, checked by StartCycle.
constexpr int64_t kMinCycleTimeNs = 10000;      // 100 kHz
constexpr int64_t kMaxCycleTimeNs = 1000000000; // 1 Hz
constexpr uint32_t kMaxWatchdogMs = 3600000;
constexpr uint32_t kMaxStateEvery = 1000000;

class AppMaster {
public:
    AppMaster(Device *dev, const eca_abi *abi, uint32_t event_capacity = shm::kDefaultEventCapacity);
    ~AppMaster();
    AppMaster(const AppMaster &) = delete;
    AppMaster &operator=(const AppMaster &) = delete;

    Phase phase() const { return phase_; }

    Status Request();
    Status Configure(const Plan &plan, Layout *out);
    Status Activate(Activation *out);
    // `shared` must stay valid until StopCycle/Close returns.
    Status StartCycle(const CycleOptions &options, uint8_t *shared, size_t shared_size, CycleStartInfo *out);
    Status CheckSetpoints(const std::vector<SetpointQueue> &queues, size_t shared_size) const;
    Status StopCycle(); // idempotent: Ok in every phase but cycling, where it stops and joins
    Status Deactivate();
    Status ConfigState(uint32_t config_index, ConfigStateInfo *out);
    Status ReadProcessData(std::vector<uint8_t> *out);

    // Stop the thread, deactivate and unmap; the owner then closes the device. Idempotent.
    void Close();

    // Ok when the current phase is one of `allowed`, else kWrongPhase for `call`.
    Status CheckPhase(const char *call, std::initializer_list<Phase> allowed) const;

    const Activation &activation() const { return activation_; }

private:
    Status Fail(Status s); // an IgH call failed during configure: remember that it did
    void Unmap();

    Device *dev_;
    const eca_abi *abi_;
    uint32_t event_capacity_;
    Phase phase_ = Phase::kOpened;
    bool configure_issued_ = false; // configure() created something in the master
    bool configure_failed_ = false; // ... and then failed part way
    Layout layout_;
    std::vector<uint32_t> dividers_;
    Activation activation_;
    std::vector<uint32_t> expected_wkc_;
    uint8_t *process_data_ = nullptr;
    size_t mapped_size_ = 0;
    CyclicThread thread_;
};

} // namespace ecat

#endif
