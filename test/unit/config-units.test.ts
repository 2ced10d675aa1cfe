// SPDX-License-Identifier: MIT
// Durations in bus configurations: units, fractions, bare numbers (ns), formatting back, and the
// bus cycle range 125 µs .. 100 ms with the exact message a user sees.
import { describe, expect, it } from 'vitest';
import { ConfigError, formatDuration, parseBusConfig, parseDuration } from '../../src/config/index.js';

const ns = (v: string | number) => {
  const r = parseDuration(v);
  if ('error' in r) throw new Error(r.error);
  return r.ns;
};

describe('parseDuration', () => {
  it('reads every unit', () => {
    expect(ns('1ms')).toBe(1_000_000);
    expect(ns('250us')).toBe(250_000);
    expect(ns('250µs')).toBe(250_000);
    expect(ns('250 us')).toBe(250_000);
    expect(ns('62500ns')).toBe(62_500);
    expect(ns('2s')).toBe(2_000_000_000);
    expect(ns('1MS')).toBe(1_000_000);
  });

  it('takes a bare number as nanoseconds', () => {
    expect(ns(1_000_000)).toBe(1_000_000);
    expect(ns('4000')).toBe(4000);
  });

  it('keeps fractions exact', () => {
    expect(ns('62.5us')).toBe(62_500);
    expect(ns('0.1ms')).toBe(100_000);
    expect(ns('1.000001ms')).toBe(1_000_001);
    expect(ns('-50us')).toBe(-50_000);
  });

  it('rejects what is not a duration', () => {
    expect(parseDuration('1.5ns')).toEqual({ error: '1.5ns is not a whole number of nanoseconds' });
    expect(parseDuration('3 min')).toEqual({ error: 'unknown unit "min"; expected ns, us, ms or s' });
    expect(parseDuration('fast')).toEqual({ error: 'expected a duration such as 1ms, 250us or 62500ns (units: ns, us, ms or s)' });
    expect(parseDuration(1.5)).toEqual({ error: 'a bare number is read as nanoseconds and must be a whole number' });
  });

  it('formats with the largest exact unit', () => {
    expect(formatDuration(1_000_000)).toBe('1ms');
    expect(formatDuration(250_000)).toBe('250us');
    expect(formatDuration(62_500)).toBe('62500ns');
    expect(formatDuration(-50_000)).toBe('-50us');
    expect(formatDuration(0)).toBe('0ns');
    for (const v of [125_000, 1_234_567, 100_000_000, 3_000_000_000]) expect(ns(formatDuration(v))).toBe(v);
  });
});

describe('cycle time range', () => {
  const config = (cycle: string) => `cycleTime: ${cycle}\nslaves:\n  - { position: 0, vendorId: 2, productCode: 3 }\n`;
  const errorOf = (text: string): ConfigError => {
    try {
      parseBusConfig(text, 'bus.yaml');
    } catch (e) {
      if (e instanceof ConfigError) return e;
      throw e;
    }
    throw new Error('no error');
  };

  it('accepts the limits', () => {
    expect(parseBusConfig(config('125us'), 'bus.yaml').cycleTime).toBe(125_000);
    expect(parseBusConfig(config('100ms'), 'bus.yaml').cycleTime).toBe(100_000_000);
    expect(parseBusConfig(config('4000000'), 'bus.yaml').cycleTime).toBe(4_000_000);
  });

  it('rejects a cycle below 125 µs or above 100 ms, naming file, line, column and field', () => {
    expect(errorOf(config('100us')).lines()).toEqual(['bus.yaml:1:12: cycleTime: 100us is out of range; expected 125us..100ms']);
    expect(errorOf(config('101ms')).lines()).toEqual(['bus.yaml:1:12: cycleTime: 101ms is out of range; expected 125us..100ms']);
    // A bare number is nanoseconds, and the message says so.
    expect(errorOf(config('1')).lines()).toEqual(['bus.yaml:1:12: cycleTime: 1 is out of range (a bare number is read as nanoseconds); expected 125us..100ms']);
    expect(errorOf(config('1 hour')).lines()).toEqual(['bus.yaml:1:12: cycleTime: unknown unit "hour"; expected ns, us, ms or s']);
  });

  it('requires a cycle time', () => {
    const e = errorOf('slaves:\n  - { position: 0, vendorId: 2, productCode: 3 }\n');
    expect(e.lines()).toEqual(['bus.yaml:1:1: missing "cycleTime" (the bus cycle, 125us..100ms, e.g. 1ms)']);
  });
});
