// SPDX-License-Identifier: MIT
// Bus configuration: load and validate a YAML/JSON configuration, resolve it into the BusPlan
// the native master executes, check it against a live bus, import ESI files, and write a
// configuration from a scan. See docs/config.md.
export type {
  BusConfig,
  ConfigSource,
  ConfigValue,
  DcConfig,
  DcSyncConfig,
  Direction,
  DomainConfig,
  EsiReference,
  IdentityConfig,
  PdoConfig,
  PdoEntryConfig,
  SdoConfig,
  SdoValueType,
  SlaveConfig,
  SyncConfig,
  VariableConfig,
  VariableType,
  WatchdogConfig,
  WatchdogMode,
} from './types.js';
export { ConfigError, EsiError, formatConfigIssue } from './errors.js';
export type { ConfigIssue } from './errors.js';
export { loadBusConfig, parseBusConfig, validateBusConfig } from './load.js';
export type { ParseOptions } from './load.js';
export { formatDuration, parseDuration, MAX_CYCLE_NS, MIN_CYCLE_NS } from './units.js';
export { encodeValue, VARIABLE_TYPES, SDO_VALUE_TYPES } from './values.js';

export { planBus, cachedEsiLoader } from './plan/plan.js';
export type { PlanOptions } from './plan/plan.js';
export type { EsiLoader } from './plan/slave.js';
export { orderStartupSdos } from './plan/order.js';
export { serializeBusPlan, deserializeBusPlan } from './plan/serialize.js';
export type { BusPlan, PlanDc, PlanDomain, PlanEntry, PlanNote, PlanPdo, PlanSdo, PlanSlave, PlanSync, PlanVariable } from './plan/types.js';

export { checkAgainstBus, assertBusMatches } from './bus/check.js';
export { inspectorOf } from './bus/inspector.js';
export type { BusCheck, BusProblem } from './bus/check.js';
export type { BusInspector, InspectedPdo, InspectedPdoEntry, InspectedSdo, InspectedSdoEntry, InspectedSlave, InspectedSync } from './bus/inspector.js';

export { loadEsi, loadEsiSync, parseEsi } from './esi/load.js';
export { selectEsiDevice, findEsiDevice } from './esi/select.js';
export type { EsiIdentity } from './esi/select.js';
export { defaultEsiPdos, selectEsiPdos } from './esi/pdos.js';
export type { EsiPdoChoice } from './esi/pdos.js';
export { dcFromOpMode } from './esi/dc.js';
export type { DcTimes } from './esi/dc.js';
export type { EsiCoe, EsiDcOpMode, EsiDcTime, EsiDevice, EsiDeviceHeader, EsiFile, EsiInitCmd, EsiPdo, EsiPdoEntry, EsiPlace, EsiSyncManager } from './esi/types.js';

export { configFromBus } from './scan/from-bus.js';
export type { ScanOptions } from './scan/from-bus.js';
export { stringifyBusConfig } from './scan/stringify.js';
