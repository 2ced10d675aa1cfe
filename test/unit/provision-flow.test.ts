// SPDX-License-Identifier: MIT
// provision() end to end on a simulated node: the exact command sequences (every dkms build,
// install, uninstall and unbuild with -k), the files written, native drivers taking cards
// from their stock driver, idempotency (a second run changes nothing and says so), --rebuild
// on dkms 3 and 2, changed sources, dry runs that change nothing, other kernels, --ensure,
// IgH's own service, redundancy and several masters.
import { describe, expect, it } from 'vitest';
import { provision } from '../../src/provision/provision.js';
import { renderReport } from '../../src/provision/render.js';
import { defaultCards } from '../fixtures/provision/node.js';
import { E1000E_MAC, IGB_MAC, TREE, nodeWithTree, run, statuses } from '../fixtures/provision/setup.js';

const K = '6.1.0-18-amd64';

describe('a fresh node, generic driver', () => {
  it('runs the DKMS flow with -k, loads the master, installs the rule and the boot files', async () => {
    const node = nodeWithTree();
    const r = await run(node, { users: ['alice'] });
    expect(r.ok).toBe(true);
    expect(node.changes()).toEqual([
      'dkms add -m ethercat -v 1.6.2',
      `dkms build -m ethercat -v 1.6.2 -k ${K}`,
      `dkms install -m ethercat -v 1.6.2 -k ${K}`,
      'groupadd -r ethercat',
      'usermod -aG ethercat alice',
      'udevadm control --reload',
      'udevadm trigger --action=change --subsystem-match=EtherCAT',
      'udevadm settle --timeout=10',
      `modprobe ec_master main_devices=${IGB_MAC}`,
      'modprobe ec_generic',
    ]);
    expect(r.commands.map((c) => c.display)).toEqual(node.changes());
    expect(statuses(r)).toEqual([
      'preflight:done', 'source:done', 'dkms-add:done', 'dkms-build:done', 'dkms-install:done', 'verify-module:done',
      'group:done', 'users:done', 'udev:done', 'load:done', 'persist:done', 'device:done', 'settings:done',
    ]);
    expect(node.fs.text('/usr/src/ethercat-1.6.2/master/module.c')).toContain('Test fixture');
    expect((await node.fs.stat('/usr/src/ethercat-1.6.2/bootstrap'))?.mode).toBe(0o755);
    expect(node.fs.exists('/usr/src/ethercat-1.6.2/dkms.conf')).toBe(true);
    expect(node.fs.text('/etc/udev/rules.d/99-ecat.rules')).toContain('KERNEL=="EtherCAT[0-9]*", GROUP="ethercat", MODE="0660"');
    expect(node.fs.text('/etc/modprobe.d/ecat.conf')).toContain(`options ec_master main_devices=${IGB_MAC}\n`);
    expect(node.fs.text('/etc/modprobe.d/ecat.conf')).not.toContain('blacklist');
    expect(node.fs.text('/etc/modules-load.d/ecat.conf')).toMatch(/\nec_master\nec_generic\n$/);
    expect(r.devices).toEqual([{ master: 0, path: '/dev/EtherCAT0', present: true, mode: '0660', owner: 'root', group: 'ethercat', openable: true, abi: { status: 'supported', magic: 37, abi: '1.6' } }]);
    const settings = JSON.parse(node.fs.text('/etc/ecat/provision.json') ?? '{}');
    expect(settings).toMatchObject({ format: 1, source: TREE, package: { name: 'ethercat', version: '1.6.2' }, drivers: ['generic'], masters: [{ main: { mac: IGB_MAC, stockDriver: 'igb' } }], group: 'ethercat', users: ['alice'] });
    expect(r.summary).toMatch(/^Done: \/dev\/EtherCAT0 ready \(10 command\(s\), 7 file change\(s\)\) in /);
  });

  it('changes nothing the second time and says so', async () => {
    const node = nodeWithTree();
    await run(node, { users: ['alice'] });
    const before = node.changes().length;
    const writes = node.fs.writes.length;
    const r = await run(node, { users: ['alice'] });
    expect(r.ok).toBe(true);
    expect(r.changed).toBe(false);
    expect(node.changes().length).toBe(before);
    expect(node.fs.writes.length).toBe(writes);
    expect(r.commands).toEqual([]);
    expect(r.summary).toBe('Nothing to do: everything was already in place.');
    for (const st of r.steps) expect(['skipped', 'done']).toContain(st.status);
    expect(r.steps.filter((s) => s.status === 'done').map((s) => s.id)).toEqual(['preflight', 'verify-module', 'device']);
    expect(r.steps.find((s) => s.id === 'load')?.detail).toBe(`already loaded: ec_master main_devices=${IGB_MAC}, ec_generic`);
  });
});

