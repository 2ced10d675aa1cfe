// SPDX-License-Identifier: MIT
// ConfiguredMaster and ActiveMaster: activate() maps the process data and builds the image;
// start() allocates the shared buffer, starts the native cyclic thread, publishes the outputs
// staged so far and resolves once the first cycle has run and its inputs are taken.
import type { BusProblem } from '../config/bus/check.js';
import type { BusPlan, PlanNote } from '../config/plan/types.js';
import type { ActiveMaster, ConfiguredMaster, ConfiguredSlave, CyclingMaster } from './api.js';
import { runtimeError } from './errors.js';
import { CyclingImpl } from './cycling.js';
import { ImageEngine } from './image/image.js';
import type { ProcessImage } from './image/image.js';
import { buildImageLayout, safeOutputImage } from './image/layout.js';
import type { ImageLayout } from './image/layout.js';
import type { UntypedVariables, VariableSpecs } from './image/types.js';
import { resolveStart } from './options.js';
import type { StartOptions } from './options.js';
import { initSetpoints, planSetpoints } from './setpoints.js';
import type { Session } from './session.js';
import { initSharedHeader, OFF, SHARED_MAGIC, SHARED_VERSION, sharedGeometry } from './shared/layout.js';
import type { SimControl } from './sim.js';

/** Calls shared by every phase object. */
abstract class PhaseBase {
  constructor(protected readonly session: Session) {}

  get phase(): ConfiguredMaster['phase'] {
    return this.session.phase;
  }

  get sim(): SimControl | null {
    return this.session.sim;
  }

  get slaves(): readonly ConfiguredSlave[] {
    return this.session.slaves;
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
}

/** ConfiguredMaster implementation. */
export class ConfiguredImpl<V extends VariableSpecs = UntypedVariables> extends PhaseBase implements ConfiguredMaster<V> {
  get plan(): BusPlan {
    return this.session.plan as BusPlan;
  }

  get warnings(): readonly BusProblem[] {
    return this.session.warnings;
  }

  get notes(): readonly PlanNote[] {
    return this.plan.notes;
  }

  activate(): ActiveMaster<V> {
    const s = this.session;
    s.assert('activate()', 'configured');
    const native = s.app('activate()');
    let failed = true;
    try {
      const activation = native.activate();
      const layout = buildImageLayout(this.plan, s.layout as NonNullable<Session['layout']>, activation);
      s.activation = activation;
      s.imageLayout = layout;
      s.image = new ImageEngine(layout);
      s.phase = 'active';
      failed = false;
      return new ActiveImpl<V>(s);
    } finally {
      // IgH cannot go back from a failed activation other than by releasing the master.
      if (failed) s.close();
    }
  }
}

/** ActiveMaster implementation. */
export class ActiveImpl<V extends VariableSpecs = UntypedVariables> extends PhaseBase implements ActiveMaster<V> {
  get plan(): BusPlan {
    return this.session.plan as BusPlan;
  }

  get layout(): ImageLayout {
    return this.session.imageLayout as ImageLayout;
  }

  get image(): ProcessImage<V> {
    return this.session.image as unknown as ProcessImage<V>;
  }

  async start(options: StartOptions = {}): Promise<CyclingMaster<V>> {
    const s = this.session;
    s.assert('start()', 'active');
    const native = s.app('start()');
    const activation = s.activation as NonNullable<Session['activation']>;
    const resolved = resolveStart(options, this.plan, activation.processDataSize);
    resolved.native.safeOutputs = safeOutputImage(this.layout);
    const geometry = sharedGeometry(activation.processDataSize, activation.eventCapacity);
    if (activation.sharedSize < geometry.size) {
      throw runtimeError('LAYOUT_MISMATCH', `the native side asks for a ${activation.sharedSize}-byte shared image, but ${activation.processDataSize} bytes of process data and ${activation.eventCapacity} events need ${geometry.size}`);
    }
    const setpoints = planSetpoints(options.setpoints, this.layout, resolved.cycleTimeNs, activation.sharedSize);
    resolved.native.setpoints = setpoints.queues.map(({ offset, size, at, depth }) => ({ offset, size, at, depth }));
    const shared = new SharedArrayBuffer(setpoints.sharedSize);
    initSharedHeader(shared, geometry);
    initSetpoints(shared, setpoints);
    const engine = s.image as ImageEngine<VariableSpecs>;
    const cycling = new CyclingImpl<V>(s, this, { shared, geometry, cycleTimeNs: resolved.cycleTimeNs, loopIntervalMs: resolved.loopIntervalMs, setpoints });
    const result = native.startCycle(resolved.native, shared, () => cycling.onWake());
    s.phase = 'cycling';
    s.run = cycling;
    try {
      const header = new DataView(shared);
      if (header.getUint32(OFF.magic, true) !== SHARED_MAGIC || header.getUint32(OFF.version, true) !== SHARED_VERSION || header.getUint32(OFF.imageSize, true) !== activation.processDataSize) {
        throw runtimeError('LAYOUT_MISMATCH', 'the native side does not use the shared image layout of docs/runtime.md (magic "ECRT", version 1, image size)');
      }
      engine.attach(shared, geometry);
      engine.publish();
      await waitFirstCycle(engine, resolved.firstCycleTimeoutMs, () => s.phase === 'cycling' && s.run === cycling);
      engine.sync();
    } catch (err) {
      if (s.phase === 'cycling' && s.run === cycling) s.stopRun();
      throw err;
    }
    cycling.begin(result.warnings);
    return cycling;
  }
}

/** Wait until the cyclic thread has completed a cycle (polling the shared counter, no native call). */
async function waitFirstCycle(engine: ImageEngine<VariableSpecs>, timeoutMs: number, stillRunning: () => boolean): Promise<void> {
  const started = Date.now();
  for (;;) {
    engine.sync();
    if (engine.cycle > 0) return;
    if (!stillRunning()) throw runtimeError('WRONG_PHASE', 'start(): the master was stopped or closed before the first cycle');
    if (Date.now() - started >= timeoutMs) {
      throw runtimeError('ETIMEDOUT', `start(): the cyclic thread did not complete a cycle within ${timeoutMs} ms`, {
        hint: 'The native cyclic thread did not run; see CyclingMaster.stats().runState and the addon log.',
      });
    }
    await new Promise((r) => setTimeout(r, 1));
  }
}
