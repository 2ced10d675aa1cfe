// SPDX-License-Identifier: MIT
// Runs in its own Node process (started by js-access.mjs with --expose-gc), so that nothing
// else allocates while allocations are counted. Measures one application cycle over 100
// process variables (50 inputs read, 50 outputs written) three ways on the same buffer:
//   raw      hand-written DataView code: one getX/setX per variable at its constant offset
//            (generated once as straight-line source, as a person would write it) - the floor;
//   handle   the typed API's ProcessVariable handles (image.variable(name)): get()/set();
//   vars     the typed API's image.vars properties;
//   byName   image.get(name)/image.set(name, v) (a Map lookup per access; reported, not gated).
// Each "cycle" is either the accesses alone ("access") or accesses plus the triple-buffer
// protocol ("cycle": take the newest inputs, publish the outputs), the raw arm doing the same
// Atomics and copies by hand. The arms run interleaved in blocks, alternating their order.
// Then allocations: new-space growth and GC count across many cycles of each arm after a full
// GC, against an empty loop measured the same way.
// Output: one JSON object on stdout.
// @ts-check
import { PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { getHeapSpaceStatistics } from 'node:v8';

const args = JSON.parse(process.argv[2] ?? '{}');
const BLOCKS = args.blocks ?? 15;
const BLOCK_MS = args.blockMs ?? 25; // per arm and mode; cycles per block are calibrated to it
const WARM = 5000;
const ALLOC_CYCLES = args.allocCycles ?? 200_000;
const dist = args.distDir ? pathToFileURL(`${args.distDir}/`) : new URL('../../dist/', import.meta.url);

const { ImageEngine } = await import(new URL('runtime/image/image.js', dist).href);
const { kindOf, limits } = await import(new URL('runtime/image/codec.js', dist).href);
const { FRESH, OFF, sharedGeometry, initSharedHeader } = await import(new URL('runtime/shared/layout.js', dist).href);

const gc = /** @type {() => void} */ (/** @type {any} */ (globalThis).gc);
if (typeof gc !== 'function') throw new Error('run with --expose-gc');

// ---------------------------------------------------------------------------------------
// The 100 variables: what 8 CiA 402 drives and a few I/O terminals put in a process image,
// packed the way IgH lays out a domain (outputs of a slave, then its inputs, slave by slave).

/** @typedef {{name: string, type: string, bits: number, dir: 'input'|'output', bitPosition: number, offset: number}} VarDef */

function defineVariables() {
  /** @type {VarDef[]} */
  const defs = [];
  let offset = 0;
  const add = (/** @type {string} */ name, /** @type {string} */ type, /** @type {number} */ bits, /** @type {'input'|'output'} */ dir) => {
    defs.push({ name, type, bits, dir, bitPosition: 0, offset });
    offset += bits / 8;
  };
  const bitsByte = (/** @type {string} */ prefix, /** @type {'input'|'output'} */ dir, /** @type {number} */ n) => {
    for (let b = 0; b < n; b++) defs.push({ name: `${prefix}${b + 1}`, type: 'bool', bits: 1, dir, bitPosition: b % 8, offset: offset + (b >> 3) });
    offset += Math.ceil(n / 8);
  };
  for (let d = 0; d < 8; d++) {
    const p = `axis${d}.`;
    add(`${p}controlword`, 'uint16', 16, 'output');
    add(`${p}target_position`, 'int32', 32, 'output');
    add(`${p}target_velocity`, 'int32', 32, 'output');
    add(`${p}mode`, 'int8', 8, 'output');
    add(`${p}statusword`, 'uint16', 16, 'input');
    add(`${p}position`, 'int32', 32, 'input');
    add(`${p}velocity`, 'int32', 32, 'input');
    add(`${p}mode_display`, 'int8', 8, 'input');
    add(`${p}error_code`, 'uint16', 16, 'input');
  }
  bitsByte('di', 'input', 8);
  bitsByte('do', 'output', 16);
  add('ai1', 'int16', 16, 'input');
  add('ai2', 'int16', 16, 'input');
  add('ao1', 'int16', 16, 'output');
  add('ao2', 'int16', 16, 'output');
  return { defs, size: offset };
}

/** Byte ranges covering the variables of one direction (merged when adjacent). */
function ranges(/** @type {VarDef[]} */ defs, /** @type {'input'|'output'} */ dir) {
  /** @type {{offset: number, length: number}[]} */
  const out = [];
  const spans = defs
    .filter((d) => d.dir === dir)
    .map((d) => ({ offset: d.offset, length: Math.max(1, Math.ceil((d.bitPosition + d.bits) / 8)) }))
    .sort((a, b) => a.offset - b.offset);
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.offset <= last.offset + last.length) last.length = Math.max(last.length, s.offset + s.length - last.offset);
    else out.push({ ...s });
  }
  return out;
}

