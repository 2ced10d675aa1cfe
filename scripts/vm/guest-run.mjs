#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Runs inside the VM guest (chrooted into the host's root, read-only except /etc (an
// overlay), /run and /tmp), started by guest-init.sh:
//   1. provisions the node the way a user would: `ecat provision --virtual --topology
//      examples/two-axis.yaml --json` (the built CLI, in its own process). The module is
//      DKMS-installed for this kernel by the host's run, so nothing is built: it loads
//      ecat_vbus, gives /dev/EtherCAT0 group ethercat and mode 0660 (no udevd runs here),
//      waits for it, and loads the topology. The report goes to /tmp/ecat-vm-provision.json
//      for test/vm/provision.test.ts;
//   2. checks that the addon talks to the module (vbusKernelInfo on /dev/EtherCAT0);
//   3. runs the vitest subset of test/vm/ against the real device node (each test file loads
//      the topology it needs), with the ethercat group's id in ECAT_VM_GID;
//   4. writes markers for the host to the results port (ECAT_VM_RESULTS, the guest's ttyS1):
//        STEP <name> <uptime>, PROVISION <seconds> <summary>, TESTS files=.. total=..
//        passed=.. failed=.. skipped=.. todo=.., FAILED <test name>, SKIPPED <test name>
//      and exits with vitest's exit code (guest-init.sh adds GUEST_DONE rc=<code>).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const resultsPath = process.env.ECAT_VM_RESULTS ?? '/dev/ttyS1';
const results = openSync(resultsPath, 'w');
const uptime = () => readFileSync('/proc/uptime', 'utf8').split(' ')[0];
const mark = (line) => writeSync(results, `${line.replace(/[\r\n]+/g, ' ')}\n`);

/** `ecat provision --virtual` as a user runs it; returns its exit code. */
async function provision() {
  const args = [join(root, 'dist', 'cli', 'main.js'), 'provision', '--virtual', '--topology', join('examples', 'two-axis.yaml'), '--json'];
  const t0 = Date.now();
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1' } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  mark(`STEP provision ${uptime()}`);
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    console.log(`guest: ecat provision printed no report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    mark(`FAIL ecat provision --virtual printed no report (exit ${run.status}${run.signal ? `, signal ${run.signal}` : ''}): ${(run.stderr || '').trim().split('\n').pop() ?? ''}`);
    return 1;
  }
  writeFileSync('/tmp/ecat-vm-provision.json', `${JSON.stringify(report, null, 2)}\n`);
  // The report as the text a user sees, on the console (kept by ECAT_VM_KEEP=1 and on failure).
  console.log(`guest: ecat provision --virtual --topology examples/two-axis.yaml took ${seconds} s:`);
  if (report.steps) {
    const { renderReport } = await import(pathToFileURL(join(root, 'dist', 'provision', 'render.js')).href);
    console.log(renderReport(report));
    console.log(`guest: step times: ${report.steps.map((st) => `${st.id} ${(st.durationMs / 1000).toFixed(1)} s`).join(', ')}`);
  } else {
    console.log(`${run.stdout}\n${run.stderr}`);
  }
  const steps = (report.steps ?? []).map((st) => `${st.id}:${st.status}`).join(',');
  mark(`PROVISION ${seconds} exit=${run.status} ${steps} ${report.summary ?? report.error?.message ?? ''}`);
  if (run.status !== 0 || !report.ok) {
    mark(`FAIL ecat provision --virtual: ${report.error?.message ?? report.summary}`);
    return run.status || 1;
  }
  return 0;
}

/** The ethercat group's id, as provisioning left it (created by the host's or this run). */
function ethercatGid() {
  const line = readFileSync('/etc/group', 'utf8').split('\n').find((l) => l.startsWith('ethercat:'));
  return line ? line.split(':')[2] : '';
}

async function main() {
  mark(`STEP node ${uptime()}`);
  const rc = await provision();
  if (rc !== 0) return rc;
  const gid = ethercatGid();
  if (!gid) {
    mark('FAIL ecat provision left no group ethercat');
    return 1;
  }
  const require = createRequire(import.meta.url);
  const addon = require(process.env.ECAT_NATIVE_PATH || join(root, 'build', 'Release', 'ecat.node'));
  if (typeof addon.vbusKernelLoad !== 'function') {
    mark('FAIL the addon has no vbusKernelLoad (rebuild it: npm run compile:native)');
    return 1;
  }
  const info = addon.vbusKernelInfo('/dev/EtherCAT0');
  mark(`STEP device ${uptime()} abi=${info.abi} features=${info.features.join(',') || '-'}`);
  {
    const json = '/tmp/ecat-vm-vitest.json';
    const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
    const args = [vitest, 'run', '--config', join(root, 'test', 'vm', 'vitest.config.mjs'),
      '--configLoader', 'native', '--reporter=default', '--reporter=json', `--outputFile.json=${json}`];
    const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ECAT_VM_GUEST: '1', ECAT_VM_GID: gid, CI: '1', FORCE_COLOR: '0', NO_COLOR: '1' } });
    mark(`STEP vitest ${uptime()}`);
    if (!existsSync(json)) {
      mark(`FAIL vitest wrote no results (exit ${run.status}${run.signal ? `, signal ${run.signal}` : ''})`);
      return run.status || 1;
    }
    const report = JSON.parse(readFileSync(json, 'utf8'));
    const tests = report.testResults.flatMap((f) => f.assertionResults.map((a) => ({ ...a, file: f.name })));
    const count = (s) => tests.filter((t) => t.status === s).length;
    mark(`TESTS files=${report.testResults.length} total=${tests.length} passed=${count('passed')} failed=${count('failed')} skipped=${count('skipped') + count('pending')} todo=${count('todo')}`);
    for (const t of tests) {
      if (t.status === 'failed') mark(`FAILED ${t.fullName}: ${(t.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300)}`);
      else if (t.status === 'skipped' || t.status === 'pending' || t.status === 'todo') mark(`SKIPPED ${t.fullName}`);
    }
    for (const f of report.testResults) {
      if (f.status === 'failed' && f.assertionResults.length === 0) mark(`FAILED ${f.name}: ${(f.message ?? '').split('\n')[0].slice(0, 300)}`);
    }
    return run.status ?? 1;
  }
}

Promise.resolve()
  .then(main)
  .then(
    (code) => {
      closeSync(results);
      process.exit(code);
    },
    (err) => {
      mark(`FAIL ${err && err.stack ? err.stack.split('\n').slice(0, 3).join(' | ') : String(err)}`);
      closeSync(results);
      process.exit(1);
    },
  );
