// SPDX-License-Identifier: MIT
// What the end-to-end runtime tests need from the real addon, and why they skip when it is not
// there: an addon that is not built, or a build without the application runtime. Each reason
// names the missing piece; a failure of a piece that is present is a failure, never a skip.
import { fileURLToPath } from 'node:url';
import { loadAddon } from '../../src/binding/load.js';
import { openMaster } from '../../src/binding/open.js';

/** examples/<file> as an absolute path. */
export function example(file: string): string {
  return fileURLToPath(new URL(`../../examples/${file}`, import.meta.url));
}

/** Why tests of the addon's runtime exports cannot run here, or null when they can. */
export function addonSkipReason(): string | null {
  let addon;
  try {
    addon = loadAddon();
  } catch (err) {
    return `the native addon is not built (${(err as Error).message.split('\n')[0]})`;
  }
  const native = openMaster({ sim: example('two-axis.yaml'), simPersist: false });
  try {
    if (typeof (native as unknown as { startCycle?: unknown }).startCycle !== 'function') {
      return 'this addon build is older than the application runtime (NativeApplication.startCycle missing): rebuild it (npm run compile:native)';
    }
    if (typeof (addon as unknown as { sharedLayout?: unknown }).sharedLayout !== 'object') {
      return 'this addon build is older than the application runtime (no sharedLayout export): rebuild it (npm run compile:native)';
    }
  } finally {
    native.close();
  }
  return null;
}

/**
 * Why the end-to-end tests cannot run here, or null when they can. Only a missing or old addon
 * build is a reason; the virtual master's application phase is part of every build now, so a
 * failure there fails the tests.
 */
export async function e2eSkipReason(): Promise<string | null> {
  return addonSkipReason();
}
