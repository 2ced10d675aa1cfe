// SPDX-License-Identifier: MIT
// The CoE object dictionary of a slave: the communication objects every CoE device has (device
// type and name, versions, identity, sync manager types, PDO mappings and assignments, and for
// DC devices the sync manager parameters), generated from the slave so that they always agree
// with its PDOs and sync managers; then the model's objects and the file's objects on top.
import type { EntryDef, ObjectDef } from '../defs.js';
import { ACCESS, type CoeFeatures, type CoeObject, type DcSupport, type Identity, type Pdo, type SyncManager } from '../types.js';
import { array, entry, record, subName, variable } from './make.js';
import { encodeValue } from './values.js';

/** SII/0x1C00 sync manager type codes. */
const SM_TYPE_CODE = { unused: 0, 'mailbox-out': 1, 'mailbox-in': 2, outputs: 3, inputs: 4 } as const;

/** What the standard objects are generated from. */
export interface DictionaryInput {
  deviceName: string;
  identity: Identity;
  coe: CoeFeatures;
  dc: DcSupport;
  syncManagers: SyncManager[];
  pdos: Pdo[];
}

/** Sub 0 of ARRAY/RECORD: the number of entries in use (here given explicitly). */
function count(value: number, access: string): EntryDef {
  return entry(0, subName(0), 'uint8', access, { value: BigInt(value) });
}

/** A visible string whose capacity fits the text (at least one byte). */
function text(index: number, name: string, value: string): ObjectDef {
  return variable(index, name, 'string', 'ro', { value, bits: 8 * Math.max(1, Buffer.byteLength(value, 'utf8')) });
}

function mappingObject(pdo: Pdo, configurable: boolean): ObjectDef {
  const access = configurable ? 'rwr-r-' : 'ro';
  const entries: EntryDef[] = [count(pdo.entries.length, access)];
  for (let i = 1; i <= pdo.capacity; i++) {
    const e = pdo.entries[i - 1];
    const value = e ? (BigInt(e.index) << 16n) | (BigInt(e.subindex) << 8n) | BigInt(e.bits) : 0n;
    entries.push(entry(i, subName(i), 'uint32', access, { value }));
  }
  const name = pdo.name || `${pdo.direction === 'rx' ? 'RxPDO' : 'TxPDO'}-Map`;
  return record(pdo.index, name, entries);
}

function assignObject(sm: SyncManager, pdos: Pdo[], configurable: boolean): ObjectDef {
  const direction = sm.type === 'outputs' ? 'rx' : 'tx';
  const candidates = pdos.filter((p) => p.direction === direction);
  const assigned = candidates.filter((p) => p.sm === sm.index);
  const access = configurable ? 'rwr-r-' : 'ro';
  const entries: EntryDef[] = [count(assigned.length, access)];
  candidates.forEach((_, i) => entries.push(entry(i + 1, subName(i + 1), 'uint16', access, { value: BigInt(assigned[i]?.index ?? 0) })));
  return array(0x1c10 + sm.index, `${direction === 'rx' ? 'RxPDO' : 'TxPDO'} assign`, entries);
}

/** 0x1C32 / 0x1C33 (ETG.1020 sync manager parameters) for a DC device. */
function smParameter(sm: SyncManager, syncImpulse: boolean): ObjectDef {
  const out = sm.type === 'outputs';
  const live = { volatile: true };
  return record(0x1c30 + sm.index, `SM ${out ? 'output' : 'input'} parameter`, [
    entry(0x01, 'Synchronization type', 'uint16', 'rwr-r-', { value: syncImpulse ? 2n : 0n }),
    entry(0x02, 'Cycle time', 'uint32', 'rwr-r-', { value: 1000000n }),
    entry(0x03, 'Shift time', 'uint32', 'ro'),
    // bit 0 free run, bit 1 SM synchronous, bits 2-3 = 01 DC SYNC0
    entry(0x04, 'Synchronization types supported', 'uint16', 'ro', { value: 0x0007n }),
    entry(0x05, 'Minimum cycle time', 'uint32', 'ro', { value: 125000n }),
    entry(0x06, 'Calc and copy time', 'uint32', 'ro', { value: 10000n }),
    entry(0x07, 'Minimum delay time', 'uint32', 'ro'),
    entry(0x08, 'Get cycle time', 'uint16', 'rwrwrw'),
    entry(0x09, 'Delay time', 'uint32', 'ro'),
    entry(0x0a, 'Sync0 cycle time', 'uint32', 'rwr-r-'),
    entry(0x0b, 'SM event missed', 'uint16', 'ro', live),
    entry(0x0c, 'Cycle time too small', 'uint16', 'ro', live),
    entry(0x20, 'Sync error', 'bool', 'ro', { pdo: 'tx', volatile: true }),
  ]);
}

