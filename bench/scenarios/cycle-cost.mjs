// SPDX-License-Identifier: MIT
// Scenario 2: per-cycle CPU cost of the runtime for 1, 16, 64 and 256 slaves (generated buses
// of I/O terminals and drives), and what the cycle thread does besides computing.
//  (a) bench/native/cycle_cost: the runtime's CycleLoop over the virtual master behind a timing
//      wrapper; the runtime's own time per cycle (everything but the bus requests) against the
//      floor "3 x memcpy of the process image + 500 ns", memcpy measured in the same thread;
//      heap allocations, page faults and context switches in the measured window; syscalls of
//      that thread with strace.
//  (b) the live runtime in this Node process: per-thread page faults and context switches of
//      `ecat-rt` from /proc while it cycles at 1 kHz, its execution time from the stats block,
//      and its syscalls with strace.
// @ts-check
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { fmtNs } from '../lib/report.mjs';
import { counterDelta, openBus, runtimeUnavailable, sleep, threadCounters, threadIds } from '../lib/runtime.mjs';
import { gate, scalingExponent } from '../lib/stats.mjs';
import { straceUnavailable, traceThread } from '../lib/strace.mjs';
import { mixedPresets } from '../lib/topology.mjs';

export const id = 'cycle-cost';
export const isolated = true;
export const title = 'Per-cycle CPU cost for 1/16/64/256 slaves; allocations, page faults, syscalls in the cycle thread';

const SIZES = [1, 16, 64, 256];

/**
 * Topology image and plan text for the cycle-cost program (written by bench/lib/make-plan.mjs
 * in its own process).
 * @param {import('../run.mjs').Context} ctx
 * @param {number} n
 * @returns {{imageFile: string, planFile: string, variables: number}}
 */
function prepareBus(ctx, n) {
  const script = fileURLToPath(new URL('../lib/make-plan.mjs', import.meta.url));
  const r = spawnSync(process.execPath, [script, ctx.distDir, ctx.work, String(n)], { encoding: 'utf8' });
  if (r.status !== 0) {
    const line = `${r.stderr}`.split('\n').find((l) => /Error|error/.test(l)) ?? `${r.stderr}`.split('\n').find((l) => l.trim()) ?? '';
    throw new PlanError(`writing the plan of a ${n}-slave bus failed (${r.signal ?? `exit code ${r.status}`}): ${line.trim()}`);
  }
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
}

class PlanError extends Error {}

/**
 * Run the cost program; with `trace`, strace its measuring thread during the window.
 * @param {string} program
 * @param {string[]} args
 * @param {boolean} trace
 * @returns {Promise<{result: any, syscalls: Record<string, number> | null}>}
 */
