// SPDX-License-Identifier: MIT
// Access to /dev/EtherCAT0 as the project's udev rule sets it up (group "ethercat", mode 0660;
// no udevd runs in the guest, so `ecat provision --virtual` did what the rule would): users outside the group are refused by the
// kernel (EACCES), members may use it, a read-only open is refused write requests by the
// module (EPERM), and loading a topology needs CAP_SYS_ADMIN and the node to itself.
import { readFileSync, statSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addon, addonPath, asUser, DEVICE, ecatProcess, ETHERCAT_GID, example, imageOf, inGuest, loadKernelTopology, nodeProcess, onDevice, sh, USER_UID } from './helpers.js';

const member = { uid: USER_UID, gid: ETHERCAT_GID };
const outsider = { uid: USER_UID, gid: USER_UID };

describe.skipIf(!inGuest)('permissions of /dev/EtherCAT0', () => {
  beforeAll(async () => {
    await loadKernelTopology(example('io-rack.yaml'));
  });

  it('the node is root:ethercat 0660, as the udev rule makes it', () => {
    const st = statSync(DEVICE);
    expect(st.mode & 0o777).toBe(0o660);
    expect(st.uid).toBe(0);
    expect(st.gid).toBe(ETHERCAT_GID);
    expect(readFileSync('/etc/group', 'utf8')).toMatch(new RegExp(`^ethercat:x:${ETHERCAT_GID}:`, 'm'));
  });

  it('a user outside the group gets EACCES from the kernel, with the hint to join the group', async () => {
    const json = await asUser(outsider, () => onDevice(['--json', 'slaves']));
    expect(json.code).toBe(1);
    const error = JSON.parse(json.stdout).error as { code: string; path: string; syscall: string; hint: string };
    expect(error).toMatchObject({ code: 'EACCES', path: DEVICE, syscall: 'open' });
    expect(error.hint).toContain('ethercat');
    const text = await asUser(outsider, () => onDevice(['slaves']));
    expect(text.code).toBe(1);
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(/^error: .*(EACCES|permission denied)/im);
    expect(text.stderr).toMatch(/^hint: .*ethercat/m);
  });

  it('a member of the group reads and writes the bus (the built executable, as that user)', async () => {
    const down = ecatProcess(['--device', DEVICE, 'download', '-p', '3', '0x8000', '0x13', '777'], member);
    expect(down.stderr).toBe('');
    expect(down.code).toBe(0);
    expect((await onDevice(['upload', '-p', '3', '0x8000', '0x13'])).stdout).toBe('0x0309 777\n');
    const slaves = await asUser(member, () => onDevice(['slaves']));
    expect(slaves.code).toBe(0);
    expect(slaves.stdout.trimEnd().split('\n')).toHaveLength(4);
  });

  it('a read-only open is refused write requests by the module with EPERM', () => {
    const m = addon().openDevice(DEVICE, { mode: 'ro' });
    try {
      expect(m.writable).toBe(false);
      expect(m.slave(1).alias).toBe(0); // reading is allowed
      let err: (Error & { errno?: number; request?: string }) | undefined;
      try {
        m.slaveState(1, 4);
      } catch (e) {
        err = e as Error & { errno?: number; request?: string };
      }
      expect(err?.errno).toBe(1); // EPERM
      expect(err?.request).toBe('EC_IOCTL_SLAVE_STATE');
    } finally {
      m.close();
    }
  });

  it('with read access only (mode 0640), a member reads, gets EPERM from the module for an SDO upload, and is refused a download', async () => {
    sh(['chmod', '0640', DEVICE]);
    try {
      const slaves = await asUser(member, () => onDevice(['slaves']));
      expect(slaves.code).toBe(0);
      const up = await asUser(member, () => onDevice(['--json', 'upload', '-p', '3', '0x8000', '0x13']));
      expect(up.code).toBe(1);
      expect(JSON.parse(up.stdout).error).toMatchObject({ code: 'EPERM', errno: -1, request: 'EC_IOCTL_SLAVE_SDO_UPLOAD', path: DEVICE });
      const down = await asUser(member, () => onDevice(['download', '-p', '3', '0x8000', '0x13', '1']));
      expect(down.code).toBe(1);
      expect(down.stderr).toContain('read-only');
      expect(down.stderr).toContain('hint: ');
    } finally {
      sh(['chmod', '0660', DEVICE]);
    }
  });

  it('loading a topology needs CAP_SYS_ADMIN', () => {
    const code = `import { createRequire } from 'node:module';
      const a = createRequire(import.meta.url)(${JSON.stringify(addonPath)});
      try { a.vbusKernelLoad(${JSON.stringify(DEVICE)}, new Uint8Array(64)); console.log('loaded'); }
      catch (e) { console.log(JSON.stringify({ errno: e.errno, message: e.message })); }`;
    const r = nodeProcess(code, member);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ errno: 1 });
  });

  it('a load is refused while another file is open (EBUSY), and the bus stays', async () => {
    const image = await imageOf(example('two-axis.yaml'));
    const other = addon().openDevice(DEVICE, { mode: 'ro' });
    try {
      expect(() => addon().vbusKernelLoad(DEVICE, image)).toThrow(/busy|EBUSY|open 1 more time/i);
      expect(other.master().slaveCount).toBe(4);
    } finally {
      other.close();
    }
    expect(addon().vbusKernelLoad(DEVICE, image).slaveCount).toBe(2);
    await loadKernelTopology(example('io-rack.yaml'));
  });

  it('a bad image is refused with the core reason, readable from INFO and sysfs', async () => {
    const good = await imageOf(example('io-rack.yaml'));
    const bad = good.slice(0, good.length - 1);
    let err: (Error & { ecatCode?: string; errno?: number }) | undefined;
    try {
      addon().vbusKernelLoad(DEVICE, bad);
    } catch (e) {
      err = e as Error & { ecatCode?: string; errno?: number };
    }
    const reason = `image: total_size ${good.length} does not match the ${bad.length} bytes given`;
    expect(err?.ecatCode).toBe('BAD_TOPOLOGY');
    expect(err?.errno).toBe(22);
    expect(err?.message).toContain(reason);
    const info = addon().vbusKernelInfo(DEVICE);
    expect(info).toMatchObject({ lastResult: -22, lastError: reason, slaveCount: 4, loaded: true });
    expect(readFileSync('/sys/class/EtherCAT/EtherCAT0/vbus_last_error', 'utf8')).toBe(`${reason}\n`);
  });
});
