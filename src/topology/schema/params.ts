// SPDX-License-Identifier: MIT
// `params:` (a model's parameters) and `faults:` (faults the virtual bus schedules after
// activation) -> ParamsSpec / FaultSpec. Each model takes its own keys; what needs other parts
// of the slave (DC support, the CoE mailbox) or other slaves (names) is checked later.
import type { Issues } from '../source/issues.js';
import type { MapNode, SrcNode } from '../source/node.js';
import { asMap, asSeq, checkKeys, describe, get, item, readBig, readBool, readChoice, readInt, sub, whereOf } from '../source/read.js';
import type { FaultSpec, ParamsSpec } from '../spec.js';
import {
  FAULT_KINDS,
  INPUT_PATTERN_MODES,
  WAVE_SHAPES,
  type AlStateName,
  type DriveSettings,
  type FaultKind,
  type InputPattern,
  type ModelName,
  type ModelSettings,
  type ScheduledFault,
  type Waveform,
} from '../types.js';
import { parseEntryRef } from './pdos.js';

/** Models that take `params:`. */
export const MODELS_WITH_PARAMS: readonly ModelName[] = ['digital-input', 'analog-input', 'cia402'];

/** Keys of `params:` per model. */
export const PARAM_KEYS: Readonly<Partial<Record<ModelName, readonly string[]>>> = {
  'digital-input': ['pattern', 'periodMs', 'value'],
  'analog-input': ['waveforms'],
  cia402: ['position', 'maxVelocity', 'maxAcceleration', 'requireDc'],
};

const WAVEFORM_KEYS = ['channel', 'shape', 'min', 'max', 'periodMs', 'phaseMs'];

/** Keys of a fault item; `slave` only at the top level. */
const FAULT_KEYS = ['at', 'kind', 'duration', 'state', 'code', 'entry'];

/** Faults that last a number of cycles (the others happen once). */
const LASTING: readonly FaultKind[] = ['slave-lost', 'link-down', 'wkc-drop'];

/** The keys each fault kind needs beyond `at` and `kind`. */
const FAULT_ARGS: Readonly<Record<FaultKind, readonly string[]>> = {
  'al-error': ['state', 'code'],
  'slave-lost': ['duration'],
  'link-down': ['duration'],
  'wkc-drop': ['duration'],
  'sdo-abort': ['entry', 'code'],
};

const AL_STATE_NAMES: readonly AlStateName[] = ['init', 'preop', 'safeop', 'op'];

const U32_MAX = 0xffffffff;
const MS = `milliseconds (1..${U32_MAX})`;

/** The default waveform of channel `ch` (0-based), as the model runs it without parameters. */
export function defaultWaveform(ch: number): Waveform {
  return { channel: ch, shape: 'triangle', min: 0, max: 32767, periodMs: 1000, phaseMs: 250 * ch };
}

function readPattern(issues: Issues, map: MapNode, path: string, channels: number): InputPattern | undefined {
  let ok = true;
  const pattern: InputPattern = { mode: 'counter', periodMs: 100, value: 0n };
  let v: SrcNode | undefined;
  if ((v = get(map, 'pattern'))) {
    const mode = readChoice(issues, v, sub(path, 'pattern'), INPUT_PATTERN_MODES, 'input pattern');
    if (mode) pattern.mode = mode;
    else ok = false;
  }
  if ((v = get(map, 'periodMs'))) {
    const n = readInt(issues, v, sub(path, 'periodMs'), 1, U32_MAX, `a step time in ${MS}`);
    if (n !== undefined) pattern.periodMs = n;
    else ok = false;
  }
  if ((v = get(map, 'value'))) {
    const p = sub(path, 'value');
    if (ok && pattern.mode !== 'constant') {
      issues.add(p, v.pos, `value applies to pattern: constant; with ${pattern.mode} the inputs move by themselves`);
      return undefined;
    }
    const n = readBig(issues, v, p, 0n, (1n << 64n) - 1n, 'the input bits as an unsigned number (bit 0 = channel 1)');
    if (n === undefined) return undefined;
    if (channels < 64 && n >> BigInt(channels) !== 0n) {
      issues.add(p, v.pos, `value 0x${n.toString(16)} sets bits beyond the ${channels} channels (at most 0x${((1n << BigInt(channels)) - 1n).toString(16)})`);
      return undefined;
    }
    pattern.value = n;
  }
  return ok ? pattern : undefined;
}

