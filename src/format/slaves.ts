// SPDX-License-Identifier: MIT
// `ecat slaves`: the one-line-per-slave list, the `-v` blocks and the JSON shape. Layouts follow
// the `ethercat` tool: list columns separated by two spaces, position right-aligned and
// alias:relpos, state padded to the widest value; verbose blocks with identity, DL information,
// the port table, mailboxes and the SII general category.
import type { NativePort, NativeSlaveInfo } from '../binding/native.js';
import { alStateError, alStateName, alStateString } from './al-state.js';
import { hex0x, left, lines, right, yesNo } from './text.js';
import type { SlaveRow } from './types.js';

/** Compute alias:position for every slave of the bus (in ring order). */
export function slaveRows(all: readonly NativeSlaveInfo[]): SlaveRow[] {
  let aliasRef = 0;
  let rel = 0;
  return all.map((slave) => {
    if (slave.alias) {
      aliasRef = slave.alias;
      rel = 0;
    }
    return { slave, aliasRef, relativePosition: rel++ };
  });
}

/** The name column: SII name, or 0xVENDOR:0xPRODUCT when the SII has none. */
export function slaveDisplayName(s: NativeSlaveInfo): string {
  return s.name ? s.name : `${hex0x(s.vendorId, 8)}:${hex0x(s.productCode, 8)}`;
}

/** One line per slave. A device change (main -> backup) is marked with the tool's LINK FAILURE line. */
export function formatSlaveList(rows: readonly SlaveRow[]): string {
  const cells = rows.map((r) => ({
    pos: String(r.slave.position),
    alias: String(r.aliasRef),
    rel: String(r.relativePosition),
    state: alStateString(r.slave.alState),
    flag: r.slave.errorFlag ? 'E' : '+',
    name: slaveDisplayName(r.slave),
    device: r.slave.deviceIndex,
  }));
  const w = (k: 'pos' | 'alias' | 'rel' | 'state') => cells.reduce((m, c) => Math.max(m, c[k].length), 0);
  const [wp, wa, wr, ws] = [w('pos'), w('alias'), w('rel'), w('state')];
  const out: string[] = [];
  let lastDevice = 0;
  for (const c of cells) {
    if (c.device !== lastDevice) {
      lastDevice = c.device;
      out.push('xxx LINK FAILURE xxx');
    }
    out.push(`${right(c.pos, wp)}  ${right(c.alias, wa)}:${left(c.rel, wr)}  ${left(c.state, ws)}  ${c.flag}  ${c.name}`);
  }
  return lines(out);
}

const portTypes: Record<number, string> = { 0: 'N/A', 1: 'N/C', 2: 'EBUS', 3: 'MII' };

/** Port type as the tool abbreviates it. */
export function portTypeName(desc: number): string {
  return portTypes[desc] ?? '???';
}

const protocolBits: Array<[number, string]> = [
  [0x01, 'AoE'],
  [0x02, 'EoE'],
  [0x04, 'CoE'],
  [0x08, 'FoE'],
  [0x10, 'SoE'],
  [0x20, 'VoE'],
];

/** Mailbox protocol names in the tool's order. */
export function mailboxProtocols(mask: number): string[] {
  return protocolBits.filter(([bit]) => mask & bit).map(([, name]) => name);
}

function dcText(s: NativeSlaveInfo): string {
  if (!s.dcSupported) return 'no';
  if (!s.hasDcSystemTime) return 'yes, delay measurement only';
  return s.dcRange === 1 ? 'yes, 64 bit' : s.dcRange === 0 ? 'yes, 32 bit' : 'yes, ???';
}

function portLine(i: number, p: NativePort, p0: NativePort, dc: boolean): string {
  let line =
    `   ${i}  ${left(portTypeName(p.desc), 4)}  ${left(p.linkUp ? 'up' : 'down', 4)}  ` +
    `${left(p.loopClosed ? 'closed' : 'open', 6)}  ${left(p.signalDetected ? 'yes' : 'no', 6)}  ` +
    right(p.nextSlave !== 0xffff ? String(p.nextSlave) : '-', 9);
  if (dc) {
    const open = !p.loopClosed;
    // The difference is unsigned 32-bit arithmetic in the tool (receive times are 32-bit latches).
    line +=
      '  ' + right(open ? String(p.receiveTime) : '-', 11) +
      '  ' + right(open ? String((p.receiveTime - p0.receiveTime) >>> 0) : '-', 10) +
      '  ' + right(open ? String(p.delayToNextDc) : '-', 10);
  }
  return line;
}

