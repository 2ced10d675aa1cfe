// SPDX-License-Identifier: MIT
// `objects:` of a slave: the CoE dictionary as written in the file. A VAR is one mapping with
// its type and value; ARRAY/RECORD list their entries (subindex 0 is added automatically).
// Everything that can be checked within one object is checked here: types and bit lengths,
// string capacities, values within their type and limits, duplicate subindices and indices.
import { ACCESS_SHORTHANDS, parseAccess } from '../coe/access.js';
import { CANONICAL_TYPE_NAMES, DATA_TYPE_NAMES, dataTypeByCode, dataTypeByName, type DataType } from '../coe/datatypes.js';
import { isNumericType, type EntryValue } from '../coe/values.js';
import type { EntryDef, ObjectDef, PdoMapping } from '../defs.js';
import type { Issues } from '../source/issues.js';
import type { MapNode, SrcNode } from '../source/node.js';
import { asMap, asSeq, checkKeys, get, hex, intOf, item, readBool, readChoice, readInt, readString, readU16, readU8, sub, whereOf, describe } from '../source/read.js';
import { didYouMean } from '../source/suggest.js';
import { readValue, valueBytes } from './values.js';

const ENTRY_PROPS = ['type', 'bits', 'size', 'access', 'pdo', 'default', 'min', 'max', 'volatile'] as const;
const OBJECT_KEYS = ['index', 'name', 'code', 'entries', ...ENTRY_PROPS];
const ENTRY_KEYS = ['subindex', 'name', ...ENTRY_PROPS];
const CODES = { var: 7, array: 8, record: 9 } as const;
const PDO_MAPPINGS: readonly PdoMapping[] = ['none', 'rx', 'tx', 'rxtx'];

/** Maximum objects per slave and entries per object (docs/vbus-image.md limits). */
export const MAX_OBJECTS = 4096;
/** Maximum entries per object, subindex 0 included. */
export const MAX_ENTRIES = 256;

/** A data type by name or CoE code. */
export function readType(issues: Issues, node: SrcNode, path: string): DataType | undefined {
  const code = intOf(node);
  if (code !== undefined) {
    const t = dataTypeByCode(Number(code));
    if (t) return t;
    issues.add(path, node.pos, `unknown data type code ${node.kind === 'scalar' ? node.raw : ''}; known codes are 0x0001..0x001b and 0x0030..0x0037 (bit1..bit8)`);
    return undefined;
  }
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    const t = dataTypeByName(node.value);
    if (t) return t;
    issues.add(path, node.pos, `unknown data type "${node.value}"${didYouMean(node.value, DATA_TYPE_NAMES)}; expected one of ${CANONICAL_TYPE_NAMES.join(', ')}`);
    return undefined;
  }
  issues.add(path, node.pos, `expected a data type name such as uint16, got ${describe(node)}`);
  return undefined;
}

/** Access pattern (`rwr-r-`) or shorthand (ro, rw, wo). */
function readAccess(issues: Issues, node: SrcNode, path: string): number | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    const bits = parseAccess(node.value);
    if (bits !== undefined) return bits;
  }
  issues.add(
    path,
    node.pos,
    `expected an access pattern such as rwr-r- (read/write in PREOP, SAFEOP, OP) or one of ${Object.keys(ACCESS_SHORTHANDS).join(', ')}, got ${describe(node)}`,
  );
  return undefined;
}

/** Entry properties that an object may set for all its entries. */
interface Props {
  type?: DataType;
  bits?: number;
  size?: number;
  access?: number;
  pdo?: PdoMapping;
  volatile?: boolean;
}

