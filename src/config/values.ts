// SPDX-License-Identifier: MIT
// The process-variable and SDO value types: their widths, value ranges, and the little-endian
// bytes a value becomes (startup SDO data, safe values of outputs). Also the CoE data type codes
// they map from, for typing the variables of a scan.
import type { ConfigValue, SdoValueType, VariableType } from './types.js';

/** How a type's values are written and checked. */
export type ValueKind = 'bool' | 'int' | 'uint' | 'real' | 'string';

interface TypeInfo {
  kind: ValueKind;
  /** Width in bits; null for `bits` (given by bitLength) and `string` (given by the text). */
  bits: number | null;
}

const INFO: Record<VariableType | SdoValueType, TypeInfo> = {
  bool: { kind: 'bool', bits: 1 },
  int8: { kind: 'int', bits: 8 },
  int16: { kind: 'int', bits: 16 },
  int32: { kind: 'int', bits: 32 },
  int64: { kind: 'int', bits: 64 },
  uint8: { kind: 'uint', bits: 8 },
  uint16: { kind: 'uint', bits: 16 },
  uint32: { kind: 'uint', bits: 32 },
  uint64: { kind: 'uint', bits: 64 },
  real32: { kind: 'real', bits: 32 },
  real64: { kind: 'real', bits: 64 },
  bits: { kind: 'uint', bits: null },
  string: { kind: 'string', bits: null },
};

/** Variable types in the order messages list them. */
export const VARIABLE_TYPES: readonly VariableType[] = [
  'bool',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'real32',
  'real64',
  'bits',
];

/** Types a startup SDO value may have. */
export const SDO_VALUE_TYPES: readonly SdoValueType[] = [...VARIABLE_TYPES.filter((t): t is Exclude<VariableType, 'bits'> => t !== 'bits'), 'string'];

/** The fixed width of a type in bits, or null (`bits`, `string`). */
export function typeBits(type: VariableType | SdoValueType): number | null {
  return INFO[type].bits;
}

/** Smallest and largest integer a type holds at `bitLength` bits. */
export function integerRange(type: VariableType | SdoValueType, bitLength: number): [bigint, bigint] {
  const kind = INFO[type].kind;
  const n = BigInt(bitLength);
  if (kind === 'bool') return [0n, 1n];
  if (kind === 'int') return [-(1n << (n - 1n)), (1n << (n - 1n)) - 1n];
  return [0n, (1n << n) - 1n];
}

/** An integer written as decimal or 0x hex text, optionally signed. */
export function parseIntegerText(text: string): bigint | undefined {
  const m = /^\s*([+-])?(0[xX][0-9a-fA-F]+|\d+)\s*$/.exec(text);
  if (!m || m[2] === undefined) return undefined;
  const v = BigInt(m[2]);
  return m[1] === '-' ? -v : v;
}

function describeValue(value: ConfigValue): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * The bytes `value` becomes as `type` at `bitLength` bits (little-endian, ceil(bits/8) bytes), or
 * a message saying why it does not fit. `string` values become their UTF-8 bytes.
 */
export function encodeValue(type: VariableType | SdoValueType, bitLength: number, value: ConfigValue): Uint8Array | { error: string } {
  const kind = INFO[type].kind;
  const size = Math.ceil(bitLength / 8);
  if (kind === 'string') {
    if (typeof value !== 'string') return { error: `expected text for type string, got ${describeValue(value)}` };
    return new Uint8Array(Buffer.from(value, 'utf8'));
  }
  if (kind === 'real') {
    let v: number | undefined;
    if (typeof value === 'number') v = value;
    else if (typeof value === 'bigint') v = Number(value);
    else if (typeof value === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) v = Number(value);
    if (v === undefined || !Number.isFinite(v)) return { error: `expected a number for type ${type}, got ${describeValue(value)}` };
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    if (bitLength === 32) {
      if (Math.abs(v) > 3.4028234663852886e38) return { error: `${v} is out of range for real32 (about ±3.4e38)` };
      view.setFloat32(0, v, true);
    } else view.setFloat64(0, v, true);
    return out;
  }
  let v: bigint | undefined;
  if (typeof value === 'boolean') v = kind === 'bool' ? (value ? 1n : 0n) : undefined;
  else if (typeof value === 'bigint') v = value;
  else if (typeof value === 'number') v = Number.isInteger(value) ? BigInt(value) : undefined;
  else v = kind === 'bool' && /^\s*(true|false)\s*$/i.test(value) ? (/true/i.test(value) ? 1n : 0n) : parseIntegerText(value);
  if (v === undefined) {
    const expected = kind === 'bool' ? 'true, false, 0 or 1' : 'an integer (decimal or 0x hex)';
    return { error: `expected ${expected} for type ${type}, got ${describeValue(value)}` };
  }
  const [min, max] = integerRange(type, bitLength);
  if (v < min || v > max) {
    const what = type === 'bits' ? `a ${bitLength}-bit field` : type;
    return { error: `${describeValue(value)} is out of range for ${what} (${min}..${max})` };
  }
  const out = new Uint8Array(size);
  let u = BigInt.asUintN(size * 8, v);
  for (let i = 0; i < size; i++) {
    out[i] = Number(u & 0xffn);
    u >>= 8n;
  }
  return out;
}

/** CoE data type code (ETG.1000.6) -> variable type, for entries whose dictionary type is known. */
const BY_COE_CODE: Record<number, VariableType> = {
  0x0001: 'bool',
  0x0002: 'int8',
  0x0003: 'int16',
  0x0004: 'int32',
  0x0005: 'uint8',
  0x0006: 'uint16',
  0x0007: 'uint32',
  0x0008: 'real32',
  0x0011: 'real64',
  0x0015: 'int64',
  0x001b: 'uint64',
};

/** The variable type for a CoE data type code at `bitLength` bits, if one fits. */
export function typeFromCoeCode(code: number, bitLength: number): VariableType | undefined {
  const t = BY_COE_CODE[code];
  if (t && typeBits(t) === bitLength) return t;
  // BIT1..BIT8 (0x30..0x37) and anything else of odd width.
  if (code >= 0x0030 && code <= 0x0037) return bitLength === 1 ? 'bool' : 'bits';
  return undefined;
}

/** A type for an entry of unknown type: bool for 1 bit, uintN for 8/16/32/64, else a bit field. */
export function typeFromBitLength(bitLength: number): VariableType {
  switch (bitLength) {
    case 1:
      return 'bool';
    case 8:
      return 'uint8';
    case 16:
      return 'uint16';
    case 32:
      return 'uint32';
    case 64:
      return 'uint64';
    default:
      return 'bits';
  }
}

/** `0x6000:11`: an entry as IgH's tool prints it (index and subindex in hex). */
export function formatEntryRef(index: number, subindex: number): string {
  return `0x${index.toString(16).padStart(4, '0')}:${subindex.toString(16).padStart(2, '0')}`;
}