function readWaveforms(issues: Issues, node: SrcNode, path: string, channels: number): Waveform[] | undefined {
  const seq = asSeq(issues, node, path, 'a list of waveforms ({channel, shape, min, max, periodMs, phaseMs})');
  if (!seq) return undefined;
  const out: Waveform[] = [];
  const seen = new Map<number, number>();
  let ok = true;
  seq.items.forEach((n, i) => {
    const p = item(path, i);
    const map = asMap(issues, n, p, `a waveform mapping (${WAVEFORM_KEYS.join(', ')})`);
    if (!map) {
      ok = false;
      return;
    }
    checkKeys(issues, map, p, WAVEFORM_KEYS);
    const cv = get(map, 'channel');
    if (!cv) {
      issues.add(sub(p, 'channel'), map.pos, `missing \`channel:\` (1..${channels}, the channel the waveform drives)`);
      ok = false;
      return;
    }
    const ch = readInt(issues, cv, sub(p, 'channel'), 1, channels, `a channel number of this terminal (1..${channels})`);
    if (ch === undefined) {
      ok = false;
      return;
    }
    const prior = seen.get(ch);
    if (prior !== undefined) {
      issues.add(sub(p, 'channel'), cv.pos, `channel ${ch} already has a waveform (line ${prior})`);
      ok = false;
      return;
    }
    seen.set(ch, cv.pos.line);
    const w = defaultWaveform(ch - 1);
    let v: SrcNode | undefined;
    let good = true;
    if ((v = get(map, 'shape'))) {
      const shape = readChoice(issues, v, sub(p, 'shape'), WAVE_SHAPES, 'waveform shape');
      if (shape) w.shape = shape;
      else good = false;
    }
    const raw = 'a raw 16-bit value (-32768..32767)';
    if ((v = get(map, 'min'))) {
      const x = readInt(issues, v, sub(p, 'min'), -32768, 32767, raw);
      if (x !== undefined) w.min = x;
      else good = false;
    }
    const maxNode = get(map, 'max');
    if (maxNode) {
      const x = readInt(issues, maxNode, sub(p, 'max'), -32768, 32767, raw);
      if (x !== undefined) w.max = x;
      else good = false;
    }
    if (good && w.min > w.max) {
      const at = maxNode ?? get(map, 'min') ?? map;
      issues.add(maxNode ? sub(p, 'max') : sub(p, 'min'), at.pos, `max ${w.max} is less than min ${w.min}`);
      good = false;
    }
    if ((v = get(map, 'periodMs'))) {
      const x = readInt(issues, v, sub(p, 'periodMs'), 1, U32_MAX, `a period in ${MS}`);
      if (x !== undefined) w.periodMs = x;
      else good = false;
    }
    if ((v = get(map, 'phaseMs'))) {
      const x = readInt(issues, v, sub(p, 'phaseMs'), 0, U32_MAX, `a phase in milliseconds (0..${U32_MAX})`);
      if (x !== undefined) w.phaseMs = x;
      else good = false;
    }
    if (good) out.push(w);
    else ok = false;
  });
  return ok ? out.sort((a, b) => a.channel - b.channel) : undefined;
}

function readDrive(issues: Issues, map: MapNode, path: string): { drive: DriveSettings; requireDcAt?: ReturnType<typeof whereOf> } | undefined {
  const drive: DriveSettings = {};
  let ok = true;
  let v: SrcNode | undefined;
  if ((v = get(map, 'position'))) {
    const x = readInt(issues, v, sub(path, 'position'), -2147483648, 2147483647, 'a position in counts (a signed 32-bit number)');
    if (x !== undefined) drive.position = x;
    else ok = false;
  }
  if ((v = get(map, 'maxVelocity'))) {
    const x = readInt(issues, v, sub(path, 'maxVelocity'), 1, 2147483647, 'a velocity in counts/s (1..2147483647)');
    if (x !== undefined) drive.maxVelocity = x;
    else ok = false;
  }
  if ((v = get(map, 'maxAcceleration'))) {
    const x = readInt(issues, v, sub(path, 'maxAcceleration'), 1, U32_MAX, `an acceleration in counts/s² (1..${U32_MAX})`);
    if (x !== undefined) drive.maxAcceleration = x;
    else ok = false;
  }
  let requireDcAt;
  if ((v = get(map, 'requireDc'))) {
    const b = readBool(issues, v, sub(path, 'requireDc'));
    if (b !== undefined) {
      drive.requireDc = b;
      requireDcAt = whereOf(sub(path, 'requireDc'), v);
    } else ok = false;
  }
  if (!ok) return undefined;
  return requireDcAt ? { drive, requireDcAt } : { drive };
}

