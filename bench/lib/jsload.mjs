// SPDX-License-Identifier: MIT
// JS load for the "while JS misbehaves" runs: on the JS thread of the process that hosts the
// runtime, a garbage-heavy allocation storm (about 200k live objects with constant turnover, so
// both scavenges and mark-compacts run) in slices of a few ms, and every `periodMs` a synchronous
// busy block of `stallMs` that stalls the event loop. GC pauses are recorded with a
// PerformanceObserver, so the report can show the storm really stormed.
// @ts-check
import { PerformanceObserver, constants } from 'node:perf_hooks';

/**
 * @typedef {object} StallRecord
 * @property {number} ms          measured length of the busy block
 * @property {number | null} before  probe() before the block (e.g. the runtime's cycle counter)
 * @property {number | null} after   probe() after it
 */

/**
 * Start the load; stop() ends it and returns what happened.
 * @param {{stallMs?: number, periodMs?: number, liveObjects?: number, sliceMs?: number, probe?: () => number | null}} [o]
 */
export function startJsLoad(o = {}) {
  const stallMs = o.stallMs ?? 50;
  const periodMs = o.periodMs ?? 200;
  const liveCount = o.liveObjects ?? 200_000;
  const sliceMs = o.sliceMs ?? 4;
  const probe = o.probe ?? (() => null);
  /** @type {unknown[]} */
  let live = new Array(liveCount).fill(null);
  let running = true;
  let allocated = 0;
  /** @type {StallRecord[]} */
  const stalls = [];
  /** @type {{minor: number[], major: number[], other: number[]}} */
  const gcs = { minor: [], major: [], other: [] };
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = /** @type {any} */ (e).detail?.kind ?? /** @type {any} */ (e).kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gcs.minor.push(e.duration);
      else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gcs.major.push(e.duration);
      else gcs.other.push(e.duration);
    }
  });
  obs.observe({ entryTypes: ['gc'] });

  let seed = 12345;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  const storm = () => {
    if (!running) return;
    const end = performance.now() + sliceMs;
    while (performance.now() < end) {
      for (let i = 0; i < 500; i++) {
        // A small object graph per slot: an object, an array and a string, most of it garbage soon.
        const n = rnd();
        live[n % liveCount] = { id: n, tags: [n & 7, n & 15, `t${n & 1023}`], next: live[(n >> 3) % liveCount] ?? null };
        allocated++;
      }
    }
    setImmediate(storm);
  };
  const stall = () => {
    if (!running) return;
    const before = probe();
    const t0 = performance.now();
    while (performance.now() - t0 < stallMs) {
      /* the event loop is blocked */
    }
    const ms = performance.now() - t0;
    stalls.push({ ms, before, after: probe() });
    timer = setTimeout(stall, Math.max(0, periodMs - stallMs));
  };
  setImmediate(storm);
  /** @type {NodeJS.Timeout} */
  let timer = setTimeout(stall, periodMs - stallMs);

  return {
    stalls,
    gcs,
    /** Stop the load and release its memory. */
    stop() {
      running = false;
      clearTimeout(timer);
      obs.disconnect();
      live = [];
      return { stalls: stalls.length, allocatedObjectGraphs: allocated, gcs };
    },
  };
}
