// SPDX-License-Identifier: MIT
// Readers for the device sections of a slave: identity, connect, ports, dc, mailbox, coe,
// syncManagers, fmmus and sii. Each returns what was written (undefined fields stay open for
// presets and models) and reports malformed values with their path.
import type { Issues } from '../source/issues.js';
import type { MapNode, SrcNode } from '../source/node.js';
import {
  asMap,
  asSeq,
  checkKeys,
  describe,
  get,
  item,
  parseIntText,
  readBool,
  readChoice,
  readInt,
  readNumber,
  readString,
  readU16,
  readU32,
  readU8,
  sub,
  whereOf,
} from '../source/read.js';
import type { ConnectSpec, DcSpec, MailboxSpec, SiiSpec, SyncManagerSpec } from '../spec.js';
import { FMMU_USAGES, MAILBOX_PROTOCOLS, SYNC_MANAGER_TYPES } from '../types.js';
import type { CoeFeatures, DcSyncMode, FmmuUsage, Identity, MemoryArea, PortDescriptor } from '../types.js';

/** Names accepted for port kinds; `none` is an alias of `n/a`. */
const PORT_WORDS: Readonly<Record<string, PortDescriptor>> = { mii: 'mii', ebus: 'ebus', 'e-bus': 'ebus', 'n/a': 'n/a', none: 'n/a', 'n/c': 'n/c' };

/** Longest cable we accept (100BASE-TX segment limit). */
export const MAX_CABLE_M = 100;

/** `identity: {vendor, product, revision, serial}`; fields not written stay open. */
export function readIdentity(issues: Issues, node: SrcNode, path: string): Partial<Identity> {
  const map = asMap(issues, node, path, 'a mapping with vendor, product, revision, serial');
  const out: Partial<Identity> = {};
  if (!map) return out;
  checkKeys(issues, map, path, ['vendor', 'product', 'revision', 'serial']);
  for (const key of ['vendor', 'product', 'revision', 'serial'] as const) {
    const v = get(map, key);
    if (!v) continue;
    const n = readU32(issues, v, sub(path, key));
    if (n !== undefined) out[key] = n;
  }
  return out;
}

/** `connect: coupler`, `connect: "coupler:3"` or `connect: {slave: coupler, port: 3, cable: 2}`. */
export function readConnect(issues: Issues, node: SrcNode, path: string): ConnectSpec | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    const m = /^([^:]+?)(?::(.+))?$/.exec(node.value.trim());
    const slave = m?.[1];
    if (!m || slave === undefined) {
      issues.add(path, node.pos, `expected "name" or "name:port", got ${describe(node)}`);
      return undefined;
    }
    const out: ConnectSpec = { slave, at: whereOf(path, node) };
    if (m[2] !== undefined) {
      const port = parseIntText(m[2]);
      if (port === undefined || port < 1n || port > 3n) {
        issues.add(path, node.pos, `port "${m[2]}" is not 1, 2 or 3 (port 0 is where a slave itself is connected)`);
        return undefined;
      }
      out.port = Number(port);
    }
    return out;
  }
  const map = asMap(issues, node, path, 'a slave name, "name:port" or a mapping {slave, port, cable}');
  if (!map) return undefined;
  checkKeys(issues, map, path, ['slave', 'port', 'cable']);
  const slaveNode = get(map, 'slave');
  if (!slaveNode) {
    issues.add(sub(path, 'slave'), map.pos, 'missing `slave:` (the name of the slave this one hangs on)');
    return undefined;
  }
  const slave = readString(issues, slaveNode, sub(path, 'slave'), 63, false);
  if (slave === undefined) return undefined;
  const out: ConnectSpec = { slave, at: whereOf(path, map) };
  const portNode = get(map, 'port');
  if (portNode) {
    const port = readInt(issues, portNode, sub(path, 'port'), 1, 3, 'a port number 1, 2 or 3 (port 0 is where a slave itself is connected)');
    if (port === undefined) return undefined;
    out.port = port;
  }
  const cableNode = get(map, 'cable');
  if (cableNode) {
    const cable = readNumber(issues, cableNode, sub(path, 'cable'), `a cable length in metres (0..${MAX_CABLE_M})`);
    if (cable !== undefined && (cable < 0 || cable > MAX_CABLE_M)) issues.add(sub(path, 'cable'), cableNode.pos, `cable length ${cable} m is out of range; expected 0..${MAX_CABLE_M}`);
    else if (cable !== undefined) out.cable = cable;
  }
  return out;
}