function buildLayout() {
  const { defs, size } = defineVariables();
  const variables = defs.map((d, i) => {
    const kind = kindOf(d.type, d.bits, d.bitPosition);
    if (typeof kind === 'string') throw new Error(kind);
    return {
      name: d.name,
      property: d.name.replace(/[.-]/g, '_'),
      type: d.type,
      kind,
      direction: d.dir,
      slave: d.name.split('.')[0],
      slaveIndex: 0,
      index: 0x6000 + i,
      subindex: 1,
      domain: 'bench',
      path: `variables[${i}]`,
      offset: d.offset,
      bitPosition: d.bitPosition,
      bitLength: d.bits,
      span: Math.ceil((d.bitPosition + d.bits) / 8),
      shift: 2 ** d.bitPosition,
      modulus: 2 ** Math.min(d.bits, 32),
      ...limits(kind, d.bits),
      safe: d.dir === 'output' ? new Uint8Array(Math.ceil(d.bits / 8)) : null,
    };
  });
  return {
    defs,
    layout: {
      size,
      variables,
      byName: new Map(variables.map((v) => [v.name, v])),
      outputRanges: ranges(defs, 'output'),
      inputRanges: ranges(defs, 'input'),
      domains: [{ name: 'bench', offset: 0, size }],
    },
  };
}

const { defs, layout } = buildLayout();
const inputs = defs.filter((d) => d.dir === 'input');
const outputs = defs.filter((d) => d.dir === 'output');
if (inputs.length + outputs.length !== 100) throw new Error(`expected 100 variables, have ${inputs.length + outputs.length}`);

// One shared buffer as startCycle would get it, attached to the engine.
const geometry = sharedGeometry(layout.size, 64);
const shared = new SharedArrayBuffer(geometry.size);
initSharedHeader(shared, geometry);
const image = new ImageEngine(layout);
image.attach(shared, geometry);
const header = new Int32Array(shared, 0, OFF.buffers / 4);
const sharedView = new DataView(shared);
// Inputs as a slave would deliver them: the same non-zero pattern in every input buffer, so
// whichever buffer is the consumer's front, every arm reads the same values.
for (const base of geometry.inputs) for (let i = 0; i < layout.size; i++) sharedView.setUint8(base + i, (i * 37 + 11) & 0xff);

/** The RT thread's side of the input triple buffer, reduced to "a new buffer is ready". */
function producePublish() {
  Atomics.or(header, OFF.inputMiddle >> 2, FRESH);
}

// ---------------------------------------------------------------------------------------
// The value written to output k in cycle c: always inside the variable's range, different per
// cycle so nothing can be hoisted. The same expression in every arm.

/** JS source of the value expression for one output. */
function valueSource(/** @type {VarDef} */ d, /** @type {number} */ k) {
  switch (d.type) {
    case 'bool':
      return `((c + ${k}) & 1) === 1`;
    case 'int8':
      return `((c + ${k}) & 63)`;
    case 'uint16':
      return `((c + ${k}) & 0xffff)`;
    case 'int16':
      return `(((c + ${k}) & 0x3fff) - 0x2000)`;
    case 'int32':
      return `((c * ${k + 3}) | 0)`;
    default:
      throw new Error(`no value for ${d.type}`);
  }
}

