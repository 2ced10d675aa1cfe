// SPDX-License-Identifier: MIT
// ProvisionError: every refusal or failure of provisioning, doctor and the readiness check. It
// carries a stable code, a hint that says what to do next (often the exact command), and the
// evidence a user needs to act without digging (the tail of make.log or of dmesg, the list of
// cards found). Provisioning never imports the runtime, so it has its own error class; its
// toJSON() has the same outer shape as the CLI's errors ({name, code, message, hint, ...}).

/** Stable error codes; the CLI maps USAGE to exit code 2 and everything else to 1. */
export type ProvisionErrorCode =
  | 'USAGE' // a bad option value (syntax, unknown driver name, ...)
  | 'NOT_ROOT'
  | 'NOT_IGH_TREE'
  | 'NO_SOURCE'
  | 'SOURCE_CHANGED'
  | 'DRIVER_UNSUPPORTED_KERNEL'
  | 'NIC_NOT_FOUND'
  | 'NIC_DRIVER_MISMATCH'
  | 'HEADERS_MISSING'
  | 'PREREQUISITE_MISSING'
  | 'BUILD_FAILED'
  | 'INSTALL_FAILED'
  | 'LOAD_FAILED'
  | 'MODULE_IN_USE'
  | 'MODULE_CONFLICT' // ec_master and ecat_vbus both own /dev/EtherCAT*: one at a time
  | 'DEVICE_TIMEOUT'
  | 'DEVICE_NOT_WRITABLE'
  | 'USER_NOT_FOUND'
  | 'COMMAND_FAILED'
  | 'NO_SETTINGS'
  | 'BAD_SETTINGS'
  | 'NOT_READY'
  | 'TOPOLOGY_FAILED'; // --virtual: the topology file cannot be read, or the module refused it

/** Extra evidence attached to an error. */
export interface ProvisionErrorDetails {
  /** A file whose tail is shown (make.log). */
  logPath?: string;
  /** The last lines of that log, or of dmesg, oldest first. */
  logTail?: string[];
  /** The command that failed, as an argument array. */
  command?: string[];
  exitCode?: number;
  /** Free-form facts (e.g. the cards found, the kernels a driver supports). */
  [key: string]: unknown;
}

export class ProvisionError extends Error {
  readonly code: ProvisionErrorCode;
  readonly hint: string | undefined;
  readonly details: ProvisionErrorDetails;

  constructor(code: ProvisionErrorCode, message: string, hint?: string, details: ProvisionErrorDetails = {}) {
    super(message);
    this.name = 'ProvisionError';
    this.code = code;
    this.hint = hint;
    this.details = details;
  }

  /** Exit code for the CLI: 2 for a wrong command line, 1 for everything else. */
  get exitCode(): number {
    return this.code === 'USAGE' ? 2 : 1;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(Object.keys(this.details).length > 0 ? { details: this.details } : {}),
    };
  }
}

/** Wrap anything thrown into a ProvisionError (unexpected errors become COMMAND_FAILED). */
export function asProvisionError(err: unknown): ProvisionError {
  if (err instanceof ProvisionError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ProvisionError('COMMAND_FAILED', message);
}
