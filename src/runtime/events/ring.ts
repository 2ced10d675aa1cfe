// SPDX-License-Identifier: MIT
// Reading the native event ring: the cyclic thread appends fixed 32-byte records and advances the
// head; JS reads from the tail and advances it. The thread never overwrites unread records (it
// counts them as dropped), so reading a record before publishing the new tail is safe.
import { alStateName } from '../../format/al-state.js';
import { COUNTER_MASK, EVENT_SIZE, OFF } from '../shared/layout.js';
import type { SharedGeometry } from '../shared/layout.js';
import type { AlStateName } from './types.js';

/** Event type codes (docs/runtime.md section 3). */
export const EVENT_TYPE = {
  state: 1,
  wkc: 2,
  overrun: 3,
  master: 4,
  watchdog: 5,
  error: 6,
  offline: 7,
  online: 8,
} as const;

/** One raw record. */
export interface RawEvent {
  type: number;
  flags: number;
  cycle: number;
  time: bigint;
  a: number;
  b: number;
  c: number;
  d: number;
}

/** Reads records from one shared buffer's ring. */
export class EventRing {
  private readonly view: DataView;
  private readonly header: Int32Array;
  private lastDropped = 0;

  constructor(
    shared: SharedArrayBuffer,
    private readonly g: SharedGeometry,
  ) {
    this.view = new DataView(shared);
    this.header = new Int32Array(shared, 0, OFF.buffers / 4);
  }

  /** Whether records are waiting (no allocation: called every application cycle). */
  pending(): boolean {
    return this.g.eventCapacity > 0 && Atomics.load(this.header, OFF.eventHead >> 2) !== Atomics.load(this.header, OFF.eventTail >> 2);
  }

  /** Take every record written since the last call, oldest first. */
  drain(): RawEvent[] {
    const out: RawEvent[] = [];
    const capacity = this.g.eventCapacity;
    if (capacity === 0) return out;
    const head = Atomics.load(this.header, OFF.eventHead >> 2);
    let tail = Atomics.load(this.header, OFF.eventTail >> 2);
    // More than a ring's worth would mean the writer overwrote unread records; read what is there.
    let pending = (head - tail) & COUNTER_MASK;
    if (pending > capacity) {
      tail = (head - capacity) & COUNTER_MASK;
      pending = capacity;
    }
    for (let i = 0; i < pending; i++) {
      const at = this.g.eventRing + (tail % capacity) * EVENT_SIZE;
      const v = this.view;
      out.push({
        type: v.getUint16(at, true),
        flags: v.getUint16(at + 2, true),
        cycle: v.getUint32(at + 4, true),
        time: v.getBigUint64(at + 8, true),
        a: v.getInt32(at + 16, true),
        b: v.getInt32(at + 20, true),
        c: v.getInt32(at + 24, true),
        d: v.getInt32(at + 28, true),
      });
      tail = (tail + 1) & COUNTER_MASK;
    }
    Atomics.store(this.header, OFF.eventTail >> 2, tail);
    return out;
  }

  /** Records lost to a full ring since the last call. */
  droppedSinceLast(): number {
    const now = Atomics.load(this.header, OFF.eventsDropped >> 2);
    const delta = (now - this.lastDropped) | 0;
    this.lastDropped = now;
    return delta > 0 ? delta : 0;
  }
}

/** An AL state code as a name. */
export function stateName(code: number): AlStateName {
  return alStateName(code) as AlStateName;
}

/** The AL states in a bit mask (1 INIT, 2 PREOP, 4 SAFEOP, 8 OP; BOOT is 3 as a state, not a bit). */
export function statesInMask(mask: number): AlStateName[] {
  const out: AlStateName[] = [];
  if (mask & 1) out.push('INIT');
  if (mask & 2) out.push('PREOP');
  if (mask & 4) out.push('SAFEOP');
  if (mask & 8) out.push('OP');
  return out;
}
