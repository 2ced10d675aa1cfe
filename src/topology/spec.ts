// SPDX-License-Identifier: MIT
// What the topology file says, field by field, before defaults are applied: every property is
// optional (undefined = "not written", so presets and models fill it) and things that later
// checks may complain about keep their position (`Where`).
import type { Cia402Mode } from './models/model.js';
import type { ObjectDef, PdoDef } from './defs.js';
import type { Preset } from './presets.js';
import type { Where } from './source/issues.js';
import type { SrcNode } from './source/node.js';
import type {
  CoeFeatures,
  DcSyncMode,
  FmmuUsage,
  Identity,
  ModelSettings,
  ScheduledFault,
  MailboxProtocol,
  MemoryArea,
  ModelName,
  PortDescriptor,
  SyncManagerType,
  Timing,
} from './types.js';

/** `master:` as written. */
export interface MasterSpec {
  mac?: string;
  linkUp?: boolean;
  cable?: number;
  timing: Partial<Timing>;
}

/** `connect:` as written: where this slave's port 0 hangs. */
export interface ConnectSpec {
  /** Name of the upstream slave. */
  slave: string;
  /** Its port; undefined = 1. */
  port?: number;
  /** Cable length in metres. */
  cable?: number;
  at: Where;
}

/** `mailbox:` as written. */
export interface MailboxSpec {
  enabled: boolean;
  rx?: MemoryArea;
  tx?: MemoryArea;
  /** null: explicitly none. */
  bootstrap?: { rx: MemoryArea; tx: MemoryArea } | null;
  protocols?: MailboxProtocol[];
  at: Where;
}

/** `dc:` as written (shorthands already expanded). */
export interface DcSpec {
  supported: boolean;
  systemTime?: boolean;
  range64?: boolean;
  syncModes?: DcSyncMode[];
  at: Where;
}

/** One item of `syncManagers:`; fields left out keep the default layout's. */
export interface SyncManagerSpec {
  index: number;
  start?: number;
  size?: number;
  control?: number;
  enable?: number;
  type?: SyncManagerType;
  at: Where;
}

/** One raw word override of `sii.words`. */
export interface SiiWordSpec {
  address: number;
  value: number;
  at: Where;
}

/** `sii:` as written. */
export interface SiiSpec {
  deviceName?: string;
  orderNumber?: string;
  group?: string;
  imageName?: string;
  currentOnEBus?: number;
  eepromBytes?: number;
  pdiControl?: number;
  pdiConfig?: number;
  syncImpulse?: number;
  pdiConfig2?: number;
  enableSafeOp?: boolean;
  enableNotLrw?: boolean;
  words: SiiWordSpec[];
  at?: Where;
}

/** One `values:` item: a new initial value for an existing dictionary entry. */
export interface ValueSpec {
  index: number;
  subindex: number;
  node: SrcNode;
  at: Where;
}

/** `params:` as written, already checked against the model (defaults filled in). */
export interface ParamsSpec {
  settings: ModelSettings;
  /** Position of `requireDc`, checked against the slave's DC support once it is known. */
  requireDcAt?: Where;
  at: Where;
}

/** One item of a `faults:` list. */
export interface FaultSpec {
  fault: ScheduledFault;
  /** Top-level faults: the slave it happens to (none for link-down). */
  slave?: string;
  slaveAt?: Where;
  at: Where;
}

/** One entry of `slaves:` as written, with the positions later checks point at. */
export interface SlaveSpec {
  /** Position in the file's list. */
  index: number;
  at: Where;
  name?: string;
  nameAt?: Where;
  preset?: Preset;
  presetName?: string;
  presetAt?: Where;
  model?: ModelName;
  modelAt?: Where;
  /** The preset or model could not be read: its ports are guesses, so link checks skip it. */
  unresolved: boolean;
  channels?: number;
  channelsAt?: Where;
  modes?: Cia402Mode[];
  modesAt?: Where;
  identity: Partial<Identity>;
  alias?: number;
  connect?: ConnectSpec;
  ports?: PortDescriptor[];
  portsAt?: Where;
  dc?: DcSpec;
  fmmuBitOperation?: boolean;
  mailbox?: MailboxSpec;
  coe: Partial<CoeFeatures>;
  coeAt?: Where;
  syncManagers: SyncManagerSpec[];
  fmmus?: FmmuUsage[];
  pdos: PdoDef[];
  objects: ObjectDef[];
  objectsAt?: Where;
  /** Indices of objects whose declaration had errors (already reported). */
  brokenObjects: Set<number>;
  values: ValueSpec[];
  sii: SiiSpec;
  params?: ParamsSpec;
  faults: FaultSpec[];
}

/** The whole file as written. */
export interface TopologySpec {
  master: MasterSpec;
  slaves: SlaveSpec[];
  /** Top-level `faults:` (link-down, or a fault naming its slave). */
  faults: FaultSpec[];
}
