// SPDX-License-Identifier: MIT
// EtherCATError: every failure that reaches a user carries machine-readable fields (errno,
// syscall, EC_IOCTL_* request, device path, SDO abort code, AL status code) and a hint that
// says what to do. Native code throws plain Errors with NativeErrorFields; toEtherCATError
// converts them here, in one place.
import { getSystemErrorName } from 'node:util';
import type { NativeErrorFields } from './native.js';
import { sdoAbortMessage } from '../coe/abort-codes.js';

export type EtherCATErrorCode =
  | 'ENOENT'
  | 'EACCES'
  | 'EPERM'
  | 'ENOTTY'
  | 'EBUSY'
  | 'EINVAL'
  | 'EIO'
  | 'ENXIO'
  | 'ETIMEDOUT'
  | 'ABI_UNSUPPORTED'
  | 'ABI_MISMATCH'
  | 'SDO_ABORT'
  | 'BAD_TOPOLOGY'
  | 'INVALID_ARGUMENT'
  | 'NO_SUCH_SLAVE'
  | 'READ_ONLY'
  | 'ADDON_LOAD'
  | (string & {});

export interface EtherCATErrorFields {
  code: EtherCATErrorCode;
  errno?: number; // negative, as Node's own system errors
  syscall?: string;
  request?: string;
  path?: string;
  hint?: string;
  slave?: number;
  abortCode?: number;
  alStatusCode?: number;
  magic?: number;
  supported?: number[];
  /** Path of the bad field (configuration, plan or option), e.g. "plan.slaves[2].syncs[0]". */
  field?: string;
  /** WRONG_PHASE: the phase the master was in and the call that was refused. */
  phase?: string;
  call?: string;
  cause?: unknown;
}

export class EtherCATError extends Error {
  readonly code: EtherCATErrorCode;
  readonly errno?: number;
  readonly syscall?: string;
  readonly request?: string;
  readonly path?: string;
  readonly hint?: string;
  readonly slave?: number;
  readonly abortCode?: number;
  readonly alStatusCode?: number;
  readonly magic?: number;
  readonly supported?: number[];
  readonly field?: string;
  readonly phase?: string;
  readonly call?: string;

  constructor(message: string, fields: EtherCATErrorFields) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = 'EtherCATError';
    this.code = fields.code;
    if (fields.errno !== undefined) this.errno = fields.errno;
    if (fields.syscall !== undefined) this.syscall = fields.syscall;
    if (fields.request !== undefined) this.request = fields.request;
    if (fields.path !== undefined) this.path = fields.path;
    if (fields.hint !== undefined) this.hint = fields.hint;
    if (fields.slave !== undefined) this.slave = fields.slave;
    if (fields.abortCode !== undefined) this.abortCode = fields.abortCode;
    if (fields.alStatusCode !== undefined) this.alStatusCode = fields.alStatusCode;
    if (fields.magic !== undefined) this.magic = fields.magic;
    if (fields.supported !== undefined) this.supported = fields.supported;
    if (fields.field !== undefined) this.field = fields.field;
    if (fields.phase !== undefined) this.phase = fields.phase;
    if (fields.call !== undefined) this.call = fields.call;
  }

  /** Plain-object form for `--json` output and logs. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const k of ['errno', 'syscall', 'request', 'path', 'hint', 'slave', 'abortCode', 'alStatusCode', 'magic', 'supported', 'field', 'phase', 'call'] as const) {
      if (this[k] !== undefined) out[k] = this[k];
    }
    if (this.abortCode !== undefined) out.abortCodeHex = `0x${this.abortCode.toString(16).padStart(8, '0')}`;
    if (this.alStatusCode !== undefined) out.alStatusCodeHex = `0x${this.alStatusCode.toString(16).padStart(4, '0')}`;
    return out;
  }
}

/** The hint for a system error on the device, by errno name. */
export function hintFor(code: string, request: string | undefined, path: string | undefined): string | undefined {
  const dev = path ?? '/dev/EtherCAT0';
  switch (code) {
    case 'ENOENT':
      if (request) return undefined; // ENOENT from an ioctl means "no such config/domain", not a missing node
      return `${dev} does not exist: the EtherCAT master module is not loaded. Run 'ecat doctor' to see what is missing, 'sudo ecat provision' to install and load it, or use '--sim <topology>' for the virtual master.`;
    case 'EACCES':
    case 'EPERM':
      return request
        ? `${request} needs the device opened read-write (and, for application requests, a reserved master). Check that your user may write ${dev}: a udev rule with GROUP="ethercat", MODE="0660" and membership of that group ('sudo ecat provision' sets this up).`
        : `No permission to open ${dev}. Add your user to the group that owns it (a udev rule with GROUP="ethercat", MODE="0660"; 'sudo ecat provision' sets this up), then log in again.`;
    case 'ENOTTY':
      return `The module does not understand ${request ?? 'this request'}: its ABI or build options (for example --with-devices=2 or --disable-eoe) differ from the table in use. Run 'ecat abi' and 'ecat doctor' to compare.`;
    case 'EBUSY':
      return `The master is reserved by another process (only one application may hold it). Stop the other application, or use the inspection commands, which do not need a reservation.`;
    case 'ENODEV':
      return `The master has no Ethernet device attached. Check main_devices= in the module options ('ecat doctor').`;
    case 'EROFS':
      return `${dev} was opened read-only; this command needs write access.`;
    default:
      return undefined;
  }
}

