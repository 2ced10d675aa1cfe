// Scale: a 512-slave bus (8 racks of an EK1100 and 63 terminals, racks chained through X2)
// generated in code, validated and serialized. Reports the time and image size it took, and
// checks that the image grows linearly with the bus.
import { describe, expect, it } from 'vitest';
import { buildImage, parseTopology } from '../../src/topology/index.js';
import { decodeImage } from '../../src/topology/image/decode.js';

const TERMINALS = ['EL1008', 'EL2008', 'EL3064', 'EL4004'];

/** YAML for `racks` racks of 64 slaves each. */
function bus(racks: number): string {
  const lines = ['slaves:'];
  for (let r = 0; r < racks; r++) {
    lines.push(`  - { name: rack${r}, preset: EK1100${r > 0 ? `, connect: "rack${r - 1}:2"` : ''} }`);
    for (let t = 0; t < 63; t++) lines.push(`  - { name: r${r}t${t}, preset: ${TERMINALS[t % 4]}${t === 0 ? `, connect: "rack${r}:1"` : ''} }`);
  }
  return lines.join('\n');
}

describe('scale', () => {
  it('validates and serializes 512 slaves', () => {
    const text = bus(8);
    const t0 = performance.now();
    const topology = parseTopology(text, 'scale-512.yaml');
    const t1 = performance.now();
    const image = buildImage(topology);
    const t2 = performance.now();
    console.log(
      `512 slaves: parse+validate ${(t1 - t0).toFixed(0)} ms, serialize ${(t2 - t1).toFixed(0)} ms, image ${image.length} bytes (${(image.length / 512).toFixed(0)} bytes/slave)`,
    );
    expect(topology.slaves).toHaveLength(512);
    // Ring order: rack r's coupler is at 64 r; rack r+1 hangs on its X2, after its terminals.
    expect(topology.slaves[64]?.upstream).toEqual({ position: 0, port: 2 });
    expect(topology.slaves[0]?.ports[2]?.nextSlave).toBe(64);
    expect(topology.slaves[511]?.transmissionDelay).toBeGreaterThan(topology.slaves[448]?.transmissionDelay ?? Infinity);
    const decoded = decodeImage(image);
    expect(decoded.slaveCount).toBe(512);
    expect(decoded.slaves[511]?.sii.length).toBe(1024);
    // Proportional: twice the racks, twice the bytes (within the header's 28 bytes).
    const half = buildImage(parseTopology(bus(4), 'scale-256.yaml')).length;
    expect(image.length - 28).toBe(2 * (half - 28));
    expect(t2 - t0).toBeLessThan(30000);
  }, 60000);
});
