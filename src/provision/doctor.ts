// SPDX-License-Identifier: MIT
// `ecat doctor`: the readiness checks plus everything around them that a user needs to know:
// headers for rebuilding after kernel updates, dkms and what it has built for which kernel,
// the network cards and whether the saved ones are still there, real-time limits and
// PREEMPT_RT. Each finding comes with the exact command that fixes it. Read-only; runs as any
// user.
import { type Check, info, ok, warn } from './checks.js';
import { dkmsStatus, detectDkms, type DkmsStatusEntry } from './detect/dkms.js';
import { headersInstallCommand, installedKernels, kernelHeaders } from './detect/kernel.js';
import { masterParams } from './detect/modules.js';
import { describeCard, networkCards, type NetworkCard } from './detect/nics.js';
import { installCommand, osFamily } from './detect/os.js';
import { detectRt, type RtInfo } from './detect/rt.js';
import type { ProvisionDeps } from './deps.js';
import { nodeDeps } from './real-deps.js';
import { type Facts, type ReadyOptions, type ReadyReport, abiCheck, deviceChecks, gatherFacts, moduleChecks, sudo, summarize } from './ready.js';
import { SETTINGS_PATH } from './settings.js';
import { checkInteger, checkUserName } from './validate.js';
import { VBUS_MODULE, VBUS_PACKAGE } from './vbus/package.js';

export interface DoctorReport extends ReadyReport {
  system: {
    kernel: string;
    arch: string;
    headers: boolean;
    dkms: { present: boolean; version: string; entries: DkmsStatusEntry[] };
    cards: NetworkCard[];
    rt: RtInfo;
    settings: boolean;
  };
}

/** 64 MiB: below this, mlockall of a Node process fails. */
const MEMLOCK_MIN = 64 * 1024 * 1024;

async function systemChecks(f: Facts, family: string): Promise<{ checks: Check[]; headers: boolean; dkms: DoctorReport['system']['dkms'] }> {
  const checks: Check[] = [];
  const headers = await kernelHeaders(f.probe, f.kernel);
  const headersCmd = headersInstallCommand(family, f.kernel);
  checks.push(
    headers.present
      ? ok('headers', 'kernel', `Running kernel ${f.kernel}; headers present (${headers.path}).`)
      : warn('headers', 'kernel', `Running kernel ${f.kernel}; no headers (${headers.path}): DKMS cannot build the master for it.`, headersCmd ? { commands: [sudo(f, headersCmd)] } : undefined),
  );
  const d = await detectDkms(f.probe);
  const status = d.present ? await dkmsStatus(f.probe) : { entries: [], other: [] };
  if (!d.present) {
    const cmd = installCommand(family, ['dkms']);
    checks.push(warn('dkms', 'dkms', 'dkms is not installed: the master cannot be rebuilt for new kernels.', cmd ? { commands: [sudo(f, cmd)] } : undefined));
  } else {
    const name = f.settings?.package.name ?? (f.provider === VBUS_MODULE ? VBUS_PACKAGE : 'ethercat');
    const mine = status.entries.filter((e) => e.name === name);
    checks.push(ok('dkms', 'dkms', `dkms ${d.version}; ${mine.length ? mine.map((e) => `${e.name}/${e.version}${e.kernel ? ` ${e.kernel}` : ''}: ${e.state}`).join(', ') : `no ${name} package`}.`));
    // Kernels installed without the master: autoinstall failed, or headers were missing then.
    const version = mine.find((e) => e.state === 'installed')?.version ?? mine[0]?.version;
    if (version) {
      const kernels = await installedKernels(f.probe);
      const without = kernels.filter((k) => !mine.some((e) => e.kernel === k && e.state === 'installed'));
      if (without.length > 0) {
        checks.push(
          warn('dkms-kernels', 'dkms', `${name}/${version} is not installed for kernel(s) ${without.join(', ')}; booting one of them leaves the node without EtherCAT.`, {
            commands: without.map((k) => sudo(f, ['dkms', 'install', '-m', name, '-v', version, '-k', k])),
            note: 'A build that fails for a kernel shows why in /var/lib/dkms/<name>/<version>/build/make.log.',
          }),
        );
      }
    }
  }
  return { checks, headers: headers.present, dkms: { present: d.present, version: d.version, entries: status.entries } };
}

function cardChecks(f: Facts, cards: NetworkCard[], held: string[]): Check[] {
  const saved = f.settings?.masters.flatMap((m) => (m.backup ? [m.main, m.backup] : [m.main])) ?? [];
  const lost = saved.filter((k) => !cards.some((c) => c.mac === k.mac) && !held.includes(k.mac));
  const list = cards.length ? cards.map(describeCard).join('; ') : 'none';
  if (lost.length > 0) {
    return [warn('cards', 'cards', `The saved EtherCAT card(s) ${lost.map((k) => k.mac).join(', ')} are gone. Cards: ${list}.`, { commands: [sudo(f, ['ecat', 'provision', '--nic', '<MAC or interface>'])] })];
  }
  return [info('cards', 'cards', `Cards: ${list}.`)];
}

