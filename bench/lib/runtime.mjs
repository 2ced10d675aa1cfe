// SPDX-License-Identifier: MIT
// Access to the runtime under test for the scenarios: the public API from dist/ (Master.open on
// the virtual master with a generated bus, configure, activate, start), a check that says
// precisely which part is missing when the runtime cannot run yet, and per-thread counters of
// the cyclic thread read from /proc (minor/major page faults, voluntary/involuntary context
// switches), which need nothing from the runtime but its thread name `ecat-rt`.
// @ts-check
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeBus } from './topology.mjs';

/** The package as the run measures it (the dist copy, see build.mjs). @param {{distDir: string}} ctx */
export async function loadPackage(ctx) {
  return import(pathToFileURL(join(ctx.distDir, 'index.js')).href);
}

/** @type {Map<string, string | null>} */
const reasons = new Map();

/**
 * Why the runtime scenarios cannot run here, or null when they can. Checked once per run: the
 * addon loads, has the application calls, and a generated bus reaches activate() on the
 * virtual master.
 * @param {import('../run.mjs').Context} ctx
 */
export async function runtimeUnavailable(ctx) {
  if (ctx.runtimeReason !== undefined) return ctx.runtimeReason;
  const cached = reasons.get(ctx.root);
  if (cached !== undefined) return cached;
  const reason = await probe(ctx);
  reasons.set(ctx.root, reason);
  return reason;
}

/**
 * The same check in a separate process: a half-built addon can kill the process that loads it
 * (a lazy symbol lookup failing), and that must not be the harness.
 * @param {import('../run.mjs').Context} ctx
 * @returns {Promise<string | null>}
 */
export function probeInChild(ctx) {
  return new Promise((resolve) => {
    const runner = fileURLToPath(new URL('../run.mjs', import.meta.url));
    const { floor: _f, log: _l, ...plain } = ctx;
    const child = spawn(process.execPath, [runner, '--probe', '--ctx', JSON.stringify(plain)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code, signal) => {
      const m = /@@probe (.*)$/m.exec(out);
      if (m) return resolve(JSON.parse(/** @type {string} */ (m[1])).reason);
      const line = err.split('\n').find((l) => l.trim()) ?? '';
      resolve(`loading the runtime ends the process (${signal ?? `exit code ${code}`}): ${line.trim()}`);
    });
  });
}

/** @param {import('../run.mjs').Context} ctx */
export async function probe(ctx) {
  if (!ctx.dist) return 'dist/ (the compiled TypeScript) is missing';
  if (!ctx.addon) return 'the native addon (build/Release/ecat.node) is not built';
  let pkg;
  try {
    pkg = await loadPackage(ctx);
  } catch (err) {
    return `dist/index.js does not load: ${/** @type {Error} */ (err).message}`;
  }
  let addon;
  try {
    addon = pkg.loadAddon();
  } catch (err) {
    return `the native addon does not load: ${/** @type {Error} */ (err).message.split('\n')[0]}`;
  }
  if (typeof addon.sharedLayout !== 'object') return 'the addon has no application runtime (no sharedLayout export: native/addon/runtime_wrap not built in)';
  const files = writeBus(ctx.work, 'probe', ['cia402-servo']);
  let master;
  try {
    master = await pkg.Master.open({ sim: files.topology, simPersist: false, closeOnExit: false });
    const native = /** @type {any} */ (master).session?.native;
    if (native && typeof native.startCycle !== 'function') return 'the addon has no NativeApplication.startCycle (native/runtime not built in)';
    const configured = await master.configure(files.bus);
    configured.activate();
    return null;
  } catch (err) {
    const e = /** @type {any} */ (err);
    // Symbol lookups of a half-built addon kill the process before this; everything else lands here.
    return `the virtual master does not reach activate() with a generated bus: ${e.code ? `${e.code}: ` : ''}${e.message}`;
  } finally {
    try {
      master?.close();
    } catch {
      /* closing a half-open master */
    }
  }
}

/**
 * Open the virtual master with a generated bus and configure and activate it.
 * @param {import('../run.mjs').Context} ctx
 * @param {string} name
 * @param {import('./topology.mjs').Preset[]} presets
 * @param {{cycleTime?: string, dc?: boolean}} [o]
 */
export async function openBus(ctx, name, presets, o) {
  const pkg = await loadPackage(ctx);
  const files = writeBus(ctx.work, name, presets, o);
  const t0 = process.hrtime.bigint();
  const master = await pkg.Master.open({ sim: files.topology, simPersist: false, closeOnExit: false });
  const t1 = process.hrtime.bigint();
  try {
    const configured = await master.configure(files.bus);
    const t2 = process.hrtime.bigint();
    const active = configured.activate();
    const t3 = process.hrtime.bigint();
    return { pkg, files, master, configured, active, times: { openNs: Number(t1 - t0), configureNs: Number(t2 - t1), activateNs: Number(t3 - t2) } };
  } catch (err) {
    master.close();
    throw err;
  }
}

/** Thread ids of this process's threads named `name`. */
export function threadIds(/** @type {string} */ name) {
  const out = [];
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      if (readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === name) out.push(Number(tid));
    } catch {
      /* the thread ended */
    }
  }
  return out;
}

/**
 * Per-thread counters from /proc: minor and major faults (stat fields 10 and 12) and context
 * switches (status). null when the thread is gone.
 * @param {number} tid
 */
export function threadCounters(tid) {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command (which may contain spaces) start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/self/task/${tid}/status`, 'utf8');
    const num = (/** @type {string} */ k) => Number(new RegExp(`^${k}:\\s*(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return {
      minflt: Number(f[7]),
      majflt: Number(f[9]),
      nvcsw: num('voluntary_ctxt_switches'),
      nivcsw: num('nonvoluntary_ctxt_switches'),
      policy: Number(f[38]), // 1 SCHED_FIFO
      priority: Number(f[37]),
    };
  } catch {
    return null;
  }
}

/** Difference of two counter snapshots. */
export function counterDelta(/** @type {any} */ after, /** @type {any} */ before) {
  if (!after || !before) return null;
  return { minflt: after.minflt - before.minflt, majflt: after.majflt - before.majflt, nvcsw: after.nvcsw - before.nvcsw, nivcsw: after.nivcsw - before.nivcsw };
}

export const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
