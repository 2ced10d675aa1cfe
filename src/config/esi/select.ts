// SPDX-License-Identifier: MIT
// Choosing a device from loaded ESI files by vendor id, product code and (optionally) revision.
// With a revision the match must be exact; without one the highest revision described wins,
// since ESI catalogues list a device's revisions side by side and the newest is the usual pick.
import { hex } from '../../topology/source/read.js';
import { EsiError } from '../errors.js';
import { readEsiDevice } from './device.js';
import type { EsiDevice, EsiDeviceHeader, EsiFile } from './types.js';

/** What a device is chosen by; without `revision` the newest described revision is taken. */
export interface EsiIdentity {
  vendorId: number;
  productCode: number;
  revision?: number;
}

function asList(files: EsiFile | readonly EsiFile[]): readonly EsiFile[] {
  return 'devices' in files ? [files] : files;
}

function describeIdentity(id: EsiIdentity): string {
  return `vendor ${hex(id.vendorId, 8)} product ${hex(id.productCode, 8)}${id.revision !== undefined ? ` revision ${hex(id.revision, 8)}` : ''}`;
}

/**
 * Find the device; `error` explains a miss (which devices or revisions the files do describe).
 * A malformed device throws EsiError.
 */
export function findEsiDevice(files: EsiFile | readonly EsiFile[], id: EsiIdentity): { device: EsiDevice } | { error: string } {
  const list = asList(files);
  const candidates: Array<{ file: EsiFile; header: EsiDeviceHeader }> = [];
  for (const file of list) {
    if (file.vendorId !== id.vendorId) continue;
    for (const header of file.devices) if (header.productCode === id.productCode) candidates.push({ file, header });
  }
  const where = list.length === 1 ? (list[0]?.file ?? '') : `${list.length} ESI files`;
  if (candidates.length === 0) {
    const known = list.flatMap((f) => f.devices.map((d) => `${d.type || d.name} (${hex(f.vendorId, 8)}:${hex(d.productCode, 8)})`));
    const shown = known.slice(0, 12).join(', ') + (known.length > 12 ? `, ... (${known.length} in all)` : '');
    return { error: `no device with ${describeIdentity({ vendorId: id.vendorId, productCode: id.productCode })} in ${where}; it describes ${shown || 'no devices'}` };
  }
  let pick: (typeof candidates)[number] | undefined;
  if (id.revision !== undefined) {
    pick = candidates.find((c) => c.header.revision === id.revision);
    if (!pick) {
      const revs = [...new Set(candidates.map((c) => hex(c.header.revision, 8)))].join(', ');
      return { error: `no revision ${hex(id.revision, 8)} of ${candidates[0]?.header.type ?? 'the device'} in ${where}; revisions described: ${revs}` };
    }
  } else {
    pick = candidates.reduce((a, b) => (b.header.revision > a.header.revision ? b : a));
  }
  return { device: readEsiDevice(pick.file, pick.header) };
}

/** The one device an ESI file describes, when it describes exactly one (for slaves that name only `esi:`). */
export function onlyEsiDevice(files: EsiFile | readonly EsiFile[]): { device: EsiDevice } | { error: string } {
  const list = asList(files);
  const all = list.flatMap((file) => file.devices.map((header) => ({ file, header })));
  const only = all[0];
  if (all.length !== 1 || !only) {
    return { error: `the ESI source describes ${all.length} devices; give vendorId and productCode (and revision) to choose one` };
  }
  return { device: readEsiDevice(only.file, only.header) };
}

/** Like findEsiDevice, but throws an EsiError when the device is not found. */
export function selectEsiDevice(files: EsiFile | readonly EsiFile[], id: EsiIdentity): EsiDevice {
  const r = findEsiDevice(files, id);
  if ('error' in r) {
    const list = asList(files);
    throw new EsiError(list.length === 1 ? (list[0]?.file ?? '<esi>') : '<esi>', [{ path: '', line: 0, column: 0, message: r.error }]);
  }
  return r.device;
}
