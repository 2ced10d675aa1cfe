// SPDX-License-Identifier: MIT
// Opening a master: a real /dev/EtherCAT<N> or the in-process virtual master built from a
// topology file. The CLI and the public API both come through here.
import type { NativeMaster } from './native.js';

export interface OpenMasterOptions {
  /** Master index N of /dev/EtherCAT<N> (default 0). */
  master?: number;
  /** Explicit device path; overrides `master`. */
  device?: string;
  /** Topology file (YAML or JSON): use the virtual master instead of a device. Also ECAT_SIM. */
  sim?: string;
  /** ABI the virtual master presents (default "1.6"). */
  simAbi?: string;
  /** Where the virtual master keeps its state between runs (default: per-user cache dir). */
  simStateDir?: string;
  /** 'rw' needs write access, 'ro' only reads, 'auto' tries write and falls back to read-only. */
  access?: 'rw' | 'ro' | 'auto';
}

/** An open master. Errors from its methods are EtherCATError. close() persists sim state. */
export type MasterHandle = NativeMaster;

export function openMaster(_options: OpenMasterOptions): MasterHandle {
  throw new Error('openMaster: not implemented yet');
}
