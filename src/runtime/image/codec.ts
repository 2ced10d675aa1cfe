// SPDX-License-Identifier: MIT
// Reading and writing one process variable in a DataView: one switch over a small integer kind,
// so every access is a monomorphic call with no allocation (except the bigint a 64-bit value is).
// Writes check the value against the variable's type first and throw RangeError/TypeError that
// name the variable, its type and the range.
import type { VariableType } from '../../config/types.js';
import type { VariableValue } from './types.js';

/**
 * How a variable is stored; chosen once from its type, width and bit position. Plain numbers (not
 * a TS enum) so the switch below compares small integers and the .d.ts needs no enum support.
 */
export const Kind = {
  Bool: 0,
  I8: 1,
  U8: 2,
  I16: 3,
  U16: 4,
  I32: 5,
  U32: 6,
  I64: 7,
  U64: 8,
  F32: 9,
  F64: 10,
  /** Unsigned field of up to 32 bits at any bit position (bits fields, unaligned integers). */
  Bits: 11,
  /** Signed field of up to 32 bits at a non-zero bit position. */
  SBits: 12,
  /** Unsigned field of 33..64 bits (or an unaligned uint64): bigint. */
  BigBits: 13,
  /** Signed unaligned int64: bigint. */
  SBigBits: 14,
} as const;
/** One of the Kind values. */
export type Kind = (typeof Kind)[keyof typeof Kind];

/** What the codec needs to know about one variable. */
export interface CodecVariable {
  readonly name: string;
  readonly type: VariableType;
  readonly kind: Kind;
  /** Byte offset in the process data. */
  readonly offset: number;
  readonly bitPosition: number;
  readonly bitLength: number;
  /** Bytes the field spans (bit fields). */
  readonly span: number;
  /** 2^bitPosition and 2^bitLength (bit fields up to 32 bits). */
  readonly shift: number;
  readonly modulus: number;
  /** Value range of integer kinds, precomputed so a write allocates nothing. */
  readonly min: number;
  readonly max: number;
  readonly bigMin: bigint;
  readonly bigMax: bigint;
}

const FLOAT32_MAX = 3.4028234663852886e38;

/** Pick the storage kind; reals must be byte-aligned. Returns an error text otherwise. */
export function kindOf(type: VariableType, bitLength: number, bitPosition: number): Kind | string {
  if (type === 'bool') return Kind.Bool;
  const aligned = bitPosition === 0;
  switch (type) {
    case 'int8':
      return aligned ? Kind.I8 : Kind.SBits;
    case 'uint8':
      return aligned ? Kind.U8 : Kind.Bits;
    case 'int16':
      return aligned ? Kind.I16 : Kind.SBits;
    case 'uint16':
      return aligned ? Kind.U16 : Kind.Bits;
    case 'int32':
      return aligned ? Kind.I32 : Kind.SBits;
    case 'uint32':
      return aligned ? Kind.U32 : Kind.Bits;
    case 'int64':
      return aligned ? Kind.I64 : Kind.SBigBits;
    case 'uint64':
      return aligned ? Kind.U64 : Kind.BigBits;
    case 'real32':
      return aligned ? Kind.F32 : `a real32 at bit position ${bitPosition} is not supported (reals must start on a byte)`;
    case 'real64':
      return aligned ? Kind.F64 : `a real64 at bit position ${bitPosition} is not supported (reals must start on a byte)`;
    case 'bits':
      return bitLength > 32 ? Kind.BigBits : Kind.Bits;
  }
}

// The hot paths below switch over the Kind values written as literals (each with its name in a
// comment): a literal case compiles to a plain integer compare, and keeping the common kinds
// in a small function lets the JIT inline it into every accessor. Bit fields wider than a
// byte, unaligned integers and 64-bit values take the slower out-of-line paths.

/** Read the variable from `view` with the process data starting at `base`. */
export function readValue(view: DataView, base: number, v: CodecVariable): VariableValue {
  const at = base + v.offset;
  switch (v.kind) {
    case 0: // Bool
      return ((view.getUint8(at) >> v.bitPosition) & 1) === 1;
    case 1: // I8
      return view.getInt8(at);
    case 2: // U8
      return view.getUint8(at);
    case 3: // I16
      return view.getInt16(at, true);
    case 4: // U16
      return view.getUint16(at, true);
    case 5: // I32
      return view.getInt32(at, true);
    case 6: // U32
      return view.getUint32(at, true);
    case 9: // F32
      return view.getFloat32(at, true);
    case 10: // F64
      return view.getFloat64(at, true);
    default:
      return readSlow(view, at, v);
  }
}

