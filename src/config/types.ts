// SPDX-License-Identifier: MIT
// The bus configuration as the loader hands it out: validated, with every unit converted (times
// in ns, indices as numbers, startup SDO values as bytes). It mirrors the file's structure, so a
// path such as `slaves[2].variables[1]` means the same thing here and in the file. What the
// master actually executes is the BusPlan (src/config/plan/types.ts) made from this.

/** Process variable types. `bits` is an unsigned bit field whose width is given by `bitLength`. */
export type VariableType =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'real32'
  | 'real64'
  | 'bits';

/** Types a startup SDO value may be given in; `string` is a CoE VISIBLE_STRING. */
export type SdoValueType = Exclude<VariableType, 'bits'> | 'string';

/** A value as written in the file: JS number, bigint for 64-bit integers, boolean or text. */
export type ConfigValue = number | bigint | boolean | string;

/** Direction of process data, seen from the master: outputs go to the slave (RxPDOs). */
export type Direction = 'output' | 'input';

/** IgH's sync manager watchdog modes (ec_watchdog_mode_t: 0 default, 1 enable, 2 disable). */
export type WatchdogMode = 'default' | 'enable' | 'disable';

/** Expected identity; the live bus must match it (checkAgainstBus). */
export interface IdentityConfig {
  vendorId: number;
  productCode: number;
  /** Checked only when given (IgH itself never compares revisions). */
  revision?: number;
}

/** A domain: a block of process data exchanged together; `divider` > 1 exchanges it every n-th cycle. */
export interface DomainConfig {
  name: string;
  divider: number;
}

/** One mapped object in a PDO; `index` 0 is a gap of `bitLength` bits. */
export interface PdoEntryConfig {
  index: number;
  subindex: number;
  bitLength: number;
  name?: string;
}

/**
 * A PDO assigned to a sync manager. `entries` undefined means "keep the mapping the PDO already
 * has" (taken from the ESI file or, failing that, from the slave by checkAgainstBus).
 */
export interface PdoConfig {
  index: number;
  name?: string;
  entries?: PdoEntryConfig[];
}

/** A sync manager with its PDO assignment. */
export interface SyncConfig {
  index: number;
  direction: Direction;
  watchdog: WatchdogMode;
  pdos: PdoConfig[];
}

/** A startup SDO (written by the master in PREOP, before SAFEOP). */
export interface SdoConfig {
  index: number;
  subindex: number;
  completeAccess: boolean;
  /** The bytes written, little-endian. */
  data: Uint8Array;
  /** How the value was written in the file, kept for messages and for writing the file back. */
  type?: SdoValueType;
  value?: ConfigValue;
  comment?: string;
}

/** SYNC0/SYNC1 timing in ns. `cycle: 'auto'` means the bus cycle time. */
export interface DcSyncConfig {
  cycle: number | 'auto';
  shift: number;
}

/** Distributed clocks for one slave (IgH's ecrt_slave_config_dc). */
export interface DcConfig {
  /** The op mode of the slave's ESI file to start from; other fields override it. */
  opMode?: string;
  assignActivate?: number;
  sync0?: DcSyncConfig;
  sync1?: DcSyncConfig;
}

/** IgH's ecrt_slave_config_watchdog: divider in 40 ns units, intervals in dividers; 0 = keep the slave's. */
export interface WatchdogConfig {
  divider: number;
  intervals: number;
}

/** Where the slave's defaults come from when it names an ESI file or directory. */
export interface EsiReference {
  /** As written in the file. */
  path: string;
  /** Resolved against the directory of the configuration file. */
  resolved: string;
}

/** A named, typed process variable bound to a PDO entry. */
export interface VariableConfig {
  name: string;
  /** Only in the top-level `variables` list: the slave's name. */
  slave?: string;
  index: number;
  subindex: number;
  type: VariableType;
  /** Width in bits: implied by the type, required for `bits`. */
  bitLength: number;
  /** Domain name; the first domain when not given. */
  domain?: string;
  /** Output value the runtime's watchdog writes when the application stops updating it. */
  safe?: ConfigValue;
}

/** One slave configuration. */
export interface SlaveConfig {
  name: string;
  /** Station alias; 0 = address by ring position. */
  alias: number;
  /** Ring position, or the position relative to the slave with `alias` (IgH semantics). */
  position: number;
  /** May be left out when an ESI file with a single device supplies it. */
  identity?: IdentityConfig;
  esi?: EsiReference;
  /** Explicit sync managers; undefined = the slave's (or its ESI file's) defaults. */
  syncs?: SyncConfig[];
  /** PDO selection by index, the sync manager taken from the ESI file or the PDO's direction. */
  pdos?: PdoConfig[];
  sdos: SdoConfig[];
  watchdog?: WatchdogConfig;
  /** `false`: no DC even if the ESI file's default op mode has one. */
  dc?: DcConfig | false;
  variables: VariableConfig[];
}

/** Where each field of a loaded configuration was written: path -> [line, column]. */
export interface ConfigSource {
  file: string;
  positions: Record<string, [number, number]>;
}

/** A whole bus configuration. */
export interface BusConfig {
  /** IgH master index (/dev/EtherCAT<master>). */
  master: number;
  /** Bus cycle time in ns (125 µs .. 100 ms). */
  cycleTime: number;
  domains: DomainConfig[];
  slaves: SlaveConfig[];
  /** Variables listed outside the slaves, each naming its slave. */
  variables: VariableConfig[];
  /** Set by the loader; absent for configurations built in code. */
  source?: ConfigSource;
  /**
   * Comments stringifyBusConfig writes above the field at each path (`''` = top of the file),
   * e.g. what a scan found. Not part of the file format: comments are not read back.
   */
  comments?: Record<string, string>;
}