/** The communication objects of a CoE slave, consistent with its PDOs and sync managers. */
export function standardObjects(d: DictionaryInput): ObjectDef[] {
  const list: ObjectDef[] = [
    variable(0x1000, 'Device type', 'uint32', 'ro', { value: BigInt(d.coe.deviceType) }),
    text(0x1008, 'Device name', d.deviceName),
    text(0x1009, 'Hardware version', d.coe.hardwareVersion),
    text(0x100a, 'Software version', d.coe.softwareVersion),
    record(0x1018, 'Identity', [
      entry(1, 'Vendor ID', 'uint32', 'ro', { value: BigInt(d.identity.vendor) }),
      entry(2, 'Product code', 'uint32', 'ro', { value: BigInt(d.identity.product) }),
      entry(3, 'Revision', 'uint32', 'ro', { value: BigInt(d.identity.revision) }),
      entry(4, 'Serial number', 'uint32', 'ro', { value: BigInt(d.identity.serial) }),
    ]),
  ];
  for (const pdo of d.pdos) list.push(mappingObject(pdo, d.coe.pdoConfig && !pdo.fixed));
  if (d.syncManagers.length > 0) {
    const n = Math.max(...d.syncManagers.map((s) => s.index)) + 1;
    const types: EntryDef[] = [];
    for (let i = 0; i < n; i++) {
      const sm = d.syncManagers.find((s) => s.index === i);
      types.push(entry(i + 1, subName(i + 1), 'uint8', 'ro', { value: BigInt(sm ? SM_TYPE_CODE[sm.type] : 0) }));
    }
    list.push(array(0x1c00, 'Sync manager type', types));
  }
  for (const sm of d.syncManagers) {
    if (sm.type !== 'outputs' && sm.type !== 'inputs') continue;
    list.push(assignObject(sm, d.pdos, d.coe.pdoAssign));
    if (d.dc.systemTime && d.dc.syncModes.length > 0 && 0x1c30 + sm.index <= 0x1c3f) list.push(smParameter(sm, true));
  }
  return list;
}

/** Access bits including the PDO mapping bits. */
function accessBits(e: EntryDef): number {
  let bits = e.access;
  if (e.pdo === 'rx' || e.pdo === 'rxtx') bits |= ACCESS.rxPdo;
  if (e.pdo === 'tx' || e.pdo === 'rxtx') bits |= ACCESS.txPdo;
  return bits;
}

/** Encode an object: values to bytes, subindex 0 added to ARRAY/RECORD when not given. */
export function finalizeObject(def: ObjectDef): CoeObject {
  const entries = [...def.entries].sort((a, b) => a.subindex - b.subindex);
  const maxSubindex = entries.reduce((m, e) => Math.max(m, e.subindex), 0);
  if (def.code !== 7 && entries[0]?.subindex !== 0) entries.unshift(entry(0, subName(0), 'uint8', 'ro', { value: BigInt(maxSubindex) }));
  return {
    index: def.index,
    name: def.name,
    objectCode: def.code,
    maxSubindex: def.code === 7 ? 0 : maxSubindex,
    entries: entries.map((e) => {
      const out = {
        subindex: e.subindex,
        name: e.name,
        dataType: e.type.code,
        bits: e.bits,
        access: accessBits(e),
        volatile: e.volatile,
        value: encodeValue(e.type, e.bits, e.value),
      };
      return { ...out, ...(e.min !== undefined ? { min: e.min } : {}), ...(e.max !== undefined ? { max: e.max } : {}) };
    }),
  };
}

/** The complete dictionary: standard objects, then model objects, then the file's, by index. */
export function mergeDictionary(layers: ReadonlyArray<readonly ObjectDef[]>): ObjectDef[] {
  const map = new Map<number, ObjectDef>();
  for (const layer of layers) for (const o of layer) map.set(o.index, o);
  return [...map.values()].sort((a, b) => a.index - b.index);
}

