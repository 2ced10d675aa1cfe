// SPDX-License-Identifier: MIT
// The top level of a topology file (`version`, `description`, `master`, `slaves`, `faults`) -> TopologySpec.
import type { Issues } from '../source/issues.js';
import type { SrcNode } from '../source/node.js';
import { asMap, asSeq, checkKeys, describe, get, readChoice, readInt, readNumber, sub } from '../source/read.js';
import type { MasterSpec, SlaveSpec, TopologySpec } from '../spec.js';
import type { Timing } from '../types.js';
import { MAX_CABLE_M } from './device.js';
import { readFaults } from './params.js';
import { readSlave } from './slave.js';

/** The image format's limit on slaves per bus. */
export const MAX_SLAVES = 4096;

const TIMING_KEYS: Array<keyof Timing> = ['forwarding', 'phy', 'cablePerMeter', 'ebus'];

/** `02:00:00:00:00:01` or `02-00-...`: six hex bytes; normalized to lower case with colons. */
export function parseMac(text: string): string | undefined {
  const parts = text.trim().split(/[:-]/);
  if (parts.length !== 6 || !parts.every((p) => /^[0-9a-fA-F]{2}$/.test(p))) return undefined;
  return parts.join(':').toLowerCase();
}

function readMaster(issues: Issues, node: SrcNode): MasterSpec {
  const out: MasterSpec = { timing: {} };
  const map = asMap(issues, node, 'master', 'a mapping (mac, link, cable, timing)');
  if (!map) return out;
  checkKeys(issues, map, 'master', ['mac', 'link', 'cable', 'timing']);
  let v: SrcNode | undefined;
  if ((v = get(map, 'mac'))) {
    const mac = v.kind === 'scalar' && typeof v.value === 'string' ? parseMac(v.value) : undefined;
    if (!mac) issues.add('master.mac', v.pos, `expected a MAC address such as 02:00:00:00:00:01, got ${describe(v)}`);
    else if ((parseInt(mac.slice(0, 2), 16) & 1) !== 0) issues.add('master.mac', v.pos, `${mac} is a multicast address; a network interface needs a unicast one (even first byte, e.g. 02:...)`);
    else out.mac = mac;
  }
  if ((v = get(map, 'link'))) {
    const link = readChoice(issues, v, 'master.link', ['up', 'down'] as const, 'link state');
    if (link) out.linkUp = link === 'up';
  }
  if ((v = get(map, 'cable'))) {
    const c = readNumber(issues, v, 'master.cable', `a cable length in metres (0..${MAX_CABLE_M})`);
    if (c !== undefined && (c < 0 || c > MAX_CABLE_M)) issues.add('master.cable', v.pos, `cable length ${c} m is out of range; expected 0..${MAX_CABLE_M}`);
    else if (c !== undefined) out.cable = c;
  }
  if ((v = get(map, 'timing'))) {
    const tm = asMap(issues, v, 'master.timing', `a mapping (${TIMING_KEYS.join(', ')}) in ns`);
    if (tm) {
      checkKeys(issues, tm, 'master.timing', TIMING_KEYS);
      for (const k of TIMING_KEYS) {
        const t = get(tm, k);
        if (t) {
          const n = readInt(issues, t, sub('master.timing', k), 0, 100000, 'a delay in ns (0..100000)');
          if (n !== undefined) out.timing[k] = n;
        }
      }
    }
  }
  return out;
}

/** Read the whole document. */
export function readTopology(issues: Issues, root: SrcNode): TopologySpec {
  const spec: TopologySpec = { master: { timing: {} }, slaves: [], faults: [] };
  const map = asMap(issues, root, '', 'a mapping with `slaves:` (and optionally `master:`) at the top level');
  if (!map) return spec;
  checkKeys(issues, map, '', ['version', 'description', 'master', 'slaves', 'faults']);
  let v: SrcNode | undefined;
  if ((v = get(map, 'version'))) readInt(issues, v, 'version', 1, 1, 'format version 1');
  if ((v = get(map, 'description')) && !(v.kind === 'scalar' && typeof v.value === 'string')) {
    issues.add('description', v.pos, `expected a string, got ${describe(v)}`);
  }
  if ((v = get(map, 'master'))) spec.master = readMaster(issues, v);
  if ((v = get(map, 'faults'))) spec.faults = readFaults(issues, v, 'faults', true);
  v = get(map, 'slaves');
  if (!v) {
    issues.add('slaves', map.pos, 'missing `slaves:` (the list of slaves in ring order; write `slaves: []` for an empty bus)');
    return spec;
  }
  const seq = asSeq(issues, v, 'slaves', 'a list of slaves in ring order');
  if (!seq) return spec;
  if (seq.items.length > MAX_SLAVES) {
    issues.add('slaves', seq.pos, `${seq.items.length} slaves; a bus has at most ${MAX_SLAVES}`);
    return spec;
  }
  seq.items.forEach((n, i) => {
    const s: SlaveSpec | undefined = readSlave(issues, n, i);
    if (s) spec.slaves.push(s);
  });
  return spec;
}
