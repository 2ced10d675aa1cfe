// SPDX-License-Identifier: MIT
// The order startup SDOs are written in. A slave checks a PDO assignment (0x1C12/0x1C13)
// against the mapping the assigned PDOs have at that moment, so writing the assignment before
// the new mapping (0x1600..0x17FF, 0x1A00..0x1BFF) fails or leaves the old layout in place - a
// classic reason drives never reach SAFEOP. Rule: the PDO writes form one block at the place of
// the first of them; inside it every mapping write comes before every assignment write, each
// group in the order given. All other SDOs keep their order around the block.
import { formatEntryRef } from '../values.js';
import type { PlanSdo } from './types.js';

/** A PDO mapping object: 0x1600..0x17FF (RxPDOs) or 0x1A00..0x1BFF (TxPDOs). */
export function isMappingObject(index: number): boolean {
  return (index >= 0x1600 && index <= 0x17ff) || (index >= 0x1a00 && index <= 0x1bff);
}

/** A PDO assignment object: 0x1C12 (RxPDOs) or 0x1C13 (TxPDOs). */
export function isAssignObject(index: number): boolean {
  return index === 0x1c12 || index === 0x1c13;
}

/** The SDOs in write order, and a sentence for the plan when the order changed. */
export function orderStartupSdos(sdos: readonly PlanSdo[]): { sdos: PlanSdo[]; note?: string } {
  const first = sdos.findIndex((s) => isMappingObject(s.index) || isAssignObject(s.index));
  if (first < 0) return { sdos: [...sdos] };
  const mapping = sdos.filter((s) => isMappingObject(s.index));
  const assign = sdos.filter((s) => isAssignObject(s.index));
  const before = sdos.slice(0, first);
  const after = sdos.slice(first).filter((s) => !isMappingObject(s.index) && !isAssignObject(s.index));
  const ordered = [...before, ...mapping, ...assign, ...after];
  const changed = ordered.some((s, i) => s !== sdos[i]);
  if (!changed) return { sdos: ordered };
  // Name the first assignment write that had to move behind a mapping write.
  const firstMapping = mapping[0];
  const movedAssign = assign.find((a) => firstMapping !== undefined && sdos.indexOf(a) < sdos.indexOf(firstMapping));
  const detail =
    movedAssign && firstMapping
      ? `: PDO mapping ${formatEntryRef(firstMapping.index, firstMapping.subindex)} (${firstMapping.path}) now comes before PDO assignment ${formatEntryRef(movedAssign.index, movedAssign.subindex)} (${movedAssign.path})`
      : '';
  return {
    sdos: ordered,
    note: `startup SDOs reordered so that PDO mapping objects (0x1600-0x17ff, 0x1a00-0x1bff) are written before PDO assignment objects (0x1c12, 0x1c13)${detail}; a slave checks an assignment against the current mapping`,
  };
}
