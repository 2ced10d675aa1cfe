// SPDX-License-Identifier: MIT
// The last part of `ecat provision --virtual`: load the topology into each master of
// ecat_vbus.ko through the module's control request (ECAT_VBUS_IOCTL_LOAD, the addon's
// vbusKernelLoad), so the master has a bus. The topology loader and the addon belong to the
// runtime, which provisioning never imports: the caller injects them (ProvisionDeps.vbus).
//
// A load gives the bus a fresh state (AL states, SDO values), so it must not happen again
// when nothing changed. The module cannot say which image it holds, so each load is
// recorded in /run/ecat/vbus-EtherCAT<N>.json (tmpfs: gone with a reboot, like the module's
// state): the image's sha256 and the module's load counter right after the load. The
// topology counts as loaded when the module (ECAT_VBUS_IOCTL_INFO) reports a loaded image of
// the same size and slave count and the same load counter as recorded, and the recorded
// digest is that of the image the file gives now. Any other load (another topology, a module
// reload) changes the counter, so the topology is loaded again.
import { createHash } from 'node:crypto';
import type { VbusDeps, VbusKernelInfo, VbusKernelLoadResult } from '../deps.js';
import { devicePathFor } from '../detect/devices.js';
import { ProvisionError } from '../errors.js';
import type { Session } from '../session.js';

export const TOPOLOGY_STATE_DIR = '/run/ecat';

/** Where the load of master N is recorded. */
export function topologyRecordPath(master: number): string {
  return `${TOPOLOGY_STATE_DIR}/vbus-EtherCAT${master}.json`;
}

interface TopologyRecord {
  device: string;
  topology: string;
  digest: string;
  imageSize: number;
  slaveCount: number;
  loads: number;
}

interface VbusAddon {
  vbusKernelLoad(path: string, image: Uint8Array): VbusKernelLoadResult;
  vbusKernelInfo(path: string): VbusKernelInfo;
}

function parseRecord(text: string | null): TopologyRecord | null {
  if (text === null) return null;
  try {
    const r = JSON.parse(text) as Partial<TopologyRecord>;
    if (typeof r.digest !== 'string' || typeof r.loads !== 'number' || typeof r.imageSize !== 'number' || typeof r.slaveCount !== 'number') return null;
    return { device: String(r.device ?? ''), topology: String(r.topology ?? ''), digest: r.digest, imageSize: r.imageSize, slaveCount: r.slaveCount, loads: r.loads };
  } catch {
    return null;
  }
}

function failed(message: string, hint?: string, details: Record<string, unknown> = {}): ProvisionError {
  return new ProvisionError('TOPOLOGY_FAILED', message, hint, details);
}

/** The addon with the module's control requests, or an error that says what is missing. */
async function vbusAddon(vbus: VbusDeps): Promise<VbusAddon> {
  let addon: unknown;
  try {
    addon = await vbus.addon();
  } catch (err) {
    throw failed(`The native addon, which loads the topology, cannot be loaded: ${(err as Error).message}`, 'Rebuild it: npm rebuild ecat.');
  }
  const a = addon as Partial<VbusAddon> | null;
  if (!a || typeof a.vbusKernelLoad !== 'function' || typeof a.vbusKernelInfo !== 'function') {
    throw failed('The native addon has no vbusKernelLoad/vbusKernelInfo (it was built before the kernel module existed).', 'Rebuild it: npm rebuild ecat (npm run compile:native in a checkout).');
  }
  return a as VbusAddon;
}

/** The message and errno of what the addon threw. */
function addonError(err: unknown): { message: string; errno: number | undefined; code: string | undefined } {
  const e = err as Error & { errno?: number; ecatCode?: string; code?: string };
  return { message: e?.message ?? String(err), errno: typeof e?.errno === 'number' ? Math.abs(e.errno) : undefined, code: e?.ecatCode ?? e?.code };
}

