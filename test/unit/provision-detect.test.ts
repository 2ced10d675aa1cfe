// SPDX-License-Identifier: MIT
// Detection: dkms status in every format dkms 2.x/3.x prints, /proc/modules and ec_master's
// parameters, installed modules, /dev/EtherCAT nodes, RT limits and PREEMPT_RT, network cards
// from sysfs (virtual ones excluded), accounts with and without getent, and the strict input
// patterns and shell-safe quoting everything else relies on.
import { describe, expect, it } from 'vitest';
import { compareVersions, detectDkms, parseDkmsStatus, stateFor } from '../../src/provision/detect/dkms.js';
import { deviceNodes, modeAllowsReadWrite } from '../../src/provision/detect/devices.js';
import { groupByName, isMember } from '../../src/provision/detect/accounts.js';
import { installedKernels, kernelHeaders, runningKernel } from '../../src/provision/detect/kernel.js';
import { installedModule, masterParams, parseProcModules } from '../../src/provision/detect/modules.js';
import { networkCards } from '../../src/provision/detect/nics.js';
import { osFamily } from '../../src/provision/detect/os.js';
import { probeOf } from '../../src/provision/detect/probe.js';
import { detectRt, parseLimit } from '../../src/provision/detect/rt.js';
import { quoteArg, renderCommand } from '../../src/provision/quote.js';
import { checkGroupName, checkInterfaceName, checkKernelRelease, checkMacAddress, checkPackageVersion, kernelMajorMinor } from '../../src/provision/validate.js';
import { FakeNode } from '../fixtures/provision/node.js';

describe('dkms status parsing', () => {
  it('reads dkms 3.x lines', () => {
    const s = parseDkmsStatus('ethercat/1.6.2, 6.1.0-18-amd64, x86_64: installed\nethercat/1.6.2, 6.1.0-17-amd64, x86_64: built\nv4l2loopback/0.12.7: added\n');
    expect(s.entries).toEqual([
      { name: 'ethercat', version: '1.6.2', kernel: '6.1.0-18-amd64', arch: 'x86_64', state: 'installed' },
      { name: 'ethercat', version: '1.6.2', kernel: '6.1.0-17-amd64', arch: 'x86_64', state: 'built' },
      { name: 'v4l2loopback', version: '0.12.7', state: 'added' },
    ]);
    expect(s.other).toEqual([]);
  });

  it('reads dkms 2.x lines (comma between name and version)', () => {
    const s = parseDkmsStatus('ethercat, 1.5.2, 5.10.0-28-amd64, x86_64: installed\nnvidia, 470.223.02: added\n');
    expect(s.entries[0]).toEqual({ name: 'ethercat', version: '1.5.2', kernel: '5.10.0-28-amd64', arch: 'x86_64', state: 'installed' });
    expect(s.entries[1]).toEqual({ name: 'nvidia', version: '470.223.02', state: 'added' });
  });

  it('keeps notes and weak-module states, and sets error lines apart', () => {
    const s = parseDkmsStatus(
      [
        'ethercat/1.6.2, 6.1.0-18-amd64, x86_64: installed (original_module exists)',
        'ethercat/1.6.2, 6.8.0-45-generic, x86_64: installed (WARNING! Diff between built and installed module!)',
        'ethercat, 1.5.2, 5.14.0-70.el9.x86_64, x86_64: installed-weak from 5.14.0-70.13.1.el9_0.x86_64',
        'Error! Could not locate dkms.conf file.',
        'File: /usr/src/broken-1.0/dkms.conf does not exist.',
      ].join('\n'),
    );
    expect(s.entries.map((e) => [e.state, e.note])).toEqual([
      ['installed', 'original_module exists'],
      ['installed', 'WARNING! Diff between built and installed module!'],
      ['installed-weak', 'from 5.14.0-70.13.1.el9_0.x86_64'],
    ]);
    expect(s.other).toEqual(['Error! Could not locate dkms.conf file.', 'File: /usr/src/broken-1.0/dkms.conf does not exist.']);
  });

  it('answers the state of one package for one kernel', () => {
    const s = parseDkmsStatus('ethercat/1.6.2, 6.1.0-18-amd64, x86_64: built\nethercat/1.6.1, 6.1.0-17-amd64, x86_64: installed\n');
    expect(stateFor(s, 'ethercat', '1.6.2', '6.1.0-18-amd64')).toBe('built');
    expect(stateFor(s, 'ethercat', '1.6.2', '6.1.0-17-amd64')).toBe('added');
    expect(stateFor(s, 'ethercat', '1.7.0', '6.1.0-18-amd64')).toBeNull();
  });

  it('detects dkms and whether it has unbuild (3.0 and later)', async () => {
    expect(await detectDkms(probeOf(new FakeNode({ dkmsVersion: '3.0.10' }).deps()))).toEqual({ present: true, version: '3.0.10', hasUnbuild: true });
    expect(await detectDkms(probeOf(new FakeNode({ dkmsVersion: '2.8.7' }).deps()))).toEqual({ present: true, version: '2.8.7', hasUnbuild: false });
    expect(await detectDkms(probeOf(new FakeNode({ dkmsVersion: null }).deps()))).toEqual({ present: false, version: '', hasUnbuild: false });
    expect(compareVersions('2.8.10', '2.8.9')).toBe(1);
    expect(compareVersions('3.0', '3.0.0')).toBe(0);
  });
});

