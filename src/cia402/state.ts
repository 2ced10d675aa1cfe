// SPDX-License-Identifier: MIT
// The CiA 402 drive state machine as seen from the master: the statusword (0x6041) decoded into
// the state and its flags, the controlword (0x6040) commands, and which command moves a drive
// from a state towards a wanted one. Bit meanings follow CiA 402 / IEC 61800-7-201.

/** The states of the CiA 402 power drive state machine. */
export type DriveState =
  | 'NOT_READY_TO_SWITCH_ON'
  | 'SWITCH_ON_DISABLED'
  | 'READY_TO_SWITCH_ON'
  | 'SWITCHED_ON'
  | 'OPERATION_ENABLED'
  | 'QUICK_STOP_ACTIVE'
  | 'FAULT_REACTION_ACTIVE'
  | 'FAULT'
  /** A statusword that matches no state (a drive that is not CiA 402, or garbage). */
  | 'UNKNOWN';

/** Statusword bits. */
export const SW = {
  readyToSwitchOn: 1 << 0,
  switchedOn: 1 << 1,
  operationEnabled: 1 << 2,
  fault: 1 << 3,
  voltageEnabled: 1 << 4,
  /** Active low: 0 means a quick stop is in progress. */
  quickStop: 1 << 5,
  switchOnDisabled: 1 << 6,
  warning: 1 << 7,
  remote: 1 << 9,
  targetReached: 1 << 10,
  internalLimit: 1 << 11,
  /** PP: set-point acknowledge; CSP/CSV: the drive follows the command value. */
  opMode12: 1 << 12,
  /** PP/CSP: following error. */
  opMode13: 1 << 13,
} as const;

/** Controlword bits and the commands of the state machine. */
export const CW = {
  switchOn: 1 << 0,
  enableVoltage: 1 << 1,
  /** Active low: 0 requests a quick stop. */
  quickStop: 1 << 2,
  enableOperation: 1 << 3,
  /** PP: new set-point (rising edge). */
  newSetpoint: 1 << 4,
  /** PP: change set immediately. */
  changeImmediately: 1 << 5,
  /** PP: target is relative. */
  relative: 1 << 6,
  faultReset: 1 << 7,
  halt: 1 << 8,
  // Commands (bits 0-3 and 7).
  SHUTDOWN: 0x0006,
  SWITCH_ON: 0x0007,
  ENABLE_OPERATION: 0x000f,
  DISABLE_OPERATION: 0x0007,
  DISABLE_VOLTAGE: 0x0000,
  QUICK_STOP: 0x0002,
  FAULT_RESET: 0x0080,
} as const;

/** The state a statusword shows. */
export function driveState(statusword: number): DriveState {
  const sw = statusword & 0xffff;
  // The masks leave out the bits a state does not define (CiA 402 table of statusword states).
  switch (sw & 0x4f) {
    case 0x00:
      return 'NOT_READY_TO_SWITCH_ON';
    case 0x40:
      return 'SWITCH_ON_DISABLED';
    case 0x0f:
      return 'FAULT_REACTION_ACTIVE';
    case 0x08:
      return 'FAULT';
  }
  switch (sw & 0x6f) {
    case 0x21:
      return 'READY_TO_SWITCH_ON';
    case 0x23:
      return 'SWITCHED_ON';
    case 0x27:
      return 'OPERATION_ENABLED';
    case 0x07:
      return 'QUICK_STOP_ACTIVE';
  }
  return 'UNKNOWN';
}

/** A statusword taken apart. */
export interface StatusWord {
  raw: number;
  state: DriveState;
  voltageEnabled: boolean;
  warning: boolean;
  remote: boolean;
  targetReached: boolean;
  internalLimit: boolean;
  /** PP: set-point acknowledge. CSP/CSV: drive follows the command value. */
  setpointAcknowledge: boolean;
  followingError: boolean;
}

/** Decode a statusword. */
export function decodeStatusword(statusword: number): StatusWord {
  const sw = statusword & 0xffff;
  return {
    raw: sw,
    state: driveState(sw),
    voltageEnabled: (sw & SW.voltageEnabled) !== 0,
    warning: (sw & SW.warning) !== 0,
    remote: (sw & SW.remote) !== 0,
    targetReached: (sw & SW.targetReached) !== 0,
    internalLimit: (sw & SW.internalLimit) !== 0,
    setpointAcknowledge: (sw & SW.opMode12) !== 0,
    followingError: (sw & SW.opMode13) !== 0,
  };
}

/** `OPERATION_ENABLED (statusword 0x1237)`: for messages. */
export function describeStatusword(statusword: number): string {
  return `${driveState(statusword)} (statusword 0x${(statusword & 0xffff).toString(16).padStart(4, '0')})`;
}

/** Where a state-changing operation wants the drive. */
export type DriveGoal = 'OPERATION_ENABLED' | 'READY_TO_SWITCH_ON' | 'SWITCH_ON_DISABLED';

/**
 * The controlword (bits 0-3, 7) that moves a drive in `state` one transition towards `goal`, or
 * null when it is there or cannot get there by a command (a fault needs a fault reset; a drive
 * in a transient state is waited for).
 */
export function commandTowards(state: DriveState, goal: DriveGoal): number | null {
  if (state === goal) return null;
  switch (goal) {
    case 'OPERATION_ENABLED':
      switch (state) {
        case 'SWITCH_ON_DISABLED':
          return CW.SHUTDOWN; // transition 2
        case 'READY_TO_SWITCH_ON':
          return CW.SWITCH_ON; // transition 3
        case 'SWITCHED_ON':
          return CW.ENABLE_OPERATION; // transition 4
        case 'QUICK_STOP_ACTIVE':
          return CW.DISABLE_VOLTAGE; // transition 12, then up again
        default:
          return null;
      }
    case 'READY_TO_SWITCH_ON':
      switch (state) {
        case 'SWITCH_ON_DISABLED':
        case 'SWITCHED_ON':
        case 'OPERATION_ENABLED':
          return CW.SHUTDOWN; // transitions 2, 6, 8
        case 'QUICK_STOP_ACTIVE':
          return CW.DISABLE_VOLTAGE;
        default:
          return null;
      }
    case 'SWITCH_ON_DISABLED':
      switch (state) {
        case 'READY_TO_SWITCH_ON':
        case 'SWITCHED_ON':
        case 'OPERATION_ENABLED':
        case 'QUICK_STOP_ACTIVE':
          return CW.DISABLE_VOLTAGE; // transitions 7, 10, 9, 12
        default:
          return null;
      }
  }
}
