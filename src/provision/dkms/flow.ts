// SPDX-License-Identifier: MIT
// The DKMS flow of the seed guide, made safe to repeat and always aimed at one kernel (-k on
// every command; without it dkms targets the running kernel): copy the source with its
// dkms.conf to /usr/src/<name>-<version>, dkms add, dkms build -k, dkms install -k, verify
// with dkms status and the installed module files. --rebuild first undoes the build for that
// kernel: uninstall, then unbuild (dkms >= 3.0) or remove (older dkms, which has no unbuild).
// Each step looks at dkms status first and does nothing when its part is already in place.
import type { DkmsInfo, DkmsState, DkmsStatus } from '../detect/dkms.js';
import { dkmsStatus, otherVersionsFor, stateFor } from '../detect/dkms.js';
import { installedModule } from '../detect/modules.js';
import type { Probe } from '../detect/probe.js';
import { ProvisionError } from '../errors.js';
import { copyFiles, copyTree, digestFiles, digestTree, walkTree } from '../files.js';
import type { ChangeOptions, Session, StepResult } from '../session.js';
import type { SpawnResult } from '../deps.js';
import { commandFailed } from '../session.js';
import { tailLines } from '../text.js';
import { type DkmsPackage, makeLogPaths, usrSrcDir } from './package.js';

/** Stamp written beside the copied source: which tree it came from and its digest. */
interface SourceStamp {
  source: string;
  digest: string;
  files: number;
}

const STAMP = '.ecat-source';
const LOG_TAIL = 25;

export class DkmsFlow {
  private readonly s: Session;
  private readonly probe: Probe;
  readonly pkg: DkmsPackage;
  readonly kernel: string;
  readonly arch: string;
  readonly dkms: DkmsInfo;
  /** In a dry run nothing changes, so later steps plan from the state earlier steps would leave. */
  private assumed: DkmsState | 'absent' | null = null;
  /** Whether this run installed a (new) module, so a loaded one must be reloaded. */
  installedNow = false;

  constructor(session: Session, pkg: DkmsPackage, kernel: string, arch: string, dkms: DkmsInfo) {
    this.s = session;
    this.probe = { fs: session.deps.fs, run: (argv) => session.query(argv) };
    this.pkg = pkg;
    this.kernel = kernel;
    this.arch = arch;
    this.dkms = dkms;
  }

  private mv(): string[] {
    return ['-m', this.pkg.name, '-v', this.pkg.version];
  }

  /** `dkms status` once per state: it costs a bash run each time (seconds on a slow machine). */
  private cached: DkmsStatus | null = null;

  private async status(): Promise<DkmsStatus> {
    this.cached ??= await dkmsStatus(this.probe);
    return this.cached;
  }

  /** Run a dkms command that changes its state; the next status() asks dkms again. */
  private async runDkms(argv: string[], options: ChangeOptions = {}): Promise<SpawnResult> {
    this.cached = null;
    try {
      return await this.s.change(argv, options);
    } finally {
      this.cached = null;
    }
  }

  /** The package's state for the target kernel, as dkms reports it or as the dry run left it. */
  private async state(): Promise<DkmsState | null> {
    if (this.assumed !== null) return this.assumed === 'absent' ? null : this.assumed;
    return stateFor(await this.status(), this.pkg.name, this.pkg.version, this.kernel);
  }

  private set(state: DkmsState | 'absent'): void {
    if (this.s.dryRun) this.assumed = state;
  }

  /** --rebuild: take the build for this kernel back to "added". */
  async rebuild(): Promise<string> {
    const state = await this.state();
    if (state !== 'installed' && state !== 'built') return `nothing to undo: ${this.pkg.name}/${this.pkg.version} is ${state ?? 'not known to dkms'} for ${this.kernel}`;
    const k = ['-k', this.kernel];
    if (state === 'installed') await this.runDkms(['dkms', 'uninstall', ...this.mv(), ...k]);
    if (this.dkms.hasUnbuild) {
      await this.runDkms(['dkms', 'unbuild', ...this.mv(), ...k]);
      this.set('added');
      return this.s.say(`uninstalled and unbuilt ${this.pkg.name}/${this.pkg.version} for ${this.kernel}`, `would uninstall and unbuild ${this.pkg.name}/${this.pkg.version} for ${this.kernel}`);
    }
    // dkms before 3.0 has no unbuild; remove for this kernel (the add step re-adds if needed).
    const others = (await this.status()).entries.filter((e) => e.name === this.pkg.name && e.version === this.pkg.version && e.kernel && e.kernel !== this.kernel);
    await this.runDkms(['dkms', 'remove', ...this.mv(), ...k]);
    this.set(others.length > 0 ? 'added' : 'absent');
    const why = `(dkms ${this.dkms.version || '2.x'} has no unbuild)`;
    return this.s.say(`uninstalled and removed ${this.pkg.name}/${this.pkg.version} for ${this.kernel} ${why}`, `would uninstall and remove ${this.pkg.name}/${this.pkg.version} for ${this.kernel} ${why}`);
  }

