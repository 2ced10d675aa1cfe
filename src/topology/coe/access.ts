// SPDX-License-Identifier: MIT
// Access rights of dictionary entries per AL state, written the way IgH's `ethercat sdos`
// prints them: three pairs for PREOP, SAFEOP, OP, each `r` or `-` then `w` or `-`
// (e.g. `rwr-r-` = writable in PREOP only). Shorthands: ro, rw, wo.
import { ACCESS } from '../types.js';

/** Shorthands accepted besides the six-character pattern. */
export const ACCESS_SHORTHANDS: Readonly<Record<string, string>> = {
  ro: 'r-r-r-',
  r: 'r-r-r-',
  const: 'r-r-r-',
  rw: 'rwrwrw',
  wo: '-w-w-w',
  w: '-w-w-w',
};

const READ = [ACCESS.readPreop, ACCESS.readSafeop, ACCESS.readOp];
const WRITE = [ACCESS.writePreop, ACCESS.writeSafeop, ACCESS.writeOp];

/** Access bits (read/write part) for a pattern or shorthand; undefined if not valid. */
export function parseAccess(text: string): number | undefined {
  const t = text.toLowerCase();
  const pattern = ACCESS_SHORTHANDS[t] ?? t;
  if (!/^([r-][w-]){3}$/.test(pattern)) return undefined;
  let bits = 0;
  for (let s = 0; s < 3; s++) {
    if (pattern[2 * s] === 'r') bits |= READ[s] ?? 0;
    if (pattern[2 * s + 1] === 'w') bits |= WRITE[s] ?? 0;
  }
  return bits;
}

/** The six-character pattern of access bits (the PDO bits are ignored). */
export function formatAccess(bits: number): string {
  let out = '';
  for (let s = 0; s < 3; s++) out += (bits & (READ[s] ?? 0) ? 'r' : '-') + (bits & (WRITE[s] ?? 0) ? 'w' : '-');
  return out;
}

/** Access bits for a pattern known to be valid (model tables). */
export function acc(text: string): number {
  const bits = parseAccess(text);
  if (bits === undefined) throw new Error(`internal: bad access pattern ${text}`);
  return bits;
}