describe('kernel modules', () => {
  it('parses /proc/modules with users and reference counts', () => {
    expect(parseProcModules('ec_generic 16384 0 - Live 0x0\nec_master 352256 2 ec_generic, Live 0x0\n')).toEqual([
      { name: 'ec_generic', size: 16384, refcount: 0, usedBy: [] },
      { name: 'ec_master', size: 352256, refcount: 2, usedBy: ['ec_generic'] },
    ]);
  });

  it("reads ec_master's main_devices and backup_devices from sysfs", async () => {
    const node = new FakeNode();
    node.fs.put('/lib/modules/6.1.0-18-amd64/updates/dkms/ec_master.ko', 'm');
    const probe = probeOf(node.deps());
    expect(await masterParams(probe)).toBeNull();
    node.spawn('modprobe', ['ec_master', 'main_devices=00:1B:21:AA:BB:CC,00:1b:21:aa:bb:dd', 'backup_devices=,00:1b:21:aa:bb:ee']);
    expect(await masterParams(probe)).toEqual({ main: ['00:1b:21:aa:bb:cc', '00:1b:21:aa:bb:dd'], backup: ['', '00:1b:21:aa:bb:ee'] });
  });

  it('finds installed modules through modinfo -k, and in updates/dkms when modinfo misses them', async () => {
    const node = new FakeNode({ missingTools: ['modinfo'] });
    node.fs.put('/lib/modules/6.1.0-18-amd64/updates/dkms/ec_master.ko.zst', 'm');
    expect(await installedModule(probeOf(node.deps()), '6.1.0-18-amd64', 'ec_master')).toEqual({ name: 'ec_master', path: '/lib/modules/6.1.0-18-amd64/updates/dkms/ec_master.ko.zst', dkms: true });
    expect((await installedModule(probeOf(node.deps()), '6.1.0-18-amd64', 'ec_generic')).path).toBe('');
    const node2 = new FakeNode();
    expect(await installedModule(probeOf(node2.deps()), '6.1.0-18-amd64', 'igb')).toEqual({ name: 'igb', path: '/lib/modules/6.1.0-18-amd64/kernel/drivers/net/igb.ko', dkms: false });
    expect(node2.commandLines('modinfo')).toEqual(['modinfo -k 6.1.0-18-amd64 -F filename igb']);
  });
});

