// SPDX-License-Identifier: MIT
// Set-point queues through the real addon on the virtual master: values queued ahead reach the
// process data in their bus cycle while JS publishes nothing, the last one holds, clear() hands
// the variable back to publish(), a CSP move keeps going through a 60 ms event-loop stall, and
// bad queue requests are refused with the option's path (TS side and native side).
import { describe, expect, it } from 'vitest';
import { attachAxis } from '../../src/cia402/index.js';
import { Master } from '../../src/runtime/index.js';
import type { CyclingMaster } from '../../src/runtime/index.js';
import { defaultSetpointDepth } from '../../src/runtime/setpoints.js';
import { e2eSkipReason, example } from './runtime-e2e-support.js';

const reason = await e2eSkipReason();
if (reason) console.warn(`set-point queue tests skipped: ${reason}`);
const e2e = describe.skipIf(reason !== null);

const TARGET = 'axis_x.target_position';

async function twoAxis(options: Parameters<import('../../src/runtime/index.js').ActiveMaster['start']>[0]): Promise<{ master: Master; cycling: CyclingMaster }> {
  const master = await Master.open({ sim: example('two-axis.yaml'), simPersist: false, closeOnExit: false });
  try {
    const cycling = await (await master.configure(example('bus-two-axis.yaml'))).activate().start({ cycleTime: '1ms', ...options });
    await cycling.waitOperational({ timeoutMs: 5000 });
    return { master, cycling };
  } catch (err) {
    master.close();
    throw err;
  }
}

/** The target position as the master holds it in the process data now. */
function onBus(cycling: CyclingMaster, name = TARGET): number {
  const v = cycling.layout.byName.get(name);
  if (!v) throw new Error(`no ${name}`);
  return cycling.processData().readInt32LE(v.offset);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function stall(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    /* the event loop is blocked, as by a long synchronous job */
  }
}

describe('defaultSetpointDepth', () => {
  it('covers 100 ms of bus cycles with a power of two', () => {
    expect(defaultSetpointDepth(1_000_000)).toBe(128);
    expect(defaultSetpointDepth(125_000)).toBe(1024);
    expect(defaultSetpointDepth(100_000_000)).toBe(4);
  });
});

e2e('set-point queues on the virtual master', () => {
  it('put queued values on the bus in their cycle without a publish, hold the last, and give the variable back on clear()', async () => {
    const { master, cycling } = await twoAxis({ loop: false, watchdogMs: 0, setpoints: [{ variable: TARGET, depth: 64 }] });
    try {
      const q = cycling.setpoints.get(TARGET);
      expect(q?.depth).toBe(64);
      cycling.image.set(TARGET, 7);
      cycling.image.publish();
      await sleep(10);
      expect(onBus(cycling)).toBe(7);

      cycling.image.sync();
      const c = cycling.image.cycle;
      // Cycle k gets 100000 + k, for as far ahead as the queue reaches.
      for (let k = c + 1; k <= c + 64; k++) expect(q?.write(k, 100000 + k)).toBe(true);
      expect(q?.write(c, 1)).toBe(false); // not ahead of the synced cycle
      expect(q?.write(c + 65, 1)).toBe(false); // beyond the queue
      await sleep(20);
      cycling.image.sync();
      const seen = onBus(cycling) - 100000;
      // The value of a cycle that ran after the writes: within a few cycles of the count now.
      expect(seen).toBeGreaterThan(c + 5);
      expect(seen).toBeLessThanOrEqual(cycling.image.cycle + 1);

      await sleep(120); // past the last queued cycle: the last value holds
      expect(onBus(cycling)).toBe(100000 + c + 64);

      // Queue more, then drop them: publish() decides again.
      cycling.image.sync();
      const c2 = cycling.image.cycle;
      for (let k = c2 + 1; k <= c2 + 64; k++) q?.write(k, -5);
      q?.clear();
      cycling.image.set(TARGET, 42);
      cycling.image.publish();
      await sleep(20);
      expect(onBus(cycling)).toBe(42);

      // A value the variable cannot hold is refused like an image write.
      cycling.image.sync();
      expect(() => q?.write(cycling.image.cycle + 2, 2 ** 40)).toThrow(/out of range/);
    } finally {
      master.close();
    }
  });

  it('is ignored while the watchdog has the safe outputs on the bus', async () => {
    const { master, cycling } = await twoAxis({ loop: false, watchdogMs: 20, setpoints: [TARGET] });
    try {
      const q = cycling.setpoints.get(TARGET);
      cycling.image.set(TARGET, 3);
      cycling.image.publish();
      await sleep(60); // no heartbeat: tripped, safe outputs (0) on the bus
      cycling.image.sync();
      const c = cycling.image.cycle;
      for (let k = c + 1; k <= c + 64; k++) q?.write(k, 500);
      await sleep(20);
      expect(onBus(cycling)).toBe(0);
    } finally {
      master.close();
    }
  });

  it('keeps a CSP move going through a 60 ms stall of the event loop', async () => {
    const { master, cycling } = await twoAxis({ watchdogMs: 1000, setpoints: [TARGET] });
    try {
      const x = attachAxis(cycling, 'axis-x');
      await x.setMode('csp');
      await x.enable();
      const move = x.moveTo(400000, { velocity: 400000, acceleration: 4000000 });
      await sleep(300); // cruising at 400 units per cycle
      const before = onBus(cycling);
      stall(60);
      const after = onBus(cycling);
      // Without the queue the set-point would stand still during the stall (then jump).
      expect(after - before).toBeGreaterThan(400 * 30);
      const result = await move;
      expect(Math.abs(result.position - 400000)).toBeLessThanOrEqual(10);
      await x.disable();
    } finally {
      master.close();
    }
  });

  it('refuses queues on what cannot take one, naming the entry', async () => {
    const master = await Master.open({ sim: example('two-axis.yaml'), simPersist: false, closeOnExit: false });
    try {
      const active = (await master.configure(example('bus-two-axis.yaml'))).activate();
      const fails = async (setpoints: unknown, pattern: RegExp): Promise<void> => {
        await expect(active.start({ setpoints: setpoints as never })).rejects.toThrow(pattern);
      };
      await fails(['axis_x.position'], /setpoints\[0\]: axis_x.position is an input/);
      await fails(['axis_x.nothing'], /setpoints\[0\]: no process variable "axis_x.nothing"/);
      await fails([TARGET, TARGET], /setpoints\[1\]: axis_x.target_position has a queue already/);
      await fails([{ variable: TARGET, depth: 100 }], /setpoints\[0\].depth 100 is out of range: expected a power of two/);
      await fails('axis_x.target_position', /setpoints must be an array/);
    } finally {
      master.close();
    }
  });
});
