// SPDX-License-Identifier: MIT
// Where each process variable lives in the process data: the plan's variables joined with the
// native layout (offset within its domain, bit position) and the activation (domain offsets in
// the process data, output and input ranges). Also the safe output image the watchdog writes.
// Everything is checked here once, so the accessors can trust their offsets.
import type { NativeActivation, NativeLayout } from '../../binding/native.js';
import type { BusPlan } from '../../config/plan/types.js';
import { formatEntryRef } from '../../config/values.js';
import { runtimeError } from '../errors.js';
import { Kind, kindOf, limits, writeValue } from './codec.js';
import type { CodecVariable } from './codec.js';
import type { Direction, VariableType } from './types.js';

/** One variable with its place in the process data. */
export interface ImageVariable extends CodecVariable {
  readonly name: string;
  /** Property name in `image.vars` (`.` and `-` replaced by `_`). */
  readonly property: string;
  readonly type: VariableType;
  readonly direction: Direction;
  /** Name and plan index of the slave the entry belongs to. */
  readonly slave: string;
  readonly slaveIndex: number;
  /** The PDO entry. */
  readonly index: number;
  readonly subindex: number;
  readonly domain: string;
  /** Where the variable is in the configuration file (`slaves[1].variables[0]`). */
  readonly path: string;
  /** Outputs: the bytes the watchdog writes (little-endian); null for inputs. */
  readonly safe: Uint8Array | null;
}

/** A byte range of the process data. */
export interface ByteRange {
  readonly offset: number;
  readonly length: number;
}

/** The whole process image as the application sees it. */
export interface ImageLayout {
  /** Bytes of process data. */
  readonly size: number;
  readonly variables: readonly ImageVariable[];
  readonly byName: ReadonlyMap<string, ImageVariable>;
  readonly outputRanges: readonly ByteRange[];
  readonly inputRanges: readonly ByteRange[];
  readonly domains: ReadonlyArray<{ name: string; offset: number; size: number }>;
}

/** `axis_x.position` -> `axis_x_position`: a name usable as a JS property without quotes. */
export function propertyName(name: string): string {
  return name.replace(/[.-]/g, '_');
}

function inside(ranges: readonly ByteRange[], offset: number, length: number): boolean {
  return ranges.some((r) => offset >= r.offset && offset + length <= r.offset + r.length);
}

function checkRanges(what: string, ranges: ReadonlyArray<{ offset: number; length: number }>, size: number): ByteRange[] {
  return ranges.map((r) => {
    if (!Number.isInteger(r.offset) || !Number.isInteger(r.length) || r.offset < 0 || r.length < 0 || r.offset + r.length > size) {
      throw runtimeError('LAYOUT_MISMATCH', `the native activation reports an ${what} range ${r.offset}+${r.length} outside the ${size}-byte process data`);
    }
    return { offset: r.offset, length: r.length };
  });
}

/**
 * Join plan, layout and activation. Throws DUPLICATE_VARIABLE for two variables with one name or
 * one property name, INCOMPLETE_PLAN for a variable without direction, LAYOUT_MISMATCH when the
 * native side reports a place that cannot be right.
 */
