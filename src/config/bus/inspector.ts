// SPDX-License-Identifier: MIT
// The few inspection calls of NativeMaster (src/binding/native.ts) that checking a plan against
// a live bus and scanning a bus into a configuration need, narrowed to the fields used. A real
// NativeMaster satisfies it as it is; tests pass a small fake. BusReader caches answers so each
// ioctl is made once per check.
import type { NativeMaster } from '../../binding/native.js';

/** What is read about one slave. */
export interface InspectedSlave {
  position: number;
  vendorId: number;
  productCode: number;
  revisionNumber: number;
  alias: number;
  name: string;
  /** Bit mask: 1 AoE, 2 EoE, 4 CoE, 8 FoE, 16 SoE, 32 VoE. */
  mailboxProtocols: number;
  syncCount: number;
  sdoCount: number;
}

/** A sync manager as SLAVE_SYNC reports it. */
export interface InspectedSync {
  index: number;
  controlRegister: number;
  pdoCount: number;
}

/** A PDO as SLAVE_SYNC_PDO reports it. */
export interface InspectedPdo {
  index: number;
  entryCount: number;
  name: string;
}

/** A PDO entry as SLAVE_SYNC_PDO_ENTRY reports it. */
export interface InspectedPdoEntry {
  index: number;
  subindex: number;
  bitLength: number;
  name: string;
}

/** A dictionary object as SLAVE_SDO reports it. */
export interface InspectedSdo {
  index: number;
  maxSubindex: number;
  name: string;
}

/** A dictionary entry as SLAVE_SDO_ENTRY reports it. */
export interface InspectedSdoEntry {
  dataType: number;
  bitLength: number;
  /** PREOP, SAFEOP, OP. */
  readAccess: readonly [boolean, boolean, boolean];
  writeAccess: readonly [boolean, boolean, boolean];
  description: string;
}

/** The inspection calls used; NativeMaster has them all. */
export interface BusInspector {
  master(): { slaveCount: number };
  slave(position: number): InspectedSlave;
  slaveSync(position: number, sync: number): InspectedSync;
  slaveSyncPdo(position: number, sync: number, pdoPos: number): InspectedPdo;
  slaveSyncPdoEntry(position: number, sync: number, pdoPos: number, entryPos: number): InspectedPdoEntry;
  slaveSdo(position: number, sdoPos: number): InspectedSdo;
  /** `sdoSpec` > 0: the object index; as NativeMaster.slaveSdoEntry. */
  slaveSdoEntry(position: number, sdoSpec: number, subindex: number): InspectedSdoEntry;
}

/** A NativeMaster as a BusInspector: no conversion, but the compiler checks that it fits. */
export function inspectorOf(master: NativeMaster): BusInspector {
  return master;
}

/** The CoE bit of NativeSlaveInfo.mailboxProtocols. */
export const MAILBOX_COE = 4;

/** A sync manager with its PDOs as the slave reports them. */
export interface ReadSync {
  info: InspectedSync;
  /** From the PDO indices, else the SM control register's direction bits (01 = the master writes). */
  direction: 'output' | 'input';
  pdos: Array<{ info: InspectedPdo; entries: InspectedPdoEntry[] }>;
}

/** Reads a bus once and remembers the answers. */
export class BusReader {
  private readonly slaves = new Map<number, InspectedSlave>();
  private readonly syncs = new Map<number, ReadSync[]>();
  private readonly dictionaries = new Map<number, Map<number, InspectedSdo>>();
  private readonly entries = new Map<string, InspectedSdoEntry | null>();
  private count: number | undefined;

  constructor(readonly bus: BusInspector) {}

  slaveCount(): number {
    this.count ??= this.bus.master().slaveCount;
    return this.count;
  }

  slave(position: number): InspectedSlave {
    let s = this.slaves.get(position);
    if (!s) {
      s = this.bus.slave(position);
      this.slaves.set(position, s);
    }
    return s;
  }

  /** All slaves in ring order. */
  all(): InspectedSlave[] {
    return Array.from({ length: this.slaveCount() }, (_, i) => this.slave(i));
  }

  /** The sync managers with their PDOs (the slave's current assignment, from SII or CoE). */
  syncsOf(position: number): ReadSync[] {
    let list = this.syncs.get(position);
    if (list) return list;
    list = [];
    const n = this.slave(position).syncCount;
    for (let i = 0; i < n; i++) {
      const info = this.bus.slaveSync(position, i);
      const pdos: ReadSync['pdos'] = [];
      for (let p = 0; p < info.pdoCount; p++) {
        const pdo = this.bus.slaveSyncPdo(position, i, p);
        const entries: InspectedPdoEntry[] = [];
        for (let e = 0; e < pdo.entryCount; e++) entries.push(this.bus.slaveSyncPdoEntry(position, i, p, e));
        pdos.push({ info: pdo, entries });
      }
      const first = pdos[0]?.info.index;
      const byPdo = first === undefined ? undefined : first >= 0x1a00 && first <= 0x1bff ? 'input' : first >= 0x1600 && first <= 0x17ff ? 'output' : undefined;
      const direction = byPdo ?? ((info.controlRegister & 0x0c) === 0x04 ? 'output' : 'input');
      list.push({ info, direction, pdos });
    }
    this.syncs.set(position, list);
    return list;
  }

  /** The object dictionary's objects by index (empty when the slave offers no SDO information). */
  dictionary(position: number): Map<number, InspectedSdo> {
    let d = this.dictionaries.get(position);
    if (d) return d;
    d = new Map();
    const n = this.slave(position).sdoCount;
    for (let i = 0; i < n; i++) {
      const sdo = this.bus.slaveSdo(position, i);
      d.set(sdo.index, sdo);
    }
    this.dictionaries.set(position, d);
    return d;
  }

  /** The description of `index:subindex`, or null if the dictionary does not have it. */
  sdoEntry(position: number, index: number, subindex: number): InspectedSdoEntry | null {
    const key = `${position}/${index}/${subindex}`;
    if (this.entries.has(key)) return this.entries.get(key) ?? null;
    let e: InspectedSdoEntry | null = null;
    const obj = this.dictionary(position).get(index);
    if (obj && subindex <= obj.maxSubindex) {
      try {
        e = this.bus.slaveSdoEntry(position, index, subindex);
      } catch {
        // Records may skip subindices; the master answers those with an error.
        e = null;
      }
    }
    this.entries.set(key, e);
    return e;
  }
}

/**
 * IgH's addressing: alias 0 -> `position` is the ring position; otherwise the first slave (in
 * ring order) whose alias is `alias`, plus `position` slaves further on. null: no such slave.
 */
export function ringPosition(reader: BusReader, alias: number, position: number): number | null {
  const count = reader.slaveCount();
  if (alias === 0) return position < count ? position : null;
  for (let i = 0; i < count; i++) {
    if (reader.slave(i).alias === alias) return i + position < count ? i + position : null;
  }
  return null;
}
