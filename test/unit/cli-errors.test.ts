// SPDX-License-Identifier: MIT
// Bad input and failures: each gives a clear message on stderr (or {"error": …} on stdout with
// --json), a hint where one helps, and the documented exit code (1 bus/device/runtime, 2 usage).
import { describe, expect, it } from 'vitest';
import { toEtherCATError } from '../../src/binding/errors.js';
import { run } from '../fixtures/cli/run.js';

const json = (s: string) => JSON.parse(s) as any;

describe('usage errors (exit 2)', () => {
  it('unknown command', async () => {
    const r = await run(['slavez']);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe("error: Unknown command 'slavez'. Did you mean 'slaves'?\nhint: Run 'ecat --help' for the list of commands.\n");
    expect(r.opens).toEqual([]);
  });

  it('unknown command, as JSON', async () => {
    const r = await run(['--json', 'frobnicate']);
    expect(r.code).toBe(2);
    expect(json(r.stdout)).toEqual({
      error: { name: 'UsageError', code: 'USAGE', message: "Unknown command 'frobnicate'.", hint: "Run 'ecat --help' for the list of commands." },
    });
    expect(r.stderr).toBe('');
  });

  it('help for an unknown command', async () => {
    const r = await run(['help', 'nosuch']);
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([2, "error: Unknown command 'nosuch'."]);
  });

  it('ambiguous abbreviation', async () => {
    const r = await run(['s']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: Ambiguous command abbreviation 's': matches scan, sdos, sii_read, sii_write, slaves, states. Type more letters.\n");
    expect((await run(['d'])).stderr).toContain("matches data, debug, domains, download, doctor.");
  });

  it('no command at all', async () => {
    const r = await run([]);
    expect([r.code, r.stderr]).toEqual([2, "error: Please specify a command.\nhint: Run 'ecat --help' for the list of commands.\n"]);
  });

  it('unknown option points at the command help', async () => {
    const r = await run(['slaves', '--foo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: unknown option '--foo'\nhint: Run 'ecat slaves --help' for usage.\n");
  });

  it('an option the command does not take', async () => {
    const r = await run(['master', '-t', 'uint8']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("error: unknown option '-t'");
  });

  it('missing and excess arguments', async () => {
    const missing = await run(['upload', '-p', '3', '0x1018']);
    expect([missing.code, missing.stderr.split('\n')[0]]).toEqual([2, "error: missing required argument 'subindex'"]);
    const excess = await run(['slaves', 'extra']);
    expect(excess.code).toBe(2);
    expect(excess.stderr).toContain("too many arguments for 'slaves'");
  });

  it('bad numbers', async () => {
    const r = await run(['upload', '-p', '3', '0x1018', '0x100']);
    expect(r.stderr.split('\n')[0]).toBe("error: Invalid SDO subindex '0x100': out of range (0..0xff).");
    expect((await run(['-m', 'one', 'slaves'])).stderr.split('\n')[0]).toBe("error: Invalid master index 'one': expected a number (decimal, 0x hex or 0-prefixed octal).");
    expect((await run(['slaves', '-p', 'x'])).code).toBe(2);
  });

  it('invalid --type lists the valid ones', async () => {
    const r = await run(['upload', '-p', '3', '-t', 'u16', '0x6041', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: Invalid data type 'u16'\. Valid types: bool, int8, int16, .*raw\.\n/);
  });

  it('invalid state', async () => {
    const r = await run(['states', 'RUN']);
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([2, "error: Invalid state 'RUN': expected INIT, PREOP, BOOT, SAFEOP or OP."]);
  });

  it('a single-slave command with several slaves selected', async () => {
    const r = await run(['sii_read']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      "error: The slave selection matches 5 slaves. 'sii_read' requires a single slave: select one with -p POSITION (or -a ALIAS).",
    );
  });

  it('reg_read without a size', async () => {
    const r = await run(['reg_read', '-p', '0', '0x130']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('The size argument is mandatory');
  });
});

describe('download values that do not fit', () => {
  it('300 for uint8 is refused before the device is opened', async () => {
    const r = await run(['download', '-p', '3', '-t', 'uint8', '0x6060', '0', '300']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: Value 300 is out of range for type 'uint8' (0..255).\nhint: Run 'ecat download --help' for usage.\n");
    expect(r.opens).toEqual([]);
  });

  it('a value out of range for the dictionary type', async () => {
    const r = await run(['download', '-p', '3', '0x6060', '0', '200']);
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([2, "error: Value 200 is out of range for type 'int8' (-128..127)."]);
    expect(r.master?.calls.some((c) => c.startsWith('sdoDownload'))).toBe(false);
  });

  it('a value that is no number', async () => {
    const r = await run(['download', '-p', '3', '0x6040', '0', 'fast']);
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([
      2,
      "error: Invalid value 'fast' for type 'uint16': expected an integer (decimal, 0x hex or 0-prefixed octal).",
    ]);
  });

  it('a --type whose size differs from the entry', async () => {
    const r = await run(['download', '-p', '3', '-t', 'uint32', '0x6040', '0', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      'error: Size mismatch: 0x6040:00 is 16 bit (uint16), but --type uint32 writes 32 bit. Use the matching --type, or --force to write anyway.',
    );
    expect(r.master?.calls.some((c) => c.startsWith('sdoDownload'))).toBe(false);
  });

  it('a string longer than the entry', async () => {
    const r = await run(['download', '-p', '3', '0x2001', '0', 'much-too-long']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: Value too large for 0x2001:00: String too large (13 > 8 bytes).\nhint: The entry holds at most 8 bytes.\n');
  });

  it('an entry the dictionary does not describe, without --type', async () => {
    const r = await run(['download', '-p', '3', '0x3000', '0', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "error: Failed to determine the data type of 0x3000:00: the slave's SDO dictionary does not describe it.\nhint: Please specify --type (e.g. -t uint16).\n",
    );
  });

  it('empty stdin', async () => {
    const r = await run(['download', '-p', '3', '0x6040', '0', '-'], { stdin: '' });
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([2, 'error: Invalid data size 0 on standard input: the value must not be empty.']);
  });
});

describe('bus and device errors (exit 1)', () => {
  it('a position with no slave says how many slaves there are', async () => {
    const r = await run(['upload', '-p', '7', '0x1018', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("error: No slave at position 7: the bus has 5 slaves (positions 0-4).\nhint: Run 'ecat slaves' to list the bus.\n");
    expect(r.master?.closed).toBe(1);
  });

  it('upload of a missing object shows the abort code and its text', async () => {
    const r = await run(['upload', '-p', '3', '0x5000', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: SDO transfer aborted with 0x06020000: Object does not exist in the object dictionary\n');
    const j = json((await run(['--json', 'upload', '-p', '3', '0x5000', '0'])).stdout);
    expect(j.error).toMatchObject({ code: 'SDO_ABORT', abortCode: 0x06020000, request: 'EC_IOCTL_SLAVE_SDO_UPLOAD' });
  });

  it('upload of a missing subindex', async () => {
    const r = await run(['upload', '-p', '3', '0x1018', '9']);
    expect(r.stderr).toBe('error: SDO transfer aborted with 0x06090011: Subindex does not exist\n');
  });

  it('upload with a --type of the wrong size', async () => {
    const r = await run(['upload', '-p', '3', '-t', 'uint32', '0x6041', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: Data type mismatch. Expected uint32 with 4 byte, but got 2 byte.\nhint: The slave sent 2 byte(s); pick a matching --type, or -t raw.\n',
    );
  });

  it('write to a read-only object', async () => {
    const r = await run(['download', '-p', '3', '0x6041', '0', '5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: SDO transfer aborted with 0x06010002: Attempt to write a read-only object\n');
  });

  it('missing /dev/EtherCAT0 gives the hint of the error model', async () => {
    const openError = toEtherCATError(Object.assign(new Error('open failed'), { errno: 2, syscall: 'open', path: '/dev/EtherCAT0' }));
    const r = await run(['slaves'], { openError });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: open \/dev\/EtherCAT0: ENOENT \(No such file or directory\)\nhint: \/dev\/EtherCAT0 does not exist: the EtherCAT master module is not loaded\. .*--sim <topology>.*\n$/);
    const j = json((await run(['--json', 'slaves'], { openError })).stdout);
    expect(j.error).toMatchObject({ code: 'ENOENT', syscall: 'open', path: '/dev/EtherCAT0' });
    expect(j.error.hint).toContain("sudo ecat provision");
  });

  it('a bad topology file shows every issue and keeps its code', async () => {
    const issues = [{ path: 'slaves[0].preset', line: 3, column: 13, message: "unknown preset 'EK1101'" }];
    const openError = Object.assign(new Error("bus.yaml: 1 error in topology\n  bus.yaml:3:13: slaves[0].preset: unknown preset 'EK1101'"), {
      name: 'TopologyError',
      code: 'BAD_TOPOLOGY',
      file: 'bus.yaml',
      errors: issues,
    });
    const r = await run(['--sim', 'bus.yaml', 'slaves'], { openError });
    expect([r.code, r.stderr]).toEqual([1, "error: bus.yaml: 1 error in topology\n  bus.yaml:3:13: slaves[0].preset: unknown preset 'EK1101'\n"]);
    const j = json((await run(['--json', '--sim', 'bus.yaml', 'slaves'], { openError })).stdout);
    expect(j.error).toMatchObject({ name: 'EtherCATError', code: 'BAD_TOPOLOGY', file: 'bus.yaml', errors: issues });
  });

  it('a write command on a device opened read-only is refused before it writes', async () => {
    const r = await run(['download', '-p', '3', '0x6060', '0', '8'], { writable: false });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe("error: 'ecat download' writes to the bus, but /dev/EtherCAT0 is open read-only.");
    expect(r.stderr).toContain('hint: Your user may not write /dev/EtherCAT0.');
    expect(r.master?.calls.some((c) => c.startsWith('sdoDownload'))).toBe(false);
    expect(r.master?.closed).toBe(1);
    for (const args of [['states', 'OP'], ['alias', '-p', '1', '3'], ['crc', 'reset'], ['reg_write', '-p', '1', '-t', 'uint8', '0x120', '1'], ['rescan'], ['debug', '1']]) {
      const w = await run(args, { writable: false });
      expect([args[0], w.code, json((await run(['--json', ...args], { writable: false })).stdout).error.code]).toEqual([args[0], 1, 'READ_ONLY']);
    }
  });

  it('the read-only virtual master names its option', async () => {
    const r = await run(['states', 'OP'], { writable: false, kind: 'sim', path: 'sim:bus.yaml' });
    expect(r.stderr).toBe(
      "error: 'ecat states' writes to the bus, but sim:bus.yaml is open read-only.\nhint: The virtual master was opened read-only (--sim-read-only); drop that option to write.\n",
    );
  });

  it('an upload on a read-only fd gets the kernel EPERM with a hint (IgH 1.6)', async () => {
    const r = await run(['upload', '-p', '3', '0x1018', '1'], { writable: false });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: ioctl EC_IOCTL_SLAVE_SDO_UPLOAD \/dev\/EtherCAT0: EPERM \(Operation not permitted\)\nhint: EC_IOCTL_SLAVE_SDO_UPLOAD needs the device opened read-write/);
  });

  it('a file that cannot be read', async () => {
    const r = await run(['sii_write', '-p', '1', 'nope.sii']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe("error: Failed to open 'nope.sii': ENOENT: no such file or directory, open 'nope.sii'");
  });

  it('an SII image of odd size', async () => {
    const r = await run(['sii_write', '-p', '1', 'odd.sii'], { files: { 'odd.sii': Buffer.alloc(129) } });
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([2, 'error: Invalid SII data size 129: must be non-zero and even.']);
  });

  it('a domain that does not exist', async () => {
    const r = await run(['domains', '-d', '4']);
    expect([r.code, r.stderr]).toEqual([1, 'error: No domain 4: the master has 1 domain (0-0).\n']);
  });
});
