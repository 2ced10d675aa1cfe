// SPDX-License-Identifier: MIT
// `ecat cstruct [-p POS] [-a ALIAS]`: C arrays of the slaves' PDO layout for ecrt_slave_config_pdos().
import { formatCStruct } from '../../format/cstruct.js';
import { pdosJson } from '../../format/pdos.js';
import { collectSlavePdos } from '../collect.js';
import { selectSlaves } from '../select.js';
import type { CommandSpec } from '../spec.js';

export const cstructCommand: CommandSpec = {
  name: 'cstruct',
  summary: 'Generate slave PDO information in C language.',
  details: 'The C code can be used directly with ecrt_slave_config_pdos() of the IgH application interface. --json gives the same data as `ecat pdos --json`.',
  args: [],
  options: ['alias', 'position'],
  examples: ['ecat cstruct -p 1', 'ecat cstruct > pdos.c'],
  async run(ctx, _args, opts) {
    const list = await ctx.withMaster('read', (m) => selectSlaves(m, opts, 'cstruct').map((s) => collectSlavePdos(m, s)));
    if (ctx.json) ctx.outJson(pdosJson(list, ctx.masterIndex));
    else ctx.out(formatCStruct(list, ctx.masterIndex));
  },
};
