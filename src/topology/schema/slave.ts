// SPDX-License-Identifier: MIT
// One entry of `slaves:` -> SlaveSpec. Only syntax and local ranges are checked here; what
// needs the model, the preset or other slaves (connections, PDOs vs dictionary) comes later.
import { CIA402_MODE_NAMES, type Cia402Mode } from '../models/model.js';
import { MODELS } from '../models/index.js';
import { PRESET_NAMES, findPreset } from '../presets.js';
import type { Issues } from '../source/issues.js';
import type { SrcNode } from '../source/node.js';
import { asMap, asSeq, checkKeys, describe, get, item, readBool, readChoice, readInt, readU16, sub, whereOf } from '../source/read.js';
import { didYouMean } from '../source/suggest.js';
import type { SlaveSpec, ValueSpec } from '../spec.js';
import { MODEL_NAMES } from '../types.js';
import { readCoe, readConnect, readDc, readFmmus, readIdentity, readMailbox, readPorts, readSii, readSyncManagers } from './device.js';
import { readObjects } from './objects.js';
import { readFaults, readParams } from './params.js';
import { parseEntryRef, readPdos } from './pdos.js';

/** Every key a slave entry may have. */
export const SLAVE_KEYS = [
  'name',
  'preset',
  'model',
  'channels',
  'modes',
  'identity',
  'alias',
  'connect',
  'ports',
  'dc',
  'fmmuBitOperation',
  'mailbox',
  'coe',
  'syncManagers',
  'fmmus',
  'pdos',
  'objects',
  'values',
  'sii',
  'params',
  'faults',
];

/** Names must be usable in `connect: name:port`, so no colons or spaces. */
const NAME_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

function readName(issues: Issues, node: SrcNode, path: string): string | undefined {
  if (node.kind === 'scalar' && (typeof node.value === 'string' || typeof node.value === 'bigint')) {
    const s = String(node.value);
    if (NAME_RE.test(s) && s.length <= 63) return s;
    issues.add(path, node.pos, `invalid slave name "${s}"; use up to 63 letters, digits, "_", "-" or "." (it is referred to as "name:port")`);
    return undefined;
  }
  issues.add(path, node.pos, `expected a slave name, got ${describe(node)}`);
  return undefined;
}

function readModes(issues: Issues, node: SrcNode, path: string): Cia402Mode[] | undefined {
  const seq = asSeq(issues, node, path, `a list of CiA 402 modes (${CIA402_MODE_NAMES.join(', ')})`);
  if (!seq) return undefined;
  const list = seq.items.map((n, i) => readChoice(issues, n, item(path, i), CIA402_MODE_NAMES, 'CiA 402 mode'));
  if (list.some((m) => m === undefined)) return undefined;
  if (list.length === 0) {
    issues.add(path, seq.pos, 'a drive needs at least one mode');
    return undefined;
  }
  return CIA402_MODE_NAMES.filter((m) => list.includes(m));
}

/** `values: {"0x8000:15": 3}`: initial values of entries by reference; checked once the dictionary exists. */
function readValues(issues: Issues, node: SrcNode, path: string): ValueSpec[] {
  const map = asMap(issues, node, path, 'a mapping of "index:subindex" to value, e.g. {"0x8000:15": 3}');
  const out: ValueSpec[] = [];
  if (!map) return out;
  for (const e of map.entries) {
    const p = `${path}["${e.key}"]`;
    const ref = parseEntryRef(e.key);
    if (!ref) {
      issues.add(p, e.keyPos, `"${e.key}" is not an entry reference; expected "index:subindex" such as "0x8000:15" (subindex in hex)`);
      continue;
    }
    out.push({ ...ref, node: e.value, at: whereOf(p, e.value) });
  }
  return out;
}

