// SPDX-License-Identifier: MIT
// `ecat pdos [-p POS] [-a ALIAS] [-q] [-s SKIN]`: sync managers, PDO assignment and mapping per slave.
import { formatPdos, pdosJson } from '../../format/pdos.js';
import { formatEtherlab } from '../../format/pdos-etherlab.js';
import { UsageError } from '../errors.js';
import { collectSlavePdos } from '../collect.js';
import { selectSlaves } from '../select.js';
import type { CommandSpec } from '../spec.js';

export const pdosCommand: CommandSpec = {
  name: 'pdos',
  summary: 'List Sync managers, PDO assignment and mapping.',
  details: [
    'Three indented layers:',
    '  SM3: PhysAddr 0x1100, DefaultSize    0, ControlRegister 0x20, Enable 1',
    '    TxPDO 0x1a00 "Channel 1"          (Rx/Tx from the slave\'s point of view)',
    '      PDO entry 0x6000:01,  1 bit, "Input"',
    'The information comes from the SII or from the CoE communication area.',
    'The "etherlab" skin prints a template configuration for EtherLab\'s generic slave block.',
  ].join('\n'),
  args: [],
  options: ['alias', 'position', 'quiet', 'skin'],
  optionHelp: { quiet: 'list PDOs only, without their entries', skin: 'output skin: default or etherlab' },
  examples: ['ecat pdos', 'ecat pdos -p 3', 'ecat pdos -p 3 -s etherlab', 'ecat --json pdos -a 5'],
  async run(ctx, _args, opts) {
    const skin = opts.skin ?? 'default';
    if (skin !== 'default' && skin !== 'etherlab') throw new UsageError(`Invalid skin '${skin}': expected default or etherlab.`, 'pdos');
    const list = await ctx.withMaster('read', (m) => selectSlaves(m, opts, 'pdos').map((s) => collectSlavePdos(m, s)));
    if (ctx.json) ctx.outJson(pdosJson(list, ctx.masterIndex));
    else if (skin === 'etherlab') ctx.out(formatEtherlab(list, ctx.masterIndex));
    else ctx.out(formatPdos(list, { masterIndex: ctx.masterIndex, quiet: !!opts.quiet }));
  },
};
