// SPDX-License-Identifier: MIT
// Typed readers over the SrcNode tree. Each one checks a value, reports a precise error (path,
// position, what was found, what was expected) and returns undefined when the value is unusable,
// so callers continue with the next field instead of stopping at the first mistake.
import type { Issues, Where } from './issues.js';
import type { MapNode, SeqNode, SrcNode } from './node.js';
import { didYouMean } from './suggest.js';

/** `a.b`, or `b` at the top level. */
export function sub(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** `path[i]`; `i` may be a number or an already formatted label such as `0x6000`. */
export function item(path: string, i: number | string): string {
  return `${path}[${i}]`;
}

/** `0x1a00`: lower-case hex with at least `digits` digits, as IgH's tool prints indices. */
export function hex(n: number | bigint, digits = 4): string {
  return `0x${n.toString(16).padStart(digits, '0')}`;
}

/** The `Where` of a node: its field path and position. */
export function whereOf(path: string, node: SrcNode): Where {
  return { path, pos: node.pos };
}

/** How a value reads in an error message: `the string "abc"`, `a list`, ... */
export function describe(node: SrcNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  const v = node.value;
  if (v === null) return 'nothing (null)';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  if (typeof v === 'boolean') return `the boolean ${String(v)}`;
  return `the number ${node.raw || String(v)}`;
}

/** The node as a mapping, or an error naming what was expected. */
export function asMap(issues: Issues, node: SrcNode, path: string, expected = 'a mapping'): MapNode | undefined {
  if (node.kind === 'map') return node;
  issues.add(path, node.pos, `expected ${expected}, got ${describe(node)}`);
  return undefined;
}

/** The node as a list, or an error naming what was expected. */
export function asSeq(issues: Issues, node: SrcNode, path: string, expected = 'a list'): SeqNode | undefined {
  if (node.kind === 'seq') return node;
  issues.add(path, node.pos, `expected ${expected}, got ${describe(node)}`);
  return undefined;
}

/** Report keys of `map` that are not in `allowed`, suggesting the closest allowed one. */
export function checkKeys(issues: Issues, map: MapNode, path: string, allowed: readonly string[], context = ''): void {
  for (const e of map.entries) {
    if (allowed.includes(e.key)) continue;
    const hint = didYouMean(e.key, allowed);
    const expected = hint ? '' : `; expected one of ${allowed.join(', ')}`;
    issues.add(sub(path, e.key), e.keyPos, `unknown key "${e.key}"${context}${hint}${expected}`);
  }
}

/** The value of `key` in `map`, if present. */
export function get(map: MapNode, key: string): SrcNode | undefined {
  return map.entries.find((e) => e.key === key)?.value;
}

/** Parse an integer written as text: decimal or 0x hex, optionally signed. */
export function parseIntText(text: string): bigint | undefined {
  const m = /^\s*([+-])?(0[xX][0-9a-fA-F]+|[0-9]+)\s*$/.exec(text);
  if (!m || m[2] === undefined) return undefined;
  const v = BigInt(m[2]);
  return m[1] === '-' ? -v : v;
}

/** The integer a scalar holds (number, bigint or numeric string), else undefined. */
export function intOf(node: SrcNode): bigint | undefined {
  if (node.kind !== 'scalar') return undefined;
  const v = node.value;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : undefined;
  if (typeof v === 'string') return parseIntText(v);
  return undefined;
}

/** An integer in [min, max]; `expected` names the kind for the message. */
export function readBig(issues: Issues, node: SrcNode, path: string, min: bigint, max: bigint, expected: string): bigint | undefined {
  const v = intOf(node);
  if (v === undefined) {
    issues.add(path, node.pos, `expected ${expected}, got ${describe(node)}`);
    return undefined;
  }
  if (v < min || v > max) {
    issues.add(path, node.pos, `${node.kind === 'scalar' ? node.raw : String(v)} is out of range; expected ${expected}`);
    return undefined;
  }
  return v;
}

/** An integer in [min, max] that fits a JS number. */
export function readInt(issues: Issues, node: SrcNode, path: string, min: number, max: number, expected?: string): number | undefined {
  const what = expected ?? `an integer from ${min} to ${max}`;
  const v = readBig(issues, node, path, BigInt(min), BigInt(max), what);
  return v === undefined ? undefined : Number(v);
}

/** An unsigned 8-bit number. */
export function readU8(issues: Issues, node: SrcNode, path: string): number | undefined {
  return readInt(issues, node, path, 0, 0xff, 'an unsigned 8-bit number (0..255, decimal or 0x hex)');
}

/** An unsigned 16-bit number. */
export function readU16(issues: Issues, node: SrcNode, path: string): number | undefined {
  return readInt(issues, node, path, 0, 0xffff, 'an unsigned 16-bit number (0..65535 or 0x0000..0xffff)');
}

/** An unsigned 32-bit number. */
export function readU32(issues: Issues, node: SrcNode, path: string): number | undefined {
  return readInt(issues, node, path, 0, 0xffffffff, 'an unsigned 32-bit number (0..4294967295 or 0x00000000..0xffffffff)');
}

/** A finite number (integer or not). */
export function readNumber(issues: Issues, node: SrcNode, path: string, expected = 'a number'): number | undefined {
  if (node.kind === 'scalar') {
    const v = node.value;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'bigint') return Number(v);
    if (typeof v === 'string') {
      const i = parseIntText(v);
      if (i !== undefined) return Number(i);
      if (/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return Number(v);
    }
  }
  issues.add(path, node.pos, `expected ${expected}, got ${describe(node)}`);
  return undefined;
}

/** A string of at most `maxBytes` UTF-8 bytes. */
export function readString(issues: Issues, node: SrcNode, path: string, maxBytes = 255, allowEmpty = true): string | undefined {
  if (node.kind !== 'scalar' || typeof node.value !== 'string') {
    // Numbers are accepted where text is expected (an order number such as 1100), since YAML
    // users rarely expect to quote them.
    if (node.kind === 'scalar' && (typeof node.value === 'bigint' || typeof node.value === 'number')) return node.raw;
    issues.add(path, node.pos, `expected a string, got ${describe(node)}`);
    return undefined;
  }
  const s = node.value;
  if (!allowEmpty && s.length === 0) {
    issues.add(path, node.pos, 'expected a non-empty string');
    return undefined;
  }
  const bytes = Buffer.byteLength(s, 'utf8');
  if (bytes > maxBytes) {
    issues.add(path, node.pos, `string is ${bytes} bytes long; at most ${maxBytes} bytes (UTF-8) allowed`);
    return undefined;
  }
  return s;
}

/** true or false (YAML and JSON booleans only). */
export function readBool(issues: Issues, node: SrcNode, path: string): boolean | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
  issues.add(path, node.pos, `expected true or false, got ${describe(node)}`);
  return undefined;
}

/** One of `choices` (case-insensitive); returns the canonical spelling. */
export function readChoice<T extends string>(issues: Issues, node: SrcNode, path: string, choices: readonly T[], what = 'value'): T | undefined {
  if (node.kind === 'scalar' && (typeof node.value === 'string' || typeof node.value === 'bigint')) {
    const text = String(node.value).toLowerCase();
    const found = choices.find((c) => c.toLowerCase() === text);
    if (found !== undefined) return found;
    issues.add(path, node.pos, `unknown ${what} "${String(node.value)}"${didYouMean(String(node.value), choices)}; expected one of ${choices.join(', ')}`);
    return undefined;
  }
  issues.add(path, node.pos, `expected one of ${choices.join(', ')}, got ${describe(node)}`);
  return undefined;
}
