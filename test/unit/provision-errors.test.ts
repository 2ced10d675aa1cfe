// SPDX-License-Identifier: MIT
// Every bad input and failure of issue 4's "Done when", each refused with a clear message and
// the evidence: not an IgH tree, unknown driver, a MAC no card has, missing headers, a failed
// build (make.log tail), a module that fails to load (dmesg tail, rolled back), a device that
// never appears (timeout, on a fake clock), a device that is not writable, a run as non-root;
// and the neighbours of those (unsupported native driver, wrong driver for a card, ...).
import { describe, expect, it } from 'vitest';
import { provision } from '../../src/provision/provision.js';
import { renderReport } from '../../src/provision/render.js';
import { SETTINGS_PATH } from '../../src/provision/settings.js';
import { IGB_MAC, TREE, nodeWithTree, run, statuses } from '../fixtures/provision/setup.js';

const K = '6.1.0-18-amd64';

describe('bad input is refused before anything changes', () => {
  it('a source directory that is not an IgH tree', async () => {
    const node = nodeWithTree();
    node.fs.put('/home/alice/project/README.md', '# something else\n');
    const r = await provision({ source: '/home/alice/project', nics: [IGB_MAC] }, node.deps());
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('NOT_IGH_TREE');
    expect(String(r.error?.message)).toContain('/home/alice/project is not an IgH EtherCAT master source tree: missing configure.ac with AC_INIT([ethercat], ...)');
    expect(statuses(r)).toEqual(['preflight:failed']);
    expect(node.changes()).toEqual([]);
    expect(renderReport(r)).toContain('hint: Point --source at a checkout of https://gitlab.com/etherlab.org/ethercat');
  });

  it('an unknown driver', async () => {
    const node = nodeWithTree();
    const r = await run(node, { drivers: ['realtek'] });
    expect(r.error?.code).toBe('USAGE');
    expect(r.error?.message).toBe("Unknown driver 'realtek'. Known drivers: generic, 8139too, e100, e1000, e1000e, igb, igc, r8169, genet, or auto (native where possible, else generic).");
    expect(node.changes()).toEqual([]);
  });

  it('a MAC that no card has, listing the cards there are (not lo or docker0)', async () => {
    const node = nodeWithTree();
    const r = await run(node, { nics: ['00:11:22:33:44:55'] });
    expect(r.error?.code).toBe('NIC_NOT_FOUND');
    expect(r.error?.message).toBe('No network card has the MAC address 00:11:22:33:44:55. Cards: eno1 (3c:ec:ef:00:00:01, e1000e, up); enp3s0 (00:1b:21:aa:bb:cc, igb, down).');
    expect(node.changes()).toEqual([]);
  });

  it('an interface that does not exist, and a malformed MAC', async () => {
    const node = nodeWithTree();
    expect((await run(node, { nics: ['eth7'] })).error?.message).toMatch(/^There is no network card named eth7\. Cards: eno1/);
    const bad = await run(node, { nics: ['00:11:22:33:44'] });
    expect(bad.error?.code).toBe('USAGE');
    expect(bad.error?.message).toBe("Invalid --nic '00:11:22:33:44': expected six hex bytes separated by colons, e.g. 00:1b:21:aa:bb:cc.");
  });

  it('a native driver the tree has no sources for on this kernel', async () => {
    const node = nodeWithTree({ cards: [{ name: 'enp5s0', mac: '00:1b:21:00:00:05', stock: 'igc', module: 'igc', addr: '0000:05:00.0' }] });
    const r = await provision({ source: TREE, nics: ['enp5s0'], drivers: ['igc'] }, node.deps());
    expect(r.error?.code).toBe('DRIVER_UNSUPPORTED_KERNEL');
    expect(String(r.error?.message)).toContain('(the IgH tree has it for: 6.12)');
    expect(String(r.error?.hint)).toContain('Use --driver generic');
  });

  it('a native driver that cannot drive the chosen card', async () => {
    const node = nodeWithTree();
    const r = await run(node, { nics: ['eno1'], drivers: ['igb'] });
    expect(r.error?.code).toBe('NIC_DRIVER_MISMATCH');
    expect(r.error?.message).toBe('Card eno1 (3c:ec:ef:00:00:01, e1000e, up) is driven by e1000e; none of the chosen drivers (igb) can drive it.');
    expect(r.error?.hint).toBe('Use --driver e1000e or --driver generic.');
  });

  it('no card given while loading is wanted', async () => {
    const node = nodeWithTree();
    const r = await provision({ source: TREE }, node.deps());
    expect(r.error?.code).toBe('USAGE');
    expect(String(r.error?.message)).toMatch(/^Say which network card the EtherCAT segment is plugged into: --nic MAC\|IFNAME\. Cards: eno1/);
    expect(String(r.error?.hint)).toContain('--no-load');
  });

  it('a user that does not exist', async () => {
    const r = await run(nodeWithTree(), { users: ['mallory'] });
    expect(r.error?.code).toBe('USER_NOT_FOUND');
    expect(statuses(r).at(-1)).toBe('users:failed');
  });

  it('a run as non-root', async () => {
    const node = nodeWithTree({ uid: 1000 });
    const r = await run(node);
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('NOT_ROOT');
    expect(r.error?.message).toBe('ecat provision changes the system (dkms, kernel modules, /etc) and must run as root; this is alice.');
    expect(String(r.error?.hint)).toContain('--dry-run');
    expect(node.calls).toEqual([]);
  });

  it('--ensure without saved settings, and settings another user could have written', async () => {
    const node = nodeWithTree();
    expect((await provision({ ensure: true }, node.deps())).error?.code).toBe('NO_SETTINGS');
    node.fs.put(SETTINGS_PATH, JSON.stringify({ format: 1, package: { name: 'ethercat', version: '1.6.2' }, drivers: ['generic'], masters: [] }), 0o666, 1000, 1000);
    const r = await provision({ ensure: true }, node.deps());
    expect(r.error?.code).toBe('BAD_SETTINGS');
    expect(String(r.error?.message)).toContain('must belong to root and be writable by root only');
  });
});

