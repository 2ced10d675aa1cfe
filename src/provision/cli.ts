// SPDX-License-Identifier: MIT
// The `ecat provision` and `ecat doctor` commands, added to a commander program by
// registerProvisionCommands(). The CLI owner calls it from the program; tests call it on a
// bare Command with fake dependencies and captured output. Exit codes: 0 success (doctor:
// ready), 1 failure (doctor: not ready), 2 a wrong command line.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ProvisionDeps } from './deps.js';
import { doctor } from './doctor.js';
import { ProvisionError, asProvisionError } from './errors.js';
import type { PersistMode } from './load/persist.js';
import type { ProvisionOptions } from './options.js';
import { progressPrinter, type ProgressSink } from './progress.js';
import { provision } from './provision.js';
import { nodeDeps } from './real-deps.js';
import { renderChecks, renderReport } from './render.js';
import { checkInteger } from './validate.js';

export interface ProvisionCliDeps {
  /** Replace some real dependencies (e.g. probeAbi wired to the addon), or all of them (tests). */
  deps?: Partial<ProvisionDeps>;
  stdout?: ProgressSink;
  stderr?: ProgressSink;
  /** Where the exit code goes (default: process.exitCode). */
  setExitCode?: (code: number) => void;
  /** Directory relative --source paths are resolved against (default: process.cwd()). */
  cwd?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function hasOption(cmd: Command | null, long: string): boolean {
  for (let c = cmd; c; c = c.parent) if (c.options.some((o) => o.long === long)) return true;
  return false;
}

function printError(err: unknown, json: boolean, out: ProgressSink, errOut: ProgressSink): number {
  const e = asProvisionError(err);
  if (json) out.write(`${JSON.stringify({ error: e.toJSON() }, null, 2)}\n`);
  else {
    errOut.write(`error: ${e.message}\n`);
    if (e.hint) errOut.write(`hint: ${e.hint}\n`);
  }
  return e.exitCode;
}

/** Add `provision` and `doctor` to `program`. */
export function registerProvisionCommands(program: Command, cli: ProvisionCliDeps = {}): void {
  const out: ProgressSink = cli.stdout ?? process.stdout;
  const errOut: ProgressSink = cli.stderr ?? process.stderr;
  const setExit = cli.setExitCode ?? ((code: number) => void (process.exitCode = code));
  const deps = (): ProvisionDeps => nodeDeps(cli.deps ?? {});

  const p = program
    .command('provision')
    .summary('Build, install and load the IgH EtherCAT master (DKMS), or the virtual master (--virtual); make /dev/EtherCAT<N> usable.')
    .description(
      [
        'Take this node to "/dev/EtherCAT<N> is present and usable by the application\'s user":',
        'DKMS-build and install the IgH master from --source for the running (or --kernel) kernel,',
        'load it with the given card(s), install a udev rule and group, and check the device.',
        'With --virtual, the same for ecat\'s own kernel module (ecat_vbus, the virtual master behind a',
        'real /dev/EtherCAT<N>), built from this package, and load a topology into it.',
        'Safe to repeat: a second run changes nothing and says so. Needs root except with --dry-run.',
      ].join('\n'),
    )
    .option('--virtual', "build, install and load ecat's virtual master module (ecat_vbus) instead of the IgH master")
    .option('--topology <file>', '--virtual: topology file to load into each master (default: examples/io-rack.yaml of the package)')
    .option('--masters <n>', '--virtual: number of masters, /dev/EtherCAT0..<n-1> (module parameter; default 1)')
    .option('--abi <id>', "--virtual: IgH ABI the masters present, e.g. 1.5.2 (module parameter; default 1.6; see 'ecat abi')")
    .option('--source <dir>', 'IgH EtherCAT master source tree (git checkout or unpacked release tarball)')
    .option('--nic <mac|ifname>', 'network card of master N, in master order (repeat for more masters)', collect, [])
    .option('--backup-nic <mac|ifname>', 'backup (redundancy) card of master N, in order', collect, [])
    .option('--driver <name>', 'generic (default), a native driver (e1000e, igb, igc, r8169, 8139too, e100, e1000, genet) or auto; repeat or comma-separate', collect, [])
    .option('--kernel <release>', 'target kernel release (default: the running kernel)')
    .option('--package-name <name>', 'dkms package name (default: ethercat)')
    .option('--package-version <version>', 'dkms package version (default: from the tree\'s configure.ac)')
    .option('--jobs <n>', 'parallel make jobs for the build (default: number of CPUs)')
    .option('--group <name>', 'group allowed to use /dev/EtherCAT* (default: ethercat)')
    .option('--user <name>', 'add this user to the group (repeatable)', collect, [])
    .option('--persist <mode>', 'load at boot via: auto (default), modprobe, ethercat-conf, none')
    .option('--rt-limits', 'allow the group real-time priority and locked memory (pam_limits)')
    .option('--rebuild', 'uninstall, unbuild, build and install again')
    .option('--no-load', 'only build and install; do not load the modules')
    .option('--timeout <seconds>', 'how long to wait for /dev/EtherCAT<N> (default: 10)')
    .option('--ensure', 'use the settings saved by the last run (/etc/ecat/provision.json) for everything not given')
    .option('--dry-run', 'print every command and file the run would execute or write; change nothing')
    .option('--no-save', 'do not save the settings to /etc/ecat/provision.json');
  if (!hasOption(program, '--json')) p.option('--json', 'print the report as JSON');
  p.addHelpText(
    'after',
    [
      '',
      'Examples:',
      '  $ sudo ecat provision --source ~/ethercat --nic enp3s0 --user alice',
      '  $ sudo ecat provision --source ~/ethercat --nic 00:1b:21:aa:bb:cc --driver igb',
      '  $ ecat provision --source ~/ethercat --nic enp3s0 --dry-run',
      '  $ sudo ecat provision --ensure --rebuild',
      '  $ sudo ecat provision --virtual --topology examples/two-axis.yaml',
      '  $ sudo ecat provision --virtual --kernel 6.1.0-18-amd64 --no-load',
      '',
      'Exit codes: 0 success, 1 a step failed (or a dry run found missing prerequisites), 2 usage error.',
      'Details: docs/provisioning.md',
      '',
    ].join('\n'),
  );
  p.action(async (_opts: unknown, cmd: Command) => {
    const o = cmd.optsWithGlobals() as Record<string, unknown>;
    const json = o.json === true;
    try {
      const d = deps();
      const progress = json ? null : progressPrinter(errOut, d.clock);
      const cwd = cli.cwd ?? process.cwd();
      const options: ProvisionOptions = {
        ...(o.virtual === true ? { virtual: true } : {}),
        ...(typeof o.topology === 'string' ? { topology: resolve(cwd, o.topology) } : {}),
        ...(typeof o.masters === 'string' ? { masters: checkInteger(o.masters, '--masters', 1, 32) } : {}),
        ...(typeof o.abi === 'string' ? { abi: o.abi } : {}),
        ...(typeof o.source === 'string' ? { source: resolve(cwd, o.source) } : {}),
        nics: o.nic as string[],
        backupNics: o.backupNic as string[],
        drivers: o.driver as string[],
        ...(typeof o.kernel === 'string' ? { kernel: o.kernel } : {}),
        ...(typeof o.packageName === 'string' ? { packageName: o.packageName } : {}),
        ...(typeof o.packageVersion === 'string' ? { packageVersion: o.packageVersion } : {}),
        ...(typeof o.jobs === 'string' ? { jobs: checkInteger(o.jobs, '--jobs', 1, 256) } : {}),
        ...(typeof o.group === 'string' ? { group: o.group } : {}),
        users: o.user as string[],
        ...(typeof o.persist === 'string' ? { persist: o.persist as PersistMode } : {}),
        rtLimits: o.rtLimits === true,
        rebuild: o.rebuild === true,
        load: o.load !== false,
        ...(typeof o.timeout === 'string' ? { timeoutSeconds: checkInteger(o.timeout, '--timeout', 1, 3600) } : {}),
        ensure: o.ensure === true,
        dryRun: o.dryRun === true,
        saveSettings: o.save !== false,
        ...(progress ? { onEvent: (e) => progress.onEvent(e) } : {}),
      };
      const report = await provision(options, d);
      progress?.finish();
      out.write(json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
      const code = report.ok ? 0 : report.error?.code === 'USAGE' ? 2 : 1;
      setExit(code);
    } catch (err) {
      setExit(printError(err, json, out, errOut));
    }
  });

  const doc = program
    .command('doctor')
    .summary('Check the node for the EtherCAT master and say how to fix what is missing.')
    .description(
      [
        'Check everything /dev/EtherCAT<N> needs (module built for this kernel, loaded, device present',
        'and writable, ABI, real-time limits, ...) and print each missing piece with the exact command',
        'that fixes it. Changes nothing; runs as any user.',
      ].join('\n'),
    )
    .option('--user <name>', 'check access for this user instead of the caller');
  if (!hasOption(program, '--master')) doc.option('-m, --master <index>', 'master index N of /dev/EtherCAT<N>', '0');
  if (!hasOption(program, '--json')) doc.option('--json', 'print the findings as JSON');
  doc.addHelpText('after', ['', 'Examples:', '  $ ecat doctor', '  $ ecat doctor --user alice --json', '', 'Exit codes: 0 ready, 1 not ready, 2 usage error.', ''].join('\n'));
  doc.action(async (_opts: unknown, cmd: Command) => {
    const o = cmd.optsWithGlobals() as Record<string, unknown>;
    const json = o.json === true;
    try {
      const master = checkInteger(String(o.master ?? '0'), 'master index', 0, 255);
      const report = await doctor({ master, ...(typeof o.user === 'string' ? { user: o.user } : {}), deps: deps() });
      out.write(json ? `${JSON.stringify(report, null, 2)}\n` : renderChecks(report));
      setExit(report.ready ? 0 : 1);
    } catch (err) {
      setExit(printError(err instanceof ProvisionError ? err : asProvisionError(err), json, out, errOut));
    }
  });
}
