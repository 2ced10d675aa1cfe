// SPDX-License-Identifier: MIT
// What the end-to-end runtime tests need from the real addon, and why they skip when it is not
// there: each reason names the missing piece precisely. A failure of a piece that is present is
// a failure, never a skip: only these capability checks and one exact error signature (the
// virtual master's process-data mmap answering ENODEV before its application phase exists) are.
import { fileURLToPath } from 'node:url';
import { loadAddon } from '../../src/binding/load.js';
import { openMaster } from '../../src/binding/open.js';
import { Master } from '../../src/runtime/index.js';

/** examples/<file> as an absolute path. */
export function example(file: string): string {
  return fileURLToPath(new URL(`../../examples/${file}`, import.meta.url));
}

/** Why the end-to-end tests cannot run here, or null when they can. */
export async function e2eSkipReason(): Promise<string | null> {
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
  // The virtual master's application phase: activation maps the process data.
  const master = await Master.open({ sim: example('two-axis.yaml'), simPersist: false, closeOnExit: false });
  try {
    const configured = await master.configure(example('bus-two-axis.yaml'));
    configured.activate();
  } catch (err) {
    const e = err as { code?: string; syscall?: string; message: string };
    if (e.code === 'ENODEV' && /mmap/.test(e.message)) return `the virtual master has no application phase yet (activate: ${e.message})`;
    throw err;
  } finally {
    master.close();
  }
  return null;
}
