// SPDX-License-Identifier: MIT
// The readiness check the runtime runs before it opens /dev/EtherCAT<N>: the master module (IgH's
// ec_master, or ecat_vbus from `ecat provision --virtual`) is installed (by DKMS) for the
// running kernel and loaded, the device is present and writable by
// this process, and its ABI is one the runtime supports. By default it only explains what is
// missing, with the exact fixing command; ensureReady() provisions on explicit opt-in, as root,
// from the settings the last `ecat provision` saved. Nothing here imports the runtime: the
// caller injects probeAbi (EC_IOCTL_MODULE through the addon).
import { type Check, fail, info, ok, warn } from './checks.js';
import { groupById, isMember, userByName } from './detect/accounts.js';
import { deviceNode, devicePathFor, modeAllowsReadWrite } from './detect/devices.js';
import { dkmsStatus } from './detect/dkms.js';
import { runningKernel } from './detect/kernel.js';
import { installedModule, loadedModules, masterParams } from './detect/modules.js';
import { probeOf, type Probe } from './detect/probe.js';
import type { ProvisionDeps } from './deps.js';
import { ProvisionError } from './errors.js';
import { DRIVERS } from './igh/drivers.js';
import { findIghService } from './load/persist.js';
import { provision } from './provision.js';
import { asRoot, renderCommand } from './quote.js';
import { nodeDeps } from './real-deps.js';
import type { ProvisionReport } from './report.js';
import { readSettings, type ProvisionSettings } from './settings.js';
import { checkInteger, checkUserName } from './validate.js';
import type { DeviceProvider } from './device-step.js';
import { vbusParams } from './vbus/module.js';
import { VBUS_MODULE, VBUS_PACKAGE } from './vbus/package.js';

export interface ReadyOptions {
  /** Master index N of /dev/EtherCAT<N> (default 0). */
  master?: number;
  /** Check access for this user instead of the calling process (by mode and group membership). */
  user?: string;
  deps?: ProvisionDeps;
}

export interface ReadyReport {
  ready: boolean;
  master: number;
  device: string;
  kernel: string;
  checks: Check[];
  /** One line per failing blocking check. */
  missing: string[];
}

/** What the checks know about the node, gathered once. */
export interface Facts {
  probe: Probe;
  deps: ProvisionDeps;
  isRoot: boolean;
  kernel: string;
  settings: ProvisionSettings | null;
  /** The module meant to provide /dev/EtherCAT<N>: IgH's ec_master, or ecat_vbus (ecat provision --virtual). */
  provider: DeviceProvider;
}

/** How the messages name each provider. */
export function providerName(p: DeviceProvider): string {
  return p === 'ecat_vbus' ? 'ecat_vbus (the ecat virtual master)' : 'ec_master';
}

/**
 * Which module is meant: the one that is loaded; else the one the saved settings name; else
 * the one installed for the running kernel (IgH's first); else ec_master.
 */
export async function deviceProvider(probe: Probe, kernel: string, settings: ProvisionSettings | null): Promise<DeviceProvider> {
  const mods = await loadedModules(probe);
  if (mods.has(VBUS_MODULE)) return VBUS_MODULE;
  if (mods.has('ec_master')) return 'ec_master';
  if (settings) return settings.virtual ? VBUS_MODULE : 'ec_master';
  if ((await installedModule(probe, kernel, 'ec_master')).path) return 'ec_master';
  if ((await installedModule(probe, kernel, VBUS_MODULE)).path) return VBUS_MODULE;
  return 'ec_master';
}

export const sudo = (f: Facts, argv: string[]): string => asRoot(argv, f.isRoot);

/** The command that (re)provisions, as precise as what we know allows. */
export function provisionFix(f: Facts): string {
  if (f.settings) return sudo(f, ['ecat', 'provision', '--ensure']);
  if (f.provider === VBUS_MODULE) return sudo(f, ['ecat', 'provision', '--virtual']);
  return `${f.isRoot ? '' : 'sudo '}ecat provision --source <IgH source tree> --nic <MAC or interface>`;
}

