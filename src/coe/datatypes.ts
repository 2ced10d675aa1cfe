// SPDX-License-Identifier: MIT
// CoE data types as the `ethercat` tool names them (bool, int8 … uint64, float, double, string,
// octet_string, unicode_string, sm8 … sm64, the odd-width integers and raw): the CoE data type
// code <-> name table used by `sdos`, encode() for `download`/`reg_write` (text -> little-endian
// bytes, with range checks) and decode() for `upload`/`reg_read` (bytes -> the tool's display text).
// Pure functions, no I/O.

export type CoeTypeKind = 'bool' | 'int' | 'uint' | 'float' | 'string' | 'octets' | 'unicode' | 'sm' | 'raw';

export interface CoeDataType {
  /** Name as the `ethercat` tool spells it (`--type` values). */
  readonly name: string;
  /** CoE data type code (CiA 301 / ETG.1000.6); 0xfffb-0xffff are the tool's own pseudo codes. */
  readonly code: number;
  /** Size in bytes; 0 for variable-length types. */
  readonly size: number;
  readonly kind: CoeTypeKind;
}

function t(name: string, code: number, size: number, kind: CoeTypeKind): CoeDataType {
  return Object.freeze({ name, code, size, kind });
}

/** Every type the tool knows, in the order its help lists them. */
export const COE_DATA_TYPES: readonly CoeDataType[] = Object.freeze([
  t('bool', 0x0001, 1, 'bool'),
  t('int8', 0x0002, 1, 'int'),
  t('int16', 0x0003, 2, 'int'),
  t('int32', 0x0004, 4, 'int'),
  t('uint8', 0x0005, 1, 'uint'),
  t('uint16', 0x0006, 2, 'uint'),
  t('uint32', 0x0007, 4, 'uint'),
  t('float', 0x0008, 4, 'float'),
  t('string', 0x0009, 0, 'string'), // VISIBLE_STRING
  t('octet_string', 0x000a, 0, 'octets'),
  t('unicode_string', 0x000b, 0, 'unicode'),
  t('int24', 0x0010, 3, 'int'),
  t('double', 0x0011, 8, 'float'),
  t('int40', 0x0012, 5, 'int'),
  t('int48', 0x0013, 6, 'int'),
  t('int56', 0x0014, 7, 'int'),
  t('int64', 0x0015, 8, 'int'),
  t('uint24', 0x0016, 3, 'uint'),
  t('uint40', 0x0018, 5, 'uint'),
  t('uint48', 0x0019, 6, 'uint'),
  t('uint56', 0x001a, 7, 'uint'),
  t('uint64', 0x001b, 8, 'uint'),
  t('sm8', 0xfffb, 1, 'sm'), // sign-and-magnitude coding
  t('sm16', 0xfffc, 2, 'sm'),
  t('sm32', 0xfffd, 4, 'sm'),
  t('sm64', 0xfffe, 8, 'sm'),
  t('raw', 0xffff, 0, 'raw'),
]);

const byName = new Map(COE_DATA_TYPES.map((d) => [d.name, d]));
const byCode = new Map(COE_DATA_TYPES.map((d) => [d.code, d]));

/** Look a type up by its `--type` name (exact, lower case as the tool spells it). */
export function dataTypeByName(name: string): CoeDataType | undefined {
  return byName.get(name);
}

/** Look a type up by CoE data type code, as `sdos` and the dictionary report it. */
export function dataTypeByCode(code: number): CoeDataType | undefined {
  return byCode.get(code);
}

/** The text `sdos` shows for a data type code: its name, or `type 0123` (4 hex digits, no 0x, as the tool). */
export function dataTypeLabel(code: number): string {
  return dataTypeByCode(code)?.name ?? `type ${code.toString(16).padStart(4, '0')}`;
}

/** Names accepted by `--type`, for help and error messages. */
export function dataTypeNames(): string[] {
  return COE_DATA_TYPES.map((d) => d.name);
}

