// Ready before open: the CLI and the runtime run the provisioning readiness check before
// opening /dev/EtherCAT<N> and explain what is missing; the virtual master and an explicit
// --device skip it. (This machine has no IgH module, so the real check finds it missing.)
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { openMasterReady } from '../../src/binding/ready.js';
import { EtherCATError } from '../../src/binding/errors.js';

const ioRack = new URL('../../examples/io-rack.yaml', import.meta.url).pathname;

describe('openMasterReady', () => {
  it.skipIf(existsSync('/dev/EtherCAT0'))('explains a missing master with fixing commands instead of opening', async () => {
    const err = await openMasterReady({ master: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EtherCATError);
    const e = err as EtherCATError;
    expect(e.code).toBe('NOT_READY');
    expect(e.path).toBe('/dev/EtherCAT0');
    expect(e.message).toMatch(/\/dev\/EtherCAT0 is not ready/);
    expect(e.message).toMatch(/ec_master is not loaded/);
    expect(e.message).toMatch(/fix: .*modprobe ec_master/);
    expect(e.hint).toMatch(/ecat doctor/);
  });

  it('skips the check for the virtual master', async () => {
    const m = await openMasterReady({ sim: ioRack, simPersist: false, simStateDir: '/tmp/ecat-ready-test' });
    try {
      expect(m.kind).toBe('sim');
    } finally {
      m.close();
    }
  });

  it('skips the check for an explicit --device and reports the open error itself', async () => {
    const err = await openMasterReady({ device: '/dev/EtherCAT-none' }).catch((e: unknown) => e);
    expect((err as EtherCATError).code).toBe('ENOENT');
  });
});
