// SPDX-License-Identifier: MIT
// The event ring of the shared image (docs/runtime.md section 3): a single-producer,
// single-consumer ring of fixed 32-byte records. The cyclic thread writes records and
// advances `head`; JS (or EventReader in native tests) reads them and advances `tail`. Both
// count records modulo 2^31; the capacity is a power of two so a count maps to a slot with
// a mask across the wrap. A full ring drops the new record and counts it. Header-only, no
// allocation, no lock.
#ifndef ECAT_RUNTIME_EVENT_RING_H
#define ECAT_RUNTIME_EVENT_RING_H

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "runtime/shared_layout.h"

namespace ecat {

struct Event {
    uint16_t type = 0;
    uint16_t flags = 0;
    uint32_t cycle = 0; // low 32 bits of the cycle counter
    uint64_t time_ns = 0;
    int32_t a = 0, b = 0, c = 0, d = 0;
};

// Records are stored field by field in little-endian order (the only byte order we build
// for), never as a C struct, so padding or alignment can never leak into the format.
inline void EncodeEvent(uint8_t *p, const Event &e)
{
    std::memcpy(p + shm::kEvOffType, &e.type, 2);
    std::memcpy(p + shm::kEvOffFlags, &e.flags, 2);
    std::memcpy(p + shm::kEvOffCycle, &e.cycle, 4);
    std::memcpy(p + shm::kEvOffTime, &e.time_ns, 8);
    std::memcpy(p + shm::kEvOffA, &e.a, 4);
    std::memcpy(p + shm::kEvOffB, &e.b, 4);
    std::memcpy(p + shm::kEvOffC, &e.c, 4);
    std::memcpy(p + shm::kEvOffD, &e.d, 4);
}

inline Event DecodeEvent(const uint8_t *p)
{
    Event e;
    std::memcpy(&e.type, p + shm::kEvOffType, 2);
    std::memcpy(&e.flags, p + shm::kEvOffFlags, 2);
    std::memcpy(&e.cycle, p + shm::kEvOffCycle, 4);
    std::memcpy(&e.time_ns, p + shm::kEvOffTime, 8);
    std::memcpy(&e.a, p + shm::kEvOffA, 4);
    std::memcpy(&e.b, p + shm::kEvOffB, 4);
    std::memcpy(&e.c, p + shm::kEvOffC, 4);
    std::memcpy(&e.d, p + shm::kEvOffD, 4);
    return e;
}

inline bool ValidEventCapacity(uint32_t capacity)
{
    return capacity >= 1 && capacity <= (1u << 30) && (capacity & (capacity - 1)) == 0;
}

class EventWriter {
public:
    EventWriter() = default;
    // `head`, `tail`, `dropped`: the three i32 words of the header; `records`: E * 32 bytes.
    EventWriter(int32_t *head, int32_t *tail, int32_t *dropped, uint8_t *records, uint32_t capacity)
        : head_(head), tail_(tail), dropped_(dropped), records_(records), mask_(capacity - 1), capacity_(capacity),
          count_(static_cast<uint32_t>(__atomic_load_n(head, __ATOMIC_RELAXED)) & shm::kEventIndexMask)
    {
    }

    // Append one record; false (and the dropped counter bumped) when the ring is full.
    bool Push(const Event &e)
    {
        // acquire: the consumer finished reading the slots up to `tail` before it stored it.
        uint32_t tail = static_cast<uint32_t>(__atomic_load_n(tail_, __ATOMIC_ACQUIRE));
        if (((count_ - tail) & shm::kEventIndexMask) >= capacity_) {
            // Only this thread writes `dropped`; a relaxed RMW keeps JS's Atomics reads whole.
            __atomic_fetch_add(dropped_, 1, __ATOMIC_RELAXED);
            return false;
        }
        EncodeEvent(records_ + static_cast<size_t>(count_ & mask_) * shm::kEventSize, e);
        count_ = (count_ + 1) & shm::kEventIndexMask;
        // release: the record's bytes are visible before the consumer sees the new head.
        __atomic_store_n(head_, static_cast<int32_t>(count_), __ATOMIC_RELEASE);
        return true;
    }

private:
    int32_t *head_ = nullptr;
    int32_t *tail_ = nullptr;
    int32_t *dropped_ = nullptr;
    uint8_t *records_ = nullptr;
    uint32_t mask_ = 0;
    uint32_t capacity_ = 0;
    uint32_t count_ = 0;
};

// The consumer side as JS implements it; used by native tests and tools.
class EventReader {
public:
    EventReader(int32_t *head, int32_t *tail, const uint8_t *records, uint32_t capacity)
        : head_(head), tail_(tail), records_(records), mask_(capacity - 1),
          count_(static_cast<uint32_t>(__atomic_load_n(tail, __ATOMIC_RELAXED)) & shm::kEventIndexMask)
    {
    }

    // Read the next record; false when the ring is empty.
    bool Pop(Event *out)
    {
        // acquire: pairs with the writer's release store of head.
        uint32_t head = static_cast<uint32_t>(__atomic_load_n(head_, __ATOMIC_ACQUIRE));
        if (head == count_)
            return false;
        *out = DecodeEvent(records_ + static_cast<size_t>(count_ & mask_) * shm::kEventSize);
        count_ = (count_ + 1) & shm::kEventIndexMask;
        // release: our reads of the slot are done before the writer may reuse it.
        __atomic_store_n(tail_, static_cast<int32_t>(count_), __ATOMIC_RELEASE);
        return true;
    }

private:
    int32_t *head_;
    int32_t *tail_;
    const uint8_t *records_;
    uint32_t mask_;
    uint32_t count_;
};

} // namespace ecat

#endif
