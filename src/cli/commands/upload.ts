// SPDX-License-Identifier: MIT
// `ecat upload -p POS [-t TYPE] INDEX SUBINDEX`: read one SDO entry and print it as the tool
// does (integers as 0x<hex> <decimal>, floats as %g, strings as text, octet strings raw). The
// type comes from the slave's dictionary unless --type is given; an entry the dictionary does
// not describe is still read and shown as raw bytes, so a missing object reports its abort code.
import { DataTypeError, dataTypeByCode, decode, displayBytes, jsonValue } from '../../coe/datatypes.js';
import { hex, hex0x, hexBytes } from '../../format/text.js';
import { failure } from '../errors.js';
import { MAX_SDO_SIZE, dictionaryEntry, parseSdoIndex, parseSdoSubindex, sdoAddress, typeHelp, typeOption } from '../sdo-common.js';
import { requireSingleSlave, selectSlaves } from '../select.js';
import { arg, type CommandSpec } from '../spec.js';

export const uploadCommand: CommandSpec = {
  name: 'upload',
  summary: 'Read an SDO entry from a slave.',
  details: [
    'Requires a single slave. The data type comes from the SDO dictionary unless --type is given.',
    'If the dictionary does not describe the entry, the value is read anyway and shown as raw bytes.',
    '',
    typeHelp,
  ].join('\n'),
  args: [arg('index', 'SDO index (unsigned 16 bit)'), arg('subindex', 'SDO entry subindex (unsigned 8 bit)')],
  options: ['alias', 'position', 'type'],
  examples: ['ecat upload -p 1 0x1018 1', 'ecat upload -p 3 -t int16 0x6064 0', 'ecat --json upload -p 1 0x1008 0'],
  async run(ctx, args, opts) {
    const index = parseSdoIndex(args[0] ?? '', 'upload');
    const subindex = parseSdoSubindex(args[1] ?? '', 'upload');
    const given = typeOption(opts.type, 'upload');
    const where = sdoAddress(index, subindex);

    const result = await ctx.withMaster('prefer-write', (m) => {
      const slave = requireSingleSlave(selectSlaves(m, opts, 'upload'), m, 'upload');
      let type = given ?? null;
      let fromDictionary = false;
      if (!type) {
        const entry = dictionaryEntry(m, slave.position, index, subindex);
        if (entry) {
          type = dataTypeByCode(entry.dataType) ?? null;
          fromDictionary = true;
          if (!type) {
            throw failure(
              `SDO entry ${where} has data type 0x${hex(entry.dataType, 4)}, which ecat cannot decode.`,
              'UNKNOWN_DATA_TYPE',
              `Specify --type (for example -t raw to see the bytes).`,
            );
          }
        }
      }
      const data = m.sdoUpload(slave.position, index, subindex, type && type.size ? type.size : MAX_SDO_SIZE);
      return { position: slave.position, type, fromDictionary, data };
    });

    if (!result.type) {
      ctx.warn(`${where} is not described by the slave's SDO dictionary; showing raw bytes (use --type to decode).`);
    }
    let text: string;
    let value: number | string | boolean;
    try {
      text = decode(result.data, result.type);
      value = jsonValue(result.data, result.type);
    } catch (err) {
      if (err instanceof DataTypeError) {
        throw failure(err.message, 'DATA_TYPE_MISMATCH', `The slave sent ${result.data.length} byte(s); pick a matching --type, or -t raw.`);
      }
      throw err;
    }
    if (ctx.json) {
      ctx.outJson({
        position: result.position,
        index,
        indexHex: hex0x(index, 4),
        subindex,
        type: result.type?.name ?? 'raw',
        typeSource: opts.type ? 'option' : result.fromDictionary ? 'dictionary' : 'none',
        size: result.data.length,
        value,
        text,
        data: hexBytes(result.data),
      });
      return;
    }
    ctx.out(displayBytes(result.data, result.type));
  },
};
