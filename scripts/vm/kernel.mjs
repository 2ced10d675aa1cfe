// SPDX-License-Identifier: MIT
// Which kernel the VM suite targets: the newest one whose headers are installed
// (/lib/modules/<kver>/build). Never `uname -r`: the host's running kernel is not the one
// the module is built for (on CI it is a kernel without module support at all).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Compare kernel releases like "6.1.0-56-amd64" by their numeric parts. */
export function compareKernels(a, b) {
  const pa = a.split(/[^0-9]+/).filter(Boolean).map(Number);
  const pb = b.split(/[^0-9]+/).filter(Boolean).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d) return d;
  }
  return a.localeCompare(b);
}

/** Kernel releases with headers installed, newest first. */
export function kernelsWithHeaders(modulesDir = '/lib/modules') {
  let names = [];
  try {
    names = readdirSync(modulesDir);
  } catch {
    return [];
  }
  return names.filter((k) => existsSync(join(modulesDir, k, 'build', 'Makefile'))).sort(compareKernels).reverse();
}

/**
 * The target kernel: `wanted` (ECAT_VM_KERNEL) if given, else the newest with headers and,
 * when `needImage`, a /boot/vmlinuz-<kver> to boot. Returns { kver } or { why }.
 */
export function targetKernel({ wanted = process.env.ECAT_VM_KERNEL, needImage = true } = {}) {
  const candidates = wanted ? [wanted] : kernelsWithHeaders();
  if (candidates.length === 0) return { why: 'no kernel headers installed (/lib/modules/*/build); install linux-headers-amd64 (scripts/vm/install-deps.sh)' };
  for (const kver of candidates) {
    if (!existsSync(join('/lib/modules', kver, 'build', 'Makefile'))) continue;
    if (needImage && !existsSync(`/boot/vmlinuz-${kver}`)) continue;
    return { kver };
  }
  if (wanted) return { why: `kernel ${wanted}: headers or /boot/vmlinuz-${wanted} missing` };
  return { why: `no installed kernel image (/boot/vmlinuz-<kver>) matches the headers of ${candidates.join(', ')}; install linux-image-amd64 (scripts/vm/install-deps.sh)` };
}
