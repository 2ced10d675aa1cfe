// SPDX-License-Identifier: MIT
// The top level of a bus configuration (`master`, `cycleTime`, `domains`, `slaves`, `variables`)
// and the checks that span slaves: unique slave names and addresses, unique variable names
// across the bus, and references from variables to slaves and domains.
import type { SrcNode } from '../../topology/source/node.js';
import { asMap, asSeq, item, readInt, readString, sub } from '../../topology/source/read.js';
import { didYouMean } from '../../topology/source/suggest.js';
import type { BusConfig, DomainConfig, VariableConfig } from '../types.js';
import { placeOf } from '../positions.js';
import { MAX_CYCLE_NS, MIN_CYCLE_NS } from '../units.js';
import { readDuration, readName } from './context.js';
import type { Ctx } from './context.js';
import { readSlave } from './slave.js';
import type { SlaveOutline } from './slave.js';
import { readVariable } from './variables.js';

/** Default domain when the file lists none. */
export const DEFAULT_DOMAIN = 'default';
/** Largest domain divider: a domain exchanged at least every 1000th cycle. */
export const MAX_DIVIDER = 1000;

function readDomains(ctx: Ctx, node: SrcNode, path: string): DomainConfig[] {
  const seq = asSeq(ctx.issues, node, path, 'a list of domains { name, divider }');
  if (!seq) return [];
  const out: DomainConfig[] = [];
  const seen = new Map<string, string>();
  seq.items.forEach((it, k) => {
    const p = item(path, k);
    const map = asMap(ctx.issues, it, p, 'a domain mapping { name, divider }');
    if (!map) return;
    const f = ctx.fields(map, p, ['name', 'divider']);
    const n = f('name');
    const name = n ? readName(ctx, n, sub(p, 'name'), 'domain') : undefined;
    if (!n) ctx.error(p, map, 'missing "name"');
    const d = f('divider');
    const divider = d ? readInt(ctx.issues, d, sub(p, 'divider'), 1, MAX_DIVIDER, `a cycle divider 1..${MAX_DIVIDER} (exchange every n-th bus cycle)`) : 1;
    if (name === undefined || divider === undefined) return;
    const before = seen.get(name);
    if (before !== undefined) {
      ctx.error(sub(p, 'name'), n, `domain "${name}" is already defined at ${before}`);
      return;
    }
    seen.set(name, p);
    out.push({ name, divider });
  });
  return out;
}

/** `path (line L)` when the position is known: for messages that name a second place. */
function place(ctx: Ctx, path: string): string {
  return placeOf(ctx.positions, path);
}

interface Placed<T> {
  value: T;
  path: string;
}

function crossCheck(ctx: Ctx, slaves: Placed<SlaveOutline>[], variables: Placed<VariableConfig>[], domainNames: string[]): void {
  // Slave names and addresses.
  const names = new Map<string, string>();
  const addresses = new Map<string, string>();
  for (const { value: s, path: p } of slaves) {
    if (s.name !== undefined) {
      const n = names.get(s.name);
      if (n !== undefined) ctx.errorAt(sub(p, 'name'), `slave name "${s.name}" is already used by ${place(ctx, n)}; slave names must be unique`);
      else names.set(s.name, p);
    }
    if (s.alias === undefined || s.position === undefined) continue;
    const key = `${s.alias}:${s.position}`;
    const a = addresses.get(key);
    const what = s.alias === 0 ? `position ${s.position}` : `alias ${s.alias} position ${s.position}`;
    if (a !== undefined) ctx.errorAt(p, `${what} is already configured by ${place(ctx, a)}; each slave can be configured once`);
    else addresses.set(key, p);
  }

  // Variables: unique names across the bus, known slaves and domains.
  const seen = new Map<string, string>();
  const check = (v: VariableConfig, path: string): void => {
    const before = seen.get(v.name);
    if (before !== undefined) {
      ctx.errorAt(sub(path, 'name'), `variable name "${v.name}" is already used by ${place(ctx, before)}; variable names must be unique across the bus`);
    } else seen.set(v.name, path);
    if (v.domain !== undefined && domainNames.length > 0 && !domainNames.includes(v.domain)) {
      ctx.errorAt(sub(path, 'domain'), `unknown domain "${v.domain}"${didYouMean(v.domain, domainNames)}; defined domains: ${domainNames.join(', ')}`);
    }
  };
  for (const { value: s } of slaves) for (const v of s.variables) check(v.value, v.path);
  const all = slaves.flatMap((s) => (s.value.name === undefined ? [] : [s.value.name]));
  for (const { value: v, path } of variables) {
    check(v, path);
    if (v.slave !== undefined && !names.has(v.slave)) {
      ctx.errorAt(sub(path, 'slave'), `unknown slave "${v.slave}"${didYouMean(v.slave, all)}; slaves: ${all.join(', ') || '(none)'}`);
    }
  }
}