/** `ports: [mii, ebus, n/a, n/a]`: ports 0..3 (missing ones are n/a). */
export function readPorts(issues: Issues, node: SrcNode, path: string): PortDescriptor[] | undefined {
  const seq = asSeq(issues, node, path, 'a list of up to 4 port kinds (mii, ebus, n/a, n/c)');
  if (!seq) return undefined;
  if (seq.items.length < 1 || seq.items.length > 4) {
    issues.add(path, seq.pos, `an ESC has 1 to 4 ports; got ${seq.items.length}`);
    return undefined;
  }
  const out: PortDescriptor[] = [];
  let ok = true;
  seq.items.forEach((n, i) => {
    const word = readChoice(issues, n, item(path, i), Object.keys(PORT_WORDS), 'port kind');
    if (word === undefined) ok = false;
    else out.push(PORT_WORDS[word] ?? 'n/a');
  });
  while (out.length < 4) out.push('n/a');
  return ok ? out : undefined;
}

function readSyncModes(issues: Issues, node: SrcNode, path: string): DcSyncMode[] | undefined {
  const seq = asSeq(issues, node, path, 'a list of sync modes');
  if (!seq) return undefined;
  const out: DcSyncMode[] = [];
  seq.items.forEach((n, i) => {
    const p = item(path, i);
    const map = asMap(issues, n, p, 'a sync mode mapping (name, assignActivate, ...)');
    if (!map) return;
    const keys = ['name', 'assignActivate', 'cycleTime', 'shift0', 'shift1', 'sync0Factor', 'sync1Factor'];
    checkKeys(issues, map, p, keys);
    const mode: DcSyncMode = { name: `DC ${i + 1}`, assignActivate: 0x0300, cycleTime: 0, shift0: 0, shift1: 0, sync0Factor: 1, sync1Factor: 0 };
    let v: SrcNode | undefined;
    if ((v = get(map, 'name'))) mode.name = readString(issues, v, sub(p, 'name')) ?? mode.name;
    if ((v = get(map, 'assignActivate'))) mode.assignActivate = readU16(issues, v, sub(p, 'assignActivate')) ?? mode.assignActivate;
    for (const k of ['cycleTime', 'shift0', 'shift1'] as const) if ((v = get(map, k))) mode[k] = readU32(issues, v, sub(p, k)) ?? 0;
    for (const k of ['sync0Factor', 'sync1Factor'] as const) if ((v = get(map, k))) mode[k] = readInt(issues, v, sub(p, k), -32768, 32767) ?? 0;
    out.push(mode);
  });
  return out;
}

/** `dc: true | false | delay-only | {systemTime, range, syncModes}`. */
export function readDc(issues: Issues, node: SrcNode, path: string): DcSpec | undefined {
  const at = whereOf(path, node);
  if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value ? { supported: true, systemTime: true, range64: true, at } : { supported: false, at };
  if (node.kind === 'scalar' && node.value === 'delay-only') return { supported: true, systemTime: false, range64: false, syncModes: [], at };
  const map = asMap(issues, node, path, 'true, false, delay-only or a mapping {systemTime, range, syncModes}');
  if (!map) return undefined;
  checkKeys(issues, map, path, ['systemTime', 'range', 'syncModes']);
  const out: DcSpec = { supported: true, at };
  let v: SrcNode | undefined;
  if ((v = get(map, 'systemTime'))) out.systemTime = readBool(issues, v, sub(path, 'systemTime'));
  if ((v = get(map, 'range'))) {
    const r = readChoice(issues, v, sub(path, 'range'), ['32', '64'], 'DC range (bits)');
    if (r !== undefined) out.range64 = r === '64';
  }
  if ((v = get(map, 'syncModes'))) out.syncModes = readSyncModes(issues, v, sub(path, 'syncModes'));
  return out;
}

/** A mailbox area: "0x1000/128" (as IgH prints it) or {start, size}. */
function readArea(issues: Issues, node: SrcNode, path: string): MemoryArea | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    const m = /^\s*(\S+)\s*\/\s*(\S+)\s*$/.exec(node.value);
    const start = m?.[1] !== undefined ? parseIntText(m[1]) : undefined;
    const size = m?.[2] !== undefined ? parseIntText(m[2]) : undefined;
    if (start !== undefined && size !== undefined && start >= 0n && start <= 0xffffn && size >= 1n && size <= 0xffffn) {
      return { start: Number(start), size: Number(size) };
    }
    issues.add(path, node.pos, `expected "start/size" such as "0x1000/128", got ${describe(node)}`);
    return undefined;
  }
  const map = asMap(issues, node, path, '"start/size" such as "0x1000/128" or a mapping {start, size}');
  if (!map) return undefined;
  checkKeys(issues, map, path, ['start', 'size']);
  const s = get(map, 'start');
  const z = get(map, 'size');
  if (!s || !z) {
    issues.add(path, map.pos, 'a mailbox area needs both start and size');
    return undefined;
  }
  const start = readU16(issues, s, sub(path, 'start'));
  const size = readInt(issues, z, sub(path, 'size'), 1, 0xffff, 'a size in bytes (1..65535)');
  return start === undefined || size === undefined ? undefined : { start, size };
}

