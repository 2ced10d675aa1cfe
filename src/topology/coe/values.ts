// SPDX-License-Identifier: MIT
// CoE values: the range each integer type allows and the little-endian bytes of an initial
// value, as the image stores it (docs/vbus-image.md, Entry.value).
import type { DataType } from './datatypes.js';

/** A value as the topology describes it, before encoding. */
export type EntryValue = bigint | number | boolean | string | Uint8Array;

/** [min, max] of an integer-like type with `bits` bits (bool counts as 0..1). */
export function integerRange(type: DataType, bits: number): [bigint, bigint] {
  if (type.kind === 'bool') return [0n, 1n];
  if (type.kind === 'int') return [-(1n << BigInt(bits - 1)), (1n << BigInt(bits - 1)) - 1n];
  return [0n, (1n << BigInt(bits)) - 1n];
}

/** True for types whose values are integers (bool, intN, uintN, bitN). */
export function isIntegerType(type: DataType): boolean {
  return type.kind === 'bool' || type.kind === 'int' || type.kind === 'uint';
}

/** True for types that may carry min/max limits. */
export function isNumericType(type: DataType): boolean {
  return isIntegerType(type) || type.kind === 'real';
}

/** Bytes of a value of this type and size; an undefined value gives zeros (strings: empty). */
export function encodeValue(type: DataType, bits: number, value: EntryValue | undefined): Uint8Array {
  const size = Math.ceil(bits / 8);
  switch (type.kind) {
    case 'bool':
    case 'int':
    case 'uint': {
      const out = new Uint8Array(size);
      let v = value === undefined ? 0n : typeof value === 'boolean' ? (value ? 1n : 0n) : BigInt(value as bigint | number);
      v = BigInt.asUintN(size * 8, v);
      for (let i = 0; i < size; i++) {
        out[i] = Number(v & 0xffn);
        v >>= 8n;
      }
      return out;
    }
    case 'real': {
      const out = new Uint8Array(size);
      const view = new DataView(out.buffer);
      const n = value === undefined ? 0 : Number(value as number);
      if (size === 4) view.setFloat32(0, n, true);
      else view.setFloat64(0, n, true);
      return out;
    }
    case 'string':
      return value === undefined ? new Uint8Array(0) : new Uint8Array(Buffer.from(String(value), 'utf8'));
    case 'unicode':
      return value === undefined ? new Uint8Array(0) : new Uint8Array(Buffer.from(String(value), 'utf16le'));
    case 'octets':
      return value instanceof Uint8Array ? value.slice() : new Uint8Array(0);
  }
}

/**
 * The u64 the image stores for a limit: two's complement for signed integers, the IEEE 754
 * bit pattern for REAL32 (low 32 bits) and REAL64.
 */
export function limitBits(type: DataType, limit: bigint | number): bigint {
  if (type.kind === 'real') {
    const b = new DataView(new ArrayBuffer(8));
    if (type.bits === 32) {
      b.setFloat32(0, Number(limit), true);
      return BigInt(b.getUint32(0, true));
    }
    b.setFloat64(0, Number(limit), true);
    return b.getBigUint64(0, true);
  }
  return BigInt.asUintN(64, BigInt(limit));
}

/** Inverse of limitBits, for the decoder: the limit as the type means it. */
export function limitValue(type: DataType | undefined, raw: bigint): bigint | number {
  if (type?.kind === 'real') {
    const b = new DataView(new ArrayBuffer(8));
    b.setBigUint64(0, raw, true);
    return type.bits === 32 ? b.getFloat32(0, true) : b.getFloat64(0, true);
  }
  if (type?.kind === 'int') return BigInt.asIntN(64, raw);
  return raw;
}
