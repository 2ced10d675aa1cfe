// SPDX-License-Identifier: MIT
// ESI DC op mode -> the four times of IgH's ecrt_slave_config_dc, for a given bus cycle.
//
// Factor semantics (ETG.2000 `<OpMode>`), as this importer reads them:
// - CycleTimeSync0: Factor > 0 -> Factor x bus cycle; Factor < 0 -> bus cycle / |Factor|
//   (oversampling devices); no Factor or 0 -> the element's value in ns (0 there: the bus cycle).
// - ShiftTimeSync0: the value in ns (Factor and Input only qualify it; noted, not applied).
// - CycleTimeSync1 describes the SYNC1 period: Factor > 0 -> Factor x SYNC0 cycle; Factor < 0 ->
//   |Factor| x bus cycle. The ESC's SYNC1 "cycle" register (what IgH's sync1_cycle sets) is the
//   delay of SYNC1 after SYNC0, so IgH gets (period - SYNC0 cycle) + ShiftTimeSync1. Without a
//   Factor the value is that delay itself (plus ShiftTimeSync1). IgH's sync1 shift stays 0.
// Worked examples are in docs/config.md.
import type { EsiDcOpMode } from './types.js';

/** The arguments of ecrt_slave_config_dc, in ns. */
export interface DcTimes {
  assignActivate: number;
  sync0Cycle: number;
  sync0Shift: number;
  sync1Cycle: number;
  sync1Shift: number;
}

/** Compute the DC times of `op` for a bus cycle of `busCycle` ns; `notes` explain roundings and ignored qualifiers. */
export function dcFromOpMode(op: EsiDcOpMode, busCycle: number): { dc: DcTimes; notes: string[] } {
  const notes: string[] = [];
  let sync0Cycle = busCycle;
  const c0 = op.cycleTimeSync0;
  if (c0?.factor !== undefined && c0.factor > 0) sync0Cycle = c0.factor * busCycle;
  else if (c0?.factor !== undefined && c0.factor < 0) {
    sync0Cycle = Math.round(busCycle / -c0.factor);
    if (busCycle % -c0.factor !== 0) notes.push(`SYNC0 cycle ${busCycle} ns / ${-c0.factor} is not a whole number of ns; rounded to ${sync0Cycle} ns`);
  } else if (c0 && c0.value > 0) sync0Cycle = c0.value;
  const s0 = op.shiftTimeSync0;
  const sync0Shift = s0?.value ?? 0;
  if (s0?.input) notes.push(`ShiftTimeSync0 of op mode "${op.name}" is relative to the input latch (Input=true); used as the SYNC0 shift as is`);
  if (s0?.factor !== undefined && s0.factor !== 0) notes.push(`ShiftTimeSync0 Factor=${s0.factor} of op mode "${op.name}" is not applied (the shift is taken in ns)`);

  let sync1Cycle = 0;
  const c1 = op.cycleTimeSync1;
  const shift1 = op.shiftTimeSync1?.value ?? 0;
  if (c1?.factor !== undefined && c1.factor !== 0) {
    const period = c1.factor > 0 ? c1.factor * sync0Cycle : -c1.factor * busCycle;
    sync1Cycle = period - sync0Cycle + shift1;
  } else if (c1 || op.shiftTimeSync1) {
    sync1Cycle = (c1?.value ?? 0) + shift1;
  }
  if (sync1Cycle < 0) {
    notes.push(`SYNC1 delay of op mode "${op.name}" came out negative (${sync1Cycle} ns); set to 0`);
    sync1Cycle = 0;
  }
  return { dc: { assignActivate: op.assignActivate, sync0Cycle, sync0Shift, sync1Cycle, sync1Shift: 0 }, notes };
}
