// SPDX-License-Identifier: MIT
// CiA 402 drive helper: state decoding, controlword commands, modes, motion profiles and the
// Axis that drives one drive through enable/disable/quick stop/fault reset, mode changes, moves
// (CSP trajectories generated in JS, PP handshake) and jogs (CSV). See docs/api.md.
export { Axis } from './axis.js';
export type { AheadQueue, AxisIO, AxisOptions, OperationOptions, MoveOptions, MoveResult, JogOptions } from './axis.js';
export { attachAxis, axisIO, findAxisVariables, AXIS_OBJECTS } from './bind.js';
export type { AxisBinding, AxisVariables } from './bind.js';
export { DriveError } from './errors.js';
export type { DriveErrorCode } from './errors.js';
export { MODES, modeName, modeValue } from './modes.js';
export type { DriveMode } from './modes.js';
export { CW, SW, commandTowards, decodeStatusword, describeStatusword, driveState } from './state.js';
export type { DriveGoal, DriveState, StatusWord } from './state.js';
export { TrapezoidProfile } from './trajectory.js';
export type { ProfileLimits } from './trajectory.js';
