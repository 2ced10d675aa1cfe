// SPDX-License-Identifier: MIT
// `dc:` (distributed clocks: AssignActivate, SYNC0/SYNC1 cycle and shift, or an ESI op mode to
// start from) and `watchdog:` (IgH's divider/intervals) of one slave.
import type { SrcNode } from '../../topology/source/node.js';
import { asMap, describe, readInt, readString, readU16, sub } from '../../topology/source/read.js';
import type { DcConfig, DcSyncConfig, WatchdogConfig } from '../types.js';
import { readDuration } from './context.js';
import type { Ctx } from './context.js';

const UINT32_MAX = 0xffffffff;
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

function readSync(ctx: Ctx, node: SrcNode, path: string): DcSyncConfig | undefined {
  const map = asMap(ctx.issues, node, path, 'a mapping { cycle, shift }');
  if (!map) return undefined;
  const f = ctx.fields(map, path, ['cycle', 'shift']);
  const c = f('cycle');
  const s = f('shift');
  // IgH takes the cycle as uint32 and the shift as int32 nanoseconds.
  const cycle = c ? readDuration(ctx, c, sub(path, 'cycle'), { min: 0, max: UINT32_MAX, auto: true, range: '0..4.29s, or auto' }) : 'auto';
  const shift = s ? readDuration(ctx, s, sub(path, 'shift'), { min: INT32_MIN, max: INT32_MAX, range: '-2.14s..2.14s' }) : 0;
  if (cycle === undefined || shift === undefined || shift === 'auto') return undefined;
  return { cycle, shift };
}

/** `dc: false` turns DC off; otherwise a mapping. */
export function readDc(ctx: Ctx, node: SrcNode, path: string): DcConfig | false | undefined {
  if (node.kind === 'scalar' && node.value === false) return false;
  const map = asMap(ctx.issues, node, path, 'a mapping { assignActivate, sync0, sync1 } or { opMode } (or false for no DC)');
  if (!map) return undefined;
  const f = ctx.fields(map, path, ['opMode', 'assignActivate', 'sync0', 'sync1']);
  const out: DcConfig = {};
  let ok = true;
  const m = f('opMode');
  if (m) {
    const name = readString(ctx.issues, m, sub(path, 'opMode'), 255, false);
    if (name === undefined) ok = false;
    else out.opMode = name;
  }
  const a = f('assignActivate');
  if (a) {
    const v = readU16(ctx.issues, a, sub(path, 'assignActivate'));
    if (v === undefined) ok = false;
    else out.assignActivate = v;
  }
  for (const key of ['sync0', 'sync1'] as const) {
    const n = f(key);
    if (!n) continue;
    const s = readSync(ctx, n, sub(path, key));
    if (s === undefined) ok = false;
    else out[key] = s;
  }
  if (ok && out.opMode === undefined && out.assignActivate === undefined) {
    ctx.error(path, map, 'missing "assignActivate" (e.g. 0x300 for SYNC0, see the slave\'s ESI <Dc><OpMode>) or "opMode" (the name of an ESI op mode)');
    ok = false;
  }
  return ok ? out : undefined;
}

/** `watchdog: { divider, intervals }`; 0 keeps the slave's own value. */
export function readWatchdog(ctx: Ctx, node: SrcNode, path: string): WatchdogConfig | undefined {
  const map = asMap(ctx.issues, node, path, 'a mapping { divider, intervals }');
  if (!map) return undefined;
  const f = ctx.fields(map, path, ['divider', 'intervals']);
  const d = f('divider');
  const i = f('intervals');
  if (!d && !i) {
    ctx.error(path, map, `expected "divider" (in 40 ns units, e.g. 2498 for 100 µs) and/or "intervals", got ${describe(map)} without either`);
    return undefined;
  }
  const divider = d ? readInt(ctx.issues, d, sub(path, 'divider'), 0, 0xffff, 'a divider 0..65535 (40 ns units; 0 keeps the slave\'s)') : 0;
  const intervals = i ? readInt(ctx.issues, i, sub(path, 'intervals'), 0, 0xffff, 'a number of intervals 0..65535 (0 keeps the slave\'s)') : 0;
  if (divider === undefined || intervals === undefined) return undefined;
  return { divider, intervals };
}
