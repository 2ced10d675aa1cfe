// SPDX-License-Identifier: MIT
// Scan to config: configFromBus on the fake bus (names, identities, PDOs as found, one typed
// variable per entry), stringifyBusConfig in YAML (with comments) and JSON, and the round trip
// configFromBus -> stringify -> parse -> plan -> check against the same bus.
import { describe, expect, it } from 'vitest';
import { checkAgainstBus, configFromBus, loadBusConfig, parseBusConfig, planBus, stringifyBusConfig } from '../../src/config/index.js';
import type { BusConfig } from '../../src/config/index.js';
import { aiSlave, dioSlave, fakeBus, standardSlaves } from '../fixtures/config/fake-bus.js';
import type { FakeSlave } from '../fixtures/config/fake-bus.js';

const FIX = 'test/fixtures/config';

function strip(c: BusConfig): BusConfig {
  const { source: _s, comments: _c, ...rest } = c;
  return rest as BusConfig;
}

describe('configFromBus', () => {
  const config = configFromBus(fakeBus(standardSlaves()), { header: 'Scanned in a test.' });

  it('describes every slave by position with its identity', () => {
    expect(config.slaves.map((s) => [s.name, s.alias, s.position, s.identity])).toEqual([
      ['dio_8i8o', 0, 0, { vendorId: 0xeca7, productCode: 0x00010001, revision: 0x00010000 }],
      ['ai_2ch', 0, 1, { vendorId: 0xeca7, productCode: 0x00020002, revision: 0x00010000 }],
      ['virtual_cia_402_servo_drive', 0, 2, { vendorId: 0xeca7, productCode: 0x00060001, revision: 0x00010000 }],
      ['virtual_cia_402_servo_drive_2', 0, 3, { vendorId: 0xeca7, productCode: 0x00060001, revision: 0x00010000 }],
    ]);
    expect(config.cycleTime).toBe(1_000_000);
    expect(config.domains).toEqual([{ name: 'default', divider: 1 }]);
  });

  it('keeps the PDOs as found, only sync managers that carry some', () => {
    expect(config.slaves.map((s) => s.syncs?.map((y) => [y.index, y.direction, y.pdos.map((p) => p.index)]))).toEqual([
      [
        [0, 'output', [0x1600]],
        [1, 'input', [0x1a00]],
      ],
      [[3, 'input', [0x1a00, 0x1a02]]],
      [
        [2, 'output', [0x1600]],
        [3, 'input', [0x1a00]],
      ],
      [
        [2, 'output', [0x1600]],
        [3, 'input', [0x1a00]],
      ],
    ]);
  });

  it('makes one variable per entry, typed from the dictionary or the width, with unique names', () => {
    const ai = config.slaves[1];
    expect(ai?.variables.slice(0, 8).map((v) => [v.name, v.index, v.subindex, v.type, v.bitLength])).toEqual([
      ['ai_2ch.ai_standard_channel_1.underrange', 0x6000, 1, 'bool', 1],
      ['ai_2ch.ai_standard_channel_1.overrange', 0x6000, 2, 'bool', 1],
      ['ai_2ch.ai_standard_channel_1.limit_1', 0x6000, 3, 'bits', 2],
      ['ai_2ch.ai_standard_channel_1.limit_2', 0x6000, 5, 'bits', 2],
      ['ai_2ch.ai_standard_channel_1.error', 0x6000, 7, 'bool', 1],
      ['ai_2ch.ai_standard_channel_1.txpdo_state', 0x6000, 0x0f, 'bool', 1],
      ['ai_2ch.ai_standard_channel_1.txpdo_toggle', 0x6000, 0x10, 'bool', 1],
      ['ai_2ch.ai_standard_channel_1.value', 0x6000, 0x11, 'int16', 16],
    ]);
    expect(config.slaves[2]?.variables.map((v) => [v.name.replace(/^.*\./, ''), v.type])).toEqual([
      ['controlword', 'uint16'],
      ['target_position', 'int32'],
      ['target_velocity', 'int32'],
      ['modes_of_operation', 'int8'],
      ['statusword', 'uint16'],
      ['position_actual_value', 'int32'],
      ['velocity_actual_value', 'int32'],
      ['modes_of_operation_display', 'int8'],
      ['error_code', 'uint16'],
    ]);
    const names = config.slaves.flatMap((s) => s.variables.map((v) => v.name));
    expect(names).toHaveLength(16 + 16 + 9 + 9);
    expect(new Set(names).size).toBe(names.length);
  });

  it('writes a commented YAML file', () => {
    const small = configFromBus(fakeBus([{ ...dioSlave(), alias: 4, syncs: [dioSlave().syncs[1] as FakeSlave['syncs'][number]] }, { ...dioSlave(), name: '', syncs: [] }]), { header: 'Scanned in a test.' });
    small.slaves[0]!.variables = small.slaves[0]!.variables.slice(0, 2);
    expect(stringifyBusConfig(small)).toBe(
      [
        '# Scanned in a test.',
        '# 2 slaves found. PDOs are as the slaves reported them; remove the variables you do not need.',
        'version: 1',
        'cycleTime: 1ms',
        'domains:',
        '  - { name: default }',
        'slaves:',
        '  # position 0: DIO-8I8O 8 Ch. Dig. In, 8 Ch. Dig. Out 24V',
        '  # station alias 4 (address by alias instead: alias: 4, position: 0)',
        '  - name: dio_8i8o',
        '    position: 0',
        '    vendorId: 0x0000eca7',
        '    productCode: 0x00010001',
        '    revision: 0x00010000',
        '    syncs:',
        '      - index: 0',
        '        direction: input',
        '        pdos:',
        '          - index: 0x1a00',
        '            name: Inputs',
        '            entries:',
        ...Array.from({ length: 8 }, (_, i) => `              - { index: 0x6000, subindex: 0x0${i + 1}, bitLength: 1, name: Input ${i + 1} }`),
        '    variables:',
        '      - { name: dio_8i8o.input_1, entry: "0x6000:01", type: bool }',
        '      - { name: dio_8i8o.input_2, entry: "0x6000:02", type: bool }',
        '  # position 1: (no name in SII)',
        '  # no process data: the slave maps no PDOs',
        '  - name: slave1',
        '    position: 1',
        '    vendorId: 0x0000eca7',
        '    productCode: 0x00010001',
        '    revision: 0x00010000',
        '',
      ].join('\n'),
    );
  });
});

