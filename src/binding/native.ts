// SPDX-License-Identifier: MIT
// The raw shape of the native addon (native/addon/). This file is the only description of
// the addon's JS surface; everything else in src/ goes through src/binding/.
// Values are raw IgH numbers (AL state bit masks, port descriptor codes, ...); turning them
// into names and text is the job of the TypeScript layers above.

/** What EC_IOCTL_MODULE reports. */
export interface NativeModuleInfo {
  magic: number;
  masterCount: number;
}

/** One ABI the build knows (one table of native/igh). */
export interface NativeAbiSummary {
  id: string;
  description: string;
  magic: number;
  devices: number;
}

export interface NativeAbiField {
  name: string;
  offset: number;
  size: number;
  count: number;
  elemSize: number;
  parent: string | null;
  bitOffset?: number;
  bitWidth?: number;
  pointer?: boolean;
}

export interface NativeAbiStruct {
  name: string;
  size: number;
  fields: NativeAbiField[];
}

export interface NativeAbiRequest {
  name: string; // e.g. "EC_IOCTL_MASTER"
  nr: number;
  code: number;
  dir: 'none' | 'read' | 'write' | 'readwrite';
  arg: 'none' | 'pointer' | 'value';
  struct: string | null; // C type encoded in the code's size, e.g. "ec_ioctl_master_t" or "uint64_t"
  size: number;
  needsWrite: boolean;
  needsRequested: boolean;
}

/** Full dump of one ABI table, for `ecat abi --json` and the ABI facts test. */
export interface NativeAbiTable extends NativeAbiSummary {
  requests: NativeAbiRequest[];
  structs: NativeAbiStruct[];
}

/** How detection went: which candidates were probed and with what result. */
export interface NativeDetection {
  magic: number;
  abi: NativeAbiSummary;
  probes: Array<{ abi: string; request: string; code: number; result: 'ok' | string }>;
}

export interface NativeDeviceStats {
  mac: string; // "00:11:22:33:44:55"
  attached: boolean;
  linkUp: boolean;
  txCount: number;
  rxCount: number;
  txBytes: number;
  rxBytes: number;
  txErrors: number;
  txFrameRates: number[]; // 3 values: 1 s, 10 s, 60 s moving averages (IgH units: frames/s * 1000)
  rxFrameRates: number[];
  txByteRates: number[];
  rxByteRates: number[];
}

export interface NativeMasterInfo {
  slaveCount: number;
  scanIndex: number | null; // null where the ABI has no scan_index (before 1.6)
  configCount: number;
  domainCount: number;
  eoeHandlerCount: number;
  phase: number; // 0 orphaned, 1 idle, 2 operation
  active: boolean;
  scanBusy: boolean;
  devices: NativeDeviceStats[]; // num_devices entries
  txCount: number;
  rxCount: number;
  txBytes: number;
  rxBytes: number;
  txFrameRates: number[];
  rxFrameRates: number[];
  txByteRates: number[];
  rxByteRates: number[];
  lossRates: number[];
  appTime: bigint;
  dcRefTime: bigint | null; // null before magic 30
  refClock: number; // ring position of the reference clock, 0xffff for none
}

export interface NativeMasterState {
  slavesResponding: number;
  alStates: number; // OR of the AL states (bit mask 1/2/4/8)
  linkUp: boolean;
}

export interface NativePort {
  desc: number; // 0 not implemented, 1 not configured, 2 E-Bus, 3 MII
  linkUp: boolean;
  loopClosed: boolean;
  signalDetected: boolean;
  receiveTime: number;
  nextSlave: number; // ring position, 0xffff for none
  delayToNextDc: number;
}

export interface NativeSlaveInfo {
  position: number;
  deviceIndex: number;
  vendorId: number;
  productCode: number;
  revisionNumber: number;
  serialNumber: number;
  alias: number;
  bootRxMailboxOffset: number;
  bootRxMailboxSize: number;
  bootTxMailboxOffset: number;
  bootTxMailboxSize: number;
  stdRxMailboxOffset: number;
  stdRxMailboxSize: number;
  stdTxMailboxOffset: number;
  stdTxMailboxSize: number;
  mailboxProtocols: number; // bit mask: 1 AoE, 2 EoE, 4 CoE, 8 FoE, 16 SoE, 32 VoE
  hasGeneralCategory: boolean;
  coeDetails: {
    enableSdo: boolean;
    enableSdoInfo: boolean;
    enablePdoAssign: boolean;
    enablePdoConfiguration: boolean;
    enableUploadAtStartup: boolean;
    enableSdoCompleteAccess: boolean;
  };
  generalFlags: { enableSafeop: boolean; enableNotLrw: boolean };
  currentOnEbus: number; // mA, signed
  ports: NativePort[]; // 4
  fmmuBit: boolean;
  dcSupported: boolean;
  dcRange: number; // 0 32 bit, 1 64 bit
  hasDcSystemTime: boolean;
  transmissionDelay: number;
  alState: number; // 1 INIT, 2 PREOP, 3 BOOT, 4 SAFEOP, 8 OP
  errorFlag: boolean;
  syncCount: number;
  sdoCount: number;
  siiNwords: number;
  group: string;
  image: string;
  order: string;
  name: string;
}

