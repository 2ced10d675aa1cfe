// SPDX-License-Identifier: MIT
// Numeric command-line arguments as the `ethercat` tool reads them: single numbers in decimal,
// 0x hexadecimal or 0-prefixed octal, and the selection lists of -p/-a/-d/-m ("1,3-5", "-3" =
// 0..3, "5-" = 5..max, "-" = all), whose items are decimal (as in the tool, where "010" is ten)
// or 0x hexadecimal.
import { parseInteger } from '../coe/datatypes.js';
import { UsageError } from './errors.js';

/** Parse one unsigned number argument and check it against 0..max. */
export function parseUnsigned(text: string, what: string, max: number, command?: string): number {
  const v = parseInteger(text);
  if (v === undefined) {
    throw new UsageError(`Invalid ${what} '${text}': expected a number (decimal, 0x hex or 0-prefixed octal).`, command);
  }
  if (v < 0n) throw new UsageError(`Invalid ${what} '${text}': must not be negative (0..${fmtMax(max)}).`, command);
  if (v > BigInt(max)) throw new UsageError(`Invalid ${what} '${text}': out of range (0..${fmtMax(max)}).`, command);
  return Number(v);
}

function fmtMax(max: number): string {
  return max >= 0xff ? `0x${max.toString(16)}` : String(max);
}

/** One item of a selection list: decimal digits, or 0x hex. */
function listItem(text: string, what: string, command?: string): number {
  if (/^[0-9]+$/.test(text)) return parseInt(text, 10);
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  throw new UsageError(`Invalid ${what} '${text}': expected a number or a list such as 1,3-5.`, command);
}

/**
 * Parse a selection list. `max()` is asked only when an open range needs it; it returns -1 when
 * nothing exists (then an open range selects nothing). Ranges may run downwards ("5-3").
 */
export function parseNumberList(text: string, what: string, max: () => number, command?: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    if (part === '') continue;
    const dash = part.indexOf('-', 1) >= 0 ? part.indexOf('-', 1) : part.startsWith('-') ? 0 : -1;
    if (dash < 0) {
      out.push(listItem(part, what, command));
      continue;
    }
    const left = part.slice(0, dash);
    const right = part.slice(dash + 1);
    const from = left === '' ? 0 : listItem(left, what, command);
    let to: number;
    if (right === '') {
      const m = max();
      if (m < 0 || m < from) continue; // open range past the end: nothing
      to = m;
    } else {
      to = listItem(right, what, command);
    }
    if (from <= to) for (let i = from; i <= to; i++) out.push(i);
    else for (let i = to; i <= from; i++) out.push(i);
  }
  return out;
}

/** True when the list text names exactly one number (as opposed to a range or list). */
export function isSingleNumber(text: string): boolean {
  return /^([0-9]+|0[xX][0-9a-fA-F]+)$/.test(text);
}
