// SPDX-License-Identifier: MIT
// The process image over the shared buffer: outputs staged then published, inputs taken by
// sync(), bit variables in shared bytes, typed get/set and `vars`, the errors of bad access, the
// watchdog's safe outputs, and the triple buffers against a concurrent producer/consumer in a
// worker thread (no torn reads in either direction).
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { EtherCATError } from '../../src/binding/errors.js';
import { ImageEngine } from '../../src/runtime/image/image.js';
import type { ImageLayout } from '../../src/runtime/image/layout.js';
import { initSharedHeader, sharedGeometry } from '../../src/runtime/shared/layout.js';
import { activeFake, cyclingFake, imageVars as vars } from './runtime-setup.js';



describe('process image', () => {
  it('lays the variables out with offsets, bit positions and directions from the native side', async () => {
    const { active, master } = await activeFake();
    const l = active.layout;
    const at = (n: string) => {
      const v = l.byName.get(n)!;
      return [v.offset, v.bitPosition, v.direction, v.slave];
    };
    expect(at('do1')).toEqual([0, 0, 'output', 'outputs']);
    expect(at('do8')).toEqual([0, 7, 'output', 'outputs']);
    expect(at('di2')).toEqual([1, 1, 'input', 'inputs']);
    expect(at('axis.controlword')).toEqual([2, 0, 'output', 'axis']);
    expect(at('axis.statusword')).toEqual([13, 0, 'input', 'axis']);
    expect(l.size).toBe(2 + 11 + 13);
    expect(l.outputRanges).toEqual([
      { offset: 0, length: 1 },
      { offset: 2, length: 11 },
    ]);
    expect(l.variables.map((v) => v.property)).toContain('axis_target_position');
    master.close();
  });

  it('publishes staged outputs and reads the inputs the slaves produced from them after sync()', async () => {
    const { fake, cycling } = await cyclingFake({}, vars);
    fake.pause();
    const img = cycling.image;
    img.set('do1', true);
    img.set('do8', true);
    img.vars.axis_controlword = 0x0f;
    img.vars.axis_target_position = -123456;
    img.set('axis.mode', 8);
    // staged, not yet on the bus
    fake.step(2);
    img.sync();
    expect(img.get('di1')).toBe(false);
    expect(img.get('do1')).toBe(true); // outputs read back as staged
    img.publish();
    fake.step(1);
    // taken by the bus, but not visible before sync()
    expect(img.get('di1')).toBe(false);
    expect(img.sync()).toBe(true);
    expect(img.sync()).toBe(false);
    expect([img.get('di1'), img.get('di2'), img.get('di8')]).toEqual([true, false, true]);
    expect(img.vars.axis_statusword).toBe(0x0f);
    expect(img.get('axis.position')).toBe(-123456);
    expect(img.vars.axis_mode_display).toBe(8);
    expect(fake.processData[0]).toBe(0x81);
    expect(cycling.processData()[0]).toBe(0x81);
    expect(img.snapshot()).toMatchObject({ do1: true, di8: true, 'axis.position': -123456 });
    cycling.close();
  });

  it('counts bus cycles in image.cycle and keeps the watchdog heartbeat', async () => {
    const { fake, cycling } = await cyclingFake();
    fake.pause();
    cycling.image.sync();
    const c0 = cycling.image.cycle;
    fake.step(5);
    cycling.image.sync();
    expect(cycling.image.cycle).toBe(c0 + 5);
    const hb = cycling.stats().heartbeat;
    cycling.image.publish();
    cycling.image.publish();
    expect(cycling.stats().heartbeat).toBe(hb + 2);
    cycling.close();
  });

  it('rejects writing an input, an unknown name and a value out of range, naming them', async () => {
    const { cycling } = await cyclingFake();
    const img = cycling.image;
    const err = (() => {
      try {
        img.set('axis.statusword', 1);
      } catch (e) {
        return e as EtherCATError;
      }
      return undefined;
    })();
    expect(err?.code).toBe('INPUT_VARIABLE');
    expect(err?.message).toBe('axis.statusword (axis 0x6041:00, uint16 input) is an input: the slave writes it, the application can only read it');
    expect(() => (img.vars.axis_statusword = 3)).toThrow(/is an input/);
    expect(() => img.variable('di1').set(true)).toThrow(/is an input/);
    expect(() => img.get('axis.postion')).toThrow(/no process variable "axis.postion" \(did you mean "axis.position"\?\)/);
    expect(() => img.set('axis.target_position', 2 ** 31)).toThrow(new RangeError('axis.target_position: 2147483648 is out of range for int32 (-2147483648..2147483647)'));
    expect(() => (img.vars.axis_mode = 200)).toThrow(/axis.mode: 200 is out of range for int8 \(-128\.\.127\)/);
    expect(() => {
      (img.vars as Record<string, unknown>).axis_positon = 1;
    }).toThrow(TypeError);
    expect(img.has('do1')).toBe(true);
    expect(img.has('nope')).toBe(false);
    cycling.close();
  });

  it('gives handles that read and write without a name lookup', async () => {
    const { fake, cycling } = await cyclingFake();
    fake.pause();
    const target = cycling.image.variable('axis.target_position');
    const pos = cycling.image.variable('axis.position');
    expect([target.type, target.direction, target.slave, pos.direction]).toEqual(['int32', 'output', 'axis', 'input']);
    target.set(777);
    cycling.image.publish();
    fake.step();
    cycling.image.sync();
    expect(pos.get()).toBe(777);
    cycling.close();
  });

  it('keeps outputs staged before start() and publishes them with the first cycle', async () => {
    const { active, fake, master } = await activeFake();
    active.image.set('do2', true);
    await active.start({ loop: false });
    fake.pause();
    fake.step();
    expect(fake.processData[0]).toBe(0x02);
    master.close();
  });

  it('applies the safe outputs when the application stops publishing, and its own again after', async () => {
    const { fake, cycling } = await cyclingFake({ watchdogMs: 5 });
    fake.pause();
    const events: boolean[] = [];
    cycling.on('watchdog', (e) => events.push(e.tripped));
    cycling.image.set('do2', true);
    cycling.image.set('axis.controlword', 0x0f);
    cycling.image.publish();
    fake.step();
    expect(fake.processData[0]).toBe(0x02);
    fake.step(10);
    // do1 safe true, do2 default false, controlword safe 6
    expect(fake.processData[0]).toBe(0x01);
    expect(fake.processData[cycling.layout.byName.get('axis.controlword')!.offset]).toBe(6);
    expect(cycling.stats().watchdogTripped).toBe(true);
    cycling.image.publish();
    fake.step();
    expect(fake.processData[0]).toBe(0x02);
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual([true, false]);
    cycling.close();
  });
});

