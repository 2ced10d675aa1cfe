// SPDX-License-Identifier: MIT
// Options of `ecat provision` / provision(): the public shape, and their checked form. Every
// value is validated here, before anything runs; --ensure fills what is not given from the
// settings a previous run saved.
import type { DkmsPackage } from './dkms/package.js';
import type { ProvisionEvent } from './session.js';
import { ProvisionError } from './errors.js';
import { DRIVER_KEYS, isDriverKey } from './igh/drivers.js';
import type { DriverRequest, KnownCard } from './load/plan.js';
import type { PersistMode } from './load/persist.js';
import type { ProvisionSettings } from './settings.js';
import { checkAbiId, checkAbsolutePath, checkGroupName, checkInteger, checkKernelRelease, checkPackageName, checkPackageVersion, checkUserName, printable } from './validate.js';

/** Options of provision(); the CLI flags map one to one (docs/provisioning.md). */
export interface ProvisionOptions {
  /** IgH master source tree (git checkout or unpacked release tarball). */
  source?: string;
  /**
   * A prepared DKMS package to build and install instead of an IgH tree (the plug-in point for
   * other kernel modules, e.g. the project's own virtual-master module): its source directory,
   * generated files (dkms.conf) and module list. The DKMS flow is the same.
   */
  package?: DkmsPackage;
  /** Card of each master, in master order: MAC address or interface name. */
  nics?: string[];
  /** Backup (redundancy) card of each master, in order. */
  backupNics?: string[];
  /** Driver keys (generic, igb, e1000e, ...) or 'auto'; default ['generic']. */
  drivers?: string[];
  /** Target kernel release; default the running kernel. */
  kernel?: string;
  /** dkms package name; default "ethercat". */
  packageName?: string;
  /** dkms package version; default the tree's version (AC_INIT in configure.ac). */
  packageVersion?: string;
  /** make -j for the build; default the number of CPUs. */
  jobs?: number;
  /** Group allowed to use the devices; default "ethercat". */
  group?: string;
  /** Users to add to the group. */
  users?: string[];
  /** How the load survives a reboot; default 'auto'. */
  persist?: PersistMode;
  /** Write pam_limits real-time limits for the group. */
  rtLimits?: boolean;
  /** Uninstall, unbuild, build and install again. */
  rebuild?: boolean;
  /** false: build and install only, do not load (default true). */
  load?: boolean;
  /** How long to wait for /dev/EtherCAT<N>; default 10 s. */
  timeoutSeconds?: number;
  /** Use the settings saved by the last run for everything not given. */
  ensure?: boolean;
  /** Print the plan; change nothing. */
  dryRun?: boolean;
  /** Save the settings to /etc/ecat/provision.json (default true). */
  saveSettings?: boolean;
  /**
   * Build, install and load the project's own kernel module, ecat_vbus.ko (the virtual master
   * behind a real /dev/EtherCAT<N>), from the ecat package itself instead of an IgH tree.
   */
  virtual?: boolean;
  /** --virtual: the topology file loaded into each master (default: examples/io-rack.yaml of the package). */
  topology?: string;
  /** --virtual: number of masters (module parameter masters=, 1..32; default: the module's, 1). */
  masters?: number;
  /** --virtual: IgH ABI the masters present (module parameter abi=, e.g. 1.5.2; default: the module's, 1.6). */
  abi?: string;
  /** Live progress (the CLI's display). */
  onEvent?: (event: ProvisionEvent) => void;
}

/** The --virtual part of the options, after validation (null: not given, the module's default). */
export interface VirtualOptions {
  /** Absolute path of the topology file; null: the package's default. */
  topology: string | null;
  masters: number | null;
  abi: string | null;
}

/** Options after validation and merging with saved settings. */
export interface ResolvedOptions {
  source: string | null;
  package: DkmsPackage | null;
  nics: string[];
  backups: string[];
  requested: DriverRequest[];
  kernel: string | null;
  packageName: string;
  packageVersion: string | null;
  jobs: number | null;
  group: string;
  users: string[];
  persist: PersistMode;
  rtLimits: boolean;
  rebuild: boolean;
  load: boolean;
  timeoutMs: number;
  dryRun: boolean;
  save: boolean;
  /** Cards recorded by an earlier run (their stock drivers), for cards the master holds now. */
  known: KnownCard[];
  /** The settings --ensure used, if any. */
  settings: ProvisionSettings | null;
  /** --virtual (given, or saved by the last run for --ensure); null: the IgH master. */
  virtual: VirtualOptions | null;
  ensure: boolean;
}

/** Check a prepared package's names and paths like command-line input. */
function checkPackage(p: DkmsPackage): DkmsPackage {
  checkPackageName(p.name);
  checkPackageVersion(p.version);
  if (p.sourceDir !== null) checkAbsolutePath(p.sourceDir, 'package source');
  for (const g of p.generated) if (!/^[A-Za-z0-9_.-]+$/.test(g.path)) throw new ProvisionError('USAGE', `Invalid generated file name '${printable(g.path)}'.`);
  for (const m of p.modules) if (!/^[A-Za-z0-9_-]+$/.test(m.name)) throw new ProvisionError('USAGE', `Invalid module name '${printable(m.name)}'.`);
  return p;
}

/** Parse --driver values ("igb", "generic,igb", "auto"). */
export function parseDrivers(values: readonly string[]): DriverRequest[] {
  const out: DriverRequest[] = [];
  for (const v of values.flatMap((x) => x.split(','))) {
    const d = v.trim().toLowerCase();
    if (d === '') continue;
    if (d !== 'auto' && !isDriverKey(d)) {
      throw new ProvisionError('USAGE', `Unknown driver '${printable(v.trim())}'. Known drivers: ${DRIVER_KEYS.join(', ')}, or auto (native where possible, else generic).`);
    }
    if (!out.includes(d)) out.push(d);
  }
  return out;
}

