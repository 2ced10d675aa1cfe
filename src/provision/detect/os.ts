// SPDX-License-Identifier: MIT
// Which distribution family this is (from /etc/os-release), only to suggest the right package
// install command in hints. Unknown families get a generic hint.
import type { Probe } from './probe.js';

/** 'debian' (also Ubuntu, Raspberry Pi OS), 'fedora' (also RHEL, Rocky, Alma), 'suse', 'arch' or ''. */
export async function osFamily(probe: Probe): Promise<string> {
  const text = (await probe.fs.readText('/etc/os-release')) ?? (await probe.fs.readText('/usr/lib/os-release')) ?? '';
  const field = (key: string): string => {
    const m = new RegExp(`^${key}=("?)([^"\\n]*)\\1$`, 'm').exec(text);
    return (m?.[2] ?? '').toLowerCase();
  };
  const ids = [field('ID'), ...field('ID_LIKE').split(/\s+/)];
  if (ids.some((i) => i === 'debian' || i === 'ubuntu')) return 'debian';
  if (ids.some((i) => i === 'fedora' || i === 'rhel' || i === 'centos')) return 'fedora';
  if (ids.some((i) => i.startsWith('suse') || i === 'opensuse')) return 'suse';
  if (ids.includes('arch')) return 'arch';
  return '';
}

/** The command that installs `packages` on this family, or null. */
export function installCommand(family: string, debianPackages: string[], fedoraPackages: string[] = debianPackages): string[] | null {
  if (family === 'debian') return ['apt-get', 'install', '-y', ...debianPackages];
  if (family === 'fedora') return ['dnf', 'install', '-y', ...fedoraPackages];
  return null;
}