function errnoName(errno: number): string {
  try {
    return getSystemErrorName(-Math.abs(errno));
  } catch {
    return `E${errno}`;
  }
}

/** Convert whatever the addon threw into an EtherCATError (idempotent). */
export function toEtherCATError(err: unknown, context: { path?: string; slave?: number } = {}): EtherCATError {
  if (err instanceof EtherCATError) return err;
  if (!(err instanceof Error)) return new EtherCATError(String(err), { code: 'EIO', cause: err });
  const f = err as Error & NativeErrorFields;
  const path = f.path ?? context.path;
  // Where the failure happened, beyond the syscall: plan field, phase and call, slave.
  const extra = {
    ...(f.field !== undefined ? { field: f.field } : {}),
    ...(f.phase !== undefined ? { phase: f.phase } : {}),
    ...(f.call !== undefined ? { call: f.call } : {}),
    ...((f.slave ?? context.slave) !== undefined ? { slave: (f.slave ?? context.slave) as number } : {}),
  };
  if (f.abortCode !== undefined) {
    const text = sdoAbortMessage(f.abortCode);
    return new EtherCATError(`SDO transfer aborted with 0x${f.abortCode.toString(16).padStart(8, '0')}: ${text}`, {
      code: 'SDO_ABORT',
      abortCode: f.abortCode,
      ...(f.errno !== undefined ? { errno: -Math.abs(f.errno) } : {}),
      ...(f.syscall ? { syscall: f.syscall } : {}),
      ...(f.request ? { request: f.request } : {}),
      ...(path ? { path } : {}),
      ...extra,
      cause: err,
    });
  }
  if (f.ecatCode) {
    return new EtherCATError(err.message, {
      code: f.ecatCode,
      ...(path ? { path } : {}),
      ...(f.magic !== undefined ? { magic: f.magic } : {}),
      ...(f.supported ? { supported: f.supported } : {}),
      ...(f.request ? { request: f.request } : {}),
      ...(f.errno !== undefined ? { errno: -Math.abs(f.errno) } : {}),
      ...(f.syscall ? { syscall: f.syscall } : {}),
      ...extra,
      hint:
        f.ecatCode === 'ABI_UNSUPPORTED'
          ? `Supported IgH ABIs: magic ${(f.supported ?? []).join(', ')}. Run 'ecat abi' to list them; a newer ecat may know this module.`
          : undefined,
      cause: err,
    });
  }
  if (f.errno !== undefined) {
    const code = errnoName(f.errno);
    const hint = hintFor(code, f.request, path);
    const where = [f.syscall, f.request, path].filter(Boolean).join(' ');
    const at = f.field ? ` (at ${f.field})` : '';
    return new EtherCATError(`${where}: ${code} (${osErrorText(f.errno)})${at}`, {
      code,
      errno: -Math.abs(f.errno),
      ...(f.syscall ? { syscall: f.syscall } : {}),
      ...(f.request ? { request: f.request } : {}),
      ...(path ? { path } : {}),
      ...(hint ? { hint } : {}),
      ...extra,
      cause: err,
    });
  }
  return new EtherCATError(err.message, { code: 'EIO', cause: err });
}

const errnoText: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOTTY: 'Inappropriate ioctl for device',
  EBUSY: 'Device or resource busy',
  EINVAL: 'Invalid argument',
  EIO: 'Input/output error',
  ENXIO: 'No such device or address',
  ENODEV: 'No such device',
  EFAULT: 'Bad address',
  ENOMEM: 'Cannot allocate memory',
  ETIMEDOUT: 'Connection timed out',
  EOVERFLOW: 'Value too large for defined data type',
  EOPNOTSUPP: 'Operation not supported',
  EROFS: 'Read-only file system',
};

function osErrorText(errno: number): string {
  const name = errnoName(errno);
  return errnoText[name] ?? name;
}
