// SPDX-License-Identifier: MIT
// stringifyBusConfig: a BusConfig written back as a configuration file that parseBusConfig reads
// to the same config. YAML gets comments (BusConfig.comments), hex for ids and indices, flow
// style for short rows (entries, variables, SDOs); JSON writes hex numbers as "0x..." strings,
// which the loader accepts wherever it takes a number.
import type { BusConfig, ConfigValue, PdoConfig, SdoConfig, SlaveConfig, SyncConfig, VariableConfig } from '../types.js';
import { formatDuration } from '../units.js';

/** A number to be written in hex with at least `digits` digits. */
class Hex {
  constructor(
    readonly value: number,
    readonly digits: number,
  ) {}
  toString(): string {
    return `0x${this.value.toString(16).padStart(this.digits, '0')}`;
  }
}

/** Text that must be written quoted in YAML even if it looks plain (an entry ref such as 0x6041:00). */
class Quoted {
  constructor(readonly text: string) {}
}

type Scalar = string | number | boolean | Hex | Quoted;
type Value = Scalar | Value[] | Doc;
interface Doc {
  [key: string]: Value;
}

const h = (value: number, digits = 4): Hex => new Hex(value, digits);
const entryRef = (index: number, subindex: number): Quoted => new Quoted(`${h(index).toString()}:${subindex.toString(16).padStart(2, '0')}`);

function value(v: ConfigValue): Scalar {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : new Quoted(v.toString());
  return v;
}

function pdoDoc(p: PdoConfig): Value {
  if (!p.name && !p.entries) return h(p.index);
  const d: Doc = { index: h(p.index) };
  if (p.name) d.name = p.name;
  if (p.entries) {
    d.entries = p.entries.map((e): Doc => {
      if (e.index === 0) return { gap: e.bitLength };
      const row: Doc = { index: h(e.index), subindex: h(e.subindex, 2), bitLength: e.bitLength };
      if (e.name) row.name = e.name;
      return row;
    });
  }
  return d;
}

function syncDoc(s: SyncConfig): Doc {
  const d: Doc = { index: s.index, direction: s.direction };
  if (s.watchdog !== 'default') d.watchdog = s.watchdog;
  d.pdos = s.pdos.map(pdoDoc);
  return d;
}

function sdoDoc(s: SdoConfig): Doc {
  const d: Doc = { index: h(s.index), subindex: h(s.subindex, 2) };
  if (s.type !== undefined && s.value !== undefined) {
    d.type = s.type;
    d.value = value(s.value);
  } else d.data = new Quoted(Array.from(s.data, (b) => b.toString(16).padStart(2, '0')).join(' '));
  if (s.completeAccess) d.completeAccess = true;
  if (s.comment) d.comment = s.comment;
  return d;
}

function variableDoc(v: VariableConfig): Doc {
  const d: Doc = { name: v.name };
  if (v.slave !== undefined) d.slave = v.slave;
  d.entry = entryRef(v.index, v.subindex);
  d.type = v.type;
  if (v.type === 'bits') d.bitLength = v.bitLength;
  if (v.domain !== undefined) d.domain = v.domain;
  if (v.safe !== undefined) d.safe = value(v.safe);
  return d;
}

function slaveDoc(s: SlaveConfig): Doc {
  const d: Doc = { name: s.name };
  if (s.alias !== 0) d.alias = s.alias;
  d.position = s.position;
  if (s.identity) {
    d.vendorId = h(s.identity.vendorId, 8);
    d.productCode = h(s.identity.productCode, 8);
    if (s.identity.revision !== undefined) d.revision = h(s.identity.revision, 8);
  }
  if (s.esi) d.esi = s.esi.path;
  if (s.syncs) d.syncs = s.syncs.map(syncDoc);
  if (s.pdos) d.pdos = s.pdos.map(pdoDoc);
  if (s.sdos.length) d.sdos = s.sdos.map(sdoDoc);
  if (s.watchdog) d.watchdog = { divider: s.watchdog.divider, intervals: s.watchdog.intervals };
  if (s.dc === false) d.dc = false;
  else if (s.dc) {
    const dc: Doc = {};
    if (s.dc.opMode !== undefined) dc.opMode = s.dc.opMode;
    if (s.dc.assignActivate !== undefined) dc.assignActivate = h(s.dc.assignActivate);
    for (const k of ['sync0', 'sync1'] as const) {
      const y = s.dc[k];
      if (y) dc[k] = { cycle: y.cycle === 'auto' ? 'auto' : formatDuration(y.cycle), shift: formatDuration(y.shift) };
    }
    d.dc = dc;
  }
  if (s.variables.length) d.variables = s.variables.map(variableDoc);
  return d;
}

