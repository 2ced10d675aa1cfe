// SPDX-License-Identifier: MIT
// The real process boundary (no fakes): spawning with argument arrays and no shell, output
// lines streamed, "not found" as exit code 127, the file system adapter, the open check, and
// waiting for a path with fs.watch plus poll on a real directory.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeDeps, nodeFs, nodeOpenCheck, nodeSpawn } from '../../src/provision/real-deps.js';
import { waitForPath } from '../../src/provision/wait-device.js';

const dir = mkdtempSync(join(tmpdir(), 'ecat-provision-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nodeSpawn', () => {
  it('passes arguments verbatim (no shell) and streams lines', async () => {
    const lines: string[] = [];
    const r = await nodeSpawn(process.execPath, ['-e', 'console.log(process.argv[1]); console.log("second"); process.stderr.write("err\\n"); process.exit(3)', '$(echo hi); `id` > x'], { onLine: (l) => lines.push(l) });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('$(echo hi); `id` > x\nsecond\n');
    expect(r.stderr).toBe('err\n');
    expect(lines).toEqual(expect.arrayContaining(['$(echo hi); `id` > x', 'second', 'err']));
  });

  it('reports a missing program as exit code 127', async () => {
    const r = await nodeSpawn('ecat-no-such-program-xyz', []);
    expect(r.code).toBe(127);
    expect(r.stderr).toContain('command not found');
  });

  it('runs with LC_ALL=C and the sbin directories on PATH', async () => {
    const r = await nodeSpawn(process.execPath, ['-e', 'console.log(process.env.LC_ALL + " " + process.env.PATH)']);
    expect(r.stdout).toMatch(/^C .*\/usr\/sbin/);
  });
});

describe('nodeFs and the open check', () => {
  it('gives null for missing files and reads modes', async () => {
    const f = join(dir, 'a.txt');
    expect(await nodeFs.readText(f)).toBeNull();
    expect(await nodeFs.stat(f)).toBeNull();
    await nodeFs.writeFile(f, 'x', 0o640);
    expect(await nodeFs.readText(f)).toBe('x');
    expect((await nodeFs.stat(f))?.type).toBe('file');
    expect((await nodeOpenCheck(f)).ok).toBe(true);
    expect(await nodeOpenCheck(join(dir, 'missing'))).toEqual({ ok: false, code: 'ENOENT' });
  });

  it('nodeDeps can be partly replaced', async () => {
    const d = nodeDeps({ probeAbi: async () => ({ status: 'supported', magic: 37 }) });
    expect(await d.probeAbi('/dev/EtherCAT0')).toEqual({ status: 'supported', magic: 37 });
    expect(d.templateDir.endsWith('/dkms')).toBe(true);
    expect((await nodeDeps().probeAbi('/dev/EtherCAT0')).status).toBe('unknown');
  });
});

describe('waitForPath on a real directory', () => {
  it('wakes up when the file appears, and times out when it does not', async () => {
    const deps = nodeDeps();
    const target = join(dir, 'EtherCAT0');
    setTimeout(() => writeFileSync(target, ''), 50);
    const found = await waitForPath(deps, target, 5000, 1000);
    expect(found.found).toBe(true);
    expect(found.waitedMs).toBeLessThan(900); // the watch woke it, not the 1 s poll
    const missing = await waitForPath(deps, join(dir, 'EtherCAT9'), 150, 50);
    expect(missing.found).toBe(false);
    expect(missing.waitedMs).toBeGreaterThanOrEqual(150);
  });
});