/** The `slaves -v` block of one slave. */
export function formatSlaveVerbose(s: NativeSlaveInfo, masterIndex: number): string {
  const out: string[] = [`=== Master ${masterIndex}, Slave ${s.position} ===`];
  if (s.alias) out.push(`Alias: ${s.alias}`);
  out.push(
    `Device: ${s.deviceIndex ? 'Backup' : 'Main'}`,
    `State: ${alStateString(s.alState)}`,
    `Flag: ${s.errorFlag ? 'E' : '+'}`,
    'Identity:',
    `  Vendor Id:       ${hex0x(s.vendorId, 8)}`,
    `  Product code:    ${hex0x(s.productCode, 8)}`,
    `  Revision number: ${hex0x(s.revisionNumber, 8)}`,
    `  Serial number:   ${hex0x(s.serialNumber, 8)}`,
    'DL information:',
    `  FMMU bit operation: ${yesNo(s.fmmuBit)}`,
    `  Distributed clocks: ${dcText(s)}`,
  );
  if (s.dcSupported) out.push(`  DC system time transmission delay: ${s.transmissionDelay} ns`);
  out.push('Port  Type  Link  Loop    Signal  NextSlave' + (s.dcSupported ? '  RxTime [ns]  Diff [ns]   NextDc [ns]' : ''));
  const p0 = s.ports[0];
  s.ports.forEach((p, i) => out.push(portLine(i, p, p0 ?? p, s.dcSupported)));
  if (s.mailboxProtocols) {
    out.push(
      'Mailboxes:',
      `  Bootstrap RX: ${hex0x(s.bootRxMailboxOffset, 4)}/${s.bootRxMailboxSize}, TX: ${hex0x(s.bootTxMailboxOffset, 4)}/${s.bootTxMailboxSize}`,
      `  Standard  RX: ${hex0x(s.stdRxMailboxOffset, 4)}/${s.stdRxMailboxSize}, TX: ${hex0x(s.stdTxMailboxOffset, 4)}/${s.stdTxMailboxSize}`,
      `  Supported protocols: ${mailboxProtocols(s.mailboxProtocols).join(', ')}`,
    );
  }
  if (s.hasGeneralCategory) {
    out.push('General:', `  Group: ${s.group}`, `  Image name: ${s.image}`, `  Order number: ${s.order}`, `  Device name: ${s.name}`);
    if (s.mailboxProtocols & 0x04) {
      const c = s.coeDetails;
      out.push(
        '  CoE details:',
        `    Enable SDO: ${yesNo(c.enableSdo)}`,
        `    Enable SDO Info: ${yesNo(c.enableSdoInfo)}`,
        `    Enable PDO Assign: ${yesNo(c.enablePdoAssign)}`,
        `    Enable PDO Configuration: ${yesNo(c.enablePdoConfiguration)}`,
        `    Enable Upload at startup: ${yesNo(c.enableUploadAtStartup)}`,
        `    Enable SDO complete access: ${yesNo(c.enableSdoCompleteAccess)}`,
      );
    }
    out.push(
      '  Flags:',
      `    Enable SafeOp: ${yesNo(s.generalFlags.enableSafeop)}`,
      `    Enable notLRW: ${yesNo(s.generalFlags.enableNotLrw)}`,
      `  Current consumption: ${s.currentOnEbus} mA`,
    );
  }
  return lines(out);
}

/** `slaves -v` for a selection: the blocks one after the other. */
export function formatSlavesVerbose(rows: readonly SlaveRow[], masterIndex: number): string {
  return rows.map((r) => formatSlaveVerbose(r.slave, masterIndex)).join('');
}

// ---------------------------------------------------------------------------------------------
// JSON

function mailbox(offset: number, size: number): { offset: number; size: number } {
  return { offset, size };
}

/** JSON shape of one slave (the same with and without -v). See docs/cli.md#slaves. */
export function slaveJson(r: SlaveRow): Record<string, unknown> {
  const s = r.slave;
  const p0 = s.ports[0];
  return {
    position: s.position,
    alias: s.alias,
    aliasRef: r.aliasRef,
    relativePosition: r.relativePosition,
    device: s.deviceIndex ? 'backup' : 'main',
    state: alStateName(s.alState),
    alState: s.alState,
    alError: alStateError(s.alState),
    errorFlag: s.errorFlag,
    name: s.name,
    displayName: slaveDisplayName(s),
    vendorId: s.vendorId,
    vendorIdHex: hex0x(s.vendorId, 8),
    productCode: s.productCode,
    productCodeHex: hex0x(s.productCode, 8),
    revisionNumber: s.revisionNumber,
    revisionNumberHex: hex0x(s.revisionNumber, 8),
    serialNumber: s.serialNumber,
    serialNumberHex: hex0x(s.serialNumber, 8),
    fmmuBitOperation: s.fmmuBit,
    dc: s.dcSupported
      ? {
          systemTime: s.hasDcSystemTime,
          range: s.hasDcSystemTime ? (s.dcRange === 1 ? 64 : 32) : null,
          transmissionDelay: s.transmissionDelay,
        }
      : null,
    ports: s.ports.map((p, i) => ({
      port: i,
      type: portTypeName(p.desc),
      linkUp: p.linkUp,
      loopClosed: p.loopClosed,
      signalDetected: p.signalDetected,
      nextSlave: p.nextSlave === 0xffff ? null : p.nextSlave,
      receiveTime: s.dcSupported && !p.loopClosed ? p.receiveTime : null,
      receiveTimeDiff: s.dcSupported && !p.loopClosed && p0 ? (p.receiveTime - p0.receiveTime) >>> 0 : null,
      delayToNextDc: s.dcSupported && !p.loopClosed ? p.delayToNextDc : null,
    })),
    mailboxes: s.mailboxProtocols
      ? {
          bootstrapRx: mailbox(s.bootRxMailboxOffset, s.bootRxMailboxSize),
          bootstrapTx: mailbox(s.bootTxMailboxOffset, s.bootTxMailboxSize),
          standardRx: mailbox(s.stdRxMailboxOffset, s.stdRxMailboxSize),
          standardTx: mailbox(s.stdTxMailboxOffset, s.stdTxMailboxSize),
          protocols: mailboxProtocols(s.mailboxProtocols),
        }
      : null,
    general: s.hasGeneralCategory
      ? {
          group: s.group,
          image: s.image,
          order: s.order,
          name: s.name,
          coeDetails: s.mailboxProtocols & 0x04 ? { ...s.coeDetails } : null,
          flags: { ...s.generalFlags },
          currentConsumption: s.currentOnEbus,
        }
      : null,
    syncManagerCount: s.syncCount,
    sdoCount: s.sdoCount,
    siiWords: s.siiNwords,
  };
}

/** `ecat slaves --json`. */
export function slavesJson(rows: readonly SlaveRow[], masterIndex: number): Record<string, unknown> {
  return { master: masterIndex, slaves: rows.map(slaveJson) };
}
