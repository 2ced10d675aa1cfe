// SPDX-License-Identifier: MIT
// The real process boundary for provisioning: child_process.spawn with argument arrays (never
// a shell), node:fs, the monotonic clock, process identity. Output is kept to a bounded tail
// so that a verbose build cannot exhaust memory; progress sees every line through onLine.
import { spawn as spawnChild } from 'node:child_process';
import { constants as fsConstants, watch as fsWatch } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { availableParallelism, machine, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AbiProbeResult, FileInfo, OpenCheckResult, ProvisionDeps, ProvisionFs, SpawnFn } from './deps.js';

/** Keep at most this much of a command's stdout/stderr (the end of it). */
const OUTPUT_LIMIT = 256 * 1024;

function appendBounded(buf: string, chunk: string): string {
  const next = buf + chunk;
  return next.length > OUTPUT_LIMIT ? next.slice(next.length - OUTPUT_LIMIT) : next;
}

/** PATH with the sbin directories, where dkms, modprobe and groupadd live. */
function pathWithSbin(path: string | undefined): string {
  const parts = (path ?? '/usr/local/bin:/usr/bin:/bin').split(':').filter(Boolean);
  for (const dir of ['/usr/local/sbin', '/usr/sbin', '/sbin']) if (!parts.includes(dir)) parts.push(dir);
  return parts.join(':');
}

export const nodeSpawn: SpawnFn = (command, args, options = {}) =>
  new Promise((resolve, reject) => {
    // LC_ALL=C: the output of dkms, modprobe and friends is parsed, so it must not be translated.
    const env = { ...process.env, PATH: pathWithSbin(process.env.PATH), LC_ALL: 'C', ...(options.env ?? {}) };
    const child = spawnChild(command, [...args], { env, cwd: options.cwd, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const partial = { stdout: '', stderr: '' };
    const feed = (stream: 'stdout' | 'stderr', chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      if (stream === 'stdout') stdout = appendBounded(stdout, text);
      else stderr = appendBounded(stderr, text);
      if (!options.onLine) return;
      const lines = (partial[stream] + text).split('\n');
      partial[stream] = lines.pop() ?? '';
      for (const line of lines) options.onLine(line, stream);
    };
    child.stdout.on('data', (c: Buffer) => feed('stdout', c));
    child.stderr.on('data', (c: Buffer) => feed('stderr', c));
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') resolve({ code: 127, signal: null, stdout: '', stderr: `${command}: command not found` });
      else reject(err);
    });
    child.on('close', (code, signal) => {
      if (options.onLine) {
        if (partial.stdout) options.onLine(partial.stdout, 'stdout');
        if (partial.stderr) options.onLine(partial.stderr, 'stderr');
      }
      resolve({ code: code ?? 128, signal: signal ?? null, stdout, stderr });
    });
  });

function info(s: import('node:fs').Stats): FileInfo {
  const type = s.isFile() ? 'file' : s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'symlink' : s.isCharacterDevice() ? 'char' : s.isBlockDevice() ? 'block' : 'other';
  return { type, mode: s.mode & 0o7777, uid: s.uid, gid: s.gid, size: s.size };
}

async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
}

export const nodeFs: ProvisionFs = {
  readText: (path) => orNull(fsp.readFile(path, 'utf8')),
  readBytes: async (path) => new Uint8Array(await fsp.readFile(path)),
  writeFile: (path, data, mode) => fsp.writeFile(path, data, mode === undefined ? {} : { mode }),
  mkdir: async (path, mode) => {
    await fsp.mkdir(path, { recursive: true, ...(mode === undefined ? {} : { mode }) });
  },
  readdir: (path) => fsp.readdir(path),
  stat: async (path) => {
    const s = await orNull(fsp.stat(path));
    return s ? info(s) : null;
  },
  lstat: async (path) => {
    const s = await orNull(fsp.lstat(path));
    return s ? info(s) : null;
  },
  readlink: (path) => fsp.readlink(path),
  realpath: (path) => fsp.realpath(path),
  symlink: (target, path) => fsp.symlink(target, path),
  chmod: (path, mode) => fsp.chmod(path, mode),
  chown: (path, uid, gid) => fsp.chown(path, uid, gid),
  rename: (from, to) => fsp.rename(from, to),
  rm: (path) => fsp.rm(path, { recursive: true, force: true }),
  watch: (dir, onChange) => {
    try {
      const w = fsWatch(dir, { persistent: false }, (_event, name) => onChange(name === null ? null : String(name)));
      w.on('error', () => undefined); // the poll in waitForDevice covers a watcher that dies
      return { close: () => w.close() };
    } catch {
      return { close: () => undefined };
    }
  },
};

/** Open read-write and close: the same access the runtime needs. */
export async function nodeOpenCheck(path: string): Promise<OpenCheckResult> {
  try {
    const handle = await fsp.open(path, fsConstants.O_RDWR | fsConstants.O_NOCTTY);
    await handle.close();
    return { ok: true };
  } catch (err) {
    return { ok: false, code: (err as NodeJS.ErrnoException).code ?? 'EIO' };
  }
}

/** Without the addon nothing can ask the module for its ABI; the caller may wire a real probe. */
export async function unknownAbi(_path: string): Promise<AbiProbeResult> {
  return { status: 'unknown', message: 'no ABI probe available (the native addon was not wired in)' };
}

/** The package's dkms/ directory: two levels above this file, in src/provision or dist/provision. */
export function packageTemplateDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dkms');
}

/** The real dependencies; pass `overrides` to replace some (e.g. probeAbi from the addon). */
export function nodeDeps(overrides: Partial<ProvisionDeps> = {}): ProvisionDeps {
  const start = performance.now();
  return {
    spawn: nodeSpawn,
    fs: nodeFs,
    clock: {
      now: () => performance.now() - start,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
    identity: () => {
      const uid = process.getuid?.() ?? -1;
      let user = '';
      try {
        user = userInfo().username;
      } catch {
        user = process.env.USER ?? String(uid);
      }
      return { uid, gid: process.getgid?.() ?? -1, groups: process.getgroups?.() ?? [], user };
    },
    machine: () => machine(),
    cpus: () => availableParallelism(),
    openCheck: nodeOpenCheck,
    probeAbi: unknownAbi,
    templateDir: packageTemplateDir(),
    ...overrides,
  };
}
