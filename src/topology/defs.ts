// SPDX-License-Identifier: MIT
// Intermediate descriptions shared by models, presets and the schema readers: a dictionary
// object or PDO as declared, before it is merged, completed from the dictionary and encoded.
// Models fill every field; entries read from a file may leave some open (`bits`, `name` of a
// PDO entry come from the dictionary) and carry `at` so later checks can point at them.
import type { DataType } from './coe/datatypes.js';
import type { EntryValue } from './coe/values.js';
import type { Where } from './source/issues.js';

/** Which PDO direction an entry may be mapped into. */
export type PdoMapping = 'none' | 'rx' | 'tx' | 'rxtx';

/** A dictionary entry before encoding. */
export interface EntryDef {
  subindex: number;
  name: string;
  type: DataType;
  bits: number;
  /** Read/write access bits (ACCESS.read* / ACCESS.write*). */
  access: number;
  pdo: PdoMapping;
  value?: EntryValue;
  min?: bigint | number;
  max?: bigint | number;
  volatile: boolean;
  at?: Where;
}

/** A dictionary object before encoding (subindex 0 of ARRAY/RECORD may be missing). */
export interface ObjectDef {
  index: number;
  name: string;
  code: 7 | 8 | 9;
  entries: EntryDef[];
  at?: Where;
}

/** A PDO entry as declared; open fields come from the dictionary. */
export interface PdoEntryDef {
  /** 0 for a gap. */
  index: number;
  subindex: number;
  bits?: number;
  name?: string;
  type?: DataType;
  at?: Where;
}

/** A PDO as declared by a model, a preset or the file. */
export interface PdoDef {
  index: number;
  name: string;
  /** Sync manager: a number, null = not assigned by default, undefined = the first SM of its direction. */
  sm?: number | null;
  fixed: boolean;
  mandatory: boolean;
  capacity?: number;
  entries: PdoEntryDef[];
  at?: Where;
}

/** rx for 0x1600..0x17ff, tx for 0x1a00..0x1bff, else undefined. */
export function pdoDirection(index: number): 'rx' | 'tx' | undefined {
  if (index >= 0x1600 && index <= 0x17ff) return 'rx';
  if (index >= 0x1a00 && index <= 0x1bff) return 'tx';
  return undefined;
}
