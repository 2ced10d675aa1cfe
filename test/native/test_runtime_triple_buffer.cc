// SPDX-License-Identifier: MIT
// native-tests: tsan
// The triple buffer of the shared image (native/runtime/triple_buffer.h) with two real
// threads hammering it, in the exact memory layout of the shared image: the consumer never
// sees a torn buffer, sequence numbers only grow, and the last published buffer always
// arrives. Built under ASan/UBSan and under TSan.
#include "runtime/triple_buffer.h"

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include "runtime/shared_layout.h"
#include "test_runtime_support.h"

using namespace ecat;

namespace {

// A buffer of `size` bytes: u32 sequence number, then bytes derived from it, then a checksum.
void Fill(uint8_t *b, size_t size, uint32_t seq)
{
    std::memcpy(b, &seq, 4);
    uint32_t sum = seq;
    for (size_t i = 4; i + 4 < size; i++) {
        b[i] = static_cast<uint8_t>(seq * 31 + i);
        sum = sum * 16777619u ^ b[i];
    }
    std::memcpy(b + size - 4, &sum, 4);
}

bool Whole(const uint8_t *b, size_t size, uint32_t *seq)
{
    std::memcpy(seq, b, 4);
    uint32_t sum = *seq;
    for (size_t i = 4; i + 4 < size; i++) {
        if (b[i] != static_cast<uint8_t>(*seq * 31 + i))
            return false;
        sum = sum * 16777619u ^ b[i];
    }
    uint32_t stored;
    std::memcpy(&stored, b + size - 4, 4);
    return stored == sum;
}

void Hammer(size_t image_size, uint32_t count, bool output_direction)
{
    std::vector<uint8_t> mem(shm::SharedSize(image_size, 16) + 8);
    uint8_t *base = mem.data() + (8 - reinterpret_cast<uintptr_t>(mem.data()) % 8) % 8;
    size_t off = output_direction ? shm::OutputBufferOffset(image_size, 0) : shm::InputBufferOffset(image_size, 0);
    int32_t *middle = shm::I32(base, output_direction ? shm::kOffOutputMiddle : shm::kOffInputMiddle);
    TripleBufferInit(middle);
    const size_t stride = shm::BufferStride(image_size);
    std::atomic<bool> done{false};
    std::atomic<long> torn{0}, backwards{0}, received{0};
    uint32_t last_seen = 0;

    std::thread consumer([&] {
        TripleConsumer c(middle, base + off, stride);
        uint32_t prev = 0;
        for (;;) {
            bool finished = done.load(std::memory_order_acquire);
            if (c.Acquire()) {
                uint32_t seq;
                if (!Whole(c.Front(), image_size, &seq))
                    torn++;
                if (seq < prev)
                    backwards++;
                prev = seq;
                received++;
            } else if (finished) {
                break;
            }
        }
        last_seen = prev;
    });
    TripleProducer p(middle, base + off, stride);
    for (uint32_t seq = 1; seq <= count; seq++) {
        Fill(p.Back(), image_size, seq);
        p.Publish();
    }
    done.store(true, std::memory_order_release);
    consumer.join();
    CHECK_EQ(torn.load(), 0);
    CHECK_EQ(backwards.load(), 0);
    CHECK(received.load() > 0);
    CHECK_EQ(last_seen, count); // the newest buffer is never lost
    // The producer's back buffer and the middle are still distinct buffers.
    int32_t m = __atomic_load_n(middle, __ATOMIC_ACQUIRE) & shm::kIndexMask;
    CHECK(m >= 0 && m <= 2);
    CHECK(p.BackIndex() != m);
}

} // namespace

int main()
{
    // Single-threaded protocol: initial indices, fresh flag, swap.
    {
        int32_t middle = 0;
        uint8_t bufs[3 * 8] = {0};
        TripleBufferInit(&middle);
        CHECK_EQ(middle, 1);
        TripleProducer p(&middle, bufs, 8);
        TripleConsumer c(&middle, bufs, 8);
        CHECK_EQ(p.BackIndex(), 0);
        CHECK_EQ(c.FrontIndex(), 2);
        CHECK(!c.Acquire());
        p.Back()[0] = 42;
        p.Publish();
        CHECK_EQ(middle, 0 | shm::kFresh);
        CHECK_EQ(p.BackIndex(), 1);
        CHECK(c.Acquire());
        CHECK_EQ(c.FrontIndex(), 0);
        CHECK_EQ(c.Front()[0], 42);
        CHECK_EQ(middle, 2);
        CHECK(!c.Acquire());
        // Two publishes before a read: the consumer gets the second, the first is recycled.
        p.Back()[0] = 1;
        p.Publish();
        p.Back()[0] = 2;
        p.Publish();
        CHECK(c.Acquire());
        CHECK_EQ(c.Front()[0], 2);
    }
    Hammer(13, 200000, false); // odd size: the stride rounds up to 8
    Hammer(1486, 50000, true);
    Hammer(64, 200000, true);
    return rt_done("test_runtime_triple_buffer");
}
