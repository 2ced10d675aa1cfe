#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Runs inside the VM guest (chrooted into the host's root, read-only; only /tmp is
// writable), started by guest-init.sh after ecat_vbus.ko is loaded:
//   1. checks that the addon talks to the module (vbusKernelInfo on /dev/EtherCAT0);
//   2. runs the vitest subset of test/vm/ against the real device node (each test file loads
//      the topology it needs);
//   3. writes markers for the host to the results port (ECAT_VM_RESULTS, the guest's ttyS1):
//        STEP <name> <uptime>, TESTS files=.. total=.. passed=.. failed=.. skipped=.. todo=..,
//        FAILED <test name>, SKIPPED <test name>
//      and exits with vitest's exit code (guest-init.sh adds GUEST_DONE rc=<code>).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const resultsPath = process.env.ECAT_VM_RESULTS ?? '/dev/ttyS1';
const results = openSync(resultsPath, 'w');
const uptime = () => readFileSync('/proc/uptime', 'utf8').split(' ')[0];
const mark = (line) => writeSync(results, `${line.replace(/[\r\n]+/g, ' ')}\n`);

function main() {
  mark(`STEP node ${uptime()}`);
  const require = createRequire(import.meta.url);
  const addon = require(join(root, 'build', 'Release', 'ecat.node'));
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
    const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ECAT_VM_GUEST: '1', CI: '1', FORCE_COLOR: '0', NO_COLOR: '1' } });
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
