// SPDX-License-Identifier: MIT
// The validated topology: what a topology file means once presets, model defaults and the
// user's overrides are merged and every cross-reference is checked. The image serializer and
// (later) the CLI read this; nothing here refers back to the source syntax except `source`.

/** Behaviour models the virtual master implements (docs/topology.md, "Models"). */
export type ModelName = 'generic' | 'coupler' | 'digital-input' | 'digital-output' | 'analog-input' | 'analog-output' | 'cia402';

/** All model names, in image code order. */
export const MODEL_NAMES: readonly ModelName[] = ['generic', 'coupler', 'digital-input', 'digital-output', 'analog-input', 'analog-output', 'cia402'];

/** Model code numbers of the image format (docs/vbus-image.md, slave record `model`). */
export const MODEL_CODES: Readonly<Record<ModelName, number>> = {
  generic: 0,
  coupler: 1,
  'digital-input': 2,
  'digital-output': 3,
  'analog-input': 4,
  'analog-output': 5,
  cia402: 6,
};

/** Physical kind of an ESC port, as IgH's tool prints it: N/A, N/C, EBUS, MII. */
export type PortDescriptor = 'n/a' | 'n/c' | 'ebus' | 'mii';

/** Image codes of port descriptors (IgH `ec_slave_port_desc_t` order). */
export const PORT_DESCRIPTOR_CODES: Readonly<Record<PortDescriptor, number>> = { 'n/a': 0, 'n/c': 1, ebus: 2, mii: 3 };

/** Vendor id, product code, revision and serial number (SII words 8-15, object 0x1018). */
export interface Identity {
  vendor: number;
  product: number;
  revision: number;
  serial: number;
}

/** Mailbox protocols, in the bit order of SII word 0x1c (bit 0 AoE ... bit 5 VoE). */
export type MailboxProtocol = 'aoe' | 'eoe' | 'coe' | 'foe' | 'soe' | 'voe';
/** All mailbox protocols in SII bit order. */
export const MAILBOX_PROTOCOLS: readonly MailboxProtocol[] = ['aoe', 'eoe', 'coe', 'foe', 'soe', 'voe'];

/** A region of ESC memory: physical start address and length in bytes. */
export interface MemoryArea {
  start: number;
  size: number;
}

/** Mailbox areas as IgH names them: RX = master to slave (SM0), TX = slave to master (SM1). */
export interface Mailbox {
  rx: MemoryArea;
  tx: MemoryArea;
  bootstrap: { rx: MemoryArea; tx: MemoryArea } | null;
  protocols: MailboxProtocol[];
}

/** CoE features (SII general category "CoE details") and the identification objects' values. */
export interface CoeFeatures {
  sdoInfo: boolean;
  pdoAssign: boolean;
  pdoConfig: boolean;
  uploadAtStartup: boolean;
  completeAccess: boolean;
  /** Value of object 0x1000 "Device type". */
  deviceType: number;
  /** Values of 0x1009 / 0x100A. */
  hardwareVersion: string;
  softwareVersion: string;
}

/** SII sync manager type byte: 0 unused, 1 mailbox out, 2 mailbox in, 3 outputs, 4 inputs. */
export type SyncManagerType = 'unused' | 'mailbox-out' | 'mailbox-in' | 'outputs' | 'inputs';
/** All sync manager types in SII code order. */
export const SYNC_MANAGER_TYPES: readonly SyncManagerType[] = ['unused', 'mailbox-out', 'mailbox-in', 'outputs', 'inputs'];

/** One sync manager as the SII describes it. */
export interface SyncManager {
  index: number;
  start: number;
  /** Default size in bytes (IgH "DefaultSize"). */
  size: number;
  /** Control register value (mode, direction, interrupts, watchdog). */
  control: number;
  /** SII enable byte: bit 0 enable, bit 1 fixed content, bit 2 virtual, bit 3 OP only. */
  enable: number;
  type: SyncManagerType;
}

/** SII FMMU usage byte: 0 unused, 1 outputs, 2 inputs, 3 sync manager (mailbox) status. */
export type FmmuUsage = 'unused' | 'outputs' | 'inputs' | 'mailbox-status';
/** All FMMU uses in SII code order. */
export const FMMU_USAGES: readonly FmmuUsage[] = ['unused', 'outputs', 'inputs', 'mailbox-status'];

/** One entry of a PDO mapping. */
export interface PdoEntry {
  /** Object index; 0 for a gap (padding). */
  index: number;
  subindex: number;
  bits: number;
  name: string;
  /** CoE data type code, 0 when unknown (a gap, or a slave without dictionary and no type given). */
  dataType: number;
}

