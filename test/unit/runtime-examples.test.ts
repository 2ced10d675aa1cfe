// SPDX-License-Identifier: MIT
// The shipped examples, run as a user runs them (plain node, importing the package by name, so
// from dist/), on the virtual master: each exits 0 and prints what it promises. `npm start` is
// the two-axis one. Skipped, with the reason, while the runtime cannot run end to end here.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { e2eSkipReason, example } from './runtime-e2e-support.js';

const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
let reason = await e2eSkipReason();
if (!reason && !existsSync(dist)) reason = 'dist/ is not built (npm test builds it; or run npm run compile:ts)';
if (!reason && !readFileSync(dist, 'utf8').includes('cia402/index.js')) reason = 'dist/ is older than the runtime API (rebuild with npm run compile:ts)';
if (reason) console.warn(`example runs skipped: ${reason}`);

/**
 * Run an example. The output watchdog is given a second: these tests run beside the rest of the
 * suite on a loaded machine, where a 100 ms stall of the event loop is possible and would (as
 * designed) disable the drives; what is tested here is the examples' function.
 */
function run(file: string, args: string[] = []): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [example(file), '--watchdog', '1000', ...args], { encoding: 'utf8', timeout: 60_000, env: process.env });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe.skipIf(reason !== null)('examples on the virtual master', () => {
  it('two-axis-csp (npm start) reaches both targets and prints the summary', () => {
    const r = run('two-axis-csp.mjs');
    expect(r.out).toMatch(/all slaves operational/);
    expect(r.out).toMatch(/axis-x: target 500000, at -?\d+ - reached/);
    expect(r.out).toMatch(/axis-y: target -300000, at -?\d+ - reached/);
    expect(r.out).toMatch(/cycles run: \d+/);
    expect(r.out).toMatch(/jitter/);
    expect(r.status).toBe(0);
  }, 90_000);

  it('io-blink blinks the outputs and sees the inputs change', () => {
    const r = run('io-blink.mjs', ['--seconds', '1']);
    expect(r.out).toMatch(/outputs \.*#\.*  inputs/); // one output on: the walking light
    expect(r.out).toMatch(/[1-9]\d* input changes seen/);
    expect(r.status).toBe(0);
  }, 90_000);

  it('sdo-tuning reads and changes parameters while cycling', () => {
    const r = run('sdo-tuning.mjs');
    expect(r.out).toMatch(/following error window\s+200000/);
    expect(r.out).toMatch(/after tuning:[\s\S]*following error window\s+150000/);
    expect(r.out).toMatch(/refused as expected: .*0x06010002/);
    expect(r.out).toMatch(/AL status register 0x0130: 0x0008/);
    expect(r.status).toBe(0);
  }, 90_000);
});
