// SPDX-License-Identifier: MIT
// The application runtime: typestates from an open master to cyclic exchange, the typed process
// image, events and statistics, mailbox Promises and fault injection on the virtual master.
// See docs/api.md.
export { Master } from './master.js';
export type { MasterOpenOptions, ConfigureOptions, BusSlave } from './master.js';
export type { ConfiguredMaster, ActiveMaster, CyclingMaster, ConfiguredSlave, MasterPhase, TypedEvents } from './api.js';
export type { StartOptions } from './options.js';
export type { SetpointQueue, SetpointSpec } from './setpoints.js';
export type { ConfigInput } from './plan.js';
export type { Phase, RuntimeErrorCode } from './errors.js';
export { defineVariables } from './image/types.js';
export type {
  VariableSpec,
  VariableSpecs,
  UntypedVariables,
  VariableValue,
  ValueOf,
  ValueFor,
  InputNames,
  OutputNames,
  ReadableName,
  WritableName,
  PropertyName,
  ImageVars,
  WideBits,
} from './image/types.js';
export type { ProcessImage, ProcessVariable } from './image/image.js';
export type { ImageLayout, ImageVariable, ByteRange } from './image/layout.js';
export type { CycleStats, DomainState, SlaveState } from './stats.js';
export type {
  AlStateName,
  CycleInfo,
  CyclingEvents,
  EventBase,
  MasterEvent,
  OverrunEvent,
  SlaveEvent,
  StateEvent,
  WatchdogEvent,
  WkcEvent,
} from './events/types.js';
export { SdoClient, RegisterClient, SiiClient } from './mailbox.js';
export type { SdoType, SdoValue, SlaveRef } from './mailbox.js';
export type { SimControl, SimFault } from './sim.js';
