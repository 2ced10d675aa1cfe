// SPDX-License-Identifier: MIT
// The runtime inside worker threads (real addon, virtual master): load, configure, cycle, then
// terminate the worker mid-cycle - the process keeps running, the worker's cyclic thread
// (`ecat-rt`) goes away with it, and masters still work afterwards; a worker that closes its
// master exits normally. Workers run the compiled package (dist/), which `npm test` builds.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Master } from '../../src/runtime/index.js';
import { e2eSkipReason, example } from './runtime-e2e-support.js';

const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
let reason = await e2eSkipReason();
if (!reason && !existsSync(dist)) reason = 'dist/ is not built (npm test builds it; or run npm run compile:ts)';
if (!reason && !readFileSync(dist, 'utf8').includes('runtime/index.js')) reason = 'dist/ is older than the runtime API (rebuild with npm run compile:ts)';
if (reason) console.warn(`runtime worker tests skipped: ${reason}`);

/** Threads of this process named ecat-rt (the native cyclic threads). */
function rtThreads(): number {
  return readdirSync('/proc/self/task').filter((t) => {
    try {
      return readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim() === 'ecat-rt';
    } catch {
      return false; // the thread ended while we looked
    }
  }).length;
}

const workerCode = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { Master } = await import(workerData.entry);
  const master = await Master.open({ sim: workerData.topology, simPersist: false });
  const cycling = await (await master.configure(workerData.bus)).activate().start({ cycleTime: '1ms' });
  cycling.on('cycle', () => cycling.image.set('axis_x.target_velocity', 0));
  await cycling.waitOperational({ timeoutMs: 5000 });
  if (workerData.close) {
    const cycles = cycling.stats().cycles;
    master.close();
    parentPort.postMessage({ closed: true, cycles });
    return;
  }
  setInterval(() => parentPort.postMessage({ cycles: cycling.stats().cycles }), 5);
})().catch((err) => parentPort.postMessage({ error: String(err && err.stack || err) }));
`;

function startWorker(close: boolean): { worker: Worker; messages: Array<Record<string, unknown>> } {
  const worker = new Worker(workerCode, {
    eval: true,
    workerData: { entry: pathToFileURL(dist).href, topology: example('two-axis.yaml'), bus: example('bus-two-axis.yaml'), close },
  });
  const messages: Array<Record<string, unknown>> = [];
  worker.on('message', (m: Record<string, unknown>) => messages.push(m));
  return { worker, messages };
}

async function until(what: string, check: () => boolean, timeoutMs = 10000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe.skipIf(reason !== null)('runtime in worker threads', () => {
  it('survives terminating a worker mid-cycle, and the worker takes its cyclic thread with it', async () => {
    const before = rtThreads();
    const { worker, messages } = startWorker(false);
    const exited = new Promise<number>((r) => worker.once('exit', r));
    await until('the worker cycling', () => messages.some((m) => typeof m.cycles === 'number' && m.cycles > 50) || messages.some((m) => m.error !== undefined));
    expect(messages.find((m) => m.error)).toBeUndefined();
    expect(rtThreads()).toBe(before + 1);
    await worker.terminate();
    expect(await exited).toBe(1);
    await until('the cyclic thread to end', () => rtThreads() === before, 5000);
    // The addon still works in this process.
    const master = await Master.open({ sim: example('two-axis.yaml'), simPersist: false, closeOnExit: false });
    const cycling = await (await master.configure(example('bus-two-axis.yaml'))).activate().start();
    await cycling.waitOperational({ timeoutMs: 5000 });
    master.close();
  });

  it('runs two workers at once, one closing cleanly', async () => {
    const a = startWorker(true);
    const b = startWorker(false);
    const exitA = new Promise<number>((r) => a.worker.once('exit', r));
    await until('both workers', () => a.messages.some((m) => m.closed || m.error) && b.messages.some((m) => (typeof m.cycles === 'number' && m.cycles > 20) || m.error));
    expect([...a.messages, ...b.messages].find((m) => m.error)).toBeUndefined();
    expect(a.messages.find((m) => m.closed)).toMatchObject({ closed: true, cycles: expect.any(Number) });
    expect(await exitA).toBe(0);
    await b.worker.terminate();
  });
});
