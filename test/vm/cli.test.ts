// SPDX-License-Identifier: MIT
// The `ecat` diagnostics against the real /dev/EtherCAT0 of ecat_vbus.ko: every request is a
// real ioctl through the kernel (copy_from_user/copy_to_user, the module's locking). The
// in-process virtual master with the same topology is the reference: both run the same core,
// so the text and JSON must match, except for values that depend on the wall clock.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEVICE, example, inGuest, loadKernelTopology, onDevice, onSim } from './helpers.js';

const ioRack = example('io-rack.yaml');
const twoAxis = example('two-axis.yaml');

/** DC receive times are latched against the wall clock: mask them (the diffs stay). */
function maskRxTimes(text: string): string {
  return text.replace(/^(\s+\d\s+(?:MII|EBUS|N\/A|N\/C)\s+\S+\s+\S+\s+\S+\s+\S+)\s+\d+/gm, '$1 <rx>');
}

function maskJsonTimes(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (k, v) => (k === 'receiveTime' && typeof v === 'number' ? '<rx>' : v));
}

describe.skipIf(!inGuest)('CLI diagnostics on /dev/EtherCAT0 (examples/io-rack.yaml)', () => {
  beforeAll(async () => {
    expect((await loadKernelTopology(ioRack)).slaveCount).toBe(4);
  });

  it('slaves: the rack, as the in-process virtual master shows it', async () => {
    const dev = await onDevice(['slaves']);
    expect(dev.stderr).toBe('');
    expect(dev.code).toBe(0);
    expect(dev.stdout.trimEnd().split('\n')).toEqual([
      '0  0:0  PREOP  +  EK1100 EtherCAT Coupler (2A E-Bus)',
      '1  0:1  PREOP  +  EL1008 8Ch. Dig. Input 24V, 3ms',
      '2  0:2  PREOP  +  EL2008 8Ch. Dig. Output 24V, 0.5A',
      '3  0:3  PREOP  +  EL3064 4Ch. Ana. Input 0-10V',
    ]);
    expect(dev.stdout).toBe((await onSim(ioRack, ['slaves'])).stdout);
  });

  it('slaves -v: identity, DL information, ports, mailboxes and SII general category', async () => {
    const dev = await onDevice(['slaves', '-v']);
    expect(dev.code).toBe(0);
    expect(dev.stdout).toContain('=== Master 0, Slave 3 ===');
    expect(dev.stdout).toContain('  Vendor Id:       0x00000002');
    expect(maskRxTimes(dev.stdout)).toBe(maskRxTimes((await onSim(ioRack, ['slaves', '-v'])).stdout));
  });

  it('--json slaves matches the virtual master field by field', async () => {
    const dev = await onDevice(['--json', 'slaves']);
    expect(dev.code).toBe(0);
    const parsed = JSON.parse(dev.stdout) as { master: number; slaves: Array<{ position: number; productCodeHex: string; state: string }> };
    expect(parsed.slaves.map((s) => [s.position, s.productCodeHex, s.state])).toEqual([
      [0, '0x044c2c52', 'PREOP'],
      [1, '0x03f03052', 'PREOP'],
      [2, '0x07d83052', 'PREOP'],
      [3, '0x0bf83052', 'PREOP'],
    ]);
    expect(maskJsonTimes(parsed)).toEqual(maskJsonTimes(JSON.parse((await onSim(ioRack, ['--json', 'slaves'])).stdout)));
  });

  it('pdos and sdos: sync managers, PDOs and the CoE dictionary', async () => {
    for (const args of [['pdos'], ['sdos', '-p', '3'], ['--json', 'pdos', '-p', '1'], ['--json', 'sdos', '-p', '3']]) {
      const dev = await onDevice(args);
      expect(dev.code, args.join(' ')).toBe(0);
      expect(dev.stdout, args.join(' ')).toBe((await onSim(ioRack, args)).stdout);
    }
    expect((await onDevice(['pdos', '-p', '1'])).stdout).toContain('TxPDO 0x1a00 "Channel 1"');
  });

  it('sii_read: the EEPROM words, raw and decoded', async () => {
    const raw = await onDevice(['sii_read', '-p', '1']);
    expect(raw.code).toBe(0);
    expect(raw.stdout.length).toBeGreaterThan(128);
    expect(raw.stdout).toBe((await onSim(ioRack, ['sii_read', '-p', '1'])).stdout);
    const json = await onDevice(['--json', 'sii_read', '-p', '3']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse((await onSim(ioRack, ['--json', 'sii_read', '-p', '3'])).stdout));
  });

  it('upload, download and read back (and a fresh load resets the value)', async () => {
    expect((await onDevice(['upload', '-p', '3', '0x8000', '0x13'])).stdout).toBe('0x3e80 16000\n');
    const down = await onDevice(['download', '-p', '3', '0x8000', '0x13', '12345']);
    expect(down.stderr).toBe('');
    expect(down.code).toBe(0);
    const up = await onDevice(['--json', 'upload', '-p', '3', '0x8000', '0x13']);
    expect(up.code).toBe(0);
    expect(JSON.parse(up.stdout)).toMatchObject({ position: 3, indexHex: '0x8000', subindex: 0x13, value: 12345, text: '0x3039 12345' });
    await loadKernelTopology(ioRack);
    expect((await onDevice(['upload', '-p', '3', '0x8000', '0x13'])).stdout).toBe('0x3e80 16000\n');
  });

  it('SDO errors: an abort code from the slave, a value that does not fit its type', async () => {
    const missing = await onDevice(['upload', '-p', '3', '0x1234', '0']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('SDO transfer aborted with 0x06020000');
    const json = await onDevice(['--json', 'upload', '-p', '3', '0x1234', '0']);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'SDO_ABORT', abortCode: 0x06020000, path: DEVICE, request: 'EC_IOCTL_SLAVE_SDO_UPLOAD' });
    const range = await onDevice(['download', '-p', '3', '-t', 'uint8', '0x8000', '0x13', '300']);
    expect(range.code).toBe(2);
    const noSlave = await onDevice(['upload', '-p', '9', '0x1000', '0']);
    expect(noSlave.code).toBe(1);
    expect(noSlave.stderr).toContain('No slave at position 9');
  });

  it('states: the AL state machine, seen in slaves and in the AL status register', async () => {
    expect((await onDevice(['states', '-p', '1', 'SAFEOP'])).code).toBe(0);
    expect((await onDevice(['slaves', '-p', '1'])).stdout).toBe('1  0:1  SAFEOP  +  EL1008 8Ch. Dig. Input 24V, 3ms\n');
    expect((await onDevice(['reg_read', '-p', '1', '-t', 'uint16', '0x130'])).stdout).toBe('0x0004 4\n');
    const json = await onDevice(['--json', 'states', 'PREOP']);
    expect(JSON.parse(json.stdout)).toEqual({ state: 'PREOP', slaves: [0, 1, 2, 3] });
    expect((await onDevice(['slaves'])).stdout).not.toContain('SAFEOP');
  });

  it('reg_read and reg_write: ESC registers through datagrams', async () => {
    const json = await onDevice(['--json', 'reg_read', '-p', '0', '0x0000', '2']);
    expect(JSON.parse(json.stdout)).toMatchObject({ position: 0, addressHex: '0x0000', size: 2, data: '1100' });
    expect((await onDevice(['reg_write', '-p', '2', '-t', 'uint16', '0x0200', '0x1234'])).code).toBe(0);
    expect((await onDevice(['reg_read', '-p', '2', '-t', 'uint16', '0x0200'])).stdout).toBe('0x1234 4660\n');
  });

  it('master and version: the module as a real IgH 1.6 master', async () => {
    const master = await onDevice(['master']);
    expect(master.code).toBe(0);
    expect(master.stdout).toMatch(/Phase: Idle\n/);
    expect(master.stdout).toMatch(/Slaves: 4\n/);
    expect(master.stdout).toContain('Main: 02:00:00:00:00:01 (attached)');
    expect(master.stdout).toContain('Link: UP');
    const version = await onDevice(['version']);
    expect(version.stdout).toContain(`Master0: ${DEVICE}: IgH ABI 1.6 (magic 37`);
    expect(version.stdout).not.toContain('virtual master)');
  });

  it('debug and rescan: the module takes both requests (write access), the bus is scanned again', async () => {
    expect((await onDevice(['debug', '1'])).code).toBe(0);
    expect((await onDevice(['debug', '0'])).code).toBe(0);
    expect((await onDevice(['debug', '3'])).code).toBe(2); // a usage error, before the device
    const r = await onDevice(['--json', 'rescan']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ master: 0, rescanRequested: true });
    expect((await onDevice(['slaves'])).stdout.trimEnd().split('\n')).toHaveLength(4);
  });
});

describe.skipIf(!inGuest)('CLI on /dev/EtherCAT0 (examples/two-axis.yaml)', () => {
  beforeAll(async () => {
    expect((await loadKernelTopology(twoAxis)).slaveCount).toBe(2);
  });

  it('two drives addressed by alias; SDO download and read back', async () => {
    expect((await onDevice(['slaves'])).stdout).toBe('0  1:0  PREOP  +  Generic CiA 402 Servo Drive\n1  2:0  PREOP  +  Generic CiA 402 Servo Drive\n');
    expect((await onDevice(['upload', '-a', '2', '0x6065', '0'])).stdout).toBe('0x000186a0 100000\n');
    expect((await onDevice(['download', '-a', '2', '0x6065', '0', '5000'])).code).toBe(0);
    expect((await onDevice(['upload', '-a', '2', '0x6065', '0'])).stdout).toBe('0x00001388 5000\n');
    expect((await onDevice(['upload', '-a', '1', '0x6065', '0'])).stdout).toBe('0x000186a0 100000\n');
  });

  it('a read-only entry refuses a download with its abort code', async () => {
    const r = await onDevice(['download', '-p', '0', '0x1000', '0', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('0x06010002');
  });
});
