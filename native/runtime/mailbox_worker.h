// SPDX-License-Identifier: MIT
// The `ecat-mbx` threads: blocking mailbox work (SDO upload/download, register and SII
// access) off the JS thread and off the cyclic thread. Jobs wait in a bounded queue
// (Submit refuses when it is full: backpressure); a small pool of threads runs them, at most
// one per slave at a time and each slave's jobs in the order they came (IgH and the virtual
// master serve one mailbox request per slave at a time anyway, but different slaves in
// parallel, so a request to one slow slave does not hold up the others). Each finished job
// is handed to the owner's deliver callback on its worker thread, which passes it on to JS
// (a thread-safe function in the addon). On IgH and the virtual master such a request
// completes after activation only while the cyclic thread keeps sending frames, so the
// owner stops the workers before it stops the cycle.
#ifndef ECAT_RUNTIME_MAILBOX_WORKER_H
#define ECAT_RUNTIME_MAILBOX_WORKER_H

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "device/device.h"
#include "igh/abi.h"

namespace ecat {

class MailboxJob {
public:
    virtual ~MailboxJob() = default;
    // Runs on the worker thread; fills the result fields.
    virtual void Run(Device &dev, const eca_abi *abi) = 0;

    enum Kind { kSdoUpload, kSdoDownload, kRegRead, kRegWrite, kSiiRead };
    Kind kind = kSdoUpload;
    unsigned position = 0;
    unsigned index = 0;      // SDO index, register address or SII word offset
    unsigned subindex = 0;   // SDO subindex
    size_t size = 0;         // bytes to read (upload max size, register size, SII words * 2)
    bool complete_access = false;
    std::vector<uint8_t> data; // in: bytes to write; out: bytes read

    long result = 0;         // >= 0 or -errno
    eca_req req = ECA_REQ_COUNT;
    uint32_t abort_code = 0; // SDO abort code (0 if none)

    void *user = nullptr;    // owner's data (the addon keeps its promise here)
};

// Build a job of each kind.
std::unique_ptr<MailboxJob> MakeSdoUploadJob(unsigned position, unsigned index, unsigned subindex, size_t max_size);
std::unique_ptr<MailboxJob> MakeSdoDownloadJob(unsigned position, unsigned index, unsigned subindex,
                                               std::vector<uint8_t> data, bool complete_access);
std::unique_ptr<MailboxJob> MakeRegReadJob(unsigned position, unsigned address, size_t size);
std::unique_ptr<MailboxJob> MakeRegWriteJob(unsigned position, unsigned address, std::vector<uint8_t> data);
std::unique_ptr<MailboxJob> MakeSiiReadJob(unsigned position, unsigned offset, unsigned nwords);

class MailboxWorker {
public:
    // Called on the worker thread with each finished job; takes ownership.
    using Deliver = void (*)(void *ctx, MailboxJob *job);

    // `threads`: jobs for different slaves that may run at once.
    MailboxWorker(Device *dev, const eca_abi *abi, size_t capacity, Deliver deliver, void *ctx, unsigned threads = 4);
    ~MailboxWorker(); // stops (cancelled jobs are destroyed)
    MailboxWorker(const MailboxWorker &) = delete;
    MailboxWorker &operator=(const MailboxWorker &) = delete;

    bool Start(std::string *error);

    enum Submitted { kQueued, kFull, kStopped };
    // On kQueued the worker owns the job; otherwise it stays with the caller.
    Submitted Submit(std::unique_ptr<MailboxJob> &job);

    // Let the running jobs finish, join the threads, and return the jobs that never ran.
    // Idempotent; safe to call from the thread that started the worker only.
    std::vector<std::unique_ptr<MailboxJob>> Stop();

    bool Running() const { return !threads_.empty(); }
    size_t Capacity() const { return capacity_; }

private:
    void Main();
    // The first queued job whose slave has none running, or end(). Caller holds mutex_.
    std::deque<std::unique_ptr<MailboxJob>>::iterator NextRunnable();

    Device *dev_;
    const eca_abi *abi_;
    size_t capacity_;
    Deliver deliver_;
    void *ctx_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::unique_ptr<MailboxJob>> queue_;
    std::vector<unsigned> busy_; // slave positions with a job running
    bool stopping_ = false;
    unsigned nthreads_;
    std::vector<std::thread> threads_;
};

} // namespace ecat

#endif
