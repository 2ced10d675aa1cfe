// SPDX-License-Identifier: MIT
// `domains` and `config` layouts and JSON.
import { describe, expect, it } from 'vitest';
import { FmmuRangeError, domainsJson, formatDomains } from '../../src/format/domains.js';
import { configsJson, formatConfigList, formatConfigs } from '../../src/format/config.js';
import { testBus } from '../fixtures/cli/bus.js';
import { configTree, domainTree } from '../fixtures/cli/trees.js';

describe('domains', () => {
  it('prints one summary line per domain', () => {
    const bus = testBus();
    expect(formatDomains([domainTree(bus, 0, false)], { devices: 1 })).toBe('Domain0: LogBaseAddr 0x00000000, Size  12, WorkingCounter 3/3\n');
  });

  it('adds FMMUs and process data with -v, 16 bytes per line, a blank after each byte', () => {
    const bus = testBus();
    const d = bus.domains[0];
    if (!d) throw new Error('fixture');
    d.info.dataSize = 24;
    d.data = Buffer.from(Array.from({ length: 24 }, (_, i) => i));
    d.fmmus[1] = { ...(d.fmmus[1] as (typeof d.fmmus)[0]), dataSize: 18 };
    expect(formatDomains([domainTree(bus, 0, true)], { devices: 1, verbose: true })).toBe(
      [
        'Domain0: LogBaseAddr 0x00000000, Size  24, WorkingCounter 3/3',
        '  SlaveConfig 5:0, SM2 (Output), LogAddr 0x00000000, Size 6',
        '    00 01 02 03 04 05 ',
        '  SlaveConfig 5:0, SM3 ( Input), LogAddr 0x00000006, Size 18',
        '    06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 ',
        '    16 17 ',
        '',
      ].join('\n'),
    );
  });

  it('shows per-device working counters with a backup device', () => {
    const bus = testBus();
    const d = domainTree(bus, 0, false);
    d.domain.workingCounter = [2, 1];
    expect(formatDomains([d], { devices: 2 })).toBe('Domain0: LogBaseAddr 0x00000000, Size  12, WorkingCounter 3/3 (2+1)\n');
  });

  it('refuses an FMMU outside its domain', () => {
    const bus = testBus();
    const d = domainTree(bus, 0, true);
    d.fmmus[1] = { ...(d.fmmus[1] as (typeof d.fmmus)[0]), logicalAddress: 10 };
    expect(() => formatDomains([d], { devices: 1, verbose: true })).toThrow(FmmuRangeError);
  });

  it('has a JSON shape with per-FMMU data when read', () => {
    const bus = testBus();
    const j = domainsJson([domainTree(bus, 0, true)], 0, 1) as any;
    expect(j.domains[0]).toMatchObject({ index: 0, size: 12, workingCounter: 3, expectedWorkingCounter: 3, workingCounterPerDevice: [3], data: '0f0010270000370218fcffff' });
    expect(j.domains[0].fmmus[1]).toEqual({
      slaveConfig: { alias: 5, position: 0 },
      syncIndex: 3,
      direction: 'input',
      logicalAddress: 6,
      logicalAddressHex: '0x00000006',
      size: 6,
      data: '370218fcffff',
    });
    expect((domainsJson([domainTree(bus, 0, false)], 0, 1) as any).domains[0].data).toBeUndefined();
  });
});

describe('config', () => {
  it('lists configurations one per line with the tool widths and trailing blanks', () => {
    const bus = testBus();
    expect(formatConfigList([configTree(bus, 1), configTree(bus, 0)])).toBe(
      ['0:9  0x00000002/0x07113052  -  -   ', '5:0  0x00000abc/0x00001234  3  OP  ', ''].join('\n'),
    );
  });

  it('shows the detailed configuration with -v', () => {
    const bus = testBus();
    expect(formatConfigs([configTree(bus, 0)], true)).toBe(
      [
        'Alias: 5',
        'Position: 0',
        'Vendor Id: 0x00000abc',
        'Product code: 0x00001234',
        'Attached slave: 3 (OP)',
        'Watchdog divider: (Default)',
        'Watchdog intervals: 1000',
        'SM2, Dir: Output, Watchdog: Enable',
        '  PDO 0x1600',
        '    PDO entry 0x6040:00, 16 bit',
        '    PDO entry 0x607a:00, 32 bit',
        'SM3, Dir: Input, Watchdog: Default',
        '  PDO 0x1a00',
        '    PDO entry 0x6041:00, 16 bit',
        '    PDO entry 0x6064:00, 32 bit',
        'SDO configuration:',
        '  0x6060:00, 1 byte',
        '    08 ',
        '  0x1c12 C, 18 byte',
        '    00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f',
        '    10 11 ',
        'IDN configuration:',
        '  None.',
        'Feature flags:',
        '  None.',
        'DC configuration:',
        '  AssignActivate: 0x0300',
        '         Cycle [ns]   Shift [ns]',
        '  SYNC0      1000000            0',
        '  SYNC1            0            0',
        '',
        '',
      ].join('\n'),
    );
  });

  it('says none for an unattached configuration without SDOs', () => {
    const bus = testBus();
    const text = formatConfigs([configTree(bus, 1)], true);
    expect(text).toContain('Attached slave: none\nWatchdog divider: (Default)\nWatchdog intervals: (Default)\nSDO configuration:\n  None.\n');
    expect(text).not.toContain('DC configuration');
  });

  it('has a JSON shape', () => {
    const bus = testBus();
    const j = configsJson([configTree(bus, 0)], 0) as any;
    expect(j.configs[0]).toMatchObject({ alias: 5, position: 0, attachedSlave: 3, slaveState: 'OP', watchdogDivider: null, watchdogIntervals: 1000 });
    expect(j.configs[0].syncManagers.map((s: any) => [s.index, s.direction, s.watchdog])).toEqual([
      [2, 'output', 'enable'],
      [3, 'input', 'default'],
    ]);
    expect(j.configs[0].sdos[1]).toMatchObject({ index: 0x1c12, subindex: null, completeAccess: true, size: 18 });
    expect(j.configs[0].dc).toEqual({ assignActivate: 0x300, assignActivateHex: '0x0300', sync: [{ cycleTime: 1000000, shiftTime: 0 }, { cycleTime: 0, shiftTime: 0 }] });
  });
});
