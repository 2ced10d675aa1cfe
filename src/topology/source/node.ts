// SPDX-License-Identifier: MIT
// The parsed topology document as a small tree that remembers where each value was written.
// YAML and JSON both become this shape, so the schema readers and their error messages do not
// care which syntax the user chose.

/** A 1-based line and column in the source text. */
export interface Pos {
  line: number;
  column: number;
}

/**
 * A scalar value as written. Integers are bigint (so 64-bit values survive), other numbers are
 * JS numbers, and strings stay strings even when they look like numbers ("0x6000" in JSON).
 */
export type ScalarValue = string | bigint | number | boolean | null;

/** A single value: string, number, boolean or null. `raw` is the source text, for messages. */
export interface ScalarNode {
  kind: 'scalar';
  value: ScalarValue;
  raw: string;
  pos: Pos;
}

/** A list (YAML sequence, JSON array). */
export interface SeqNode {
  kind: 'seq';
  items: SrcNode[];
  pos: Pos;
}

/** One `key: value` pair; the key's own position is kept for "unknown key" errors. */
export interface MapEntry {
  key: string;
  keyPos: Pos;
  value: SrcNode;
}

/** A mapping (YAML map, JSON object), entries in source order. */
export interface MapNode {
  kind: 'map';
  entries: MapEntry[];
  pos: Pos;
}

/** Any node of the parsed document. */
export type SrcNode = ScalarNode | SeqNode | MapNode;

/** The entry for `key` in a map, or undefined. Keys are unique (both parsers reject duplicates). */
export function entryOf(map: MapNode, key: string): MapEntry | undefined {
  return map.entries.find((e) => e.key === key);
}
