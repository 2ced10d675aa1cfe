// SPDX-License-Identifier: MIT
// `ecat download -p POS [-t TYPE] INDEX SUBINDEX VALUE` writes one SDO entry;
// `ecat download -p POS [-t TYPE] INDEX VALUE` writes the whole object with complete access.
// VALUE '-' reads standard input. The value is checked against its type (range, syntax, string
// length) before anything is sent, and against the entry's size in the dictionary (--force
// skips that check).
import { DataTypeError, dataTypeByCode, dataTypeByName, encode, type CoeDataType } from '../../coe/datatypes.js';
import { hex, hex0x, hexBytes } from '../../format/text.js';
import { UsageError, failure } from '../errors.js';
import { MAX_SDO_SIZE, dictionaryEntry, parseSdoIndex, parseSdoSubindex, sdoAddress, typeHelp, typeOption } from '../sdo-common.js';
import { requireSingleSlave, selectSlaves } from '../select.js';
import { arg, type CommandSpec } from '../spec.js';

function encodeValue(value: string | Uint8Array, type: CoeDataType, maxSize: number, where: string): Uint8Array {
  try {
    return encode(value, type, { maxSize });
  } catch (err) {
    if (err instanceof DataTypeError) {
      if (err.kind === 'size') {
        throw failure(`Value too large for ${where}: ${err.message}`, 'VALUE_TOO_LARGE', `The entry holds at most ${maxSize} bytes.`);
      }
      throw new UsageError(err.message, 'download');
    }
    throw err;
  }
}

export const downloadCommand: CommandSpec = {
  name: 'download',
  summary: 'Write an SDO entry to a slave.',
  details: [
    'Requires a single slave. The data type comes from the SDO dictionary unless --type is given;',
    'if the dictionary does not describe the entry, --type is mandatory.',
    'Without SUBINDEX the object is written with complete access; VALUE is then raw hex bytes',
    '(e.g. "0x02 0x00 0x16 0x01") unless --type says otherwise.',
    "VALUE '-' reads the value from standard input (raw bytes for string and raw types).",
    'Integers may be decimal, 0x hex or 0-prefixed octal, with an optional sign.',
    '',
    typeHelp,
  ].join('\n'),
  args: [
    arg('index', 'SDO index (unsigned 16 bit)'),
    arg('subindex', 'SDO entry subindex (unsigned 8 bit); omit it for complete access'),
    arg('value', "value to write, or '-' for standard input", false),
  ],
  options: ['alias', 'position', 'type', 'force'],
  optionHelp: { force: "write even if the value's size differs from the entry's size in the dictionary" },
  examples: [
    'ecat download -p 1 0x6060 0 8',
    'ecat download -p 1 -t uint32 0x6081 0 100000',
    'ecat download -p 1 -t string 0x2001 0 hello',
    'ecat download -p 1 0x1c12 "0x01 0x00 0x00 0x16"',
  ],
  async run(ctx, args, opts) {
    const completeAccess = args.length === 2;
    const index = parseSdoIndex(args[0] ?? '', 'download');
    const subindex = completeAccess ? 0 : parseSdoSubindex(args[1] ?? '', 'download');
    const valueArg = (completeAccess ? args[1] : args[2]) ?? '';
    const given = typeOption(opts.type, 'download') ?? (completeAccess ? dataTypeByName('raw') : undefined);
    const where = sdoAddress(index, completeAccess ? null : subindex);

    let input: string | Uint8Array = valueArg;
    if (valueArg === '-') {
      input = await ctx.io.readStdin();
      if (input.length === 0) throw new UsageError('Invalid data size 0 on standard input: the value must not be empty.', 'download');
    }
    // With --type the value can be checked before the device is touched.
    if (given) encodeValue(input, given, MAX_SDO_SIZE, where);

    const done = await ctx.withMaster('write', (m) => {
      const slave = requireSingleSlave(selectSlaves(m, opts, 'download'), m, 'download');
      const entry = completeAccess ? null : dictionaryEntry(m, slave.position, index, subindex);
      let type = given;
      if (!type) {
        if (!entry) {
          throw failure(
            `Failed to determine the data type of ${where}: the slave's SDO dictionary does not describe it.`,
            'UNKNOWN_DATA_TYPE',
            'Please specify --type (e.g. -t uint16).',
          );
        }
        type = dataTypeByCode(entry.dataType);
        if (!type) {
          throw failure(`SDO entry ${where} has unknown data type 0x${hex(entry.dataType, 4)}.`, 'UNKNOWN_DATA_TYPE', 'Please specify --type.');
        }
      }
      const entryBytes = entry && entry.bitLength ? Math.ceil(entry.bitLength / 8) : 0;
      const data = encodeValue(input, type, type.size === 0 && entryBytes ? entryBytes : MAX_SDO_SIZE, where);
      if (entry && type.size && entry.bitLength && type.size * 8 !== entry.bitLength && !opts.force) {
        throw new UsageError(
          `Size mismatch: ${where} is ${entry.bitLength} bit (${dataTypeByCode(entry.dataType)?.name ?? `type 0x${hex(entry.dataType, 4)}`}), but --type ${type.name} writes ${type.size * 8} bit. Use the matching --type, or --force to write anyway.`,
          'download',
        );
      }
      m.sdoDownload(slave.position, index, subindex, data, completeAccess);
      return { position: slave.position, type, data };
    });

    if (ctx.json) {
      ctx.outJson({
        position: done.position,
        index,
        indexHex: hex0x(index, 4),
        subindex: completeAccess ? null : subindex,
        completeAccess,
        type: done.type.name,
        size: done.data.length,
        data: hexBytes(done.data),
      });
    }
  },
};
