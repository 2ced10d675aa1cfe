// SPDX-License-Identifier: MIT
// `ecat sdos`: the CoE object dictionary, one `SDO 0xIIII, "name"` line per object and one line
// per entry with its access rights for PREOP, SAFEOP and OP (r/w or '-', interleaved as rwrwrw),
// the data type name (or `type 0123`), the bit length and the description, as the tool prints it.
import type { NativeSdoEntryInfo } from '../binding/native.js';
import { dataTypeByCode, dataTypeLabel } from '../coe/datatypes.js';
import { hex, hex0x, lines } from './text.js';
import type { SlaveSdos } from './types.js';

/** `rwr-r-`: read/write flags for PREOP, SAFEOP and OP. */
export function accessString(e: Pick<NativeSdoEntryInfo, 'readAccess' | 'writeAccess'>): string {
  let s = '';
  for (let i = 0; i < 3; i++) s += (e.readAccess[i] ? 'r' : '-') + (e.writeAccess[i] ? 'w' : '-');
  return s;
}

export interface SdosFormatOptions {
  masterIndex: number;
  showHeader: boolean;
  /** -q: objects only. */
  quiet?: boolean;
}

export function formatSlaveSdos(d: SlaveSdos, o: SdosFormatOptions): string {
  const out: string[] = [];
  if (o.showHeader && d.slave.sdoCount) out.push(`=== Master ${o.masterIndex}, Slave ${d.slave.position} ===`);
  for (const { sdo, entries } of d.sdos) {
    out.push(`SDO ${hex0x(sdo.index, 4)}, "${sdo.name}"`);
    if (o.quiet) continue;
    for (const e of entries) {
      out.push(
        `  ${hex0x(sdo.index, 4)}:${hex(e.subindex, 2)}, ${accessString(e)}, ${dataTypeLabel(e.dataType)}, ${e.bitLength} bit, "${e.description}"`,
      );
    }
  }
  return lines(out);
}

export function formatSdos(list: readonly SlaveSdos[], o: Omit<SdosFormatOptions, 'showHeader'>): string {
  const showHeader = list.length > 1;
  return list.map((d) => formatSlaveSdos(d, { ...o, showHeader })).join('');
}

// ---------------------------------------------------------------------------------------------
// JSON

const states = ['preop', 'safeop', 'op'] as const;

function access(flags: readonly boolean[]): Record<(typeof states)[number], boolean> {
  return { preop: !!flags[0], safeop: !!flags[1], op: !!flags[2] };
}

/** `ecat sdos --json`. See docs/cli.md#sdos. */
export function sdosJson(list: readonly SlaveSdos[], masterIndex: number, quiet = false): Record<string, unknown> {
  return {
    master: masterIndex,
    slaves: list.map((d) => ({
      position: d.slave.position,
      sdos: d.sdos.map(({ sdo, entries }) => ({
        index: sdo.index,
        indexHex: hex0x(sdo.index, 4),
        name: sdo.name,
        maxSubindex: sdo.maxSubindex,
        ...(quiet
          ? {}
          : {
              entries: entries.map((e) => ({
                subindex: e.subindex,
                dataType: dataTypeByCode(e.dataType)?.name ?? null,
                dataTypeCode: e.dataType,
                bitLength: e.bitLength,
                access: accessString(e),
                read: access(e.readAccess),
                write: access(e.writeAccess),
                description: e.description,
              })),
            }),
      })),
    })),
  };
}
