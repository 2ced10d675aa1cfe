// SPDX-License-Identifier: MIT
// `syncs:` (sync managers with their PDO assignment and entry mapping) and the `pdos:` shorthand
// (a PDO selection whose sync managers come from the ESI file or the PDO direction).
import type { MapNode, SrcNode } from '../../topology/source/node.js';
import { asMap, asSeq, describe, hex, intOf, item, readChoice, readInt, readString, readU16, readU8, sub } from '../../topology/source/read.js';
import type { Direction, PdoConfig, PdoEntryConfig, SyncConfig, WatchdogMode } from '../types.js';
import { readEntryRef } from './context.js';
import type { Ctx } from './context.js';

/** rx (output) for 0x1600..0x17ff, tx (input) for 0x1a00..0x1bff. */
export function pdoDirection(index: number): Direction | undefined {
  if (index >= 0x1600 && index <= 0x17ff) return 'output';
  if (index >= 0x1a00 && index <= 0x1bff) return 'input';
  return undefined;
}

/** Largest entry IgH can map (its bit_length is 8 bits wide). */
export const MAX_ENTRY_BITS = 255;

function readEntry(ctx: Ctx, node: SrcNode, path: string): PdoEntryConfig | undefined {
  const map = asMap(ctx.issues, node, path, 'a PDO entry mapping ({ index, subindex, bitLength } or { gap: bits })');
  if (!map) return undefined;
  const f = ctx.fields(map, path, ['index', 'subindex', 'entry', 'bitLength', 'name', 'gap']);
  const gap = f('gap');
  if (gap) {
    for (const k of ['index', 'subindex', 'entry', 'bitLength']) {
      if (f(k)) ctx.error(sub(path, k), f(k), `a gap has only a width; remove "${k}" or "gap"`);
    }
    const bits = readInt(ctx.issues, gap, sub(path, 'gap'), 1, MAX_ENTRY_BITS, `a gap width in bits (1..${MAX_ENTRY_BITS})`);
    return bits === undefined ? undefined : { index: 0, subindex: 0, bitLength: bits };
  }
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
    else ctx.error(path, map, 'missing "index" (or "entry": "index:subindex", or "gap": bits)');
    const s = f('subindex');
    subindex = s ? readU8(ctx.issues, s, sub(path, 'subindex')) : 0;
  }
  const b = f('bitLength');
  let bitLength: number | undefined;
  if (b) bitLength = readInt(ctx.issues, b, sub(path, 'bitLength'), 1, MAX_ENTRY_BITS, `a width in bits (1..${MAX_ENTRY_BITS})`);
  else ctx.error(path, map, 'missing "bitLength" (the entry\'s width in bits)');
  let name: string | undefined;
  const n = f('name');
  if (n) name = readString(ctx.issues, n, sub(path, 'name'));
  if (index === 0 && bitLength !== undefined) ctx.error(sub(path, 'index'), f('index') ?? f('entry'), 'index 0 is a gap; write { gap: bits } instead');
  if (index === undefined || subindex === undefined || bitLength === undefined || index === 0) return undefined;
  return name === undefined ? { index, subindex, bitLength } : { index, subindex, bitLength, name };
}

/** A PDO: its index alone (`0x1600`) or a mapping with `index`, `name`, `entries`. */
export function readPdo(ctx: Ctx, node: SrcNode, path: string): PdoConfig | undefined {
  let index: number | undefined;
  let map: MapNode | undefined;
  if (node.kind === 'map') map = node;
  else if (intOf(node) !== undefined) {
    ctx.mark(path, node);
    index = readU16(ctx.issues, node, path);
  } else {
    ctx.error(path, node, `expected a PDO index such as 0x1600 or a mapping { index, entries }, got ${describe(node)}`);
    return undefined;
  }
  const out: PdoConfig = { index: 0 };
  let indexNode: SrcNode = node;
  if (map) {
    const f = ctx.fields(map, path, ['index', 'name', 'entries']);
    const i = f('index');
    if (i) indexNode = i;
    if (i) index = readU16(ctx.issues, i, sub(path, 'index'));
    else ctx.error(path, map, 'missing "index" (the PDO index, 0x1600..0x17ff for RxPDOs, 0x1a00..0x1bff for TxPDOs)');
    const n = f('name');
    if (n) {
      const name = readString(ctx.issues, n, sub(path, 'name'));
      if (name !== undefined) out.name = name;
    }
    const e = f('entries');
    if (e) {
      const seq = asSeq(ctx.issues, e, sub(path, 'entries'), 'a list of PDO entries');
      if (seq) {
        const entries: PdoEntryConfig[] = [];
        seq.items.forEach((it, k) => {
          const entry = readEntry(ctx, it, item(sub(path, 'entries'), k));
          if (entry) entries.push(entry);
        });
        out.entries = entries;
      }
    }
  }
  if (index === undefined) return undefined;
  if (pdoDirection(index) === undefined) {
    ctx.error(map ? sub(path, 'index') : path, indexNode, `${hex(index)} is not a PDO index; expected 0x1600..0x17ff (RxPDO, outputs) or 0x1a00..0x1bff (TxPDO, inputs)`);
    return undefined;
  }
  out.index = index;
  return out;
}

