// SPDX-License-Identifier: MIT
// BusPlan <-> JSON. JSON.stringify would write a Uint8Array as {"0":1,"1":2}; here byte arrays
// (startup SDO data, safe values) become plain arrays of numbers, and come back as Uint8Array.
import type { BusPlan } from './types.js';

/** The plan as JSON text; bytes as arrays of numbers. */
export function serializeBusPlan(plan: BusPlan, indent: number | undefined = 2): string {
  return JSON.stringify(plan, (_key, value: unknown) => (value instanceof Uint8Array ? Array.from(value) : value), indent);
}

/** Read a plan written by serializeBusPlan. Checks the format tag and version only. */
export function deserializeBusPlan(text: string): BusPlan {
  const raw = JSON.parse(text) as BusPlan & { format?: unknown; version?: unknown };
  if (raw.format !== 'ecat-bus-plan' || raw.version !== 1) throw new Error(`not an ecat bus plan (format ${String(raw.format)}, version ${String(raw.version)})`);
  for (const s of raw.slaves) for (const sdo of s.sdos) sdo.data = Uint8Array.from(sdo.data as unknown as number[]);
  for (const v of raw.variables) if (v.safe !== null) v.safe = Uint8Array.from(v.safe as unknown as number[]);
  return raw;
}