export type DataTypeErrorKind = 'syntax' | 'range' | 'size' | 'unknown-type';

/** A value that does not fit its type, or bytes that do not fit theirs. */
export class DataTypeError extends Error {
  readonly kind: DataTypeErrorKind;
  constructor(kind: DataTypeErrorKind, message: string) {
    super(message);
    this.name = 'DataTypeError';
    this.kind = kind;
  }
}

function resolve(type: CoeDataType | string): CoeDataType {
  if (typeof type !== 'string') return type;
  const d = dataTypeByName(type);
  if (!d) throw new DataTypeError('unknown-type', `Invalid data type '${type}'. Valid types: ${dataTypeNames().join(', ')}.`);
  return d;
}

// ---------------------------------------------------------------------------------------------
// Integers

/** Range of an integer type of `size` bytes; sign-magnitude loses one value (no -0 distinct). */
function intRange(d: CoeDataType): [bigint, bigint] {
  const bits = BigInt(d.size * 8);
  if (d.kind === 'uint') return [0n, (1n << bits) - 1n];
  if (d.kind === 'bool') return [0n, 1n];
  if (d.kind === 'sm') return [-((1n << (bits - 1n)) - 1n), (1n << (bits - 1n)) - 1n];
  return [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n];
}

/**
 * Parse an integer the way the tool's numeric arguments are written: optional sign, then decimal,
 * `0x` hexadecimal or `0`-prefixed octal. Unlike a C++ stream, trailing garbage is an error
 * rather than silently ignored, so `12abc` does not download 12.
 */
export function parseInteger(text: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text.trim());
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1n : 1n;
  const body = m[2] as string;
  let v: bigint;
  if (/^0[xX]/.test(body)) v = BigInt(body.toLowerCase());
  else if (body.length > 1 && body.startsWith('0')) v = BigInt('0o' + body.slice(1));
  else v = BigInt(body);
  return sign * v;
}

function writeLe(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let v = BigInt.asUintN(size * 8, value);
  for (let i = 0; i < size; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function readLe(bytes: Uint8Array, size: number): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i] ?? 0);
  return v;
}

function encodeInteger(text: string, d: CoeDataType): Uint8Array {
  let v: bigint | undefined;
  if (d.kind === 'bool' && /^(true|false)$/i.test(text.trim())) v = /^true$/i.test(text.trim()) ? 1n : 0n;
  else v = parseInteger(text);
  if (v === undefined) {
    throw new DataTypeError(
      'syntax',
      `Invalid value '${text}' for type '${d.name}': expected ${d.kind === 'bool' ? '0 or 1' : 'an integer (decimal, 0x hex or 0-prefixed octal)'}.`,
    );
  }
  const [min, max] = intRange(d);
  if (v < min || v > max) {
    throw new DataTypeError('range', `Value ${text.trim()} is out of range for type '${d.name}' (${min}..${max}).`);
  }
  if (d.kind === 'sm') {
    // Sign-and-magnitude: top bit is the sign, the rest the absolute value.
    const signBit = 1n << BigInt(d.size * 8 - 1);
    return writeLe(v < 0n ? -v | signBit : v, d.size);
  }
  return writeLe(v, d.size);
}

// ---------------------------------------------------------------------------------------------
// Floating point

const FLOAT32_MAX = 3.4028234663852886e38;

function encodeFloat(text: string, d: CoeDataType): Uint8Array {
  const s = text.trim();
  // Number() would accept '', '0x10' and 'Infinity'; the tool reads plain decimal notation only.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
    throw new DataTypeError('syntax', `Invalid value '${text}' for type '${d.name}': expected a decimal number such as 1.5 or -2e-3.`);
  }
  const v = Number(s);
  const out = new Uint8Array(d.size);
  const view = new DataView(out.buffer);
  if (d.size === 4) {
    if (!Number.isFinite(v) || Math.abs(v) > FLOAT32_MAX) {
      throw new DataTypeError('range', `Value ${s} is out of range for type 'float' (about ±3.4e38).`);
    }
    view.setFloat32(0, v, true);
  } else {
    if (!Number.isFinite(v)) throw new DataTypeError('range', `Value ${s} is out of range for type 'double'.`);
    view.setFloat64(0, v, true);
  }
  return out;
}

