// SPDX-License-Identifier: MIT
// `ecat slaves [-v] [-p POS] [-a ALIAS]`: the slaves on the bus, one per line, or in detail.
import { formatSlaveList, formatSlavesVerbose, slaveRows, slavesJson } from '../../format/slaves.js';
import { allSlaves } from '../collect.js';
import { selectSlaves } from '../select.js';
import type { CommandSpec } from '../spec.js';

export const slavesCommand: CommandSpec = {
  name: 'slaves',
  summary: 'Display slaves on the bus.',
  details: [
    'Without --verbose, one line per slave:',
    '',
    '  1  5555:0  PREOP  +  EL3162 2C. Ana. Input 0-10V',
    '  |  |    |  |      |  name from the SII, else 0xVENDOR:0xPRODUCT',
    "  |  |    |  |      error flag: '+' ok, 'E' scan or configuration failed",
    '  |  |    |  AL state (+ERROR when the error indication is set)',
    '  |  |    position relative to the last slave with an alias',
    '  |  alias of this slave, or of the last aliased slave before it, or 0',
    '  absolute ring position',
    '',
    'Slave selection (all commands): no -a/-p selects all slaves; -p alone is the absolute ring',
    'position; -a alone selects the slave with that alias and the following slaves up to the next',
    'aliased one; -a with -p counts -p from the aliased slave. Lists like 1,3-5 are allowed.',
  ].join('\n'),
  args: [],
  options: ['alias', 'position', 'verbose'],
  optionHelp: { verbose: 'show detailed slave information' },
  examples: ['ecat slaves', 'ecat slaves -v -p 2', 'ecat slaves -a 1001', 'ecat --json slaves'],
  async run(ctx, _args, opts) {
    const rows = await ctx.withMaster('read', (m) => {
      const all = allSlaves(m);
      const picked = new Set(selectSlaves(m, opts, 'slaves', all).map((s) => s.position));
      return slaveRows(all).filter((r) => picked.has(r.slave.position));
    });
    if (ctx.json) ctx.outJson(slavesJson(rows, ctx.masterIndex));
    else ctx.out(opts.verbose ? formatSlavesVerbose(rows, ctx.masterIndex) : formatSlaveList(rows));
  },
};
