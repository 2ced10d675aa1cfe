// SPDX-License-Identifier: MIT
// `sdos:` - startup SDOs of one slave: an object (index, subindex or `entry`) and either a typed
// value (`type` + `value`) or raw bytes (`data`: hex text or a list of byte values), optionally
// written with complete access. Values become their little-endian bytes here, so range errors
// point at the line that has the value.
import type { SrcNode } from '../../topology/source/node.js';
import { asMap, asSeq, describe, item, readBool, readChoice, readString, readU16, readU8, readInt, sub } from '../../topology/source/read.js';
import type { ConfigValue, SdoConfig, SdoValueType } from '../types.js';
import { encodeValue, SDO_VALUE_TYPES, typeBits } from '../values.js';
import { readEntryRef } from './context.js';
import type { Ctx } from './context.js';

/** Hex bytes written as text: `01 02 0a`, `0x01 0x02`, `01:02`, `01,02` or `01020a`. */
export function parseHexData(text: string): Uint8Array | undefined {
  const tokens = text
    .trim()
    .split(/[\s,:]+/)
    .filter((t) => t.length > 0);
  if (tokens.length === 0) return undefined;
  const out: number[] = [];
  for (const tok of tokens) {
    const h = tok.replace(/^0[xX]/, '');
    if (!/^[0-9a-fA-F]+$/.test(h)) return undefined;
    if (h.length <= 2) out.push(parseInt(h, 16));
    else if (h.length % 2 === 0) for (let i = 0; i < h.length; i += 2) out.push(parseInt(h.slice(i, i + 2), 16));
    else return undefined;
  }
  return Uint8Array.from(out);
}

/** The scalar a `value:` holds, as a ConfigValue. */
export function scalarValue(node: SrcNode): ConfigValue | undefined {
  if (node.kind !== 'scalar') return undefined;
  const v = node.value;
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return undefined;
}

function readData(ctx: Ctx, node: SrcNode, path: string): Uint8Array | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    const bytes = parseHexData(node.value);
    if (!bytes) ctx.error(path, node, `expected hex bytes such as "01 00 00 16", got ${describe(node)}`);
    return bytes;
  }
  if (node.kind === 'seq') {
    const out: number[] = [];
    let ok = true;
    node.items.forEach((b, k) => {
      const v = readU8(ctx.issues, b, item(path, k));
      if (v === undefined) ok = false;
      else out.push(v);
    });
    if (out.length === 0 && ok) ctx.error(path, node, 'expected at least one byte');
    return ok && out.length > 0 ? Uint8Array.from(out) : undefined;
  }
  ctx.error(path, node, `expected hex bytes as text ("01 00 00 16") or a list of byte values, got ${describe(node)}`);
  return undefined;
}

/** Largest startup SDO accepted (IgH copies SDO data into kernel memory; keep it sane). */
export const MAX_SDO_BYTES = 4096;

function readSdo(ctx: Ctx, node: SrcNode, path: string): SdoConfig | undefined {
  const map = asMap(ctx.issues, node, path, 'a startup SDO mapping { index, subindex, type, value } or { index, subindex, data }');
  if (!map) return undefined;
  const f = ctx.fields(map, path, ['index', 'subindex', 'entry', 'type', 'value', 'data', 'bitLength', 'completeAccess', 'comment']);
  let index: number | undefined;
  let subindex: number | undefined;
  const entry = f('entry');
  if (entry) {
    if (f('index') || f('subindex')) ctx.error(path, map, 'give either "entry" or "index"/"subindex", not both');
    const ref = readEntryRef(ctx, entry, sub(path, 'entry'));
    index = ref?.index;
    subindex = ref?.subindex;
  } else {
    const i = f('index');
    if (i) index = readU16(ctx.issues, i, sub(path, 'index'));
    else ctx.error(path, map, 'missing "index" (or "entry": "index:subindex")');
    const s = f('subindex');
    subindex = s ? readU8(ctx.issues, s, sub(path, 'subindex')) : 0;
  }
  const ca = f('completeAccess');
  const completeAccess = ca ? (readBool(ctx.issues, ca, sub(path, 'completeAccess')) ?? false) : false;
  if (completeAccess && subindex !== undefined && subindex > 1) {
    ctx.error(sub(path, 'subindex'), f('subindex') ?? map, `complete access starts at subindex 0 or 1, not ${subindex}`);
  }
  let data: Uint8Array | undefined;
  let type: SdoValueType | undefined;
  let value: ConfigValue | undefined;
  const t = f('type');
  const v = f('value');
  const d = f('data');
  if (d && (t || v)) ctx.error(path, map, 'give either "data" (raw bytes) or "type" and "value", not both');
  else if (d) data = readData(ctx, d, sub(path, 'data'));
  else if (t || v) {
    if (!t) ctx.error(path, map, `missing "type" for the value (one of ${SDO_VALUE_TYPES.join(', ')})`);
    if (!v) ctx.error(path, map, 'missing "value"');
    if (t) type = readChoice(ctx.issues, t, sub(path, 'type'), SDO_VALUE_TYPES, 'SDO value type');
    if (v) {
      value = scalarValue(v);
      if (value === undefined) ctx.error(sub(path, 'value'), v, `expected a number, boolean or text, got ${describe(v)}`);
    }
    if (type !== undefined && value !== undefined) {
      let bits = typeBits(type);
      const bl = f('bitLength');
      if (bl) {
        const n = readInt(ctx.issues, bl, sub(path, 'bitLength'), 1, 64, 'a width in bits (1..64)');
        if (n !== undefined && bits !== null && n !== bits) ctx.error(sub(path, 'bitLength'), bl, `type ${type} is ${bits} bits wide, not ${n}`);
      }
      if (bits === null) bits = 8 * Buffer.byteLength(String(value), 'utf8');
      const r = encodeValue(type, bits, value);
      if ('error' in r) ctx.error(sub(path, 'value'), v, r.error);
      else data = r;
    }
  } else ctx.error(path, map, 'missing the value: give "type" and "value", or "data" (raw bytes)');
  if (data && data.length > MAX_SDO_BYTES) {
    ctx.error(path, map, `${data.length} bytes is too long for a startup SDO; at most ${MAX_SDO_BYTES}`);
    data = undefined;
  }
  let comment: string | undefined;
  const c = f('comment');
  if (c) comment = readString(ctx.issues, c, sub(path, 'comment'), 1000);
  if (index === undefined || subindex === undefined || data === undefined) return undefined;
  const out: SdoConfig = { index, subindex, completeAccess, data };
  if (type !== undefined) out.type = type;
  if (value !== undefined) out.value = value;
  if (comment !== undefined) out.comment = comment;
  return out;
}

/** `sdos:` of one slave, in the order written (planBus may reorder PDO objects, and says so). */
export function readSdos(ctx: Ctx, node: SrcNode, path: string): SdoConfig[] {
  const seq = asSeq(ctx.issues, node, path, 'a list of startup SDOs');
  if (!seq) return [];
  const out: SdoConfig[] = [];
  seq.items.forEach((it, k) => {
    const sdo = readSdo(ctx, it, item(path, k));
    if (sdo) out.push(sdo);
  });
  return out;
}
