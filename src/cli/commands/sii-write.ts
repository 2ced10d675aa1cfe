// SPDX-License-Identifier: MIT
// `ecat sii_write -p POS [-f] FILE`: write an SII image to the slave's EEPROM. The image is
// checked first (size, checksum, category chain) unless --force.
import { checkSiiImage } from '../../format/sii.js';
import { UsageError, failure } from '../errors.js';
import { requireSingleSlave, selectSlaves } from '../select.js';
import { arg, type CommandSpec } from '../spec.js';

export const siiWriteCommand: CommandSpec = {
  name: 'sii_write',
  summary: 'Write SII contents to a slave.',
  details: "Requires a single slave. FILE ('-' for standard input) must hold a positive, even number of bytes. The contents are checked for validity (size, checksum, category chain) unless --force is given.",
  args: [arg('file', "SII image file, or '-' for standard input")],
  options: ['alias', 'position', 'force'],
  optionHelp: { force: 'skip the validity checks' },
  examples: ['ecat sii_write -p 3 slave3.sii', 'ecat sii_write -p 3 -f patched.sii'],
  async run(ctx, args, opts) {
    const file = args[0] ?? '';
    let data: Buffer;
    try {
      data = file === '-' ? await ctx.io.readStdin() : await ctx.io.readFile(file);
    } catch (err) {
      throw failure(`Failed to open '${file}': ${(err as Error).message}`, 'FILE');
    }
    if (data.length === 0 || data.length % 2) {
      throw new UsageError(`Invalid SII data size ${data.length}: must be non-zero and even.`, 'sii_write');
    }
    if (!opts.force) {
      const problem = checkSiiImage(data);
      if (problem) throw failure(problem, 'SII_INVALID', 'Use --force to write anyway.');
    }
    const position = await ctx.withMaster('write', (m) => {
      const slave = requireSingleSlave(selectSlaves(m, opts, 'sii_write'), m, 'sii_write');
      m.siiWrite(slave.position, 0, data);
      return slave.position;
    });
    if (ctx.json) ctx.outJson({ position, words: data.length / 2 });
  },
};
