// SPDX-License-Identifier: MIT
// The Axis against a fake CiA 402 drive: the controlword sequences of enable, disable, quick stop
// and fault reset, mode changes (PDO and SDO), CSP moves along the profile, PP with the
// new-set-point handshake, CSV jogs, and the errors: a fault during an operation, timeouts that
// name the state, busy axes, interrupted and disposed operations, an offline slave.
import { describe, expect, it } from 'vitest';
import { Axis, DriveError } from '../../src/cia402/index.js';
import { FakeDrive } from './cia402-fake-drive.js';
import type { FakeDriveOptions } from './cia402-fake-drive.js';

function setup(options: FakeDriveOptions = {}): { drive: FakeDrive; axis: Axis } {
  const drive = new FakeDrive(options);
  const axis = new Axis(drive.io, { now: drive.now });
  return { drive, axis };
}

/** The distinct controlwords in order (repeats collapsed). */
function sequence(history: number[]): number[] {
  return history.filter((cw, i) => i === 0 || history[i - 1] !== cw);
}

async function enabled(options: FakeDriveOptions = {}, mode: 'csp' | 'csv' | 'pp' = 'csp'): Promise<{ drive: FakeDrive; axis: Axis }> {
  const s = setup(options);
  const m = s.axis.setMode(mode);
  await s.drive.until(m);
  await m;
  const e = s.axis.enable();
  await s.drive.until(e);
  await e;
  return s;
}

describe('Axis state operations', () => {
  it('enables with shutdown, switch on, enable operation', async () => {
    const { drive, axis } = setup();
    const p = axis.enable();
    await drive.until(p);
    await expect(p).resolves.toBeUndefined();
    expect(drive.state).toBe('OPERATION_ENABLED');
    expect(axis.state).toBe('OPERATION_ENABLED');
    expect(sequence(drive.history)).toEqual([0x00, 0x06, 0x07, 0x0f]);
  });

  it('keeps the set-point on the actual position while enabling, so nothing jumps', async () => {
    const { drive, axis } = setup();
    drive.position = 12345;
    drive.targetPosition = 0;
    await drive.until(axis.setMode('csp'));
    const p = axis.enable();
    await drive.until(p);
    await p;
    expect(drive.targetPosition).toBe(12345);
    drive.run(5);
    expect(drive.position).toBe(12345);
  });

  it('disables to READY_TO_SWITCH_ON and resolves at once when already there', async () => {
    const { drive, axis } = await enabled();
    const p = axis.disable();
    await drive.until(p);
    await p;
    expect(drive.state).toBe('READY_TO_SWITCH_ON');
    const again = axis.disable();
    expect(await drive.until(again)).toBe(1);
  });

  it('quick stops and ends in SWITCH_ON_DISABLED once the drive stopped', async () => {
    const { drive, axis } = await enabled({}, 'csv');
    const j = axis.jog(100000);
    await drive.until(j);
    drive.run(3);
    expect(drive.velocity).toBe(100000);
    const q = axis.quickStop();
    await drive.until(q);
    await q;
    expect(['QUICK_STOP_ACTIVE', 'SWITCH_ON_DISABLED']).toContain(drive.state);
    drive.run(20);
    expect(drive.state).toBe('SWITCH_ON_DISABLED');
    expect(drive.velocity).toBe(0);
    expect(drive.history).toContain(0x02);
  });

  it('refuses to enable a drive in FAULT, naming state, statusword and error code', async () => {
    const { drive, axis } = setup();
    drive.fault(0x7500);
    drive.run(3);
    const p = axis.enable();
    await drive.until(p);
    const err = (await p.catch((e: unknown) => e)) as DriveError;
    expect(err).toBeInstanceOf(DriveError);
    expect(err.code).toBe('DRIVE_FAULT');
    expect(err.message).toBe('drive: cannot enable: the drive is in FAULT (statusword 0x0208), error code 0x7500');
    expect(err.state).toBe('FAULT');
    expect(err.statusword).toBe(0x0208);
    expect(err.errorCode).toBe(0x7500);
    expect(err.hint).toMatch(/faultReset\(\)/);
  });

  it('resets a fault with a rising edge of bit 7, then enables', async () => {
    const { drive, axis } = setup();
    drive.fault(0x8611);
    const r = axis.faultReset();
    await drive.until(r);
    await r;
    expect(drive.state).toBe('SWITCH_ON_DISABLED');
    expect(drive.errorCode).toBe(0);
    const seq = sequence(drive.history);
    const edge = seq.indexOf(0x80);
    expect(edge).toBeGreaterThan(0);
    expect(seq[edge - 1]).toBe(0x00);
    const e = axis.enable();
    await drive.until(e);
    await e;
    expect(drive.state).toBe('OPERATION_ENABLED');
  });

  it('resolves a fault reset at once when there is no fault', async () => {
    const { drive, axis } = setup();
    drive.run(2);
    const r = axis.faultReset();
    expect(await drive.until(r)).toBe(1);
  });

  it('times out naming the operation, what it waited for and the state the drive is stuck in', async () => {
    const { drive, axis } = setup();
    drive.run(2);
    drive.stuck = true;
    const p = axis.enable({ timeoutMs: 50 });
    await drive.until(p);
    const err = (await p.catch((e: unknown) => e)) as DriveError;
    expect(err.code).toBe('ETIMEDOUT');
    expect(err.message).toBe('drive: enable() timed out after 50 ms waiting for OPERATION_ENABLED: the drive is in SWITCH_ON_DISABLED (statusword 0x0240)');
  });

  it('fails an operation when the drive faults during it', async () => {
    const { drive, axis } = await enabled();
    const m = axis.moveTo(100000, { velocity: 10000, acceleration: 100000 });
    drive.run(20);
    drive.fault(0x8611);
    await drive.until(m);
    await expect(m).rejects.toMatchObject({ code: 'DRIVE_FAULT', state: expect.stringMatching(/FAULT/), errorCode: 0x8611 });
    expect(axis.busy).toBeNull();
  });

  it('fails when the slave goes offline', async () => {
    const { drive, axis } = await enabled();
    const m = axis.moveTo(5000, { velocity: 1000, acceleration: 10000 });
    drive.run(3);
    drive.online = false;
    await drive.until(m);
    await expect(m).rejects.toMatchObject({ code: 'OFFLINE', message: expect.stringMatching(/moveTo\(\): the slave went offline/) });
  });
});

