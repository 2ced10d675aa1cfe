// SPDX-License-Identifier: MIT
// `ecat config`: the application's slave configurations. One line each (alias:position, expected
// identity, attached slave and its state, or '-'), or with -v a block per configuration: identity,
// attached slave, watchdog, PDO assignment per sync manager, startup SDOs with their data bytes,
// IDNs, feature flags and the DC settings. The tool's layout, including its trailing blanks.
import { alStateName, alStateString } from './al-state.js';
import { hex, hex0x, hexBytes, left, lines, right } from './text.js';
import type { ConfigData } from './types.js';

/** Direction values of ec_direction_t. */
const DIR_OUTPUT = 1;
const DIR_INPUT = 2;

const watchdogModes: Record<number, string> = { 0: 'Default', 1: 'Enable', 2: 'Disable' };

export function formatConfigList(list: readonly ConfigData[]): string {
  const rows = list.map(({ config: c, slave }) => ({
    alias: String(c.alias),
    pos: String(c.position),
    ident: `${hex0x(c.vendorId, 8)}/${hex0x(c.productCode, 8)}`,
    slavePos: c.slavePosition !== -1 ? String(c.slavePosition) : '-',
    state: c.slavePosition !== -1 && slave ? alStateString(slave.alState) : '-',
  }));
  const w = (k: 'alias' | 'pos' | 'slavePos' | 'state') => rows.reduce((m, r) => Math.max(m, r[k].length), 0);
  const [wa, wp, wsp, wst] = [w('alias'), w('pos'), w('slavePos'), w('state')];
  return lines(rows.map((r) => `${right(r.alias, wa)}:${left(r.pos, wp)}  ${r.ident}  ${left(r.slavePos, wsp)}  ${left(r.state, wst)}  `));
}

/** Data bytes of a startup SDO: a space after each byte except where a line of 16 ends. */
function sdoBytes(data: Uint8Array, indent: string): string[] {
  let line = indent;
  const out: string[] = [];
  data.forEach((b, i) => {
    line += hex(b, 2);
    if ((i + 1) % 16 === 0 && i < data.length - 1) {
      out.push(line);
      line = indent;
    } else {
      line += ' ';
    }
  });
  out.push(line);
  return out;
}

export function formatConfigDetail(d: ConfigData): string {
  const c = d.config;
  const out: string[] = [
    `Alias: ${c.alias}`,
    `Position: ${c.position}`,
    `Vendor Id: ${hex0x(c.vendorId, 8)}`,
    `Product code: ${hex0x(c.productCode, 8)}`,
    `Attached slave: ${c.slavePosition !== -1 ? `${c.slavePosition} (${d.slave ? alStateString(d.slave.alState) : '???'})` : 'none'}`,
    `Watchdog divider: ${c.watchdogDivider ? c.watchdogDivider : '(Default)'}`,
    `Watchdog intervals: ${c.watchdogIntervals ? c.watchdogIntervals : '(Default)'}`,
  ];
  for (const sm of d.syncs) {
    if (!sm.pdos.length) continue;
    out.push(`SM${sm.index}, Dir: ${sm.dir === DIR_INPUT ? 'Input' : 'Output'}, Watchdog: ${watchdogModes[sm.watchdogMode] ?? '???'}`);
    for (const { pdo, entries } of sm.pdos) {
      out.push(`  PDO ${hex0x(pdo.index, 4)}`);
      for (const e of entries) out.push(`    PDO entry ${hex0x(e.index, 4)}:${hex(e.subindex, 2)}, ${right(e.bitLength, 2)} bit`);
    }
  }
  out.push('SDO configuration:');
  if (d.sdos.length) {
    for (const s of d.sdos) {
      out.push(`  ${hex0x(s.index, 4)}${s.completeAccess ? ' C' : `:${hex(s.subindex, 2)}`}, ${s.data.length} byte`);
      out.push(...sdoBytes(s.data, '    '));
    }
  } else {
    out.push('  None.');
  }
  // The IDN and feature-flag contents are not part of the inspection interface yet: show counts.
  out.push('IDN configuration:', c.idnCount ? `  ${c.idnCount} IDN${c.idnCount === 1 ? '' : 's'} configured.` : '  None.');
  out.push('Feature flags:', c.flagCount ? `  ${c.flagCount} flag${c.flagCount === 1 ? '' : 's'} set.` : '  None.');
  if (c.dcAssignActivate) {
    out.push('DC configuration:', `  AssignActivate: ${hex0x(c.dcAssignActivate, 4)}`, '         Cycle [ns]   Shift [ns]');
    c.dcSync.forEach((s, i) => out.push(`  SYNC${i}  ${right(s.cycleTime, 11)}  ${right(s.shiftTime, 11)}`));
  }
  out.push('');
  return lines(out);
}

export function formatConfigs(list: readonly ConfigData[], verbose: boolean): string {
  return verbose ? list.map(formatConfigDetail).join('') : formatConfigList(list);
}

/** `ecat config --json` (always the detailed shape). See docs/cli.md#config. */
export function configsJson(list: readonly ConfigData[], masterIndex: number): Record<string, unknown> {
  return {
    master: masterIndex,
    configs: list.map(({ config: c, slave, syncs, sdos }) => ({
      index: c.index,
      alias: c.alias,
      position: c.position,
      vendorId: c.vendorId,
      vendorIdHex: hex0x(c.vendorId, 8),
      productCode: c.productCode,
      productCodeHex: hex0x(c.productCode, 8),
      attachedSlave: c.slavePosition === -1 ? null : c.slavePosition,
      slaveState: c.slavePosition !== -1 && slave ? alStateName(slave.alState) : null,
      watchdogDivider: c.watchdogDivider || null,
      watchdogIntervals: c.watchdogIntervals || null,
      syncManagers: syncs
        .filter((s) => s.pdos.length)
        .map((s) => ({
          index: s.index,
          direction: s.dir === DIR_INPUT ? 'input' : s.dir === DIR_OUTPUT ? 'output' : 'invalid',
          watchdog: (watchdogModes[s.watchdogMode] ?? 'unknown').toLowerCase(),
          pdos: s.pdos.map(({ pdo, entries }) => ({
            index: pdo.index,
            indexHex: hex0x(pdo.index, 4),
            entries: entries.map((e) => ({ index: e.index, indexHex: hex0x(e.index, 4), subindex: e.subindex, bitLength: e.bitLength })),
          })),
        })),
      sdos: sdos.map((s) => ({
        index: s.index,
        indexHex: hex0x(s.index, 4),
        subindex: s.completeAccess ? null : s.subindex,
        completeAccess: s.completeAccess,
        size: s.data.length,
        data: hexBytes(s.data),
      })),
      idnCount: c.idnCount,
      flagCount: c.flagCount,
      dc: c.dcAssignActivate
        ? {
            assignActivate: c.dcAssignActivate,
            assignActivateHex: hex0x(c.dcAssignActivate, 4),
            sync: c.dcSync.map((s) => ({ cycleTime: s.cycleTime, shiftTime: s.shiftTime })),
          }
        : null,
    })),
  };
}
