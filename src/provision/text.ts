// SPDX-License-Identifier: MIT
// Small text helpers shared by provisioning: log tails, durations.

/** The last `n` non-empty lines of a text, oldest first. */
export function tailLines(text: string, n: number): string[] {
  const lines = text.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  return lines.slice(-n);
}

/** The last non-empty line of a text, trimmed; '' when there is none. */
export function lastLine(text: string): string {
  return (tailLines(text, 1)[0] ?? '').trim();
}

/** 83400 -> "1m 23s", 4200 -> "4.2s", 80 -> "0.1s". */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(Math.max(ms, 0) / 1000).toFixed(1)}s`;
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)}m ${String(total % 60).padStart(2, '0')}s`;
}