function readProps(issues: Issues, map: MapNode, path: string): Props {
  const p: Props = {};
  const n = (k: string): SrcNode | undefined => get(map, k);
  let v: SrcNode | undefined;
  if ((v = n('type'))) p.type = readType(issues, v, sub(path, 'type'));
  if ((v = n('bits'))) p.bits = readInt(issues, v, sub(path, 'bits'), 1, 32768, 'a bit length (1..32768)');
  if ((v = n('size'))) p.size = readInt(issues, v, sub(path, 'size'), 1, 4096, 'a capacity in bytes (1..4096)');
  if ((v = n('access'))) p.access = readAccess(issues, v, sub(path, 'access'));
  if ((v = n('pdo'))) p.pdo = readChoice(issues, v, sub(path, 'pdo'), PDO_MAPPINGS, 'PDO mapping');
  if ((v = n('volatile'))) p.volatile = readBool(issues, v, sub(path, 'volatile'));
  return p;
}

/** Complete one entry from its own properties and the inherited ones, checking consistency. */
function finishEntry(issues: Issues, map: MapNode, path: string, subindex: number, name: string, own: Props, inherited: Props): EntryDef | undefined {
  const type = own.type ?? inherited.type;
  if (!type) {
    if (!get(map, 'type')) issues.add(sub(path, 'type'), map.pos, 'missing data type; expected e.g. `type: uint16`');
    return undefined;
  }
  let bits = own.bits ?? (own.type ? undefined : inherited.bits);
  const size = own.size ?? (own.type ? undefined : inherited.size);
  const defaultNode = get(map, 'default');
  let value: EntryValue | undefined;
  if (type.bits !== null) {
    if (bits !== undefined && bits !== type.bits) {
      issues.add(sub(path, 'bits'), (get(map, 'bits') ?? map).pos, `bit length ${bits} does not match type ${type.name} (${type.bits} bit${type.bits === 1 ? '' : 's'})`);
      return undefined;
    }
    if (size !== undefined) {
      issues.add(sub(path, 'size'), (get(map, 'size') ?? map).pos, `size applies to string types only; ${type.name} is ${type.bits} bits`);
      return undefined;
    }
    bits = type.bits;
    if (defaultNode) value = readValue(issues, defaultNode, sub(path, 'default'), type, bits);
  } else {
    if (defaultNode) value = readValue(issues, defaultNode, sub(path, 'default'), type, 8);
    if (bits !== undefined && bits % 8 !== 0) {
      issues.add(sub(path, 'bits'), (get(map, 'bits') ?? map).pos, `bit length ${bits} of a ${type.name} must be a multiple of 8 (8 x capacity)`);
      return undefined;
    }
    if (bits !== undefined && size !== undefined && bits !== size * 8) {
      issues.add(sub(path, 'bits'), (get(map, 'bits') ?? map).pos, `bit length ${bits} does not match size ${size} (8 x size expected)`);
      return undefined;
    }
    const capacity = size ?? (bits !== undefined ? bits / 8 : value !== undefined ? valueBytes(type, value) : 0);
    if (capacity === 0) {
      issues.add(sub(path, 'size'), map.pos, `a ${type.name} needs a capacity: add \`size: <bytes>\` or a non-empty default`);
      return undefined;
    }
    if (capacity > 4096) {
      issues.add(sub(path, 'default'), (defaultNode ?? map).pos, `a ${type.name} holds at most 4096 bytes; this one needs ${capacity}`);
      return undefined;
    }
    if (value !== undefined && valueBytes(type, value) > capacity) {
      issues.add(sub(path, 'default'), (defaultNode ?? map).pos, `default is ${valueBytes(type, value)} bytes long but the capacity is ${capacity} bytes`);
      return undefined;
    }
    bits = capacity * 8;
  }
  const pdo = own.pdo ?? inherited.pdo ?? 'none';
  const isTx = pdo === 'tx' || pdo === 'rxtx';
  const access = own.access ?? inherited.access ?? (isTx && pdo !== 'rxtx' ? (parseAccess('ro') as number) : (parseAccess('rw') as number));
  const entry: EntryDef = { subindex, name, type, bits, access, pdo, volatile: own.volatile ?? inherited.volatile ?? isTx, at: whereOf(path, map) };
  if (value !== undefined) entry.value = value;
  // Limits: numeric types only, min <= max, default within.
  for (const key of ['min', 'max'] as const) {
    const node = get(map, key);
    if (!node) continue;
    if (!isNumericType(type) || type.kind === 'bool') {
      issues.add(sub(path, key), node.pos, `${key} applies to numeric types only, not ${type.name}`);
      continue;
    }
    const v = readValue(issues, node, sub(path, key), type, bits);
    if (v !== undefined) entry[key] = v as bigint | number;
  }
  if (entry.min !== undefined && entry.max !== undefined && entry.min > entry.max) {
    issues.add(sub(path, 'max'), (get(map, 'max') ?? map).pos, `max ${entry.max} is less than min ${entry.min}`);
  } else if (value !== undefined && (typeof value === 'bigint' || typeof value === 'number')) {
    if (entry.min !== undefined && value < entry.min) issues.add(sub(path, 'default'), (defaultNode ?? map).pos, `default ${value} is below min ${entry.min}`);
    if (entry.max !== undefined && value > entry.max) issues.add(sub(path, 'default'), (defaultNode ?? map).pos, `default ${value} is above max ${entry.max}`);
  }
  return entry;
}

