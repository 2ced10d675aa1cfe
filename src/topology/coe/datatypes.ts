// SPDX-License-Identifier: MIT
// CoE base data types (ETG.1000.6 / CiA 301 data type indices) with their sizes and the
// names a topology file may use for them: IgH tool names (uint16, float), CoE names
// (UNSIGNED16, REAL32) and IEC 61131 names as in ESI files (UINT, DINT). Canonical names are
// the IgH tool's, so `ecat sdos` and the topology file speak the same words.

/** What kind of value a type holds; decides how defaults are parsed and encoded. */
export type TypeKind = 'bool' | 'int' | 'uint' | 'real' | 'string' | 'octets' | 'unicode';

/** A CoE base data type. */
export interface DataType {
  /** CoE data type index (0x0007 for UNSIGNED32). */
  code: number;
  /** Canonical name, as IgH's `ethercat` tool prints it. */
  name: string;
  kind: TypeKind;
  /** Size in bits, or null for variable-length types (strings), sized by the entry. */
  bits: number | null;
}

const TABLE: Array<[DataType, string[]]> = [
  [{ code: 0x0001, name: 'bool', kind: 'bool', bits: 1 }, ['boolean']],
  [{ code: 0x0002, name: 'int8', kind: 'int', bits: 8 }, ['integer8', 'sint']],
  [{ code: 0x0003, name: 'int16', kind: 'int', bits: 16 }, ['integer16', 'int']],
  [{ code: 0x0004, name: 'int32', kind: 'int', bits: 32 }, ['integer32', 'dint']],
  [{ code: 0x0005, name: 'uint8', kind: 'uint', bits: 8 }, ['unsigned8', 'usint', 'byte']],
  [{ code: 0x0006, name: 'uint16', kind: 'uint', bits: 16 }, ['unsigned16', 'uint', 'word']],
  [{ code: 0x0007, name: 'uint32', kind: 'uint', bits: 32 }, ['unsigned32', 'udint', 'dword']],
  [{ code: 0x0008, name: 'float', kind: 'real', bits: 32 }, ['real32', 'real']],
  [{ code: 0x0009, name: 'string', kind: 'string', bits: null }, ['visible_string']],
  [{ code: 0x000a, name: 'octet_string', kind: 'octets', bits: null }, ['octets']],
  [{ code: 0x000b, name: 'unicode_string', kind: 'unicode', bits: null }, ['wstring']],
  [{ code: 0x0010, name: 'int24', kind: 'int', bits: 24 }, ['integer24']],
  [{ code: 0x0011, name: 'double', kind: 'real', bits: 64 }, ['real64', 'lreal']],
  [{ code: 0x0012, name: 'int40', kind: 'int', bits: 40 }, ['integer40']],
  [{ code: 0x0013, name: 'int48', kind: 'int', bits: 48 }, ['integer48']],
  [{ code: 0x0014, name: 'int56', kind: 'int', bits: 56 }, ['integer56']],
  [{ code: 0x0015, name: 'int64', kind: 'int', bits: 64 }, ['integer64', 'lint']],
  [{ code: 0x0016, name: 'uint24', kind: 'uint', bits: 24 }, ['unsigned24']],
  [{ code: 0x0018, name: 'uint40', kind: 'uint', bits: 40 }, ['unsigned40']],
  [{ code: 0x0019, name: 'uint48', kind: 'uint', bits: 48 }, ['unsigned48']],
  [{ code: 0x001a, name: 'uint56', kind: 'uint', bits: 56 }, ['unsigned56']],
  [{ code: 0x001b, name: 'uint64', kind: 'uint', bits: 64 }, ['unsigned64', 'ulint', 'lword']],
  // BIT1..BIT8 (ETG.1020): unsigned bit fields, e.g. the 2-bit limit flags of analog inputs.
  ...Array.from({ length: 8 }, (_, i): [DataType, string[]] => [{ code: 0x0030 + i, name: `bit${i + 1}`, kind: 'uint', bits: i + 1 }, []]),
];

const byName = new Map<string, DataType>();
const byCode = new Map<number, DataType>();
for (const [type, aliases] of TABLE) {
  byCode.set(type.code, type);
  for (const n of [type.name, ...aliases]) byName.set(n, type);
}

/** All names accepted in a topology file (canonical first), for messages and suggestions. */
export const DATA_TYPE_NAMES: readonly string[] = [...TABLE.map(([t]) => t.name), ...TABLE.flatMap(([, a]) => a)];

/** Canonical names only. */
export const CANONICAL_TYPE_NAMES: readonly string[] = TABLE.map(([t]) => t.name);

/** Look a type up by any accepted name (case-insensitive). */
export function dataTypeByName(name: string): DataType | undefined {
  return byName.get(name.toLowerCase());
}

/** Look a type up by its CoE index. */
export function dataTypeByCode(code: number): DataType | undefined {
  return byCode.get(code);
}

/** The canonical type with this name; throws on a programming error in a model table. */
export function T(name: string): DataType {
  const t = dataTypeByName(name);
  if (!t) throw new Error(`internal: unknown data type ${name}`);
  return t;
}
