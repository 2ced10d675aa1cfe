// SPDX-License-Identifier: MIT
// CoE data types: name/code table, encode() range and syntax checks, decode() display text in
// the `ethercat` tool's format, JSON values.
import { describe, expect, it } from 'vitest';
import {
  COE_DATA_TYPES,
  DataTypeError,
  dataTypeByCode,
  dataTypeByName,
  dataTypeLabel,
  decode,
  displayBytes,
  encode,
  formatFloatG,
  jsonValue,
  parseHexBytes,
  parseInteger,
} from '../../src/coe/datatypes.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

function errorOf(fn: () => unknown): DataTypeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DataTypeError) return err;
    throw err;
  }
  throw new Error('expected a DataTypeError');
}

describe('type table', () => {
  it('maps the CoE codes the tool uses to its names', () => {
    expect(dataTypeByCode(0x0001)?.name).toBe('bool');
    expect(dataTypeByCode(0x0007)?.name).toBe('uint32');
    expect(dataTypeByCode(0x0009)?.name).toBe('string');
    expect(dataTypeByCode(0x0011)?.name).toBe('double');
    expect(dataTypeByCode(0x0015)?.name).toBe('int64');
    expect(dataTypeByCode(0x001b)?.name).toBe('uint64');
    expect(dataTypeByCode(0x0016)?.name).toBe('uint24');
    expect(dataTypeByCode(0xfffe)?.name).toBe('sm64');
    expect(dataTypeByCode(0x0017)).toBeUndefined(); // reserved
    expect(dataTypeByName('octet_string')?.code).toBe(0x000a);
    expect(dataTypeByName('UINT8')).toBeUndefined(); // names are lower case, as the tool spells them
  });

  it('has unique names and codes, and sizes that match the bit widths in the names', () => {
    expect(new Set(COE_DATA_TYPES.map((d) => d.name)).size).toBe(COE_DATA_TYPES.length);
    expect(new Set(COE_DATA_TYPES.map((d) => d.code)).size).toBe(COE_DATA_TYPES.length);
    for (const d of COE_DATA_TYPES) {
      const bits = /(\d+)$/.exec(d.name)?.[1];
      if (bits) expect(d.size * 8).toBe(Number(bits));
    }
  });

  it('labels unknown codes as `type XXXX` like sdos does', () => {
    expect(dataTypeLabel(0x0006)).toBe('uint16');
    expect(dataTypeLabel(0x0030)).toBe('type 0030');
    expect(dataTypeLabel(0x0800)).toBe('type 0800');
  });
});

describe('parseInteger', () => {
  it('reads decimal, 0x hex and 0-prefixed octal with an optional sign', () => {
    expect(parseInteger('42')).toBe(42n);
    expect(parseInteger('0x2A')).toBe(42n);
    expect(parseInteger('052')).toBe(42n);
    expect(parseInteger('0')).toBe(0n);
    expect(parseInteger('-0x10')).toBe(-16n);
    expect(parseInteger('+7')).toBe(7n);
    expect(parseInteger(' 5\n')).toBe(5n);
  });
  it('rejects trailing garbage and bad digits', () => {
    for (const s of ['12abc', '08', '0x', '', '1.5', '--1', '0b101']) expect(parseInteger(s)).toBeUndefined();
  });
});

