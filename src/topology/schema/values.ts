// SPDX-License-Identifier: MIT
// Reading a typed value (an entry's default, min or max) from the file: integers in the range
// of their type, floats, booleans, strings within their capacity, octet strings as hex.
import type { DataType } from '../coe/datatypes.js';
import { integerRange, type EntryValue } from '../coe/values.js';
import type { Issues } from '../source/issues.js';
import type { SrcNode } from '../source/node.js';
import { describe, intOf, readNumber } from '../source/read.js';

const FLOAT32_MAX = 3.4028234663852886e38;

/** Bytes of an octet string written as hex text ("01 02 ff", "0102ff", "0x0102ff") or a list of bytes. */
function readOctets(issues: Issues, node: SrcNode, path: string): Uint8Array | undefined {
  if (node.kind === 'seq') {
    const out = new Uint8Array(node.items.length);
    let ok = true;
    node.items.forEach((it, i) => {
      const v = intOf(it);
      if (v === undefined || v < 0n || v > 255n) {
        issues.add(`${path}[${i}]`, it.pos, `expected a byte (0..255), got ${describe(it)}`);
        ok = false;
      } else out[i] = Number(v);
    });
    return ok ? out : undefined;
  }
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    const text = node.value.replace(/^0x/i, '').replace(/[\s:]/g, '');
    if (/^([0-9a-fA-F]{2})*$/.test(text)) return new Uint8Array(Buffer.from(text, 'hex'));
  }
  issues.add(path, node.pos, `expected hex bytes such as "01 02 ff" or a list of bytes, got ${describe(node)}`);
  return undefined;
}

/**
 * A value of `type` with `bits` bits. For strings the capacity is checked by the caller (it may
 * itself come from the default's length).
 */
export function readValue(issues: Issues, node: SrcNode, path: string, type: DataType, bits: number): EntryValue | undefined {
  switch (type.kind) {
    case 'bool': {
      if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
      const v = intOf(node);
      if (v === 0n || v === 1n) return v === 1n;
      issues.add(path, node.pos, `expected true, false, 0 or 1 for type ${type.name}, got ${describe(node)}`);
      return undefined;
    }
    case 'int':
    case 'uint': {
      const v = intOf(node);
      const [min, max] = integerRange(type, bits);
      if (v === undefined) {
        issues.add(path, node.pos, `expected an integer for type ${type.name}, got ${describe(node)}`);
        return undefined;
      }
      if (v < min || v > max) {
        issues.add(path, node.pos, `${node.kind === 'scalar' ? node.raw : String(v)} does not fit type ${type.name}; expected ${min}..${max}`);
        return undefined;
      }
      return v;
    }
    case 'real': {
      const v = readNumber(issues, node, path, `a number for type ${type.name}`);
      if (v === undefined) return undefined;
      if (type.bits === 32 && Math.abs(v) > FLOAT32_MAX) {
        issues.add(path, node.pos, `${v} does not fit type float (32 bit); use double`);
        return undefined;
      }
      return v;
    }
    case 'string':
    case 'unicode':
      if (node.kind === 'scalar' && typeof node.value === 'string') return node.value;
      issues.add(path, node.pos, `expected a string for type ${type.name}, got ${describe(node)}`);
      return undefined;
    case 'octets':
      return readOctets(issues, node, path);
  }
}

/** Bytes a string-like value needs (the capacity it implies). */
export function valueBytes(type: DataType, value: EntryValue): number {
  if (type.kind === 'string') return Buffer.byteLength(String(value), 'utf8');
  if (type.kind === 'unicode') return 2 * String(value).length;
  if (value instanceof Uint8Array) return value.length;
  return 0;
}
