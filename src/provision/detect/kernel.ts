// SPDX-License-Identifier: MIT
// The running kernel and the kernels a module can be built for. The release comes from
// /proc/sys/kernel/osrelease (uname -r as a fallback); headers for a kernel are usable when
// /lib/modules/<release>/build holds a kernel Makefile, which is what dkms and IgH's configure
// (--with-linux-dir) build against.
import { checkKernelRelease } from '../validate.js';
import { installCommand } from './os.js';
import type { Probe } from './probe.js';

/** The running kernel's release (uname -r). */
export async function runningKernel(probe: Probe): Promise<string> {
  const proc = (await probe.fs.readText('/proc/sys/kernel/osrelease'))?.trim();
  if (proc) return checkKernelRelease(proc, 'running kernel release');
  const r = await probe.run(['uname', '-r']);
  return checkKernelRelease(r.stdout.trim(), 'running kernel release');
}

/** The running kernel's version string (uname -v), which names PREEMPT_RT kernels. */
export async function kernelVersionString(probe: Probe): Promise<string> {
  const proc = (await probe.fs.readText('/proc/sys/kernel/version'))?.trim();
  if (proc) return proc;
  return (await probe.run(['uname', '-v'])).stdout.trim();
}

export interface HeadersInfo {
  kernel: string;
  present: boolean;
  /** /lib/modules/<kernel>/build */
  path: string;
}

/** Whether headers (a prepared build tree) exist for `kernel`. */
export async function kernelHeaders(probe: Probe, kernel: string): Promise<HeadersInfo> {
  const path = `/lib/modules/${kernel}/build`;
  const dir = await probe.fs.stat(path);
  const makefile = dir?.type === 'dir' ? await probe.fs.stat(`${path}/Makefile`) : null;
  return { kernel, present: makefile?.type === 'file', path };
}

/** Kernels with a /lib/modules/<release> directory, sorted. */
export async function installedKernels(probe: Probe): Promise<string[]> {
  const names = await probe.fs.readdir('/lib/modules').catch(() => [] as string[]);
  return names.filter((n) => /^[0-9]+\.[0-9]+[0-9A-Za-z._+~-]*$/.test(n)).sort();
}

/** The command that installs headers for `kernel` on this distribution family, or null. */
export function headersInstallCommand(family: string, kernel: string): string[] | null {
  return installCommand(family, [`linux-headers-${kernel}`], [`kernel-devel-${kernel}`]);
}
