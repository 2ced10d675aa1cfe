// SII (EEPROM) images: the checksum, and the builder and parser agreeing field by field.
import { describe, expect, it } from 'vitest';
import { loadTopology, parseTopology } from '../../src/topology/index.js';
import type { Slave } from '../../src/topology/index.js';
import { crc8, siiChecksum } from '../../src/topology/sii/crc.js';
import { parseSii } from '../../src/topology/sii/parse.js';

describe('SII checksum', () => {
  it('matches the checksum of a real device EEPROM', () => {
    // First 14 bytes of a drive's EEPROM dump (PDI control 0x0605, PDI config 0x0e0b, sync
    // impulse 0x0064), whose word 7 held 0x0040 and which the master accepted.
    const head = [0x0605, 0x0e0b, 0x0064, 0, 0, 0, 0];
    expect(siiChecksum(head)).toBe(0x40);
  });

  it('is CRC-8 with polynomial 0x07 and initial value 0xff', () => {
    // Check values from an independent bitwise implementation.
    expect(crc8(new TextEncoder().encode('123456789'))).toBe(0xfb);
    expect(crc8(new Uint8Array(14))).toBe(0x30);
    expect(crc8(new Uint8Array(0))).toBe(0xff);
  });

  it('is stored in every built SII and recomputed after raw word overrides', () => {
    const t = parseTopology('slaves:\n  - { name: c, preset: EK1100, alias: 0x1234 }\n', 'c.yaml');
    const words = t.slaves[0]?.siiWords as Uint16Array;
    expect(words[4]).toBe(0x1234);
    expect(words[7]).toBe(siiChecksum(words));
    expect(parseSii(words).checksumValid).toBe(true);
    const over = parseTopology('slaves:\n  - { name: c, preset: EK1100, sii: { words: { 0x0001: 0x0e0b } } }\n', 'c.yaml').slaves[0]?.siiWords as Uint16Array;
    expect(over[1]).toBe(0x0e0b);
    expect(parseSii(over).checksumValid).toBe(true);
  });

  it('keeps a deliberately wrong checksum (fault injection)', () => {
    const words = parseTopology('slaves:\n  - { name: c, preset: EK1100, sii: { words: { 7: 0x00aa } } }\n', 'c.yaml').slaves[0]?.siiWords as Uint16Array;
    expect(words[7]).toBe(0x00aa);
    expect(parseSii(words).checksumValid).toBe(siiChecksum(words) === 0xaa);
    expect(siiChecksum(words)).not.toBe(0xaa);
  });
});

/** Compare the parsed SII of a slave with what the topology says. */
function checkRoundTrip(s: Slave): void {
  const p = parseSii(s.siiWords);
  expect(p.errors).toEqual([]);
  expect(p.checksumValid).toBe(true);
  expect(p.version).toBe(1);
  expect(p.alias).toBe(s.alias);
  expect(p.pdiControl).toBe(s.sii.pdiControl);
  expect(p.syncImpulse).toBe(s.sii.syncImpulse);
  expect(p.identity).toEqual(s.identity);
  expect(p.eepromBytes).toBe(s.sii.eepromBytes);
  expect(s.siiWords.length * 2).toBe(s.sii.eepromBytes);
  if (s.mailbox) {
    expect(p.mailbox).toEqual({ rx: s.mailbox.rx, tx: s.mailbox.tx });
    const bits = ['aoe', 'eoe', 'coe', 'foe', 'soe', 'voe'].map((x, i) => (s.mailbox?.protocols.includes(x as 'coe') ? 1 << i : 0));
    expect(p.protocols).toBe(bits.reduce((a, b) => a | b, 0));
  } else {
    expect(p.mailbox).toEqual({ rx: { start: 0, size: 0 }, tx: { start: 0, size: 0 } });
    expect(p.protocols).toBe(0);
  }
  // Categories in the order the master expects, STRINGS first, END last.
  const types = p.categories.map((c) => c.type);
  expect(types[0]).toBe(10);
  expect(types[1]).toBe(30);
  expect(types).toEqual([...types].sort((a, b) => a - b));
  const g = p.general;
  expect(g).not.toBeNull();
  expect(g?.deviceName).toBe(s.sii.deviceName);
  expect(g?.orderNumber).toBe(s.sii.orderNumber);
  expect(g?.group).toBe(s.sii.group);
  expect(g?.currentOnEBus).toBe(s.sii.currentOnEBus);
  expect(g?.physicalPorts).toEqual(s.ports.map((x) => ({ mii: 1, ebus: 3, 'n/a': 0, 'n/c': 0 })[x.descriptor]));
  expect((g?.coeDetails ?? 0) & 1).toBe(s.coe ? 1 : 0);
  expect(p.fmmus).toEqual(s.sii.fmmus.map((f) => ({ unused: 0, outputs: 1, inputs: 2, 'mailbox-status': 3 })[f]));
  expect(p.syncManagers).toEqual(
    s.syncManagers.map((m) => ({ start: m.start, size: m.size, control: m.control, status: 0, enable: m.enable, type: { unused: 0, 'mailbox-out': 1, 'mailbox-in': 2, outputs: 3, inputs: 4 }[m.type] })),
  );
  for (const [list, dir] of [
    [p.txPdos, 'tx'],
    [p.rxPdos, 'rx'],
  ] as const) {
    const want = s.pdos.filter((x) => x.direction === dir);
    expect(list.map((x) => x.index)).toEqual(want.map((x) => x.index));
    list.forEach((x, i) => {
      const w = want[i];
      expect(x.name).toBe(w?.name);
      expect(x.sm).toBe(w?.sm ?? 0xff);
      expect(x.entries.map((e) => [e.index, e.subindex, e.bits, e.name, e.dataType])).toEqual(w?.entries.map((e) => [e.index, e.subindex, e.bits, e.name, e.dataType]));
    });
  }
  if (s.dc.systemTime) expect(p.dc.map((m) => m.assignActivate)).toEqual(s.dc.syncModes.map((m) => m.assignActivate));
  else expect(p.dc).toEqual([]);
}

