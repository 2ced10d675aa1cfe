// SPDX-License-Identifier: MIT
// Decodes SII (EEPROM) words into their fields: the fixed area and the categories STRINGS,
// GENERAL, FMMU, SYNCM, TXPDO, RXPDO and DC. Used by tests to check the builder, and meant for
// an `ecat sii_read -v` style decoder, so it never throws: problems are listed in `errors`.
import { siiChecksum } from './crc.js';
import { CATEGORY, DC_MODE_BYTES, FMMU_PAD, GENERAL_BYTES, SII } from './layout.js';

/** A mailbox area of the fixed SII words. */
export interface SiiArea {
  start: number;
  size: number;
}

/** The GENERAL category, strings resolved. */
export interface SiiGeneral {
  group: string;
  imageName: string;
  orderNumber: string;
  deviceName: string;
  coeDetails: number;
  foeDetails: number;
  eoeDetails: number;
  soeChannels: number;
  ds402Channels: number;
  sysmanClass: number;
  flags: number;
  currentOnEBus: number;
  /** Physical port codes 0..3 (0 none, 1 MII, 3 EBUS). */
  physicalPorts: number[];
}

/** One SYNCM category item. */
export interface SiiSyncManager {
  start: number;
  size: number;
  control: number;
  status: number;
  enable: number;
  type: number;
}

/** One entry of a TXPDO/RXPDO item, name resolved. */
export interface SiiPdoEntry {
  index: number;
  subindex: number;
  name: string;
  dataType: number;
  bits: number;
  flags: number;
}

/** One TXPDO/RXPDO item. */
export interface SiiPdo {
  index: number;
  /** 0xff: not assigned by default. */
  sm: number;
  dcSync: number;
  name: string;
  flags: number;
  entries: SiiPdoEntry[];
}

/** One DC category item (a sync mode). */
export interface SiiDcMode {
  cycleTime: number;
  shift0: number;
  shift1: number;
  sync1Factor: number;
  assignActivate: number;
  sync0Factor: number;
  name: string;
}

/** Everything parseSii decodes. */
export interface ParsedSii {
  pdiControl: number;
  pdiConfig: number;
  syncImpulse: number;
  pdiConfig2: number;
  alias: number;
  checksum: number;
  checksumValid: boolean;
  identity: { vendor: number; product: number; revision: number; serial: number };
  bootstrap: { rx: SiiArea; tx: SiiArea };
  mailbox: { rx: SiiArea; tx: SiiArea };
  protocols: number;
  /** From word 0x3e: (value + 1) Kbit. */
  eepromBytes: number;
  version: number;
  /** Each category with its word offset (of the header) and payload size in words. */
  categories: Array<{ type: number; offset: number; words: number }>;
  strings: string[];
  general: SiiGeneral | null;
  fmmus: number[];
  syncManagers: SiiSyncManager[];
  txPdos: SiiPdo[];
  rxPdos: SiiPdo[];
  dc: SiiDcMode[];
  errors: string[];
}

