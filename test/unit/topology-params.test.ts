// Model parameters and scheduled faults: the `params:` and `faults:` syntax, their checks with
// file positions, the TLV records of the image (docs/vbus-image.md, "Model parameters") byte
// for byte, and the virtual master core loading what the serializer writes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TopologyError, buildImage, decodeParams, formatIssue, parseTopology } from '../../src/topology/index.js';
import type { Slave, Topology } from '../../src/topology/index.js';
import { decodeImage } from '../../src/topology/image/decode.js';
import { openMaster } from '../../src/binding/open.js';
import { loadAddon } from '../../src/binding/load.js';

function hexOf(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

/** The params of each slave record of the image, as hex per TLV record. */
function recordsOf(t: Topology): string[][] {
  return decodeImage(buildImage(t)).slaves.map((s) => decodeParams(s.params).map((r) => `${r.tag.toString(16).padStart(4, '0')}:${hexOf(r.value)}`));
}

function errorsOf(text: string, file = 'p.yaml'): string[] {
  try {
    parseTopology(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(TopologyError);
    return (err as TopologyError).errors.map((x) => formatIssue(file, x));
  }
  throw new Error('accepted');
}

const BUS = `
slaves:
  - name: coupler
    preset: EK1100
  - name: di
    model: digital-input
    params: { pattern: walking, periodMs: 10 }
  - name: dk
    model: digital-input
    channels: 4
    params: { pattern: constant, value: 0x9 }
  - name: ai
    model: analog-input
    channels: 2
    params:
      waveforms:
        - { channel: 2, shape: sine, min: -1000, max: 1000, periodMs: 500 }
        - { channel: 1, shape: constant, min: -5 }
  - name: drive
    model: cia402
    connect: coupler:2
    params: { position: -5000, maxVelocity: 100000, maxAcceleration: 1000000, requireDc: true }
    faults:
      - { at: 500, kind: al-error, state: safeop, code: 0x001b }
      - { at: 1000, kind: wkc-drop, duration: 100 }
      - { at: 1200, kind: sdo-abort, entry: "0x6065:00", code: 0x06090030 }
faults:
  - { at: 2000, kind: link-down, duration: 50 }
  - { at: 3000, kind: slave-lost, slave: ai }
`;

describe('model parameters and faults in the image', () => {
  it('writes each as a TLV record, in the slave that carries it', () => {
    const t = parseTopology(BUS, 'bus.yaml');
    expect(recordsOf(t)).toEqual([
      // coupler: the bus-wide link-down (cycle 2000, kind 3, 50 cycles)
      ['0020:d0070000' + '03000000' + '32000000'],
      // walking pattern, 10 ms
      ['0001:0a000000' + '01000000' + '0000000000000000'],
      // constant 0x9
      ['0001:64000000' + '02000000' + '0900000000000000'],
      // waveforms sorted by channel: ch 0 constant -5 (max default 32767, 1000 ms, phase 0), ch 1 sine
      [
        '0002:00000000' + 'fbffffff' + 'ff7f0000' + 'e8030000' + '00000000',
        '0002:01040000' + '18fcffff' + 'e8030000' + 'f4010000' + 'fa000000',
        // the top-level slave-lost for "ai" (cycle 3000, kind 2, stays)
        '0020:b80b0000' + '02000000' + '00000000',
      ],
      [
        '0010:78ecffff', // position -5000
        '0011:a0860100', // 100000 counts/s
        '0012:40420f00', // 1000000 counts/s²
        '0013:01',
        '0020:f4010000' + '01000000' + '00000000' + '04001b00', // al-error: SAFEOP, 0x001B
        '0020:e8030000' + '04000000' + '64000000', // wkc-drop for 100 cycles
        '0020:b0040000' + '05000000' + '00000000' + '65600000' + '30000906', // sdo-abort 0x6065:00
      ],
    ]);
    const drive = t.slaves[4] as Slave;
    expect(drive.params?.drive).toEqual({ position: -5000, maxVelocity: 100000, maxAcceleration: 1000000, requireDc: true });
    expect(drive.faults?.map((f) => f.kind)).toEqual(['al-error', 'wkc-drop', 'sdo-abort']);
    expect((t.slaves[0] as Slave).faults).toEqual([{ kind: 'link-down', cycle: 2000, duration: 50 }]);
  });

  it('leaves params empty where nothing is set, so other images do not change', () => {
    const head = 'slaves:\n  - { name: c, preset: EK1100 }\n';
    const plain = parseTopology(`${head}  - { name: d, model: digital-input }\n  - { name: x, model: cia402, connect: c:2, params: {} }\n`, 'a.yaml');
    expect(recordsOf(plain)).toEqual([[], [], []]);
    expect((plain.slaves[2] as Slave).params).toBeUndefined();
    const same = parseTopology(`${head}  - { name: d, model: digital-input, params: {} }\n  - { name: x, model: cia402, connect: c:2 }\n`, 'a.yaml');
    expect(hexOf(buildImage(same))).toBe(hexOf(buildImage(plain)));
  });

  it('fills waveform and pattern defaults as the model runs them', () => {
    const t = parseTopology(
      'slaves:\n  - { name: c, preset: EK1100 }\n  - { name: a, model: analog-input, params: { waveforms: [ { channel: 3 } ] } }\n  - { name: d, model: digital-input, params: { periodMs: 7 } }\n',
      'd.yaml',
    );
    expect((t.slaves[1] as Slave).params?.waveforms).toEqual([{ channel: 2, shape: 'triangle', min: 0, max: 32767, periodMs: 1000, phaseMs: 500 }]);
    expect((t.slaves[2] as Slave).params?.pattern).toEqual({ mode: 'counter', periodMs: 7, value: 0n });
  });

  it('reads the same from JSON', () => {
    const json = JSON.stringify({
      slaves: [{ name: 'x', model: 'cia402', params: { maxVelocity: 5 }, faults: [{ at: 3, kind: 'al-error', state: 'preop', code: '0x0011' }] }],
    });
    expect(recordsOf(parseTopology(json, 'x.json'))).toEqual([['0011:05000000', '0020:03000000' + '01000000' + '00000000' + '02001100']]);
  });

  it('refuses a hand-built slave whose parameters do not fit its record', () => {
    const t = parseTopology('slaves:\n  - { name: d, model: generic }\n', 'h.yaml');
    const s = t.slaves[0] as Slave;
    s.faults = Array.from({ length: 5000 }, (_, i) => ({ kind: 'wkc-drop' as const, cycle: i + 1, duration: 1 }));
    expect(() => buildImage(t)).toThrow(/slave 0 \("d"\) params: 80000 bytes of model parameters and faults; at most 65535/);
  });
});

describe('model parameter and fault errors', () => {
  it('checks params against the model', () => {
    expect(
      errorsOf(
        [
          'slaves:',
          '  - name: c',
          '    preset: EK1100',
          '    params: { pattern: walking }',
          '  - name: d',
          '    model: digital-input',
          '    channels: 4',
          '    params: { pattern: walkin, periodMs: 0, valu: 1 }',
          '  - name: k',
          '    model: digital-input',
          '    channels: 4',
          '    params: { pattern: constant, value: 0x1f }',
          '  - name: w',
          '    model: digital-input',
          '    params: { pattern: counter, value: 1 }',
          '  - name: x',
          '    model: cia402',
          '    connect: c:2',
          '    params: { maxVelocity: 0, maxAcceleration: -1, position: 0x80000000, requireDc: yes, pattern: walking }',
        ].join('\n'),
      ),
    ).toEqual([
      'p.yaml:4:13: slaves[0].params: params applies to the digital-input, analog-input, cia402 models, not to coupler',
      'p.yaml:8:24: slaves[1].params.pattern: unknown input pattern "walkin" (did you mean "walking"?); expected one of counter, walking, constant',
      'p.yaml:8:42: slaves[1].params.periodMs: 0 is out of range; expected a step time in milliseconds (1..4294967295)',
      'p.yaml:8:45: slaves[1].params.valu: unknown key "valu" for model digital-input (did you mean "value"?)',
      'p.yaml:12:41: slaves[2].params.value: value 0x1f sets bits beyond the 4 channels (at most 0xf)',
      'p.yaml:15:40: slaves[3].params.value: value applies to pattern: constant; with counter the inputs move by themselves',
      'p.yaml:19:28: slaves[4].params.maxVelocity: 0 is out of range; expected a velocity in counts/s (1..2147483647)',
      'p.yaml:19:48: slaves[4].params.maxAcceleration: -1 is out of range; expected an acceleration in counts/s² (1..4294967295)',
      'p.yaml:19:62: slaves[4].params.position: 0x80000000 is out of range; expected a position in counts (a signed 32-bit number)',
      'p.yaml:19:85: slaves[4].params.requireDc: expected true or false, got the string "yes"',
      'p.yaml:19:90: slaves[4].params.pattern: unknown key "pattern" for model cia402; expected one of position, maxVelocity, maxAcceleration, requireDc',
    ]);
  });

  it('checks waveforms', () => {
    expect(
      errorsOf(
        [
          'slaves:',
          '  - { name: c, preset: EK1100 }',
          '  - name: a',
          '    model: analog-input',
          '    channels: 2',
          '    params:',
          '      waveforms:',
          '        - { channel: 3 }',
          '        - { channel: 1, shape: saw, min: 10, max: 5 }',
          '        - { channel: 2, min: -40000, periodMs: 0 }',
          '        - { shape: sine }',
          '        - { channel: 2, phaseMs: 1 }',
          '        - 5',
        ].join('\n'),
      ),
    ).toEqual([
      'p.yaml:8:22: slaves[1].params.waveforms[0].channel: 3 is out of range; expected a channel number of this terminal (1..2)',
      'p.yaml:9:32: slaves[1].params.waveforms[1].shape: unknown waveform shape "saw"; expected one of constant, sawtooth, triangle, square, sine',
      'p.yaml:10:30: slaves[1].params.waveforms[2].min: -40000 is out of range; expected a raw 16-bit value (-32768..32767)',
      'p.yaml:10:48: slaves[1].params.waveforms[2].periodMs: 0 is out of range; expected a period in milliseconds (1..4294967295)',
      'p.yaml:11:11: slaves[1].params.waveforms[3].channel: missing `channel:` (1..2, the channel the waveform drives)',
      'p.yaml:12:22: slaves[1].params.waveforms[4].channel: channel 2 already has a waveform (line 10)',
      'p.yaml:13:11: slaves[1].params.waveforms[5]: expected a waveform mapping (channel, shape, min, max, periodMs, phaseMs), got the number 5',
    ]);
    expect(errorsOf('slaves:\n  - { name: a, model: analog-input, ports: [mii], params: { waveforms: [ { channel: 1, min: 10, max: 5 } ] } }\n')).toEqual([
      'p.yaml:2:102: slaves[0].params.waveforms[0].max: max 5 is less than min 10',
    ]);
  });

  it('checks faults, per slave and at the top level', () => {
    expect(
      errorsOf(
        [
          'slaves:',
          '  - name: drive',
          '    model: cia402',
          '    faults:',
          '      - { at: 0, kind: wkc-drop }',
          '      - { at: 5, kind: al-eror, state: safeop, code: 0x1b }',
          '      - { at: 5, kind: al-error, state: boot, duration: 3 }',
          '      - { at: 5, kind: sdo-abort, entry: 0x6065, code: 0 }',
          '      - { at: 5, kind: link-down }',
          '      - { kind: slave-lost, slave: drive }',
          '  - name: io',
          '    model: generic',
          '    faults: [ { at: 9, kind: sdo-abort, entry: "0x7000:01", code: 0x06020000 } ]',
          'faults:',
          '  - { at: 7, kind: link-down, slave: drive }',
          '  - { at: 7, kind: wkc-drop, slave: drve }',
          '  - { at: 7, kind: wkc-drop }',
          '  - { at: 7, kind: sdo-abort, slave: io, entry: "0x7000:01", code: 0x06020000 }',
        ].join('\n'),
      ),
    ).toEqual([
      'p.yaml:5:15: slaves[0].faults[0].at: 0 is out of range; expected a cycle number (1 = the first cycle after activation, up to 4294967295)',
      'p.yaml:6:24: slaves[0].faults[1].kind: unknown fault kind "al-eror" (did you mean "al-error"?); expected one of al-error, slave-lost, link-down, wkc-drop, sdo-abort',
      'p.yaml:7:9: slaves[0].faults[2].code: missing `code:` (the AL status code the slave reports, e.g. 0x001b)',
      'p.yaml:7:41: slaves[0].faults[2].state: unknown AL state "boot"; expected one of init, preop, safeop, op',
      'p.yaml:7:57: slaves[0].faults[2].duration: duration does not apply to al-error (it happens once; slave-lost, link-down, wkc-drop last a number of cycles)',
      'p.yaml:8:42: slaves[0].faults[3].entry: expected an entry reference such as "0x6065:00" (index:subindex, subindex in hex), got the number 0x6065',
      'p.yaml:8:56: slaves[0].faults[3].code: 0 is out of range; expected an SDO abort code (0x00000001..0xffffffff, e.g. 0x06090011)',
      'p.yaml:9:24: slaves[0].faults[4].kind: link-down concerns the whole bus, not one slave; list it in the top-level `faults:`',
      'p.yaml:10:9: slaves[0].faults[5].at: missing `at:` (the cycle after activation the fault happens in; 1 = the first)',
      'p.yaml:10:29: slaves[0].faults[5].slave: unknown key "slave"; expected one of at, kind, duration, state, code, entry',
      'p.yaml:13:15: slaves[1].faults[0]: sdo-abort needs a slave with a CoE mailbox; "io" has none',
      'p.yaml:15:38: faults[0].slave: link-down concerns the whole bus (the master loses its link); it takes no slave',
      'p.yaml:16:37: faults[1].slave: unknown slave "drve" (did you mean "drive"?)',
      'p.yaml:17:5: faults[2].slave: missing `slave:` (the name of the slave the wkc-drop happens to)',
      'p.yaml:18:5: faults[3]: sdo-abort needs a slave with a CoE mailbox; "io" has none',
    ]);
  });

  it('needs DC for requireDc, a slave for link-down, and keeps the fault limit', () => {
    expect(errorsOf('slaves:\n  - { name: x, model: cia402, dc: false, params: { requireDc: true } }\n')).toEqual([
      'p.yaml:2:63: slaves[0].params.requireDc: requireDc: this drive has no DC system time (dc), so no master can configure SYNC0 and it would never reach SAFEOP',
    ]);
    expect(errorsOf('slaves: []\nfaults: [ { at: 1, kind: link-down } ]\n')).toEqual([
      "p.yaml:2:11: faults[0]: link-down needs at least one slave: the image keeps bus-wide faults in the first slave's record",
    ]);
    const many = Array.from({ length: 4097 }, (_, i) => `  - { at: ${i + 1}, kind: wkc-drop, slave: ${i % 2 ? 'a' : 'b'} }`);
    const e = errorsOf(['slaves:', '  - { name: a, model: generic }', '  - { name: b, model: generic }', 'faults:', ...many].join('\n'));
    expect(e).toEqual(['p.yaml:4101:5: faults[4096]: 4097 scheduled faults; a bus holds at most 4096']);
  });
});

describe('the virtual master core loads them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecat-params-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts every record the serializer writes', () => {
    const file = join(dir, 'bus.yaml');
    writeFileSync(file, BUS);
    const m = openMaster({ sim: file, simStateDir: dir, simPersist: false });
    m.close();
  });

  it('refuses an unknown tag with the slave and offset', () => {
    const t = parseTopology('slaves:\n  - { name: x, model: cia402, params: { position: 1 } }\n', 'u.yaml');
    const img = buildImage(t);
    const params = decodeImage(img).slaves[0]?.params;
    expect(params && hexOf(params)).toBe('1000040001000000');
    // the record's params are its last bytes: turn tag 0x0010 into 0x0099
    img[img.length - 8] = 0x99;
    const addon = loadAddon();
    expect(() => addon.openSim(img, { abi: '1.6', masterIndex: 0, writable: true })).toThrow(/slave 0: params: unknown tag 0x0099 at offset 0/);
  });
});