describe('Axis modes and motion', () => {
  it('switches modes through the PDO and waits for the display', async () => {
    const { drive, axis } = setup();
    const p = axis.setMode('csv');
    const cycles = await drive.until(p);
    await p;
    expect(drive.modeDisplay).toBe(9);
    expect(cycles).toBeGreaterThanOrEqual(1);
    expect(axis.mode).toBe('csv');
  });

  it('switches modes by SDO when 0x6060 is not mapped', async () => {
    const { drive, axis } = setup({ without: ['mode'], sdo: true });
    const p = axis.setMode('pp');
    await drive.until(p);
    await p;
    expect(drive.objects.get('6060:0')).toBe(1);
    expect(drive.modeDisplay).toBe(1);
  });

  it('cannot switch modes without 0x6060 mapped or an SDO channel', async () => {
    const { axis } = setup({ without: ['mode'] });
    await expect(axis.setMode('csp')).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
  });

  it('moves in CSP along a trapezoid: set-points every cycle, within the limits, to the target', async () => {
    const { drive, axis } = await enabled();
    const positions: number[] = [];
    const target = 50000;
    const m = axis.moveTo(target, { velocity: 100000, acceleration: 1000000 });
    const start = drive.cycle;
    let settled = false;
    m.finally(() => (settled = true));
    while (!settled && drive.cycle - start < 5000) {
      drive.run();
      positions.push(drive.targetPosition);
      await Promise.resolve();
    }
    const r = await m;
    expect(r.target).toBe(target);
    expect(r.position).toBe(target);
    // 0.1 s accel + 0.1 s decel (10000 units), 40000 at 100000/s = 0.4 s: 600 cycles of 1 ms
    expect(r.profileMs).toBeCloseTo(600, 6);
    expect(r.cycles).toBeGreaterThanOrEqual(600);
    expect(r.cycles).toBeLessThan(605);
    for (let i = 1; i < positions.length; i++) {
      const step = positions[i]! - positions[i - 1]!;
      expect(step).toBeGreaterThanOrEqual(0);
      expect(step).toBeLessThanOrEqual(101); // 100000 units/s at 1 ms, plus rounding
    }
    expect(positions[positions.length - 1]).toBe(target);
  });

  it('waits for a lagging drive to come within the window', async () => {
    const { drive, axis } = await enabled({ maxStep: 20 });
    const m = axis.moveTo(2000, { velocity: 100000, acceleration: 1e7 });
    await drive.until(m);
    const r = await m;
    expect(Math.abs(r.position - 2000)).toBeLessThanOrEqual(10);
  });

  it('refuses a move when not enabled, in the wrong mode, or while another move runs', async () => {
    const s = setup();
    await s.drive.until(s.axis.setMode('csp'));
    const notEnabled = s.axis.moveTo(10, { velocity: 1, acceleration: 1 });
    await s.drive.until(notEnabled);
    await expect(notEnabled).rejects.toMatchObject({ code: 'DRIVE_STATE', message: expect.stringMatching(/moveTo\(10\): the drive is in SWITCH_ON_DISABLED/) });
    const { drive, axis } = await enabled({}, 'csv');
    await expect(axis.moveTo(10, { velocity: 1, acceleration: 1 })).rejects.toMatchObject({ code: 'DRIVE_STATE', message: expect.stringMatching(/needs mode csp or pp, the drive is in csv/) });
    const j = axis.jog(1000, { acceleration: 10 });
    await expect(axis.jog(5)).rejects.toMatchObject({ code: 'DRIVE_STATE', message: expect.stringMatching(/busy with jog\(\)/) });
    const d = axis.disable();
    await drive.until(d);
    await expect(j).rejects.toMatchObject({ code: 'INTERRUPTED', message: expect.stringMatching(/superseded by disable\(\)/) });
    await expect(axis.moveTo(1.5, { velocity: 1, acceleration: 1 })).rejects.toThrow(RangeError);
    await expect(axis.moveTo(1, { velocity: -1, acceleration: 1 })).rejects.toThrow(/drive: moveTo\(1\): profile velocity must be a positive number/);
  });

  it('moves in PP with the new-set-point handshake and the profile parameters by SDO', async () => {
    const { drive, axis } = await enabled({ sdo: true }, 'pp');
    const m = axis.moveTo(300, { velocity: 50000, acceleration: 100000 });
    await drive.until(m);
    const r = await m;
    expect(r.position).toBe(300);
    expect(drive.objects.get('6081:0')).toBe(50000);
    expect(drive.objects.get('6083:0')).toBe(100000);
    expect(drive.objects.get('6084:0')).toBe(100000);
    const seq = sequence(drive.history);
    // new set-point + change immediately, then bit 4 dropped after the acknowledge
    const set = seq.indexOf(0x3f);
    expect(set).toBeGreaterThan(0);
    expect(seq[set + 1]).toBe(0x2f);
  });

  it('jogs in CSV with a ramp and stops with jog(0)', async () => {
    const { drive, axis } = await enabled({}, 'csv');
    const velocities: number[] = [];
    const j = axis.jog(10000, { acceleration: 100000 });
    let done = false;
    j.finally(() => (done = true));
    while (!done) {
      drive.run();
      velocities.push(drive.targetVelocity);
      await Promise.resolve();
    }
    await j;
    // 0.1 s ramp at 1 ms: about 100 cycles of +100
    expect(velocities.length).toBeGreaterThanOrEqual(100);
    expect(velocities.length).toBeLessThan(103);
    expect(velocities[0]).toBe(0); // the first set-point is where the ramp starts
    expect(velocities[10]).toBe(1000);
    drive.run(5);
    expect(drive.velocity).toBe(10000);
    const stop = axis.jog(0, { acceleration: 100000 });
    await drive.until(stop);
    await stop;
    drive.run();
    expect(drive.velocity).toBe(0);
  });

  it('writes CSP moves and CSV ramps ahead into set-point queues, so stalled ticks do not stop the drive', async () => {
    for (const queueDepth of [64, 0]) {
      const { drive, axis } = await enabled({ queueDepth });
      const m = axis.moveTo(100000, { velocity: 100000, acceleration: 1000000 });
      drive.run(200); // cruising at 100 units per cycle
      const before = drive.targetPosition;
      drive.stall(40); // 40 bus cycles without a tick
      const advance = drive.targetPosition - before;
      if (queueDepth) expect(advance).toBe(4000); // on the profile, cycle by cycle
      else expect(advance).toBe(0); // without a queue the set-point stands still
      await drive.until(m);
      expect((await m).position).toBe(100000);
      if (queueDepth) {
        expect(drive.positionQueue?.clears).toBeGreaterThan(0); // dropped when the move ended
        expect(drive.positionQueue?.values.size).toBe(0);
      }
    }
    const { drive, axis } = await enabled({ queueDepth: 64 }, 'csv');
    const j = axis.jog(10000, { acceleration: 100000 }); // +100 per cycle for 100 cycles
    drive.run(20);
    const v0 = drive.targetVelocity;
    drive.stall(30);
    expect(drive.targetVelocity - v0).toBe(3000);
    await drive.until(j);
    await j;
    expect(drive.targetVelocity).toBe(10000);
    expect(drive.velocityQueue?.values.size).toBe(0);
  });

  it('rejects pending operations when disposed or when the master stops', async () => {
    const { drive, axis } = setup();
    drive.stuck = true;
    const p = axis.enable();
    drive.run(2);
    drive.end();
    await expect(p).rejects.toMatchObject({ code: 'INTERRUPTED', message: expect.stringMatching(/the cycling master stopped/) });
    await expect(axis.enable()).rejects.toMatchObject({ code: 'INTERRUPTED' });
  });
});