/**
 * `params:` of a slave whose model is `model` with `channels` channels. Undefined when it
 * is unusable (reported).
 */
export function readParams(issues: Issues, node: SrcNode, path: string, model: ModelName, channels: number): ParamsSpec | undefined {
  const keys = PARAM_KEYS[model];
  if (!keys) {
    issues.add(path, node.pos, `params applies to the ${MODELS_WITH_PARAMS.join(', ')} models, not to ${model}`);
    return undefined;
  }
  const map = asMap(issues, node, path, `a mapping of ${model} parameters (${keys.join(', ')})`);
  if (!map) return undefined;
  checkKeys(issues, map, path, keys, ` for model ${model}`);
  const settings: ModelSettings = {};
  const at = whereOf(path, node);
  switch (model) {
    case 'digital-input': {
      if (map.entries.length === 0) return { settings, at };
      const pattern = readPattern(issues, map, path, channels);
      if (!pattern) return undefined;
      settings.pattern = pattern;
      return { settings, at };
    }
    case 'analog-input': {
      const v = get(map, 'waveforms');
      if (!v) return { settings, at };
      const waveforms = readWaveforms(issues, v, sub(path, 'waveforms'), channels);
      if (!waveforms) return undefined;
      settings.waveforms = waveforms;
      return { settings, at };
    }
    default: {
      const d = readDrive(issues, map, path);
      if (!d) return undefined;
      if (Object.keys(d.drive).length) settings.drive = d.drive;
      return d.requireDcAt ? { settings, requireDcAt: d.requireDcAt, at } : { settings, at };
    }
  }
}

