// SPDX-License-Identifier: MIT
// Planning one slave: its ESI device (if it names one), where its PDOs come from (explicit
// syncs, a PDO selection, the ESI defaults, or the slave's own), its startup SDOs (ESI InitCmds
// first, then the file's, in remap-before-assign order), watchdog and DC times.
import { hex } from '../../topology/source/read.js';
import { EsiError, formatConfigIssue } from '../errors.js';
import { dcFromOpMode } from '../esi/dc.js';
import { defaultEsiPdos, excludes, selectEsiPdos } from '../esi/pdos.js';
import { findEsiDevice, onlyEsiDevice } from '../esi/select.js';
import type { EsiDevice, EsiFile } from '../esi/types.js';
import { pdoDirection } from '../parse/pdos.js';
import type { BusConfig, PdoConfig, SlaveConfig, SyncConfig } from '../types.js';
import type { PathIssues } from './issues.js';
import { formatEntryRef } from '../values.js';
import { isAssignObject, isMappingObject, orderStartupSdos } from './order.js';
import type { PlanDc, PlanNote, PlanPdo, PlanSdo, PlanSlave, PlanSync } from './types.js';

/** Loads ESI files for the planner (a file or a directory -> its files). */
export type EsiLoader = (path: string) => EsiFile[];

/** What planning one slave needs from the whole plan. */
export interface SlaveContext {
  config: BusConfig;
  issues: PathIssues;
  notes: PlanNote[];
  esi: EsiLoader;
}

/** The ESI device a slave names, or undefined (with the reason reported). */
function resolveEsi(ctx: SlaveContext, slave: SlaveConfig, path: string): EsiDevice | undefined {
  if (!slave.esi) return undefined;
  const at = `${path}.esi`;
  try {
    const files = ctx.esi(slave.esi.resolved);
    const r = slave.identity ? findEsiDevice(files, slave.identity) : onlyEsiDevice(files);
    if ('error' in r) {
      ctx.issues.add(at, r.error);
      return undefined;
    }
    return r.device;
  } catch (err) {
    if (err instanceof EsiError) {
      const first = err.errors.slice(0, 5).map((e) => formatConfigIssue(err.file, e));
      const more = err.errors.length > 5 ? ` (and ${err.errors.length - 5} more)` : '';
      ctx.issues.add(at, `the ESI file cannot be used: ${first.join('; ')}${more}`);
    } else {
      const e = err as NodeJS.ErrnoException;
      ctx.issues.add(at, `cannot read ${slave.esi.resolved}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}`);
    }
    return undefined;
  }
}

function planPdo(p: PdoConfig, path: string): PlanPdo {
  return {
    index: p.index,
    name: p.name ?? null,
    entries: p.entries ? p.entries.map((e) => ({ index: e.index, subindex: e.subindex, bitLength: e.bitLength, name: e.name ?? null })) : null,
    path,
  };
}

/** Plan sync managers; `pdoPath` says where each PDO was configured. */
function planSyncs(syncs: SyncConfig[], pdoPath: (sync: number, pdo: number, index: number) => string): PlanSync[] {
  return syncs.map((s, j) => ({ index: s.index, direction: s.direction, watchdog: s.watchdog, pdos: s.pdos.map((p, k) => planPdo(p, pdoPath(j, k, p.index))) }));
}

function sameEntries(a: PdoConfig['entries'], b: PdoConfig['entries']): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return a.every((e, i) => e.index === b[i]?.index && e.subindex === b[i]?.subindex && e.bitLength === b[i]?.bitLength);
}

/** Explicit syncs, completed and checked against the ESI description when there is one. */
function explicitSyncs(ctx: SlaveContext, slave: SlaveConfig, path: string, device: EsiDevice | undefined): PlanSync[] {
  // Work on a copy: PDOs without entries are completed from the ESI file.
  const syncs = (slave.syncs ?? []).map((s) => ({ ...s, pdos: s.pdos.map((p) => ({ ...p })) }));
  if (device) {
    const byIndex = new Map(device.pdos.map((p) => [p.index, p]));
    const assigned: Array<{ pdo: (typeof device.pdos)[number]; path: string }> = [];
    syncs.forEach((s, j) =>
      s.pdos.forEach((p, k) => {
        const pp = `${path}.syncs[${j}].pdos[${k}]`;
        const esiPdo = byIndex.get(p.index);
        if (!esiPdo) {
          if (!p.entries) ctx.issues.add(pp, `PDO ${hex(p.index)} is not described in the ESI file for ${device.type}; give its "entries"`);
          return;
        }
        if (!p.entries) p.entries = esiPdo.entries.map((e) => (e.name ? { ...e, name: e.name } : { index: e.index, subindex: e.subindex, bitLength: e.bitLength }));
        else if (esiPdo.fixed && !sameEntries(p.entries, esiPdo.entries)) {
          ctx.issues.add(`${pp}.entries`, `PDO ${hex(p.index)} is Fixed in the ESI file (line ${esiPdo.at.line}); its mapping cannot be changed (leave "entries" out to use it as described)`);
        }
        const clash = assigned.find((a) => excludes(a.pdo, esiPdo));
        if (clash) ctx.issues.add(pp, `PDO ${hex(p.index)} cannot be assigned together with ${hex(clash.pdo.index)} (${clash.path}): the ESI file excludes the pair`);
        assigned.push({ pdo: esiPdo, path: pp });
      }),
    );
  }
  return planSyncs(syncs, (j, k) => `${path}.syncs[${j}].pdos[${k}]`);
}

