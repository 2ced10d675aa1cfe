// SPDX-License-Identifier: MIT
// `ecat provision` and `ecat doctor` through commander (as the CLI owner will mount them):
// text and --json output, exit codes 0/1/2, relative --source, global -m/--json of the parent
// program; and the live progress display (one rewritten line on a terminal, periodic lines in
// a log) fed by a long dkms build whose make.log grows.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerProvisionCommands } from '../../src/provision/cli.js';
import type { SpawnResult } from '../../src/provision/deps.js';
import { progressPrinter } from '../../src/provision/progress.js';
import { provision } from '../../src/provision/provision.js';
import type { ProvisionEvent } from '../../src/provision/session.js';
import { FakeClock } from '../fixtures/provision/clock.js';
import type { FakeNode } from '../fixtures/provision/node.js';
import { IGB_MAC, TREE, nodeWithTree } from '../fixtures/provision/setup.js';

interface Ran {
  code: number | undefined;
  stdout: string;
  stderr: string;
}

async function cli(node: FakeNode, args: string[], parent?: (p: Command) => void): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  let code: number | undefined;
  const program = new Command('ecat').exitOverride();
  parent?.(program);
  registerProvisionCommands(program, {
    deps: node.deps(),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    setExitCode: (c) => (code = c),
    cwd: '/home/alice',
  });
  await program.parseAsync(args, { from: 'user' });
  return { code, stdout, stderr };
}

