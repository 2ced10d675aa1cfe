// SPDX-License-Identifier: MIT
// An Axis bound to a cycling master (fake native master, fake drive model on the bus): variables
// found by object index, ticked by the application cycle, enable and a CSP move through the
// shared image, binding errors, and the end of the run interrupting an operation.
import { describe, expect, it } from 'vitest';
import { attachAxis, findAxisVariables } from '../../src/cia402/index.js';
import { Master } from '../../src/runtime/index.js';
import type { CyclingMaster, StartOptions } from '../../src/runtime/index.js';
import { FakeDrive } from './cia402-fake-drive.js';
import { fakeNative } from './runtime-fake.js';
import type { FakeNative } from './runtime-fake.js';
import { testConfig, testSlaves } from './runtime-setup.js';

async function drivenBus(start: StartOptions = {}, safeControlword = 6): Promise<{ drive: FakeDrive; master: Master; cycling: CyclingMaster; fake: FakeNative }> {
  const drive = new FakeDrive();
  const slaves = testSlaves();
  slaves[2]!.model = (io) => {
    drive.controlword = io.get(0x6040, 0);
    drive.mode = io.getSigned(0x6060, 0);
    drive.targetPosition = io.getSigned(0x607a, 0);
    drive.targetVelocity = io.getSigned(0x60ff, 0);
    drive.apply();
    io.set(0x6041, 0, drive.statusword());
    io.set(0x6064, 0, drive.position);
    io.set(0x606c, 0, drive.velocity);
    io.set(0x6061, 0, drive.modeDisplay);
    io.set(0x603f, 0, drive.errorCode);
  };
  const fake = fakeNative(slaves);
  const master = await Master.open({ native: fake, closeOnExit: false });
  const config = testConfig();
  const axisVars = (config.slaves as Array<{ variables: Array<Record<string, unknown>> }>)[2]!.variables;
  axisVars[0]!.safe = safeControlword;
  const active = (await master.configure(config)).activate();
  const cycling = await active.start({ loop: { intervalMs: 1 }, ...start });
  return { drive, master, cycling, fake };
}

describe('Axis on a cycling master', () => {
  it('finds the drive variables by object index', async () => {
    const { master, cycling } = await drivenBus();
    expect(findAxisVariables(cycling.layout, 'axis')).toEqual({
      controlword: 'axis.controlword',
      statusword: 'axis.statusword',
      mode: 'axis.mode',
      modeDisplay: 'axis.mode_display',
      targetPosition: 'axis.target_position',
      targetVelocity: 'axis.target_velocity',
      actualPosition: 'axis.position',
      actualVelocity: 'axis.velocity',
      errorCode: 'axis.error_code',
    });
    master.close();
  });

  it('enables the drive and moves it in CSP through the process image', async () => {
    const { master, cycling, drive } = await drivenBus();
    const axis = attachAxis(cycling, 'axis');
    await axis.setMode('csp');
    await axis.enable();
    expect(axis.state).toBe('OPERATION_ENABLED');
    const r = await axis.moveTo(3000, { velocity: 100000, acceleration: 1000000 });
    expect(r.position).toBe(3000);
    expect(drive.position).toBe(3000);
    cycling.image.sync();
    expect(cycling.image.get('axis.position')).toBe(3000);
    await axis.disable();
    expect(drive.state).toBe('READY_TO_SWITCH_ON');
    axis.dispose();
    master.close();
  });

  it('interrupts a pending operation when the master stops', async () => {
    const { master, cycling, drive } = await drivenBus();
    drive.stuck = true;
    const axis = attachAxis(cycling, 'axis');
    const p = axis.enable({ timeoutMs: 10000 });
    await new Promise((r) => setTimeout(r, 5));
    cycling.stop();
    await expect(p).rejects.toMatchObject({ code: 'INTERRUPTED', message: expect.stringMatching(/cycling master stopped/) });
    master.close();
  });

  it('says that the output watchdog tripped when that is why the drive is no longer enabled', async () => {
    const { master, cycling, drive, fake } = await drivenBus({ watchdogMs: 10 }, 0);
    const axis = attachAxis(cycling, 'axis');
    await axis.setMode('csp');
    await axis.enable();
    // The application stalls: bus cycles go on without a publish, the safe controlword 0 goes out.
    fake.pause();
    fake.step(30);
    expect(drive.state).toBe('SWITCH_ON_DISABLED');
    fake.resume();
    const err = (await axis.moveTo(1000, { velocity: 100000, acceleration: 1000000 }).catch((e: unknown) => e)) as { code: string; message: string; hint?: string };
    expect(err.code).toBe('DRIVE_STATE');
    expect(err.message).toMatch(/SWITCH_ON_DISABLED/);
    expect(err.hint).toMatch(/output watchdog tripped in cycle \d+ .* enable\(\) it again/);
    await axis.enable();
    await expect(axis.moveTo(1000, { velocity: 100000, acceleration: 1000000 })).resolves.toMatchObject({ target: 1000 });
    master.close();
  });

  it('reports bindings that cannot work', async () => {
    const { master, cycling } = await drivenBus();
    expect(() => attachAxis(cycling, 'inputs')).toThrow(/axis inputs: no variable for the controlword \(0x6040\) and statusword \(0x6041\)/);
    expect(() => attachAxis(cycling, 'nope')).toThrow(/no configured slave "nope"/);
    expect(() => attachAxis(cycling, { slave: 'axis', variables: { controlword: 'axis.statusword' } })).toThrow(/controlword must be an output, but axis.statusword is an input/);
    expect(() => attachAxis(cycling, { variables: { controlword: 'do1', statusword: 'axis.statusword' } })).toThrow(/controlword do1 is bool/);
    master.close();
  });
});
