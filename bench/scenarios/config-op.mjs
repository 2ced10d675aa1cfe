// SPDX-License-Identifier: MIT
// Scenario 4: configuration-to-OP time on the virtual master for 1 to 256 slaves (generated
// buses of I/O racks and drives): configure() (load, plan, check against the bus, native
// configuration), activate(), start() (first cycle) and waitOperational(), at a 1 ms cycle.
// The figure with a target is the scaling: time per slave at 256 against 16 (1 = linear; fixed
// costs make a linear process come out below 1), and a log-log fit over all sizes.
// @ts-check
import { openBus, runtimeUnavailable } from '../lib/runtime.mjs';
import { fmtNs } from '../lib/report.mjs';
import { gate, median, ratio, scalingExponent } from '../lib/stats.mjs';
import { mixedPresets } from '../lib/topology.mjs';

export const id = 'config-op';
export const isolated = true;
export const title = 'Configuration to OP: 1 to 256 virtual slaves, scaling';

const SIZES = [1, 4, 16, 64, 256];

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  const why = await runtimeUnavailable(ctx);
  if (why) return { id, title, status: 'not available', reason: why, gates: [gate('op.scaling', 'time per slave at 256 / at 16', NaN, '<=', 1.1, `not available: ${why}`)] };
  const reps = ctx.quick ? 1 : 3;
  /** @type {any[]} */
  const points = [];
  for (const n of SIZES) {
    /** @type {any[]} */
    const runs = [];
    for (let r = 0; r < reps; r++) {
      ctx.log(`  ${n} slaves, run ${r + 1}/${reps}`);
      const t0 = process.hrtime.bigint();
      // openBus = Master.open (topology file -> virtual bus) + configure + activate.
      const b = await openBus(ctx, `op-${n}`, mixedPresets(n));
      try {
        const t1 = process.hrtime.bigint();
        const cycling = await b.active.start({ cycleTime: 1_000_000, priority: 80, lockMemory: true });
        const t2 = process.hrtime.bigint();
        await cycling.waitOperational({ timeoutMs: 60000 });
        const t3 = process.hrtime.bigint();
        const cycles = cycling.stats().cycles;
        cycling.stop();
        runs.push({
          openNs: b.times.openNs,
          configureNs: b.times.configureNs,
          activateNs: b.times.activateNs,
          startNs: Number(t2 - t1),
          toOpNs: Number(t3 - t2),
          cyclesToOp: cycles,
          // Configuration to OP: configure() called .. every slave operational (open excluded:
          // building the virtual bus is the simulator's setup, not the master's work).
          totalNs: Number(t3 - t0) - b.times.openNs,
        });
      } finally {
        b.master.close();
      }
    }
    const pick = (/** @type {string} */ k) => median(runs.map((x) => x[k]));
    points.push({ n, runs, totalNs: pick('totalNs'), configureNs: pick('configureNs'), activateNs: pick('activateNs'), startNs: pick('startNs'), toOpNs: pick('toOpNs'), cyclesToOp: pick('cyclesToOp'), openNs: pick('openNs') });
  }
  const at = (/** @type {number} */ n) => points.find((p) => p.n === n);
  const perSlave = (/** @type {any} */ p) => p.totalNs / p.n;
  const r256 = ratio(perSlave(at(256)), perSlave(at(16)));
  const exponent = scalingExponent(points.map((p) => p.n), points.map((p) => p.totalNs));
  const hostExponent = scalingExponent(points.map((p) => p.n), points.map((p) => p.configureNs + p.activateNs));
  return {
    id,
    title,
    status: 'ok',
    method: `Median of ${reps} run(s) per size; 1 ms cycle; the clock runs from configure() to waitOperational() resolving (it polls every 5 ms). Gate: (T(256)/256) / (T(16)/16) <= 1.1 (linear or better, 10 % for noise).`,
    points,
    exponent,
    hostExponent,
    rows: [
      ...points.map((p) => ({
        label: `${p.n} slaves`,
        value: `${fmtNs(p.totalNs)} to OP (configure ${fmtNs(p.configureNs)}, activate ${fmtNs(p.activateNs)}, start ${fmtNs(p.startNs)}, wait ${fmtNs(p.toOpNs)} = ${p.cyclesToOp} cycles); open ${fmtNs(p.openNs)}`,
        ratio: `${fmtNs(perSlave(p))}/slave`,
      })),
      { label: 'log-log slope', value: `${exponent.toFixed(2)} overall, ${hostExponent.toFixed(2)} for configure+activate (1 = linear)` },
    ],
    gates: [gate('op.scaling', 'configuration-to-OP time per slave at 256 / at 16 (<= 1: linear or better)', r256, '<=', 1.1, `${fmtNs(perSlave(at(256)))} vs ${fmtNs(perSlave(at(16)))} per slave; log-log slope ${exponent.toFixed(2)}`)],
    charts: [
      {
        kind: 'lines',
        title: 'Configuration to OP vs slaves (log-log)',
        xLabel: 'slaves',
        yLabel: 'ms',
        logX: true,
        logY: true,
        series: [
          { name: 'configure() to all OP', points: points.map((p) => [p.n, p.totalNs / 1e6]) },
          { name: 'configure() + activate()', points: points.map((p) => [p.n, (p.configureNs + p.activateNs) / 1e6]) },
          { name: 'linear through 16', points: points.map((p) => [p.n, (perSlave(at(16)) * p.n) / 1e6]) },
        ],
      },
    ],
  };
}
