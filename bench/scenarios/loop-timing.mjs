// SPDX-License-Identifier: MIT
// Scenario 1: wake-up latency of the runtime's cyclic thread on the virtual master (8 CiA 402
// drives with DC) against the C floor loop (bench/c/floor_core.h: clock_nanosleep TIMER_ABSTIME
// with the same thread setup, run as a thread of the same Node process), at 1, 4 and 8 kHz, first with an idle JS thread, then while JS runs an
// allocation storm with 50 ms event-loop stalls every 200 ms (the same load during both arms).
// Runtime figures come from the shared image (stats block and log2 latency histogram, read
// through CyclingMaster.stats()); the floor reports every latency, so its exact percentiles and
// the same histogram estimate are both known. Arms alternate in blocks (ABBA...).
// @ts-check
import { startJsLoad } from '../lib/jsload.mjs';
import { counterDelta, openBus, runtimeUnavailable, sleep, threadCounters, threadIds } from '../lib/runtime.mjs';
import {
  blockOrder,
  gate,
  histogramDiff,
  histogramPercentile,
  histogramSum,
  histogramTotal,
  median,
  medianBlockRatio,
  percentileSorted,
  ratio,
  sortedCopy,
  summarize,
} from '../lib/stats.mjs';
import { drives } from '../lib/topology.mjs';
import { fmtNs } from '../lib/report.mjs';

export const id = 'loop-timing';
export const isolated = true;
export const title = 'Loop timing: runtime cyclic thread vs C clock_nanosleep floor (1/4/8 kHz, idle and JS under load)';

