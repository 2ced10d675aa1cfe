// SPDX-License-Identifier: MIT
// The typestates at run time on the fake native master: the order of native calls, WRONG_PHASE
// for an object of an earlier phase (activating twice, starting twice, stopping twice), CLOSED
// after close(), configuration errors before anything is reserved, and what start() checks.
import { describe, expect, it } from 'vitest';
import { EtherCATError } from '../../src/binding/errors.js';
import { ConfigError } from '../../src/config/errors.js';
import { planBus, validateBusConfig } from '../../src/config/index.js';
import { Master, defineVariables } from '../../src/runtime/index.js';
import { activeFake, cyclingFake, openFake, testConfig, testSlaves } from './runtime-setup.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as EtherCATError).code;
  }
  return undefined;
}

async function asyncCode(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return (err as EtherCATError).code;
  }
  return undefined;
}

describe('lifecycle', () => {
  it('goes opened -> configured -> active -> cycling -> active -> closed with the native calls in order', async () => {
    const { master, fake } = await openFake();
    expect(master.phase).toBe('opened');
    const configured = await master.configure(testConfig());
    expect(configured.phase).toBe('configured');
    expect(configured.slaves.map((s) => [s.name, s.position])).toEqual([
      ['outputs', 0],
      ['inputs', 1],
      ['axis', 2],
    ]);
    const active = configured.activate();
    expect(active.phase).toBe('active');
    const cycling = await active.start({ loop: false });
    expect(cycling.phase).toBe('cycling');
    expect(cycling.stats().cycles).toBeGreaterThan(0);
    const back = cycling.stop();
    expect(back).toBe(active);
    expect(active.phase).toBe('active');
    active.close();
    expect(master.phase).toBe('closed');
    expect(fake.calls).toEqual(['request', 'configure', 'activate', 'startCycle', 'stopCycle', 'close']);
  });

  it('gives the native side a plan with the slaves, syncs left alone and the variables in order', async () => {
    const { master, fake } = await openFake();
    await master.configure(testConfig());
    const plan = fake.plan;
    expect(plan?.slaves.map((s) => [s.alias, s.position, s.vendorId, s.productCode, s.syncs])).toEqual([
      [0, 0, 2, 0x07d83052, undefined],
      [0, 1, 2, 0x03f03052, undefined],
      [7, 0, 0xeca7, 0x00060001, undefined],
    ]);
    expect(plan?.variables.slice(0, 3)).toEqual([
      { slave: 0, index: 0x7000, subindex: 1, domain: 0 },
      { slave: 0, index: 0x7010, subindex: 1, domain: 0 },
      { slave: 0, index: 0x7070, subindex: 1, domain: 0 },
    ]);
    expect(plan?.referenceClock).toBe(-1);
    master.close();
  });

  it('fails activate() twice with WRONG_PHASE naming the phase, and start() on a configured object does not exist', async () => {
    const { master } = await openFake();
    const configured = await master.configure(testConfig());
    configured.activate();
    expect(() => configured.activate()).toThrow(/activate\(\) needs the master to be configured, but it is active/);
    expect(code(() => configured.activate())).toBe('WRONG_PHASE');
    expect('start' in configured).toBe(false);
    master.close();
  });

  it('fails configure() on an object of an earlier phase and start() while cycling', async () => {
    const { master, fake } = await openFake();
    const configured = await master.configure(testConfig());
    expect(await asyncCode(master.configure(testConfig()))).toBe('WRONG_PHASE');
    const active = configured.activate();
    const cycling = await active.start({ loop: false });
    expect(await asyncCode(active.start())).toBe('WRONG_PHASE');
    cycling.stop();
    expect(code(() => cycling.stop())).toBe('WRONG_PHASE');
    expect(fake.calls.filter((c) => c === 'startCycle')).toHaveLength(1);
    master.close();
  });

  it('makes every call on a closed master fail with CLOSED, and close() idempotent', async () => {
    const { fake, cycling, active } = await cyclingFake();
    cycling.close();
    cycling.close();
    active.close();
    expect(fake.calls.filter((c) => c === 'close')).toHaveLength(1);
    expect(fake.calls.slice(-2)).toEqual(['stopCycle', 'close']);
    expect(code(() => cycling.stop())).toBe('CLOSED');
    expect(await asyncCode(active.start())).toBe('CLOSED');
    expect(() => cycling.image.publish()).toThrow(/closed/);
    expect(code(() => cycling.image.sync())).toBe('CLOSED');
    await expect(cycling.sdo.upload('axis', 0x6081, 0)).rejects.toMatchObject({ code: 'CLOSED' });
    expect(code(() => cycling.sim?.fault({ kind: 'link', up: false }))).toBe('CLOSED');
    // the last run's statistics stay readable
    expect(cycling.stats().cycles).toBeGreaterThan(0);
  });

  it('closes through Symbol.dispose', async () => {
    const { master, fake } = await openFake();
    {
      using m = master;
      expect(m.phase).toBe('opened');
    }
    expect(master.phase).toBe('closed');
    expect(fake.calls).toEqual(['close']);
  });

  it('reports configuration errors before reserving the master, and the master stays usable', async () => {
    const { master, fake } = await openFake();
    const bad = testConfig();
    (bad.slaves as Array<Record<string, unknown>>)[1]!.productCode = 0x1234;
    const err = await master.configure(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toMatch(/slaves\[1\]\.productCode: wrong slave at position 1: expected vendor 0x00000002 product 0x00001234/);
    expect(fake.calls).toEqual([]);
    const configured = await master.configure(testConfig());
    expect(configured.phase).toBe('configured');
    master.close();
  });

  it('reports a configured slave missing from the bus with its configuration path', async () => {
    const { master } = await openFake(testSlaves().slice(0, 2));
    const err = (await master.configure(testConfig()).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.errors.map((e) => e.path)).toEqual(['slaves[2].alias']);
    expect(err.message).toMatch(/no slave with alias 7 on the bus/);
    master.close();
  });

  it('reports a PDO entry the slave does not map', async () => {
    const { master } = await openFake();
    const cfg = testConfig();
    ((cfg.slaves as Array<Record<string, unknown>>)[2]!.variables as unknown[]).push({ name: 'axis.torque', entry: '0x6077:00', type: 'int16' });
    const err = (await master.configure(cfg).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.errors[0]?.path).toMatch(/^slaves\[2\]\.variables\[9\]/);
    master.close();
  });

  it('refuses duplicate variable names in a configuration (file shape) and in a plan built in code', async () => {
    const cfg = testConfig();
    ((cfg.slaves as Array<Record<string, unknown>>)[1]!.variables as Array<Record<string, unknown>>)[1]!.name = 'di1';
    const { master } = await openFake();
    const err = (await master.configure(cfg).catch((e: unknown) => e)) as ConfigError;
    expect(err.message).toMatch(/variable name "di1" is already used by slaves\[1\]\.variables\[0\]/);
    const plan = planBus(validateBusConfig(testConfig()));
    plan.variables[1] = { ...plan.variables[1]!, name: 'do1' };
    await expect(master.configure(plan)).rejects.toMatchObject({ code: 'DUPLICATE_VARIABLE', message: expect.stringMatching(/"do1" is used twice/) });
    const plan2 = planBus(validateBusConfig(testConfig()));
    plan2.variables[1] = { ...plan2.variables[1]!, name: 'axis-position' };
    plan2.variables[2] = { ...plan2.variables[2]!, name: 'axis.position_' };
    plan2.variables[0] = { ...plan2.variables[0]!, name: 'axis_position' };
    await expect(master.configure(plan2)).rejects.toMatchObject({ code: 'DUPLICATE_VARIABLE', message: expect.stringMatching(/both become image\.vars\.axis_position/) });
    master.close();
  });

  it('checks a defineVariables() declaration against the configuration', async () => {
    const { master } = await openFake();
    const wrong = defineVariables({
      'axis.statusword': { type: 'uint16', direction: 'output' },
      'axis.position': { type: 'int16', direction: 'input' },
      'axis.postion': { type: 'int32', direction: 'input' },
    });
    const err = (await master.configure(testConfig(), { variables: wrong }).catch((e: unknown) => e)) as EtherCATError;
    expect(err.code).toBe('VARIABLE_MISMATCH');
    expect(err.message).toContain('"axis.statusword" is declared an output but is an input on the bus');
    expect(err.message).toContain('"axis.position" is declared int16 but configured int32');
    expect(err.message).toContain('"axis.postion" is declared but not in the configuration (did you mean "axis.position"?)');
    master.close();
  });

  it('refuses to configure a read-only master and a master without the application runtime', async () => {
    const ro = await openFake(testSlaves(), { writable: false });
    await expect(ro.master.configure(testConfig())).rejects.toMatchObject({ code: 'READ_ONLY' });
    ro.master.close();
    const old = await openFake(testSlaves(), { app: false });
    await expect(old.master.configure(testConfig())).rejects.toMatchObject({ code: 'NOT_SUPPORTED', message: expect.stringMatching(/no application runtime/) });
    old.master.close();
  });

  it('closes the master when the native configure fails after the reservation', async () => {
    const { master, fake } = await openFake();
    fake.failConfigure = Object.assign(new Error('x'), { errno: 22, request: 'EC_IOCTL_SC_PDO' });
    const err = (await master.configure(testConfig()).catch((e: unknown) => e)) as EtherCATError;
    expect(err.code).toBe('EINVAL');
    expect(err.message).toMatch(/master was released and closed/);
    expect(master.phase).toBe('closed');
  });

  it('loads a configuration file', async () => {
    const { master } = await openFake();
    const file = new URL('../../examples/bus-io-rack.yaml', import.meta.url).pathname;
    // the fake bus is not the io rack: the file loads, then the bus check names what differs
    const err = (await master.configure(file).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.file).toBe(file);
    expect(err.errors.length).toBeGreaterThan(0);
    master.close();
  });
});

describe('start options', () => {
  it('rejects a cycle time out of range, naming the range', async () => {
    const { active, master } = await activeFake();
    await expect(active.start({ cycleTime: '50us' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/cycleTime 50us is out of range: expected 125us\.\.100ms/) });
    await expect(active.start({ cycleTime: 1000 })).rejects.toThrow(/a number is read as nanoseconds/);
    await expect(active.start({ cycleTime: '2 parsecs' })).rejects.toThrow(/cycleTime "2 parsecs"/);
    await expect(active.start({ priority: 100 })).rejects.toThrow(/priority 100 is out of range/);
    await expect(active.start({ watchdogMs: 1 })).rejects.toThrow(/shorter than two bus cycles/);
    await expect(active.start({ watchdogMs: 2, loop: { intervalMs: 5 } })).rejects.toThrow(/shorter than three application cycles/);
    expect(active.phase).toBe('active');
    master.close();
  });

  it('passes the options, the safe outputs and the cycle time on, and reports what was not granted', async () => {
    const { fake, cycling } = await cyclingFake({ cycleTime: '500us', priority: 50, cpu: 1, watchdogMs: 20 });
    const o = fake.lastCycleOptions;
    expect(o).toMatchObject({ cycleTimeNs: 500000, priority: 50, cpu: 1, lockMemory: true, watchdogMs: 20, stateEvery: 10, dc: null });
    // do1 has safe: true (bit 0 of the first output byte), the controlword safe 6
    const safe = o?.safeOutputs as Uint8Array;
    expect(safe[0]).toBe(1);
    const cw = cycling.layout.byName.get('axis.controlword')!;
    expect(safe[cw.offset]).toBe(6);
    expect(cycling.cycleTimeNs).toBe(500000);
    expect(cycling.warnings).toEqual(['SCHED_FIFO not granted (fake)', 'mlockall not granted (fake)']);
    expect(cycling.stats().granted).toEqual({ schedFifo: false, affinity: true, mlockall: false });
    cycling.close();
  });

  it('fails start() with ETIMEDOUT when no cycle completes, and is back in active', async () => {
    const { fake, active, master } = await activeFake();
    fake.stall = true;
    await expect(active.start({ loop: false, firstCycleTimeoutMs: 30 })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(active.phase).toBe('active');
    expect(fake.calls.slice(-2)).toEqual(['startCycle', 'stopCycle']);
    fake.stall = false;
    const cycling = await active.start({ loop: false });
    expect(cycling.phase).toBe('cycling');
    master.close();
  });

  it('refuses a native side that does not follow the shared layout', async () => {
    const { fake, active, master } = await activeFake();
    fake.skipHeader = true;
    await expect(active.start({ loop: false })).rejects.toMatchObject({ code: 'LAYOUT_MISMATCH' });
    expect(active.phase).toBe('active');
    master.close();
  });

  it('opens a device through Master.open options and explains a missing one', async () => {
    await expect(Master.open({ device: '/nonexistent/EtherCAT9', readiness: 'off' })).rejects.toMatchObject({ code: expect.stringMatching(/ENOENT|ADDON_LOAD/) });
  });
});
