// SPDX-License-Identifier: MIT
// Mailbox work while cycling: CoE SDO upload/download, ESC registers and SII, each a Promise the
// native mailbox thread resolves (on IgH such a transfer completes only while the cyclic thread
// keeps sending frames, which is why these live on CyclingMaster). Values are encoded and decoded
// with the CoE data types of src/coe/datatypes.ts; failures are EtherCATErrors naming the slave,
// the object and, for aborts, the abort code and its meaning.
import { EtherCATError, toEtherCATError } from '../binding/errors.js';
import type { NativeApplication } from '../binding/native.js';
import { DataTypeError, encode, jsonValue } from '../coe/datatypes.js';
import { formatEntryRef } from '../config/values.js';
import { didYouMean } from '../topology/source/suggest.js';
import { runtimeError } from './errors.js';
import type { ConfiguredSlave } from './api.js';

/** Value types for SDO transfers. */
export type SdoType = 'bool' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'real32' | 'real64' | 'string' | 'octets';

/** The JS value of an SDO type. */
export type SdoValue<T extends SdoType> = T extends 'bool'
  ? boolean
  : T extends 'int64' | 'uint64'
    ? bigint
    : T extends 'string'
      ? string
      : T extends 'octets'
        ? Buffer
        : number;

/** A slave by configured name or by ring position. */
export type SlaveRef = string | number;

const COE_NAME: Record<SdoType, string> = {
  bool: 'bool',
  int8: 'int8',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
  uint8: 'uint8',
  uint16: 'uint16',
  uint32: 'uint32',
  uint64: 'uint64',
  real32: 'float',
  real64: 'double',
  string: 'string',
  octets: 'octet_string',
};

const SIZE: Partial<Record<SdoType, number>> = { bool: 1, int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, real32: 4, int64: 8, uint64: 8, real64: 8 };

/** Largest upload when the type does not fix the size. */
const DEFAULT_MAX_UPLOAD = 4096;

/** What the clients need from the master they belong to. */
export interface MailboxContext {
  native: Pick<NativeApplication, 'sdoUploadAsync' | 'sdoDownloadAsync' | 'regReadAsync' | 'regWriteAsync' | 'siiReadAsync'>;
  slaves: readonly ConfiguredSlave[];
  /** Throws WRONG_PHASE/CLOSED unless the master is cycling with this object. */
  assertCycling(call: string): void;
  path: string;
}

/** Where a slave reference points: ring position and a label for messages. */
export function resolveSlave(ctx: Pick<MailboxContext, 'slaves'>, slave: SlaveRef): { position: number; label: string } {
  if (typeof slave === 'number') {
    if (!Number.isInteger(slave) || slave < 0 || slave > 65535) throw runtimeError('INVALID_ARGUMENT', `slave position ${slave} is not a ring position 0..65535`);
    const named = ctx.slaves.find((s) => s.position === slave);
    return { position: slave, label: named ? `${named.name} (position ${slave})` : `position ${slave}` };
  }
  const s = ctx.slaves.find((x) => x.name === slave);
  if (!s) {
    throw runtimeError('NO_SUCH_SLAVE', `no configured slave "${slave}"${didYouMean(slave, ctx.slaves.map((x) => x.name))}; configured: ${ctx.slaves.map((x) => x.name).join(', ') || '(none)'}`);
  }
  return { position: s.position, label: `${s.name} (position ${s.position})` };
}

function checkU16(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw runtimeError('INVALID_ARGUMENT', `${name} ${v} is out of range: expected 0..0xffff`);
}

function checkU8(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xff) throw runtimeError('INVALID_ARGUMENT', `${name} ${v} is out of range: expected 0..0xff`);
}

/** Re-throw a native failure with what was attempted in front. */
function wrap(err: unknown, what: string, ctx: MailboxContext, position: number): EtherCATError {
  const e = toEtherCATError(err, { path: ctx.path, slave: position });
  return new EtherCATError(`${what}: ${e.message}`, {
    code: e.code,
    slave: position,
    ...(e.abortCode !== undefined ? { abortCode: e.abortCode } : {}),
    ...(e.errno !== undefined ? { errno: e.errno } : {}),
    ...(e.request !== undefined ? { request: e.request } : {}),
    ...(e.syscall !== undefined ? { syscall: e.syscall } : {}),
    ...(e.path !== undefined ? { path: e.path } : {}),
    ...(e.hint !== undefined ? { hint: e.hint } : {}),
    cause: e,
  });
}

/** Turn the uploaded bytes into the type's JS value. */
export function decodeSdo<T extends SdoType>(bytes: Buffer, type: T, what: string): SdoValue<T> {
  if (type === 'octets') return bytes as SdoValue<T>;
  try {
    const v = jsonValue(bytes, COE_NAME[type]);
    if (type === 'int64' || type === 'uint64') return BigInt(v as string) as SdoValue<T>;
    return v as SdoValue<T>;
  } catch (err) {
    if (err instanceof DataTypeError) {
      throw runtimeError('SDO_TYPE', `${what}: the slave sent ${bytes.length} byte${bytes.length === 1 ? '' : 's'}, ${type} is ${SIZE[type] ?? '?'}`, { cause: err });
    }
    throw err;
  }
}

