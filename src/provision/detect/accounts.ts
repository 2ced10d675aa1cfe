// SPDX-License-Identifier: MIT
// Users and groups through the name service (getent, id), so LDAP/SSSD accounts count too,
// with /etc/passwd and /etc/group as the fallback when getent is missing (small images).
import type { Probe } from './probe.js';

export interface UserEntry {
  name: string;
  uid: number;
  gid: number;
}

export interface GroupEntry {
  name: string;
  gid: number;
  /** Supplementary members listed in the group database. */
  members: string[];
}

async function lookup(probe: Probe, db: 'passwd' | 'group', key: string): Promise<string | null> {
  const r = await probe.run(['getent', db, key]);
  if (r.code === 0) return r.stdout.split('\n')[0]?.trim() || null;
  if (r.code !== 127) return null; // 2: not found
  const file = await probe.fs.readText(`/etc/${db}`);
  if (file === null) return null;
  const numeric = /^[0-9]+$/.test(key);
  for (const line of file.split('\n')) {
    const f = line.split(':');
    if (f[0] === key || (numeric && f[2] === key)) return line.trim();
  }
  return null;
}

function parseUser(line: string | null): UserEntry | null {
  const f = line?.split(':');
  if (!f || f.length < 4 || !f[0]) return null;
  return { name: f[0], uid: Number(f[2]), gid: Number(f[3]) };
}

function parseGroup(line: string | null): GroupEntry | null {
  const f = line?.split(':');
  if (!f || f.length < 3 || !f[0]) return null;
  return { name: f[0], gid: Number(f[2]), members: (f[3] ?? '').split(',').map((m) => m.trim()).filter(Boolean) };
}

export async function userByName(probe: Probe, name: string): Promise<UserEntry | null> {
  return parseUser(await lookup(probe, 'passwd', name));
}

export async function userById(probe: Probe, uid: number): Promise<UserEntry | null> {
  return parseUser(await lookup(probe, 'passwd', String(uid)));
}

export async function groupByName(probe: Probe, name: string): Promise<GroupEntry | null> {
  return parseGroup(await lookup(probe, 'group', name));
}

export async function groupById(probe: Probe, gid: number): Promise<GroupEntry | null> {
  return parseGroup(await lookup(probe, 'group', String(gid)));
}

/**
 * Whether `user` belongs to `group` in the account database (what the next login gets; a
 * running session keeps the groups it started with).
 */
export async function isMember(probe: Probe, user: string, group: GroupEntry): Promise<boolean> {
  if (group.members.includes(user)) return true;
  const u = await userByName(probe, user);
  if (u && u.gid === group.gid) return true;
  const r = await probe.run(['id', '-G', user]);
  return r.code === 0 && r.stdout.trim().split(/\s+/).map(Number).includes(group.gid);
}
