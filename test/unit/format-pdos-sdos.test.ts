// SPDX-License-Identifier: MIT
// `pdos` and `sdos` layouts and JSON.
import { describe, expect, it } from 'vitest';
import { formatPdos, pdosJson } from '../../src/format/pdos.js';
import { accessString, formatSdos, sdosJson } from '../../src/format/sdos.js';
import { testBus } from '../fixtures/cli/bus.js';
import { pdoTree, sdoTree, slaveAt } from '../fixtures/cli/trees.js';

describe('pdos', () => {
  it('prints sync managers, PDOs (Rx/Tx from the direction bit) and entries', () => {
    const bus = testBus();
    expect(formatPdos([pdoTree(slaveAt(bus, 3))], { masterIndex: 0 })).toBe(
      [
        'SM0: PhysAddr 0x1000, DefaultSize  128, ControlRegister 0x26, Enable 1',
        'SM1: PhysAddr 0x1080, DefaultSize  128, ControlRegister 0x22, Enable 1',
        'SM2: PhysAddr 0x1100, DefaultSize    0, ControlRegister 0x64, Enable 1',
        '  RxPDO 0x1600 "RxPDO 1"',
        '    PDO entry 0x6040:00, 16 bit, "Controlword"',
        '    PDO entry 0x607a:00, 32 bit, "Target position"',
        '    PDO entry 0x0000:00,  8 bit, ""',
        'SM3: PhysAddr 0x1180, DefaultSize    0, ControlRegister 0x20, Enable 1',
        '  TxPDO 0x1a00 "TxPDO 1"',
        '    PDO entry 0x6041:00, 16 bit, "Statusword"',
        '    PDO entry 0x6064:00, 32 bit, "Position actual value"',
        '',
      ].join('\n'),
    );
  });

  it('adds slave headers when several slaves are shown, but not for slaves without sync managers', () => {
    const bus = testBus();
    const text = formatPdos([0, 1].map((p) => pdoTree(slaveAt(bus, p))), { masterIndex: 0, quiet: true });
    expect(text.startsWith('=== Master 0, Slave 1 ===\nSM0: PhysAddr 0x1000, DefaultSize    2, ControlRegister 0x20, Enable 1\n  TxPDO 0x1a00 "Channel 1"\n  TxPDO 0x1a01')).toBe(true);
    expect(text).not.toContain('Slave 0');
    expect(text).not.toContain('PDO entry'); // -q
  });

  it('has a JSON shape with directions and hex indices', () => {
    const bus = testBus();
    const j = pdosJson([pdoTree(slaveAt(bus, 3))], 0) as any;
    const sm2 = j.slaves[0].syncManagers[2];
    expect(sm2).toMatchObject({ index: 2, physicalStartAddress: 0x1100, controlRegister: 0x64, enable: true, direction: 'output' });
    expect(sm2.pdos[0]).toMatchObject({ type: 'RxPDO', index: 0x1600, indexHex: '0x1600', name: 'RxPDO 1' });
    expect(sm2.pdos[0].entries[1]).toEqual({ index: 0x607a, indexHex: '0x607a', subindex: 0, bitLength: 32, name: 'Target position' });
  });
});

