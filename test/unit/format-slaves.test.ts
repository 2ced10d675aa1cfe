// SPDX-License-Identifier: MIT
// `slaves` text layouts (list and -v) against the ethercat tool's layout, and the JSON shape.
import { describe, expect, it } from 'vitest';
import { alStateString, alStateCode } from '../../src/format/al-state.js';
import { formatSlaveList, formatSlaveVerbose, slaveRows, slavesJson } from '../../src/format/slaves.js';
import { testBus } from '../fixtures/cli/bus.js';
import { slaveAt } from '../fixtures/cli/trees.js';

describe('AL state names', () => {
  it('names states and appends +ERROR for the error indication bit', () => {
    expect(alStateString(1)).toBe('INIT');
    expect(alStateString(3)).toBe('BOOT');
    expect(alStateString(0x14)).toBe('SAFEOP+ERROR');
    expect(alStateString(0)).toBe('???');
    expect(alStateCode('safeop')).toBe(4);
    expect(alStateCode('OPERATIONAL')).toBeUndefined();
  });
});

describe('slave list', () => {
  it('computes alias:position from the last aliased slave', () => {
    const bus = testBus();
    const rows = slaveRows(bus.slaves.map((s) => s.info));
    expect(rows.map((r) => `${r.aliasRef}:${r.relativePosition}`)).toEqual(['0:0', '0:1', '0:2', '5:0', '5:1']);
  });

  it('prints one line per slave with the widths of the tool', () => {
    const bus = testBus();
    expect(formatSlaveList(slaveRows(bus.slaves.map((s) => s.info)))).toBe(
      [
        '0  0:0  OP           +  EK1100 EtherCAT Coupler (2A E-Bus)',
        '1  0:1  OP           +  EL1809 16Ch. Dig. Input 24V, 3ms',
        '2  0:2  OP           +  EL2809 16Ch. Dig. Output 24V, 0.5A',
        '3  5:0  OP           +  SD-100 Servo Drive',
        '4  5:1  PREOP+ERROR  E  0x00000abc:0x00001234',
        '',
      ].join('\n'),
    );
  });

  it('right-aligns positions and aliases, left-aligns relative positions', () => {
    const bus = testBus();
    const infos = bus.slaves.map((s) => s.info);
    // Twelve slaves: positions get two digits; alias 1001 on slave 3.
    const many = Array.from({ length: 12 }, (_, i) => ({ ...(infos[i % 3] as (typeof infos)[0]), position: i, alias: i === 3 ? 1001 : 0 }));
    const text = formatSlaveList(slaveRows(many));
    const lines = text.split('\n');
    expect(lines[0]).toBe(' 0     0:0  OP  +  EK1100 EtherCAT Coupler (2A E-Bus)');
    expect(lines[3]).toBe(' 3  1001:0  OP  +  EK1100 EtherCAT Coupler (2A E-Bus)');
    expect(lines[11]).toBe('11  1001:8  OP  +  EL2809 16Ch. Dig. Output 24V, 0.5A');
  });

  it('marks the switch to the backup device', () => {
    const bus = testBus();
    slaveAt(bus, 4).info.deviceIndex = 1;
    const lines = formatSlaveList(slaveRows(bus.slaves.map((s) => s.info))).split('\n');
    expect(lines[4]).toBe('xxx LINK FAILURE xxx');
    expect(lines[5]).toMatch(/^4  5:1/);
  });

  it('prints nothing for an empty selection', () => {
    expect(formatSlaveList([])).toBe('');
  });
});

