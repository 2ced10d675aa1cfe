// SPDX-License-Identifier: MIT
// Loads the native addon. node-gyp-build finds both prebuildify's prebuilds/ and a local
// build/Release. ECAT_NATIVE_PATH points at a specific .node file (bundlers, tests). A
// failed load becomes an EtherCATError that says why and what to do.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NativeAddon } from './native.js';
import { EtherCATError } from './errors.js';

const require = createRequire(import.meta.url);

/** The package root: two levels above this file in both src/ and dist/. */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let cached: NativeAddon | undefined;
let loadedFrom: string | undefined;

/** Where the addon was loaded from (after loadAddon()), for `ecat version` and `ecat doctor`. */
export function addonPath(): string | undefined {
  return loadedFrom;
}

export function loadAddon(): NativeAddon {
  if (cached) return cached;
  const explicit = process.env.ECAT_NATIVE_PATH;
  try {
    if (explicit) {
      cached = require(explicit) as NativeAddon;
      loadedFrom = explicit;
    } else {
      const gypBuild = require('node-gyp-build') as { (dir: string): unknown; resolve?: (dir: string) => string };
      loadedFrom = gypBuild.resolve ? gypBuild.resolve(packageRoot) : packageRoot;
      cached = gypBuild(packageRoot) as NativeAddon;
    }
    return cached;
  } catch (err) {
    throw new EtherCATError(`cannot load the ecat native addon: ${(err as Error).message}`, {
      code: 'ADDON_LOAD',
      hint: loadHint(err as Error, explicit),
      cause: err,
    });
  }
}

function loadHint(err: Error, explicit: string | undefined): string {
  const msg = err.message;
  if (explicit) return `ECAT_NATIVE_PATH is set to ${explicit}; unset it or point it at a built ecat.node.`;
  if (process.platform !== 'linux') return `ecat supports Linux only (this is ${process.platform}).`;
  if (/GLIBC|GLIBCXX|CXXABI/.test(msg))
    return 'The prebuilt binary needs a newer C/C++ runtime than this system has. Rebuild from source: npm rebuild ecat --build-from-source (needs python3, make and g++).';
  if (/No native build was found|Cannot find module/.test(msg)) {
    const built = existsSync(join(packageRoot, 'build', 'Release', 'ecat.node'));
    return built
      ? 'A local build exists but could not be loaded; run npm rebuild ecat.'
      : 'No prebuilt binary matches this platform and no local build exists. Build it: npm rebuild ecat (needs python3, make and g++).';
  }
  return 'Rebuild the addon with npm rebuild ecat; if that fails, see docs/troubleshooting.md.';
}
