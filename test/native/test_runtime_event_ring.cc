// SPDX-License-Identifier: MIT
// native-tests: tsan
// The event ring of the shared image (native/runtime/event_ring.h): record encoding, full
// ring drops with a count, the wrap of head/tail at 2^31, and two real threads: every
// record that was accepted arrives once and in order, and accepted + dropped = pushed.
// Built under ASan/UBSan and under TSan.
#include "runtime/event_ring.h"

#include <atomic>
#include <thread>
#include <vector>

#include "test_runtime_support.h"

using namespace ecat;

namespace {

struct Ring {
    int32_t head = 0, tail = 0, dropped = 0;
    std::vector<uint8_t> records;
    explicit Ring(uint32_t cap) : records(cap * shm::kEventSize) {}
};

Event Make(int32_t a)
{
    Event e;
    e.type = shm::kEvWkc;
    e.flags = 0;
    e.cycle = static_cast<uint32_t>(a) * 3u;
    e.time_ns = 1000000000ull * static_cast<uint64_t>(a) + 7;
    e.a = a;
    e.b = -a;
    e.c = a ^ 0x5555;
    e.d = 0x7fffffff - a;
    return e;
}

bool Same(const Event &x, const Event &y)
{
    return x.type == y.type && x.flags == y.flags && x.cycle == y.cycle && x.time_ns == y.time_ns && x.a == y.a &&
           x.b == y.b && x.c == y.c && x.d == y.d;
}

void Threads(uint32_t cap, int32_t count, bool slow_reader)
{
    Ring r(cap);
    std::atomic<bool> done{false};
    std::atomic<long> bad{0}, got{0};
    std::thread reader([&] {
        EventReader rd(&r.head, &r.tail, r.records.data(), cap);
        int32_t prev = 0;
        Event e;
        for (;;) {
            bool finished = done.load(std::memory_order_acquire);
            if (rd.Pop(&e)) {
                if (e.a <= prev || !Same(e, Make(e.a)))
                    bad++;
                prev = e.a;
                got++;
                if (slow_reader && got % 64 == 0)
                    std::this_thread::yield();
            } else if (finished) {
                break;
            }
        }
    });
    EventWriter w(&r.head, &r.tail, &r.dropped, r.records.data(), cap);
    long accepted = 0;
    for (int32_t i = 1; i <= count; i++)
        accepted += w.Push(Make(i)) ? 1 : 0;
    done.store(true, std::memory_order_release);
    reader.join();
    CHECK_EQ(bad.load(), 0);
    CHECK_EQ(got.load(), accepted);
    CHECK_EQ(accepted + __atomic_load_n(&r.dropped, __ATOMIC_RELAXED), count);
}

} // namespace

int main()
{
    // Encoding: field offsets as docs/runtime.md gives them.
    {
        uint8_t rec[32];
        Event e = Make(5);
        EncodeEvent(rec, e);
        uint16_t type;
        std::memcpy(&type, rec + 0, 2);
        CHECK_EQ(type, shm::kEvWkc);
        uint64_t t;
        std::memcpy(&t, rec + 8, 8);
        CHECK_EQ(t, e.time_ns);
        int32_t d;
        std::memcpy(&d, rec + 28, 4);
        CHECK_EQ(d, e.d);
        CHECK(Same(DecodeEvent(rec), e));
    }
    CHECK(ValidEventCapacity(1) && ValidEventCapacity(1024) && !ValidEventCapacity(0) && !ValidEventCapacity(1000));

    // Full ring: drops counted, order kept.
    {
        Ring r(4);
        EventWriter w(&r.head, &r.tail, &r.dropped, r.records.data(), 4);
        EventReader rd(&r.head, &r.tail, r.records.data(), 4);
        for (int i = 1; i <= 6; i++)
            CHECK_EQ(w.Push(Make(i)), i <= 4);
        CHECK_EQ(r.dropped, 2);
        CHECK_EQ(r.head, 4);
        Event e;
        for (int i = 1; i <= 4; i++) {
            CHECK(rd.Pop(&e));
            CHECK_EQ(e.a, i);
        }
        CHECK(!rd.Pop(&e));
        CHECK_EQ(r.tail, 4);
        CHECK(w.Push(Make(9)));
        CHECK(rd.Pop(&e));
        CHECK_EQ(e.a, 9);
    }

    // The counters wrap at 2^31 without losing a record.
    {
        Ring r(8);
        r.head = r.tail = 0x7ffffffc;
        EventWriter w(&r.head, &r.tail, &r.dropped, r.records.data(), 8);
        EventReader rd(&r.head, &r.tail, r.records.data(), 8);
        for (int i = 1; i <= 8; i++)
            CHECK(w.Push(Make(i)));
        CHECK(!w.Push(Make(99))); // full across the wrap
        CHECK_EQ(r.head, 4);      // 0x7ffffffc + 8 modulo 2^31
        Event e;
        for (int i = 1; i <= 8; i++) {
            CHECK(rd.Pop(&e));
            CHECK_EQ(e.a, i);
        }
        CHECK(!rd.Pop(&e));
        CHECK_EQ(r.tail, 4);
    }

    Threads(1024, 300000, false);
    Threads(16, 200000, true); // a slow reader: many drops, still exact accounting
    return rt_done("test_runtime_event_ring");
}
