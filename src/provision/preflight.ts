// SPDX-License-Identifier: MIT
// The first step of a run: look at the node and the options together and settle the plan
// before anything changes. Bad input is refused here (not an IgH tree, unknown or unsupported
// driver, a card that does not exist, not root); missing prerequisites (dkms, headers,
// compiler, autotools) stop a real run and are listed as blockers in a dry run.
import { detectDkms, dkmsStatus, stateFor, type DkmsInfo } from './detect/dkms.js';
import { headersInstallCommand, kernelHeaders, runningKernel } from './detect/kernel.js';
import { installedModule, isLoaded, masterParams, type MasterParams } from './detect/modules.js';
import { describeCard, networkCards, type NetworkCard } from './detect/nics.js';
import { installCommand, osFamily } from './detect/os.js';
import type { Probe } from './detect/probe.js';
import { renderIghDkmsConf, usrSrcDir, type DkmsPackage } from './dkms/package.js';
import { ProvisionError } from './errors.js';
import { driverInfo, nativeForStock, type DriverKey } from './igh/drivers.js';
import { driverLocation, inspectIghTree, supportedKernels, type IghTree } from './igh/tree.js';
import { resolvePersistMode, type IghService, type PersistMode } from './load/persist.js';
import { assignDrivers, blacklistable, driversToLoad, planTakeovers, resolveMasters, type Assignment, type DriverSupport, type MasterPlan, type Takeover } from './load/plan.js';
import type { ResolvedOptions } from './options.js';
import { asRoot, renderCommand } from './quote.js';
import type { Session } from './session.js';
import { kernelMajorMinor } from './validate.js';

/** Everything later steps need, settled by the preflight step. */
export interface Plan {
  opts: ResolvedOptions;
  kernel: string;
  runningKernel: string;
  arch: string;
  dkms: DkmsInfo;
  /** The dkms package to build and install, or null when the modules are installed already. */
  pkg: DkmsPackage | null;
  tree: IghTree | null;
  /** Drivers built into the package. */
  buildDrivers: DriverKey[];
  masters: MasterPlan[];
  assignments: Assignment[];
  /** Drivers to load, in order. */
  loadDrivers: DriverKey[];
  takeovers: Takeover[];
  blacklist: string[];
  sharedStock: string[];
  cards: NetworkCard[];
  /** Load and wait for devices in this run. */
  load: boolean;
  /** Why not, when load is false. */
  noLoadReason: string;
  held: MasterParams | null;
  persist: { mode: Exclude<PersistMode, 'auto'>; service: IghService | null };
  blockers: string[];
}

export function probeOf(s: Session): Probe {
  return { fs: s.deps.fs, run: (argv) => s.query(argv) };
}

/** A missing prerequisite: stops a real run, becomes a blocker in a dry run. */
export function missing(s: Session, blockers: string[], error: ProvisionError): void {
  if (!s.dryRun) throw error;
  const text = `${error.message}${error.hint ? ` ${error.hint}` : ''}`;
  blockers.push(text);
  s.warn(`a real run would stop here: ${text}`);
}

/** Refuse a real run as another user than root; returns whether the caller is root. */
export function requireRoot(s: Session): boolean {
  const id = s.deps.identity();
  const isRoot = id.uid === 0;
  if (!isRoot && !s.dryRun) {
    throw new ProvisionError(
      'NOT_ROOT',
      `ecat provision changes the system (dkms, kernel modules, /etc) and must run as root; this is ${id.user || `uid ${id.uid}`}.`,
      'Run it with sudo, or add --dry-run to see the plan without changing anything. ecat doctor checks the node without root.',
    );
  }
  return isRoot;
}

export interface BuildNeeds {
  pkg: DkmsPackage;
  kernel: string;
  dkms: DkmsInfo;
  rebuild: boolean;
  family: string;
  isRoot: boolean;
  /** The tree must be bootstrapped (autoconf, automake, libtool). */
  autotools: boolean;
  blockers: string[];
}

