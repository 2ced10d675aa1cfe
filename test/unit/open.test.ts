// Opening masters through the one open path: real device errors (ENOENT, ENOTTY on a file
// that is not an EtherCAT device), and ABI detection against the virtual master presenting
// each supported ABI, plus refusal of an unknown magic.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openMaster, EtherCATError } from '../../src/index.js';

const ioRack = new URL('../../examples/io-rack.yaml', import.meta.url).pathname;
const stateDir = mkdtempSync(join(tmpdir(), 'ecat-open-test-'));

function catchError(fn: () => unknown): EtherCATError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EtherCATError);
    return err as EtherCATError;
  }
  throw new Error('expected an EtherCATError');
}

describe('kernel device errors', () => {
  it('a missing /dev/EtherCAT<N> says the module is not loaded and names the path', () => {
    const err = catchError(() => openMaster({ device: '/dev/EtherCAT-does-not-exist' }));
    expect(err.code).toBe('ENOENT');
    expect(err.errno).toBe(-2);
    expect(err.syscall).toBe('open');
    expect(err.path).toBe('/dev/EtherCAT-does-not-exist');
    expect(err.hint).toMatch(/module is not loaded/);
    expect(err.hint).toMatch(/ecat doctor/);
  });

  it('a file that is not an EtherCAT device fails the first ioctl with ENOTTY and names the request', () => {
    const file = join(stateDir, 'not-a-device');
    writeFileSync(file, 'x');
    const err = catchError(() => openMaster({ device: file }));
    expect(err.code).toBe('ENOTTY');
    expect(err.syscall).toBe('ioctl');
    expect(err.request).toBe('EC_IOCTL_MODULE');
    expect(err.path).toBe(file);
    expect(err.hint).toMatch(/ABI or build options/);
  });

  it('rejects a master index out of range before touching the system', () => {
    const err = catchError(() => openMaster({ master: 999 }));
    expect(err.code).toBe('INVALID_ARGUMENT');
  });
});

describe('ABI detection on the virtual master', () => {
  const cases: Array<[string, number, number]> = [
    ['1.6', 37, 1],
    ['1.6+dev2', 37, 2],
    ['dev-2022', 37, 1],
    ['1.5.3', 33, 1],
    ['stable-1.5-m31', 31, 1],
    ['1.5.2', 27, 1],
    ['1.5.2+dev2', 27, 2],
  ];
  for (const [abi, magic, devices] of cases) {
    it(`picks ${abi} when the virtual master presents it`, () => {
      const m = openMaster({ sim: ioRack, simAbi: abi, simStateDir: stateDir, simPersist: false });
      try {
        expect(m.detection.abi.id).toBe(abi);
        expect(m.detection.magic).toBe(magic);
        expect(m.detection.abi.devices).toBe(devices);
        expect(m.module().magic).toBe(magic);
        const info = m.master();
        expect(info.slaveCount).toBeGreaterThan(0);
        // A redundancy build reports only the devices configured; the topology has no backup link.
        expect(info.devices).toHaveLength(1);
        // Inspection works through the detected table.
        expect(m.slave(0).name.length).toBeGreaterThan(0);
      } finally {
        m.close();
      }
    });
  }

  it('probes MASTER_STATE to tell 1.6 from the 2022 development line (same magic 37)', () => {
    const m = openMaster({ sim: ioRack, simAbi: 'dev-2022', simStateDir: stateDir, simPersist: false });
    try {
      const probes = m.detection.probes;
      const first = probes.find((p) => p.request === 'EC_IOCTL_MASTER_STATE');
      expect(first?.abi).toBe('1.6');
      expect(first?.result).toBe('ENOTTY');
      expect(probes.some((p) => p.abi === 'dev-2022' && p.request === 'EC_IOCTL_MASTER_STATE' && p.result === 'ok')).toBe(
        true,
      );
    } finally {
      m.close();
    }
  });

  it('refuses an unknown magic, naming the magic found and the ones supported', () => {
    const err = catchError(() =>
      openMaster({ sim: ioRack, simMagic: 99, simStateDir: stateDir, simPersist: false }),
    );
    expect(err.code).toBe('ABI_UNSUPPORTED');
    expect(err.magic).toBe(99);
    expect(err.message).toMatch(/magic 99/);
    expect(err.supported).toEqual(expect.arrayContaining([27, 33, 37]));
    expect(err.message).toMatch(/27.*33.*37/);
  });
});

describe('read-only device', () => {
  it('reads work and writes fail with EPERM naming the request', () => {
    const m = openMaster({ sim: ioRack, simReadOnly: true, simStateDir: stateDir, simPersist: false });
    try {
      expect(m.writable).toBe(false);
      expect(m.slave(0).position).toBe(0);
      const err = catchError(() => m.slaveState(0, 4));
      expect(err.code).toBe('EPERM');
      expect(err.request).toBe('EC_IOCTL_SLAVE_STATE');
      expect(err.slave).toBe(0);
      expect(err.hint).toMatch(/read-write/);
    } finally {
      m.close();
    }
  });
});

