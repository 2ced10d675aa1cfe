#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Assembles the source tree of ecat_vbus.ko, the project's own kernel module, in the layout
// DKMS builds (/usr/src/ecat-vbus-<version>/):
//
//   <dest>/dkms.conf            rendered from dkms/ecat-vbus/dkms.conf.in
//   <dest>/VERSION              the package version (Kbuild puts it into MODULE_VERSION)
//   <dest>/Kbuild, Makefile, *.c, *.h, uapi/, LICENSE, README.md    from kernel/
//   <dest>/native/portable/ecat_port.h                              the port header
//   <dest>/native/igh/*.{c,h}, native/vbus/*.{c,h}                  the core, unchanged
//
// The core's relative includes ("../portable/ecat_port.h") keep working because native/
// keeps its shape. Usable as a command (node scripts/vm/assemble-source.mjs DEST) and as a
// module (assembleVbusSource) for `ecat provision --virtual`.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_NAME = 'ecat-vbus';
export const MODULE_NAME = 'ecat_vbus';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** package.json's version, checked like a dkms package version. */
export function packageVersion(root = repoRoot) {
  const v = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  if (typeof v !== 'string' || !/^[0-9A-Za-z][0-9A-Za-z.+~_-]{0,47}$/.test(v)) throw new Error(`package.json version '${v}' is not a valid dkms version`);
  return v;
}

/** Render dkms/ecat-vbus/dkms.conf.in ("##" lines dropped, {{NAME}} filled). */
export function renderDkmsConf(root, version) {
  const template = readFileSync(join(root, 'dkms', 'ecat-vbus', 'dkms.conf.in'), 'utf8');
  const values = { PACKAGE_NAME, PACKAGE_VERSION: version };
  const lines = [];
  for (const line of template.split('\n')) {
    if (line.startsWith('##')) continue;
    lines.push(line.replace(/\{\{([A-Z_]+)\}\}/g, (_m, key) => {
      if (!(key in values)) throw new Error(`dkms.conf.in: placeholder {{${key}}} has no value`);
      return values[key];
    }));
  }
  const text = lines.join('\n');
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** The files of the tree: [source path, path inside the tree], in a stable order. */
export function sourceFiles(root = repoRoot) {
  const out = [];
  const walk = (dir, into, accept) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p, join(into, name), accept);
      else if (st.isFile() && accept(name)) out.push([p, join(into, name)]);
    }
  };
  // kernel/: sources and build files; never build products of a stray in-place build.
  walk(join(root, 'kernel'), '.', (n) => /\.(c|h|md)$/.test(n) || n === 'Kbuild' || n === 'Makefile' || n === 'LICENSE');
  const code = (n) => /\.[ch]$/.test(n);
  out.push([join(root, 'native', 'portable', 'ecat_port.h'), join('native', 'portable', 'ecat_port.h')]);
  walk(join(root, 'native', 'igh'), join('native', 'igh'), code);
  walk(join(root, 'native', 'vbus'), join('native', 'vbus'), code);
  return out;
}

/**
 * Write the tree into `dest` (emptied first). Returns what a DKMS flow needs: the version,
 * the dkms.conf text, the module list, and a hash of everything in the tree (to tell whether
 * an installed copy is current).
 */
export function assembleVbusSource({ dest, root = repoRoot, version = packageVersion(root), dkmsConf = true }) {
  const files = sourceFiles(root);
  const conf = renderDkmsConf(root, version);
  const hash = createHash('sha256');
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  for (const [src, rel] of files) {
    const to = join(dest, rel);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(src, to);
    hash.update(rel).update('\0').update(readFileSync(src)).update('\0');
  }
  writeFileSync(join(dest, 'VERSION'), `${version}\n`);
  hash.update('VERSION\0').update(version);
  if (dkmsConf) {
    writeFileSync(join(dest, 'dkms.conf'), conf);
    hash.update('dkms.conf\0').update(conf);
  }
  const digest = hash.digest('hex');
  writeFileSync(join(dest, '.ecat-source-hash'), `${digest}\n`);
  return {
    name: PACKAGE_NAME,
    version,
    dest,
    dkmsConf: conf,
    modules: [{ name: MODULE_NAME, location: '.' }],
    files: files.map(([, rel]) => rel),
    hash: digest,
  };
}

/** The hash assembleVbusSource would write, without writing anything. */
export function sourceHash({ root = repoRoot, version = packageVersion(root), dkmsConf = true } = {}) {
  const hash = createHash('sha256');
  for (const [src, rel] of sourceFiles(root)) hash.update(rel).update('\0').update(readFileSync(src)).update('\0');
  hash.update('VERSION\0').update(version);
  if (dkmsConf) hash.update('dkms.conf\0').update(renderDkmsConf(root, version));
  return hash.digest('hex');
}

/** The hash recorded in an assembled tree, or null. */
export function recordedHash(dir) {
  const p = join(dir, '.ecat-source-hash');
  return existsSync(p) ? readFileSync(p, 'utf8').trim() : null;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dest = args.find((a) => !a.startsWith('--'));
  if (!dest) {
    console.error('usage: node scripts/vm/assemble-source.mjs DEST [--no-dkms-conf]');
    process.exit(2);
  }
  const r = assembleVbusSource({ dest: resolve(dest), dkmsConf: !args.includes('--no-dkms-conf') });
  console.log(`${r.name} ${r.version}: ${r.files.length} files in ${relative(process.cwd(), r.dest) || '.'} (hash ${r.hash.slice(0, 12)})`);
}
