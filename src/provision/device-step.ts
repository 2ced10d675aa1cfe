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
import { waitForPath } from './wait-device.js';

/** What is loaded, for error messages: "ec_master (main_devices=...), ec_generic". */
async function loadedSummary(probe: Probe): Promise<string> {
  const mods = await loadedModules(probe);
  const params = await masterParams(probe);
  const names = ['ec_master', ...DRIVERS.map((d) => d.module)].filter((n) => mods.has(n));
  if (names.length === 0) return 'no EtherCAT module is loaded';
  return names.map((n) => (n === 'ec_master' && params ? `ec_master (main_devices=${params.main.join(',')})` : n)).join(', ');
}

export async function checkDevices(s: Session, count: number, group: string, timeoutMs: number): Promise<{ detail: string; devices: DeviceReport[] }> {
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
        `${path} did not appear within ${formatDuration(timeoutMs)}. Loaded: ${await loadedSummary(probe)}.${dmesg.length ? `\nEnd of the kernel log (dmesg):\n${dmesg.map((l) => `  ${l}`).join('\n')}` : ''}`,
        'Is udev running (systemctl status systemd-udevd)? Does the kernel log show the master starting? A longer --timeout helps on slow machines.',
        { path, logTail: dmesg },
      );
    }
    let node = await deviceNode(probe, master);
    if (!node) throw new ProvisionError('DEVICE_TIMEOUT', `${path} disappeared again.`);
    if (!node.isCharDevice) s.warn(`${path} is not a character device; something other than the master created it`);
    const wantGid = g?.gid ?? node.gid;
    if ((node.mode & 0o777) !== DEVICE_MODE || node.gid !== wantGid) {
      // udev did not apply the rule (not running, e.g. in a container): set it now.
      s.warn(`${path} was ${node.modeText} ${node.owner}:${node.group}; udev did not apply the rule, so it was set to 0660 root:${group} directly (udev will do it from the next boot or module load).`);
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
