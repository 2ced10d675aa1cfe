// SPDX-License-Identifier: MIT
// The preflight of `ecat provision --virtual`: the node and the options looked at together,
// before anything changes. The package is the project's own kernel module, assembled from the
// installed ecat package (package.ts); the rest is the IgH flow's: root, running and target
// kernel, dkms, headers and compiler when something must be built. The IgH master must not be
// loaded when ecat_vbus is to be (both own the device class EtherCAT).
import { detectDkms, type DkmsInfo } from '../detect/dkms.js';
import { runningKernel } from '../detect/kernel.js';
import { isLoaded } from '../detect/modules.js';
import { osFamily } from '../detect/os.js';
import type { DkmsPackage } from '../dkms/package.js';
import { ProvisionError } from '../errors.js';
import type { ResolvedOptions, VirtualOptions } from '../options.js';
import { buildPrerequisites, missing, probeOf, requireRoot } from '../preflight.js';
import { asRoot } from '../quote.js';
import type { Session } from '../session.js';
import { packageRootOf, vbusPackage, VBUS_MODULE } from './package.js';
import { vbusParams } from './module.js';

/** The topology loaded when --topology is not given (docs/provisioning.md). */
export const DEFAULT_TOPOLOGY = 'examples/io-rack.yaml';

export interface VbusPlan {
  opts: ResolvedOptions;
  virtual: VirtualOptions;
  kernel: string;
  runningKernel: string;
  arch: string;
  dkms: DkmsInfo;
  pkg: DkmsPackage;
  /** Load the module, wait for the devices and load the topology in this run. */
  load: boolean;
  noLoadReason: string;
  /** Absolute path of the topology file. */
  topology: string;
  topologyIsDefault: boolean;
  blockers: string[];
}

export async function preflightVirtual(s: Session, opts: ResolvedOptions, virtual: VirtualOptions): Promise<{ plan: VbusPlan; detail: string }> {
  const probe = probeOf(s);
  const isRoot = requireRoot(s);
  const blockers: string[] = [];
  const running = await runningKernel(probe);
  const kernel = opts.kernel ?? running;
  const arch = s.deps.machine();
  const family = await osFamily(probe);
  const dkms = await detectDkms(probe);
  const pkg = await vbusPackage(s.deps.fs, s.deps.templateDir);

  const root = packageRootOf(s.deps.templateDir);
  const topology = virtual.topology ?? `${root}/${DEFAULT_TOPOLOGY}`;
  if ((virtual.topology !== null || opts.load) && (await s.deps.fs.stat(topology))?.type !== 'file') {
    throw new ProvisionError(
      virtual.topology !== null ? 'USAGE' : 'TOPOLOGY_FAILED',
      `The topology file ${topology} does not exist.`,
      virtual.topology !== null ? 'Give an existing topology file with --topology FILE (the package has examples in examples/).' : `The ecat package at ${root} has no ${DEFAULT_TOPOLOGY}; give one with --topology FILE.`,
    );
  }

  let load = opts.load;
  let noLoadReason = '';
  if (!opts.load) noLoadReason = 'not loading (--no-load)';
  else if (kernel !== running) {
    load = false;
    noLoadReason = `target kernel ${kernel} is not running (running: ${running}); the module loads after booting it`;
  }

  await buildPrerequisites(s, { pkg, kernel, dkms, rebuild: opts.rebuild, family, isRoot, autotools: false, blockers });

  if (load && (await isLoaded(probe, 'ec_master'))) {
    missing(
      s,
      blockers,
      new ProvisionError(
        'MODULE_CONFLICT',
        `ec_master (the IgH EtherCAT master) is loaded; ${VBUS_MODULE} cannot be loaded beside it: both create the device class EtherCAT and /dev/EtherCAT<N>.`,
        `Close the applications using /dev/EtherCAT* and unload the IgH master (${asRoot(['modprobe', '-r', 'ec_generic', 'ec_master'], isRoot)}, and any other ec_ driver), or add --no-load to only build and install.`,
      ),
    );
  }

  const plan: VbusPlan = { opts, virtual, kernel, runningKernel: running, arch, dkms, pkg, load, noLoadReason, topology, topologyIsDefault: virtual.topology === null, blockers };
  const parts = [`kernel ${kernel}${kernel === running ? ' (running)' : ` (running: ${running})`}`];
  parts.push(dkms.present ? `dkms ${dkms.version || '(version unknown)'}` : 'dkms missing');
  parts.push(`package ${pkg.name}/${pkg.version} from ${pkg.sourceDir ?? root} (${pkg.files?.length ?? 0} files)`);
  if (load) {
    const current = await vbusParams(probe);
    const params = [virtual.masters !== null ? `masters=${virtual.masters}` : '', virtual.abi !== null ? `abi=${virtual.abi}` : ''].filter(Boolean).join(' ');
    parts.push(`load ${VBUS_MODULE}${params ? ` ${params}` : ''}${current ? ` (loaded: masters=${current.masters} abi=${current.abi})` : ''}`);
    parts.push(`topology ${topology}${virtual.topology === null ? ' (default)' : ''}`);
  } else if (noLoadReason) {
    parts.push(noLoadReason);
  }
  return { plan, detail: parts.join('; ') };
}