/** A PDO with its mapping and default assignment. */
export interface Pdo {
  index: number;
  name: string;
  /** rx = outputs (master to slave, 0x1600..0x17ff), tx = inputs (0x1a00..0x1bff). */
  direction: 'rx' | 'tx';
  /** Sync manager it is assigned to by default, or null if it is only available for assignment. */
  sm: number | null;
  /** Mapping cannot be changed (mapping object read-only). */
  fixed: boolean;
  mandatory: boolean;
  /** Subindices the mapping object offers (>= entries.length). */
  capacity: number;
  entries: PdoEntry[];
}

/** Access bits of the image (docs/vbus-image.md, Entry.access). */
export const ACCESS = {
  readPreop: 0x01,
  readSafeop: 0x02,
  readOp: 0x04,
  writePreop: 0x08,
  writeSafeop: 0x10,
  writeOp: 0x20,
  rxPdo: 0x40,
  txPdo: 0x80,
} as const;

/** One subindex of a dictionary object, encoded as the image stores it. */
export interface CoeEntry {
  subindex: number;
  name: string;
  dataType: number;
  bits: number;
  /** Bit set of ACCESS. */
  access: number;
  /** Limits for numeric entries: bigint for integer types, number for REAL32/REAL64. */
  min?: bigint | number;
  max?: bigint | number;
  /** The value changes by itself (a process value); the virtual master does not persist it. */
  volatile: boolean;
  /** Initial value, little-endian, at most ceil(bits / 8) bytes (strings may be shorter). */
  value: Uint8Array;
}

/** One object of the CoE dictionary. */
export interface CoeObject {
  index: number;
  name: string;
  /** 7 VAR, 8 ARRAY, 9 RECORD. */
  objectCode: 7 | 8 | 9;
  maxSubindex: number;
  /** Ascending subindex; ARRAY/RECORD include subindex 0. */
  entries: CoeEntry[];
}

/** One DC operation mode of the SII DC category (what ESI files call an OpMode). */
export interface DcSyncMode {
  name: string;
  assignActivate: number;
  cycleTime: number;
  shift0: number;
  shift1: number;
  sync0Factor: number;
  sync1Factor: number;
}

/** What the ESC offers for distributed clocks. */
export interface DcSupport {
  /** Receive-time latching (delay measurement) is supported. */
  supported: boolean;
  /** System time is 64 bit (else 32 bit). Meaningful only with systemTime. */
  range64: boolean;
  /** A DC system time unit is present (false: "delay measurement only"). */
  systemTime: boolean;
  syncModes: DcSyncMode[];
}

/** One ESC port after topology computation (the image's port record). */
export interface Port {
  descriptor: PortDescriptor;
  linkUp: boolean;
  loopClosed: boolean;
  signalDetected: boolean;
  /** Ring position of the slave behind this port (upstream for port 0), null for none. */
  nextSlave: number | null;
  /** ns after the master sent a frame at time 0 until it reaches this port; 0 without a link. */
  receiveTime: number;
  /** Propagation delay in ns to the next DC slave behind this port (port 0: from the upstream DC slave). */
  delayToNextDc: number;
}

/** The SII fields that are not covered elsewhere. */
export interface SiiSettings {
  pdiControl: number;
  pdiConfig: number;
  /** Sync impulse length in units of 10 ns. */
  syncImpulse: number;
  pdiConfig2: number;
  /** EEPROM capacity in bytes (a power of two, 128..8192). */
  eepromBytes: number;
  deviceName: string;
  orderNumber: string;
  group: string;
  imageName: string;
  /** E-Bus current in mA; negative values feed current into the E-Bus (couplers). */
  currentOnEBus: number;
  enableSafeOp: boolean;
  enableNotLrw: boolean;
  /** SII general category: number of CiA 402 axes. */
  ds402Channels: number;
  fmmus: FmmuUsage[];
}

/** Where something was declared in the topology file. */
export interface SourceRef {
  path: string;
  line: number;
  column: number;
}

/** One slave of the validated bus. */
export interface Slave {
  /** Ring position (= index in `Topology.slaves`). */
  position: number;
  /** The name given in the topology file (unique). */
  name: string;
  model: ModelName;
  /** Preset name as written in the file, or null. */
  preset: string | null;
  identity: Identity;
  /** Configured station alias (SII word 4). */
  alias: number;
  fmmuBitOperation: boolean;
  dc: DcSupport;
  mailbox: Mailbox | null;
  /** CoE features, or null when the mailbox does not offer CoE. */
  coe: CoeFeatures | null;
  syncManagers: SyncManager[];
  pdos: Pdo[];
  /** CoE object dictionary, ascending index; empty without CoE. */
  objects: CoeObject[];
  sii: SiiSettings;
  /** The EEPROM contents (eepromBytes / 2 words), built from the above plus raw overrides. */
  siiWords: Uint16Array;
  /** Ports 0..3. */
  ports: Port[];
  /** Where port 0 is connected: a slave's ring position and port, or null for the master. */
  upstream: { position: number; port: number } | null;
  /** Cable length in metres on port 0 (MII links only; E-Bus links have a fixed delay). */
  cable: number;
  /** DC system time transmission delay in ns (IgH `transmission_delay`); 0 for non-DC slaves. */
  transmissionDelay: number;
  source: SourceRef;
  /** Model parameters (docs/topology.md, "Model parameters"); undefined or empty: the model's defaults. */
  params?: ModelSettings;
  /** Faults this slave carries in its image record, in the order written (top-level faults included). */
  faults?: ScheduledFault[];
}