describe('kernel, headers, devices, RT', () => {
  it('reads the running kernel and which kernels have headers', async () => {
    const node = new FakeNode({ headers: ['6.1.0-18-amd64'], kernels: ['6.1.0-18-amd64', '6.1.0-17-amd64'] });
    const probe = probeOf(node.deps());
    expect(await runningKernel(probe)).toBe('6.1.0-18-amd64');
    expect(await kernelHeaders(probe, '6.1.0-18-amd64')).toEqual({ kernel: '6.1.0-18-amd64', present: true, path: '/lib/modules/6.1.0-18-amd64/build' });
    expect((await kernelHeaders(probe, '6.1.0-17-amd64')).present).toBe(false);
    expect(await installedKernels(probe)).toEqual(['6.1.0-17-amd64', '6.1.0-18-amd64']);
  });

  it('lists /dev/EtherCAT nodes with owner, group and mode', async () => {
    const node = new FakeNode();
    node.spawn('groupadd', ['-r', 'ethercat']);
    const gid = node.groups.get('ethercat')?.gid ?? -1;
    node.fs.mknod('/dev/EtherCAT1', 0o660, 0, gid);
    node.fs.mknod('/dev/EtherCAT0', 0o600, 0, 0);
    node.fs.put('/dev/EtherCATfoo', 'x');
    const nodes = await deviceNodes(probeOf(node.deps()));
    expect(nodes.map((n) => [n.path, n.modeText, n.owner, n.group, n.isCharDevice])).toEqual([
      ['/dev/EtherCAT0', '0600', 'root', 'root', true],
      ['/dev/EtherCAT1', '0660', 'root', 'ethercat', true],
    ]);
    expect(modeAllowsReadWrite({ mode: 0o660, uid: 0, gid }, 1000, [1000, gid])).toBe(true);
    expect(modeAllowsReadWrite({ mode: 0o664, uid: 0, gid }, 1000, [1000])).toBe(false);
    expect(modeAllowsReadWrite({ mode: 0o600, uid: 0, gid: 0 }, 0, [])).toBe(true);
  });

  it('reads RLIMIT_RTPRIO/RLIMIT_MEMLOCK and PREEMPT_RT from sysfs or uname -v', async () => {
    expect(parseLimit('Max realtime priority     99                   99\n', 'Max realtime priority')).toEqual({ soft: 99, hard: 99 });
    expect(parseLimit('Max locked memory         unlimited            unlimited            bytes\n', 'Max locked memory')).toEqual({ soft: null, hard: null });
    const node = new FakeNode();
    let rt = await detectRt(probeOf(node.deps()));
    expect(rt.rtprio).toEqual({ soft: 0, hard: 0 });
    expect(rt.memlock).toEqual({ soft: 8388608, hard: 8388608 });
    expect([rt.preemptRt, rt.preemptSource]).toEqual([false, 'none']);
    node.fs.put('/proc/sys/kernel/version', '#1 SMP PREEMPT_RT Debian 6.1.76-1 (2024-02-01)\n');
    rt = await detectRt(probeOf(node.deps()));
    expect([rt.preemptRt, rt.preemptSource]).toEqual([true, 'uname']);
    node.fs.put('/sys/kernel/realtime', '1\n');
    expect((await detectRt(probeOf(node.deps()))).preemptSource).toBe('sysfs');
  });
});

describe('network cards', () => {
  it('lists physical cards with MAC, driver, module, bus address and link state; no lo, no virtual ones', async () => {
    const cards = await networkCards(probeOf(new FakeNode().deps()));
    expect(cards).toEqual([
      { name: 'eno1', mac: '3c:ec:ef:00:00:01', driver: 'e1000e', module: 'e1000e', bus: 'pci', busAddress: '0000:00:1f.6', operstate: 'up', carrier: true },
      { name: 'enp3s0', mac: '00:1b:21:aa:bb:cc', driver: 'igb', module: 'igb', bus: 'pci', busAddress: '0000:03:00.0', operstate: 'down', carrier: true },
    ]);
  });
});

