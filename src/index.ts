// SPDX-License-Identifier: MIT
// Public entry point of the `ecat` package.
export { openMaster, devicePath, resetSimState } from './binding/open.js';
export type { OpenMasterOptions, MasterHandle } from './binding/open.js';
export { EtherCATError } from './binding/errors.js';
export type { EtherCATErrorCode, EtherCATErrorFields } from './binding/errors.js';
export { loadAddon, addonPath } from './binding/load.js';
export type * from './binding/native.js';
export { sdoAbortMessage } from './coe/abort-codes.js';
export { openMasterReady, probeAbi } from './binding/ready.js';
export type { ReadyOpenOptions } from './binding/ready.js';
export * from './config/index.js';
export { loadTopology, parseTopology, buildImage, TopologyError } from './topology/index.js';
export {
  provision,
  doctor,
  checkReady,
  ensureReady,
  ProvisionError,
  nodeDeps,
} from './provision/index.js';
export type { ProvisionOptions, ProvisionReport, DoctorReport, ReadyReport } from './provision/index.js';
export * from './runtime/index.js';
export * from './cia402/index.js';
