// SPDX-License-Identifier: MIT
// Scenario 8: a CSP move through event-loop stalls, with and without a set-point queue on the
// target position. One virtual drive cruises at a constant velocity (1 kHz bus); JS then blocks
// its event loop for 50 ms, several times. What the bus carried during a stall is read right
// after it (the process data, before JS runs a tick): the target position's advance over the
// stall divided by what the profile advances in that time. With the queue the values written
// ahead keep coming (ratio near 1); without it the set-point stands still (near 0) and jumps
// at the next tick. The arm without the queue is the floor: the same run, the same machine.
// @ts-check
import { gate } from '../lib/stats.mjs';
import { openBus, runtimeUnavailable, sleep } from '../lib/runtime.mjs';
import { drives } from '../lib/topology.mjs';

export const id = 'setpoints';
export const title = 'CSP set-points through 50 ms event-loop stalls, with and without a set-point queue';

const VELOCITY = 400_000; // counts/s: 400 counts per 1 ms cycle
const STALL_MS = 50;
const TARGET = 's0.target_position';

/** Block the event loop for `ms`, as a long synchronous job would. */
function stall(/** @type {number} */ ms) {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* busy */
  }
}

/**
 * One arm: open, enable, start a long move, stall `stalls` times during the cruise; returns the
 * advance of the target position over each stall as a fraction of the profile's.
 * @param {import('../run.mjs').Context} ctx
 * @param {boolean} queue
 * @param {number} stalls
 */
async function arm(ctx, queue, stalls) {
  const b = await openBus(ctx, `setpoints-${queue ? 'queue' : 'plain'}`, drives(1));
  try {
    const cycling = await b.active.start({ cycleTime: 1_000_000, priority: 80, lockMemory: true, watchdogMs: 1000, setpoints: queue ? [TARGET] : [] });
    await cycling.waitOperational({ timeoutMs: 10000 });
    const axis = b.pkg.attachAxis(cycling, 's0');
    await axis.setMode('csp');
    await axis.enable();
    const v = cycling.layout.byName.get(TARGET);
    const onBus = () => cycling.processData().readInt32LE(v.offset);
    // Long enough for every stall plus the gaps between them, all in the cruise phase.
    const distance = Math.round(VELOCITY * (0.5 + stalls * 0.3));
    const move = axis.moveTo(distance, { velocity: VELOCITY, acceleration: 8_000_000 });
    await sleep(150); // past the ramp (50 ms at this acceleration)
    /** @type {number[]} */
    const fractions = [];
    for (let i = 0; i < stalls; i++) {
      const c0 = cycling.stats().cycles;
      const p0 = onBus();
      stall(STALL_MS);
      const p1 = onBus();
      const cyclesRun = cycling.stats().cycles - c0;
      // The profile's advance over the cycles that ran during the stall.
      fractions.push((p1 - p0) / ((VELOCITY * cyclesRun * 1e6) / 1e9));
      await sleep(200); // let ticks run (and, without the queue, catch up)
    }
    axis.dispose('benchmark arm done');
    await move.catch(() => undefined);
    cycling.stop();
    return fractions;
  } finally {
    b.master.close();
  }
}

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  const why = await runtimeUnavailable(ctx);
  if (why) return { id, title, status: 'not available', reason: why, gates: [gate('setpoints.stall', 'set-point advance during a stall / profile advance, with the queue', NaN, '>=', 0.9, `not available: ${why}`)] };
  const stalls = ctx.quick ? 3 : 6;
  ctx.log(`  ${stalls} stalls of ${STALL_MS} ms during a ${VELOCITY} counts/s cruise, with the queue, then without`);
  const withQueue = await arm(ctx, true, stalls);
  const without = await arm(ctx, false, stalls);
  const median = (/** @type {number[]} */ a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] ?? NaN;
  const min = (/** @type {number[]} */ a) => Math.min(...a);
  const fmt = (/** @type {number[]} */ a) => a.map((x) => x.toFixed(2)).join(' ');
  return {
    id,
    title,
    status: 'ok',
    method: `One virtual CiA 402 drive, 1 ms cycle, CSP cruise at ${VELOCITY} counts/s; ${stalls} synchronous ${STALL_MS} ms stalls of the event loop per arm. Per stall: the target position's advance in the process data over the stall / the profile's advance over the cycles that ran. Arms: a set-point queue on the target position (the Axis writes its profile ahead), and none (the floor).`,
    results: { withQueue, without },
    gates: [
      gate('setpoints.stall', 'CSP set-point advance during a 50 ms event-loop stall / profile advance, with a set-point queue (worst stall)', min(withQueue), '>=', 0.9, `per stall ${fmt(withQueue)}; without the queue ${fmt(without)} (median ${median(without).toFixed(2)})`),
    ],
    rows: [
      { label: 'with a set-point queue', value: `set-point advance over a ${STALL_MS} ms stall: ${fmt(withQueue)}`, ratio: `median ${median(withQueue).toFixed(2)}, worst ${min(withQueue).toFixed(2)} of the profile` },
      { label: 'without (floor)', value: `set-point advance over a ${STALL_MS} ms stall: ${fmt(without)}`, ratio: `median ${median(without).toFixed(2)}, worst ${min(without).toFixed(2)} of the profile` },
    ],
  };
}
