// SPDX-License-Identifier: MIT
// The structured report of a provisioning run: one entry per step (done, skipped, failed, or
// planned in a dry run) with the commands it ran and the files it wrote, plus totals. The
// same object is printed as text, as --json, and returned by the TS API.
import type { AbiProbeResult } from './deps.js';

/** done: changed something; skipped: found it in place; failed; planned: --dry-run would change it. */
export type StepStatus = 'done' | 'skipped' | 'failed' | 'planned';

export type StepId =
  | 'preflight'
  | 'rebuild'
  | 'source'
  | 'dkms-add'
  | 'dkms-build'
  | 'dkms-install'
  | 'verify-module'
  | 'group'
  | 'users'
  | 'udev'
  | 'rt-limits'
  | 'persist'
  | 'load'
  | 'device'
  | 'topology'
  | 'settings';

/** A command that changes the system (read-only queries are listed separately). */
export interface CommandRecord {
  argv: string[];
  /** Shell-safe rendering of argv, for people. */
  display: string;
  /** false in a dry run. */
  executed: boolean;
  exitCode?: number;
  durationMs?: number;
  /** Position among all actions of the run (commands and files interleave in this order). */
  seq?: number;
}

/** ioctl: a request on a device node (--virtual: the topology load, ECAT_VBUS_IOCTL_LOAD). */
export type FileAction = 'create' | 'update' | 'unchanged' | 'write' | 'copy' | 'remove' | 'chmod' | 'chown' | 'ioctl';

/** A file system change (or a file found already as wanted: 'unchanged'). */
export interface FileRecord {
  path: string;
  action: FileAction;
  executed: boolean;
  mode?: number;
  /** Full content of a written file (always for dry runs, so the plan shows it). */
  content?: string;
  /** For copies: where from. */
  source?: string;
  detail?: string;
  /** Position among all actions of the run. */
  seq?: number;
}

export interface StepReport {
  id: StepId;
  title: string;
  status: StepStatus;
  /** What was found or done, in one or two sentences. */
  detail: string;
  durationMs: number;
  commands: CommandRecord[];
  files: FileRecord[];
  warnings: string[];
  error?: Record<string, unknown>;
}

/** State of one /dev/EtherCAT<N> at the end of the run. */
export interface DeviceReport {
  master: number;
  path: string;
  present: boolean;
  /** Octal permission string, e.g. "0660". */
  mode?: string;
  owner?: string;
  group?: string;
  /** Opened read-write by this process. */
  openable?: boolean;
  abi?: AbiProbeResult;
}

export interface ProvisionReport {
  ok: boolean;
  dryRun: boolean;
  /** Whether anything was (or, in a dry run, would be) changed. */
  changed: boolean;
  /** Target kernel and the running one. */
  kernel: string;
  runningKernel: string;
  arch: string;
  package?: { name: string; version: string };
  /** --virtual: the module, its masters and the topology loaded into them. */
  virtual?: { module: string; masters: number; topology: string };
  steps: StepReport[];
  /** All changing commands, in order. */
  commands: CommandRecord[];
  /** All file changes, in order (unchanged files included, marked so). */
  files: FileRecord[];
  /** Read-only commands run to find out the state (dkms status, modinfo, ...). */
  queries: CommandRecord[];
  devices: DeviceReport[];
  warnings: string[];
  /** Dry run only: what a real run would stop at (missing dkms, headers, compiler, ...). */
  blockers: string[];
  durationMs: number;
  /** One line: what happened. */
  summary: string;
  error?: Record<string, unknown>;
}

/** Octal mode string, e.g. 0o660 -> "0660". */
export function modeString(mode: number): string {
  return `0${(mode & 0o7777).toString(8).padStart(3, '0')}`;
}