describe('native drivers', () => {
  it('unloads the stock driver no other card uses, loads ec_igb after ec_master, and blacklists igb', async () => {
    const node = nodeWithTree();
    const r = await run(node, { drivers: ['igb'] });
    expect(r.ok).toBe(true);
    expect(node.changes().filter((l) => l.startsWith('modprobe'))).toEqual([`modprobe ec_master main_devices=${IGB_MAC}`, 'modprobe -r igb', 'modprobe ec_igb']);
    expect(node.fs.text('/usr/src/ethercat-1.6.2/dkms.conf')).toContain('BUILT_MODULE_NAME[1]="ec_igb"');
    expect(node.fs.text('/etc/modprobe.d/ecat.conf')).toContain('\nblacklist igb\n');
    expect(node.fs.text('/etc/modules-load.d/ecat.conf')).toMatch(/\nec_master\nec_igb\n$/);
    expect(node.cards.find((c) => c.mac === IGB_MAC)?.claimed).toBe(true);
    // The e1000e card keeps working.
    expect(node.cards.find((c) => c.mac === E1000E_MAC)?.bound).toBe('e1000e');
  });

  it('is idempotent although the claimed card no longer shows up in /sys/class/net', async () => {
    const node = nodeWithTree();
    await run(node, { drivers: ['igb'] });
    expect(node.fs.exists('/sys/class/net/enp3s0')).toBe(false);
    const r = await run(node, { drivers: ['igb'] });
    expect(r.ok).toBe(true);
    expect(r.changed).toBe(false);
    expect(r.steps[0]?.detail).toContain(`master 0: held ${IGB_MAC} via igb`);
  });

  it('unbinds just the EtherCAT card in sysfs when the stock driver also drives another card', async () => {
    const cards = [...defaultCards(), { name: 'enp4s0', mac: '00:1b:21:aa:bb:dd', stock: 'igb', module: 'igb', addr: '0000:04:00.0' }];
    const node = nodeWithTree({ cards });
    const r = await run(node, { drivers: ['igb'] });
    expect(r.ok).toBe(true);
    const load = r.steps.find((s) => s.id === 'load');
    expect(load?.files.map((f) => [f.path, f.content])).toEqual([['/sys/bus/pci/drivers/igb/unbind', '0000:03:00.0']]);
    // unbind happens between loading ec_master and ec_igb
    const order = [...(load?.commands ?? []).map((c) => ({ seq: c.seq ?? 0, what: c.display })), ...(load?.files ?? []).map((f) => ({ seq: f.seq ?? 0, what: `write ${f.path}` }))].sort((a, b) => a.seq - b.seq).map((x) => x.what);
    expect(order).toEqual([`modprobe ec_master main_devices=${IGB_MAC}`, 'write /sys/bus/pci/drivers/igb/unbind', 'modprobe ec_igb']);
    expect(node.cards.find((c) => c.name === 'enp4s0')?.bound).toBe('igb');
    expect(node.fs.text('/etc/modprobe.d/ecat.conf')).not.toContain('blacklist');
    expect(r.warnings.some((w) => w.includes('igb also drives cards outside EtherCAT'))).toBe(true);
  });

  it("'auto' picks the native driver when the tree has it for the kernel, else generic", async () => {
    const node = nodeWithTree();
    const r = await run(node, { drivers: ['auto'], nics: [IGB_MAC, E1000E_MAC] });
    expect(r.ok).toBe(true);
    expect(r.steps[0]?.detail).toContain(`master 0: enp3s0 ${IGB_MAC} via igb; master 1: eno1 ${E1000E_MAC} via e1000e`);
    const igcNode = nodeWithTree({ cards: [{ name: 'enp5s0', mac: '00:1b:21:00:00:05', stock: 'igc', module: 'igc', addr: '0000:05:00.0' }] });
    const r2 = await provision({ source: TREE, nics: ['enp5s0'], drivers: ['auto'] }, igcNode.deps());
    expect(r2.steps[0]?.detail).toContain('via generic'); // the tree has igc only for 6.12
  });
});