/** Read `slaves[index]`. */
export function readSlave(issues: Issues, node: SrcNode, index: number): SlaveSpec | undefined {
  const path = item('slaves', index);
  const map = asMap(issues, node, path, 'a slave mapping (name, preset or model, ...)');
  if (!map) return undefined;
  checkKeys(issues, map, path, SLAVE_KEYS);
  const spec: SlaveSpec = { index, at: whereOf(path, map), unresolved: false, identity: {}, coe: {}, syncManagers: [], pdos: [], objects: [], brokenObjects: new Set(), values: [], sii: { words: [] }, faults: [] };
  let v: SrcNode | undefined;

  if ((v = get(map, 'name'))) {
    spec.name = readName(issues, v, sub(path, 'name'));
    spec.nameAt = whereOf(sub(path, 'name'), v);
  } else {
    issues.add(sub(path, 'name'), map.pos, 'missing `name:` (each slave needs a unique name)');
  }
  if ((v = get(map, 'preset'))) {
    spec.presetAt = whereOf(sub(path, 'preset'), v);
    if (v.kind === 'scalar' && (typeof v.value === 'string' || typeof v.value === 'bigint')) {
      spec.presetName = String(v.value);
      spec.preset = findPreset(spec.presetName);
      spec.unresolved ||= !spec.preset;
      if (!spec.preset) issues.add(sub(path, 'preset'), v.pos, `unknown preset "${spec.presetName}"${didYouMean(spec.presetName, PRESET_NAMES)}; known presets: ${PRESET_NAMES.join(', ')}`);
    } else {
      spec.unresolved = true;
      issues.add(sub(path, 'preset'), v.pos, `expected a preset name (${PRESET_NAMES.join(', ')}), got ${describe(v)}`);
    }
  }
  if ((v = get(map, 'model'))) {
    spec.model = readChoice(issues, v, sub(path, 'model'), MODEL_NAMES, 'model');
    spec.unresolved ||= spec.model === undefined;
    spec.modelAt = whereOf(sub(path, 'model'), v);
  }
  if (spec.preset && spec.model && spec.preset.model !== spec.model && spec.modelAt) {
    issues.at(spec.modelAt, `model ${spec.model} contradicts preset ${spec.preset.name}, which is a ${spec.preset.model}; drop one of them`);
  }
  const model = spec.model ?? spec.preset?.model ?? 'generic';
  if ((v = get(map, 'channels'))) {
    const range = MODELS[model].channels;
    spec.channelsAt = whereOf(sub(path, 'channels'), v);
    if (!range) issues.add(sub(path, 'channels'), v.pos, `channels applies to the digital and analog models, not to ${model}`);
    else spec.channels = readInt(issues, v, sub(path, 'channels'), range.min, range.max, `a channel count for ${model} (${range.min}..${range.max})`);
  }
  if ((v = get(map, 'modes'))) {
    spec.modesAt = whereOf(sub(path, 'modes'), v);
    if (model !== 'cia402') issues.add(sub(path, 'modes'), v.pos, `modes applies to the cia402 model, not to ${model}`);
    else spec.modes = readModes(issues, v, sub(path, 'modes'));
  }
  if ((v = get(map, 'identity'))) spec.identity = readIdentity(issues, v, sub(path, 'identity'));
  if ((v = get(map, 'alias'))) spec.alias = readU16(issues, v, sub(path, 'alias'));
  if ((v = get(map, 'connect'))) spec.connect = readConnect(issues, v, sub(path, 'connect'));
  if ((v = get(map, 'ports'))) {
    spec.ports = readPorts(issues, v, sub(path, 'ports'));
    spec.unresolved ||= spec.ports === undefined;
    spec.portsAt = whereOf(sub(path, 'ports'), v);
  }
  if ((v = get(map, 'dc'))) spec.dc = readDc(issues, v, sub(path, 'dc'));
  if ((v = get(map, 'fmmuBitOperation'))) spec.fmmuBitOperation = readBool(issues, v, sub(path, 'fmmuBitOperation'));
  if ((v = get(map, 'mailbox'))) spec.mailbox = readMailbox(issues, v, sub(path, 'mailbox'));
  if ((v = get(map, 'coe'))) {
    spec.coe = readCoe(issues, v, sub(path, 'coe'));
    spec.coeAt = whereOf(sub(path, 'coe'), v);
  }
  if ((v = get(map, 'syncManagers'))) spec.syncManagers = readSyncManagers(issues, v, sub(path, 'syncManagers'));
  if ((v = get(map, 'fmmus'))) spec.fmmus = readFmmus(issues, v, sub(path, 'fmmus'));
  if ((v = get(map, 'pdos'))) spec.pdos = readPdos(issues, v, sub(path, 'pdos'));
  if ((v = get(map, 'objects'))) {
    spec.objects = readObjects(issues, v, sub(path, 'objects'), spec.brokenObjects);
    spec.objectsAt = whereOf(sub(path, 'objects'), v);
  }
  if ((v = get(map, 'values'))) spec.values = readValues(issues, v, sub(path, 'values'));
  if ((v = get(map, 'sii'))) spec.sii = readSii(issues, v, sub(path, 'sii'));
  // Parameters depend on the model and its channel count; an unknown preset or model has
  // been reported already, and checking against a guessed model would only add noise.
  if ((v = get(map, 'params')) && !spec.unresolved && (!spec.channelsAt || spec.channels !== undefined)) {
    const channels = spec.channels ?? spec.preset?.channels ?? MODELS[model].channels?.default ?? 0;
    spec.params = readParams(issues, v, sub(path, 'params'), model, channels);
  }
  if ((v = get(map, 'faults'))) spec.faults = readFaults(issues, v, sub(path, 'faults'), false);
  return spec;
}