export async function moduleChecks(f: Facts): Promise<Check[]> {
  if (f.provider === VBUS_MODULE) return vbusModuleChecks(f);
  const checks: Check[] = [];
  const installed = await installedModule(f.probe, f.kernel, 'ec_master');
  const mods = await loadedModules(f.probe);
  const loaded = mods.has('ec_master');
  if (!installed.path) {
    const status = await dkmsStatus(f.probe);
    const pkg = status.entries.find((e) => e.name === (f.settings?.package.name ?? 'ethercat'));
    const fix = pkg
      ? { commands: [sudo(f, ['dkms', 'install', '-m', pkg.name, '-v', pkg.version, '-k', f.kernel])], note: `dkms knows ${pkg.name}/${pkg.version} but has not installed it for ${f.kernel}; the whole log is in /var/lib/dkms/${pkg.name}/${pkg.version}/build/make.log if the build fails.` }
      : { commands: [provisionFix(f)] };
    const text = `ec_master is not installed for the running kernel ${f.kernel}${loaded ? ' (a loaded copy is in use, but it will be gone after a reboot)' : ''}.`;
    checks.push(loaded ? warn('module-installed', 'module', text, fix) : fail('module-installed', 'module', text, fix));
  } else if (!installed.dkms) {
    checks.push(warn('module-installed', 'module', `ec_master is installed for ${f.kernel} at ${installed.path}, but not by DKMS: a kernel update will leave it behind.`, { commands: [provisionFix(f)] }));
  } else {
    checks.push(ok('module-installed', 'module', `ec_master is DKMS-installed for ${f.kernel} (${installed.path}).`));
  }
  if (!loaded) {
    const service = await findIghService(f.probe);
    const fix = f.settings
      ? { commands: [sudo(f, ['ecat', 'provision', '--ensure'])] }
      : service
        ? { commands: [sudo(f, ['systemctl', 'start', 'ethercat.service'])], note: `IgH's service reads ${service.conf}.` }
        : // <MAC> is a placeholder to fill in, so this line is written out, not quoted.
          { commands: [`${f.isRoot ? '' : 'sudo '}modprobe ec_master main_devices=<MAC>`, sudo(f, ['modprobe', 'ec_generic'])], note: 'Use the MAC of the EtherCAT card (ip link); ecat provision --nic also makes it permanent.' };
    checks.push(fail('module-loaded', 'loaded', 'ec_master is not loaded.', fix));
  } else {
    const params = await masterParams(f.probe);
    const drivers = DRIVERS.filter((d) => mods.has(d.module)).map((d) => d.module);
    checks.push(ok('module-loaded', 'loaded', `ec_master is loaded (main_devices=${params?.main.join(',') || 'none'})${drivers.length ? ` with ${drivers.join(', ')}` : ''}.`));
    if (drivers.length === 0) {
      checks.push(warn('driver-loaded', 'driver', 'No EtherCAT network driver is loaded: the master has no card and sees no bus.', { commands: [sudo(f, ['modprobe', 'ec_generic'])] }));
    }
  }
  return checks;
}

/** The module checks for ecat_vbus.ko (no network card, no driver modules). */
async function vbusModuleChecks(f: Facts): Promise<Check[]> {
  const checks: Check[] = [];
  const name = providerName(VBUS_MODULE);
  const installed = await installedModule(f.probe, f.kernel, VBUS_MODULE);
  const params = await vbusParams(f.probe);
  if (!installed.path) {
    const status = await dkmsStatus(f.probe);
    const pkg = status.entries.find((e) => e.name === VBUS_PACKAGE);
    const fix = pkg
      ? { commands: [sudo(f, ['dkms', 'install', '-m', pkg.name, '-v', pkg.version, '-k', f.kernel])], note: `dkms knows ${pkg.name}/${pkg.version} but has not installed it for ${f.kernel}; ecat provision --virtual builds and installs it.` }
      : { commands: [provisionFix(f)] };
    const text = `${name} is not installed for the running kernel ${f.kernel}${params ? ' (a loaded copy is in use, but it will be gone after a reboot)' : ''}.`;
    checks.push(params ? warn('module-installed', 'module', text, fix) : fail('module-installed', 'module', text, fix));
  } else if (!installed.dkms) {
    checks.push(warn('module-installed', 'module', `${name} is installed for ${f.kernel} at ${installed.path}, but not by DKMS: a kernel update will leave it behind.`, { commands: [provisionFix(f)] }));
  } else {
    checks.push(ok('module-installed', 'module', `${name} is DKMS-installed for ${f.kernel} (${installed.path}).`));
  }
  if (!params) checks.push(fail('module-loaded', 'loaded', `${name} is not loaded.`, { commands: [provisionFix(f)], note: 'It loads the module, sets the group and mode of /dev/EtherCAT<N> and loads the topology.' }));
  else checks.push(ok('module-loaded', 'loaded', `${name} is loaded (masters=${params.masters}, abi=${params.abi}).`));
  return checks;
}

