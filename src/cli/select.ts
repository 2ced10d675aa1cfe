// SPDX-License-Identifier: MIT
// Slave, domain and configuration selection with the `ethercat` tool's rules:
//   no -a/-p: all slaves; -p only: absolute ring positions; -a only: the slave(s) with that alias
//   and the slaves following it up to the next aliased slave; -a and -p: positions relative to
//   the aliased slave. -p/-a/-d accept lists ("1,3-5"). Unlike the tool, an explicit selection
//   that matches nothing is an error that says what the bus has, instead of silent empty output.
import type { NativeConfigInfo, NativeMaster, NativeSlaveInfo } from '../binding/native.js';
import { UsageError, failure } from './errors.js';
import { parseNumberList } from './numbers.js';

export interface SlaveSelection {
  alias?: string | undefined;
  position?: string | undefined;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function describeCount(count: number): string {
  if (count === 0) return 'the bus has no slaves';
  if (count === 1) return 'the bus has 1 slave (position 0)';
  return `the bus has ${count} slaves (positions 0-${count - 1})`;
}

/** The slaves an alias addresses: from the slave carrying it up to the next slave with another alias. */
export function aliasGroup(all: readonly NativeSlaveInfo[], alias: number): NativeSlaveInfo[] {
  const group: NativeSlaveInfo[] = [];
  let last = 0;
  for (const s of all) {
    if (s.alias) {
      if (last && last === alias && s.alias !== alias) break; // a repeated alias later on is ignored
      last = s.alias;
    }
    if (last === alias) group.push(s);
  }
  return group;
}

/** The slaves a -a/-p selection matches, in selection order. `known`: all slaves, if already read. */
export function selectSlaves(
  m: NativeMaster,
  sel: SlaveSelection,
  command: string,
  known?: readonly NativeSlaveInfo[],
): NativeSlaveInfo[] {
  const count = known ? known.length : m.master().slaveCount;
  const posText = sel.position ?? '-';
  if (sel.alias === undefined) {
    const wanted = parseNumberList(posText, 'position', () => count - 1, command);
    const picked = wanted.filter((p) => p < count);
    if (picked.length === 0 && sel.position !== undefined) {
      const what = wanted.length === 1 ? `No slave at position ${wanted[0]}` : `No slave matches positions '${posText}'`;
      throw failure(`${what}: ${describeCount(count)}.`, 'NO_SUCH_SLAVE', `Run 'ecat slaves' to list the bus.`);
    }
    return picked.map((p) => known?.[p] ?? m.slave(p));
  }

  const all = known ? [...known] : range(count).map((p) => m.slave(p));
  const used = [...new Set(all.map((s) => s.alias).filter((a) => a !== 0))];
  const maxAlias = used.length ? Math.max(...used) : -1;
  const aliases = parseNumberList(sel.alias, 'alias', () => maxAlias, command);
  const out: NativeSlaveInfo[] = [];
  let lastGroup: NativeSlaveInfo[] = [];
  for (const a of aliases) {
    const group = aliasGroup(all, a);
    lastGroup = group;
    for (const r of parseNumberList(posText, 'position', () => group.length - 1, command)) {
      const s = group[r];
      if (s) out.push(s);
    }
  }
  if (out.length === 0) {
    const inUse = used.length ? `aliases in use: ${used.join(', ')}` : 'no slave has an alias set';
    if (aliases.length === 1 && lastGroup.length > 0) {
      throw failure(
        `No slave at position ${posText} behind alias ${aliases[0]}: that alias addresses ${lastGroup.length} slave${lastGroup.length === 1 ? '' : 's'} (relative positions 0-${lastGroup.length - 1}).`,
        'NO_SUCH_SLAVE',
        `Run 'ecat slaves' to see aliases and relative positions (column alias:position).`,
      );
    }
    const what = aliases.length === 1 ? `No slave with alias ${aliases[0]}` : `No slave matches aliases '${sel.alias}'`;
    throw failure(`${what} on the bus (${inUse}).`, 'NO_SUCH_SLAVE', `Run 'ecat slaves' to list the bus.`);
  }
  return out;
}

/** Commands that act on one slave: exactly one must be selected. */
export function requireSingleSlave(slaves: NativeSlaveInfo[], m: NativeMaster, command: string): NativeSlaveInfo {
  const [first] = slaves;
  if (slaves.length === 1 && first) return first;
  if (slaves.length === 0) {
    throw failure(`'${command}' needs a slave, but ${describeCount(m.master().slaveCount)}.`, 'NO_SUCH_SLAVE');
  }
  throw new UsageError(
    `The slave selection matches ${slaves.length} slaves. '${command}' requires a single slave: select one with -p POSITION (or -a ALIAS).`,
    command,
  );
}

/** Domain indices a -d list selects (all without -d). */
export function selectDomains(m: NativeMaster, domainText: string | undefined, command: string): number[] {
  const count = m.master().domainCount;
  const wanted = parseNumberList(domainText ?? '-', 'domain', () => count - 1, command);
  const picked = wanted.filter((d) => d < count);
  if (picked.length === 0 && domainText !== undefined) {
    const has = count === 0 ? 'the master has no domains (no application has activated it)' : `the master has ${count} domain${count === 1 ? '' : 's'} (0-${count - 1})`;
    throw failure(`No domain ${wanted.length === 1 ? wanted[0] : `matches '${domainText}'`}: ${has}.`, 'NO_SUCH_DOMAIN');
  }
  return picked;
}

/**
 * Slave configurations a -a/-p selection picks, sorted by alias and position as the tool sorts
 * them. Here -p is the position relative to the alias (alias 0 = absolute), and -p alone applies
 * to every alias.
 */
export function selectConfigs(m: NativeMaster, sel: SlaveSelection, command: string): NativeConfigInfo[] {
  const count = m.master().configCount;
  const all = range(count).map((i) => m.config(i));
  let out: NativeConfigInfo[];
  if (sel.alias === undefined && sel.position === undefined) {
    out = all;
  } else {
    const maxAlias = all.reduce((mx, c) => Math.max(mx, c.alias), 0);
    const aliases = parseNumberList(sel.alias ?? '-', 'alias', () => maxAlias, command);
    out = [];
    for (const a of aliases) {
      const withAlias = all.filter((c) => c.alias === a);
      if (withAlias.length === 0) continue;
      const maxPos = withAlias.reduce((mx, c) => Math.max(mx, c.position), -1);
      for (const p of parseNumberList(sel.position ?? '-', 'position', () => maxPos, command)) {
        const c = withAlias.find((x) => x.position === p);
        if (c) out.push(c);
      }
    }
    if (out.length === 0) {
      throw failure(
        `No slave configuration matches${sel.alias !== undefined ? ` alias ${sel.alias}` : ''}${sel.position !== undefined ? ` position ${sel.position}` : ''}: the master has ${count} configuration${count === 1 ? '' : 's'}.`,
        'NO_SUCH_CONFIG',
        `Run 'ecat config' to list them.`,
      );
    }
  }
  return [...out].sort((a, b) => a.alias - b.alias || a.position - b.position);
}
