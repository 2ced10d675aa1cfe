// SPDX-License-Identifier: MIT
// native-tests: tsan
// The two helper threads of the runtime:
// - `ecat-mbx` (native/runtime/mailbox_worker.cc): jobs run in order on one thread with the
//   right IgH requests and results (data, abort codes, errno), the bounded queue refuses
//   when full (backpressure), Stop lets the running job finish and hands back the ones that
//   never ran, Submit after Stop is refused; with a pool, jobs of different slaves run at
//   once and one slave's jobs in order;
// - `ecat-evt` (native/runtime/notifier.cc): while a writer moves the ring head as fast as
//   it can, notifications are coalesced (never two in flight) and the last move is always
//   notified.
// Built under ASan/UBSan and under TSan.
#include <condition_variable>
#include <mutex>

#include "igh/request.h"
#include "runtime/mailbox_worker.h"
#include "runtime/notifier.h"
#include "test_runtime_support.h"

using namespace ecat;

namespace {

// A device answering the blocking mailbox requests; a gate can hold them to fill the queue.
class MailboxDevice final : public Device {
public:
    MailboxDevice() : abi_(eca_abi_by_id("1.6")) {}
    const eca_abi *Abi() const { return abi_; }

    long Ioctl(uint32_t code, unsigned long arg) override
    {
        {
            std::unique_lock<std::mutex> lock(m_);
            entered_++;
            cv_.notify_all();
            cv_.wait(lock, [this] { return open_; });
        }
        eca_req req = eca_req_of_code(abi_, code);
        void *p = reinterpret_cast<void *>(arg);
        const eca_layout *l = abi_->layouts[abi_->st[req]];
        auto ptr = [&](unsigned field) {
            return reinterpret_cast<uint8_t *>(static_cast<uintptr_t>(eca_get(p, l, field, 0, 0)));
        };
        switch (req) {
        case ECA_REQ_SLAVE_SDO_UPLOAD: {
            if (eca_get(p, l, ECA_SLAVE_SDO_UPLOAD_F_SDO_INDEX, 0, 0) == 0xbad0) {
                eca_put(p, l, ECA_SLAVE_SDO_UPLOAD_F_ABORT_CODE, 0, 0, 0x06020000);
                return -EIO;
            }
            size_t cap = static_cast<size_t>(eca_get(p, l, ECA_SLAVE_SDO_UPLOAD_F_TARGET_SIZE, 0, 0));
            uint8_t *t = ptr(ECA_SLAVE_SDO_UPLOAD_F_TARGET);
            for (size_t i = 0; i < cap && i < 4; i++)
                t[i] = static_cast<uint8_t>(0xa0 + i);
            eca_put(p, l, ECA_SLAVE_SDO_UPLOAD_F_DATA_SIZE, 0, 0, 4);
            return 0;
        }
        case ECA_REQ_SLAVE_SDO_DOWNLOAD:
            last_download = ptr(ECA_SLAVE_SDO_DOWNLOAD_F_DATA)[0];
            return 0;
        case ECA_REQ_SLAVE_REG_READ: {
            size_t n = static_cast<size_t>(eca_get(p, l, ECA_SLAVE_REG_F_SIZE, 0, 0));
            std::memset(ptr(ECA_SLAVE_REG_F_DATA), 0x5a, n);
            return eca_get(p, l, ECA_SLAVE_REG_F_ADDRESS, 0, 0) == 0xffff ? -EIO : 0;
        }
        case ECA_REQ_SLAVE_REG_WRITE: return 0;
        case ECA_REQ_SLAVE_SII_READ: {
            size_t words = static_cast<size_t>(eca_get(p, l, ECA_SLAVE_SII_F_NWORDS, 0, 0));
            std::memset(ptr(ECA_SLAVE_SII_F_WORDS), 0x11, words * 2);
            return 0;
        }
        default: return -ENOTTY;
        }
    }
    void *Map(size_t, int *err) override
    {
        *err = -ENODEV;
        return nullptr;
    }
    void Unmap(void *, size_t) override {}
    const std::string &Path() const override { return path_; }
    bool Writable() const override { return true; }
    const char *Kind() const override { return "fake"; }

    void Gate(bool open)
    {
        std::lock_guard<std::mutex> lock(m_);
        open_ = open;
        cv_.notify_all();
    }
    void WaitEntered(int n)
    {
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait(lock, [&] { return entered_ >= n; });
    }
    int Entered()
    {
        std::lock_guard<std::mutex> lock(m_);
        return entered_;
    }

