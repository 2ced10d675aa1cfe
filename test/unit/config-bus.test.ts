// SPDX-License-Identifier: MIT
// checkAgainstBus: a plan compared with a live bus (a fake BusInspector answering like IgH after
// a scan). Missing slaves, wrong identities and revisions, alias addressing, PDO entries that do
// not exist, startup SDOs that are not there or not writable in PREOP, and slaves left at their
// defaults getting their PDOs and their variables' directions from the bus.
import { describe, expect, it } from 'vitest';
import { assertBusMatches, checkAgainstBus, ConfigError, loadBusConfig, parseBusConfig, planBus } from '../../src/config/index.js';
import type { BusCheck, BusPlan } from '../../src/config/index.js';
import { dioSlave, fakeBus, servoSlave, standardSlaves } from '../fixtures/config/fake-bus.js';
import type { FakeSlave } from '../fixtures/config/fake-bus.js';

const FIX = 'test/fixtures/config';
const twoAxis = async (): Promise<BusPlan> => planBus(await loadBusConfig(`${FIX}/two-axis.yaml`));

/** Problems as `file:line:column: [severity] path: message`. */
function lines(r: BusCheck, file = `${FIX}/two-axis.yaml`): string[] {
  return r.problems.map((p) => `${file}:${p.line}:${p.column}: [${p.severity}] ${p.path}: ${p.message}`);
}

function planOf(text: string): BusPlan {
  return planBus(parseBusConfig(text, `${FIX}/bus.yaml`));
}

