#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Compiles the TypeScript sources to dist/ and marks the CLI entry executable (tsc keeps the
// shebang line but not the file mode), so ./dist/cli/main.js runs directly in a checkout.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
if (existsSync('dist/cli/main.js')) chmodSync('dist/cli/main.js', 0o755);
