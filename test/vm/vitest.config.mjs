// SPDX-License-Identifier: MIT
// vitest configuration of the VM suite (test/vm/): run only inside the VM guest, by
// scripts/vm/guest-run.mjs, against the real /dev/EtherCAT0 of ecat_vbus.ko. The guest sees
// the checkout read-only, so every cache goes to /tmp; one file at a time, since the files
// share the one device (and reload its topology).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  cacheDir: '/tmp/ecat-vm-vite',
  test: {
    // dist/ is plain JavaScript: Node's own loader imports it, not vite's transform.
    server: { deps: { external: [/\/dist\//] } },
    include: ['test/vm/**/*.test.ts'],
    // One worker process for every file, no per-file isolation: each new node process costs
    // seconds in the emulated guest.
    pool: 'forks',
    maxWorkers: 1,
    isolate: false,
    fileParallelism: false,
    testTimeout: 60000,
    hookTimeout: 60000,
  },
});
