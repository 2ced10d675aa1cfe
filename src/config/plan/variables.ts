// SPDX-License-Identifier: MIT
// Binding variables to PDO entries: find the entry in the slave's planned PDOs (its direction
// follows from the sync manager), check the width against the type, one variable per entry, one
// domain per sync manager (IgH maps a whole sync manager into one domain), and a safe value for
// every output. Entries of slaves whose PDOs are only known on the bus stay open (direction
// null) until checkAgainstBus fills them in.
import { hex } from '../../topology/source/read.js';
import type { EsiDevice } from '../esi/types.js';
import type { BusConfig, ConfigValue, VariableConfig } from '../types.js';
import { encodeValue, formatEntryRef as ref } from '../values.js';
import type { PathIssues } from './issues.js';
import { placeOf } from './issues.js';
import type { PlanEntry, PlanSlave, PlanVariable } from './types.js';

/** Where an entry is mapped: found, not known until the bus is read, or not mapped (with what is). */
export type EntryLookup =
  | { found: { sync: number; direction: 'output' | 'input'; pdo: number; entry: PlanEntry } }
  | { unknown: true }
  | { missing: true; mapped: string[] };

/** Where `index:subindex` is mapped in the slave's planned PDOs. */
export function locateEntry(slave: PlanSlave, index: number, subindex: number): EntryLookup {
  if (slave.syncs === null) return { unknown: true };
  let open = false;
  const mapped: string[] = [];
  for (const s of slave.syncs) {
    for (const p of s.pdos) {
      if (p.entries === null) {
        open = true;
        continue;
      }
      for (const e of p.entries) {
        if (e.index === 0) continue;
        if (e.index === index && e.subindex === subindex) return { found: { sync: s.index, direction: s.direction, pdo: p.index, entry: e } };
        mapped.push(ref(e.index, e.subindex));
      }
    }
  }
  return open ? { unknown: true } : { missing: true, mapped };
}


/** The bytes of a safe value (0 when none was given). */
export function safeBytes(v: { type: PlanVariable['type']; bitLength: number }, safe: ConfigValue | undefined): Uint8Array | null {
  const r = encodeValue(v.type, v.bitLength, safe ?? (v.type === 'bool' ? false : 0));
  return 'error' in r ? null : r;
}

/**
 * Complete a variable from the entry it is bound to: direction, sync manager, PDO, width check.
 * Used by the planner and again by checkAgainstBus once the slave's own PDOs are known.
 */
export function bindEntry(
  issues: PathIssues,
  slave: PlanSlave,
  v: PlanVariable,
  safeGiven: boolean,
  device?: EsiDevice,
): void {
  const r = locateEntry(slave, v.index, v.subindex);
  if ('unknown' in r) return;
  if ('missing' in r) {
    const mapped = r.mapped.length ? r.mapped.slice(0, 16).join(', ') + (r.mapped.length > 16 ? ', ...' : '') : '(none)';
    let hint = '';
    const alt = device?.pdos.find((p) => p.entries.some((e) => e.index === v.index && e.subindex === v.subindex));
    if (alt) hint = `; the ESI file has it in PDO ${hex(alt.index)}, which is not assigned (select it with "pdos")`;
    issues.add(`${v.path}.entry`, `PDO entry ${ref(v.index, v.subindex)} is not mapped in any PDO of slave "${slave.name}" (mapped entries: ${mapped})${hint}`);
    return;
  }
  const { found } = r;
  if (found.entry.bitLength !== v.bitLength) {
    issues.add(`${v.path}.type`, `PDO entry ${ref(v.index, v.subindex)} is ${found.entry.bitLength} bits wide but type ${v.type}${v.type === 'bits' ? `:${v.bitLength}` : ''} is ${v.bitLength}; expected a ${found.entry.bitLength}-bit type`);
  }
  v.direction = found.direction;
  v.sync = found.sync;
  v.pdo = found.pdo;
  if (found.direction === 'input') {
    if (safeGiven) issues.add(`${v.path}.safe`, `"safe" applies to outputs; ${ref(v.index, v.subindex)} is in TxPDO ${hex(found.pdo)}, an input`);
    v.safe = null;
  }
}

/** Check what only makes sense across variables: one variable per entry, one domain per sync manager. */
export function crossCheckVariables(issues: PathIssues, variables: PlanVariable[], domains: string[], positions: Record<string, [number, number]> | undefined): void {
  const byEntry = new Map<string, PlanVariable>();
  const bySync = new Map<string, PlanVariable>();
  for (const v of variables) {
    const k = `${v.slave}/${v.index}/${v.subindex}`;
    const before = byEntry.get(k);
    if (before) issues.add(`${v.path}.entry`, `PDO entry ${ref(v.index, v.subindex)} is already bound to variable "${before.name}" at ${placeOf(positions, before.path)}`);
    else byEntry.set(k, v);
    if (v.sync === null) continue;
    const sk = `${v.slave}/${v.sync}`;
    const other = bySync.get(sk);
    if (other && other.domain !== v.domain) {
      issues.add(
        `${v.path}.domain`,
        `variable "${v.name}" is in domain "${domains[v.domain]}" but "${other.name}" (${placeOf(positions, other.path)}) of the same sync manager ${v.sync} is in "${domains[other.domain]}"; IgH exchanges a whole sync manager in one domain`,
      );
    } else if (!other) bySync.set(sk, v);
  }
}

/** Plan all variables (the slaves' own, then the top-level list). */
export function planVariables(
  config: BusConfig,
  slaves: PlanSlave[],
  devices: Array<EsiDevice | undefined>,
  issues: PathIssues,
): PlanVariable[] {
  const domains = config.domains.map((d) => d.name);
  const out: PlanVariable[] = [];
  const add = (cfg: VariableConfig, slaveIndex: number, path: string): void => {
    const slave = slaves[slaveIndex];
    if (!slave) return;
    const domain = cfg.domain === undefined ? 0 : domains.indexOf(cfg.domain);
    const v: PlanVariable = {
      name: cfg.name,
      slave: slaveIndex,
      index: cfg.index,
      subindex: cfg.subindex,
      bitLength: cfg.bitLength,
      type: cfg.type,
      direction: null,
      sync: null,
      pdo: null,
      domain: Math.max(0, domain),
      safe: safeBytes(cfg, cfg.safe),
      path,
    };
    bindEntry(issues, slave, v, cfg.safe !== undefined, devices[slaveIndex]);
    out.push(v);
  };
  config.slaves.forEach((s, i) => s.variables.forEach((v, k) => add(v, i, `slaves[${i}].variables[${k}]`)));
  config.variables.forEach((v, k) => {
    const i = config.slaves.findIndex((s) => s.name === v.slave);
    if (i < 0) issues.add(`variables[${k}].slave`, `unknown slave "${v.slave ?? ''}"`);
    else add(v, i, `variables[${k}]`);
  });
  crossCheckVariables(issues, out, domains, config.source?.positions);
  return out;
}
