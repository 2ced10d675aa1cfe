// CoE dictionaries: the standard objects agree with the PDOs and sync managers, model objects
// have the types the profiles define, and the file's objects and values land where they should.
import { describe, expect, it } from 'vitest';
import { ACCESS, loadTopology, parseTopology } from '../../src/topology/index.js';
import type { CoeObject, Slave } from '../../src/topology/index.js';

function obj(s: Slave, index: number): CoeObject {
  const o = s.objects.find((x) => x.index === index);
  if (!o) throw new Error(`no object 0x${index.toString(16)} in ${s.name}`);
  return o;
}

/** Little-endian unsigned value of an entry's initial bytes. */
function uval(s: Slave, index: number, sub: number): number {
  const e = obj(s, index).entries.find((x) => x.subindex === sub);
  if (!e) throw new Error(`no 0x${index.toString(16)}:${sub}`);
  return e.value.reduceRight((acc, b) => acc * 256 + b, 0);
}

/** The consistency rules every CoE slave must satisfy. */
function checkConsistent(s: Slave): void {
  const indices = s.objects.map((o) => o.index);
  expect(indices).toEqual([...indices].sort((a, b) => a - b));
  expect(new Set(indices).size).toBe(indices.length);
  expect(uval(s, 0x1018, 1)).toBe(s.identity.vendor);
  expect(uval(s, 0x1018, 2)).toBe(s.identity.product);
  expect(uval(s, 0x1018, 3)).toBe(s.identity.revision);
  expect(uval(s, 0x1018, 4)).toBe(s.identity.serial);
  expect(Buffer.from(obj(s, 0x1008).entries[0]?.value ?? []).toString()).toBe(s.sii.deviceName);
  for (const o of s.objects) {
    if (o.objectCode !== 7) {
      expect(o.entries[0]?.subindex).toBe(0);
      expect(o.entries[0]?.dataType).toBe(0x0005);
    }
    expect(o.maxSubindex).toBe(o.objectCode === 7 ? 0 : Math.max(...o.entries.map((e) => e.subindex)));
    for (const e of o.entries) expect(e.value.length).toBeLessThanOrEqual(Math.ceil(e.bits / 8));
  }
  // 0x1C00: one entry per sync manager with its type.
  const code = { unused: 0, 'mailbox-out': 1, 'mailbox-in': 2, outputs: 3, inputs: 4 };
  for (const sm of s.syncManagers) expect(uval(s, 0x1c00, sm.index + 1)).toBe(code[sm.type]);
  for (const pdo of s.pdos) {
    // The mapping object lists the PDO's entries as index:sub:bits, then zeros up to capacity.
    const map = obj(s, pdo.index);
    expect(uval(s, pdo.index, 0)).toBe(pdo.entries.length);
    expect(map.maxSubindex).toBe(pdo.capacity);
    pdo.entries.forEach((e, i) => expect(uval(s, pdo.index, i + 1)).toBe(((e.index << 16) | (e.subindex << 8) | e.bits) >>> 0));
    // Every mapped entry exists and may be mapped in this direction.
    for (const e of pdo.entries) {
      if (e.index === 0) continue;
      const entry = obj(s, e.index).entries.find((x) => x.subindex === e.subindex);
      expect(entry, `0x${e.index.toString(16)}:${e.subindex}`).toBeDefined();
      expect(entry?.bits).toBe(e.bits);
      expect((entry?.access ?? 0) & (pdo.direction === 'rx' ? ACCESS.rxPdo : ACCESS.txPdo)).not.toBe(0);
    }
  }
  // 0x1C1n: the PDOs assigned to SM n, in order, then zeros.
  for (const sm of s.syncManagers.filter((x) => x.type === 'outputs' || x.type === 'inputs')) {
    const assigned = s.pdos.filter((p) => p.sm === sm.index).map((p) => p.index);
    expect(uval(s, 0x1c10 + sm.index, 0)).toBe(assigned.length);
    assigned.forEach((idx, i) => expect(uval(s, 0x1c10 + sm.index, i + 1)).toBe(idx));
    // and the SM's default size is what they carry
    const bits = s.pdos.filter((p) => p.sm === sm.index).reduce((n, p) => n + p.entries.reduce((m, e) => m + e.bits, 0), 0);
    expect(sm.size).toBe(Math.ceil(bits / 8));
  }
}