/**
 * C++ ostream's default floating-point output (`%g` with 6 significant digits), which is what the
 * tool prints for float and double: fixed notation for exponents -5..5, otherwise d.ddddde+XX,
 * trailing zeros removed.
 */
export function formatFloatG(value: number, precision = 6): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value < 0 ? '-inf' : 'inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const exp = Number(value.toExponential(precision - 1).split('e')[1]);
  const strip = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= precision) {
    const [mant = '', e = '0'] = value.toExponential(precision - 1).split('e');
    const en = Number(e);
    return `${strip(mant)}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  return strip(value.toFixed(Math.max(0, precision - 1 - exp)));
}

// ---------------------------------------------------------------------------------------------
// Strings and raw bytes

/** Parse raw bytes written as hex: `0x01 0x02`, `01 02`, `01:02`, `01,02` or `0102`. */
export function parseHexBytes(text: string): Uint8Array | undefined {
  const tokens = text.trim().split(/[\s,:]+/).filter((s) => s.length > 0);
  if (tokens.length === 0) return undefined;
  const out: number[] = [];
  for (const tok of tokens) {
    const h = tok.replace(/^0[xX]/, '');
    if (!/^[0-9a-fA-F]+$/.test(h)) return undefined;
    // One or two digits are one byte; longer runs are read as pairs, so they must be even.
    if (h.length <= 2) out.push(parseInt(h, 16));
    else if (h.length % 2 === 0) for (let i = 0; i < h.length; i += 2) out.push(parseInt(h.slice(i, i + 2), 16));
    else return undefined;
  }
  return Uint8Array.from(out);
}

export interface EncodeOptions {
  /** Largest number of bytes a variable-length value may take (the entry size, or a buffer limit). */
  maxSize?: number;
}

/**
 * Turn a value into the bytes to download. `value` is command-line text, or raw bytes read from
 * stdin/a file: for string types raw bytes are taken as they are, for numeric types they are
 * decoded as text (surrounding whitespace, e.g. the newline of `echo 5 |`, is ignored).
 */
export function encode(value: string | Uint8Array, type: CoeDataType | string, options: EncodeOptions = {}): Uint8Array {
  const d = resolve(type);
  const text = typeof value === 'string' ? value : Buffer.from(value).toString('utf8');
  let out: Uint8Array;
  switch (d.kind) {
    case 'bool':
    case 'int':
    case 'uint':
    case 'sm':
      return encodeInteger(text, d);
    case 'float':
      return encodeFloat(text, d);
    case 'string':
      out = typeof value === 'string' ? Buffer.from(value, 'utf8') : Uint8Array.from(value);
      break;
    case 'octets':
      out = typeof value === 'string' ? Buffer.from(value, 'utf8') : Uint8Array.from(value);
      break;
    case 'unicode':
      // CoE UNICODE_STRING is UTF-16LE.
      out = typeof value === 'string' ? Buffer.from(value, 'utf16le') : Uint8Array.from(value);
      break;
    case 'raw': {
      if (typeof value !== 'string') {
        out = Uint8Array.from(value);
        break;
      }
      const bytes = parseHexBytes(value);
      if (!bytes) {
        throw new DataTypeError('syntax', `Invalid value '${value}' for type 'raw': expected hex bytes such as "0x01 0x02" or 0102.`);
      }
      out = bytes;
      break;
    }
  }
  if (options.maxSize !== undefined && out.length > options.maxSize) {
    throw new DataTypeError('size', `${d.name === 'raw' ? 'Data' : 'String'} too large (${out.length} > ${options.maxSize} bytes).`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Decoding

function checkSize(bytes: Uint8Array, d: CoeDataType): void {
  if (d.size && bytes.length !== d.size) {
    throw new DataTypeError('size', `Data type mismatch. Expected ${d.name} with ${d.size} byte, but got ${bytes.length} byte.`);
  }
}

/** `0x01 0x02 …`: the tool's rendering of raw data. */
export function rawText(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => '0x' + b.toString(16).padStart(2, '0')).join(' ');
}

function intValue(bytes: Uint8Array, d: CoeDataType): bigint {
  const raw = readLe(bytes, d.size);
  const bits = d.size * 8;
  if (d.kind === 'uint' || d.kind === 'bool') return raw;
  if (d.kind === 'sm') {
    const signBit = 1n << BigInt(bits - 1);
    return raw & signBit ? -(raw & (signBit - 1n)) : raw;
  }
  return BigInt.asIntN(bits, raw);
}

function stripTrailingNuls(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return bytes.subarray(0, end);
}

/**
 * The display text the tool prints for one value, without the line ending. Integers: `0x` + the
 * two's-complement (or raw sign-magnitude) hex of the type's width, a space, the decimal value.
 * float/double: `%g`. Strings: the text. octet_string and raw: `0x01 0x02 …` (upload writes
 * octet strings raw instead; see displayBytes()).
 */
export function decode(bytes: Uint8Array, type: CoeDataType | string | null): string {
  if (type === null) return rawText(bytes);
  const d = resolve(type);
  checkSize(bytes, d);
  switch (d.kind) {
    case 'bool':
    case 'int':
    case 'uint':
    case 'sm': {
      const hex = readLe(bytes, d.size).toString(16).padStart(d.size * 2, '0');
      return `0x${hex} ${intValue(bytes, d)}`;
    }
    case 'float': {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return formatFloatG(d.size === 4 ? view.getFloat32(0, true) : view.getFloat64(0, true));
    }
    case 'string':
      return Buffer.from(stripTrailingNuls(bytes)).toString('utf8');
    case 'unicode': {
      let b = bytes;
      while (b.length >= 2 && b[b.length - 1] === 0 && b[b.length - 2] === 0) b = b.subarray(0, b.length - 2);
      return Buffer.from(b).toString('utf16le');
    }
    case 'octets':
    case 'raw':
      return rawText(bytes);
  }
}

/**
 * Exactly what `upload`/`reg_read` write to stdout: the display text plus a newline, except for
 * octet_string, whose bytes go out unchanged with no newline (so `upload -t octet_string` can be
 * redirected into a file).
 */
export function displayBytes(bytes: Uint8Array, type: CoeDataType | string | null): Buffer {
  if (type !== null && resolve(type).kind === 'octets') return Buffer.from(bytes);
  return Buffer.from(decode(bytes, type) + '\n', 'utf8');
}

/** A JSON-friendly value: numbers up to 32 bit as numbers, 64-bit and wider as decimal strings,
 *  bool as boolean, float as number (non-finite as string), text as string, bytes as hex. */
export function jsonValue(bytes: Uint8Array, type: CoeDataType | string | null): number | string | boolean {
  if (type === null) return Buffer.from(bytes).toString('hex');
  const d = resolve(type);
  checkSize(bytes, d);
  switch (d.kind) {
    case 'bool':
      return (bytes[0] ?? 0) !== 0;
    case 'int':
    case 'uint':
    case 'sm': {
      const v = intValue(bytes, d);
      return d.size <= 4 ? Number(v) : v.toString();
    }
    case 'float': {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const v = d.size === 4 ? view.getFloat32(0, true) : view.getFloat64(0, true);
      return Number.isFinite(v) ? v : String(v);
    }
    case 'string':
    case 'unicode':
      return decode(bytes, d);
    case 'octets':
    case 'raw':
      return Buffer.from(bytes).toString('hex');
  }
}