function rtChecks(f: Facts, rt: RtInfo): Check[] {
  const checks: Check[] = [];
  const group = f.settings?.group ?? 'ethercat';
  const fix = { commands: [sudo(f, ['ecat', 'provision', '--ensure', '--rt-limits'])], note: `Writes /etc/security/limits.d/99-ecat.conf for group ${group}; effective at the next login.` };
  const isRoot = f.isRoot;
  const rtprio = rt.rtprio.soft ?? Infinity;
  if (!isRoot && rtprio === 0) checks.push(warn('rt-priority', 'realtime', 'RLIMIT_RTPRIO is 0: the cyclic thread cannot use SCHED_FIFO and will jitter.', fix));
  else checks.push(ok('rt-priority', 'realtime', isRoot ? 'Running as root: SCHED_FIFO allowed.' : `RLIMIT_RTPRIO ${rt.rtprio.soft ?? 'unlimited'}.`));
  const memlock = rt.memlock.soft ?? Infinity;
  if (!isRoot && memlock < MEMLOCK_MIN) checks.push(warn('rt-memlock', 'realtime', `RLIMIT_MEMLOCK is ${Math.round(memlock / 1024)} KiB: mlockall will fail and page faults can stall the cycle.`, fix));
  else checks.push(ok('rt-memlock', 'realtime', `RLIMIT_MEMLOCK ${rt.memlock.soft === null ? 'unlimited' : `${Math.round(memlock / 1048576)} MiB`}.`));
  checks.push(rt.preemptRt ? ok('preempt-rt', 'realtime', 'The kernel is PREEMPT_RT.') : info('preempt-rt', 'realtime', 'The kernel is not PREEMPT_RT: fine for tests and slow cycles; for 1 kHz and faster with tight jitter use a PREEMPT_RT kernel (e.g. linux-image-rt-amd64).'));
  return checks;
}

/** ecat_vbus: does the master have a bus (a topology loaded through its control request)? From sysfs, no addon needed. */
async function topologyCheck(f: Facts, master: number): Promise<Check> {
  const dir = `/sys/class/EtherCAT/EtherCAT${master}`;
  const loaded = ((await f.deps.fs.readText(`${dir}/vbus_loaded`)) ?? '').trim();
  const slaves = ((await f.deps.fs.readText(`${dir}/vbus_slaves`)) ?? '').trim();
  const lastError = ((await f.deps.fs.readText(`${dir}/vbus_last_error`)) ?? '').trim();
  if (loaded === '1') return ok('topology', 'topology', `EtherCAT${master} of the virtual master holds a topology with ${slaves || '?'} slave(s).`);
  const topology = f.settings?.virtual?.topology;
  const fix = { commands: [topology ? sudo(f, ['ecat', 'provision', '--ensure']) : `${f.isRoot ? '' : 'sudo '}ecat provision --virtual --topology <topology file>`] };
  return warn('topology', 'topology', `EtherCAT${master} of the virtual master has no topology loaded: its bus is empty (link down)${lastError ? `; the last load was refused: ${lastError}` : ''}.`, fix);
}

/** Run every check for `master`. */
export async function doctor(options: ReadyOptions = {}): Promise<DoctorReport> {
  const deps: ProvisionDeps = options.deps ?? nodeDeps();
  const master = checkInteger(options.master ?? 0, 'master index', 0, 255);
  const user = options.user !== undefined ? checkUserName(options.user) : undefined;
  const f = await gatherFacts(deps);
  const family = await osFamily(f.probe);
  const sys = await systemChecks(f, family);
  const modules = await moduleChecks(f);
  const device = await deviceChecks(f, master, user);
  const abi = device.find((c) => c.id === 'device-present')?.status === 'ok' ? [await abiCheck(f, master)] : [];
  const cards = await networkCards(f.probe);
  const params = await masterParams(f.probe);
  const rt = await detectRt(f.probe);
  const settingsCheck = f.settings
    ? info(
        'settings',
        'settings',
        f.settings.virtual
          ? `${SETTINGS_PATH}: package ${f.settings.package.name}/${f.settings.package.version} (the virtual master), topology ${f.settings.virtual.topology ?? 'the default'}, group ${f.settings.group}.`
          : `${SETTINGS_PATH}: package ${f.settings.package.name}/${f.settings.package.version}, drivers ${f.settings.drivers.join(', ')}, group ${f.settings.group}.`,
      )
    : info('settings', 'settings', `No ${SETTINGS_PATH}: ecat provision has not run here (or --ensure has nothing to redo).`);
  const topology = f.provider === VBUS_MODULE && device.find((c) => c.id === 'device-present')?.status === 'ok' ? [await topologyCheck(f, master)] : [];
  const checks = [...sys.checks, ...modules, ...device, ...abi, ...topology, ...cardChecks(f, cards, [...(params?.main ?? []), ...(params?.backup ?? [])]), ...rtChecks(f, rt), settingsCheck];
  return {
    ...summarize(master, f.kernel, checks),
    system: { kernel: f.kernel, arch: deps.machine(), headers: sys.headers, dkms: sys.dkms, cards, rt, settings: f.settings !== null },
  };
}
