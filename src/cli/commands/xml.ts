// SPDX-License-Identifier: MIT
// `ecat xml [-p POS] [-a ALIAS]`: EtherCATInfo-style XML of the slaves' current PDO layout.
import { pdosJson } from '../../format/pdos.js';
import { formatXml } from '../../format/xml.js';
import { collectSlavePdos } from '../collect.js';
import { selectSlaves } from '../select.js';
import type { CommandSpec } from '../spec.js';

export const xmlCommand: CommandSpec = {
  name: 'xml',
  summary: 'Generate slave information XML.',
  details: 'The PDO information comes from the SII or from the CoE communication area; for slaves with configurable PDOs it reflects the last configuration. --json gives the same data as `ecat pdos --json`.',
  args: [],
  options: ['alias', 'position'],
  examples: ['ecat xml -p 2 > slave2.xml', 'ecat xml'],
  async run(ctx, _args, opts) {
    const list = await ctx.withMaster('read', (m) => selectSlaves(m, opts, 'xml').map((s) => collectSlavePdos(m, s)));
    if (ctx.json) ctx.outJson(pdosJson(list, ctx.masterIndex));
    else ctx.out(formatXml(list));
  },
};