/** `mailbox: true | false | {rx, tx, bootstrap, protocols}`. */
export function readMailbox(issues: Issues, node: SrcNode, path: string): MailboxSpec | undefined {
  const at = whereOf(path, node);
  if (node.kind === 'scalar' && typeof node.value === 'boolean') return { enabled: node.value, at };
  const map = asMap(issues, node, path, 'true, false or a mapping {rx, tx, bootstrap, protocols}');
  if (!map) return undefined;
  checkKeys(issues, map, path, ['rx', 'tx', 'bootstrap', 'protocols']);
  const out: MailboxSpec = { enabled: true, at };
  let v: SrcNode | undefined;
  if ((v = get(map, 'rx'))) out.rx = readArea(issues, v, sub(path, 'rx'));
  if ((v = get(map, 'tx'))) out.tx = readArea(issues, v, sub(path, 'tx'));
  if ((v = get(map, 'bootstrap'))) {
    const bp = sub(path, 'bootstrap');
    if ((v.kind === 'scalar' && v.value === false) || (v.kind === 'scalar' && v.value === null)) out.bootstrap = null;
    else {
      const bm = asMap(issues, v, bp, 'false or a mapping {rx, tx}');
      if (bm) {
        checkKeys(issues, bm, bp, ['rx', 'tx']);
        const r = get(bm, 'rx');
        const t = get(bm, 'tx');
        if (!r || !t) issues.add(bp, bm.pos, 'a bootstrap mailbox needs both rx and tx');
        else {
          const rx = readArea(issues, r, sub(bp, 'rx'));
          const tx = readArea(issues, t, sub(bp, 'tx'));
          if (rx && tx) out.bootstrap = { rx, tx };
        }
      }
    }
  }
  if ((v = get(map, 'protocols'))) {
    const seq = asSeq(issues, v, sub(path, 'protocols'), `a list of protocols (${MAILBOX_PROTOCOLS.join(', ')})`);
    if (seq) {
      const list = seq.items.map((n, i) => readChoice(issues, n, item(sub(path, 'protocols'), i), MAILBOX_PROTOCOLS, 'mailbox protocol'));
      out.protocols = MAILBOX_PROTOCOLS.filter((p) => list.includes(p));
    }
  }
  return out;
}

const COE_FLAGS = ['sdoInfo', 'pdoAssign', 'pdoConfig', 'uploadAtStartup', 'completeAccess'] as const;

/** `coe: {deviceType, hardwareVersion, softwareVersion, sdoInfo, pdoAssign, ...}`. */
export function readCoe(issues: Issues, node: SrcNode, path: string): Partial<CoeFeatures> {
  const out: Partial<CoeFeatures> = {};
  const map = asMap(issues, node, path, 'a mapping of CoE features');
  if (!map) return out;
  checkKeys(issues, map, path, ['deviceType', 'hardwareVersion', 'softwareVersion', ...COE_FLAGS]);
  let v: SrcNode | undefined;
  if ((v = get(map, 'deviceType'))) {
    const n = readU32(issues, v, sub(path, 'deviceType'));
    if (n !== undefined) out.deviceType = n;
  }
  for (const k of ['hardwareVersion', 'softwareVersion'] as const) {
    if ((v = get(map, k))) {
      const s = readString(issues, v, sub(path, k));
      if (s !== undefined) out[k] = s;
    }
  }
  for (const k of COE_FLAGS) {
    if ((v = get(map, k))) {
      const b = readBool(issues, v, sub(path, k));
      if (b !== undefined) out[k] = b;
    }
  }
  return out;
}