  /** Put the source and its dkms.conf into /usr/src/<name>-<version>. */
  async source(rebuild: boolean): Promise<string> {
    const fs = this.s.deps.fs;
    const dest = usrSrcDir(this.pkg);
    if (this.pkg.sourceDir === null) {
      if (await fs.stat(`${dest}/dkms.conf`)) return `using ${dest}, which dkms already has`;
      throw new ProvisionError('NO_SOURCE', `No IgH source given and ${dest}/dkms.conf does not exist.`, 'Give the IgH master source tree with --source DIR.');
    }
    const src = await fs.realpath(this.pkg.sourceDir);
    const files = this.pkg.files;
    if (src === dest && !files) {
      await this.writeGenerated(dest);
      return `building in place from ${dest}`;
    }
    // A whole tree (the IgH master), or the files an assembled package takes from it.
    const entries = files ? null : await walkTree(fs, src);
    const count = files ? files.length : (entries?.length ?? 0);
    const unit = files ? 'files' : 'entries';
    const digest = files ? await digestFiles(fs, src, files) : await digestTree(fs, src, entries ?? []);
    const stamp = parseStamp(await fs.readText(`${dest}/${STAMP}`));
    const destExists = (await fs.stat(dest)) !== null;
    if (destExists) {
      const generatedSame = await this.generatedUnchanged(dest);
      if (stamp?.digest === digest && generatedSame) {
        for (const g of this.pkg.generated) this.s.recordFile({ path: `${dest}/${g.path}`, action: 'unchanged', executed: false });
        return `${dest} already holds this source (${count} ${unit}) and dkms.conf`;
      }
      const state = await this.state();
      const builtSomewhere = (await this.status()).entries.some((e) => e.name === this.pkg.name && e.version === this.pkg.version && e.kernel !== undefined);
      if ((state === 'built' || state === 'installed' || builtSomewhere) && !rebuild) {
        const generatedWhat = this.pkg.kind === 'igh' ? 'the generated dkms.conf (driver choice or job count)' : `the generated ${this.pkg.generated.map((g) => g.path).join(' and ')}`;
        const what = stamp?.digest === digest ? generatedWhat : 'the source files';
        throw new ProvisionError(
          'SOURCE_CHANGED',
          `${dest} is already built by dkms, but ${what} differ from what this run would build.`,
          `Run again with --rebuild to rebuild ${this.pkg.name}/${this.pkg.version}${this.pkg.kind === 'igh' ? ', or give a new --package-version' : ''}.`,
          { dest, source: src },
        );
      }
      this.s.recordFile({ path: dest, action: 'remove', executed: !this.s.dryRun, detail: 'replaced by the new copy' });
      if (!this.s.dryRun) await fs.rm(dest);
    }
    // An assembled package's dry run lists where each file goes (the layout is the point).
    const listing = files && this.s.dryRun ? { content: files.map((f) => `${f.from} -> ${f.to}`).join('\n') } : {};
    this.s.recordFile({ path: dest, action: 'copy', source: src, executed: !this.s.dryRun, detail: `${count} ${unit}`, ...listing });
    if (!this.s.dryRun) {
      if (files) await copyFiles(fs, src, dest, files);
      else await copyTree(fs, src, dest, entries ?? []);
    }
    await this.writeGenerated(dest, destExists);
    const stampText = `${JSON.stringify({ source: src, digest, files: count } satisfies SourceStamp, null, 2)}\n`;
    await this.s.writeText(`${dest}/${STAMP}`, stampText, 0o644, { assumeAbsent: destExists });
    const generated = this.pkg.generated.map((g) => g.path).join(' and ');
    return this.s.say(`copied ${src} to ${dest} (${count} ${unit}) and wrote ${generated}`, `would copy ${src} to ${dest} (${count} ${unit}) and write ${generated}`);
  }

  private async generatedUnchanged(dest: string): Promise<boolean> {
    for (const g of this.pkg.generated) if ((await this.s.deps.fs.readText(`${dest}/${g.path}`)) !== g.content) return false;
    return true;
  }

  /** Write the generated files; `replaced`: the old copy was removed before (in a dry run: would be). */
  private async writeGenerated(dest: string, replaced = false): Promise<void> {
    for (const g of this.pkg.generated) await this.s.writeText(`${dest}/${g.path}`, g.content, 0o644, { assumeAbsent: replaced });
  }

  /** dkms add. */
  async add(): Promise<string> {
    const state = await this.state();
    if (state !== null) return `${this.pkg.name}/${this.pkg.version} is already known to dkms (${state})`;
    await this.runDkms(['dkms', 'add', ...this.mv()]);
    this.set('added');
    return this.s.say(`added ${this.pkg.name}/${this.pkg.version} to dkms`, `would add ${this.pkg.name}/${this.pkg.version} to dkms`);
  }

