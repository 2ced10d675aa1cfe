// SPDX-License-Identifier: MIT
// The `ecat-evt` thread (docs/runtime.md section 3): watches the event ring's head word
// every millisecond and, when it moved and no notification is outstanding, calls `notify`
// once (the addon makes one coalesced NonBlockingCall of a thread-safe function). The
// receiver calls Delivered() when its notification ran, which allows the next one. Never
// more than one notification in flight, never one per cycle. Not on the real-time path.
#ifndef ECAT_RUNTIME_NOTIFIER_H
#define ECAT_RUNTIME_NOTIFIER_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace ecat {

class EventNotifier {
public:
    // Returns false when the notification could not be queued (it is retried later).
    using Notify = bool (*)(void *ctx);

    EventNotifier(const int32_t *head, Notify notify, void *ctx, int64_t interval_ns = 1000000);
    ~EventNotifier() { Stop(); }
    EventNotifier(const EventNotifier &) = delete;
    EventNotifier &operator=(const EventNotifier &) = delete;

    bool Start(std::string *error);
    void Stop(); // joins; idempotent; from the thread that started it
    void Delivered() { pending_.store(false, std::memory_order_release); }

    uint64_t Notifications() const { return sent_.load(std::memory_order_relaxed); }

private:
    void Main();

    const int32_t *head_;
    Notify notify_;
    void *ctx_;
    int64_t interval_ns_;
    std::atomic<bool> pending_{false};
    std::atomic<uint64_t> sent_{0};
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace ecat

#endif