describe('encode', () => {
  it('encodes integers little-endian with the type width', () => {
    expect(hex(encode('0x1234', 'uint16'))).toBe('3412');
    expect(hex(encode('-1', 'int16'))).toBe('ffff');
    expect(hex(encode('100000', 'uint32'))).toBe('a0860100');
    expect(hex(encode('-2', 'int8'))).toBe('fe');
    expect(hex(encode('0x123456', 'uint24'))).toBe('563412');
    expect(hex(encode('-1', 'int40'))).toBe('ffffffffff');
    expect(hex(encode('18446744073709551615', 'uint64'))).toBe('ffffffffffffffff');
    expect(hex(encode('-9223372036854775808', 'int64'))).toBe('0000000000000080');
    expect(hex(encode('1', 'bool'))).toBe('01');
    expect(hex(encode('true', 'bool'))).toBe('01');
  });

  it('checks ranges with a message that names the type and its range', () => {
    const e = errorOf(() => encode('300', 'uint8'));
    expect(e.kind).toBe('range');
    expect(e.message).toBe("Value 300 is out of range for type 'uint8' (0..255).");
    expect(errorOf(() => encode('-1', 'uint32')).kind).toBe('range');
    expect(errorOf(() => encode('128', 'int8')).message).toContain('(-128..127)');
    expect(errorOf(() => encode('2', 'bool')).kind).toBe('range');
    expect(errorOf(() => encode('18446744073709551616', 'uint64')).kind).toBe('range');
    expect(errorOf(() => encode('0x1000000', 'uint24')).kind).toBe('range');
  });

  it('rejects values that are not numbers', () => {
    const e = errorOf(() => encode('abc', 'uint16'));
    expect(e.kind).toBe('syntax');
    expect(e.message).toContain("Invalid value 'abc' for type 'uint16'");
    expect(errorOf(() => encode('12abc', 'int32')).kind).toBe('syntax');
    expect(errorOf(() => encode('0x10', 'float')).kind).toBe('syntax');
    expect(errorOf(() => encode('nope', 'raw')).kind).toBe('syntax');
  });

  it('encodes sign-and-magnitude (the tool cannot; we can)', () => {
    expect(hex(encode('-5', 'sm8'))).toBe('85');
    expect(hex(encode('5', 'sm8'))).toBe('05');
    expect(hex(encode('-1', 'sm16'))).toBe('0180');
    expect(errorOf(() => encode('-128', 'sm8')).kind).toBe('range'); // no room for it in 7 bits
  });

  it('encodes IEEE floats', () => {
    expect(hex(encode('1.5', 'float'))).toBe('0000c03f');
    expect(hex(encode('-2e-3', 'double'))).toBe(Buffer.from(new Float64Array([-2e-3]).buffer).toString('hex'));
    expect(errorOf(() => encode('1e39', 'float')).kind).toBe('range');
  });

  it('takes strings as bytes and checks their size', () => {
    expect(Buffer.from(encode('hello', 'string')).toString()).toBe('hello');
    expect(hex(encode('AB', 'unicode_string'))).toBe('41004200');
    expect(hex(encode(Buffer.from([0, 1, 2]), 'octet_string'))).toBe('000102');
    const e = errorOf(() => encode('waytoolong', 'string', { maxSize: 4 }));
    expect(e.kind).toBe('size');
    expect(e.message).toBe('String too large (10 > 4 bytes).');
  });

  it('decodes numeric input that comes from stdin as text', () => {
    expect(hex(encode(Buffer.from('258\n'), 'uint16'))).toBe('0201');
  });

  it('parses raw hex bytes in the forms upload prints and people type', () => {
    expect(hex(encode('0x01 0x02 0xff', 'raw'))).toBe('0102ff');
    expect(hex(parseHexBytes('01:02,03') ?? new Uint8Array())).toBe('010203');
    expect(hex(parseHexBytes('0a0b0c') ?? new Uint8Array())).toBe('0a0b0c');
    expect(hex(parseHexBytes('f') ?? new Uint8Array())).toBe('0f');
    expect(parseHexBytes('abc')).toBeUndefined(); // odd run of digits is ambiguous
    expect(parseHexBytes('')).toBeUndefined();
  });

  it('names the valid types when --type is wrong', () => {
    const e = errorOf(() => encode('1', 'uint7'));
    expect(e.kind).toBe('unknown-type');
    expect(e.message).toContain('uint16');
  });
});