const PERSIST: readonly PersistMode[] = ['auto', 'modprobe', 'ethercat-conf', 'none'];

/** Options of the IgH master that mean nothing for the virtual master's module. */
function refuseIghOptions(o: ProvisionOptions): void {
  const given: [boolean, string][] = [
    [o.source !== undefined, '--source'],
    [(o.nics?.length ?? 0) > 0, '--nic'],
    [(o.backupNics?.length ?? 0) > 0, '--backup-nic'],
    [(o.drivers?.length ?? 0) > 0, '--driver'],
    [o.packageName !== undefined, '--package-name'],
    [o.packageVersion !== undefined, '--package-version'],
    [o.jobs !== undefined, '--jobs'],
    [o.package !== undefined, 'package'],
  ];
  const bad = given.filter(([g]) => g).map(([, name]) => name);
  if (bad.length > 0) {
    throw new ProvisionError(
      'USAGE',
      `${bad.join(', ')} ${bad.length === 1 ? 'does' : 'do'} not apply to --virtual: the virtual master's module is built from the ecat package itself (name ecat-vbus, its version, dkms chooses make -j) and has no network card.`,
      'Leave them out, or drop --virtual to provision the IgH master.',
    );
  }
  if (o.persist !== undefined && o.persist !== 'none') {
    throw new ProvisionError('USAGE', `--persist ${printable(String(o.persist))} does not apply to --virtual: the virtual master's topology comes from user space, so nothing loads it at boot.`, "Run 'ecat provision --ensure' after booting (it loads the module and the saved topology).");
  }
}

/** Validate `o`, filling gaps from `settings` when --ensure is given. */
export function resolveOptions(o: ProvisionOptions, settings: ProvisionSettings | null): ResolvedOptions {
  if (o.ensure && !settings) {
    throw new ProvisionError('NO_SETTINGS', 'There are no saved settings (/etc/ecat/provision.json) for --ensure.', 'Run ecat provision once with --source, --nic and --driver (or with --virtual); it saves them.');
  }
  const st = o.ensure ? settings : null;
  const isVirtual = o.virtual ?? st?.virtual !== undefined;
  let virtual: VirtualOptions | null = null;
  if (isVirtual) {
    refuseIghOptions(o);
    const saved = st?.virtual;
    virtual = {
      topology: o.topology !== undefined ? checkAbsolutePath(o.topology, '--topology') : (saved?.topology ?? null),
      masters: o.masters !== undefined ? checkInteger(o.masters, '--masters', 1, 32) : (saved?.masters ?? null),
      abi: o.abi !== undefined ? checkAbiId(o.abi, '--abi') : (saved?.abi ?? null),
    };
  } else if (o.topology !== undefined || o.masters !== undefined || o.abi !== undefined) {
    throw new ProvisionError('USAGE', '--topology, --masters and --abi belong to the virtual master: add --virtual.');
  }
  const persist = isVirtual ? 'none' : (o.persist ?? st?.persist ?? 'auto');
  if (!PERSIST.includes(persist)) throw new ProvisionError('USAGE', `Invalid --persist '${printable(String(persist))}': expected ${PERSIST.join(', ')}.`);
  const nics = isVirtual ? [] : o.nics && o.nics.length > 0 ? o.nics : (st?.masters.map((m) => m.main.mac) ?? []);
  const backups = isVirtual ? [] : o.backupNics && o.backupNics.length > 0 ? o.backupNics : (st?.masters.map((m) => m.backup?.mac ?? '') ?? []);
  while (backups.length > 0 && backups[backups.length - 1] === '') backups.pop();
  const requested = isVirtual ? [] : parseDrivers(o.drivers && o.drivers.length > 0 ? o.drivers : (st?.drivers ?? ['generic']));
  if (!isVirtual && requested.length === 0) throw new ProvisionError('USAGE', 'No driver given: use --driver generic, a native driver, or auto.');
  const known = settings && !isVirtual ? settings.masters.flatMap((m) => (m.backup ? [m.main, m.backup] : [m.main])) : [];
  const savedPackage = st && !isVirtual && st.virtual === undefined ? st.package : undefined;
  return {
    source: o.source !== undefined ? checkAbsolutePath(o.source, '--source') : null,
    package: o.package ? checkPackage(o.package) : null,
    nics,
    backups,
    requested,
    kernel: o.kernel !== undefined ? checkKernelRelease(o.kernel, '--kernel') : null,
    packageName: checkPackageName(o.packageName ?? savedPackage?.name ?? 'ethercat'),
    packageVersion: o.packageVersion !== undefined ? checkPackageVersion(o.packageVersion) : (savedPackage?.version ?? null),
    jobs: o.jobs !== undefined ? checkInteger(o.jobs, '--jobs', 1, 256) : (st?.jobs ?? null),
    group: checkGroupName(o.group ?? st?.group ?? 'ethercat'),
    users: [...new Set([...(o.users ?? []), ...(st?.users ?? [])])].map(checkUserName),
    persist,
    rtLimits: o.rtLimits ?? st?.rtLimits ?? false,
    rebuild: o.rebuild ?? false,
    load: o.load ?? true,
    timeoutMs: checkInteger(o.timeoutSeconds ?? st?.timeoutSeconds ?? 10, '--timeout', 1, 3600) * 1000,
    dryRun: o.dryRun ?? false,
    save: o.saveSettings ?? true,
    known,
    settings: st,
    virtual,
    ensure: o.ensure ?? false,
  };
}
