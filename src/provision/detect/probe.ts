// SPDX-License-Identifier: MIT
// What detection needs: read files and run read-only commands. A Session passes its recording
// query(); doctor and the readiness check pass the plain spawn.
import type { ProvisionDeps, ProvisionFs, SpawnResult } from '../deps.js';

export interface Probe {
  fs: ProvisionFs;
  /** Run a read-only command. */
  run(argv: readonly string[]): Promise<SpawnResult>;
}

/** A Probe straight over the dependencies, without recording. */
export function probeOf(deps: ProvisionDeps): Probe {
  return {
    fs: deps.fs,
    run: (argv) => {
      const [cmd, ...args] = argv;
      return cmd === undefined ? Promise.resolve({ code: 127, signal: null, stdout: '', stderr: '' }) : deps.spawn(cmd, args);
    },
  };
}