describe('decode', () => {
  it('prints integers as 0x<hex of the type width> <decimal>', () => {
    expect(decode(bytes('ffff0000'), 'uint32')).toBe('0x0000ffff 65535');
    expect(decode(bytes('18fcffff'), 'int32')).toBe('0xfffffc18 -1000');
    expect(decode(bytes('ff'), 'int8')).toBe('0xff -1');
    expect(decode(bytes('3412'), 'uint16')).toBe('0x1234 4660');
    expect(decode(bytes('01'), 'bool')).toBe('0x01 1');
    expect(decode(bytes('ffffffffffffffff'), 'int64')).toBe('0xffffffffffffffff -1');
    expect(decode(bytes('ffffffffffffffff'), 'uint64')).toBe('0xffffffffffffffff 18446744073709551615');
    expect(decode(bytes('563412'), 'uint24')).toBe('0x123456 1193046');
  });

  it('shows the raw sign-and-magnitude bits, then the value', () => {
    expect(decode(bytes('85'), 'sm8')).toBe('0x85 -5');
    expect(decode(bytes('0180'), 'sm16')).toBe('0x8001 -1');
    expect(decode(bytes('05000000'), 'sm32')).toBe('0x00000005 5');
  });

  it('prints floats like C++ streams (%g, 6 significant digits)', () => {
    expect(decode(bytes('0000803e'), 'float')).toBe('0.25');
    expect(decode(Buffer.from(new Float32Array([0.1]).buffer), 'float')).toBe('0.1');
    expect(decode(Buffer.from(new Float64Array([1234567.0]).buffer), 'double')).toBe('1.23457e+06');
  });

  it('prints strings as text without trailing NULs, unicode strings from UTF-16LE', () => {
    expect(decode(Buffer.from('SD-100\0\0'), 'string')).toBe('SD-100');
    expect(decode(bytes('410042000000'), 'unicode_string')).toBe('AB');
  });

  it('prints raw and octet strings as 0x.. bytes, but octet strings go out raw', () => {
    expect(decode(bytes('beef'), null)).toBe('0xbe 0xef');
    expect(decode(bytes('beef'), 'raw')).toBe('0xbe 0xef');
    expect(displayBytes(bytes('00ff'), 'octet_string')).toEqual(Buffer.from([0, 0xff]));
    expect(displayBytes(bytes('0100'), 'uint16').toString()).toBe('0x0001 1\n');
    expect(displayBytes(Buffer.from('abc'), 'string').toString()).toBe('abc\n');
  });

  it('refuses a size that does not match a fixed-size type, with the tool message', () => {
    const e = errorOf(() => decode(bytes('0100'), 'uint32'));
    expect(e.kind).toBe('size');
    expect(e.message).toBe('Data type mismatch. Expected uint32 with 4 byte, but got 2 byte.');
  });

  it('round-trips every fixed-size integer type at its limits', () => {
    for (const d of COE_DATA_TYPES.filter((t) => t.kind === 'int' || t.kind === 'uint' || t.kind === 'sm')) {
      const bits = BigInt(d.size * 8);
      const lo = d.kind === 'uint' ? 0n : d.kind === 'sm' ? -((1n << (bits - 1n)) - 1n) : -(1n << (bits - 1n));
      const hi = d.kind === 'uint' ? (1n << bits) - 1n : (1n << (bits - 1n)) - 1n;
      for (const v of [lo, hi]) expect(decode(encode(String(v), d), d).split(' ')[1]).toBe(String(v));
    }
  });
});

describe('jsonValue', () => {
  it('gives numbers up to 32 bit, decimal strings above, booleans, text and hex', () => {
    expect(jsonValue(bytes('18fcffff'), 'int32')).toBe(-1000);
    expect(jsonValue(bytes('ffffffffffffffff'), 'uint64')).toBe('18446744073709551615');
    expect(jsonValue(bytes('01'), 'bool')).toBe(true);
    expect(jsonValue(bytes('0000803e'), 'float')).toBe(0.25);
    expect(jsonValue(Buffer.from('x\0'), 'string')).toBe('x');
    expect(jsonValue(bytes('beef'), 'octet_string')).toBe('beef');
    expect(jsonValue(bytes('beef'), null)).toBe('beef');
    expect(jsonValue(bytes('0000c07f'), 'float')).toBe('NaN');
  });
});

describe('formatFloatG', () => {
  it('matches printf %g', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [-0, '-0'],
      [1, '1'],
      [0.5, '0.5'],
      [100000, '100000'],
      [1000000, '1e+06'],
      [123456.7, '123457'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [-3.14159265, '-3.14159'],
      [1.5e-10, '1.5e-10'],
      [6.02214076e23, '6.02214e+23'],
      [Infinity, 'inf'],
      [-Infinity, '-inf'],
      [NaN, 'nan'],
    ];
    for (const [v, s] of cases) expect(formatFloatG(v)).toBe(s);
  });
});