export async function deviceChecks(f: Facts, master: number, user: string | undefined): Promise<Check[]> {
  const path = devicePathFor(master);
  const node = await deviceNode(f.probe, master);
  if (!node) {
    if (f.provider === VBUS_MODULE) {
      const vp = await vbusParams(f.probe);
      if (vp && vp.masters <= master) {
        return [fail('device-present', 'device', `${path} does not exist: ${VBUS_MODULE} was loaded with masters=${vp.masters}, so there is no master ${master}.`, { commands: [sudo(f, ['ecat', 'provision', '--virtual', '--masters', String(master + 1)])] })];
      }
      const why = vp ? `${VBUS_MODULE} is loaded, so something removed the node (devtmpfs creates it)` : `${providerName(VBUS_MODULE)} is not loaded`;
      return [fail('device-present', 'device', `${path} does not exist: ${why}.`, { commands: [provisionFix(f)] })];
    }
    const params = await masterParams(f.probe);
    if (params && params.main.length <= master) {
      return [fail('device-present', 'device', `${path} does not exist: ec_master was loaded with ${params.main.length} master(s) (main_devices=${params.main.join(',')}), so there is no master ${master}.`, { commands: [provisionFix(f)], note: 'Give one --nic per master.' })];
    }
    const why = params ? 'ec_master is loaded, so udev did not create it (is systemd-udevd running?)' : 'ec_master is not loaded';
    return [fail('device-present', 'device', `${path} does not exist: ${why}.`, { commands: [params ? sudo(f, ['udevadm', 'trigger', '--action=add', '--subsystem-match=EtherCAT']) : provisionFix(f)] })];
  }
  const checks: Check[] = [];
  const desc = `${path} (${node.modeText} ${node.owner}:${node.group})`;
  checks.push(ok('device-present', 'device', `${desc} exists${f.provider === VBUS_MODULE ? `, provided by ${providerName(VBUS_MODULE)}` : ''}.`));
  if (node.mode & 0o002) {
    checks.push(warn('device-world-writable', 'device', `${desc} is writable by every user; any local process can take over the bus.`, { commands: [provisionFix(f)], note: 'Remove udev rules that set MODE="0666"/"0777" for EtherCAT (grep -r EtherCAT /etc/udev/rules.d); ecat provision installs a 0660 group rule.' }));
  }
  checks.push(await writableCheck(f, node, desc, user));
  return checks;
}

async function writableCheck(f: Facts, node: NonNullable<Awaited<ReturnType<typeof deviceNode>>>, desc: string, user: string | undefined): Promise<Check> {
  const id = f.deps.identity();
  const name = user ?? id.user;
  const wantGroup = f.settings?.group ?? 'ethercat';
  const how = !f.settings && f.provider === VBUS_MODULE ? '--virtual' : '--ensure';
  const ruleFix = { commands: [sudo(f, ['ecat', 'provision', how, '--group', wantGroup, '--user', name])], note: 'Installs the udev rule (group read-write, mode 0660) and adds the user to the group; log in again afterwards.' };
  if (user === undefined) {
    const open = await f.deps.openCheck(node.path);
    if (open.ok) return ok('device-writable', 'access', `${desc} opens read-write for ${name}.`);
    if (open.code !== 'EACCES' && open.code !== 'EPERM') return fail('device-writable', 'access', `${desc} does not open read-write: ${open.code ?? 'error'}.`);
  } else {
    const u = await userByName(f.probe, user);
    if (!u) return fail('device-writable', 'access', `There is no user ${user}.`);
    const gids = [u.gid];
    const g = await groupById(f.probe, node.gid);
    if (g && (await isMember(f.probe, user, g))) gids.push(node.gid);
    if (modeAllowsReadWrite(node, u.uid, gids)) return ok('device-writable', 'access', `${desc} is read-write for ${user}.`);
  }
  // Not writable: say why and what fixes it.
  const group = await groupById(f.probe, node.gid);
  if (!group || node.gid === 0 || (node.mode & 0o060) !== 0o060) {
    return fail('device-writable', 'access', `${desc} is not writable by ${name}: no udev rule gives a group read-write access.`, ruleFix);
  }
  const member = await isMember(f.probe, name, group);
  if (member && user === undefined && !id.groups.includes(node.gid)) {
    return fail('device-writable', 'access', `${name} is in group ${group.name}, but this session started before that.`, { commands: ['newgrp ' + group.name], note: 'Or log out and back in (a running session keeps its groups).' });
  }
  if (!member) {
    return fail('device-writable', 'access', `${desc} is not writable by ${name}: ${name} is not in group ${group.name}.`, { commands: [sudo(f, ['usermod', '-aG', group.name, name])], note: 'Log out and back in afterwards.' });
  }
  return fail('device-writable', 'access', `${desc} is not writable by ${name}.`, ruleFix);
}

