// SPDX-License-Identifier: MIT
// Reading and writing every variable type at byte and bit positions, range and type errors that
// name the variable, its type and the range, and the watchdog's safe output image.
import { describe, expect, it } from 'vitest';
import type { VariableType } from '../../src/config/types.js';
import { kindOf, limits, readValue, writeValue } from '../../src/runtime/image/codec.js';
import type { CodecVariable } from '../../src/runtime/image/codec.js';

function variable(type: VariableType, bitLength: number, offset = 0, bitPosition = 0, name = 'v'): CodecVariable {
  const kind = kindOf(type, bitLength, bitPosition);
  if (typeof kind === 'string') throw new Error(kind);
  return { name, type, kind, offset, bitPosition, bitLength, span: Math.ceil((bitPosition + bitLength) / 8), shift: 2 ** bitPosition, modulus: 2 ** Math.min(bitLength, 32), ...limits(kind, bitLength) };
}

function roundTrip(v: CodecVariable, value: number | bigint | boolean, size = 16): { back: unknown; bytes: Uint8Array } {
  const bytes = new Uint8Array(size).fill(0xa5); // neighbours must survive
  const view = new DataView(bytes.buffer);
  writeValue(view, 0, v, value);
  return { back: readValue(view, 0, v), bytes };
}

describe('codec', () => {
  const cases: Array<[VariableType, number, Array<number | bigint | boolean>]> = [
    ['bool', 1, [true, false]],
    ['int8', 8, [-128, 0, 127]],
    ['uint8', 8, [0, 255]],
    ['int16', 16, [-32768, -1, 32767]],
    ['uint16', 16, [0, 0xbeef, 65535]],
    ['int32', 32, [-2147483648, -5, 2147483647]],
    ['uint32', 32, [0, 0xdeadbeef, 4294967295]],
    ['int64', 64, [-(2n ** 63n), -1n, 2n ** 63n - 1n]],
    ['uint64', 64, [0n, 2n ** 64n - 1n]],
    ['real32', 32, [1.5, -0.25, Math.fround(3e38)]],
    ['real64', 64, [Math.PI, -1e300]],
    ['bits', 3, [0, 5, 7]],
    ['bits', 12, [0, 4095]],
    ['bits', 32, [0, 4294967295]],
    ['bits', 40, [0n, 2n ** 40n - 1n]],
  ];
  for (const [type, bits, values] of cases) {
    it(`round-trips ${type}${type === 'bits' ? `:${bits}` : ''} at byte 3`, () => {
      const v = variable(type, bits, 3);
      for (const value of values) {
        const { back, bytes } = roundTrip(v, value);
        expect(back).toBe(value);
        expect(bytes[2]).toBe(0xa5);
        expect(bytes[3 + Math.ceil(bits / 8)]).toBe(0xa5);
      }
    });
  }

  it('writes little-endian', () => {
    const bytes = new Uint8Array(4);
    writeValue(new DataView(bytes.buffer), 0, variable('uint32', 32), 0x11223344);
    expect([...bytes]).toEqual([0x44, 0x33, 0x22, 0x11]);
  });

  it('reads and writes bit fields at any bit position without touching the other bits', () => {
    for (let pos = 0; pos < 8; pos++) {
      const bool = variable('bool', 1, 1, pos);
      const bytes = new Uint8Array(4).fill(0);
      const view = new DataView(bytes.buffer);
      writeValue(view, 0, bool, true);
      expect(bytes[1]).toBe(1 << pos);
      expect(readValue(view, 0, bool)).toBe(true);
      bytes[1] = 0xff;
      writeValue(view, 0, bool, false);
      expect(bytes[1]).toBe(0xff & ~(1 << pos));
      // a 5-bit field at this position crosses into the next byte for pos > 3
      const f = variable('bits', 5, 1, pos);
      bytes.fill(0xff);
      writeValue(view, 0, f, 0b10010);
      expect(readValue(view, 0, f)).toBe(0b10010);
      const word = bytes[1]! | (bytes[2]! << 8);
      expect((word >> pos) & 0x1f).toBe(0b10010);
      expect(word | (0x1f << pos)).toBe(0xffff);
      expect(bytes[0]).toBe(0xff);
      expect(bytes[3]).toBe(0xff);
    }
  });

  it('handles integers that do not start on a byte (sign included)', () => {
    const v = variable('int16', 16, 0, 3);
    for (const value of [-32768, -2, 0, 1234, 32767]) expect(roundTrip(v, value).back).toBe(value);
    const u = variable('uint32', 32, 0, 7);
    for (const value of [0, 1, 4294967295, 0x80000001]) expect(roundTrip(u, value).back).toBe(value);
    const big = variable('int64', 64, 0, 1);
    for (const value of [-(2n ** 63n), -3n, 2n ** 63n - 1n]) expect(roundTrip(big, value).back).toBe(value);
    expect(kindOf('real32', 32, 2)).toMatch(/not supported/);
  });

  it('throws RangeError naming the variable, its type and range, and writes nothing', () => {
    const bytes = new Uint8Array(8);
    const view = new DataView(bytes.buffer);
    const check = (v: CodecVariable, value: unknown, message: RegExp | string): void => {
      expect(() => writeValue(view, 0, v, value as number)).toThrow(RangeError);
      expect(() => writeValue(view, 0, v, value as number)).toThrow(message);
      expect([...bytes]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    };
    check(variable('int32', 32, 0, 0, 'axis.target'), 2 ** 31, 'axis.target: 2147483648 is out of range for int32 (-2147483648..2147483647)');
    check(variable('uint8', 8), -1, 'v: -1 is out of range for uint8 (0..255)');
    check(variable('uint8', 8), 1.5, 'v: 1.5 is out of range for uint8 (0..255)');
    check(variable('int8', 8), NaN, /NaN is out of range for int8/);
    check(variable('bits', 3), 8, 'v: 8 is out of range for bits (3 bits) (0..7)');
    check(variable('bool', 1), 2, /2 is out of range for bool \(true\/false\)/);
    check(variable('uint64', 64), -1n, 'v: -1 is out of range for uint64 (0..18446744073709551615)');
    check(variable('int64', 64), 2n ** 63n, /out of range for int64 \(-9223372036854775808\.\.9223372036854775807\)/);
    check(variable('int64', 64), 2 ** 60, /out of range for int64/); // not a safe integer
    check(variable('real32', 32), 1e39, /1e\+39 is out of range for real32/);
  });

  it('throws TypeError for values of the wrong kind', () => {
    const view = new DataView(new ArrayBuffer(8));
    expect(() => writeValue(view, 0, variable('bool', 1, 0, 0, 'lamp'), 'on' as unknown as boolean)).toThrow(/lamp: expected a boolean for bool, got "on"/);
    expect(() => writeValue(view, 0, variable('int16', 16), true)).toThrow(TypeError);
    expect(() => writeValue(view, 0, variable('real64', 64), 1n)).toThrow(TypeError);
    expect(() => writeValue(view, 0, variable('uint64', 64), '5' as unknown as bigint)).toThrow(TypeError);
  });

  it('accepts bigint for narrow integers and safe numbers for 64-bit ones', () => {
    expect(roundTrip(variable('int16', 16), -7n).back).toBe(-7);
    expect(roundTrip(variable('uint64', 64), 1234).back).toBe(1234n);
    expect(roundTrip(variable('real32', 32), Infinity).back).toBe(Infinity);
    expect(Number.isNaN(roundTrip(variable('real64', 64), NaN).back)).toBe(true);
  });
});
