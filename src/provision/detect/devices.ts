// SPDX-License-Identifier: MIT
// /dev/EtherCAT<N> nodes with owner, group and mode. The udev rule decides these; IgH's own
// install guide suggests 0664 (read-only for others), which leaves applications unable to
// configure the bus, and some guides suggest 0777. Both show up here.
import { modeString } from '../report.js';
import type { Probe } from './probe.js';
import { groupById, userById } from './accounts.js';

export interface DeviceNode {
  master: number;
  path: string;
  isCharDevice: boolean;
  mode: number;
  /** e.g. "0660" */
  modeText: string;
  uid: number;
  gid: number;
  owner: string;
  group: string;
}

/** The device path of master N. */
export function devicePathFor(master: number): string {
  return `/dev/EtherCAT${master}`;
}

/** One node, or null when it does not exist. */
export async function deviceNode(probe: Probe, master: number): Promise<DeviceNode | null> {
  const path = devicePathFor(master);
  const st = await probe.fs.stat(path);
  if (!st) return null;
  const [owner, group] = await Promise.all([userById(probe, st.uid), groupById(probe, st.gid)]);
  return {
    master,
    path,
    isCharDevice: st.type === 'char',
    mode: st.mode,
    modeText: modeString(st.mode),
    uid: st.uid,
    gid: st.gid,
    owner: owner?.name ?? String(st.uid),
    group: group?.name ?? String(st.gid),
  };
}

/** All /dev/EtherCAT<N> nodes, by master index. */
export async function deviceNodes(probe: Probe): Promise<DeviceNode[]> {
  const names = await probe.fs.readdir('/dev').catch(() => [] as string[]);
  const indexes = names
    .map((n) => /^EtherCAT([0-9]{1,3})$/.exec(n)?.[1])
    .filter((x): x is string => x !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const out: DeviceNode[] = [];
  for (const i of indexes) {
    const node = await deviceNode(probe, i);
    if (node) out.push(node);
  }
  return out;
}

/** Whether a user (uid, group ids) may open the node read-write by its mode bits. */
export function modeAllowsReadWrite(node: Pick<DeviceNode, 'mode' | 'uid' | 'gid'>, uid: number, gids: readonly number[]): boolean {
  if (uid === 0) return true;
  if (uid === node.uid) return (node.mode & 0o600) === 0o600;
  if (gids.includes(node.gid)) return (node.mode & 0o060) === 0o060;
  return (node.mode & 0o006) === 0o006;
}
