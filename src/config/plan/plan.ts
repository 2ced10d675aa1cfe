// SPDX-License-Identifier: MIT
// planBus: a validated BusConfig -> BusPlan, the plain-data plan the native master executes.
// Reads the ESI files slaves name (synchronously, cached per path: this runs once at start-up,
// never in the cycle), then plans slaves, domains and variables. Every problem is collected and
// thrown as one ConfigError pointing into the configuration file.
import { isAbsolute, relative } from 'node:path';
import { ConfigError } from '../errors.js';
import { loadEsiSync } from '../esi/load.js';
import type { EsiDevice, EsiFile } from '../esi/types.js';
import type { BusConfig } from '../types.js';
import { PathIssues } from './issues.js';
import { planSlave } from './slave.js';
import type { EsiLoader } from './slave.js';
import type { BusPlan, PlanNote, PlanSlave } from './types.js';
import { planVariables } from './variables.js';

/** Options of planBus. */
export interface PlanOptions {
  /**
   * How ESI paths are read: a file or directory path -> its parsed files. Default: read from disk
   * (loadEsiSync). Tests and applications that preload ESI files pass their own.
   */
  esi?: EsiLoader;
}

/** Paths inside the working directory read better in messages as relative ones. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** A loader that reads each path once (by default from disk, named relative to the working directory). */
export function cachedEsiLoader(load: EsiLoader = (path) => loadEsiSync(displayPath(path))): EsiLoader {
  const cache = new Map<string, EsiFile[] | Error>();
  return (path) => {
    let hit = cache.get(path);
    if (hit === undefined) {
      try {
        hit = load(path);
      } catch (err) {
        hit = err as Error;
      }
      cache.set(path, hit);
    }
    if (hit instanceof Error) throw hit;
    return hit;
  };
}

/**
 * Resolve a configuration into a BusPlan. Throws ConfigError listing every problem (unknown ESI
 * devices or op modes, entries not mapped, width mismatches, excluded PDO pairs, ...).
 */
export function planBus(config: BusConfig, options: PlanOptions = {}): BusPlan {
  const positions = config.source?.positions;
  const issues = new PathIssues(positions);
  const notes: PlanNote[] = [];
  const ctx = { config, issues, notes, esi: options.esi ?? cachedEsiLoader() };
  const slaves: PlanSlave[] = [];
  const devices: Array<EsiDevice | undefined> = [];
  config.slaves.forEach((s, i) => {
    const r = planSlave(ctx, s, i);
    slaves.push(r.plan);
    devices.push(r.device);
  });
  const variables = planVariables(config, slaves, devices, issues);
  if (issues.list.length > 0) throw new ConfigError(config.source?.file ?? '<config>', issues.sorted());
  return {
    format: 'ecat-bus-plan',
    version: 1,
    master: config.master,
    cycleTime: config.cycleTime,
    complete: isComplete(slaves, variables),
    domains: config.domains.map((d, index) => ({ index, name: d.name, divider: d.divider })),
    slaves,
    variables,
    notes,
    source: config.source ? { file: config.source.file, positions: config.source.positions } : null,
  };
}

/** Every variable's direction known and every assigned PDO's mapping known. */
export function isComplete(slaves: PlanSlave[], variables: BusPlan['variables']): boolean {
  return variables.every((v) => v.direction !== null) && slaves.every((s) => s.syncs === null || s.syncs.every((y) => y.pdos.every((p) => p.entries !== null)));
}
