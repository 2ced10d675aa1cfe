// SPDX-License-Identifier: MIT
// Live progress of a provisioning run on stderr. A terminal gets one line that keeps being
// rewritten (current step, elapsed time, the newest build log line); a pipe or log file gets a
// plain line every `intervalMs` during long commands, so CI logs show the build is alive
// without flooding them.
import type { Clock } from './deps.js';
import type { ProvisionEvent } from './session.js';
import { formatDuration } from './text.js';

export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressPrinter {
  onEvent(event: ProvisionEvent): void;
  /** Clear the live line (before printing the report). */
  finish(): void;
}

export const NON_TTY_INTERVAL_MS = 15_000;

export function progressPrinter(sink: ProgressSink, clock: Clock, intervalMs = NON_TTY_INTERVAL_MS): ProgressPrinter {
  const tty = sink.isTTY === true;
  let live = false;
  let lastPrinted = -Infinity;
  let step = '';
  const width = (): number => Math.max(40, (sink.columns ?? 100) - 1);
  const show = (text: string): void => {
    if (!tty) return;
    const line = text.length > width() ? `${text.slice(0, width() - 3)}...` : text;
    sink.write(`\r\x1b[2K${line}`);
    live = true;
  };
  const clear = (): void => {
    if (tty && live) sink.write('\r\x1b[2K');
    live = false;
  };
  return {
    onEvent(e) {
      switch (e.type) {
        case 'step-start':
          step = e.title;
          show(`${step} ...`);
          break;
        case 'progress': {
          const text = `${e.label}: ${formatDuration(e.elapsedMs)}${e.lastLine ? ` | ${e.lastLine}` : ''}`;
          if (tty) show(text);
          else if (clock.now() - lastPrinted >= intervalMs) {
            lastPrinted = clock.now();
            sink.write(`  ... ${text}\n`);
          }
          break;
        }
        case 'step-end':
          clear();
          break;
        default:
          break;
      }
    },
    finish: clear,
  };
}
