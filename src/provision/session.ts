// SPDX-License-Identifier: MIT
// A provisioning run's context: it runs read-only queries always, and changes (commands, file
// writes, copies) only when not in a dry run, recording every one into the current step. A
// step's status follows from what it recorded: a step that changed nothing is "skipped", which
// is how a second run reports that everything was already in place. Long commands (dkms build)
// emit progress ticks with the elapsed time and the last line of output or of their log.
import type { ProvisionDeps, SpawnResult } from './deps.js';
import { ProvisionError, asProvisionError } from './errors.js';
import { renderCommand } from './quote.js';
import type { CommandRecord, FileRecord, StepId, StepReport, StepStatus } from './report.js';
import { lastLine } from './text.js';

/** Events for a live display (the CLI's progress line). */
export type ProvisionEvent =
  | { type: 'step-start'; id: StepId; title: string }
  | { type: 'step-end'; id: StepId; status: StepStatus; detail: string; durationMs: number }
  | { type: 'command'; display: string; dryRun: boolean }
  | { type: 'progress'; id: StepId; label: string; elapsedMs: number; lastLine: string }
  | { type: 'warning'; message: string };

/** What a step returns: its detail, and whether it positively checked something (a verification is "done" without changing anything). */
export interface StepResult {
  detail: string;
  verified?: boolean;
}

export interface ChangeOptions {
  /** Return the result of a failing command instead of throwing. */
  allowFail?: boolean;
  /** A long command: tick progress with this label, showing the newest line of these logs. */
  progress?: { label: string; logFiles: string[] };
}

/** How often a long command reports progress. */
export const PROGRESS_TICK_MS = 1000;

const DRY_RESULT: SpawnResult = { code: 0, signal: null, stdout: '', stderr: '' };

export class Session {
  readonly deps: ProvisionDeps;
  readonly dryRun: boolean;
  readonly steps: StepReport[] = [];
  readonly queries: CommandRecord[] = [];
  readonly warnings: string[] = [];
  private current: StepReport | null = null;
  private seq = 0;
  private readonly onEvent: (e: ProvisionEvent) => void;

  constructor(deps: ProvisionDeps, dryRun: boolean, onEvent?: (e: ProvisionEvent) => void) {
    this.deps = deps;
    this.dryRun = dryRun;
    this.onEvent = onEvent ?? (() => undefined);
  }

  /**
   * Run one step. `fn` returns the detail text; the status is "skipped" when it recorded no
   * change (unless it reports a verification). A thrown error marks the step failed and is
   * rethrown as a ProvisionError.
   */
  async step(id: StepId, title: string, fn: () => Promise<string | StepResult>): Promise<StepReport> {
    const report: StepReport = { id, title, status: 'skipped', detail: '', durationMs: 0, commands: [], files: [], warnings: [] };
    this.steps.push(report);
    this.current = report;
    this.onEvent({ type: 'step-start', id, title });
    const started = this.deps.clock.now();
    try {
      const result = await fn();
      const { detail, verified } = typeof result === 'string' ? { detail: result, verified: false } : result;
      report.detail = detail;
      const changed = report.commands.length > 0 || report.files.some((f) => f.action !== 'unchanged');
      report.status = changed ? (this.dryRun ? 'planned' : 'done') : verified ? 'done' : 'skipped';
    } catch (err) {
      const e = asProvisionError(err);
      report.status = 'failed';
      report.detail = e.message;
      report.error = e.toJSON();
      throw e;
    } finally {
      report.durationMs = Math.round(this.deps.clock.now() - started);
      this.current = null;
      this.onEvent({ type: 'step-end', id, status: report.status, detail: report.detail, durationMs: report.durationMs });
    }
    return report;
  }

  /** `done` after a real change, `planned` in a dry run (step details read right either way). */
  say(done: string, planned: string): string {
    return this.dryRun ? planned : done;
  }

  /** A warning for the current step and the whole report. */
  warn(message: string): void {
    this.current?.warnings.push(message);
    this.warnings.push(message);
    this.onEvent({ type: 'warning', message });
  }

  /**
   * `dkms status` until the next change: each call is a bash run that takes seconds on a slow
   * machine (the VM suite's emulated guest), and the preflight and every DKMS step ask it.
   */
  private dkmsStatus: SpawnResult | null = null;

  /** Run a read-only command (always, also in a dry run). */
  async query(argv: readonly string[]): Promise<SpawnResult> {
    const [cmd, ...args] = argv;
    if (cmd === undefined) throw new ProvisionError('COMMAND_FAILED', 'empty command');
    const isDkmsStatus = argv.length === 2 && cmd === 'dkms' && args[0] === 'status';
    if (isDkmsStatus && this.dkmsStatus) return this.dkmsStatus;
    const started = this.deps.clock.now();
    const result = await this.deps.spawn(cmd, args);
    this.queries.push({ argv: [...argv], display: renderCommand(argv), executed: true, exitCode: result.code, durationMs: Math.round(this.deps.clock.now() - started) });
    if (isDkmsStatus) this.dkmsStatus = result;
    return result;
  }