/** `syncManagers: [{index, start, size, control, enable, type}]`; fields left out keep their defaults. */
export function readSyncManagers(issues: Issues, node: SrcNode, path: string): SyncManagerSpec[] {
  const seq = asSeq(issues, node, path, 'a list of sync managers');
  if (!seq) return [];
  const out: SyncManagerSpec[] = [];
  const seen = new Set<number>();
  seq.items.forEach((n, i) => {
    const map: MapNode | undefined = asMap(issues, n, item(path, `#${i}`), 'a sync manager mapping (index, start, size, control, enable, type)');
    if (!map) return;
    const indexNode = get(map, 'index');
    if (!indexNode) {
      issues.add(sub(item(path, `#${i}`), 'index'), map.pos, 'missing sync manager index (0..15)');
      return;
    }
    const index = readInt(issues, indexNode, sub(item(path, `#${i}`), 'index'), 0, 15, 'a sync manager number (0..15)');
    if (index === undefined) return;
    const p = item(path, index);
    checkKeys(issues, map, p, ['index', 'start', 'size', 'control', 'enable', 'type']);
    if (seen.has(index)) {
      issues.add(sub(p, 'index'), indexNode.pos, `duplicate sync manager ${index}`);
      return;
    }
    seen.add(index);
    const sm: SyncManagerSpec = { index, at: whereOf(p, map) };
    let v: SrcNode | undefined;
    if ((v = get(map, 'start'))) sm.start = readU16(issues, v, sub(p, 'start'));
    if ((v = get(map, 'size'))) sm.size = readU16(issues, v, sub(p, 'size'));
    if ((v = get(map, 'control'))) sm.control = readU8(issues, v, sub(p, 'control'));
    if ((v = get(map, 'enable'))) sm.enable = v.kind === 'scalar' && typeof v.value === 'boolean' ? (v.value ? 1 : 0) : readU8(issues, v, sub(p, 'enable'));
    if ((v = get(map, 'type'))) sm.type = readChoice(issues, v, sub(p, 'type'), SYNC_MANAGER_TYPES, 'sync manager type');
    out.push(sm);
  });
  return out;
}

/** `fmmus: [outputs, inputs, mailbox-status]`: the SII FMMU category. */
export function readFmmus(issues: Issues, node: SrcNode, path: string): FmmuUsage[] | undefined {
  const seq = asSeq(issues, node, path, `a list of FMMU uses (${FMMU_USAGES.join(', ')})`);
  if (!seq) return undefined;
  if (seq.items.length > 16) issues.add(path, seq.pos, `an ESC has at most 16 FMMUs; got ${seq.items.length}`);
  const out = seq.items.map((n, i) => readChoice(issues, n, item(path, i), FMMU_USAGES, 'FMMU use'));
  return out.every((x) => x !== undefined) ? (out as FmmuUsage[]) : undefined;
}

const SII_STRINGS = ['deviceName', 'orderNumber', 'group', 'imageName'] as const;
const SII_WORDS = ['pdiControl', 'pdiConfig', 'syncImpulse', 'pdiConfig2'] as const;
const EEPROM_SIZES = [128, 256, 512, 1024, 2048, 4096, 8192];

/** `sii: {deviceName, ..., eepromSize, words: {0x0010: 0x1234}}`. */
export function readSii(issues: Issues, node: SrcNode, path: string): SiiSpec {
  const out: SiiSpec = { words: [] };
  const map = asMap(issues, node, path, 'a mapping of SII settings');
  if (!map) return out;
  out.at = whereOf(path, map);
  checkKeys(issues, map, path, [...SII_STRINGS, 'currentOnEBus', 'eepromSize', ...SII_WORDS, 'enableSafeOp', 'enableNotLrw', 'words']);
  let v: SrcNode | undefined;
  for (const k of SII_STRINGS) if ((v = get(map, k))) out[k] = readString(issues, v, sub(path, k));
  for (const k of SII_WORDS) if ((v = get(map, k))) out[k] = readU16(issues, v, sub(path, k));
  if ((v = get(map, 'currentOnEBus'))) out.currentOnEBus = readInt(issues, v, sub(path, 'currentOnEBus'), -32768, 32767, 'a current in mA (-32768..32767; negative feeds the E-Bus)');
  if ((v = get(map, 'eepromSize'))) {
    const n = readInt(issues, v, sub(path, 'eepromSize'), 0, 1 << 20, `an EEPROM size in bytes (${EEPROM_SIZES.join(', ')})`);
    if (n !== undefined && !EEPROM_SIZES.includes(n)) issues.add(sub(path, 'eepromSize'), v.pos, `EEPROM size ${n} is not one of ${EEPROM_SIZES.join(', ')} bytes`);
    else if (n !== undefined) out.eepromBytes = n;
  }
  for (const k of ['enableSafeOp', 'enableNotLrw'] as const) if ((v = get(map, k))) out[k] = readBool(issues, v, sub(path, k));
  if ((v = get(map, 'words'))) {
    const wp = sub(path, 'words');
    const wm = asMap(issues, v, wp, 'a mapping of word address to value, e.g. {0x0010: 0x1234}');
    if (wm) {
      for (const e of wm.entries) {
        const address = parseIntText(e.key);
        const ep = item(wp, e.key);
        if (address === undefined || address < 0n || address > 4095n) {
          issues.add(ep, e.keyPos, `word address "${e.key}" is not a number from 0 to 4095`);
          continue;
        }
        const value = readU16(issues, e.value, ep);
        if (value !== undefined) out.words.push({ address: Number(address), value, at: whereOf(ep, e.value) });
      }
    }
  }
  return out;
}