/** dkms, and when something must be built: the target kernel's headers, make, a C compiler (and autotools). */
export async function buildPrerequisites(s: Session, n: BuildNeeds): Promise<void> {
  const probe = probeOf(s);
  const state = n.dkms.present ? stateFor(await dkmsStatus(probe), n.pkg.name, n.pkg.version, n.kernel) : null;
  const buildNeeded = n.rebuild || (state !== 'built' && state !== 'installed');
  const install = (deb: string[], rpm: string[] = deb): string => {
    const cmd = installCommand(n.family, deb, rpm);
    return cmd ? `Install it: ${asRoot(cmd, n.isRoot)}` : `Install ${deb.join(', ')} with the package manager.`;
  };
  if (!n.dkms.present) missing(s, n.blockers, new ProvisionError('PREREQUISITE_MISSING', 'dkms is not installed.', install(['dkms'])));
  if (!buildNeeded) return;
  const headers = await kernelHeaders(probe, n.kernel);
  if (!headers.present) {
    const cmd = headersInstallCommand(n.family, n.kernel);
    missing(s, n.blockers, new ProvisionError('HEADERS_MISSING', `No headers for kernel ${n.kernel}: ${headers.path} is missing or has no Makefile.`, cmd ? `Install them: ${asRoot(cmd, n.isRoot)}` : `Install the headers (build tree) of kernel ${n.kernel}.`, { kernel: n.kernel, path: headers.path }));
  }
  const tools: [string[], string, string[]][] = [
    [['make', '--version'], 'make', ['make']],
    [['cc', '--version'], 'a C compiler (cc)', ['gcc']],
  ];
  if (n.autotools) tools.push([['autoreconf', '--version'], 'autoconf/automake/libtool (the tree has no configure; ./bootstrap needs them)', ['autoconf', 'automake', 'libtool', 'pkg-config']]);
  for (const [argv, what, packages] of tools) {
    if ((await probe.run(argv)).code === 127) missing(s, n.blockers, new ProvisionError('PREREQUISITE_MISSING', `${what} is not installed (${renderCommand(argv)} not found).`, install(packages)));
  }
}