function readSlow(view: DataView, at: number, v: CodecVariable): VariableValue {
  switch (v.kind) {
    case Kind.I64:
      return view.getBigInt64(at, true);
    case Kind.U64:
      return view.getBigUint64(at, true);
    case Kind.Bits:
      return readField(view, at, v);
    case Kind.SBits: {
      const u = readField(view, at, v);
      return u >= v.modulus / 2 ? u - v.modulus : u;
    }
    case Kind.BigBits:
      return readBigField(view, at, v);
    default: // SBigBits
      return BigInt.asIntN(v.bitLength, readBigField(view, at, v));
  }
}

/** An unsigned field of up to 32 bits: at most 5 bytes, accumulated in a double (exact to 2^53). */
function readField(view: DataView, at: number, v: CodecVariable): number {
  let acc = 0;
  let scale = 1;
  for (let i = 0; i < v.span; i++) {
    acc += view.getUint8(at + i) * scale;
    scale *= 256;
  }
  return Math.floor(acc / v.shift) % v.modulus;
}

function writeField(view: DataView, at: number, v: CodecVariable, value: number): void {
  let acc = 0;
  let scale = 1;
  for (let i = 0; i < v.span; i++) {
    acc += view.getUint8(at + i) * scale;
    scale *= 256;
  }
  const old = Math.floor(acc / v.shift) % v.modulus;
  acc += (value - old) * v.shift;
  for (let i = 0; i < v.span; i++) {
    view.setUint8(at + i, acc % 256);
    acc = Math.floor(acc / 256);
  }
}

function readBigField(view: DataView, at: number, v: CodecVariable): bigint {
  let acc = 0n;
  for (let i = v.span - 1; i >= 0; i--) acc = (acc << 8n) | BigInt(view.getUint8(at + i));
  return (acc >> BigInt(v.bitPosition)) & ((1n << BigInt(v.bitLength)) - 1n);
}

function writeBigField(view: DataView, at: number, v: CodecVariable, value: bigint): void {
  let acc = 0n;
  for (let i = v.span - 1; i >= 0; i--) acc = (acc << 8n) | BigInt(view.getUint8(at + i));
  const shift = BigInt(v.bitPosition);
  const mask = ((1n << BigInt(v.bitLength)) - 1n) << shift;
  acc = (acc & ~mask) | ((BigInt.asUintN(v.bitLength, value) << shift) & mask);
  for (let i = 0; i < v.span; i++) {
    view.setUint8(at + i, Number(acc & 0xffn));
    acc >>= 8n;
  }
}

/** The value range of a kind at a width, for CodecVariable's min/max fields. */
export function limits(kind: Kind, bitLength: number): { min: number; max: number; bigMin: bigint; bigMax: bigint } {
  const n = BigInt(bitLength);
  const signed = kind === Kind.I8 || kind === Kind.I16 || kind === Kind.I32 || kind === Kind.I64 || kind === Kind.SBits || kind === Kind.SBigBits;
  const bigMin = kind === Kind.Bool ? 0n : signed ? -(1n << (n - 1n)) : 0n;
  const bigMax = kind === Kind.Bool ? 1n : signed ? (1n << (n - 1n)) - 1n : (1n << n) - 1n;
  if (kind === Kind.F32) return { min: -FLOAT32_MAX, max: FLOAT32_MAX, bigMin: 0n, bigMax: 0n };
  if (kind === Kind.F64) return { min: -Number.MAX_VALUE, max: Number.MAX_VALUE, bigMin: 0n, bigMax: 0n };
  return { min: Number(bigMin), max: Number(bigMax), bigMin, bigMax };
}

/** The type as messages name it: `int32`, `bits (3 bits)`. */
export function typeLabel(v: Pick<CodecVariable, 'type' | 'bitLength'>): string {
  return v.type === 'bits' ? `bits (${v.bitLength} bit${v.bitLength === 1 ? '' : 's'})` : v.type;
}

/** The value range as messages show it. */
export function rangeLabel(v: CodecVariable): string {
  switch (v.kind) {
    case Kind.Bool:
      return 'true/false';
    case Kind.F32:
      return `±${FLOAT32_MAX}`;
    case Kind.F64:
      return 'any number';
    case Kind.I64:
    case Kind.U64:
    case Kind.BigBits:
    case Kind.SBigBits:
      return `${v.bigMin}..${v.bigMax}`;
    default:
      return `${v.min}..${v.max}`;
  }
}

