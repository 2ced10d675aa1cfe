// SPDX-License-Identifier: MIT
// ESI import: reading the fixture files (ISO-8859-1 and UTF-8, CDATA names, several revisions),
// choosing a device, the default PDO set under Sm/Mandatory/Exclude rules, explicit selections,
// InitCmds, DC op modes with their factor semantics, and malformed files reported with the
// element path and line.
import { describe, expect, it } from 'vitest';
import { defaultEsiPdos, dcFromOpMode, EsiError, findEsiDevice, loadEsi, parseEsi, selectEsiDevice, selectEsiPdos } from '../../src/config/index.js';
import type { EsiDcOpMode, EsiDevice } from '../../src/config/index.js';

const ESI = 'test/fixtures/config/esi';
const VENDOR = 0xeca7;

async function device(file: string, productCode: number, revision?: number): Promise<EsiDevice> {
  const files = await loadEsi(`${ESI}/${file}`);
  return selectEsiDevice(files, revision === undefined ? { vendorId: VENDOR, productCode } : { vendorId: VENDOR, productCode, revision });
}

/** A one-device ESI file around `body` (the inside of <Device>). */
function esi(body: string): string {
  return [
    '<?xml version="1.0"?>',
    '<EtherCATInfo>',
    '  <Vendor><Id>#x0000ECA7</Id></Vendor>',
    '  <Descriptions><Devices>',
    '    <Device>',
    '      <Type ProductCode="#x99" RevisionNo="1">T</Type>',
    body,
    '    </Device>',
    '  </Devices></Descriptions>',
    '</EtherCATInfo>',
  ].join('\n');
}

function esiErrors(text: string): string[] {
  try {
    const f = parseEsi(text, 'dev.xml');
    for (const d of f.devices) selectEsiDevice(f, { vendorId: f.vendorId, productCode: d.productCode, revision: d.revision });
  } catch (e) {
    if (e instanceof EsiError) return e.lines();
    throw e;
  }
  throw new Error('expected an EsiError');
}

