// SPDX-License-Identifier: MIT
// Checks that tie static types to the configuration: a defineVariables() declaration must match
// the plan's variables (name, type, direction, width), and variable names must be unique even in
// a plan built in code (the file loader already reports duplicates with their lines).
import type { BusPlan } from '../config/plan/types.js';
import { didYouMean } from '../topology/source/suggest.js';
import { runtimeError } from './errors.js';
import { propertyName } from './image/layout.js';
import type { VariableSpecs } from './image/types.js';

/** Throw DUPLICATE_VARIABLE for two variables with one name, or two that share a `vars` property. */
export function checkVariableNames(plan: BusPlan): void {
  const names = new Map<string, string>();
  const properties = new Map<string, string>();
  for (const v of plan.variables) {
    const before = names.get(v.name);
    if (before !== undefined) throw runtimeError('DUPLICATE_VARIABLE', `variable name "${v.name}" is used twice: ${before} and ${v.path}; variable names must be unique across the bus`);
    names.set(v.name, v.path);
    const p = propertyName(v.name);
    const clash = properties.get(p);
    if (clash !== undefined) throw runtimeError('DUPLICATE_VARIABLE', `variables "${clash}" and "${v.name}" both become image.vars.${p}; rename one of them`);
    properties.set(p, v.name);
  }
}

/** Throw VARIABLE_MISMATCH listing every declared variable the plan does not have as declared. */
export function checkDeclared(specs: VariableSpecs | undefined, plan: BusPlan): void {
  if (!specs) return;
  const byName = new Map(plan.variables.map((v) => [v.name, v]));
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const v = byName.get(name);
    if (!v) {
      problems.push(`"${name}" is declared but not in the configuration${didYouMean(name, byName.keys())}`);
      continue;
    }
    if (v.type !== spec.type) problems.push(`"${name}" is declared ${spec.type} but configured ${v.type} (${v.path})`);
    if (v.direction !== null && v.direction !== spec.direction) problems.push(`"${name}" is declared an ${spec.direction} but is an ${v.direction} on the bus (${v.path})`);
    if (spec.bitLength !== undefined && spec.bitLength !== v.bitLength) problems.push(`"${name}" is declared ${spec.bitLength} bits wide but configured ${v.bitLength} (${v.path})`);
  }
  if (problems.length > 0) {
    throw runtimeError('VARIABLE_MISMATCH', `the declared variables do not match the configuration:\n  ${problems.join('\n  ')}`, {
      hint: 'Change the defineVariables() declaration or the configuration so they agree.',
    });
  }
}