describe('the fixture plan on the bus it was written for', () => {
  it('matches', async () => {
    const plan = await twoAxis();
    const bus = fakeBus(standardSlaves());
    const r = checkAgainstBus(plan, bus);
    expect(lines(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.positions).toEqual([0, 1, 2, 3]);
    expect(r.plan).toEqual(plan);
    // The input plan is not modified.
    expect(r.plan).not.toBe(plan);
  });
});

describe('slaves and identities', () => {
  it('a missing slave', async () => {
    const r = checkAgainstBus(await twoAxis(), fakeBus(standardSlaves().slice(0, 3)));
    expect(r.ok).toBe(false);
    expect(lines(r)).toEqual([`${FIX}/two-axis.yaml:84:15: [error] slaves[3].position: no slave at position 3: the bus has 3 slaves (positions 0..2)`]);
    expect(r.positions).toEqual([0, 1, 2, null]);
  });

  it('a wrong slave: expected and found identity, never ignored', async () => {
    const slaves = standardSlaves();
    [slaves[0], slaves[2]] = [slaves[2] as FakeSlave, slaves[0] as FakeSlave];
    const r = checkAgainstBus(await twoAxis(), fakeBus(slaves));
    expect(lines(r)).toEqual([
      `${FIX}/two-axis.yaml:17:18: [error] slaves[0].productCode: wrong slave at position 0: expected vendor 0x0000eca7 product 0x00010001 revision 0x00010000, found vendor 0x0000eca7 product 0x00060001 revision 0x00010000 ("Virtual CiA 402 Servo Drive")`,
      `${FIX}/two-axis.yaml:70:18: [error] slaves[2].productCode: wrong slave at position 2: expected vendor 0x0000eca7 product 0x00060001 revision 0x00010000, found vendor 0x0000eca7 product 0x00010001 revision 0x00010000 ("DIO-8I8O 8 Ch. Dig. In, 8 Ch. Dig. Out 24V")`,
    ]);
  });

  it('a wrong vendor and a wrong revision', async () => {
    const slaves = standardSlaves();
    (slaves[0] as FakeSlave).revision = 0x00020000;
    (slaves[3] as FakeSlave).vendorId = 2;
    const r = checkAgainstBus(await twoAxis(), fakeBus(slaves));
    expect(lines(r)).toEqual([
      `${FIX}/two-axis.yaml:18:15: [error] slaves[0].revision: wrong revision at position 0: expected 0x00010000, found 0x00020000 ("DIO-8I8O 8 Ch. Dig. In, 8 Ch. Dig. Out 24V")`,
      `${FIX}/two-axis.yaml:85:15: [error] slaves[3].vendorId: wrong slave at position 3: expected vendor 0x0000eca7 product 0x00060001, found vendor 0x00000002 product 0x00060001 revision 0x00010000 ("Virtual CiA 402 Servo Drive")`,
    ]);
  });

  it('alias addressing: relative positions, a missing alias, two configs on one slave', () => {
    const slaves = [dioSlave(), servoSlave(), { ...servoSlave(), alias: 7 }, servoSlave()];
    const text = [
      'cycleTime: 1ms', // 1
      'slaves:', // 2
      '  - { name: a, alias: 7, position: 1, vendorId: 0xeca7, productCode: 0x00060001 }', // 3
      '  - { name: b, alias: 7, position: 2, vendorId: 0xeca7, productCode: 0x00060001 }', // 4
      '  - { name: c, alias: 9, vendorId: 0xeca7, productCode: 0x00060001 }', // 5
      '  - { name: d, position: 3, vendorId: 0xeca7, productCode: 0x00060001 }', // 6
      '  - { name: e, alias: 7, vendorId: 0xeca7, productCode: 0x00060001 }', // 7
    ].join('\n');
    const r = checkAgainstBus(planOf(text), fakeBus(slaves));
    expect(r.positions).toEqual([3, null, null, 3, 2]);
    expect(lines(r, 'bus.yaml')).toEqual([
      'bus.yaml:4:36: [error] slaves[1].position: alias 7 is at position 2; 2 further is position 4, but the bus has 4 slaves',
      'bus.yaml:5:23: [error] slaves[2].alias: no slave with alias 9 on the bus (aliases found: 7 at position 2)',
      'bus.yaml:6:5: [error] slaves[3]: resolves to position 3, which slaves[0] already configures',
    ]);
  });
});

describe('PDO entries', () => {
  const remap = (entries: string, extra = ''): string =>
    [
      'cycleTime: 1ms', // 1
      'slaves:', // 2
      '  - name: drive', // 3
      '    position: 1', // 4
      '    vendorId: 0xeca7', // 5
      '    productCode: 0x00060001', // 6
      '    syncs:', // 7
      '      - index: 2', // 8
      '        pdos:', // 9
      '          - index: 0x1600', // 10
      `            entries: ${entries}`, // 11
      extra,
    ].join('\n');

  it('an entry neither in the slave\'s PDOs nor in its dictionary, and a width that differs', () => {
    const text = remap('[{ entry: "0x6040:00", bitLength: 16 }, { entry: "0x6071:00", bitLength: 32 }, { entry: "0x6099:01", bitLength: 32 }]');
    const r = checkAgainstBus(planOf(text), fakeBus([dioSlave(), servoSlave()]));
    expect(lines(r, 'bus.yaml')).toEqual([
      'bus.yaml:11:62: [error] slaves[0].syncs[0].pdos[0].entries[1]: PDO entry 0x6071:00 is 32 bits in the configuration but 16 bits in the slave\'s dictionary',
      'bus.yaml:11:101: [error] slaves[0].syncs[0].pdos[0].entries[2]: PDO entry 0x6099:01 (PDO 0x1600) does not exist on the slave at position 1: it is in none of its PDOs and not in its object dictionary',
    ]);
  });

  it('a slave without CoE cannot be remapped', () => {
    const text = [
      'cycleTime: 1ms',
      'slaves:',
      '  - name: dio',
      '    position: 0',
      '    vendorId: 0xeca7',
      '    productCode: 0x00010001',
      '    pdos:',
      '      - { index: 0x1600, entries: [{ entry: "0x7000:01", bitLength: 8 }] }',
      '      - 0x1a01',
    ].join('\n');
    const r = checkAgainstBus(planOf(text), fakeBus([dioSlave()]));
    expect(lines(r, 'bus.yaml')).toEqual([
      'bus.yaml:8:9: [error] slaves[0].pdos[0]: the slave has no CoE mailbox, so its PDOs cannot be reconfigured, and PDO 0x1600 is mapped differently on the slave',
      'bus.yaml:9:9: [error] slaves[0].pdos[1]: PDO 0x1a01 has no entries in the configuration and the slave does not report it; give its entries',
    ]);
  });

  it('a PDO given without entries takes them from the bus', () => {
    const text = 'cycleTime: 1ms\nslaves:\n  - { name: drive, position: 0, vendorId: 0xeca7, productCode: 0x00060001, pdos: [0x1600, 0x1a00], variables: [{ name: v, entry: "0x606c:00", type: int32 }] }\n';
    const plan = planOf(text);
    expect(plan.complete).toBe(false);
    const r = checkAgainstBus(plan, fakeBus([servoSlave()]));
    expect(r.problems).toEqual([]);
    expect(r.plan.complete).toBe(true);
    expect(r.plan.slaves[0]?.syncs?.[1]?.pdos[0]?.entries?.map((e) => e.index)).toEqual([0x6041, 0x6064, 0x606c, 0x6061, 0x603f]);
    expect(r.plan.variables[0]).toMatchObject({ direction: 'input', sync: 3, pdo: 0x1a00, safe: null });
  });
});

describe('startup SDOs', () => {
  it('must exist, have the subindex and be writable in PREOP', () => {
    const text = [
      'cycleTime: 1ms', // 1
      'slaves:', // 2
      '  - name: drive', // 3
      '    position: 0', // 4
      '    vendorId: 0xeca7', // 5
      '    productCode: 0x00060001', // 6
      '    sdos:', // 7
      '      - { index: 0x2001, type: uint8, value: 1 }', // 8
      '      - { index: 0x2000, type: int32, value: 5 }', // 9
      '      - { index: 0x60c2, subindex: 5, type: uint8, value: 1 }', // 10
      '      - { index: 0x6041, type: uint16, value: 1 }', // 11
      '      - { index: 0x6081, type: uint8, value: 1 }', // 12
      '      - { index: 0x60c2, subindex: 0, completeAccess: true, data: "02 01 fd" }', // 13
      '  - { name: dio, position: 1, vendorId: 0xeca7, productCode: 0x00010001, sdos: [{ index: 0x8000, data: "01" }] }', // 14
    ].join('\n');
    const r = checkAgainstBus(planOf(text), fakeBus([servoSlave(), dioSlave()]));
    expect(lines(r, 'bus.yaml')).toEqual([
      'bus.yaml:8:9: [error] slaves[0].sdos[0]: startup SDO 0x2001:00: object 0x2001 does not exist on the slave at position 0',
      'bus.yaml:9:9: [error] slaves[0].sdos[1]: startup SDO 0x2000:00 ("Jog command") is not writable in PREOP (writable in OP)',
      'bus.yaml:10:9: [error] slaves[0].sdos[2]: startup SDO 0x60c2:05: object 0x60c2 ("Interpolation time period") has subindices 0..2',
      'bus.yaml:11:9: [error] slaves[0].sdos[3]: startup SDO 0x6041:00 ("Statusword") is not writable in PREOP (read-only)',
      'bus.yaml:12:9: [warning] slaves[0].sdos[4]: startup SDO 0x6081:00 writes 1 byte to a 32-bit entry',
      'bus.yaml:14:81: [error] slaves[1].sdos[0]: startup SDO 0x8000:00: the slave has no CoE mailbox',
    ]);
    expect(r.ok).toBe(false);
  });

  it('InitCmds from an ESI file are checked too, and point at the slave\'s esi field', async () => {
    const slaves = standardSlaves();
    // This AI terminal lacks the filter settings object the ESI InitCmds write.
    const ai = slaves[1] as FakeSlave;
    ai.dictionary = ai.dictionary.filter((o) => o.index !== 0x8000);
    const r = checkAgainstBus(await twoAxis(), fakeBus(slaves));
    expect(lines(r)).toEqual([
      `${FIX}/two-axis.yaml:58:10: [error] slaves[1].esi: startup SDO 0x8000:06 (InitCmd at test/fixtures/config/esi/ecat-ai.xml:61): object 0x8000 does not exist on the slave at position 1`,
      `${FIX}/two-axis.yaml:58:10: [error] slaves[1].esi: startup SDO 0x8000:15 (InitCmd at test/fixtures/config/esi/ecat-ai.xml:68): object 0x8000 does not exist on the slave at position 1`,
    ]);
  });
});

describe('slaves at their defaults', () => {
  it('get their PDOs from the bus, and their variables a direction', async () => {
    const plan = planBus(await loadBusConfig(`${FIX}/remap.yaml`));
    expect(plan.slaves[0]?.syncs).toBeNull();
    const r = checkAgainstBus(plan, fakeBus([servoSlave()]));
    expect(r.problems).toEqual([]);
    expect(r.plan.complete).toBe(true);
    expect(r.plan.slaves[0]?.pdoSource).toBe('slave');
    expect(r.plan.slaves[0]?.syncs?.map((s) => [s.index, s.direction, s.pdos.map((p) => p.index)])).toEqual([
      [2, 'output', [0x1600]],
      [3, 'input', [0x1a00]],
    ]);
    expect(r.plan.variables.map((v) => [v.name, v.direction, v.sync, v.pdo, v.safe && Array.from(v.safe)])).toEqual([
      ['cw', 'output', 2, 0x1600, [0, 0]],
      ['sw', 'input', 3, 0x1a00, null],
    ]);
  });

  it('a variable on an entry the slave does not map', () => {
    const text = 'cycleTime: 1ms\nslaves:\n  - name: drive\n    position: 0\n    vendorId: 0xeca7\n    productCode: 0x00060001\n    variables:\n      - { name: torque, entry: "0x6077:00", type: int16 }\n';
    const r = checkAgainstBus(planOf(text), fakeBus([servoSlave()]));
    expect(lines(r, 'bus.yaml')).toEqual([
      'bus.yaml:8:32: [error] slaves[0].variables[0].entry: PDO entry 0x6077:00 is not mapped in any PDO of slave "drive" (mapped entries: 0x6040:00, 0x607a:00, 0x60ff:00, 0x6060:00, 0x6041:00, 0x6064:00, 0x606c:00, 0x6061:00, 0x603f:00)',
    ]);
  });
});

describe('assertBusMatches', () => {
  it('throws a ConfigError listing the errors, or returns the completed plan', async () => {
    const plan = await twoAxis();
    expect(assertBusMatches(plan, fakeBus(standardSlaves()))).toEqual(plan);
    try {
      assertBusMatches(plan, fakeBus(standardSlaves().slice(0, 3)));
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).message).toBe(
        [
          `${FIX}/two-axis.yaml: 1 error in bus configuration (checked against the bus)`,
          `  ${FIX}/two-axis.yaml:84:15: slaves[3].position: no slave at position 3: the bus has 3 slaves (positions 0..2)`,
        ].join('\n'),
      );
    }
  });

  it('asks the bus each question once per check', async () => {
    const bus = fakeBus(standardSlaves());
    checkAgainstBus(await twoAxis(), bus);
    expect(bus.log.filter((c) => c.startsWith('slave(')).sort()).toEqual(['slave(0)', 'slave(1)', 'slave(2)', 'slave(3)']);
    expect(new Set(bus.log).size).toBe(bus.log.length);
  });
});