describe('--rebuild', () => {
  it('dkms 3: uninstall, unbuild, build, install (all with -k), then reloads the loaded master', async () => {
    const node = nodeWithTree();
    await run(node);
    const n = node.changes().length;
    const r = await run(node, { rebuild: true });
    expect(r.ok).toBe(true);
    expect(node.changes().slice(n)).toEqual([
      `dkms uninstall -m ethercat -v 1.6.2 -k ${K}`,
      `dkms unbuild -m ethercat -v 1.6.2 -k ${K}`,
      `dkms build -m ethercat -v 1.6.2 -k ${K}`,
      `dkms install -m ethercat -v 1.6.2 -k ${K}`,
      'modprobe -r ec_generic',
      'modprobe -r ec_master',
      `modprobe ec_master main_devices=${IGB_MAC}`,
      'modprobe ec_generic',
    ]);
    expect(statuses(r).slice(0, 3)).toEqual(['preflight:done', 'rebuild:done', 'source:skipped']);
  });

  it('dkms 2.x (no unbuild): uninstall, remove -k, add again, build, install', async () => {
    const node = nodeWithTree({ dkmsVersion: '2.8.7' });
    await run(node, { load: false });
    const n = node.changes().length;
    const r = await run(node, { rebuild: true, load: false });
    expect(r.ok).toBe(true);
    expect(node.changes().slice(n)).toEqual([
      `dkms uninstall -m ethercat -v 1.6.2 -k ${K}`,
      `dkms remove -m ethercat -v 1.6.2 -k ${K}`,
      'dkms add -m ethercat -v 1.6.2',
      `dkms build -m ethercat -v 1.6.2 -k ${K}`,
      `dkms install -m ethercat -v 1.6.2 -k ${K}`,
    ]);
  });

  it('the dry run of a rebuild plans the whole sequence', async () => {
    const node = nodeWithTree();
    await run(node);
    const r = await run(node, { rebuild: true, dryRun: true });
    expect(r.commands.map((c) => c.display).slice(0, 4)).toEqual([
      `dkms uninstall -m ethercat -v 1.6.2 -k ${K}`,
      `dkms unbuild -m ethercat -v 1.6.2 -k ${K}`,
      `dkms build -m ethercat -v 1.6.2 -k ${K}`,
      `dkms install -m ethercat -v 1.6.2 -k ${K}`,
    ]);
  });
});

describe('changed sources', () => {
  it('refuses to overwrite a built package with different sources unless --rebuild', async () => {
    const node = nodeWithTree();
    await run(node, { load: false });
    node.fs.put(`${TREE}/master/module.c`, '/* patched */\n');
    const r = await run(node, { load: false });
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('SOURCE_CHANGED');
    expect(String(r.error?.message)).toContain('the source files differ');
    expect(String(r.error?.hint)).toContain('--rebuild');
    const r2 = await run(node, { load: false, rebuild: true });
    expect(r2.ok).toBe(true);
    expect(node.fs.text('/usr/src/ethercat-1.6.2/master/module.c')).toBe('/* patched */\n');
  });

  it('a different driver choice changes dkms.conf, which also needs --rebuild', async () => {
    const node = nodeWithTree();
    await run(node, { load: false });
    const r = await run(node, { load: false, drivers: ['igb'] });
    expect(r.error?.code).toBe('SOURCE_CHANGED');
    expect(String(r.error?.message)).toContain('the generated dkms.conf');
  });
});

