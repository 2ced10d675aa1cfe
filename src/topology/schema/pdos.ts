// SPDX-License-Identifier: MIT
// `pdos:` of a slave. A PDO entry may be written short, "0x6000:01", taking its bit length,
// name and type from the dictionary, as a mapping with some or all of those given, or as a gap
// `{ gap: 7 }`. Checks against the dictionary happen later, once it is complete.
import { pdoDirection, type PdoDef, type PdoEntryDef } from '../defs.js';
import type { Issues } from '../source/issues.js';
import type { MapNode, SrcNode } from '../source/node.js';
import { asMap, asSeq, checkKeys, describe, get, hex, item, parseIntText, readBool, readInt, readString, readU16, readU8, sub, whereOf } from '../source/read.js';
import { readType } from './objects.js';

const PDO_KEYS = ['index', 'name', 'sm', 'assigned', 'fixed', 'mandatory', 'capacity', 'entries'];
const ENTRY_KEYS = ['index', 'subindex', 'bits', 'name', 'type', 'gap'];

/** "0x6000:01" -> index and subindex (both parts decimal or hex). */
export function parseEntryRef(text: string): { index: number; subindex: number } | undefined {
  const m = /^\s*([^:\s]+)\s*:\s*([^:\s]+)\s*$/.exec(text);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  // The subindex is written the way IgH prints it (`0x6000:01`, `0x6000:11`): hex digits.
  const index = parseIntText(m[1]);
  const subText = m[2];
  const subindex = /^[0-9a-fA-F]{1,2}$/.test(subText) ? parseInt(subText, 16) : parseIntText(subText);
  if (index === undefined || subindex === undefined || index < 0n || index > 0xffffn) return undefined;
  const s = Number(subindex);
  if (s < 0 || s > 0xff) return undefined;
  return { index: Number(index), subindex: s };
}

function readEntry(issues: Issues, node: SrcNode, path: string): PdoEntryDef | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    const ref = parseEntryRef(node.value);
    if (ref) return { ...ref, at: whereOf(path, node) };
    issues.add(path, node.pos, `expected an entry reference such as "0x6000:01" (index:subindex, subindex in hex), got ${describe(node)}`);
    return undefined;
  }
  const map: MapNode | undefined = asMap(issues, node, path, 'an entry: "0x6000:01", a mapping {index, subindex, bits, name, type} or {gap: bits}');
  if (!map) return undefined;
  checkKeys(issues, map, path, ENTRY_KEYS);
  const gap = get(map, 'gap');
  if (gap) {
    const bits = readInt(issues, gap, sub(path, 'gap'), 1, 255, 'a gap length in bits (1..255)');
    for (const k of ['index', 'subindex', 'type']) {
      const n = get(map, k);
      if (n) issues.add(sub(path, k), n.pos, `a gap has no ${k}; write either {gap: bits} or an entry`);
    }
    return bits === undefined ? undefined : { index: 0, subindex: 0, bits, name: '', at: whereOf(path, map) };
  }
  const indexNode = get(map, 'index');
  if (!indexNode) {
    issues.add(sub(path, 'index'), map.pos, 'missing index; expected e.g. `index: 0x6000` (or `gap: <bits>` for padding)');
    return undefined;
  }
  const index = readU16(issues, indexNode, sub(path, 'index'));
  const subNode = get(map, 'subindex');
  const subindex = subNode ? readU8(issues, subNode, sub(path, 'subindex')) : 0;
  const e: PdoEntryDef = { index: index ?? 0, subindex: subindex ?? 0, at: whereOf(path, map) };
  let v: SrcNode | undefined;
  if ((v = get(map, 'bits'))) {
    const bits = readInt(issues, v, sub(path, 'bits'), 1, 255, 'a bit length (1..255)');
    if (bits !== undefined) e.bits = bits;
  }
  if ((v = get(map, 'name'))) {
    const name = readString(issues, v, sub(path, 'name'));
    if (name !== undefined) e.name = name;
  }
  if ((v = get(map, 'type'))) {
    const type = readType(issues, v, sub(path, 'type'));
    if (type) e.type = type;
  }
  if (index === undefined || subindex === undefined) return undefined;
  if (index === 0) {
    issues.add(sub(path, 'index'), indexNode.pos, 'index 0 is a gap; write `gap: <bits>` instead');
    return undefined;
  }
  if (e.type && e.type.bits !== null && e.bits !== undefined && e.bits !== e.type.bits) {
    issues.add(sub(path, 'bits'), (get(map, 'bits') ?? map).pos, `bit length ${e.bits} does not match type ${e.type.name} (${e.type.bits} bits)`);
    return undefined;
  }
  return e;
}

