// SPDX-License-Identifier: MIT
// The process boundary of provisioning, as injectable interfaces: spawning commands (argument
// arrays only), the file system, a clock, the identity of the caller, and two probes of the
// device the runtime owns (open read-write, read the ABI). Tests pass fakes of all of them (a
// simulated node); nodeDeps() in real-deps.ts provides the real ones.

/** What a finished command returned. `code` is 127 when the program does not exist. */
export interface SpawnResult {
  code: number;
  signal: string | null;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  /** Extra environment variables (added to the inherited environment). */
  env?: Record<string, string>;
  cwd?: string;
  /** Called for every complete output line while the command runs (progress display). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/**
 * Run `command` with `args`, never through a shell. Resolves when the program exits (also on
 * a non-zero exit); rejects only when it cannot be started for a reason other than "not found".
 */
export type SpawnFn = (command: string, args: readonly string[], options?: SpawnOptions) => Promise<SpawnResult>;

/** The parts of a stat result provisioning looks at. */
export interface FileInfo {
  type: 'file' | 'dir' | 'symlink' | 'char' | 'block' | 'other';
  /** Permission bits (mode & 0o7777). */
  mode: number;
  uid: number;
  gid: number;
  size: number;
}

export interface Watcher {
  close(): void;
}

/** File system access. Paths are absolute. Missing files give null from stat/lstat/readText. */
export interface ProvisionFs {
  readText(path: string): Promise<string | null>;
  readBytes(path: string): Promise<Uint8Array>;
  /** Write (create or truncate) a file; `mode` applies when the file is created. */
  writeFile(path: string, data: string | Uint8Array, mode?: number): Promise<void>;
  mkdir(path: string, mode?: number): Promise<void>;
  readdir(path: string): Promise<string[]>;
  /** stat (follows symlinks); null when the path does not exist. */
  stat(path: string): Promise<FileInfo | null>;
  /** lstat (does not follow a final symlink); null when the path does not exist. */
  lstat(path: string): Promise<FileInfo | null>;
  readlink(path: string): Promise<string>;
  realpath(path: string): Promise<string>;
  symlink(target: string, path: string): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  chown(path: string, uid: number, gid: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Remove a file or a whole tree; no error when it does not exist. */
  rm(path: string): Promise<void>;
  /** Watch a directory for entries appearing or disappearing; the callback gets the entry name. */
  watch(dir: string, onChange: (name: string | null) => void): Watcher;
}

/** Time, injectable so that timeouts and progress run instantly in tests. */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Who is calling: decides the root check and the "writable by this user" check. */
export interface Identity {
  uid: number;
  gid: number;
  /** Supplementary group ids of this process (what the kernel checks, not /etc/group). */
  groups: number[];
  /** Login name of this process's user. */
  user: string;
}

/** Result of opening a device read-write and closing it again. */
export interface OpenCheckResult {
  ok: boolean;
  /** errno name on failure: EACCES, EPERM, ENOENT, ENXIO, EBUSY, ... */
  code?: string;
}

/** What EC_IOCTL_MODULE said about the device's ABI. */
export interface AbiProbeResult {
  status: 'supported' | 'unsupported' | 'unknown';
  /** The ioctl version magic the module reported. */
  magic?: number;
  /** Name of the matching ABI table, e.g. "1.6". */
  abi?: string;
  message?: string;
}

/** What ECAT_VBUS_IOCTL_INFO reports about one master of ecat_vbus.ko (the addon's vbusKernelInfo). */
export interface VbusKernelInfo {
  masterIndex: number;
  abi: string;
  loaded: boolean;
  slaveCount: number;
  imageSize: number;
  /** Successful loads since the module was loaded. */
  loads: number;
  lastError: string;
}

/** What ECAT_VBUS_IOCTL_LOAD returned (the addon's vbusKernelLoad). */
export interface VbusKernelLoadResult {
  slaveCount: number;
  imageSize: number;
  loads: number;
}

/**
 * The topology side of the kernel-hosted virtual master (`ecat provision --virtual`). It lives
 * in the runtime (topology loader, addon), which provisioning never imports, so the caller
 * wires it in, like probeAbi; the ecat CLI does.
 */
export interface VbusDeps {
  /** The topology image of a topology file (the runtime's loadTopology + buildImage); throws with the loader's reason for a bad file. */
  image(file: string): Promise<Uint8Array>;
  /**
   * The native addon. Its vbusKernelLoad(path, image) and vbusKernelInfo(path) are looked up
   * (and their absence reported) when used: an addon built before them lacks them.
   */
  addon(): Promise<unknown>;
}

/** Everything provisioning touches outside its own memory. */
export interface ProvisionDeps {
  spawn: SpawnFn;
  fs: ProvisionFs;
  clock: Clock;
  identity(): Identity;
  /** Machine architecture as dkms names it (uname -m), e.g. x86_64, aarch64. */
  machine(): string;
  /** Number of CPUs, for make -j. */
  cpus(): number;
  /** Open `path` read-write and close it (the runtime opens devices the same way). */
  openCheck(path: string): Promise<OpenCheckResult>;
  /** Report the ABI of the module behind `path` (wired to the addon by the caller). */
  probeAbi(path: string): Promise<AbiProbeResult>;
  /** The package's dkms/ directory with the templates (its parent is the package root). */
  templateDir: string;
  /** The topology loader and the addon for `--virtual` (absent: no topology can be loaded). */
  vbus?: VbusDeps;
}
