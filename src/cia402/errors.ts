// SPDX-License-Identifier: MIT
// DriveError: what went wrong with a CiA 402 operation, with the drive's state, statusword and
// error code (0x603F) both as fields and in the message, so a log line says what the drive did.
import { EtherCATError } from '../binding/errors.js';
import { describeStatusword, driveState } from './state.js';
import type { DriveState } from './state.js';

/** Codes of DriveError. */
export type DriveErrorCode = 'DRIVE_FAULT' | 'DRIVE_STATE' | 'ETIMEDOUT' | 'INTERRUPTED' | 'NOT_SUPPORTED' | 'OFFLINE';

/** A CiA 402 operation failed. */
export class DriveError extends EtherCATError {
  /** The axis name. */
  readonly axis: string;
  readonly state: DriveState;
  readonly statusword: number;
  /** 0x603F when mapped and non-zero. */
  readonly errorCode: number | undefined;

  constructor(code: DriveErrorCode, axis: string, what: string, statusword: number, errorCode: number | undefined, hint?: string) {
    const ec = errorCode ? `, error code 0x${errorCode.toString(16).padStart(4, '0')}` : '';
    super(`${axis}: ${what}: the drive is in ${describeStatusword(statusword)}${ec}`, { code, ...(hint ? { hint } : {}) });
    this.name = 'DriveError';
    this.axis = axis;
    this.state = driveState(statusword);
    this.statusword = statusword & 0xffff;
    this.errorCode = errorCode || undefined;
  }
}