export interface NativeSyncInfo {
  index: number;
  physicalStartAddress: number;
  defaultSize: number;
  controlRegister: number;
  enable: boolean;
  pdoCount: number;
}

export interface NativePdoInfo {
  index: number;
  entryCount: number;
  name: string;
}

export interface NativePdoEntryInfo {
  index: number;
  subindex: number;
  bitLength: number;
  name: string;
}

export interface NativeSdoInfo {
  position: number;
  index: number;
  maxSubindex: number;
  name: string;
}

export interface NativeSdoEntryInfo {
  subindex: number;
  dataType: number;
  bitLength: number;
  readAccess: [boolean, boolean, boolean]; // PREOP, SAFEOP, OP
  writeAccess: [boolean, boolean, boolean];
  description: string;
}

export interface NativeConfigInfo {
  index: number;
  alias: number;
  position: number;
  vendorId: number;
  productCode: number;
  syncs: Array<{ dir: number; watchdogMode: number; pdoCount: number; configThis: boolean }>; // 16
  watchdogDivider: number;
  watchdogIntervals: number;
  sdoCount: number;
  idnCount: number;
  flagCount: number;
  slavePosition: number; // -1 when not attached
  dcAssignActivate: number;
  dcSync: Array<{ cycleTime: number; shiftTime: number }>; // 2
}

export interface NativeConfigSdo {
  index: number;
  subindex: number;
  data: Buffer;
  completeAccess: boolean;
}

export interface NativeDomainInfo {
  index: number;
  dataSize: number;
  logicalBaseAddress: number;
  workingCounter: number[]; // one per device
  expectedWorkingCounter: number;
  fmmuCount: number;
}

export interface NativeDomainFmmu {
  slaveConfigAlias: number;
  slaveConfigPosition: number;
  syncIndex: number;
  dir: number; // 1 output, 2 input
  logicalAddress: number;
  dataSize: number;
}

/** An open master: a real /dev/EtherCAT<N> or the in-process virtual master. */
export interface NativeMaster {
  readonly kind: 'kernel' | 'sim';
  readonly path: string;
  readonly writable: boolean;
  readonly detection: NativeDetection;

  module(): NativeModuleInfo;
  master(): NativeMasterInfo;
  masterState(): NativeMasterState;
  slave(position: number): NativeSlaveInfo;
  slaveSync(position: number, sync: number): NativeSyncInfo;
  slaveSyncPdo(position: number, sync: number, pdoPos: number): NativePdoInfo;
  slaveSyncPdoEntry(position: number, sync: number, pdoPos: number, entryPos: number): NativePdoEntryInfo;
  /** SDO by its position in the slave's dictionary. */
  slaveSdo(position: number, sdoPos: number): NativeSdoInfo;
  /** Entry of an SDO given by index (`sdoSpec` > 0) or by dictionary position (`sdoSpec` = -position). */
  slaveSdoEntry(position: number, sdoSpec: number, subindex: number): NativeSdoEntryInfo;
  /** Blocking CoE upload; throws with `abortCode` on an SDO abort. */
  sdoUpload(position: number, index: number, subindex: number, maxSize: number): Buffer;
  sdoDownload(position: number, index: number, subindex: number, data: Uint8Array, completeAccess: boolean): void;
  /** Request an AL state (1 INIT, 2 PREOP, 3 BOOT, 4 SAFEOP, 8 OP). */
  slaveState(position: number, alState: number): void;
  regRead(position: number, address: number, size: number, emergency: boolean): Buffer;
  regWrite(position: number, address: number, data: Uint8Array, emergency: boolean): void;
  /** SII words: offset and count in 16-bit words; returns 2*nwords bytes. */
  siiRead(position: number, offset: number, nwords: number): Buffer;
  siiWrite(position: number, offset: number, data: Uint8Array): void;
  /** Scan the bus again (EC_IOCTL_MASTER_RESCAN): the master re-reads every slave, its SII included. Needs write access. */
  rescan(): void;
  /** Set the master's debug level (EC_IOCTL_MASTER_DEBUG); IgH accepts 0, 1 and 2 (else EINVAL). Needs write access. */
  setDebugLevel(level: number): void;
  config(index: number): NativeConfigInfo;
  configPdo(index: number, sync: number, pdoPos: number): NativePdoInfo;
  configPdoEntry(index: number, sync: number, pdoPos: number, entryPos: number): NativePdoEntryInfo;
  configSdo(index: number, sdoPos: number): NativeConfigSdo;
  domain(index: number): NativeDomainInfo;
  domainFmmu(index: number, fmmuIndex: number): NativeDomainFmmu;
  domainData(index: number, size: number): Buffer;
  /** Virtual master only: its mutable state, to be handed back as `state` on the next open. */
  simState(): Buffer | null;
  close(): void;
}

