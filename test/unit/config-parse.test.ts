// SPDX-License-Identifier: MIT
// Loading and validating bus configurations: the fixture files in YAML and JSON, the normalized
// values they become, and bad input - each reported with file:line:column, the path of the field,
// what is wrong and what is expected, all of them in one run.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadBusConfig, parseBusConfig, validateBusConfig } from '../../src/config/index.js';
import type { BusConfig } from '../../src/config/index.js';

const FIX = 'test/fixtures/config';

function errorsOf(text: string, file = 'bus.yaml'): string[] {
  try {
    parseBusConfig(text, file);
  } catch (e) {
    if (e instanceof ConfigError) return e.lines();
    throw e;
  }
  throw new Error('expected a ConfigError');
}

/** Drop what only says where things were written. */
function strip(c: BusConfig): BusConfig {
  const { source: _s, comments: _c, ...rest } = c;
  return rest as BusConfig;
}

describe('fixture files', () => {
  it('reads two-axis.yaml into normalized values', async () => {
    const c = await loadBusConfig(`${FIX}/two-axis.yaml`);
    expect(c.cycleTime).toBe(1_000_000);
    expect(c.domains).toEqual([
      { name: 'motion', divider: 1 },
      { name: 'io', divider: 4 },
    ]);
    expect(c.slaves.map((s) => [s.name, s.alias, s.position])).toEqual([
      ['dio', 0, 0],
      ['ai', 0, 1],
      ['axis1', 0, 2],
      ['axis2', 0, 3],
    ]);
    const [dio, ai, axis1, axis2] = c.slaves;
    expect(dio?.identity).toEqual({ vendorId: 0xeca7, productCode: 0x00010001, revision: 0x00010000 });
    expect(dio?.syncs?.[0]).toMatchObject({ index: 0, direction: 'output', watchdog: 'enable' });
    // Direction of sync 1 is derived from its TxPDO.
    expect(dio?.syncs?.[1]).toMatchObject({ index: 1, direction: 'input', watchdog: 'default' });
    expect(dio?.syncs?.[0]?.pdos[0]?.entries?.[7]).toEqual({ index: 0x7000, subindex: 8, bitLength: 1, name: 'Output 8' });
    expect(ai?.esi?.path).toBe('esi/ecat-ai.xml');
    expect(ai?.esi?.resolved).toMatch(/test\/fixtures\/config\/esi\/ecat-ai\.xml$/);
    expect(ai?.pdos?.map((p) => p.index)).toEqual([0x1a01, 0x1a02]);
    expect(ai?.sdos[0]).toMatchObject({ index: 0x8010, subindex: 6, data: Uint8Array.from([1]), type: 'bool', value: true });
    // "0x6000:11" is hex notation: subindex 0x11.
    expect(ai?.variables[0]).toEqual({ name: 'pressure', index: 0x6000, subindex: 0x11, type: 'int16', bitLength: 16, domain: 'io' });
    expect(ai?.variables[2]).toEqual({ name: 'flow_limit1', index: 0x6010, subindex: 3, type: 'bits', bitLength: 2, domain: 'io' });
    expect(axis1?.dc).toEqual({ opMode: 'DC', sync0: { cycle: 'auto', shift: 250_000 } });
    expect(axis1?.watchdog).toEqual({ divider: 2498, intervals: 100 });
    expect(axis1?.sdos[0]?.data).toEqual(Uint8Array.from([0xa0, 0x86, 0x01, 0x00]));
    expect(axis2?.identity).toEqual({ vendorId: 0xeca7, productCode: 0x00060001 });
    expect(c.variables.map((v) => [v.name, v.slave])).toEqual([
      ['axis2.controlword', 'axis2'],
      ['axis2.target_position', 'axis2'],
      ['axis2.statusword', 'axis2'],
      ['axis2.position', 'axis2'],
    ]);
    expect(c.source?.positions['slaves[2].variables[1].type']).toEqual([79, 65]);
  });

  it('reads io.json (JSON, hex as strings, gaps)', async () => {
    const c = await loadBusConfig(`${FIX}/io.json`);
    expect(c.cycleTime).toBe(250_000);
    expect(c.slaves[0]?.syncs?.[0]?.pdos[0]?.entries).toEqual([
      { index: 0x7000, subindex: 1, bitLength: 1 },
      { index: 0, subindex: 0, bitLength: 7 },
    ]);
    expect(c.slaves[0]?.variables[0]).toEqual({ name: 'out1', index: 0x7000, subindex: 1, type: 'bool', bitLength: 1, safe: true });
  });

  it('gives the same configuration from YAML and from JSON', () => {
    const yaml = [
      'cycleTime: 2ms',
      'slaves:',
      '  - name: drive',
      '    alias: 5',
      '    position: 1',
      '    vendorId: 0x0000eca7',
      '    productCode: 393217',
      '    sdos:',
      '      - { entry: "0x6060:00", type: int8, value: -1 }',
      '      - { index: 0x1c12, subindex: 0, completeAccess: true, data: "01 00 16" }',
      '    variables:',
      '      - { name: cw, entry: "0x6040:00", type: uint16, safe: 0x0006 }',
    ].join('\n');
    const json = JSON.stringify({
      cycleTime: '2ms',
      slaves: [
        {
          name: 'drive',
          alias: 5,
          position: 1,
          vendorId: '0x0000eca7',
          productCode: 393217,
          sdos: [
            { entry: '0x6060:00', type: 'int8', value: -1 },
            { index: '0x1c12', subindex: 0, completeAccess: true, data: [1, 0, 0x16] },
          ],
          variables: [{ name: 'cw', entry: '0x6040:00', type: 'uint16', safe: 6 }],
        },
      ],
    });
    const a = parseBusConfig(yaml, 'bus.yaml');
    const b = parseBusConfig(json, 'bus.json');
    expect(strip(b)).toEqual(strip(a));
    expect(a.slaves[0]?.sdos[0]?.data).toEqual(Uint8Array.from([0xff]));
    expect(a.slaves[0]?.variables[0]?.safe).toBe(6n);
  });

  it('validates a configuration written as an object in code', () => {
    const c = validateBusConfig({ cycleTime: '1ms', slaves: [{ position: 0, vendorId: 2, productCode: 0x07113052 }] });
    expect(c.slaves[0]).toMatchObject({ name: 'slave0', position: 0, identity: { vendorId: 2, productCode: 0x07113052 } });
    expect(c.domains).toEqual([{ name: 'default', divider: 1 }]);
    expect(() => validateBusConfig({ cycleTime: '1ms', slaves: [{ position: 0, vendorId: 2 }] }, 'app')).toThrow(
      'app: slaves[0]: missing "productCode" (the expected product code)',
    );
  });
});

