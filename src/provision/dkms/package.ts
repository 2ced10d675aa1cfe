// SPDX-License-Identifier: MIT
// A DKMS package: a source directory plus a generated dkms.conf, installed as
// /usr/src/<name>-<version>. The IgH master is one kind (built here from an inspected source
// tree and the chosen drivers); the project's own kernel module (--virtual) plugs in as
// another kind with its own template. The dkms.conf is sourced by bash as root, so every
// value put into it is checked against a strict pattern here, once more, right before use.
import { ProvisionError } from '../errors.js';
import { DRIVERS, driverInfo, type DriverKey } from '../igh/drivers.js';
import { driverLocation, supportedKernels, type IghTree } from '../igh/tree.js';
import { renderTemplate } from '../templates.js';
import { checkPackageName, checkPackageVersion } from '../validate.js';

export interface DkmsModule {
  /** Module name without .ko, e.g. ec_master. */
  name: string;
  /** Directory (relative to the source root) where the build leaves the .ko. */
  location: string;
}

export interface DkmsPackage {
  /** 'igh' for the IgH master; other kinds (the virtual master's module) use the same flow. */
  kind: string;
  name: string;
  version: string;
  /** The tree copied to /usr/src/<name>-<version>; null to use what dkms already has. */
  sourceDir: string | null;
  /**
   * Only these files of `sourceDir`, each put at its own path in the copy (`from` and `to`
   * relative, '/'-separated): a package assembled from several directories, like the virtual
   * master's module (kernel/ at the root, the core below native/). Absent: the whole tree.
   */
  files?: { from: string; to: string }[];
  /** Files written into the copy, relative to its root (dkms.conf). */
  generated: { path: string; content: string }[];
  modules: DkmsModule[];
}

/** /usr/src/<name>-<version> */
export function usrSrcDir(pkg: Pick<DkmsPackage, 'name' | 'version'>): string {
  return `/usr/src/${pkg.name}-${pkg.version}`;
}

/** /var/lib/dkms/<name>/<version> */
export function dkmsTreeDir(pkg: Pick<DkmsPackage, 'name' | 'version'>): string {
  return `/var/lib/dkms/${pkg.name}/${pkg.version}`;
}

/** Where make.log is: build/ after a failed build, <kernel>/<arch>/log/ after a successful one. */
export function makeLogPaths(pkg: Pick<DkmsPackage, 'name' | 'version'>, kernel: string, arch: string): string[] {
  const base = dkmsTreeDir(pkg);
  return [`${base}/build/make.log`, `${base}/${kernel}/${arch}/log/make.log`];
}

// Tokens allowed inside MAKE/CLEAN and the module block: plain words, no quotes, no $ except
// the one dkms variable we mean, no backslashes or backticks.
const TOKEN = /^[A-Za-z0-9_.\/=+:-]+$/;

function token(t: string): string {
  if (t === '${kernel_source_dir}' || t === '--with-linux-dir=${kernel_source_dir}' || t === '&&' || t === '||' || t === '!') return t;
  if (!TOKEN.test(t)) throw new Error(`refusing to put '${t}' into dkms.conf`);
  return t;
}

export interface IghConfInput {
  name: string;
  version: string;
  tree: IghTree;
  drivers: DriverKey[];
  /** major.minor of the kernel the package is built for (selects the driver directories). */
  kernelMm: string;
  jobs: number;
  templateDir: string;
}

/** The configure switches for `drivers`: --enable for those, --disable for the tree's other drivers. */
export function configureSwitches(tree: IghTree, drivers: readonly DriverKey[]): string[] {
  const known = new Set(tree.switches);
  const out: string[] = [];
  for (const d of DRIVERS) {
    if (drivers.includes(d.key)) out.push(`--enable-${d.configure}`);
    // With no switch list (unparsable configure), disable every other driver explicitly:
    // configure only warns about switches it does not know.
    else if (known.size === 0 || known.has(d.configure)) out.push(`--disable-${d.configure}`);
  }
  // Only the kernel modules are built: leave out the user-space tool and library.
  for (const s of ['tool', 'userlib']) if (known.has(s)) out.push(`--disable-${s}`);
  return out;
}

/** The modules the package builds, with their build directories. */
export function ighModules(tree: IghTree, drivers: readonly DriverKey[], kernelMm: string): DkmsModule[] {
  const modules: DkmsModule[] = [{ name: 'ec_master', location: 'master' }];
  for (const key of drivers) {
    const location = driverLocation(tree, key, kernelMm);
    if (location === null) {
      throw new ProvisionError(
        'DRIVER_UNSUPPORTED_KERNEL',
        `The ${key} driver has no sources for kernel ${kernelMm} in ${tree.root} (it has: ${supportedKernels(tree, key).join(', ') || 'none'}).`,
        'Use --driver generic, which works with every kernel, or a newer IgH tree.',
      );
    }
    modules.push({ name: driverInfo(key).module, location });
  }
  return modules;
}

/** The dkms.conf for the IgH master. */
export function renderIghDkmsConf(input: IghConfInput): { content: string; modules: DkmsModule[] } {
  const name = checkPackageName(input.name);
  const version = checkPackageVersion(input.version);
  const modules = ighModules(input.tree, input.drivers, input.kernelMm);
  const jobs = Math.max(1, Math.min(256, Math.floor(input.jobs)));
  const make = [
    ...(input.tree.hasConfigure ? [] : ['./bootstrap', '&&']),
    './configure',
    '--with-linux-dir=${kernel_source_dir}',
    ...configureSwitches(input.tree, input.drivers),
    '&&',
    'make',
    `-j${jobs}`,
    'modules',
  ].map(token);
  // Before the first build there is no Makefile yet; afterwards, clean what configure made.
  const clean = ['test', '!', '-f', 'Makefile', '||', 'make', 'clean'].map(token);
  const block = modules
    .map((m, i) =>
      [
        `BUILT_MODULE_NAME[${i}]="${token(m.name)}"`,
        `BUILT_MODULE_LOCATION[${i}]="${token(m.location)}/"`,
        `DEST_MODULE_LOCATION[${i}]="/updates/dkms"`,
      ].join('\n'),
    )
    .join('\n\n');
  const content = renderTemplate(input.templateDir, 'igh/dkms.conf.in', {
    PACKAGE_NAME: name,
    PACKAGE_VERSION: version,
    MAKE: make.join(' '),
    CLEAN: clean.join(' '),
    MODULES: block,
  });
  return { content: content.endsWith('\n') ? content : `${content}\n`, modules };
}
