#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// npm run test:vm: the VM suite. Builds and installs ecat_vbus.ko with the project's own
// provisioning, `ecat provision --virtual --kernel <kver> --no-load` (DKMS, against the
// installed Debian kernel's headers), packs an initramfs, boots that kernel under qemu; in the
// guest, `ecat provision --virtual --topology examples/two-axis.yaml` loads the module and
// the topology, and the vitest subset of test/vm/ runs against the real /dev/EtherCAT0
// (docs/vm-testing.md, ../shared/notes/vm-testing.md).
//
// Exit codes: 0 the guest's tests passed; 1 a failure (build, boot, timeout, a failing test);
// 77 a prerequisite is missing (printed as "SKIP: <reason>"; CI treats that as a failure).
// Environment: ECAT_VM_KERNEL (target kernel), ECAT_VM_TIMEOUT (seconds, default 300),
// ECAT_VM_MEM (guest MiB, default 512), ECAT_VM_ACCEL (tcg or kvm),
// ECAT_VM_REBUILD=1 (then provision again with --rebuild and check that it rebuilt), ECAT_VM_KEEP=1 (keep the logs' directory).
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildInitramfs, BUSYBOX, isStaticElf } from './build-initramfs.mjs';
import { targetKernel } from './kernel.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXIT_SKIP = 77;
const GUEST_UID = 4243;

const say = (m) => console.log(`vm: ${m}`);
function skip(reason) {
  console.log(`SKIP: ${reason}`);
  process.exit(EXIT_SKIP);
}
function die(message, detail) {
  console.error(`vm: FAILED: ${message}`);
  if (detail) console.error(detail);
  process.exit(1);
}

function onPath(cmd) {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin'])) {
    if (!dir) continue;
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return join(dir, cmd);
    } catch {
      /* next */
    }
  }
  return null;
}

function prerequisites() {
  if (process.platform !== 'linux' || process.arch !== 'x64') skip(`the VM suite runs on x86_64 Linux (this is ${process.platform}/${process.arch})`);
  const qemu = onPath('qemu-system-x86_64');
  if (!qemu) skip('qemu-system-x86_64 is not installed (scripts/vm/install-deps.sh installs qemu-system-x86)');
  for (const [cmd, pkg] of [['dkms', 'dkms'], ['cpio', 'cpio'], ['depmod', 'kmod'], ['modprobe', 'kmod']]) {
    if (!onPath(cmd)) skip(`${cmd} is not installed (scripts/vm/install-deps.sh installs ${pkg})`);
  }
  if (!isStaticElf(BUSYBOX)) skip(`${BUSYBOX} is missing or not static (scripts/vm/install-deps.sh installs busybox-static)`);
  const k = targetKernel();
  if (!k.kver) skip(k.why);
  if (process.getuid?.() !== 0) skip('dkms add/build/install needs root (run as root, e.g. in CI)');
  // The guest runs the checkout's build: the addon (with the kernel control requests) and dist/.
  const addonPath = join(root, 'build', 'Release', 'ecat.node');
  if (!existsSync(addonPath)) die(`${addonPath} is missing: build the addon first (npm run compile:native)`);
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) die('dist/ is missing: build the TypeScript first (npm run compile:ts)');
  // Both go to the guest on the kernel command line, which splits at white space.
  for (const p of [root, process.execPath]) if (/\s/.test(p)) skip(`the path ${JSON.stringify(p)} contains white space, which the guest's kernel command line cannot carry`);
  return { qemu, kver: k.kver, addonPath };
}

/**
 * A private copy of the addon for the guest (ECAT_NATIVE_PATH there): a rebuild of
 * build/Release while the guest runs (node-gyp removes the file first) must not pull it away
 * from under the tests. Checked to have the kernel control requests.
 */
function addonCopy(addonPath, runDir) {
  const copy = join(runDir, 'ecat.node');
  try {
    copyFileSync(addonPath, copy);
  } catch (err) {
    die(`cannot copy ${addonPath} (${err.message}); is the addon being rebuilt? Run again when it is built.`);
  }
  const addon = createRequire(import.meta.url)(copy);
  if (typeof addon.vbusKernelLoad !== 'function') die('the addon has no vbusKernelLoad: rebuild it (npm run compile:native)');
  return copy;
}

/** kvm when /dev/kvm is writable (ECAT_VM_ACCEL=tcg|kvm forces one), with tcg as the fallback. */
function accelerators() {
  const forced = process.env.ECAT_VM_ACCEL;
  if (forced === 'tcg' || forced === 'kvm') return [forced];
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return ['kvm', 'tcg'];
  } catch {
    return ['tcg'];
  }
}

