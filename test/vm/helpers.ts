// SPDX-License-Identifier: MIT
// Shared helpers of the VM suite (test/vm/). These tests run only inside the VM guest
// (scripts/vm/guest-run.mjs sets ECAT_VM_GUEST=1), as root, against /dev/EtherCAT0 of
// ecat_vbus.ko; the checkout is read-only there and only /tmp is writable.
//
// Speed matters: JavaScript in the TCG guest runs 5-20x slower than on the host, and every
// new node process costs seconds. So the CLI runs in-process (runCli with captured output)
// wherever the test is about the output, and a child process is spawned only where the
// test is about the process (another uid/gid, the real executable's exit code).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEVICE = '/dev/EtherCAT0';
export const inGuest = process.env.ECAT_VM_GUEST === '1';
/**
 * The unprivileged test user (added by scripts/vm/guest-init.sh) and the ethercat group
 * (created by `ecat provision --virtual`, on the host or in the guest; guest-run.mjs passes its id).
 */
export const USER_UID = Number(process.env.ECAT_VM_UID ?? 4243);
export const ETHERCAT_GID = Number(process.env.ECAT_VM_GID ?? 4242);

export const example = (name: string): string => join(root, 'examples', name);
export const cliMain = join(root, 'dist', 'cli', 'main.js');

export interface KernelInfo {
  version: number;
  masterIndex: number;
  abi: string;
  loaded: boolean;
  slaveCount: number;
  imageSize: number;
  loads: number;
  lastResult: number;
  lastError: string;
  features: string[];
}

/** The addon's raw surface, as far as these tests use it. */
export interface Addon {
  vbusKernelLoad(path: string, image: Uint8Array): { slaveCount: number; imageSize: number; loads: number };
  vbusKernelInfo(path: string): KernelInfo;
  openDevice(path: string, options: { mode: 'auto' | 'rw' | 'ro' }): any;
}

const require = createRequire(import.meta.url);
/** The addon the guest runs: the host's private copy for this run (ECAT_NATIVE_PATH, set by run-vm.mjs), else the checkout's build. */
export const addonPath = process.env.ECAT_NATIVE_PATH || join(root, 'build', 'Release', 'ecat.node');
let addonCache: Addon | undefined;
export function addon(): Addon {
  addonCache ??= require(addonPath) as Addon;
  return addonCache;
}

/** The topology image of a topology file, built by the project's own loader (dist/). */
export async function imageOf(file: string): Promise<Uint8Array> {
  const { loadTopology, buildImage } = (await import(join(root, 'dist', 'topology', 'index.js'))) as {
    loadTopology(path: string): unknown;
    buildImage(t: unknown): Uint8Array;
  };
  return buildImage(loadTopology(file));
}

/** Load a topology file into /dev/EtherCAT0 (fresh bus: every AL state and SDO value as in the file). */
export async function loadKernelTopology(file: string): Promise<{ slaveCount: number }> {
  return addon().vbusKernelLoad(DEVICE, await imageOf(file));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

type RunCli = (args: readonly string[], io: unknown) => Promise<number>;
let cli: { runCli: RunCli; baseIo: Record<string, unknown> } | undefined;

/**
 * Run `ecat ARGS` in this process, as bin/ecat would (the built dist/), with stdout and
 * stderr captured. `env` adds to the process environment the CLI sees.
 */
export async function ecat(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  if (!cli) {
    const program = (await import(join(root, 'dist', 'cli', 'program.js'))) as { runCli: RunCli };
    const io = (await import(join(root, 'dist', 'cli', 'io.js'))) as { processIo(): Record<string, unknown> };
    cli = { runCli: program.runCli, baseIo: io.processIo() };
  }
  let stdout = '';
  let stderr = '';
  const io = {
    ...cli.baseIo,
    env: { ...process.env, ECAT_SIM: '', ...env },
    stdout: { write: (c: string | Uint8Array) => ((stdout += typeof c === 'string' ? c : Buffer.from(c).toString('latin1')), true) },
    stderr: { write: (c: string) => ((stderr += c), true) },
  };
  const code = await cli.runCli(args, io);
  return { code, stdout, stderr };
}

/** `ecat --device /dev/EtherCAT0 ARGS` in-process. */
export const onDevice = (args: string[]): Promise<CliResult> => ecat(['--device', DEVICE, ...args]);

let simDir: string | undefined;
/** The same command on the in-process virtual master with the same topology, from a fresh state. */
export function onSim(topology: string, args: string[]): Promise<CliResult> {
  simDir = mkdtempSync('/tmp/ecat-vm-sim-');
  return ecat(['--sim', topology, ...args], { ECAT_SIM_STATE_DIR: simDir });
}

/** The built executable in a child process, optionally as another user. */
export function ecatProcess(args: string[], as?: { uid: number; gid: number }): CliResult {
  const r = spawnSync(process.execPath, [cliMain, ...args], {
    cwd: '/tmp',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp', ECAT_SIM_STATE_DIR: '/tmp/ecat-vm-sim-user', ECAT_NATIVE_PATH: addonPath },
    timeout: 120000,
    ...(as ? { uid: as.uid, gid: as.gid } : {}),
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Node code in a child process (for another user), returning its output. */
export function nodeProcess(code: string, as?: { uid: number; gid: number }): CliResult {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp', ECAT_NATIVE_PATH: addonPath },
    timeout: 120000,
    ...(as ? { uid: as.uid, gid: as.gid } : {}),
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * Run `fn` with the effective user and group of `who` and no supplementary groups, then
 * return to root. The kernel checks opens against these (fsuid/fsgid follow them), so this
 * is how a user's `ecat` behaves, without the seconds a new node process costs in the guest.
 */
export async function asUser<T>(who: { uid: number; gid: number }, fn: () => Promise<T>): Promise<T> {
  const groups = process.getgroups?.() ?? [];
  process.setgroups?.([]);
  process.setegid?.(who.gid);
  process.seteuid?.(who.uid);
  try {
    return await fn();
  } finally {
    process.seteuid?.(0);
    process.setegid?.(0);
    process.setgroups?.(groups);
  }
}

/** Run a host command (kmod, chmod) in the guest; throws on failure. */
export function sh(argv: string[]): string {
  const r = spawnSync(argv[0] as string, argv.slice(1), { encoding: 'utf8', timeout: 60000 });
  if (r.error) throw new Error(`${argv.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}
