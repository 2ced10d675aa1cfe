// SPDX-License-Identifier: MIT
// Every command run through the real CLI (runCli) against the fake master: text output, JSON
// output, what was sent to the master, how the device was opened, and that it was closed.
import { describe, expect, it } from 'vitest';
import type { NativeAbiTable } from '../../src/binding/native.js';
import { testBus, referenceSiiCrc } from '../fixtures/cli/bus.js';
import { run } from '../fixtures/cli/run.js';
import { slaveAt } from '../fixtures/cli/trees.js';

const json = (s: string) => JSON.parse(s) as any;

describe('slaves', () => {
  it('lists the bus read-only and closes the device', async () => {
    const r = await run(['slaves']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[4]).toBe('4  5:1  PREOP+ERROR  E  0x00000abc:0x00001234');
    expect(r.opens).toEqual([{ master: 0, access: 'ro' }]);
    expect(r.master?.closed).toBe(1);
  });

  it('selects by alias and shows details with -v', async () => {
    const r = await run(['slaves', '-a', '5', '-v']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^=== Master 0, Slave \d ===$/gm)).toEqual(['=== Master 0, Slave 3 ===', '=== Master 0, Slave 4 ===']);
  });

  it('prints JSON only on stdout with --json', async () => {
    const r = await run(['--json', 'slaves', '-p', '1']);
    const j = json(r.stdout);
    expect(j.slaves.map((s: any) => [s.position, s.name])).toEqual([[1, 'EL1809 16Ch. Dig. Input 24V, 3ms']]);
  });

  it('passes -m, --device and --sim on to openMaster; ECAT_SIM unless a device is named', async () => {
    expect((await run(['-m', '2', 'slaves'])).opens[0]).toEqual({ master: 2, access: 'ro' });
    expect((await run(['slaves', '--device', '/dev/EtherCAT7'])).opens[0]).toEqual({ master: 0, device: '/dev/EtherCAT7', access: 'ro' });
    expect((await run(['--sim', 'bus.yaml', 'slaves'])).opens[0]).toEqual({ master: 0, sim: 'bus.yaml', access: 'ro' });
    expect((await run(['slaves'], { env: { ECAT_SIM: 'env.yaml' } })).opens[0]).toEqual({ master: 0, sim: 'env.yaml', access: 'ro' });
    expect((await run(['--device', '/dev/x', 'slaves'], { env: { ECAT_SIM: 'env.yaml' } })).opens[0]).toEqual({ master: 0, device: '/dev/x', access: 'ro' });
    expect((await run(['--sim', 'b.yaml', '--sim-abi', '1.5.2', '--sim-read-only', 'slaves'])).opens[0]).toEqual({
      master: 0,
      sim: 'b.yaml',
      simAbi: '1.5.2',
      simReadOnly: true,
      access: 'ro',
    });
  });

  it('accepts abbreviations and options before the command, like the tool', async () => {
    const r = await run(['-p', '3', 'sl']);
    expect(r.stdout).toBe('3  5:0  OP  +  SD-100 Servo Drive\n');
  });
});

describe('master', () => {
  it('prints the master block with the selected index', async () => {
    const r = await run(['-m', '1', 'master']);
    expect(r.stdout.startsWith('Master1\n  Phase: Operation\n  Active: yes\n  Slaves: 5\n')).toBe(true);
    expect(json((await run(['master', '--json'])).stdout).slaveCount).toBe(5);
  });
});

