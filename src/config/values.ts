// SPDX-License-Identifier: MIT
// The process-variable and SDO value types: their widths, value ranges, and the little-endian
// bytes a value becomes (startup SDO data, safe values of outputs). Also the CoE data type codes
// and ESI type names each maps from, for filling in types from a scan or an ESI file.
import type { ConfigValue, SdoValueType, VariableType } from './types.js';

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

export function valueKind(type: VariableType | SdoValueType): ValueKind {
  return INFO[type].kind;
}

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

/** A value in a JSON-friendly form: 64-bit integers as decimal strings, others unchanged. */
export function jsonSafeValue(value: ConfigValue): number | boolean | string {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  return value;
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

export function typeFromCoeCode(code: number, bitLength: number): VariableType | undefined {
  const t = BY_COE_CODE[code];
  if (t && typeBits(t) === bitLength) return t;
  // BIT1..BIT8 (0x30..0x37) and anything else of odd width.
  if (code >= 0x0030 && code <= 0x0037) return bitLength === 1 ? 'bool' : 'bits';
  return undefined;
}

/** ESI (IEC 61131) type names -> variable type. BITn and other widths become `bits`. */
const BY_ESI_NAME: Record<string, VariableType> = {
  BOOL: 'bool',
  BIT: 'bool',
  SINT: 'int8',
  INT: 'int16',
  DINT: 'int32',
  LINT: 'int64',
  USINT: 'uint8',
  BYTE: 'uint8',
  UINT: 'uint16',
  WORD: 'uint16',
  UDINT: 'uint32',
  DWORD: 'uint32',
  ULINT: 'uint64',
  LWORD: 'uint64',
  REAL: 'real32',
  LREAL: 'real64',
  INTEGER8: 'int8',
  INTEGER16: 'int16',
  INTEGER32: 'int32',
  INTEGER64: 'int64',
  UNSIGNED8: 'uint8',
  UNSIGNED16: 'uint16',
  UNSIGNED32: 'uint32',
  UNSIGNED64: 'uint64',
  REAL32: 'real32',
  REAL64: 'real64',
};

export function typeFromEsiName(name: string | undefined, bitLength: number): VariableType | undefined {
  if (name !== undefined) {
    const t = BY_ESI_NAME[name.trim().toUpperCase()];
    if (t && typeBits(t) === bitLength) return t;
    if (/^BIT\d+$/i.test(name.trim())) return bitLength === 1 ? 'bool' : 'bits';
  }
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