/** The bytes of a value of `type`, range-checked. */
export function encodeSdo(value: unknown, type: SdoType, what: string): Uint8Array {
  if (type === 'octets') {
    if (!(value instanceof Uint8Array)) throw new TypeError(`${what}: octets need a Uint8Array or Buffer`);
    return value;
  }
  let text: string;
  if (typeof value === 'boolean') text = value ? '1' : '0';
  else if (typeof value === 'number') {
    if (type !== 'real32' && type !== 'real64' && !Number.isInteger(value)) throw new RangeError(`${what}: ${value} is not an integer (${type})`);
    text = type === 'real32' || type === 'real64' ? String(value) : BigInt(value).toString();
  } else if (typeof value === 'bigint' || typeof value === 'string') text = String(value);
  else throw new TypeError(`${what}: cannot encode ${typeof value} as ${type}`);
  try {
    return encode(text, COE_NAME[type]);
  } catch (err) {
    if (err instanceof DataTypeError) {
      const e = err.kind === 'range' ? new RangeError(`${what}: ${err.message}`) : new TypeError(`${what}: ${err.message}`);
      throw e;
    }
    throw err;
  }
}

/** CoE SDO transfers. */
export class SdoClient {
  /** @internal */
  constructor(private readonly ctx: MailboxContext) {}

  /** Upload the raw bytes of an object entry. */
  upload(slave: SlaveRef, index: number, subindex: number): Promise<Buffer>;
  /** Upload and decode as `type` (int64/uint64 as bigint, bool as boolean, string as text). */
  upload<T extends SdoType>(slave: SlaveRef, index: number, subindex: number, type: T, options?: { maxSize?: number }): Promise<SdoValue<T>>;
  async upload(slave: SlaveRef, index: number, subindex: number, type?: SdoType, options: { maxSize?: number } = {}): Promise<unknown> {
    this.ctx.assertCycling('sdo.upload()');
    checkU16('index', index);
    checkU8('subindex', subindex);
    const { position, label } = resolveSlave(this.ctx, slave);
    const what = `SDO upload ${formatEntryRef(index, subindex)} from ${label}`;
    const maxSize = options.maxSize ?? (type ? (SIZE[type] ?? DEFAULT_MAX_UPLOAD) : DEFAULT_MAX_UPLOAD);
    let bytes: Buffer;
    try {
      bytes = await this.ctx.native.sdoUploadAsync(position, index, subindex, maxSize);
    } catch (err) {
      throw wrap(err, what, this.ctx, position);
    }
    return type ? decodeSdo(bytes, type, what) : bytes;
  }

  /**
   * Download a value: raw bytes, or a value encoded as `type` (range-checked: a RangeError names
   * the type's range). `completeAccess` writes the whole object from `subindex` (0 or 1) on.
   */
  async download(slave: SlaveRef, index: number, subindex: number, value: Uint8Array | number | bigint | boolean | string, type?: SdoType, options: { completeAccess?: boolean } = {}): Promise<void> {
    this.ctx.assertCycling('sdo.download()');
    checkU16('index', index);
    checkU8('subindex', subindex);
    const { position, label } = resolveSlave(this.ctx, slave);
    const what = `SDO download ${formatEntryRef(index, subindex)} to ${label}`;
    let data: Uint8Array;
    if (value instanceof Uint8Array && (type === undefined || type === 'octets')) data = value;
    else if (type === undefined) throw new TypeError(`${what}: give the value's type (e.g. 'uint32') or pass the bytes as a Uint8Array`);
    else data = encodeSdo(value, type, what);
    try {
      await this.ctx.native.sdoDownloadAsync(position, index, subindex, data, options.completeAccess ?? false);
    } catch (err) {
      throw wrap(err, what, this.ctx, position);
    }
  }
}

/** ESC register access (e.g. 0x0130 AL status, 0x0134 AL status code). */
export class RegisterClient {
  /** @internal */
  constructor(private readonly ctx: MailboxContext) {}

  /** Read `size` bytes from `address`. */
  async read(slave: SlaveRef, address: number, size: number): Promise<Buffer> {
    this.ctx.assertCycling('registers.read()');
    checkU16('address', address);
    if (!Number.isInteger(size) || size < 1 || address + size > 0x10000) throw runtimeError('INVALID_ARGUMENT', `size ${size} is out of range: expected 1..${0x10000 - address}`);
    const { position, label } = resolveSlave(this.ctx, slave);
    try {
      return await this.ctx.native.regReadAsync(position, address, size);
    } catch (err) {
      throw wrap(err, `register read 0x${address.toString(16).padStart(4, '0')}+${size} from ${label}`, this.ctx, position);
    }
  }

  /** Write `data` at `address`. */
  async write(slave: SlaveRef, address: number, data: Uint8Array): Promise<void> {
    this.ctx.assertCycling('registers.write()');
    checkU16('address', address);
    if (data.length < 1 || address + data.length > 0x10000) throw runtimeError('INVALID_ARGUMENT', `${data.length} bytes at 0x${address.toString(16)} do not fit the register space`);
    const { position, label } = resolveSlave(this.ctx, slave);
    try {
      await this.ctx.native.regWriteAsync(position, address, data);
    } catch (err) {
      throw wrap(err, `register write 0x${address.toString(16).padStart(4, '0')}+${data.length} to ${label}`, this.ctx, position);
    }
  }
}

/** SII (slave EEPROM) reads. */
export class SiiClient {
  /** @internal */
  constructor(private readonly ctx: MailboxContext) {}

  /** Read `nwords` 16-bit words from word `offset`; returns 2 * nwords bytes. */
  async read(slave: SlaveRef, offset: number, nwords: number): Promise<Buffer> {
    this.ctx.assertCycling('sii.read()');
    checkU16('offset', offset);
    if (!Number.isInteger(nwords) || nwords < 1 || offset + nwords > 0x10000) throw runtimeError('INVALID_ARGUMENT', `nwords ${nwords} is out of range: expected 1..${0x10000 - offset}`);
    const { position, label } = resolveSlave(this.ctx, slave);
    try {
      return await this.ctx.native.siiReadAsync(position, offset, nwords);
    } catch (err) {
      throw wrap(err, `SII read of ${nwords} words at ${offset} from ${label}`, this.ctx, position);
    }
  }
}