function readPdo(issues: Issues, map: MapNode, fallback: string, base: string): PdoDef | undefined {
  const indexNode = get(map, 'index');
  if (!indexNode) {
    issues.add(sub(fallback, 'index'), map.pos, 'missing PDO index; expected e.g. `index: 0x1a00`');
    return undefined;
  }
  const index = readU16(issues, indexNode, sub(fallback, 'index'));
  if (index === undefined) return undefined;
  const path = item(base, hex(index));
  checkKeys(issues, map, path, PDO_KEYS);
  if (!pdoDirection(index)) {
    issues.add(sub(path, 'index'), indexNode.pos, `PDO index ${hex(index)} is neither an RxPDO (0x1600..0x17ff) nor a TxPDO (0x1a00..0x1bff)`);
    return undefined;
  }
  const pdo: PdoDef = { index, name: '', fixed: false, mandatory: false, entries: [], at: whereOf(path, map) };
  let v: SrcNode | undefined;
  if ((v = get(map, 'name'))) pdo.name = readString(issues, v, sub(path, 'name')) ?? '';
  if ((v = get(map, 'fixed'))) pdo.fixed = readBool(issues, v, sub(path, 'fixed')) ?? false;
  if ((v = get(map, 'mandatory'))) pdo.mandatory = readBool(issues, v, sub(path, 'mandatory')) ?? false;
  if ((v = get(map, 'capacity'))) {
    const c = readInt(issues, v, sub(path, 'capacity'), 0, 254, 'a number of mapping entries (0..254)');
    if (c !== undefined) pdo.capacity = c;
  }
  const smNode = get(map, 'sm');
  const assignedNode = get(map, 'assigned');
  const assigned = assignedNode ? readBool(issues, assignedNode, sub(path, 'assigned')) : true;
  if (smNode) {
    const sm = readInt(issues, smNode, sub(path, 'sm'), 0, 15, 'a sync manager number (0..15)');
    if (sm !== undefined) pdo.sm = sm;
  }
  if (assigned === false) {
    if (smNode) issues.add(sub(path, 'sm'), smNode.pos, '`sm` names the sync manager a PDO is assigned to; it contradicts `assigned: false`');
    pdo.sm = null;
  }
  const entriesNode = get(map, 'entries');
  if (!entriesNode) {
    issues.add(sub(path, 'entries'), map.pos, 'missing `entries:` (a list such as ["0x6000:01", "0x6000:02"]; [] for an empty PDO)');
    return pdo;
  }
  const seq = asSeq(issues, entriesNode, sub(path, 'entries'), 'a list of PDO entries');
  if (seq) {
    if (seq.items.length > 254) issues.add(sub(path, 'entries'), seq.pos, `${seq.items.length} entries; at most 254 per PDO`);
    seq.items.forEach((n, i) => {
      const e = readEntry(issues, n, item(sub(path, 'entries'), i));
      if (e) pdo.entries.push(e);
    });
  }
  if (pdo.capacity !== undefined && pdo.capacity < pdo.entries.length) {
    issues.add(sub(path, 'capacity'), (get(map, 'capacity') ?? map).pos, `capacity ${pdo.capacity} is less than the ${pdo.entries.length} entries listed`);
  }
  return pdo;
}

/** Read `pdos:`; duplicate indices are reported at the second definition. */
export function readPdos(issues: Issues, node: SrcNode, path: string): PdoDef[] {
  const seq = asSeq(issues, node, path, 'a list of PDOs');
  if (!seq) return [];
  const out: PdoDef[] = [];
  const seen = new Map<number, number>();
  seq.items.forEach((n, i) => {
    const map = asMap(issues, n, item(path, `#${i}`), 'a PDO mapping (index, name, entries, ...)');
    if (!map) return;
    const pdo = readPdo(issues, map, item(path, `#${i}`), path);
    if (!pdo) return;
    const prior = seen.get(pdo.index);
    if (prior !== undefined) {
      issues.add(sub(item(path, hex(pdo.index)), 'index'), (get(map, 'index') ?? map).pos, `duplicate PDO index ${hex(pdo.index)} (already defined at line ${prior})`);
      return;
    }
    seen.set(pdo.index, map.pos.line);
    out.push(pdo);
  });
  return out;
}