/** The configuration in file form (before syntax). */
function toDoc(config: BusConfig): Doc {
  const d: Doc = { version: 1 };
  if (config.master !== 0) d.master = config.master;
  d.cycleTime = formatDuration(config.cycleTime);
  d.domains = config.domains.map((x): Doc => (x.divider === 1 ? { name: x.name } : { name: x.name, divider: x.divider }));
  d.slaves = config.slaves.map(slaveDoc);
  if (config.variables.length) d.variables = config.variables.map(variableDoc);
  return d;
}

// --- YAML ------------------------------------------------------------------------------------

const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

function yamlScalar(v: Scalar): string {
  if (v instanceof Hex) return v.toString();
  if (v instanceof Quoted) return JSON.stringify(v.text);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  // Plain only when it cannot be read as anything but this string, in block and flow context.
  const duration = /^\d+(ns|us|ms|s)$/.test(v);
  const plain = duration || (/^[A-Za-z_][A-Za-z0-9_ .()/-]*$/.test(v) && !/\s$/.test(v) && !RESERVED.test(v) && !/ #/.test(v));
  return plain ? v : JSON.stringify(v);
}

function isScalar(v: Value): v is Scalar {
  return !Array.isArray(v) && (typeof v !== 'object' || v instanceof Hex || v instanceof Quoted);
}

/** `{ a: 1, b: x }` if every value is a scalar and it fits on a line. */
function flow(d: Doc, room: number): string | undefined {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(d)) {
    if (!isScalar(v)) return undefined;
    parts.push(`${k}: ${yamlScalar(v)}`);
  }
  const s = `{ ${parts.join(', ')} }`;
  return s.length <= room ? s : undefined;
}

const FLOW_LISTS = new Set(['entries', 'variables', 'sdos', 'domains']);

function comment(out: string[], comments: Record<string, string> | undefined, path: string, pad: string): void {
  const c = comments?.[path];
  if (c) for (const line of c.split('\n')) out.push(`${pad}# ${line}`.trimEnd());
}

function yamlMap(out: string[], d: Doc, indent: number, path: string, comments: Record<string, string> | undefined, firstPrefix?: string): void {
  const pad = ' '.repeat(indent);
  let first = true;
  for (const [k, v] of Object.entries(d)) {
    const p = path ? `${path}.${k}` : k;
    const lead = first && firstPrefix !== undefined ? firstPrefix : pad;
    if (!(first && firstPrefix !== undefined)) comment(out, comments, p, pad);
    first = false;
    if (isScalar(v)) out.push(`${lead}${k}: ${yamlScalar(v)}`);
    else if (Array.isArray(v)) {
      if (v.length === 0) {
        out.push(`${lead}${k}: []`);
        continue;
      }
      out.push(`${lead}${k}:`);
      yamlList(out, v, indent + 2, p, comments, FLOW_LISTS.has(k));
    } else {
      out.push(`${lead}${k}:`);
      yamlMap(out, v, indent + 2, p, comments);
    }
  }
}

function yamlList(out: string[], list: Value[], indent: number, path: string, comments: Record<string, string> | undefined, flowRows: boolean): void {
  const pad = ' '.repeat(indent);
  list.forEach((v, i) => {
    const p = `${path}[${i}]`;
    comment(out, comments, p, pad);
    if (isScalar(v)) out.push(`${pad}- ${yamlScalar(v)}`);
    else if (Array.isArray(v)) {
      out.push(`${pad}-`);
      yamlList(out, v, indent + 2, p, comments, false);
    } else {
      const f = flowRows ? flow(v, 118 - indent) : undefined;
      if (f !== undefined) out.push(`${pad}- ${f}`);
      else {
        // The first key shares the line with "- "; its comment goes above the dash.
        const firstKey = Object.keys(v)[0];
        if (firstKey !== undefined) comment(out, comments, `${p}.${firstKey}`, pad);
        yamlMap(out, v, indent + 2, p, comments, `${pad}- `);
      }
    }
  });
}

// --- JSON ------------------------------------------------------------------------------------

function jsonReplacer(_key: string, v: unknown): unknown {
  if (v instanceof Hex) return v.toString();
  if (v instanceof Quoted) return v.text;
  return v;
}

/**
 * Write a configuration as YAML (with comments) or JSON. parseBusConfig reads the result back
 * to an equal configuration (comments and `source` aside).
 */
export function stringifyBusConfig(config: BusConfig, format: 'yaml' | 'json' = 'yaml'): string {
  const doc = toDoc(config);
  if (format === 'json') return `${JSON.stringify(doc, jsonReplacer, 2)}\n`;
  const out: string[] = [];
  comment(out, config.comments, '', '');
  yamlMap(out, doc, 0, '', config.comments);
  return `${out.join('\n')}\n`;
}
