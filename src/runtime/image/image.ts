// SPDX-License-Identifier: MIT
// The process image as JS sees it: typed variables by name over DataViews of the shared buffer.
// JS consumes the input triple buffer (sync() takes the newest whole buffer) and produces the
// output triple buffer (set() writes a JS-side staging buffer, publish() copies the output
// ranges into the back buffer, swaps it in and bumps the heartbeat the watchdog watches).
// No native call per variable and no allocation per access (64-bit values are bigints).
import { didYouMean } from '../../topology/source/suggest.js';
import { closedError, runtimeError } from '../errors.js';
import { FRESH, OFF, sharedGeometry } from '../shared/layout.js';
import type { SharedGeometry } from '../shared/layout.js';
import { inspect } from 'node:util';
import { compileAccessors } from './accessors.js';
import { compileSnapshot } from './snapshot.js';
import type { Snapshot } from './snapshot.js';
import type { Accessor } from './accessors.js';
import { readValue, writeValue } from './codec.js';
import { describeVariable } from './layout.js';
import type { ImageLayout, ImageVariable } from './layout.js';
import type { ImageInputs, ImageOutputs, ImageVars, ReadableName, UntypedVariables, ValueFor, VariableSpecs, VariableValue, WritableName } from './types.js';

/** One variable as a handle: the fastest way to access it repeatedly (no lookup by name). */
export interface ProcessVariable<T extends VariableValue = VariableValue> {
  readonly name: string;
  readonly type: ImageVariable['type'];
  readonly direction: ImageVariable['direction'];
  readonly bitLength: number;
  /** Name of the slave the PDO entry belongs to. */
  readonly slave: string;
  /** Inputs: the value in the inputs taken by the last sync(). Outputs: the staged value. */
  get(): T;
  /** Stage a new output value (published by the next publish()); throws for inputs. */
  set(value: T): void;
}

/** The process image of an active or cycling master. V: the declared variables (defineVariables). */
export interface ProcessImage<V extends VariableSpecs = UntypedVariables> {
  /** Where every variable is. */
  readonly layout: ImageLayout;
  /** One property per variable (`axis_x.position` -> `vars.axis_x_position`); inputs read-only. */
  readonly vars: ImageVars<V>;
  /**
   * The inputs as a plain object, one data property per input variable, rewritten by sync():
   * the cheapest way to read many variables in one function (no call per access). Assigning to
   * it changes nothing on the bus (TypeScript marks it read-only).
   */
  readonly inputs: ImageInputs<V>;
  /**
   * The outputs as a plain object, one data property per output variable: publish() stages
   * every property that changed since the last publish() (range-checked like set(), throwing
   * before anything is handed over). For a given variable use either this object or the
   * accessors (vars, set, handles), not both.
   */
  readonly outputs: ImageOutputs<V>;
  /** Bus cycles the cyclic thread had run when sync() last took inputs. */
  readonly cycle: number;
  /**
   * Take the newest inputs the cyclic thread published. Returns true when they are new since the
   * last sync(); reads of input variables then see them until the next sync().
   */
  sync(): boolean;
  /**
   * Hand the staged outputs to the cyclic thread (it applies them from its next cycle on) and
   * count as the heartbeat the output watchdog watches.
   */
  publish(): void;
  /** Read a variable by name. */
  get<K extends ReadableName<V>>(name: K): ValueFor<V, K>;
  /** Stage an output value. RangeError when out of range for its type; INPUT_VARIABLE for inputs. */
  set<K extends WritableName<V>>(name: K, value: ValueFor<V, K>): void;
  /** A handle on one variable. */
  variable<K extends ReadableName<V>>(name: K): ProcessVariable<ValueFor<V, K>>;
  /** Whether a variable of this name exists. */
  has(name: string): boolean;
  /** All variables' current values (inputs as of the last sync, outputs as staged), for display. */
  snapshot(): Record<string, VariableValue>;
}