/** Raw DataView source for reading one input at base `b` of DataView `dv`, as a number. */
function rawRead(/** @type {VarDef} */ d) {
  switch (d.type) {
    case 'bool':
      return `((dv.getUint8(b + ${d.offset}) >> ${d.bitPosition}) & 1)`;
    case 'int8':
      return `dv.getInt8(b + ${d.offset})`;
    case 'uint16':
      return `dv.getUint16(b + ${d.offset}, true)`;
    case 'int16':
      return `dv.getInt16(b + ${d.offset}, true)`;
    case 'int32':
      return `dv.getInt32(b + ${d.offset}, true)`;
    default:
      throw new Error(`no raw read for ${d.type}`);
  }
}

/** Raw DataView source for writing output `d` into the staging DataView `st`. */
function rawWrite(/** @type {VarDef} */ d, /** @type {number} */ k) {
  const v = valueSource(d, k);
  switch (d.type) {
    case 'bool':
      return `{ const o = st.getUint8(${d.offset}); st.setUint8(${d.offset}, ${v} ? (o | ${1 << d.bitPosition}) : (o & ${0xff & ~(1 << d.bitPosition)})); }`;
    case 'int8':
      return `st.setInt8(${d.offset}, ${v});`;
    case 'uint16':
      return `st.setUint16(${d.offset}, ${v}, true);`;
    case 'int16':
      return `st.setInt16(${d.offset}, ${v}, true);`;
    case 'int32':
      return `st.setInt32(${d.offset}, ${v}, true);`;
    default:
      throw new Error(`no raw write for ${d.type}`);
  }
}

// The raw arm: straight-line code with the offsets as constants (the floor), and the same
// triple-buffer steps as image.sync()/publish() written out with Atomics.
const rawState = { front: 2, back: 0 };
const stageBuffer = new ArrayBuffer(layout.size);
const stage = new DataView(stageBuffer);
const stageRanges = layout.outputRanges.map((r) => new Uint8Array(stageBuffer, r.offset, r.length));
const outViews = geometry.outputs.map((base) => layout.outputRanges.map((r) => new Uint8Array(shared, base + r.offset, r.length)));
const rawBody = [
  'let s = 0;',
  ...inputs.map((d) => `s = (s + ${rawRead(d)}) | 0;`),
  ...outputs.map((d, k) => rawWrite(d, k)),
  'return s;',
].join('\n');
const rawAccess = /** @type {(dv: DataView, b: number, st: DataView, c: number) => number} */ (new Function('dv', 'b', 'st', 'c', rawBody));

function rawCycle(/** @type {number} */ c, /** @type {boolean} */ protocol) {
  if (protocol) {
    producePublish();
    if ((Atomics.load(header, OFF.inputMiddle >> 2) & FRESH) !== 0) {
      const old = Atomics.exchange(header, OFF.inputMiddle >> 2, rawState.front);
      rawState.front = old & 3;
    }
  }
  const s = rawAccess(sharedView, /** @type {number} */ (geometry.inputs[rawState.front]), stage, c);
  if (protocol) {
    const dst = /** @type {Uint8Array[]} */ (outViews[rawState.back]);
    for (let i = 0; i < stageRanges.length; i++) /** @type {Uint8Array} */ (dst[i]).set(/** @type {Uint8Array} */ (stageRanges[i]));
    const old = Atomics.exchange(header, OFF.outputMiddle >> 2, rawState.back | FRESH);
    rawState.back = old & 3;
    Atomics.add(header, OFF.heartbeat >> 2, 1);
  }
  return s;
}