/** Read the whole document. Errors are in `ctx.issues`; the result is only complete if there are none. */
export function readBusConfig(ctx: Ctx, root: SrcNode): BusConfig {
  const config: BusConfig = { master: 0, cycleTime: 1_000_000, domains: [], slaves: [], variables: [] };
  const map = asMap(ctx.issues, root, '', 'a mapping with cycleTime, slaves and variables');
  if (!map) return config;
  const f = ctx.fields(map, '', ['version', 'description', 'master', 'cycleTime', 'domains', 'slaves', 'variables']);
  let v: SrcNode | undefined;
  if ((v = f('version'))) readInt(ctx.issues, v, 'version', 1, 1, 'version 1 (the only format version so far)');
  if ((v = f('description'))) readString(ctx.issues, v, 'description', 10000);
  if ((v = f('master'))) config.master = readInt(ctx.issues, v, 'master', 0, 31, 'a master index 0..31 (/dev/EtherCAT<n>)') ?? 0;
  if ((v = f('cycleTime'))) {
    const ns = readDuration(ctx, v, 'cycleTime', { min: MIN_CYCLE_NS, max: MAX_CYCLE_NS, range: '125us..100ms' });
    if (typeof ns === 'number') config.cycleTime = ns;
  } else ctx.error('', map, 'missing "cycleTime" (the bus cycle, 125us..100ms, e.g. 1ms)');
  if ((v = f('domains'))) {
    config.domains = readDomains(ctx, v, 'domains');
    if (v.kind === 'seq' && v.items.length === 0) ctx.error('domains', v, `expected at least one domain (leave "domains" out for a single domain "${DEFAULT_DOMAIN}")`);
  } else config.domains = [{ name: DEFAULT_DOMAIN, divider: 1 }];
  const slaves: Placed<SlaveOutline>[] = [];
  if ((v = f('slaves'))) {
    const seq = asSeq(ctx.issues, v, 'slaves', 'a list of slaves');
    seq?.items.forEach((it, i) => {
      const path = item('slaves', i);
      const { slave, outline } = readSlave(ctx, it, path, i);
      if (slave) config.slaves.push(slave);
      slaves.push({ value: outline, path });
    });
    if (seq && seq.items.length === 0) ctx.error('slaves', v, 'expected at least one slave');
  } else ctx.error('', map, 'missing "slaves" (the list of slaves on the bus)');
  const variables: Placed<VariableConfig>[] = [];
  if ((v = f('variables'))) {
    const seq = asSeq(ctx.issues, v, 'variables', 'a list of variables');
    // Read item by item so each keeps its own path even when an earlier one has errors.
    seq?.items.forEach((it, k) => {
      const path = item('variables', k);
      const one = readVariable(ctx, it, path, true);
      if (one) variables.push({ value: one, path });
    });
  }
  crossCheck(ctx, slaves, variables, config.domains.map((d) => d.name));
  config.variables = variables.map((x) => x.value);
  return config;
}