/** The engine behind ProcessImage; the runtime attaches it to each cycling run's shared buffer. */
export class ImageEngine<V extends VariableSpecs = UntypedVariables> implements ProcessImage<V> {
  readonly layout: ImageLayout;
  readonly vars: ImageVars<V>;
  cycle = 0;
  /**
   * The inputs as of the last sync() and the staging buffer of outputs, as the accessors read
   * them. Both are JS-owned buffers that never change identity, so the compiled accessors hold
   * them as constants (a DataView at a constant offset is a plain load once inlined); sync()
   * copies the newest input buffer into `input`.
   */
  readonly input: DataView;
  readonly stage: DataView;
  private readonly inputBytes: Uint8Array;
  private header!: Int32Array;
  /** One byte view per input buffer of the current shared buffer; sync() copies the front one. */
  private inputViews: Uint8Array[] = [];
  private front = 2;
  private back = 0;
  private readonly stageRanges: Uint8Array[];
  private outputViews: Uint8Array[][] = [];
  private closed = false;
  /** Compiled accessors by variable name. */
  private readonly accessors = new Map<string, Accessor>();
  /** The plain-object snapshot, built on first use of `inputs`/`outputs`. */
  private snap: Snapshot | undefined;

  constructor(layout: ImageLayout) {
    this.layout = layout;
    const stage = new ArrayBuffer(Math.max(layout.size, 1));
    this.stage = new DataView(stage);
    const input = new ArrayBuffer(Math.max(layout.size, 1));
    this.input = new DataView(input);
    this.inputBytes = new Uint8Array(input);
    this.stageRanges = layout.outputRanges.map((r) => new Uint8Array(stage, r.offset, r.length));
    // Until the first start() the image reads a private, all-zero buffer.
    const g = sharedGeometry(layout.size, 0);
    this.attach(new SharedArrayBuffer(g.size), g);
    const compiled = compileAccessors(layout.variables, this, (i) => inputError(layout.variables[i] as ImageVariable));
    layout.variables.forEach((v, i) => this.accessors.set(v.name, compiled[i] as Accessor));
    this.vars = this.makeVars(compiled);
  }

  /** Use a new shared buffer (one per start()), from the documented initial state. */
  attach(shared: SharedArrayBuffer, g: SharedGeometry): void {
    this.header = new Int32Array(shared, 0, OFF.buffers / 4);
    const size = Math.max(this.layout.size, 1);
    this.inputViews = g.inputs.map((base) => new Uint8Array(shared, base, size));
    this.front = 2;
    this.back = 0;
    this.inputBytes.set(this.inputViews[2] as Uint8Array);
    this.snap?.decode();
    this.outputViews = g.outputs.map((base) => this.layout.outputRanges.map((r) => new Uint8Array(shared, base + r.offset, r.length)));
    this.cycle = 0;
  }

  /** After close(): sync() and publish() throw CLOSED. */
  close(): void {
    this.closed = true;
  }

  sync(): boolean {
    if (this.closed) throw closedError('image.sync()');
    const h = this.header;
    let fresh = false;
    if ((Atomics.load(h, OFF.inputMiddle >> 2) & FRESH) !== 0) {
      const old = Atomics.exchange(h, OFF.inputMiddle >> 2, this.front);
      this.front = old & 3;
      this.inputBytes.set(this.inputViews[this.front] as Uint8Array);
      this.snap?.decode();
      fresh = true;
    }
    this.cycle = this.readCycles();
    return fresh;
  }

  publish(): void {
    if (this.closed) throw closedError('image.publish()');
    this.snap?.encode();
    const dst = this.outputViews[this.back];
    if (dst) {
      const src = this.stageRanges;
      for (let i = 0; i < src.length; i++) (dst[i] as Uint8Array).set(src[i] as Uint8Array);
    }
    const old = Atomics.exchange(this.header, OFF.outputMiddle >> 2, this.back | FRESH);
    this.back = old & 3;
    Atomics.add(this.header, OFF.heartbeat >> 2, 1);
  }

  get inputs(): ImageInputs<V> {
    return this.snapshotObjects().inputs as ImageInputs<V>;
  }

  get outputs(): ImageOutputs<V> {
    return this.snapshotObjects().outputs as ImageOutputs<V>;
  }

