// SPDX-License-Identifier: MIT
// Public entry point of the `ecat` package.
export { openMaster, devicePath, resetSimState } from './binding/open.js';
export type { OpenMasterOptions, MasterHandle } from './binding/open.js';
export { EtherCATError } from './binding/errors.js';
export type { EtherCATErrorCode, EtherCATErrorFields } from './binding/errors.js';
export { loadAddon, addonPath } from './binding/load.js';
export type * from './binding/native.js';
export { sdoAbortMessage } from './coe/abort-codes.js';
