// SPDX-License-Identifier: MIT
// The application cycle: a JS timer that takes the newest inputs, lets 'cycle' listeners (the
// application, CiA 402 axes) compute outputs, and publishes them. It is not the bus cycle - that
// runs natively and never waits for JS - so a late tick only delays new outputs, and listeners
// compute from the bus cycle count (CycleInfo.cycle) rather than from counting ticks.
import type { CycleInfo } from './events/types.js';
import type { ProcessImage } from './image/image.js';
import type { VariableSpecs } from './image/types.js';

/** Where the loop reports to. */
export interface LoopHost {
  /** Emit 'cycle'; returns normally or throws what a listener threw. */
  emitCycle(info: CycleInfo): void;
  /** A listener threw: the loop has stopped. */
  failed(err: unknown): void;
}

/** Runs sync -> 'cycle' -> publish on an interval. */
export class AppLoop {
  private timer: NodeJS.Timeout | null = null;
  /** Reused for every tick so a tick allocates nothing. */
  private readonly info: CycleInfo = { cycle: 0, fresh: false, nextTimeNs: 0 };

  constructor(
    private readonly image: ProcessImage<VariableSpecs>,
    private readonly host: LoopHost,
    private readonly cycleTimeNs: number,
    private readonly intervalMs: number,
  ) {}

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One application cycle (also callable directly, e.g. by tests). */
  tick(): void {
    const info = this.info;
    info.fresh = this.image.sync();
    info.cycle = this.image.cycle;
    info.nextTimeNs = (info.cycle + 1) * this.cycleTimeNs;
    try {
      this.host.emitCycle(info);
    } catch (err) {
      // Outputs computed by a failing listener are not published; the watchdog takes over.
      this.stop();
      this.host.failed(err);
      return;
    }
    this.image.publish();
  }
}