export async function preflight(s: Session, opts: ResolvedOptions): Promise<{ plan: Plan; detail: string }> {
  const probe = probeOf(s);
  const isRoot = requireRoot(s);
  const blockers: string[] = [];
  const running = await runningKernel(probe);
  const kernel = opts.kernel ?? running;
  const arch = s.deps.machine();
  const family = await osFamily(probe);
  const dkms = await detectDkms(probe);
  const held = await masterParams(probe);
  const cards = await networkCards(probe);
  const mm = kernelMajorMinor(kernel);

  // The source: given, or (with --ensure) the one dkms already has / the saved one.
  let tree: IghTree | null = null;
  let sourceDir = opts.source;
  if (sourceDir === null && opts.settings && !opts.package) {
    const dest = usrSrcDir({ name: opts.packageName, version: opts.packageVersion ?? '' });
    const have = opts.packageVersion !== null && (await s.deps.fs.stat(`${dest}/dkms.conf`)) !== null;
    if (!have && opts.settings.source) sourceDir = opts.settings.source;
  }
  if (sourceDir !== null) tree = await inspectIghTree(s.deps.fs, sourceDir);

  // Which drivers can be had for the target kernel.
  const installedCache = new Map<string, boolean>();
  const support: DriverSupport = (key) => {
    if (tree) return { ok: driverLocation(tree, key, mm) !== null, kernels: supportedKernels(tree, key) };
    return { ok: installedCache.get(driverInfo(key).module) ?? false, kernels: [] };
  };
  if (!tree) {
    for (const key of ['generic', ...opts.requested] as const) {
      if (key === 'auto') continue;
      const m = driverInfo(key as DriverKey).module;
      installedCache.set(m, (await installedModule(probe, kernel, m)).path !== '');
    }
    for (const c of cards) {
      const native = c.driver ? nativeForStock(c.driver) : undefined;
      if (native && !installedCache.has(native.module)) installedCache.set(native.module, (await installedModule(probe, kernel, native.module)).path !== '');
    }
  }

  // Cards, drivers, and what loading needs.
  let load = opts.load;
  let noLoadReason = '';
  if (!opts.load) noLoadReason = 'not loading (--no-load)';
  else if (kernel !== running) {
    load = false;
    noLoadReason = `target kernel ${kernel} is not running (running: ${running}); the modules load after booting it`;
  }
  const wantCards = opts.nics.length > 0;
  if (load && !wantCards && !held) {
    throw new ProvisionError(
      'USAGE',
      `Say which network card the EtherCAT segment is plugged into: --nic MAC|IFNAME. Cards: ${cards.map(describeCard).join('; ') || 'none found'}.`,
      'Or add --no-load to only build and install the modules.',
    );
  }
  const masters = wantCards ? resolveMasters(opts.nics, opts.backups, cards, held, opts.known) : [];
  const assignments = wantCards ? assignDrivers(masters, opts.requested, support) : [];
  const loadDrivers = driversToLoad(assignments);
  const explicit = opts.requested.filter((r): r is DriverKey => r !== 'auto');
  const buildDrivers = [...new Set<DriverKey>([...explicit, ...loadDrivers])].sort((a, b) => (a === 'generic' ? -1 : b === 'generic' ? 1 : a.localeCompare(b)));
  if (buildDrivers.length === 0) buildDrivers.push('generic');
  for (const d of explicit) {
    if (!loadDrivers.includes(d) && wantCards) s.warn(`driver ${d} is built but no EtherCAT card uses it, so it is not loaded`);
    if (!support(d).ok && tree) {
      throw new ProvisionError(
        'DRIVER_UNSUPPORTED_KERNEL',
        `The native ${d} driver has no sources for kernel ${mm} (${kernel}) in ${tree.root}; it supports: ${supportedKernels(tree, d).join(', ') || 'no kernel'}.`,
        'Use --driver generic, which works with every kernel and card, or an IgH tree that supports this kernel.',
        { driver: d, kernels: supportedKernels(tree, d) },
      );
    }
  }
  const takeovers = planTakeovers(assignments, cards);
  const blacklist = blacklistable(assignments, cards);
  const sharedStock = [...new Set(assignments.filter((a) => a.driver !== 'generic' && a.ref.stockModule && !blacklist.includes(a.ref.stockModule)).map((a) => a.ref.stockModule))];

  // The package.
  let pkg: DkmsPackage | null = null;
  if (opts.package) {
    pkg = opts.package;
  } else if (tree) {
    const version = opts.packageVersion ?? tree.version;
    if (!version) throw new ProvisionError('USAGE', `Cannot read the version of ${tree.root} (no AC_INIT in configure.ac).`, 'Give it with --package-version.');
    const jobs = opts.jobs ?? s.deps.cpus();
    const conf = renderIghDkmsConf({ name: opts.packageName, version, tree, drivers: buildDrivers, kernelMm: mm, jobs, templateDir: s.deps.templateDir });
    pkg = { kind: 'igh', name: opts.packageName, version, sourceDir: tree.root, generated: [{ path: 'dkms.conf', content: conf.content }], modules: conf.modules };
  } else if (opts.packageVersion !== null && (await s.deps.fs.stat(`${usrSrcDir({ name: opts.packageName, version: opts.packageVersion })}/dkms.conf`))) {
    pkg = { kind: 'igh', name: opts.packageName, version: opts.packageVersion, sourceDir: null, generated: [], modules: ['ec_master', ...buildDrivers.map((d) => driverInfo(d).module)].map((name) => ({ name, location: '' })) };
  } else {
    const needed = ['ec_master', ...buildDrivers.map((d) => driverInfo(d).module)];
    const absent: string[] = [];
    for (const m of needed) if ((await installedModule(probe, kernel, m)).path === '') absent.push(m);
    if (absent.length > 0) {
      throw new ProvisionError('NO_SOURCE', `${absent.join(', ')} ${absent.length === 1 ? 'is' : 'are'} not installed for kernel ${kernel}, and no IgH source was given to build ${absent.length === 1 ? 'it' : 'them'}.`, 'Give the IgH master source tree with --source DIR (git clone https://gitlab.com/etherlab.org/ethercat.git).');
    }
  }

  // Prerequisites of a build (only when something must be built).
  if (pkg) await buildPrerequisites(s, { pkg, kernel, dkms, rebuild: opts.rebuild, family, isRoot, autotools: tree !== null && !tree.hasConfigure, blockers });

  // ecat_vbus (ecat provision --virtual) owns the EtherCAT device class while it is loaded.
  if (opts.load && kernel === running && (await isLoaded(probe, 'ecat_vbus'))) {
    missing(
      s,
      blockers,
      new ProvisionError(
        'MODULE_CONFLICT',
        'ecat_vbus (the ecat virtual master, ecat provision --virtual) is loaded; ec_master cannot be loaded beside it: both create the device class EtherCAT and /dev/EtherCAT<N>.',
        `Close the applications using /dev/EtherCAT* and unload it: ${asRoot(['modprobe', '-r', 'ecat_vbus'], isRoot)}; or add --no-load to only build and install.`,
      ),
    );
  }

  const persist = await resolvePersistMode(probe, opts.persist);
  const plan: Plan = {
    opts,
    kernel,
    runningKernel: running,
    arch,
    dkms,
    pkg,
    tree,
    buildDrivers,
    masters,
    assignments,
    loadDrivers,
    takeovers,
    blacklist,
    sharedStock,
    cards,
    load: load && (wantCards || held !== null),
    noLoadReason,
    held,
    persist,
    blockers,
  };
  return { plan, detail: describePlan(plan) };
}

function describePlan(p: Plan): string {
  const parts = [`kernel ${p.kernel}${p.kernel === p.runningKernel ? ' (running)' : ` (running: ${p.runningKernel})`}`];
  parts.push(p.dkms.present ? `dkms ${p.dkms.version || '(version unknown)'}` : 'dkms missing');
  if (p.pkg) parts.push(`package ${p.pkg.name}/${p.pkg.version}${p.tree ? ` from ${p.tree.root}` : ''} with ${p.buildDrivers.join(', ')}`);
  else parts.push('modules already installed');
  for (const m of p.masters) {
    const driver = (mac: string): string => p.assignments.find((a) => a.ref.mac === mac)?.driver ?? 'generic';
    const card = (r: MasterPlan['main']): string => `${r.card ? r.card.name : 'held'} ${r.mac} via ${driver(r.mac)}`;
    parts.push(`master ${m.index}: ${card(m.main)}${m.backup ? `, backup ${card(m.backup)}` : ''}`);
  }
  if (!p.load && p.noLoadReason) parts.push(p.noLoadReason);
  return parts.join('; ');
}
