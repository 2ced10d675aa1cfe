// SPDX-License-Identifier: MIT
// `ecat xml`: an EtherCATInfo-style document of the slaves' current sync managers and PDOs, in
// the `ethercat` tool's layout (an EtherCATInfoList wraps several slaves). Data types of entries
// are guessed from their bit length as the tool does: BOOL, UINTn, STRING(n) or BITn. Names are
// XML-escaped (the tool writes them raw, which breaks on '&' or '<').
import { hex } from './text.js';
import type { SlavePdos } from './types.js';
import { isOutputSync } from './pdos.js';

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The DataType the tool guesses from a bit length. */
export function guessDataType(bitLength: number): string {
  if (bitLength === 1) return 'BOOL';
  if (bitLength % 8 === 0) return bitLength <= 64 ? `UINT${bitLength}` : `STRING(${bitLength / 8})`;
  return `BIT${bitLength}`;
}

function slaveXml(d: SlavePdos, indent: string): string[] {
  const s = d.slave;
  const i = indent;
  const out = [
    `${i}<EtherCATInfo>`,
    `${i}  <!-- Slave ${s.position} -->`,
    `${i}  <Vendor>`,
    `${i}    <Id>${s.vendorId}</Id>`,
    `${i}  </Vendor>`,
    `${i}  <Descriptions>`,
    `${i}    <Devices>`,
    `${i}      <Device>`,
    `${i}        <Type ProductCode="#x${hex(s.productCode, 8)}" RevisionNo="#x${hex(s.revisionNumber, 8)}">${xmlEscape(s.order)}</Type>`,
  ];
  if (s.name) out.push(`${i}        <Name><![CDATA[${s.name.replace(/]]>/g, ']]]]><![CDATA[>')}]]></Name>`);
  for (const { sync } of d.syncs) {
    out.push(
      `${i}        <Sm Enable="${Number(sync.enable)}" StartAddress="#x${hex(sync.physicalStartAddress)}" ` +
        `ControlByte="#x${hex(sync.controlRegister)}" DefaultSize="${sync.defaultSize}" />`,
    );
  }
  d.syncs.forEach(({ sync, pdos }, smIndex) => {
    const tag = isOutputSync(sync.controlRegister) ? 'RxPdo' : 'TxPdo';
    for (const { pdo, entries } of pdos) {
      out.push(
        `${i}        <${tag} Sm="${smIndex}" Fixed="1" Mandatory="1">`,
        `${i}          <Index>#x${hex(pdo.index, 4)}</Index>`,
        `${i}          <Name>${xmlEscape(pdo.name)}</Name>`,
      );
      for (const e of entries) {
        out.push(`${i}          <Entry>`, `${i}            <Index>#x${hex(e.index, 4)}</Index>`);
        if (e.index) out.push(`${i}            <SubIndex>${e.subindex}</SubIndex>`);
        out.push(`${i}            <BitLen>${e.bitLength}</BitLen>`);
        if (e.index) {
          out.push(`${i}            <Name>${xmlEscape(e.name)}</Name>`, `${i}            <DataType>${guessDataType(e.bitLength)}</DataType>`);
        }
        out.push(`${i}          </Entry>`);
      }
      out.push(`${i}        </${tag}>`);
    }
  });
  out.push(`${i}      </Device>`, `${i}    </Devices>`, `${i}  </Descriptions>`, `${i}</EtherCATInfo>`);
  return out;
}

export function formatXml(list: readonly SlavePdos[]): string {
  const many = list.length > 1;
  const out = ['<?xml version="1.0" ?>'];
  if (many) out.push('<EtherCATInfoList>');
  for (const d of list) out.push(...slaveXml(d, many ? '  ' : ''));
  if (many) out.push('</EtherCATInfoList>');
  return out.join('\n') + '\n';
}