export interface TopologyInput {
  /** Absolute path of the topology file. */
  file: string;
  /** Masters to load it into: /dev/EtherCAT0 .. /dev/EtherCAT<count-1>. */
  count: number;
  /** No loader wired in: warn and leave the bus as it is (ensureReady), instead of failing. */
  optional: boolean;
}

/** Load the topology into every master that does not hold it yet. */
export async function loadTopologies(s: Session, input: TopologyInput): Promise<string> {
  const vbus = s.deps.vbus;
  if (!vbus) {
    if (!input.optional) throw failed('No topology loader is wired in (ProvisionDeps.vbus): provisioning does not load the runtime itself.', "The ecat CLI wires it: run 'ecat provision --virtual'.");
    s.warn(`the topology ${input.file} was not loaded: no topology loader is wired in here; the master has no slaves until 'ecat provision --ensure' loads it`);
    return 'not loaded (no topology loader wired in)';
  }
  let image: Uint8Array;
  try {
    image = await vbus.image(input.file);
  } catch (err) {
    throw failed(`The topology ${input.file} cannot be used: ${(err as Error).message}`, 'Check the file with: ecat --sim FILE slaves', { topology: input.file });
  }
  const digest = createHash('sha256').update(image).digest('hex');
  const addon = await vbusAddon(vbus);
  const loaded: string[] = [];
  const kept: string[] = [];
  for (let master = 0; master < input.count; master++) {
    const path = devicePathFor(master);
    let info: VbusKernelInfo | null = null;
    try {
      info = addon.vbusKernelInfo(path);
    } catch (err) {
      // In a dry run the module may not be loaded yet; a real run has just waited for the node.
      if (!s.dryRun) throw failed(`${path}: the module's INFO request failed: ${addonError(err).message}`, 'Is it the ecat_vbus module behind the node (ecat doctor)?');
    }
    const record = parseRecord(await s.deps.fs.readText(topologyRecordPath(master)));
    const current = info !== null && info.loaded && record !== null && record.digest === digest && record.loads === info.loads && info.imageSize === image.length && info.slaveCount === record.slaveCount;
    if (current && info) {
      kept.push(`${path} (${info.slaveCount} slaves)`);
      continue;
    }
    s.recordFile({ path, action: 'ioctl', executed: !s.dryRun, detail: `ECAT_VBUS_IOCTL_LOAD: the topology image of ${input.file} (${image.length} bytes)` });
    let result: VbusKernelLoadResult = { slaveCount: 0, imageSize: image.length, loads: 0 };
    if (!s.dryRun) {
      try {
        result = addon.vbusKernelLoad(path, image);
      } catch (err) {
        const e = addonError(err);
        const hint =
          e.errno === 16
            ? `Another file is open on ${path}: stop the applications using it (fuser -v ${path}) and run again.`
            : e.errno === 1
              ? 'Loading a topology needs CAP_SYS_ADMIN: run as root.'
              : e.code === 'BAD_TOPOLOGY'
                ? 'The module refused the image for the reason above; check the topology file (ecat --sim FILE slaves).'
                : undefined;
        throw failed(`Loading ${input.file} into ${path} failed: ${e.message}`, hint, { path, topology: input.file, ...(e.errno !== undefined ? { errno: e.errno } : {}) });
      }
    }
    const rec: TopologyRecord = { device: path, topology: input.file, digest, imageSize: result.imageSize, slaveCount: result.slaveCount, loads: result.loads };
    await s.writeText(topologyRecordPath(master), `${JSON.stringify(rec, null, 2)}\n`, 0o644);
    loaded.push(s.dryRun ? path : `${path} (${result.slaveCount} slaves)`);
  }
  const parts: string[] = [];
  if (loaded.length) parts.push(s.say(`loaded ${input.file} into ${loaded.join(', ')}`, `would load ${input.file} into ${loaded.join(', ')}`));
  if (kept.length) parts.push(`${kept.join(', ')} already ${kept.length === 1 ? 'holds' : 'hold'} ${input.file}`);
  return parts.join('; ');
}
