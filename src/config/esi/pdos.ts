// SPDX-License-Identifier: MIT
// Choosing the PDOs of a device from its ESI description. The default set is the PDOs an
// `Sm` attribute assigns (or the op mode's own `<Sm><Pdo>` list), with Mandatory PDOs always in
// and no two PDOs that `<Exclude>` each other: candidates are taken in order, mandatory ones
// first, and a candidate that conflicts with one already taken is left out (and the plan says
// so). An explicit selection is checked against the same rules and reported, not repaired.
import { hex } from '../../topology/source/read.js';
import type { PdoConfig, SyncConfig } from '../types.js';
import type { EsiDcOpMode, EsiDevice, EsiPdo } from './types.js';

/** The outcome of a PDO choice: sync managers with their PDOs, plus what was decided and why. */
export interface EsiPdoChoice {
  syncs: SyncConfig[];
  notes: string[];
  errors: string[];
}

function where(p: EsiPdo): string {
  return `line ${p.at.line}`;
}

/** True when `a` and `b` may not be assigned together (Exclude works in either direction). */
export function excludes(a: EsiPdo, b: EsiPdo): boolean {
  return a.excludes.includes(b.index) || b.excludes.includes(a.index);
}

/** The sync manager a PDO goes to: its Sm attribute, else the first process data SM of its direction. */
export function smFor(device: EsiDevice, pdo: EsiPdo): number {
  if (pdo.sm !== undefined) return pdo.sm;
  const kind = pdo.direction === 'output' ? 'outputs' : 'inputs';
  const sm = device.syncManagers.find((s) => s.kind.toLowerCase() === kind);
  // Without <Sm> elements the usual layout applies: SM2 outputs, SM3 inputs.
  return sm?.index ?? (pdo.direction === 'output' ? 2 : 3);
}

/** The PDO as configuration: index, name and its ESI entries. */
export function pdoConfigOf(pdo: EsiPdo): PdoConfig {
  const out: PdoConfig = {
    index: pdo.index,
    entries: pdo.entries.map((e) => (e.name !== undefined ? { index: e.index, subindex: e.subindex, bitLength: e.bitLength, name: e.name } : { index: e.index, subindex: e.subindex, bitLength: e.bitLength })),
  };
  if (pdo.name !== undefined) out.name = pdo.name;
  return out;
}

function group(device: EsiDevice, picked: Array<{ pdo: EsiPdo; sm: number }>): SyncConfig[] {
  const bySm = new Map<number, SyncConfig>();
  for (const { pdo, sm } of picked) {
    let s = bySm.get(sm);
    if (!s) {
      s = { index: sm, direction: pdo.direction, watchdog: 'default', pdos: [] };
      bySm.set(sm, s);
    }
    s.pdos.push(pdoConfigOf(pdo));
  }
  // Sync managers that carry process data but get no PDO are configured empty, so the slave's
  // own default assignment does not linger there.
  for (const sm of device.syncManagers) {
    const k = sm.kind.toLowerCase();
    if ((k === 'outputs' || k === 'inputs') && !bySm.has(sm.index)) bySm.set(sm.index, { index: sm.index, direction: k === 'outputs' ? 'output' : 'input', watchdog: 'default', pdos: [] });
  }
  return [...bySm.values()].sort((a, b) => a.index - b.index);
}

/** The default PDO set of a device (optionally as an op mode assigns it). */
export function defaultEsiPdos(device: EsiDevice, opMode?: EsiDcOpMode): EsiPdoChoice {
  const notes: string[] = [];
  const errors: string[] = [];
  const byIndex = new Map(device.pdos.map((p) => [p.index, p]));
  let candidates: Array<{ pdo: EsiPdo; sm: number }> = [];
  if (opMode && opMode.assignments.length > 0) {
    for (const a of opMode.assignments) {
      for (const index of a.pdos) {
        const pdo = byIndex.get(index);
        if (!pdo) errors.push(`op mode "${opMode.name}" (line ${opMode.at.line}) assigns PDO ${hex(index)}, which the device does not describe`);
        else candidates.push({ pdo, sm: a.sm });
      }
    }
    notes.push(`PDO assignment taken from DC op mode "${opMode.name}"`);
  } else {
    candidates = device.pdos.filter((p) => p.sm !== undefined).map((pdo) => ({ pdo, sm: smFor(device, pdo) }));
  }
  for (const pdo of device.pdos) {
    if (pdo.mandatory && !candidates.some((c) => c.pdo === pdo)) candidates.push({ pdo, sm: smFor(device, pdo) });
  }
  const ordered = [...candidates.filter((c) => c.pdo.mandatory), ...candidates.filter((c) => !c.pdo.mandatory)];
  const picked: Array<{ pdo: EsiPdo; sm: number }> = [];
  for (const c of ordered) {
    const clash = picked.find((p) => excludes(p.pdo, c.pdo));
    if (!clash) {
      picked.push(c);
      continue;
    }
    if (c.pdo.mandatory) errors.push(`mandatory PDO ${hex(c.pdo.index)} (${where(c.pdo)}) excludes mandatory PDO ${hex(clash.pdo.index)} (${where(clash.pdo)}); the ESI file contradicts itself`);
    else notes.push(`PDO ${hex(c.pdo.index)} is not assigned by default: it excludes ${hex(clash.pdo.index)}, which is assigned before it`);
  }
  // Keep the ESI file's order within each sync manager.
  picked.sort((a, b) => device.pdos.indexOf(a.pdo) - device.pdos.indexOf(b.pdo));
  return { syncs: group(device, picked), notes, errors };
}

/** Check and arrange an explicit PDO selection; mandatory PDOs left out are added (with a note). */
export function selectEsiPdos(device: EsiDevice, indices: readonly number[]): EsiPdoChoice {
  const notes: string[] = [];
  const errors: string[] = [];
  const byIndex = new Map(device.pdos.map((p) => [p.index, p]));
  const picked: Array<{ pdo: EsiPdo; sm: number }> = [];
  for (const index of indices) {
    const pdo = byIndex.get(index);
    if (!pdo) {
      const dir = index >= 0x1a00 ? 'input' : 'output';
      const known = device.pdos.filter((p) => p.direction === dir).map((p) => hex(p.index));
      errors.push(`PDO ${hex(index)} is not described for ${device.type}; its ${dir === 'output' ? 'RxPDOs' : 'TxPDOs'} are ${known.join(', ') || '(none)'}`);
      continue;
    }
    const clash = picked.find((p) => excludes(p.pdo, pdo));
    if (clash) {
      errors.push(`PDO ${hex(index)} cannot be assigned together with ${hex(clash.pdo.index)}: the ESI file excludes the pair (${where(pdo)}, ${where(clash.pdo)})`);
      continue;
    }
    picked.push({ pdo, sm: smFor(device, pdo) });
  }
  for (const pdo of device.pdos) {
    if (!pdo.mandatory || picked.some((p) => p.pdo === pdo)) continue;
    const clash = picked.find((p) => excludes(p.pdo, pdo));
    if (clash) errors.push(`PDO ${hex(pdo.index)} is mandatory but excluded by the selected ${hex(clash.pdo.index)}`);
    else {
      picked.push({ pdo, sm: smFor(device, pdo) });
      notes.push(`mandatory PDO ${hex(pdo.index)} added to the selection`);
    }
  }
  return { syncs: group(device, picked), notes, errors };
}
