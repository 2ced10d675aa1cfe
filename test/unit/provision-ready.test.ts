// SPDX-License-Identifier: MIT
// The readiness check (what the runtime runs before opening a device), ensureReady (explain by
// default, provision only on explicit opt-in as root), and doctor's findings, each with the
// exact command that fixes it.
import { describe, expect, it } from 'vitest';
import type { Check } from '../../src/provision/checks.js';
import { doctor } from '../../src/provision/doctor.js';
import { ProvisionError } from '../../src/provision/errors.js';
import { checkReady, ensureReady } from '../../src/provision/ready.js';
import { renderChecks } from '../../src/provision/render.js';
import { FakeNode } from '../fixtures/provision/node.js';
import { IGB_MAC, nodeWithTree, run } from '../fixtures/provision/setup.js';

const K = '6.1.0-18-amd64';
const byId = (checks: Check[], id: string): Check | undefined => checks.find((c) => c.id === id);

/** A provisioned node, seen by `uid` afterwards. */
async function provisioned(as: { uid?: number; groups?: (gid: number) => number[] } = {}): Promise<FakeNode> {
  const node = nodeWithTree();
  const r = await run(node, { users: ['alice'] });
  expect(r.ok).toBe(true);
  if (as.uid !== undefined) {
    const gid = node.groups.get('ethercat')?.gid ?? -1;
    (node.o as { uid: number }).uid = as.uid;
    (node.o as { user: string }).user = as.uid === 0 ? 'root' : 'alice';
    (node.o as { groups: number[] }).groups = as.groups ? as.groups(gid) : [];
  }
  return node;
}

describe('checkReady', () => {
  it('on a bare node: not installed, not loaded, no device, each with its fix', async () => {
    const node = new FakeNode({ uid: 1000 });
    const r = await checkReady({ deps: node.deps() });
    expect(r.ready).toBe(false);
    expect(r.device).toBe('/dev/EtherCAT0');
    expect(r.missing).toEqual([`ec_master is not installed for the running kernel ${K}.`, 'ec_master is not loaded.', '/dev/EtherCAT0 does not exist: ec_master is not loaded.']);
    expect(byId(r.checks, 'module-installed')?.fix?.commands).toEqual(['sudo ecat provision --source <IgH source tree> --nic <MAC or interface>']);
    expect(byId(r.checks, 'module-loaded')?.fix?.commands).toEqual(['sudo modprobe ec_master main_devices=<MAC>', 'sudo modprobe ec_generic']);
    expect(node.changes()).toEqual([]);
  });

  it('after provisioning: ready for root and for a member of the group', async () => {
    expect((await checkReady({ deps: (await provisioned()).deps() })).ready).toBe(true);
    const member = await provisioned({ uid: 1000, groups: (gid) => [gid] });
    const r = await checkReady({ deps: member.deps() });
    expect(r.ready).toBe(true);
    expect(r.checks.map((c) => `${c.id}:${c.status}`)).toEqual(['module-installed:ok', 'module-loaded:ok', 'device-present:ok', 'device-writable:ok', 'abi:ok']);
    expect(byId(r.checks, 'abi')?.message).toBe('The module speaks ABI 1.6 (magic 37).');
  });

  it('a user outside the group is told to join it', async () => {
    const node = await provisioned({ uid: 1000 });
    node.groups.get('ethercat')!.members = [];
    const r = await checkReady({ deps: node.deps() });
    expect(r.ready).toBe(false);
    const c = byId(r.checks, 'device-writable');
    expect(c?.message).toBe('/dev/EtherCAT0 (0660 root:ethercat) is not writable by alice: alice is not in group ethercat.');
    expect(c?.fix).toEqual({ commands: ['sudo usermod -aG ethercat alice'], note: 'Log out and back in afterwards.' });
  });

  it('a user added to the group whose session predates it is told to start a new one', async () => {
    const node = await provisioned({ uid: 1000 }); // alice is in /etc/group, but not in this process's groups
    const c = byId((await checkReady({ deps: node.deps() })).checks, 'device-writable');
    expect(c?.message).toBe('alice is in group ethercat, but this session started before that.');
    expect(c?.fix?.commands).toEqual(['newgrp ethercat']);
  });

  it('a device without a group rule gets the provisioning fix that installs one', async () => {
    const node = new FakeNode({ uid: 1000 });
    node.fs.put(`/lib/modules/${K}/updates/dkms/ec_master.ko`, 'm');
    node.fs.put(`/lib/modules/${K}/updates/dkms/ec_generic.ko`, 'm');
    node.spawn('modprobe', ['ec_master', `main_devices=${IGB_MAC}`]);
    node.spawn('modprobe', ['ec_generic']);
    node.clock.advance(1000);
    const r = await checkReady({ deps: node.deps() });
    const c = byId(r.checks, 'device-writable');
    expect(c?.status).toBe('fail');
    expect(c?.message).toBe('/dev/EtherCAT0 (0600 root:root) is not writable by alice: no udev rule gives a group read-write access.');
    expect(c?.fix?.commands).toEqual(['sudo ecat provision --ensure --group ethercat --user alice']);
    expect(byId(r.checks, 'module-installed')?.status).toBe('ok');
  });

  it('checks another user by mode bits and group membership', async () => {
    const node = await provisioned();
    node.users.set('bob', { uid: 1001, gid: 1001 });
    expect(byId((await checkReady({ user: 'alice', deps: node.deps() })).checks, 'device-writable')?.status).toBe('ok');
    expect(byId((await checkReady({ user: 'bob', deps: node.deps() })).checks, 'device-writable')?.message).toContain('bob is not in group ethercat');
  });

  it('an unsupported ABI blocks; an unknown one (no probe wired) does not', async () => {
    const node = await provisioned();
    const unsupported = await checkReady({ deps: node.deps({ probeAbi: async () => ({ status: 'unsupported', magic: 99, message: 'magic 99; this build knows 27, 33, 37' }) }) });
    expect(unsupported.ready).toBe(false);
    expect(unsupported.missing).toEqual(["The module's ABI is not supported: magic 99; this build knows 27, 33, 37."]);
    const unknown = await checkReady({ deps: node.deps({ probeAbi: async () => ({ status: 'unknown', message: 'no addon' }) }) });
    expect(unknown.ready).toBe(true);
    expect(byId(unknown.checks, 'abi')?.status).toBe('info');
  });

  it('master N beyond the masters ec_master was loaded with', async () => {
    const node = await provisioned();
    const r = await checkReady({ master: 1, deps: node.deps() });
    expect(r.missing).toEqual([`/dev/EtherCAT1 does not exist: ec_master was loaded with 1 master(s) (main_devices=${IGB_MAC}), so there is no master 1.`]);
  });
});