describe('ecat provision', () => {
  it('--dry-run prints the plan and exits 0', async () => {
    const node = nodeWithTree({ uid: 1000 });
    const r = await cli(node, ['provision', '--source', 'ethercat', '--nic', 'enp3s0', '--driver', 'igb', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ecat provision: ethercat/1.6.2 for kernel 6.1.0-18-amd64 (x86_64) -- dry run, nothing is changed\n');
    expect(r.stdout).toContain('           $ dkms install -m ethercat -v 1.6.2 -k 6.1.0-18-amd64\n');
    expect(r.stdout).toContain('           $ modprobe -r igb\n');
    expect(node.fs.writes).toEqual([]);
  });

  it('--json prints the report object', async () => {
    const node = nodeWithTree();
    const r = await cli(node, ['provision', '--source', TREE, '--nic', IGB_MAC, '--json', '--timeout', '5', '--jobs', '2']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(true);
    expect(report.devices[0].path).toBe('/dev/EtherCAT0');
    expect(report.steps.map((s: { id: string }) => s.id)).toContain('dkms-build');
    expect(node.fs.text('/usr/src/ethercat-1.6.2/dkms.conf')).toContain('make -j2 modules');
    expect(r.stderr).toBe(''); // no progress display in JSON mode
  });

  it('exits 2 for a wrong command line, 1 for a failed step', async () => {
    const node = nodeWithTree();
    const bad = await cli(node, ['provision', '--source', TREE, '--nic', IGB_MAC, '--driver', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain("error: Unknown driver 'nope'.");
    const jobs = await cli(node, ['provision', '--jobs', 'many']);
    expect(jobs.code).toBe(2);
    expect(jobs.stderr).toBe("error: Invalid --jobs 'many': expected a whole number from 1 to 256.\n");
    const user = nodeWithTree({ uid: 1000 });
    const notRoot = await cli(user, ['provision', '--source', TREE, '--nic', IGB_MAC]);
    expect(notRoot.code).toBe(1);
    expect(notRoot.stdout).toContain('error: ecat provision changes the system');
    expect(notRoot.stdout).toContain('hint: Run it with sudo, or add --dry-run');
  });
});

describe('ecat doctor', () => {
  it('exits 1 and lists fixes when not ready, 0 when ready', async () => {
    const node = nodeWithTree();
    const before = await cli(node, ['doctor']);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('  FAIL  loaded');
    expect(before.stdout).toMatch(/Not ready: 3 problem\(s\) keep \/dev\/EtherCAT0 from being opened\.\n$/);
    await provision({ source: TREE, nics: [IGB_MAC] }, node.deps());
    const after = await cli(node, ['doctor']);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/Ready: \/dev\/EtherCAT0 can be opened\.\n$/);
  });

  it('--json, and the parent program\'s global -m and --json', async () => {
    const node = nodeWithTree();
    const r = await cli(node, ['doctor', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ ready: false, master: 0, device: '/dev/EtherCAT0' });
    const withGlobals = await cli(node, ['doctor', '-m', '2', '--json'], (p) => p.option('-m, --master <index>', 'master', '0').option('--json', 'json'));
    expect(JSON.parse(withGlobals.stdout).device).toBe('/dev/EtherCAT2');
    const badUser = await cli(node, ['doctor', '--user', 'Bad;Name', '--json']);
    expect(badUser.code).toBe(2);
    expect(JSON.parse(badUser.stdout).error.code).toBe('USAGE');
  });
});

describe('progress', () => {
  it('a terminal gets one rewritten line; a log gets a line every interval', () => {
    const clock = new FakeClock();
    let tty = '';
    let log = '';
    const t = progressPrinter({ write: (s: string) => (tty += s), isTTY: true, columns: 60 }, clock);
    const l = progressPrinter({ write: (s: string) => (log += s), isTTY: false }, clock, 15_000);
    const events: ProvisionEvent[] = [{ type: 'step-start', id: 'dkms-build', title: 'dkms build' }];
    for (let s = 1; s <= 40; s++) events.push({ type: 'progress', id: 'dkms-build', label: 'building ethercat/1.6.2', elapsedMs: s * 1000, lastLine: `CC [M]  master/file${s}.o` });
    events.push({ type: 'step-end', id: 'dkms-build', status: 'done', detail: 'built', durationMs: 40_000 });
    for (const e of events) {
      if (e.type === 'progress') clock.advance(1000);
      t.onEvent(e);
      l.onEvent(e);
    }
    expect(tty.startsWith('\r\x1b[2Kdkms build ...\r\x1b[2Kbuilding ethercat/1.6.2: 1.0s | CC [M]  master/file1.o')).toBe(true);
    expect(tty.endsWith('\r\x1b[2K')).toBe(true);
    expect(tty.split('\r\x1b[2K').every((line) => line.length <= 59)).toBe(true);
    expect(tty).not.toContain('\n');
    expect(log.split('\n').filter(Boolean)).toEqual([
      '  ... building ethercat/1.6.2: 1.0s | CC [M]  master/file1.o',
      '  ... building ethercat/1.6.2: 16.0s | CC [M]  master/file16.o',
      '  ... building ethercat/1.6.2: 31.0s | CC [M]  master/file31.o',
    ]);
  });

  it('a long dkms build reports elapsed time and the newest line of make.log', async () => {
    const node = nodeWithTree();
    const clock = node.clock;
    const log = '/var/lib/dkms/ethercat/1.6.2/build/make.log';
    const spawn = async (cmd: string, args: readonly string[]): Promise<SpawnResult> => {
      if (cmd === 'dkms' && args[0] === 'build') {
        const t0 = clock.now();
        while (clock.now() - t0 < 5000) {
          node.fs.put(log, `make -j4 modules\n  CC [M]  master/fsm_${Math.floor((clock.now() - t0) / 1000)}.o\n`);
          await Promise.resolve();
        }
      }
      return node.spawn(cmd, [...args]);
    };
    const events: ProvisionEvent[] = [];
    const r = await provision({ source: TREE, nics: [IGB_MAC], onEvent: (e) => events.push(e) }, node.deps({ spawn }));
    expect(r.ok).toBe(true);
    const progress = events.filter((e): e is Extract<ProvisionEvent, { type: 'progress' }> => e.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress[0]).toMatchObject({ id: 'dkms-build', label: 'building ethercat/1.6.2 for 6.1.0-18-amd64', elapsedMs: 1000 });
    expect(progress[0]?.lastLine).toMatch(/^CC \[M\] {2}master\/fsm_\d\.o$/);
    expect(progress.map((p) => p.elapsedMs)).toEqual([...progress.keys()].map((i) => (i + 1) * 1000));
  });
});
