// SPDX-License-Identifier: MIT
// planBus: the BusPlan made from the fixture configuration (PDOs from the file, from ESI
// defaults, from an ESI selection and from a DC op mode; startup SDOs with InitCmds; DC times;
// variables with direction, domain and safe bytes), the remap-before-assign ordering, planning
// errors pointing into the file, and the JSON form of the plan.
import { describe, expect, it } from 'vitest';
import { ConfigError, deserializeBusPlan, loadBusConfig, orderStartupSdos, parseBusConfig, parseEsi, planBus, serializeBusPlan, validateBusConfig } from '../../src/config/index.js';
import type { BusPlan, PlanSdo } from '../../src/config/index.js';

const FIX = 'test/fixtures/config';

function planErrors(text: string, file = `${FIX}/bus.yaml`): string[] {
  try {
    planBus(parseBusConfig(text, file));
  } catch (e) {
    if (e instanceof ConfigError) return e.lines();
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('plan of two-axis.yaml', async () => {
  const plan = planBus(await loadBusConfig(`${FIX}/two-axis.yaml`));
  const [dio, ai, axis1, axis2] = plan.slaves;

  it('has the header, domains and slaves in configuration order', () => {
    expect(plan).toMatchObject({ format: 'ecat-bus-plan', version: 1, master: 0, cycleTime: 1_000_000, complete: true });
    expect(plan.domains).toEqual([
      { index: 0, name: 'motion', divider: 1 },
      { index: 1, name: 'io', divider: 4 },
    ]);
    expect(plan.slaves.map((s) => [s.index, s.name, s.alias, s.position, s.vendorId, s.productCode, s.revision, s.pdoSource])).toEqual([
      [0, 'dio', 0, 0, 0xeca7, 0x00010001, 0x00010000, 'config'],
      [1, 'ai', 0, 1, 0xeca7, 0x00020002, null, 'esi'],
      [2, 'axis1', 0, 2, 0xeca7, 0x00060001, 0x00010000, 'esi'],
      [3, 'axis2', 0, 3, 0xeca7, 0x00060001, null, 'esi'],
    ]);
  });

  it('takes PDOs from the file, an ESI selection, ESI defaults and an op mode', () => {
    expect(dio?.syncs?.map((s) => [s.index, s.direction, s.watchdog, s.pdos.map((p) => [p.index, p.entries?.length, p.path])])).toEqual([
      [0, 'output', 'enable', [[0x1600, 8, 'slaves[0].syncs[0].pdos[0]']]],
      [1, 'input', 'default', [[0x1a00, 8, 'slaves[0].syncs[1].pdos[0]']]],
    ]);
    expect(ai?.syncs?.map((s) => [s.index, s.direction, s.pdos.map((p) => [p.index, p.path])])).toEqual([
      [2, 'output', []],
      [
        3,
        'input',
        [
          [0x1a01, 'slaves[1].pdos[0]'],
          [0x1a02, 'slaves[1].pdos[1]'],
        ],
      ],
    ]);
    expect(axis1?.syncs?.map((s) => [s.index, s.pdos.map((p) => p.index)])).toEqual([
      [2, [0x1600]],
      [3, [0x1a00]],
    ]);
    expect(axis1?.syncs?.[0]?.pdos[0]?.entries?.map((e) => [e.index, e.bitLength, e.name])).toEqual([
      [0x6040, 16, 'Controlword'],
      [0x607a, 32, 'Target position'],
      [0x60ff, 32, 'Target velocity'],
      [0x6060, 8, 'Modes of operation'],
    ]);
    expect(axis2?.syncs?.map((s) => [s.index, s.pdos.map((p) => p.index)])).toEqual([
      [2, [0x1601]],
      [3, [0x1a01]],
    ]);
    expect(ai?.esi).toEqual({ file: 'test/fixtures/config/esi/ecat-ai.xml', type: 'AI-2CH', revision: 0x00010000 });
  });

  it('writes ESI InitCmds (PS) first, then the file\'s SDOs', () => {
    const sdo = (s: PlanSdo) => [s.index, s.subindex, Array.from(s.data), s.origin, s.path];
    expect(ai?.sdos.map(sdo)).toEqual([
      [0x8000, 6, [1], 'esi', 'test/fixtures/config/esi/ecat-ai.xml:61'],
      [0x8000, 0x15, [0, 0], 'esi', 'test/fixtures/config/esi/ecat-ai.xml:68'],
      [0x8010, 6, [1], 'config', 'slaves[1].sdos[0]'],
    ]);
    expect(axis1?.sdos.map(sdo)).toEqual([
      [0x6060, 0, [8], 'esi', 'test/fixtures/config/esi/ecat-servo.xml:64'],
      [0x60c2, 1, [1], 'esi', 'test/fixtures/config/esi/ecat-servo.xml:71'],
      [0x60c2, 2, [0xfd], 'esi', 'test/fixtures/config/esi/ecat-servo.xml:78'],
      [0x6081, 0, [0xa0, 0x86, 0x01, 0x00], 'config', 'slaves[2].sdos[0]'],
    ]);
    expect(dio?.sdos).toEqual([]);
  });

  it('resolves DC and watchdog', () => {
    expect(dio?.dc).toBeNull();
    expect(ai?.dc).toBeNull();
    expect(axis1?.dc).toEqual({ assignActivate: 0x300, sync0Cycle: 1_000_000, sync0Shift: 250_000, sync1Cycle: 0, sync1Shift: 0 });
    expect(axis2?.dc).toEqual({ assignActivate: 0x700, sync0Cycle: 1_000_000, sync0Shift: -50_000, sync1Cycle: 125_000, sync1Shift: 0 });
    expect(axis1?.watchdog).toEqual({ divider: 2498, intervals: 100 });
    expect(axis2?.watchdog).toBeNull();
  });

  it('binds variables: direction from the PDO, domain, safe bytes for outputs', () => {
    const row = (name: string) => {
      const v = plan.variables.find((x) => x.name === name);
      return v && [v.slave, v.index, v.subindex, v.bitLength, v.type, v.direction, v.sync, v.pdo, v.domain, v.safe && Array.from(v.safe), v.path];
    };
    expect(plan.variables).toHaveLength(14);
    expect(row('lamp')).toEqual([0, 0x7000, 1, 1, 'bool', 'output', 0, 0x1600, 1, [0], 'slaves[0].variables[0]']);
    expect(row('start_button')).toEqual([0, 0x6000, 1, 1, 'bool', 'input', 1, 0x1a00, 1, null, 'slaves[0].variables[2]']);
    expect(row('flow_limit1')).toEqual([1, 0x6010, 3, 2, 'bits', 'input', 3, 0x1a02, 1, null, 'slaves[1].variables[2]']);
    expect(row('axis1.controlword')).toEqual([2, 0x6040, 0, 16, 'uint16', 'output', 2, 0x1600, 0, [0, 0], 'slaves[2].variables[0]']);
    expect(row('axis2.target_position')).toEqual([3, 0x607a, 0, 32, 'int32', 'output', 2, 0x1601, 0, [0, 0, 0, 0], 'variables[1]']);
  });

  it('notes what it decided', () => {
    expect(plan.notes).toEqual([
      { path: 'slaves[1].esi', message: 'InitCmd 0x8000:0a (test/fixtures/config/esi/ecat-ai.xml:75) is for SO only and is not sent (IgH writes startup SDOs in PREOP)' },
      { path: 'slaves[3].esi', message: 'PDO assignment taken from DC op mode "DC-CSP-compact"' },
      { path: 'slaves[3].dc', message: 'ShiftTimeSync0 of op mode "DC-CSP-compact" is relative to the input latch (Input=true); used as the SYNC0 shift as is' },
    ]);
  });

  it('survives JSON', () => {
    const text = serializeBusPlan(plan);
    expect(text).toContain('"data": [\n');
    expect(text).not.toContain('"0":');
    const back: BusPlan = deserializeBusPlan(text);
    expect(back).toEqual(plan);
    expect(back.slaves[2]?.sdos[3]?.data).toBeInstanceOf(Uint8Array);
    expect(() => deserializeBusPlan('{"format":"other"}')).toThrow('not an ecat bus plan (format other, version undefined)');
  });
});

describe('startup SDO order', () => {
  it('moves PDO mapping before PDO assignment and says so (remap.yaml)', async () => {
    const plan = planBus(await loadBusConfig(`${FIX}/remap.yaml`));
    const drive = plan.slaves[0];
    expect(drive?.sdos.map((s) => `${s.index.toString(16)}:${s.subindex}=${Buffer.from(s.data).toString('hex')}`)).toEqual([
      '6060:0=08',
      '1600:0=00',
      '1600:1=10004060',
      '1600:2=20007a60',
      '1600:0=02',
      '1c12:0=00',
      '1c12:1=0016',
      '1c12:0=01',
      '60c2:1=01',
    ]);
    expect(plan.notes).toEqual([
      {
        path: 'slaves[0].sdos',
        message:
          'startup SDOs reordered so that PDO mapping objects (0x1600-0x17ff, 0x1a00-0x1bff) are written before PDO assignment objects (0x1c12, 0x1c13): PDO mapping 0x1600:00 (slaves[0].sdos[4]) now comes before PDO assignment 0x1c12:00 (slaves[0].sdos[1]); a slave checks an assignment against the current mapping',
      },
    ]);
    // The slave keeps its own PDOs, so directions are only known on the bus.
    expect(plan.complete).toBe(false);
    expect(plan.variables.map((v) => v.direction)).toEqual([null, null]);
  });

  it('leaves a correct order alone, and keeps other SDOs around the PDO block', () => {
    const s = (index: number, subindex: number, path: string): PlanSdo => ({ index, subindex, completeAccess: false, data: bytes(0), origin: 'config', path });
    const good = [s(0x8000, 1, 'a'), s(0x1a00, 0, 'b'), s(0x1c13, 0, 'c'), s(0x8000, 2, 'd')];
    expect(orderStartupSdos(good)).toEqual({ sdos: good });
    const bad = [s(0x8000, 1, 'a'), s(0x1c13, 0, 'b'), s(0x8000, 2, 'c'), s(0x1a00, 1, 'd'), s(0x1c13, 1, 'e')];
    expect(orderStartupSdos(bad).sdos.map((x) => x.path)).toEqual(['a', 'd', 'b', 'e', 'c']);
  });

  it('warns when startup SDOs write PDO objects of a slave whose PDOs are configured', () => {
    const c = validateBusConfig({
      cycleTime: '1ms',
      slaves: [{ position: 0, vendorId: 2, productCode: 3, pdos: [0x1600], sdos: [{ index: 0x1c12, subindex: 0, type: 'uint8', value: 0 }] }],
    });
    expect(planBus(c).notes.map((n) => n.message)).toEqual([
      'no ESI file: RxPDOs assigned to sync manager 2 and TxPDOs to sync manager 3 (give "syncs" to choose others)',
      "startup SDOs write PDO objects (0x1c12) while the slave's PDOs are also configured; IgH writes its PDO configuration after the startup SDOs, so that configuration is what the slave ends up with",
    ]);
  });
});

describe('planning errors point into the file', () => {
  const head = ['cycleTime: 1ms', 'domains: [{ name: fast }, { name: slow, divider: 10 }]', 'slaves:'];

  it('an entry that no assigned PDO maps, with a hint from the ESI file', () => {
    const text = [
      ...head, // 1-3
      '  - name: ai', // 4
      '    position: 1', // 5
      '    vendorId: 0xeca7', // 6
      '    productCode: 0x00020002', // 7
      '    esi: esi/ecat-ai.xml', // 8
      '    pdos: [0x1a01, 0x1a02]', // 9
      '    variables:', // 10
      '      - { name: ch1_error, entry: "0x6000:07", type: bool }', // 11
      '      - { name: ch3, entry: "0x6020:11", type: int16 }', // 12
    ].join('\n');
    expect(planErrors(text)).toEqual([
      `${FIX}/bus.yaml:11:35: slaves[0].variables[0].entry: PDO entry 0x6000:07 is not mapped in any PDO of slave "ai" (mapped entries: 0x6000:11, 0x6010:01, 0x6010:02, 0x6010:03, 0x6010:05, 0x6010:07, 0x6010:0f, 0x6010:10, 0x6010:11); the ESI file has it in PDO 0x1a00, which is not assigned (select it with "pdos")`,
      `${FIX}/bus.yaml:12:29: slaves[0].variables[1].entry: PDO entry 0x6020:11 is not mapped in any PDO of slave "ai" (mapped entries: 0x6000:11, 0x6010:01, 0x6010:02, 0x6010:03, 0x6010:05, 0x6010:07, 0x6010:0f, 0x6010:10, 0x6010:11)`,
    ]);
  });

  it('width, safe value on an input, one entry twice, one sync manager in two domains', () => {
    const text = [
      ...head, // 1-3
      '  - name: drive', // 4
      '    position: 0', // 5
      '    vendorId: 0xeca7', // 6
      '    productCode: 0x00060001', // 7
      '    esi: esi/ecat-servo.xml', // 8
      '    variables:', // 9
      '      - { name: sw, entry: "0x6041:00", type: uint32 }', // 10
      '      - { name: pos, entry: "0x6064:00", type: int32, safe: 0 }', // 11
      '      - { name: cw, entry: "0x6040:00", type: uint16, domain: fast }', // 12
      '      - { name: cw2, entry: "0x6040:00", type: uint16, domain: fast }', // 13
      '      - { name: target, entry: "0x607a:00", type: int32, domain: slow }', // 14
    ].join('\n');
    expect(planErrors(text)).toEqual([
      `${FIX}/bus.yaml:10:47: slaves[0].variables[0].type: PDO entry 0x6041:00 is 16 bits wide but type uint32 is 32; expected a 16-bit type`,
      `${FIX}/bus.yaml:11:61: slaves[0].variables[1].safe: "safe" applies to outputs; 0x6064:00 is in TxPDO 0x1a00, an input`,
      `${FIX}/bus.yaml:13:29: slaves[0].variables[3].entry: PDO entry 0x6040:00 is already bound to variable "cw" at slaves[0].variables[2] (line 12)`,
      `${FIX}/bus.yaml:14:66: slaves[0].variables[4].domain: variable "target" is in domain "slow" but "cw" (slaves[0].variables[2] (line 12)) of the same sync manager 2 is in "fast"; IgH exchanges a whole sync manager in one domain`,
    ]);
  });

  it('ESI problems: missing file, unknown device, unknown op mode, fixed PDO, excluded pair', () => {
    const text = [
      ...head, // 1-3
      '  - { name: a, position: 0, vendorId: 0xeca7, productCode: 0x00060001, esi: esi/missing.xml }', // 4
      '  - { name: b, position: 1, vendorId: 0xeca7, productCode: 0x00060002, esi: esi/ecat-servo.xml }', // 5
      '  - { name: c, position: 2, vendorId: 0xeca7, productCode: 0x00060001, esi: esi, dc: { opMode: CSV } }', // 6
      '  - name: d', // 7
      '    position: 3', // 8
      '    vendorId: 0xeca7', // 9
      '    productCode: 0x00060001', // 10
      '    esi: esi/ecat-servo.xml', // 11
      '    syncs:', // 12
      '      - index: 2', // 13
      '        pdos:', // 14
      '          - index: 0x1601', // 15
      '            entries: [{ entry: "0x6040:00", bitLength: 16 }]', // 16
      '      - index: 3', // 17
      '        pdos: [0x1a00, 0x1a01]', // 18
      '  - { name: e, position: 4, vendorId: 2, productCode: 3, dc: { opMode: DC } }', // 19
    ].join('\n');
    expect(planErrors(text)).toEqual([
      `${FIX}/bus.yaml:4:77: slaves[0].esi: cannot read ${process.cwd()}/${FIX}/esi/missing.xml: no such file or directory`,
      `${FIX}/bus.yaml:5:77: slaves[1].esi: no device with vendor 0x0000eca7 product 0x00060002 in test/fixtures/config/esi/ecat-servo.xml; it describes ECAT-SERVO (0x0000eca7:0x00060001)`,
      `${FIX}/bus.yaml:6:96: slaves[2].dc.opMode: no DC op mode "CSV" in the ESI file for ECAT-SERVO; it has "DC", "DC-CSP-compact", "FreeRun"`,
      `${FIX}/bus.yaml:16:22: slaves[3].syncs[0].pdos[0].entries: PDO 0x1601 is Fixed in the ESI file (line 29); its mapping cannot be changed (leave "entries" out to use it as described)`,
      `${FIX}/bus.yaml:18:24: slaves[3].syncs[1].pdos[1]: PDO 0x1a01 cannot be assigned together with 0x1a00 (slaves[3].syncs[1].pdos[0]): the ESI file excludes the pair`,
      `${FIX}/bus.yaml:19:72: slaves[4].dc.opMode: an op mode is taken from an ESI file; this slave names none (add "esi:" or give assignActivate and sync0)`,
    ]);
  });

  it('identity from an ESI file that describes one device, and not from one that describes several', () => {
    const plan = planBus(parseBusConfig('cycleTime: 1ms\nslaves:\n  - { position: 0, esi: esi/ecat-servo.xml }\n', `${FIX}/bus.yaml`));
    expect(plan.slaves[0]).toMatchObject({ vendorId: 0xeca7, productCode: 0x00060001, revision: 0x00010000, pdoSource: 'esi' });
    // The default op mode of the file is "DC".
    expect(plan.slaves[0]?.dc).toEqual({ assignActivate: 0x300, sync0Cycle: 1_000_000, sync0Shift: 0, sync1Cycle: 0, sync1Shift: 0 });
    expect(plan.notes).toEqual([{ path: 'slaves[0]', message: 'DC from the ESI file\'s default op mode "DC" (AssignActivate 0x0300)' }]);
    expect(planErrors('cycleTime: 1ms\nslaves:\n  - { position: 0, esi: esi }\n')).toEqual([
      `${FIX}/bus.yaml:3:25: slaves[0].esi: the ESI source describes 4 devices; give vendorId and productCode (and revision) to choose one`,
    ]);
  });

  it('a malformed ESI file is reported at the slave, with the ESI file\'s own position', () => {
    const esiText = '<?xml version="1.0"?>\n<EtherCATInfo>\n  <Vendor><Id>#xECA7</Id></Vendor>\n  <Descriptions><Devices><Device>\n    <Type ProductCode="#x5" RevisionNo="1">X</Type>\n    <TxPdo Sm="3"><Index>#x1a00</Index><Entry><Index>#x6000</Index><SubIndex>1</SubIndex><BitLen>wide</BitLen></Entry></TxPdo>\n  </Device></Devices></Descriptions>\n</EtherCATInfo>\n';
    const config = parseBusConfig('cycleTime: 1ms\nslaves:\n  - { position: 0, vendorId: 0xeca7, productCode: 5, esi: x.xml }\n', 'bus.yaml');
    try {
      planBus(config, { esi: () => [parseEsi(esiText, 'x.xml')] });
      throw new Error('no error');
    } catch (e) {
      expect((e as ConfigError).lines()).toEqual([
        'bus.yaml:3:59: slaves[0].esi: the ESI file cannot be used: x.xml:6:5: Descriptions/Devices/Device/TxPdo/@Sm: sync manager 3 is not described (the device has 0 <Sm> elements); x.xml:6:90: Descriptions/Devices/Device/TxPdo/Entry/BitLen: expected the width in bits (decimal or #x hex, 1..255), got "wide"',
      ]);
    }
  });
});
