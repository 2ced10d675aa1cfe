// SPDX-License-Identifier: MIT
// The findings of doctor and of the readiness check: each says what was found, whether it
// blocks opening the device, and the exact command that fixes it (rendered shell-safe, with
// sudo when the caller is not root).

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'info';

export interface Fix {
  /** Commands to run, in order, as shell-safe lines. */
  commands: string[];
  /** What else to know (e.g. "log out and back in"). */
  note?: string;
}

export interface Check {
  /** Stable id, e.g. "module-loaded". */
  id: string;
  status: CheckStatus;
  /** Short label for the text display. */
  title: string;
  message: string;
  /** A failing blocking check means the device cannot be opened. */
  blocking: boolean;
  fix?: Fix;
}

export function ok(id: string, title: string, message: string): Check {
  return { id, status: 'ok', title, message, blocking: false };
}

export function info(id: string, title: string, message: string, fix?: Fix): Check {
  return { id, status: 'info', title, message, blocking: false, ...(fix ? { fix } : {}) };
}

export function warn(id: string, title: string, message: string, fix?: Fix): Check {
  return { id, status: 'warn', title, message, blocking: false, ...(fix ? { fix } : {}) };
}

export function fail(id: string, title: string, message: string, fix?: Fix): Check {
  return { id, status: 'fail', title, message, blocking: true, ...(fix ? { fix } : {}) };
}
