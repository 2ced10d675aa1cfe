// SPDX-License-Identifier: MIT
// `ecat provision --virtual` on a simulated node: the DKMS package of ecat_vbus.ko assembled
// from the ecat package (golden dkms.conf, which files go where), the command sequence with
// -k, `modprobe ecat_vbus` with its parameters, the group and mode of the node (also without
// udevd), the topology load through the injected addon, idempotency (a second run changes
// nothing and says so), --dry-run, --no-load, another kernel, --rebuild, --ensure, and each
// error with its evidence.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { Check } from '../../src/provision/checks.js';
import { registerProvisionCommands } from '../../src/provision/cli.js';
import { doctor } from '../../src/provision/doctor.js';
import { checkReady, ensureReady } from '../../src/provision/ready.js';
import { renderChecks } from '../../src/provision/render.js';
import { nodeFs, packageTemplateDir } from '../../src/provision/real-deps.js';
import { provision } from '../../src/provision/provision.js';
import type { ProvisionOptions } from '../../src/provision/options.js';
import type { ProvisionReport } from '../../src/provision/report.js';
import { renderReport } from '../../src/provision/render.js';
import { renderVbusDkmsConf, vbusPackage, vbusSourceFiles, packageRootOf } from '../../src/provision/vbus/package.js';
import type { FakeNode, FakeNodeOptions } from '../fixtures/provision/node.js';
import { IGB_MAC, TREE, nodeWithTree, statuses } from '../fixtures/provision/setup.js';
import { DEFAULT_TOPOLOGY, PKG_ROOT, TOPOLOGY, vbusNode, type FakeVbus } from '../fixtures/provision/vbus.js';

const K = '6.1.0-18-amd64';
const SRC = '/usr/src/ecat-vbus-0.1.0';
const golden = (name: string): string => readFileSync(new URL(`../fixtures/provision/golden/${name}`, import.meta.url), 'utf8');

function setup(options: FakeNodeOptions = {}): { node: FakeNode; vbus: FakeVbus; run: (o?: ProvisionOptions) => Promise<ProvisionReport> } {
  const { node, vbus } = vbusNode(options);
  return { node, vbus, run: (o = {}) => provision({ virtual: true, topology: TOPOLOGY, ...o }, node.deps({ vbus: vbus.deps() })) };
}

const step = (r: ProvisionReport, id: string) => r.steps.find((s) => s.id === id);

