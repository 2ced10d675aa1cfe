// SPDX-License-Identifier: MIT
// One entry of `slaves:`: address (alias/position), expected identity, where its PDOs come from
// (explicit `syncs`, a `pdos` selection, an `esi` file, or the slave's own defaults), startup
// SDOs, watchdog, DC and its variables.
import { isAbsolute, resolve } from 'node:path';
import type { SrcNode } from '../../topology/source/node.js';
import { asMap, asSeq, item, readString, readU16, readU32, sub } from '../../topology/source/read.js';
import type { IdentityConfig, SlaveConfig, VariableConfig } from '../types.js';
import { readName } from './context.js';
import type { Ctx } from './context.js';
import { readDc, readWatchdog } from './dc.js';
import { readPdoList, readSyncs } from './pdos.js';
import { readSdos } from './sdos.js';
import { readVariable } from './variables.js';

const SLAVE_KEYS = [
  'name',
  'alias',
  'position',
  'vendorId',
  'productCode',
  'revision',
  'esi',
  'syncs',
  'pdos',
  'sdos',
  'watchdog',
  'dc',
  'variables',
] as const;

/** What the cross-slave checks need, even from a slave with errors elsewhere. */
export interface SlaveOutline {
  name?: string;
  alias?: number;
  position?: number;
  /** The variables that are valid, each with its own path. */
  variables: Array<{ value: VariableConfig; path: string }>;
}

/** Read `slaves[i]`: `slave` is undefined if it has errors (they are reported). */
export function readSlave(ctx: Ctx, node: SrcNode, path: string, index: number): { slave?: SlaveConfig; outline: SlaveOutline } {
  const outline: SlaveOutline = { variables: [] };
  const map = asMap(ctx.issues, node, path, 'a slave mapping { name, position, vendorId, productCode, ... }');
  if (!map) return { outline };
  const before = ctx.issues.count;
  const f = ctx.fields(map, path, SLAVE_KEYS);

  const n = f('name');
  const name = n ? readName(ctx, n, sub(path, 'name'), 'slave') : `slave${index}`;

  const a = f('alias');
  const p = f('position');
  const alias = a ? readU16(ctx.issues, a, sub(path, 'alias')) : 0;
  const position = p ? readU16(ctx.issues, p, sub(path, 'position')) : 0;
  if (!a && !p) ctx.error(path, map, 'missing "position" (ring position) and/or "alias" (station alias; position is then relative to it)');

  const e = f('esi');
  let esi: SlaveConfig['esi'];
  if (e) {
    const text = readString(ctx.issues, e, sub(path, 'esi'), 4096, false);
    if (text !== undefined) esi = { path: text, resolved: isAbsolute(text) ? text : resolve(ctx.baseDir, text) };
  }

  const v = f('vendorId');
  const pc = f('productCode');
  const r = f('revision');
  let identity: IdentityConfig | undefined;
  if (v || pc || r) {
    const vendorId = v ? readU32(ctx.issues, v, sub(path, 'vendorId')) : undefined;
    const productCode = pc ? readU32(ctx.issues, pc, sub(path, 'productCode')) : undefined;
    const revision = r ? readU32(ctx.issues, r, sub(path, 'revision')) : undefined;
    if (!v) ctx.error(path, map, 'missing "vendorId" (the expected vendor id, e.g. 0x00000002)');
    if (!pc) ctx.error(path, map, 'missing "productCode" (the expected product code)');
    if (vendorId !== undefined && productCode !== undefined) {
      identity = { vendorId, productCode };
      if (revision !== undefined) identity.revision = revision;
    }
  } else if (!e) {
    ctx.error(path, map, 'missing "vendorId" and "productCode" (the identity the slave must have; or give "esi" with a single-device ESI file)');
  }

  const s = f('syncs');
  const ps = f('pdos');
  if (s && ps) ctx.error(sub(path, 'pdos'), ps, 'give either "syncs" (full sync manager configuration) or "pdos" (a PDO selection), not both');
  const syncs = s ? readSyncs(ctx, s, sub(path, 'syncs')) : undefined;
  const pdos = ps && !s ? readPdoList(ctx, ps, sub(path, 'pdos'), new Map()) : undefined;

  const sd = f('sdos');
  const sdos = sd ? readSdos(ctx, sd, sub(path, 'sdos')) : [];
  const w = f('watchdog');
  const watchdog = w ? readWatchdog(ctx, w, sub(path, 'watchdog')) : undefined;
  const d = f('dc');
  const dc = d ? readDc(ctx, d, sub(path, 'dc')) : undefined;
  const vs = f('variables');
  const vseq = vs ? asSeq(ctx.issues, vs, sub(path, 'variables'), 'a list of variables') : undefined;
  vseq?.items.forEach((it, k) => {
    const vp = item(sub(path, 'variables'), k);
    const v = readVariable(ctx, it, vp, false);
    if (v) outline.variables.push({ value: v, path: vp });
  });
  const variables = outline.variables.map((v) => v.value);
  if (name !== undefined) outline.name = name;
  if (alias !== undefined && position !== undefined && (a || p)) {
    outline.alias = alias;
    outline.position = position;
  }

  if (ctx.issues.count > before || name === undefined || alias === undefined || position === undefined) return { outline };
  const out: SlaveConfig = { name, alias, position, sdos, variables };
  if (identity) out.identity = identity;
  if (esi) out.esi = esi;
  if (syncs) out.syncs = syncs;
  if (pdos) out.pdos = pdos;
  if (watchdog) out.watchdog = watchdog;
  if (dc !== undefined) out.dc = dc;
  return { slave: out, outline };
}
