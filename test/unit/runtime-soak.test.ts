// SPDX-License-Identifier: MIT
// Soak: 1,000,000 bus cycles (ECAT_SOAK_CYCLES to change) of the two-axis virtual bus at the
// shortest cycle time, with the application cycle reading and writing variables and listening
// to events, and a generous bound on memory growth. Driven by the cycle count, not by time.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Master } from '../../src/runtime/index.js';
import { e2eSkipReason, example } from './runtime-e2e-support.js';

const reason = await e2eSkipReason();
if (reason) console.warn(`runtime soak test skipped: ${reason}`);
const CYCLES = Number(process.env.ECAT_SOAK_CYCLES ?? 1_000_000);
const CYCLE_NS = 125_000;

/** A full garbage collection, so the numbers compare live memory rather than garbage. */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe.skipIf(reason !== null)('soak', () => {
  it(
    `runs ${CYCLES} cycles with bounded memory`,
    async () => {
      const master = await Master.open({ sim: example('two-axis.yaml'), simPersist: false, closeOnExit: false });
      const cycling = await (await master.configure(example('bus-two-axis.yaml'))).activate().start({ cycleTime: CYCLE_NS, loop: { intervalMs: 1 } });
      await cycling.waitOperational({ timeoutMs: 5000 });
      let ticks = 0;
      let events = 0;
      const target = cycling.image.variable('axis_x.target_velocity');
      const status = cycling.image.variable('axis_x.statusword');
      cycling.on('cycle', (info) => {
        ticks++;
        target.set(0);
        if ((status.get() as number) > 0xffff) throw new Error('statusword out of range');
        cycling.image.vars.axis_y_target_velocity = 0;
        void info;
      });
      for (const e of ['state', 'wkc', 'overrun', 'master', 'watchdog', 'offline', 'online'] as const) cycling.on(e, () => void events++);
      cycling.on('error', () => void events++);
      const wait = async (cycles: number): Promise<void> => {
        while (cycling.stats().cycles < cycles) await new Promise((r) => setTimeout(r, 50));
      };
      await wait(Math.min(20_000, CYCLES / 10));
      collect();
      const before = process.memoryUsage();
      await wait(CYCLES);
      collect();
      const after = process.memoryUsage();
      const stats = cycling.stats();
      master.close();
      expect(stats.cycles).toBeGreaterThanOrEqual(CYCLES);
      expect(ticks).toBeGreaterThan(0);
      // Generous: a leak of even a few bytes per cycle would show as megabytes here.
      expect(after.heapUsed - before.heapUsed).toBeLessThan(16 * 1024 * 1024);
      expect(after.rss - before.rss).toBeLessThan(64 * 1024 * 1024);
      console.log(`soak: ${stats.cycles} cycles, ${stats.overruns} overruns, ${ticks} application cycles, ${events} events, heap ${((after.heapUsed - before.heapUsed) / 1024).toFixed(0)} KiB, rss ${((after.rss - before.rss) / 1024).toFixed(0)} KiB`);
    },
    ((CYCLES * CYCLE_NS) / 1e6) * 4 + 60_000,
  );
});