describe('ensureReady', () => {
  it('explains and throws by default, changing nothing', async () => {
    const node = await provisioned();
    node.spawn('modprobe', ['-r', 'ec_generic']);
    node.spawn('modprobe', ['-r', 'ec_master']);
    const n = node.changes().length;
    let err: ProvisionError | undefined;
    try {
      await ensureReady({ deps: node.deps() });
    } catch (e) {
      err = e as ProvisionError;
    }
    expect(err?.code).toBe('NOT_READY');
    expect(err?.message).toBe('/dev/EtherCAT0 is not ready:\n- ec_master is not loaded.\n  fix: ecat provision --ensure\n- /dev/EtherCAT0 does not exist: ec_master is not loaded.\n  fix: ecat provision --ensure');
    expect(node.changes().length).toBe(n);
  });

  it('provisions from the saved settings on explicit opt-in as root', async () => {
    const node = await provisioned();
    node.spawn('modprobe', ['-r', 'ec_generic']);
    node.spawn('modprobe', ['-r', 'ec_master']);
    const r = await ensureReady({ provisionIfMissing: true, deps: node.deps() });
    expect(r.ready.ready).toBe(true);
    expect(r.provisioned?.commands.map((c) => c.display)).toEqual([`modprobe ec_master main_devices=${IGB_MAC}`, 'modprobe ec_generic']);
  });

  it('does not provision without root, or without saved settings', async () => {
    const node = await provisioned({ uid: 1000 });
    (node.o as { groups: number[] }).groups = [node.groups.get('ethercat')!.gid];
    node.spawn('modprobe', ['-r', 'ec_generic']);
    node.spawn('modprobe', ['-r', 'ec_master']);
    await expect(ensureReady({ provisionIfMissing: true, deps: node.deps() })).rejects.toThrow(/Provisioning was requested, but it needs root\./);
    const bare = new FakeNode();
    await expect(ensureReady({ provisionIfMissing: true, deps: bare.deps() })).rejects.toThrow(/no settings were saved/);
  });
});