describe('reading ESI files', () => {
  it('lists the devices of a directory', async () => {
    const files = await loadEsi(ESI);
    expect(files.map((f) => f.file.replace(/.*\//, ''))).toEqual(['ecat-ai.xml', 'ecat-dio.xml', 'ecat-servo.xml']);
    const dio = files[1];
    expect(dio?.vendorId).toBe(VENDOR);
    expect(dio?.vendorName).toBe('ecat example devices');
    expect(dio?.devices.map((d) => [d.type, d.productCode, d.revision, d.name])).toEqual([
      ['DIO-8I8O', 0x00010001, 0x00010000, 'DIO-8I8O 8 Ch. Dig. In, 8 Ch. Dig. Out 24V'],
      ['DIO-8I8O', 0x00010001, 0x00020000, 'DIO-8I8O 8 Ch. Dig. In, 8 Ch. Dig. Out 24V (rev. 2, input filter status)'],
    ]);
  });

  it('reads a device in full: sync managers, PDOs, CoE, InitCmds', async () => {
    const ai = await device('ecat-ai.xml', 0x00020002);
    expect(ai.name).toBe('AI-2CH 2 Ch. Ana. Input +/-10V, 16 bit');
    expect(ai.syncManagers.map((s) => [s.index, s.kind, s.startAddress, s.controlByte, s.enable])).toEqual([
      [0, 'MBoxOut', 0x1000, 0x26, true],
      [1, 'MBoxIn', 0x1080, 0x22, true],
      [2, 'Outputs', 0x1100, 0x24, false],
      [3, 'Inputs', 0x1180, 0x20, true],
    ]);
    expect(ai.pdos.map((p) => [p.index, p.direction, p.sm, p.fixed, p.excludes])).toEqual([
      [0x1a00, 'input', 3, false, [0x1a01]],
      [0x1a01, 'input', undefined, false, [0x1a00]],
      [0x1a02, 'input', 3, false, [0x1a03]],
      [0x1a03, 'input', undefined, false, [0x1a02]],
    ]);
    expect(ai.pdos[0]?.entries[5]).toEqual({ index: 0, subindex: 0, bitLength: 7 });
    expect(ai.pdos[0]?.entries[2]).toEqual({ index: 0x6000, subindex: 3, bitLength: 2, name: 'Limit 1', dataType: 'BIT2' });
    expect(ai.coe).toEqual({ sdoInfo: true, pdoAssign: true, pdoConfig: false, completeAccess: false });
    expect(ai.initCmds.map((c) => [c.transitions, c.index, c.subindex, Array.from(c.data), c.comment])).toEqual([
      [['PS'], 0x8000, 6, [1], 'Ch.1: enable filter'],
      [['PS'], 0x8000, 0x15, [0, 0], 'Ch.1: filter 50 Hz FIR'],
      [['SO'], 0x8000, 0x0a, [1], 'Ch.1: latch limits on entering OP'],
    ]);
    expect(ai.initCmds[0]?.at.line).toBe(61);
  });

  it('chooses a device by identity and revision', async () => {
    const files = await loadEsi(`${ESI}/ecat-dio.xml`);
    expect(selectEsiDevice(files, { vendorId: VENDOR, productCode: 0x00010001, revision: 0x00010000 }).pdos[0]?.entries).toHaveLength(8);
    expect(selectEsiDevice(files, { vendorId: VENDOR, productCode: 0x00010001, revision: 0x00020000 }).pdos[0]?.entries).toHaveLength(1);
    // Without a revision the newest described one is taken.
    expect(selectEsiDevice(files, { vendorId: VENDOR, productCode: 0x00010001 }).revision).toBe(0x00020000);
    expect(findEsiDevice(files, { vendorId: VENDOR, productCode: 0x00010001, revision: 0x00030000 })).toEqual({
      error: 'no revision 0x00030000 of DIO-8I8O in test/fixtures/config/esi/ecat-dio.xml; revisions described: 0x00010000, 0x00020000',
    });
    expect(findEsiDevice(files, { vendorId: 2, productCode: 0x00010001 })).toEqual({
      error: 'no device with vendor 0x00000002 product 0x00010001 in test/fixtures/config/esi/ecat-dio.xml; it describes DIO-8I8O (0x0000eca7:0x00010001), DIO-8I8O (0x0000eca7:0x00010001)',
    });
    expect(() => selectEsiDevice(files, { vendorId: VENDOR, productCode: 7 })).toThrow(EsiError);
  });
});

describe('PDO selection', () => {
  it('default set: the PDOs with an Sm attribute, grouped by sync manager', async () => {
    const ai = await device('ecat-ai.xml', 0x00020002);
    const d = defaultEsiPdos(ai);
    expect(d.errors).toEqual([]);
    expect(d.syncs.map((s) => [s.index, s.direction, s.pdos.map((p) => p.index)])).toEqual([
      [2, 'output', []],
      [3, 'input', [0x1a00, 0x1a02]],
    ]);
    const servo = await device('ecat-servo.xml', 0x00060001);
    expect(defaultEsiPdos(servo).syncs.map((s) => [s.index, s.pdos.map((p) => p.index)])).toEqual([
      [2, [0x1600]],
      [3, [0x1a00]],
    ]);
  });

  it('default set of an op mode with its own assignment', async () => {
    const servo = await device('ecat-servo.xml', 0x00060001);
    const op = servo.opModes.find((o) => o.name === 'DC-CSP-compact');
    const d = defaultEsiPdos(servo, op);
    expect(d.syncs.map((s) => [s.index, s.pdos.map((p) => p.index)])).toEqual([
      [2, [0x1601]],
      [3, [0x1a01]],
    ]);
    expect(d.notes).toEqual(['PDO assignment taken from DC op mode "DC-CSP-compact"']);
  });

  it('default set never holds an excluded pair; Mandatory PDOs always get in', () => {
    const f = parseEsi(
      esi(`
      <Sm>Outputs</Sm><Sm>Inputs</Sm>
      <TxPdo Sm="1"><Index>#x1a00</Index><Exclude>#x1a01</Exclude><Entry><Index>#x6000</Index><SubIndex>1</SubIndex><BitLen>16</BitLen></Entry></TxPdo>
      <TxPdo Sm="1"><Index>#x1a01</Index><Exclude>#x1a00</Exclude><Entry><Index>#x6000</Index><SubIndex>2</SubIndex><BitLen>16</BitLen></Entry></TxPdo>
      <TxPdo Sm="1"><Index>#x1a02</Index><Exclude>#x1a03</Exclude><Entry><Index>#x6010</Index><SubIndex>1</SubIndex><BitLen>16</BitLen></Entry></TxPdo>
      <TxPdo Mandatory="1"><Index>#x1a03</Index><Entry><Index>#x6010</Index><SubIndex>2</SubIndex><BitLen>16</BitLen></Entry></TxPdo>`),
      'dev.xml',
    );
    const dev = selectEsiDevice(f, { vendorId: VENDOR, productCode: 0x99 });
    const d = defaultEsiPdos(dev);
    // 0x1a03 is mandatory, so it goes in first and pushes out 0x1a02; 0x1a01 conflicts with 0x1a00.
    expect(d.syncs.map((s) => [s.index, s.pdos.map((p) => p.index)])).toEqual([
      [0, []],
      [1, [0x1a00, 0x1a03]],
    ]);
    expect(d.notes).toEqual([
      'PDO 0x1a01 is not assigned by default: it excludes 0x1a00, which is assigned before it',
      'PDO 0x1a02 is not assigned by default: it excludes 0x1a03, which is assigned before it',
    ]);
    expect(d.errors).toEqual([]);
  });

  it('explicit selection: excluded pairs, unknown PDOs, mandatory PDOs added', async () => {
    const ai = await device('ecat-ai.xml', 0x00020002);
    const ok = selectEsiPdos(ai, [0x1a01, 0x1a02]);
    expect(ok.errors).toEqual([]);
    expect(ok.syncs.find((s) => s.index === 3)?.pdos.map((p) => [p.index, p.entries?.length])).toEqual([
      [0x1a01, 1],
      [0x1a02, 9],
    ]);
    expect(selectEsiPdos(ai, [0x1a00, 0x1a01, 0x1a05]).errors).toEqual([
      'PDO 0x1a01 cannot be assigned together with 0x1a00: the ESI file excludes the pair (line 33, line 19)',
      'PDO 0x1a05 is not described for AI-2CH; its TxPDOs are 0x1a00, 0x1a01, 0x1a02, 0x1a03',
    ]);
    const f = parseEsi(
      esi(`<TxPdo Mandatory="1"><Index>#x1a10</Index><Entry><Index>#x6020</Index><SubIndex>1</SubIndex><BitLen>8</BitLen></Entry></TxPdo>
      <TxPdo><Index>#x1a00</Index><Entry><Index>#x6000</Index><SubIndex>1</SubIndex><BitLen>8</BitLen></Entry></TxPdo>`),
      'dev.xml',
    );
    const m = selectEsiPdos(selectEsiDevice(f, { vendorId: VENDOR, productCode: 0x99 }), [0x1a00]);
    expect(m.notes).toEqual(['mandatory PDO 0x1a10 added to the selection']);
    expect(m.syncs.map((s) => [s.index, s.pdos.map((p) => p.index)])).toEqual([[3, [0x1a00, 0x1a10]]]);
  });
});

describe('DC op modes', () => {
  const op = (o: Partial<EsiDcOpMode>): EsiDcOpMode => ({ name: 'm', assignActivate: 0x300, assignments: [], at: { file: 'x', path: '', line: 1, column: 1 }, ...o });

  it('the fixture drive: SYNC0 at the bus cycle; SYNC0+SYNC1 mode', async () => {
    const servo = await device('ecat-servo.xml', 0x00060001);
    expect(servo.opModes.map((o) => [o.name, o.assignActivate])).toEqual([
      ['DC', 0x300],
      ['DC-CSP-compact', 0x700],
      ['FreeRun', 0],
    ]);
    expect(dcFromOpMode(servo.opModes[0] as EsiDcOpMode, 1_000_000).dc).toEqual({ assignActivate: 0x300, sync0Cycle: 1_000_000, sync0Shift: 0, sync1Cycle: 0, sync1Shift: 0 });
    const compact = dcFromOpMode(servo.opModes[1] as EsiDcOpMode, 500_000);
    // SYNC1 period = 1 x SYNC0 cycle, so the SYNC1 delay after SYNC0 is just ShiftTimeSync1.
    expect(compact.dc).toEqual({ assignActivate: 0x700, sync0Cycle: 500_000, sync0Shift: -50_000, sync1Cycle: 125_000, sync1Shift: 0 });
    expect(compact.notes).toEqual(['ShiftTimeSync0 of op mode "DC-CSP-compact" is relative to the input latch (Input=true); used as the SYNC0 shift as is']);
  });

  it('factor semantics', () => {
    const bus = 1_000_000;
    // Positive: a multiple of the bus cycle.
    expect(dcFromOpMode(op({ cycleTimeSync0: { value: 0, factor: 2 } }), bus).dc.sync0Cycle).toBe(2_000_000);
    // Negative: oversampling, the bus cycle divided; SYNC1 once per bus cycle = bus - SYNC0 after it.
    const os = dcFromOpMode(op({ assignActivate: 0x730, cycleTimeSync0: { value: 0, factor: -4 }, cycleTimeSync1: { value: 0, factor: -1 } }), bus);
    expect(os.dc).toMatchObject({ sync0Cycle: 250_000, sync1Cycle: 750_000 });
    // Factor 0: the value is a fixed SYNC0 cycle in ns.
    expect(dcFromOpMode(op({ cycleTimeSync0: { value: 62_500, factor: 0 } }), bus).dc.sync0Cycle).toBe(62_500);
    // No factor and value 0: the bus cycle.
    expect(dcFromOpMode(op({ cycleTimeSync0: { value: 0 } }), bus).dc.sync0Cycle).toBe(bus);
    // SYNC1 with Factor 1 and a shift: the shift is the delay.
    expect(dcFromOpMode(op({ cycleTimeSync0: { value: 0, factor: 1 }, cycleTimeSync1: { value: 0, factor: 1 }, shiftTimeSync1: { value: 25_000 } }), bus).dc.sync1Cycle).toBe(25_000);
    // Uneven division is rounded and said.
    const r = dcFromOpMode(op({ cycleTimeSync0: { value: 0, factor: -3 } }), bus);
    expect(r.dc.sync0Cycle).toBe(333_333);
    expect(r.notes).toEqual(['SYNC0 cycle 1000000 ns / 3 is not a whole number of ns; rounded to 333333 ns']);
  });
});

describe('malformed ESI files', () => {
  it('XML syntax errors name line and column', () => {
    expect(esiErrors('<?xml version="1.0"?>\n<EtherCATInfo>\n  <Vendor><Id>#x2</Id></Vendr>\n</EtherCATInfo>')).toEqual([
      "dev.xml:3:23: XML syntax: Expected closing tag 'Vendor' (opened in line 3, col 3) instead of closing tag 'Vendr'.",
    ]);
  });

  it('a root that is not EtherCATInfo', () => {
    expect(esiErrors('<?xml version="1.0"?>\n<EtherCATConfig/>')).toEqual(['dev.xml:2:1: the root element is <EtherCATConfig>; an ESI file has <EtherCATInfo>']);
  });

  it('bad values, named by element path and line', () => {
    const text = esi(
      [
        '      <Sm>Outputs</Sm>', // 7
        '      <RxPdo Sm="4" Fixed="maybe">', // 8
        '        <Index>#x16zz</Index>', // 9
        '        <Entry><Index>#x7000</Index><SubIndex>1</SubIndex></Entry>', // 10
        '        <Entry><Index>#x7000</Index><BitLen>8</BitLen></Entry>', // 11
        '      </RxPdo>', // 12
        '      <Mailbox><CoE><InitCmd><Transition>PS</Transition><Index>#x8000</Index><SubIndex>1</SubIndex><Data>123</Data></InitCmd></CoE></Mailbox>', // 13
      ].join('\n'),
    );
    expect(esiErrors(text)).toEqual([
      'dev.xml:8:7: Descriptions/Devices/Device/RxPdo/@Sm: sync manager 4 is not described (the device has 1 <Sm> elements)',
      'dev.xml:8:7: Descriptions/Devices/Device/RxPdo/@Fixed: expected 0, 1, true or false, got "maybe"',
      'dev.xml:9:9: Descriptions/Devices/Device/RxPdo/Index: expected the PDO index (decimal or #x hex, 0..65535), got "#x16zz"',
      'dev.xml:10:9: Descriptions/Devices/Device/RxPdo/Entry[0]: missing <BitLen> (the width in bits)',
      'dev.xml:11:9: Descriptions/Devices/Device/RxPdo/Entry[1]: missing <SubIndex> (the subindex)',
      'dev.xml:13:100: Descriptions/Devices/Device/Mailbox/CoE/InitCmd/Data: expected hex digit pairs such as 0100, got "123"',
    ]);
  });

  it('a device without identity', () => {
    const text = '<EtherCATInfo><Vendor><Id>2</Id></Vendor><Descriptions><Devices>\n<Device><Type RevisionNo="1">X</Type></Device>\n</Devices></Descriptions></EtherCATInfo>';
    expect(esiErrors(text)).toEqual(['dev.xml:2:9: Descriptions/Devices/Device/Type/@ProductCode: expected a product code (decimal or #x hex, 32 bit), got "(none)"']);
  });
});