describe('SII builder and parser', () => {
  for (const file of ['examples/io-rack.yaml', 'examples/two-axis.yaml', 'test/fixtures/topologies/generic.json', 'test/fixtures/topologies/no-coe.yaml', 'test/fixtures/topologies/branch.yaml']) {
    it(`round-trips every slave of ${file}`, () => {
      for (const s of loadTopology(file).slaves) checkRoundTrip(s);
    });
  }

  it('lays out the fixed area as IgH reads it', () => {
    const t = loadTopology('test/fixtures/topologies/generic.json');
    const w = t.slaves[1]?.siiWords as Uint16Array;
    expect([w[0], w[1], w[2], w[3], w[4]]).toEqual([0x0005, 0, 0, 0, 0x0102]);
    expect([w[8], w[9], w[10], w[11], w[12], w[13], w[14], w[15]]).toEqual([0x0abc, 0, 0x5678, 0x1234, 7, 0, 0xbeef, 0xdead]);
    expect([w[0x18], w[0x19], w[0x1a], w[0x1b]]).toEqual([0x1000, 256, 0x1100, 256]);
    expect(w[0x1c]).toBe(0x04 | 0x08); // CoE + FoE
    expect(w[0x30]).toBe(0xbeef); // raw override
    expect(w[0x3e]).toBe(31); // 4096 bytes = 32 Kbit
    expect(w[0x3f]).toBe(1);
    expect(w.length).toBe(2048);
    expect(w[w.length - 1]).toBe(0xffff); // erased
    const p = parseSii(w);
    expect(p.general?.flags).toBe(0);
    expect(p.general?.coeDetails).toBe(0x01 | 0x02 | 0x04 | 0x08 | 0x20);
    expect(p.general?.foeDetails).toBe(1);
    expect(p.dc).toEqual([{ cycleTime: 1000000, shift0: 0, shift1: 0, sync1Factor: 0, assignActivate: 0x0300, sync0Factor: 1, name: 'SYNC0' }]);
    expect(p.txPdos.find((x) => x.index === 0x1a01)?.sm).toBe(0xff); // offered, not assigned
    expect(p.txPdos.find((x) => x.index === 0x1a00)?.entries[1]).toEqual({ index: 0, subindex: 0, name: '', dataType: 0, bits: 15, flags: 0 });
  });

  it('grows the EEPROM when the content needs it and refuses more than 8 KiB', () => {
    // Gap entries take 8 bytes each in the SII; n PDOs of 250 gaps need about n * 2 KiB.
    const file = (pdos: number, extra = ''): string => {
      const list = Array.from({ length: pdos }, (_, i) => `      - { index: ${0x1a00 + i}, entries: [${Array(250).fill('{gap: 1}').join(', ')}] }`);
      return `slaves:\n  - { name: c, preset: EK1100 }\n  - name: g\n    ports: [ebus, ebus]\n${extra}    pdos:\n${list.join('\n')}\n`;
    };
    const one = parseTopology(file(1), 'b.yaml').slaves[1] as Slave;
    expect(one.sii.eepromBytes).toBe(4096);
    expect(one.siiWords.length).toBe(2048);
    checkRoundTrip(one);
    const three = parseTopology(file(3), 'b.yaml').slaves[1] as Slave;
    expect(three.sii.eepromBytes).toBe(8192);
    checkRoundTrip(three);
    expect(() => parseTopology(file(1, '    sii: { eepromSize: 2048 }\n'), 'b.yaml')).toThrow(
      /b\.yaml:5:10: slaves\[1\]\.sii: the SII needs \d+ bytes but the EEPROM holds 2048; raise sii\.eepromSize/,
    );
    expect(() => parseTopology(file(5), 'b.yaml')).toThrow(/b\.yaml:3:5: slaves\[1\]: the SII needs \d+ bytes but the EEPROM holds 8192 \(the largest allowed\)/);
  });

  it('tolerates garbage and says what is wrong', () => {
    const w = new Uint16Array(80).fill(0);
    w[0x40] = 0x000a;
    w[0x41] = 500;
    expect(parseSii(w).errors[0]).toMatch(/runs past the end/);
    expect(parseSii(new Uint16Array(10)).errors[0]).toMatch(/only 10 words/);
  });
});
