// SPDX-License-Identifier: MIT
// Small text helpers shared by the formatters, named after the C++ stream manipulators the
// `ethercat` tool's layouts are described in (setw + setfill, hex), so each layout reads like its
// description: hex(v, 4) is "%04x", right(s, 6) is a right-aligned field of width 6.

/** Lower-case hex, zero-padded to `width` digits (never truncated). Negative numbers wrap to uint32. */
export function hex(value: number | bigint, width = 0): string {
  const v = typeof value === 'bigint' ? (value < 0n ? BigInt.asUintN(64, value) : value) : value < 0 ? value >>> 0 : value;
  return v.toString(16).padStart(width, '0');
}

/** `0x` + hex(value, width). */
export function hex0x(value: number | bigint, width = 0): string {
  return '0x' + hex(value, width);
}

/** Right-aligned in a field of `width` (setw, default alignment). */
export function right(value: string | number | bigint, width: number): string {
  return String(value).padStart(width, ' ');
}

/** Left-aligned in a field of `width` (setw with std::left). */
export function left(value: string | number | bigint, width: number): string {
  return String(value).padEnd(width, ' ');
}

/** Join lines and end with a newline; an empty list gives an empty string. */
export function lines(list: readonly string[]): string {
  return list.length ? list.join('\n') + '\n' : '';
}

/** yes/no, as the tool prints booleans. */
export function yesNo(v: boolean): string {
  return v ? 'yes' : 'no';
}

/** Bytes as lower-case hex pairs for JSON ("0a1b…"). */
export function hexBytes(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('hex');
}

/**
 * Hex dump with the tool's habit of a space after every byte and a line break after every 16
 * bytes, each line starting with `indent`. Lines keep the tool's trailing space.
 */
export function hexDumpTrailing(data: Uint8Array, indent: string): string[] {
  const out: string[] = [];
  let line = indent;
  data.forEach((b, i) => {
    if (i && i % 16 === 0) {
      out.push(line);
      line = indent;
    }
    line += hex(b, 2) + ' ';
  });
  out.push(line);
  return out;
}

/**
 * printf("%.*f") for non-negative numbers: like toFixed, except that an exact tie rounds to the
 * even digit (C's default rounding) where toFixed rounds up, so 0.5 prints as "0" and 98.25 as
 * "98.2", as the tool's rate columns do.
 */
export function cFixed(value: number, decimals: number): string {
  const plain = value.toFixed(decimals);
  if (!(value >= 0) || !Number.isFinite(value)) return plain;
  const exact = value.toFixed(Math.min(100, decimals + 40)); // the double's decimal digits
  const dot = exact.indexOf('.');
  const keep = exact.slice(0, decimals ? dot + 1 + decimals : dot);
  const rest = exact.slice(dot + 1 + decimals);
  if (!/^50*$/.test(rest)) return plain; // not a tie: toFixed already rounds to nearest
  return Number(keep[keep.length - 1]) % 2 === 0 ? keep : plain;
}