export function buildImageLayout(plan: BusPlan, layout: NativeLayout, activation: NativeActivation): ImageLayout {
  const size = activation.processDataSize;
  if (layout.variables.length !== plan.variables.length) {
    throw runtimeError('LAYOUT_MISMATCH', `the native layout has ${layout.variables.length} variables, the plan ${plan.variables.length}`);
  }
  const outputRanges = checkRanges('output', activation.outputRanges, size);
  const inputRanges = checkRanges('input', activation.inputRanges, size);
  // A layout variable's `domain` is the plan domain index; the activation lists domains by their
  // IgH index, which layout.domainIndices maps to (they are the same on a fresh master).
  const domainOffset = (planDomain: number): number => {
    const igh = layout.domainIndices[planDomain] ?? planDomain;
    const d = activation.domains.find((x) => x.index === igh) ?? activation.domains[planDomain];
    if (!d) throw runtimeError('LAYOUT_MISMATCH', `the native activation has no domain ${igh} (plan domain ${planDomain})`);
    return d.offset;
  };
  const byName = new Map<string, ImageVariable>();
  const byProperty = new Map<string, string>();
  const variables: ImageVariable[] = [];
  plan.variables.forEach((pv, i) => {
    const lv = layout.variables[i];
    if (!lv) throw runtimeError('LAYOUT_MISMATCH', `the native layout has no entry for variable ${pv.name}`);
    const before = byName.get(pv.name);
    if (before) {
      throw runtimeError('DUPLICATE_VARIABLE', `variable name "${pv.name}" is used twice: ${before.path} and ${pv.path}; variable names must be unique across the bus`);
    }
    const property = propertyName(pv.name);
    const clash = byProperty.get(property);
    if (clash !== undefined) {
      throw runtimeError('DUPLICATE_VARIABLE', `variables "${clash}" and "${pv.name}" both become image.vars.${property}; rename one of them`);
    }
    if (pv.direction === null) {
      throw runtimeError('INCOMPLETE_PLAN', `variable ${pv.name} (${pv.path}) has no direction: the plan was not checked against the bus`, {
        hint: 'Pass the plan through checkAgainstBus()/assertBusMatches() first, or let configure() load the configuration.',
      });
    }
    const slave = plan.slaves[pv.slave];
    const domain = plan.domains[pv.domain];
    const kind = kindOf(pv.type, pv.bitLength, lv.bitPosition);
    if (typeof kind === 'string') throw runtimeError('LAYOUT_MISMATCH', `variable ${pv.name} (${pv.path}): ${kind}`);
    const offset = domainOffset(lv.domain) + lv.offset;
    const span = Math.ceil((lv.bitPosition + pv.bitLength) / 8);
    if (!Number.isInteger(offset) || offset < 0 || offset + span > size || lv.bitPosition < 0 || lv.bitPosition > 7) {
      throw runtimeError('LAYOUT_MISMATCH', `variable ${pv.name} is placed at byte ${offset} bit ${lv.bitPosition} (${span} bytes), outside the ${size}-byte process data`);
    }
    const ranges = pv.direction === 'output' ? outputRanges : inputRanges;
    if (!inside(ranges, offset, span)) {
      throw runtimeError('LAYOUT_MISMATCH', `${pv.direction} variable ${pv.name} at byte ${offset} is not inside an ${pv.direction} range of the process data`);
    }
    const range = limits(kind, pv.bitLength);
    // One literal with every field in the same order: all variables share one object shape,
    // which keeps the accessors monomorphic.
    const v: ImageVariable = {
      name: pv.name,
      property,
      type: pv.type,
      kind,
      direction: pv.direction,
      slave: slave?.name ?? `slave ${pv.slave}`,
      slaveIndex: pv.slave,
      index: pv.index,
      subindex: pv.subindex,
      domain: domain?.name ?? String(pv.domain),
      path: pv.path,
      offset,
      bitPosition: lv.bitPosition,
      bitLength: pv.bitLength,
      span,
      shift: 2 ** lv.bitPosition,
      modulus: 2 ** Math.min(pv.bitLength, 32),
      min: range.min,
      max: range.max,
      bigMin: range.bigMin,
      bigMax: range.bigMax,
      safe: pv.direction === 'output' ? (pv.safe ?? new Uint8Array(Math.ceil(pv.bitLength / 8))) : null,
    };
    byName.set(v.name, v);
    byProperty.set(property, v.name);
    variables.push(v);
  });
  const domains = plan.domains.map((d, i) => {
    const igh = layout.domainIndices[i] ?? i;
    const a = activation.domains.find((x) => x.index === igh) ?? activation.domains[i];
    return { name: d.name, offset: a?.offset ?? 0, size: a?.size ?? layout.domainSizes[i] ?? 0 };
  });
  return { size, variables, byName, outputRanges, inputRanges, domains };
}

/** A short description of a variable for messages: `axis_x.statusword (axis-x 0x6041:00, uint16 input)`. */
export function describeVariable(v: ImageVariable): string {
  return `${v.name} (${v.slave} ${formatEntryRef(v.index, v.subindex)}, ${v.type} ${v.direction})`;
}

/**
 * The output image the watchdog writes when the application stops publishing: every output
 * variable at its `safe` value, everything else 0.
 */
export function safeOutputImage(layout: ImageLayout): Uint8Array {
  const out = new Uint8Array(layout.size);
  const view = new DataView(out.buffer);
  for (const v of layout.variables) {
    if (v.direction !== 'output' || !v.safe) continue;
    writeValue(view, 0, v, decodeSafe(v, v.safe));
  }
  return out;
}

/** The plan's little-endian safe bytes as the variable's JS value. */
function decodeSafe(v: ImageVariable, bytes: Uint8Array): number | bigint | boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let raw = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) raw = (raw << 8n) | BigInt(view.getUint8(i));
  raw &= (1n << BigInt(v.bitLength)) - 1n;
  switch (v.kind) {
    case Kind.Bool:
      return raw !== 0n;
    case Kind.F32:
      return view.getFloat32(0, true);
    case Kind.F64:
      return view.getFloat64(0, true);
    case Kind.I64:
    case Kind.SBigBits:
      return BigInt.asIntN(v.bitLength, raw);
    case Kind.U64:
    case Kind.BigBits:
      return raw;
    case Kind.I8:
    case Kind.I16:
    case Kind.I32:
    case Kind.SBits:
      return Number(BigInt.asIntN(v.bitLength, raw));
    default:
      return Number(raw);
  }
}
