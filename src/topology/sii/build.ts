// SPDX-License-Identifier: MIT
// Builds a slave's EEPROM image the way IgH reads it at scan time: the fixed area (PDI
// configuration, alias, checksum, identity, mailboxes, protocols, size, version) followed by
// the categories STRINGS, GENERAL, FMMU, SYNCM, TXPDO, RXPDO, DC and END. STRINGS comes first
// because the master resolves string indices of later categories as it reads them.
import type { DcSupport, Identity, Mailbox, Pdo, PortDescriptor, SiiSettings, SyncManager } from '../types.js';
import { MAILBOX_PROTOCOLS } from '../types.js';
import { siiChecksum } from './crc.js';
import { CATEGORY, FMMU_CODE, FMMU_PAD, GENERAL_BYTES, PDO_FLAGS, PHYSICAL_PORT, SII, SM_TYPE } from './layout.js';

/** Everything the SII describes about a slave. */
export interface SiiInput {
  sii: SiiSettings;
  alias: number;
  identity: Identity;
  mailbox: Mailbox | null;
  coe: { sdoInfo: boolean; pdoAssign: boolean; pdoConfig: boolean; uploadAtStartup: boolean; completeAccess: boolean } | null;
  dc: DcSupport;
  syncManagers: SyncManager[];
  pdos: Pdo[];
  ports: PortDescriptor[];
}

/** Largest EEPROM the image format allows (4096 words). */
export const MAX_EEPROM_BYTES = 8192;
/** Default capacity: 16 Kbit, common on terminals and drives. */
export const DEFAULT_EEPROM_BYTES = 2048;

/** Little-endian byte writer for category payloads. */
class Bytes {
  readonly data: number[] = [];
  u8(v: number): this {
    this.data.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v).u8(v >> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16((v >>> 16) & 0xffff);
  }
}

/** The string table: deduplicated, 1-based (0 = no string). */
class Strings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  overflow = false;
  ref(s: string): number {
    if (!s) return 0;
    const found = this.index.get(s);
    if (found !== undefined) return found;
    if (this.list.length >= 255) {
      this.overflow = true;
      return 0;
    }
    // A string longer than 255 bytes cannot be stored; the caller validated names, but
    // truncate defensively rather than corrupt the category.
    const bytes = Buffer.from(s, 'utf8');
    this.list.push(bytes.length > 255 ? bytes.subarray(0, 255).toString('utf8') : s);
    this.index.set(s, this.list.length);
    return this.list.length;
  }
}

function pushCategory(words: number[], type: number, payload: number[]): void {
  if (payload.length % 2) payload.push(0);
  words.push(type, payload.length / 2);
  for (let i = 0; i < payload.length; i += 2) words.push((payload[i] ?? 0) | ((payload[i + 1] ?? 0) << 8));
}

function pdoCategory(pdos: Pdo[], strings: Strings): number[] {
  const b = new Bytes();
  for (const p of pdos) {
    let flags = 0;
    if (p.mandatory) flags |= PDO_FLAGS.mandatory;
    if (p.sm !== null) flags |= PDO_FLAGS.default;
    if (p.fixed) flags |= PDO_FLAGS.fixed;
    b.u16(p.index).u8(p.entries.length).u8(p.sm ?? 0xff).u8(0).u8(strings.ref(p.name)).u16(flags);
    for (const e of p.entries) b.u16(e.index).u8(e.subindex).u8(strings.ref(e.name)).u8(e.dataType).u8(e.bits).u16(0);
  }
  return b.data;
}

/** The EEPROM words and what could not be built as asked. */
export interface SiiBuildResult {
  words: Uint16Array;
  /** Problems that make the SII unbuildable as asked (too large, too many strings). */
  problems: string[];
}

