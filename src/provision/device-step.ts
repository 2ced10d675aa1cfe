// SPDX-License-Identifier: MIT
// The last check of a run: /dev/EtherCAT<N> exists for every master (waiting for udev up to
// the timeout), has the group and mode the udev rule sets (fixed directly, with a warning,
// when udev did not apply it; never left writable by others), opens read-write, and which ABI
// the module speaks (EC_IOCTL_MODULE through the injected probe).
import { groupByName } from './detect/accounts.js';
import { deviceNode, devicePathFor } from './detect/devices.js';
import { loadedModules, masterParams } from './detect/modules.js';
import type { Probe } from './detect/probe.js';
import { ProvisionError } from './errors.js';
import { DRIVERS } from './igh/drivers.js';
import { dmesgTail } from './load/modules.js';
import { DEVICE_MODE } from './permissions.js';
import type { DeviceReport } from './report.js';
import { modeString } from './report.js';
import type { Session } from './session.js';
import { formatDuration } from './text.js';
import { vbusParams } from './vbus/module.js';
import { waitForPath } from './wait-device.js';

/** The module that provides /dev/EtherCAT<N>: IgH's master, or the project's virtual master. */
export type DeviceProvider = 'ec_master' | 'ecat_vbus';

/** What is loaded, for error messages: "ec_master (main_devices=...), ec_generic". */
async function loadedSummary(probe: Probe, provider: DeviceProvider): Promise<string> {
  const mods = await loadedModules(probe);
  if (provider === 'ecat_vbus') {
    const p = await vbusParams(probe);
    return p ? `ecat_vbus (masters=${p.masters}, abi=${p.abi})` : 'ecat_vbus is not loaded';
  }
  const params = await masterParams(probe);
  const names = ['ec_master', ...DRIVERS.map((d) => d.module)].filter((n) => mods.has(n));
  if (names.length === 0) return 'no EtherCAT module is loaded';
  return names.map((n) => (n === 'ec_master' && params ? `ec_master (main_devices=${params.main.join(',')})` : n)).join(', ');
}

/** systemd-udevd (and eudev) listen on this socket; without it nothing applies udev rules. */
export const UDEV_CONTROL = '/run/udev/control';

export async function checkDevices(s: Session, count: number, group: string, timeoutMs: number, provider: DeviceProvider = 'ec_master'): Promise<{ detail: string; devices: DeviceReport[] }> {
  const probe: Probe = { fs: s.deps.fs, run: (argv) => s.query(argv) };
  const devices: DeviceReport[] = [];
  const g = await groupByName(probe, group);
  const lines: string[] = [];
  for (let master = 0; master < count; master++) {
    const path = devicePathFor(master);
    const waited = await waitForPath(s.deps, path, timeoutMs);
    if (!waited.found) {
      const dmesg = await dmesgTail(probe);
      throw new ProvisionError(
        'DEVICE_TIMEOUT',
        `${path} did not appear within ${formatDuration(timeoutMs)}. Loaded: ${await loadedSummary(probe, provider)}.${dmesg.length ? `\nEnd of the kernel log (dmesg):\n${dmesg.map((l) => `  ${l}`).join('\n')}` : ''}`,
        'Is udev running (systemctl status systemd-udevd)? Does the kernel log show the master starting? A longer --timeout helps on slow machines.',
        { path, logTail: dmesg },
      );
    }
    let node = await deviceNode(probe, master);
    if (!node) throw new ProvisionError('DEVICE_TIMEOUT', `${path} disappeared again.`);
    if (!node.isCharDevice) s.warn(`${path} is not a character device; something other than the master created it`);
    const wantGid = g?.gid ?? node.gid;
    if ((node.mode & 0o777) !== DEVICE_MODE || node.gid !== wantGid) {
      // udev did not apply the rule (not running, e.g. in a container or a VM without it): set it now.
      const udevd = (await s.deps.fs.stat(UDEV_CONTROL)) !== null;
      s.warn(
        udevd
          ? `${path} was ${node.modeText} ${node.owner}:${node.group}; udev did not apply the rule, so it was set to 0660 root:${group} directly (udev will do it from the next boot or module load).`
          : `${path} was ${node.modeText} ${node.owner}:${node.group}; udev did not apply the rule: no udev daemon runs here (no ${UDEV_CONTROL}), so it was set to 0660 root:${group} directly, as the rule would (after every module load, run ecat provision again, or start udev).`,
      );
      s.recordFile({ path, action: 'chown', executed: !s.dryRun, detail: `group ${group}` });
      s.recordFile({ path, action: 'chmod', executed: !s.dryRun, mode: DEVICE_MODE });
      if (!s.dryRun) {
        await s.deps.fs.chown(path, node.uid, wantGid);
        await s.deps.fs.chmod(path, DEVICE_MODE);
        node = (await deviceNode(probe, master)) ?? node;
      }
    }
    const open = await s.deps.openCheck(path);
    if (!open.ok) {
      throw new ProvisionError('DEVICE_NOT_WRITABLE', `${path} exists (${node.modeText} ${node.owner}:${node.group}) but does not open read-write: ${open.code ?? 'error'}.`, 'ecat doctor explains what is missing; check that no security module (AppArmor, SELinux) denies access.', { path, errno: open.code });
    }
    const abi = await s.deps.probeAbi(path);
    if (abi.status === 'unsupported') s.warn(`${path}: the module's ABI is not supported by this ecat: ${abi.message ?? `magic ${abi.magic}`}`);
    devices.push({ master, path, present: true, mode: modeString(node.mode), owner: node.owner, group: node.group, openable: true, abi });
    const abiText = abi.status === 'supported' ? `ABI ${abi.abi ?? ''}${abi.magic !== undefined ? ` (magic ${abi.magic})` : ''}`.trim() : abi.status === 'unknown' ? 'ABI not probed' : 'ABI unsupported';
    lines.push(`${path} ${modeString(node.mode)} ${node.owner}:${node.group}, opens read-write, ${abiText}${waited.waitedMs > 0 ? ` (appeared after ${formatDuration(waited.waitedMs)})` : ''}`);
  }
  return { detail: lines.join('; '), devices };
}