/** Guest memory in MiB (ECAT_VM_MEM, default 512). */
function memoryMiB() {
  const m = Number(process.env.ECAT_VM_MEM ?? 512);
  return Number.isInteger(m) && m >= 256 ? m : 512;
}

function qemuArgs({ accel, kver, initrd, consoleLog, resultLog, addon }) {
  const append = ['console=ttyS0', 'panic=-1', 'quiet', `ecat_repo=${root}`, `ecat_node=${process.execPath}`, `ecat_uid=${GUEST_UID}`, `ecat_addon=${addon}`];
  return [
    ...(accel === 'kvm' ? ['-accel', 'kvm', '-cpu', 'host'] : ['-accel', 'tcg', '-cpu', 'max']),
    '-machine', 'q35', '-smp', '1', '-m', String(memoryMiB()),
    '-kernel', `/boot/vmlinuz-${kver}`, '-initrd', initrd, '-append', append.join(' '),
    '-nographic', '-no-reboot', '-nodefaults',
    '-serial', `file:${consoleLog}`, '-serial', `file:${resultLog}`, '-monitor', 'none',
    '-virtfs', 'local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap',
  ];
}

function boot(qemu, args, timeoutSec) {
  return new Promise((resolve) => {
    const child = spawn('timeout', ['--kill-after=10', String(timeoutSec), qemu, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code, signal) => resolve({ code, signal, out }));
  });
}

function printLog(path, title, lines = 150) {
  if (!existsSync(path)) return;
  const text = readFileSync(path, 'utf8').replace(/\r/g, '').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  const all = text.split('\n');
  console.error(`----- ${title} (${path}, last ${Math.min(lines, all.length)} of ${all.length} lines) -----`);
  console.error(all.slice(-lines).join('\n'));
  console.error(`----- end of ${title} -----`);
}

/**
 * `ecat provision --virtual --kernel <kver> --no-load --no-save --json` (the built CLI, as
 * root): builds and installs ecat_vbus.ko for the guest's kernel with DKMS, or finds it in
 * place. --no-save: the suite does not replace this host's /etc/ecat/provision.json. Prints
 * each step; returns the report.
 */