export interface NativeOpenDeviceOptions {
  /** 'rw' opens read-write, 'ro' read-only, 'auto' tries read-write and falls back to read-only. */
  mode: 'rw' | 'ro' | 'auto';
}

export interface NativeOpenSimOptions {
  abi?: string; // ABI id to present, default "1.6"
  magicOverride?: number; // report this magic instead (to exercise refusal)
  masterIndex?: number;
  writable?: boolean; // default true
  state?: Uint8Array; // from a previous simState()
}

/**
 * Errors thrown by the addon are plain Errors with these extra fields; src/binding/errors.ts
 * turns them into EtherCATError.
 */
export interface NativeErrorFields {
  errno?: number; // positive errno
  syscall?: 'open' | 'ioctl' | 'mmap' | 'close';
  request?: string; // "EC_IOCTL_SLAVE_SDO_UPLOAD"
  path?: string;
  abortCode?: number; // CoE SDO abort code
  ecatCode?: 'ABI_UNSUPPORTED' | 'ABI_MISMATCH' | 'BAD_TOPOLOGY' | 'INVALID_ARGUMENT' | 'WRONG_PHASE' | 'QUEUE_FULL';
  magic?: number;
  supported?: number[];
  /** INVALID_ARGUMENT and plan errors: path of the bad field, e.g. "plan.slaves[2].syncs[0].pdos[1].index". */
  field?: string;
  /** WRONG_PHASE: the phase the master is in, and the call that is not allowed there. */
  phase?: string;
  call?: string;
  /** Slave position, where the failing call had one. */
  slave?: number;
}

/** Offsets and constants of the shared image (docs/runtime.md section 3), as the addon built them. */
export interface NativeSharedLayout {
  magic: number;
  version: number;
  offsets: Record<string, number>;
  histogramBuckets: number;
  maxDomains: number;
  domainStateSize: number;
  maxConfigs: number;
  bufferAlign: number;
  eventSize: number;
  eventIndexMask: number;
  defaultEventCapacity: number;
  fresh: number;
  eventFields: Record<'type' | 'flags' | 'cycle' | 'time' | 'a' | 'b' | 'c' | 'd', number>;
  eventTypes: Record<'alState' | 'wkc' | 'overrun' | 'masterState' | 'watchdog' | 'cycleError' | 'offline' | 'online', number>;
  runStates: Record<'stopped' | 'running' | 'stopRequested' | 'failed', number>;
  grantBits: Record<'schedFifo' | 'affinity' | 'mlockall', number>;
  configStateBits: Record<'online' | 'operational' | 'alShift', number>;
}

/** What the kernel-hosted virtual master (kernel/ecat_vbus.ko) reports about its bus. */
export interface NativeVbusKernelInfo {
  version: number;
  masterIndex: number;
  abi: string;
  loaded: boolean;
  slaveCount: number;
  imageSize: number;
  loads: number;
  lastResult: number;
  lastError: string;
  features: string[];
}

export interface NativeAddon {
  abiTables(): NativeAbiTable[];
  openDevice(path: string, options: NativeOpenDeviceOptions): NativeMaster;
  openSim(image: Uint8Array, options: NativeOpenSimOptions): NativeMaster;
  readonly sharedLayout: NativeSharedLayout;
  /** Load a topology image into ecat_vbus.ko behind `path` (CAP_SYS_ADMIN). */
  vbusKernelLoad(path: string, image: Uint8Array): { slaveCount: number; imageSize: number; loads: number };
  vbusKernelInfo(path: string): NativeVbusKernelInfo;
}

// ---------------------------------------------------------------------------------------
// Application phase (docs/runtime.md). Implemented by native/runtime + native/addon/runtime_wrap.

/** One PDO entry in an explicit mapping. */
export interface NativePlanPdoEntry {
  index: number;
  subindex: number;
  bitLength: number;
}

export interface NativePlanPdo {
  index: number;
  entries: NativePlanPdoEntry[];
}

export interface NativePlanSync {
  index: number; // sync manager 0..15
  dir: 'input' | 'output';
  watchdog: 'default' | 'enable' | 'disable';
  pdos: NativePlanPdo[];
}

export interface NativePlanSdo {
  index: number;
  subindex: number;
  data: Uint8Array;
  completeAccess: boolean;
}

