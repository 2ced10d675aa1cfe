// SPDX-License-Identifier: MIT
// The public shape of each lifecycle phase (typestates). Each phase is its own type with only the
// calls that are legal in it: ActiveMaster has no activate(), ConfiguredMaster has no image,
// only CyclingMaster has events, SDOs and stop(). The classes behind them are internal.
import type { BusProblem } from '../config/bus/check.js';
import type { BusPlan, PlanNote } from '../config/plan/types.js';
import type { CyclingEvents } from './events/types.js';
import type { ProcessImage } from './image/image.js';
import type { ImageLayout } from './image/layout.js';
import type { UntypedVariables, VariableSpecs } from './image/types.js';
import type { RegisterClient, SdoClient, SiiClient } from './mailbox.js';
import type { StartOptions } from './options.js';
import type { SetpointQueue } from './setpoints.js';
import type { SimControl } from './sim.js';
import type { CycleStats, DomainState, SlaveState } from './stats.js';

/** A configured slave and where it was found on the bus. */
export interface ConfiguredSlave {
  /** Name from the configuration. */
  readonly name: string;
  /** Index in the configuration (= IgH slave config index). */
  readonly index: number;
  /** Ring position the configuration resolved to. */
  readonly position: number;
  readonly alias: number;
  readonly vendorId: number;
  readonly productCode: number;
  /** `slaves[i]` in the configuration file. */
  readonly path: string;
}

/** What every phase has. */
export interface MasterPhase extends Disposable, AsyncDisposable {
  /** The phase of the master right now (the object may be from an earlier phase). */
  readonly phase: 'opened' | 'configured' | 'active' | 'cycling' | 'closed';
  /** Stop cycling if needed, deactivate, release and close the device. Idempotent. */
  close(): void;
}

/** After configure(): the master is reserved and the slaves are configured. */
export interface ConfiguredMaster<V extends VariableSpecs = UntypedVariables> extends MasterPhase {
  /** The plan, completed from the bus. */
  readonly plan: BusPlan;
  readonly slaves: readonly ConfiguredSlave[];
  /** What the bus check found worth reading (warnings; errors fail configure()). */
  readonly warnings: readonly BusProblem[];
  /** What the planner decided (reordered SDOs, defaults chosen). */
  readonly notes: readonly PlanNote[];
  /** Virtual master only: fault injection. null on a real device. */
  readonly sim: SimControl | null;
  /** Activate: the master computes the process data layout and maps it. Once. */
  activate(): ActiveMaster<V>;
}

/** After activate(): the process image exists, nothing is exchanged yet. */
export interface ActiveMaster<V extends VariableSpecs = UntypedVariables> extends MasterPhase {
  readonly plan: BusPlan;
  readonly slaves: readonly ConfiguredSlave[];
  readonly sim: SimControl | null;
  /** Where every variable is in the process data. */
  readonly layout: ImageLayout;
  /** The process image; outputs set before start() are published when the cycle starts. */
  readonly image: ProcessImage<V>;
  /** Start the cyclic thread; resolves after its first cycle with the inputs taken. */
  start(options?: StartOptions): Promise<CyclingMaster<V>>;
}

/** Typed EventEmitter methods for the events of E. */
export interface TypedEvents<E extends { [K in keyof E]: unknown[] }> {
  /** Listen for `event`. */
  on<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this;
  /** Listen for the next `event` only. */
  once<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this;
  /** Stop listening. */
  off<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this;
  /** Same as on(). */
  addListener<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this;
  /** Same as off(). */
  removeListener<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this;
  /** Remove every listener (of `event`). */
  removeAllListeners<K extends keyof E & string>(event?: K): this;
  /** How many listeners `event` has. */
  listenerCount<K extends keyof E & string>(event: K): number;
}

/** While the cyclic thread runs. */
export interface CyclingMaster<V extends VariableSpecs = UntypedVariables> extends MasterPhase, TypedEvents<CyclingEvents> {
  readonly plan: BusPlan;
  readonly slaves: readonly ConfiguredSlave[];
  readonly sim: SimControl | null;
  readonly layout: ImageLayout;
  readonly image: ProcessImage<V>;
  /** The bus cycle time in ns. */
  readonly cycleTimeNs: number;
  /** What the cyclic thread asked for and did not get (SCHED_FIFO, affinity, mlockall), and why. */
  readonly warnings: readonly string[];
  /** CoE SDO transfers, served off the cyclic thread. */
  readonly sdo: SdoClient;
  /** ESC register access. */
  readonly registers: RegisterClient;
  /** SII (EEPROM) reads. */
  readonly sii: SiiClient;
  /** The set-point queues asked for in start({ setpoints }), by variable name. */
  readonly setpoints: ReadonlyMap<string, SetpointQueue>;
  /** Timing statistics (also readable after stop() and close(): the last run's numbers). */
  stats(): CycleStats;
  /** Working counter state per domain. */
  domainStates(): DomainState[];
  /** AL state of every configured slave. */
  slaveStates(): SlaveState[];
  /** A copy of the whole process data as the master holds it now (diagnostics; not for the cycle). */
  processData(): Buffer;
  /** Resolve when every configured slave is operational (OP); ETIMEDOUT names those that are not. */
  waitOperational(options?: { timeoutMs?: number }): Promise<void>;
  /** Stop the cyclic thread (outputs keep their last values in the slaves until their watchdogs act). */
  stop(): ActiveMaster<V>;
}
