// SPDX-License-Identifier: MIT
// Source trees on disk: walk one (without .git), digest it (to tell whether /usr/src already
// holds exactly this source), and copy it with file modes and symlinks preserved (configure
// and bootstrap must stay executable).
import { createHash } from 'node:crypto';
import type { ProvisionFs } from './deps.js';

export interface TreeEntry {
  /** Path relative to the root, with '/' separators. */
  rel: string;
  type: 'file' | 'dir' | 'symlink';
  mode: number;
}

/** Entries never copied or digested: VCS data, and what provisioning itself writes. */
export const TREE_EXCLUDES = new Set(['.git', '.hg', '.svn', 'dkms.conf', '.ecat-source']);

/** All entries below `root`, parents before children, sorted by name. Top-level excludes apply. */
export async function walkTree(fs: ProvisionFs, root: string): Promise<TreeEntry[]> {
  const out: TreeEntry[] = [];
  const visit = async (rel: string): Promise<void> => {
    const names = (await fs.readdir(rel ? `${root}/${rel}` : root)).sort();
    for (const name of names) {
      if (rel === '' && TREE_EXCLUDES.has(name)) continue;
      if (rel !== '' && (name === '.git' || name === '.ecat-source')) continue;
      const r = rel ? `${rel}/${name}` : name;
      const st = await fs.lstat(`${root}/${r}`);
      if (!st) continue;
      if (st.type === 'dir') {
        out.push({ rel: r, type: 'dir', mode: st.mode });
        await visit(r);
      } else if (st.type === 'file' || st.type === 'symlink') {
        out.push({ rel: r, type: st.type, mode: st.mode });
      }
      // device nodes, fifos and sockets have no place in a source tree: skipped
    }
  };
  await visit('');
  return out;
}

/** sha256 over paths, executable bits, symlink targets and contents. */
export async function digestTree(fs: ProvisionFs, root: string, entries: TreeEntry[]): Promise<string> {
  const h = createHash('sha256');
  for (const e of entries) {
    h.update(`${e.type}\0${e.rel}\0${e.mode & 0o111 ? 'x' : '-'}\0`);
    if (e.type === 'file') h.update(await fs.readBytes(`${root}/${e.rel}`));
    else if (e.type === 'symlink') h.update(await fs.readlink(`${root}/${e.rel}`));
    h.update('\0');
  }
  return h.digest('hex');
}

/** Copy `entries` from `from` into `to` (which is created). */
export async function copyTree(fs: ProvisionFs, from: string, to: string, entries: TreeEntry[]): Promise<void> {
  await fs.mkdir(to, 0o755);
  for (const e of entries) {
    const dest = `${to}/${e.rel}`;
    if (e.type === 'dir') await fs.mkdir(dest, e.mode & 0o777);
    else if (e.type === 'symlink') await fs.symlink(await fs.readlink(`${from}/${e.rel}`), dest);
    else {
      await fs.writeFile(dest, await fs.readBytes(`${from}/${e.rel}`), e.mode & 0o777);
      await fs.chmod(dest, e.mode & 0o777);
    }
  }
}

/** A file of an assembled package: `from` below the source root, `to` below the copy. */
export interface FileMapping {
  from: string;
  to: string;
}

/**
 * sha256 over an assembled file list: the same per-file record as digestTree (path in the
 * copy, executable bit, content), in the order given.
 */
export async function digestFiles(fs: ProvisionFs, root: string, files: readonly FileMapping[]): Promise<string> {
  const h = createHash('sha256');
  for (const f of files) {
    const st = await fs.stat(`${root}/${f.from}`);
    h.update(`file\0${f.to}\0${st && st.mode & 0o111 ? 'x' : '-'}\0`);
    h.update(await fs.readBytes(`${root}/${f.from}`));
    h.update('\0');
  }
  return h.digest('hex');
}

/** Copy an assembled file list from `root` into `to` (created), with the files' modes. */
export async function copyFiles(fs: ProvisionFs, root: string, to: string, files: readonly FileMapping[]): Promise<void> {
  await fs.mkdir(to, 0o755);
  for (const f of files) {
    const dest = `${to}/${f.to}`;
    await fs.mkdir(dest.slice(0, dest.lastIndexOf('/')), 0o755);
    const mode = ((await fs.stat(`${root}/${f.from}`))?.mode ?? 0o644) & 0o777;
    await fs.writeFile(dest, await fs.readBytes(`${root}/${f.from}`), mode);
    await fs.chmod(dest, mode);
  }
}
