// SPDX-License-Identifier: MIT
// Shared by `upload` and `download`: SDO index/subindex arguments, the --type lookup, and the
// data type from the slave's dictionary when --type is not given.
import type { NativeMaster, NativeSdoEntryInfo } from '../binding/native.js';
import { dataTypeByName, dataTypeNames, type CoeDataType } from '../coe/datatypes.js';
import { hex } from '../format/text.js';
import { UsageError } from './errors.js';
import { parseUnsigned } from './numbers.js';

export const MAX_SDO_SIZE = 64 * 1024;

export function parseSdoIndex(text: string, command: string): number {
  return parseUnsigned(text, 'SDO index', 0xffff, command);
}

export function parseSdoSubindex(text: string, command: string): number {
  return parseUnsigned(text, 'SDO subindex', 0xff, command);
}

/** The --type value, checked against the tool's type names. */
export function typeOption(name: string | undefined, command: string): CoeDataType | undefined {
  if (name === undefined) return undefined;
  const d = dataTypeByName(name);
  if (!d) throw new UsageError(`Invalid data type '${name}'. Valid types: ${dataTypeNames().join(', ')}.`, command);
  return d;
}

/** `0x6040:00` */
export function sdoAddress(index: number, subindex: number | null): string {
  return subindex === null ? `0x${hex(index, 4)}` : `0x${hex(index, 4)}:${hex(subindex, 2)}`;
}

/** The dictionary entry, or null when the slave cannot describe it (no SDO info, or no such object). */
export function dictionaryEntry(m: NativeMaster, position: number, index: number, subindex: number): NativeSdoEntryInfo | null {
  try {
    return m.slaveSdoEntry(position, index, subindex);
  } catch {
    return null;
  }
}

/** Help text listing the types, as the tool's typeInfo does. */
export const typeHelp = [
  'Data types for --type:',
  '  bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64,',
  '  float, double, string, octet_string, unicode_string,',
  '  int24, int40, int48, int56, uint24, uint40, uint48, uint56,',
  '  sm8, sm16, sm32, sm64 (sign-and-magnitude), raw (hex bytes).',
].join('\n');