describe('slave details (-v)', () => {
  it('shows a DC drive with mailboxes and CoE details', () => {
    const bus = testBus();
    expect(formatSlaveVerbose(slaveAt(bus, 3).info, 0)).toBe(
      [
        '=== Master 0, Slave 3 ===',
        'Alias: 5',
        'Device: Main',
        'State: OP',
        'Flag: +',
        'Identity:',
        '  Vendor Id:       0x00000abc',
        '  Product code:    0x00001234',
        '  Revision number: 0x00010000',
        '  Serial number:   0x00001001',
        'DL information:',
        '  FMMU bit operation: yes',
        '  Distributed clocks: yes, 64 bit',
        '  DC system time transmission delay: 150 ns',
        'Port  Type  Link  Loop    Signal  NextSlave  RxTime [ns]  Diff [ns]   NextDc [ns]',
        '   0  MII   up    open    yes             0   1873445210           0         840',
        '   1  MII   up    open    yes             4   1873446050         840           0',
        '   2  N/A   down  closed  no              -            -           -           -',
        '   3  N/A   down  closed  no              -            -           -           -',
        'Mailboxes:',
        '  Bootstrap RX: 0x1000/128, TX: 0x1080/128',
        '  Standard  RX: 0x1000/128, TX: 0x1080/128',
        '  Supported protocols: CoE, FoE',
        'General:',
        '  Group: Drive',
        '  Image name: DRIVE',
        '  Order number: SD-100',
        '  Device name: SD-100 Servo Drive',
        '  CoE details:',
        '    Enable SDO: yes',
        '    Enable SDO Info: yes',
        '    Enable PDO Assign: yes',
        '    Enable PDO Configuration: no',
        '    Enable Upload at startup: no',
        '    Enable SDO complete access: yes',
        '  Flags:',
        '    Enable SafeOp: no',
        '    Enable notLRW: no',
        '  Current consumption: 0 mA',
        '',
      ].join('\n'),
    );
  });

  it('shows a coupler without DC, mailboxes or alias', () => {
    const bus = testBus();
    const text = formatSlaveVerbose(slaveAt(bus, 0).info, 1);
    expect(text).toContain('=== Master 1, Slave 0 ===\nDevice: Main\n');
    expect(text).toContain('  Distributed clocks: no\nPort  Type  Link  Loop    Signal  NextSlave\n');
    expect(text).toContain('   0  MII   up    open    yes             -\n   1  EBUS  up    open    yes             1\n');
    expect(text).not.toContain('Mailboxes:');
    expect(text).not.toContain('CoE details');
    expect(text).toContain('  Current consumption: -2000 mA\n');
  });

  it('describes DC without system time, and 32-bit DC', () => {
    const bus = testBus();
    const s = slaveAt(bus, 3).info;
    expect(formatSlaveVerbose({ ...s, hasDcSystemTime: false }, 0)).toContain('Distributed clocks: yes, delay measurement only\n');
    expect(formatSlaveVerbose({ ...s, dcRange: 0 }, 0)).toContain('Distributed clocks: yes, 32 bit\n');
  });
});

describe('slaves JSON', () => {
  it('has stable keys, hex id strings and null for absent parts', () => {
    const bus = testBus();
    const j = slavesJson(slaveRows(bus.slaves.map((s) => s.info)), 0) as { master: number; slaves: Array<Record<string, unknown>> };
    expect(j.master).toBe(0);
    const drive = j.slaves[4] as Record<string, unknown>;
    expect(drive).toMatchObject({
      position: 4,
      alias: 0,
      aliasRef: 5,
      relativePosition: 1,
      state: 'PREOP',
      alState: 0x12,
      alError: true,
      errorFlag: true,
      name: '',
      displayName: '0x00000abc:0x00001234',
      vendorIdHex: '0x00000abc',
      productCode: 0x1234,
      device: 'main',
    });
    const coupler = j.slaves[0] as Record<string, unknown>;
    expect(coupler.dc).toBeNull();
    expect(coupler.mailboxes).toBeNull();
    expect((drive.mailboxes as { protocols: string[] }).protocols).toEqual(['CoE', 'FoE']);
    expect((drive.ports as Array<{ nextSlave: number | null }>)[1]?.nextSlave).toBeNull();
  });
});
