// SPDX-License-Identifier: MIT
// Set-point queues: output variables whose values JS writes ahead, one per future bus cycle,
// into rings in the shared buffer; the cyclic thread takes the one for the cycle it builds.
// A late application tick then no longer means a repeated set-point followed by a jump: the
// values computed ahead (a CSP profile sampled at bus time) keep reaching the bus on time.
// Slot format and the write protocol: docs/runtime.md section 3 and native/runtime/shared_layout.h.
import { runtimeError } from './errors.js';
import { writeValue } from './image/codec.js';
import type { ImageLayout, ImageVariable } from './image/layout.js';

/** Bytes of one slot: key low (i32), key high (i32), value (8 bytes). */
export const SETPOINT_SLOT_SIZE = 16;
/** Low key word of a free or invalidated slot. */
export const SETPOINT_NONE = -1;
/** The low key word holds this many bits of the cycle number (small integers on the JS side). */
const KEY_LOW = 2 ** 30;
/** Bounds of a queue's depth (a power of two). */
export const SETPOINT_MIN_DEPTH = 2;
export const SETPOINT_MAX_DEPTH = 65536;
/** Queues per run. */
export const SETPOINT_MAX_QUEUES = 256;

/** One queue as start() options name it: a variable, optionally with its depth in bus cycles. */
export type SetpointSpec = string | { variable: string; depth?: number };

/** A queue as the native side gets it. */
export interface NativeSetpointQueue {
  offset: number;
  size: number;
  at: number;
  depth: number;
}

/** Where the queues go in the shared buffer, and for which variables. */
export interface SetpointPlan {
  queues: Array<NativeSetpointQueue & { variable: ImageVariable }>;
  /** Bytes of the shared buffer with the queues (the standard layout's size rounded up, plus the rings). */
  sharedSize: number;
}

/**
 * The default depth: the smallest power of two covering 100 ms of bus cycles (at least 4), so an
 * application tick may come up to 100 ms late before a queue runs dry.
 */
export function defaultSetpointDepth(cycleTimeNs: number): number {
  const want = Math.max(4, Math.ceil(100e6 / cycleTimeNs));
  let d = SETPOINT_MIN_DEPTH;
  while (d < want && d < 4096) d *= 2;
  return d;
}

function bad(message: string): Error {
  return runtimeError('INVALID_ARGUMENT', message);
}

const SIZES: Partial<Record<ImageVariable['type'], number>> = { int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, real32: 4, real64: 8 };

/** Validate the `setpoints` start option against the image and place the rings after `baseSize` bytes. */
export function planSetpoints(specs: readonly SetpointSpec[] | undefined, layout: ImageLayout, cycleTimeNs: number, baseSize: number): SetpointPlan {
  let at = Math.ceil(baseSize / 8) * 8;
  const queues: SetpointPlan['queues'] = [];
  if (specs === undefined) return { queues, sharedSize: baseSize };
  if (!Array.isArray(specs)) throw bad('setpoints must be an array of variable names or { variable, depth } objects');
  if (specs.length > SETPOINT_MAX_QUEUES) throw bad(`setpoints names ${specs.length} variables; at most ${SETPOINT_MAX_QUEUES} can have a queue`);
  const seen = new Set<string>();
  specs.forEach((spec, i) => {
    const field = `setpoints[${i}]`;
    const name = typeof spec === 'string' ? spec : spec?.variable;
    if (typeof name !== 'string') throw bad(`${field} must be a variable name or { variable, depth }`);
    const v = layout.byName.get(name);
    if (!v) throw bad(`${field}: no process variable "${name}"`);
    if (v.direction !== 'output') throw bad(`${field}: ${name} is an input; only outputs take set-points`);
    const size = SIZES[v.type];
    if (size === undefined) throw bad(`${field}: ${name} is ${v.type}; set-point queues take 8..32-bit integers and real32/real64`);
    if (v.bitPosition !== 0 || v.bitLength !== size * 8) throw bad(`${field}: ${name} is not byte-aligned in the process data`);
    if (seen.has(name)) throw bad(`${field}: ${name} has a queue already`);
    seen.add(name);
    const depth = typeof spec === 'string' || spec.depth === undefined ? defaultSetpointDepth(cycleTimeNs) : spec.depth;
    if (typeof depth !== 'number' || !Number.isInteger(depth) || depth < SETPOINT_MIN_DEPTH || depth > SETPOINT_MAX_DEPTH || (depth & (depth - 1)) !== 0) {
      throw bad(`${field}.depth ${String(depth)} is out of range: expected a power of two ${SETPOINT_MIN_DEPTH}..${SETPOINT_MAX_DEPTH} (bus cycles)`);
    }
    queues.push({ variable: v, offset: v.offset, size, at, depth });
    at += depth * SETPOINT_SLOT_SIZE;
  });
  return { queues, sharedSize: at };
}

