// SPDX-License-Identifier: MIT
// The IgH tree inspection and the generated dkms.conf: golden files for the generic driver and
// for native drivers, the configure switches, the spelling of DEST_MODULE_LOCATION, refusal of
// trees that are not IgH's and of native drivers without sources for the target kernel.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configureSwitches, makeLogPaths, renderIghDkmsConf } from '../../src/provision/dkms/package.js';
import { ProvisionError } from '../../src/provision/errors.js';
import { inspectIghTree, supportedKernels } from '../../src/provision/igh/tree.js';
import { fillTemplate } from '../../src/provision/templates.js';
import { MemFs } from '../fixtures/provision/memfs.js';
import { FIXTURE_TREE, TREE } from '../fixtures/provision/setup.js';

const TEMPLATES = fileURLToPath(new URL('../../dkms', import.meta.url));

function golden(name: string, actual: string): void {
  const path = fileURLToPath(new URL(`../fixtures/provision/golden/${name}`, import.meta.url));
  // Golden files change only on purpose: UPDATE_GOLDEN=1 rewrites them.
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, actual);
  expect(existsSync(path), `missing golden file ${name}`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

async function tree(mutate?: (fs: MemFs) => void) {
  const fs = new MemFs();
  fs.loadFromDisk(FIXTURE_TREE, TREE);
  mutate?.(fs);
  return { fs, tree: await inspectIghTree(fs, TREE) };
}

async function thrown(p: Promise<unknown>): Promise<ProvisionError> {
  try {
    await p;
  } catch (err) {
    return err as ProvisionError;
  }
  throw new Error('expected an error');
}

describe('inspectIghTree', () => {
  it('reads the version, the configure switches and which kernels each native driver supports', async () => {
    const { tree: t } = await tree();
    expect(t.version).toBe('1.6.2');
    expect(t.hasConfigure).toBe(false);
    expect(t.hasBootstrap).toBe(true);
    expect(t.switches).toEqual(expect.arrayContaining(['generic', '8139too', 'igb', 'igc', 'tool', 'userlib']));
    expect(supportedKernels(t, 'igb')).toEqual(['5.10', '6.1', '6.12']);
    expect(supportedKernels(t, 'e1000e')).toEqual(['6.1', '6.12']);
    expect(supportedKernels(t, 'igc')).toEqual(['6.12']);
    expect(supportedKernels(t, 'generic')).toEqual(['*']);
    expect(supportedKernels(t, 'genet')).toEqual([]);
  });

  it('finds the r8169 driver in either layout (devices/r8169/ or devices/)', async () => {
    const { tree: t } = await tree((fs) => fs.put(`${TREE}/devices/r8169-5.10-ethercat.c`, '/* old layout */'));
    expect(supportedKernels(t, 'r8169')).toEqual(['5.10', '6.1']);
    expect(t.drivers.get('r8169')?.get('5.10')).toBe('devices');
    expect(t.drivers.get('r8169')?.get('6.1')).toBe('devices/r8169');
  });

  it('refuses a directory that is not an IgH tree and lists everything missing', async () => {
    const fs = new MemFs();
    fs.put('/home/alice/linux/Makefile', 'VERSION = 6\n');
    fs.put('/home/alice/linux/configure.ac', 'AC_INIT([something-else], [2.0])\n');
    const e = await thrown(inspectIghTree(fs, '/home/alice/linux'));
    expect(e.code).toBe('NOT_IGH_TREE');
    expect(e.message).toContain('/home/alice/linux is not an IgH EtherCAT master source tree: missing');
    expect(e.message).toContain('configure.ac with AC_INIT([ethercat], ...)');
    expect(e.message).toContain('master/module.c');
    expect(e.message).toContain('include/ecrt.h');
    expect(e.message).toContain('devices/');
    expect(e.message).toContain('configure or bootstrap');
    expect(e.hint).toContain('gitlab.com/etherlab.org/ethercat');
    expect((e.details.missing as string[]).length).toBe(6);
  });

  it('names one missing piece of an otherwise complete tree', async () => {
    const fs = new MemFs();
    fs.loadFromDisk(FIXTURE_TREE, TREE);
    fs.remove(`${TREE}/master/ioctl.h`);
    const e = await thrown(inspectIghTree(fs, TREE));
    expect(e.details.missing).toEqual(['master/ioctl.h (the device interface)']);
  });

  it('refuses a path that does not exist or is a file', async () => {
    const fs = new MemFs();
    fs.put('/tmp/file', 'x');
    expect((await thrown(inspectIghTree(fs, '/nope'))).message).toBe('/nope does not exist.');
    expect((await thrown(inspectIghTree(fs, '/tmp/file'))).message).toBe('/tmp/file is not a directory.');
  });

  it('accepts a release tarball layout (configure script, no configure.ac)', async () => {
    const fs = new MemFs();
    fs.loadFromDisk(FIXTURE_TREE, TREE);
    fs.remove(`${TREE}/configure.ac`);
    fs.remove(`${TREE}/bootstrap`);
    fs.put(`${TREE}/configure`, "#!/bin/sh\nPACKAGE_NAME='ethercat'\nPACKAGE_VERSION='1.6.3'\n  --enable-generic  x\n  --disable-igb  y\n", 0o755);
    const t = await inspectIghTree(fs, TREE);
    expect(t.version).toBe('1.6.3');
    expect(t.hasConfigure).toBe(true);
    expect(t.switches).toEqual(['generic', 'igb']);
  });
});

describe('dkms.conf for the IgH master', () => {
  it('generic driver (golden)', async () => {
    const { tree: t } = await tree();
    const r = renderIghDkmsConf({ name: 'ethercat', version: '1.6.2', tree: t, drivers: ['generic'], kernelMm: '6.1', jobs: 4, templateDir: TEMPLATES });
    golden('dkms.conf.generic', r.content);
    expect(r.modules).toEqual([
      { name: 'ec_master', location: 'master' },
      { name: 'ec_generic', location: 'devices' },
    ]);
    expect(r.content).toContain('DEST_MODULE_LOCATION[0]="/updates/dkms"');
    expect(r.content).not.toContain('LOCALTION');
    expect(r.content).toContain('AUTOINSTALL="yes"');
    expect(r.content).toContain('make -j4 modules');
    expect(r.content).not.toMatch(/\{\{|^##/m);
  });

  it('native igb and e1000e next to generic for kernel 6.1 (golden)', async () => {
    const { tree: t } = await tree();
    const r = renderIghDkmsConf({ name: 'ethercat', version: '1.6.2', tree: t, drivers: ['generic', 'e1000e', 'igb'], kernelMm: '6.1', jobs: 8, templateDir: TEMPLATES });
    golden('dkms.conf.native', r.content);
    expect(r.modules.map((m) => `${m.name}@${m.location}`)).toEqual(['ec_master@master', 'ec_generic@devices', 'ec_e1000e@devices/e1000e', 'ec_igb@devices/igb']);
    expect(r.content).toContain('--enable-generic --disable-8139too --disable-e100 --disable-e1000 --enable-e1000e --enable-igb --disable-igc');
  });

  it('a release tarball runs configure directly; a git checkout runs ./bootstrap first', async () => {
    const { tree: git } = await tree();
    const { tree: tarball } = await tree((fs) => fs.put(`${TREE}/configure`, "#!/bin/sh\nPACKAGE_NAME='ethercat'\n", 0o755));
    const make = (t: typeof git): string => /^MAKE\[0\]="(.*)"$/m.exec(renderIghDkmsConf({ name: 'ethercat', version: '1.6.2', tree: t, drivers: ['generic'], kernelMm: '6.1', jobs: 2, templateDir: TEMPLATES }).content)?.[1] ?? '';
    expect(make(git).startsWith('./bootstrap && ./configure --with-linux-dir=${kernel_source_dir} ')).toBe(true);
    expect(make(tarball).startsWith('./configure --with-linux-dir=${kernel_source_dir} ')).toBe(true);
  });

  it('refuses a native driver without sources for the kernel, listing the kernels it has', async () => {
    const { tree: t } = await tree();
    let err: unknown;
    try {
      renderIghDkmsConf({ name: 'ethercat', version: '1.6.2', tree: t, drivers: ['igc'], kernelMm: '6.1', jobs: 2, templateDir: TEMPLATES });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProvisionError);
    expect((err as ProvisionError).code).toBe('DRIVER_UNSUPPORTED_KERNEL');
    expect((err as ProvisionError).message).toContain('(it has: 6.12)');
    expect((err as ProvisionError).hint).toContain('--driver generic');
  });

  it('never writes a value that could run as shell code into dkms.conf', async () => {
    const { tree: t } = await tree();
    const base = { tree: t, drivers: ['generic' as const], kernelMm: '6.1', jobs: 2, templateDir: TEMPLATES };
    expect(() => renderIghDkmsConf({ ...base, name: 'ethercat"; rm -rf /; "', version: '1.6.2' })).toThrow(/Invalid package name/);
    expect(() => renderIghDkmsConf({ ...base, name: 'ethercat', version: '$(reboot)' })).toThrow(/Invalid package version/);
    expect(() => renderIghDkmsConf({ ...base, name: 'ethercat', version: '1.6`id`' })).toThrow(/Invalid package version/);
  });

  it('disables only the switches the tree knows, and every other driver when it knows none', async () => {
    const { tree: t } = await tree();
    expect(configureSwitches(t, ['generic'])).toContain('--disable-tool');
    expect(configureSwitches({ ...t, switches: [] }, ['igb'])).toEqual([
      '--disable-generic', '--disable-8139too', '--disable-e100', '--disable-e1000', '--disable-e1000e', '--enable-igb', '--disable-igc', '--disable-r8169', '--disable-genet',
    ]);
  });

  it('looks for make.log where dkms leaves it after a failed and after a successful build', () => {
    expect(makeLogPaths({ name: 'ethercat', version: '1.6.2' }, '6.1.0-18-amd64', 'x86_64')).toEqual([
      '/var/lib/dkms/ethercat/1.6.2/build/make.log',
      '/var/lib/dkms/ethercat/1.6.2/6.1.0-18-amd64/x86_64/log/make.log',
    ]);
  });
});

describe('templates', () => {
  it('drops ## notes and lines of an empty placeholder, and refuses a missing value', () => {
    expect(fillTemplate('## note\na={{A}}\n{{B}}\nc\n', { A: '1', B: '' })).toBe('a=1\nc\n');
    expect(() => fillTemplate('x={{MISSING}}', {})).toThrow('{{MISSING}}');
  });
});
