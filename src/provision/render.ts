// SPDX-License-Identifier: MIT
// Text output of provisioning and doctor. A dry run shows every command (shell-safe) and the
// full content of every file it would write; a real run shows what each step did; a failure
// shows the error with its evidence (make.log or dmesg tail) and the hint.
import type { Check } from './checks.js';
import type { DoctorReport } from './doctor.js';
import type { ReadyReport } from './ready.js';
import { modeString, type FileRecord, type ProvisionReport, type StepReport } from './report.js';

const STATUS_LABEL: Record<StepReport['status'], string> = { done: 'done', skipped: 'skipped', failed: 'FAILED', planned: 'planned' };
const INDENT = '           ';

function fileLine(f: FileRecord, dry: boolean): string[] {
  const mode = f.mode !== undefined && f.action !== 'chmod' ? ` (mode ${modeString(f.mode)})` : '';
  switch (f.action) {
    case 'copy': {
      const head = `copy ${f.source ?? '?'} -> ${f.path}${f.detail ? ` (${f.detail})` : ''}`;
      return dry && f.content !== undefined ? [`${head}:`, ...f.content.split('\n').map((l) => `| ${l}`)] : [head];
    }
    case 'remove':
      return [`remove ${f.path}${f.detail ? ` (${f.detail})` : ''}`];
    case 'write':
      return [`write '${f.content ?? ''}' to ${f.path}`];
    case 'chmod':
      return [`chmod ${f.mode !== undefined ? modeString(f.mode) : ''} ${f.path}`];
    case 'chown':
      return [`chown ${f.path}${f.detail ? ` (${f.detail})` : ''}`];
    case 'ioctl':
      return [`ioctl ${f.path}${f.detail ? ` ${f.detail}` : ''}`];
    case 'unchanged':
      return [];
    default: {
      const head = `${dry ? 'write' : f.action === 'create' ? 'created' : 'updated'} ${f.path}${mode}${dry && f.content !== undefined ? ':' : ''}`;
      if (!dry || f.content === undefined) return [head];
      const body = f.content.endsWith('\n') ? f.content.slice(0, -1) : f.content;
      return [head, ...body.split('\n').map((l) => `| ${l}`)];
    }
  }
}

/** The provisioning report as text. */
export function renderReport(r: ProvisionReport): string {
  const out: string[] = [];
  const what = r.package ? `${r.package.name}/${r.package.version}` : 'the IgH EtherCAT master';
  out.push(`ecat provision: ${what} for kernel ${r.kernel || '?'}${r.arch ? ` (${r.arch})` : ''}${r.dryRun ? ' -- dry run, nothing is changed' : ''}`);
  for (const st of r.steps) {
    out.push(`  ${STATUS_LABEL[st.status].padEnd(8)} ${st.id.padEnd(14)} ${st.status === 'failed' ? st.title : st.detail.split('\n')[0]}`);
    const showActions = r.dryRun || st.status === 'done' || st.status === 'failed';
    if (showActions) {
      const actions: { seq: number; lines: string[] }[] = [
        ...st.commands.map((c) => ({ seq: c.seq ?? 0, lines: [`$ ${c.display}${c.exitCode !== undefined && c.exitCode !== 0 ? `   (exit ${c.exitCode})` : ''}`] })),
        ...st.files.map((f) => ({ seq: f.seq ?? 0, lines: fileLine(f, r.dryRun) })),
      ];
      for (const a of actions.sort((x, y) => x.seq - y.seq)) for (const l of a.lines) out.push(`${INDENT}${l}`);
    }
    for (const w of st.warnings) out.push(`${INDENT}warning: ${w}`);
  }
  if (r.blockers.length) {
    out.push('', 'A real run would stop:');
    for (const b of r.blockers) out.push(`  - ${b}`);
  }
  if (r.error) {
    out.push('', `error: ${String(r.error.message)}`);
    if (r.error.hint) out.push(`hint: ${String(r.error.hint)}`);
  }
  out.push('', r.summary);
  return `${out.join('\n')}\n`;
}

const CHECK_LABEL: Record<Check['status'], string> = { ok: 'ok', info: 'info', warn: 'warn', fail: 'FAIL' };

/** Doctor's (or the readiness check's) findings as text. */
export function renderChecks(r: ReadyReport | DoctorReport): string {
  const out: string[] = [`ecat doctor: ${r.device} on kernel ${r.kernel}`];
  const width = Math.max(...r.checks.map((c) => c.title.length), 6);
  const pad = ' '.repeat(8 + width + 1);
  for (const c of r.checks) {
    out.push(`  ${CHECK_LABEL[c.status].padEnd(5)} ${c.title.padEnd(width)} ${c.message}`);
    if (c.fix && c.status !== 'ok') {
      c.fix.commands.forEach((cmd, i) => out.push(`${pad}${i === 0 ? 'fix: ' : '     '}${cmd}`));
      if (c.fix.note) out.push(`${pad}(${c.fix.note})`);
    }
  }
  out.push('');
  out.push(r.ready ? `Ready: ${r.device} can be opened.` : `Not ready: ${r.missing.length} problem(s) keep ${r.device} from being opened.`);
  return `${out.join('\n')}\n`;
}
