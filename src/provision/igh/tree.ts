// SPDX-License-Identifier: MIT
// Looking at an IgH EtherCAT master source tree (a git checkout or an unpacked release
// tarball) before anything is copied or built: is it one (and if not, what is missing), which
// version is it (AC_INIT in configure.ac), which configure switches it knows, and for which
// kernel major.minor versions each native driver has sources.
import type { ProvisionFs } from '../deps.js';
import { ProvisionError } from '../errors.js';
import { DRIVERS, type DriverKey } from './drivers.js';

export interface IghTree {
  root: string;
  /** From configure.ac's AC_INIT (or configure's PACKAGE_VERSION); null if not found. */
  version: string | null;
  /** A release tarball ships configure; a git checkout needs ./bootstrap first. */
  hasConfigure: boolean;
  hasBootstrap: boolean;
  /** Feature switches configure accepts (--enable-X/--disable-X), e.g. generic, igb, tool. */
  switches: string[];
  /** Per driver: kernel major.minor (or '*' for kernel-independent sources) -> build directory. */
  drivers: Map<DriverKey, Map<string, string>>;
}

/** What a tree must contain to be the IgH master, with the reason shown when it does not. */
const REQUIRED: { path: string; type: 'file' | 'dir'; what: string }[] = [
  { path: 'master/module.c', type: 'file', what: 'master/module.c (the ec_master module)' },
  { path: 'master/ioctl.h', type: 'file', what: 'master/ioctl.h (the device interface)' },
  { path: 'include/ecrt.h', type: 'file', what: 'include/ecrt.h (the application interface)' },
  { path: 'devices', type: 'dir', what: 'devices/ (the network drivers)' },
];

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function isType(fs: ProvisionFs, path: string, type: 'file' | 'dir'): Promise<boolean> {
  return (await fs.stat(path))?.type === type;
}

/** Inspect `root`; throws NOT_IGH_TREE listing everything missing. */
export async function inspectIghTree(fs: ProvisionFs, root: string): Promise<IghTree> {
  const hint = 'Point --source at a checkout of https://gitlab.com/etherlab.org/ethercat (git clone -b stable-1.6 ...) or an unpacked release tarball of the IgH EtherCAT master.';
  const st = await fs.stat(root);
  if (st?.type !== 'dir') {
    throw new ProvisionError('NOT_IGH_TREE', `${root} ${st ? 'is not a directory' : 'does not exist'}.`, hint, { source: root });
  }
  const missing: string[] = [];
  const configureAc = await fs.readText(`${root}/configure.ac`);
  const configure = await fs.readText(`${root}/configure`);
  const hasBootstrap = await isType(fs, `${root}/bootstrap`, 'file');
  const named =
    (configureAc !== null && /AC_INIT\(\s*\[?ethercat\]?\s*,/.test(configureAc)) ||
    (configure !== null && /^PACKAGE_NAME='ethercat'$/m.test(configure));
  if (!named) missing.push('configure.ac with AC_INIT([ethercat], ...) (or a configure script of package ethercat)');
  for (const r of REQUIRED) if (!(await isType(fs, `${root}/${r.path}`, r.type))) missing.push(r.what);
  if (configure === null && !hasBootstrap) missing.push('configure or bootstrap (to generate configure)');
  if (missing.length > 0) {
    throw new ProvisionError('NOT_IGH_TREE', `${root} is not an IgH EtherCAT master source tree: missing ${missing.join('; ')}.`, hint, { source: root, missing });
  }

  const version =
    (configureAc !== null ? /AC_INIT\(\s*\[?ethercat\]?\s*,\s*\[?([^\],\s)]+)/.exec(configureAc)?.[1] : undefined) ??
    (configure !== null ? /^PACKAGE_VERSION='([^']+)'$/m.exec(configure)?.[1] : undefined) ??
    null;

  const switches = new Set<string>();
  const switchPattern = configureAc !== null ? /AC_ARG_ENABLE\(\s*\[?([A-Za-z0-9_-]+)\]?/g : /--(?:enable|disable)-([A-Za-z0-9_-]+)/g;
  for (const m of (configureAc ?? configure ?? '').matchAll(switchPattern)) {
    if (m[1]) switches.add(m[1]);
  }

  return { root, version, hasConfigure: configure !== null, hasBootstrap, switches: [...switches].sort(), drivers: await scanDrivers(fs, root) };
}

async function scanDrivers(fs: ProvisionFs, root: string): Promise<Map<DriverKey, Map<string, string>>> {
  const listings = new Map<string, string[]>();
  const list = async (dir: string): Promise<string[]> => {
    let names = listings.get(dir);
    if (!names) {
      names = await fs.readdir(`${root}/${dir}`).catch(() => [] as string[]);
      listings.set(dir, names);
    }
    return names;
  };
  const result = new Map<DriverKey, Map<string, string>>();
  for (const d of DRIVERS) {
    const found = new Map<string, string>();
    for (const marker of d.markers) {
      const slash = marker.lastIndexOf('/');
      const dir = marker.slice(0, slash);
      const file = marker.slice(slash + 1);
      if (!file.includes('{mm}')) {
        if ((await list(dir)).includes(file) && !found.has('*')) found.set('*', dir);
        continue;
      }
      const re = new RegExp(`^${escapeRe(file).replace(escapeRe('{mm}'), '([0-9]+\\.[0-9]+)')}$`);
      for (const name of await list(dir)) {
        const mm = re.exec(name)?.[1];
        if (mm && !found.has(mm)) found.set(mm, dir);
      }
    }
    result.set(d.key, found);
  }
  return result;
}

/** Sort "5.10", "6.1", "6.12" numerically. */
export function sortKernels(list: Iterable<string>): string[] {
  return [...list].sort((a, b) => {
    const [a1 = 0, a2 = 0] = a.split('.').map(Number);
    const [b1 = 0, b2 = 0] = b.split('.').map(Number);
    return a1 - b1 || a2 - b2;
  });
}

/** Kernel major.minor versions the tree has sources of `key` for ('*' = any kernel). */
export function supportedKernels(tree: IghTree, key: DriverKey): string[] {
  return sortKernels(tree.drivers.get(key)?.keys() ?? []);
}

/** Directory the driver is built in for kernel major.minor `mm`, or null if unsupported. */
export function driverLocation(tree: IghTree, key: DriverKey, mm: string): string | null {
  const map = tree.drivers.get(key);
  return map?.get('*') ?? map?.get(mm) ?? null;
}
