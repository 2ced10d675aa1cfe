// SPDX-License-Identifier: MIT
// Value syntax of ESI files: numbers are decimal or `#x` hex (ETG.2000 HexDecValue; `0x` is
// accepted too since hand-written files use it), booleans are 0/1/true/false, and byte strings
// (InitCmd Data) are hex digit pairs without separators.

/** Parse a HexDecValue; undefined if it is not one. Negative decimals are allowed (shift times). */
export function parseHexDec(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  let m: RegExpExecArray | null;
  if ((m = /^#[xX]([0-9a-fA-F]+)$/.exec(t)) || (m = /^0[xX]([0-9a-fA-F]+)$/.exec(t))) {
    const v = parseInt(m[1] ?? '', 16);
    return Number.isSafeInteger(v) ? v : undefined;
  }
  if (/^[+-]?\d+$/.test(t)) {
    const v = Number(t);
    return Number.isSafeInteger(v) ? v : undefined;
  }
  return undefined;
}

/** xs:boolean as ESI writers use it. */
export function parseEsiBool(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().toLowerCase();
  if (t === '1' || t === 'true') return true;
  if (t === '0' || t === 'false') return false;
  return undefined;
}

/** Hex digit pairs (`0100A0`), whitespace tolerated; undefined if odd-length or not hex. */
export function parseHexBinary(text: string): Uint8Array | undefined {
  const t = text.replace(/\s+/g, '');
  if (t.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(t)) return undefined;
  const out = new Uint8Array(t.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(t.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** `#x1a00` style, as ESI files write indices; used in messages about ESI content. */
export function esiHex(n: number, digits = 4): string {
  return `#x${n.toString(16).padStart(digits, '0')}`;
}