/** A layout of `n` uint32 variables (half inputs, half outputs) for the concurrency test. */
function wordLayout(n: number): ImageLayout {
  const half = n / 2;
  const variables = Array.from({ length: n }, (_, i) => ({
    name: `w${i}`,
    property: `w${i}`,
    type: 'uint32' as const,
    kind: 6 as const,
    direction: i < half ? ('input' as const) : ('output' as const),
    slave: 's',
    slaveIndex: 0,
    index: 0x6000 + i,
    subindex: 0,
    domain: 'd',
    path: `variables[${i}]`,
    offset: 4 * i,
    bitPosition: 0,
    bitLength: 32,
    span: 4,
    shift: 1,
    modulus: 2 ** 32,
    min: 0,
    max: 4294967295,
    bigMin: 0n,
    bigMax: 4294967295n,
    safe: i < half ? null : new Uint8Array(4),
  }));
  return {
    size: 4 * n,
    variables,
    byName: new Map(variables.map((v) => [v.name, v])),
    outputRanges: [{ offset: 4 * half, length: 4 * half }],
    inputRanges: [{ offset: 0, length: 4 * half }],
    domains: [{ name: 'd', offset: 0, size: 4 * n }],
  };
}

// The other side of both triple buffers, written from docs/runtime.md in plain JS: it produces
// inputs whose words all hold one counter, and checks that every output buffer it takes holds
// one counter in all words. Like the real cyclic thread it sleeps between cycles (here ~20 µs),
// which also makes the two threads interleave on a loaded machine. It runs until the main thread
// sets the reserved header word (offset 52) to 1.
const rtThread = `
const { parentPort, workerData } = require('node:worker_threads');
const { shared, size, stride } = workerData;
const i32 = new Int32Array(shared);
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const base = 4736;
const words = size / 4, half = words / 2;
let back = 0, front = 2, counter = 0, torn = 0, taken = 0, last = -1, backwards = 0;
parentPort.postMessage('ready');
while (Atomics.load(i32, 13) === 0) {
  counter++;
  const inb = new Uint32Array(shared, base + back * stride, words);
  for (let i = 0; i < half; i++) inb[i] = counter;
  back = Atomics.exchange(i32, 5, back | 0x100) & 3;
  if (Atomics.load(i32, 6) & 0x100) {
    front = Atomics.exchange(i32, 6, front) & 3;
    const out = new Uint32Array(shared, base + (3 + front) * stride, words);
    const v = out[half];
    for (let i = half; i < words; i++) if (out[i] !== v) { torn++; break; }
    if (v < last) backwards++;
    last = v;
    taken++;
    Atomics.store(i32, 16, taken); // reported in the overruns field, which nothing else uses here
  }
  Atomics.store(i32, 14, counter); // cycles, low word
  Atomics.wait(sleeper, 0, 0, 0.02);
}
parentPort.postMessage({ torn, taken, backwards, produced: counter });
`;