// A second, looser reference (reported, not the gate's floor): raw DataView driven by a table
// of kinds and offsets in a loop, as generic code without generated accessors would do it.
const KIND = { bool: 0, int8: 1, uint16: 2, int16: 3, int32: 4 };
const inKinds = Int32Array.from(inputs, (d) => /** @type {any} */ (KIND)[d.type]);
const inOffs = Int32Array.from(inputs, (d) => d.offset);
const inBits = Int32Array.from(inputs, (d) => d.bitPosition);
const outKinds = Int32Array.from(outputs, (d) => /** @type {any} */ (KIND)[d.type]);
const outOffs = Int32Array.from(outputs, (d) => d.offset);
const outBits = Int32Array.from(outputs, (d) => d.bitPosition);
function rawTableAccess(/** @type {DataView} */ dv, /** @type {number} */ b, /** @type {DataView} */ st, /** @type {number} */ c) {
  let s = 0;
  for (let i = 0; i < inKinds.length; i++) {
    const at = b + /** @type {number} */ (inOffs[i]);
    let x = 0;
    switch (inKinds[i]) {
      case 0: x = (dv.getUint8(at) >> /** @type {number} */ (inBits[i])) & 1; break;
      case 1: x = dv.getInt8(at); break;
      case 2: x = dv.getUint16(at, true); break;
      case 3: x = dv.getInt16(at, true); break;
      default: x = dv.getInt32(at, true);
    }
    s = (s + x) | 0;
  }
  for (let k = 0; k < outKinds.length; k++) {
    const at = /** @type {number} */ (outOffs[k]);
    switch (outKinds[k]) {
      case 0: {
        const m = 1 << /** @type {number} */ (outBits[k]);
        const o = st.getUint8(at);
        st.setUint8(at, ((c + k) & 1) === 1 ? o | m : o & ~m);
        break;
      }
      case 1: st.setInt8(at, (c + k) & 63); break;
      case 2: st.setUint16(at, (c + k) & 0xffff, true); break;
      case 3: st.setInt16(at, ((c + k) & 0x3fff) - 0x2000, true); break;
      default: st.setInt32(at, (c * (k + 3)) | 0, true);
    }
  }
  return s;
}

// The typed arms: generated the same way (straight-line, one statement per variable) so the
// only difference from the floor is the API call itself.
const handles = defs.map((d) => image.variable(d.name));
const inputHandles = inputs.map((d) => handles[defs.indexOf(d)]);
const outputHandles = outputs.map((d) => handles[defs.indexOf(d)]);
// Sums stay int32 (`| 0`), so the harness itself never boxes a number; booleans count as 0/1
// like the raw arm's bit. Whatever a typed call allocates is then the API's own doing.
const num = (/** @type {string} */ e) => `+${e}`;
const handleBody = ['let s = 0;', ...inputs.map((_, i) => `s = (s + ${num(`ih[${i}].get()`)}) | 0;`), ...outputs.map((d, k) => `oh[${k}].set(${valueSource(d, k)});`), 'return s;'].join('\n');
const handleAccess = /** @type {(ih: any[], oh: any[], c: number) => number} */ (new Function('ih', 'oh', 'c', handleBody));
const varsBody = [
  'let s = 0;',
  ...inputs.map((d) => `s = (s + ${num(`vars.${d.name.replace(/[.-]/g, '_')}`)}) | 0;`),
  ...outputs.map((d, k) => `vars.${d.name.replace(/[.-]/g, '_')} = ${valueSource(d, k)};`),
  'return s;',
].join('\n');
const varsAccess = /** @type {(vars: any, c: number) => number} */ (new Function('vars', 'c', varsBody));
// The plain-object arm: image.inputs / image.outputs (data properties; the engine decodes the
// inputs in sync() and encodes the changed outputs in publish(), so only the full-cycle figure
// is a fair comparison for it).
const snapBody = [
  'let s = 0;',
  ...inputs.map((d) => `s = (s + ${num(`ins.${d.name.replace(/[.-]/g, '_')}`)}) | 0;`),
  ...outputs.map((d, k) => `outs.${d.name.replace(/[.-]/g, '_')} = ${valueSource(d, k)};`),
  'return s;',
].join('\n');
const snapAccess = /** @type {(ins: any, outs: any, c: number) => number} */ (new Function('ins', 'outs', 'c', snapBody));
// Its own engine on its own shared buffer: once an engine's plain objects exist, its sync() and
// publish() also decode/encode them, which must not be charged to the accessor arms.
const snapShared = new SharedArrayBuffer(geometry.size);
initSharedHeader(snapShared, geometry);
const snapView = new DataView(snapShared);
for (const base of geometry.inputs) for (let i = 0; i < layout.size; i++) snapView.setUint8(base + i, (i * 37 + 11) & 0xff);
const snapHeader = new Int32Array(snapShared, 0, OFF.buffers / 4);
const snapImage = new ImageEngine(layout);
snapImage.attach(snapShared, geometry);
const snapInputs = snapImage.inputs;
const snapOutputs = snapImage.outputs;
const nameBody = [
  'let s = 0;',
  ...inputs.map((d) => `s = (s + ${num(`img.get(${JSON.stringify(d.name)})`)}) | 0;`),
  ...outputs.map((d, k) => `img.set(${JSON.stringify(d.name)}, ${valueSource(d, k)});`),
  'return s;',
].join('\n');
const nameAccess = /** @type {(img: any, c: number) => number} */ (new Function('img', 'c', nameBody));

