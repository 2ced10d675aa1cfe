// SPDX-License-Identifier: MIT
// `ecat abi [ID]`: the IgH ioctl ABI tables compiled into the addon (request codes, struct
// sizes, access rules), for auditing them against the IgH headers. Text layout of our own.
import { abiJson, formatAbi } from '../../format/abi.js';
import { UsageError } from '../errors.js';
import { arg, type CommandSpec } from '../spec.js';

export const abiCommand: CommandSpec = {
  name: 'abi',
  summary: 'Show the IgH ioctl ABI tables this build knows.',
  details:
    'For each supported IgH ABI: its id, the module magic, the device count it was built for, every ioctl request (number, code, direction, argument size, access rule W=writable fd, R=reserved master) and every argument struct with its size.',
  args: [arg('id', 'only this ABI (e.g. 1.6); default all', false)],
  options: [],
  examples: ['ecat abi', 'ecat abi 1.6', 'ecat --json abi | jq \'.abis[].magic\''],
  async run(ctx, args) {
    let tables = await ctx.io.abiTables();
    const id = args[0];
    if (id !== undefined) {
      tables = tables.filter((t) => t.id === id);
      if (tables.length === 0) {
        const ids = (await ctx.io.abiTables()).map((t) => t.id);
        throw new UsageError(`Unknown ABI '${id}'. Known ABIs: ${ids.join(', ')}.`, 'abi');
      }
    }
    if (ctx.json) ctx.outJson(abiJson(tables));
    else ctx.out(formatAbi(tables));
  },
};
