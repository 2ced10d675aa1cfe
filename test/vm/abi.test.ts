// SPDX-License-Identifier: MIT
// ABI detection through real syscalls, the module's own control interface and sysfs
// attributes, and its parameters (reloading the DKMS-installed module with modprobe).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addon, DEVICE, ETHERCAT_GID, example, imageOf, inGuest, loadKernelTopology, root, sh } from './helpers.js';

const sysfs = '/sys/class/EtherCAT/EtherCAT0';
const read = (p: string): string => readFileSync(p, 'utf8').trim();
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

/** What the project's udev rule does to every node (the guest has no udevd). */
function udevLike(): void {
  for (const node of ['/dev/EtherCAT0', '/dev/EtherCAT1']) {
    if (!existsSync(node)) continue;
    sh(['chown', `0:${ETHERCAT_GID}`, node]);
    sh(['chmod', '0660', node]);
  }
}

function reloadModule(params: string[]): void {
  sh(['modprobe', '-r', 'ecat_vbus']);
  sh(['modprobe', 'ecat_vbus', ...params]);
  for (let i = 0; i < 50 && !existsSync(DEVICE); i++) sh(['sleep', '0.1']);
  udevLike();
}

describe.skipIf(!inGuest)('ABI detection and the module interface', () => {
  beforeAll(async () => {
    await loadKernelTopology(example('io-rack.yaml'));
  });

  it('detects IgH 1.6 (magic 37) through EC_IOCTL_MODULE and the probes', () => {
    const m = addon().openDevice(DEVICE, { mode: 'ro' });
    try {
      expect(m.kind).toBe('kernel');
      expect(m.detection.magic).toBe(37);
      expect(m.detection.abi.id).toBe('1.6');
      expect(m.detection.probes.length).toBeGreaterThan(0);
      expect(m.detection.probes.every((p: { result: string }) => p.result === 'ok' || typeof p.result === 'string')).toBe(true);
      expect(m.module()).toEqual({ magic: 37, masterCount: 1 });
      expect(m.master().slaveCount).toBe(4);
    } finally {
      m.close();
    }
  });

  it('reports itself: control request INFO, sysfs attributes, module parameters and version', () => {
    const info = addon().vbusKernelInfo(DEVICE);
    expect(info).toMatchObject({ version: 1, masterIndex: 0, abi: '1.6', loaded: true, slaveCount: 4, lastResult: 0, lastError: '' });
    expect(info.imageSize).toBeGreaterThan(28);
    expect(read(join(sysfs, 'vbus_abi'))).toBe('1.6 37');
    expect(read(join(sysfs, 'vbus_loaded'))).toBe('1');
    expect(read(join(sysfs, 'vbus_slaves'))).toBe('4');
    expect(read('/sys/module/ecat_vbus/parameters/masters')).toBe('1');
    expect(read('/sys/module/ecat_vbus/parameters/abi')).toBe('1.6');
    expect(read('/sys/module/ecat_vbus/version')).toBe(version);
    const st = statSync(DEVICE);
    expect(st.isCharacterDevice()).toBe(true);
    expect(read(join(sysfs, 'dev'))).toBe(`${Math.floor(st.rdev / 256)}:${st.rdev % 256}`);
  });

  it('cannot be unloaded while a file is open (the cdev holds the module)', () => {
    const m = addon().openDevice(DEVICE, { mode: 'ro' });
    try {
      expect(Number(read('/sys/module/ecat_vbus/refcnt'))).toBeGreaterThan(0); // the cdev and its fops
      expect(() => sh(['rmmod', 'ecat_vbus'])).toThrow(/in use/i);
    } finally {
      m.close();
    }
    expect(read('/sys/module/ecat_vbus/refcnt')).toBe('0');
  });

  describe('module parameters masters=2 abi=1.5.2 (modprobe of the DKMS-installed module)', () => {
    beforeAll(() => reloadModule(['masters=2', 'abi=1.5.2']));
    afterAll(() => reloadModule([]));

    it('creates /dev/EtherCAT0 and /dev/EtherCAT1, empty until a topology is loaded', () => {
      expect(statSync('/dev/EtherCAT1').isCharacterDevice()).toBe(true);
      const info = addon().vbusKernelInfo('/dev/EtherCAT1');
      expect(info).toMatchObject({ masterIndex: 1, abi: '1.5.2', loaded: false, slaveCount: 0 });
      const m = addon().openDevice('/dev/EtherCAT1', { mode: 'ro' });
      try {
        expect(m.master().slaveCount).toBe(0);
        expect(m.masterState().linkUp).toBe(false);
      } finally {
        m.close();
      }
    });

    it('detection picks 1.5.2 (magic 27) on both masters, each with its own bus', async () => {
      addon().vbusKernelLoad('/dev/EtherCAT0', await imageOf(example('io-rack.yaml')));
      addon().vbusKernelLoad('/dev/EtherCAT1', await imageOf(example('two-axis.yaml')));
      for (const [path, slaves] of [['/dev/EtherCAT0', 4], ['/dev/EtherCAT1', 2]] as const) {
        const m = addon().openDevice(path, { mode: 'ro' });
        try {
          expect(m.detection.abi.id).toBe('1.5.2');
          expect(m.module()).toEqual({ magic: 27, masterCount: 2 });
          expect(m.master().slaveCount).toBe(slaves);
        } finally {
          m.close();
        }
      }
    });
  });
});