describe('pdos and sdos', () => {
  it('prints PDOs of one slave without header, several with headers', async () => {
    expect((await run(['pdos', '-p', '3'])).stdout.startsWith('SM0: PhysAddr 0x1000')).toBe(true);
    const both = await run(['pdos', '-p', '2-3', '-q']);
    expect(both.stdout).toContain('=== Master 0, Slave 2 ===\nSM0: PhysAddr 0x0f00, DefaultSize    2, ControlRegister 0x44, Enable 1\n  RxPDO 0x1600 "Channel 1"\n');
    expect(both.stdout).not.toContain('PDO entry');
  });

  it('prints the EtherLab skin, and refuses an unknown skin', async () => {
    expect((await run(['pdos', '-p', '3', '-s', 'etherlab'])).stdout.startsWith('%\n% Master 0, Slave 3, "SD-100"\n%\nfunction rv = slave3()\n')).toBe(true);
    const bad = await run(['pdos', '--skin', 'fancy']);
    expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([2, "error: Invalid skin 'fancy': expected default or etherlab."]);
  });

  it('prints the dictionary', async () => {
    const r = await run(['sdos', '-p', '3']);
    expect(r.stdout).toContain('SDO 0x6060, "Modes of operation"\n  0x6060:00, rwrwrw, int8, 8 bit, "Modes of operation"\n');
    const q = json((await run(['--json', 'sdos', '-p', '4', '-q'])).stdout);
    expect(q.slaves[0].sdos).toHaveLength(12);
  });
});

