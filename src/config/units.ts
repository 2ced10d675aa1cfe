// SPDX-License-Identifier: MIT
// Durations as a configuration writes them ("1ms", "250us", "62.5 us", 1000000) <-> integer
// nanoseconds, which is what IgH's DC calls and the cyclic thread use. A bare number is read as
// nanoseconds, the unit of IgH's API and of ESI files.

/** Bus cycle limits: 125 µs (8 kHz) .. 100 ms. */
export const MIN_CYCLE_NS = 125_000;
/** Longest bus cycle accepted (100 ms). */
export const MAX_CYCLE_NS = 100_000_000;

const UNITS: Record<string, number> = { ns: 1, us: 1_000, 'µs': 1_000, 'μs': 1_000, ms: 1_000_000, s: 1_000_000_000 };

/** Units accepted in messages. */
export const DURATION_UNITS = 'ns, us, ms or s';

/**
 * Parse a duration. Returns integer nanoseconds, or a reason the text is not one. Fractions are
 * fine as long as the result is a whole number of nanoseconds ("62.5us").
 */
export function parseDuration(value: string | number | bigint): { ns: number } | { error: string } {
  if (typeof value === 'bigint') value = Number(value);
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { error: 'a bare number is read as nanoseconds and must be a whole number' };
    return { ns: value };
  }
  const m = /^\s*([+-]?)(\d+(?:\.\d+)?|\.\d+)\s*([a-zµμ]*)\s*$/i.exec(value);
  if (!m) return { error: `expected a duration such as 1ms, 250us or 62500ns (units: ${DURATION_UNITS})` };
  const [, sign = '', digits = '', unitRaw = ''] = m;
  const unit = unitRaw === '' ? 'ns' : unitRaw.toLowerCase();
  const scale = UNITS[unit];
  if (scale === undefined) return { error: `unknown unit "${unitRaw}"; expected ${DURATION_UNITS}` };
  // Scale by shifting the decimal point in text, so 0.1ms is exactly 100000 and not 99999.99...
  const [whole = '0', frac = ''] = digits.split('.');
  const places = Math.round(Math.log10(scale));
  if (frac.length > places) {
    if (/[1-9]/.test(frac.slice(places))) return { error: `${value.trim()} is not a whole number of nanoseconds` };
  }
  const text = (whole + frac.padEnd(places, '0').slice(0, places)).replace(/^0+(?=\d)/, '');
  const ns = Number(text);
  if (!Number.isSafeInteger(ns)) return { error: `${value.trim()} is too long` };
  return { ns: sign === '-' ? -ns : ns };
}

/** The shortest exact text for a duration: 1000000 -> "1ms", 250000 -> "250us", 62500 -> "62500ns". */
export function formatDuration(ns: number): string {
  const abs = Math.abs(ns);
  if (abs !== 0 && abs % 1_000_000_000 === 0) return `${ns / 1_000_000_000}s`;
  if (abs !== 0 && abs % 1_000_000 === 0) return `${ns / 1_000_000}ms`;
  if (abs !== 0 && abs % 1_000 === 0) return `${ns / 1_000}us`;
  return `${ns}ns`;
}