function readEntries(issues: Issues, node: SrcNode, path: string, code: 8 | 9, inherited: Props): EntryDef[] {
  const seq = asSeq(issues, node, path, 'a list of entries');
  if (!seq) return [];
  if (seq.items.length === 0) issues.add(path, seq.pos, `an ${code === 8 ? 'ARRAY' : 'RECORD'} needs at least one entry`);
  if (seq.items.length > MAX_ENTRIES - 1) issues.add(path, seq.pos, `${seq.items.length} entries; at most ${MAX_ENTRIES - 1} (subindex 1..255) allowed`);
  const out: EntryDef[] = [];
  const seen = new Map<number, number>();
  let next = 1;
  seq.items.forEach((itemNode, i) => {
    const map = asMap(issues, itemNode, item(path, `#${i}`), 'an entry mapping (subindex, name, type, ...)');
    if (!map) return;
    const subNode = get(map, 'subindex');
    let subindex: number | undefined = next;
    if (subNode) subindex = readU8(issues, subNode, sub(item(path, `#${i}`), 'subindex'));
    if (subindex === undefined) return;
    next = subindex + 1;
    const epath = item(path, subindex);
    checkKeys(issues, map, epath, ENTRY_KEYS);
    const prior = seen.get(subindex);
    if (prior !== undefined) {
      issues.add(epath, (subNode ?? map).pos, `duplicate subindex ${subindex} (already defined at line ${prior})`);
      return;
    }
    seen.set(subindex, map.pos.line);
    const nameNode = get(map, 'name');
    const name = (nameNode ? readString(issues, nameNode, sub(epath, 'name')) : undefined) ?? `SubIndex ${subindex.toString().padStart(3, '0')}`;
    const e = finishEntry(issues, map, epath, subindex, name, readProps(issues, map, epath), inherited);
    if (e) out.push(e);
  });
  out.sort((a, b) => a.subindex - b.subindex);
  if (code === 8) {
    const first = out.find((e) => e.subindex > 0);
    for (const e of out) {
      if (first && e.subindex > 0 && (e.type !== first.type || e.bits !== first.bits) && e.at) {
        issues.at({ path: sub(e.at.path, 'type'), pos: e.at.pos }, `all entries of an ARRAY share one type; subindex ${e.subindex} is ${e.type.name} (${e.bits} bits) but subindex ${first.subindex} is ${first.type.name} (${first.bits} bits)`);
      }
    }
  }
  const zero = out.find((e) => e.subindex === 0);
  if (zero && (zero.type.kind !== 'uint' || zero.bits !== 8) && zero.at) {
    issues.at({ path: sub(zero.at.path, 'type'), pos: zero.at.pos }, `subindex 0 of an ARRAY/RECORD holds the number of entries and must be uint8, not ${zero.type.name}`);
  }
  return out;
}

