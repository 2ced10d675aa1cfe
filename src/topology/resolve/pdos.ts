// SPDX-License-Identifier: MIT
// PDOs against the object dictionary: fill what an entry leaves open (bit length, name, type)
// from the dictionary, and check what it states. With CoE the dictionary is authoritative: an
// entry must exist, be mappable in the PDO's direction and agree in size and type. Without CoE
// the objects (if any) only supply names and sizes.
import { pdoDirection, type ObjectDef, type PdoDef } from '../defs.js';
import type { Issues, Where } from '../source/issues.js';
import { hex } from '../source/read.js';
import type { PdoDraft } from './sync.js';

/** Replace or add items by index; the result is sorted by index. */
export function mergeByIndex<T extends { index: number }>(base: readonly T[], over: readonly T[]): T[] {
  const map = new Map<number, T>();
  for (const x of base) map.set(x.index, x);
  for (const x of over) map.set(x.index, x);
  return [...map.values()].sort((a, b) => a.index - b.index);
}

function ref(index: number, subindex: number): string {
  return `${hex(index)}:${subindex.toString(16).padStart(2, '0')}`;
}

/** Default capacity of a configurable mapping object: room to map a few more entries. */
export const CONFIGURABLE_PDO_CAPACITY = 8;

/** What completing a slave's PDOs needs to know about the slave. */
export interface PdoContext {
  dictionary: ReadonlyMap<number, ObjectDef>;
  coe: boolean;
  pdoConfig: boolean;
  /** Objects whose declaration had errors: entries referring to them are dropped quietly. */
  broken: ReadonlySet<number>;
  /** Where to point for PDOs that came from a preset or model. */
  fallback: Where;
}

/** Complete and check every PDO; entries that cannot be resolved are reported and dropped. */
export function completePdos(issues: Issues, defs: readonly PdoDef[], ctx: PdoContext): PdoDraft[] {
  const out: PdoDraft[] = [];
  for (const def of defs) {
    const direction = pdoDirection(def.index);
    if (!direction) continue; // reported when read
    const pdo: PdoDraft = {
      index: def.index,
      name: def.name,
      direction,
      sm: def.sm,
      fixed: def.fixed,
      mandatory: def.mandatory,
      capacity: 0,
      entries: [],
    };
    if (def.at) pdo.at = def.at;
    for (const e of def.entries) {
      const where = e.at ?? def.at ?? ctx.fallback;
      if (e.index === 0) {
        pdo.entries.push({ index: 0, subindex: 0, bits: e.bits ?? 0, name: '', dataType: 0 });
        continue;
      }
      if (ctx.broken.has(e.index)) continue;
      const obj = ctx.dictionary.get(e.index);
      const entry = obj?.entries.find((x) => x.subindex === e.subindex);
      if (ctx.coe) {
        if (!obj) {
          issues.at(where, `PDO entry ${ref(e.index, e.subindex)} refers to object ${hex(e.index)}, which is not in the object dictionary`);
          continue;
        }
        if (!entry) {
          const subs = obj.entries.map((x) => x.subindex).join(', ');
          issues.at(where, `PDO entry ${ref(e.index, e.subindex)}: object ${hex(e.index)} "${obj.name}" has no subindex ${e.subindex} (it has ${subs || 'none'})`);
          continue;
        }
        const allowed = entry.pdo === 'rxtx' || entry.pdo === direction;
        if (!allowed) {
          const what = direction === 'rx' ? 'RxPDO' : 'TxPDO';
          issues.at(where, `PDO entry ${ref(e.index, e.subindex)} "${entry.name}" is not ${what}-mappable (its pdo is ${entry.pdo}); ${direction === 'rx' ? 'an' : 'a'} ${what} ${hex(def.index)} needs entries with pdo: ${direction} or rxtx`);
          continue;
        }
      }
      if (entry && e.bits !== undefined && e.bits !== entry.bits) {
        issues.at(where, `bit length ${e.bits} does not match ${ref(e.index, e.subindex)} "${entry.name}" in the dictionary (${entry.bits} bits)`);
        continue;
      }
      if (entry && e.type && e.type.code !== entry.type.code) {
        issues.at(where, `type ${e.type.name} does not match ${ref(e.index, e.subindex)} "${entry.name}" in the dictionary (${entry.type.name})`);
        continue;
      }
      const bits = e.bits ?? entry?.bits ?? e.type?.bits ?? undefined;
      if (bits === undefined || bits === null) {
        issues.at(where, `PDO entry ${ref(e.index, e.subindex)} needs \`bits\` (or a \`type\`): the slave has no dictionary entry to take it from`);
        continue;
      }
      if (bits > 255) {
        issues.at(where, `PDO entry ${ref(e.index, e.subindex)} is ${bits} bits; a PDO entry holds at most 255`);
        continue;
      }
      pdo.entries.push({ index: e.index, subindex: e.subindex, bits, name: e.name ?? entry?.name ?? '', dataType: (e.type ?? entry?.type)?.code ?? 0 });
    }
    const configurable = ctx.coe && ctx.pdoConfig && !def.fixed;
    pdo.capacity = def.capacity ?? (configurable ? Math.max(pdo.entries.length, CONFIGURABLE_PDO_CAPACITY) : pdo.entries.length);
    out.push(pdo);
  }
  return out;
}
