// SPDX-License-Identifier: MIT
// From what the application passes to configure() to the native plan: a configuration file, an
// object in the file's shape, a loaded BusConfig or a BusPlan all become a BusPlan through
// src/config (the one configuration parser), which is then checked against the live bus -
// a missing slave or a wrong identity is a ConfigError naming the configuration path - and
// turned into the plain NativePlan the native master executes (docs/config.md, "The BusPlan").
import type { NativePlan, NativePlanSlave } from '../binding/native.js';
import { checkAgainstBus } from '../config/bus/check.js';
import type { BusInspector } from '../config/bus/inspector.js';
import type { BusProblem } from '../config/bus/check.js';
import { ConfigError } from '../config/errors.js';
import { loadBusConfig, validateBusConfig } from '../config/load.js';
import type { ParseOptions } from '../config/load.js';
import { planBus } from '../config/plan/plan.js';
import type { PlanOptions } from '../config/plan/plan.js';
import type { BusPlan } from '../config/plan/types.js';
import type { BusConfig } from '../config/types.js';
import { runtimeError } from './errors.js';

/** What configure() accepts: a file path, a BusPlan, a loaded BusConfig, or an object shaped like the file. */
export type ConfigInput = string | BusPlan | BusConfig | Record<string, unknown>;

/** Options for turning the input into a plan. */
export interface PlanInputOptions extends ParseOptions, PlanOptions {}

function isPlan(x: unknown): x is BusPlan {
  return typeof x === 'object' && x !== null && (x as { format?: unknown }).format === 'ecat-bus-plan';
}

function isLoadedConfig(x: unknown): x is BusConfig {
  const c = x as Partial<BusConfig> | null;
  return typeof c === 'object' && c !== null && typeof c.source?.file === 'string' && Array.isArray(c.slaves) && typeof c.cycleTime === 'number';
}

/** Load, validate and plan. Throws ConfigError for every problem in the configuration. */
export async function planFromInput(input: ConfigInput, options: PlanInputOptions = {}): Promise<BusPlan> {
  if (isPlan(input)) return input;
  let config: BusConfig;
  if (typeof input === 'string') config = await loadBusConfig(input, options);
  else if (isLoadedConfig(input)) config = input;
  else config = validateBusConfig(input, '<config>', options);
  return planBus(config, options.esi ? { esi: options.esi } : {});
}

/** The plan completed from the bus, plus what the check found. */
export interface CheckedPlan {
  plan: BusPlan;
  /** Ring position of each configured slave. */
  positions: number[];
  warnings: BusProblem[];
}

/**
 * Check the plan against the bus: every error (missing slave, wrong identity, entry or SDO that
 * does not exist, ...) becomes one ConfigError naming the configuration paths.
 */
export function checkPlan(plan: BusPlan, bus: BusInspector): CheckedPlan {
  const r = checkAgainstBus(plan, bus);
  const errors = r.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    throw new ConfigError(
      plan.source?.file ?? '<config>',
      errors.map(({ path, line, column, message }) => ({ path, line, column, message })),
      false,
      'bus configuration (checked against the bus)',
    );
  }
  const positions = r.positions.map((p, i) => {
    if (p === null) throw runtimeError('INCOMPLETE_PLAN', `internal: slave ${r.plan.slaves[i]?.name ?? i} has no ring position after a successful bus check`);
    return p;
  });
  return { plan: r.plan, positions, warnings: r.problems.filter((p) => p.severity === 'warning') };
}

/** A checked BusPlan as the native master takes it. Throws INCOMPLETE_PLAN for open mappings. */
export function nativePlan(plan: BusPlan): NativePlan {
  if (!plan.complete) {
    const open = plan.variables.find((v) => v.direction === null);
    throw runtimeError('INCOMPLETE_PLAN', `the plan is incomplete${open ? ` (variable ${open.name} has no direction)` : ' (a PDO mapping is unknown)'}: check it against the bus first`);
  }
  const slaves = plan.slaves.map((s): NativePlanSlave => {
    const out: NativePlanSlave = {
      alias: s.alias,
      position: s.position,
      vendorId: s.vendorId,
      productCode: s.productCode,
      startupSdos: s.sdos.map((d) => ({ index: d.index, subindex: d.subindex, data: d.data, completeAccess: d.completeAccess })),
    };
    // Syncs the bus check copied from the slave describe it; they are not a configuration.
    if (s.syncs !== null && s.pdoSource !== 'slave') {
      out.syncs = s.syncs.map((y) => ({
        index: y.index,
        dir: y.direction,
        watchdog: y.watchdog,
        pdos: y.pdos.map((p) => ({
          index: p.index,
          entries: (p.entries ?? []).map((e) => ({ index: e.index, subindex: e.subindex, bitLength: e.bitLength })),
        })),
      }));
    }
    if (s.watchdog) out.watchdog = { divider: s.watchdog.divider, intervals: s.watchdog.intervals };
    if (s.dc) out.dc = { ...s.dc };
    return out;
  });
  return {
    slaves,
    domains: plan.domains.map((d) => ({ divider: d.divider })),
    variables: plan.variables.map((v) => ({ slave: v.slave, index: v.index, subindex: v.subindex, domain: v.domain })),
    referenceClock: -1,
  };
}
