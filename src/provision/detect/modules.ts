// SPDX-License-Identifier: MIT
// Kernel modules: which are loaded (/proc/modules, with /sys/module/<name>/initstate as the
// fallback), what ec_master was loaded with (its main_devices/backup_devices parameters are
// readable in sysfs), and which are installed for a kernel (modinfo -k, and the files dkms puts
// in /lib/modules/<kernel>/updates/dkms/).
import type { Probe } from './probe.js';

export interface LoadedModule {
  name: string;
  size: number;
  /** Reference count: >0 means something uses it (another module or an open device). */
  refcount: number;
  /** Modules that depend on this one. */
  usedBy: string[];
}

/** Parse /proc/modules ("ec_master 352256 1 ec_generic, Live 0x0000000000000000"). */
export function parseProcModules(text: string): LoadedModule[] {
  const out: LoadedModule[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const [name, size, refcount, users] = f;
    if (!name || size === undefined || refcount === undefined) continue;
    const usedBy = users && users !== '-' ? users.split(',').filter(Boolean) : [];
    out.push({ name, size: Number(size) || 0, refcount: Number(refcount) || 0, usedBy });
  }
  return out;
}

/** All loaded modules, by name (module names use '_', as the kernel reports them). */
export async function loadedModules(probe: Probe): Promise<Map<string, LoadedModule>> {
  const text = await probe.fs.readText('/proc/modules');
  const map = new Map<string, LoadedModule>();
  if (text !== null) for (const m of parseProcModules(text)) map.set(m.name, m);
  return map;
}

/** Whether one module is loaded (/proc/modules, else /sys/module/<name>/initstate). */
export async function isLoaded(probe: Probe, name: string): Promise<boolean> {
  const kname = name.replace(/-/g, '_');
  const text = await probe.fs.readText('/proc/modules');
  if (text !== null) return parseProcModules(text).some((m) => m.name === kname);
  return ((await probe.fs.readText(`/sys/module/${kname}/initstate`)) ?? '').trim() === 'live';
}

export interface MasterParams {
  /** MACs in master order, lower case ('' for a master given no device). */
  main: string[];
  backup: string[];
}

function splitList(text: string | null): string[] {
  if (text === null) return [];
  const t = text.trim();
  if (t === '' || t === '(null)') return [];
  return t.split(',').map((x) => (x.trim() === '(null)' ? '' : x.trim().toLowerCase()));
}

/** ec_master's module parameters, or null when it is not loaded. */
export async function masterParams(probe: Probe): Promise<MasterParams | null> {
  if (!(await isLoaded(probe, 'ec_master'))) return null;
  const dir = '/sys/module/ec_master/parameters';
  return {
    main: splitList(await probe.fs.readText(`${dir}/main_devices`)),
    backup: splitList(await probe.fs.readText(`${dir}/backup_devices`)),
  };
}

export interface InstalledModule {
  name: string;
  /** Where modinfo found it, '' when not installed. */
  path: string;
  /** Installed by dkms (under updates/dkms). */
  dkms: boolean;
}

const MODULE_EXT = /\.ko(\.xz|\.zst|\.gz)?$/;

/** Where `name` is installed for `kernel` (modinfo -k; the dkms directory as a fallback). */
export async function installedModule(probe: Probe, kernel: string, name: string): Promise<InstalledModule> {
  const r = await probe.run(['modinfo', '-k', kernel, '-F', 'filename', name]);
  let path = r.code === 0 ? (r.stdout.split('\n')[0] ?? '').trim() : '';
  if (!path) {
    const dir = `/lib/modules/${kernel}/updates/dkms`;
    const names = await probe.fs.readdir(dir).catch(() => [] as string[]);
    const hit = names.find((n) => n.replace(MODULE_EXT, '') === name && MODULE_EXT.test(n));
    if (hit) path = `${dir}/${hit}`;
  }
  return { name, path, dkms: path.includes('/updates/dkms/') };
}
