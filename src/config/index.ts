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