describe('missing prerequisites stop a real run', () => {
  it('missing headers for the target kernel, with the package to install', async () => {
    const node = nodeWithTree({ headers: [] });
    const r = await run(node);
    expect(r.error?.code).toBe('HEADERS_MISSING');
    expect(r.error?.message).toBe(`No headers for kernel ${K}: /lib/modules/${K}/build is missing or has no Makefile.`);
    expect(r.error?.hint).toBe(`Install them: apt-get install -y linux-headers-${K}`);
    expect(node.changes()).toEqual([]);
  });

  it('missing headers for a kernel given with --kernel', async () => {
    const node = nodeWithTree({ kernels: [K, '6.1.0-21-amd64'] });
    const r = await run(node, { kernel: '6.1.0-21-amd64' });
    expect(r.error?.message).toContain('No headers for kernel 6.1.0-21-amd64');
  });

  it('no dkms', async () => {
    const r = await run(nodeWithTree({ dkmsVersion: null }));
    expect(r.error?.code).toBe('PREREQUISITE_MISSING');
    expect(r.error?.hint).toBe('Install it: apt-get install -y dkms');
  });

  it('no autotools for a git checkout (which has no configure yet)', async () => {
    const r = await run(nodeWithTree({ missingTools: ['autoreconf'] }));
    expect(r.error?.code).toBe('PREREQUISITE_MISSING');
    expect(String(r.error?.message)).toContain('./bootstrap needs them');
    expect(r.error?.hint).toBe('Install it: apt-get install -y autoconf automake libtool pkg-config');
  });
});

