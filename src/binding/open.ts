// SPDX-License-Identifier: MIT
// Opening a master: a real /dev/EtherCAT<N> or the in-process virtual master built from a
// topology file. The CLI and the public API both come through here. Every method of the
// returned handle throws EtherCATError, and close() keeps the virtual bus state for the
// next run (so a value downloaded by one `ecat download` is read back by a later upload).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { NativeMaster } from './native.js';
import { loadAddon } from './load.js';
import { EtherCATError, toEtherCATError } from './errors.js';
import { buildImage, loadTopology } from '../topology/index.js';

export interface OpenMasterOptions {
  /** Master index N of /dev/EtherCAT<N> (default 0). */
  master?: number;
  /** Explicit device path; overrides `master`. */
  device?: string;
  /** Topology file (YAML or JSON): use the virtual master instead of a device. */
  sim?: string;
  /** ABI the virtual master presents (default "1.6"). */
  simAbi?: string;
  /** Virtual master: report this EC_IOCTL_MODULE magic instead (exercises the refusal path). */
  simMagic?: number;
  /** Virtual master: open its device read-only, as a user without write permission would. */
  simReadOnly?: boolean;
  /** Where the virtual master keeps its state between runs (default ECAT_SIM_STATE_DIR or ~/.cache/ecat/sim). */
  simStateDir?: string;
  /** false: start the virtual bus from the topology file, ignoring and then replacing saved state. */
  simPersist?: boolean;
  /** 'rw' needs write access, 'ro' only reads, 'auto' tries write and falls back to read-only. */
  access?: 'rw' | 'ro' | 'auto';
}

/** An open master. Every method throws EtherCATError; close() persists virtual bus state. */
export type MasterHandle = NativeMaster;

/** The device path of master N. */
export function devicePath(master = 0): string {
  return `/dev/EtherCAT${master}`;
}

export function openMaster(options: OpenMasterOptions = {}): MasterHandle {
  const master = options.master ?? 0;
  if (!Number.isInteger(master) || master < 0 || master > 255) {
    throw new EtherCATError(`invalid master index ${master}: expected an integer 0..255`, { code: 'INVALID_ARGUMENT' });
  }
  const addon = loadAddon();
  if (options.sim) return openSim(options, master);
  const path = options.device ?? devicePath(master);
  let native: NativeMaster;
  try {
    native = addon.openDevice(path, { mode: options.access ?? 'auto' });
  } catch (err) {
    throw toEtherCATError(err, { path });
  }
  return guard(native, path, undefined);
}

function openSim(options: OpenMasterOptions, master: number): MasterHandle {
  const addon = loadAddon();
  const file = options.sim as string;
  const topology = loadTopology(file); // throws TopologyError naming file, line and field
  const image = buildImage(topology);
  const statePath = simStatePath(options, file, image);
  let state: Buffer | undefined;
  if (statePath && options.simPersist !== false) {
    try {
      state = readFileSync(statePath);
    } catch {
      state = undefined; // first run, or state cleared
    }
  }
  const path = `sim:${file}`;
  let native: NativeMaster;
  try {
    native = addon.openSim(image, {
      abi: options.simAbi ?? '1.6',
      masterIndex: master,
      writable: !options.simReadOnly,
      ...(options.simMagic !== undefined ? { magicOverride: options.simMagic } : {}),
      ...(state ? { state } : {}),
    });
  } catch (err) {
    throw toEtherCATError(err, { path });
  }
  return guard(native, path, statePath);
}

/** The state file of a topology: keyed by its real path and its content, so an edit starts fresh. */
function simStatePath(options: OpenMasterOptions, file: string, image: Uint8Array): string | undefined {
  const dir = options.simStateDir ?? process.env.ECAT_SIM_STATE_DIR ?? join(homedir(), '.cache', 'ecat', 'sim');
  let real = file;
  try {
    real = realpathSync(file);
  } catch {
    /* loadTopology already reported a missing file */
  }
  const key = createHash('sha256').update(real).update('\0').update(image).digest('hex').slice(0, 32);
  return join(dir, `${key}.state`);
}

function saveState(native: NativeMaster, statePath: string): void {
  const state = native.simState();
  if (!state) return;
  try {
    mkdirSync(join(statePath, '..'), { recursive: true, mode: 0o700 });
    const tmp = `${statePath}.${process.pid}.tmp`;
    writeFileSync(tmp, state, { mode: 0o600 });
    renameSync(tmp, statePath); // atomic: a concurrent reader sees the old or the new state
  } catch {
    /* persistence is a convenience; a read-only home must not break diagnostics */
  }
}

/** Remove the saved state of a topology (`ecat --sim FILE --sim-reset`). */
export function resetSimState(options: OpenMasterOptions): void {
  if (!options.sim) return;
  const image = buildImage(loadTopology(options.sim));
  const p = simStatePath(options, options.sim, image);
  if (p) rmSync(p, { force: true });
}

/**
 * Wrap the native object so every method throws EtherCATError (with the device path, and the
 * slave position where the call has one) and close() persists the virtual bus state.
 */
function guard(native: NativeMaster, path: string, statePath: string | undefined): MasterHandle {
  let closed = false;
  return new Proxy(native, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (prop === 'close') {
        return () => {
          if (closed) return;
          closed = true;
          if (statePath && target.kind === 'sim') saveState(target, statePath);
          target.close();
        };
      }
      return (...args: unknown[]) => {
        const slave = slaveArg(String(prop), args);
        const convert = (err: unknown): EtherCATError =>
          toEtherCATError(err, { path, ...(slave !== undefined ? { slave } : {}) });
        let result: unknown;
        try {
          result = (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (err) {
          throw convert(err);
        }
        // The mailbox calls return Promises: their rejections get the same conversion.
        if (result instanceof Promise) {
          return result.catch((err: unknown) => {
            throw convert(err);
          });
        }
        return result;
      };
    },
  });
}

const slaveMethods = new Set([
  'slave', 'slaveSync', 'slaveSyncPdo', 'slaveSyncPdoEntry', 'slaveSdo', 'slaveSdoEntry', 'sdoUpload',
  'sdoDownload', 'slaveState', 'regRead', 'regWrite', 'siiRead', 'siiWrite',
  'sdoUploadAsync', 'sdoDownloadAsync', 'regReadAsync', 'regWriteAsync', 'siiReadAsync',
]);

function slaveArg(method: string, args: unknown[]): number | undefined {
  return slaveMethods.has(method) && typeof args[0] === 'number' ? args[0] : undefined;
}
