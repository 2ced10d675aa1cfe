// SPDX-License-Identifier: MIT
// The shared CLI layer: number arguments, selection lists, slave/domain/config selection with
// the tool's rules, and the argument pre-pass (abbreviations, options before the command).
import { describe, expect, it } from 'vitest';
import { EtherCATError } from '../../src/binding/errors.js';
import { normalizeArgv, resolveCommand } from '../../src/cli/argv.js';
import { UsageError } from '../../src/cli/errors.js';
import { parseNumberList, parseUnsigned } from '../../src/cli/numbers.js';
import { aliasGroup, requireSingleSlave, selectConfigs, selectDomains, selectSlaves } from '../../src/cli/select.js';
import { testBus } from '../fixtures/cli/bus.js';
import { createFakeMaster } from '../fixtures/cli/fake-master.js';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('parseUnsigned', () => {
  it('accepts decimal, 0x hex and 0-prefixed octal', () => {
    expect(parseUnsigned('4096', 'SDO index', 0xffff)).toBe(4096);
    expect(parseUnsigned('0x1018', 'SDO index', 0xffff)).toBe(0x1018);
    expect(parseUnsigned('010', 'x', 0xff)).toBe(8);
  });
  it('explains bad, negative and too large values as usage errors', () => {
    const bad = thrown(() => parseUnsigned('0x10g', 'SDO index', 0xffff, 'upload'));
    expect(bad).toBeInstanceOf(UsageError);
    expect(bad.message).toBe("Invalid SDO index '0x10g': expected a number (decimal, 0x hex or 0-prefixed octal).");
    expect((bad as UsageError).command).toBe('upload');
    expect(thrown(() => parseUnsigned('-1', 'alias', 0xffff)).message).toBe("Invalid alias '-1': must not be negative (0..0xffff).");
    expect(thrown(() => parseUnsigned('256', 'SDO subindex', 0xff)).message).toBe("Invalid SDO subindex '256': out of range (0..0xff).");
  });
});

describe('parseNumberList', () => {
  const max = (n: number) => () => n;
  it('reads lists and ranges as the tool does', () => {
    expect(parseNumberList('3', 'p', max(9))).toEqual([3]);
    expect(parseNumberList('1,3-5', 'p', max(9))).toEqual([1, 3, 4, 5]);
    expect(parseNumberList('-3', 'p', max(9))).toEqual([0, 1, 2, 3]);
    expect(parseNumberList('7-', 'p', max(9))).toEqual([7, 8, 9]);
    expect(parseNumberList('-', 'p', max(2))).toEqual([0, 1, 2]);
    expect(parseNumberList('5-3', 'p', max(9))).toEqual([3, 4, 5]);
    expect(parseNumberList('-', 'p', max(-1))).toEqual([]);
    expect(parseNumberList('010', 'p', max(20))).toEqual([10]); // decimal, as in the tool
    expect(parseNumberList('0x10', 'p', max(20))).toEqual([16]);
  });
  it('rejects other characters', () => {
    expect(thrown(() => parseNumberList('1;2', 'position', max(9), 'slaves')).message).toBe(
      "Invalid position '1;2': expected a number or a list such as 1,3-5.",
    );
  });
});

describe('slave selection', () => {
  const m = () => createFakeMaster(testBus());
  const positions = (sel: { alias?: string; position?: string }) => selectSlaves(m(), sel, 'slaves').map((s) => s.position);

  it('selects all, absolute positions, alias groups and positions behind an alias', () => {
    expect(positions({})).toEqual([0, 1, 2, 3, 4]);
    expect(positions({ position: '3' })).toEqual([3]);
    expect(positions({ position: '1,3-4' })).toEqual([1, 3, 4]);
    expect(positions({ alias: '5' })).toEqual([3, 4]);
    expect(positions({ alias: '5', position: '1' })).toEqual([4]);
    expect(positions({ alias: '0' })).toEqual([0, 1, 2]);
    expect(positions({ position: '3-9' })).toEqual([3, 4]); // partly beyond the bus: the rest
  });

  it('stops an alias group at the next aliased slave', () => {
    const bus = testBus();
    const infos = bus.slaves.map((s) => s.info);
    const second = infos[4];
    if (!second) throw new Error('fixture');
    second.alias = 9;
    expect(aliasGroup(infos, 5).map((s) => s.position)).toEqual([3]);
    expect(aliasGroup(infos, 9).map((s) => s.position)).toEqual([4]);
  });

  it('says how many slaves there are when a position matches none', () => {
    const e = thrown(() => positions({ position: '7' }));
    expect(e).toBeInstanceOf(EtherCATError);
    expect((e as EtherCATError).code).toBe('NO_SUCH_SLAVE');
    expect(e.message).toBe('No slave at position 7: the bus has 5 slaves (positions 0-4).');
    const empty = testBus();
    empty.slaves = [];
    expect(thrown(() => selectSlaves(createFakeMaster(empty), { position: '0' }, 'slaves')).message).toBe(
      'No slave at position 0: the bus has no slaves.',
    );
  });

  it('lists the aliases in use when an alias matches none', () => {
    expect(thrown(() => positions({ alias: '7' })).message).toBe('No slave with alias 7 on the bus (aliases in use: 5).');
    expect(thrown(() => positions({ alias: '5', position: '2' })).message).toBe(
      'No slave at position 2 behind alias 5: that alias addresses 2 slaves (relative positions 0-1).',
    );
  });

  it('requires exactly one slave for single-slave commands', () => {
    const master = m();
    const all = selectSlaves(master, {}, 'upload');
    const e = thrown(() => requireSingleSlave(all, master, 'upload'));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toBe("The slave selection matches 5 slaves. 'upload' requires a single slave: select one with -p POSITION (or -a ALIAS).");
    expect(requireSingleSlave(all.slice(2, 3), master, 'upload').position).toBe(2);
  });
});