describe('bad input', () => {
  it('duplicate variable names, naming both places', () => {
    const text = [
      'cycleTime: 1ms', // 1
      'slaves:', // 2
      '  - name: a', // 3
      '    position: 0', // 4
      '    vendorId: 2', // 5
      '    productCode: 3', // 6
      '    variables:', // 7
      '      - { name: speed, entry: "0x7000:01", type: int16 }', // 8
      '  - name: b', // 9
      '    position: 1', // 10
      '    vendorId: 2', // 11
      '    productCode: 3', // 12
      '    variables:', // 13
      '      - { name: speed, entry: "0x7000:01", type: int16 }', // 14
      'variables:', // 15
      '  - { name: speed, slave: b, entry: "0x7010:01", type: int16 }', // 16
    ].join('\n');
    expect(errorsOf(text)).toEqual([
      'bus.yaml:14:17: slaves[1].variables[0].name: variable name "speed" is already used by slaves[0].variables[0] (line 8); variable names must be unique across the bus',
      'bus.yaml:16:13: variables[0].name: variable name "speed" is already used by slaves[0].variables[0] (line 8); variable names must be unique across the bus',
    ]);
  });

  it('collects every error of the file, in file order', () => {
    const text = [
      'cycleTime: 50us', // 1
      'domains: [{ name: fast }]', // 2
      'slaves:', // 3
      '  - name: io', // 4
      '    position: 0', // 5
      '    vendorID: 2', // 6
      '    productCode: 3', // 7
      '    sdos:', // 8
      '      - { index: 0x8000, subindex: 1, type: uint8, value: 300 }', // 9
      '      - { index: 0x8000, subindex: 2, completeAccess: true, data: "01 02" }', // 10
      '    variables:', // 11
      '      - { name: in1, entry: "0x6000:1:2", type: bool }', // 12
      '      - { name: in2, entry: "0x6000:02", type: uint17 }', // 13
      '      - { name: in3, entry: "0x6000:03", type: bool, domain: slow }', // 14
      '      - { name: out1, entry: "0x7000:01", type: uint8, safe: -1 }', // 15
      '      - { name: 1bad, entry: "0x7000:02", type: bits }', // 16
    ].join('\n');
    expect(errorsOf(text)).toEqual([
      'bus.yaml:1:12: cycleTime: 50us is out of range; expected 125us..100ms',
      'bus.yaml:4:5: slaves[0]: missing "vendorId" (the expected vendor id, e.g. 0x00000002)',
      'bus.yaml:6:5: slaves[0].vendorID: unknown key "vendorID" (did you mean "vendorId"?)',
      'bus.yaml:9:59: slaves[0].sdos[0].value: 300 is out of range for uint8 (0..255)',
      'bus.yaml:10:36: slaves[0].sdos[1].subindex: complete access starts at subindex 0 or 1, not 2',
      'bus.yaml:12:29: slaves[0].variables[0].entry: expected an object reference "index:subindex" in hex such as "0x6041:00" (index up to 4 hex digits, subindex up to 2), got the string "0x6000:1:2"',
      'bus.yaml:13:48: slaves[0].variables[1].type: unknown type "uint17" (did you mean "uint16"?); expected one of bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, real32, real64, bits',
      'bus.yaml:14:62: slaves[0].variables[2].domain: unknown domain "slow"; defined domains: fast',
      'bus.yaml:15:62: slaves[0].variables[3].safe: -1 is out of range for uint8 (0..255)',
      'bus.yaml:16:9: slaves[0].variables[4]: missing "bitLength" (type bits needs the width of the field, 1..64)',
      'bus.yaml:16:17: slaves[0].variables[4].name: "1bad" is not a valid variable name; expected a letter or "_" followed by letters, digits, "_", "." or "-"',
    ]);
  });

  it('slaves: duplicate names and addresses, missing address, unknown slave of a variable', () => {
    const text = [
      'cycleTime: 1ms', // 1
      'slaves:', // 2
      '  - { name: drive, position: 3, vendorId: 2, productCode: 3 }', // 3
      '  - { name: drive, position: 3, vendorId: 2, productCode: 3 }', // 4
      '  - { name: other, vendorId: 2, productCode: 3 }', // 5
      'variables:', // 6
      '  - { name: x, slave: driev, entry: "0x6000:01", type: bool }', // 7
    ].join('\n');
    expect(errorsOf(text)).toEqual([
      'bus.yaml:4:5: slaves[1]: position 3 is already configured by slaves[0] (line 3); each slave can be configured once',
      'bus.yaml:4:13: slaves[1].name: slave name "drive" is already used by slaves[0] (line 3); slave names must be unique',
      'bus.yaml:5:5: slaves[2]: missing "position" (ring position) and/or "alias" (station alias; position is then relative to it)',
      'bus.yaml:7:23: variables[0].slave: unknown slave "driev" (did you mean "drive"?); slaves: drive, drive, other',
    ]);
  });

  it('sync managers: mixed directions, PDO indices and entries', () => {
    const text = [
      'cycleTime: 1ms', // 1
      'slaves:', // 2
      '  - position: 0', // 3
      '    vendorId: 2', // 4
      '    productCode: 3', // 5
      '    syncs:', // 6
      '      - index: 2', // 7
      '        pdos: [0x1600, 0x1a00]', // 8
      '      - index: 2', // 9
      '        direction: input', // 10
      '        pdos:', // 11
      '          - index: 0x2000', // 12
      '          - index: 0x1a01', // 13
      '            entries:', // 14
      '              - { index: 0x6000, bitLength: 300 }', // 15
      '              - { entry: "0x6000:02" }', // 16
      '          - 0x1600', // 17
    ].join('\n');
    expect(errorsOf(text)).toEqual([
      'bus.yaml:8:24: slaves[0].syncs[0].pdos[1]: PDO 0x1a00 is a TxPDO (input) but sync manager 2 is an output sync manager',
      'bus.yaml:9:16: slaves[0].syncs[1].index: sync manager 2 is already configured at slaves[0].syncs[0]',
      'bus.yaml:12:20: slaves[0].syncs[1].pdos[0].index: 0x2000 is not a PDO index; expected 0x1600..0x17ff (RxPDO, outputs) or 0x1a00..0x1bff (TxPDO, inputs)',
      'bus.yaml:15:45: slaves[0].syncs[1].pdos[1].entries[0].bitLength: 300 is out of range; expected a width in bits (1..255)',
      'bus.yaml:16:17: slaves[0].syncs[1].pdos[1].entries[1]: missing "bitLength" (the entry\'s width in bits)',
      'bus.yaml:17:13: slaves[0].syncs[1].pdos[2]: PDO 0x1600 is already assigned at slaves[0].syncs[0].pdos[0]; a PDO can be assigned once',
    ]);
  });

  it('DC and watchdog settings', () => {
    const text = [
      'cycleTime: 1ms', // 1
      'slaves:', // 2
      '  - position: 0', // 3
      '    vendorId: 2', // 4
      '    productCode: 3', // 5
      '    dc: { sync0: { cycle: often, shift: -3s } }', // 6
      '    watchdog: { divider: 70000 }', // 7
    ].join('\n');
    expect(errorsOf(text)).toEqual([
      'bus.yaml:6:27: slaves[0].dc.sync0.cycle: expected a duration such as 1ms, 250us or 62500ns (units: ns, us, ms or s)',
      'bus.yaml:6:41: slaves[0].dc.sync0.shift: -3s is out of range; expected -2.14s..2.14s',
      'bus.yaml:7:26: slaves[0].watchdog.divider: 70000 is out of range; expected a divider 0..65535 (40 ns units; 0 keeps the slave\'s)',
    ]);
    const noAssign = 'cycleTime: 1ms\nslaves:\n  - { position: 0, vendorId: 2, productCode: 3, dc: { sync0: { cycle: auto } } }\n';
    expect(errorsOf(noAssign)).toEqual([
      'bus.yaml:3:53: slaves[0].dc: missing "assignActivate" (e.g. 0x300 for SYNC0, see the slave\'s ESI <Dc><OpMode>) or "opMode" (the name of an ESI op mode)',
    ]);
  });

  it('an empty domain list', () => {
    expect(errorsOf('cycleTime: 1ms\ndomains: []\nslaves:\n  - { position: 0, vendorId: 2, productCode: 3 }\n')).toEqual([
      'bus.yaml:2:10: domains: expected at least one domain (leave "domains" out for a single domain "default")',
    ]);
  });

  it('syntax errors in YAML and JSON', () => {
    expect(errorsOf('cycleTime: 1ms\nslaves: [\n', 'bus.yaml')[0]).toMatch(/^bus\.yaml:3:1: YAML syntax: /);
    expect(errorsOf('{\n  "cycleTime": "1ms",\n  "slaves": [,]\n}', 'bus.json')).toEqual(['bus.json:3:14: JSON syntax: unexpected character ","; expected a value']);
    expect(errorsOf('cycleTime: 1ms\ncycleTime: 2ms\nslaves: []\n')[0]).toMatch(/^bus\.yaml:2:1: YAML syntax: Map keys must be unique/);
  });

  it('the error object carries file and issues', () => {
    try {
      parseBusConfig('cycleTime: 1ms\nslaves: []\n', 'cfg/bus.yaml');
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const err = e as ConfigError;
      expect(err.file).toBe('cfg/bus.yaml');
      expect(err.code).toBe('BAD_CONFIG');
      expect(err.errors).toEqual([{ path: 'slaves', line: 2, column: 9, message: 'expected at least one slave' }]);
      expect(err.message).toBe('cfg/bus.yaml: 1 error in bus configuration\n  cfg/bus.yaml:2:9: slaves: expected at least one slave');
    }
  });
});
