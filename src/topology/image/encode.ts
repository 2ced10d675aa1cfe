// SPDX-License-Identifier: MIT
// Serializes a validated Topology into the virtual master's binary image (docs/vbus-image.md,
// format 1). The output depends only on the topology, byte for byte, so callers may hash it
// (the virtual master keys saved bus state by it). A Topology built by hand rather than by the
// loader is checked against the format's limits here; violations throw a RangeError naming the
// slave and the field.
import { dataTypeByCode } from '../coe/datatypes.js';
import { limitBits } from '../coe/values.js';
import { MODEL_CODES, PORT_DESCRIPTOR_CODES, type CoeObject, type Slave, type Topology } from '../types.js';
import { ENTRY_FLAGS, IMAGE_MAGIC, IMAGE_VERSION, LIMITS, NO_SLAVE, SLAVE_FLAGS } from './format.js';
import { encodeParams } from './params.js';
import { ByteWriter } from './writer.js';

function fail(slave: Slave, field: string, message: string): never {
  throw new RangeError(`slave ${slave.position} ("${slave.name}") ${field}: ${message}`);
}

function macBytes(mac: string): number[] {
  const parts = mac.split(':').map((p) => parseInt(p, 16));
  if (parts.length !== 6 || parts.some((p) => !(p >= 0 && p <= 255))) throw new RangeError(`master.mac: "${mac}" is not a MAC address`);
  return parts;
}

function writeObject(w: ByteWriter, slave: Slave, o: CoeObject): void {
  const field = `object 0x${o.index.toString(16).padStart(4, '0')}`;
  if (o.entries.length < 1 || o.entries.length > LIMITS.entries) fail(slave, field, `${o.entries.length} entries; expected 1..${LIMITS.entries}`);
  w.u16(o.index);
  w.u8(o.objectCode);
  w.u8(o.maxSubindex);
  w.str(o.name);
  w.u16(o.entries.length);
  let last = -1;
  for (const e of o.entries) {
    if (e.subindex <= last) fail(slave, field, 'entries are not in ascending subindex order');
    last = e.subindex;
    const maxBytes = Math.ceil(e.bits / 8);
    if (e.value.length > maxBytes || e.value.length > LIMITS.valueBytes) fail(slave, `${field}:${e.subindex}`, `value is ${e.value.length} bytes; at most ${Math.min(maxBytes, LIMITS.valueBytes)}`);
    const type = dataTypeByCode(e.dataType);
    let flags = 0;
    if (e.min !== undefined) flags |= ENTRY_FLAGS.hasMin;
    if (e.max !== undefined) flags |= ENTRY_FLAGS.hasMax;
    if (e.volatile) flags |= ENTRY_FLAGS.volatile;
    w.u8(e.subindex);
    w.u8(e.access);
    w.u16(e.dataType);
    w.u16(e.bits);
    w.u16(flags);
    w.str(e.name);
    if (e.min !== undefined) w.u64(type ? limitBits(type, e.min) : BigInt(e.min));
    if (e.max !== undefined) w.u64(type ? limitBits(type, e.max) : BigInt(e.max));
    w.u16(e.value.length);
    w.bytes(e.value);
  }
}

function writeSlave(w: ByteWriter, s: Slave): void {
  const start = w.length;
  w.u32(0); // record_size, patched below
  w.u8(MODEL_CODES[s.model]);
  let flags = 0;
  if (s.dc.supported) flags |= SLAVE_FLAGS.dc;
  if (s.dc.supported && s.dc.range64) flags |= SLAVE_FLAGS.dc64;
  if (s.dc.supported && s.dc.systemTime) flags |= SLAVE_FLAGS.systemTime;
  if (s.fmmuBitOperation) flags |= SLAVE_FLAGS.fmmuBitOp;
  w.u8(flags);
  w.u16(0);
  w.u32(s.transmissionDelay);
  if (s.ports.length !== 4) fail(s, 'ports', `${s.ports.length} ports; expected 4`);
  for (const p of s.ports) {
    w.u8(PORT_DESCRIPTOR_CODES[p.descriptor]);
    w.u8(p.linkUp ? 1 : 0);
    w.u8(p.loopClosed ? 1 : 0);
    w.u8(p.signalDetected ? 1 : 0);
    w.u16(p.nextSlave ?? NO_SLAVE);
    w.u16(0);
    w.u32(p.receiveTime);
    w.u32(p.delayToNextDc);
  }
  const n = s.siiWords.length;
  if (n < LIMITS.siiWordsMin || n > LIMITS.siiWordsMax) fail(s, 'sii', `${n} words; expected ${LIMITS.siiWordsMin}..${LIMITS.siiWordsMax}`);
  w.u16(n);
  w.u16s(s.siiWords);
  if (s.objects.length > LIMITS.objects) fail(s, 'objects', `${s.objects.length} objects; at most ${LIMITS.objects}`);
  w.u16(s.objects.length);
  let last = -1;
  for (const o of s.objects) {
    if (o.index <= last) fail(s, 'objects', 'not in ascending index order, or duplicated');
    last = o.index;
    writeObject(w, s, o);
  }
  const params = encodeParams(s);
  if (params.length > LIMITS.paramBytes) fail(s, 'params', `${params.length} bytes of model parameters and faults; at most ${LIMITS.paramBytes}`);
  w.u16(params.length);
  w.bytes(params);
  w.patchU32(start, w.length - start);
}

/** The image the virtual master loads (docs/vbus-image.md). */
export function buildImage(topology: Topology): Uint8Array {
  const slaves = topology.slaves;
  if (slaves.length > LIMITS.slaves) throw new RangeError(`${slaves.length} slaves; the image holds at most ${LIMITS.slaves}`);
  const w = new ByteWriter();
  w.u32(IMAGE_MAGIC);
  w.u16(IMAGE_VERSION);
  w.u16(0);
  w.u32(0); // total_size, patched below
  w.u16(slaves.length);
  w.u16(0);
  for (const b of macBytes(topology.master.mac)) w.u8(b);
  w.u8(topology.master.linkUp ? 1 : 0);
  w.u8(0);
  w.u32(0);
  slaves.forEach((s, i) => {
    if (s.position !== i) fail(s, 'position', `is ${s.position} but the slave is at index ${i}`);
    writeSlave(w, s);
  });
  if (w.length > LIMITS.imageBytes) throw new RangeError(`the image would be ${w.length} bytes; at most ${LIMITS.imageBytes}`);
  w.patchU32(8, w.length);
  return w.finish();
}
