// SPDX-License-Identifier: MIT
// `ecat reg_write -p POS [-t TYPE] [-e] ADDRESS DATA`: write ESC registers of one slave. With
// --type, DATA is a value of that type; without, DATA is a file whose bytes are written, or '-'
// for standard input. --emergency sends the write as an emergency request to the ring position
// given with -p, bypassing the slave list (for a slave the master cannot talk to normally).
import { DataTypeError, encode } from '../../coe/datatypes.js';
import { hex0x, hexBytes } from '../../format/text.js';
import { UsageError, failure } from '../errors.js';
import { parseUnsigned } from '../numbers.js';
import { checkRegRange, parseRegAddress } from '../reg-common.js';
import { typeHelp, typeOption } from '../sdo-common.js';
import { requireSingleSlave, selectSlaves } from '../select.js';
import { arg, type CommandSpec } from '../spec.js';

export const regWriteCommand: CommandSpec = {
  name: 'reg_write',
  summary: "Write data to a slave's registers.",
  details: [
    'Requires a single slave. Without --type, DATA is the path of a file with the bytes to write,',
    "or '-' for standard input. With --type, DATA is a value of that type.",
    '',
    typeHelp,
  ].join('\n'),
  args: [arg('address', 'register address (unsigned 16 bit)'), arg('data', "value (with --type), file, or '-' for standard input")],
  options: ['alias', 'position', 'type', 'emergency'],
  examples: ['ecat reg_write -p 0 -t uint16 0x0120 0x0002', 'ecat reg_write -p 1 0x0f80 bytes.bin', 'printf "\\x01" | ecat reg_write -p 1 0x0300 -'],
  async run(ctx, args, opts) {
    const address = parseRegAddress(args[0] ?? '', 'reg_write');
    const dataArg = args[1] ?? '';
    const type = typeOption(opts.type, 'reg_write');
    let data: Uint8Array;
    if (type) {
      try {
        data = encode(dataArg === '-' ? await ctx.io.readStdin() : dataArg, type, { maxSize: 1024 });
      } catch (err) {
        if (err instanceof DataTypeError) throw new UsageError(err.message, 'reg_write');
        throw err;
      }
    } else {
      try {
        data = dataArg === '-' ? await ctx.io.readStdin() : await ctx.io.readFile(dataArg);
      } catch (err) {
        throw failure(`Failed to open '${dataArg}': ${(err as Error).message}`, 'FILE', 'Without --type, DATA is a file path or - for standard input.');
      }
      if (data.length === 0) throw new UsageError('No data to write: the input is empty.', 'reg_write');
      if (data.length > 0xffff) throw new UsageError(`Invalid data size ${data.length}: at most 65535 bytes.`, 'reg_write');
    }
    checkRegRange(address, data.length, 'reg_write');

    let emergencyPosition: number | undefined;
    if (opts.emergency) {
      if (opts.position === undefined || opts.alias !== undefined) {
        throw new UsageError('--emergency needs the ring position given with -p (and no -a).', 'reg_write');
      }
      emergencyPosition = parseUnsigned(opts.position, 'position', 0xffff, 'reg_write');
    }
    const position = await ctx.withMaster('write', (m) => {
      const pos = emergencyPosition ?? requireSingleSlave(selectSlaves(m, opts, 'reg_write'), m, 'reg_write').position;
      m.regWrite(pos, address, data, emergencyPosition !== undefined);
      return pos;
    });
    if (ctx.json) {
      ctx.outJson({ position, address, addressHex: hex0x(address, 4), size: data.length, emergency: !!opts.emergency, data: hexBytes(data) });
    }
  },
};
