// SPDX-License-Identifier: MIT
// `ecat data [-d N]`: the raw process data of the selected domains, back to back, as binary on
// stdout (redirect it, or pipe it into a hex dumper), as the `ethercat` tool does.
import { hex0x, hexBytes } from '../../format/text.js';
import { selectDomains } from '../select.js';
import type { CommandSpec } from '../spec.js';

export const dataCommand: CommandSpec = {
  name: 'data',
  summary: 'Output binary domain process data.',
  details: 'The process data of the selected domains (all without -d) is written to standard output without separators.',
  args: [],
  options: ['domain'],
  examples: ['ecat data -d 0 | xxd', 'ecat --json data'],
  async run(ctx, _args, opts) {
    const domains = await ctx.withMaster('read', (m) =>
      selectDomains(m, opts.domain, 'data').map((index) => {
        const d = m.domain(index);
        return { index, logicalBaseAddress: d.logicalBaseAddress, data: d.dataSize ? m.domainData(index, d.dataSize) : Buffer.alloc(0) };
      }),
    );
    if (ctx.json) {
      ctx.outJson({
        master: ctx.masterIndex,
        domains: domains.map((d) => ({
          index: d.index,
          logicalBaseAddress: d.logicalBaseAddress,
          logicalBaseAddressHex: hex0x(d.logicalBaseAddress, 8),
          size: d.data.length,
          data: hexBytes(d.data),
        })),
      });
      return;
    }
    for (const d of domains) if (d.data.length) ctx.out(d.data);
  },
};
