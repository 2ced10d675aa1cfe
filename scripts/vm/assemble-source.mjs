#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Assembles the source tree of ecat_vbus.ko into DEST, for building the module by hand
// (make -C DEST KERNELRELEASE=<kver> KDIR=/lib/modules/<kver>/build). The layout is the one
// `ecat provision --virtual` gives /usr/src/ecat-vbus-<version>/ for DKMS, and so are the
// rules: this script only applies them, from the built provisioning module
// (dist/provision/vbus/package.js, src/provision/vbus/package.ts):
//
//   DEST/Kbuild, Makefile, *.c, *.h, uapi/, LICENSE, README.md    from kernel/
//   DEST/native/portable/ecat_port.h                              the port header
//   DEST/native/igh/*.{c,h}, native/vbus/*.{c,h}                  the core, unchanged
//   DEST/VERSION, DEST/dkms.conf                                  package.json's version; dkms/ecat-vbus/dkms.conf.in
//
// DEST is emptied first. Usage: node scripts/vm/assemble-source.mjs DEST [--no-dkms-conf]
// (after npm run compile:ts).
import { existsSync } from 'node:fs';
import { relative, resolve, join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main() {
  const args = process.argv.slice(2);
  const dest = args.find((a) => !a.startsWith('--'));
  if (!dest) {
    console.error('usage: node scripts/vm/assemble-source.mjs DEST [--no-dkms-conf]');
    return 2;
  }
  const built = join(root, 'dist', 'provision', 'vbus', 'package.js');
  if (!existsSync(built)) {
    console.error(`${built} is missing: build the TypeScript first (npm run compile:ts)`);
    return 1;
  }
  const { vbusPackage } = await import(pathToFileURL(built).href);
  const { nodeFs, packageTemplateDir } = await import(pathToFileURL(join(root, 'dist', 'provision', 'real-deps.js')).href);
  const { copyFiles } = await import(pathToFileURL(join(root, 'dist', 'provision', 'files.js')).href);
  const pkg = await vbusPackage(nodeFs, packageTemplateDir());
  const to = resolve(dest);
  await nodeFs.rm(to);
  await copyFiles(nodeFs, pkg.sourceDir, to, pkg.files);
  for (const g of pkg.generated) {
    if (g.path === 'dkms.conf' && args.includes('--no-dkms-conf')) continue;
    await nodeFs.writeFile(join(to, g.path), g.content, 0o644);
  }
  console.log(`${pkg.name} ${pkg.version}: ${pkg.files.length} files in ${relative(process.cwd(), to) || '.'}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`assemble-source: ${err.message}`);
    process.exit(1);
  },
);
