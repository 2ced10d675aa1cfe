// SPDX-License-Identifier: MIT
// The state shared by the phase objects of one master: the native handle, the current phase and
// what each phase produced. Phase objects hold the session and check the phase on every call, so
// an object from an earlier phase fails with WRONG_PHASE and everything fails with CLOSED after
// close(). Sessions still open when the process exits are closed, so the cyclic thread stops and
// IgH releases the master (which also deactivates it).
import type { NativeActivation, NativeApplication, NativeLayout, NativeMaster, NativeSimControl } from '../binding/native.js';
import type { BusProblem } from '../config/bus/check.js';
import type { BusPlan } from '../config/plan/types.js';
import type { ConfiguredSlave } from './api.js';
import { runtimeError, wrongPhase } from './errors.js';
import type { Phase } from './errors.js';
import type { ImageEngine } from './image/image.js';
import type { ImageLayout } from './image/layout.js';
import type { VariableSpecs } from './image/types.js';
import { simControl } from './sim.js';
import type { SimControl } from './sim.js';

/** The native master with the application calls (present once native/runtime is built in). */
export type AppNative = NativeMaster & NativeApplication & Partial<NativeSimControl>;

/** Something to do when the cyclic run ends (stop or close). */
export interface RunHandle {
  /** Stop the JS side of a run (loop, event draining); called before and after stopCycle. */
  halt(): void;
  /** After the native thread stopped: drain what is left and emit 'stop'. */
  finish(): void;
}

const open = new Set<Session>();
let exitHooked = false;

function closeAllOnExit(): void {
  for (const s of [...open]) {
    try {
      s.close();
    } catch {
      // Nothing can be reported any more; the kernel releases the master with the fd anyway.
    }
  }
}

/** One open master and what its phases produced. */
export class Session {
  phase: Phase = 'opened';
  /** configure() is between its awaits; a second configure() must not start. */
  busy = false;
  plan: BusPlan | null = null;
  slaves: ConfiguredSlave[] = [];
  warnings: BusProblem[] = [];
  layout: NativeLayout | null = null;
  activation: NativeActivation | null = null;
  imageLayout: ImageLayout | null = null;
  image: ImageEngine<VariableSpecs> | null = null;
  run: RunHandle | null = null;
  readonly sim: SimControl | null;

  constructor(
    readonly native: NativeMaster,
    closeOnExit: boolean,
  ) {
    this.sim = simControl(native as AppNative, () => this.slaves, (call) => this.assertOpen(call));
    if (closeOnExit) {
      open.add(this);
      if (!exitHooked) {
        exitHooked = true;
        process.on('exit', closeAllOnExit);
      }
    }
  }

  /** The native master with the application calls, or NOT_SUPPORTED when this addon lacks them. */
  app(call: string): AppNative {
    const n = this.native as Partial<AppNative>;
    if (typeof n.configure !== 'function' || typeof n.startCycle !== 'function') {
      throw runtimeError('NOT_SUPPORTED', `${call}: this build of the ecat addon has no application runtime (native/runtime)`, {
        hint: 'Rebuild the addon from a source tree that includes native/runtime (npm rebuild ecat).',
      });
    }
    return this.native as AppNative;
  }

  /** Throw unless the master is in `needs` (and not closed). */
  assert(call: string, needs: Phase | Phase[]): void {
    const list = Array.isArray(needs) ? needs : [needs];
    if (!list.includes(this.phase)) throw wrongPhase(call, this.phase, needs);
  }

  assertOpen(call: string): void {
    if (this.phase === 'closed') throw wrongPhase(call, 'closed', 'opened');
  }

  /** End a cyclic run: halt the JS side, stop the thread, finish. Back to 'active'. */
  stopRun(): void {
    const run = this.run;
    if (this.phase !== 'cycling' || !run) return;
    run.halt();
    try {
      (this.native as Partial<AppNative>).stopCycle?.();
    } finally {
      this.run = null;
      this.phase = 'active';
      run.finish();
    }
  }

  /** Close from any phase; idempotent. */
  close(): void {
    if (this.phase === 'closed') return;
    try {
      if (this.phase === 'cycling') this.stopRun();
    } finally {
      this.phase = 'closed';
      open.delete(this);
      this.image?.close();
      this.native.close();
    }
  }
}