/** @type {Record<string, (c: number, protocol: boolean) => number>} */
const arms = {
  raw: rawCycle,
  rawTable: (c, protocol) => {
    if (protocol) {
      producePublish();
      if ((Atomics.load(header, OFF.inputMiddle >> 2) & FRESH) !== 0) rawState.front = Atomics.exchange(header, OFF.inputMiddle >> 2, rawState.front) & 3;
    }
    const s = rawTableAccess(sharedView, /** @type {number} */ (geometry.inputs[rawState.front]), stage, c);
    if (protocol) {
      const dst = /** @type {Uint8Array[]} */ (outViews[rawState.back]);
      for (let i = 0; i < stageRanges.length; i++) /** @type {Uint8Array} */ (dst[i]).set(/** @type {Uint8Array} */ (stageRanges[i]));
      rawState.back = Atomics.exchange(header, OFF.outputMiddle >> 2, rawState.back | FRESH) & 3;
      Atomics.add(header, OFF.heartbeat >> 2, 1);
    }
    return s;
  },
  handle: (c, protocol) => {
    if (protocol) {
      producePublish();
      image.sync();
    }
    const s = handleAccess(inputHandles, outputHandles, c);
    if (protocol) image.publish();
    return s;
  },
  vars: (c, protocol) => {
    if (protocol) {
      producePublish();
      image.sync();
    }
    const s = varsAccess(image.vars, c);
    if (protocol) image.publish();
    return s;
  },
  snapshot: (c, protocol) => {
    if (protocol) {
      Atomics.or(snapHeader, OFF.inputMiddle >> 2, FRESH);
      snapImage.sync();
    }
    const s = snapAccess(snapInputs, snapOutputs, c);
    if (protocol) snapImage.publish();
    return s;
  },
  byName: (c, protocol) => {
    if (protocol) {
      producePublish();
      image.sync();
    }
    const s = nameAccess(image, c);
    if (protocol) image.publish();
    return s;
  },
};

// Every arm must read the same values and leave the same outputs: check before timing.
{
  // The engines copy the newest input buffer on sync(): hand them one, as the RT thread would.
  producePublish();
  image.sync();
  Atomics.or(snapHeader, OFF.inputMiddle >> 2, FRESH);
  snapImage.sync();
  rawState.front = 2;
  const sums = Object.fromEntries(Object.entries(arms).map(([k, f]) => [k, f(7, false)]));
  // The raw arm reads from the buffer the engine reads (both start at input buffer 2).
  const ref = sums.raw;
  for (const [k, s] of Object.entries(sums)) if (s !== ref) throw new Error(`arm ${k} reads a different input sum (${s}) than raw DataView (${ref})`);
  snapImage.publish(); // the plain-object arm stages its outputs at publish()
  for (const d of outputs) {
    const raw = d.type === 'bool' ? ((stage.getUint8(d.offset) >> d.bitPosition) & 1) === 1 : rawValue(d);
    for (const [which, engine] of /** @type {const} */ ([['accessor', image], ['plain-object', snapImage]])) {
      const v = engine.get(d.name);
      if (raw !== v) throw new Error(`output ${d.name}: ${which} engine staged ${v}, raw DataView ${raw}`);
    }
  }
}

function rawValue(/** @type {VarDef} */ d) {
  switch (d.type) {
    case 'int8':
      return stage.getInt8(d.offset);
    case 'uint16':
      return stage.getUint16(d.offset, true);
    case 'int16':
      return stage.getInt16(d.offset, true);
    default:
      return stage.getInt32(d.offset, true);
  }
}

// ---------------------------------------------------------------------------------------
// Timing

