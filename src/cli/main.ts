#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// The `ecat` executable: run the CLI on the process arguments and leave the exit code to Node
// (process.exitCode rather than process.exit(), so piped stdout is flushed first).
import { runCli } from './program.js';
import { processIo } from './io.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