function provisionHost(kver, rebuild) {
  const args = [join(root, 'dist', 'cli', 'main.js'), 'provision', '--virtual', '--kernel', kver, '--no-load', '--no-save', '--json', ...(rebuild ? ['--rebuild'] : [])];
  say(`provision: ecat ${args.slice(1).join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (Date.now() - t0) / 1000;
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    die(`ecat provision printed no JSON report (exit ${r.status}${r.signal ? `, ${r.signal}` : ''})`, `${r.stdout}\n${r.stderr}`.trim());
  }
  if (report.error && !report.steps) return { ok: false, error: report.error, summary: report.error.message };
  for (const st of report.steps ?? []) {
    say(`provision:   ${st.status.padEnd(8)} ${st.id.padEnd(14)} ${String(st.detail).split('\n')[0].slice(0, 200)} (${(st.durationMs / 1000).toFixed(1)} s)`);
  }
  for (const w of report.warnings ?? []) say(`provision:   warning: ${w}`);
  if (report.error?.details?.logTail?.length) say(`provision: log:\n${report.error.details.logTail.map((l) => `    ${l}`).join('\n')}`);
  say(`provision: exit ${r.status} after ${seconds.toFixed(1)} s`);
  return report;
}

async function main() {
  const t0 = Date.now();
  const { qemu, kver, addonPath } = prerequisites();
  say(`target kernel ${kver}`);

  // The module, built and installed for the guest's kernel by `ecat provision` itself.
  const tProvision = Date.now();
  let report = provisionHost(kver, false);
  if (!report.ok && report.error?.code === 'SOURCE_CHANGED') {
    say(`provision: ${report.error.message.split('\n')[0]}`);
    say('provision: running it again with --rebuild');
    report = provisionHost(kver, true);
  }
  if (!report.ok) die(`ecat provision --virtual failed: ${report.error?.message ?? report.summary}`, report.error?.hint ? `hint: ${report.error.hint}` : undefined);
  if (process.env.ECAT_VM_REBUILD === '1') {
    // CI sets this: the first run built (fresh machine) or found the module in place; this
    // one must take it down and build it again, and the guest then loads the rebuilt module.
    say('provision: again with --rebuild (ECAT_VM_REBUILD=1)');
    report = provisionHost(kver, true);
    if (!report.ok) die(`ecat provision --virtual --rebuild failed: ${report.error?.message ?? report.summary}`, report.error?.hint ? `hint: ${report.error.hint}` : undefined);
    const done = new Set((report.steps ?? []).filter((st) => st.status === 'done').map((st) => st.id));
    const missing = ['rebuild', 'dkms-build', 'dkms-install'].filter((id) => !done.has(id));
    if (missing.length) die(`ecat provision --virtual --rebuild did not redo ${missing.join(', ')} (steps done: ${[...done].join(', ')})`);
  }
  const modulePath = `/lib/modules/${kver}/updates/dkms/ecat_vbus.ko`;
  if (!existsSync(modulePath)) die(`ecat provision reported success, but ${modulePath} does not exist`);
  say(`provision: ${report.summary} (whole provisioning ${((Date.now() - tProvision) / 1000).toFixed(1)} s)`);

  const initrd = buildInitramfs({ kver });
  say(`initramfs ${initrd.path} (${(initrd.bytes / 1024).toFixed(0)} KiB, ${initrd.cached ? 'cached' : `built in ${initrd.seconds.toFixed(1)} s`})`);

  const runDir = join(root, '.cache', 'vm', `run-${process.pid}`);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const consoleLog = join(runDir, 'console.log');
  const resultLog = join(runDir, 'result.log');
  const addon = addonCopy(addonPath, runDir);
  const timeoutSec = Number(process.env.ECAT_VM_TIMEOUT ?? 300);
  let q;
  let bootSec = 0;
  for (const accel of accelerators()) {
    say(`booting ${kver} under qemu (${accel === 'kvm' ? 'KVM' : 'TCG, no KVM'}, timeout ${timeoutSec} s)`);
    const tBoot = Date.now();
    q = await boot(qemu, qemuArgs({ accel, kver, initrd: initrd.path, consoleLog, resultLog, addon }), timeoutSec);
    bootSec = (Date.now() - tBoot) / 1000;
    const started = existsSync(consoleLog) && readFileSync(consoleLog, 'utf8').trim() !== '';
    if (accel === 'kvm' && !started && q.code !== 0) {
      say(`KVM did not start the guest (${q.out.trim().split('\n')[0] ?? `exit ${q.code}`}); falling back to TCG`);
      continue;
    }
    break;
  }

  const markers = existsSync(resultLog) ? readFileSync(resultLog, 'utf8').replace(/\r/g, '').split('\n').filter(Boolean) : [];
  const steps = markers.filter((l) => l.startsWith('STEP ')).map((l) => l.slice(5));
  const done = markers.map((l) => /^GUEST_DONE rc=(\d+)/.exec(l)).find(Boolean);
  const tests = markers.find((l) => l.startsWith('TESTS '));
  if (steps.length) say(`guest steps (name, seconds since boot): ${steps.join('; ')}`);
  for (const l of markers.filter((m) => m.startsWith('PROVISION '))) {
    const [, seconds = '?', exit = '', stepList = '', ...summary] = l.split(' ');
    say(`guest ecat provision --virtual --topology examples/two-axis.yaml: ${seconds} s, ${exit}: ${summary.join(' ')}`);
    say(`guest provision steps: ${stepList.replace(/,/g, ', ')}`);
  }
  for (const l of markers.filter((m) => m.startsWith('SKIPPED '))) say(`guest ${l}`);
  for (const l of markers.filter((m) => m.startsWith('FAILED ') || m.startsWith('FAIL '))) console.error(`vm: guest ${l}`);
  if (tests) {
    const c = Object.fromEntries(tests.slice(6).split(' ').map((kv) => kv.split('=')));
    say(`guest tests: ${c.total} in ${c.files} files: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped${c.todo !== '0' ? `, ${c.todo} todo` : ''}`);
  }
  say(`qemu ran ${bootSec.toFixed(1)} s (boot to GUEST_DONE); whole run ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  let failure = null;
  if (q.code === 124 || q.code === 137) failure = `qemu did not finish within ${timeoutSec} s`;
  else if (!done) failure = `the guest ended without GUEST_DONE (qemu exit ${q.code}${q.signal ? `, ${q.signal}` : ''})`;
  else if (done[1] !== '0') failure = `the guest reported rc=${done[1]}`;
  else if (!tests) failure = 'the guest reported no test counts';
  if (failure) {
    if (q.out.trim()) console.error(`qemu output:\n${q.out.trim()}`);
    printLog(consoleLog, 'guest console', 250);
    printLog(resultLog, 'guest markers', 100);
    console.error(`vm: logs kept in ${runDir}`);
    die(failure);
  }
  if (process.env.ECAT_VM_KEEP === '1') say(`logs in ${runDir}`);
  else rmSync(runDir, { recursive: true, force: true });
  say('OK');
}

main().catch((err) => die(err.stack ?? String(err)));