  /** dkms build -k; on failure, the tail of make.log. */
  async build(): Promise<string> {
    const state = await this.state();
    if (state === 'built' || state === 'installed') return `already built for ${this.kernel} (${state})`;
    const argv = ['dkms', 'build', ...this.mv(), '-k', this.kernel];
    const logs = makeLogPaths(this.pkg, this.kernel, this.arch);
    const r = await this.runDkms(argv, { allowFail: true, progress: { label: `building ${this.pkg.name}/${this.pkg.version} for ${this.kernel}`, logFiles: logs } });
    if (r.code !== 0) throw await this.buildFailed(argv, r.code, `${r.stdout}\n${r.stderr}`);
    this.set('built');
    return this.s.say(`built ${this.pkg.name}/${this.pkg.version} for ${this.kernel}`, `would build ${this.pkg.name}/${this.pkg.version} for ${this.kernel}`);
  }

  private async buildFailed(argv: string[], code: number, output: string): Promise<ProvisionError> {
    // After a failed build dkms leaves the log in build/; look in both places anyway.
    for (const path of makeLogPaths(this.pkg, this.kernel, this.arch)) {
      const text = await this.s.deps.fs.readText(path);
      if (text !== null && text.trim() !== '') {
        return new ProvisionError(
          'BUILD_FAILED',
          `dkms build of ${this.pkg.name}/${this.pkg.version} for kernel ${this.kernel} failed (exit code ${code}); the end of ${path}:\n${tailLines(text, LOG_TAIL).map((l) => `  ${l}`).join('\n')}`,
          `The whole log is ${path}. A native driver that does not match this kernel's sources fails here: try --driver generic.`,
          { command: argv, exitCode: code, logPath: path, logTail: tailLines(text, LOG_TAIL) },
        );
      }
    }
    return new ProvisionError(
      'BUILD_FAILED',
      `dkms build of ${this.pkg.name}/${this.pkg.version} for kernel ${this.kernel} failed (exit code ${code}) and left no make.log; dkms said:\n${tailLines(output, LOG_TAIL).map((l) => `  ${l}`).join('\n')}`,
      undefined,
      { command: argv, exitCode: code, logTail: tailLines(output, LOG_TAIL) },
    );
  }

  /** dkms install -k (after taking other versions of the package off this kernel). */
  async install(): Promise<string> {
    const state = await this.state();
    if (state === 'installed') return `already installed for ${this.kernel}`;
    const notes: string[] = [];
    for (const other of otherVersionsFor(await this.status(), this.pkg.name, this.pkg.version, this.kernel)) {
      if (other.state !== 'installed') continue;
      // Two versions cannot both own ec_master.ko for one kernel.
      await this.runDkms(['dkms', 'uninstall', '-m', other.name, '-v', other.version, '-k', this.kernel]);
      notes.push(this.s.say(`uninstalled ${other.name}/${other.version} first`, `would uninstall ${other.name}/${other.version} first`));
    }
    const argv = ['dkms', 'install', ...this.mv(), '-k', this.kernel];
    const r = await this.runDkms(argv, { allowFail: true });
    if (r.code !== 0) throw commandFailedAs('INSTALL_FAILED', argv, r);
    this.set('installed');
    this.installedNow = true;
    return [this.s.say(`installed ${this.pkg.name}/${this.pkg.version} for ${this.kernel}`, `would install ${this.pkg.name}/${this.pkg.version} for ${this.kernel}`), ...notes].join('; ');
  }

  /** dkms status says installed, and every module file is where modprobe will look. */
  async verify(): Promise<StepResult> {
    if (this.s.dryRun) return { detail: 'not verified in a dry run' };
    const state = stateFor(await this.status(), this.pkg.name, this.pkg.version, this.kernel);
    if (state !== 'installed') {
      throw new ProvisionError('INSTALL_FAILED', `dkms status does not list ${this.pkg.name}/${this.pkg.version} as installed for ${this.kernel} (it says: ${state ?? 'nothing'}).`, `Check: dkms status -m ${this.pkg.name}`);
    }
    const found: string[] = [];
    const missing: string[] = [];
    for (const m of this.pkg.modules) {
      const info = await installedModule(this.probe, this.kernel, m.name);
      if (info.path) found.push(info.path);
      else missing.push(m.name);
    }
    if (missing.length > 0) {
      throw new ProvisionError('INSTALL_FAILED', `dkms reports ${this.pkg.name}/${this.pkg.version} installed for ${this.kernel}, but modinfo finds no ${missing.join(', ')}.`, `Look in /lib/modules/${this.kernel}/updates/dkms/ and run depmod ${this.kernel}.`);
    }
    return { detail: `installed: ${found.join(', ')}`, verified: true };
  }
}

function parseStamp(text: string | null): SourceStamp | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as Partial<SourceStamp>;
    return typeof v.digest === 'string' ? { source: String(v.source ?? ''), digest: v.digest, files: Number(v.files ?? 0) } : null;
  } catch {
    return null;
  }
}

function commandFailedAs(code: 'INSTALL_FAILED', argv: string[], r: { code: number; signal: string | null; stdout: string; stderr: string }): ProvisionError {
  const base = commandFailed(argv, r);
  const tail = (base.details.logTail as string[] | undefined) ?? [];
  return new ProvisionError(code, `${base.message}${tail.length ? `:\n${tail.map((l) => `  ${l}`).join('\n')}` : ''}`, undefined, base.details);
}
