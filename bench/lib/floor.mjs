// SPDX-License-Identifier: MIT
// Client of the C floor program (bench/c/floor.c): one long-lived child process answering
// commands with one JSON line each, so a block of the floor costs no process start.
// @ts-check
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

/**
 * @typedef {object} FloorLoopResult
 * @property {number} period
 * @property {number} cycles
 * @property {number} overruns
 * @property {{schedFifo: boolean, affinity: boolean, mlockall: boolean}} granted
 * @property {string} lockMode  'process' (mlockall), 'working set' (mlock of stack and samples) or 'none'
 * @property {{schedFifo: string, mlockall: string}} refused
 * @property {{minflt: number, majflt: number, nvcsw: number, nivcsw: number}} rusage
 * @property {number[]} hist
 * @property {number[]} lat
 */

export class Floor {
  /** @param {string} program */
  constructor(program) {
    this.child = spawn(program, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    /** @type {Array<(line: string) => void>} */
    this.waiting = [];
    /** @type {Error | null} */
    this.failed = null;
    const rl = createInterface({ input: /** @type {import('node:stream').Readable} */ (this.child.stdout), crlfDelay: Infinity });
    rl.on('line', (line) => {
      const w = this.waiting.shift();
      if (w) w(line);
    });
    this.child.on('exit', (code, signal) => {
      this.failed = new Error(`the floor program exited (${signal ?? code})`);
      for (const w of this.waiting.splice(0)) w('');
    });
    this.ready = this.next();
  }

  /** @returns {Promise<any>} */
  next() {
    return new Promise((resolve, reject) => {
      this.waiting.push((line) => {
        if (!line) return reject(this.failed ?? new Error('no answer from the floor program'));
        try {
          const v = JSON.parse(line);
          if (v.error) reject(new Error(`floor: ${v.error}`));
          else resolve(v);
        } catch (err) {
          reject(err);
        }
      });
    });
  }

  /** @param {string} cmd */
  async command(cmd) {
    await this.ready;
    if (this.failed) throw this.failed;
    const p = this.next();
    /** @type {import('node:stream').Writable} */ (this.child.stdin).write(`${cmd}\n`);
    return p;
  }

  /** Where the floor runs. */
  get where() {
    return 'a separate process (bench/c/floor.c)';
  }

  /**
   * One block of the floor loop; lockMemory locks the whole floor process (mlockall).
   * @param {{periodNs: number, durationMs: number, priority: number, cpu: number, lockMemory: boolean}} o
   * @returns {Promise<FloorLoopResult>}
   */
  loop(o) {
    return this.command(`loop ${Math.round(o.periodNs)} ${Math.round(o.durationMs)} ${o.priority} ${o.cpu} ${o.lockMemory ? 1 : 0}`);
  }

  /**
   * ns per memcpy of each size (median and minimum over batches).
   * @param {number[]} sizes
   * @param {number} [perBatch]
   * @param {number} [batches]
   * @returns {Promise<Array<{bytes: number, medianNs: number, minNs: number}>>}
   */
  async memcpy(sizes, perBatch = 2000, batches = 31) {
    const r = await this.command(`memcpy ${sizes.map((s) => Math.max(1, Math.round(s))).join(',')} ${perBatch} ${batches}`);
    return r.results;
  }

  close() {
    try {
      /** @type {import('node:stream').Writable} */ (this.child.stdin).end('quit\n');
    } catch {
      /* already gone */
    }
  }
}

/**
 * The same floor loop as a thread of this process (bench/c/floor_addon.c, a Node-API module):
 * the floor then shares the runtime's process, its V8 and libuv threads and its JS load.
 * lockMemory locks the loop's own working set (its stack and samples), as the runtime locks its
 * cyclic thread's; mlockall of a Node process would make V8 abort.
 */
export class FloorInProcess {
  /** @param {string} modulePath */
  constructor(modulePath) {
    /** @type {{loop: (p: number, d: number, prio: number, cpu: number, lock: number) => Promise<string>, memcpy: (s: string, per: number, b: number) => string}} */
    this.m = createRequire(import.meta.url)(modulePath);
  }

  get where() {
    return 'a thread of the runtime\'s own Node process (bench/c/floor_addon.c)';
  }

  /**
   * @param {{periodNs: number, durationMs: number, priority: number, cpu: number, lockMemory: boolean}} o
   * @returns {Promise<FloorLoopResult>}
   */
  async loop(o) {
    const r = JSON.parse(await this.m.loop(Math.round(o.periodNs), Math.round(o.durationMs), o.priority, o.cpu, o.lockMemory ? 2 : 0));
    if (r.error) throw new Error(`floor: ${r.error}`);
    return r;
  }

  /**
   * @param {number[]} sizes
   * @param {number} [perBatch]
   * @param {number} [batches]
   */
  async memcpy(sizes, perBatch = 2000, batches = 31) {
    return JSON.parse(this.m.memcpy(sizes.map((s) => Math.max(1, Math.round(s))).join(','), perBatch, batches)).results;
  }

  close() {}
}
