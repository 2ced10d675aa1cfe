// SPDX-License-Identifier: MIT
// `ecat rescan`: make the master scan the bus again. The master then reads every slave anew, its
// SII included, which is how aliases and SII words written with `alias`/`sii_write` reach the
// slave information. Prints nothing, like the tool.
import type { CommandSpec } from '../spec.js';

export const rescanCommand: CommandSpec = {
  name: 'rescan',
  summary: 'Rescan the bus.',
  details:
    'The master forgets what it knows of the slaves and scans the bus again, re-reading every SII. The IgH master scans in the background after the command returns; the virtual master has finished when it returns.',
  args: [],
  options: [],
  examples: ['ecat rescan', 'ecat -m 1 rescan'],
  async run(ctx) {
    await ctx.withMaster('write', (m) => m.rescan());
    if (ctx.json) ctx.outJson({ master: ctx.masterIndex, rescanRequested: true });
  },
};
