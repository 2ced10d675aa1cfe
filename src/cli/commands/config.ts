// SPDX-License-Identifier: MIT
// `ecat config [-v] [-p POS] [-a ALIAS]`: the slave configurations the application made.
import { configsJson, formatConfigs } from '../../format/config.js';
import { collectConfig } from '../collect.js';
import { selectConfigs } from '../select.js';
import type { CommandSpec } from '../spec.js';

export const configCommand: CommandSpec = {
  name: 'config',
  summary: 'Show slave configurations.',
  details: [
    'Without --verbose, one line per configuration:',
    '',
    '  1001:0  0x0000003b/0x02010000  3  OP',
    '  |       |                      |  AL state of the attached slave, or -',
    '  |       |                      ring position of the attached slave, or -',
    '  |       expected vendor id and product code',
    '  alias and relative position',
    '',
    'With --verbose, the configured PDOs, SDOs, IDNs, flags and DC settings as well.',
    'Selection: -a ALIAS selects the configurations with that alias; -p POS the relative position.',
  ].join('\n'),
  args: [],
  options: ['alias', 'position', 'verbose'],
  optionHelp: { alias: 'configuration alias', position: 'position relative to the alias', verbose: 'show detailed configurations' },
  examples: ['ecat config', 'ecat config -v -a 1001', 'ecat --json config'],
  async run(ctx, _args, opts) {
    const list = await ctx.withMaster('read', (m) => selectConfigs(m, opts, 'config').map((c) => collectConfig(m, c)));
    if (ctx.json) ctx.outJson(configsJson(list, ctx.masterIndex));
    else ctx.out(formatConfigs(list, !!opts.verbose));
  },
};