describe('accounts', () => {
  it('uses getent, and /etc/group when getent is missing', async () => {
    const node = new FakeNode();
    node.spawn('groupadd', ['-r', 'ethercat']);
    node.spawn('usermod', ['-aG', 'ethercat', 'alice']);
    const probe = probeOf(node.deps());
    const g = await groupByName(probe, 'ethercat');
    expect(g?.members).toEqual(['alice']);
    expect(await isMember(probe, 'alice', g!)).toBe(true);
    expect(await isMember(probe, 'root', g!)).toBe(false);
    const bare = new FakeNode({ missingTools: ['getent'] });
    bare.fs.put('/etc/group', 'root:x:0:\nethercat:x:990:bob,carol\n');
    expect(await groupByName(probeOf(bare.deps()), 'ethercat')).toEqual({ name: 'ethercat', gid: 990, members: ['bob', 'carol'] });
    expect(await groupByName(probeOf(bare.deps()), 'nope')).toBeNull();
  });

  it('tells the distribution family from os-release', async () => {
    const fam = async (text: string) => {
      const n = new FakeNode({ osRelease: text });
      return osFamily(probeOf(n.deps()));
    };
    expect(await fam('ID=debian\n')).toBe('debian');
    expect(await fam('ID=ubuntu\nID_LIKE=debian\n')).toBe('debian');
    expect(await fam('ID="rocky"\nID_LIKE="rhel centos fedora"\n')).toBe('fedora');
    expect(await fam('ID=alpine\n')).toBe('');
  });
});

describe('input patterns and quoting', () => {
  it('accepts real values and normalizes MACs', () => {
    expect(checkKernelRelease('6.1.0-18-amd64')).toBe('6.1.0-18-amd64');
    expect(checkKernelRelease('6.6.21-rt26-v8+')).toBe('6.6.21-rt26-v8+');
    expect(kernelMajorMinor('6.12.3-arch1-1')).toBe('6.12');
    expect(checkMacAddress('00:1B:21:AA:BB:CC')).toBe('00:1b:21:aa:bb:cc');
    expect(checkInterfaceName('enp3s0')).toBe('enp3s0');
    expect(checkGroupName('ethercat')).toBe('ethercat');
    expect(checkPackageVersion('1.6.2+git20240101')).toBe('1.6.2+git20240101');
  });

  it('refuses path tricks, shell characters and odd MACs', () => {
    for (const bad of ['../../etc', '6.1/../../x', '6.1.0 -rf', '6.1.0;reboot', '']) expect(() => checkKernelRelease(bad)).toThrow(/Invalid kernel release/);
    for (const bad of ['00:1b:21:aa:bb', '00-1b-21-aa-bb-cc', 'ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00', '00:1b:21:aa:bb:cc;x']) expect(() => checkMacAddress(bad)).toThrow(/Invalid MAC address/);
    for (const bad of ['..', 'eth0/../x', 'a very long name!', '-rf']) expect(() => checkInterfaceName(bad)).toThrow(/Invalid interface name/);
    for (const bad of ['Root', 'wheel;id', '1group', '-g']) expect(() => checkGroupName(bad)).toThrow(/Invalid group name/);
    expect(() => checkMacAddress('\u001b[31m')).toThrow("Invalid MAC address '?[31m'");
  });

  it('renders argument arrays so that a shell gets exactly those arguments', () => {
    expect(renderCommand(['dkms', 'build', '-m', 'ethercat', '-v', '1.6.2', '-k', '6.1.0-18-amd64'])).toBe('dkms build -m ethercat -v 1.6.2 -k 6.1.0-18-amd64');
    expect(quoteArg("it's")).toBe(`'it'\\''s'`);
    expect(quoteArg('$(reboot)')).toBe("'$(reboot)'");
    expect(quoteArg('')).toBe("''");
    expect(quoteArg('a b')).toBe("'a b'");
  });
});
