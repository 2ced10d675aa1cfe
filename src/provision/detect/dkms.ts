// SPDX-License-Identifier: MIT
// dkms: is it installed, which version, and what `dkms status` says. The status format changed
// over the years; parseDkmsStatus reads all of them:
//   dkms 2.x   "ethercat, 1.6.2, 6.1.0-18-amd64, x86_64: installed"
//   dkms 3.x   "ethercat/1.6.2, 6.1.0-18-amd64, x86_64: installed"
//   added only "ethercat/1.6.2: added"  (2.x: "ethercat, 1.6.2: added")
//   notes      "...: installed (original_module exists)", "...: installed (WARNING! Diff between
//              built and installed module!)", 2.x weak modules "installed-weak from 5.14.0-70"
// Lines that are not status lines (errors, warnings) are kept apart, not guessed at.
import type { Probe } from './probe.js';

export interface DkmsInfo {
  present: boolean;
  /** e.g. "3.0.10"; '' when unknown. */
  version: string;
  /** dkms >= 3.0 has `unbuild`; older versions rebuild through `remove`. */
  hasUnbuild: boolean;
}

export type DkmsState = 'added' | 'built' | 'installed' | 'installed-weak' | 'broken' | (string & {});

export interface DkmsStatusEntry {
  name: string;
  version: string;
  /** Absent for "added" entries, which belong to no kernel yet. */
  kernel?: string;
  arch?: string;
  state: DkmsState;
  /** Text in parentheses or after the state (warnings). */
  note?: string;
}

export interface DkmsStatus {
  entries: DkmsStatusEntry[];
  /** Lines that were not status lines (dkms errors and warnings). */
  other: string[];
}

/** Compare dotted versions numerically: -1, 0 or 1. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Whether dkms is installed, and its version. */
export async function detectDkms(probe: Probe): Promise<DkmsInfo> {
  const r = await probe.run(['dkms', '--version']);
  if (r.code === 127) return { present: false, version: '', hasUnbuild: false };
  const version = /([0-9]+\.[0-9]+(?:\.[0-9]+)*)/.exec(`${r.stdout} ${r.stderr}`)?.[1] ?? '';
  return { present: true, version, hasUnbuild: version !== '' && compareVersions(version, '3.0') >= 0 };
}

const STATUS_LINE =
  /^(?<name>[^\s,/:]+)(?:\/|,\s*)(?<version>[^\s,:]+)(?:,\s*(?<kernel>[^\s,:]+)(?:,\s*(?<arch>[^\s,:]+))?)?:\s*(?<state>[A-Za-z-]+)(?<rest>.*)$/;

/** Parse the output of `dkms status` (any dkms version). */
export function parseDkmsStatus(text: string): DkmsStatus {
  const entries: DkmsStatusEntry[] = [];
  const other: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const m = STATUS_LINE.exec(line);
    const g = m?.groups;
    if (!g || !g.name || !g.version || !g.state) {
      other.push(line);
      continue;
    }
    const entry: DkmsStatusEntry = { name: g.name, version: g.version, state: g.state };
    if (g.kernel) entry.kernel = g.kernel;
    if (g.arch) entry.arch = g.arch;
    const rest = (g.rest ?? '').trim().replace(/^\((.*)\)$/, '$1');
    if (rest) entry.note = rest;
    entries.push(entry);
  }
  return { entries, other };
}

/** Run `dkms status` and parse it; an empty status when dkms is missing. */
export async function dkmsStatus(probe: Probe): Promise<DkmsStatus> {
  const r = await probe.run(['dkms', 'status']);
  if (r.code === 127) return { entries: [], other: [] };
  const parsed = parseDkmsStatus(r.stdout);
  parsed.other.push(...r.stderr.split('\n').map((l) => l.trim()).filter(Boolean));
  return parsed;
}

/** The state of package name/version for one kernel: 'installed', 'built', 'added' or null. */
export function stateFor(status: DkmsStatus, name: string, version: string, kernel: string): DkmsState | null {
  const mine = status.entries.filter((e) => e.name === name && e.version === version);
  const forKernel = mine.find((e) => e.kernel === kernel);
  if (forKernel) return forKernel.state;
  return mine.length > 0 ? 'added' : null;
}

/** Other versions of `name` built or installed for `kernel`. */
export function otherVersionsFor(status: DkmsStatus, name: string, version: string, kernel: string): DkmsStatusEntry[] {
  return status.entries.filter((e) => e.name === name && e.version !== version && e.kernel === kernel);
}
