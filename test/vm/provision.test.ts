// SPDX-License-Identifier: MIT
// `ecat provision --virtual` in the guest. scripts/vm/guest-run.mjs ran it once before the
// tests (the built CLI, its own process) and kept the --json report: the module was
// DKMS-installed for this kernel by the host's run, so nothing was built; the run loaded it,
// gave the node group ethercat and mode 0660 directly (no udevd runs here) and loaded the
// topology. Running it again changes nothing and says so.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addon, DEVICE, ecat, ETHERCAT_GID, example, inGuest } from './helpers.js';

interface Step {
  id: string;
  status: string;
  detail: string;
  commands: { display: string }[];
  files: { path: string; action: string }[];
}

interface Report {
  ok: boolean;
  changed: boolean;
  summary: string;
  kernel: string;
  runningKernel: string;
  package: { name: string; version: string };
  virtual: { module: string; masters: number; topology: string };
  steps: Step[];
  commands: { display: string }[];
  files: { path: string; action: string }[];
  devices: { path: string; mode: string; group: string; abi: { status: string; abi?: string } }[];
  warnings: string[];
}

const FIRST = '/tmp/ecat-vm-provision.json';
const TOPOLOGY = example('two-axis.yaml');
const statuses = (r: Report): Record<string, string> => Object.fromEntries(r.steps.map((s) => [s.id, s.status]));

async function provisionJson(): Promise<Report> {
  const r = await ecat(['provision', '--virtual', '--topology', TOPOLOGY, '--json']);
  expect(r.stderr).toBe('');
  const report = JSON.parse(r.stdout) as Report;
  expect(report.ok, report.summary).toBe(true);
  expect(r.code).toBe(0);
  return report;
}

describe.skipIf(!inGuest)('ecat provision --virtual in the guest', () => {
  it('the run before the tests loaded the installed module without building, set the node up and loaded the topology', () => {
    expect(existsSync(FIRST)).toBe(true);
    const r = JSON.parse(readFileSync(FIRST, 'utf8')) as Report;
    expect(r.ok).toBe(true);
    expect(r.kernel).toBe(r.runningKernel);
    expect(r.package.name).toBe('ecat-vbus');
    expect(r.virtual).toEqual({ module: 'ecat_vbus', masters: 1, topology: TOPOLOGY });
    const st = statuses(r);
    // Built and installed by the host's run for this kernel: no dkms command in the guest.
    expect([st.source, st['dkms-add'], st['dkms-build'], st['dkms-install']]).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    expect(r.commands.map((c) => c.display).filter((c) => c.startsWith('dkms'))).toEqual([]);
    expect(st['verify-module']).toBe('done');
    expect(r.commands.map((c) => c.display)).toContain('modprobe ecat_vbus');
    expect(st.load).toBe('done');
    expect(st.device).toBe('done');
    expect(r.warnings.some((w) => w.includes('no udev daemon runs here') && w.includes('0660 root:ethercat'))).toBe(true);
    expect(r.devices).toEqual([expect.objectContaining({ path: DEVICE, mode: '0660', group: 'ethercat', abi: expect.objectContaining({ status: 'supported', abi: '1.6' }) })]);
    expect(st.topology).toBe('done');
    expect(r.files.some((f) => f.path === DEVICE && f.action === 'ioctl')).toBe(true);
  });

  it('a second run changes nothing and says so (--json)', { timeout: 240000 }, async () => {
    // The other files load other topologies; a first run here brings two-axis.yaml back if
    // needed (and must change nothing but the topology), the second must change nothing.
    const first = await provisionJson();
    const changedSteps = first.steps.filter((s) => s.commands.length > 0 || s.files.some((f) => f.action !== 'unchanged')).map((s) => s.id);
    expect(changedSteps.filter((id) => id !== 'topology')).toEqual([]);
    const loadsBefore = addon().vbusKernelInfo(DEVICE).loads;

    const again = await provisionJson();
    expect(again.changed).toBe(false);
    expect(again.commands).toEqual([]);
    expect(again.files.filter((f) => f.action !== 'unchanged')).toEqual([]);
    expect(again.summary).toBe('Nothing to do: everything was already in place.');
    const st = statuses(again);
    for (const id of ['source', 'dkms-add', 'dkms-build', 'dkms-install', 'group', 'users', 'udev', 'load', 'topology', 'settings']) expect(`${id}:${st[id]}`).toBe(`${id}:skipped`);
    expect(again.steps.find((s) => s.id === 'load')?.detail).toBe('already loaded: ecat_vbus masters=1 abi=1.6');
    expect(again.steps.find((s) => s.id === 'topology')?.detail).toBe(`/dev/EtherCAT0 (2 slaves) already holds ${TOPOLOGY}`);
    // The bus kept its state: no new load.
    expect(addon().vbusKernelInfo(DEVICE).loads).toBe(loadsBefore);
    const node = statSync(DEVICE);
    expect(node.mode & 0o777).toBe(0o660);
    expect(node.gid).toBe(ETHERCAT_GID);
  });
});
