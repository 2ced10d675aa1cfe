// SPDX-License-Identifier: MIT
// The two sides of a triple buffer in raw shared memory (docs/runtime.md section 3): three
// equally sized buffers and one shared 32-bit "middle" word. The producer owns `back`, the
// consumer owns `front`, and they trade buffers only by exchanging the middle word, so both
// sides are wait-free and the consumer never sees a buffer that is being written.
// Used by the cyclic thread (inputs: producer; outputs: consumer) and, with the same
// protocol written in JS, by the other side. Header-only, no allocation.
#ifndef ECAT_RUNTIME_TRIPLE_BUFFER_H
#define ECAT_RUNTIME_TRIPLE_BUFFER_H

#include <cstddef>
#include <cstdint>

#include "runtime/shared_layout.h"

namespace ecat {

// Initial state shared by both sides: producer back 0, middle 1 (not fresh), consumer front 2.
inline void TripleBufferInit(int32_t *middle) { __atomic_store_n(middle, 1, __ATOMIC_RELEASE); }

class TripleProducer {
public:
    TripleProducer() = default;
    TripleProducer(int32_t *middle, uint8_t *buffers, size_t stride) : middle_(middle), buffers_(buffers), stride_(stride) {}

    uint8_t *Back() const { return buffers_ + static_cast<size_t>(back_) * stride_; }

    // Hand the back buffer to the consumer. acq_rel: the release half publishes the bytes
    // written into Back(); the acquire half makes the returned buffer's last reader (the
    // consumer, which released it in its own exchange) finished before we overwrite it.
    void Publish()
    {
        int32_t old = __atomic_exchange_n(middle_, back_ | shm::kFresh, __ATOMIC_ACQ_REL);
        back_ = old & shm::kIndexMask;
    }

    int BackIndex() const { return back_; }

private:
    int32_t *middle_ = nullptr;
    uint8_t *buffers_ = nullptr;
    size_t stride_ = 0;
    int back_ = 0;
};

class TripleConsumer {
public:
    TripleConsumer() = default;
    TripleConsumer(int32_t *middle, uint8_t *buffers, size_t stride) : middle_(middle), buffers_(buffers), stride_(stride) {}

    // Take the newest buffer if the producer published one since the last call. Returns
    // whether Front() changed. The relaxed pre-check only avoids a needless exchange; the
    // exchange itself (acq_rel) is what orders the producer's writes before our reads.
    bool Acquire()
    {
        if (!(__atomic_load_n(middle_, __ATOMIC_RELAXED) & shm::kFresh))
            return false;
        int32_t old = __atomic_exchange_n(middle_, front_, __ATOMIC_ACQ_REL);
        front_ = old & shm::kIndexMask;
        return true;
    }

    const uint8_t *Front() const { return buffers_ + static_cast<size_t>(front_) * stride_; }
    int FrontIndex() const { return front_; }

private:
    int32_t *middle_ = nullptr;
    uint8_t *buffers_ = nullptr;
    size_t stride_ = 0;
    int front_ = 2;
};

} // namespace ecat

#endif
