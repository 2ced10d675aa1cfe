// SPDX-License-Identifier: MIT
// `ecat pdos`: sync managers, their assigned PDOs and the mapped entries, in the `ethercat`
// tool's three indented layers. Rx/Tx is the slave's point of view, taken from the direction bit
// (0x04) of the sync manager's control register. The slave header appears only when several
// slaves are shown. Also the JSON shape shared by `pdos`, `xml` and `cstruct`.
import { hex, hex0x, lines, right } from './text.js';
import type { SlavePdos } from './types.js';

/** True for a sync manager whose control register says "master writes" (an RxPDO sync manager). */
export function isOutputSync(controlRegister: number): boolean {
  return (controlRegister & 0x04) !== 0;
}

export interface PdosFormatOptions {
  masterIndex: number;
  /** Print `=== Master m, Slave n ===` headers (the tool does so when more than one slave is shown). */
  showHeader: boolean;
  /** -q: PDOs only, no entries. */
  quiet?: boolean;
}

export function formatSlavePdos(d: SlavePdos, o: PdosFormatOptions): string {
  const out: string[] = [];
  if (o.showHeader && d.slave.syncCount) out.push(`=== Master ${o.masterIndex}, Slave ${d.slave.position} ===`);
  d.syncs.forEach(({ sync, pdos }, i) => {
    out.push(
      `SM${i}: PhysAddr ${hex0x(sync.physicalStartAddress, 4)}, DefaultSize ${right(sync.defaultSize, 4)}, ` +
        `ControlRegister ${hex0x(sync.controlRegister, 2)}, Enable ${Number(sync.enable)}`,
    );
    for (const { pdo, entries } of pdos) {
      out.push(`  ${isOutputSync(sync.controlRegister) ? 'R' : 'T'}xPDO ${hex0x(pdo.index, 4)} "${pdo.name}"`);
      if (o.quiet) continue;
      for (const e of entries) {
        out.push(`    PDO entry ${hex0x(e.index, 4)}:${hex(e.subindex, 2)}, ${right(e.bitLength, 2)} bit, "${e.name}"`);
      }
    }
  });
  return lines(out);
}

export function formatPdos(list: readonly SlavePdos[], o: Omit<PdosFormatOptions, 'showHeader'>): string {
  const showHeader = list.length > 1;
  return list.map((d) => formatSlavePdos(d, { ...o, showHeader })).join('');
}

// ---------------------------------------------------------------------------------------------
// JSON

/** JSON of one slave's sync managers and PDOs. See docs/cli.md#pdos. */
export function slavePdosJson(d: SlavePdos): Record<string, unknown> {
  const s = d.slave;
  return {
    position: s.position,
    name: s.name,
    vendorId: s.vendorId,
    vendorIdHex: hex0x(s.vendorId, 8),
    productCode: s.productCode,
    productCodeHex: hex0x(s.productCode, 8),
    revisionNumber: s.revisionNumber,
    revisionNumberHex: hex0x(s.revisionNumber, 8),
    syncManagers: d.syncs.map(({ sync, pdos }, i) => ({
      index: i,
      physicalStartAddress: sync.physicalStartAddress,
      defaultSize: sync.defaultSize,
      controlRegister: sync.controlRegister,
      enable: sync.enable,
      direction: isOutputSync(sync.controlRegister) ? 'output' : 'input',
      pdos: pdos.map(({ pdo, entries }) => ({
        type: isOutputSync(sync.controlRegister) ? 'RxPDO' : 'TxPDO',
        index: pdo.index,
        indexHex: hex0x(pdo.index, 4),
        name: pdo.name,
        entries: entries.map((e) => ({
          index: e.index,
          indexHex: hex0x(e.index, 4),
          subindex: e.subindex,
          bitLength: e.bitLength,
          name: e.name,
        })),
      })),
    })),
  };
}

export function pdosJson(list: readonly SlavePdos[], masterIndex: number): Record<string, unknown> {
  return { master: masterIndex, slaves: list.map(slavePdosJson) };
}