describe('upload', () => {
  it('reads values with the type from the dictionary', async () => {
    const cases: Array<[string[], string]> = [
      [['0x1018', '1'], '0x00000abc 2748\n'],
      [['0x1018', '0'], '0x04 4\n'],
      [['0x6064', '0'], '0xfffffc18 -1000\n'],
      [['0x2000', '0'], '0.25\n'],
      [['0x1008', '0'], 'SD-100\n'],
      [['0x6041', '0'], '0x0250 592\n'],
    ];
    for (const [args, out] of cases) {
      const r = await run(['upload', '-p', '3', ...args]);
      expect([r.code, r.stdout, r.stderr]).toEqual([0, out, '']);
    }
  });

  it('opens read-write when permitted (IgH 1.6 needs it for SDO upload)', async () => {
    expect((await run(['upload', '-p', '3', '0x1000', '0'])).opens[0]?.access).toBe('auto');
  });

  it('honours --type, including raw octet strings and raw bytes', async () => {
    expect((await run(['upload', '-p', '3', '-t', 'int16', '0x6041', '0'])).stdout).toBe('0x0250 592\n');
    const oct = await run(['upload', '-p', '3', '-t', 'octet_string', '0x1008', '0']);
    expect(oct.stdoutBytes).toEqual(Buffer.from('SD-100\0\0', 'latin1'));
    expect((await run(['upload', '-p', '3', '-t', 'raw', '0x6041', '0'])).stdout).toBe('0x50 0x02\n');
  });

  it('shows an entry the dictionary does not describe as raw bytes, with a note', async () => {
    const r = await run(['upload', '-p', '3', '0x3000', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('0xef 0xbe\n');
    expect(r.stderr).toBe("warning: 0x3000:00 is not described by the slave's SDO dictionary; showing raw bytes (use --type to decode).\n");
  });

  it('has a JSON shape', async () => {
    const r = await run(['--json', 'upload', '-a', '5', '-p', '1', '0x1018', '4']);
    expect(json(r.stdout)).toEqual({
      position: 4,
      index: 0x1018,
      indexHex: '0x1018',
      subindex: 4,
      type: 'uint32',
      typeSource: 'dictionary',
      size: 4,
      value: 0x1002,
      text: '0x00001002 4098',
      data: '02100000',
    });
  });
});

describe('download', () => {
  it('writes a value typed by the dictionary, which a later upload reads back', async () => {
    const bus = testBus();
    const r = await run(['download', '-p', '3', '0x6060', '0', '8'], { bus });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    expect(r.master?.calls).toContain('sdoDownload(3, 24672, 0, 08, false)');
    expect(r.opens[0]?.access).toBe('auto');
    expect((await run(['upload', '-p', '3', '0x6060', '0'], { bus })).stdout).toBe('0x08 8\n');
  });

  it('writes negative, hex and octal values, and strings', async () => {
    const bus = testBus();
    await run(['download', '-p', '3', '0x6060', '0', '-6'], { bus });
    expect((await run(['upload', '-p', '3', '0x6060', '0'], { bus })).stdout).toBe('0xfa -6\n');
    await run(['download', '-p', '3', '0x6081', '0', '0x186a0'], { bus });
    expect((await run(['upload', '-p', '3', '0x6081', '0'], { bus })).stdout).toBe('0x000186a0 100000\n');
    await run(['download', '-p', '3', '0x6040', '0', '017'], { bus });
    expect((await run(['upload', '-p', '3', '0x6040', '0'], { bus })).stdout).toBe('0x000f 15\n');
    await run(['download', '-p', '3', '0x2001', '0', 'x-axis'], { bus });
    expect((await run(['upload', '-p', '3', '0x2001', '0'], { bus })).stdout).toBe('x-axis\n');
    await run(['download', '-p', '3', '0x2000', '0', '-1.5'], { bus });
    expect((await run(['upload', '-p', '3', '0x2000', '0'], { bus })).stdout).toBe('-1.5\n');
  });

  it('reads VALUE from stdin with -', async () => {
    const r = await run(['download', '-p', '3', '0x6040', '0', '-'], { stdin: '0x1f\n' });
    expect(r.code).toBe(0);
    expect(r.master?.calls).toContain('sdoDownload(3, 24640, 0, 1f00, false)');
  });

  it('writes a whole object with complete access (INDEX VALUE)', async () => {
    const r = await run(['download', '-p', '3', '0x1c12', '0x01 0x00 0x16']);
    expect(r.code).toBe(0);
    expect(r.master?.calls).toContain('sdoDownload(3, 7186, 0, 010016, true)');
  });

  it('writes a different size with --force', async () => {
    const r = await run(['download', '-p', '3', '-f', '-t', 'uint32', '0x6040', '0', '5']);
    expect(r.master?.calls).toContain('sdoDownload(3, 24640, 0, 05000000, false)');
    expect(r.stderr).toContain('0x06070010'); // the slave itself still refuses the size
  });

  it('reports what was written in JSON', async () => {
    const r = await run(['--json', 'download', '-p', '3', '0x6060', '0', '8']);
    expect(json(r.stdout)).toEqual({ position: 3, index: 0x6060, indexHex: '0x6060', subindex: 0, completeAccess: false, type: 'int8', size: 1, data: '08' });
  });
});

describe('states', () => {
  it('requests a state for the selection, or for every slave', async () => {
    const bus = testBus();
    await run(['states', '-p', '4', 'safeop'], { bus });
    expect(slaveAt(bus, 4).info.alState).toBe(4);
    const all = await run(['states', 'INIT'], { bus });
    expect(all.master?.calls.filter((c) => c.startsWith('slaveState'))).toEqual([0, 1, 2, 3, 4].map((p) => `slaveState(${p}, 1)`));
    expect(json((await run(['--json', 'states', '-a', '5', 'OP'], { bus })).stdout)).toEqual({ state: 'OP', slaves: [3, 4] });
  });
});

describe('registers', () => {
  it('reads raw bytes, or a typed value', async () => {
    expect((await run(['reg_read', '-p', '3', '0x300', '4'])).stdout).toBe('0x03 0x01 0x00 0x00\n');
    expect((await run(['reg_read', '-p', '3', '-t', 'uint16', '0x300'])).stdout).toBe('0x0103 259\n');
    expect(json((await run(['--json', 'reg_read', '-p', '3', '0x308', '1'])).stdout)).toMatchObject({ address: 0x308, addressHex: '0x0308', size: 1, type: 'raw', data: '02' });
  });

  it('writes a typed value, a file, or stdin', async () => {
    const bus = testBus();
    await run(['reg_write', '-p', '1', '-t', 'uint16', '0x0120', '0x0002'], { bus });
    expect(Array.from(slaveAt(bus, 1).registers.subarray(0x120, 0x122))).toEqual([2, 0]);
    await run(['reg_write', '-p', '1', '0x0f80', 'bytes.bin'], { bus, files: { 'bytes.bin': Buffer.from([1, 2, 3]) } });
    expect(Array.from(slaveAt(bus, 1).registers.subarray(0xf80, 0xf83))).toEqual([1, 2, 3]);
    await run(['reg_write', '-p', '1', '0x0f90', '-'], { bus, stdin: Buffer.from([9]) });
    expect(slaveAt(bus, 1).registers[0xf90]).toBe(9);
  });

  it('sends an emergency write to the ring position given with -p', async () => {
    const r = await run(['reg_write', '-e', '-p', '4', '-t', 'uint8', '0x0120', '1']);
    expect(r.master?.calls).toContain('regWrite(4, 288, <1 bytes>, true)');
  });
});

describe('SII', () => {
  it('writes the binary image to stdout', async () => {
    const bus = testBus();
    const r = await run(['sii_read', '-p', '3'], { bus });
    expect(r.stdoutBytes).toEqual(Buffer.from(slaveAt(bus, 3).sii));
  });

  it('prints categories with -v', async () => {
    const r = await run(['sii_read', '-p', '3', '-v']);
    expect(r.stdout.startsWith('SII Area:\n  08 0c 00 00')).toBe(true);
    expect(r.stdout).toContain('SII Category 0x000a (STRINGS), 10 words\n');
  });

  it('writes a checked image', async () => {
    const bus = testBus();
    const image = Buffer.from(slaveAt(bus, 1).sii);
    const r = await run(['sii_write', '-p', '4', 'img.sii'], { bus, files: { 'img.sii': image } });
    expect(r.code).toBe(0);
    expect(Buffer.from(slaveAt(bus, 4).sii)).toEqual(image);
  });

  it('writes a broken image only with --force', async () => {
    const image = Buffer.from(testBus().slaves[1]?.sii ?? []);
    image[14] = (image[14] ?? 0) ^ 1;
    const refused = await run(['sii_write', '-p', '4', 'img.sii'], { files: { 'img.sii': image } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: SII checksum incorrect: byte 14 is 0x.., but must be 0x..\.\nhint: Use --force to write anyway\.\n$/);
    expect(refused.opens).toEqual([]);
    const forced = await run(['sii_write', '-p', '4', '-f', 'img.sii'], { files: { 'img.sii': image } });
    expect(forced.code).toBe(0);
  });

  it('sets an alias in the SII with a valid checksum', async () => {
    const bus = testBus();
    const r = await run(['alias', '-p', '2', '1001'], { bus });
    expect(r.code).toBe(0);
    const sii = slaveAt(bus, 2).sii;
    expect((sii[8] ?? 0) | ((sii[9] ?? 0) << 8)).toBe(1001);
    expect(sii[14]).toBe(referenceSiiCrc(sii.subarray(0, 14)));
  });

  it('needs --force to set the alias of several slaves', async () => {
    const refused = await run(['alias', '0x10']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('This would write alias 16 to 5 slaves. Select one slave with -p POSITION, or add --force.');
    const bus = testBus();
    const forced = await run(['--json', 'alias', '-f', '-a', '5', '7'], { bus });
    expect(json(forced.stdout)).toEqual({ alias: 7, slaves: [3, 4] });
  });
});

describe('rescan and debug', () => {
  it('rescan opens read-write, asks the master to rescan and prints nothing', async () => {
    const r = await run(['rescan']);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    expect(r.opens).toEqual([{ master: 0, access: 'auto' }]);
    expect(r.master?.calls).toEqual(['rescan()']);
    expect(r.master?.closed).toBe(1);
    expect(json((await run(['--json', '-m', '1', 'rescan'])).stdout)).toEqual({ master: 1, rescanRequested: true });
  });

  it('debug sets levels 0, 1 and 2 (numbers as the tool reads them) and prints nothing', async () => {
    for (const [text, level] of [['0', 0], ['1', 1], ['2', 2], ['0x2', 2], ['01', 1]] as const) {
      const r = await run(['debug', text]);
      expect([r.code, r.stdout, r.stderr, r.master?.calls]).toEqual([0, '', '', [`setDebugLevel(${level})`]]);
      expect(r.opens).toEqual([{ master: 0, access: 'auto' }]);
    }
    expect(json((await run(['--json', 'debug', '1'])).stdout)).toEqual({ master: 0, level: 1 });
  });

  it('debug refuses other levels as a usage error, before opening the device', async () => {
    for (const text of ['3', 'x', '-1', '1.5', '']) {
      const r = await run(['debug', text]);
      expect([r.code, r.stderr.split('\n')[0], r.opens]).toEqual([2, `error: Invalid debug level '${text}': expected 0, 1 or 2.`, []]);
    }
    const j = json((await run(['--json', 'debug', '3'])).stdout);
    expect([j.error.code, j.error.command]).toEqual(['USAGE', 'debug']);
    expect((await run(['debug'])).code).toBe(2);
  });
});

describe('graph, xml, cstruct', () => {
  it('writes DOT, optionally with DC or CRC details', async () => {
    expect((await run(['graph'])).stdout).toContain('    slave3 -- slave4 [taillabel="1",headlabel="0",label="MII",weight="1"]\n');
    expect((await run(['graph', 'dc'])).stdout).toContain('\\nDC: 64 bit\\nDelay: 150 ns');
    const crc = await run(['graph', 'CRC']);
    expect(crc.stdout).toContain('headlabel="0 [3/2]"');
    expect(crc.opens[0]?.access).toBe('auto');
    expect(json((await run(['--json', 'graph'])).stdout).nodes).toHaveLength(5);
  });

  it('writes XML and C for the selection', async () => {
    expect((await run(['xml', '-p', '1'])).stdout).toContain('<Type ProductCode="#x07113052" RevisionNo="#x00100000">EL1809</Type>');
    expect((await run(['cstruct', '-p', '1'])).stdout).toContain('ec_sync_info_t slave_1_syncs[] = {\n    {0, EC_DIR_INPUT, 16, slave_1_pdos + 0, EC_WD_DISABLE},\n    {0xff}\n};\n');
    expect(json((await run(['--json', 'xml', '-p', '1'])).stdout).slaves[0].syncManagers[0].pdos).toHaveLength(16);
  });
});

describe('config and domains', () => {
  it('lists configurations', async () => {
    expect((await run(['config'])).stdout).toBe('0:9  0x00000002/0x07113052  -  -   \n5:0  0x00000abc/0x00001234  3  OP  \n');
    expect((await run(['config', '-v', '-a', '5'])).stdout.startsWith('Alias: 5\nPosition: 0\n')).toBe(true);
    expect(json((await run(['--json', 'config'])).stdout).configs.map((c: any) => c.attachedSlave)).toEqual([null, 3]);
  });

  it('shows domains, with data only when verbose', async () => {
    const plain = await run(['domains']);
    expect(plain.stdout).toBe('Domain0: LogBaseAddr 0x00000000, Size  12, WorkingCounter 3/3\n');
    expect(plain.master?.calls.some((c) => c.startsWith('domainData'))).toBe(false);
    const v = await run(['domains', '-v', '-d', '0']);
    expect(v.stdout).toContain('  SlaveConfig 5:0, SM3 ( Input), LogAddr 0x00000006, Size 6\n    37 02 18 fc ff ff \n');
  });
});

describe('data', () => {
  it('writes the domain image as binary, or as hex in JSON', async () => {
    const bus = testBus();
    expect((await run(['data'], { bus })).stdoutBytes).toEqual(bus.domains[0]?.data);
    expect(json((await run(['--json', 'data', '-d', '0'], { bus })).stdout)).toEqual({
      master: 0,
      domains: [{ index: 0, logicalBaseAddress: 0, logicalBaseAddressHex: '0x00000000', size: 12, data: '0f0010270000370218fcffff' }],
    });
  });
});

describe('crc', () => {
  it('prints the counters, and clears them with reset', async () => {
    const bus = testBus();
    expect((await run(['crc'], { bus })).stdout).toContain('  3|  3   1   2   0|');
    const reset = await run(['--json', 'crc', 'reset'], { bus });
    expect(json(reset.stdout)).toEqual({ reset: [0, 1, 2, 3, 4] });
    expect(Array.from(slaveAt(bus, 3).registers.subarray(0x300, 0x314)).every((b) => b === 0)).toBe(true);
  });
});

describe('version and abi', () => {
  it('prints the version and the module ABI', async () => {
    const r = await run(['version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ecat 9\.9\.9-test \(Node v\d+/);
    expect(r.stdout).toContain('Master0: /dev/EtherCAT0: IgH ABI 1.6 (magic 37), 1 master(s)\n');
  });

  it('still succeeds when no master can be opened', async () => {
    const r = await run(['--json', 'version'], { openError: new Error('no device') });
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({ name: 'ecat', version: '9.9.9-test', module: null, moduleError: 'no device' });
  });

  const tables = ['1.5.2', '1.6'].map(
    (id, i): NativeAbiTable => ({ id, description: `ABI ${id}`, magic: 27 + i * 10, devices: 1, requests: [], structs: [] }),
  );

  it('lists the ABI tables, or one of them', async () => {
    const all = await run(['abi'], { abiTables: tables });
    expect(all.stdout.match(/^ABI .*$/gm)).toEqual(['ABI 1.5.2: ABI 1.5.2', 'ABI 1.6: ABI 1.6']);
    const one = json((await run(['--json', 'abi', '1.6'], { abiTables: tables })).stdout);
    expect(one.abis.map((a: any) => a.magic)).toEqual([37]);
    const bad = await run(['abi', '9.9'], { abiTables: tables });
    expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([2, "error: Unknown ABI '9.9'. Known ABIs: 1.5.2, 1.6."]);
  });
});

describe('help', () => {
  it('lists every command, the exit codes and the abbreviation rule', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const name of ['abi', 'alias', 'config', 'crc', 'cstruct', 'data', 'debug', 'domains', 'download', 'graph', 'master', 'pdos', 'reg_read', 'reg_write', 'rescan', 'sdos', 'sii_read', 'sii_write', 'slaves', 'states', 'upload', 'version', 'xml']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    }
    expect(r.stdout).toContain('Exit codes: 0 success, 1 error from the bus, device or runtime, 2 usage error.');
  });

  it('gives each command usage, examples and the global options', async () => {
    for (const args of [['upload', '--help'], ['help', 'upload'], ['help', 'up'], ['-h', 'up']]) {
      const r = await run(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: ecat upload [options] <index> <subindex>');
      expect(r.stdout).toContain('Examples:\n  $ ecat upload -p 1 0x1018 1\n');
      expect(r.stdout).toContain('--sim <topology>');
      expect(r.opens).toEqual([]);
    }
  });
});

describe('scan', () => {
  it('writes a bus configuration with one variable per PDO entry, YAML by default', async () => {
    const files: Record<string, string> = {};
    const r = await run(['scan', '-o', 'bus.yaml'], { files });
    expect(r.code).toBe(0);
    const text = files['bus.yaml'] ?? '';
    expect(text).toMatch(/^# Bus configuration written by `ecat scan`/);
    expect(text).toMatch(/slaves:/);
    expect(text).toMatch(/variables:/);
    // The file it wrote is a valid bus configuration.
    const { parseBusConfig } = await import('../../src/config/index.js');
    const config = parseBusConfig(text, 'bus.yaml');
    expect(config.slaves.length).toBe(r.bus.slaves.length);
  });

  it('keeps an existing file unless -f, and writes JSON for .json', async () => {
    const files: Record<string, string> = { 'bus.json': 'old' };
    const kept = await run(['scan', '-o', 'bus.json'], { files });
    expect(kept.code).toBe(1);
    expect(kept.stderr).toMatch(/bus\.json exists/);
    expect(files['bus.json']).toBe('old');
    const forced = await run(['scan', '-f', '-o', 'bus.json'], { files });
    expect(forced.code).toBe(0);
    expect(JSON.parse(files['bus.json'] ?? '')).toHaveProperty('slaves');
  });
});
