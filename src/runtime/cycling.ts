// SPDX-License-Identifier: MIT
// CyclingMaster: the phase in which the native thread exchanges process data. Events are drained
// from the shared ring when the native side signals new records (one coalesced `wake` call) and
// re-emitted with names instead of indices; statistics and states are read from the shared image
// without native calls; mailbox clients resolve Promises from the native mailbox thread.
import { EventEmitter } from 'node:events';
import { EtherCATError } from '../binding/errors.js';
import { getSystemErrorName } from 'node:util';
import type { ActiveMaster, ConfiguredSlave, CyclingMaster } from './api.js';
import { runtimeError } from './errors.js';
import { EVENT_TYPE, EventRing, stateName, statesInMask } from './events/ring.js';
import type { RawEvent } from './events/ring.js';
import type { CycleInfo } from './events/types.js';
import type { ImageEngine, ProcessImage } from './image/image.js';
import type { ImageLayout } from './image/layout.js';
import type { UntypedVariables, VariableSpecs } from './image/types.js';
import { AppLoop } from './loop.js';
import { RegisterClient, SdoClient, SiiClient } from './mailbox.js';
import type { MailboxContext } from './mailbox.js';
import type { AppNative, Session } from './session.js';
import { SetpointQueueImpl } from './setpoints.js';
import type { SetpointPlan, SetpointQueue } from './setpoints.js';
import type { SimControl } from './sim.js';
import { StatsReader } from './stats.js';
import type { CycleStats, DomainState, SlaveState } from './stats.js';
import type { SharedGeometry } from './shared/layout.js';

/** What start() hands the cycling object. */
export interface RunSetup {
  shared: SharedArrayBuffer;
  geometry: SharedGeometry;
  cycleTimeNs: number;
  loopIntervalMs: number | null;
  setpoints?: SetpointPlan;
}

const WC = ['zero', 'incomplete', 'complete'] as const;

/** The CyclingMaster implementation. */
export class CyclingImpl<V extends VariableSpecs = UntypedVariables> extends EventEmitter implements CyclingMaster<V> {
  readonly cycleTimeNs: number;
  warnings: readonly string[] = [];
  readonly sdo: SdoClient;
  readonly registers: RegisterClient;
  readonly sii: SiiClient;
  readonly setpoints: ReadonlyMap<string, SetpointQueue>;
  private readonly ring: EventRing;
  private readonly statsReader: StatsReader;
  private readonly loop: AppLoop | null;
  /** IgH config index -> plan slave index, IgH domain index -> plan domain index. */
  private readonly slaveByConfig = new Map<number, number>();
  private readonly domainByIndex = new Map<number, number>();
  private readonly warnedErrnos = new Set<number>();
  private ended = false;

  constructor(
    private readonly session: Session,
    private readonly active: ActiveMaster<V>,
    setup: RunSetup,
  ) {
    super();
    this.cycleTimeNs = setup.cycleTimeNs;
    this.ring = new EventRing(setup.shared, setup.geometry);
    this.statsReader = new StatsReader(setup.shared);
    const layout = session.layout;
    layout?.configIndices.forEach((c, i) => this.slaveByConfig.set(c, i));
    layout?.domainIndices.forEach((d, i) => this.domainByIndex.set(d, i));
    const ctx: MailboxContext = {
      native: session.native as AppNative,
      slaves: session.slaves,
      assertCycling: (call) => this.assertCycling(call),
      path: session.native.path,
    };
    this.sdo = new SdoClient(ctx);
    this.registers = new RegisterClient(ctx);
    this.sii = new SiiClient(ctx);
    const image = this.image as unknown as ProcessImage<VariableSpecs>;
    this.setpoints = new Map((setup.setpoints?.queues ?? []).map((q) => [q.variable.name, new SetpointQueueImpl(setup.shared, q, () => image.cycle)]));
    this.loop =
      setup.loopIntervalMs === null
        ? null
        : new AppLoop(this.image as unknown as ProcessImage<VariableSpecs>, { emitCycle: (info) => this.emitCycle(info), failed: (err) => this.loopFailed(err) }, setup.cycleTimeNs, setup.loopIntervalMs);
  }

  get phase(): CyclingMaster<V>['phase'] {
    return this.session.phase;
  }

  get plan(): CyclingMaster<V>['plan'] {
    return this.active.plan;
  }

  get slaves(): readonly ConfiguredSlave[] {
    return this.session.slaves;
  }

  get sim(): SimControl | null {
    return this.session.sim;
  }

  get layout(): ImageLayout {
    return this.active.layout;
  }

  get image(): ProcessImage<V> {
    return this.active.image;
  }

  /** Begin the JS side of the run (after the native thread started). */
  begin(warnings: readonly string[]): void {
    this.warnings = warnings;
    this.loop?.start();
  }

  /** Stop the loop (before the native thread is stopped). */
  halt(): void {
    this.loop?.stop();
  }

