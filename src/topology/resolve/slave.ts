// SPDX-License-Identifier: MIT
// One slave from its declaration: model defaults, then the preset, then what the file says;
// then the parts that depend on each other (PDOs on the dictionary, sync managers on the PDOs,
// the standard CoE objects on both, the SII on everything). Connections and ports are the
// topology's job (resolve/topology.ts); here ports only get their kind.
import { dataTypeByCode } from '../coe/datatypes.js';
import { finalizeObject, mergeDictionary, standardObjects } from '../coe/dictionary.js';
import { encodeValue } from '../coe/values.js';
import { readValue, valueBytes } from '../schema/values.js';
import { MODELS } from '../models/index.js';
import { DEFAULT_CIA402_MODES } from '../models/cia402.js';
import { defaultMailbox } from '../models/model.js';
import { MAX_OBJECTS } from '../schema/objects.js';
import { applySiiWords, buildSii } from '../sii/build.js';
import type { Issues, Where } from '../source/issues.js';
import { hex, sub } from '../source/read.js';
import type { SlaveSpec } from '../spec.js';
import type { CoeFeatures, CoeObject, DcSupport, FmmuUsage, Mailbox, MemoryArea, ModelName, Pdo, Port, SiiSettings, Slave, SyncManager } from '../types.js';
import { resolveParams } from './faults.js';
import { completePdos, mergeByIndex } from './pdos.js';
import { applySyncManagers, assignPdos, assignedBytes, mailboxLayout, plainLayout } from './sync.js';

const NO_DC: DcSupport = { supported: false, range64: false, systemTime: false, syncModes: [] };

function overlaps(a: MemoryArea, b: MemoryArea): boolean {
  return a.start < b.start + b.size && b.start < a.start + a.size;
}

function resolveMailbox(issues: Issues, spec: SlaveSpec, base: Mailbox | null, presetPatch: ((m: Mailbox) => Mailbox) | undefined): Mailbox {
  let m: Mailbox = base ?? defaultMailbox();
  if (presetPatch) m = presetPatch(m);
  m = { ...m, rx: { ...m.rx }, tx: { ...m.tx }, protocols: [...m.protocols] };
  const s = spec.mailbox;
  if (s) {
    if (s.rx) m.rx = s.rx;
    if (s.tx) m.tx = s.tx;
    if (s.bootstrap !== undefined) m.bootstrap = s.bootstrap;
    if (s.protocols) m.protocols = s.protocols;
    if (overlaps(m.rx, m.tx)) issues.at(s.at, `mailbox areas overlap: rx ${hex(m.rx.start)}/${m.rx.size} and tx ${hex(m.tx.start)}/${m.tx.size}`);
  }
  return m;
}

function resolveDc(issues: Issues, spec: SlaveSpec, base: DcSupport): DcSupport {
  const s = spec.dc;
  if (!s) return { ...base, syncModes: base.syncModes.map((m) => ({ ...m })) };
  if (!s.supported) return { ...NO_DC };
  const dc: DcSupport = {
    supported: true,
    systemTime: s.systemTime ?? true,
    range64: s.range64 ?? true,
    syncModes: s.syncModes ?? (s.systemTime === false ? [] : base.syncModes.map((m) => ({ ...m }))),
  };
  if (!dc.systemTime && s.syncModes && s.syncModes.length > 0) {
    issues.at({ path: sub(s.at.path, 'syncModes'), pos: s.at.pos }, 'sync modes need a DC system time; remove them or set systemTime: true');
  }
  return dc;
}

/** FMMUs a master needs: one per process data direction in use, one for the mailbox status. */
function defaultFmmus(sms: SyncManager[], mailbox: Mailbox | null): FmmuUsage[] {
  const out: FmmuUsage[] = [];
  if (sms.some((s) => s.type === 'outputs' && s.size > 0)) out.push('outputs');
  if (sms.some((s) => s.type === 'inputs' && s.size > 0)) out.push('inputs');
  if (mailbox) out.push('mailbox-status');
  return out;
}

