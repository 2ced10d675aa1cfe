// SPDX-License-Identifier: MIT
// `ecat reg_read -p POS [-t TYPE] ADDRESS [SIZE]`: read ESC registers of one slave and print
// them as a typed value or, without --type, as raw bytes (0x.. 0x..).
import { DataTypeError, decode, displayBytes, jsonValue } from '../../coe/datatypes.js';
import { hex0x, hexBytes } from '../../format/text.js';
import { UsageError, failure } from '../errors.js';
import { parseUnsigned } from '../numbers.js';
import { checkRegRange, parseRegAddress } from '../reg-common.js';
import { typeHelp, typeOption } from '../sdo-common.js';
import { requireSingleSlave, selectSlaves } from '../select.js';
import { arg, type CommandSpec } from '../spec.js';

export const regReadCommand: CommandSpec = {
  name: 'reg_read',
  summary: "Output a slave's register contents.",
  details: [
    'Requires a single slave. SIZE is the number of bytes; it may be left out when --type implies',
    'a size. ADDRESS plus SIZE must stay below 64k.',
    '',
    typeHelp,
  ].join('\n'),
  args: [arg('address', 'register address (unsigned 16 bit)'), arg('size', 'number of bytes (unsigned 16 bit)', false)],
  options: ['alias', 'position', 'type'],
  examples: ['ecat reg_read -p 0 0x0130 2', 'ecat reg_read -p 0 -t uint16 0x0130', 'ecat reg_read -p 1 0x0300 20'],
  async run(ctx, args, opts) {
    const address = parseRegAddress(args[0] ?? '', 'reg_read');
    let size = args[1] !== undefined ? parseUnsigned(args[1], 'size', 0xffff, 'reg_read') : 0;
    if (args[1] !== undefined && size === 0) throw new UsageError('Invalid size 0: the size must not be zero.', 'reg_read');
    const type = typeOption(opts.type, 'reg_read') ?? null;
    if (type && type.size) size = type.size; // a sized type overrides SIZE, as in the tool
    if (!size) {
      throw new UsageError('The size argument is mandatory when no --type is given, or the type does not imply a size.', 'reg_read');
    }
    checkRegRange(address, size, 'reg_read');

    const read = await ctx.withMaster('prefer-write', (m) => {
      const slave = requireSingleSlave(selectSlaves(m, opts, 'reg_read'), m, 'reg_read');
      return { position: slave.position, data: m.regRead(slave.position, address, size, false) };
    });
    let text: string;
    try {
      text = decode(read.data, type);
    } catch (err) {
      if (err instanceof DataTypeError) throw failure(err.message, 'DATA_TYPE_MISMATCH');
      throw err;
    }
    if (ctx.json) {
      ctx.outJson({
        position: read.position,
        address,
        addressHex: hex0x(address, 4),
        size: read.data.length,
        type: type?.name ?? 'raw',
        value: jsonValue(read.data, type),
        text,
        data: hexBytes(read.data),
      });
      return;
    }
    ctx.out(displayBytes(read.data, type));
  },
};
