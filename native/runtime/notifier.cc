// SPDX-License-Identifier: MIT
// EventNotifier; see notifier.h.
#include "runtime/notifier.h"

#include <chrono>
#include <system_error>

#include "runtime/rt_setup.h"

namespace ecat {

EventNotifier::EventNotifier(const int32_t *head, Notify notify, void *ctx, int64_t interval_ns)
    : head_(head), notify_(notify), ctx_(ctx), interval_ns_(interval_ns)
{
}

bool EventNotifier::Start(std::string *error)
{
    if (thread_.joinable())
        return true;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = false;
    }
    pending_.store(false, std::memory_order_relaxed);
    try {
        thread_ = std::thread([this] { Main(); });
    } catch (const std::system_error &e) {
        *error = std::string("could not start the event thread: ") + e.what();
        return false;
    }
    return true;
}

void EventNotifier::Stop()
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

void EventNotifier::Main()
{
    NameCurrentThread("ecat-evt");
    // The notifier starts with a freshly initialised ring (head 0), possibly after the
    // cyclic thread already wrote its first records: those are news too.
    int32_t seen = 0;
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
        cv_.wait_for(lock, std::chrono::nanoseconds(interval_ns_), [this] { return stopping_; });
        if (stopping_)
            break;
        int32_t head = __atomic_load_n(head_, __ATOMIC_ACQUIRE);
        if (head == seen || pending_.load(std::memory_order_acquire))
            continue;
        pending_.store(true, std::memory_order_relaxed);
        if (notify_(ctx_)) {
            seen = head;
            sent_.fetch_add(1, std::memory_order_relaxed);
        } else {
            pending_.store(false, std::memory_order_relaxed);
        }
    }
}

} // namespace ecat
