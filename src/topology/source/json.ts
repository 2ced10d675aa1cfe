// SPDX-License-Identifier: MIT
// JSON text -> SrcNode tree with line/column for every key and value. JSON.parse forgets
// positions, so this is a small strict RFC 8259 parser of our own: no comments, no trailing
// commas, duplicate keys rejected (they are almost always a copy-paste mistake in a topology).
// Integers become bigint so 64-bit values are exact; hex is written as strings ("0x6000").
import type { Issues } from './issues.js';
import type { MapEntry, Pos, SrcNode } from './node.js';

const MAX_DEPTH = 64;

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Parse JSON text; a syntax error goes to `issues` and gives undefined. */
export function parseJson(text: string, issues: Issues): SrcNode | undefined {
  const parser = new Parser(text);
  try {
    parser.skipSpace();
    if (parser.offset >= text.length) {
      issues.add('', { line: 1, column: 1 }, 'the file is empty; expected an object with "slaves" (and optionally "master")');
      return undefined;
    }
    const node = parser.value(0);
    parser.skipSpace();
    if (parser.offset < text.length) throw new JsonSyntaxError(parser.offset, 'unexpected text after the end of the JSON value');
    return node;
  } catch (err) {
    if (err instanceof JsonSyntaxError) {
      issues.add('', parser.posOf(err.offset), `JSON syntax: ${err.message}`);
      return undefined;
    }
    throw err;
  }
}

class Parser {
  offset = 0;
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  posOf(offset: number): Pos {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.lineStarts[lo] ?? 0) + 1 };
  }

  skipSpace(): void {
    const t = this.text;
    while (this.offset < t.length) {
      const c = t.charCodeAt(this.offset);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.offset++;
      else break;
    }
  }

  value(depth: number): SrcNode {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError(this.offset, `nesting deeper than ${MAX_DEPTH} levels`);
    this.skipSpace();
    const start = this.offset;
    const pos = this.posOf(start);
    const c = this.text[start];
    if (c === '{') return this.object(depth, pos);
    if (c === '[') return this.array(depth, pos);
    if (c === '"') {
      const s = this.string();
      return { kind: 'scalar', value: s, raw: this.text.slice(start, this.offset), pos };
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number(pos);
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, start)) {
        this.offset += word.length;
        return { kind: 'scalar', value, raw: word, pos };
      }
    }
    if (c === undefined) throw new JsonSyntaxError(start, 'unexpected end of file; expected a value');
    throw new JsonSyntaxError(start, `unexpected character ${JSON.stringify(c)}; expected a value`);
  }

  private object(depth: number, pos: Pos): SrcNode {
    this.offset++; // {
    const entries: MapEntry[] = [];
    const seen = new Set<string>();
    this.skipSpace();
    if (this.text[this.offset] === '}') {
      this.offset++;
      return { kind: 'map', entries, pos };
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.offset] !== '"') throw new JsonSyntaxError(this.offset, 'expected a "key" in double quotes');
      const keyOffset = this.offset;
      const key = this.string();
      if (seen.has(key)) throw new JsonSyntaxError(keyOffset, `duplicate key "${key}"`);
      seen.add(key);
      this.skipSpace();
      if (this.text[this.offset] !== ':') throw new JsonSyntaxError(this.offset, 'expected ":" after the key');
      this.offset++;
      const value = this.value(depth + 1);
      entries.push({ key, keyPos: this.posOf(keyOffset), value });
      this.skipSpace();
      const c = this.text[this.offset];
      if (c === ',') {
        this.offset++;
        this.skipSpace();
        if (this.text[this.offset] === '}') throw new JsonSyntaxError(this.offset, 'trailing comma before "}"');
        continue;
      }
      if (c === '}') {
        this.offset++;
        return { kind: 'map', entries, pos };
      }
      throw new JsonSyntaxError(this.offset, c === undefined ? 'unexpected end of file; expected "," or "}"' : 'expected "," or "}"');
    }
  }

  private array(depth: number, pos: Pos): SrcNode {
    this.offset++; // [
    const items: SrcNode[] = [];
    this.skipSpace();
    if (this.text[this.offset] === ']') {
      this.offset++;
      return { kind: 'seq', items, pos };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.text[this.offset];
      if (c === ',') {
        this.offset++;
        this.skipSpace();
        if (this.text[this.offset] === ']') throw new JsonSyntaxError(this.offset, 'trailing comma before "]"');
        continue;
      }
      if (c === ']') {
        this.offset++;
        return { kind: 'seq', items, pos };
      }
      throw new JsonSyntaxError(this.offset, c === undefined ? 'unexpected end of file; expected "," or "]"' : 'expected "," or "]"');
    }
  }

  private string(): string {
    const t = this.text;
    let i = this.offset + 1;
    let out = '';
    let chunk = i;
    for (;;) {
      if (i >= t.length) throw new JsonSyntaxError(this.offset, 'unterminated string');
      const c = t.charCodeAt(i);
      if (c === 0x22) break; // "
      if (c < 0x20) throw new JsonSyntaxError(i, 'control character in string (use \\n, \\t, ...)');
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += t.slice(chunk, i);
      const e = t[i + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        i += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(t.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        throw new JsonSyntaxError(i, 'invalid escape in string');
      }
      chunk = i;
    }
    out += t.slice(chunk, i);
    this.offset = i + 1;
    return out;
  }

  private number(pos: Pos): SrcNode {
    const m = /^-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.offset, this.offset + 400));
    if (!m || m[0] === '-') throw new JsonSyntaxError(this.offset, 'invalid number');
    const raw = m[0];
    this.offset += raw.length;
    const isInteger = m[1] === undefined && m[2] === undefined;
    return { kind: 'scalar', value: isInteger ? BigInt(raw) : Number(raw), raw, pos };
  }
}
