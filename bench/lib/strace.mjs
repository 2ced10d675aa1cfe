// SPDX-License-Identifier: MIT
// Count the system calls one thread makes while something happens: `strace -c -p <tid>`
// attached to that thread only (not -f), detached with SIGINT, its summary table parsed. Used to
// show that the cyclic thread makes no futex (or any other unexpected) calls. strace slows the
// traced thread's syscalls down, so nothing is timed while it is attached.
// @ts-check
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether strace exists and may trace (ptrace allowed here). null when usable, else why not. */
export function straceUnavailable() {
  const r = spawnSync('strace', ['-V'], { encoding: 'utf8' });
  if (r.error) return 'strace is not installed (apt-get install strace)';
  return null;
}

/**
 * Parse `strace -c` output into {syscall: calls}.
 * @param {string} text
 * @returns {Record<string, number>}
 */
export function parseStraceSummary(text) {
  /** @type {Record<string, number>} */
  const calls = {};
  for (const line of text.split('\n')) {
    // "% time     seconds  usecs/call     calls    errors syscall" rows; errors may be empty.
    const m = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:(\d+)\s+)?([a-z_0-9]+)\s*$/.exec(line);
    if (m && m[3] !== 'total') calls[/** @type {string} */ (m[3])] = Number(m[1]);
  }
  return calls;
}

/**
 * Trace thread `tid` while `during()` runs.
 * @template T
 * @param {number} tid
 * @param {() => Promise<T>} during
 * @returns {Promise<{calls: Record<string, number>, result: T, raw: string}>}
 */
export async function traceThread(tid, during) {
  const dir = mkdtempSync(join(tmpdir(), 'ecat-strace-'));
  const file = join(dir, 'summary');
  const child = spawn('strace', ['-c', '-p', String(tid), '-o', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const attached = new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d;
      if (/attached/.test(err)) resolve(undefined);
    });
    child.on('exit', (code) => reject(new Error(`strace exited (${code}) before attaching: ${err.trim()}`)));
    setTimeout(() => reject(new Error(`strace did not attach within 5 s: ${err.trim()}`)), 5000);
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    await attached;
    const result = await during();
    child.kill('SIGINT');
    await exited;
    const raw = readFileSync(file, 'utf8');
    return { calls: parseStraceSummary(raw), result, raw };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