    std::atomic<int> last_download{0};

private:
    const eca_abi *abi_;
    std::string path_ = "fake";
    std::mutex m_;
    std::condition_variable cv_;
    bool open_ = true;
    int entered_ = 0;
};

struct Sink {
    std::mutex m;
    std::condition_variable cv;
    std::vector<std::unique_ptr<MailboxJob>> done;
    static void Deliver(void *ctx, MailboxJob *job)
    {
        Sink *s = static_cast<Sink *>(ctx);
        std::lock_guard<std::mutex> lock(s->m);
        s->done.emplace_back(job);
        s->cv.notify_all();
    }
    void Wait(size_t n)
    {
        std::unique_lock<std::mutex> lock(m);
        cv.wait(lock, [&] { return done.size() >= n; });
    }
};

void TestMailbox()
{
    MailboxDevice dev;
    Sink sink;
    MailboxWorker w(&dev, dev.Abi(), 4, &Sink::Deliver, &sink, 1); // one thread: a strict order
    std::unique_ptr<MailboxJob> j = MakeSdoUploadJob(1, 0x1000, 0, 8);
    CHECK(w.Submit(j) == MailboxWorker::kStopped); // not started yet
    std::string error;
    CHECK(w.Start(&error));

    std::vector<std::unique_ptr<MailboxJob>> jobs;
    jobs.push_back(MakeSdoUploadJob(1, 0x1000, 0, 8));
    jobs.push_back(MakeSdoUploadJob(1, 0xbad0, 1, 8));
    jobs.push_back(MakeSdoDownloadJob(2, 0x6060, 0, {8}, true));
    jobs.push_back(MakeRegReadJob(0, 0x0130, 2));
    jobs.push_back(MakeRegWriteJob(0, 0x0120, {1, 0}));
    jobs.push_back(MakeRegReadJob(0, 0xffff, 2));
    jobs.push_back(MakeSiiReadJob(0, 8, 3));
    for (size_t i = 0; i < jobs.size(); i++) {
        jobs[i]->user = reinterpret_cast<void *>(i + 1);
        while (w.Submit(jobs[i]) == MailboxWorker::kFull)
            sink.Wait(i - 3);
    }
    sink.Wait(jobs.size());
    CHECK_EQ(sink.done.size(), 7);
    for (size_t i = 0; i < sink.done.size(); i++)
        CHECK_EQ(reinterpret_cast<uintptr_t>(sink.done[i]->user), i + 1); // in submission order
    MailboxJob &up = *sink.done[0];
    CHECK_EQ(up.result, 0);
    CHECK(up.req == ECA_REQ_SLAVE_SDO_UPLOAD);
    CHECK_EQ(up.data.size(), 4);
    CHECK_EQ(up.data[3], 0xa3);
    MailboxJob &abort = *sink.done[1];
    CHECK_EQ(abort.result, -EIO);
    CHECK_EQ(abort.abort_code, 0x06020000);
    CHECK(abort.data.empty());
    CHECK_EQ(sink.done[2]->result, 0);
    CHECK_EQ(dev.last_download.load(), 8);
    CHECK_EQ(sink.done[3]->data.size(), 2);
    CHECK_EQ(sink.done[3]->data[1], 0x5a);
    CHECK(sink.done[4]->req == ECA_REQ_SLAVE_REG_WRITE);
    CHECK_EQ(sink.done[5]->result, -EIO);
    CHECK(sink.done[5]->data.empty());
    CHECK_EQ(sink.done[6]->data.size(), 6);

    // Backpressure and stop: hold the device, fill the queue, stop.
    dev.Gate(false);
    std::unique_ptr<MailboxJob> running = MakeSdoUploadJob(1, 0x2000, 0, 4);
    CHECK(w.Submit(running) == MailboxWorker::kQueued);
    dev.WaitEntered(8); // the worker is inside the 8th request, held by the gate
    int queued = 0, full = 0;
    for (int i = 0; i < 6; i++) {
        std::unique_ptr<MailboxJob> q = MakeRegReadJob(0, 0x10, 1);
        MailboxWorker::Submitted r = w.Submit(q);
        queued += r == MailboxWorker::kQueued;
        full += r == MailboxWorker::kFull;
        if (r != MailboxWorker::kQueued)
            CHECK(q != nullptr); // refused jobs stay with the caller
    }
    CHECK_EQ(queued, 4);
    CHECK_EQ(full, 2);
    std::thread opener([&] {
        struct timespec ts = {0, 20 * 1000000};
        nanosleep(&ts, nullptr);
        dev.Gate(true);
    });
    std::vector<std::unique_ptr<MailboxJob>> cancelled = w.Stop(); // waits for the held job
    opener.join();
    CHECK_EQ(cancelled.size(), 4);
    CHECK_EQ(sink.done.size(), 8); // the running one finished and was delivered
    CHECK_EQ(sink.done[7]->result, 0);
    std::unique_ptr<MailboxJob> late = MakeRegReadJob(0, 0x10, 1);
    CHECK(w.Submit(late) == MailboxWorker::kStopped);
    CHECK(w.Stop().empty()); // idempotent
    // It can start again (a new cycle run).
    CHECK(w.Start(&error));
    CHECK(w.Submit(late) == MailboxWorker::kQueued);
    sink.Wait(9);
    w.Stop();
}

// The pool: jobs of different slaves run at once, one slave's jobs one after the other in
// the order they came.
void TestMailboxParallel()
{
    MailboxDevice dev;
    Sink sink;
    MailboxWorker w(&dev, dev.Abi(), 16, &Sink::Deliver, &sink, 4);
    std::string error;
    CHECK(w.Start(&error));
    dev.Gate(false);
    // Slave 1 twice, slaves 2 and 3 once: three can run, the second of slave 1 must wait.
    const unsigned positions[] = {1, 1, 2, 3};
    for (unsigned i = 0; i < 4; i++) {
        std::unique_ptr<MailboxJob> job = MakeSdoUploadJob(positions[i], 0x1000 + i, 0, 4);
        job->user = reinterpret_cast<void *>(static_cast<uintptr_t>(i + 1));
        CHECK(w.Submit(job) == MailboxWorker::kQueued);
    }
    dev.WaitEntered(3); // three requests inside the device at once (blocks forever if serialized)
    struct timespec ts = {0, 50 * 1000000};
    nanosleep(&ts, nullptr);
    CHECK_EQ(dev.Entered(), 3); // not the second job of slave 1 while its first is running
    dev.Gate(true);
    sink.Wait(4);
    CHECK_EQ(dev.Entered(), 4);
    size_t first = 0, second = 0;
    for (size_t i = 0; i < sink.done.size(); i++) {
        CHECK_EQ(sink.done[i]->result, 0);
        uintptr_t id = reinterpret_cast<uintptr_t>(sink.done[i]->user);
        if (id == 1)
            first = i + 1;
        if (id == 2)
            second = i + 1;
    }
    CHECK(first != 0 && second != 0 && first < second); // slave 1 in submission order
    w.Stop();
}

struct Counter {
    std::atomic<int> in_flight{0};
    std::atomic<int> overlaps{0};
    std::atomic<int> calls{0};
    std::atomic<int> refuse{0};
    EventNotifier *notifier = nullptr;
    std::mutex m;
    std::condition_variable cv;
    int queued = 0;
    static bool Notify(void *ctx)
    {
        Counter *c = static_cast<Counter *>(ctx);
        if (c->refuse.load() > 0) {
            c->refuse--;
            return false; // like a closing thread-safe function: retried later
        }
        if (c->in_flight.fetch_add(1) != 0)
            c->overlaps++;
        c->calls++;
        std::lock_guard<std::mutex> lock(c->m);
        c->queued++;
        c->cv.notify_all();
        return true;
    }
};

void TestNotifier()
{
    int32_t head = 0;
    Counter c;
    EventNotifier n(&head, &Counter::Notify, &c, 200000); // every 0.2 ms
    c.notifier = &n;
    std::string error;
    CHECK(n.Start(&error));
    std::atomic<bool> stop{false};
    // "JS": runs each notification a little later, then allows the next.
    std::thread js([&] {
        for (;;) {
            std::unique_lock<std::mutex> lock(c.m);
            c.cv.wait_for(lock, std::chrono::milliseconds(5), [&] { return c.queued > 0 || stop.load(); });
            if (c.queued == 0 && stop.load())
                break;
            if (c.queued == 0)
                continue;
            c.queued--;
            lock.unlock();
            struct timespec ts = {0, 1000000};
            nanosleep(&ts, nullptr);
            c.in_flight--;
            n.Delivered();
        }
    });
    // The writer: 20000 moves of the head as fast as it goes.
    for (int i = 0; i < 20000; i++)
        __atomic_store_n(&head, i + 1, __ATOMIC_RELEASE);
    struct timespec ts = {0, 30 * 1000000};
    nanosleep(&ts, nullptr);
    int calls_after_burst = c.calls.load();
    CHECK(calls_after_burst >= 1);
    CHECK(calls_after_burst < 200); // coalesced: far fewer than the moves
    // One more move after everything was delivered is notified, even after a refusal.
    c.refuse = 1;
    __atomic_store_n(&head, 20001, __ATOMIC_RELEASE);
    nanosleep(&ts, nullptr);
    CHECK(c.calls.load() >= calls_after_burst + 1);
    // Quiet ring: no notification.
    int quiet = c.calls.load();
    nanosleep(&ts, nullptr);
    CHECK_EQ(c.calls.load(), quiet);
    n.Stop();
    n.Stop();
    stop = true;
    js.join();
    CHECK_EQ(c.overlaps.load(), 0);
    CHECK_EQ(static_cast<long>(n.Notifications()), c.calls.load());
}

} // namespace

int main()
{
    TestMailbox();
    TestMailboxParallel();
    TestNotifier();
    return rt_done("test_runtime_workers");
}