let sink = 0;
/** ns per cycle of `cycles` cycles of an arm. */
function timeArm(/** @type {string} */ name, /** @type {boolean} */ protocol, /** @type {number} */ cycles, /** @type {number} */ c0) {
  const f = /** @type {(c: number, p: boolean) => number} */ (arms[name]);
  const t0 = process.hrtime.bigint();
  let s = 0;
  for (let c = c0; c < c0 + cycles; c++) s = (s + f(c, protocol)) | 0;
  const dt = Number(process.hrtime.bigint() - t0);
  sink += s;
  return dt / cycles;
}

// Warm up every arm in both modes so the JIT has optimised them before anything counts, then
// size each arm's block so it lasts about BLOCK_MS (a fast arm gets more cycles per block).
const names = Object.keys(arms);
/** @type {Record<string, {access: number, cycle: number}>} */
const cyclesPerBlock = {};
for (let w = 0; w < 3; w++) for (const name of names) for (const p of [false, true]) timeArm(name, p, WARM, w * WARM);
for (const name of names) {
  cyclesPerBlock[name] = {
    access: Math.max(1000, Math.ceil((BLOCK_MS * 1e6) / timeArm(name, false, WARM, 0))),
    cycle: Math.max(1000, Math.ceil((BLOCK_MS * 1e6) / timeArm(name, true, WARM, 0))),
  };
}

/** @type {Record<string, {access: number[], cycle: number[]}>} */
const perBlock = Object.fromEntries(names.map((n) => [n, { access: [], cycle: [] }]));
for (let b = 0; b < BLOCKS; b++) {
  const order = b % 2 === 0 ? names : [...names].reverse();
  for (const mode of /** @type {const} */ (['access', 'cycle'])) {
    for (const n of order) {
      const cycles = /** @type {any} */ (cyclesPerBlock[n])[mode];
      /** @type {any} */ (perBlock[n])[mode].push(timeArm(n, mode === 'cycle', cycles, b * cycles));
    }
  }
}

// ---------------------------------------------------------------------------------------
// Allocations: after a full GC, run many cycles and look at how much the young generation grew
// and how many GCs ran. One object per cycle (16 bytes or more) would fill the young
// generation many times over in a million cycles, so zero GCs with a few hundred bytes of
// growth means zero allocations per cycle.

let gcCount = 0;
const obs = new PerformanceObserver((list) => {
  gcCount += list.getEntries().length;
});
obs.observe({ entryTypes: ['gc'] });

function newSpaceUsed() {
  const s = getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
  return s ? s.space_used_size : NaN;
}

/** A short sleep so the GC observer's callbacks for earlier GCs are delivered. */
const settle = () => new Promise((r) => setTimeout(r, 20));

/** The measured loop, in a plain function so no local lives in an async function's frame. */
function runCycles(/** @type {(c: number, p: boolean) => number} */ f, /** @type {number} */ n) {
  let s = 0;
  for (let c = 0; c < n; c++) s = (s + f(c, true)) | 0;
  return s;
}

async function allocations(/** @type {string} */ name) {
  const f = name === 'empty' ? (/** @type {number} */ c) => c & 1 : /** @type {(c: number, p: boolean) => number} */ (arms[name]);
  runCycles(f, 20000); // the same warm-up for the empty loop as the arms had
  gc();
  gc();
  await settle();
  const gcsBefore = gcCount;
  const before = newSpaceUsed();
  const s = runCycles(f, ALLOC_CYCLES);
  const after = newSpaceUsed();
  await settle();
  sink += s;
  return { cycles: ALLOC_CYCLES, newSpaceGrowthBytes: after - before, gcs: gcCount - gcsBefore };
}

/** @type {Record<string, {cycles: number, newSpaceGrowthBytes: number, gcs: number}>} */
const alloc = {};
for (const n of ['empty', ...names]) alloc[n] = await allocations(n);
obs.disconnect();

process.stdout.write(
  JSON.stringify({
    variables: { total: defs.length, inputs: inputs.length, outputs: outputs.length, types: [...new Set(defs.map((d) => d.type))], imageBytes: layout.size },
    blocks: BLOCKS,
    blockMs: BLOCK_MS,
    cyclesPerBlock,
    perBlock,
    alloc,
    sink: sink === 0.5 ? 1 : 0, // keeps the sums alive
  }) + '\n',
);