/** How a digital input terminal's inputs move by themselves (when not injected). */
export type InputPatternMode = 'counter' | 'walking' | 'constant';
/** Pattern modes in image code order. */
export const INPUT_PATTERN_MODES: readonly InputPatternMode[] = ['counter', 'walking', 'constant'];

/** The input pattern of a digital input terminal. */
export interface InputPattern {
  mode: InputPatternMode;
  /** Milliseconds of bus time per step (counter: per count, walking: per channel). */
  periodMs: number;
  /** constant: the input bits (bit n = channel n + 1). */
  value: bigint;
}

/** Waveform shapes of an analog input channel. */
export type WaveShape = 'constant' | 'sawtooth' | 'triangle' | 'square' | 'sine';
/** Shapes in image code order. */
export const WAVE_SHAPES: readonly WaveShape[] = ['constant', 'sawtooth', 'triangle', 'square', 'sine'];

/** The raw value of one analog input channel over bus time. */
export interface Waveform {
  /** 0-based channel. */
  channel: number;
  shape: WaveShape;
  /** Raw value range, -32768 <= min <= max <= 32767 (constant: min). */
  min: number;
  max: number;
  periodMs: number;
  phaseMs: number;
}

/** Limits and start values of the CiA 402 drive model. */
export interface DriveSettings {
  /** Position actual value at power-on, counts. */
  position?: number;
  /** counts/s. */
  maxVelocity?: number;
  /** counts/s². */
  maxAcceleration?: number;
  /** Refuse SAFEOP with AL status 0x0030 unless SYNC0 is configured. */
  requireDc?: boolean;
}

/** Model parameters of one slave; only the ones its model has are set. */
export interface ModelSettings {
  pattern?: InputPattern;
  waveforms?: Waveform[];
  drive?: DriveSettings;
}

/** Faults the virtual bus can schedule. */
export type FaultKind = 'al-error' | 'slave-lost' | 'link-down' | 'wkc-drop' | 'sdo-abort';
/** Fault kinds in image code order (code = position + 1). */
export const FAULT_KINDS: readonly FaultKind[] = ['al-error', 'slave-lost', 'link-down', 'wkc-drop', 'sdo-abort'];

/** AL states an al-error fault may put a slave in. */
export type AlStateName = 'init' | 'preop' | 'safeop' | 'op';
/** AL state codes (register 0x0130). */
export const AL_STATE_CODES: Readonly<Record<AlStateName, number>> = { init: 1, preop: 2, safeop: 4, op: 8 };

/** A fault at a cycle after activation (1 = the application's first send). */
export interface ScheduledFault {
  kind: FaultKind;
  cycle: number;
  /** slave-lost, link-down, wkc-drop: cycles until it ends; 0 = it stays. */
  duration: number;
  /** al-error: the state the slave drops to (with the error flag) and its AL status code. */
  state?: AlStateName;
  code?: number;
  /** sdo-abort: the object entry whose next SDO access is aborted, and the abort code. */
  index?: number;
  subindex?: number;
  abortCode?: number;
}

/** Parameters of the propagation delay model (docs/topology.md, "Delay model"). All in ns. */
export interface Timing {
  /** Time a frame takes through one ESC, from the port it arrives at to the next port it leaves by. */
  forwarding: number;
  /** Time to cross one MII PHY (each MII port a frame enters or leaves). */
  phy: number;
  /** Cable delay per metre. */
  cablePerMeter: number;
  /** Delay of one E-Bus hop between neighbouring terminals. */
  ebus: number;
}

/** The virtual master's NIC and the delay model. */
export interface MasterSettings {
  /** MAC address of the virtual main Ethernet device, `xx:xx:xx:xx:xx:xx` lower-case. */
  mac: string;
  linkUp: boolean;
  /** Cable length in metres from the master to the first slave. */
  cable: number;
  timing: Timing;
}

/** A validated topology: what loadTopology returns and buildImage serializes. */
export interface Topology {
  /** The file name it was loaded from (as given). */
  file: string;
  master: MasterSettings;
  /** In ring order. */
  slaves: Slave[];
}
