// SPDX-License-Identifier: MIT
// Strict patterns for every name, version and path provisioning uses. Values end up in
// argument arrays run as root, in file paths under /usr/src, /etc and /sys, and in dkms.conf,
// which dkms sources with bash as root; so a value is accepted only when it matches a narrow
// pattern, never escaped after the fact. Each check returns the normalized value or throws a
// USAGE ProvisionError that names the option and the expected form.
import { ProvisionError } from './errors.js';

function usage(what: string, value: string, expected: string): ProvisionError {
  return new ProvisionError('USAGE', `Invalid ${what} '${printable(value)}': ${expected}.`);
}

/** Show a rejected value without control characters (it may be hostile). */
export function printable(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 80)}...` : value;
  return shown.replace(/[\u0000-\u001f\u007f]/g, '?');
}

// Kernel releases look like 6.1.0-18-amd64, 6.8.0-45-generic, 5.15.0-1030-realtime,
// 6.6.21-rt26-v8+. A leading digit keeps "." and ".." out as path components.
const KERNEL_RELEASE = /^[0-9]+\.[0-9]+[0-9A-Za-z._+~-]{0,62}$/;

/** A kernel release (uname -r form). */
export function checkKernelRelease(value: string, what = 'kernel release'): string {
  if (!KERNEL_RELEASE.test(value)) throw usage(what, value, 'expected a release such as 6.1.0-18-amd64 (uname -r)');
  return value;
}

/** major.minor of a kernel release, e.g. "6.1" for "6.1.0-18-amd64". */
export function kernelMajorMinor(release: string): string {
  const m = /^([0-9]+)\.([0-9]+)/.exec(release);
  if (!m) throw usage('kernel release', release, 'expected it to start with major.minor');
  return `${m[1]}.${m[2]}`;
}

const MAC = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}$/;

/** Whether a string is a MAC address in colon form. */
export function isMacAddress(value: string): boolean {
  return MAC.test(value);
}

/** A MAC address, normalized to lower case. The all-zero and broadcast addresses are refused. */
export function checkMacAddress(value: string, what = 'MAC address'): string {
  if (!MAC.test(value)) throw usage(what, value, 'expected six hex bytes separated by colons, e.g. 00:1b:21:aa:bb:cc');
  const mac = value.toLowerCase();
  if (mac === '00:00:00:00:00:00' || mac === 'ff:ff:ff:ff:ff:ff') {
    throw usage(what, value, 'give the address of one network card');
  }
  return mac;
}

// Linux interface names: at most 15 bytes, no '/', no whitespace; a leading alphanumeric keeps
// "." and ".." out.
const IFNAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,14}$/;

/** A network interface name (enp3s0, eth1). */
export function checkInterfaceName(value: string, what = 'interface name'): string {
  if (!IFNAME.test(value)) throw usage(what, value, 'expected a network interface name such as enp3s0 (1-15 letters, digits, . _ : -)');
  return value;
}

const PACKAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9_+-]{0,47}$/;

/** A dkms package name (becomes /usr/src/<name>-<version> and /var/lib/dkms/<name>). */
export function checkPackageName(value: string): string {
  if (!PACKAGE_NAME.test(value)) throw usage('package name', value, 'expected letters, digits, _ + - (at most 48, starting with a letter or digit)');
  return value;
}

const PACKAGE_VERSION = /^[0-9A-Za-z][0-9A-Za-z.+~_-]{0,47}$/;

/** A dkms package version. */
export function checkPackageVersion(value: string): string {
  if (!PACKAGE_VERSION.test(value)) throw usage('package version', value, 'expected letters, digits, . + ~ _ - (at most 48, starting with a letter or digit)');
  return value;
}

// shadow-utils' default NAME_REGEX, without the trailing '$' machine-account form.
const ACCOUNT = /^[a-z_][a-z0-9_-]{0,31}$/;

/** A group name. */
export function checkGroupName(value: string): string {
  if (!ACCOUNT.test(value)) throw usage('group name', value, 'expected lower-case letters, digits, _ and - (at most 32, not starting with a digit or -)');
  return value;
}

/** A user name. */
export function checkUserName(value: string): string {
  if (!ACCOUNT.test(value)) throw usage('user name', value, 'expected lower-case letters, digits, _ and - (at most 32, not starting with a digit or -)');
  return value;
}

// IgH ABI ids as `ecat abi` lists them: 1.6, 1.5.3, 1.5.2, ...
const ABI_ID = /^[0-9]{1,2}(?:\.[0-9]{1,3}){1,3}$/;

/** An IgH ABI id (the virtual master's module parameter abi=). */
export function checkAbiId(value: string, what = 'ABI id'): string {
  if (!ABI_ID.test(value)) throw usage(what, value, "expected an IgH ABI id such as 1.6 or 1.5.2 ('ecat abi' lists them)");
  return value;
}

/** An absolute path without control characters (paths are never given to a shell). */
export function checkAbsolutePath(value: string, what = 'path'): string {
  if (!value.startsWith('/') || /[\u0000-\u001f\u007f]/.test(value) || value.length > 4000) {
    throw usage(what, value, 'expected an absolute path without control characters');
  }
  return value;
}

/** An integer within [min, max]; accepts numbers and decimal strings. */
export function checkInteger(value: number | string, what: string, min: number, max: number): number {
  const n = typeof value === 'number' ? value : /^[0-9]+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw usage(what, String(value), `expected a whole number from ${min} to ${max}`);
  return n;
}
