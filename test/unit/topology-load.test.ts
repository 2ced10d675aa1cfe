// Loading good topology files: the examples, presets, model defaults and overrides, both syntaxes.
import { describe, expect, it } from 'vitest';
import { buildImage, loadTopology, parseTopology } from '../../src/topology/index.js';
import type { Slave } from '../../src/topology/index.js';

function at(t: { slaves: Slave[] }, i: number): Slave {
  const s = t.slaves[i];
  if (!s) throw new Error(`no slave ${i}`);
  return s;
}

describe('examples', () => {
  it('io-rack.yaml: EK1100 + EL1008 + EL2008 + EL3064 as IgH would show them', () => {
    const t = loadTopology('examples/io-rack.yaml');
    expect(t.master).toMatchObject({ mac: '02:00:00:00:00:01', linkUp: true });
    expect(t.slaves.map((s) => [s.name, s.preset, s.model, s.identity.vendor, s.identity.product, s.sii.deviceName])).toEqual([
      ['coupler', 'EK1100', 'coupler', 2, 0x044c2c52, 'EK1100 EtherCAT Coupler (2A E-Bus)'],
      ['inputs', 'EL1008', 'digital-input', 2, 0x03f03052, 'EL1008 8Ch. Dig. Input 24V, 3ms'],
      ['outputs', 'EL2008', 'digital-output', 2, 0x07d83052, 'EL2008 8Ch. Dig. Output 24V, 0.5A'],
      ['analog', 'EL3064', 'analog-input', 2, 0x0bf83052, 'EL3064 4Ch. Ana. Input 0-10V'],
    ]);
    const [coupler, inputs, outputs, analog] = [at(t, 0), at(t, 1), at(t, 2), at(t, 3)];
    expect(coupler.ports.map((p) => p.descriptor)).toEqual(['mii', 'ebus', 'mii', 'n/a']);
    expect(coupler.sii.currentOnEBus).toBe(-2000);
    expect(coupler.mailbox).toBeNull();
    expect(coupler.dc).toMatchObject({ supported: true, systemTime: false });
    // EL1008: SM0 inputs at 0x1000, one TxPDO per channel with 0x6000 + 0x10*n:01, 1 bit
    expect(inputs.syncManagers).toEqual([{ index: 0, start: 0x1000, size: 1, control: 0x00, enable: 1, type: 'inputs' }]);
    expect(inputs.pdos.map((p) => [p.index, p.name, p.sm, p.entries[0]?.index, p.entries[0]?.bits, p.entries[0]?.name])).toEqual(
      Array.from({ length: 8 }, (_, n) => [0x1a00 + n, `Channel ${n + 1}`, 0, 0x6000 + 0x10 * n, 1, 'Input']),
    );
    expect(outputs.syncManagers).toEqual([{ index: 0, start: 0x0f00, size: 1, control: 0x44, enable: 1, type: 'outputs' }]);
    expect(analog.mailbox).toEqual({ rx: { start: 0x1000, size: 128 }, tx: { start: 0x1080, size: 128 }, bootstrap: null, protocols: ['coe'] });
    expect(analog.syncManagers.map((s) => [s.index, s.start, s.size, s.control, s.enable])).toEqual([
      [0, 0x1000, 128, 0x26, 1],
      [1, 0x1080, 128, 0x22, 1],
      [2, 0x1100, 0, 0x24, 0],
      [3, 0x1180, 16, 0x20, 1],
    ]);
    expect(analog.pdos[0]?.entries.map((e) => [e.index, e.subindex, e.bits])).toEqual([
      [0x6000, 0x01, 1],
      [0x6000, 0x02, 1],
      [0x6000, 0x03, 2],
      [0x6000, 0x05, 2],
      [0x6000, 0x07, 1],
      [0, 0, 7],
      [0x6000, 0x0f, 1],
      [0x6000, 0x10, 1],
      [0x6000, 0x11, 16],
    ]);
    expect(analog.sii.fmmus).toEqual(['inputs', 'mailbox-status']);
  });

  it('two-axis.yaml: two DC drives in a line', () => {
    const t = loadTopology('examples/two-axis.yaml');
    expect(t.slaves.map((s) => [s.name, s.model, s.alias, s.identity.serial])).toEqual([
      ['axis-x', 'cia402', 1, 1001],
      ['axis-y', 'cia402', 2, 1002],
    ]);
    for (const s of t.slaves) {
      expect(s.dc).toEqual({
        supported: true,
        range64: true,
        systemTime: true,
        syncModes: [{ name: 'DC Sync0', assignActivate: 0x0300, cycleTime: 0, shift0: 0, shift1: 0, sync0Factor: 1, sync1Factor: 0 }],
      });
      expect(s.ports.map((p) => p.descriptor)).toEqual(['mii', 'mii', 'n/a', 'n/a']);
      expect(s.mailbox?.bootstrap).toEqual({ rx: { start: 0x1000, size: 128 }, tx: { start: 0x1080, size: 128 } });
      expect(s.sii.syncImpulse).toBe(1000);
      expect(s.sii.ds402Channels).toBe(1);
      expect(s.syncManagers.map((m) => [m.type, m.size])).toEqual([
        ['mailbox-out', 128],
        ['mailbox-in', 128],
        ['outputs', 11],
        ['inputs', 13],
      ]);
    }
  });
});

