// SPDX-License-Identifier: MIT
// AL (application layer) state names: the raw state byte carries the state in its low nibble and
// the error-acknowledge indication in bit 4, which the tool shows as a "+ERROR" suffix.

const names: Record<number, string> = { 1: 'INIT', 2: 'PREOP', 3: 'BOOT', 4: 'SAFEOP', 8: 'OP' };

const AL_STATE_MASK = 0x0f;
const AL_STATE_ACK_ERR = 0x10;

/** "PREOP", "OP+ERROR", or "???" for a value that is no AL state. */
export function alStateString(state: number): string {
  const base = names[state & AL_STATE_MASK] ?? '???';
  return state & AL_STATE_ACK_ERR ? `${base}+ERROR` : base;
}

/** The state name without the error suffix, for JSON. */
export function alStateName(state: number): string {
  return names[state & AL_STATE_MASK] ?? 'UNKNOWN';
}

/** True when the error-acknowledge bit is set. */
export function alStateError(state: number): boolean {
  return (state & AL_STATE_ACK_ERR) !== 0;
}

/** The AL state code for a name as `states` accepts it (case-insensitive), or undefined. */
export function alStateCode(name: string): number | undefined {
  const upper = name.toUpperCase();
  for (const [code, n] of Object.entries(names)) if (n === upper) return Number(code);
  return undefined;
}
