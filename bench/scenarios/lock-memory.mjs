// SPDX-License-Identifier: MIT
// Deterministic check of the runtime's default real-time setup in a Node process: start() with
// its defaults (SCHED_FIFO 80, lockMemory true) on the virtual master, a JS allocation storm for
// a while, stop, close, and a normal exit. mlockall(MCL_CURRENT|MCL_FUTURE) locks V8's heap too,
// and V8 aborts when madvise(MADV_DONTNEED) on locked pages fails, so this is worth a target:
// the process must survive its own real-time setup.
// @ts-check
import { spawnSync } from 'node:child_process';
import { gate } from '../lib/stats.mjs';
import { runtimeUnavailable } from '../lib/runtime.mjs';
import { writeBus } from '../lib/topology.mjs';

export const id = 'lock-memory';
export const title = "Runtime's default real-time setup (lockMemory) survives JS load and exit";

/** The program the child runs: defaults, load, stop, close, exit 0. */
const PROGRAM = `
const [dist, topology, bus, ms] = process.argv.slice(1);
const { Master } = await import(dist + '/index.js');
const m = await Master.open({ sim: topology, simPersist: false, closeOnExit: false });
const c = await (await m.configure(bus)).activate().start();
const granted = c.stats().granted;
let live = new Array(100000).fill(null), n = 0;
const end = Date.now() + Number(ms);
while (Date.now() < end) {
  for (let i = 0; i < 20000; i++) live[(n = (n * 1103515245 + 12345) & 0x7fffffff) % live.length] = { n, a: [n, n + 1], s: 'x' + (n & 1023) };
  await new Promise((r) => setImmediate(r));
}
live = null;
const cycles = c.stats().cycles;
m.close();
console.log(JSON.stringify({ granted, cycles }));
`;

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  const why = await runtimeUnavailable(ctx);
  if (why) return { id, title, status: 'not available', reason: why, gates: [] };
  const files = writeBus(ctx.work, 'lock-2-drives', ['cia402-servo', 'cia402-servo']);
  const ms = ctx.quick ? 1500 : 3000;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', PROGRAM, ctx.distDir, files.topology, files.bus, String(ms)], { encoding: 'utf8', timeout: 60000 });
  const out = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  let report = null;
  try {
    report = JSON.parse(out);
  } catch {
    /* no report: died before */
  }
  const fatal = /(Check failed:[^\n]*)/.exec(r.stderr ?? '')?.[1]?.trim() ?? /(Fatal error[^\n]*)/.exec(r.stderr ?? '')?.[1]?.trim() ?? '';
  const v8Frame = /v8::[A-Za-z_:]+SetPermissions|v8::[A-Za-z_:]+FreePages/.exec(r.stderr ?? '')?.[0] ?? '';
  const ended = r.signal ? `signal ${r.signal}` : `exit code ${r.status}`;
  // A JS exception (no native crash) means the check itself could not run: an error, not a verdict.
  if (!report && !r.signal && !fatal && r.status !== 0) {
    const line = (r.stderr ?? '').split('\n').find((l) => /Error/.test(l))?.trim() ?? ended;
    return { id, title, status: 'error', reason: `the check program failed before its report: ${line}`, gates: [gate('rt.lockMemory.survives', 'process with the default real-time setup exits normally after JS load (exit status)', NaN, '==', 0, line)] };
  }
  const ok = r.status === 0 && r.signal === null;
  return {
    id,
    title,
    status: 'ok',
    method: `A child Node process starts the cyclic thread with the default options (SCHED_FIFO 80, lockMemory true), allocates garbage for ${ms} ms, stops, closes and exits.`,
    child: { exit: r.status, signal: r.signal, report, fatal, v8Frame, stderrTail: (r.stderr ?? '').split('\n').filter((l) => l.trim() && !/^\s*\d+: 0x/.test(l)).slice(-8) },
    rows: [{ label: 'default start() + JS load + close', value: `${ended}${report ? `, ${report.cycles} cycles, granted ${JSON.stringify(report.granted)}` : ''}${fatal ? `; V8: ${fatal} ${v8Frame}` : ''}` }],
    gates: [gate('rt.lockMemory.survives', 'process with the default real-time setup exits normally after JS load (exit status)', ok ? 0 : r.status ?? 128, '==', 0, ok ? undefined : `${ended}${fatal ? `: V8 "${fatal}" in ${v8Frame || 'an unknown frame'}` : ''}${v8Frame ? "; this signature had one cause before (strace): locked memory makes V8's madvise(MADV_DONTNEED) fail with EINVAL, and V8 aborts" : ''}`)],
  };
}
