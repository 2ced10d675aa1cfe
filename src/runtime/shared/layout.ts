// SPDX-License-Identifier: MIT
// The shared image between JS and the native cyclic thread (docs/runtime.md section 3): field
// offsets, the triple-buffer encoding and where the buffers and the event ring sit for a given
// image size. Both sides compute the same numbers from (image size, event capacity), so nothing
// but the SharedArrayBuffer itself crosses the boundary per cycle.

/** "ECRT" little-endian. */
export const SHARED_MAGIC = 0x54524345;
/** Layout version. */
export const SHARED_VERSION = 1;

/** Byte offsets of the header fields (all little-endian; "atomic" fields are used with Atomics). */
export const OFF = {
  magic: 0,
  version: 4,
  imageSize: 8,
  eventCapacity: 12,
  runState: 16,
  inputMiddle: 20,
  outputMiddle: 24,
  heartbeat: 28,
  watchdogTripped: 32,
  eventHead: 36,
  eventTail: 40,
  eventsDropped: 44,
  rtGrants: 48,
  cycles: 56,
  overruns: 64,
  lastPeriod: 72,
  minPeriod: 80,
  maxPeriod: 88,
  lastExec: 96,
  maxExec: 104,
  lastLatency: 112,
  maxLatency: 120,
  histogram: 128,
  domainStates: 384,
  configStates: 640,
  buffers: 4736,
} as const;

/** Latency histogram buckets (bucket k: [2^k, 2^(k+1)) ns). */
export const HISTOGRAM_BUCKETS = 64;
/** Domain state slots: 16 × {wkc, expected, wc_state, cycles}. */
export const MAX_DOMAINS = 16;
/** Bytes of one domain state slot. */
export const DOMAIN_STATE_SIZE = 16;
/** Config state slots (u32 each). */
export const MAX_CONFIGS = 1024;
/** One event record. */
export const EVENT_SIZE = 32;

/** The "fresh" flag in a triple buffer's middle word. */
export const FRESH = 0x100;
/** Event head/tail counters wrap at 2^31. */
export const COUNTER_MASK = 0x7fffffff;

/** Run state values (offset 16). */
export const RUN_STATE = { stopped: 0, running: 1, stopRequested: 2, failed: 3 } as const;

/** Where the parts of a shared image of `imageSize` bytes and `eventCapacity` records sit. */
export interface SharedGeometry {
  imageSize: number;
  eventCapacity: number;
  /** Distance between consecutive buffers: the image size rounded up to 8 bytes. */
  stride: number;
  /** Offsets of input buffers 0..2. */
  inputs: readonly [number, number, number];
  /** Offsets of output buffers 0..2. */
  outputs: readonly [number, number, number];
  eventRing: number;
  /** Bytes needed in total. */
  size: number;
}

/** The geometry for an image of `imageSize` bytes with room for `eventCapacity` event records. */
export function sharedGeometry(imageSize: number, eventCapacity: number): SharedGeometry {
  const stride = Math.ceil(imageSize / 8) * 8;
  const base = OFF.buffers;
  const inputs = [base, base + stride, base + 2 * stride] as const;
  const outputs = [base + 3 * stride, base + 4 * stride, base + 5 * stride] as const;
  const eventRing = base + 6 * stride;
  return { imageSize, eventCapacity, stride, inputs, outputs, eventRing, size: eventRing + eventCapacity * EVENT_SIZE };
}

/**
 * Write the header and the documented initial triple-buffer state (producer back 0, middle 1,
 * consumer front 2 in both directions) into a fresh buffer. Native code may write the same
 * values again; what matters is that both sides start from the same state.
 */
export function initSharedHeader(shared: SharedArrayBuffer, g: SharedGeometry): void {
  const view = new DataView(shared);
  view.setUint32(OFF.magic, SHARED_MAGIC, true);
  view.setUint32(OFF.version, SHARED_VERSION, true);
  view.setUint32(OFF.imageSize, g.imageSize, true);
  view.setUint32(OFF.eventCapacity, g.eventCapacity, true);
  const i32 = new Int32Array(shared, 0, OFF.buffers / 4);
  Atomics.store(i32, OFF.inputMiddle / 4, 1);
  Atomics.store(i32, OFF.outputMiddle / 4, 1);
}
