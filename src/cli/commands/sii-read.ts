// SPDX-License-Identifier: MIT
// `ecat sii_read -p POS [-v]`: the slave's SII (EEPROM) contents: raw binary on stdout (redirect
// it into a file), or with -v the fixed area and each category as hex.
import { SiiFormatError, formatSiiVerbose, siiJson } from '../../format/sii.js';
import { failure } from '../errors.js';
import { requireSingleSlave, selectSlaves } from '../select.js';
import type { CommandSpec } from '../spec.js';

export const siiReadCommand: CommandSpec = {
  name: 'sii_read',
  summary: "Output a slave's SII contents.",
  details: 'Requires a single slave. Without --verbose the binary SII image goes to standard output; with --verbose a hex listing by SII category.',
  args: [],
  options: ['alias', 'position', 'verbose'],
  optionHelp: { verbose: 'hex listing with SII category names instead of binary' },
  examples: ['ecat sii_read -p 3 > slave3.sii', 'ecat sii_read -p 3 -v', 'ecat --json sii_read -p 3'],
  async run(ctx, _args, opts) {
    const read = await ctx.withMaster('read', (m) => {
      const slave = requireSingleSlave(selectSlaves(m, opts, 'sii_read'), m, 'sii_read');
      const data = slave.siiNwords ? m.siiRead(slave.position, 0, slave.siiNwords) : Buffer.alloc(0);
      return { position: slave.position, data };
    });
    try {
      if (ctx.json) ctx.outJson(siiJson(read.data, read.position, true));
      else ctx.out(opts.verbose ? formatSiiVerbose(read.data) : read.data);
    } catch (err) {
      if (err instanceof SiiFormatError) {
        throw failure(err.message, 'SII_CORRUPT', 'Read the raw image without -v (or --json) to inspect it.');
      }
      throw err;
    }
  },
};
