// SPDX-License-Identifier: MIT
// Scenario 5: SDO round trips per second on the virtual master while the bus cycles at 1 kHz,
// through the runtime's Promise API (cycling.sdo.upload/download), one request at a time and
// one per drive in parallel. Floor: a mailbox round trip needs a request cycle and a response
// cycle, so one at a time cannot beat 2 cycles (500/s at 1 kHz). Also: the cyclic thread's
// wake-up latency with SDO traffic against without (interleaved phases, same histogram
// estimator as loop-timing), and the JS event loop's delay meanwhile.
// @ts-check
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fmtNs } from '../lib/report.mjs';
import { openBus, runtimeUnavailable, sleep } from '../lib/runtime.mjs';
import { gate, histogramPercentile, histogramSum, ratio, summarize } from '../lib/stats.mjs';
import { drives } from '../lib/topology.mjs';

export const id = 'sdo';
export const isolated = true;
export const title = 'SDO round trips per second while cycling at 1 kHz (Promise API)';

const CYCLE_NS = 1_000_000;

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  const why = await runtimeUnavailable(ctx);
  if (why) return { id, title, status: 'not available', reason: why, gates: [gate('sdo.latency', 'expedited SDO round trip p50 in cycles / protocol minimum (2)', NaN, '<=', 2, `not available: ${why}`)] };
  const phaseMs = ctx.quick ? 1000 : 2500;
  const b = await openBus(ctx, 'sdo-2-drives', drives(2));
  try {
    const cycling = await b.active.start({ cycleTime: CYCLE_NS, priority: 80, lockMemory: true });
    await cycling.waitOperational({ timeoutMs: 10000 });
    const sdo = cycling.sdo;

    /** One phase: requests back to back for `ms`; returns latencies (ns) and the latency histogram delta. */
    const phase = async (/** @type {'none'|'upload'|'download'|'parallel'} */ kind, /** @type {number} */ ms) => {
      const h0 = cycling.stats().latencyHistogram;
      const lat = [];
      const end = Date.now() + ms;
      let value = 100000;
      const eld = monitorEventLoopDelay({ resolution: 1 });
      eld.enable();
      if (kind === 'none') await sleep(ms);
      while (kind !== 'none' && Date.now() < end) {
        const t0 = process.hrtime.bigint();
        if (kind === 'upload') await sdo.upload('s0', 0x6065, 0, 'uint32');
        else if (kind === 'download') await sdo.download('s0', 0x6065, 0, (value = value === 100000 ? 100001 : 100000), 'uint32');
        else await Promise.all([sdo.upload('s0', 0x6065, 0, 'uint32'), sdo.upload('s1', 0x6065, 0, 'uint32')]);
        lat.push(Number(process.hrtime.bigint() - t0));
      }
      eld.disable();
      const h1 = cycling.stats().latencyHistogram;
      return { lat, hist: h1.map((x, k) => x - (h0[k] ?? 0)), loopDelayP99Ns: eld.percentile(99), loopDelayMaxNs: eld.max };
    };

    // Values must read back as written: a check that the transfers really happen.
    await sdo.download('s0', 0x6065, 0, 123456, 'uint32');
    const readBack = await sdo.upload('s0', 0x6065, 0, 'uint32');
    if (readBack !== 123456) throw new Error(`SDO 0x6065:00 read back ${readBack}, wrote 123456`);

    const idleHists = [];
    const busyHists = [];
    /** @type {Record<string, any>} */
    const res = {};
    for (const kind of /** @type {const} */ (['upload', 'download', 'parallel'])) {
      ctx.log(`  ${kind}: ${phaseMs} ms, then the same without SDO traffic`);
      const busy = await phase(kind, phaseMs);
      const idle = await phase('none', phaseMs);
      busyHists.push(busy.hist);
      idleHists.push(idle.hist);
      res[`${kind}Idle`] = { loopDelayP99Ns: idle.loopDelayP99Ns };
      const s = summarize(busy.lat);
      const ops = kind === 'parallel' ? 2 * busy.lat.length : busy.lat.length;
      res[kind] = {
        requests: ops,
        perSecond: ops / (phaseMs / 1000),
        latencyNs: s,
        latencyCycles: { p50: s.p50 / CYCLE_NS, p99: s.p99 / CYCLE_NS },
        loopDelayP99Ns: busy.loopDelayP99Ns,
        loopDelayMaxNs: busy.loopDelayMaxNs,
        limitPerSecond: (kind === 'parallel' ? 2 : 1) * (1e9 / CYCLE_NS / 2),
      };
    }
    const stats = cycling.stats();
    cycling.stop();

    const hBusy = histogramSum(busyHists);
    const hIdle = histogramSum(idleHists);
    const p50r = ratio(histogramPercentile(hBusy, 0.5), histogramPercentile(hIdle, 0.5));
    const p99r = ratio(histogramPercentile(hBusy, 0.99), histogramPercentile(hIdle, 0.99));
    const up = res.upload;
    const gates = [
      gate('sdo.latency', 'expedited upload round trip p50 in cycles / protocol minimum of 2 cycles', up.latencyCycles.p50 / 2, '<=', 2, `p50 ${up.latencyCycles.p50.toFixed(2)} cycles, p99 ${up.latencyCycles.p99.toFixed(2)}; ${up.perSecond.toFixed(0)} round trips/s one at a time (floor 500/s)`),
      gate('sdo.parallel', 'SDO round trips per second, one upload to each of two drives at once / one upload at a time', res.parallel.perSecond / up.perSecond, '>=', 1.5, `${res.parallel.perSecond.toFixed(0)} vs ${up.perSecond.toFixed(0)} round trips/s (2 when the drives are served in parallel, 1 when serialized)`),
      gate('sdo.rt.p50', 'cyclic wake-up latency p50 with SDO traffic / without', p50r, '<=', 1.1, `${fmtNs(histogramPercentile(hBusy, 0.5))} vs ${fmtNs(histogramPercentile(hIdle, 0.5))}`),
      gate('sdo.rt.p99', 'cyclic wake-up latency p99 with SDO traffic / without', p99r, '<=', 1.5, `${fmtNs(histogramPercentile(hBusy, 0.99))} vs ${fmtNs(histogramPercentile(hIdle, 0.99))}`),
    ];
    return {
      id,
      title,
      status: 'ok',
      method: `Two CiA 402 drives, 1 ms cycle. Phases of ${phaseMs} ms: requests back to back (upload 0x6065:00, download alternating values, one upload per drive in parallel), each followed by a phase without SDO traffic; latency = Promise round trip.`,
      results: res,
      overruns: stats.overruns,
      rows: ['upload', 'download', 'parallel'].map((k) => {
        const v = res[k];
        return {
          label: k === 'parallel' ? 'upload, 2 drives in parallel' : k,
          value: `${v.perSecond.toFixed(0)} round trips/s; latency p50 ${fmtNs(v.latencyNs.p50)} (${v.latencyCycles.p50.toFixed(2)} cycles), p99 ${fmtNs(v.latencyNs.p99)}; JS event-loop delay p99 ${fmtNs(v.loopDelayP99Ns)} (${fmtNs(res[`${k}Idle`].loopDelayP99Ns)} without SDO traffic)`,
          ratio: `${(v.perSecond / v.limitPerSecond).toFixed(2)} of the 2-cycle limit (${v.limitPerSecond}/s)`,
        };
      }),
      gates,
      charts: [{ kind: 'histogram', title: 'Cyclic wake-up latency with and without SDO traffic (1 kHz)', series: [{ name: 'with SDO traffic', hist: hBusy }, { name: 'without', hist: hIdle }] }],
    };
  } finally {
    b.master.close();
  }
}
