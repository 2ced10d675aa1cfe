// SPDX-License-Identifier: MIT
// `variables:` - named, typed process variables, each bound to one PDO entry. Inside a slave
// they belong to that slave; at the top level each names its slave with `slave:`. The direction
// is not written: it follows from the PDO the entry is mapped in (checked by planBus).
import type { SrcNode } from '../../topology/source/node.js';
import { asMap, asSeq, describe, item, readChoice, readInt, readU16, readU8, sub } from '../../topology/source/read.js';
import type { VariableConfig, VariableType } from '../types.js';
import { encodeValue, typeBits, VARIABLE_TYPES } from '../values.js';
import { readEntryRef, readName } from './context.js';
import type { Ctx } from './context.js';
import { scalarValue } from './sdos.js';

/** Read one variable at `path`; `topLevel` variables name their slave. */
export function readVariable(ctx: Ctx, node: SrcNode, path: string, topLevel: boolean): VariableConfig | undefined {
  const map = asMap(ctx.issues, node, path, 'a variable mapping { name, entry, type }');
  if (!map) return undefined;
  const keys = ['name', 'entry', 'index', 'subindex', 'type', 'bitLength', 'domain', 'safe'];
  const f = ctx.fields(map, path, topLevel ? [...keys, 'slave'] : keys, topLevel ? '' : ' (a variable inside a slave belongs to that slave)');
  let ok = true;
  const n = f('name');
  const name = n ? readName(ctx, n, sub(path, 'name'), 'variable') : undefined;
  if (!n) ctx.error(path, map, 'missing "name"');
  let slave: string | undefined;
  if (topLevel) {
    const s = f('slave');
    if (s) slave = readName(ctx, s, sub(path, 'slave'), 'slave');
    else ctx.error(path, map, 'missing "slave" (the name of the slave the entry belongs to)');
    if (slave === undefined) ok = false;
  }
  let index: number | undefined;
  let subindex: number | undefined;
  const e = f('entry');
  if (e) {
    if (f('index') || f('subindex')) ctx.error(path, map, 'give either "entry" or "index"/"subindex", not both');
    const ref = readEntryRef(ctx, e, sub(path, 'entry'));
    index = ref?.index;
    subindex = ref?.subindex;
  } else {
    const i = f('index');
    if (i) index = readU16(ctx.issues, i, sub(path, 'index'));
    else ctx.error(path, map, 'missing "entry" (the PDO entry as "index:subindex", e.g. "0x6041:0")');
    const si = f('subindex');
    subindex = si ? readU8(ctx.issues, si, sub(path, 'subindex')) : 0;
  }
  const t = f('type');
  let type: VariableType | undefined;
  if (t) type = readChoice(ctx.issues, t, sub(path, 'type'), VARIABLE_TYPES, 'type');
  else ctx.error(path, map, `missing "type" (one of ${VARIABLE_TYPES.join(', ')})`);
  let bitLength: number | undefined;
  const b = f('bitLength');
  if (type !== undefined) {
    const fixed = typeBits(type);
    if (b) {
      const v = readInt(ctx.issues, b, sub(path, 'bitLength'), 1, 64, 'a width in bits (1..64)');
      if (v !== undefined && fixed !== null && v !== fixed) {
        ctx.error(sub(path, 'bitLength'), b, `type ${type} is ${fixed} bit${fixed === 1 ? '' : 's'} wide, not ${v}; use type bits for a ${v}-bit field`);
      } else bitLength = v;
    } else if (fixed === null) ctx.error(path, map, 'missing "bitLength" (type bits needs the width of the field, 1..64)');
    else bitLength = fixed;
  }
  const d = f('domain');
  let domain: string | undefined;
  if (d) {
    domain = readName(ctx, d, sub(path, 'domain'), 'domain');
    if (domain === undefined) ok = false;
  }
  const s = f('safe');
  let safe = s ? scalarValue(s) : undefined;
  if (s && safe === undefined) {
    ctx.error(sub(path, 'safe'), s, `expected the safe value of the output (a number or boolean), got ${describe(s)}`);
    ok = false;
  }
  if (s && safe !== undefined && type !== undefined && bitLength !== undefined) {
    const r = encodeValue(type, bitLength, safe);
    if ('error' in r) {
      ctx.error(sub(path, 'safe'), s, r.error);
      safe = undefined;
      ok = false;
    }
  }
  if (!ok || name === undefined || index === undefined || subindex === undefined || type === undefined || bitLength === undefined) return undefined;
  const out: VariableConfig = { name, index, subindex, type, bitLength };
  if (slave !== undefined) out.slave = slave;
  if (domain !== undefined) out.domain = domain;
  if (safe !== undefined) out.safe = safe;
  return out;
}

/** A `variables:` list; `topLevel` lists name their slave. */
export function readVariables(ctx: Ctx, node: SrcNode, path: string, topLevel: boolean): VariableConfig[] {
  const seq = asSeq(ctx.issues, node, path, 'a list of variables');
  if (!seq) return [];
  const out: VariableConfig[] = [];
  seq.items.forEach((it, k) => {
    const v = readVariable(ctx, it, item(path, k), topLevel);
    if (v) out.push(v);
  });
  return out;
}