function placeholderPorts(kinds: Slave['ports'][number]['descriptor'][]): Port[] {
  return kinds.map((descriptor) => ({ descriptor, linkUp: false, loopClosed: true, signalDetected: false, nextSlave: null, receiveTime: 0, delayToNextDc: 0 }));
}

/** `values:` — new initial values for existing entries, checked against type and limits. */
function applyValues(issues: Issues, spec: SlaveSpec, objects: CoeObject[], coeOn: boolean): void {
  for (const v of spec.values) {
    const ref = `${hex(v.index)}:${v.subindex.toString(16).padStart(2, '0')}`;
    if (!coeOn) {
      issues.at(v.at, `${ref}: this slave has no CoE dictionary to set values in`);
      continue;
    }
    const entry = objects.find((o) => o.index === v.index)?.entries.find((e) => e.subindex === v.subindex);
    const type = entry ? dataTypeByCode(entry.dataType) : undefined;
    if (!entry || !type) {
      issues.at(v.at, `${ref} is not in the object dictionary`);
      continue;
    }
    const value = readValue(issues, v.node, v.at.path, type, entry.bits);
    if (value === undefined) continue;
    if (type.bits === null && valueBytes(type, value) > entry.bits / 8) {
      issues.at(v.at, `${ref} "${entry.name}" holds at most ${entry.bits / 8} bytes; this value has ${valueBytes(type, value)}`);
      continue;
    }
    if (typeof value === 'bigint' || typeof value === 'number') {
      if (entry.min !== undefined && value < entry.min) issues.at(v.at, `${value} is below the minimum ${entry.min} of ${ref} "${entry.name}"`);
      else if (entry.max !== undefined && value > entry.max) issues.at(v.at, `${value} is above the maximum ${entry.max} of ${ref} "${entry.name}"`);
      else entry.value = encodeValue(type, entry.bits, value);
    } else entry.value = encodeValue(type, entry.bits, value);
  }
}