  /** After the native thread stopped: drain the rest of the ring, emit 'stop'. */
  finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.drain();
    this.emit('stop');
  }

  private assertCycling(call: string): void {
    this.session.assert(call, 'cycling');
    if (this.ended) throw runtimeError('WRONG_PHASE', `${call}: this cycling run has ended; use the CyclingMaster the latest start() returned`);
  }

  /** Called (coalesced) by the native event thread when new records are in the ring. */
  onWake(): void {
    if (!this.ended) this.drain();
  }

  private drain(): void {
    for (const e of this.ring.drain()) this.dispatch(e);
    const dropped = this.ring.droppedSinceLast();
    if (dropped > 0) this.emit('dropped', dropped);
  }

  private slaveName(config: number): { name: string; index: number } {
    const index = this.slaveByConfig.get(config) ?? config;
    return { name: this.session.slaves[index]?.name ?? `config ${config}`, index };
  }

  private dispatch(e: RawEvent): void {
    const base = { cycle: e.cycle, time: e.time };
    switch (e.type) {
      case EVENT_TYPE.state: {
        const s = this.slaveName(e.a);
        this.emit('state', { ...base, slave: s.name, config: s.index, from: stateName(e.b), to: stateName(e.c), online: (e.d & 1) !== 0, operational: (e.d & 2) !== 0 });
        return;
      }
      case EVENT_TYPE.wkc: {
        const d = this.domainByIndex.get(e.a) ?? e.a;
        this.emit('wkc', { ...base, domain: this.plan.domains[d]?.name ?? `domain ${e.a}`, wkc: e.b, expected: e.c, state: WC[e.d] ?? 'zero' });
        return;
      }
      case EVENT_TYPE.overrun:
        this.emit('overrun', { ...base, latenessNs: e.a });
        return;
      case EVENT_TYPE.master:
        this.emit('master', { ...base, slavesResponding: e.a, alStates: statesInMask(e.b), linkUp: e.c !== 0 });
        return;
      case EVENT_TYPE.watchdog:
        this.emit('watchdog', { ...base, tripped: e.a !== 0 });
        return;
      case EVENT_TYPE.error:
        this.cycleError(e);
        return;
      case EVENT_TYPE.offline:
      case EVENT_TYPE.online: {
        const s = this.slaveName(e.a);
        this.emit(e.type === EVENT_TYPE.offline ? 'offline' : 'online', { ...base, slave: s.name, config: s.index });
        return;
      }
      default:
        return; // a newer native side may add types; ignoring them keeps this one working
    }
  }

  /**
   * A failing cyclic request. With an 'error' listener it is emitted; without one it becomes a
   * process warning (once per errno) instead of the usual EventEmitter crash: a transient EIO
   * must not take a machine's controller down, and the master/offline events carry the state.
   */
  private cycleError(e: RawEvent): void {
    const errno = Math.abs(e.a);
    let name = `errno ${errno}`;
    try {
      name = getSystemErrorName(-errno);
    } catch {
      /* unknown errno: keep the number */
    }
    const err = runtimeError('CYCLE_ERROR', `the cyclic thread's request ${e.b} failed with ${name} in cycle ${e.cycle}`, { errno: -errno });
    if (this.listenerCount('error') > 0) this.emit('error', err);
    else if (!this.warnedErrnos.has(errno)) {
      this.warnedErrnos.add(errno);
      process.emitWarning(err.message, { code: 'ECAT_CYCLE_ERROR', detail: 'Listen for the "error" event of the CyclingMaster to handle these.' });
    }
  }

  private emitCycle(info: CycleInfo): void {
    // Events first, so 'cycle' listeners (an Axis) already know what the ring reported, e.g.
    // that the watchdog tripped, even when the native wake-up is still on its way.
    if (this.ring.pending()) this.drain();
    this.emit('cycle', info);
  }

  private loopFailed(err: unknown): void {
    const e = runtimeError('CYCLE_CALLBACK', `a 'cycle' listener threw, so the application cycle stopped (the output watchdog takes over): ${(err as Error)?.message ?? String(err)}`, { cause: err });
    if (this.listenerCount('error') > 0) this.emit('error', e);
    else throw e; // as an unhandled EventEmitter error would: the process exits and the master closes
  }

  stats(): CycleStats {
    return this.statsReader.stats(this.cycleTimeNs);
  }

  domainStates(): DomainState[] {
    return this.statsReader.domainStates(this.plan.domains.map((d) => d.name));
  }

  slaveStates(): SlaveState[] {
    return this.statsReader.slaveStates(
      this.session.slaves.map((s) => s.name),
      this.session.layout?.configIndices ?? [],
    );
  }

  processData(): Buffer {
    this.assertCycling('processData()');
    return (this.session.native as AppNative).readProcessData();
  }

  waitOperational(options: { timeoutMs?: number } = {}): Promise<void> {
    this.assertCycling('waitOperational()');
    const timeoutMs = options.timeoutMs ?? 10000;
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.ended || this.session.phase !== 'cycling') {
          reject(runtimeError('WRONG_PHASE', 'waitOperational(): the cycling run ended before every slave was operational'));
          return;
        }
        const states = this.slaveStates();
        const waiting = states.filter((s) => !s.operational);
        if (waiting.length === 0) {
          resolve();
          return;
        }
        if (Date.now() - started >= timeoutMs) {
          const list = waiting.map((s) => `${s.name} ${s.online ? s.alState : 'offline'}`).join(', ');
          reject(new EtherCATError(`waitOperational(): after ${timeoutMs} ms not every slave is operational: ${list}`, {
            code: 'ETIMEDOUT',
            hint: "A slave that stays in PREOP or SAFEOP usually rejects its configuration: read its AL status code ('ecat slaves -v') and the 'state' events.",
          }));
          return;
        }
        setTimeout(check, 5);
      };
      check();
    });
  }

  stop(): ActiveMaster<V> {
    this.assertCycling('stop()');
    this.session.stopRun();
    return this.active;
  }

  close(): void {
    this.session.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  /** The engine (for the start() path). */
  get engine(): ImageEngine<V> {
    return this.active.image as ImageEngine<V>;
  }
}