/** Read `words` (an EEPROM image) as SII. */
export function parseSii(words: ArrayLike<number>): ParsedSii {
  const n = words.length;
  const word = (i: number): number => (i < n ? (words[i] ?? 0) & 0xffff : 0xffff);
  const dword = (i: number): number => (word(i) | (word(i + 1) << 16)) >>> 0;
  const errors: string[] = [];
  if (n < SII.categories) errors.push(`only ${n} words; the fixed area alone is ${SII.categories}`);
  const out: ParsedSii = {
    pdiControl: word(SII.pdiControl),
    pdiConfig: word(SII.pdiConfig),
    syncImpulse: word(SII.syncImpulse),
    pdiConfig2: word(SII.pdiConfig2),
    alias: word(SII.alias),
    checksum: word(SII.checksum),
    checksumValid: (word(SII.checksum) & 0xff) === siiChecksum(Array.from({ length: 7 }, (_, i) => word(i))),
    identity: { vendor: dword(SII.vendor), product: dword(SII.product), revision: dword(SII.revision), serial: dword(SII.serial) },
    bootstrap: { rx: { start: word(0x14), size: word(0x15) }, tx: { start: word(0x16), size: word(0x17) } },
    mailbox: { rx: { start: word(0x18), size: word(0x19) }, tx: { start: word(0x1a), size: word(0x1b) } },
    protocols: word(SII.protocols),
    eepromBytes: ((word(SII.size) + 1) * 1024) / 8,
    version: word(SII.version),
    categories: [],
    strings: [],
    general: null,
    fmmus: [],
    syncManagers: [],
    txPdos: [],
    rxPdos: [],
    dc: [],
    errors,
  };

  // First pass: find the categories (STRINGS may come after the ones that refer to it).
  let at = SII.categories;
  for (;;) {
    if (at >= n) {
      errors.push(`no END category before word 0x${at.toString(16)}`);
      break;
    }
    const type = word(at);
    if (type === CATEGORY.end) break;
    const size = word(at + 1);
    if (at + 2 + size > n) {
      errors.push(`category 0x${type.toString(16)} at word 0x${at.toString(16)} runs past the end (${size} words)`);
      break;
    }
    out.categories.push({ type, offset: at, words: size });
    at += 2 + size;
  }
  const bytesOf = (c: { offset: number; words: number }): Uint8Array => {
    const b = new Uint8Array(2 * c.words);
    for (let i = 0; i < c.words; i++) {
      const v = word(c.offset + 2 + i);
      b[2 * i] = v & 0xff;
      b[2 * i + 1] = v >> 8;
    }
    return b;
  };
  const stringsCat = out.categories.find((c) => c.type === CATEGORY.strings);
  if (stringsCat) {
    const b = bytesOf(stringsCat);
    let p = 1;
    for (let i = 0; i < (b[0] ?? 0); i++) {
      const len = b[p] ?? 0;
      if (p + 1 + len > b.length) {
        errors.push(`string ${i + 1} runs past the STRINGS category`);
        break;
      }
      out.strings.push(Buffer.from(b.subarray(p + 1, p + 1 + len)).toString('utf8'));
      p += 1 + len;
    }
  }
  const str = (i: number): string => (i === 0 ? '' : (out.strings[i - 1] ?? ''));

  for (const c of out.categories) {
    const b = bytesOf(c);
    const view = new DataView(b.buffer);
    switch (c.type) {
      case CATEGORY.general: {
        if (b.length < GENERAL_BYTES) {
          errors.push(`GENERAL category is ${b.length} bytes; expected ${GENERAL_BYTES}`);
          break;
        }
        const ports = view.getUint16(0x10, true);
        out.general = {
          group: str(b[0] ?? 0),
          imageName: str(b[1] ?? 0),
          orderNumber: str(b[2] ?? 0),
          deviceName: str(b[3] ?? 0),
          coeDetails: b[5] ?? 0,
          foeDetails: b[6] ?? 0,
          eoeDetails: b[7] ?? 0,
          soeChannels: b[8] ?? 0,
          ds402Channels: b[9] ?? 0,
          sysmanClass: b[10] ?? 0,
          flags: b[11] ?? 0,
          currentOnEBus: view.getInt16(0x0c, true),
          physicalPorts: [0, 1, 2, 3].map((i) => (ports >> (4 * i)) & 0xf),
        };
        break;
      }
      case CATEGORY.fmmu:
        for (const x of b) if (x !== FMMU_PAD) out.fmmus.push(x);
        break;
      case CATEGORY.syncManager:
        for (let p = 0; p + 8 <= b.length; p += 8) {
          out.syncManagers.push({
            start: view.getUint16(p, true),
            size: view.getUint16(p + 2, true),
            control: b[p + 4] ?? 0,
            status: b[p + 5] ?? 0,
            enable: b[p + 6] ?? 0,
            type: b[p + 7] ?? 0,
          });
        }
        break;
      case CATEGORY.txPdo:
      case CATEGORY.rxPdo: {
        const list = c.type === CATEGORY.txPdo ? out.txPdos : out.rxPdos;
        let p = 0;
        while (p + 8 <= b.length) {
          const count = b[p + 2] ?? 0;
          if (p + 8 + 8 * count > b.length) {
            errors.push(`PDO 0x${view.getUint16(p, true).toString(16)} runs past its category`);
            break;
          }
          const pdo: SiiPdo = { index: view.getUint16(p, true), sm: b[p + 3] ?? 0, dcSync: b[p + 4] ?? 0, name: str(b[p + 5] ?? 0), flags: view.getUint16(p + 6, true), entries: [] };
          for (let e = 0; e < count; e++) {
            const q = p + 8 + 8 * e;
            pdo.entries.push({ index: view.getUint16(q, true), subindex: b[q + 2] ?? 0, name: str(b[q + 3] ?? 0), dataType: b[q + 4] ?? 0, bits: b[q + 5] ?? 0, flags: view.getUint16(q + 6, true) });
          }
          list.push(pdo);
          p += 8 + 8 * count;
        }
        break;
      }
      case CATEGORY.dc:
        for (let p = 0; p + DC_MODE_BYTES <= b.length; p += DC_MODE_BYTES) {
          out.dc.push({
            cycleTime: view.getUint32(p, true),
            shift0: view.getUint32(p + 4, true),
            shift1: view.getUint32(p + 8, true),
            sync1Factor: view.getInt16(p + 12, true),
            assignActivate: view.getUint16(p + 14, true),
            sync0Factor: view.getInt16(p + 16, true),
            name: str(b[p + 18] ?? 0),
          });
        }
        break;
      default:
        break; // STRINGS handled above; others are kept in `categories` only
    }
  }
  return out;
}
