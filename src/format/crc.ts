// SPDX-License-Identifier: MIT
// `ecat crc`: per-port error counters of every slave from ESC registers 0x300-0x313: CRC
// (invalid frame, 0x300/2/4/6), PHY (RX error, 0x301/3/5/7), FWD (forwarded RX error,
// 0x308-0x30b), and NXT (the slave behind the port: an arrow for the neighbour above or below,
// else its position). Closed ports are left blank. The tool's table layout.
import { right } from './text.js';
import type { CrcRow } from './types.js';

export const CRC_REGISTER_ADDRESS = 0x0300;
export const CRC_REGISTER_SIZE = 20;

export interface PortCounters {
  crc: number;
  phy: number;
  forwarded: number;
  lostLink: number;
}

export function portCounters(registers: Uint8Array, port: number): PortCounters {
  return {
    crc: registers[port * 2] ?? 0,
    phy: registers[port * 2 + 1] ?? 0,
    forwarded: registers[8 + port] ?? 0,
    lostLink: registers[16 + port] ?? 0,
  };
}

export function formatCrc(rows: readonly CrcRow[]): string {
  const out = ['   |' + [0, 1, 2, 3].map((p) => `Port ${p}         |`).join(''), '   |' + 'CRC PHY FWD NXT|'.repeat(4)];
  for (const { slave, registers } of rows) {
    const i = slave.position;
    let line = right(i, 3) + '|';
    for (let port = 0; port < 4; port++) {
      const p = slave.ports[port];
      if (!p || p.loopClosed) {
        line += '               |';
        continue;
      }
      const c = portCounters(registers, port);
      line += right(c.crc, 3) + right(c.phy, 4) + right(c.forwarded, 4);
      if (p.nextSlave === i - 1) line += '   ↑';
      else if (p.nextSlave === i + 1) line += '   ↓';
      else if (p.nextSlave !== 0xffff) line += right(p.nextSlave, 4);
      else line += '    ';
      line += '|';
    }
    out.push(line + slave.name.slice(0, 11));
  }
  return out.join('\n') + '\n';
}

/** `ecat crc --json`. See docs/cli.md#crc. */
export function crcJson(rows: readonly CrcRow[], masterIndex: number): Record<string, unknown> {
  return {
    master: masterIndex,
    slaves: rows.map(({ slave, registers }) => ({
      position: slave.position,
      name: slave.name,
      ports: [0, 1, 2, 3].map((port) => {
        const p = slave.ports[port];
        const open = !!p && !p.loopClosed;
        return {
          port,
          open,
          ...(open ? portCounters(registers, port) : {}),
          nextSlave: p && p.nextSlave !== 0xffff ? p.nextSlave : null,
        };
      }),
    })),
  };
}
