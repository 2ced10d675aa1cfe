// SPDX-License-Identifier: MIT
// What the end-to-end runtime tests need from the real addon, and why they skip when it is not
// there: each reason names the missing piece precisely. A failure of a piece that is present is
// a failure, never a skip: only these capability checks and two exact error signatures of a
// virtual master without its application phase (an application request answered with
// EOPNOTSUPP, or the process-data mmap answered with ENODEV) are.
import { fileURLToPath } from 'node:url';
import { loadAddon } from '../../src/binding/load.js';
import { openMaster } from '../../src/binding/open.js';
import { Master } from '../../src/runtime/index.js';

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
  let native;
  try {
    native = openMaster({ sim: example('two-axis.yaml'), simPersist: false });
  } catch (err) {
    return `the virtual master does not open (${(err as Error).message})`;
  }
  try {
    if (typeof (native as unknown as { startCycle?: unknown }).startCycle !== 'function') {
      return 'this addon build has no application runtime yet (NativeApplication.startCycle missing: native/runtime + native/addon/runtime_wrap not built in)';
    }
    if (typeof (addon as unknown as { sharedLayout?: unknown }).sharedLayout !== 'object') {
      return 'this addon build does not export sharedLayout (native/addon/runtime_wrap)';
    }
  } finally {
    native.close();
  }
  return null;
}

/** Why the end-to-end tests cannot run here, or null when they can. */
export async function e2eSkipReason(): Promise<string | null> {
  const addon = addonSkipReason();
  if (addon) return addon;
  // The virtual master's application phase: it answers the application requests and maps the
  // process data.
  const master = await Master.open({ sim: example('two-axis.yaml'), simPersist: false, closeOnExit: false });
  try {
    const configured = await master.configure(example('bus-two-axis.yaml'));
    configured.activate();
  } catch (err) {
    const e = err as { code?: string; errno?: number; request?: string; message: string; cause?: { request?: string } };
    const request = e.request ?? e.cause?.request;
    if (e.errno === -95) return `the virtual master answers ${request ?? 'application requests'} with EOPNOTSUPP (its application phase has not landed)`;
    if (e.code === 'ENODEV' && /mmap/.test(e.message)) return `the virtual master cannot map process data yet (activate: ${e.message})`;
    throw err;
  } finally {
    master.close();
  }
  return null;
}
