// SPDX-License-Identifier: MIT
// YAML text -> SrcNode tree with line/column for every key and value (the `yaml` package's
// node ranges and LineCounter). Integers are read as bigint so 64-bit values are exact.
// Anchors and aliases work (handy for repeated slaves); an alias is replaced by what it names.
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Alias, Document, Node as YamlNode } from 'yaml';
import type { Issues } from './issues.js';
import type { MapEntry, Pos, ScalarValue, SrcNode } from './node.js';

/** Nesting deeper than this is not a topology (and would only come from alias loops). */
const MAX_DEPTH = 64;

/** Parse YAML text; syntax errors go to `issues` and give undefined. */
export function parseYaml(text: string, issues: Issues): SrcNode | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, intAsBigInt: true, prettyErrors: false, uniqueKeys: true });
  const posOf = (offset: number): Pos => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  for (const err of doc.errors) {
    issues.add('', posOf(err.pos[0]), `YAML syntax: ${firstLine(err.message)}`);
  }
  if (doc.errors.length > 0) return undefined;
  if (doc.contents === null) {
    issues.add('', { line: 1, column: 1 }, 'the file is empty; expected a mapping with `slaves:` (and optionally `master:`)');
    return undefined;
  }
  return convert(doc, doc.contents, posOf, issues, 0);
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

function convert(
  doc: Document,
  node: YamlNode | Alias | null,
  posOf: (offset: number) => Pos,
  issues: Issues,
  depth: number,
): SrcNode | undefined {
  if (node === null) return undefined;
  const pos = posOf(node.range?.[0] ?? 0);
  if (depth > MAX_DEPTH) {
    issues.add('', pos, `nesting deeper than ${MAX_DEPTH} levels (an alias that refers to itself?)`);
    return undefined;
  }
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (!target) {
      issues.add('', pos, `unknown alias *${node.source}`);
      return undefined;
    }
    return convert(doc, target, posOf, issues, depth + 1);
  }
  if (isScalar(node)) {
    const value = node.value;
    const raw = typeof node.source === 'string' ? node.source : String(value);
    if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint' || typeof value === 'number') {
      return { kind: 'scalar', value: value as ScalarValue, raw, pos };
    }
    issues.add('', pos, `unsupported YAML value ${node.tag ?? ''} (use plain strings, numbers, booleans, lists and mappings)`);
    return undefined;
  }
  if (isSeq(node)) {
    const items: SrcNode[] = [];
    for (const item of node.items) {
      const c = convert(doc, item as YamlNode | null, posOf, issues, depth + 1);
      // A null item (`- ` with nothing after it) stays visible to the schema as a null scalar.
      items.push(c ?? { kind: 'scalar', value: null, raw: '', pos: item && (item as YamlNode).range ? posOf((item as YamlNode).range![0]) : pos });
    }
    return { kind: 'seq', items, pos };
  }
  if (isMap(node)) {
    const entries: MapEntry[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      if (!keyNode || !isScalar(keyNode)) {
        issues.add('', keyNode?.range ? posOf(keyNode.range[0]) : pos, 'mapping keys must be plain names or numbers');
        continue;
      }
      const key = typeof keyNode.source === 'string' ? keyNode.source : String(keyNode.value);
      const keyPos = posOf(keyNode.range?.[0] ?? 0);
      const valueNode = pair.value as YamlNode | null;
      const value = convert(doc, valueNode, posOf, issues, depth + 1) ?? {
        kind: 'scalar' as const,
        value: null,
        raw: '',
        pos: valueNode?.range ? posOf(valueNode.range[0]) : keyPos,
      };
      entries.push({ key, keyPos, value });
    }
    return { kind: 'map', entries, pos };
  }
  issues.add('', pos, 'unsupported YAML node');
  return undefined;
}
