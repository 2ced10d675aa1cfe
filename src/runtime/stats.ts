// SPDX-License-Identifier: MIT
// The statistics block, domain states and slave configuration states of the shared image, read
// without any native call (docs/runtime.md section 3). Counters are 64-bit atomics in the image;
// they are returned as numbers (exact up to 2^53 cycles, i.e. 285 years at 1 kHz).
import { stateName } from './events/ring.js';
import type { AlStateName } from './events/types.js';
import { DOMAIN_STATE_SIZE, HISTOGRAM_BUCKETS, MAX_CONFIGS, MAX_DOMAINS, OFF, RUN_STATE } from './shared/layout.js';

/** Timing and health of the cyclic thread. */
export interface CycleStats {
  /** The configured cycle time. */
  cycleTimeNs: number;
  /** Cycles run since start(). */
  cycles: number;
  /** Cycles that missed their deadline. */
  overruns: number;
  /** Period between consecutive cycles. */
  periodNs: { last: number; min: number; max: number };
  /** The largest deviation of the period from the cycle time (min or max). */
  jitterNs: number;
  /** Wake-up to SEND done. */
  executionNs: { last: number; max: number };
  /** Actual minus planned wake-up. */
  latencyNs: { last: number; max: number };
  /** Wake-up latencies: bucket k counts [2^k, 2^(k+1)) ns (bucket 0 also counts 0). */
  latencyHistogram: number[];
  /** Upper bound of the latency below which 99 % of cycles woke (from the histogram). */
  latencyP99Ns: number;
  /** What the thread was granted of what it asked for. */
  granted: { schedFifo: boolean; affinity: boolean; mlockall: boolean };
  runState: 'stopped' | 'running' | 'stopping' | 'failed';
  watchdogTripped: boolean;
  /** publish() calls seen (the watchdog heartbeat). */
  heartbeat: number;
  /** Events lost because the ring was full. */
  eventsDropped: number;
}

/** A domain's working counter state as of the last cycle that processed it. */
export interface DomainState {
  name: string;
  wkc: number;
  expected: number;
  state: 'zero' | 'incomplete' | 'complete';
  /** Cycles in which the domain was processed. */
  cycles: number;
}

/** A slave configuration's state, as the cyclic thread last read it (SC_STATE). */
export interface SlaveState {
  name: string;
  /** Index in the configuration (= IgH config index). */
  config: number;
  online: boolean;
  operational: boolean;
  alState: AlStateName;
}

const WC_STATES = ['zero', 'incomplete', 'complete'] as const;

/** Reads the statistics part of one shared buffer. */
export class StatsReader {
  private readonly view: DataView;
  private readonly i32: Int32Array;
  private readonly i64: BigInt64Array;

  constructor(shared: SharedArrayBuffer) {
    this.view = new DataView(shared);
    this.i32 = new Int32Array(shared, 0, OFF.buffers / 4);
    this.i64 = new BigInt64Array(shared, 0, OFF.histogram / 8);
  }

  private n64(offset: number): number {
    return Number(Atomics.load(this.i64, offset / 8));
  }

  stats(cycleTimeNs: number): CycleStats {
    const histogram: number[] = [];
    for (let k = 0; k < HISTOGRAM_BUCKETS; k++) histogram.push(this.view.getUint32(OFF.histogram + 4 * k, true));
    const min = this.n64(OFF.minPeriod);
    const max = this.n64(OFF.maxPeriod);
    const grants = this.view.getUint32(OFF.rtGrants, true);
    const run = Atomics.load(this.i32, OFF.runState >> 2);
    const cycles = this.n64(OFF.cycles);
    return {
      cycleTimeNs,
      cycles,
      overruns: this.n64(OFF.overruns),
      periodNs: { last: this.n64(OFF.lastPeriod), min, max },
      jitterNs: cycles > 1 && max > 0 ? Math.max(max - cycleTimeNs, cycleTimeNs - min, 0) : 0,
      executionNs: { last: this.n64(OFF.lastExec), max: this.n64(OFF.maxExec) },
      latencyNs: { last: this.n64(OFF.lastLatency), max: this.n64(OFF.maxLatency) },
      latencyHistogram: histogram,
      latencyP99Ns: percentile(histogram, 0.99),
      granted: { schedFifo: (grants & 1) !== 0, affinity: (grants & 2) !== 0, mlockall: (grants & 4) !== 0 },
      runState: run === RUN_STATE.running ? 'running' : run === RUN_STATE.stopRequested ? 'stopping' : run === RUN_STATE.failed ? 'failed' : 'stopped',
      watchdogTripped: Atomics.load(this.i32, OFF.watchdogTripped >> 2) !== 0,
      heartbeat: Atomics.load(this.i32, OFF.heartbeat >> 2) >>> 0,
      eventsDropped: Atomics.load(this.i32, OFF.eventsDropped >> 2) >>> 0,
    };
  }

  domainStates(names: readonly string[]): DomainState[] {
    return names.slice(0, MAX_DOMAINS).map((name, i) => {
      const at = OFF.domainStates + i * DOMAIN_STATE_SIZE;
      return {
        name,
        wkc: this.view.getUint32(at, true),
        expected: this.view.getUint32(at + 4, true),
        state: WC_STATES[this.view.getUint32(at + 8, true)] ?? 'zero',
        cycles: this.view.getUint32(at + 12, true),
      };
    });
  }

  /** `configs[i]` is the IgH config index of slave `names[i]`. */
  slaveStates(names: readonly string[], configs: readonly number[]): SlaveState[] {
    return names.map((name, i) => {
      const config = configs[i] ?? i;
      const word = config < MAX_CONFIGS ? this.view.getUint32(OFF.configStates + 4 * config, true) : 0;
      return { name, config: i, online: (word & 1) !== 0, operational: (word & 2) !== 0, alState: stateName((word >> 2) & 0xf) };
    });
  }
}

/** The upper bucket bound under which fraction `p` of the samples lie. */
export function percentile(histogram: readonly number[], p: number): number {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  let seen = 0;
  for (let k = 0; k < histogram.length; k++) {
    seen += histogram[k] ?? 0;
    if (seen >= p * total) return 2 ** (k + 1);
  }
  return 2 ** histogram.length;
}

