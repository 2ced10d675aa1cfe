#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Builds and runs the native unit tests (test/native/test_*.c and test_*.cc) under
// AddressSanitizer and UndefinedBehaviorSanitizer. Each test is a standalone program linked
// with the portable core (native/igh, native/vbus) and its user-space port; C++ tests are
// also linked with the native runtime (native/runtime, no N-API). It exits 0 on success.
// Tests that say "native-tests: tsan" in their first lines (the structures shared between
// the cyclic thread and its peers) are built and run a second time under ThreadSanitizer.
// Usage: node scripts/native-tests.mjs [name-filter]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, 'test/native/out');
const filter = process.argv[2] ?? '';
const warn = ['-Wall', '-Wextra', '-Werror'];
const flavours = {
  asan: {
    flags: ['-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-fno-omit-frame-pointer', '-g', '-O1'],
    env: { ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0', UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1' },
    label: 'ASan+UBSan',
  },
  tsan: {
    flags: ['-fsanitize=thread', '-fno-omit-frame-pointer', '-g', '-O1'],
    env: { TSAN_OPTIONS: 'halt_on_error=1:second_deadlock_stack=1' },
    label: 'TSan',
  },
};

const sources = (dir, ext) =>
  existsSync(join(root, dir))
    ? readdirSync(join(root, dir))
        .filter((f) => f.endsWith(ext))
        .sort()
        .map((f) => join(root, dir, f))
    : [];
const core = [...sources('native/igh', '.c'), ...sources('native/vbus', '.c'), join(root, 'native/portable/port_user.c')];
const runtime = sources('native/runtime', '.cc');

// Compile the core (C) and the runtime (C++) once per sanitizer flavour.
const objects = {};
function compileAll(name) {
  if (objects[name]) return objects[name];
  const dir = join(outDir, name);
  mkdirSync(dir, { recursive: true });
  const { flags } = flavours[name];
  const c = [];
  const cc = [];
  for (const src of core) {
    const obj = join(dir, src.slice(root.length).replace(/[/.]/g, '_') + '.o');
    const r = spawnSync('gcc', ['-std=c11', ...warn, ...flags, '-I', join(root, 'native'), '-c', src, '-o', obj], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(1);
    c.push(obj);
  }
  for (const src of runtime) {
    const obj = join(dir, src.slice(root.length).replace(/[/.]/g, '_') + '.o');
    const r = spawnSync('g++', ['-std=c++17', '-pthread', ...warn, ...flags, '-I', join(root, 'native'), '-c', src, '-o', obj], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(1);
    cc.push(obj);
  }
  objects[name] = { c, cc };
  return objects[name];
}

const tests = readdirSync(join(root, 'test/native'))
  .filter((f) => /^test_.*\.(c|cc)$/.test(f) && f.includes(filter))
  .sort();
const runs = [];
for (const t of tests) {
  runs.push([t, 'asan']);
  const head = readFileSync(join(root, 'test/native', t), 'utf8').split('\n').slice(0, 5).join('\n');
  if (head.includes('native-tests: tsan')) runs.push([t, 'tsan']);
}

let failed = 0;
for (const [t, flavour] of runs) {
  const { flags, env, label } = flavours[flavour];
  const objs = compileAll(flavour);
  const exe = join(outDir, flavour, t.replace(/\.(c|cc)$/, ''));
  const isCpp = t.endsWith('.cc');
  const compiler = isCpp ? 'g++' : 'gcc';
  const std = isCpp ? '-std=c++17' : '-std=c11';
  const extra = isCpp ? (process.env.ECAT_NATIVE_TEST_CXX_SOURCES ?? '').split(' ').filter(Boolean) : [];
  const link = isCpp ? [...objs.cc, ...objs.c] : objs.c;
  const build = spawnSync(compiler, [std, '-pthread', ...warn, ...flags, '-I', join(root, 'native'), join(root, 'test/native', t), ...extra, ...link, '-o', exe, '-lpthread'], { stdio: 'inherit' });
  const name = `${t} (${label})`;
  if (build.status !== 0) {
    console.error(`FAIL ${name}: build failed`);
    failed++;
    continue;
  }
  const run = spawnSync(exe, [], { stdio: 'inherit', env: { ...process.env, ...env } });
  if (run.status !== 0) {
    console.error(`FAIL ${name} (exit ${run.status ?? run.signal})`);
    failed++;
  } else {
    console.log(`ok   ${name}`);
  }
}
console.log(`native tests: ${runs.length - failed} passed, ${failed} failed (${runs.filter((r) => r[1] === 'asan').length} ASan+UBSan, ${runs.filter((r) => r[1] === 'tsan').length} TSan)`);
process.exit(failed ? 1 : 0);