/** Build the EEPROM words, without raw overrides (see applySiiWords). */
export function buildSii(s: SiiInput): SiiBuildResult {
  const problems: string[] = [];
  const w: number[] = new Array<number>(SII.categories).fill(0);
  const set32 = (at: number, v: number): void => {
    w[at] = v & 0xffff;
    w[at + 1] = (v >>> 16) & 0xffff;
  };
  w[SII.pdiControl] = s.sii.pdiControl;
  w[SII.pdiConfig] = s.sii.pdiConfig;
  w[SII.syncImpulse] = s.sii.syncImpulse;
  w[SII.pdiConfig2] = s.sii.pdiConfig2;
  w[SII.alias] = s.alias;
  set32(SII.vendor, s.identity.vendor);
  set32(SII.product, s.identity.product);
  set32(SII.revision, s.identity.revision);
  set32(SII.serial, s.identity.serial);
  if (s.mailbox) {
    const boot = s.mailbox.bootstrap;
    if (boot) [w[SII.bootstrapRx], w[SII.bootstrapRx + 1], w[SII.bootstrapTx], w[SII.bootstrapTx + 1]] = [boot.rx.start, boot.rx.size, boot.tx.start, boot.tx.size];
    const m = s.mailbox;
    [w[SII.standardRx], w[SII.standardRx + 1], w[SII.standardTx], w[SII.standardTx + 1]] = [m.rx.start, m.rx.size, m.tx.start, m.tx.size];
    w[SII.protocols] = MAILBOX_PROTOCOLS.reduce((mask, p, bit) => (m.protocols.includes(p) ? mask | (1 << bit) : mask), 0);
  }
  w[SII.version] = 1;

  const strings = new Strings();
  // Reserve the general category's strings first so they get the low indices, as tools do.
  const group = strings.ref(s.sii.group);
  const image = strings.ref(s.sii.imageName);
  const order = strings.ref(s.sii.orderNumber);
  const name = strings.ref(s.sii.deviceName);
  const tx = pdoCategory(s.pdos.filter((p) => p.direction === 'tx'), strings);
  const rx = pdoCategory(s.pdos.filter((p) => p.direction === 'rx'), strings);
  const dc = new Bytes();
  if (s.dc.systemTime) {
    for (const m of s.dc.syncModes) {
      dc.u32(m.cycleTime).u32(m.shift0).u32(m.shift1).u16(m.sync1Factor).u16(m.assignActivate).u16(m.sync0Factor).u8(strings.ref(m.name)).u8(0).u32(0);
    }
  }
  if (strings.overflow) problems.push('more than 255 distinct SII strings (device, PDO and entry names); shorten the list or reuse names');

  const str = new Bytes().u8(strings.list.length);
  for (const t of strings.list) {
    const bytes = Buffer.from(t, 'utf8');
    str.u8(bytes.length);
    for (const x of bytes) str.u8(x);
  }
  pushCategory(w, CATEGORY.strings, str.data);

  const g = new Bytes();
  let coeDetails = 0;
  if (s.coe) {
    coeDetails = 0x01 | (s.coe.sdoInfo ? 0x02 : 0) | (s.coe.pdoAssign ? 0x04 : 0) | (s.coe.pdoConfig ? 0x08 : 0);
    coeDetails |= (s.coe.uploadAtStartup ? 0x10 : 0) | (s.coe.completeAccess ? 0x20 : 0);
  }
  const has = (p: 'foe' | 'eoe' | 'soe'): boolean => s.mailbox?.protocols.includes(p) ?? false;
  let ports = 0;
  s.ports.forEach((p, i) => (ports |= PHYSICAL_PORT[p] << (4 * i)));
  g.u8(group).u8(image).u8(order).u8(name).u8(0).u8(coeDetails).u8(has('foe') ? 1 : 0).u8(has('eoe') ? 1 : 0);
  g.u8(has('soe') ? 1 : 0).u8(s.sii.ds402Channels).u8(0).u8((s.sii.enableSafeOp ? 1 : 0) | (s.sii.enableNotLrw ? 2 : 0));
  g.u16(s.sii.currentOnEBus & 0xffff).u8(group).u8(0).u16(ports).u16(0);
  while (g.data.length < GENERAL_BYTES) g.u8(0);
  pushCategory(w, CATEGORY.general, g.data);

  if (s.sii.fmmus.length > 0) {
    const f: number[] = s.sii.fmmus.map((u) => FMMU_CODE[u]);
    if (f.length % 2) f.push(FMMU_PAD);
    pushCategory(w, CATEGORY.fmmu, f);
  }
  if (s.syncManagers.length > 0) {
    const sm = new Bytes();
    const n = Math.max(...s.syncManagers.map((x) => x.index)) + 1;
    for (let i = 0; i < n; i++) {
      const x = s.syncManagers.find((y) => y.index === i);
      if (x) sm.u16(x.start).u16(x.size).u8(x.control).u8(0).u8(x.enable).u8(SM_TYPE[x.type]);
      else sm.u16(0).u16(0).u8(0).u8(0).u8(0).u8(0);
    }
    pushCategory(w, CATEGORY.syncManager, sm.data);
  }
  if (tx.length > 0) pushCategory(w, CATEGORY.txPdo, tx);
  if (rx.length > 0) pushCategory(w, CATEGORY.rxPdo, rx);
  if (dc.data.length > 0) pushCategory(w, CATEGORY.dc, dc.data);
  w.push(CATEGORY.end);

  const contentBytes = 2 * w.length;
  let capacity = s.sii.eepromBytes;
  if (capacity === 0) {
    capacity = DEFAULT_EEPROM_BYTES;
    while (capacity < contentBytes && capacity < MAX_EEPROM_BYTES) capacity *= 2;
  }
  if (contentBytes > capacity) {
    problems.push(`the SII needs ${contentBytes} bytes but the EEPROM holds ${capacity}${capacity >= MAX_EEPROM_BYTES ? ' (the largest allowed)' : '; raise sii.eepromSize'}`);
    capacity = Math.min(MAX_EEPROM_BYTES, Math.max(capacity, 2 ** Math.ceil(Math.log2(contentBytes))));
  }
  w[SII.size] = (capacity * 8) / 1024 - 1;
  w[SII.checksum] = siiChecksum(w);
  // The rest of the EEPROM is erased (0xffff), as on a real device.
  const words = new Uint16Array(capacity / 2).fill(0xffff);
  words.set(w.slice(0, words.length));
  return { words, problems };
}

/**
 * Apply raw word overrides (`sii.words`). The checksum is recomputed unless word 7 itself is
 * overridden, so a deliberately wrong checksum can be written for fault injection.
 */
export function applySiiWords(words: Uint16Array, overrides: ReadonlyArray<{ address: number; value: number }>): void {
  for (const o of overrides) if (o.address < words.length) words[o.address] = o.value;
  if (!overrides.some((o) => o.address === SII.checksum)) words[SII.checksum] = siiChecksum(words);
}