describe('round trip', () => {
  it('configFromBus -> YAML -> parse -> plan -> check against the same bus', () => {
    const bus = fakeBus(standardSlaves());
    const scanned = configFromBus(bus);
    const text = stringifyBusConfig(scanned, 'yaml');
    const parsed = parseBusConfig(text, 'bus.yaml');
    expect(strip(parsed)).toEqual(strip(scanned));
    const plan = planBus(parsed);
    expect(plan.complete).toBe(true);
    expect(plan.variables).toHaveLength(50);
    expect(plan.variables.filter((v) => v.direction === 'output').map((v) => v.name)).toEqual([
      ...Array.from({ length: 8 }, (_, i) => `dio_8i8o.output_${i + 1}`),
      'virtual_cia_402_servo_drive.controlword',
      'virtual_cia_402_servo_drive.target_position',
      'virtual_cia_402_servo_drive.target_velocity',
      'virtual_cia_402_servo_drive.modes_of_operation',
      'virtual_cia_402_servo_drive_2.controlword',
      'virtual_cia_402_servo_drive_2.target_position',
      'virtual_cia_402_servo_drive_2.target_velocity',
      'virtual_cia_402_servo_drive_2.modes_of_operation',
    ]);
    const check = checkAgainstBus(plan, bus);
    expect(check.problems).toEqual([]);
    expect(check.plan).toEqual(plan);
  });

  it('the same through JSON', () => {
    const bus = fakeBus([aiSlave()]);
    const scanned = configFromBus(bus);
    const json = stringifyBusConfig(scanned, 'json');
    expect(JSON.parse(json)).toMatchObject({ version: 1, cycleTime: '1ms', slaves: [{ vendorId: '0x0000eca7', productCode: '0x00020002' }] });
    const parsed = parseBusConfig(json, 'bus.json');
    expect(strip(parsed)).toEqual(strip(scanned));
    expect(checkAgainstBus(planBus(parsed), bus).ok).toBe(true);
  });

  it('a hand-written configuration survives stringify and parse', async () => {
    const file = `${FIX}/two-axis.yaml`;
    const original = await loadBusConfig(file);
    for (const format of ['yaml', 'json'] as const) {
      const again = parseBusConfig(stringifyBusConfig(original, format), file);
      expect(strip(again)).toEqual(strip(original));
    }
    const remap = await loadBusConfig(`${FIX}/remap.yaml`);
    expect(strip(parseBusConfig(stringifyBusConfig(remap), `${FIX}/remap.yaml`))).toEqual(strip(remap));
  });
});
