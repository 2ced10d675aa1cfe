// SPDX-License-Identifier: MIT
// XML text -> a small element tree that knows where each element starts (line:column) and its
// element path (`Descriptions/Devices/Device[3]/RxPdo[1]`, 0-based among same-named siblings),
// so every ESI message can point at the element. Syntax is checked by fast-xml-parser's validator
// first, which reports the line and column of the first mistake.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ConfigIssue } from '../errors.js';

/** One XML element. Attribute names keep their case; text is the trimmed concatenation of its text and CDATA. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlElement[];
  line: number;
  column: number;
  /** Element path from the root's children, e.g. `Descriptions/Devices/Device[0]`; empty for the root. */
  path: string;
}

type Raw = Record<string, unknown>;

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function posOf(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

/** Parse XML; on a syntax error returns the issue instead. */
export function parseXml(text: string): { root: XmlElement } | { issue: ConfigIssue } {
  const check = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (check !== true) {
    const e = check.err;
    return { issue: { path: '', line: e.line, column: e.col, message: `XML syntax: ${e.msg}` } };
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    preserveOrder: true,
    captureMetaData: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    removeNSPrefix: true,
    allowBooleanAttributes: true,
  });
  const doc = parser.parse(text) as Raw[];
  const starts = lineStarts(text);

  const convert = (raw: Raw, path: string): XmlElement | undefined => {
    const name = Object.keys(raw).find((k) => k !== ':@');
    if (name === undefined || name === '#text') return undefined;
    const meta = (raw as Record<symbol, { startIndex?: number } | undefined>)[META];
    const { line, column } = posOf(starts, meta?.startIndex ?? 0);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries((raw[':@'] as Record<string, unknown> | undefined) ?? {})) attrs[k] = String(v);
    const el: XmlElement = { name, attrs, text: '', children: [], line, column, path };
    const counts = new Map<string, number>();
    let text = '';
    for (const child of (raw[name] as Raw[] | undefined) ?? []) {
      if ('#text' in child) {
        text += String(child['#text']);
        continue;
      }
      const childName = Object.keys(child).find((k) => k !== ':@');
      if (childName === undefined) continue;
      const n = counts.get(childName) ?? 0;
      counts.set(childName, n + 1);
      const c = convert(child, `${path ? `${path}/` : ''}${childName}[${n}]`);
      if (c) el.children.push(c);
    }
    el.text = text.trim();
    return el;
  };

  const top = doc.map((r) => convert(r, '')).filter((e): e is XmlElement => e !== undefined);
  const root = top[0];
  if (!root) return { issue: { path: '', line: 1, column: 1, message: 'the file has no XML element; expected <EtherCATInfo>' } };
  // Paths of single children read better without [0]; keep indices only where a name repeats.
  simplify(root);
  return { root };
}

/** Drop `[0]` from path segments of elements that have no same-named sibling. */
function simplify(el: XmlElement): void {
  const counts = new Map<string, number>();
  for (const c of el.children) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  for (const c of el.children) {
    if ((counts.get(c.name) ?? 0) === 1) c.path = c.path.replace(/\[0\]$/, '');
    const prefix = c.path;
    for (const g of c.children) g.path = `${prefix}/${g.path.slice(g.path.lastIndexOf('/') + 1)}`;
    simplify(c);
  }
}

/** Children named `name`. */
export function childrenOf(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** The first child named `name`. */
export function childOf(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

/** An attribute, looked up case-sensitively first and then ignoring case (ESI writers vary). */
export function attrOf(el: XmlElement, name: string): string | undefined {
  if (name in el.attrs) return el.attrs[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(el.attrs)) if (k.toLowerCase() === lower) return v;
  return undefined;
}