describe('--dry-run', () => {
  it('prints every command and file with its content, and changes nothing', async () => {
    const node = nodeWithTree();
    const r = await run(node, { dryRun: true, drivers: ['igb'], users: ['alice'] });
    expect(r.ok).toBe(true);
    expect(r.dryRun).toBe(true);
    expect(node.changes()).toEqual([]);
    expect(node.fs.writes).toEqual([]);
    expect(node.fs.exists('/usr/src/ethercat-1.6.2')).toBe(false);
    expect(r.commands.every((c) => !c.executed)).toBe(true);
    expect(r.commands.map((c) => c.display)).toEqual([
      'dkms add -m ethercat -v 1.6.2',
      `dkms build -m ethercat -v 1.6.2 -k ${K}`,
      `dkms install -m ethercat -v 1.6.2 -k ${K}`,
      'groupadd -r ethercat',
      'usermod -aG ethercat alice',
      'udevadm control --reload',
      'udevadm trigger --action=change --subsystem-match=EtherCAT',
      'udevadm settle --timeout=10',
      `modprobe ec_master main_devices=${IGB_MAC}`,
      'modprobe -r igb',
      'modprobe ec_igb',
    ]);
    const conf = r.files.find((f) => f.path === '/usr/src/ethercat-1.6.2/dkms.conf');
    expect(conf?.content).toContain('BUILT_MODULE_NAME[1]="ec_igb"');
    const text = renderReport(r);
    expect(text).toContain('-- dry run, nothing is changed');
    expect(text).toContain(`           $ dkms build -m ethercat -v 1.6.2 -k ${K}`);
    expect(text).toContain('           write /usr/src/ethercat-1.6.2/dkms.conf (mode 0644):\n           | # dkms.conf for the IgH EtherCAT master');
    expect(text).toContain('           | blacklist igb');
    expect(text).toContain('           copy /home/alice/ethercat -> /usr/src/ethercat-1.6.2 (24 entries)');
    expect(text).toContain('  planned  dkms-build     would build ethercat/1.6.2 for 6.1.0-18-amd64');
    expect(text).toMatch(/Dry run: 11 command\(s\) and \d+ file change\(s\) planned; nothing was changed\.\n$/);
  });

  it('works without root and lists what a real run would stop at', async () => {
    const node = nodeWithTree({ uid: 1000, dkmsVersion: null, headers: [], missingTools: ['cc'] });
    const r = await run(node, { dryRun: true });
    expect(r.ok).toBe(false);
    expect(r.blockers).toEqual([
      'dkms is not installed. Install it: sudo apt-get install -y dkms',
      `No headers for kernel ${K}: /lib/modules/${K}/build is missing or has no Makefile. Install them: sudo apt-get install -y linux-headers-${K}`,
      'a C compiler (cc) is not installed (cc --version not found). Install it: sudo apt-get install -y gcc',
    ]);
    expect(r.commands.length).toBeGreaterThan(0);
    expect(node.fs.writes).toEqual([]);
    expect(renderReport(r)).toContain('A real run would stop:\n  - dkms is not installed.');
  });
});

