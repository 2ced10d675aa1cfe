// SPDX-License-Identifier: MIT
// Compiled accessors: one small get/set pair per variable with its offset, bit mask and range
// written in as constants, generated once when the image is built. A DataView call at a constant
// offset is something V8 turns into a plain load or store once the accessor is inlined, so
// `vars.x` and `handle.get()` cost about what hand-written DataView code costs; a generic
// accessor would instead dispatch on the type at every access. Only numbers are written into the
// generated source (offsets, masks, limits, indices), never a name, so nothing from a
// configuration can inject code. Kinds with an uncommon layout (bit fields wider than one bit,
// unaligned integers, 64-bit values, real32 range checks) call the generic codec.
import { readValue, writeValue } from './codec.js';
import type { CodecVariable } from './codec.js';
import type { VariableValue } from './types.js';

/** One variable's accessor pair; both ignore `this`, so they also serve as property accessors. */
export interface Accessor {
  get(): VariableValue;
  set(value: VariableValue): void;
}

/** Where the accessors find the current buffers (the image engine). */
export interface AccessorHost {
  /** The inputs the last sync() took (process data offsets); never replaced, only rewritten. */
  readonly input: DataView;
  /** The JS-side staging buffer of outputs (never replaced). */
  readonly stage: DataView;
}

/** What the compiled code calls for the rare paths. */
interface Helpers {
  /** Generic read of variable i (uncommon layouts). */
  read(i: number): VariableValue;
  /** Generic write of variable i: writes what the fast path does not handle, or throws the right error. */
  write(i: number, value: VariableValue): void;
  /** Writing input i. */
  input(i: number): never;
}

const GET = { 1: 'getInt8', 2: 'getUint8', 3: 'getInt16', 4: 'getUint16', 5: 'getInt32', 6: 'getUint32', 10: 'getFloat64' } as const;
const SET = { 1: 'setInt8', 2: 'setUint8', 3: 'setInt16', 4: 'setUint16', 5: 'setInt32', 6: 'setUint32' } as const;
/**
 * "value is an integer in range" for a number, as one integer operation that maps exactly the
 * values of the type onto themselves (NaN, fractions and anything out of range change), so the
 * accessor stays small enough for the JIT to inline many of them into one function.
 */
const FITS = {
  1: (x: string) => `(${x} << 24 >> 24) === ${x}`,
  2: (x: string) => `(${x} & 0xff) === ${x}`,
  3: (x: string) => `(${x} << 16 >> 16) === ${x}`,
  4: (x: string) => `(${x} & 0xffff) === ${x}`,
  5: (x: string) => `(${x} | 0) === ${x}`,
  6: (x: string) => `(${x} >>> 0) === ${x}`,
} as const;
const LE = (kind: number): string => (kind === 1 || kind === 2 ? '' : ', true');

function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`internal: accessor constant ${n}`);
  return String(n);
}

/** Expression reading variable i from DataView `view`: the fast path, or the generic reader `x.read`. */
export function readExpr(v: CodecVariable, i: number, view: string): string {
  const k = v.kind as number;
  const at = num(v.offset);
  if (k === 0) return `(${view}.getUint8(${at}) & ${num(1 << v.bitPosition)}) !== 0`;
  if (k in GET) return `${view}.${GET[k as keyof typeof GET]}(${at}${LE(k)})`;
  if (k === 9) return `${view}.getFloat32(${at}, true)`;
  return `x.read(${num(i)})`;
}

/**
 * Statement staging the local `value` as output i into DataView `st`: the fast path when the
 * value is valid for it, else the generic writer `x.write` (which writes or throws the error).
 */
export function writeStmt(v: CodecVariable, i: number): string {
  const k = v.kind as number;
  const off = num(v.offset);
  if (k === 0) {
    const mask = num(1 << v.bitPosition);
    const clear = num(~(1 << v.bitPosition) & 0xff);
    return `if (value === true || value === 1) st.setUint8(${off}, st.getUint8(${off}) | ${mask}); else if (value === false || value === 0) st.setUint8(${off}, st.getUint8(${off}) & ${clear}); else x.write(${num(i)}, value);`;
  }
  if (k in SET) return `if (typeof value === 'number' && ${FITS[k as keyof typeof FITS]('value')}) st.${SET[k as keyof typeof SET]}(${off}, value${LE(k)}); else x.write(${num(i)}, value);`;
  if (k === 10) return `if (typeof value === 'number') st.setFloat64(${off}, value, true); else x.write(${num(i)}, value);`;
  return `x.write(${num(i)}, value);`;
}

/** Source of variable i's accessor object literal. */
function source(v: CodecVariable & { direction: 'input' | 'output' }, i: number): string {
  const input = v.direction === 'input';
  const get = `return ${readExpr(v, i, input ? 'inp' : 'st')};`;
  const set = input ? `x.input(${num(i)});` : writeStmt(v, i);
  return `{ get() { ${get} }, set(value) { ${set} } }`;
}

/**
 * Compile the accessors of `variables` (index i is variable i). `host.input` and `host.stage`
 * are captured once: the host rewrites their contents, never replaces them.
 */
export function compileAccessors(variables: ReadonlyArray<CodecVariable & { direction: 'input' | 'output' }>, host: AccessorHost, inputError: (i: number) => Error): Accessor[] {
  const helpers: Helpers = {
    read: (i) => {
      const v = variables[i] as CodecVariable & { direction: 'input' | 'output' };
      return readValue(v.direction === 'input' ? host.input : host.stage, 0, v);
    },
    write: (i, value) => writeValue(host.stage, 0, variables[i] as CodecVariable, value),
    input: (i) => {
      throw inputError(i);
    },
  };
  const body = `'use strict';\nconst st = h.stage;\nconst inp = h.input;\nreturn [\n${variables.map((v, i) => source(v, i)).join(',\n')}\n];`;
  const factory = new Function('h', 'x', body) as (h: AccessorHost, x: Helpers) => Accessor[];
  return factory(host, helpers);
}
