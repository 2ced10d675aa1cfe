// SPDX-License-Identifier: MIT
// Public surface of the topology module: read a topology file describing a virtual EtherCAT bus
// and turn it into the image the virtual master loads. See docs/topology.md for the file format
// and docs/vbus-image.md for the image.
export { loadTopology, parseTopology, DEFAULT_MAC } from './load.js';
export type { ParseOptions } from './load.js';
export { buildImage } from './image/encode.js';
export { TopologyError, formatIssue } from './errors.js';
export type { TopologyIssue } from './errors.js';
export { PRESET_NAMES } from './presets.js';
export { DEFAULT_TIMING } from './resolve/ports.js';
export { decodeParams, encodeParams } from './image/params.js';
export type { ParamRecord } from './image/params.js';
export { MODEL_NAMES, MODEL_CODES, PORT_DESCRIPTOR_CODES, ACCESS, FAULT_KINDS, INPUT_PATTERN_MODES, WAVE_SHAPES, AL_STATE_CODES } from './types.js';
export type {
  CoeEntry,
  CoeFeatures,
  CoeObject,
  DcSupport,
  AlStateName,
  DcSyncMode,
  DriveSettings,
  FaultKind,
  FmmuUsage,
  InputPattern,
  InputPatternMode,
  ModelSettings,
  ScheduledFault,
  WaveShape,
  Waveform,
  Identity,
  Mailbox,
  MailboxProtocol,
  MasterSettings,
  MemoryArea,
  ModelName,
  Pdo,
  PdoEntry,
  Port,
  PortDescriptor,
  SiiSettings,
  Slave,
  SourceRef,
  SyncManager,
  SyncManagerType,
  Timing,
  Topology,
} from './types.js';