describe('CoE dictionary', () => {
  it('is consistent with PDOs and sync managers on every CoE slave of the examples and fixtures', () => {
    let checked = 0;
    for (const file of ['examples/io-rack.yaml', 'examples/two-axis.yaml', 'test/fixtures/topologies/generic.json', 'test/fixtures/topologies/branch.yaml', 'test/fixtures/topologies/coupler-port3.yaml']) {
      for (const s of loadTopology(file).slaves) {
        if (!s.coe) {
          expect(s.objects).toEqual([]);
          continue;
        }
        checkConsistent(s);
        checked++;
      }
    }
    expect(checked).toBe(7); // EL3064, 2 + 2 + 1 drives, the generic device
  });

  it('gives a CiA 402 drive its profile objects and default mapping', () => {
    const drive = loadTopology('examples/two-axis.yaml').slaves[0] as Slave;
    const types: Array<[number, number, string]> = [
      [0x603f, 0x0006, 'r-r-r-'],
      [0x6040, 0x0006, 'rwrwrw'],
      [0x6041, 0x0006, 'r-r-r-'],
      [0x6060, 0x0002, 'rwrwrw'],
      [0x6061, 0x0002, 'r-r-r-'],
      [0x6064, 0x0004, 'r-r-r-'],
      [0x6065, 0x0007, 'rwrwrw'],
      [0x606c, 0x0004, 'r-r-r-'],
      [0x6077, 0x0003, 'r-r-r-'],
      [0x607a, 0x0004, 'rwrwrw'],
      [0x6081, 0x0007, 'rwrwrw'],
      [0x6083, 0x0007, 'rwrwrw'],
      [0x6084, 0x0007, 'rwrwrw'],
      [0x60b0, 0x0004, 'rwrwrw'],
      [0x60b1, 0x0004, 'rwrwrw'],
      [0x60ff, 0x0004, 'rwrwrw'],
      [0x6502, 0x0007, 'r-r-r-'],
    ];
    const rw = (a: number): string =>
      [ACCESS.readPreop, ACCESS.writePreop, ACCESS.readSafeop, ACCESS.writeSafeop, ACCESS.readOp, ACCESS.writeOp].map((b, i) => (a & b ? 'rwrwrw'[i] : '-')).join('');
    for (const [index, type, access] of types) {
      const o = obj(drive, index);
      expect([o.index, o.objectCode, o.entries[0]?.dataType, rw(o.entries[0]?.access ?? 0)]).toEqual([index, 7, type, access]);
    }
    const limits = obj(drive, 0x607d);
    expect(limits.objectCode).toBe(8);
    expect(limits.entries.map((e) => [e.subindex, e.dataType])).toEqual([
      [0, 0x0005],
      [1, 0x0004],
      [2, 0x0004],
    ]);
    expect(uval(drive, 0x1000, 0)).toBe(0x00020192);
    // pp, csp, csv -> bits 0, 7, 8
    expect(uval(drive, 0x6502, 0)).toBe(0x181);
    const rx = drive.pdos.find((p) => p.index === 0x1600);
    const tx = drive.pdos.find((p) => p.index === 0x1a00);
    expect(rx?.entries.map((e) => [e.index, e.bits])).toEqual([
      [0x6040, 16],
      [0x607a, 32],
      [0x60ff, 32],
      [0x6060, 8],
    ]);
    expect(tx?.entries.map((e) => [e.index, e.bits])).toEqual([
      [0x6041, 16],
      [0x6064, 32],
      [0x606c, 32],
      [0x6061, 8],
      [0x603f, 16],
    ]);
    // Configurable in PREOP, with room for more entries; SM parameters for DC.
    expect(rw(obj(drive, 0x1600).entries[1]?.access ?? 0)).toBe('rwr-r-');
    expect(rw(obj(drive, 0x1c12).entries[1]?.access ?? 0)).toBe('rwr-r-');
    expect(rx?.capacity).toBe(8);
    expect(obj(drive, 0x1c32).entries.map((e) => e.subindex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x20]);
    expect(obj(drive, 0x1c33).maxSubindex).toBe(0x20);
    expect(drive.coe).toMatchObject({ pdoAssign: true, pdoConfig: true, completeAccess: true });
  });

  it('follows the listed CiA 402 modes', () => {
    const t = parseTopology('slaves:\n  - { name: d, model: cia402, modes: [csp, cst, hm] }\n', 'm.yaml');
    const d = t.slaves[0] as Slave;
    expect(uval(d, 0x6502, 0)).toBe((1 << 7) | (1 << 9) | (1 << 5));
    expect(d.objects.some((o) => o.index === 0x6071)).toBe(true); // target torque for CST
    expect(d.objects.some((o) => o.index === 0x6098)).toBe(true); // homing method for HM
    const plain = parseTopology('slaves:\n  - { name: d, model: cia402, modes: [csp] }\n', 'm.yaml').slaves[0] as Slave;
    expect(plain.objects.some((o) => o.index === 0x6071 || o.index === 0x6098)).toBe(false);
  });

  it('gives analog inputs value/status records and settings with limits', () => {
    const ai = loadTopology('examples/io-rack.yaml').slaves[3] as Slave;
    expect(ai.objects.filter((o) => o.index >= 0x6000 && o.index < 0x7000).map((o) => o.index)).toEqual([0x6000, 0x6010, 0x6020, 0x6030]);
    const value = obj(ai, 0x6010).entries.find((e) => e.subindex === 0x11);
    expect([value?.dataType, value?.bits, value?.volatile, (value?.access ?? 0) & ACCESS.txPdo]).toEqual([0x0003, 16, true, ACCESS.txPdo]);
    const filter = obj(ai, 0x8000).entries.find((e) => e.subindex === 0x15);
    expect([filter?.min, filter?.max]).toEqual([0n, 7n]);
    // values from the example file
    expect(uval(ai, 0x8000, 0x07)).toBe(1);
    expect(uval(ai, 0x8000, 0x13)).toBe(16000);
    // The standard PDO is assigned, the compact one only offered.
    expect(ai.pdos.filter((p) => p.sm === 3).map((p) => p.index)).toEqual([0x1a00, 0x1a02, 0x1a04, 0x1a06]);
    expect(ai.pdos.filter((p) => p.sm === null).map((p) => p.index)).toEqual([0x1a01, 0x1a03, 0x1a05, 0x1a07]);
    expect(uval(ai, 0x1c13, 0)).toBe(4);
    expect(obj(ai, 0x1c13).maxSubindex).toBe(8);
    expect(ai.objects.some((o) => o.index === 0x1c32 || o.index === 0x1c33)).toBe(false); // no DC sync
  });

  it('gives digital I/O one BOOLEAN per channel, as a dictionary only with a mailbox', () => {
    const t = parseTopology('slaves:\n  - { name: c, preset: EK1100 }\n  - { name: o, model: digital-output, channels: 3, mailbox: true }\n', 'd.yaml');
    const o = t.slaves[1] as Slave;
    expect(o.objects.filter((x) => x.index >= 0x7000).map((x) => [x.index, x.entries[1]?.dataType, x.entries[1]?.bits])).toEqual([
      [0x7000, 1, 1],
      [0x7010, 1, 1],
      [0x7020, 1, 1],
    ]);
    expect(o.syncManagers.map((s) => [s.index, s.type, s.size])).toEqual([
      [0, 'mailbox-out', 128],
      [1, 'mailbox-in', 128],
      [2, 'outputs', 1],
      [3, 'inputs', 0],
    ]);
    checkConsistent(o);
    const plain = loadTopology('examples/io-rack.yaml').slaves[2] as Slave;
    expect(plain.objects).toEqual([]);
    expect(plain.pdos[0]?.entries[0]).toEqual({ index: 0x7000, subindex: 1, bits: 1, name: 'Output', dataType: 1 });
  });

  it('encodes the file\'s objects: types, limits, strings, arrays', () => {
    const dev = loadTopology('test/fixtures/topologies/generic.json').slaves[1] as Slave;
    checkConsistent(dev);
    const gain = obj(dev, 0x2000).entries[0];
    expect(gain).toMatchObject({ dataType: 6, bits: 16, min: 1n, max: 0x1000n, volatile: false });
    expect(Array.from(gain?.value ?? [])).toEqual([100, 0]);
    const offset = obj(dev, 0x2001).entries[0];
    expect(Array.from(offset?.value ?? [])).toEqual([0xfb, 0xff, 0xff, 0xff]);
    expect(offset?.min).toBe(-1000n);
    const label = obj(dev, 0x2002).entries[0];
    expect([label?.bits, Buffer.from(label?.value ?? []).toString()]).toEqual([128, 'hello']);
    expect(Array.from(obj(dev, 0x2003).entries[0]?.value ?? [])).toEqual([1, 2, 0xff]);
    expect(new DataView((obj(dev, 0x2004).entries[0]?.value ?? new Uint8Array(4)).buffer).getFloat32(0, true)).toBe(1.5);
    const table = obj(dev, 0x2005);
    expect(table.objectCode).toBe(8);
    expect(table.entries.map((e) => [e.subindex, e.value[0]])).toEqual([
      [0, 3],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    // Defaults for entries the file does not qualify: tx-mappable ones are read-only process values.
    const level = obj(dev, 0x6000).entries.find((e) => e.subindex === 17);
    expect([level?.access, level?.volatile]).toEqual([ACCESS.readPreop | ACCESS.readSafeop | ACCESS.readOp | ACCESS.txPdo, true]);
    const setpoint = obj(dev, 0x7000).entries[0];
    expect(setpoint?.access).toBe(0x3f | ACCESS.rxPdo);
    // 0x1C12/0x1C13 and the compact PDO that is offered but not assigned
    expect(uval(dev, 0x1c13, 0)).toBe(1);
    expect(uval(dev, 0x1c13, 1)).toBe(0x1a00);
    expect(uval(dev, 0x1c13, 2)).toBe(0);
    expect(dev.coe?.deviceType).toBe(0x1234);
  });

  it('lets the file replace a model object', () => {
    const t = parseTopology(
      'slaves:\n  - name: d\n    preset: cia402-servo\n    objects:\n      - { index: 0x6065, name: Window, type: uint32, default: 42 }\n',
      'r.yaml',
    );
    const d = t.slaves[0] as Slave;
    expect(obj(d, 0x6065).name).toBe('Window');
    expect(uval(d, 0x6065, 0)).toBe(42);
  });
});
