// SPDX-License-Identifier: MIT
// Public API of provisioning: provision() (build, install, load, permissions, wait; the IgH
// master, or with `virtual` the project's own kernel module), doctor() and the readiness check
// the runtime runs before opening a device (checkReady, ensureReady). This module never imports
// the runtime (src/binding, the addon); the runtime imports it and passes probeAbi to report
// the device's ABI, and `vbus` (topology loader and addon) for the virtual master.
export { provision } from './provision.js';
export type { ProvisionOptions } from './options.js';
export type { ProvisionReport, StepReport, StepStatus, StepId, CommandRecord, FileRecord, DeviceReport } from './report.js';
export type { ProvisionEvent } from './session.js';
export { doctor } from './doctor.js';
export type { DoctorReport } from './doctor.js';
export { checkReady, ensureReady, notReadyError } from './ready.js';
export type { ReadyOptions, ReadyReport, EnsureOptions, EnsureResult } from './ready.js';
export type { Check, CheckStatus, Fix } from './checks.js';
export { ProvisionError } from './errors.js';
export type { ProvisionErrorCode, ProvisionErrorDetails } from './errors.js';
export type { ProvisionDeps, AbiProbeResult, OpenCheckResult, SpawnFn, ProvisionFs, Clock, Identity, VbusDeps, VbusKernelInfo, VbusKernelLoadResult } from './deps.js';
export { nodeDeps } from './real-deps.js';
export { registerProvisionCommands } from './cli.js';
export type { ProvisionCliDeps } from './cli.js';
export { renderReport, renderChecks } from './render.js';
export { readSettings, SETTINGS_PATH } from './settings.js';
export type { ProvisionSettings } from './settings.js';
export { parseDkmsStatus } from './detect/dkms.js';
export { DRIVERS } from './igh/drivers.js';
export type { DriverKey, DriverInfo } from './igh/drivers.js';
