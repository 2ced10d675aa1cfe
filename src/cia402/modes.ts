// SPDX-License-Identifier: MIT
// Modes of operation (0x6060 / 0x6061) by name.

/** Mode names and their 0x6060 values. */
export const MODES = {
  pp: 1,
  vl: 2,
  pv: 3,
  tq: 4,
  hm: 6,
  ip: 7,
  csp: 8,
  csv: 9,
  cst: 10,
} as const;

/** A mode of operation by name: profile position, velocity, torque, homing, cyclic synchronous ... */
export type DriveMode = keyof typeof MODES;

/** The name of a 0x6061 value, or `mode <n>` for one this helper has no name for. */
export function modeName(value: number): DriveMode | `mode ${number}` {
  for (const [name, v] of Object.entries(MODES)) if (v === value) return name as DriveMode;
  return `mode ${value}`;
}

/** The 0x6060 value of a mode name; undefined for an unknown name. */
export function modeValue(name: string): number | undefined {
  return (MODES as Record<string, number>)[name];
}
