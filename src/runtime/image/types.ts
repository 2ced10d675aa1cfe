// SPDX-License-Identifier: MIT
// Types of process variables as the application sees them, and the type-level machinery that
// turns a declaration (defineVariables) into typed get/set and a typed `vars` object: inputs are
// read-only, outputs writable, 64-bit integers are bigint, bool is boolean, the rest number.
import type { Direction, VariableType } from '../../config/types.js';

/** Re-exported from the configuration types: the variable types and directions. */
export type { Direction, VariableType };

/** Any value a process variable holds. */
export type VariableValue = number | bigint | boolean;

/** The declaration of one variable: what the configuration must give it. */
export interface VariableSpec {
  type: VariableType;
  direction: Direction;
  /** Width of a `bits` field (1..64); checked against the configuration when given. */
  bitLength?: number;
}

/** Declared variables by name. */
export type VariableSpecs = Record<string, VariableSpec>;

/** The variables of a configuration whose names are not known statically. */
export type UntypedVariables = Record<string, VariableSpec>;

/** Widths of `bits` fields that do not fit a JS number exactly and are read as bigint. */
export type WideBits = 33 | 34 | 35 | 36 | 37 | 38 | 39 | 40 | 41 | 42 | 43 | 44 | 45 | 46 | 47 | 48 | 49 | 50 | 51 | 52 | 53 | 54 | 55 | 56 | 57 | 58 | 59 | 60 | 61 | 62 | 63 | 64;

/** The JS type of a variable with declaration S. */
export type ValueOf<S extends VariableSpec> = S['type'] extends 'bool'
  ? boolean
  : S['type'] extends 'int64' | 'uint64'
    ? bigint
    : S['type'] extends 'bits'
      ? S extends { bitLength: WideBits }
        ? bigint
        : number
      : number;

/** True when V is a declaration with literal names (not the untyped record). */
export type IsTyped<V> = string extends keyof V ? false : true;

/** Names of declared inputs. */
export type InputNames<V extends VariableSpecs> = { [K in keyof V]: V[K]['direction'] extends 'input' ? K : never }[keyof V] & string;

/** Names of declared outputs. */
export type OutputNames<V extends VariableSpecs> = { [K in keyof V]: V[K]['direction'] extends 'output' ? K : never }[keyof V] & string;

/** Names that `get` accepts: every declared name, or any string when untyped. */
export type ReadableName<V extends VariableSpecs> = IsTyped<V> extends true ? keyof V & string : string;

/** Names that `set` accepts: declared outputs, or any string when untyped (inputs then throw). */
export type WritableName<V extends VariableSpecs> = IsTyped<V> extends true ? OutputNames<V> : string;

/** The value type of `name` in V. */
export type ValueFor<V extends VariableSpecs, K extends string> = IsTyped<V> extends true ? (K extends keyof V ? ValueOf<V[K]> : never) : VariableValue;

/** A variable name as a property name: `.` and `-` become `_` (`axis_x.position` -> `axis_x_position`). */
export type PropertyName<S extends string> = S extends `${infer A}.${infer B}`
  ? PropertyName<`${A}_${B}`>
  : S extends `${infer A}-${infer B}`
    ? PropertyName<`${A}_${B}`>
    : S;

/** `image.vars`: one property per variable; inputs read-only. */
export type ImageVars<V extends VariableSpecs> = IsTyped<V> extends true
  ? { readonly [K in InputNames<V> as PropertyName<K>]: ValueOf<V[K]> } & { -readonly [K in OutputNames<V> as PropertyName<K>]: ValueOf<V[K]> }
  : Record<string, VariableValue>;

/** `image.inputs`: the inputs of the last sync() as plain read-only data properties. */
export type ImageInputs<V extends VariableSpecs> = IsTyped<V> extends true
  ? { readonly [K in InputNames<V> as PropertyName<K>]: ValueOf<V[K]> }
  : Readonly<Record<string, VariableValue>>;

/** `image.outputs`: the outputs as plain data properties, staged by publish(). */
export type ImageOutputs<V extends VariableSpecs> = IsTyped<V> extends true
  ? { -readonly [K in OutputNames<V> as PropertyName<K>]: ValueOf<V[K]> }
  : Record<string, VariableValue>;

/**
 * Declare the variables an application uses, so names, directions and value types are checked
 * by the compiler: `image.set('axis_x.statusword', 1)` does not compile when statusword is
 * declared as an input. `configure()` checks the declaration against the configuration and
 * fails (VARIABLE_MISMATCH) when a name is missing or its type or direction differ.
 *
 * @example
 * const vars = defineVariables({
 *   'axis_x.controlword': { type: 'uint16', direction: 'output' },
 *   'axis_x.statusword': { type: 'uint16', direction: 'input' },
 * });
 * const configured = await master.configure('bus.yaml', { variables: vars });
 */
export function defineVariables<const V extends VariableSpecs>(specs: V): V {
  return specs;
}