export async function abiCheck(f: Facts, master: number): Promise<Check> {
  const path = devicePathFor(master);
  const abi = await f.deps.probeAbi(path);
  if (abi.status === 'supported') return ok('abi', 'ABI', `The module speaks ABI ${abi.abi ?? ''}${abi.magic !== undefined ? ` (magic ${abi.magic})` : ''}.`.replace('ABI  (', 'ABI ('));
  if (abi.status === 'unsupported') {
    return fail('abi', 'ABI', `The module's ABI is not supported: ${abi.message ?? `magic ${abi.magic}`}.`, { commands: [provisionFix(f)], note: 'Build an IgH version ecat supports (ecat abi lists them) with --rebuild.' });
  }
  return info('abi', 'ABI', `ABI not checked: ${abi.message ?? 'no probe available'}.`);
}

export async function gatherFacts(deps: ProvisionDeps): Promise<Facts> {
  const probe = probeOf(deps);
  const isRoot = deps.identity().uid === 0;
  const settings = await readSettings(deps.fs, isRoot).catch(() => null);
  const kernel = await runningKernel(probe);
  return { probe, deps, isRoot, kernel, settings, provider: await deviceProvider(probe, kernel, settings) };
}

/** The blocking checks, for a master. Never changes anything. */
export async function checkReady(options: ReadyOptions = {}): Promise<ReadyReport> {
  const deps = options.deps ?? nodeDeps();
  const master = checkInteger(options.master ?? 0, 'master index', 0, 255);
  const user = options.user !== undefined ? checkUserName(options.user) : undefined;
  const f = await gatherFacts(deps);
  const checks = [...(await moduleChecks(f)), ...(await deviceChecks(f, master, user))];
  if (checks.find((c) => c.id === 'device-present')?.status === 'ok') checks.push(await abiCheck(f, master));
  return summarize(master, f.kernel, checks);
}

export function summarize(master: number, kernel: string, checks: Check[]): ReadyReport {
  const failing = checks.filter((c) => c.blocking && c.status === 'fail');
  return { ready: failing.length === 0, master, device: devicePathFor(master), kernel, checks, missing: failing.map((c) => c.message) };
}

/** The error ensureReady throws: every missing piece with its fix. */
export function notReadyError(report: ReadyReport): ProvisionError {
  const failing = report.checks.filter((c) => c.blocking && c.status === 'fail');
  const lines = failing.map((c) => `- ${c.message}${c.fix ? `\n  fix: ${c.fix.commands.join(' && ')}${c.fix.note ? `\n  (${c.fix.note})` : ''}` : ''}`);
  return new ProvisionError('NOT_READY', `${report.device} is not ready:\n${lines.join('\n')}`, failing[0]?.fix ? `Run: ${failing[0].fix.commands.join(' && ')}` : undefined, { checks: failing });
}

export interface EnsureOptions extends ReadyOptions {
  /** Provision what is missing (as root, from /etc/ecat/provision.json). Default false: only explain. */
  provisionIfMissing?: boolean;
}

export interface EnsureResult {
  ready: ReadyReport;
  /** The provisioning run, when one was needed and allowed. */
  provisioned?: ProvisionReport;
}

/**
 * Make sure the device can be opened. Without `provisionIfMissing` (or when not root, or
 * without saved settings) a device that is not ready throws NOT_READY, whose message lists
 * what is missing and the commands that fix it.
 */
export async function ensureReady(options: EnsureOptions = {}): Promise<EnsureResult> {
  const deps = options.deps ?? nodeDeps();
  const first = await checkReady({ ...options, deps });
  if (first.ready) return { ready: first };
  if (!options.provisionIfMissing) throw notReadyError(first);
  if (deps.identity().uid !== 0) {
    const e = notReadyError(first);
    throw new ProvisionError('NOT_READY', `${e.message}\nProvisioning was requested, but it needs root.`, `Run: sudo ${renderCommand(['ecat', 'provision', '--ensure'])}`, e.details);
  }
  const settings = await readSettings(deps.fs, true);
  if (!settings) {
    const e = notReadyError(first);
    throw new ProvisionError('NOT_READY', `${e.message}\nProvisioning was requested, but no settings were saved (/etc/ecat/provision.json).`, 'Run ecat provision once with --source and --nic.', e.details);
  }
  const provisioned = await provision({ ensure: true }, deps);
  if (!provisioned.ok) {
    throw new ProvisionError('NOT_READY', `Provisioning ${first.device} failed: ${provisioned.summary}`, (provisioned.error?.hint as string | undefined) ?? 'Run ecat provision --ensure to see the whole report.', { report: provisioned.error });
  }
  const after = await checkReady({ ...options, deps });
  if (!after.ready) throw notReadyError(after);
  return { ready: after, provisioned };
}

