// SPDX-License-Identifier: MIT
// `ecat pdos -s etherlab`: a MATLAB function per slave that configures EtherLab's generic
// EtherCAT slave block (sync managers with their PDOs and entries, then one port per mapped
// entry), in the `ethercat` tool's layout. Port direction is the block's view: data the block
// sends to the slave (an RxPDO sync manager) is an "input" port.
import { hex, right } from './text.js';
import type { SlavePdos } from './types.js';
import { isOutputSync } from './pdos.js';

export function formatSlaveEtherlab(d: SlavePdos, masterIndex: number): string {
  const s = d.slave;
  const out = ['%', `% Master ${masterIndex}, Slave ${s.position}${s.order ? `, "${s.order}"` : ''}`, '%', `function rv = slave${s.position}()`, ''];
  out.push('% Slave configuration', '');
  out.push(
    `rv.SlaveConfig.vendor = ${s.vendorId};`,
    `rv.SlaveConfig.product = hex2dec('${hex(s.productCode, 8)}');`,
    `rv.SlaveConfig.description = '${s.order}';`,
    'rv.SlaveConfig.sm = { ...',
  );
  d.syncs.forEach(({ sync, pdos }, i) => {
    out.push(`    {${i}, ${isOutputSync(sync.controlRegister) ? 0 : 1}, {`);
    for (const { pdo, entries } of pdos) {
      out.push(`        {hex2dec('${hex(pdo.index, 4)}'), [`);
      for (const e of entries) out.push(`            hex2dec('${hex(e.index, 4)}'), hex2dec('${hex(e.subindex, 2)}'), ${right(e.bitLength, 3)}; ...`);
      out.push('            ]}, ...');
    }
    out.push('        }}, ...');
  });
  out.push('    };', '', '% Port configuration', '');
  let input = 1;
  let output = 1;
  d.syncs.forEach(({ sync, pdos }, i) => {
    pdos.forEach(({ entries }, j) => {
      entries.forEach((e, k) => {
        if (!e.index) return;
        const port = isOutputSync(sync.controlRegister) ? `input(${input++})` : `output(${output++})`;
        out.push(`rv.PortConfig.${port}.pdo = [${i}, ${j}, ${k}, 0];`, `rv.PortConfig.${port}.pdo_data_type = uint(${e.bitLength});`, '');
      });
    });
  });
  out.push('end');
  return out.join('\n') + '\n';
}

export function formatEtherlab(list: readonly SlavePdos[], masterIndex: number): string {
  return list.map((d) => formatSlaveEtherlab(d, masterIndex)).join('');
}
