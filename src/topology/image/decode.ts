// SPDX-License-Identifier: MIT
// Reads an image back into plain data, checking every length the way the C core must (bounds,
// record sizes, total size). Written independently of the encoder's structure so tests that
// compare the two catch layout mistakes; also handy for inspecting an image by hand.
import { ENTRY_FLAGS, IMAGE_MAGIC } from './format.js';

/** A port record as stored. */
export interface DecodedPort {
  desc: number;
  linkUp: number;
  loopClosed: number;
  signalDetected: number;
  nextSlave: number;
  receiveTime: number;
  delayToNextDc: number;
}

/** An entry record as stored (limits as raw u64). */
export interface DecodedEntry {
  subindex: number;
  access: number;
  dataType: number;
  bitLength: number;
  flags: number;
  name: string;
  minimum?: bigint;
  maximum?: bigint;
  value: Uint8Array;
}

/** An object record as stored. */
export interface DecodedObject {
  index: number;
  objectCode: number;
  maxSubindex: number;
  name: string;
  entries: DecodedEntry[];
}

/** A slave record as stored, with its offset in the image. */
export interface DecodedSlave {
  offset: number;
  recordSize: number;
  model: number;
  flags: number;
  transmissionDelay: number;
  ports: DecodedPort[];
  sii: Uint16Array;
  objects: DecodedObject[];
  params: Uint8Array;
}

/** A whole image as stored. */
export interface DecodedImage {
  magic: number;
  version: number;
  flags: number;
  totalSize: number;
  slaveCount: number;
  master: { mac: string; linkUp: number; flags: number };
  slaves: DecodedSlave[];
}

class Reader {
  private readonly view: DataView;
  constructor(
    private readonly bytes: Uint8Array,
    public at = 0,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private need(n: number, what: string): void {
    if (this.at + n > this.bytes.length) throw new Error(`image truncated reading ${what} at offset ${this.at}`);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.view.getUint8(this.at++);
  }
  u16(what: string): number {
    this.need(2, what);
    const v = this.view.getUint16(this.at, true);
    this.at += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.at, true);
    this.at += 4;
    return v;
  }
  u64(what: string): bigint {
    this.need(8, what);
    const v = this.view.getBigUint64(this.at, true);
    this.at += 8;
    return v;
  }
  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }
  str(what: string): string {
    const n = this.u8(what);
    return new TextDecoder('utf-8', { fatal: true }).decode(this.take(n, what));
  }
}

function readEntry(r: Reader): DecodedEntry {
  const e: DecodedEntry = {
    subindex: r.u8('entry subindex'),
    access: r.u8('entry access'),
    dataType: r.u16('entry data_type'),
    bitLength: r.u16('entry bit_length'),
    flags: r.u16('entry flags'),
    name: r.str('entry name'),
    value: new Uint8Array(0),
  };
  if (e.flags & ENTRY_FLAGS.hasMin) e.minimum = r.u64('entry minimum');
  if (e.flags & ENTRY_FLAGS.hasMax) e.maximum = r.u64('entry maximum');
  const size = r.u16('entry value_size');
  if (size > Math.ceil(e.bitLength / 8)) throw new Error(`entry ${e.subindex}: value_size ${size} exceeds bit_length ${e.bitLength}`);
  e.value = r.take(size, 'entry value');
  return e;
}

function readObject(r: Reader): DecodedObject {
  const o: DecodedObject = {
    index: r.u16('object index'),
    objectCode: r.u8('object code'),
    maxSubindex: r.u8('object max_subindex'),
    name: r.str('object name'),
    entries: [],
  };
  const count = r.u16('object entry_count');
  if (count < 1 || count > 256) throw new Error(`object 0x${o.index.toString(16)}: entry_count ${count}`);
  for (let i = 0; i < count; i++) o.entries.push(readEntry(r));
  return o;
}

/** Decode and check an image; throws Error describing the first inconsistency. */
export function decodeImage(bytes: Uint8Array): DecodedImage {
  const r = new Reader(bytes);
  const img: DecodedImage = {
    magic: r.u32('magic'),
    version: r.u16('version'),
    flags: r.u16('flags'),
    totalSize: r.u32('total_size'),
    slaveCount: r.u16('slave_count'),
    master: { mac: '', linkUp: 0, flags: 0 },
    slaves: [],
  };
  if (img.magic !== IMAGE_MAGIC) throw new Error(`bad magic 0x${img.magic.toString(16)}`);
  if (img.totalSize !== bytes.length) throw new Error(`total_size ${img.totalSize} but the buffer has ${bytes.length} bytes`);
  r.u16('reserved');
  const mac = r.take(6, 'mac');
  img.master = { mac: Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join(':'), linkUp: r.u8('link_up'), flags: 0 };
  r.u8('reserved');
  img.master.flags = r.u32('master flags');
  for (let i = 0; i < img.slaveCount; i++) {
    const offset = r.at;
    const s: DecodedSlave = {
      offset,
      recordSize: r.u32('record_size'),
      model: r.u8('model'),
      flags: r.u8('flags'),
      transmissionDelay: 0,
      ports: [],
      sii: new Uint16Array(0),
      objects: [],
      params: new Uint8Array(0),
    };
    r.u16('reserved');
    s.transmissionDelay = r.u32('transmission_delay');
    for (let p = 0; p < 4; p++) {
      const port: DecodedPort = {
        desc: r.u8('port desc'),
        linkUp: r.u8('port link_up'),
        loopClosed: r.u8('port loop_closed'),
        signalDetected: r.u8('port signal_detected'),
        nextSlave: r.u16('port next_slave'),
        receiveTime: 0,
        delayToNextDc: 0,
      };
      r.u16('port reserved');
      port.receiveTime = r.u32('port receive_time');
      port.delayToNextDc = r.u32('port delay_to_next_dc');
      s.ports.push(port);
    }
    const words = r.u16('sii_words');
    if (words < 64 || words > 4096) throw new Error(`slave ${i}: sii_words ${words}`);
    s.sii = new Uint16Array(words);
    for (let k = 0; k < words; k++) s.sii[k] = r.u16('sii');
    const objects = r.u16('object_count');
    for (let k = 0; k < objects; k++) s.objects.push(readObject(r));
    s.params = r.take(r.u16('param_size'), 'params');
    if (r.at - offset !== s.recordSize) throw new Error(`slave ${i}: record_size ${s.recordSize} but ${r.at - offset} bytes parsed`);
    img.slaves.push(s);
  }
  if (r.at !== bytes.length) throw new Error(`${bytes.length - r.at} bytes after the last slave record`);
  return img;
}
