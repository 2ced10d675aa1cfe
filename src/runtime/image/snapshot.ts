// SPDX-License-Identifier: MIT
// The plain-object face of the process image, for hot loops: `image.inputs` has one data
// property per input variable, rewritten by sync(); `image.outputs` has one per output
// variable, read by publish(), which encodes (and range-checks) only the ones that changed.
// Reading or writing a data property costs no call at all, so it stays as cheap as raw
// DataView code however many variables one function touches; the accessor API (vars, handles)
// instead pays a call per access once V8's inlining budget for the function is spent.
// Generated like the accessors (accessors.ts): numbers, and property names only as JSON string
// literals, go into the source, so nothing from a configuration can inject code.
import type { CodecVariable } from './codec.js';
import { readExpr, writeStmt } from './accessors.js';
import type { VariableValue } from './types.js';

type Variable = CodecVariable & { direction: 'input' | 'output'; property: string };

/** The two objects and the functions that move them to and from the image's buffers. */
export interface Snapshot {
  readonly inputs: Record<string, VariableValue>;
  readonly outputs: Record<string, VariableValue>;
  /** Rewrite `inputs` from the input buffer (after sync() took a new one). */
  decode(): void;
  /** Stage every output whose property changed since the last encode (throws like set()). */
  encode(): void;
}

interface Host {
  readonly input: DataView;
  readonly stage: DataView;
}

interface Helpers {
  read(i: number): VariableValue;
  write(i: number, value: VariableValue): void;
}

function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`internal: snapshot constant ${n}`);
  return String(n);
}

/**
 * Build the snapshot objects for `variables` over `host`'s buffers. Property names come from
 * the layout (validated identifiers); they are used as keys of ordinary objects, never as code.
 */
export function compileSnapshot(variables: readonly Variable[], host: Host, helpers: Helpers): Snapshot {
  const ins: number[] = [];
  const outs: number[] = [];
  variables.forEach((v, i) => (v.direction === 'input' ? ins : outs).push(i));
  // Property names enter the generated code only as JSON string literals (o["name"]), which
  // V8 compiles like a named property access; no name can break out of its literal.
  const key = (i: number): string => JSON.stringify((variables[i] as Variable).property);
  // Object literals with every property present from the start: one hidden class each, in
  // fast mode (properties added one by one through computed keys would not get that).
  const literal = (list: number[]): string => `({ ${list.map((i) => `${key(i)}: x.read(${num(i)})`).join(', ')} })`;
  const make = new Function('x', `'use strict';\nreturn [${literal(ins)}, ${literal(outs)}];`) as (x: Helpers) => [Record<string, VariableValue>, Record<string, VariableValue>];
  const [inputs, outputs] = make(helpers);
  Object.preventExtensions(inputs);
  Object.preventExtensions(outputs);
  const last: VariableValue[] = outs.map((i) => outputs[(variables[i] as Variable).property] as VariableValue);

  const decodeBody = [
    "'use strict';",
    'const inp = h.input;',
    'return function decode(o) {',
    ...ins.map((i) => `  o[${key(i)}] = ${readExpr(variables[i] as Variable, i, 'inp')};`),
    '};',
  ].join('\n');
  const encodeBody = [
    "'use strict';",
    'const st = h.stage;',
    'return function encode(o, last) {',
    '  let value;',
    ...outs.map((i, k) => `  value = o[${key(i)}]; if (value !== last[${num(k)}]) { ${writeStmt(variables[i] as Variable, i)} last[${num(k)}] = value; }`),
    '};',
  ].join('\n');
  const decodeInto = new Function('h', 'x', decodeBody)(host, helpers) as (o: Record<string, VariableValue>) => void;
  const encodeFrom = new Function('h', 'x', encodeBody)(host, helpers) as (o: Record<string, VariableValue>, last: VariableValue[]) => void;

  return {
    inputs,
    outputs,
    decode(): void {
      decodeInto(inputs);
    },
    encode(): void {
      encodeFrom(outputs, last);
    },
  };
}
