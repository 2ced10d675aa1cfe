// SPDX-License-Identifier: MIT
// Scenario 6: soak. 1,000,000 bus cycles (--soak-cycles to change; --quick runs 100,000) of a
// virtual bus with two drives and an I/O rack at the shortest cycle the API allows (125 us),
// with the application loop reading and writing variables every ms and listeners on every
// event, RSS and V8 heap sampled all along. Growth is measured between two full GCs: one after
// a warm-up of 10 % of the cycles, one at the end. It backs test/unit/runtime-soak.test.ts,
// which checks the same with generous bounds.
// @ts-check
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fmtNs } from '../lib/report.mjs';
import { openBus, runtimeUnavailable, sleep } from '../lib/runtime.mjs';
import { gate, linearFit } from '../lib/stats.mjs';

export const id = 'soak';
export const isolated = true;
export const title = 'Soak: 1,000,000 cycles, memory growth (RSS, heap)';

const CYCLE_NS = 125_000;

function collect() {
  setFlagsFromString('--expose-gc');
  /** @type {() => void} */ (runInNewContext('gc'))();
}

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  const target = ctx.overrides.soakCycles ?? (ctx.quick ? 100_000 : 1_000_000);
  const why = await runtimeUnavailable(ctx);
  if (why) return { id, title, status: 'not available', reason: why, gates: [gate('soak.heap', 'heap growth per cycle', NaN, '<=', 1, `not available: ${why}`)] };
  const b = await openBus(ctx, 'soak', ['cia402-servo', 'cia402-servo', 'EK1100', 'EL1008', 'EL2008', 'EL3064', 'EL4004']);
  try {
    const t0 = Date.now();
    const cycling = await b.active.start({ cycleTime: CYCLE_NS, priority: 80, lockMemory: true, loop: { intervalMs: 1 } });
    await cycling.waitOperational({ timeoutMs: 10000 });
    let ticks = 0;
    let events = 0;
    const pos = cycling.image.variable('s0.target_position');
    const status = cycling.image.variable('s0.statusword');
    const dout = cycling.image.variable('s4.do1');
    cycling.on('cycle', () => {
      ticks++;
      pos.set(ticks & 0xffff);
      dout.set((ticks & 64) !== 0);
      if (/** @type {number} */ (status.get()) > 0xffff) throw new Error('statusword out of range');
      cycling.image.vars.s1_target_velocity = 0;
    });
    for (const e of /** @type {const} */ (['state', 'wkc', 'overrun', 'master', 'watchdog', 'offline', 'online', 'error'])) cycling.on(e, () => void events++);

    /** @type {Array<{cycles: number, rss: number, heapUsed: number, external: number, t: number}>} */
    const samples = [];
    const sample = () => {
      const m = process.memoryUsage();
      samples.push({ cycles: cycling.stats().cycles, rss: m.rss, heapUsed: m.heapUsed, external: m.external, t: Date.now() - t0 });
    };
    const waitFor = async (/** @type {number} */ n) => {
      let last = Date.now();
      while (cycling.stats().cycles < n) {
        await sleep(50);
        if (Date.now() - last >= 1000) {
          sample();
          last = Date.now();
        }
      }
    };
    ctx.log(`  ${target} cycles at ${CYCLE_NS / 1000} us (about ${((target * CYCLE_NS) / 1e9).toFixed(0)} s)`);
    await waitFor(Math.round(target / 10));
    collect();
    const before = process.memoryUsage();
    const c0 = cycling.stats().cycles;
    sample();
    await waitFor(target);
    collect();
    const after = process.memoryUsage();
    sample();
    const stats = cycling.stats();
    cycling.stop();
    const measured = stats.cycles - c0;
    const heapPerCycle = (after.heapUsed - before.heapUsed) / measured;
    const rssPerCycle = (after.rss - before.rss) / measured;
    const rssLimit = Math.max(8 * measured, 4 * 2 ** 20);
    const heapLimit = Math.max(measured, 2 ** 20);
    const fit = samples.length >= 3 ? linearFit(samples.map((s) => s.cycles), samples.map((s) => s.rss)) : null;
    const MiB = (/** @type {number} */ x) => `${(x / 2 ** 20).toFixed(2)} MiB`;
    return {
      id,
      title,
      status: 'ok',
      method: `Seven slaves (2 drives, EK1100 + 4 terminals), ${CYCLE_NS / 1000} us cycle, application loop every 1 ms writing 3 outputs and reading 1 input, listeners on all events. Full GC after ${Math.round(target / 10)} cycles and at the end; growth between them. Gates: heap growth <= max(1 B x cycles, 1 MiB) (one retained object per cycle would be >= 16 B/cycle); RSS growth <= max(8 B x cycles, 4 MiB).`,
      cycles: stats.cycles,
      measuredCycles: measured,
      overruns: stats.overruns,
      appTicks: ticks,
      events,
      eventsDropped: stats.eventsDropped,
      before,
      after,
      rssSlopeBytesPerCycle: fit?.slope ?? null,
      samples,
      seconds: (Date.now() - t0) / 1000,
      rows: [
        { label: 'cycles', value: `${stats.cycles} (${measured} between the GCs), ${stats.overruns} missed deadlines, ${ticks} application cycles, ${events} events, ${stats.eventsDropped} events dropped; exec max ${fmtNs(stats.executionNs.max)}` },
        { label: 'heap (after full GC)', value: `${MiB(before.heapUsed)} -> ${MiB(after.heapUsed)} (${heapPerCycle.toFixed(3)} B/cycle)` },
        { label: 'RSS', value: `${MiB(before.rss)} -> ${MiB(after.rss)} (${rssPerCycle.toFixed(3)} B/cycle; slope of samples ${fit ? fit.slope.toFixed(3) : 'n/a'} B/cycle)` },
      ],
      gates: [
        gate('soak.cycles', `cycles run / target ${target}`, stats.cycles / target, '>=', 1),
        gate('soak.heap', 'V8 heap growth between full GCs / max(1 B x cycles, 1 MiB)', (after.heapUsed - before.heapUsed) / heapLimit, '<=', 1, `${MiB(after.heapUsed - before.heapUsed)} over ${measured} cycles (${heapPerCycle.toFixed(3)} B/cycle)`),
        gate('soak.rss', `RSS growth / max(8 B x cycles, 4 MiB)`, (after.rss - before.rss) / rssLimit, '<=', 1, `${MiB(after.rss - before.rss)} over ${measured} cycles`),
        gate('soak.dropped', 'events dropped from the ring', stats.eventsDropped, '==', 0),
      ],
      charts: [
        {
          kind: 'lines',
          title: 'Memory during the soak',
          xLabel: 'cycles',
          yLabel: 'MiB',
          series: [
            { name: 'RSS', points: samples.map((s) => [s.cycles, s.rss / 2 ** 20]) },
            { name: 'V8 heap used', points: samples.map((s) => [s.cycles, s.heapUsed / 2 ** 20]) },
          ],
        },
      ],
    };
  } finally {
    b.master.close();
  }
}
