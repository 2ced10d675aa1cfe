// SPDX-License-Identifier: MIT
// The settings of the last successful provisioning, saved in /etc/ecat/provision.json so that
// `ecat provision --ensure` and the runtime's opt-in readiness check (ensureReady) can redo
// what is missing (e.g. after a kernel update, or after a reboot on a node without
// persistence) without the original command line. The file is read back with the same strict
// checks as the command line, and ignored for root runs unless only root can write it.
import type { ProvisionFs } from './deps.js';
import { ProvisionError } from './errors.js';
import { isDriverKey, type DriverKey } from './igh/drivers.js';
import type { KnownCard } from './load/plan.js';
import type { PersistMode } from './load/persist.js';
import { checkAbiId, checkAbsolutePath, checkGroupName, checkInteger, checkMacAddress, checkPackageName, checkPackageVersion, checkUserName } from './validate.js';

export const SETTINGS_PATH = '/etc/ecat/provision.json';

export interface SavedMaster {
  main: KnownCard;
  backup?: KnownCard;
}

export interface ProvisionSettings {
  format: 1;
  /** The --source tree the package was made from (may have been removed since). */
  source?: string;
  package: { name: string; version: string };
  /** Drivers built into the dkms package. */
  drivers: DriverKey[];
  masters: SavedMaster[];
  group: string;
  users: string[];
  persist: PersistMode;
  rtLimits: boolean;
  timeoutSeconds: number;
  jobs: number;
  /** Present when the last run was `ecat provision --virtual`: the virtual master's module and topology. */
  virtual?: SavedVirtual;
}

export interface SavedVirtual {
  /** The topology file loaded into each master. */
  topology?: string;
  /** Module parameters given (absent: the module's defaults). */
  masters?: number;
  abi?: string;
}

function savedVirtual(v: unknown): SavedVirtual {
  if (typeof v !== 'object' || v === null) throw bad('virtual: not a JSON object');
  const o = v as Record<string, unknown>;
  return {
    ...(o.topology !== undefined ? { topology: checkAbsolutePath(String(o.topology), 'virtual.topology') } : {}),
    ...(o.masters !== undefined ? { masters: checkInteger(Number(o.masters), 'virtual.masters', 1, 32) } : {}),
    ...(o.abi !== undefined ? { abi: checkAbiId(String(o.abi), 'virtual.abi') } : {}),
  };
}

function bad(message: string): ProvisionError {
  return new ProvisionError('BAD_SETTINGS', `${SETTINGS_PATH}: ${message}`, `Fix or delete ${SETTINGS_PATH} and run ecat provision with the options again.`);
}

function card(v: unknown, where: string): KnownCard {
  const o = (v ?? {}) as Record<string, unknown>;
  const stockDriver = typeof o.stockDriver === 'string' ? o.stockDriver : '';
  const stockModule = typeof o.stockModule === 'string' ? o.stockModule : '';
  if (!/^[A-Za-z0-9_.-]{0,64}$/.test(stockDriver) || !/^[A-Za-z0-9_-]{0,64}$/.test(stockModule)) throw bad(`${where}: bad stock driver name`);
  return { mac: checkMacAddress(String(o.mac ?? ''), `${where}.mac`), stockDriver, stockModule };
}

/** Check a parsed settings object (throws BAD_SETTINGS / USAGE naming the field). */
export function validateSettings(raw: unknown): ProvisionSettings {
  if (typeof raw !== 'object' || raw === null) throw bad('not a JSON object');
  const o = raw as Record<string, unknown>;
  if (o.format !== 1) throw bad(`unknown format ${JSON.stringify(o.format)} (expected 1)`);
  const pkg = (o.package ?? {}) as Record<string, unknown>;
  const drivers = Array.isArray(o.drivers) ? o.drivers.map(String) : [];
  for (const d of drivers) if (!isDriverKey(d)) throw bad(`unknown driver ${JSON.stringify(d)}`);
  const masters = Array.isArray(o.masters) ? o.masters : [];
  const persist = String(o.persist ?? 'auto');
  if (!['auto', 'modprobe', 'ethercat-conf', 'none'].includes(persist)) throw bad(`bad persist mode ${JSON.stringify(persist)}`);
  return {
    format: 1,
    ...(typeof o.source === 'string' ? { source: checkAbsolutePath(o.source, 'source') } : {}),
    package: { name: checkPackageName(String(pkg.name ?? '')), version: checkPackageVersion(String(pkg.version ?? '')) },
    drivers: drivers as DriverKey[],
    masters: masters.map((m, i) => {
      const mo = (m ?? {}) as Record<string, unknown>;
      return { main: card(mo.main, `masters[${i}].main`), ...(mo.backup ? { backup: card(mo.backup, `masters[${i}].backup`) } : {}) };
    }),
    group: checkGroupName(String(o.group ?? 'ethercat')),
    users: (Array.isArray(o.users) ? o.users : []).map((u) => checkUserName(String(u))),
    persist: persist as PersistMode,
    rtLimits: o.rtLimits === true,
    timeoutSeconds: checkInteger(Number(o.timeoutSeconds ?? 10), 'timeoutSeconds', 1, 3600),
    jobs: checkInteger(Number(o.jobs ?? 1), 'jobs', 1, 256),
    ...(o.virtual !== undefined ? { virtual: savedVirtual(o.virtual) } : {}),
  };
}

/** Read the saved settings; null when there are none. */
export async function readSettings(fs: ProvisionFs, requireRootOwned: boolean): Promise<ProvisionSettings | null> {
  const st = await fs.stat(SETTINGS_PATH);
  if (!st) return null;
  // Root acts on this file: it must not be something another user could have written.
  if (requireRootOwned && (st.uid !== 0 || (st.mode & 0o022) !== 0)) {
    throw bad(`owned by uid ${st.uid} with mode ${(st.mode & 0o777).toString(8)}; it must belong to root and be writable by root only`);
  }
  const text = (await fs.readText(SETTINGS_PATH)) ?? '';
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw bad(`not valid JSON (${(err as Error).message})`);
  }
  try {
    return validateSettings(raw);
  } catch (err) {
    if (err instanceof ProvisionError && err.code === 'USAGE') throw bad(err.message);
    throw err;
  }
}

/** The file's content for these settings. */
export function settingsText(settings: ProvisionSettings): string {
  return `${JSON.stringify(settings, null, 2)}\n`;
}
