// SPDX-License-Identifier: MIT
// The real process boundary for the CLI: process streams, stdin, the file system, the
// environment, openMaster and the addon's ABI tables. The binding is imported lazily, so help
// and usage errors work (and are fast) without loading the native addon.
import { readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from './context.js';

/** The package version, from the package.json two levels above this file (src/ or dist/). */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** A reader that went away (`ecat sdos | head`) is not an error: stop quietly, as C tools do. */
function exitOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

export function processIo(): CliIo {
  exitOnBrokenPipe(process.stdout);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: () => readAll(process.stdin),
    readFile: (path) => readFile(path),
    writeFile: (path, data, overwrite) => writeFile(path, data, { flag: overwrite ? 'w' : 'wx' }),
    env: process.env,
    open: async (options) => (await import('../binding/ready.js')).openMasterReady(options),
    abiTables: async () => (await import('../binding/load.js')).loadAddon().abiTables(),
    version: packageVersion(),
  };
}
