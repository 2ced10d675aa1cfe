// SPDX-License-Identifier: MIT
// Shared state and small readers for the configuration schema: the issue list, the position of
// every field read (kept in the config so later stages - plan, bus check - can point into the
// file too), and readers for the value shapes only bus configurations have (durations,
// `index:subindex` references, names).
import type { Issues } from '../../topology/source/issues.js';
import type { MapNode, SrcNode } from '../../topology/source/node.js';
import { checkKeys, describe, get, sub } from '../../topology/source/read.js';
import { positionOf } from '../positions.js';
import { parseDuration } from '../units.js';

/** What every schema reader gets. */
export class Ctx {
  readonly positions: Record<string, [number, number]> = {};

  constructor(
    readonly issues: Issues,
    /** Directory that relative paths in the file (ESI files) are resolved against. */
    readonly baseDir: string,
  ) {}

  /** Remember where `path` was written. */
  mark(path: string, node: SrcNode): void {
    if (node.pos.line > 0) this.positions[path] = [node.pos.line, node.pos.column];
  }

  /** Report a problem at the recorded position of `path` (or of its closest recorded parent). */
  errorAt(path: string, message: string): void {
    const [line, column] = positionOf(this.positions, path);
    this.issues.add(path, line > 0 ? { line, column } : undefined, message);
  }

  /** Report a problem with the value at `node`. */
  error(path: string, node: SrcNode | undefined, message: string): void {
    this.issues.add(path, node?.pos, message);
  }

  /**
   * Check the keys of `map` and return a getter that also records each field's position. The map
   * itself is marked at `path`.
   */
  fields(map: MapNode, path: string, allowed: readonly string[], context = ''): (key: string) => SrcNode | undefined {
    this.mark(path, map);
    checkKeys(this.issues, map, path, allowed, context);
    return (key: string) => {
      const node = get(map, key);
      if (node) this.mark(sub(path, key), node);
      return node;
    };
  }
}

/** Names of variables, slaves and domains: a letter or `_` first, then letters, digits, `_`, `.`, `-`. */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** A name that can be used in code and in messages; reports and returns undefined otherwise. */
export function readName(ctx: Ctx, node: SrcNode, path: string, what: string): string | undefined {
  if (node.kind !== 'scalar' || typeof node.value !== 'string') {
    ctx.error(path, node, `expected a ${what} name, got ${describe(node)}`);
    return undefined;
  }
  if (!NAME_PATTERN.test(node.value)) {
    ctx.error(
      path,
      node,
      `"${node.value}" is not a valid ${what} name; expected a letter or "_" followed by letters, digits, "_", "." or "-"`,
    );
    return undefined;
  }
  return node.value;
}

/**
 * `0x6041:00`, `6000:11`: an object index and subindex, both hexadecimal (with or without 0x), the
 * way IgH's tool and vendor manuals write them - so `0x6000:11` is subindex 17.
 */
export function parseEntryRef(text: string): { index: number; subindex: number } | undefined {
  const m = /^\s*(?:0[xX])?([0-9a-fA-F]{1,4})\s*:\s*(?:0[xX])?([0-9a-fA-F]{1,2})\s*$/.exec(text);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  return { index: parseInt(m[1], 16), subindex: parseInt(m[2], 16) };
}

/** Read an `index:subindex` string. */
export function readEntryRef(ctx: Ctx, node: SrcNode, path: string): { index: number; subindex: number } | undefined {
  const ref = node.kind === 'scalar' && typeof node.value === 'string' ? parseEntryRef(node.value) : undefined;
  if (!ref) ctx.error(path, node, `expected an object reference "index:subindex" in hex such as "0x6041:00" (index up to 4 hex digits, subindex up to 2), got ${describe(node)}`);
  return ref;
}

/** Limits and words accepted by readDuration. */
export interface DurationOptions {
  min?: number;
  max?: number;
  /** Accept the word `auto` (returned as 'auto'). */
  auto?: boolean;
  /** How the range reads in a message, e.g. "125us..100ms". */
  range?: string;
}

/** A duration in ns (see units.ts), range-checked. */
export function readDuration(ctx: Ctx, node: SrcNode, path: string, o: DurationOptions = {}): number | 'auto' | undefined {
  if (node.kind === 'scalar' && o.auto && typeof node.value === 'string' && node.value.trim().toLowerCase() === 'auto') return 'auto';
  const v = node.kind === 'scalar' ? node.value : undefined;
  if (typeof v !== 'string' && typeof v !== 'bigint' && typeof v !== 'number') {
    ctx.error(path, node, `expected a duration such as 1ms, 250us or 62500ns${o.auto ? ' (or auto)' : ''}, got ${describe(node)}`);
    return undefined;
  }
  const r = parseDuration(v);
  if ('error' in r) {
    ctx.error(path, node, r.error);
    return undefined;
  }
  if ((o.min !== undefined && r.ns < o.min) || (o.max !== undefined && r.ns > o.max)) {
    const raw = node.kind === 'scalar' ? node.raw : String(v);
    const bare = typeof v !== 'string' ? ' (a bare number is read as nanoseconds)' : '';
    ctx.error(path, node, `${raw} is out of range${bare}; expected ${o.range ?? `${o.min ?? '-∞'}..${o.max ?? '∞'} ns`}`);
    return undefined;
  }
  return r.ns;
}