/** Resolve one slave. Ports, upstream and delays are filled in by the topology step. */
export function resolveSlave(issues: Issues, spec: SlaveSpec): Slave {
  const model: ModelName = spec.model ?? spec.preset?.model ?? 'generic';
  const info = MODELS[model];
  const preset = spec.preset;
  const fallback: Where = spec.presetAt ?? spec.modelAt ?? spec.at;
  const channels = spec.channels ?? preset?.channels ?? info.channels?.default ?? 0;
  const modes = spec.modes ?? preset?.modes ?? DEFAULT_CIA402_MODES;
  // Declaring objects or CoE features asks for a CoE mailbox unless the file says otherwise.
  const mailboxOn = spec.mailbox ? spec.mailbox.enabled : info.mailboxByDefault || spec.objects.length > 0 || spec.coeAt !== undefined;
  const d = info.build({ channels, modes, mailbox: mailboxOn });

  const identity = { ...d.identity, ...(preset?.identity ?? {}), ...spec.identity };
  const mailbox = mailboxOn ? resolveMailbox(issues, spec, d.mailbox, preset?.mailbox) : null;
  const coeOn = mailbox?.protocols.includes('coe') ?? false;
  const why = mailbox ? 'its mailbox does not list coe in protocols' : 'it has no mailbox (mailbox: false)';
  if (!coeOn && spec.objects.length > 0 && spec.objectsAt) issues.at(spec.objectsAt, `objects form a CoE dictionary, but ${why}`);
  if (!coeOn && spec.coeAt) issues.at(spec.coeAt, `CoE features are set, but ${why}`);
  const coe: CoeFeatures = { ...d.coe, ...(preset?.coe ?? {}), ...spec.coe };
  const dc = resolveDc(issues, spec, preset?.dc ?? d.dc);

  const ports = spec.ports ?? preset?.ports ?? d.ports;
  if (ports[0] !== 'mii' && ports[0] !== 'ebus') {
    issues.at(spec.portsAt ?? fallback, `port 0 is ${ports[0]}, but it must be mii or ebus: port 0 is where the slave is connected`);
  }

  // The file's objects replace the model's with the same index; PDO entries resolve against both.
  const appObjects = mergeByIndex(d.objects, spec.objects);
  const dictionary = new Map(appObjects.map((o) => [o.index, o]));
  const drafts = completePdos(issues, mergeByIndex(d.pdos, spec.pdos), { dictionary, coe: coeOn, pdoConfig: coe.pdoConfig, broken: spec.brokenObjects, fallback });

  const outBytes = assignedBytes(drafts, 'rx');
  const inBytes = assignedBytes(drafts, 'tx');
  const layout = mailbox ? mailboxLayout(mailbox, outBytes, inBytes) : plainLayout(outBytes, inBytes);
  const { sms, fixedSize } = applySyncManagers(issues, layout, spec.syncManagers);
  assignPdos(issues, sms, drafts, fixedSize, fallback);
  const pdos: Pdo[] = drafts.map(({ at: _at, sm, ...rest }) => ({ ...rest, sm: sm ?? null }));

  const sii: SiiSettings = {
    pdiControl: spec.sii.pdiControl ?? d.pdiControl,
    pdiConfig: spec.sii.pdiConfig ?? 0,
    syncImpulse: spec.sii.syncImpulse ?? d.syncImpulse,
    pdiConfig2: spec.sii.pdiConfig2 ?? 0,
    eepromBytes: spec.sii.eepromBytes ?? 0,
    deviceName: spec.sii.deviceName ?? preset?.deviceName ?? (d.deviceName || spec.name || ''),
    orderNumber: spec.sii.orderNumber ?? preset?.orderNumber ?? d.orderNumber,
    group: spec.sii.group ?? preset?.group ?? d.group,
    imageName: spec.sii.imageName ?? '',
    currentOnEBus: spec.sii.currentOnEBus ?? preset?.currentOnEBus ?? d.currentOnEBus,
    enableSafeOp: spec.sii.enableSafeOp ?? false,
    enableNotLrw: spec.sii.enableNotLrw ?? false,
    ds402Channels: d.ds402Channels,
    fmmus: spec.fmmus ?? defaultFmmus(sms, mailbox),
  };

  let objects: CoeObject[] = [];
  if (coeOn) {
    const std = standardObjects({ deviceName: sii.deviceName, identity, coe, dc, syncManagers: sms, pdos });
    const all = mergeDictionary([std, appObjects]);
    if (all.length > MAX_OBJECTS) issues.at(spec.objectsAt ?? fallback, `the dictionary has ${all.length} objects; at most ${MAX_OBJECTS} allowed`);
    objects = all.map(finalizeObject);
  }

  applyValues(issues, spec, objects, coeOn);

  const alias = spec.alias ?? 0;
  const built = buildSii({ sii, alias, identity, mailbox, coe: coeOn ? coe : null, dc, syncManagers: sms, pdos, ports });
  for (const p of built.problems) issues.at(spec.sii.at ?? fallback, p);
  const words = built.words;
  sii.eepromBytes = words.length * 2;
  for (const w of spec.sii.words) {
    if (w.address >= words.length) issues.at(w.at, `word ${hex(w.address)} is beyond the EEPROM (${words.length} words; raise sii.eepromSize)`);
  }
  applySiiWords(words, spec.sii.words);

  const slave: Slave = {
    position: spec.index,
    name: spec.name ?? `#${spec.index}`,
    model,
    preset: spec.presetName ?? null,
    identity,
    alias,
    fmmuBitOperation: spec.fmmuBitOperation ?? false,
    dc,
    mailbox,
    coe: coeOn ? coe : null,
    syncManagers: sms,
    pdos,
    objects,
    sii,
    siiWords: words,
    ports: placeholderPorts(ports),
    upstream: null,
    cable: 0,
    transmissionDelay: 0,
    source: { path: spec.at.path, line: spec.at.pos.line, column: spec.at.pos.column },
  };
  resolveParams(issues, spec, slave);
  return slave;
}
