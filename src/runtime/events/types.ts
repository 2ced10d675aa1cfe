// SPDX-License-Identifier: MIT
// The events a cycling master emits, decoded from the native event ring (docs/runtime.md
// section 3: 32-byte records of type, flags, cycle, time and four integers).
import type { EtherCATError } from '../../binding/errors.js';

/** An AL state by name (`UNKNOWN` for a value that is no AL state). */
export type AlStateName = 'INIT' | 'PREOP' | 'BOOT' | 'SAFEOP' | 'OP' | 'UNKNOWN';

/** Fields every event has. */
export interface EventBase {
  /** Bus cycle the event happened in (low 32 bits of the counter). */
  cycle: number;
  /** CLOCK_MONOTONIC time in ns. */
  time: bigint;
}

/** A slave configuration changed its AL state. */
export interface StateEvent extends EventBase {
  /** Slave name from the configuration. */
  slave: string;
  /** Index of the slave in the configuration. */
  config: number;
  from: AlStateName;
  to: AlStateName;
  online: boolean;
  operational: boolean;
}

/** A domain's working counter changed. */
export interface WkcEvent extends EventBase {
  domain: string;
  wkc: number;
  expected: number;
  /** IgH's wc_state: no slave answered, some did, all did. */
  state: 'zero' | 'incomplete' | 'complete';
}

/** A cycle missed its deadline. */
export interface OverrunEvent extends EventBase {
  /** How late the cycle was, in ns (saturated at 2^31-1). */
  latenessNs: number;
}

/** The master's view of the bus changed. */
export interface MasterEvent extends EventBase {
  slavesResponding: number;
  /** AL states present on the bus. */
  alStates: AlStateName[];
  linkUp: boolean;
}

/** The output watchdog tripped (the safe outputs are applied) or cleared (JS publishes again). */
export interface WatchdogEvent extends EventBase {
  tripped: boolean;
}

/** A slave configuration went offline or came back. */
export interface SlaveEvent extends EventBase {
  slave: string;
  config: number;
}

/** Events of a cycling master, for `on(event, listener)`. */
export interface CyclingEvents {
  state: [StateEvent];
  wkc: [WkcEvent];
  overrun: [OverrunEvent];
  master: [MasterEvent];
  watchdog: [WatchdogEvent];
  /** A cyclic request failed (CYCLE_ERROR with errno), or a 'cycle' listener threw (CYCLE_CALLBACK). */
  error: [EtherCATError];
  offline: [SlaveEvent];
  online: [SlaveEvent];
  /** The application cycle: inputs were just taken; outputs set now are published right after. */
  cycle: [CycleInfo];
  /** Events were lost because the ring was full (count since the last report). */
  dropped: [number];
  /** The cyclic thread stopped (stop() or close()). */
  stop: [];
}

/** What a 'cycle' listener gets. The same object is reused every cycle: copy what you keep. */
export interface CycleInfo {
  /** Bus cycles run when the inputs were taken. */
  cycle: number;
  /** Whether the inputs are new since the previous application cycle. */
  fresh: boolean;
  /** Bus time of the next cycle in ns (cycle + 1 times the cycle time): when outputs set now apply at the earliest. */
  nextTimeNs: number;
}
