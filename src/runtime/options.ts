// SPDX-License-Identifier: MIT
// start() options: validated here with messages that say what is allowed, then turned into the
// native cycle options. Defaults ask for real-time scheduling and locked memory; what the system
// does not grant is reported (CyclingMaster.warnings) and the thread runs anyway.
import type { NativeCycleOptions } from '../binding/native.js';
import type { BusPlan } from '../config/plan/types.js';
import { formatDuration, MAX_CYCLE_NS, MIN_CYCLE_NS, parseDuration } from '../config/units.js';
import { runtimeError } from './errors.js';
import type { SetpointSpec } from './setpoints.js';

/** Options of ActiveMaster.start(). */
export interface StartOptions {
  /** Bus cycle: ns or a duration text ("1ms", "250us"). Default: the configuration's cycleTime. */
  cycleTime?: number | string;
  /** SCHED_FIFO priority 1..99, 0 = do not ask (default 80). */
  priority?: number;
  /** CPU to pin the cyclic thread to, -1 = do not pin (default -1). */
  cpu?: number;
  /** mlockall (default true). */
  lockMemory?: boolean;
  /**
   * Output watchdog in ms: when publish() is not called for this long, the cyclic thread writes
   * the configured safe outputs until publishing resumes. 0 = off. Default 100.
   */
  watchdogMs?: number;
  /** Read slave and master states every n cycles (default 10). */
  stateEvery?: number;
  /** DC reference clock sync every n cycles; default 1 when a slave uses DC, off otherwise. null = off. */
  dc?: { syncReferenceEvery?: number; syncMonitor?: boolean } | null;
  /**
   * The application cycle: a JS timer that calls image.sync(), emits 'cycle' and calls
   * image.publish(). Default on, every max(1 ms, cycle time). `false`: call sync()/publish() yourself.
   */
  loop?: boolean | { intervalMs?: number };
  /** How long start() waits for the first cycle before it fails with ETIMEDOUT (default 2000 ms). */
  firstCycleTimeoutMs?: number;
  /**
   * Output variables that get a set-point queue (`cycling.setpoints.get(name)`): values written
   * ahead for future bus cycles, taken by the cyclic thread in their cycle, so a late application
   * tick does not repeat a set-point. Depth in bus cycles, a power of two; default: covers 100 ms.
   */
  setpoints?: SetpointSpec[];
}

/** Validated start options. */
export interface ResolvedStart {
  native: NativeCycleOptions;
  cycleTimeNs: number;
  loopIntervalMs: number | null;
  firstCycleTimeoutMs: number;
}

function bad(message: string): Error {
  return runtimeError('INVALID_ARGUMENT', message);
}

function integer(name: string, value: unknown, min: number, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw bad(`${name} ${String(value)} is out of range: expected ${what}`);
  }
  return value;
}

/** The cycle time in ns from a number of ns or a duration text, range-checked. */
export function resolveCycleTime(value: number | string): number {
  const r = parseDuration(value);
  if ('error' in r) throw bad(`cycleTime ${JSON.stringify(value)}: ${r.error}`);
  if (r.ns < MIN_CYCLE_NS || r.ns > MAX_CYCLE_NS) {
    const shown = typeof value === 'number' ? `${value} ns` : value;
    throw bad(`cycleTime ${shown} is out of range: expected ${formatDuration(MIN_CYCLE_NS)}..${formatDuration(MAX_CYCLE_NS)} (8 kHz .. 10 Hz)${typeof value === 'number' ? '; a number is read as nanoseconds' : ''}`);
  }
  return r.ns;
}

/** Validate start() options against the plan. Throws INVALID_ARGUMENT naming the option. */
export function resolveStart(options: StartOptions, plan: BusPlan, processDataSize: number): ResolvedStart {
  const cycleTimeNs = resolveCycleTime(options.cycleTime ?? plan.cycleTime);
  const priority = integer('priority', options.priority ?? 80, 0, 99, 'a SCHED_FIFO priority 1..99, or 0 to not ask');
  const cpu = integer('cpu', options.cpu ?? -1, -1, 4095, 'a CPU number, or -1 to not pin');
  const stateEvery = integer('stateEvery', options.stateEvery ?? 10, 1, 100000, 'a number of cycles 1..100000');
  const watchdogMs = options.watchdogMs ?? 100;
  if (typeof watchdogMs !== 'number' || !Number.isFinite(watchdogMs) || watchdogMs < 0 || watchdogMs > 60000) {
    throw bad(`watchdogMs ${String(watchdogMs)} is out of range: expected 0 (off) or up to 60000 ms`);
  }
  if (watchdogMs > 0 && watchdogMs * 1e6 < 2 * cycleTimeNs) {
    throw bad(`watchdogMs ${watchdogMs} is shorter than two bus cycles (${formatDuration(2 * cycleTimeNs)}): it would trip between two cycles`);
  }
  // SYNC0 runs at the cycle the configuration gave; another bus cycle would drift against it.
  for (const s of plan.slaves) {
    const sync0 = s.dc?.sync0Cycle ?? 0;
    if (sync0 > 0 && sync0 !== cycleTimeNs && cycleTimeNs % sync0 !== 0 && sync0 % cycleTimeNs !== 0) {
      throw bad(
        `cycleTime ${formatDuration(cycleTimeNs)} does not fit slave ${s.name}'s DC SYNC0 cycle ${formatDuration(sync0)} (${s.path}.dc): start with a multiple or divisor of it, or change the configuration`,
      );
    }
  }
  const usesDc = plan.slaves.some((s) => s.dc !== null && s.dc.assignActivate !== 0);
  let dc: NativeCycleOptions['dc'] = null;
  if (options.dc !== null && (options.dc !== undefined || usesDc)) {
    dc = {
      syncReferenceEvery: integer('dc.syncReferenceEvery', options.dc?.syncReferenceEvery ?? 1, 1, 1000, 'a number of cycles 1..1000'),
      syncMonitor: options.dc?.syncMonitor ?? false,
    };
  }
  let loopIntervalMs: number | null = null;
  if (options.loop !== false) {
    const given = typeof options.loop === 'object' ? options.loop.intervalMs : undefined;
    loopIntervalMs = given ?? Math.max(1, Math.round(cycleTimeNs / 1e6));
    if (typeof loopIntervalMs !== 'number' || !Number.isFinite(loopIntervalMs) || loopIntervalMs < 1 || loopIntervalMs > 1000) {
      throw bad(`loop.intervalMs ${String(loopIntervalMs)} is out of range: expected 1..1000 ms`);
    }
    if (watchdogMs > 0 && watchdogMs < 3 * loopIntervalMs) {
      throw bad(`watchdogMs ${watchdogMs} is shorter than three application cycles (loop.intervalMs ${loopIntervalMs}): the watchdog would trip while the application runs normally`);
    }
  }
  const firstCycleTimeoutMs = options.firstCycleTimeoutMs ?? 2000;
  if (typeof firstCycleTimeoutMs !== 'number' || !(firstCycleTimeoutMs >= 0)) throw bad(`firstCycleTimeoutMs ${String(firstCycleTimeoutMs)} must be a number of ms >= 0`);
  return {
    cycleTimeNs,
    loopIntervalMs,
    firstCycleTimeoutMs,
    native: {
      cycleTimeNs,
      priority,
      cpu,
      lockMemory: options.lockMemory ?? true,
      watchdogMs,
      dc,
      stateEvery,
      safeOutputs: new Uint8Array(processDataSize),
    },
  };
}
