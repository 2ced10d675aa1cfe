// The binary image (docs/vbus-image.md): exact bytes of small cases worked out by hand, and
// decode-and-compare of the examples field by field.
import { describe, expect, it } from 'vitest';
import { MODEL_CODES, PORT_DESCRIPTOR_CODES, buildImage, loadTopology, parseTopology } from '../../src/topology/index.js';
import type { Slave, Topology } from '../../src/topology/index.js';
import { decodeImage } from '../../src/topology/image/decode.js';

function hexOf(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

describe('image layout', () => {
  it('encodes an empty bus as header + master section', () => {
    const img = buildImage(parseTopology('master: { mac: "02:11:22:33:44:55", link: down }\nslaves: []\n', 'e.yaml'));
    expect(hexOf(img)).toBe(
      [
        '56424931', // magic "VBI1"
        '0100', // version 1
        '0000', // flags
        '1c000000', // total size 28
        '0000', // 0 slaves
        '0000',
        '021122334455', // mac
        '00', // link down
        '00',
        '00000000',
      ].join(''),
    );
  });

  it('places the fields of a slave record at their offsets', () => {
    const t = parseTopology('slaves:\n  - { name: c, preset: EK1100, alias: 7 }\n', 'c.yaml');
    const img = buildImage(t);
    const v = new DataView(img.buffer);
    const s = t.slaves[0] as Slave;
    const words = s.siiWords.length;
    const record = 4 + 1 + 1 + 2 + 4 + 4 * 16 + 2 + 2 * words + 2 + 2;
    expect(img.length).toBe(28 + record);
    expect(v.getUint32(8, true)).toBe(img.length);
    expect(v.getUint16(12, true)).toBe(1);
    expect(v.getUint32(28, true)).toBe(record); // record_size
    expect(img[32]).toBe(MODEL_CODES.coupler); // model 1
    expect(img[33]).toBe(0x01); // DC: delay measurement only
    expect(v.getUint16(34, true)).toBe(0);
    expect(v.getUint32(36, true)).toBe(0); // transmission delay
    // port 0: MII, up, open, signal, no upstream slave, receive time 305
    expect(hexOf(img.subarray(40, 56))).toBe('03010001ffff000031010000' + '00000000');
    // port 3: N/A, down, closed
    expect(hexOf(img.subarray(88, 104))).toBe('00000100ffff0000' + '0000000000000000');
    expect(v.getUint16(104, true)).toBe(words);
    expect(v.getUint16(106 + 2 * 4, true)).toBe(7); // SII word 4 = alias
    expect(v.getUint16(106 + 2 * words, true)).toBe(0); // no objects
    expect(v.getUint16(108 + 2 * words, true)).toBe(0); // no params
  });

  it('writes entries with limits, flags and values', () => {
    const t = parseTopology(
      [
        'slaves:',
        '  - name: d',
        '    objects:',
        '      - { index: 0x2000, name: T, type: int16, access: rwr-r-, pdo: rx, default: -2, min: -300, max: 300, volatile: true }',
        '',
      ].join('\n'),
      'o.yaml',
    );
    const img = buildImage(t);
    const s = decodeImage(img).slaves[0];
    const o = s?.objects.find((x) => x.index === 0x2000);
    expect(o).toEqual({
      index: 0x2000,
      objectCode: 7,
      maxSubindex: 0,
      name: 'T',
      entries: [
        {
          subindex: 0,
          access: 0x01 | 0x02 | 0x04 | 0x08 | 0x40,
          dataType: 0x0003,
          bitLength: 16,
          flags: 0x07,
          name: 'T',
          minimum: 0xfffffffffffffed4n, // -300, two's complement in 64 bits
          maximum: 300n,
          value: new Uint8Array([0xfe, 0xff]),
        },
      ],
    });
    // Find the entry's bytes in the image: index, code, max sub, name "T", 1 entry, then the entry.
    const at = Buffer.from(img).indexOf(Buffer.from('0020070001540100', 'hex'));
    expect(at).toBeGreaterThan(0);
    expect(hexOf(img.subarray(at + 8, at + 8 + 8 + 2 + 16 + 2 + 2))).toBe(
      '00' + '4f' + '0300' + '1000' + '0700' + '0154' + 'd4feffffffffffff' + '2c01000000000000' + '0200' + 'feff',
    );
  });

  it('encodes REAL32 limits as their IEEE bit pattern', () => {
    const t = parseTopology('slaves:\n  - name: d\n    objects:\n      - { index: 0x2000, name: F, type: float, min: -1.5, max: 2 }\n', 'f.yaml');
    const e = decodeImage(buildImage(t)).slaves[0]?.objects.find((x) => x.index === 0x2000)?.entries[0];
    expect([e?.minimum, e?.maximum]).toEqual([0xbfc00000n, 0x40000000n]);
  });
});

/** Every field of the decoded image against the topology it came from. */
function compare(t: Topology): void {
  const img = buildImage(t);
  const d = decodeImage(img);
  expect(d.magic).toBe(0x31494256);
  expect(d.version).toBe(1);
  expect(d.totalSize).toBe(img.length);
  expect(d.slaveCount).toBe(t.slaves.length);
  expect(d.master).toEqual({ mac: t.master.mac, linkUp: 1, flags: 0 });
  t.slaves.forEach((s, i) => {
    const r = d.slaves[i];
    expect(r?.model).toBe(MODEL_CODES[s.model]);
    const flags = (s.dc.supported ? 1 : 0) | (s.dc.supported && s.dc.range64 ? 2 : 0) | (s.dc.supported && s.dc.systemTime ? 4 : 0) | (s.fmmuBitOperation ? 8 : 0);
    expect(r?.flags).toBe(flags);
    expect(r?.transmissionDelay).toBe(s.transmissionDelay);
    expect(r?.ports).toEqual(
      s.ports.map((p) => ({
        desc: PORT_DESCRIPTOR_CODES[p.descriptor],
        linkUp: p.linkUp ? 1 : 0,
        loopClosed: p.loopClosed ? 1 : 0,
        signalDetected: p.signalDetected ? 1 : 0,
        nextSlave: p.nextSlave ?? 0xffff,
        receiveTime: p.receiveTime,
        delayToNextDc: p.delayToNextDc,
      })),
    );
    expect(Array.from(r?.sii ?? [])).toEqual(Array.from(s.siiWords));
    expect(r?.objects.map((o) => [o.index, o.objectCode, o.maxSubindex, o.name])).toEqual(s.objects.map((o) => [o.index, o.objectCode, o.maxSubindex, o.name]));
    s.objects.forEach((o, k) => {
      expect(r?.objects[k]?.entries.map((e) => [e.subindex, e.access, e.dataType, e.bitLength, e.flags & 4, e.name, Array.from(e.value)])).toEqual(
        o.entries.map((e) => [e.subindex, e.access, e.dataType, e.bits, e.volatile ? 4 : 0, e.name, Array.from(e.value)]),
      );
    });
    expect(r?.params.length).toBe(0);
  });
}

describe('image round trip', () => {
  for (const file of ['examples/io-rack.yaml', 'examples/two-axis.yaml', 'test/fixtures/topologies/generic.json', 'test/fixtures/topologies/branch.yaml', 'test/fixtures/topologies/coupler-port3.yaml', 'test/fixtures/topologies/no-coe.yaml']) {
    it(`decodes ${file} to what the topology says`, () => compare(loadTopology(file)));
  }

  it('is deterministic', () => {
    const a = buildImage(loadTopology('examples/io-rack.yaml'));
    const b = buildImage(loadTopology('examples/io-rack.yaml'));
    expect(hexOf(a)).toBe(hexOf(b));
  });

  it('gives the same image for the same bus written in YAML or JSON', () => {
    const yaml = 'master:\n  mac: 02:00:00:00:00:09\nslaves:\n  - { name: c, preset: EK1100 }\n  - { name: a, model: analog-output, channels: 2, values: { "0x8000:13": 0x100 } }\n';
    const json = '{"master": {"mac": "02:00:00:00:00:09"}, "slaves": [{"name": "c", "preset": "EK1100"}, {"name": "a", "model": "analog-output", "channels": "2", "values": {"0x8000:13": "0x100"}}]}';
    expect(hexOf(buildImage(parseTopology(json, 'x.json')))).toBe(hexOf(buildImage(parseTopology(yaml, 'x.yaml'))));
  });

  it('detects corrupt images when decoding', () => {
    const img = buildImage(loadTopology('examples/two-axis.yaml'));
    expect(() => decodeImage(img.subarray(0, img.length - 1))).toThrow(/total_size/);
    const bad = img.slice();
    new DataView(bad.buffer).setUint32(28, 1000, true); // record_size of slave 0
    expect(() => decodeImage(bad)).toThrow(/slave 0: record_size 1000/);
  });

  it('refuses a hand-made topology that breaks the format limits', () => {
    const t = loadTopology('examples/two-axis.yaml');
    const s = t.slaves[1] as Slave;
    s.siiWords = new Uint16Array(10);
    expect(() => buildImage(t)).toThrow('slave 1 ("axis-y") sii: 10 words; expected 64..4096');
    const u = loadTopology('examples/two-axis.yaml');
    u.slaves.reverse();
    expect(() => buildImage(u)).toThrow(/position: is 1 but the slave is at index 0/);
  });
});
