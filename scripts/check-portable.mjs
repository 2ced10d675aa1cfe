#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Mechanical check that the kernel-portable core (native/igh, native/vbus) stays portable:
// every file compiles as C11 with -ffreestanding -nostdinc (no libc headers, only
// native/portable/ecat_port.h), -mgeneral-regs-only (no floating point), -Werror, and the
// objects reference no symbol outside the port interface and the compiler's mem* helpers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dirs = ['native/igh', 'native/vbus'];
const allowedUndefined = new Set([
  'memcpy', 'memset', 'memcmp', 'memmove',
  'ecat_port_zalloc', 'ecat_port_free',
  'ecat_port_copy_from_user', 'ecat_port_copy_to_user',
  'ecat_port_lock_create', 'ecat_port_lock_destroy', 'ecat_port_lock', 'ecat_port_unlock',
  'ecat_port_time_ns', 'ecat_port_realtime_ns',
  'ecat_port_wait_create', 'ecat_port_wait_destroy', 'ecat_port_wait_event', 'ecat_port_wake_all',
]);

const out = mkdtempSync(join(tmpdir(), 'ecat-portable-'));
const objects = [];
let failed = false;
for (const dir of dirs) {
  let files = [];
  try {
    files = readdirSync(join(root, dir)).filter((f) => f.endsWith('.c'));
  } catch {
    continue;
  }
  for (const f of files) {
    const src = join(root, dir, f);
    const obj = join(out, `${dir.replace(/\//g, '_')}_${f}.o`);
    const args = ['-std=c11', '-ffreestanding', '-nostdinc', '-mgeneral-regs-only', '-fno-builtin-printf',
      '-Wall', '-Wextra', '-Werror', '-Wframe-larger-than=2048', '-O2', '-c', src, '-o', obj];
    const r = spawnSync('gcc', args, { encoding: 'utf8' });
    if (r.status !== 0) {
      failed = true;
      console.error(`FAIL ${dir}/${f}: does not compile freestanding\n${r.stderr}`);
      continue;
    }
    objects.push({ name: `${dir}/${f}`, obj });
  }
}

// Symbols defined anywhere in the core may be used anywhere in it.
const defined = new Set();
for (const { obj } of objects) {
  const r = spawnSync('nm', ['--defined-only', obj], { encoding: 'utf8' });
  for (const line of r.stdout.split('\n')) {
    const m = line.trim().split(/\s+/);
    if (m.length === 3) defined.add(m[2]);
  }
}
for (const { name, obj } of objects) {
  const r = spawnSync('nm', ['-u', obj], { encoding: 'utf8' });
  for (const line of r.stdout.split('\n')) {
    const sym = line.trim().split(/\s+/).pop();
    if (!sym || defined.has(sym) || allowedUndefined.has(sym)) continue;
    failed = true;
    console.error(`FAIL ${name}: uses ${sym}, which is neither in the core nor in ecat_port.h`);
  }
}
rmSync(out, { recursive: true, force: true });
if (failed) process.exit(1);
console.log(`portable: ${objects.length} files compile freestanding (C11, -nostdinc, -mgeneral-regs-only) and use only the port interface`);
