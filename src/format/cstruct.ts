// SPDX-License-Identifier: MIT
// `ecat cstruct`: C arrays for the IgH application interface (ec_pdo_entry_info_t,
// ec_pdo_info_t, ec_sync_info_t ending with the 0xff marker) describing each slave's current PDO
// layout, preceded by a comment with the slave's identity. The tool's layout.
import { hex, hex0x } from './text.js';
import type { SlavePdos } from './types.js';

export function formatSlaveCStruct(d: SlavePdos, masterIndex: number): string {
  const s = d.slave;
  if (!s.syncCount || d.syncs.length === 0) return '';
  const id = `slave_${s.position}_`;
  const syncs: string[] = [];
  const pdos: string[] = [];
  const entries: string[] = [];
  let pdoPos = 0;
  let entryPos = 0;
  d.syncs.forEach(({ sync, pdos: list }, i) => {
    const dir = sync.controlRegister & 0x04 ? 'EC_DIR_OUTPUT' : 'EC_DIR_INPUT';
    const wd = sync.controlRegister & 0x40 ? 'EC_WD_ENABLE' : 'EC_WD_DISABLE';
    const ref = list.length ? `${id}pdos + ${pdoPos}` : 'NULL';
    syncs.push(`    {${i}, ${dir}, ${list.length}, ${ref}, ${wd}},`);
    pdoPos += list.length;
    for (const { pdo, entries: ents } of list) {
      const eref = ents.length ? `${id}pdo_entries + ${entryPos}` : 'NULL';
      pdos.push(`    {${hex0x(pdo.index, 4)}, ${ents.length}, ${eref}},${pdo.name ? ` /* ${pdo.name} */` : ''}`);
      entryPos += ents.length;
      for (const e of ents) {
        entries.push(`    {${hex0x(e.index, 4)}, 0x${hex(e.subindex, 2)}, ${e.bitLength}},${e.name ? ` /* ${e.name} */` : ''}`);
      }
    }
  });
  const out: string[] = [
    `/* Master ${masterIndex}, Slave ${s.position}${s.order ? `, "${s.order}"` : ''}`,
    ` * Vendor ID:       ${hex0x(s.vendorId, 8)}`,
    ` * Product code:    ${hex0x(s.productCode, 8)}`,
    ` * Revision number: ${hex0x(s.revisionNumber, 8)}`,
    ' */',
    '',
  ];
  if (entryPos) out.push(`ec_pdo_entry_info_t ${id}pdo_entries[] = {`, ...entries, '};', '');
  if (pdoPos) out.push(`ec_pdo_info_t ${id}pdos[] = {`, ...pdos, '};', '');
  out.push(`ec_sync_info_t ${id}syncs[] = {`, ...syncs, '    {0xff}', '};', '');
  return out.join('\n') + '\n';
}

export function formatCStruct(list: readonly SlavePdos[], masterIndex: number): string {
  return list.map((d) => formatSlaveCStruct(d, masterIndex)).join('');
}