function runCost(program, args, trace) {
  return new Promise((resolve, reject) => {
    const child = spawn(program, trace ? [...args, '--wait'] : args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const rl = createInterface({ input: child.stdout });
    /** @type {Record<string, number> | null} */
    let syscalls = null;
    /** @type {((v?: unknown) => void) | null} */
    let windowDone = null;
    rl.on('line', (line) => {
      let msg;
      try {
        msg = JSON.parse(line);
      } catch {
        return;
      }
      if (msg.error) return reject(new Error(`cycle_cost: ${msg.error}`));
      if (msg.tid) {
        traceThread(msg.tid, async () => {
          child.stdin.write('go\n');
          await new Promise((r) => (windowDone = r));
        }).then(
          (t) => {
            syscalls = t.calls;
            child.stdin.write('end\n');
          },
          (e) => {
            err += String(e);
            child.stdin.write('end\n');
          },
        );
      } else if (msg.window === 'done') {
        windowDone?.();
      } else if (msg.slaves !== undefined) {
        // Wait for the process to end so a late strace summary is in.
        child.on('close', () => resolve({ result: msg, syscalls }));
      }
    });
    child.on('close', (code, signal) => {
      if (code !== 0) reject(new Error(`cycle_cost ended with ${signal ?? `exit code ${code}`}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  const gates = [];
  const rows = [];
  /** @type {any[]} */
  const offline = [];
  const noStrace = straceUnavailable();
  const cycles = ctx.quick ? 5000 : 20000;

  // (a) the cycle body on the cost program
  let offlineProblem = ctx.cycleCost ? null : ctx.cycleCostProblem ?? 'the cycle-cost program was not built';
  if (!offlineProblem) {
    try {
      prepareBus(ctx, 1);
    } catch (err) {
      if (!(err instanceof PlanError)) throw err;
      offlineProblem = err.message;
    }
  }
  if (!offlineProblem) {
    for (const n of SIZES) {
      ctx.log(`  cost program: ${n} slaves, ${cycles} cycles`);
      const bus = prepareBus(ctx, n);
      const { result: r } = await runCost(/** @type {string} */ (ctx.cycleCost), [bus.imageFile, bus.planFile, String(cycles)], false);
      // The floor: memcpy of the image, less the cost of the timer pair around it.
      const memcpyNs = Math.max(0, r.memcpyNs.p50 - r.emptyTimerNs.p50);
      const limit = 3 * memcpyNs + 500;
      offline.push({ n, ...r, memcpyFloorNs: memcpyNs, limitNs: limit });
      gates.push(
        gate(
          `cost.${n}.added`,
          `${n} slaves (${r.processDataBytes} B image): runtime's own time per cycle p50 / (3 x memcpy + 500 ns)`,
          r.ownNs.p50 / limit,
          '<=',
          1,
          `${fmtNs(r.ownNs.p50)} vs ${fmtNs(limit)} (memcpy ${fmtNs(memcpyNs)}); p99 ${fmtNs(r.ownNs.p99)}; bus requests ${r.ioctlsPerCycle.toFixed(1)}/cycle taking ${fmtNs(r.busNs.p50)} on the virtual master`,
        ),
      );
      const allocs = r.allocations.operatorNew + r.allocations.malloc + r.allocations.calloc + r.allocations.realloc;
      gates.push(gate(`cost.${n}.alloc`, `${n} slaves: heap allocations in ${r.cycles} cycles`, allocs, '==', 0));
      gates.push(gate(`cost.${n}.faults`, `${n} slaves: page faults (minor + major) in ${r.cycles} cycles`, r.rusage.minflt + r.rusage.majflt, '==', 0, `voluntary context switches ${r.rusage.nvcsw}, involuntary ${r.rusage.nivcsw} (preemption by other processes)`));
      rows.push({
        label: `${n} slaves, ${r.processDataBytes} B`,
        value: `own ${fmtNs(r.ownNs.p50)} (p99 ${fmtNs(r.ownNs.p99)}), bus ${fmtNs(r.busNs.p50)}, ${r.ioctlsPerCycle.toFixed(1)} requests/cycle, memcpy ${fmtNs(memcpyNs)}`,
        ratio: `${(r.ownNs.p50 / limit).toFixed(2)} of the limit`,
      });
    }
    if (noStrace) {
      gates.push(gate('cost.futex', 'syscalls (futex included) of the cycle thread', NaN, '==', 0, `not measured: ${noStrace}`));
    } else {
      const n = 16;
      const bus = prepareBus(ctx, n);
      const t = await runCost(/** @type {string} */ (ctx.cycleCost), [bus.imageFile, bus.planFile, String(Math.min(cycles, 5000))], true);
      const calls = t.syscalls ?? {};
      const total = Object.values(calls).reduce((a, b) => a + b, 0);
      offline.push({ n, straceWindow: t.result.cycles, syscalls: calls });
      // The window is opened and closed by the program itself: one read (the go line), two
      // getrusage and one write (the done line) are its markers, not the cycles'.
      const markers = { read: 1, write: 1, getrusage: 2 };
      const cycleCalls = Object.fromEntries(Object.entries(calls).map(([k, v]) => [k, v - (/** @type {any} */ (markers)[k] ?? 0)]).filter(([, v]) => /** @type {number} */ (v) > 0));
      offline[offline.length - 1].cycleSyscalls = cycleCalls;
      gates.push(gate('cost.futex', `${n} slaves: futex calls of the cycle thread in ${t.result.cycles} cycles (strace)`, calls.futex ?? 0, '==', 0, `syscalls in the window besides the harness's markers: ${Object.keys(cycleCalls).length ? JSON.stringify(cycleCalls) : 'none'} (${total} in all)`));
    }
    const xs = offline.filter((o) => o.ownNs).map((o) => o.n);
    const ys = offline.filter((o) => o.ownNs).map((o) => o.ownNs.p50);
    if (xs.length >= 2) rows.push({ label: 'scaling of own time with slaves', value: `exponent ${scalingExponent(xs, ys).toFixed(2)} (1 = linear)` });
  } else {
    gates.push(gate('cost.added', 'runtime added cost per cycle vs 3 x memcpy + 500 ns', NaN, '<=', 1, offlineProblem));
  }

  // (b) the live runtime
  const why = await runtimeUnavailable(ctx);
  /** @type {any[]} */
  const live = [];
  if (why) {
    rows.push({ label: 'live runtime (ecat-rt)', value: `not available: ${why}` });
    gates.push(gate('live.faults', 'ecat-rt thread: page faults while cycling', NaN, '==', 0, `not available: ${why}`));
  } else {
    for (const n of SIZES) {
      const b = await openBus(ctx, `live-${n}`, mixedPresets(n));
      try {
        const cycling = await b.active.start({ cycleTime: 1_000_000, priority: 80, lockMemory: true });
        await cycling.waitOperational({ timeoutMs: 20000 }).catch(() => undefined);
        await sleep(200);
        const tid = threadIds('ecat-rt')[0];
        const s0 = cycling.stats();
        const c0 = tid ? threadCounters(tid) : null;
        await sleep(ctx.quick ? 500 : 1000);
        const c1 = tid ? threadCounters(tid) : null;
        const s1 = cycling.stats();
        const d = counterDelta(c1, c0);
        /** @type {Record<string, number> | null} */
        let calls = null;
        let traced = 0;
        if (tid && !noStrace) {
          const t = await traceThread(tid, async () => {
            const a = cycling.stats().cycles;
            await sleep(500);
            return cycling.stats().cycles - a;
          });
          calls = t.calls;
          traced = t.result;
        }
        const opState = cycling.slaveStates().filter((/** @type {any} */ x) => x.operational).length;
        cycling.stop();
        live.push({ n, cycles: s1.cycles - s0.cycles, counters: d, execMaxNs: s1.executionNs.max, execLastNs: s1.executionNs.last, operational: opState, syscalls: calls, tracedCycles: traced });
        rows.push({
          label: `live ${n} slaves (1 kHz)`,
          value: `${s1.cycles - s0.cycles} cycles: faults ${d ? d.minflt + d.majflt : '?'}, vol. switches ${d?.nvcsw ?? '?'}, invol. ${d?.nivcsw ?? '?'}; exec max ${fmtNs(s1.executionNs.max)}; ${opState}/${n} in OP${calls ? `; syscalls in ${traced} cycles: ${JSON.stringify(calls)}` : ''}`,
        });
        gates.push(gate(`live.${n}.faults`, `live ${n} slaves: page faults of ecat-rt in ${s1.cycles - s0.cycles} cycles`, d ? d.minflt + d.majflt : NaN, '==', 0));
        if (calls) {
          const other = Object.entries(calls).filter(([k]) => k !== 'clock_nanosleep');
          gates.push(gate(`live.${n}.futex`, `live ${n} slaves: futex calls of ecat-rt in ${traced} cycles (strace)`, calls.futex ?? 0, '==', 0, other.length ? `besides clock_nanosleep: ${JSON.stringify(Object.fromEntries(other))}` : 'only clock_nanosleep'));
        }
      } finally {
        b.master.close();
      }
    }
  }

  return {
    id,
    title,
    status: offlineProblem && why ? 'not available' : 'ok',
    reason: [offlineProblem ? `cost program: ${offlineProblem}` : null, why ? `live runtime: ${why}` : null].filter(Boolean).join('; ') || undefined,
    method:
      "Cost program: the runtime's CycleLoop::RunCycle on the virtual master, cycles back to back after every slave reached OP; each bus request timed (TSC) so own = cycle - time in requests - one timer read per request. " +
      'Floor: memcpy of the process image in the same thread, blocks of 500 cycles and 500 copies alternating. Gate: own p50 <= 3 x memcpy p50 + 500 ns (shown as a fraction of that limit). ' +
      'Allocations: replaced operator new and --wrap malloc/calloc/realloc, this thread, measured window only; page faults and context switches: getrusage(RUSAGE_THREAD). Live: /proc/self/task/<ecat-rt>/stat and status, strace -c -p <tid>.',
    offline,
    live,
    rows,
    gates,
    charts: offline.some((o) => o.ownNs)
      ? [
          {
            kind: 'lines',
            title: "Runtime's own time per cycle (p50) vs the limit 3 x memcpy + 500 ns",
            xLabel: 'slaves',
            yLabel: 'ns per cycle',
            logX: true,
            logY: true,
            series: [
              { name: 'own p50', points: offline.filter((o) => o.ownNs).map((o) => [o.n, o.ownNs.p50]) },
              { name: 'limit', points: offline.filter((o) => o.ownNs).map((o) => [o.n, o.limitNs]) },
              { name: 'bus requests p50 (virtual master)', points: offline.filter((o) => o.ownNs).map((o) => [o.n, o.busNs.p50]) },
            ],
          },
        ]
      : [],
  };
}
