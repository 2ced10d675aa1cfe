// SPDX-License-Identifier: MIT
// `ecat alias -p POS [-f] ALIAS`: write the station alias into the slave's SII (word 4, with the
// checksum in word 7 recomputed). Writing several slaves at once needs --force. The master takes
// the new alias over at once (IgH does so when word 4 is written); `sii_read` shows the written
// words after `ecat rescan`.
import { withAlias } from '../../format/sii.js';
import { UsageError, failure } from '../errors.js';
import { parseUnsigned } from '../numbers.js';
import { selectSlaves } from '../select.js';
import { arg, type CommandSpec } from '../spec.js';

export const aliasCommand: CommandSpec = {
  name: 'alias',
  summary: 'Write alias addresses.',
  details: 'ALIAS is an unsigned 16 bit number; 0 removes the alias. If several slaves are selected, --force is required.',
  args: [arg('alias', 'new alias address (0 removes it)')],
  options: ['alias', 'position', 'force'],
  optionHelp: { force: 'acknowledge writing the alias of several slaves' },
  examples: ['ecat alias -p 2 1001', 'ecat alias -p 2 0'],
  async run(ctx, args, opts) {
    const alias = parseUnsigned(args[0] ?? '', 'alias', 0xffff, 'alias');
    const positions = await ctx.withMaster('write', (m) => {
      const slaves = selectSlaves(m, opts, 'alias');
      if (slaves.length > 1 && !opts.force) {
        throw new UsageError(
          `This would write alias ${alias} to ${slaves.length} slaves. Select one slave with -p POSITION, or add --force.`,
          'alias',
        );
      }
      if (slaves.length === 0) throw failure('The bus has no slaves.', 'NO_SUCH_SLAVE');
      for (const s of slaves) {
        if (s.siiNwords < 8) {
          throw failure(`The SII of slave ${s.position} is too small to hold an alias (${s.siiNwords} words).`, 'SII_TOO_SMALL');
        }
        const head = m.siiRead(s.position, 0, 8);
        m.siiWrite(s.position, 0, withAlias(head, alias));
      }
      return slaves.map((s) => s.position);
    });
    if (ctx.json) ctx.outJson({ alias, slaves: positions });
  },
};
