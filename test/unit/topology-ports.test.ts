// The port table: links, loops, neighbours, receive times and DC delays, checked against numbers
// worked out by hand from the delay model in docs/topology.md (forwarding 150 ns per ESC pass,
// 300 ns per MII PHY crossing, 5 ns per metre of cable, 5 ns per E-Bus hop).
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMING, loadTopology, parseTopology } from '../../src/topology/index.js';
import type { Slave, Topology } from '../../src/topology/index.js';

/** [nextSlave, receiveTime, delayToNextDc] per port. */
function table(s: Slave | undefined): Array<[number | null, number, number]> {
  return (s?.ports ?? []).map((p) => [p.nextSlave, p.receiveTime, p.delayToNextDc]);
}

function byName(t: Topology, name: string): Slave {
  const s = t.slaves.find((x) => x.name === name);
  if (!s) throw new Error(name);
  return s;
}

describe('port table', () => {
  it('uses the documented default timing', () => {
    expect(DEFAULT_TIMING).toEqual({ forwarding: 150, phy: 300, cablePerMeter: 5, ebus: 5 });
  });

  it('links a line of two drives (MII, cables of 2 m and 3 m)', () => {
    const t = loadTopology('examples/two-axis.yaml');
    const [x, y] = t.slaves;
    // x: 2 m from the master + PHY = 310; y: 310 + 150 + PHY + 15 + PHY = 1075; back at x:
    // 1075 + 150 + PHY + 15 + PHY = 1840; delay = (1840 - 310) / 2 = 765.
    expect(table(x)).toEqual([
      [null, 310, 0],
      [1, 1840, 765],
      [null, 0, 0],
      [null, 0, 0],
    ]);
    expect(table(y)).toEqual([
      [0, 1075, 765],
      [null, 0, 0],
      [null, 0, 0],
      [null, 0, 0],
    ]);
    expect(x?.ports.map((p) => [p.descriptor, p.linkUp, p.loopClosed, p.signalDetected])).toEqual([
      ['mii', true, false, true],
      ['mii', true, false, true],
      ['n/a', false, true, false],
      ['n/a', false, true, false],
    ]);
    expect(y?.ports.map((p) => [p.descriptor, p.linkUp, p.loopClosed])).toEqual([
      ['mii', true, false],
      ['mii', false, true],
      ['n/a', false, true],
      ['n/a', false, true],
    ]);
    expect([x?.transmissionDelay, y?.transmissionDelay]).toEqual([0, 765]);
    expect([x?.upstream, y?.upstream, x?.cable, y?.cable]).toEqual([null, { position: 0, port: 1 }, 2, 3]);
  });

  it('links an E-Bus rack behind a coupler', () => {
    const t = loadTopology('examples/io-rack.yaml');
    expect(t.slaves.map((s) => table(s)[0]?.[1])).toEqual([305, 460, 615, 770]);
    expect(table(t.slaves[0])[1]).toEqual([1, 1235, 155]);
    expect(t.slaves.map((s) => s.transmissionDelay)).toEqual([0, 155, 310, 465]);
    expect(t.slaves.map((s) => s.ports[1]?.linkUp)).toEqual([true, true, true, false]);
    expect(t.slaves[3]?.ports.map((p) => p.descriptor)).toEqual(['ebus', 'ebus', 'n/a', 'n/c']);
  });

  it('serves a junction port 3 before its E-Bus (port 1) and port 2', () => {
    const t = loadTopology('test/fixtures/topologies/branch.yaml');
    expect(t.slaves.map((s) => s.name)).toEqual(['head', 'junction', 'drive-a', 'di', 'drive-b']);
    expect(table(byName(t, 'head'))).toEqual([
      [null, 305, 0],
      [1, 3945, 155],
      [null, 0, 0],
      [null, 0, 0],
    ]);
    expect(table(byName(t, 'junction'))).toEqual([
      [0, 460, 155],
      [3, 2280, 155],
      [4, 3790, 755],
      [2, 1970, 755],
    ]);
    expect(table(byName(t, 'drive-a'))[0]).toEqual([1, 1215, 755]);
    expect(table(byName(t, 'di'))[0]).toEqual([1, 2125, 155]);
    expect(table(byName(t, 'drive-b'))[0]).toEqual([1, 3035, 755]);
    expect(t.slaves.map((s) => s.transmissionDelay)).toEqual([0, 155, 910, 310, 910]);
    expect(t.slaves.map((s) => s.upstream)).toEqual([null, { position: 0, port: 1 }, { position: 1, port: 3 }, { position: 1, port: 1 }, { position: 1, port: 2 }]);
  });

  it('branches at port 3 of a coupler', () => {
    const t = loadTopology('test/fixtures/topologies/coupler-port3.yaml');
    expect(t.master.mac).toBe('02:00:00:00:00:aa');
    expect(t.slaves.map((s) => s.name)).toEqual(['rack', 'servo', 'in', 'out']);
    // rack: 10 m + PHY = 350. servo on port 3 with 20 m: 350 + 150 + 300 + 100 + 300 = 1200.
    expect(table(t.slaves[0])).toEqual([
      [null, 350, 0],
      [2, 2670, 155],
      [null, 0, 0],
      [1, 2050, 850],
    ]);
    expect(table(t.slaves[1])[0]).toEqual([0, 1200, 850]);
    expect(table(t.slaves[2]).slice(0, 2)).toEqual([
      [0, 2205, 155],
      [3, 2515, 155],
    ]);
    expect(table(t.slaves[3])[0]).toEqual([2, 2360, 155]);
    expect(t.slaves.map((s) => s.transmissionDelay)).toEqual([0, 850, 155, 310]);
    expect(t.slaves[0]?.ports[2]).toMatchObject({ descriptor: 'mii', linkUp: false, loopClosed: true, signalDetected: false, nextSlave: null });
  });

  it('applies master.timing', () => {
    const t = loadTopology('test/fixtures/topologies/generic.json');
    expect(t.master.timing).toEqual({ ...DEFAULT_TIMING, forwarding: 200 });
    // dev on the EK1100's X2 (port 2): 305 + 200 + 300 + 5 + 300 = 1110; back 1310 + 605 = 1915.
    expect(table(t.slaves[0])[2]).toEqual([1, 1915, 805]);
    expect(table(t.slaves[1])[0]).toEqual([0, 1110, 805]);
  });

  it('skips slaves without DC when looking for the next DC slave', () => {
    const t = parseTopology('slaves:\n  - { name: c, preset: EK1100 }\n  - { name: i, preset: EL1008, dc: false }\n  - { name: o, preset: EL2008 }\n', 'n.yaml');
    // receive times exist for every port; the coupler's delay spans the non-DC terminal.
    expect(t.slaves.map((s) => s.ports[0]?.receiveTime)).toEqual([305, 460, 615]);
    expect(table(t.slaves[0])[1]).toEqual([1, 925, 310]);
    expect(table(t.slaves[1])).toEqual([
      [0, 460, 0],
      [2, 770, 0],
      [null, 0, 0],
      [null, 0, 0],
    ]);
    expect(table(t.slaves[2])[0]).toEqual([1, 615, 310]);
    expect(t.slaves.map((s) => s.transmissionDelay)).toEqual([0, 0, 310]);
  });

  it('handles a 4096-slave line without running out of stack', () => {
    const lines = ['slaves:', '  - { name: c, preset: EK1100 }'];
    for (let i = 1; i < 4096; i++) lines.push(`  - { name: t${i}, model: digital-input, channels: 1 }`);
    const t = parseTopology(lines.join('\n'), 'long.yaml');
    const last = t.slaves[4095] as Slave;
    expect(last.ports[0]?.nextSlave).toBe(4094);
    expect(last.ports[0]?.receiveTime).toBe(305 + 4095 * 155);
    expect(last.transmissionDelay).toBe(4095 * 155);
    expect(t.slaves[0]?.ports[1]?.receiveTime).toBe(305 + 2 * 4095 * 155); // out and back, 155 ns per hop each way
  }, 60000);
});
