// SPDX-License-Identifier: MIT
// Shared by `reg_read` and `reg_write`: register address/size arguments and the 64 KiB limit of
// the ESC address space.
import { UsageError } from './errors.js';
import { parseUnsigned } from './numbers.js';

export function parseRegAddress(text: string, command: string): number {
  return parseUnsigned(text, 'address', 0xffff, command);
}

/** ADDRESS + SIZE must stay inside the 64 KiB register space. */
export function checkRegRange(address: number, size: number, command: string): void {
  if (address + size > 0xffff) {
    throw new UsageError(`Address and size exceed 64k: 0x${address.toString(16)} + ${size} > 0xffff.`, command);
  }
}