function outOfRange(v: CodecVariable, value: unknown): RangeError {
  return new RangeError(`${v.name}: ${String(value)} is out of range for ${typeLabel(v)} (${rangeLabel(v)})`);
}

function wrongType(v: CodecVariable, value: unknown, expected: string): TypeError {
  const got = typeof value === 'string' ? JSON.stringify(value) : `${String(value)} (${typeof value})`;
  return new TypeError(`${v.name}: expected ${expected} for ${typeLabel(v)}, got ${got}`);
}

/** Check `value` against the variable's type and write it at `base`; throws without writing. */
export function writeValue(view: DataView, base: number, v: CodecVariable, value: VariableValue): void {
  const at = base + v.offset;
  const k = v.kind;
  if (k === 0) {
    // Bool
    let bit: number;
    if (value === true || value === 1) bit = 1;
    else if (value === false || value === 0) bit = 0;
    else throw typeof value === 'number' ? outOfRange(v, value) : wrongType(v, value, 'a boolean');
    const old = view.getUint8(at);
    view.setUint8(at, bit === 1 ? old | (1 << v.bitPosition) : old & ~(1 << v.bitPosition));
    return;
  }
  if (k <= 6 && typeof value === 'number') {
    // I8 .. U32 given a number: the range check also rejects NaN; then it must be whole.
    if (!(value >= v.min && value <= v.max) || Math.floor(value) !== value) throw outOfRange(v, value);
    switch (k) {
      case 1: // I8
        view.setInt8(at, value);
        return;
      case 2: // U8
        view.setUint8(at, value);
        return;
      case 3: // I16
        view.setInt16(at, value, true);
        return;
      case 4: // U16
        view.setUint16(at, value, true);
        return;
      case 5: // I32
        view.setInt32(at, value, true);
        return;
      default: // U32
        view.setUint32(at, value, true);
        return;
    }
  }
  writeSlow(view, at, v, value);
}

function writeSlow(view: DataView, at: number, v: CodecVariable, value: VariableValue): void {
  switch (v.kind) {
    case Kind.F32:
      if (typeof value !== 'number') throw wrongType(v, value, 'a number');
      if (value > FLOAT32_MAX || value < -FLOAT32_MAX) {
        if (Number.isFinite(value)) throw outOfRange(v, value);
      }
      view.setFloat32(at, value, true);
      return;
    case Kind.F64:
      if (typeof value !== 'number') throw wrongType(v, value, 'a number');
      view.setFloat64(at, value, true);
      return;
    case Kind.I64:
    case Kind.U64:
    case Kind.BigBits:
    case Kind.SBigBits: {
      let big: bigint;
      if (typeof value === 'bigint') big = value;
      else if (typeof value === 'number' && Number.isSafeInteger(value)) big = BigInt(value);
      else throw typeof value === 'number' ? outOfRange(v, value) : wrongType(v, value, 'a bigint (or a safe integer number)');
      if (big < v.bigMin || big > v.bigMax) throw outOfRange(v, value);
      if (v.kind === Kind.I64) view.setBigInt64(at, big, true);
      else if (v.kind === Kind.U64) view.setBigUint64(at, big, true);
      else writeBigField(view, at, v, big);
      return;
    }
    default: {
      // I8 .. U32 given a bigint (numbers took the fast path), and bit fields.
      let n: number;
      if (typeof value === 'number') n = value;
      else if (typeof value === 'bigint') n = Number(value);
      else throw wrongType(v, value, 'an integer number');
      if (!(n >= v.min && n <= v.max) || !Number.isInteger(n)) throw outOfRange(v, value);
      switch (v.kind) {
        case Kind.I8:
          view.setInt8(at, n);
          return;
        case Kind.U8:
          view.setUint8(at, n);
          return;
        case Kind.I16:
          view.setInt16(at, n, true);
          return;
        case Kind.U16:
          view.setUint16(at, n, true);
          return;
        case Kind.I32:
          view.setInt32(at, n, true);
          return;
        case Kind.U32:
          view.setUint32(at, n, true);
          return;
        default:
          writeField(view, at, v, n < 0 ? n + v.modulus : n);
      }
    }
  }
}
