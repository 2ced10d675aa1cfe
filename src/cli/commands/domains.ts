// SPDX-License-Identifier: MIT
// `ecat domains [-v] [-d N]`: the application's domains; with -v their FMMUs and process data.
import { FmmuRangeError, domainsJson, formatDomains } from '../../format/domains.js';
import { failure } from '../errors.js';
import { collectDomain } from '../collect.js';
import { selectDomains } from '../select.js';
import type { CommandSpec } from '../spec.js';

export const domainsCommand: CommandSpec = {
  name: 'domains',
  summary: 'Show configured domains.',
  details: [
    'One line per domain:',
    '  Domain0: LogBaseAddr 0x00000000, Size   6, WorkingCounter 0/1',
    'the logical base address, the size in bytes, and the working counter sum of the last cycle',
    'against the expected sum. With --verbose, the FMMUs and current process data (hex) follow.',
  ].join('\n'),
  args: [],
  options: ['domain', 'verbose'],
  optionHelp: { verbose: 'show FMMUs and process data' },
  examples: ['ecat domains', 'ecat domains -v -d 0', 'ecat --json domains -v'],
  async run(ctx, _args, opts) {
    const { list, devices } = await ctx.withMaster('read', (m) => ({
      list: selectDomains(m, opts.domain, 'domains').map((d) => collectDomain(m, d, !!opts.verbose)),
      devices: m.master().devices.length,
    }));
    if (ctx.json) {
      ctx.outJson(domainsJson(list, ctx.masterIndex, devices));
      return;
    }
    try {
      ctx.out(formatDomains(list, { devices, verbose: !!opts.verbose }));
    } catch (err) {
      if (err instanceof FmmuRangeError) throw failure(err.message, 'FMMU_CORRUPT');
      throw err;
    }
  },
};
