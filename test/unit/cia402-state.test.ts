// SPDX-License-Identifier: MIT
// CiA 402 statusword decoding (every state, with the bits a state leaves undefined set either
// way), the command that leads from each state towards a goal, mode names, and the trapezoidal
// profile (continuity, limits, exact end points, triangular short moves).
import { describe, expect, it } from 'vitest';
import { commandTowards, CW, decodeStatusword, describeStatusword, driveState, MODES, modeName, modeValue, TrapezoidProfile } from '../../src/cia402/index.js';
import type { DriveState } from '../../src/cia402/index.js';

describe('statusword', () => {
  const table: Array<[DriveState, number, number]> = [
    // state, value, mask of the bits that define it
    ['NOT_READY_TO_SWITCH_ON', 0x0000, 0x4f],
    ['SWITCH_ON_DISABLED', 0x0040, 0x4f],
    ['READY_TO_SWITCH_ON', 0x0021, 0x6f],
    ['SWITCHED_ON', 0x0023, 0x6f],
    ['OPERATION_ENABLED', 0x0027, 0x6f],
    ['QUICK_STOP_ACTIVE', 0x0007, 0x6f],
    ['FAULT_REACTION_ACTIVE', 0x000f, 0x4f],
    ['FAULT', 0x0008, 0x4f],
  ];

  it('decodes every state whatever the undefined bits are', () => {
    for (const [state, value, mask] of table) {
      const free = 0xffff & ~mask;
      // all undefined bits clear, all set, and a few patterns in between
      for (const extra of [0, free, free & 0x5a5a, free & 0xa5a5, free & 0x0210]) {
        expect(driveState(value | extra), `0x${(value | extra).toString(16)}`).toBe(state);
      }
    }
  });

  it('calls a statusword that fits no state UNKNOWN', () => {
    expect(driveState(0x0001)).toBe('UNKNOWN');
    expect(driveState(0x0061)).toBe('UNKNOWN'); // ready to switch on with switch on disabled set
    expect(driveState(0x0025)).toBe('UNKNOWN');
  });

  it('decodes the flags', () => {
    const s = decodeStatusword(0x3637);
    expect(s).toEqual({
      raw: 0x3637,
      state: 'OPERATION_ENABLED',
      voltageEnabled: true,
      warning: false,
      remote: true,
      targetReached: true,
      internalLimit: false,
      setpointAcknowledge: true,
      followingError: true,
    });
    expect(describeStatusword(0x0218)).toBe('FAULT (statusword 0x0218)');
  });
});

describe('commands', () => {
  it('leads from every state to OPERATION_ENABLED in the standard transitions', () => {
    expect(commandTowards('SWITCH_ON_DISABLED', 'OPERATION_ENABLED')).toBe(CW.SHUTDOWN);
    expect(commandTowards('READY_TO_SWITCH_ON', 'OPERATION_ENABLED')).toBe(CW.SWITCH_ON);
    expect(commandTowards('SWITCHED_ON', 'OPERATION_ENABLED')).toBe(CW.ENABLE_OPERATION);
    expect(commandTowards('QUICK_STOP_ACTIVE', 'OPERATION_ENABLED')).toBe(CW.DISABLE_VOLTAGE);
    expect(commandTowards('OPERATION_ENABLED', 'OPERATION_ENABLED')).toBeNull();
    expect(commandTowards('FAULT', 'OPERATION_ENABLED')).toBeNull();
    expect(commandTowards('NOT_READY_TO_SWITCH_ON', 'OPERATION_ENABLED')).toBeNull();
  });

  it('leads down to READY_TO_SWITCH_ON and SWITCH_ON_DISABLED', () => {
    expect(commandTowards('OPERATION_ENABLED', 'READY_TO_SWITCH_ON')).toBe(CW.SHUTDOWN);
    expect(commandTowards('SWITCHED_ON', 'READY_TO_SWITCH_ON')).toBe(CW.SHUTDOWN);
    expect(commandTowards('OPERATION_ENABLED', 'SWITCH_ON_DISABLED')).toBe(CW.DISABLE_VOLTAGE);
    expect(commandTowards('QUICK_STOP_ACTIVE', 'SWITCH_ON_DISABLED')).toBe(CW.DISABLE_VOLTAGE);
  });

  it('has the controlword values of the standard', () => {
    expect([CW.SHUTDOWN, CW.SWITCH_ON, CW.ENABLE_OPERATION, CW.DISABLE_VOLTAGE, CW.QUICK_STOP, CW.FAULT_RESET]).toEqual([6, 7, 15, 0, 2, 128]);
  });

  it('names modes', () => {
    expect(MODES.csp).toBe(8);
    expect(modeName(9)).toBe('csv');
    expect(modeName(-3)).toBe('mode -3');
    expect(modeValue('pp')).toBe(1);
    expect(modeValue('xyz')).toBeUndefined();
  });
});

describe('trapezoidal profile', () => {
  it('accelerates, cruises and decelerates within the limits and ends exactly', () => {
    const p = new TrapezoidProfile(1000, 101000, { velocity: 50000, acceleration: 200000 });
    // 0.25 s accelerating, 0.25 s braking, 6250 units each, 87500 cruising at 50000/s = 1.75 s
    expect(p.duration).toBeCloseTo(2.25, 9);
    expect(p.peakVelocity).toBe(50000);
    expect(p.position(0)).toBe(1000);
    expect(p.position(p.duration)).toBe(101000);
    expect(p.position(10)).toBe(101000);
    expect(p.position(0.25)).toBeCloseTo(1000 + 6250, 6);
    let last = p.position(0);
    for (let t = 0.001; t < p.duration; t += 0.001) {
      const x = p.position(t);
      const v = (x - last) / 0.001;
      expect(v).toBeGreaterThanOrEqual(-1e-6);
      expect(v).toBeLessThanOrEqual(50000 + 1e-6);
      expect(Math.abs(p.velocity(t))).toBeLessThanOrEqual(50000);
      last = x;
    }
  });

  it('becomes triangular for short moves and runs backwards', () => {
    const p = new TrapezoidProfile(0, -100, { velocity: 1e6, acceleration: 10000 });
    expect(p.peakVelocity).toBeCloseTo(1000, 6); // sqrt(100 * 10000)
    expect(p.duration).toBeCloseTo(0.2, 9);
    expect(p.position(0.1)).toBeCloseTo(-50, 6);
    expect(p.velocity(0.1)).toBeCloseTo(-1000, 6);
    expect(p.position(0.2)).toBe(-100);
  });

  it('honours a separate deceleration', () => {
    const p = new TrapezoidProfile(0, 1000, { velocity: 100, acceleration: 100, deceleration: 50 });
    // accel 1 s (50 units), decel 2 s (100 units), cruise 850 units = 8.5 s
    expect(p.duration).toBeCloseTo(11.5, 9);
    expect(p.position(1)).toBeCloseTo(50, 9);
    expect(p.position(9.5)).toBeCloseTo(900, 9);
  });

  it('rejects limits that are not positive', () => {
    expect(() => new TrapezoidProfile(0, 1, { velocity: 0, acceleration: 1 })).toThrow(RangeError);
    expect(() => new TrapezoidProfile(0, 1, { velocity: 1, acceleration: NaN })).toThrow(/acceleration must be a positive number/);
  });

  it('has zero length for a move to where it is', () => {
    const p = new TrapezoidProfile(5, 5, { velocity: 1, acceleration: 1 });
    expect(p.duration).toBe(0);
    expect(p.position(0)).toBe(5);
  });
});
