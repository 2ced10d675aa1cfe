// SPDX-License-Identifier: MIT
// Waiting for /dev/EtherCAT<N> after the module loaded: udev creates the node a moment later.
// A watch on /dev wakes the wait as soon as the node appears; a poll covers watchers that miss
// events (or cannot be set up); the timeout turns "never appears" into a clear error.
import type { ProvisionDeps } from './deps.js';

export interface WaitResult {
  found: boolean;
  waitedMs: number;
}

export const DEFAULT_POLL_MS = 100;

/** Wait until `path` exists, at most `timeoutMs`. */
export async function waitForPath(deps: Pick<ProvisionDeps, 'fs' | 'clock'>, path: string, timeoutMs: number, pollMs = DEFAULT_POLL_MS): Promise<WaitResult> {
  const { fs, clock } = deps;
  const start = clock.now();
  if (await fs.stat(path)) return { found: true, waitedMs: 0 };
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash) || '/';
  const name = path.slice(slash + 1);
  let wake: (() => void) | null = null;
  const watcher = fs.watch(dir, (entry) => {
    if (entry === null || entry === name) wake?.();
  });
  try {
    for (;;) {
      const elapsed = clock.now() - start;
      if (elapsed >= timeoutMs) return { found: false, waitedMs: elapsed };
      const woken = new Promise<void>((resolve) => {
        wake = resolve;
      });
      await Promise.race([woken, clock.sleep(Math.min(pollMs, timeoutMs - elapsed))]);
      wake = null;
      if (await fs.stat(path)) return { found: true, waitedMs: clock.now() - start };
    }
  } finally {
    watcher.close();
  }
}
