// SPDX-License-Identifier: MIT
// `master` layout, rate columns with C rounding, the lost-frame rule and the DC time line.
import { describe, expect, it } from 'vitest';
import { ecatTimeUtc, formatMaster, lostFrames, masterJson } from '../../src/format/master.js';
import { cFixed } from '../../src/format/text.js';
import { testBus } from '../fixtures/cli/bus.js';

function info() {
  const bus = testBus();
  return { ...bus.master, slaveCount: bus.slaves.length };
}

describe('master', () => {
  it('prints the tool layout', () => {
    expect(formatMaster(info(), 0)).toBe(
      [
        'Master0',
        '  Phase: Operation',
        '  Active: yes',
        '  Slaves: 5',
        '  Ethernet devices:',
        '    Main: 00:1b:21:aa:bb:cc (attached)',
        '      Link: UP',
        '      Tx frames:   1203344',
        '      Tx bytes:    120334400',
        '      Rx frames:   1203343',
        '      Rx bytes:    120334300',
        '      Tx errors:   0',
        '      Tx frame rate [1/s]:   1000   1000   1000',
        '      Tx rate [KByte/s]:     98.2   98.2   98.1',
        '      Rx frame rate [1/s]:   1000   1000   1000',
        '      Rx rate [KByte/s]:     98.2   98.2   98.1',
        '    Common:',
        '      Tx frames:   1203344',
        '      Tx bytes:    120334400',
        '      Rx frames:   1203343',
        '      Rx bytes:    120334300',
        '      Lost frames: 0',
        '      Tx frame rate [1/s]:   1000   1000   1000',
        '      Tx rate [KByte/s]:     98.2   98.2   98.1',
        '      Rx frame rate [1/s]:   1000   1000   1000',
        '      Rx rate [KByte/s]:     98.2   98.2   98.1',
        '      Loss rate [1/s]:          0      0      0',
        '      Frame loss [%]:         0.0    0.0    0.1',
        '  Distributed clocks:',
        '    Reference clock:   Slave 3',
        '    DC reference time: 812345678000000000',
        '    Application time:  812345679123456789',
        '                       2025-09-28 03:34:39.123456789',
        '',
      ].join('\n'),
    );
  });

  it('shows a waiting backup device, no reference clock, and no DC reference time before 1.6', () => {
    const m = info();
    const main = m.devices[0];
    if (!main) throw new Error('fixture');
    m.devices = [main, { ...main, mac: '00:00:00:00:00:00', attached: false, linkUp: false }];
    m.refClock = 0xffff;
    m.dcRefTime = null;
    m.phase = 0;
    const text = formatMaster(m, 2);
    expect(text).toContain('Master2\n  Phase: Waiting for device(s)...\n');
    expect(text).toContain('    Backup: 00:00:00:00:00:00 (waiting...)\n      Link: DOWN\n');
    expect(text).toContain('    Reference clock:   None\n    Application time:  ');
    expect(text).not.toContain('DC reference time');
  });

  it('tolerates one frame in flight when counting lost frames', () => {
    const m = info();
    expect(lostFrames({ ...m, txCount: 10, rxCount: 9 })).toBe(0);
    expect(lostFrames({ ...m, txCount: 10, rxCount: 7 })).toBe(3);
  });

  it('converts EtherCAT time (ns since 2000) to UTC', () => {
    expect(ecatTimeUtc(0n)).toBe('2000-01-01 00:00:00.000000000');
    expect(ecatTimeUtc(86400n * 1000000000n + 5n)).toBe('2000-01-02 00:00:00.000000005');
  });

  it('has a JSON shape with natural units and 64-bit times as strings', () => {
    const j = masterJson(info(), 0) as Record<string, any>;
    expect(j.phase).toBe('operation');
    expect(j.common.lostFrames).toBe(0);
    expect(j.common.txFrameRate).toEqual([1000, 1000, 999.5]);
    expect(j.distributedClocks).toEqual({
      referenceClock: 3,
      dcReferenceTime: '812345678000000000',
      applicationTime: '812345679123456789',
      applicationTimeUtc: '2025-09-28T03:34:39.123456789Z',
    });
  });
});

describe('cFixed', () => {
  it('rounds exact ties to even like printf, everything else like toFixed', () => {
    expect(cFixed(0.5, 0)).toBe('0');
    expect(cFixed(1.5, 0)).toBe('2');
    expect(cFixed(2.5, 0)).toBe('2');
    expect(cFixed(98.25, 1)).toBe('98.2');
    expect(cFixed(98.35, 1)).toBe((98.35).toFixed(1)); // 98.35 is not exact in binary: no tie
    expect(cFixed(0.1, 1)).toBe('0.1');
    expect(cFixed(999.5, 0)).toBe('1000');
  });
});