/** A list of PDOs; duplicates (within `seen`, shared across one slave) are reported. */
export function readPdoList(ctx: Ctx, node: SrcNode, path: string, seen: Map<number, string>): PdoConfig[] | undefined {
  const seq = asSeq(ctx.issues, node, path, 'a list of PDOs');
  if (!seq) return undefined;
  const out: PdoConfig[] = [];
  seq.items.forEach((it, k) => {
    const p = item(path, k);
    const pdo = readPdo(ctx, it, p);
    if (!pdo) return;
    const before = seen.get(pdo.index);
    if (before !== undefined) {
      ctx.error(p, it, `PDO ${hex(pdo.index)} is already assigned at ${before}; a PDO can be assigned once`);
      return;
    }
    seen.set(pdo.index, p);
    out.push(pdo);
  });
  return out;
}

const WATCHDOG_MODES: readonly WatchdogMode[] = ['default', 'enable', 'disable'];
const DIRECTIONS: readonly Direction[] = ['output', 'input'];

/** `syncs:` of one slave. */
export function readSyncs(ctx: Ctx, node: SrcNode, path: string): SyncConfig[] | undefined {
  const seq = asSeq(ctx.issues, node, path, 'a list of sync managers');
  if (!seq) return undefined;
  const out: SyncConfig[] = [];
  const indices = new Map<number, string>();
  const pdosSeen = new Map<number, string>();
  seq.items.forEach((it, k) => {
    const p = item(path, k);
    const map = asMap(ctx.issues, it, p, 'a sync manager mapping { index, direction, watchdog, pdos }');
    if (!map) return;
    const f = ctx.fields(map, p, ['index', 'direction', 'watchdog', 'pdos']);
    const i = f('index');
    let index: number | undefined;
    if (i) index = readInt(ctx.issues, i, sub(p, 'index'), 0, 15, 'a sync manager index (0..15)');
    else ctx.error(p, map, 'missing "index" (the sync manager number, usually 2 for outputs and 3 for inputs)');
    if (index !== undefined) {
      const before = indices.get(index);
      if (before !== undefined) ctx.error(sub(p, 'index'), i, `sync manager ${index} is already configured at ${before}`);
      else indices.set(index, p);
    }
    const d = f('direction');
    let direction = d ? readChoice(ctx.issues, d, sub(p, 'direction'), DIRECTIONS, 'direction') : undefined;
    const w = f('watchdog');
    const watchdog = (w ? readChoice(ctx.issues, w, sub(p, 'watchdog'), WATCHDOG_MODES, 'watchdog mode') : 'default') ?? 'default';
    const pn = f('pdos');
    const pdos = pn ? readPdoList(ctx, pn, sub(p, 'pdos'), pdosSeen) : [];
    if (!pdos) return;
    // The PDO indices say which way the data flows; a sync manager carries one direction only.
    for (const [j, pdo] of pdos.entries()) {
      const dir = pdoDirection(pdo.index);
      if (direction === undefined) direction = dir;
      else if (dir !== direction) {
        ctx.errorAt(item(sub(p, 'pdos'), j), `PDO ${hex(pdo.index)} is ${dir === 'output' ? 'an RxPDO (output)' : 'a TxPDO (input)'} but sync manager ${index ?? '?'} is an ${direction} sync manager`);
      }
    }
    if (direction === undefined) {
      if (!d) ctx.error(p, map, 'missing "direction" (output or input); it cannot be derived from an empty PDO list');
      return;
    }
    if (index !== undefined) out.push({ index, direction, watchdog, pdos });
  });
  return out;
}
