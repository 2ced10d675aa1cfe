// SPDX-License-Identifier: MIT
// The plain data the formatters take: raw NativeMaster results gathered into trees (slave ->
// sync managers -> PDOs -> entries, and so on) by src/cli/collect.ts. Keeping the trees plain
// lets the formatters be pure functions, tested with fixture data and no addon.
import type {
  NativeConfigInfo,
  NativeConfigSdo,
  NativeDomainFmmu,
  NativeDomainInfo,
  NativePdoEntryInfo,
  NativePdoInfo,
  NativeSdoEntryInfo,
  NativeSdoInfo,
  NativeSlaveInfo,
  NativeSyncInfo,
} from '../binding/native.js';

/** A slave together with the `alias:position` the tool shows for it. */
export interface SlaveRow {
  slave: NativeSlaveInfo;
  /** Alias of this slave, or of the nearest aliased slave before it, or 0. */
  aliasRef: number;
  /** Position counted from that aliased slave (or from 0). */
  relativePosition: number;
}

export interface PdoData {
  pdo: NativePdoInfo;
  entries: NativePdoEntryInfo[];
}

export interface SyncData {
  sync: NativeSyncInfo;
  pdos: PdoData[];
}

/** What `pdos`, `xml`, `cstruct` and `graph` need about one slave. */
export interface SlavePdos {
  slave: NativeSlaveInfo;
  syncs: SyncData[];
}

export interface SdoData {
  sdo: NativeSdoInfo;
  /** Entries 0..maxSubindex that the dictionary could describe (missing ones are left out, as in the tool). */
  entries: NativeSdoEntryInfo[];
}

export interface SlaveSdos {
  slave: NativeSlaveInfo;
  sdos: SdoData[];
}

export interface ConfigSyncData {
  index: number;
  dir: number; // 1 output, 2 input (ec_direction_t)
  watchdogMode: number; // 0 default, 1 enable, 2 disable
  pdos: PdoData[];
}

export interface ConfigData {
  config: NativeConfigInfo;
  /** The attached slave, or null. */
  slave: NativeSlaveInfo | null;
  syncs: ConfigSyncData[];
  sdos: NativeConfigSdo[];
}

export interface DomainData {
  domain: NativeDomainInfo;
  fmmus: NativeDomainFmmu[];
  /** Current process data (verbose only), or null when not read. */
  data: Uint8Array | null;
}

/** CRC-related ESC registers 0x300-0x313 of one slave. */
export interface CrcRow {
  slave: NativeSlaveInfo;
  registers: Uint8Array; // 20 bytes from 0x0300
}