describe('doctor', () => {
  it('adds real-time limits, headers, dkms and cards to the readiness checks, with fixes', async () => {
    const node = await provisioned({ uid: 1000, groups: (gid) => [gid] });
    const r = await doctor({ deps: node.deps() });
    expect(r.ready).toBe(true);
    expect(r.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
      'headers:ok', 'dkms:ok', 'module-installed:ok', 'module-loaded:ok', 'device-present:ok', 'device-writable:ok', 'abi:ok',
      'cards:info', 'rt-priority:warn', 'rt-memlock:warn', 'preempt-rt:info', 'settings:info',
    ]);
    expect(byId(r.checks, 'rt-priority')?.fix?.commands).toEqual(['sudo ecat provision --ensure --rt-limits']);
    expect(byId(r.checks, 'rt-memlock')?.message).toBe('RLIMIT_MEMLOCK is 8192 KiB: mlockall will fail and page faults can stall the cycle.');
    expect(r.system.dkms.entries).toEqual([{ name: 'ethercat', version: '1.6.2', kernel: K, arch: 'x86_64', state: 'installed' }]);
    const text = renderChecks(r);
    expect(text).toContain('  warn  realtime RLIMIT_RTPRIO is 0: the cyclic thread cannot use SCHED_FIFO and will jitter.\n                 fix: sudo ecat provision --ensure --rt-limits\n');
    expect(text.endsWith('Ready: /dev/EtherCAT0 can be opened.\n')).toBe(true);
  });

  it('warns about kernels the package is not installed for, and missing headers', async () => {
    const node = nodeWithTree({ kernels: [K, '6.1.0-21-amd64'] });
    await run(node);
    node.fs.remove(`/lib/modules/${K}/build`);
    const r = await doctor({ deps: node.deps() });
    expect(byId(r.checks, 'dkms-kernels')?.fix?.commands).toEqual(['dkms install -m ethercat -v 1.6.2 -k 6.1.0-21-amd64']);
    expect(byId(r.checks, 'headers')?.fix?.commands).toEqual([`apt-get install -y linux-headers-${K}`]);
  });

  it('warns about a world-writable device and a network driver that is missing', async () => {
    const node = await provisioned();
    await node.fs.chmod('/dev/EtherCAT0', 0o666);
    node.spawn('modprobe', ['-r', 'ec_generic']);
    const r = await doctor({ deps: node.deps() });
    expect(byId(r.checks, 'device-world-writable')?.status).toBe('warn');
    expect(byId(r.checks, 'device-world-writable')?.message).toBe('/dev/EtherCAT0 (0666 root:ethercat) is writable by every user; any local process can take over the bus.');
    expect(byId(r.checks, 'driver-loaded')?.fix?.commands).toEqual(['modprobe ec_generic']);
  });

  it('warns when a saved card is gone (and the master does not hold it)', async () => {
    const node = await provisioned();
    node.spawn('modprobe', ['-r', 'ec_generic', 'ec_master']);
    const card = node.cards.find((c) => c.mac === IGB_MAC)!;
    node.cards.splice(node.cards.indexOf(card), 1);
    node.syncSys();
    const r = await doctor({ deps: node.deps() });
    expect(byId(r.checks, 'cards')?.message).toBe(`The saved EtherCAT card(s) ${IGB_MAC} are gone. Cards: eno1 (3c:ec:ef:00:00:01, e1000e, up).`);
    expect(r.ready).toBe(false);
    expect(renderChecks(r).endsWith('Not ready: 2 problem(s) keep /dev/EtherCAT0 from being opened.\n')).toBe(true);
  });

  it('a module loaded from elsewhere but not installed is a warning, not a blocker', async () => {
    const node = await provisioned();
    node.fs.remove(`/lib/modules/${K}/updates/dkms/ec_master.ko`);
    const r = await doctor({ deps: node.deps() });
    expect(byId(r.checks, 'module-installed')?.status).toBe('warn');
    expect(r.ready).toBe(true);
  });
});
