// SPDX-License-Identifier: MIT
// A growable little-endian byte buffer for the image serializer, with back-patching of the
// size fields that are only known once a record is written.

const encoder = new TextEncoder();

/** Little-endian writer with a growing buffer. */
export class ByteWriter {
  private buf = new Uint8Array(4096);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.ensure(1);
    this.view.setUint8(this.length, v);
    this.length += 1;
  }

  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.length, v, true);
    this.length += 2;
  }

  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, v >>> 0, true);
    this.length += 4;
  }

  u64(v: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.length, BigInt.asUintN(64, v), true);
    this.length += 8;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** A u16 array, little-endian, in one go (SII images are most of an image's bytes). */
  u16s(words: Uint16Array): void {
    this.ensure(2 * words.length);
    let at = this.length;
    for (const w of words) {
      this.view.setUint16(at, w, true);
      at += 2;
    }
    this.length = at;
  }

  /** Encoded strings: names repeat a lot (every mapping entry is "SubIndex 00n"). */
  private readonly strings = new Map<string, Uint8Array>();

  /** `str` of the image: u8 length + UTF-8, cut at 255 bytes on a character boundary. */
  str(s: string): void {
    let b = this.strings.get(s);
    if (!b) {
      b = encoder.encode(s);
      if (b.length > 255) {
        let end = 255;
        while (end > 0 && ((b[end] ?? 0) & 0xc0) === 0x80) end--; // do not split a UTF-8 sequence
        b = b.subarray(0, end);
      }
      this.strings.set(s, b);
    }
    this.u8(b.length);
    this.bytes(b);
  }

  /** Overwrite a u32 written earlier (record and image sizes). */
  patchU32(offset: number, v: number): void {
    this.view.setUint32(offset, v >>> 0, true);
  }

  /** The bytes written, as an exactly sized copy. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
