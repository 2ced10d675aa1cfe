// SPDX-License-Identifier: MIT
// The `params` of a slave record: model parameters and scheduled faults as TLV records (u16
// tag, u16 length, value; docs/vbus-image.md, "Model parameters"). A slave without parameters
// and faults has none, so images of topologies that use neither are unchanged.
import { AL_STATE_CODES, FAULT_KINDS, INPUT_PATTERN_MODES, WAVE_SHAPES, type ScheduledFault, type Slave } from '../types.js';
import { PARAM_TAGS } from './format.js';
import { ByteWriter } from './writer.js';

/** One TLV record as stored. */
export interface ParamRecord {
  tag: number;
  /** Offset of the record (its tag) within the params. */
  offset: number;
  value: Uint8Array;
}

function faultValue(f: ScheduledFault): ByteWriter {
  const w = new ByteWriter();
  w.u32(f.cycle);
  w.u8(FAULT_KINDS.indexOf(f.kind) + 1);
  w.u8(0);
  w.u16(0);
  w.u32(f.duration);
  if (f.kind === 'al-error') {
    w.u8(AL_STATE_CODES[f.state ?? 'safeop']);
    w.u8(0);
    w.u16(f.code ?? 0);
  } else if (f.kind === 'sdo-abort') {
    w.u16(f.index ?? 0);
    w.u8(f.subindex ?? 0);
    w.u8(0);
    w.u32(f.abortCode ?? 0);
  }
  return w;
}

function record(w: ByteWriter, tag: number, value: ByteWriter): void {
  w.u16(tag);
  w.u16(value.length);
  w.bytes(value.finish());
}

function u32(v: number): ByteWriter {
  const w = new ByteWriter();
  w.u32(v);
  return w;
}

/** The params bytes of a slave record. */
export function encodeParams(s: Slave): Uint8Array {
  const w = new ByteWriter();
  const p = s.params;
  if (p?.pattern) {
    const v = new ByteWriter();
    v.u32(p.pattern.periodMs);
    v.u8(INPUT_PATTERN_MODES.indexOf(p.pattern.mode));
    v.u8(0);
    v.u16(0);
    v.u64(p.pattern.value);
    record(w, PARAM_TAGS.inputPattern, v);
  }
  for (const wf of p?.waveforms ?? []) {
    const v = new ByteWriter();
    v.u8(wf.channel);
    v.u8(WAVE_SHAPES.indexOf(wf.shape));
    v.u16(0);
    v.u32(wf.min);
    v.u32(wf.max);
    v.u32(wf.periodMs);
    v.u32(wf.phaseMs);
    record(w, PARAM_TAGS.waveform, v);
  }
  const d = p?.drive;
  if (d?.position !== undefined) record(w, PARAM_TAGS.drivePosition, u32(d.position));
  if (d?.maxVelocity !== undefined) record(w, PARAM_TAGS.driveMaxVelocity, u32(d.maxVelocity));
  if (d?.maxAcceleration !== undefined) record(w, PARAM_TAGS.driveMaxAcceleration, u32(d.maxAcceleration));
  if (d?.requireDc !== undefined) {
    const v = new ByteWriter();
    v.u8(d.requireDc ? 1 : 0);
    record(w, PARAM_TAGS.driveRequireDc, v);
  }
  for (const f of s.faults ?? []) record(w, PARAM_TAGS.fault, faultValue(f));
  return w.finish();
}

/** Bytes encodeParams writes for the slave. */
export function paramsSize(s: Slave): number {
  return encodeParams(s).length;
}

/** Split params into records; throws on a record that runs past the end. */
export function decodeParams(params: Uint8Array): ParamRecord[] {
  const view = new DataView(params.buffer, params.byteOffset, params.byteLength);
  const out: ParamRecord[] = [];
  let at = 0;
  while (at < params.length) {
    if (params.length - at < 4) throw new Error(`params: ${params.length - at} bytes at offset ${at} do not hold a tag and a length`);
    const tag = view.getUint16(at, true);
    const len = view.getUint16(at + 2, true);
    if (at + 4 + len > params.length) throw new Error(`params: tag 0x${tag.toString(16).padStart(4, '0')} at offset ${at}: length ${len} runs past the end`);
    out.push({ tag, offset: at, value: params.subarray(at + 4, at + 4 + len) });
    at += 4 + len;
  }
  return out;
}
