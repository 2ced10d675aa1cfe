// SPDX-License-Identifier: MIT
// Ready before open: `ecat` without --device runs the provisioning readiness check before it
// opens /dev/EtherCAT0. On a node where ecat_vbus is the master module (ecat provision
// --virtual, as guest-run.mjs provisioned this guest) the check accepts it, and `ecat doctor`
// names it.
import { beforeAll, describe, expect, it } from 'vitest';
import { ecat, example, inGuest, loadKernelTopology } from './helpers.js';

describe.skipIf(!inGuest)('ready before open on the kernel-hosted virtual master', () => {
  beforeAll(async () => {
    await loadKernelTopology(example('io-rack.yaml'));
  });

  it('ecat slaves without --device passes the readiness check and lists the bus', async () => {
    const r = await ecat(['slaves']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(4);
  });

  it('ecat doctor --json: ready, with ecat_vbus as the module that provides /dev/EtherCAT0', async () => {
    const r = await ecat(['doctor', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { ready: boolean; checks: { id: string; status: string; message: string }[] };
    expect(report.ready).toBe(true);
    const byId = (id: string) => report.checks.find((c) => c.id === id);
    expect(byId('module-installed')).toMatchObject({ status: 'ok' });
    expect(byId('module-installed')?.message).toMatch(/^ecat_vbus \(the ecat virtual master\) is DKMS-installed for .*\/updates\/dkms\/ecat_vbus\.ko/);
    expect(byId('module-loaded')?.message).toBe('ecat_vbus (the ecat virtual master) is loaded (masters=1, abi=1.6).');
    expect(byId('device-present')?.message).toContain('provided by ecat_vbus');
    expect(byId('topology')).toMatchObject({ status: 'ok', message: 'EtherCAT0 of the virtual master holds a topology with 4 slave(s).' });
    expect(byId('abi')).toMatchObject({ status: 'ok', message: 'The module speaks ABI 1.6 (magic 37).' });
  });
});
