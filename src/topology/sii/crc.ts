// SPDX-License-Identifier: MIT
// The SII checksum: CRC-8 with polynomial x^8 + x^2 + x + 1 (0x07), initial value 0xff, no
// reflection, no final XOR, over the 14 bytes of words 0..6; stored in the low byte of word 7.
// The ESC verifies it when it loads its configuration area, so a wrong one keeps a slave in
// INIT (that is how "EEPROM checksum error" faults can be injected via `sii.words`).

const TABLE = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let b = 0; b < 8; b++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
    t[i] = c;
  }
  return t;
})();

/** CRC-8 (poly 0x07, init 0xff) of `bytes`. */
export function crc8(bytes: Uint8Array): number {
  let c = 0xff;
  for (const b of bytes) c = TABLE[(c ^ b) & 0xff] ?? 0;
  return c;
}

/** The checksum word 7 should hold for these SII words (the CRC over words 0..6, little-endian). */
export function siiChecksum(words: ArrayLike<number>): number {
  const bytes = new Uint8Array(14);
  for (let i = 0; i < 7; i++) {
    const w = words[i] ?? 0;
    bytes[2 * i] = w & 0xff;
    bytes[2 * i + 1] = (w >> 8) & 0xff;
  }
  return crc8(bytes);
}
