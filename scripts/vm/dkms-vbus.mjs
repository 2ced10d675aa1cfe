#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// DKMS flow for ecat_vbus.ko (the project's own kernel module), for a kernel that need not be
// the running one:
//   1. assemble the source tree into /usr/src/ecat-vbus-<version>/ (assemble-source.mjs)
//   2. dkms add -m ecat-vbus -v <version>
//   3. dkms build -m ecat-vbus -v <version> -k <kver>
//   4. dkms install -m ecat-vbus -v <version> -k <kver>
// It is skipped when that version is installed for <kver> from identical sources (the tree
// records a hash of what it was assembled from). Changed sources, or --rebuild, first remove
// the old registration (dkms remove --all), so the new sources are built. Other versions of
// ecat-vbus are removed from dkms for <kver> first: two versions cannot own one module.
//
// Command: node scripts/vm/dkms-vbus.mjs [--kernel KVER] [--rebuild] [--json]   (root)
// Module:  installVbusModule({ kver, rebuild, log }) -> { kver, version, path, skipped, timings }
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleVbusSource, MODULE_NAME, PACKAGE_NAME, packageVersion, recordedHash, sourceHash } from './assemble-source.mjs';
import { targetKernel } from './kernel.mjs';

export class DkmsError extends Error {
  constructor(message, { log } = {}) {
    super(message);
    this.name = 'DkmsError';
    this.log = log;
  }
}

function run(argv, { allowFail = false } = {}) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new DkmsError(`${argv.join(' ')}: ${r.error.message}`);
  if (r.status !== 0 && !allowFail) {
    throw new DkmsError(`${argv.join(' ')} failed with exit code ${r.status}`, { log: `${r.stdout}${r.stderr}` });
  }
  return r;
}

function tail(text, lines = 40) {
  return text.split('\n').slice(-lines).join('\n');
}

/** `dkms status -m ecat-vbus` lines: [{ version, kernel, arch, state }]. Handles dkms 2 and 3 formats. */
export function dkmsEntries() {
  const r = run(['dkms', 'status', '-m', PACKAGE_NAME], { allowFail: true });
  const out = [];
  for (const line of `${r.stdout}`.split('\n')) {
    // dkms 3: "ecat-vbus/0.1.0, 6.1.0-56-amd64, x86_64: installed"; dkms 2: "ecat-vbus, 0.1.0, 6.1.0-56-amd64, x86_64: installed"
    const m = /^ecat-vbus(?:\/|, )([^,]+)(?:, ([^,]+), ([^:]+))?: (\S+)/.exec(line.trim());
    if (m) out.push({ version: m[1], kernel: m[2] ?? null, arch: m[3] ?? null, state: m[4] });
  }
  return out;
}

/** Where dkms install puts the module (whatever DEST_MODULE_LOCATION says). */
export function installedPath(kver) {
  for (const ext of ['.ko', '.ko.xz', '.ko.zst', '.ko.gz']) {
    const p = join('/lib/modules', kver, 'updates', 'dkms', `${MODULE_NAME}${ext}`);
    if (existsSync(p)) return p;
  }
  return null;
}

/** make.log after a failed build, or after a successful one. */
function makeLog(version, kver) {
  const arch = process.arch === 'x64' ? 'x86_64' : process.arch;
  for (const p of [`/var/lib/dkms/${PACKAGE_NAME}/${version}/build/make.log`, `/var/lib/dkms/${PACKAGE_NAME}/${version}/${kver}/${arch}/log/make.log`]) {
    if (existsSync(p)) return tail(readFileSync(p, 'utf8'));
  }
  return '';
}

export function installVbusModule({ kver, rebuild = false, log = () => {} } = {}) {
  if (!kver) {
    const t = targetKernel({ needImage: false });
    if (!t.kver) throw new DkmsError(t.why);
    kver = t.kver;
  }
  if (!existsSync(join('/lib/modules', kver, 'build', 'Makefile'))) throw new DkmsError(`no headers for kernel ${kver} (/lib/modules/${kver}/build)`);
  const version = packageVersion();
  const src = `/usr/src/${PACKAGE_NAME}-${version}`;
  const timings = {};
  const want = sourceHash({ version });
  const entries = dkmsEntries();
  const mine = entries.filter((e) => e.version === version);
  const current = !rebuild && recordedHash(src) === want && mine.some((e) => e.kernel === kver && e.state === 'installed') && installedPath(kver);
  if (current) {
    log(`${PACKAGE_NAME}/${version} is installed for ${kver} from the current sources`);
    return { kver, version, src, path: installedPath(kver), skipped: true, timings };
  }
  const time = (name, fn) => {
    const t0 = Date.now();
    const r = fn();
    timings[name] = (Date.now() - t0) / 1000;
    return r;
  };
  // Other versions that dkms built for this kernel would collide on ecat_vbus.ko.
  for (const e of entries) {
    if (e.version !== version && e.kernel === kver) {
      log(`removing ${PACKAGE_NAME}/${e.version} for ${kver}`);
      run(['dkms', 'remove', '-m', PACKAGE_NAME, '-v', e.version, '-k', kver], { allowFail: true });
    }
  }
  if (mine.length > 0) {
    log(`removing the old registration of ${PACKAGE_NAME}/${version}`);
    time('remove', () => run(['dkms', 'remove', '-m', PACKAGE_NAME, '-v', version, '--all'], { allowFail: true }));
  }
  time('assemble', () => assembleVbusSource({ dest: src, version }));
  log(`assembled ${src}`);
  time('add', () => run(['dkms', 'add', '-m', PACKAGE_NAME, '-v', version]));
  log(`dkms build -k ${kver} ...`);
  try {
    time('build', () => run(['dkms', 'build', '-m', PACKAGE_NAME, '-v', version, '-k', kver]));
  } catch (err) {
    throw new DkmsError(`dkms build of ${PACKAGE_NAME}/${version} for ${kver} failed`, { log: makeLog(version, kver) || err.log });
  }
  time('install', () => run(['dkms', 'install', '-m', PACKAGE_NAME, '-v', version, '-k', kver]));
  const path = installedPath(kver);
  if (!path) throw new DkmsError(`dkms install reported success, but no ${MODULE_NAME}.ko is in /lib/modules/${kver}/updates/dkms`);
  const st = dkmsEntries().find((e) => e.version === version && e.kernel === kver);
  if (!st || st.state !== 'installed') throw new DkmsError(`dkms status does not show ${PACKAGE_NAME}/${version} installed for ${kver} (${st ? st.state : 'absent'})`);
  return { kver, version, src, path, skipped: false, timings };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const k = args.indexOf('--kernel');
  const json = args.includes('--json');
  try {
    const r = installVbusModule({ kver: k >= 0 ? args[k + 1] : undefined, rebuild: args.includes('--rebuild'), log: json ? () => {} : (m) => console.log(`dkms: ${m}`) });
    if (json) console.log(JSON.stringify(r));
    else console.log(`dkms: ${r.path} (${r.skipped ? 'up to date' : Object.entries(r.timings).map(([n, s]) => `${n} ${s.toFixed(1)} s`).join(', ')})`);
  } catch (err) {
    console.error(`dkms: ${err.message}`);
    if (err.log) console.error(err.log);
    process.exit(1);
  }
}