describe('domain and config selection', () => {
  it('selects domains and explains a missing one', () => {
    const master = createFakeMaster(testBus());
    expect(selectDomains(master, undefined, 'domains')).toEqual([0]);
    expect(thrown(() => selectDomains(master, '3', 'domains')).message).toBe('No domain 3: the master has 1 domain (0-0).');
    const idle = testBus();
    idle.domains = [];
    expect(selectDomains(createFakeMaster(idle), undefined, 'domains')).toEqual([]);
  });

  it('selects configurations by alias and relative position, sorted', () => {
    const master = createFakeMaster(testBus());
    expect(selectConfigs(master, {}, 'config').map((c) => `${c.alias}:${c.position}`)).toEqual(['0:9', '5:0']);
    expect(selectConfigs(master, { alias: '5' }, 'config').map((c) => c.index)).toEqual([0]);
    expect(selectConfigs(master, { position: '9' }, 'config').map((c) => c.index)).toEqual([1]);
    expect((thrown(() => selectConfigs(master, { alias: '7' }, 'config')) as EtherCATError).code).toBe('NO_SUCH_CONFIG');
  });
});

describe('command abbreviations', () => {
  const names = ['alias', 'config', 'crc', 'cstruct', 'domains', 'download', 'reg_read', 'reg_write', 'sdos', 'sii_read', 'sii_write', 'slaves', 'states', 'upload'];
  it('resolves exact names, unique prefixes, then letters in order', () => {
    expect(resolveCommand('slaves', names)).toBe('slaves');
    expect(resolveCommand('sl', names)).toBe('slaves');
    expect(resolveCommand('up', names)).toBe('upload');
    expect(resolveCommand('cs', names)).toBe('cstruct');
    expect(resolveCommand('rrd', names)).toBe('reg_read');
    expect(resolveCommand('dl', names)).toBe('download');
  });
  it('refuses ambiguous and unknown words, suggesting a close name', () => {
    expect(thrown(() => resolveCommand('s', names)).message).toMatch(/^Ambiguous command abbreviation 's': matches sdos, sii_read, sii_write, slaves, states\./);
    expect(thrown(() => resolveCommand('slavse', names)).message).toBe("Unknown command 'slavse'. Did you mean 'slaves'?");
    expect(thrown(() => resolveCommand('xyzzy', names)).message).toBe("Unknown command 'xyzzy'.");
  });
});

describe('argument pre-pass', () => {
  const names = ['upload', 'slaves', 'download'];
  it('moves command options that precede the command behind it, keeps program options', () => {
    expect(normalizeArgv(['-p', '3', '--json', 'up', '0x1018', '1'], names).argv).toEqual(['--json', 'upload', '-p', '3', '0x1018', '1']);
    expect(normalizeArgv(['-m', '1', '-v', 'sl'], names).argv).toEqual(['-m', '1', 'slaves', '-v']);
    expect(normalizeArgv(['-p3', '--sim=x.yaml', 'slaves'], names).argv).toEqual(['--sim=x.yaml', 'slaves', '-p3']);
  });
  it('keeps option values that look like numbers or lists, and arguments after --', () => {
    expect(normalizeArgv(['-p', '-3', 'slaves'], names).argv).toEqual(['slaves', '-p', '-3']);
    expect(normalizeArgv(['download', '-t', 'int16', '0x2000', '0', '--', '-5'], names).argv).toEqual(['download', '-t', 'int16', '0x2000', '0', '--', '-5']);
  });
  it('notices --json and --help anywhere before --', () => {
    const n = normalizeArgv(['slaves', '--json'], names);
    expect([n.json, n.help, n.command]).toEqual([true, false, 'slaves']);
    expect(normalizeArgv(['--help'], names)).toMatchObject({ help: true, command: undefined });
    expect(normalizeArgv(['download', '--', '--json'], names).json).toBe(false);
  });
});