  private snapshotObjects(): Snapshot {
    if (!this.snap) {
      this.snap = compileSnapshot(this.layout.variables, this, {
        read: (i) => this.read(this.layout.variables[i] as ImageVariable),
        write: (i, value) => this.write(this.layout.variables[i] as ImageVariable, value),
      });
    }
    return this.snap;
  }

  get<K extends ReadableName<V>>(name: K): ValueFor<V, K> {
    const a = this.accessors.get(name);
    if (a === undefined) throw this.unknown(name);
    return a.get() as ValueFor<V, K>;
  }

  set<K extends WritableName<V>>(name: K, value: ValueFor<V, K>): void {
    const a = this.accessors.get(name);
    if (a === undefined) throw this.unknown(name);
    a.set(value as VariableValue);
  }

  variable<K extends ReadableName<V>>(name: K): ProcessVariable<ValueFor<V, K>> {
    const v = this.layout.byName.get(name);
    const a = this.accessors.get(name);
    if (v === undefined || a === undefined) throw this.unknown(name);
    // A plain object with the compiled pair as its methods: one shape for every handle, and the
    // call at a given site always reaches the same small function, which V8 inlines.
    const handle: ProcessVariable<VariableValue> = { name: v.name, type: v.type, direction: v.direction, bitLength: v.bitLength, slave: v.slave, get: a.get, set: a.set };
    return handle as ProcessVariable<ValueFor<V, K>>;
  }

  has(name: string): boolean {
    return this.layout.byName.has(name);
  }

  snapshot(): Record<string, VariableValue> {
    const out: Record<string, VariableValue> = {};
    for (const v of this.layout.variables) out[v.name] = this.read(v);
    return out;
  }

  /** Read one variable: inputs as of the last sync(), outputs from the staging buffer. */
  read(v: ImageVariable): VariableValue {
    return readValue(v.direction === 'input' ? this.input : this.stage, 0, v);
  }

  /** Stage one output; inputs throw INPUT_VARIABLE. */
  write(v: ImageVariable, value: VariableValue): void {
    if (v.direction === 'input') throw inputError(v);
    writeValue(this.stage, 0, v, value);
  }

  /** The 64-bit cycle counter without a BigInt: read high, low, high again until stable. */
  private readCycles(): number {
    const h = this.header;
    const lo = OFF.cycles >> 2;
    for (;;) {
      const hi1 = Atomics.load(h, lo + 1);
      const low = Atomics.load(h, lo) >>> 0;
      if (Atomics.load(h, lo + 1) === hi1) return hi1 * 4294967296 + low;
    }
  }

  private unknown(name: string): Error {
    return runtimeError('UNKNOWN_VARIABLE', `no process variable "${name}"${didYouMean(name, this.layout.byName.keys())}`, {
      hint: `The configuration defines ${this.layout.variables.length} variable${this.layout.variables.length === 1 ? '' : 's'}: ${this.layout.variables
        .slice(0, 12)
        .map((x) => x.name)
        .join(', ')}${this.layout.variables.length > 12 ? ', ...' : ''}`,
    });
  }

  /**
   * `vars`: the accessors as properties of a prototype, so every image's `vars` has a fast,
   * fixed shape; the object itself is not extensible, so assigning a misspelled name throws.
   */
  private makeVars(compiled: Accessor[]): ImageVars<V> {
    const proto: Record<string | symbol, unknown> = {};
    this.layout.variables.forEach((v, i) => {
      const a = compiled[i] as Accessor;
      Object.defineProperty(proto, v.property, { enumerable: true, get: a.get, set: a.set });
    });
    // console.log(image.vars) shows the values, not an empty object.
    Object.defineProperty(proto, inspect.custom, { value: () => this.snapshot() });
    const vars = Object.create(proto) as object;
    Object.preventExtensions(vars);
    return vars as ImageVars<V>;
  }
}

function inputError(v: ImageVariable): Error {
  return runtimeError('INPUT_VARIABLE', `${describeVariable(v)} is an input: the slave writes it, the application can only read it`, {
    hint: 'Only variables mapped in RxPDOs (outputs) can be set.',
  });
}