/** The `pdos:` shorthand without an ESI file: RxPDOs to SM2, TxPDOs to SM3 (the usual layout). */
function shorthandSyncs(ctx: SlaveContext, slave: SlaveConfig, path: string): PlanSync[] {
  const out: PlanSync[] = [];
  const all = slave.pdos ?? [];
  const at = (p: PdoConfig): string => `${path}.pdos[${all.indexOf(p)}]`;
  const rx = all.filter((p) => pdoDirection(p.index) === 'output');
  const tx = all.filter((p) => pdoDirection(p.index) === 'input');
  if (rx.length) out.push({ index: 2, direction: 'output', watchdog: 'default', pdos: rx.map((p) => planPdo(p, at(p))) });
  if (tx.length) out.push({ index: 3, direction: 'input', watchdog: 'default', pdos: tx.map((p) => planPdo(p, at(p))) });
  ctx.notes.push({ path: `${path}.pdos`, message: 'no ESI file: RxPDOs assigned to sync manager 2 and TxPDOs to sync manager 3 (give "syncs" to choose others)' });
  return out;
}

function planDc(ctx: SlaveContext, slave: SlaveConfig, path: string, device: EsiDevice | undefined): PlanDc | null {
  const bus = ctx.config.cycleTime;
  if (slave.dc === false) return null;
  const dc = slave.dc;
  let base: PlanDc | null = null;
  if (device && (dc?.opMode !== undefined || dc === undefined || dc.assignActivate === undefined)) {
    const names = device.opModes.map((o) => `"${o.name}"`).join(', ');
    const op = dc?.opMode !== undefined ? device.opModes.find((o) => o.name.toLowerCase() === dc.opMode?.toLowerCase()) : device.opModes[0];
    if (dc?.opMode !== undefined && !op) {
      ctx.issues.add(`${path}.dc.opMode`, `no DC op mode "${dc.opMode}" in the ESI file for ${device.type}; it has ${names || 'no <Dc> op modes'}`);
      return null;
    }
    if (op) {
      const r = dcFromOpMode(op, bus);
      for (const n of r.notes) ctx.notes.push({ path: `${path}.dc`, message: n });
      base = r.dc;
      if (dc === undefined) {
        if (op.assignActivate === 0) return null;
        ctx.notes.push({ path, message: `DC from the ESI file's default op mode "${op.name}" (AssignActivate ${hex(op.assignActivate)})` });
      }
    }
  } else if (dc?.opMode !== undefined) {
    ctx.issues.add(`${path}.dc.opMode`, 'an op mode is taken from an ESI file; this slave names none (add "esi:" or give assignActivate and sync0)');
    return null;
  }
  if (!dc) return base;
  const out: PlanDc = base ?? { assignActivate: 0, sync0Cycle: bus, sync0Shift: 0, sync1Cycle: 0, sync1Shift: 0 };
  if (dc.assignActivate !== undefined) out.assignActivate = dc.assignActivate;
  if (dc.sync0) {
    out.sync0Cycle = dc.sync0.cycle === 'auto' ? bus : dc.sync0.cycle;
    out.sync0Shift = dc.sync0.shift;
  }
  if (dc.sync1) {
    out.sync1Cycle = dc.sync1.cycle === 'auto' ? bus : dc.sync1.cycle;
    out.sync1Shift = dc.sync1.shift;
  }
  if (out.assignActivate === 0) return null;
  return out;
}