describe('failures while acting', () => {
  it('a build failure shows the tail of make.log and stops', async () => {
    const log = ['  CC [M]  /var/lib/dkms/ethercat/1.6.2/build/master/module.o', "master/module.c:42:5: error: implicit declaration of function 'class_create'", 'make[2]: *** [scripts/Makefile.build:250: master/module.o] Error 1', 'make: *** [Makefile:546: modules] Error 2'];
    const node = nodeWithTree({ buildFails: log });
    const r = await run(node);
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('BUILD_FAILED');
    const msg = String(r.error?.message);
    expect(msg).toContain(`dkms build of ethercat/1.6.2 for kernel ${K} failed (exit code 10); the end of /var/lib/dkms/ethercat/1.6.2/build/make.log:`);
    expect(msg).toContain("  master/module.c:42:5: error: implicit declaration of function 'class_create'");
    expect(msg).toContain('  make: *** [Makefile:546: modules] Error 2');
    expect((r.error?.details as { logPath: string }).logPath).toBe('/var/lib/dkms/ethercat/1.6.2/build/make.log');
    expect(statuses(r).slice(-1)).toEqual(['dkms-build:failed']);
    expect(node.changes().some((l) => l.startsWith('dkms install') || l.startsWith('modprobe'))).toBe(false);
    expect(r.summary).toMatch(/^Failed at "dkms build ethercat\/1\.6\.2 -k 6\.1\.0-18-amd64": dkms build of ethercat/);
  });

  it('a module that fails to load: rolled back, with the end of dmesg', async () => {
    const node = nodeWithTree({ loadFails: { ec_generic: ['[  101.000000] ec_generic: Unknown symbol ecdev_offer (err -2)'] } });
    const r = await run(node);
    expect(r.error?.code).toBe('LOAD_FAILED');
    const msg = String(r.error?.message);
    expect(msg).toContain("modprobe ec_generic failed (exit code 1)");
    expect(msg).toContain('Rolled back: unload ec_master.');
    expect(msg).toContain('End of the kernel log (dmesg):\n');
    expect(msg).toContain('  [  101.000000] ec_generic: Unknown symbol ecdev_offer (err -2)');
    expect(node.loaded.has('ec_master')).toBe(false);
    expect(node.changes().slice(-3)).toEqual([`modprobe ec_master main_devices=${IGB_MAC}`, 'modprobe ec_generic', 'modprobe -r ec_master']);
    expect(node.fs.exists('/etc/modprobe.d/ecat.conf')).toBe(false); // nothing persisted after a failed load
  });

  it('a native driver that fails to load gives the card back to its stock driver', async () => {
    const node = nodeWithTree({ loadFails: { ec_igb: ['[  101.000000] ec_igb: probe of 0000:03:00.0 failed with error -5'] } });
    const r = await run(node, { drivers: ['igb'] });
    expect(r.error?.code).toBe('LOAD_FAILED');
    expect(String(r.error?.message)).toContain('Rolled back: reload igb, unload ec_master.');
    expect(node.changes().slice(-5)).toEqual([`modprobe ec_master main_devices=${IGB_MAC}`, 'modprobe -r igb', 'modprobe ec_igb', 'modprobe igb', 'modprobe -r ec_master']);
    expect(node.cards.find((c) => c.mac === IGB_MAC)?.bound).toBe('igb');
    expect(node.fs.exists('/sys/class/net/enp3s0')).toBe(true);
  });

  it('a device that never appears: timeout, naming what is loaded and the end of dmesg', async () => {
    const node = nodeWithTree({ deviceNeverAppears: true });
    const r = await run(node, { timeoutSeconds: 10 });
    expect(r.error?.code).toBe('DEVICE_TIMEOUT');
    const msg = String(r.error?.message);
    expect(msg).toContain(`/dev/EtherCAT0 did not appear within 10.0s. Loaded: ec_master (main_devices=${IGB_MAC}), ec_generic.`);
    expect(msg).toContain('EtherCAT: Master driver 1.6.2');
    expect(String(r.error?.hint)).toContain('udev');
    const device = r.steps.find((s) => s.id === 'device');
    expect(device?.status).toBe('failed');
    expect(device?.durationMs).toBeGreaterThanOrEqual(10_000);
    expect(device?.durationMs).toBeLessThan(10_500);
  });

  it('a device that appears late is waited for', async () => {
    const node = nodeWithTree({ deviceDelayMs: 2500 });
    const r = await run(node);
    expect(r.ok).toBe(true);
    expect(r.steps.find((s) => s.id === 'device')?.detail).toContain('(appeared after 2.5s)');
  });

  it('a device that is present but does not open read-write', async () => {
    const node = nodeWithTree({ openCheck: () => ({ ok: false, code: 'EACCES' }) });
    const r = await run(node);
    expect(r.error?.code).toBe('DEVICE_NOT_WRITABLE');
    expect(r.error?.message).toBe('/dev/EtherCAT0 exists (0660 root:ethercat) but does not open read-write: EACCES.');
  });

  it('a master that must be reloaded while an application holds the device', async () => {
    const node = nodeWithTree();
    await run(node);
    node.openHandles = 1;
    node.syncSys();
    const r = await run(node, { nics: ['eno1'] });
    expect(r.error?.code).toBe('MODULE_IN_USE');
    expect(String(r.error?.message)).toContain('1 open device file(s)');
    expect(node.loaded.has('ec_master')).toBe(true);
  });
});
