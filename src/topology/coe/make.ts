// SPDX-License-Identifier: MIT
// Compact constructors for dictionary objects in model tables, so a model reads like the
// object list of a device manual: `record(0x6000, 'DI Inputs Ch.1', [entry(1, 'Input', 'bool', 'ro', { pdo: 'tx' })])`.
import type { EntryDef, ObjectDef, PdoMapping } from '../defs.js';
import { acc } from './access.js';
import { T } from './datatypes.js';
import type { EntryValue } from './values.js';

/** Optional properties of an entry in a model table. */
export interface EntryOptions {
  pdo?: PdoMapping;
  value?: EntryValue;
  min?: bigint | number;
  max?: bigint | number;
  /** Process value that changes by itself (inputs, actual values, counters). */
  volatile?: boolean;
  /** Size in bits for strings (8 x capacity). */
  bits?: number;
}

/** One entry; `type` is a data type name, `access` a pattern such as 'ro' or 'rwr-r-'. */
export function entry(subindex: number, name: string, type: string, access: string, o: EntryOptions = {}): EntryDef {
  const t = T(type);
  const bits = o.bits ?? t.bits;
  if (bits === null) throw new Error(`internal: ${name} needs a size`);
  const e: EntryDef = { subindex, name, type: t, bits, access: acc(access), pdo: o.pdo ?? 'none', volatile: o.volatile ?? false };
  if (o.value !== undefined) e.value = o.value;
  if (o.min !== undefined) e.min = o.min;
  if (o.max !== undefined) e.max = o.max;
  return e;
}

/** A VAR object (one entry at subindex 0). */
export function variable(index: number, name: string, type: string, access: string, o: EntryOptions = {}): ObjectDef {
  return { index, name, code: 7, entries: [entry(0, name, type, access, o)] };
}

/** A RECORD object; subindex 0 is added when the dictionary is finalized. */
export function record(index: number, name: string, entries: EntryDef[]): ObjectDef {
  return { index, name, code: 9, entries };
}

/** An ARRAY object (all entries of one type); subindex 0 is added when finalized. */
export function array(index: number, name: string, entries: EntryDef[]): ObjectDef {
  return { index, name, code: 8, entries };
}

/** `SubIndex 001`: the entry name convention of mapping and assignment objects. */
export function subName(subindex: number): string {
  return `SubIndex ${subindex.toString().padStart(3, '0')}`;
}