describe('triple buffers against a concurrent thread', () => {
  it('never shows a torn buffer in either direction', async () => {
    const n = 64;
    const layout = wordLayout(n);
    const engine = new ImageEngine(layout);
    const g = sharedGeometry(layout.size, 0);
    const shared = new SharedArrayBuffer(g.size);
    initSharedHeader(shared, g);
    engine.attach(shared, g);
    const worker = new Worker(rtThread, { eval: true, workerData: { shared, size: layout.size, stride: g.stride, } });
    const messages: unknown[] = [];
    let notify: (() => void) | null = null;
    worker.on('message', (m) => {
      messages.push(m);
      notify?.();
    });
    const next = (): Promise<unknown> =>
      new Promise((resolve, reject) => {
        worker.once('error', reject);
        const poll = (): void => {
          if (messages.length > 0) resolve(messages.shift());
          else notify = poll;
        };
        poll();
      });
    expect(await next()).toBe('ready');
    let torn = 0;
    let fresh = 0;
    let backwards = 0;
    let last = 0;
    let published = 0;
    const inputs = layout.variables.slice(0, n / 2);
    const outputs = layout.variables.slice(n / 2);
    // Until both sides exchanged enough buffers (bounded by time on a very slow machine).
    const deadline = Date.now() + 10000;
    const header = new Int32Array(shared);
    let taken = 0;
    while (Date.now() < deadline && (fresh < 300 || taken < 300)) {
      taken = Atomics.load(header, 16);
      if (engine.sync()) fresh++;
      const first = engine.get('w0') as number;
      for (const v of inputs) if (engine.get(v.name) !== first) torn++;
      if (first < last) backwards++;
      last = first;
      published++;
      for (const v of outputs) engine.set(v.name, published);
      engine.publish();
      if (published % 64 === 0) await new Promise((r) => setImmediate(r));
    }
    Atomics.store(header, 13, 1);
    const rt = (await next()) as { torn: number; taken: number; backwards: number; produced: number };
    await worker.terminate();
    expect({ torn, backwards }).toEqual({ torn: 0, backwards: 0 });
    expect({ torn: rt.torn, backwards: rt.backwards }).toEqual({ torn: 0, backwards: 0 });
    // both sides really exchanged many buffers
    expect(fresh).toBeGreaterThan(200);
    expect(rt.taken).toBeGreaterThan(200);
  });
});
