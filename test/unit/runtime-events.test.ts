// SPDX-License-Identifier: MIT
// Events drained from the native ring with names instead of indices, the application cycle
// ('cycle' events, a throwing listener), statistics and states read from the shared image, and
// fault injection addressed by slave name.
import { describe, expect, it, vi } from 'vitest';
import type { EtherCATError } from '../../src/binding/errors.js';
import type { CycleInfo, MasterEvent, SlaveEvent, StateEvent, WkcEvent } from '../../src/runtime/index.js';
import { cyclingFake } from './runtime-setup.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('events', () => {
  it('emits AL state changes with slave names and waits until every slave is operational', async () => {
    const { fake, active, master } = await (async () => {
      const { activeFake } = await import('./runtime-setup.js');
      return activeFake();
    })();
    fake.opAfter = 20;
    const states: StateEvent[] = [];
    const cycling = await active.start({ loop: false });
    cycling.on('state', (e) => states.push(e));
    await cycling.waitOperational({ timeoutMs: 2000 });
    await tick();
    const axis = states.filter((e) => e.slave === 'axis').map((e) => `${e.from}->${e.to}`);
    expect(axis).toContain('SAFEOP->OP');
    expect(states.find((e) => e.to === 'OP')).toMatchObject({ online: true, operational: true });
    expect(cycling.slaveStates()).toEqual([
      { name: 'outputs', config: 0, online: true, operational: true, alState: 'OP' },
      { name: 'inputs', config: 1, online: true, operational: true, alState: 'OP' },
      { name: 'axis', config: 2, online: true, operational: true, alState: 'OP' },
    ]);
    master.close();
  });

  it('times out waiting for OP naming the slaves that are not', async () => {
    const { activeFake } = await import('./runtime-setup.js');
    const { fake, active, master } = await activeFake();
    fake.opAfter = 1e9;
    const cycling = await active.start({ loop: false });
    await expect(cycling.waitOperational({ timeoutMs: 30 })).rejects.toMatchObject({
      code: 'ETIMEDOUT',
      message: expect.stringMatching(/not every slave is operational: outputs SAFEOP, inputs SAFEOP, axis SAFEOP/),
    });
    master.close();
  });

  it('reports a working counter drop, a lost slave and the link going down, by name', async () => {
    const { fake, cycling } = await cyclingFake();
    await cycling.waitOperational();
    const wkc: WkcEvent[] = [];
    const offline: SlaveEvent[] = [];
    const online: SlaveEvent[] = [];
    const masterEvents: MasterEvent[] = [];
    cycling.on('wkc', (e) => wkc.push(e));
    cycling.on('offline', (e) => offline.push(e));
    cycling.on('online', (e) => online.push(e));
    cycling.on('master', (e) => masterEvents.push(e));
    fake.pause();
    cycling.sim?.fault({ kind: 'wkc-drop', slave: 'inputs', drop: true });
    fake.step();
    cycling.sim?.fault({ kind: 'wkc-drop', slave: 'inputs', drop: false });
    fake.step();
    cycling.sim?.fault({ kind: 'slave-lost', slave: 'axis', lost: true });
    fake.step();
    expect(cycling.slaveStates()[2]).toMatchObject({ name: 'axis', online: false, operational: false });
    cycling.sim?.fault({ kind: 'slave-lost', slave: 2, lost: false });
    fake.step();
    cycling.sim?.fault({ kind: 'link', up: false });
    await tick();
    expect(wkc.map((e) => [e.domain, e.wkc, e.expected, e.state])).toEqual([
      // the fake counts one per sync manager in the domain: 1 + 1 + 2 for the drive
      ['main', 3, 4, 'incomplete'],
      ['main', 4, 4, 'complete'],
      ['main', 2, 4, 'incomplete'],
      ['main', 4, 4, 'complete'],
    ]);
    expect(offline.map((e) => e.slave)).toEqual(['axis']);
    expect(online.map((e) => e.slave)).toEqual(['axis']);
    expect(masterEvents).toMatchObject([{ slavesResponding: 0, linkUp: false, alStates: [] }]);
    expect(fake.faults).toContainEqual({ kind: 'slave-lost', slave: 2, lost: true });
    expect(() => cycling.sim?.fault({ kind: 'slave-lost', slave: 'axsi', lost: true })).toThrow(/no configured slave "axsi" \(did you mean "axis"\?\)/);
    expect(cycling.domainStates()).toEqual([{ name: 'main', wkc: 4, expected: 4, state: 'complete', cycles: expect.any(Number) }]);
    cycling.close();
  });

  it('emits overruns and cycle errors; without an error listener a cycle error becomes a warning', async () => {
    const { fake, cycling } = await cyclingFake();
    const overruns: number[] = [];
    cycling.on('overrun', (e) => overruns.push(e.latenessNs));
    fake.push(3, 125000);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    fake.push(6, -5, 12);
    await tick();
    expect(overruns).toEqual([125000]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/request 12 failed with EIO/);
    warn.mockRestore();
    const errors: EtherCATError[] = [];
    cycling.on('error', (e) => errors.push(e));
    fake.push(6, -5, 13);
    await tick();
    expect(errors.map((e) => [e.code, e.errno])).toEqual([['CYCLE_ERROR', -5]]);
    cycling.close();
  });

  it('reports events lost to a full ring', async () => {
    const { fake, cycling } = await cyclingFake();
    fake.pause();
    await tick();
    const dropped: number[] = [];
    cycling.on('dropped', (n) => dropped.push(n));
    for (let i = 0; i < fake.eventCapacity + 5; i++) fake.push(3, i);
    await tick();
    expect(dropped).toEqual([5]);
    cycling.close();
  });

  it("runs the application cycle: 'cycle' listeners see fresh inputs and their outputs are published", async () => {
    const { fake, cycling } = await cyclingFake({ loop: { intervalMs: 1 } });
    const seen: CycleInfo[] = [];
    cycling.on('cycle', (info) => {
      seen.push({ ...info });
      cycling.image.set('axis.target_position', info.cycle);
    });
    await new Promise((r) => setTimeout(r, 40));
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.some((i) => i.fresh)).toBe(true);
    const last = seen[seen.length - 1]!;
    expect(last.nextTimeNs).toBe((last.cycle + 1) * 1_000_000);
    // the drive model echoes the target into the position: outputs really went out
    cycling.image.sync();
    expect(cycling.image.get('axis.position')).toBeGreaterThan(0);
    fake.pause();
    cycling.close();
  });

  it("stops the application cycle when a 'cycle' listener throws and reports it as an error", async () => {
    const { cycling } = await cyclingFake({ loop: { intervalMs: 1 }, watchdogMs: 50 });
    const errors: EtherCATError[] = [];
    cycling.on('error', (e) => errors.push(e));
    let calls = 0;
    cycling.on('cycle', () => {
      calls++;
      throw new Error('boom');
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toBe(1);
    expect(errors.map((e) => e.code)).toEqual(['CYCLE_CALLBACK']);
    expect(errors[0]?.message).toMatch(/boom/);
    cycling.close();
  });

  it("emits 'stop' once when stopped", async () => {
    const { cycling } = await cyclingFake();
    const stop = vi.fn();
    cycling.on('stop', stop);
    cycling.stop();
    cycling.close();
    expect(stop).toHaveBeenCalledTimes(1);
  });
});

describe('statistics', () => {
  it('reads cycles, periods, jitter, latencies and the histogram from the shared image', async () => {
    const { fake, cycling } = await cyclingFake();
    fake.pause();
    fake.step(10);
    const s = cycling.stats();
    expect(s.cycles).toBeGreaterThanOrEqual(10);
    expect(s.cycleTimeNs).toBe(1_000_000);
    expect(s.periodNs).toMatchObject({ min: 1_000_000, max: 1_002_000 });
    expect(s.jitterNs).toBe(2000);
    expect(s.executionNs).toEqual({ last: 5000, max: 9000 });
    expect(s.latencyNs).toEqual({ last: 3000, max: 7000 });
    expect(s.latencyHistogram[11]).toBe(s.cycles);
    expect(s.latencyP99Ns).toBe(4096);
    expect(s.runState).toBe('running');
    cycling.stop();
    expect(cycling.stats().runState).toBe('stopped');
    cycling.close();
  });
});
