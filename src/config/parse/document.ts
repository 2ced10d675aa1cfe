// SPDX-License-Identifier: MIT
// Configuration text (YAML or JSON) or a plain JS object -> the position-carrying SrcNode tree of
// the topology loader (src/topology/source). Reusing that tree means one implementation of
// line/column tracking, duplicate-key rejection and 64-bit-exact integers for both file kinds.
import type { Issues } from '../../topology/source/issues.js';
import { parseJson } from '../../topology/source/json.js';
import type { MapEntry, SrcNode } from '../../topology/source/node.js';
import { parseYaml } from '../../topology/source/yaml.js';

/** JSON when the file name says so or the text starts with `{`; YAML otherwise. */
export function looksLikeJson(text: string, file: string): boolean {
  if (/\.json$/i.test(file)) return true;
  if (/\.ya?ml$/i.test(file)) return false;
  return /^\s*\{/.test(text);
}

/** Parse configuration text; syntax errors go to `issues`. */
export function readDocument(text: string, file: string, issues: Issues): SrcNode | undefined {
  return looksLikeJson(text, file) ? parseJson(text, issues) : parseYaml(text, issues);
}

const NO_POS = { line: 0, column: 0 };

/**
 * A JS value (as a configuration built in code would be written) as a SrcNode tree without
 * positions, so the same validator checks it. Integers become bigint as the parsers make them.
 */
export function nodeFromValue(value: unknown, issues: Issues, path = ''): SrcNode {
  if (value === null || value === undefined) return { kind: 'scalar', value: null, raw: 'null', pos: NO_POS };
  if (typeof value === 'number') {
    return { kind: 'scalar', value: Number.isInteger(value) ? BigInt(value) : value, raw: String(value), pos: NO_POS };
  }
  if (typeof value === 'bigint' || typeof value === 'string' || typeof value === 'boolean') {
    return { kind: 'scalar', value, raw: String(value), pos: NO_POS };
  }
  if (value instanceof Uint8Array) {
    return { kind: 'seq', items: Array.from(value, (b) => nodeFromValue(b, issues)), pos: NO_POS };
  }
  if (Array.isArray(value)) {
    return { kind: 'seq', items: value.map((v, i) => nodeFromValue(v, issues, `${path}[${i}]`)), pos: NO_POS };
  }
  if (typeof value === 'object') {
    const entries: MapEntry[] = [];
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      entries.push({ key, keyPos: NO_POS, value: nodeFromValue(v, issues, path ? `${path}.${key}` : key) });
    }
    return { kind: 'map', entries, pos: NO_POS };
  }
  issues.add(path, undefined, `unsupported value of type ${typeof value}`);
  return { kind: 'scalar', value: null, raw: 'null', pos: NO_POS };
}
