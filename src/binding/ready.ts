// SPDX-License-Identifier: MIT
// Ready before open (issue "Provisioning", item 3): before the runtime or a CLI command opens
// /dev/EtherCAT<N>, the provisioning module's readiness check runs (module DKMS-installed and
// loaded, device present and writable, ABI supported). By default a missing piece becomes an
// EtherCATError NOT_READY that lists each piece with the exact command that fixes it; with
// `ensure` (explicit opt-in) the missing pieces are provisioned first, as root, from the
// settings `ecat provision` saved. The virtual master and an explicit --device skip it.
import { checkReady, ensureReady, nodeDeps, notReadyError, type AbiProbeResult, type ReadyReport } from '../provision/index.js';
import { EtherCATError } from './errors.js';
import { loadAddon } from './load.js';
import { openMaster, type MasterHandle, type OpenMasterOptions } from './open.js';

export interface ReadyOpenOptions extends OpenMasterOptions {
  /** Provision what is missing (root only) before opening. Default false: explain instead. */
  ensure?: boolean;
}

/** EC_IOCTL_MODULE through the addon, for the readiness check's ABI line. */
export async function probeAbi(path: string): Promise<AbiProbeResult> {
  try {
    const m = loadAddon().openDevice(path, { mode: 'ro' });
    try {
      return { status: 'supported', magic: m.detection.magic, abi: m.detection.abi.id };
    } finally {
      m.close();
    }
  } catch (err) {
    const e = err as Error & { ecatCode?: string; magic?: number };
    if (e.ecatCode === 'ABI_UNSUPPORTED' || e.ecatCode === 'ABI_MISMATCH') {
      return { status: 'unsupported', ...(e.magic !== undefined ? { magic: e.magic } : {}), message: e.message };
    }
    return { status: 'unknown', message: e.message };
  }
}

/**
 * What provisioning needs from the runtime side, injected (src/provision never imports the
 * runtime): the ABI probe, and for `--virtual` the topology image and the addon's kernel
 * control calls. The CLI's provision/doctor commands and the ready-before-open path share it.
 */
export const addonProvisionDeps = {
  probeAbi,
  vbus: {
    image: async (file: string): Promise<Uint8Array> => {
      const t = await import('../topology/index.js');
      return t.buildImage(t.loadTopology(file));
    },
    addon: async () => loadAddon(),
  },
};

function notReady(report: ReadyReport): EtherCATError {
  return new EtherCATError(notReadyError(report).message, {
    code: 'NOT_READY',
    path: report.device,
    hint: "Run 'ecat doctor' for the full picture, or 'sudo ecat --ensure <command>' to provision from the saved settings; '--sim <topology>' uses the virtual master instead.",
  });
}

/** Open a master after the readiness check (real masters by index only). */
export async function openMasterReady(options: ReadyOpenOptions = {}): Promise<MasterHandle> {
  if (options.sim || options.device !== undefined) return openMaster(options);
  const master = options.master ?? 0;
  const deps = nodeDeps(addonProvisionDeps);
  if (options.ensure) {
    await ensureReady({ master, provisionIfMissing: true, deps });
  } else {
    const report = await checkReady({ master, deps });
    if (!report.ready) throw notReady(report);
  }
  return openMaster(options);
}
