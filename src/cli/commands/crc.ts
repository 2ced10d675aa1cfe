// SPDX-License-Identifier: MIT
// `ecat crc [reset]`: per-port CRC/PHY/forwarded error counters of every slave, or clear them.
import { CRC_REGISTER_ADDRESS, CRC_REGISTER_SIZE, crcJson, formatCrc } from '../../format/crc.js';
import { UsageError } from '../errors.js';
import { allSlaves } from '../collect.js';
import { arg, type CommandSpec } from '../spec.js';

export const crcCommand: CommandSpec = {
  name: 'crc',
  summary: 'CRC error register diagnosis.',
  details: [
    'CRC - CRC Error Counter                0x300, 0x302, 0x304, 0x306',
    'PHY - Physical Interface Error Counter 0x301, 0x303, 0x305, 0x307',
    'FWD - Forwarded RX Error Counter       0x308, 0x309, 0x30a, 0x30b',
    'NXT - Next slave',
    "'crc reset' clears the counters of all slaves.",
  ].join('\n'),
  args: [arg('reset', "'reset' clears the counters", false)],
  options: [],
  examples: ['ecat crc', 'ecat crc reset'],
  async run(ctx, args) {
    let reset = false;
    if (args[0] !== undefined) {
      if (args[0].toLowerCase() !== 'reset') throw new UsageError(`'crc' takes either no argument or 'reset', not '${args[0]}'.`, 'crc');
      reset = true;
    }
    if (reset) {
      const cleared = await ctx.withMaster('write', (m) => {
        const all = allSlaves(m);
        for (const s of all) m.regWrite(s.position, CRC_REGISTER_ADDRESS, new Uint8Array(CRC_REGISTER_SIZE), false);
        return all.map((s) => s.position);
      });
      if (ctx.json) ctx.outJson({ reset: cleared });
      return;
    }
    const rows = await ctx.withMaster('prefer-write', (m) =>
      allSlaves(m).map((s) => ({ slave: s, registers: m.regRead(s.position, CRC_REGISTER_ADDRESS, CRC_REGISTER_SIZE, false) })),
    );
    if (ctx.json) ctx.outJson(crcJson(rows, ctx.masterIndex));
    else ctx.out(formatCrc(rows));
  },
};
