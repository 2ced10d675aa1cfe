// SPDX-License-Identifier: MIT
// Sync managers: the default memory layout (from the final mailbox and PDO sizes), the user's
// per-SM overrides, and the assignment of PDOs to SMs with the resulting default sizes.
import type { Issues, Where } from '../source/issues.js';
import { hex, sub } from '../source/read.js';
import type { SyncManagerSpec } from '../spec.js';
import type { Mailbox, Pdo, SyncManager } from '../types.js';

/** A PDO whose sync manager is still open (undefined = the first SM of its direction). */
export type PdoDraft = Omit<Pdo, 'sm'> & { sm: number | null | undefined; at?: Where };

function alignUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/**
 * Layout of a device with a mailbox: SM0/SM1 carry it, SM2 (outputs) follows it and SM3
 * (inputs) follows SM2's three buffers. An unused direction keeps its SM, disabled, as
 * terminals do (IgH then shows e.g. `SM2: ... DefaultSize 0, ControlRegister 0x24, Enable 0`).
 */
export function mailboxLayout(mailbox: Mailbox, outBytes: number, inBytes: number): SyncManager[] {
  const mbxEnd = Math.max(mailbox.rx.start + mailbox.rx.size, mailbox.tx.start + mailbox.tx.size);
  const outStart = alignUp(mbxEnd, 0x80);
  const inStart = outStart + alignUp(Math.max(3 * outBytes, 1), 0x80);
  return [
    { index: 0, start: mailbox.rx.start, size: mailbox.rx.size, control: 0x26, enable: 1, type: 'mailbox-out' },
    { index: 1, start: mailbox.tx.start, size: mailbox.tx.size, control: 0x22, enable: 1, type: 'mailbox-in' },
    { index: 2, start: outStart & 0xffff, size: outBytes, control: outBytes > 0 ? 0x64 : 0x24, enable: outBytes > 0 ? 1 : 0, type: 'outputs' },
    { index: 3, start: inStart & 0xffff, size: inBytes, control: 0x20, enable: inBytes > 0 ? 1 : 0, type: 'inputs' },
  ];
}

/**
 * Layout of a device without a mailbox (simple terminals): outputs at 0x0f00 (written by the
 * master, watchdog on), inputs at 0x1000, numbered from SM0 in that order.
 */
export function plainLayout(outBytes: number, inBytes: number): SyncManager[] {
  const sms: SyncManager[] = [];
  if (outBytes > 0) sms.push({ index: sms.length, start: 0x0f00, size: outBytes, control: 0x44, enable: 1, type: 'outputs' });
  if (inBytes > 0) sms.push({ index: sms.length, start: 0x1000, size: inBytes, control: 0x00, enable: 1, type: 'inputs' });
  return sms;
}

/** Bytes of the default-assigned PDOs of one direction. */
export function assignedBytes(pdos: PdoDraft[], direction: 'rx' | 'tx'): number {
  let bits = 0;
  for (const p of pdos) if (p.direction === direction && p.sm !== null) for (const e of p.entries) bits += e.bits;
  return Math.ceil(bits / 8);
}

/**
 * Apply `syncManagers:` from the file to the default layout: fields given replace the default
 * SM's fields; a new SM needs at least start and type. Returns the list sorted by index and the
 * set of SMs whose size was given explicitly (those keep it).
 */
export function applySyncManagers(issues: Issues, base: SyncManager[], specs: SyncManagerSpec[]): { sms: SyncManager[]; fixedSize: Set<number> } {
  const byIndex = new Map(base.map((s) => [s.index, { ...s }]));
  const fixedSize = new Set<number>();
  for (const spec of specs) {
    const existing = byIndex.get(spec.index);
    if (!existing && (spec.start === undefined || spec.type === undefined)) {
      issues.at(spec.at, `sync manager ${spec.index} is not part of this device's default layout; a new one needs at least \`start\` and \`type\``);
      continue;
    }
    const sm: SyncManager = existing ?? { index: spec.index, start: 0, size: 0, control: 0, enable: 1, type: 'unused' };
    if (spec.start !== undefined) sm.start = spec.start;
    if (spec.size !== undefined) {
      sm.size = spec.size;
      fixedSize.add(spec.index);
    }
    if (spec.type !== undefined) sm.type = spec.type;
    if (spec.control !== undefined) sm.control = spec.control;
    else if (!existing) sm.control = { unused: 0, 'mailbox-out': 0x26, 'mailbox-in': 0x22, outputs: 0x64, inputs: 0x20 }[sm.type];
    if (spec.enable !== undefined) sm.enable = spec.enable;
    byIndex.set(spec.index, sm);
  }
  return { sms: [...byIndex.values()].sort((a, b) => a.index - b.index), fixedSize };
}

/**
 * Give every default-assigned PDO its SM (the first SM of its direction unless it names one),
 * check the direction, and size process data SMs from what is assigned to them.
 */
export function assignPdos(issues: Issues, sms: SyncManager[], pdos: PdoDraft[], fixedSize: Set<number>, fallback: Where): void {
  const firstOf = (type: 'outputs' | 'inputs'): SyncManager | undefined => sms.find((s) => s.type === type);
  const bits = new Map<number, number>();
  for (const pdo of pdos) {
    const want = pdo.direction === 'rx' ? 'outputs' : 'inputs';
    const where = pdo.at ?? fallback;
    if (pdo.sm === null) continue;
    if (pdo.sm === undefined) {
      const sm = firstOf(want);
      if (!sm) {
        issues.at(where, `no sync manager for ${want} to assign ${pdo.direction === 'rx' ? 'RxPDO' : 'TxPDO'} ${hex(pdo.index)} to; add one under syncManagers (type: ${want})`);
        pdo.sm = null;
        continue;
      }
      pdo.sm = sm.index;
    } else {
      const sm = sms.find((s) => s.index === pdo.sm);
      if (!sm) {
        issues.at({ path: sub(where.path, 'sm'), pos: where.pos }, `sync manager ${pdo.sm} does not exist; this device has ${sms.map((s) => `SM${s.index} (${s.type})`).join(', ') || 'none'}`);
        continue;
      }
      if (sm.type !== want) {
        issues.at({ path: sub(where.path, 'sm'), pos: where.pos }, `${pdo.direction === 'rx' ? 'RxPDO' : 'TxPDO'} ${hex(pdo.index)} carries ${want} but SM${sm.index} is ${sm.type}`);
        continue;
      }
    }
    let b = bits.get(pdo.sm) ?? 0;
    for (const e of pdo.entries) b += e.bits;
    bits.set(pdo.sm, b);
  }
  for (const sm of sms) {
    if ((sm.type === 'outputs' || sm.type === 'inputs') && !fixedSize.has(sm.index)) {
      const bytes = Math.ceil((bits.get(sm.index) ?? 0) / 8);
      if (bytes > 0xffff) issues.at(fallback, `SM${sm.index} would need ${bytes} bytes of process data; at most 65535`);
      sm.size = bytes & 0xffff;
    }
  }
}