describe('the DKMS package of ecat_vbus.ko', () => {
  it('renders dkms.conf from dkms/ecat-vbus/dkms.conf.in (golden)', () => {
    const conf = renderVbusDkmsConf(packageTemplateDir(), 'ecat-vbus', '0.1.0');
    expect(conf).toBe(golden('dkms.conf.ecat-vbus'));
    expect(conf).toContain('DEST_MODULE_LOCATION[0]="/updates/dkms"');
    expect(conf).toContain('AUTOINSTALL="yes"');
    expect(conf).not.toMatch(/\{\{|^##/m);
    expect(() => renderVbusDkmsConf(packageTemplateDir(), 'ecat-vbus', '0.1.0"; rm -rf /')).toThrow(/Invalid package version/);
  });

  it("takes kernel/'s files to the root and the core below native/, leaving out build products and the addon", async () => {
    const { node } = vbusNode();
    const files = await vbusSourceFiles(node.fs, PKG_ROOT);
    expect(files.map((f) => `${f.from} -> ${f.to}`)).toEqual([
      'kernel/Kbuild -> Kbuild',
      'kernel/LICENSE -> LICENSE',
      'kernel/Makefile -> Makefile',
      'kernel/README.md -> README.md',
      'kernel/ecat_vbus.h -> ecat_vbus.h',
      'kernel/ecat_vbus_main.c -> ecat_vbus_main.c',
      'kernel/uapi/ecat_vbus.h -> uapi/ecat_vbus.h',
      'native/portable/ecat_port.h -> native/portable/ecat_port.h',
      'native/igh/abi.c -> native/igh/abi.c',
      'native/igh/abi.h -> native/igh/abi.h',
      'native/vbus/vbus.c -> native/vbus/vbus.c',
      'native/vbus/vbus.h -> native/vbus/vbus.h',
    ]);
    const pkg = await vbusPackage(node.fs, `${PKG_ROOT}/dkms`);
    expect(pkg).toMatchObject({ kind: 'vbus', name: 'ecat-vbus', version: '0.1.0', sourceDir: PKG_ROOT, modules: [{ name: 'ecat_vbus', location: '.' }] });
    expect(pkg.generated.map((g) => g.path)).toEqual(['VERSION', 'dkms.conf']);
    expect(pkg.generated[0]?.content).toBe('0.1.0\n');
  });

  it('applies the same rules to the real tree, whose directories package.json ships', async () => {
    const root = packageRootOf(packageTemplateDir());
    const files = await vbusSourceFiles(nodeFs, root);
    const to = files.map((f) => f.to);
    for (const f of ['Kbuild', 'Makefile', 'ecat_vbus_main.c', 'ecat_vbus_ctl.c', 'port_kernel.c', 'ecat_portable_prelude.h', 'uapi/ecat_vbus.h', 'native/portable/ecat_port.h', 'native/vbus/vbus.h', 'native/vbus/vbus.c', 'native/igh/abi.h']) expect(to).toContain(f);
    expect(to.filter((f) => /\.(o|ko|cmd)$|\.mod\.c$|^native\/(addon|runtime)\//.test(f))).toEqual([]);
    const shipped = (JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { files: string[] }).files;
    for (const dir of ['kernel/', 'native/', 'dkms/', 'examples/']) expect(shipped).toContain(dir);
  });

  it('refuses a package without the module sources', async () => {
    const { node, run } = setup();
    node.fs.remove(`${PKG_ROOT}/kernel`);
    const r = await run();
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ code: 'NO_SOURCE' });
    expect(String(r.error?.message)).toContain('missing kernel/Kbuild, kernel/Makefile');
  });
});

describe('a fresh node', () => {
  it('builds with -k, installs, loads ecat_vbus, sets up access and loads the topology through the addon', async () => {
    const { node, vbus, run } = setup();
    const r = await run({ users: ['alice'] });
    expect(r.ok).toBe(true);
    expect(node.changes()).toEqual([
      'dkms add -m ecat-vbus -v 0.1.0',
      `dkms build -m ecat-vbus -v 0.1.0 -k ${K}`,
      `dkms install -m ecat-vbus -v 0.1.0 -k ${K}`,
      'groupadd -r ethercat',
      'usermod -aG ethercat alice',
      'udevadm control --reload',
      'udevadm trigger --action=change --subsystem-match=EtherCAT',
      'udevadm settle --timeout=10',
      'modprobe ecat_vbus',
    ]);
    expect(statuses(r)).toEqual([
      'preflight:done', 'source:done', 'dkms-add:done', 'dkms-build:done', 'dkms-install:done', 'verify-module:done',
      'group:done', 'users:done', 'udev:done', 'load:done', 'device:done', 'topology:done', 'settings:done',
    ]);
    // The assembled tree: kernel/ at the root, the core below native/, VERSION and dkms.conf.
    expect(node.fs.text(`${SRC}/Kbuild`)).toContain('Test fixture');
    expect(node.fs.text(`${SRC}/uapi/ecat_vbus.h`)).toContain('Test fixture');
    expect(node.fs.text(`${SRC}/native/vbus/vbus.c`)).toContain('Test fixture');
    expect(node.fs.text(`${SRC}/VERSION`)).toBe('0.1.0\n');
    expect(node.fs.text(`${SRC}/dkms.conf`)).toBe(golden('dkms.conf.ecat-vbus'));
    for (const absent of ['ecat_vbus.mod.c', 'ecat_vbus.o', '.ecat_vbus.o.cmd', 'native/vbus/NOTES.txt', 'native/addon/addon.cc', 'native/portable/ecat_port_user.c', 'kernel']) expect(node.fs.exists(`${SRC}/${absent}`)).toBe(false);
    expect(step(r, 'verify-module')?.detail).toBe(`installed: /lib/modules/${K}/updates/dkms/ecat_vbus.ko`);
    // The topology: its image, loaded through ECAT_VBUS_IOCTL_LOAD into master 0.
    expect(vbus.images).toEqual([TOPOLOGY]);
    expect(vbus.loads).toEqual([['/dev/EtherCAT0', `IMAGE ${node.fs.text(TOPOLOGY)}`]]);
    expect(step(r, 'topology')?.files).toEqual([expect.objectContaining({ path: '/dev/EtherCAT0', action: 'ioctl', executed: true }), expect.objectContaining({ path: '/run/ecat/vbus-EtherCAT0.json', action: 'create' })]);
    expect(step(r, 'topology')?.detail).toBe(`loaded ${TOPOLOGY} into /dev/EtherCAT0 (2 slaves)`);
    expect(r.devices).toEqual([{ master: 0, path: '/dev/EtherCAT0', present: true, mode: '0660', owner: 'root', group: 'ethercat', openable: true, abi: { status: 'supported', magic: 37, abi: '1.6' } }]);
    expect(r.virtual).toEqual({ module: 'ecat_vbus', masters: 1, topology: TOPOLOGY });
    expect(JSON.parse(node.fs.text('/etc/ecat/provision.json') ?? '{}')).toMatchObject({ package: { name: 'ecat-vbus', version: '0.1.0' }, drivers: [], masters: [], persist: 'none', users: ['alice'], virtual: { topology: TOPOLOGY } });
    expect(r.summary).toMatch(/^Done: \/dev\/EtherCAT0 ready \(9 command\(s\), /);
    // No IgH module and no card was touched.
    expect(node.loaded.has('ec_master')).toBe(false);
    expect(node.commandLines('modprobe').filter((l) => l.includes('ec_'))).toEqual([]);
  });

  it('changes nothing the second time and says so; the bus keeps its state', async () => {
    const { node, vbus, run } = setup();
    await run();
    const changes = node.changes().length;
    const writes = node.fs.writes.length;
    const r = await run();
    expect(r.ok).toBe(true);
    expect(r.changed).toBe(false);
    expect(r.commands).toEqual([]);
    expect(node.changes().length).toBe(changes);
    expect(node.fs.writes.length).toBe(writes);
    expect(vbus.loads).toHaveLength(1);
    expect(r.summary).toBe('Nothing to do: everything was already in place.');
    expect(r.steps.filter((s) => s.status === 'done').map((s) => s.id)).toEqual(['preflight', 'verify-module', 'device']);
    expect(step(r, 'load')?.detail).toBe('already loaded: ecat_vbus masters=1 abi=1.6');
    expect(step(r, 'topology')?.detail).toBe(`/dev/EtherCAT0 (2 slaves) already holds ${TOPOLOGY}`);
    expect(step(r, 'source')?.detail).toBe(`${SRC} already holds this source (12 files) and dkms.conf`);
    // dkms status (seconds in an emulated guest) is asked once when nothing changes it.
    expect(r.queries.filter((q) => q.display === 'dkms status')).toHaveLength(1);
  });

  it('loads the topology again when another one was loaded, or the module was reloaded in between', async () => {
    const { node, vbus, run } = setup();
    await run();
    const other = await run({ topology: DEFAULT_TOPOLOGY });
    expect(statuses(other).filter((s) => !s.endsWith(':skipped'))).toEqual(['preflight:done', 'verify-module:done', 'device:done', 'topology:done', 'settings:done']);
    expect(vbus.loads.map(([, image]) => /slaves: ([0-9]+)/.exec(image)?.[1])).toEqual(['2', '4']);
    node.spawn('modprobe', ['-r', 'ecat_vbus']);
    node.spawn('modprobe', ['ecat_vbus']);
    node.clock.advance(1000);
    const again = await run({ topology: DEFAULT_TOPOLOGY });
    expect(step(again, 'topology')?.status).toBe('done'); // the fresh module had an empty bus
    expect(vbus.loads).toHaveLength(3);
  });

  it('without --topology loads the package default, examples/io-rack.yaml', async () => {
    const { node, vbus } = vbusNode();
    const r = await provision({ virtual: true }, node.deps({ vbus: vbus.deps() }));
    expect(r.ok).toBe(true);
    expect(vbus.images).toEqual([DEFAULT_TOPOLOGY]);
    expect(r.steps[0]?.detail).toContain(`topology ${DEFAULT_TOPOLOGY} (default)`);
  });

  it('where no udevd runs, gives the node its group and mode directly and says so', async () => {
    const { node, run } = setup({ udevWorks: false });
    const r = await run();
    expect(r.ok).toBe(true);
    expect(r.warnings.some((w) => w.startsWith('/dev/EtherCAT0 was 0600 root:root; udev did not apply the rule: no udev daemon runs here (no /run/udev/control), so it was set to 0660 root:ethercat directly'))).toBe(true);
    const st = node.fs.statSync('/dev/EtherCAT0');
    expect([st?.mode, st?.gid]).toEqual([0o660, node.groups.get('ethercat')?.gid]);
    expect(st!.mode & 0o002).toBe(0);
  });

  it('--masters and --abi become module parameters; every master gets the topology; a change reloads the module', async () => {
    const { node, vbus, run } = setup();
    const r = await run({ masters: 2, abi: '1.5.2' });
    expect(r.ok).toBe(true);
    expect(node.changes().filter((l) => l.startsWith('modprobe'))).toEqual(['modprobe ecat_vbus masters=2 abi=1.5.2']);
    expect(r.devices.map((d) => d.path)).toEqual(['/dev/EtherCAT0', '/dev/EtherCAT1']);
    expect(vbus.loads.map(([p]) => p)).toEqual(['/dev/EtherCAT0', '/dev/EtherCAT1']);
    expect(JSON.parse(node.fs.text('/etc/ecat/provision.json') ?? '{}').virtual).toEqual({ topology: TOPOLOGY, masters: 2, abi: '1.5.2' });
    expect((await run({ masters: 2, abi: '1.5.2' })).changed).toBe(false);
    const n = node.changes().length;
    const back = await run();
    expect(back.ok).toBe(true);
    expect(node.changes().slice(n)).toEqual([]); // no parameters given: whatever is loaded is fine
    const one = await run({ masters: 1 });
    expect(node.changes().slice(n)).toEqual(['modprobe -r ecat_vbus', 'modprobe ecat_vbus masters=1']);
    expect(step(one, 'load')?.detail).toBe('unloaded ecat_vbus (loaded with masters=2 abi=1.5.2); loaded ecat_vbus masters=1');
    expect(step(one, 'topology')?.status).toBe('done');
  });
});

describe('--dry-run, --no-load, another kernel', () => {
  it('--dry-run as a normal user prints every command and file, and changes nothing', async () => {
    const { node, vbus, run } = setup({ uid: 1000 });
    const r = await run({ dryRun: true });
    expect(r.ok).toBe(true);
    expect(node.changes()).toEqual([]);
    expect(node.fs.writes).toEqual([]);
    expect(vbus.loads).toEqual([]);
    expect(r.commands.map((c) => c.display)).toEqual([
      'dkms add -m ecat-vbus -v 0.1.0',
      `dkms build -m ecat-vbus -v 0.1.0 -k ${K}`,
      `dkms install -m ecat-vbus -v 0.1.0 -k ${K}`,
      'groupadd -r ethercat',
      'udevadm control --reload',
      'udevadm trigger --action=change --subsystem-match=EtherCAT',
      'udevadm settle --timeout=10',
      'modprobe ecat_vbus',
    ]);
    expect(statuses(r)).toEqual([
      'preflight:done', 'source:planned', 'dkms-add:planned', 'dkms-build:planned', 'dkms-install:planned', 'verify-module:skipped',
      'group:planned', 'users:skipped', 'udev:planned', 'load:planned', 'device:skipped', 'topology:planned', 'settings:planned',
    ]);
    const text = renderReport(r);
    expect(text).toContain(`ecat provision: ecat-vbus/0.1.0 for kernel ${K} (x86_64) -- dry run, nothing is changed\n`);
    expect(text).toContain(`           copy ${PKG_ROOT} -> ${SRC} (12 files):\n           | kernel/Kbuild -> Kbuild\n`);
    expect(text).toContain('           | native/vbus/vbus.h -> native/vbus/vbus.h\n');
    expect(text).toContain(`           write ${SRC}/dkms.conf (mode 0644):\n           | # dkms.conf for ecat_vbus`);
    expect(text).toContain(`           $ dkms build -m ecat-vbus -v 0.1.0 -k ${K}\n`);
    expect(text).toContain('           $ modprobe ecat_vbus\n');
    expect(text).toContain(`           ioctl /dev/EtherCAT0 ECAT_VBUS_IOCTL_LOAD: the topology image of ${TOPOLOGY} (`);
    expect(text).toContain('           write /run/ecat/vbus-EtherCAT0.json (mode 0644):\n');
    expect(text).toContain('           write /etc/ecat/provision.json (mode 0644):\n');
    expect(r.summary).toBe('Dry run: 8 command(s) and 8 file change(s) planned; nothing was changed.');
  });

  it('--no-load only builds and installs (and sets up the group and rule): no modprobe, no topology', async () => {
    const { node, vbus, run } = setup();
    const r = await run({ load: false });
    expect(r.ok).toBe(true);
    expect(node.changes().filter((l) => l.startsWith('modprobe'))).toEqual([]);
    expect(vbus.images).toEqual([]);
    expect(vbus.loads).toEqual([]);
    expect([step(r, 'load'), step(r, 'device'), step(r, 'topology')].map((s) => `${s?.status}: ${s?.detail}`)).toEqual([
      'skipped: not loading (--no-load)',
      'skipped: not loading (--no-load)',
      `skipped: not loading (--no-load); ${TOPOLOGY} is loaded when the module is`,
    ]);
    expect(node.fs.exists(`/lib/modules/${K}/updates/dkms/ecat_vbus.ko`)).toBe(true);
    expect(r.summary).toMatch(/^Done: ecat-vbus\/0\.1\.0 in place for 6\.1\.0-18-amd64 \(/);
    const again = await run({ load: false });
    expect(again.changed).toBe(false);
  });

  it('--kernel names another kernel: every dkms command gets its -k, nothing is loaded', async () => {
    const { node, run } = setup({ headers: [K, '6.12.0-1-amd64'] });
    const r = await run({ kernel: '6.12.0-1-amd64' });
    expect(r.ok).toBe(true);
    expect(node.changes().filter((l) => l.startsWith('dkms'))).toEqual([
      'dkms add -m ecat-vbus -v 0.1.0',
      'dkms build -m ecat-vbus -v 0.1.0 -k 6.12.0-1-amd64',
      'dkms install -m ecat-vbus -v 0.1.0 -k 6.12.0-1-amd64',
    ]);
    expect(step(r, 'load')?.detail).toBe(`target kernel 6.12.0-1-amd64 is not running (running: ${K}); the module loads after booting it`);
    expect(node.loaded.has('ecat_vbus')).toBe(false);
    // The running kernel's guest then finds it installed: no build for that one either way.
    expect(node.fs.exists('/lib/modules/6.12.0-1-amd64/updates/dkms/ecat_vbus.ko')).toBe(true);
  });
});

describe('--rebuild and changed sources', () => {
  it('--rebuild: uninstall, unbuild, build, install (all with -k), then reloads the module and the topology', async () => {
    const { node, vbus, run } = setup();
    await run();
    const n = node.changes().length;
    const r = await run({ rebuild: true });
    expect(r.ok).toBe(true);
    expect(node.changes().slice(n)).toEqual([
      `dkms uninstall -m ecat-vbus -v 0.1.0 -k ${K}`,
      `dkms unbuild -m ecat-vbus -v 0.1.0 -k ${K}`,
      `dkms build -m ecat-vbus -v 0.1.0 -k ${K}`,
      `dkms install -m ecat-vbus -v 0.1.0 -k ${K}`,
      'modprobe -r ecat_vbus',
      'modprobe ecat_vbus',
    ]);
    expect(statuses(r).slice(0, 3)).toEqual(['preflight:done', 'rebuild:done', 'source:skipped']);
    expect(step(r, 'load')?.detail).toBe('unloaded ecat_vbus (to use the module just installed); loaded ecat_vbus');
    expect(vbus.loads).toHaveLength(2);
  });

  it('--rebuild on dkms 2.x (no unbuild): uninstall, remove -k, add, build, install', async () => {
    const { node, run } = setup({ dkmsVersion: '2.8.7' });
    await run({ load: false });
    const n = node.changes().length;
    expect((await run({ load: false, rebuild: true })).ok).toBe(true);
    expect(node.changes().slice(n)).toEqual([
      `dkms uninstall -m ecat-vbus -v 0.1.0 -k ${K}`,
      `dkms remove -m ecat-vbus -v 0.1.0 -k ${K}`,
      'dkms add -m ecat-vbus -v 0.1.0',
      `dkms build -m ecat-vbus -v 0.1.0 -k ${K}`,
      `dkms install -m ecat-vbus -v 0.1.0 -k ${K}`,
    ]);
  });

  it('changed module sources under the same version need --rebuild, which then copies them', async () => {
    const { node, run } = setup();
    await run();
    node.fs.put(`${PKG_ROOT}/native/vbus/vbus.c`, '// Test fixture: changed.\n');
    const r = await run();
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ code: 'SOURCE_CHANGED', hint: 'Run again with --rebuild to rebuild ecat-vbus/0.1.0.' });
    expect(String(r.error?.message)).toBe(`${SRC} is already built by dkms, but the source files differ from what this run would build.`);
    const again = await run({ rebuild: true });
    expect(again.ok).toBe(true);
    expect(node.fs.text(`${SRC}/native/vbus/vbus.c`)).toBe('// Test fixture: changed.\n');
    expect(step(again, 'source')?.files.map((f) => `${f.action} ${f.path}`)).toEqual([`remove ${SRC}`, `copy ${SRC}`, `create ${SRC}/VERSION`, `create ${SRC}/dkms.conf`, `create ${SRC}/.ecat-source`]);
  });
});

describe('--ensure and the readiness check', () => {
  it('--ensure redoes a virtual run from the saved settings, without --virtual', async () => {
    const { node, vbus, run } = setup();
    await run({ masters: 2 });
    node.spawn('modprobe', ['-r', 'ecat_vbus']);
    const r = await provision({ ensure: true }, node.deps({ vbus: vbus.deps() }));
    expect(r.ok).toBe(true);
    expect(r.virtual).toEqual({ module: 'ecat_vbus', masters: 2, topology: TOPOLOGY });
    expect(node.changes().slice(-1)).toEqual(['modprobe ecat_vbus masters=2']);
    expect(vbus.loads.slice(-2).map(([p]) => p)).toEqual(['/dev/EtherCAT0', '/dev/EtherCAT1']);
  });

  it('ensureReady-style runs without a topology loader load the module and warn about the bus', async () => {
    const { node, run } = setup();
    await run();
    node.spawn('modprobe', ['-r', 'ecat_vbus']);
    const r = await provision({ ensure: true }, node.deps());
    expect(r.ok).toBe(true);
    expect(step(r, 'topology')?.detail).toBe('not loaded (no topology loader wired in)');
    expect(r.warnings.some((w) => w.includes("the master has no slaves until 'ecat provision --ensure' loads it"))).toBe(true);
  });
});

describe('errors', () => {
  it('refuses to run as a normal user without --dry-run', async () => {
    const { node, run } = setup({ uid: 1000 });
    const r = await run();
    expect(r.error).toMatchObject({ code: 'NOT_ROOT' });
    expect(node.changes()).toEqual([]);
  });

  it('missing headers for the target kernel: refused with the package that has them', async () => {
    const { run } = setup({ headers: [] });
    const r = await run();
    expect(r.error).toMatchObject({ code: 'HEADERS_MISSING', hint: `Install them: apt-get install -y linux-headers-${K}` });
  });

  it('a build failure shows the end of make.log', async () => {
    const { run } = setup({ buildFails: ['  CC [M]  /var/lib/dkms/ecat-vbus/0.1.0/build/native/vbus/vb_pd.o', "native/vbus/vb_pd.c:12:3: error: implicit declaration of function 'memcpy'"] });
    const r = await run();
    expect(r.error).toMatchObject({ code: 'BUILD_FAILED', details: { logPath: '/var/lib/dkms/ecat-vbus/0.1.0/build/make.log' } });
    expect(String(r.error?.message)).toContain("native/vbus/vb_pd.c:12:3: error: implicit declaration of function 'memcpy'");
  });

  it('a module that fails to load shows the end of dmesg', async () => {
    const { run } = setup();
    const r = await run({ abi: '1.4.0' });
    expect(r.error).toMatchObject({ code: 'LOAD_FAILED' });
    expect(String(r.error?.message)).toContain("modprobe ecat_vbus abi=1.4.0 exited with 1: modprobe: ERROR: could not insert 'ecat_vbus': Invalid argument.");
    expect(String(r.error?.message)).toContain("ecat_vbus: abi=1.4.0 is not an ABI this module knows (see 'ecat abi')");
  });

  it('the IgH master loaded: ecat_vbus cannot be loaded beside it (and the other way round)', async () => {
    const { node, run } = setup();
    node.fs.put(`/lib/modules/${K}/updates/dkms/ec_master.ko`, 'm');
    node.spawn('modprobe', ['ec_master', 'main_devices=00:1b:21:aa:bb:cc']);
    const r = await run();
    expect(r.error).toMatchObject({ code: 'MODULE_CONFLICT' });
    expect(String(r.error?.hint)).toContain('modprobe -r ec_generic ec_master');
    const dry = await run({ dryRun: true });
    expect(dry.blockers.some((b) => b.startsWith('ec_master (the IgH EtherCAT master) is loaded; ecat_vbus cannot be loaded beside it'))).toBe(true);
    expect((await run({ load: false })).ok).toBe(true); // building and installing is fine
  });

  it('a device that never appears times out with what is loaded', async () => {
    const { run } = setup({ deviceNeverAppears: true });
    const r = await run({ timeoutSeconds: 2 });
    expect(r.error).toMatchObject({ code: 'DEVICE_TIMEOUT' });
    expect(String(r.error?.message)).toContain('/dev/EtherCAT0 did not appear within 2.0s. Loaded: ecat_vbus (masters=1, abi=1.6).');
  });

  it('a device that is present but not writable', async () => {
    const { run } = setup({ openCheck: (p) => (p === '/dev/EtherCAT0' ? { ok: false, code: 'EACCES' } : undefined) });
    const r = await run();
    expect(r.error).toMatchObject({ code: 'DEVICE_NOT_WRITABLE' });
  });

  it('a module in use is not reloaded', async () => {
    const { node, run } = setup();
    await run();
    node.openHandles = 1;
    node.syncSys();
    const r = await run({ masters: 2 });
    expect(r.error).toMatchObject({ code: 'MODULE_IN_USE' });
    expect(node.loaded.get('ecat_vbus')?.params.masters).toBe('1');
  });

  it('topology errors: a missing file, one that does not parse, one the module refuses, a busy node', async () => {
    const missing = await setup().run({ topology: `${PKG_ROOT}/examples/nope.yaml` });
    expect(missing.error).toMatchObject({ code: 'USAGE', message: `The topology file ${PKG_ROOT}/examples/nope.yaml does not exist.` });
    const { node, run } = setup();
    node.fs.put(`${PKG_ROOT}/examples/bad.yaml`, 'slaves: 1\ninvalid\n');
    const bad = await run({ topology: `${PKG_ROOT}/examples/bad.yaml` });
    expect(bad.error).toMatchObject({ code: 'TOPOLOGY_FAILED' });
    expect(String(bad.error?.message)).toContain("unknown device 'nonsense'");
    expect(step(bad, 'load')?.status).toBe('done'); // the module is up; only the bus is missing
    node.fs.put(`${PKG_ROOT}/examples/refused.yaml`, 'slaves: 3\nrefuse\n');
    const refused = await run({ topology: `${PKG_ROOT}/examples/refused.yaml` });
    expect(refused.error).toMatchObject({ code: 'TOPOLOGY_FAILED', details: { errno: 22 } });
    expect(String(refused.error?.message)).toContain('image: slave 2: vendor id 0 is reserved');
    node.openHandles = 1;
    const busy = await run({ topology: DEFAULT_TOPOLOGY });
    expect(busy.error).toMatchObject({ code: 'TOPOLOGY_FAILED', hint: 'Another file is open on /dev/EtherCAT0: stop the applications using it (fuser -v /dev/EtherCAT0) and run again.' });
  });

  it('no topology loader wired in, or an addon built without the control requests', async () => {
    const { node, vbus } = vbusNode();
    const none = await provision({ virtual: true }, node.deps());
    expect(none.error).toMatchObject({ code: 'TOPOLOGY_FAILED', message: 'No topology loader is wired in (ProvisionDeps.vbus): provisioning does not load the runtime itself.' });
    vbus.addonOverride = { openDevice: () => undefined };
    const old = await provision({ virtual: true }, node.deps({ vbus: vbus.deps() }));
    expect(old.error).toMatchObject({ code: 'TOPOLOGY_FAILED', hint: 'Rebuild it: npm rebuild ecat (npm run compile:native in a checkout).' });
  });

  it('options of the IgH master, --persist, or virtual options without --virtual are usage errors', async () => {
    const { run } = setup();
    for (const [o, text] of [
      [{ source: '/home/alice/ethercat' }, '--source does not apply to --virtual'],
      [{ nics: ['enp3s0'], drivers: ['igb'] }, '--nic, --driver do not apply to --virtual'],
      [{ persist: 'modprobe' }, '--persist modprobe does not apply to --virtual'],
      [{ abi: '1.6; reboot' }, "Invalid --abi '1.6; reboot'"],
      [{ masters: 33 }, "Invalid --masters '33'"],
    ] as [ProvisionOptions, string][]) {
      const r = await run(o);
      expect(r.error).toMatchObject({ code: 'USAGE' });
      expect(String(r.error?.message)).toContain(text);
    }
    const { node } = vbusNode();
    const r = await provision({ topology: TOPOLOGY }, node.deps());
    expect(r.error).toMatchObject({ code: 'USAGE', message: '--topology, --masters and --abi belong to the virtual master: add --virtual.' });
  });
});

const byId = (checks: Check[], id: string): Check | undefined => checks.find((c) => c.id === id);

describe('readiness and doctor with ecat_vbus as the provider of /dev/EtherCAT<N>', () => {
  it('a node provisioned with --virtual is ready; the checks name ecat_vbus, not ec_master', async () => {
    const { node, run } = setup();
    await run({ users: ['alice'] });
    const r = await checkReady({ deps: node.deps() });
    expect(r.ready).toBe(true);
    expect(r.checks.map((c) => `${c.id}:${c.status}`)).toEqual(['module-installed:ok', 'module-loaded:ok', 'device-present:ok', 'device-writable:ok', 'abi:ok']);
    expect(byId(r.checks, 'module-installed')?.message).toBe(`ecat_vbus (the ecat virtual master) is DKMS-installed for ${K} (/lib/modules/${K}/updates/dkms/ecat_vbus.ko).`);
    expect(byId(r.checks, 'module-loaded')?.message).toBe('ecat_vbus (the ecat virtual master) is loaded (masters=1, abi=1.6).');
    expect(byId(r.checks, 'device-present')?.message).toBe('/dev/EtherCAT0 (0660 root:ethercat) exists, provided by ecat_vbus (the ecat virtual master).');
  });

  it('not loaded: says which module is meant and the command that brings it back', async () => {
    const { node, run } = setup();
    await run();
    node.spawn('modprobe', ['-r', 'ecat_vbus']);
    const r = await checkReady({ deps: node.deps() });
    expect(r.missing).toEqual(['ecat_vbus (the ecat virtual master) is not loaded.', '/dev/EtherCAT0 does not exist: ecat_vbus (the ecat virtual master) is not loaded.']);
    expect(byId(r.checks, 'module-loaded')?.fix?.commands).toEqual(['ecat provision --ensure']);
    // Without saved settings, the module installed for this kernel still tells which one is meant.
    node.fs.remove('/etc/ecat/provision.json');
    const alice = { ...node.deps(), identity: () => ({ uid: 1000, gid: 1000, groups: [], user: 'alice' }) };
    const r2 = await checkReady({ deps: alice });
    expect(byId(r2.checks, 'module-loaded')?.fix?.commands).toEqual(['sudo ecat provision --virtual']);
    await expect(ensureReady({ deps: alice })).rejects.toThrow(/ecat_vbus \(the ecat virtual master\) is not loaded\.\n  fix: sudo ecat provision --virtual/);
  });

  it('a master beyond masters=, and a node without a group rule', async () => {
    const { node, run } = setup({ udevWorks: false });
    await run({ saveSettings: false });
    expect((await checkReady({ master: 1, deps: node.deps() })).missing).toEqual(['/dev/EtherCAT1 does not exist: ecat_vbus was loaded with masters=1, so there is no master 1.']);
    await node.fs.chmod('/dev/EtherCAT0', 0o600);
    await node.fs.chown('/dev/EtherCAT0', 0, 0);
    (node.o as { uid: number }).uid = 1000;
    (node.o as { user: string }).user = 'alice';
    const c = byId((await checkReady({ deps: node.deps() })).checks, 'device-writable');
    expect(c?.message).toBe('/dev/EtherCAT0 (0600 root:root) is not writable by alice: no udev rule gives a group read-write access.');
    expect(c?.fix?.commands).toEqual(['sudo ecat provision --virtual --group ethercat --user alice']);
  });

  it('doctor adds the topology (from sysfs) and the ecat-vbus dkms package', async () => {
    const { node, run } = setup();
    await run();
    const r = await doctor({ deps: node.deps() });
    expect(r.ready).toBe(true);
    expect(byId(r.checks, 'dkms')?.message).toBe(`dkms 3.0.10; ecat-vbus/0.1.0 ${K}: installed.`);
    expect(byId(r.checks, 'topology')).toMatchObject({ status: 'ok', message: 'EtherCAT0 of the virtual master holds a topology with 2 slave(s).' });
    expect(byId(r.checks, 'settings')?.message).toBe(`/etc/ecat/provision.json: package ecat-vbus/0.1.0 (the virtual master), topology ${TOPOLOGY}, group ethercat.`);
    expect(r.checks.some((c) => c.id === 'driver-loaded')).toBe(false);
    node.spawn('modprobe', ['-r', 'ecat_vbus']);
    node.spawn('modprobe', ['ecat_vbus']);
    node.clock.advance(1000);
    await node.fs.chmod('/dev/EtherCAT0', 0o660);
    const empty = await doctor({ deps: node.deps() });
    expect(byId(empty.checks, 'topology')).toMatchObject({ status: 'warn', message: 'EtherCAT0 of the virtual master has no topology loaded: its bus is empty (link down).', fix: { commands: ['ecat provision --ensure'] } });
    expect(empty.ready).toBe(true); // an empty bus does not keep the device from being opened
    expect(renderChecks(empty)).toContain('  warn  topology');
  });

  it('the IgH flow refuses to load ec_master while ecat_vbus is loaded', async () => {
    const node = nodeWithTree();
    node.fs.put(`/lib/modules/${K}/updates/dkms/ecat_vbus.ko`, 'm');
    node.spawn('modprobe', ['ecat_vbus']);
    const r = await provision({ source: TREE, nics: [IGB_MAC] }, node.deps());
    expect(r.error).toMatchObject({ code: 'MODULE_CONFLICT' });
    expect(String(r.error?.hint)).toContain('modprobe -r ecat_vbus');
    expect(node.loaded.has('ec_master')).toBe(false);
  });
});

describe('ecat provision --virtual on the command line', () => {
  async function cli(node: FakeNode, vbus: FakeVbus, args: string[]): Promise<{ code: number | undefined; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    let code: number | undefined;
    const program = new Command('ecat').exitOverride();
    registerProvisionCommands(program, {
      deps: node.deps({ vbus: vbus.deps() }),
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      setExitCode: (c) => (code = c),
      cwd: PKG_ROOT,
    });
    await program.parseAsync(args, { from: 'user' });
    return { code, stdout, stderr };
  }

  it('--topology relative to the current directory, --dry-run, --json, and the exit codes', async () => {
    const { node, vbus } = vbusNode({ uid: 1000 });
    const dry = await cli(node, vbus, ['provision', '--virtual', '--topology', 'examples/two-axis.yaml', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`topology ${TOPOLOGY}`);
    expect(dry.stdout).toContain('           $ modprobe ecat_vbus\n');
    expect(node.fs.writes).toEqual([]);
    const { node: root, vbus: rootVbus } = vbusNode();
    const json = await cli(root, rootVbus, ['provision', '--virtual', '--topology', 'examples/two-axis.yaml', '--masters', '2', '--abi', '1.5.3', '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as ProvisionReport;
    expect(report.virtual).toEqual({ module: 'ecat_vbus', masters: 2, topology: TOPOLOGY });
    expect(report.commands.map((c) => c.display)).toContain('modprobe ecat_vbus masters=2 abi=1.5.3');
    const again = JSON.parse((await cli(root, rootVbus, ['provision', '--virtual', '--topology', 'examples/two-axis.yaml', '--masters', '2', '--abi', '1.5.3', '--json'])).stdout) as ProvisionReport;
    expect(again.changed).toBe(false);
    const usage = await cli(root, rootVbus, ['provision', '--virtual', '--nic', 'enp3s0']);
    expect(usage.code).toBe(2);
    expect(usage.stdout).toContain('error: --nic does not apply to --virtual');
    const notVirtual = await cli(root, rootVbus, ['provision', '--topology', 'examples/two-axis.yaml', '--dry-run']);
    expect(notVirtual.code).toBe(2);
  });
});
