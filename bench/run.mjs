#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// `npm run bench`: builds what the benchmarks need (the C floor program, dist/, the addon when
// stale), runs the scenarios one after the other, prints a short table, and writes
// bench/results/<timestamp>.json (machine, every raw figure, every ratio, pass/fail per target),
// bench/results/<timestamp>.html (self-contained report with the latency histograms) and
// bench/results/latest.{json,md,html}. Methods: docs/benchmarks.md.
//
// Usage: node bench/run.mjs [--quick] [--only id,id] [--no-build] [--blocks N] [--block-ms MS]
//                           [--soak-cycles N] [--out DIR]
// Exit status: 0 when the run completed (whatever the verdicts), 1 when the harness itself
// failed; --strict makes a failed target exit 2.
// @ts-check
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildAll } from './lib/build.mjs';
import { Floor, FloorInProcess } from './lib/floor.mjs';
import { describeMachine, machineLine } from './lib/machine.mjs';
import { html, markdown, textTable } from './lib/report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * What every scenario gets.
 * @typedef {object} Context
 * @property {string} root
 * @property {boolean} quick
 * @property {boolean} dist      dist/ exists
 * @property {string} distDir    the compiled TypeScript the run loads (a copy of dist/ taken after the build)
 * @property {boolean} addon     build/Release/ecat.node exists
 * @property {Floor | null} floor       the floor as a separate process
 * @property {string | null} floorAddon  the floor as a Node-API module (bench/c/floor_addon.c)
 * @property {FloorInProcess | null} [floorInProcess]  that module loaded into this process
 * @property {string | null} cycleCost  the per-cycle cost program, when it built
 * @property {string | null} cycleCostProblem  why it did not
 * @property {string} work       scratch directory (generated buses)
 * @property {(s: string) => void} log
 * @property {{blocks: number | null, blockMs: number | null, soakCycles: number | null}} overrides
 * @property {string | null} [runtimeReason]  why the runtime cannot run here (null: it can), probed once
 */

const SCENARIOS = ['js-access', 'loop-timing', 'cycle-cost', 'config-op', 'sdo', 'setpoints', 'soak', 'lock-memory'];

/**
 * Run one scenario in a child process (`run.mjs --child <id>`): a native crash of the runtime
 * under test (an abort, a segfault) ends that process and is reported as the scenario's error
 * instead of ending the whole run.
 * @param {string} id
 * @param {string} title
 * @param {any} childCtx
 * @param {(s: string) => void} log
 */
function runIsolated(id, title, childCtx, log) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', id, '--ctx', JSON.stringify(childCtx)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let tail = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      tail = (tail + d).slice(-4000);
    });
    child.on('exit', (code, signal) => {
      const marker = out.lastIndexOf('\n@@result ');
      if (marker >= 0) {
        try {
          const r = JSON.parse(out.slice(marker + 10));
          // The result arrived; a crash after it (at exit) is still worth knowing.
          if (code !== 0) r.exitProblem = `the benchmark process ended with ${signal ?? `exit code ${code}`} after reporting`;
          return resolve(r);
        } catch {
          /* fall through */
        }
      }
      // The error's own line(s) first (not the stack below them), else the last lines.
      const lines = tail.split('\n').filter((l) => l.trim() && !/^\s*\d+: 0x/.test(l) && !/^\s+at /.test(l));
      const errors = lines.filter((l) => /Error|error:|Fatal|Check failed|Segmentation/.test(l));
      const last = (errors.length ? errors.slice(0, 3) : lines.slice(-6)).map((l) => l.trim()).join(' | ');
      resolve({ id, title, status: 'error', reason: `the benchmark process died (${signal ?? `exit code ${code}`}) before reporting: ${last}`, gates: [] });
    });
  });
}

