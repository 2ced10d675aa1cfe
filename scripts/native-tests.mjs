#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Builds and runs the native unit tests (test/native/test_*.c and test_*.cc) under
// AddressSanitizer and UndefinedBehaviorSanitizer. Each test is a standalone program linked
// with the portable core (native/igh, native/vbus) and its user-space port; it exits 0 on
// success. Usage: node scripts/native-tests.mjs [name-filter]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, 'test/native/out');
mkdirSync(outDir, { recursive: true });
const filter = process.argv[2] ?? '';
const san = ['-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-fno-omit-frame-pointer', '-g', '-O1'];
const warn = ['-Wall', '-Wextra', '-Werror'];

const core = [];
for (const dir of ['native/igh', 'native/vbus']) {
  if (!existsSync(join(root, dir))) continue;
  for (const f of readdirSync(join(root, dir))) if (f.endsWith('.c')) core.push(join(root, dir, f));
}
core.push(join(root, 'native/portable/port_user.c'));

// Compile the core once as C objects, then link each test against them.
const objs = [];
for (const src of core) {
  const obj = join(outDir, src.slice(root.length).replace(/[/.]/g, '_') + '.o');
  const r = spawnSync('gcc', ['-std=c11', ...warn, ...san, '-I', join(root, 'native'), '-c', src, '-o', obj], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
  objs.push(obj);
}

const tests = readdirSync(join(root, 'test/native'))
  .filter((f) => /^test_.*\.(c|cc)$/.test(f) && f.includes(filter))
  .sort();
let failed = 0;
for (const t of tests) {
  const exe = join(outDir, t.replace(/\.(c|cc)$/, ''));
  const isCpp = t.endsWith('.cc');
  const compiler = isCpp ? 'g++' : 'gcc';
  const std = isCpp ? '-std=c++17' : '-std=c11';
  const extra = isCpp ? (process.env.ECAT_NATIVE_TEST_CXX_SOURCES ?? '').split(' ').filter(Boolean) : [];
  const build = spawnSync(compiler, [std, ...warn, ...san, '-I', join(root, 'native'), join(root, 'test/native', t), ...extra, ...objs, '-o', exe, '-lpthread'], { stdio: 'inherit' });
  if (build.status !== 0) {
    console.error(`FAIL ${t}: build failed`);
    failed++;
    continue;
  }
  const run = spawnSync(exe, [], { stdio: 'inherit', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0', UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1' } });
  if (run.status !== 0) {
    console.error(`FAIL ${t} (exit ${run.status ?? run.signal})`);
    failed++;
  } else {
    console.log(`ok   ${t}`);
  }
}
console.log(`native tests: ${tests.length - failed} passed, ${failed} failed (ASan+UBSan)`);
process.exit(failed ? 1 : 0);