/** Mark every slot of every queue free (a new SharedArrayBuffer is all zeros: key 0 would match cycle 0). */
export function initSetpoints(shared: SharedArrayBuffer, plan: SetpointPlan): void {
  const i32 = new Int32Array(shared);
  for (const q of plan.queues) for (let s = 0; s < q.depth; s++) Atomics.store(i32, (q.at + s * SETPOINT_SLOT_SIZE) >> 2, SETPOINT_NONE);
}

/**
 * The set-points of one output variable, ahead of the bus. `write(cycle, value)` queues the
 * value for bus cycle `cycle` (CycleInfo's numbering: the cycle after a tick that saw `cycle`
 * is `cycle + 1`, at bus time `(cycle + 1) × cycleTimeNs`). In its cycle the value replaces
 * what publish() gave for the variable; a cycle without one keeps the variable's last value.
 */
export interface SetpointQueue {
  readonly variable: string;
  /** Slots: how many bus cycles ahead values can be queued. */
  readonly depth: number;
  /**
   * Queue `value` for bus cycle `cycle`. Returns false (and queues nothing) when that cycle is
   * not ahead of the last one synced or is more than `depth` cycles ahead. Writing a cycle again
   * replaces its value. Allocates nothing.
   */
  write(cycle: number, value: number): boolean;
  /** Drop every queued value (e.g. when a motion stops); the variable keeps its last value. */
  clear(): void;
}

/** A queue over the shared buffer; `cycle()` is the bus cycle count as last synced. */
export class SetpointQueueImpl implements SetpointQueue {
  readonly variable: string;
  readonly depth: number;
  private readonly i32: Int32Array;
  private readonly view: DataView;
  private readonly at: number;
  private readonly mask: number;
  private readonly v: ImageVariable;

  constructor(
    shared: SharedArrayBuffer,
    q: NativeSetpointQueue & { variable: ImageVariable },
    private readonly cycle: () => number,
  ) {
    this.variable = q.variable.name;
    this.depth = q.depth;
    this.i32 = new Int32Array(shared);
    this.view = new DataView(shared);
    this.at = q.at;
    this.mask = q.depth - 1;
    this.v = q.variable;
  }

  write(cycle: number, value: number): boolean {
    const now = this.cycle();
    if (!(cycle > now && cycle <= now + this.depth) || !Number.isInteger(cycle)) return false;
    const slot = this.at + (cycle & this.mask) * SETPOINT_SLOT_SIZE;
    const k = slot >> 2;
    // Invalidate, key high, value, key low: the cycle thread takes a slot only when the low
    // word matches before and after it read the value. A value the variable's type cannot hold
    // throws (as image writes do) and leaves that cycle without a queued value.
    Atomics.store(this.i32, k, SETPOINT_NONE);
    Atomics.store(this.i32, k + 1, Math.floor(cycle / KEY_LOW));
    writeValue(this.view, slot + 8 - this.v.offset, this.v, value);
    Atomics.store(this.i32, k, cycle % KEY_LOW);
    return true;
  }

  clear(): void {
    for (let s = 0; s <= this.mask; s++) Atomics.store(this.i32, (this.at + s * SETPOINT_SLOT_SIZE) >> 2, SETPOINT_NONE);
  }
}