describe('sdos', () => {
  it('interleaves read/write access for PREOP, SAFEOP, OP', () => {
    expect(accessString({ readAccess: [true, true, true], writeAccess: [true, false, false] })).toBe('rwr-r-');
    expect(accessString({ readAccess: [false, false, true], writeAccess: [false, false, false] })).toBe('----r-');
  });

  it('prints objects and entries, with unknown types as `type XXXX`', () => {
    const bus = testBus();
    const text = formatSdos([sdoTree(slaveAt(bus, 3))], { masterIndex: 0 });
    expect(text.startsWith('SDO 0x1000, "Device type"\n  0x1000:00, r-r-r-, uint32, 32 bit, "Device type"\n')).toBe(true);
    expect(text).toContain('SDO 0x1018, "Identity"\n  0x1018:00, r-r-r-, uint8, 8 bit, "SubIndex 000"\n  0x1018:01, r-r-r-, uint32, 32 bit, "Vendor ID"\n');
    expect(text).toContain('  0x6040:00, rwrwrw, uint16, 16 bit, "Controlword"\n');
    expect(text).toContain('  0x2002:00, r-r-r-, type 0030, 1 bit, "A BIT1 value"\n');
    expect(text).not.toContain('0x3000'); // not in the dictionary
  });

  it('lists objects only with -q, and adds headers for several slaves', () => {
    const bus = testBus();
    const text = formatSdos([3, 4].map((p) => sdoTree(slaveAt(bus, p))), { masterIndex: 0, quiet: true });
    expect(text.split('\n').slice(0, 3)).toEqual(['=== Master 0, Slave 3 ===', 'SDO 0x1000, "Device type"', 'SDO 0x1008, "Device name"']);
    expect(text).toContain('=== Master 0, Slave 4 ===\n');
    expect(text).not.toContain('  0x');
  });

  it('has a JSON shape with per-state access and type names', () => {
    const bus = testBus();
    const j = sdosJson([sdoTree(slaveAt(bus, 3))], 0) as any;
    const cw = j.slaves[0].sdos.find((o: any) => o.index === 0x6040);
    expect(cw.entries[0]).toEqual({
      subindex: 0,
      dataType: 'uint16',
      dataTypeCode: 6,
      bitLength: 16,
      access: 'rwrwrw',
      read: { preop: true, safeop: true, op: true },
      write: { preop: true, safeop: true, op: true },
      description: 'Controlword',
    });
    const odd = j.slaves[0].sdos.find((o: any) => o.index === 0x2002);
    expect(odd.entries[0].dataType).toBeNull();
    expect((sdosJson([sdoTree(slaveAt(bus, 3))], 0, true) as any).slaves[0].sdos[0].entries).toBeUndefined();
  });
});

describe('pdos -s etherlab', () => {
  it('writes the MATLAB template for the generic slave block', async () => {
    const { formatEtherlab } = await import('../../src/format/pdos-etherlab.js');
    const bus = testBus();
    expect(formatEtherlab([pdoTree(slaveAt(bus, 3))], 0)).toBe(
      [
        '%',
        '% Master 0, Slave 3, "SD-100"',
        '%',
        'function rv = slave3()',
        '',
        '% Slave configuration',
        '',
        'rv.SlaveConfig.vendor = 2748;',
        "rv.SlaveConfig.product = hex2dec('00001234');",
        "rv.SlaveConfig.description = 'SD-100';",
        'rv.SlaveConfig.sm = { ...',
        '    {0, 0, {',
        '        }}, ...',
        '    {1, 1, {',
        '        }}, ...',
        '    {2, 0, {',
        "        {hex2dec('1600'), [",
        "            hex2dec('6040'), hex2dec('00'),  16; ...",
        "            hex2dec('607a'), hex2dec('00'),  32; ...",
        "            hex2dec('0000'), hex2dec('00'),   8; ...",
        '            ]}, ...',
        '        }}, ...',
        '    {3, 1, {',
        "        {hex2dec('1a00'), [",
        "            hex2dec('6041'), hex2dec('00'),  16; ...",
        "            hex2dec('6064'), hex2dec('00'),  32; ...",
        '            ]}, ...',
        '        }}, ...',
        '    };',
        '',
        '% Port configuration',
        '',
        'rv.PortConfig.input(1).pdo = [2, 0, 0, 0];',
        'rv.PortConfig.input(1).pdo_data_type = uint(16);',
        '',
        'rv.PortConfig.input(2).pdo = [2, 0, 1, 0];',
        'rv.PortConfig.input(2).pdo_data_type = uint(32);',
        '',
        'rv.PortConfig.output(1).pdo = [3, 0, 0, 0];',
        'rv.PortConfig.output(1).pdo_data_type = uint(16);',
        '',
        'rv.PortConfig.output(2).pdo = [3, 0, 1, 0];',
        'rv.PortConfig.output(2).pdo_data_type = uint(32);',
        '',
        'end',
        '',
      ].join('\n'),
    );
  });
});
