// SPDX-License-Identifier: MIT
// Cost of the typed process image per application cycle, for 100 variables (50 inputs read, 50
// outputs written; int32, uint16, bool, int16): no allocation at all (no garbage collection
// during many cycles), and time against raw DataView calls at the same offsets. The target for
// `vars` and handles is 1.5x raw; the bounds asserted here are looser so a loaded test machine
// does not fail them, and the measured ratios are printed. get()/set() by name add a Map lookup
// per access and are meant for setup code, not for hot loops.
import { PerformanceObserver } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { ImageEngine } from '../../src/runtime/image/image.js';
import { Kind, limits } from '../../src/runtime/image/codec.js';
import type { ImageLayout, ImageVariable } from '../../src/runtime/image/layout.js';
import { initSharedHeader, sharedGeometry } from '../../src/runtime/shared/layout.js';

const TYPES = [
  ['int32', Kind.I32, 32],
  ['uint16', Kind.U16, 16],
  ['bool', Kind.Bool, 1],
  ['int16', Kind.I16, 16],
] as const;

function layout(): ImageLayout {
  const variables: ImageVariable[] = [];
  for (let i = 0; i < 100; i++) {
    const [type, kind, bits] = TYPES[i % 4]!;
    const input = i < 50;
    const r = limits(kind, bits);
    variables.push({
      name: `v${i}`,
      property: `v${i}`,
      type,
      kind,
      direction: input ? 'input' : 'output',
      slave: 's',
      slaveIndex: 0,
      index: 0x6000 + i,
      subindex: 0,
      domain: 'd',
      path: `variables[${i}]`,
      offset: (input ? 0 : 200) + 4 * (i % 50),
      bitPosition: 0,
      bitLength: bits,
      span: Math.ceil(bits / 8),
      shift: 1,
      modulus: 2 ** bits,
      min: r.min,
      max: r.max,
      bigMin: r.bigMin,
      bigMax: r.bigMax,
      safe: input ? null : new Uint8Array(Math.ceil(bits / 8)),
    });
  }
  return { size: 400, variables, byName: new Map(variables.map((v) => [v.name, v])), outputRanges: [{ offset: 200, length: 200 }], inputRanges: [{ offset: 0, length: 200 }], domains: [] };
}

type Cycle = () => void;

/**
 * One application cycle over 100 variables, four ways, as generated code with a fixed access
 * site per variable (as an application writes them), split into ten functions of ten accesses
 * the way application code is split into functions: raw DataView calls at constant offsets, the
 * `vars` properties, variable handles and get/set by name.
 */
function setup(): { raw: Cycle; vars: Cycle; handles: Cycle; names: Cycle; sink: () => number } {
  const l = layout();
  const engine = new ImageEngine(l);
  const g = sharedGeometry(l.size, 0);
  const shared = new SharedArrayBuffer(g.size);
  initSharedHeader(shared, g);
  engine.attach(shared, g);
  const view = new DataView(shared);
  const stage = new DataView(new ArrayBuffer(l.size));
  const handles = l.variables.map((v) => engine.variable(v.name));
  const base = g.inputs[2];
  const value = (i: number): string => (l.variables[i]!.type === 'bool' ? String((i & 1) === 1) : String(i));
  const asNumber = (i: number): string => (l.variables[i]!.type === 'bool' ? ' ? 1 : 0' : '');
  const access = {
    raw(i: number): string {
      const v = l.variables[i]!;
      if (v.direction === 'input') {
        const at = base + v.offset;
        return v.kind === Kind.I32 ? `s += view.getInt32(${at}, true);` : v.kind === Kind.U16 ? `s += view.getUint16(${at}, true);` : v.kind === Kind.Bool ? `s += (view.getUint8(${at}) & 1) !== 0 ? 1 : 0;` : `s += view.getInt16(${at}, true);`;
      }
      const at = v.offset;
      return v.kind === Kind.I32 ? `stage.setInt32(${at}, ${i}, true);` : v.kind === Kind.U16 ? `stage.setUint16(${at}, ${i}, true);` : v.kind === Kind.Bool ? `stage.setUint8(${at}, (stage.getUint8(${at}) & 254) | ${i & 1});` : `stage.setInt16(${at}, ${i}, true);`;
    },
    vars: (i: number): string => (i < 50 ? `s += vars.v${i}${asNumber(i)};` : `vars.v${i} = ${value(i)};`),
    handles: (i: number): string => (i < 50 ? `s += h[${i}].get()${asNumber(i)};` : `h[${i}].set(${value(i)});`),
    names: (i: number): string => (i < 50 ? `s += img.get('v${i}')${asNumber(i)};` : `img.set('v${i}', ${value(i)});`),
  };
  let sink = 0;
  const build = (kind: keyof typeof access): Cycle => {
    const parts: Array<(...a: unknown[]) => number> = [];
    for (let f = 0; f < 10; f++) {
      let body = 'let s = 0;';
      // five inputs and five outputs per function
      for (let k = 0; k < 5; k++) body += access[kind](f * 5 + k) + access[kind](50 + f * 5 + k);
      parts.push(new Function('view', 'stage', 'h', 'vars', 'img', `${body} return s;`) as (...a: unknown[]) => number);
    }
    return () => {
      for (const p of parts) sink += p(view, stage, handles, engine.vars, engine);
    };
  };
  return { raw: build('raw'), vars: build('vars'), handles: build('handles'), names: build('names'), sink: () => sink };
}

/** Best time per call in ns over several rounds. */
function timeOf(f: () => void, calls = 20000, rounds = 9): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < calls; k++) f();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / calls);
  }
  return best;
}

describe('process image cost', () => {
  it('allocates nothing per access: no garbage collection in 100,000 cycles of 100 variables', async () => {
    const s = setup();
    for (const f of [s.handles, s.vars, s.names]) for (let k = 0; k < 20000; k++) f(); // warm up and optimize
    let collections = 0;
    const obs = new PerformanceObserver((list) => void (collections += list.getEntries().length));
    obs.observe({ entryTypes: ['gc'] });
    await new Promise((r) => setTimeout(r, 20)); // let pending collections report first
    collections = 0;
    for (const f of [s.handles, s.vars, s.names]) for (let k = 0; k < 100000; k++) f();
    await new Promise((r) => setTimeout(r, 20));
    obs.disconnect();
    // 300,000 cycles x 100 accesses: even 8 bytes per access would be 240 MB, dozens of scavenges.
    expect(collections).toBeLessThanOrEqual(1);
    expect(s.sink()).toBeGreaterThanOrEqual(0);
  });

  it('costs a small multiple of a raw DataView loop', () => {
    const s = setup();
    for (let w = 0; w < 2; w++) for (const f of [s.raw, s.handles, s.vars, s.names]) timeOf(f, 5000, 3);
    const raw = timeOf(s.raw);
    const handles = timeOf(s.handles);
    const vars = timeOf(s.vars);
    const names = timeOf(s.names);
    const ratio = (x: number): string => (x / raw).toFixed(2);
    console.log(`100 variables per cycle: raw DataView ${raw.toFixed(0)} ns, handles ${handles.toFixed(0)} ns (${ratio(handles)}x), vars ${vars.toFixed(0)} ns (${ratio(vars)}x), by name ${names.toFixed(0)} ns (${ratio(names)}x)`);
    // Loose bounds (the target for vars and handles is 1.5x; see the printed ratios).
    expect(vars / raw).toBeLessThan(4);
    expect(handles / raw).toBeLessThan(6);
    expect(names / raw).toBeLessThan(100);
  });
});
