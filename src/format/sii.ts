// SPDX-License-Identifier: MIT
// SII (slave EEPROM) images: the checksum over the first seven words (CRC-8, polynomial
// x^8+x^2+x+1, initial value 0xff, per IEC 61158-6-12), the validity check `sii_write` runs
// before writing, the alias edit `alias` makes, the category walk, and the `sii_read -v` text
// (16 hex bytes per line, one block per category) in the `ethercat` tool's layout.
import { hex, hexBytes } from './text.js';

/** Word address where the category area starts (after the 64-word fixed header). */
export const SII_CATEGORY_START = 0x40;
const SII_END = 0xffff;

/** CRC-8 of `data` (bit-serial, MSB first). The SII keeps it in byte 14, over bytes 0..13. */
export function siiCrc(data: Uint8Array): number {
  let crc = 0xff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

export const categoryNames: Readonly<Record<number, string>> = {
  0x000a: 'STRINGS',
  0x0014: 'DataTypes',
  0x001e: 'General',
  0x0028: 'FMMU',
  0x0029: 'SyncM',
  0x0032: 'TXPDO',
  0x0033: 'RXPDO',
  0x003c: 'DC',
};

export function categoryName(type: number): string {
  return categoryNames[type] ?? 'unknown';
}

export interface SiiCategory {
  type: number;
  /** Word address of the category header. */
  wordOffset: number;
  /** Size in words (without the 2-word header). */
  words: number;
  data: Uint8Array;
}

export class SiiFormatError extends Error {}

function word(bytes: Uint8Array, w: number): number | undefined {
  const lo = bytes[w * 2];
  const hi = bytes[w * 2 + 1];
  return lo === undefined || hi === undefined ? undefined : lo | (hi << 8);
}

/**
 * Walk the categories from word 0x40 up to the 0xffff end marker. `strict` (sii_write) also
 * demands room for the end marker after the last category, as the tool's check does.
 */
export function siiCategories(bytes: Uint8Array, strict = false): SiiCategory[] {
  const nwords = Math.floor(bytes.length / 2);
  const out: SiiCategory[] = [];
  if (nwords <= SII_CATEGORY_START) return out;
  let at = SII_CATEGORY_START;
  let type = word(bytes, at);
  while (type !== undefined && type !== SII_END) {
    const size = word(bytes, at + 1);
    if (size === undefined || at + 2 + size > nwords || (strict && at + 2 + size + 1 > nwords)) {
      throw new SiiFormatError('SII data seem to be corrupted!');
    }
    out.push({ type, wordOffset: at, words: size, data: bytes.subarray((at + 2) * 2, (at + 2 + size) * 2) });
    at += 2 + size;
    type = word(bytes, at);
    if (type === undefined && !strict) throw new SiiFormatError('SII data seem to be corrupted!');
  }
  return out;
}

/**
 * What `sii_write` checks unless --force: at least the fixed words plus an end marker, a correct
 * checksum and an intact category chain. Returns the problem, or null when the image is fine.
 */
export function checkSiiImage(bytes: Uint8Array): string | null {
  const nwords = Math.floor(bytes.length / 2);
  if (nwords < SII_CATEGORY_START + 1) {
    return `SII data too short (${nwords} words): the minimum is 64 fixed words plus an end marker.`;
  }
  const crc = siiCrc(bytes.subarray(0, 14));
  if (crc !== bytes[14]) {
    return `SII checksum incorrect: byte 14 is 0x${hex(bytes[14] ?? 0, 2)}, but must be 0x${hex(crc, 2)}.`;
  }
  try {
    siiCategories(bytes, true);
  } catch {
    return 'SII data seem to be corrupted: the category chain runs past the end of the image.';
  }
  return null;
}

/** The first 8 words with a new alias (word 4) and the checksum recomputed (byte 14). */
export function withAlias(first8Words: Uint8Array, alias: number): Uint8Array {
  const out = Uint8Array.from(first8Words.subarray(0, 16));
  out[8] = alias & 0xff;
  out[9] = (alias >> 8) & 0xff;
  out[14] = siiCrc(out.subarray(0, 14));
  return out;
}

function dump(data: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < data.length; i += 16) {
    out.push('  ' + Array.from(data.subarray(i, i + 16), (b) => hex(b, 2)).join(' '));
  }
  return out;
}

/** `sii_read -v`: the fixed area (first 64 words) and each category as hex, 16 bytes per line. */
export function formatSiiVerbose(bytes: Uint8Array): string {
  const out = ['SII Area:', ...dump(bytes.subarray(0, Math.min(bytes.length, SII_CATEGORY_START * 2)))];
  for (const c of siiCategories(bytes)) {
    out.push(`SII Category 0x${hex(c.type, 4)} (${categoryName(c.type)}), ${c.words} words`, ...dump(c.data));
  }
  return out.join('\n') + '\n';
}

/** The strings of a STRINGS category: a count byte, then each string as length byte + bytes. */
export function siiStrings(data: Uint8Array): string[] {
  const out: string[] = [];
  let at = 1;
  for (let i = 0; i < (data[0] ?? 0) && at < data.length; i++) {
    const len = data[at] ?? 0;
    out.push(Buffer.from(data.subarray(at + 1, at + 1 + len)).toString('latin1'));
    at += 1 + len;
  }
  return out;
}

/** `sii_read --json`: the raw image and, decoded, the category list. See docs/cli.md#sii_read. */
export function siiJson(bytes: Uint8Array, position: number, withCategories: boolean): Record<string, unknown> {
  return {
    position,
    words: Math.floor(bytes.length / 2),
    data: hexBytes(bytes),
    checksumOk: bytes.length >= 15 ? siiCrc(bytes.subarray(0, 14)) === bytes[14] : false,
    alias: word(bytes, 4) ?? null,
    ...(withCategories
      ? {
          categories: siiCategories(bytes).map((c) => ({
            type: c.type,
            typeHex: '0x' + hex(c.type, 4),
            name: categoryName(c.type),
            wordOffset: c.wordOffset,
            words: c.words,
            data: hexBytes(c.data),
            ...(c.type === 0x000a ? { strings: siiStrings(c.data) } : {}),
          })),
        }
      : {}),
  };
}
