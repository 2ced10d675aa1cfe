// SPDX-License-Identifier: MIT
// Runs tsc over the type-level tests (api.types.ts) and the examples (checked as JS with their
// JSDoc types): misuse of the typestates and of typed variables must not compile, and the
// examples must fit the public API.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('public types', () => {
  it('compile as the type tests expect (misuse fails, @ts-expect-error lines are all used)', () => {
    const tsc = require.resolve('typescript/bin/tsc');
    const project = fileURLToPath(new URL('./tsconfig.json', import.meta.url));
    const r = spawnSync(process.execPath, [tsc, '-p', project, '--pretty', 'false'], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 180_000);
});