export interface NativePlanSlave {
  alias: number;
  position: number;
  vendorId: number;
  productCode: number;
  /** Explicit sync manager configuration, or omitted to use the slave's defaults. */
  syncs?: NativePlanSync[];
  startupSdos: NativePlanSdo[]; // issued in this order
  watchdog?: { divider: number; intervals: number };
  dc?: { assignActivate: number; sync0Cycle: number; sync0Shift: number; sync1Cycle: number; sync1Shift: number };
}

export interface NativePlanVariable {
  slave: number; // index into NativePlan.slaves
  index: number;
  subindex: number;
  domain: number; // index into NativePlan.domains
}

export interface NativePlan {
  slaves: NativePlanSlave[];
  domains: Array<{ divider: number }>; // process every `divider` cycles
  variables: NativePlanVariable[];
  /** Slave config to use as DC reference clock (index into slaves), or -1 for IgH's default. */
  referenceClock: number;
}

export interface NativeLayout {
  configIndices: number[]; // per plan slave
  domainIndices: number[]; // per plan domain
  variables: Array<{ domain: number; offset: number; bitPosition: number }>; // offset within its domain
  domainSizes: number[];
}

export interface NativeActivation {
  processDataSize: number;
  domains: Array<{ index: number; offset: number; size: number }>; // offset within the process data
  outputRanges: Array<{ offset: number; length: number }>;
  inputRanges: Array<{ offset: number; length: number }>;
  /** Bytes of the SharedArrayBuffer startCycle needs (docs/runtime.md section 3). */
  sharedSize: number;
  eventCapacity: number;
}

export interface NativeCycleOptions {
  cycleTimeNs: number;
  priority?: number; // SCHED_FIFO priority 1..99; 0 = do not ask
  cpu?: number; // CPU to pin the thread to; -1 = do not pin
  lockMemory?: boolean; // mlockall
  watchdogMs?: number; // 0 = off
  /** Safe output image (processDataSize bytes); its output ranges replace JS's outputs when the watchdog trips. */
  safeOutputs?: Uint8Array;
  dc?: { syncReferenceEvery: number; syncMonitor: boolean } | null;
  /** A sweep reading MASTER_STATE and every config's SC_STATE takes N cycles (default 10), longer on big buses: at most 2 SC_STATE per cycle. */
  stateEvery?: number;
  /** Set-point queues in the shared buffer past sharedSize (docs/runtime.md section 3). */
  setpoints?: Array<{ offset: number; size: number; at: number; depth: number }>;
}

export interface NativeCycleStart {
  granted: { schedFifo: boolean; affinity: boolean; mlockall: boolean };
  warnings: string[]; // what was asked for and not granted, and why
}

export interface NativeSlaveConfigState {
  online: boolean;
  operational: boolean;
  alState: number;
}

/** Application calls on an open master (added to NativeMaster by the runtime). */
export interface NativeApplication {
  /** EC_IOCTL_REQUEST: reserve the master for this file. */
  request(): void;
  configure(plan: NativePlan): NativeLayout;
  activate(): NativeActivation;
  /** Start the cyclic thread. `wake` is called (coalesced) when new events are in the ring. */
  startCycle(options: NativeCycleOptions, shared: SharedArrayBuffer, wake: () => void): NativeCycleStart;
  /** Stop the cyclic thread and wait for it; idempotent. */
  stopCycle(): void;
  deactivate(): void;
  /** SC_STATE from the JS thread (also available in the shared image while cycling). */
  configState(configIndex: number): NativeSlaveConfigState;
  /** Copy of the process data (for tests and `ecat data`-like tools), outside the RT path. */
  readProcessData(): Buffer;
  /** Blocking mailbox work on the mailbox thread, as Promises. */
  sdoUploadAsync(position: number, index: number, subindex: number, maxSize: number): Promise<Buffer>;
  sdoDownloadAsync(position: number, index: number, subindex: number, data: Uint8Array, completeAccess: boolean): Promise<void>;
  regReadAsync(position: number, address: number, size: number): Promise<Buffer>;
  regWriteAsync(position: number, address: number, data: Uint8Array): Promise<void>;
  siiReadAsync(position: number, offset: number, nwords: number): Promise<Buffer>;
  /** Current phase: 'opened' | 'reserved' | 'configured' | 'active' | 'cycling' | 'closed'. */
  phase(): string;
}

/** Fault injection on the virtual master (throws INVALID_ARGUMENT on a kernel device). */
export type NativeSimFault =
  | { kind: 'al-error'; slave: number; alState: number; code: number }
  | { kind: 'slave-lost'; slave: number; lost: boolean }
  | { kind: 'link'; up: boolean }
  | { kind: 'wkc-drop'; slave: number; drop: boolean }
  | { kind: 'sdo-abort'; slave: number; index: number; subindex: number; code: number };

export interface NativeSimControl {
  simFault(fault: NativeSimFault): void;
}
