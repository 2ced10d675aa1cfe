// SPDX-License-Identifier: MIT
// `ecat master`: master phase, Ethernet devices with frame statistics, and DC times.
import { formatMaster, masterJson } from '../../format/master.js';
import type { CommandSpec } from '../spec.js';

export const masterCommand: CommandSpec = {
  name: 'master',
  summary: 'Show master and Ethernet device information.',
  args: [],
  options: [],
  examples: ['ecat master', 'ecat -m 1 master', 'ecat --json master'],
  async run(ctx) {
    const info = await ctx.withMaster('read', (m) => m.master());
    if (ctx.json) ctx.outJson(masterJson(info, ctx.masterIndex));
    else ctx.out(formatMaster(info, ctx.masterIndex));
  },
};