const RATES = [1000, 4000, 8000];
const PRIORITY = 80;
// Memory locking as the runtime does it by default, in both arms: the runtime locks its cyclic
// thread's working set; the floor in the same process locks its own (stack and samples), the
// floor as a separate process mlockall's that small process. If the runtime's locking kills
// the process (lock-memory scenario), this scenario reports that as its error.
const LOCK = true;

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  // The floor runs in the runtime's own process when the module built, else as its own process.
  const floor = ctx.floorInProcess ?? ctx.floor;
  if (!floor) return { id, title, status: 'not available', reason: 'the C floor did not build', gates: [] };
  const blocks = ctx.overrides.blocks ?? (ctx.quick ? 3 : 8);
  const blockMs = ctx.overrides.blockMs ?? (ctx.quick ? 400 : 800);
  const why = await runtimeUnavailable(ctx);

  /** @type {any[]} */
  const configs = [];
  /** @type {import('../lib/stats.mjs').Gate[]} */
  const gates = [];
  const rows = [];
  const charts = [];

  // Without the runtime the floor still runs (its figures are the machine's), but no ratio exists.
  let bus = null;
  if (!why) bus = await openBus(ctx, 'loop-8-drives', drives(8), { cycleTime: '1ms' });
  let active = bus?.active ?? null;

  try {
    for (const loaded of [false, true]) {
      for (const rate of RATES) {
        const periodNs = Math.round(1e9 / rate);
        const label = `${rate / 1000} kHz${loaded ? ' JS load' : ''}`;
        ctx.log(`  ${label}: ${blocks} blocks x ${blockMs} ms per arm`);
        /** @type {any} */
        let load = null;
        /** @type {any} */
        let current = null; // the CyclingMaster of the block running now (for the stall probe)
        if (loaded) load = startJsLoad({ probe: () => (current ? current.stats().cycles : null) });
        const rt = { hists: /** @type {number[][]} */ ([]), cycles: 0, overruns: 0, p50: /** @type {number[]} */ ([]), p99: /** @type {number[]} */ ([]), maxLatency: 0, granted: /** @type {any} */ (null), warnings: /** @type {string[]} */ ([]), counters: /** @type {any[]} */ ([]), expectedCycles: 0 };
        const fl = { hists: /** @type {number[][]} */ ([]), lat: /** @type {number[]} */ ([]), cycles: 0, overruns: 0, p50: /** @type {number[]} */ ([]), p99: /** @type {number[]} */ ([]), granted: /** @type {any} */ (null), rusage: /** @type {any[]} */ ([]) };
        try {
          for (let b = 0; b < blocks; b++) {
            for (const arm of blockOrder(b)) {
              if (arm === 'a') {
                if (!active) continue;
                const cycling = await active.start({ cycleTime: periodNs, priority: PRIORITY, lockMemory: LOCK, cpu: -1 });
                current = cycling;
                // The window: from now for blockMs, by snapshot differences (start-up excluded, as
                // the floor's block is exactly blockMs of cycles).
                const tid = threadIds('ecat-rt')[0];
                const c0 = tid ? threadCounters(tid) : null;
                const s0 = cycling.stats();
                const t0 = process.hrtime.bigint();
                await sleep(blockMs);
                const s = cycling.stats();
                const t1 = process.hrtime.bigint();
                const c1 = tid ? threadCounters(tid) : null;
                current = null;
                active = cycling.stop();
                const hist = histogramDiff(s.latencyHistogram, s0.latencyHistogram);
                rt.hists.push(hist);
                rt.cycles += s.cycles - s0.cycles;
                rt.overruns += s.overruns - s0.overruns;
                rt.expectedCycles += Number(t1 - t0) / periodNs;
                rt.maxLatency = Math.max(rt.maxLatency, s.latencyNs.max);
                rt.p50.push(histogramPercentile(hist, 0.5));
                rt.p99.push(histogramPercentile(hist, 0.99));
                rt.granted = s.granted;
                rt.warnings = [...cycling.warnings];
                const d = counterDelta(c1, c0);
                if (d) rt.counters.push({ ...d, cycles: s.cycles - s0.cycles });
              } else {
                const r = await floor.loop({ periodNs, durationMs: blockMs, priority: PRIORITY, cpu: -1, lockMemory: LOCK });
                fl.hists.push(r.hist);
                for (const x of r.lat) fl.lat.push(x);
                fl.cycles += r.cycles;
                fl.overruns += r.overruns;
                fl.p50.push(histogramPercentile(r.hist, 0.5));
                fl.p99.push(histogramPercentile(r.hist, 0.99));
                fl.granted = r.granted;
                fl.rusage.push({ ...r.rusage, cycles: r.cycles });
              }
            }
          }
        } finally {
          current = null;
        }
        const loadInfo = load ? load.stop() : null;

        const flHist = histogramSum(fl.hists);
        const flExact = summarize(fl.lat);
        const flEst = { p50: histogramPercentile(flHist, 0.5), p99: histogramPercentile(flHist, 0.99), p999: histogramPercentile(flHist, 0.999) };
        /** @type {any} */
        const cfg = {
          rateHz: rate,
          periodNs,
          loaded,
          blocks,
          blockMs,
          floor: {
            cycles: fl.cycles,
            missedCycles: fl.overruns,
            histogram: flHist,
            exact: flExact,
            histogramEstimate: flEst,
            estimatorError: { p50: ratio(flEst.p50, flExact.p50), p99: ratio(flEst.p99, flExact.p99) },
            granted: fl.granted,
            rusagePerBlock: fl.rusage,
          },
        };
        if (loadInfo) {
          const sorted = (/** @type {number[]} */ xs) => sortedCopy(xs);
          const stallCycles = load.stalls
            .filter((/** @type {any} */ s) => s.before !== null && s.after !== null)
            .map((/** @type {any} */ s) => ({ ms: s.ms, cycles: s.after - s.before, expected: (s.ms * 1e6) / periodNs }));
          cfg.jsLoad = {
            stalls: loadInfo.stalls,
            objectGraphsAllocated: loadInfo.allocatedObjectGraphs,
            gcMinor: { count: loadInfo.gcs.minor.length, maxMs: Math.max(0, ...loadInfo.gcs.minor), p50Ms: percentileSorted(sorted(loadInfo.gcs.minor), 0.5) },
            gcMajor: { count: loadInfo.gcs.major.length, maxMs: Math.max(0, ...loadInfo.gcs.major) },
            stallsWhileRuntimeCycled: stallCycles,
          };
        }
        if (active) {
          const rtHist = histogramSum(rt.hists);
          const rtEst = { p50: histogramPercentile(rtHist, 0.5), p99: histogramPercentile(rtHist, 0.99), p999: histogramPercentile(rtHist, 0.999) };
          cfg.runtime = {
            cycles: rt.cycles,
            missedCycles: rt.overruns,
            expectedCycles: Math.round(rt.expectedCycles),
            histogram: rtHist,
            histogramEstimate: rtEst,
            maxLatencyNs: rt.maxLatency,
            granted: rt.granted,
            warnings: rt.warnings,
            threadCountersPerBlock: rt.counters,
          };
          cfg.ratios = {
            p50: ratio(rtEst.p50, flEst.p50),
            p99: ratio(rtEst.p99, flEst.p99),
            p999: ratio(rtEst.p999, flEst.p999),
            medianBlockP50: medianBlockRatio(rt.p50, fl.p50),
            medianBlockP99: medianBlockRatio(rt.p99, fl.p99),
          };
          const tag = `loop.${rate / 1000}kHz${loaded ? '.load' : ''}`;
          const est = `histogram estimates (floor exact p50 ${fmtNs(flExact.p50)}, p99 ${fmtNs(flExact.p99)})`;
          gates.push(gate(`${tag}.p50`, `${label}: wake-up latency p50, runtime / floor`, cfg.ratios.p50, '<=', 1.1, `${fmtNs(rtEst.p50)} / ${fmtNs(flEst.p50)}, ${est}; median of block ratios ${cfg.ratios.medianBlockP50.toFixed(2)}`));
          gates.push(gate(`${tag}.p99`, `${label}: wake-up latency p99, runtime / floor`, cfg.ratios.p99, '<=', 1.5, `${fmtNs(rtEst.p99)} / ${fmtNs(flEst.p99)}; median of block ratios ${cfg.ratios.medianBlockP99.toFixed(2)}; p99.9 ratio ${cfg.ratios.p999.toFixed(2)} (report only)`));
          if (loaded) {
            gates.push(
              gate(`${tag}.missed`, `${label}: missed cycles of the runtime (deadlines passed without a cycle)`, rt.overruns, '==', 0, `of ${rt.cycles} cycles; the floor missed ${fl.overruns} of ${fl.cycles} under the same load`),
            );
          }
          rows.push({
            label,
            value: `runtime p50 ${fmtNs(rtEst.p50)} p99 ${fmtNs(rtEst.p99)} max ${fmtNs(rt.maxLatency)} (incl. start-up) missed ${rt.overruns}/${rt.cycles}; floor p50 ${fmtNs(flEst.p50)} p99 ${fmtNs(flEst.p99)} max ${fmtNs(flExact.max)} missed ${fl.overruns}/${fl.cycles}`,
            ratio: `p50 ${cfg.ratios.p50.toFixed(2)}x p99 ${cfg.ratios.p99.toFixed(2)}x`,
          });
          charts.push({ kind: 'histogram', title: `Wake-up latency at ${label}: runtime (shared-image histogram) vs C floor`, series: [{ name: 'runtime ecat-rt', hist: rtHist }, { name: 'C floor loop', hist: flHist }] });
        } else {
          rows.push({ label, value: `floor only: p50 ${fmtNs(flExact.p50)} p99 ${fmtNs(flExact.p99)} max ${fmtNs(flExact.max)} missed ${fl.overruns}/${fl.cycles}` });
          charts.push({ kind: 'histogram', title: `Wake-up latency at ${label}: C floor only (runtime not available)`, series: [{ name: 'C floor loop', hist: flHist }] });
        }
        if (cfg.jsLoad) {
          const st = cfg.jsLoad.stallsWhileRuntimeCycled ?? [];
          const dev = st.map((/** @type {any} */ s) => s.cycles - s.expected);
          cfg.jsLoad.stallCycleDeviation = dev.length ? { min: Math.min(...dev), max: Math.max(...dev), median: median(dev) } : null;
          rows.push({
            label: `  ${label}: the load`,
            value: `${cfg.jsLoad.stalls} stalls of 50 ms, ${cfg.jsLoad.gcMinor.count} scavenges (max ${cfg.jsLoad.gcMinor.maxMs.toFixed(1)} ms), ${cfg.jsLoad.gcMajor.count} mark-compacts (max ${cfg.jsLoad.gcMajor.maxMs.toFixed(1)} ms)${cfg.jsLoad.stallCycleDeviation ? `; runtime cycles during a stall minus stall/period: ${cfg.jsLoad.stallCycleDeviation.min.toFixed(1)}..${cfg.jsLoad.stallCycleDeviation.max.toFixed(1)}` : ''}`,
          });
        }
        configs.push(cfg);
      }
    }
  } finally {
    bus?.master.close();
  }

  // Page faults of the cyclic thread over every measured window (from /proc, per block).
  const faultBlocks = configs.flatMap((c) => (c.runtime?.threadCountersPerBlock ?? []).map((/** @type {any} */ b) => ({ label: `${c.rateHz / 1000} kHz${c.loaded ? ' load' : ''}`, faults: b.minflt + b.majflt })));
  if (faultBlocks.length) {
    const total = faultBlocks.reduce((a, b) => a + b.faults, 0);
    const where = faultBlocks.map((b, i) => ({ ...b, i })).filter((b) => b.faults > 0).map((b) => `${b.faults} in block ${b.i % blocks + 1} of ${b.label}`);
    gates.push(gate('loop.faults', `page faults of ecat-rt in all ${faultBlocks.length} measured windows (/proc/self/task/<tid>/stat)`, total, '==', 0, where.length ? where.join(', ') : undefined));
  }
  const grants = configs.find((c) => c.runtime)?.runtime.granted ?? null;
  const floorGrants = configs[0]?.floor.granted ?? null;
  return {
    id,
    title,
    status: why ? 'not available' : 'ok',
    reason: why ? `runtime arm: ${why}; the floor ran alone` : undefined,
    method:
      `Floor: the C loop as ${floor.where}. Per rate and load: ${blocks} blocks of ${blockMs} ms per arm, arms alternating (ABBA), SCHED_FIFO ${PRIORITY} and memory locking requested by both (lockMemory: true, the runtime's default), no CPU pinning. ` +
      'Latency = actual minus planned wake-up. Both arms are compared through the same estimator: percentiles read from the log2 histogram with linear interpolation inside a bucket ' +
      "(the runtime only exposes that histogram); the floor's exact percentiles are reported to show the estimator's error. p99.9 and max are report-only.",
    floorWhere: floor.where,
    grantedRuntime: grants,
    grantedFloor: floorGrants,
    configs,
    rows,
    gates,
    charts,
  };
}
