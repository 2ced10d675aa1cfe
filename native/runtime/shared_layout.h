// SPDX-License-Identifier: MIT
// The shared image between JS and the cyclic thread (docs/runtime.md section 3): every
// offset, size and code of that layout, in one place. The addon exports these values as
// `sharedLayout` so the TypeScript side can assert that it reads the same layout.
// Pure constants and address arithmetic; no N-API, no state.
#ifndef ECAT_RUNTIME_SHARED_LAYOUT_H
#define ECAT_RUNTIME_SHARED_LAYOUT_H

#include <cstddef>
#include <cstdint>

namespace ecat {
namespace shm {

constexpr uint32_t kMagic = 0x54524345; // "ECRT" little-endian
constexpr uint32_t kVersion = 1;

// Header fields (byte offsets).
constexpr size_t kOffMagic = 0;
constexpr size_t kOffVersion = 4;
constexpr size_t kOffImageSize = 8;
constexpr size_t kOffEventCapacity = 12;
constexpr size_t kOffRunState = 16;
constexpr size_t kOffInputMiddle = 20;
constexpr size_t kOffOutputMiddle = 24;
constexpr size_t kOffHeartbeat = 28;
constexpr size_t kOffWatchdogTripped = 32;
constexpr size_t kOffEventHead = 36;
constexpr size_t kOffEventTail = 40;
constexpr size_t kOffEventsDropped = 44;
constexpr size_t kOffGrants = 48;
constexpr size_t kOffReserved = 52;
constexpr size_t kOffCycles = 56;
constexpr size_t kOffOverruns = 64;
constexpr size_t kOffLastPeriod = 72;
constexpr size_t kOffMinPeriod = 80;
constexpr size_t kOffMaxPeriod = 88;
constexpr size_t kOffLastExec = 96;
constexpr size_t kOffMaxExec = 104;
constexpr size_t kOffLastLatency = 112;
constexpr size_t kOffMaxLatency = 120;
constexpr size_t kOffHistogram = 128;
constexpr size_t kHistogramBuckets = 64;
constexpr size_t kOffDomainStates = 384;
constexpr size_t kMaxDomains = 16;
constexpr size_t kDomainStateSize = 16; // u32 wkc, u32 expected, u32 wc_state, u32 cycles
constexpr size_t kOffConfigStates = 640;
constexpr size_t kMaxConfigs = 1024;
constexpr size_t kOffBuffers = 4736;

// Run states.
constexpr int32_t kRunStopped = 0;
constexpr int32_t kRunRunning = 1;
constexpr int32_t kRunStopRequested = 2;
constexpr int32_t kRunFailed = 3;

// Triple buffer middle word: buffer index in the low bits, this flag when the buffer is new.
constexpr int32_t kFresh = 0x100;
constexpr int32_t kIndexMask = 3;

// RT grants (bit mask at kOffGrants).
constexpr uint32_t kGrantSchedFifo = 1u << 0;
constexpr uint32_t kGrantAffinity = 1u << 1;
constexpr uint32_t kGrantMlockall = 1u << 2;

// Config state word: bit 0 online, bit 1 operational, bits 2-5 AL state.
constexpr uint32_t kConfigOnline = 1u << 0;
constexpr uint32_t kConfigOperational = 1u << 1;
constexpr unsigned kConfigAlShift = 2;

// Event ring.
constexpr size_t kEventSize = 32;
constexpr uint32_t kEventIndexMask = 0x7fffffff; // head and tail count modulo 2^31
constexpr uint32_t kDefaultEventCapacity = 1024; // a power of two, so index = count & (E - 1)

enum EventType : uint16_t {
    kEvAlState = 1,      // a config index, b old AL state, c new AL state, d online/operational bits
    kEvWkc = 2,          // a domain, b wkc, c expected, d wc_state
    kEvOverrun = 3,      // a lateness ns (saturated)
    kEvMasterState = 4,  // a slaves responding, b AL states, c link up
    kEvWatchdog = 5,     // a 1 tripped / 0 cleared
    kEvCycleError = 6,   // a -errno, b request id (enum eca_req)
    kEvOffline = 7,      // a config index
    kEvOnline = 8,       // a config index
};

// Event record field offsets within its 32 bytes.
constexpr size_t kEvOffType = 0;
constexpr size_t kEvOffFlags = 2;
constexpr size_t kEvOffCycle = 4;
constexpr size_t kEvOffTime = 8;
constexpr size_t kEvOffA = 16;
constexpr size_t kEvOffB = 20;
constexpr size_t kEvOffC = 24;
constexpr size_t kEvOffD = 28;

// Set-point queues (docs/runtime.md section 3): optional rings JS places in the shared buffer
// past SharedSize(). Each slot is 16 bytes: the bus cycle it is for as two i32 words (low 30
// bits, then the rest: both stay small integers on the JS side), and 8 bytes of value, of
// which the queue's variable takes the first 1, 2, 4 or 8 (little-endian). A free or
// invalidated slot has kSetpointNone in its low word. JS writes a slot as: low word = none,
// high word, value, low word (each word with Atomics.store).
constexpr size_t kSetpointSlotSize = 16;
constexpr size_t kSetpointOffKeyLow = 0;
constexpr size_t kSetpointOffKeyHigh = 4;
constexpr size_t kSetpointOffValue = 8;
constexpr int32_t kSetpointNone = -1;
constexpr uint32_t kSetpointKeyBits = 30;
constexpr uint32_t kSetpointMaxDepth = 65536;
constexpr size_t kMaxSetpointQueues = 256;

// Each of the six image buffers starts 8-byte aligned.
constexpr size_t BufferStride(size_t image_size) { return (image_size + 7) & ~static_cast<size_t>(7); }
constexpr size_t InputBufferOffset(size_t image_size, unsigned i) { return kOffBuffers + i * BufferStride(image_size); }
constexpr size_t OutputBufferOffset(size_t image_size, unsigned i)
{
    return kOffBuffers + (3 + i) * BufferStride(image_size);
}
constexpr size_t EventRingOffset(size_t image_size) { return kOffBuffers + 6 * BufferStride(image_size); }
constexpr size_t SharedSize(size_t image_size, size_t event_capacity)
{
    return EventRingOffset(image_size) + event_capacity * kEventSize;
}

static_assert(kOffHistogram + kHistogramBuckets * 4 == kOffDomainStates, "histogram ends where domain states start");
static_assert(kOffDomainStates + kMaxDomains * kDomainStateSize == kOffConfigStates, "domain states end at 640");
static_assert(kOffConfigStates + kMaxConfigs * 4 == kOffBuffers, "config states end at 4736");
static_assert(kOffBuffers % 8 == 0 && kOffCycles % 8 == 0, "64-bit fields are 8-byte aligned");

// Typed access to a field of the image. The image memory belongs to a SharedArrayBuffer that
// JS accesses with Atomics; these go through __atomic builtins so both sides agree.
inline int32_t *I32(uint8_t *base, size_t off) { return reinterpret_cast<int32_t *>(base + off); }
inline uint32_t *U32(uint8_t *base, size_t off) { return reinterpret_cast<uint32_t *>(base + off); }
inline int64_t *I64(uint8_t *base, size_t off) { return reinterpret_cast<int64_t *>(base + off); }

} // namespace shm
} // namespace ecat

#endif