function planSdos(ctx: SlaveContext, slave: SlaveConfig, path: string, device: EsiDevice | undefined, pdosConfigured: boolean): PlanSdo[] {
  const list: PlanSdo[] = [];
  if (device) {
    for (const cmd of device.initCmds) {
      const where = `${cmd.at.file}:${cmd.at.line}`;
      // IgH writes startup SDOs once, in PREOP before SAFEOP: that serves InitCmds of the IP and
      // PS transitions. Commands for later transitions have no place to go.
      if (!cmd.transitions.some((t) => t === 'PS' || t === 'IP')) {
        ctx.notes.push({ path: `${path}.esi`, message: `InitCmd ${formatEntryRef(cmd.index, cmd.subindex)} (${where}) is for ${cmd.transitions.join('/')} only and is not sent (IgH writes startup SDOs in PREOP)` });
        continue;
      }
      list.push({ index: cmd.index, subindex: cmd.subindex, completeAccess: cmd.completeAccess, data: cmd.data, origin: 'esi', path: where });
    }
  }
  slave.sdos.forEach((s, k) => list.push({ index: s.index, subindex: s.subindex, completeAccess: s.completeAccess, data: s.data, origin: 'config', path: `${path}.sdos[${k}]` }));
  const { sdos, note } = orderStartupSdos(list);
  if (note) ctx.notes.push({ path: `${path}.sdos`, message: note });
  const pdoWrites = sdos.filter((s) => isMappingObject(s.index) || isAssignObject(s.index));
  const firstWrite = pdoWrites[0];
  if (pdosConfigured && firstWrite) {
    ctx.notes.push({
      path: firstWrite.path.startsWith('slaves[') ? firstWrite.path : `${path}.sdos`,
      message: `startup SDOs write PDO objects (${[...new Set(pdoWrites.map((s) => hex(s.index)))].join(', ')}) while the slave's PDOs are also configured; IgH writes its PDO configuration after the startup SDOs, so that configuration is what the slave ends up with`,
    });
  }
  return sdos;
}

/** Plan `slaves[i]`. Problems go to ctx.issues; the returned plan is only used if there are none. */
export function planSlave(ctx: SlaveContext, slave: SlaveConfig, index: number): { plan: PlanSlave; device?: EsiDevice } {
  const path = `slaves[${index}]`;
  const device = resolveEsi(ctx, slave, path);
  const identity = slave.identity ?? (device ? { vendorId: device.vendorId, productCode: device.productCode, revision: device.revision } : undefined);
  let syncs: PlanSync[] | null = null;
  let pdoSource: PlanSlave['pdoSource'] = 'slave';
  if (slave.syncs) {
    syncs = explicitSyncs(ctx, slave, path, device);
    pdoSource = 'config';
  } else if (slave.pdos) {
    if (device) {
      const choice = selectEsiPdos(device, slave.pdos.map((p) => p.index));
      for (const e of choice.errors) ctx.issues.add(`${path}.pdos`, e);
      for (const n of choice.notes) ctx.notes.push({ path: `${path}.pdos`, message: n });
      // A PDO given with its own entries keeps them (a remap of a configurable PDO).
      for (const s of choice.syncs) {
        for (const p of s.pdos) {
          const own = slave.pdos.find((q) => q.index === p.index);
          if (own?.entries) p.entries = own.entries;
        }
      }
      const pos = new Map(slave.pdos.map((p, k) => [p.index, `${path}.pdos[${k}]`]));
      syncs = planSyncs(choice.syncs, (_j, _k, index) => pos.get(index) ?? `${path}.esi`);
      pdoSource = 'esi';
    } else {
      syncs = shorthandSyncs(ctx, slave, path);
      pdoSource = 'config';
    }
  } else if (device) {
    const op = slave.dc && slave.dc.opMode !== undefined ? device.opModes.find((o) => o.name.toLowerCase() === (slave.dc as { opMode: string }).opMode.toLowerCase()) : undefined;
    const choice = defaultEsiPdos(device, op);
    for (const e of choice.errors) ctx.issues.add(`${path}.esi`, e);
    for (const n of choice.notes) ctx.notes.push({ path: `${path}.esi`, message: n });
    syncs = planSyncs(choice.syncs, () => `${path}.esi`);
    pdoSource = 'esi';
  }
  const plan: PlanSlave = {
    index,
    name: slave.name,
    path,
    alias: slave.alias,
    position: slave.position,
    vendorId: identity?.vendorId ?? 0,
    productCode: identity?.productCode ?? 0,
    revision: identity?.revision ?? null,
    pdoSource,
    syncs,
    sdos: planSdos(ctx, slave, path, device, syncs !== null),
    watchdog: slave.watchdog ? { divider: slave.watchdog.divider, intervals: slave.watchdog.intervals } : null,
    dc: planDc(ctx, slave, path, device),
    esi: device ? { file: device.at.file, type: device.type, revision: device.revision } : null,
  };
  return device ? { plan, device } : { plan };
}
