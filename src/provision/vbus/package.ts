// SPDX-License-Identifier: MIT
// The DKMS package of ecat_vbus.ko, the project's own kernel module hosting the virtual master
// (kernel/README.md), assembled from the installed ecat package itself, so `ecat provision
// --virtual` works from npm as well as from a checkout. The tree dkms builds
// (/usr/src/ecat-vbus-<version>/):
//
//   Kbuild, Makefile, *.c, *.h, uapi/, LICENSE, README.md   kernel/'s files, at the root
//   native/portable/ecat_port.h                              the port header
//   native/igh/*.{c,h}, native/vbus/*.{c,h}                  the core, unchanged
//   VERSION                                                  the package version (MODULE_VERSION)
//   dkms.conf                                                from dkms/ecat-vbus/dkms.conf.in
//
// The core's relative includes ("../portable/ecat_port.h") keep working because native/ keeps
// its shape. package.json's "files" ships kernel/, native/ and dkms/.
import type { ProvisionFs } from '../deps.js';
import type { DkmsPackage } from '../dkms/package.js';
import { ProvisionError } from '../errors.js';
import type { FileMapping } from '../files.js';
import { renderTemplate } from '../templates.js';
import { checkPackageName, checkPackageVersion } from '../validate.js';

export const VBUS_PACKAGE = 'ecat-vbus';
export const VBUS_MODULE = 'ecat_vbus';
export const VBUS_TEMPLATE = 'ecat-vbus/dkms.conf.in';

/** The ecat package's root: the parent of its dkms/ template directory. */
export function packageRootOf(templateDir: string): string {
  const t = templateDir.replace(/\/+$/, '');
  return t.slice(0, t.lastIndexOf('/')) || '/';
}

/** package.json's version, checked like a dkms package version. */
export async function ecatVersion(fs: ProvisionFs, root: string): Promise<string> {
  const text = await fs.readText(`${root}/package.json`);
  if (text === null) throw new ProvisionError('NO_SOURCE', `${root}/package.json is missing: cannot tell the version of the ecat package.`);
  let version: unknown;
  try {
    version = (JSON.parse(text) as { version?: unknown }).version;
  } catch (err) {
    throw new ProvisionError('NO_SOURCE', `${root}/package.json is not valid JSON (${(err as Error).message}).`);
  }
  return checkPackageVersion(String(version ?? ''));
}

/** kernel/'s files that belong to the module's tree (never build products of a stray in-place build). */
function kernelFile(name: string): boolean {
  if (name.startsWith('.') || name.endsWith('.mod.c')) return false;
  return /\.(c|h|md)$/.test(name) || name === 'Kbuild' || name === 'Makefile' || name === 'LICENSE';
}

/** The core's sources. */
function codeFile(name: string): boolean {
  return !name.startsWith('.') && /\.[ch]$/.test(name);
}

/** Files below `dir` (relative to `root`) that `accept` takes, sorted, subdirectories included. */
async function walk(fs: ProvisionFs, root: string, dir: string, accept: (name: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  const names = (await fs.readdir(`${root}/${dir}`)).sort();
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const rel = `${dir}/${name}`;
    const st = await fs.stat(`${root}/${rel}`);
    if (st?.type === 'dir') out.push(...(await walk(fs, root, rel, accept)));
    else if (st?.type === 'file' && accept(name)) out.push(rel);
  }
  return out;
}

/**
 * The files of the module's tree, as { from (below the ecat package root), to (below
 * /usr/src/ecat-vbus-<version>) }, in a stable order. Refuses a package without the sources.
 */
export async function vbusSourceFiles(fs: ProvisionFs, root: string): Promise<FileMapping[]> {
  const need = ['kernel/Kbuild', 'kernel/Makefile', 'native/portable/ecat_port.h', 'native/vbus/vbus.h'];
  const missing: string[] = [];
  for (const p of need) if ((await fs.stat(`${root}/${p}`))?.type !== 'file') missing.push(p);
  if (missing.length > 0) {
    throw new ProvisionError(
      'NO_SOURCE',
      `The ecat package at ${root} has no sources for the virtual master's kernel module: missing ${missing.join(', ')}.`,
      "Install ecat from npm (its package ships kernel/ and native/) or run from a complete checkout.",
      { root, missing },
    );
  }
  const files: FileMapping[] = [];
  for (const from of await walk(fs, root, 'kernel', kernelFile)) files.push({ from, to: from.slice('kernel/'.length) });
  files.push({ from: 'native/portable/ecat_port.h', to: 'native/portable/ecat_port.h' });
  for (const sub of ['native/igh', 'native/vbus']) {
    if ((await fs.stat(`${root}/${sub}`))?.type !== 'dir') continue;
    for (const from of await walk(fs, root, sub, codeFile)) files.push({ from, to: from });
  }
  return files;
}

/** The module's dkms.conf (dkms/ecat-vbus/dkms.conf.in). */
export function renderVbusDkmsConf(templateDir: string, name: string, version: string): string {
  const text = renderTemplate(templateDir, VBUS_TEMPLATE, { PACKAGE_NAME: checkPackageName(name), PACKAGE_VERSION: checkPackageVersion(version) });
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** The DKMS package of ecat_vbus.ko from the ecat package whose dkms/ is `templateDir`. */
export async function vbusPackage(fs: ProvisionFs, templateDir: string): Promise<DkmsPackage> {
  const root = packageRootOf(templateDir);
  const version = await ecatVersion(fs, root);
  const files = await vbusSourceFiles(fs, root);
  return {
    kind: 'vbus',
    name: VBUS_PACKAGE,
    version,
    sourceDir: root,
    files,
    generated: [
      { path: 'VERSION', content: `${version}\n` },
      { path: 'dkms.conf', content: renderVbusDkmsConf(templateDir, VBUS_PACKAGE, version) },
    ],
    modules: [{ name: VBUS_MODULE, location: '.' }],
  };
}
