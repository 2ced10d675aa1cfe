#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Builds the guest's initramfs for the VM suite: busybox (static), /init (guest-init.sh) and
// the modules the init needs before it can reach the host's root (virtio, 9p) and make /etc
// writable (overlay), from the guest kernel, with modules.dep from `depmod -b`. ecat_vbus.ko
// is not in it: `ecat provision --virtual` loads the DKMS-installed copy in the guest, from
// the host root's /lib/modules/<kver>. The module closure comes from the guest kernel's own
// /lib/modules/<kver> through `modprobe -S <kver> --show-depends` (one call per module:
// further names would be taken as module parameters). Packed with cpio (newc) + gzip.
// The result is cached under .cache/vm/ by a hash of every input.
//
// Command: node scripts/vm/build-initramfs.mjs --kernel KVER [--out FILE]
// Module:  buildInitramfs({ kver, cacheDir }) -> { path, cached, seconds, bytes }
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
export const GUEST_MODULES = ['virtio_pci', '9pnet_virtio', '9p', 'overlay'];
export const BUSYBOX = '/bin/busybox';

/** True when `path` is an ELF executable without a program interpreter (statically linked). */
export function isStaticElf(path) {
  let b;
  try {
    b = readFileSync(path);
  } catch {
    return false;
  }
  if (b.length < 64 || b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2 || b[5] !== 1) return false; // ELF64 LE only
  const phoff = Number(b.readBigUInt64LE(32));
  const phentsize = b.readUInt16LE(54);
  const phnum = b.readUInt16LE(56);
  for (let i = 0; i < phnum; i++) {
    const off = phoff + i * phentsize;
    if (off + 4 > b.length) return false;
    if (b.readUInt32LE(off) === 3) return false; // PT_INTERP: dynamically linked
  }
  return true;
}

/** The .ko files (absolute) `modprobe -S kver --show-depends name` lists for each name. */
export function moduleClosure(kver, names) {
  const files = [];
  for (const name of names) {
    const r = spawnSync('modprobe', ['-S', kver, '--show-depends', name], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`modprobe -S ${kver} --show-depends ${name}: ${(r.stderr || '').trim() || `exit ${r.status}`}`);
    for (const line of r.stdout.split('\n')) {
      const m = /^insmod (\S+)/.exec(line.trim());
      if (m && !files.includes(m[1])) files.push(m[1]);
    }
  }
  return files;
}

function listTree(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      out.push(relative(dir, p));
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

export function buildInitramfs({ kver, cacheDir = join(here, '..', '..', '.cache', 'vm'), init = join(here, 'guest-init.sh') }) {
  const t0 = Date.now();
  if (!isStaticElf(BUSYBOX)) throw new Error(`${BUSYBOX} is missing or not statically linked (install busybox-static)`);
  const kos = moduleClosure(kver, GUEST_MODULES);
  const hash = createHash('sha256').update(kver).update('\0');
  for (const f of [init, BUSYBOX, ...kos]) hash.update(f).update('\0').update(readFileSync(f)).update('\0');
  const key = hash.digest('hex').slice(0, 16);
  mkdirSync(cacheDir, { recursive: true });
  const out = join(cacheDir, `initramfs-${kver}-${key}.cpio.gz`);
  if (existsSync(out)) return { path: out, cached: true, seconds: (Date.now() - t0) / 1000, bytes: statSync(out).size };

  const stage = mkdtempSync(join(tmpdir(), 'ecat-initramfs-'));
  try {
    for (const d of ['bin', 'sbin', 'dev', 'proc', 'sys', 'run', 'mnt/host', 'etc']) mkdirSync(join(stage, d), { recursive: true });
    copyFileSync(BUSYBOX, join(stage, 'bin', 'busybox'));
    chmodSync(join(stage, 'bin', 'busybox'), 0o755);
    copyFileSync(init, join(stage, 'init'));
    chmodSync(join(stage, 'init'), 0o755);
    const modRoot = `/lib/modules/${kver}/`;
    for (const ko of kos) {
      if (!ko.startsWith(modRoot)) throw new Error(`${ko} is outside ${modRoot}`);
      const to = join(stage, ko);
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(ko, to);
    }
    for (const f of ['modules.builtin', 'modules.order', 'modules.builtin.modinfo']) {
      const p = join(modRoot, f);
      if (existsSync(p)) copyFileSync(p, join(stage, 'lib', 'modules', kver, f));
    }
    const d = spawnSync('depmod', ['-b', stage, kver], { encoding: 'utf8' });
    if (d.status !== 0) throw new Error(`depmod -b ${stage} ${kver}: ${d.stderr}`);
    const list = `${listTree(stage).join('\n')}\n`;
    const c = spawnSync('cpio', ['--quiet', '-o', '-H', 'newc', '-R', '0:0'], { cwd: stage, input: list, maxBuffer: 256 << 20 });
    if (c.status !== 0) throw new Error(`cpio: ${c.stderr}`);
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, gzipSync(c.stdout, { level: 6 }));
    renameSync(tmp, out);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  // Keep the cache small: older images of this kernel go.
  for (const f of readdirSync(cacheDir)) {
    if (f.startsWith(`initramfs-${kver}-`) && f !== out.split('/').pop()) rmSync(join(cacheDir, f), { force: true });
  }
  return { path: out, cached: false, seconds: (Date.now() - t0) / 1000, bytes: statSync(out).size };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (n) => {
    const i = args.indexOf(n);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const kver = opt('--kernel');
  if (!kver) {
    console.error('usage: node scripts/vm/build-initramfs.mjs --kernel KVER [--out FILE]');
    process.exit(2);
  }
  const r = buildInitramfs({ kver });
  if (opt('--out')) copyFileSync(r.path, opt('--out'));
  console.log(`initramfs: ${opt('--out') ?? r.path} (${(r.bytes / 1024).toFixed(0)} KiB, ${r.cached ? 'cached' : `${r.seconds.toFixed(1)} s`})`);
}
