// SPDX-License-Identifier: MIT
// Non-root access to /dev/EtherCAT<N>: a system group (default "ethercat", created with
// groupadd -r when missing), chosen users added to it (usermod -aG; effective at their next
// login), and a udev rule giving the group read-write access (mode 0660, never writable by
// others), applied at once with udevadm. Optional real-time limits (pam_limits) for the group.
import { groupByName, isMember, userByName } from './detect/accounts.js';
import type { Probe } from './detect/probe.js';
import { ProvisionError } from './errors.js';
import type { Session } from './session.js';
import { renderTemplate } from './templates.js';

export const UDEV_RULE = '/etc/udev/rules.d/99-ecat.rules';
export const LIMITS_CONF = '/etc/security/limits.d/99-ecat.conf';
/** Group read-write: the runtime must write to configure the bus; others get nothing. */
export const DEVICE_MODE = 0o660;
/** SCHED_FIFO priority granted by --rt-limits (one below the kernel's 99, for its own threads). */
export const RT_PRIO = 98;

function probeOf(s: Session): Probe {
  return { fs: s.deps.fs, run: (argv) => s.query(argv) };
}

/** Content of the udev rule. */
export function udevRule(templateDir: string, group: string): string {
  const text = renderTemplate(templateDir, 'udev.rules.in', { GROUP: group, MODE: '0660' });
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Content of the limits file. */
export function limitsConf(templateDir: string, group: string): string {
  const text = renderTemplate(templateDir, 'limits.conf.in', { GROUP: group, RTPRIO: String(RT_PRIO) });
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Create the group when it does not exist. */
export async function ensureGroup(s: Session, group: string): Promise<string> {
  const g = await groupByName(probeOf(s), group);
  if (g) return `group ${group} exists (gid ${g.gid})`;
  await s.change(['groupadd', '-r', group]);
  return s.say(`created system group ${group}`, `would create system group ${group}`);
}

/** Add users to the group. */
export async function ensureMembers(s: Session, group: string, users: string[]): Promise<string> {
  if (users.length === 0) return 'no users to add (--user NAME adds one)';
  const probe = probeOf(s);
  const g = await groupByName(probe, group);
  const added: string[] = [];
  const already: string[] = [];
  for (const user of users) {
    if (!(await userByName(probe, user))) throw new ProvisionError('USER_NOT_FOUND', `There is no user ${user}.`, 'Give an existing login name with --user (getent passwd NAME).');
    if (g && (await isMember(probe, user, g))) {
      already.push(user);
      continue;
    }
    await s.change(['usermod', '-aG', group, user]);
    added.push(user);
  }
  const parts: string[] = [];
  if (added.length) parts.push(s.say(`added ${added.join(', ')} to ${group} (effective at their next login)`, `would add ${added.join(', ')} to ${group}`));
  if (already.length) parts.push(`${already.join(', ')} already in ${group}`);
  return parts.join('; ');
}

/** Write the udev rule and apply it to existing nodes. */
export async function ensureUdevRule(s: Session, group: string): Promise<string> {
  const action = await s.writeText(UDEV_RULE, udevRule(s.deps.templateDir, group), 0o644);
  if (action === 'unchanged') return `${UDEV_RULE} is in place (group ${group}, mode 0660)`;
  const reload = await s.change(['udevadm', 'control', '--reload'], { allowFail: true });
  if (reload.code !== 0) {
    s.warn(`udevadm control --reload failed (exit ${reload.code}); udev may not be running. The rule applies from the next boot; nodes already present are fixed directly.`);
    return `wrote ${UDEV_RULE}`;
  }
  await s.change(['udevadm', 'trigger', '--action=change', '--subsystem-match=EtherCAT'], { allowFail: true });
  await s.change(['udevadm', 'settle', '--timeout=10'], { allowFail: true });
  return s.say(`wrote ${UDEV_RULE} and applied it`, `would write ${UDEV_RULE} and apply it`);
}

/** Write the pam_limits file for the group. */
export async function ensureRtLimits(s: Session, group: string): Promise<string> {
  const action = await s.writeText(LIMITS_CONF, limitsConf(s.deps.templateDir, group), 0o644);
  if (action === 'unchanged') return `${LIMITS_CONF} is in place`;
  return s.say(`wrote ${LIMITS_CONF}: rtprio ${RT_PRIO} and unlimited memlock for group ${group} (effective at the next login)`, `would write ${LIMITS_CONF}: rtprio ${RT_PRIO} and unlimited memlock for group ${group}`);
}