describe('defaults and overrides', () => {
  it('needs only a name and a model or preset per slave', () => {
    const t = parseTopology('slaves:\n  - name: rack\n    model: coupler\n  - name: in\n    model: digital-input\n', 'min.yaml');
    expect(t.master.mac).toBe('02:ec:a7:00:00:01');
    const s = at(t, 1);
    expect([s.identity.vendor, s.identity.product, s.sii.deviceName]).toEqual([0xeca7, 0x00020008, 'Virtual 8Ch. Dig. Input']);
    expect(s.pdos).toHaveLength(8);
    expect(s.upstream).toEqual({ position: 0, port: 1 });
  });

  it('lets every preset value be overridden, field by field', () => {
    const t = parseTopology(
      [
        'slaves:',
        '  - name: c',
        '    preset: ek1100',
        '    identity: { revision: 0x00130000, serial: 42 }',
        '    sii: { deviceName: Rack A, currentOnEBus: -1000 }',
        '    ports: [mii, ebus, mii, mii]',
        '  - name: di',
        '    preset: EL1008',
        '    channels: 4',
        '    dc: false',
        '    fmmus: [inputs, unused]',
        '',
      ].join('\n'),
      'o.yaml',
    );
    const c = at(t, 0);
    expect(c.preset).toBe('ek1100');
    expect(c.identity).toEqual({ vendor: 2, product: 0x044c2c52, revision: 0x00130000, serial: 42 });
    expect([c.sii.deviceName, c.sii.orderNumber, c.sii.currentOnEBus]).toEqual(['Rack A', 'EK1100', -1000]);
    expect(c.ports[3]?.descriptor).toBe('mii');
    const di = at(t, 1);
    expect(di.pdos).toHaveLength(4);
    expect(di.identity.product).toBe(0x03f03052);
    expect(di.dc.supported).toBe(false);
    expect(di.sii.fmmus).toEqual(['inputs', 'unused']);
  });

  it('adds a mailbox when a slave declares objects, and lays out SMs around it', () => {
    const t = parseTopology(
      'slaves:\n  - name: g\n    mailbox: { rx: 0x1000/512, tx: 0x1200/512 }\n    objects:\n      - { index: 0x6000, name: V, type: uint32, pdo: tx }\n    pdos:\n      - { index: 0x1a00, entries: ["0x6000:00"] }\n',
      'g.yaml',
    );
    const g = at(t, 0);
    expect(g.coe).not.toBeNull();
    expect(g.syncManagers.map((s) => [s.index, s.start, s.size, s.type])).toEqual([
      [0, 0x1000, 512, 'mailbox-out'],
      [1, 0x1200, 512, 'mailbox-in'],
      [2, 0x1400, 0, 'outputs'],
      [3, 0x1480, 4, 'inputs'],
    ]);
    expect(g.pdos[0]?.entries[0]).toEqual({ index: 0x6000, subindex: 0, bits: 32, name: 'V', dataType: 7 });
  });

  it('reads the generic JSON fixture with hex strings', () => {
    const t = loadTopology('test/fixtures/topologies/generic.json');
    const dev = at(t, 1);
    expect(dev.identity).toEqual({ vendor: 0xabc, product: 0x12345678, revision: 7, serial: 0xdeadbeef });
    expect([dev.alias, dev.fmmuBitOperation, dev.upstream]).toEqual([0x0102, true, { position: 0, port: 2 }]);
    expect(dev.dc).toMatchObject({ supported: true, systemTime: true, range64: false });
    expect(dev.mailbox?.protocols).toEqual(['coe', 'foe']);
    expect(dev.syncManagers.find((s) => s.index === 2)).toEqual({ index: 2, start: 0x1200, size: 4, control: 0x24, enable: 1, type: 'outputs' });
    expect(dev.pdos.map((p) => [p.index, p.sm, p.entries.length])).toEqual([
      [0x1600, 2, 1],
      [0x1a00, 3, 4],
      [0x1a01, null, 1],
    ]);
    expect(dev.sii).toMatchObject({ deviceName: 'Test Device', orderNumber: 'TD-1', group: 'Test', currentOnEBus: -100, eepromBytes: 4096 });
  });

  it('takes PDO entry sizes from their types on slaves without CoE', () => {
    const t = loadTopology('test/fixtures/topologies/no-coe.yaml');
    const io = at(t, 1);
    expect(io.coe).toBeNull();
    expect(io.objects).toEqual([]);
    expect(io.pdos.map((p) => p.entries.map((e) => [e.index, e.bits, e.dataType]))).toEqual([
      [[0x7000, 8, 5]],
      [
        [0x6000, 16, 6],
        [0, 8, 0],
      ],
    ]);
    expect(io.syncManagers.map((s) => [s.index, s.start, s.size, s.type])).toEqual([
      [0, 0x0f00, 1, 'outputs'],
      [1, 0x1000, 3, 'inputs'],
    ]);
  });

  it('accepts YAML anchors and aliases', () => {
    const t = parseTopology('slaves:\n  - { name: c, preset: EK1100 }\n  - { name: o1, preset: &p EL2004, identity: &id { serial: 5 } }\n  - { name: o2, preset: *p, identity: *id }\n', 'a.yaml');
    expect(t.slaves.map((s) => [s.sii.deviceName, s.identity.serial])).toEqual([
      ['EK1100 EtherCAT Coupler (2A E-Bus)', 0],
      ['EL2004 4Ch. Dig. Output 24V, 0.5A', 5],
      ['EL2004 4Ch. Dig. Output 24V, 0.5A', 5],
    ]);
  });

  it('recognises JSON without a .json name, and ignores a byte order mark', () => {
    const t = parseTopology('{"slaves": [{"name": "c", "preset": "EK1100"}]}', 'topology');
    expect(t.slaves).toHaveLength(1);
    expect(parseTopology('\ufeff{"slaves": []}', 'bom.json').slaves).toEqual([]);
    expect(parseTopology('\ufeffslaves: []\r\n', 'bom.yaml').slaves).toEqual([]);
  });

  it('builds an image for an empty bus', () => {
    expect(buildImage(parseTopology('slaves: []\n', 'empty.yaml')).length).toBe(28);
  });
});