  /** Run a command that changes the system; in a dry run only record it. Throws on failure unless allowed. */
  async change(argv: readonly string[], options: ChangeOptions = {}): Promise<SpawnResult> {
    const [cmd, ...args] = argv;
    if (cmd === undefined) throw new ProvisionError('COMMAND_FAILED', 'empty command');
    this.dkmsStatus = null;
    const record: CommandRecord = { argv: [...argv], display: renderCommand(argv), executed: !this.dryRun, seq: this.seq++ };
    this.currentStep().commands.push(record);
    this.onEvent({ type: 'command', display: record.display, dryRun: this.dryRun });
    if (this.dryRun) return DRY_RESULT;
    const started = this.deps.clock.now();
    const result = options.progress ? await this.runWithProgress(cmd, args, options.progress) : await this.deps.spawn(cmd, args);
    record.exitCode = result.code;
    record.durationMs = Math.round(this.deps.clock.now() - started);
    if (result.code !== 0 && !options.allowFail) throw commandFailed(argv, result);
    return result;
  }

  private async runWithProgress(cmd: string, args: string[], progress: { label: string; logFiles: string[] }): Promise<SpawnResult> {
    const step = this.currentStep();
    const started = this.deps.clock.now();
    let latest = '';
    const onLine = (line: string): void => {
      if (line.trim()) latest = line.trim();
    };
    let finished = false;
    const running = this.deps.spawn(cmd, args, { onLine }).finally(() => {
      finished = true;
    });
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    while (!finished) {
      await Promise.race([settled, this.deps.clock.sleep(PROGRESS_TICK_MS)]);
      if (finished) break;
      // make writes to its log, not to dkms' stdout: the log's newest line says where the build is.
      for (const log of progress.logFiles) {
        const text = await this.deps.fs.readText(log).catch(() => null);
        const line = text ? lastLine(text) : '';
        if (line) {
          latest = line;
          break;
        }
      }
      this.onEvent({ type: 'progress', id: step.id, label: progress.label, elapsedMs: this.deps.clock.now() - started, lastLine: latest });
    }
    return running;
  }

  /** Record a file change for the current step. */
  recordFile(record: FileRecord): void {
    record.seq = this.seq++;
    this.currentStep().files.push(record);
  }

  /**
   * Make `path` hold exactly `content` (atomic: write beside it, then rename). Unchanged files
   * are left alone and recorded as such. Returns what happened.
   */
  async writeText(path: string, content: string, mode = 0o644, options: { assumeAbsent?: boolean } = {}): Promise<'create' | 'update' | 'unchanged'> {
    const fs = this.deps.fs;
    // assumeAbsent: an earlier action of this (dry) run removes the file first.
    const existing = options.assumeAbsent ? null : await fs.readText(path);
    const action = existing === null ? 'create' : existing === content ? 'unchanged' : 'update';
    const record: FileRecord = { path, action, executed: false, mode };
    if (action !== 'unchanged' && this.dryRun) record.content = content;
    this.recordFile(record);
    if (action === 'unchanged' || this.dryRun) return action;
    const dir = path.slice(0, path.lastIndexOf('/')) || '/';
    await fs.mkdir(dir, 0o755);
    const tmp = `${path}.ecat-tmp`;
    await fs.writeFile(tmp, content, mode);
    await fs.chmod(tmp, mode);
    await fs.rename(tmp, path);
    record.executed = true;
    return action;
  }

  /** Write a value into a sysfs control file (unbind/bind); recorded as a change. */
  async writeControl(path: string, value: string): Promise<void> {
    const record: FileRecord = { path, action: 'write', executed: false, content: value };
    this.recordFile(record);
    this.onEvent({ type: 'command', display: `echo ${value} > ${path}`, dryRun: this.dryRun });
    if (this.dryRun) return;
    await this.deps.fs.writeFile(path, value);
    record.executed = true;
  }

  private currentStep(): StepReport {
    if (!this.current) throw new Error('Session: change outside of a step');
    return this.current;
  }
}

/** The error for a failed command: its exit code and the end of what it printed. */
export function commandFailed(argv: readonly string[], result: SpawnResult, hint?: string): ProvisionError {
  const output = `${result.stdout}\n${result.stderr}`.split('\n').map((l) => l.trimEnd()).filter(Boolean);
  const how = result.code === 127 ? 'was not found' : `failed (exit code ${result.code})`;
  return new ProvisionError('COMMAND_FAILED', `${renderCommand(argv)} ${how}`, hint, {
    command: [...argv],
    exitCode: result.code,
    logTail: output.slice(-15),
  });
}
