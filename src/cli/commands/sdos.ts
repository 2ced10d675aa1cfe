// SPDX-License-Identifier: MIT
// `ecat sdos [-p POS] [-a ALIAS] [-q]`: the CoE object dictionary of the selected slaves.
import { formatSdos, sdosJson } from '../../format/sdos.js';
import { collectSlaveSdos } from '../collect.js';
import { selectSlaves } from '../select.js';
import type { CommandSpec } from '../spec.js';

export const sdosCommand: CommandSpec = {
  name: 'sdos',
  summary: 'List SDO dictionaries.',
  details: [
    'Two indented layers:',
    '  SDO 0x1018, "Identity object"',
    '    0x1018:01, r-r-r-, uint32, 32 bit, "Vendor id"',
    "Access rights for PREOP, SAFEOP and OP: 'r' readable, 'w' writable, '-' not granted.",
    'Unknown data types show as "type XXXX" (hex code).',
  ].join('\n'),
  args: [],
  options: ['alias', 'position', 'quiet'],
  optionHelp: { quiet: 'only list the SDOs, not their entries' },
  examples: ['ecat sdos -p 1', 'ecat sdos -q', 'ecat --json sdos -p 1'],
  async run(ctx, _args, opts) {
    const list = await ctx.withMaster('read', (m) => selectSlaves(m, opts, 'sdos').map((s) => collectSlaveSdos(m, s, !opts.quiet)));
    if (ctx.json) ctx.outJson(sdosJson(list, ctx.masterIndex, !!opts.quiet));
    else ctx.out(formatSdos(list, { masterIndex: ctx.masterIndex, quiet: !!opts.quiet }));
  },
};