describe('rescan and debug level', () => {
  it('a rescan makes SII words written since the last scan readable', () => {
    const m = openMaster({ sim: ioRack, simStateDir: stateDir, simPersist: false });
    try {
      const before = m.siiRead(1, 5, 1);
      const patched = Buffer.from([before[0]! ^ 0xa5, before[1]! ^ 0x5a]);
      m.siiWrite(1, 5, patched);
      expect(m.siiRead(1, 5, 1)).toEqual(before); // the master's copy is from its last scan
      m.rescan();
      expect(m.siiRead(1, 5, 1)).toEqual(patched);
    } finally {
      m.close();
    }
  });

  it('debug levels 0..2 are taken; others fail with EINVAL naming the request and the device', () => {
    const m = openMaster({ sim: ioRack, simStateDir: stateDir, simPersist: false });
    try {
      for (const level of [0, 1, 2]) m.setDebugLevel(level);
      const err = catchError(() => m.setDebugLevel(3));
      expect([err.code, err.errno, err.syscall, err.request, err.path]).toEqual(['EINVAL', -22, 'ioctl', 'EC_IOCTL_MASTER_DEBUG', m.path]);
    } finally {
      m.close();
    }
  });

  it('both need write access', () => {
    const m = openMaster({ sim: ioRack, simReadOnly: true, simStateDir: stateDir, simPersist: false });
    try {
      const calls = [
        [() => m.rescan(), 'EC_IOCTL_MASTER_RESCAN'],
        [() => m.setDebugLevel(1), 'EC_IOCTL_MASTER_DEBUG'],
      ] as const;
      for (const [call, request] of calls) {
        const err = catchError(call);
        expect([err.code, err.request, err.path]).toEqual(['EPERM', request, m.path]);
      }
    } finally {
      m.close();
    }
  });
});

describe('virtual bus state persists between opens', () => {
  it('an AL state requested in one session is seen by the next', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecat-state-'));
    const a = openMaster({ sim: ioRack, simStateDir: dir });
    a.slaveState(1, 4); // SAFEOP
    a.close();
    const b = openMaster({ sim: ioRack, simStateDir: dir });
    try {
      expect(b.slave(1).alState).toBe(4);
    } finally {
      b.close();
    }
    const c = openMaster({ sim: ioRack, simStateDir: dir, simPersist: false });
    try {
      expect(c.slave(1).alState).toBe(2); // fresh bus: PREOP after the scan
    } finally {
      c.close();
    }
  });
});

describe('ABI mismatch', () => {
  it('refuses a module whose magic is known but whose requests fit no table for it', () => {
    // A 1.5.3 request table behind magic 37: MASTER_STATE of both magic-37 lines is ENOTTY.
    const err = catchError(() =>
      openMaster({ sim: ioRack, simAbi: '1.5.3', simMagic: 37, simStateDir: stateDir, simPersist: false }),
    );
    expect(err.code).toBe('ABI_MISMATCH');
    expect(err.magic).toBe(37);
    expect(err.message).toMatch(/magic 37/);
    expect(err.message).toMatch(/1\.6.*dev-2022|dev-2022.*1\.6/);
  });
});

describe('scale', () => {
  it('a 512-slave topology loads into the virtual master and lists every slave', () => {
    const lines = ['slaves:', '  - name: c0', '    preset: EK1100'];
    for (let i = 1; i < 512; i++) lines.push(`  - name: io${i}`, `    preset: ${i % 2 ? 'EL1008' : 'EL2008'}`);
    const file = join(stateDir, 'big.yaml');
    writeFileSync(file, lines.join('\n') + '\n');
    const m = openMaster({ sim: file, simStateDir: stateDir, simPersist: false });
    try {
      expect(m.master().slaveCount).toBe(512);
      expect(m.slave(511).name).toMatch(/EL2008|EL1008/);
      expect(m.slave(511).position).toBe(511);
    } finally {
      m.close();
    }
  });
});

describe('errors from the application calls', () => {
  it('a refused phase keeps phase and call; a rejected mailbox Promise is an EtherCATError too', async () => {
    const m = openMaster({ sim: ioRack, simStateDir: stateDir, simPersist: false }) as ReturnType<typeof openMaster> &
      import('../../src/binding/native.js').NativeApplication;
    try {
      const err = catchError(() => m.activate());
      expect(err.code).toBe('WRONG_PHASE');
      expect(err.phase).toBe('opened');
      expect(err.call).toBe('activate');
      const rejected = await m.sdoUploadAsync(3, 0x1234, 0, 4).catch((e: unknown) => e);
      expect(rejected).toBeInstanceOf(EtherCATError);
      expect((rejected as EtherCATError).code).toBe('SDO_ABORT');
      expect((rejected as EtherCATError).abortCode).toBe(0x06020000);
      expect((rejected as EtherCATError).slave).toBe(3);
    } finally {
      m.close();
    }
  });
});