async function main() {
  const { values: o } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      blocks: { type: 'string' },
      'block-ms': { type: 'string' },
      'soak-cycles': { type: 'string' },
      out: { type: 'string' },
      strict: { type: 'boolean', default: false },
      child: { type: 'string' },
      probe: { type: 'boolean', default: false },
      ctx: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (o.help) {
    console.log(
      [
        'Usage: npm run bench -- [options]',
        '  --quick            shorter runs (fewer blocks, shorter soak): about 1.5 minutes',
        `  --only a,b         run only these scenarios: ${SCENARIOS.join(', ')}`,
        '  --no-build         do not rebuild dist/ or the addon (the C/C++ programs of the benchmark itself are always built)',
        '  --blocks N         interleaved blocks per arm in the loop-timing scenario',
        '  --block-ms MS      length of one block in ms',
        '  --soak-cycles N    cycles of the soak scenario (default 1000000)',
        '  --out DIR          where results go (default bench/results)',
        '  --strict           exit with status 2 when a target fails',
      ].join('\n'),
    );
    return 0;
  }
  if (o.probe) {
    const { probe } = await import('./lib/runtime.mjs');
    const reason = await probe({ ...JSON.parse(o.ctx ?? '{}'), floor: null, log: () => {} });
    process.stdout.write(`\n@@probe ${JSON.stringify({ reason })}\n`);
    return 0;
  }
  if (o.child) {
    // Child mode: one scenario, the context from the parent, the result as the last stdout line.
    const c = JSON.parse(o.ctx ?? '{}');
    const floorChild = c.floorProgram ? new Floor(c.floorProgram) : null;
    const floorInProcess = c.floorAddon ? new FloorInProcess(c.floorAddon) : null;
    const mod = await import(`./scenarios/${o.child}.mjs`);
    const log = (/** @type {string} */ s) => process.stderr.write(`${s}\n`);
    const result = await mod.run({ ...c, floor: floorChild, floorInProcess, log });
    floorChild?.close();
    process.stdout.write(`\n@@result ${JSON.stringify(result)}\n`);
    return 0;
  }
  const only = o.only ? o.only.split(',').map((s) => s.trim()) : SCENARIOS;
  for (const s of only) if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s}; known: ${SCENARIOS.join(', ')}`);
  const outDir = o.out ?? join(root, 'bench/results');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const log = (/** @type {string} */ s) => process.stderr.write(`${s}\n`);

  // The machine first: the load average must be the one before anything of ours ran.
  const machine = describeMachine(root);
  log(`machine: ${machineLine(machine)}`);
  const built = await buildAll({ root, skipProject: o['no-build'] ?? false, log });
  const floor = built.floor ? new Floor(built.floor) : null;
  if (built.snapshot && !process.env.ECAT_NATIVE_PATH) process.env.ECAT_NATIVE_PATH = built.snapshot.addon;
  log(`measuring: dist ${built.snapshot ? `copy of dist/ built ${built.snapshot.distMtime}` : 'dist/ in place'}, addon ${process.env.ECAT_NATIVE_PATH ?? 'build/Release/ecat.node in place'}${built.snapshot ? ` (built ${built.snapshot.addonMtime})` : ''}`);
  const num = (/** @type {string | undefined} */ v) => (v === undefined ? null : Number(v));
  /** @type {Context} */
  const ctx = {
    root,
    quick: o.quick ?? false,
    dist: built.dist,
    distDir: built.snapshot?.dist ?? join(root, 'dist'),
    addon: built.addon,
    floor,
    floorAddon: built.floorAddon,
    cycleCost: built.cycleCost,
    cycleCostProblem: built.cycleCostProblem,
    work: join(outDir, '.work'),
    log,
    overrides: { blocks: num(o.blocks), blockMs: num(o['block-ms']), soakCycles: num(o['soak-cycles']) },
  };

  // Can the runtime under test run here? Asked once, in a separate process.
  const { probeInChild } = await import('./lib/runtime.mjs');
  ctx.runtimeReason = await probeInChild(ctx);
  log(ctx.runtimeReason ? `runtime: not available: ${ctx.runtimeReason}` : 'runtime: available (the virtual master reaches activate())');

  const scenarios = [];
  const t0 = Date.now();
  for (const id of only) {
    const mod = await import(`./scenarios/${id}.mjs`);
    log(`\n-- ${mod.title}`);
    const s0 = Date.now();
    let result;
    try {
      if (mod.isolated) {
        const { floor: _f, log: _l, ...plain } = ctx;
        result = await runIsolated(id, mod.title, { ...plain, floorProgram: built.floor }, log);
      } else {
        result = await mod.run(ctx);
      }
    } catch (err) {
      const e = /** @type {Error} */ (err);
      log(`  error: ${e.stack ?? e.message}`);
      result = { id, title: mod.title, status: 'error', reason: e.message, gates: [] };
    }
    result.seconds = (Date.now() - s0) / 1000;
    if (result.status !== 'ok') log(`  ${result.status}: ${result.reason}`);
    scenarios.push(result);
  }
  floor?.close();

  const gates = scenarios.flatMap((s) => s.gates);
  const totals = {
    pass: gates.filter((g) => g.verdict === 'pass').length,
    fail: gates.filter((g) => g.verdict === 'fail').length,
    na: gates.filter((g) => g.verdict === 'n/a').length,
    info: gates.filter((g) => g.verdict === 'info').length,
    unavailable: scenarios.filter((s) => s.status !== 'ok').map((s) => `${s.id} (${s.status})`),
    seconds: (Date.now() - t0) / 1000,
  };
  const options = { quick: ctx.quick, only, overrides: ctx.overrides, build: built.problems, measured: built.snapshot ? { distBuilt: built.snapshot.distMtime, addonBuilt: built.snapshot.addonMtime } : null };
  const run = { machine, machineLine: machineLine(machine), options, totals, scenarios };
  mkdirSync(outDir, { recursive: true });
  const jsonFile = join(outDir, `${stamp}.json`);
  const htmlFile = join(outDir, `${stamp}.html`);
  const json = JSON.stringify(run, null, 1);
  writeFileSync(jsonFile, json);
  writeFileSync(htmlFile, html(run));
  writeFileSync(join(outDir, 'latest.json'), json);
  writeFileSync(join(outDir, 'latest.html'), html(run));
  writeFileSync(join(outDir, 'latest.md'), markdown({ ...run, file: `bench/results/${stamp}.json` }));
  console.log(textTable(run));
  console.log(`\nresults: ${jsonFile}\nreport:  ${htmlFile}\ntotal:   ${totals.seconds.toFixed(0)} s`);
  return o.strict && totals.fail > 0 ? 2 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