function readObject(issues: Issues, map: MapNode, path: string): ObjectDef | undefined {
  const indexNode = get(map, 'index');
  if (!indexNode) {
    issues.add(sub(path, 'index'), map.pos, 'missing object index; expected e.g. `index: 0x2000`');
    return undefined;
  }
  const index = readU16(issues, indexNode, sub(path, 'index'));
  if (index === undefined) return undefined;
  const opath = item(path.replace(/\[#\d+\]$/, ''), hex(index));
  checkKeys(issues, map, opath, OBJECT_KEYS);
  if (index < 0x1000) {
    issues.add(sub(opath, 'index'), indexNode.pos, `object index ${hex(index)} is in the data type area; objects start at 0x1000`);
    return undefined;
  }
  const nameNode = get(map, 'name');
  const name = nameNode ? readString(issues, nameNode, sub(opath, 'name')) : undefined;
  if (!nameNode) issues.add(sub(opath, 'name'), map.pos, 'missing object name; expected e.g. `name: Gain`');
  const entriesNode = get(map, 'entries');
  const codeNode = get(map, 'code');
  const codeName = codeNode ? readChoice(issues, codeNode, sub(opath, 'code'), ['var', 'array', 'record'] as const, 'object code') : entriesNode ? 'record' : 'var';
  if (codeName === undefined) return undefined;
  const code = CODES[codeName];
  const props = readProps(issues, map, opath);
  if (code === 7) {
    if (entriesNode) {
      issues.add(sub(opath, 'entries'), entriesNode.pos, 'a VAR has no entries list; put type, access and default on the object itself, or use `code: record`');
      return undefined;
    }
    const e = finishEntry(issues, map, opath, 0, name ?? '', props, {});
    return e && name !== undefined ? { index, name, code, entries: [e], at: whereOf(opath, map) } : undefined;
  }
  for (const key of ['default', 'min', 'max'] as const) {
    const n = get(map, key);
    if (n) issues.add(sub(opath, key), n.pos, `${key} belongs on each entry of an ${codeName.toUpperCase()}, not on the object`);
  }
  if (!entriesNode) {
    issues.add(sub(opath, 'entries'), map.pos, `an ${codeName.toUpperCase()} needs \`entries:\``);
    return undefined;
  }
  const entries = readEntries(issues, entriesNode, sub(opath, 'entries'), code, props);
  return name !== undefined ? { index, name, code, entries, at: whereOf(opath, map) } : undefined;
}

/**
 * Read `objects:`; duplicates are reported at the second definition. Indices of objects that
 * had errors go to `broken`, so later checks do not repeat them as "not in the dictionary".
 */
export function readObjects(issues: Issues, node: SrcNode, path: string, broken: Set<number>): ObjectDef[] {
  const seq = asSeq(issues, node, path, 'a list of objects');
  if (!seq) return [];
  if (seq.items.length > MAX_OBJECTS) issues.add(path, seq.pos, `${seq.items.length} objects; at most ${MAX_OBJECTS} allowed`);
  const out: ObjectDef[] = [];
  const seen = new Map<number, number>();
  seq.items.forEach((n, i) => {
    const map = asMap(issues, n, item(path, `#${i}`), 'an object mapping (index, name, type or entries, ...)');
    if (!map) return;
    const before = issues.total;
    const obj = readObject(issues, map, item(path, `#${i}`));
    const idx = intOf(get(map, 'index') ?? map);
    if (issues.total !== before && idx !== undefined) broken.add(Number(idx));
    if (!obj) return;
    const prior = seen.get(obj.index);
    if (prior !== undefined) {
      issues.add(sub(item(path, hex(obj.index)), 'index'), (get(map, 'index') ?? map).pos, `duplicate object index ${hex(obj.index)} (already defined at line ${prior})`);
      return;
    }
    seen.set(obj.index, map.pos.line);
    out.push(obj);
  });
  return out;
}
