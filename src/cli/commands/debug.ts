// SPDX-License-Identifier: MIT
// `ecat debug LEVEL`: set the master's debug level. The IgH master writes its debug messages to
// the kernel log; the virtual master keeps the level only. Prints nothing, like the tool.
import { parseInteger } from '../../coe/datatypes.js';
import { UsageError } from '../errors.js';
import { arg, type CommandSpec } from '../spec.js';

const MAX_LEVEL = 2; // the kernel master refuses higher levels with EINVAL

export const debugCommand: CommandSpec = {
  name: 'debug',
  summary: "Set the master's debug level.",
  details:
    'LEVEL is 0 (no debug output), 1 (some debug messages) or 2 (also the contents of every frame: a lot of output, use with care). The IgH master writes the messages to the kernel log.',
  args: [arg('level', '0, 1 or 2')],
  options: [],
  examples: ['ecat debug 1', 'ecat debug 0'],
  async run(ctx, args) {
    const text = args[0] ?? '';
    // Checked here rather than left to the kernel's EINVAL, so the user learns what is allowed.
    const v = parseInteger(text);
    if (v === undefined || v < 0n || v > BigInt(MAX_LEVEL)) {
      throw new UsageError(`Invalid debug level '${text}': expected 0, 1 or 2.`, 'debug');
    }
    const level = Number(v);
    await ctx.withMaster('write', (m) => m.setDebugLevel(level));
    if (ctx.json) ctx.outJson({ master: ctx.masterIndex, level });
  },
};