describe('other kernels, --ensure, IgH service, redundancy', () => {
  it('builds for a kernel that is not running (with its -k) and does not load', async () => {
    const node = nodeWithTree({ headers: [K, '6.1.0-21-amd64'] });
    const r = await run(node, { kernel: '6.1.0-21-amd64' });
    expect(r.ok).toBe(true);
    expect(node.commandLines('dkms build')).toEqual(['dkms build -m ethercat -v 1.6.2 -k 6.1.0-21-amd64']);
    expect(node.changes().some((l) => l.startsWith('modprobe'))).toBe(false);
    expect(r.steps.find((s) => s.id === 'load')?.detail).toBe(`target kernel 6.1.0-21-amd64 is not running (running: ${K}); the modules load after booting it`);
    expect(r.devices).toEqual([]);
  });

  it('--ensure redoes what is missing after a reboot from the saved settings, without --source or --nic', async () => {
    const node = nodeWithTree();
    await run(node, { users: ['alice'] });
    // "reboot" without persistence: modules gone
    node.spawn('modprobe', ['-r', 'ec_generic']);
    node.spawn('modprobe', ['-r', 'ec_master']);
    const n = node.changes().length;
    const r = await provision({ ensure: true }, node.deps());
    expect(r.ok).toBe(true);
    expect(node.changes().slice(n)).toEqual([`modprobe ec_master main_devices=${IGB_MAC}`, 'modprobe ec_generic']);
  });

  it('--ensure builds for a newly booted kernel from the package dkms already has', async () => {
    const node = nodeWithTree({ headers: [K, '6.1.0-21-amd64'] });
    await run(node);
    node.fs.remove(TREE); // the checkout is gone; /usr/src keeps the copy
    node.o.kernel = '6.1.0-21-amd64';
    node.fs.put('/proc/sys/kernel/osrelease', '6.1.0-21-amd64\n');
    node.fs.mkdirp('/lib/modules/6.1.0-21-amd64/kernel');
    node.loaded.clear();
    for (const c of node.cards) c.bound = c.stock;
    node.syncSys();
    const n = node.changes().length;
    const r = await provision({ ensure: true }, node.deps());
    expect(r.ok).toBe(true);
    expect(node.changes().slice(n)).toEqual([
      'dkms build -m ethercat -v 1.6.2 -k 6.1.0-21-amd64',
      'dkms install -m ethercat -v 1.6.2 -k 6.1.0-21-amd64',
      `modprobe ec_master main_devices=${IGB_MAC}`,
      'modprobe ec_generic',
    ]);
  });

  it("uses IgH's ethercat.conf and ethercat.service when installed, and says so", async () => {
    const node = nodeWithTree({ ighService: true });
    const r = await run(node, { drivers: ['igb'] });
    expect(r.ok).toBe(true);
    const conf = node.fs.text('/etc/ethercat.conf') ?? '';
    expect(conf).toContain(`MASTER0_DEVICE="${IGB_MAC}"`);
    expect(conf).toContain('DEVICE_MODULES="igb"');
    expect(conf).toContain('UPDOWN_INTERFACES=""'); // kept
    expect(node.changes().filter((l) => l.startsWith('systemctl'))).toEqual(['systemctl enable ethercat.service', 'systemctl restart ethercat.service']);
    expect(node.fs.exists('/etc/modprobe.d/ecat.conf')).toBe(false);
    expect(r.steps.find((s) => s.id === 'persist')?.detail).toContain("using IgH's /etc/ethercat.conf and ethercat.service");
    expect(r.steps.find((s) => s.id === 'load')?.detail).toContain('restarted ethercat.service');
    const again = await run(node, { drivers: ['igb'] });
    expect(again.changed).toBe(false);
  });

  it('passes backup_devices for redundancy, and several masters in order', async () => {
    const node = nodeWithTree();
    const r = await run(node, { nics: [IGB_MAC], backupNics: ['eno1'] });
    expect(r.ok).toBe(true);
    expect(node.commandLines('modprobe ec_master')).toEqual([`modprobe ec_master main_devices=${IGB_MAC} backup_devices=${E1000E_MAC}`]);
    const two = nodeWithTree();
    const r2 = await run(two, { nics: ['enp3s0', 'eno1'] });
    expect(r2.ok).toBe(true);
    expect(two.commandLines('modprobe ec_master')).toEqual([`modprobe ec_master main_devices=${IGB_MAC},${E1000E_MAC}`]);
    expect(r2.devices.map((d) => d.path)).toEqual(['/dev/EtherCAT0', '/dev/EtherCAT1']);
  });

  it('when udev does not apply the rule, sets group and mode directly and warns', async () => {
    const node = nodeWithTree({ udevWorks: false });
    const r = await run(node);
    expect(r.ok).toBe(true);
    expect(r.devices[0]?.mode).toBe('0660');
    expect(r.devices[0]?.group).toBe('ethercat');
    expect(r.warnings.some((w) => w.startsWith('udevadm control --reload failed'))).toBe(true);
    expect(r.warnings.some((w) => w.includes('udev did not apply the rule'))).toBe(true);
  });
});

describe('other DKMS packages', () => {
  it('a prepared package (the plug-in point for --virtual) goes through the same flow', async () => {
    const node = nodeWithTree();
    node.fs.put('/opt/ecat/kernel/vbus_main.c', '/* stand-in module source */\n');
    const conf = 'PACKAGE_NAME="ecat-vbus"\nPACKAGE_VERSION="0.1.0"\nBUILT_MODULE_NAME[0]="ec_master"\nBUILT_MODULE_LOCATION[0]="./"\nDEST_MODULE_LOCATION[0]="/updates/dkms"\nAUTOINSTALL="yes"\n';
    const r = await provision(
      { package: { kind: 'virtual', name: 'ecat-vbus', version: '0.1.0', sourceDir: '/opt/ecat/kernel', generated: [{ path: 'dkms.conf', content: conf }], modules: [{ name: 'ec_master', location: '.' }] }, load: false },
      node.deps(),
    );
    expect(r.ok).toBe(true);
    expect(node.changes().filter((l) => l.startsWith('dkms'))).toEqual(['dkms add -m ecat-vbus -v 0.1.0', `dkms build -m ecat-vbus -v 0.1.0 -k ${K}`, `dkms install -m ecat-vbus -v 0.1.0 -k ${K}`]);
    expect(node.fs.text('/usr/src/ecat-vbus-0.1.0/dkms.conf')).toBe(conf);
    expect(node.fs.text('/usr/src/ecat-vbus-0.1.0/vbus_main.c')).toContain('stand-in');
    await expect(provision({ package: { kind: 'virtual', name: 'x;y', version: '1', sourceDir: null, generated: [], modules: [] }, load: false }, node.deps())).resolves.toMatchObject({ ok: false, error: { code: 'USAGE' } });
  });
});
