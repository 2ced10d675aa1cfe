// SPDX-License-Identifier: MIT
// Making the load survive a reboot. Either our own files, /etc/modprobe.d/ecat.conf (ec_master
// options, and blacklist lines for stock drivers no other card needs, so they do not take the
// cards first) and /etc/modules-load.d/ecat.conf (what to load at boot); or, when IgH's own
// service is installed (/etc/ethercat.conf and ethercat.service), that service, configured by
// setting MASTER<N>_DEVICE, MASTER<N>_BACKUP and DEVICE_MODULES in its config file.
import type { Probe } from '../detect/probe.js';
import { driverInfo, type DriverKey } from '../igh/drivers.js';
import type { Session } from '../session.js';
import { renderTemplate } from '../templates.js';
import type { MasterPlan } from './plan.js';
import { masterArgs } from './modules.js';

export type PersistMode = 'auto' | 'modprobe' | 'ethercat-conf' | 'none';

export const MODPROBE_CONF = '/etc/modprobe.d/ecat.conf';
export const MODULES_LOAD_CONF = '/etc/modules-load.d/ecat.conf';
const ETHERCAT_CONFS = ['/etc/ethercat.conf', '/usr/local/etc/ethercat.conf'];
const ETHERCAT_UNITS = ['/etc/systemd/system/ethercat.service', '/lib/systemd/system/ethercat.service', '/usr/lib/systemd/system/ethercat.service', '/usr/local/lib/systemd/system/ethercat.service'];

export interface IghService {
  conf: string;
  unit: string;
}

/** IgH's ethercat.conf and ethercat.service, when both are installed. */
export async function findIghService(probe: Probe): Promise<IghService | null> {
  let conf = '';
  for (const c of ETHERCAT_CONFS) if ((await probe.fs.stat(c))?.type === 'file') { conf = c; break; }
  let unit = '';
  for (const u of ETHERCAT_UNITS) if ((await probe.fs.stat(u))?.type === 'file') { unit = u; break; }
  return conf && unit ? { conf, unit } : null;
}

/** 'auto' becomes ethercat-conf when IgH's service is installed, else modprobe. */
export async function resolvePersistMode(probe: Probe, mode: PersistMode): Promise<{ mode: Exclude<PersistMode, 'auto'>; service: IghService | null }> {
  const service = await findIghService(probe);
  if (mode === 'auto') return { mode: service ? 'ethercat-conf' : 'modprobe', service };
  return { mode, service };
}

/** Content of /etc/modprobe.d/ecat.conf. */
export function modprobeConf(templateDir: string, masters: MasterPlan[], blacklist: string[]): string {
  return ensureNewline(
    renderTemplate(templateDir, 'modprobe.conf.in', {
      MASTER_OPTIONS: `options ec_master ${masterArgs(masters).join(' ')}`,
      BLACKLIST: blacklist.map((m) => `blacklist ${m}`).join('\n'),
    }),
  );
}

/** Content of /etc/modules-load.d/ecat.conf. */
export function modulesLoadConf(templateDir: string, drivers: DriverKey[]): string {
  return ensureNewline(renderTemplate(templateDir, 'modules-load.conf.in', { MODULES: ['ec_master', ...drivers.map((d) => driverInfo(d).module)].join('\n') }));
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * Set shell-style KEY="value" assignments in IgH's ethercat.conf, keeping everything else
 * (comments, other keys, the user's UPDOWN_INTERFACES and MODPROBE_FLAGS).
 */
export function setConfValues(text: string, values: [string, string][]): string {
  let lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines = lines.slice(0, -1);
  for (const [key, value] of values) {
    const line = `${key}="${value}"`;
    const re = new RegExp(`^\\s*${key}=`);
    const at = lines.findIndex((l) => re.test(l));
    if (at >= 0) lines[at] = line;
    else lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

/** The assignments for these masters; masters beyond them that the file names are cleared. */
export function ethercatConfValues(existing: string, masters: MasterPlan[], drivers: DriverKey[]): [string, string][] {
  const values: [string, string][] = [];
  masters.forEach((m, i) => {
    values.push([`MASTER${i}_DEVICE`, m.main.mac]);
    values.push([`MASTER${i}_BACKUP`, m.backup?.mac ?? '']);
  });
  for (const match of existing.matchAll(/^\s*MASTER([0-9]+)_(DEVICE|BACKUP)=/gm)) {
    const i = Number(match[1]);
    if (i >= masters.length) values.push([`MASTER${i}_${match[2]}`, '']);
  }
  values.push(['DEVICE_MODULES', drivers.join(' ')]);
  return values;
}

export interface PersistInput {
  mode: Exclude<PersistMode, 'auto'>;
  service: IghService | null;
  masters: MasterPlan[];
  drivers: DriverKey[];
  blacklist: string[];
  /** Native drivers whose stock driver also drives other cards (cannot be blacklisted). */
  sharedStock: string[];
}

/** Write the boot-time configuration; returns the detail line. */
export async function persist(s: Session, input: PersistInput): Promise<string> {
  if (input.mode === 'none') return 'not persisted (--persist none): the master is not loaded at boot';
  if (input.mode === 'ethercat-conf') {
    if (!input.service) return 'IgH ethercat.conf/ethercat.service not found; nothing persisted';
    const existing = (await s.deps.fs.readText(input.service.conf)) ?? '';
    await s.writeText(input.service.conf, setConfValues(existing, ethercatConfValues(existing, input.masters, input.drivers)), 0o644);
    // Our own boot files would load ec_master before the service does, with other options.
    for (const own of [MODPROBE_CONF, MODULES_LOAD_CONF]) {
      if (await s.deps.fs.stat(own)) {
        s.recordFile({ path: own, action: 'remove', executed: !s.dryRun, detail: 'IgH ethercat.service loads the master instead' });
        if (!s.dryRun) await s.deps.fs.rm(own);
      }
    }
    const enabled = await s.query(['systemctl', 'is-enabled', 'ethercat.service']);
    if (enabled.stdout.trim() !== 'enabled') await s.change(['systemctl', 'enable', 'ethercat.service']);
    return `using IgH's ${input.service.conf} and ethercat.service (${input.service.unit}), which load the master at boot`;
  }
  await s.writeText(MODPROBE_CONF, modprobeConf(s.deps.templateDir, input.masters, input.blacklist), 0o644);
  await s.writeText(MODULES_LOAD_CONF, modulesLoadConf(s.deps.templateDir, input.drivers), 0o644);
  for (const stock of input.sharedStock) {
    s.warn(`${stock} also drives cards outside EtherCAT, so it cannot be blacklisted: at boot it takes the EtherCAT card(s) first. Run 'ecat provision --ensure' after boot (e.g. from a systemd unit), or use IgH's ethercat.service.`);
  }
  return `${MODPROBE_CONF} and ${MODULES_LOAD_CONF} load the master at boot`;
}