function readFault(issues: Issues, node: SrcNode, path: string, topLevel: boolean): FaultSpec | undefined {
  const keys = topLevel ? [...FAULT_KEYS, 'slave'] : FAULT_KEYS;
  const map = asMap(issues, node, path, `a fault mapping (${keys.join(', ')})`);
  if (!map) return undefined;
  checkKeys(issues, map, path, keys);
  const kindNode = get(map, 'kind');
  if (!kindNode) {
    issues.add(sub(path, 'kind'), map.pos, `missing \`kind:\` (${FAULT_KINDS.join(', ')})`);
    return undefined;
  }
  const kind = readChoice(issues, kindNode, sub(path, 'kind'), FAULT_KINDS, 'fault kind');
  if (!kind) return undefined;
  let ok = true;
  const fault: ScheduledFault = { kind, cycle: 0, duration: 0 };
  const atNode = get(map, 'at');
  if (!atNode) {
    issues.add(sub(path, 'at'), map.pos, 'missing `at:` (the cycle after activation the fault happens in; 1 = the first)');
    ok = false;
  } else {
    const c = readInt(issues, atNode, sub(path, 'at'), 1, U32_MAX, `a cycle number (1 = the first cycle after activation, up to ${U32_MAX})`);
    if (c !== undefined) fault.cycle = c;
    else ok = false;
  }
  // Arguments the kind does not take, then the ones it needs.
  for (const key of ['duration', 'state', 'code', 'entry']) {
    const v = get(map, key);
    if (v && !FAULT_ARGS[kind].includes(key)) {
      const takes = FAULT_ARGS[kind].length ? `; it takes ${FAULT_ARGS[kind].join(' and ')}` : '';
      const why = key === 'duration' ? ` (it happens once; ${LASTING.join(', ')} last a number of cycles)` : takes;
      issues.add(sub(path, key), v.pos, `${key} does not apply to ${kind}${why}`);
      ok = false;
    }
  }
  let v: SrcNode | undefined;
  if (LASTING.includes(kind) && (v = get(map, 'duration'))) {
    const d = readInt(issues, v, sub(path, 'duration'), 0, U32_MAX, `a number of cycles (0 = the fault stays, up to ${U32_MAX})`);
    if (d !== undefined) fault.duration = d;
    else ok = false;
  }
  if (kind === 'al-error') {
    if (!(v = get(map, 'state'))) {
      issues.add(sub(path, 'state'), map.pos, 'missing `state:` (the AL state the slave drops to: init, preop, safeop or op)');
      ok = false;
    } else {
      const st = readChoice(issues, v, sub(path, 'state'), AL_STATE_NAMES, 'AL state');
      if (st) fault.state = st;
      else ok = false;
    }
    if (!(v = get(map, 'code'))) {
      issues.add(sub(path, 'code'), map.pos, 'missing `code:` (the AL status code the slave reports, e.g. 0x001b)');
      ok = false;
    } else {
      const c = readInt(issues, v, sub(path, 'code'), 0, 0xffff, 'an AL status code (0x0000..0xffff)');
      if (c !== undefined) fault.code = c;
      else ok = false;
    }
  }
  if (kind === 'sdo-abort') {
    if (!(v = get(map, 'entry'))) {
      issues.add(sub(path, 'entry'), map.pos, 'missing `entry:` (the object entry whose next SDO access aborts, e.g. "0x6065:00")');
      ok = false;
    } else {
      const ref = v.kind === 'scalar' && typeof v.value === 'string' ? parseEntryRef(v.value) : undefined;
      if (ref) {
        fault.index = ref.index;
        fault.subindex = ref.subindex;
      } else {
        issues.add(sub(path, 'entry'), v.pos, `expected an entry reference such as "0x6065:00" (index:subindex, subindex in hex), got ${describe(v)}`);
        ok = false;
      }
    }
    if (!(v = get(map, 'code'))) {
      issues.add(sub(path, 'code'), map.pos, 'missing `code:` (the SDO abort code, e.g. 0x06090011)');
      ok = false;
    } else {
      const c = readInt(issues, v, sub(path, 'code'), 1, U32_MAX, 'an SDO abort code (0x00000001..0xffffffff, e.g. 0x06090011)');
      if (c !== undefined) fault.abortCode = c;
      else ok = false;
    }
  }
  const out: FaultSpec = { fault, at: whereOf(path, node) };
  const slaveNode = get(map, 'slave');
  if (topLevel && kind === 'link-down') {
    if (slaveNode) {
      issues.add(sub(path, 'slave'), slaveNode.pos, 'link-down concerns the whole bus (the master loses its link); it takes no slave');
      ok = false;
    }
  } else if (topLevel) {
    if (!slaveNode) {
      issues.add(sub(path, 'slave'), map.pos, `missing \`slave:\` (the name of the slave the ${kind} happens to)`);
      ok = false;
    } else if (slaveNode.kind === 'scalar' && (typeof slaveNode.value === 'string' || typeof slaveNode.value === 'bigint')) {
      out.slave = String(slaveNode.value);
      out.slaveAt = whereOf(sub(path, 'slave'), slaveNode);
    } else {
      issues.add(sub(path, 'slave'), slaveNode.pos, `expected a slave name, got ${describe(slaveNode)}`);
      ok = false;
    }
  } else if (kind === 'link-down') {
    issues.add(sub(path, 'kind'), kindNode.pos, 'link-down concerns the whole bus, not one slave; list it in the top-level `faults:`');
    ok = false;
  }
  return ok ? out : undefined;
}

/** A `faults:` list: a slave's (`topLevel` false) or the file's. */
export function readFaults(issues: Issues, node: SrcNode, path: string, topLevel: boolean): FaultSpec[] {
  const what = topLevel ? 'a list of faults ({at, kind, slave, ...})' : 'a list of faults ({at, kind, ...})';
  const seq = asSeq(issues, node, path, what);
  if (!seq) return [];
  const out: FaultSpec[] = [];
  seq.items.forEach((n, i) => {
    const f = readFault(issues, n, item(path, i), topLevel);
    if (f) out.push(f);
  });
  return out;
}
