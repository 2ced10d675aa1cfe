// SPDX-License-Identifier: MIT
// End to end: spawn the built `ecat` (node dist/cli/main.js, no shell) and check output and exit
// codes. The first group needs only the build; the second drives the virtual master through
// openMaster with examples/io-rack.yaml and runs when the virtual master can be opened at all
// (checked with openMaster directly, not through the CLI, so a CLI bug cannot skip these tests).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const main = join(root, 'dist', 'cli', 'main.js');
const topology = join(root, 'examples', 'io-rack.yaml');
const stateDir = mkdtempSync(join(tmpdir(), 'ecat-cli-e2e-'));

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

function ecat(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [main, ...args], {
    cwd: root,
    encoding: 'utf8',
    input,
    env: { ...process.env, ECAT_SIM: '', ECAT_SIM_STATE_DIR: stateDir },
    timeout: 20000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Can the virtual master be opened? Asked of openMaster itself, in a child process. */
function simAvailable(): { ok: boolean; why: string } {
  if (!existsSync(main) || !existsSync(topology)) return { ok: false, why: 'dist/ or examples/io-rack.yaml missing' };
  const probe = `import(${JSON.stringify(join(root, 'dist', 'binding', 'open.js'))}).then((m) => { m.openMaster({ sim: ${JSON.stringify(topology)}, simPersist: false }).close(); })`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8', env: { ...process.env, ECAT_SIM_STATE_DIR: stateDir }, timeout: 20000 });
  return { ok: r.status === 0, why: (r.stderr || '').trim().split('\n')[0] ?? '' };
}

describe.skipIf(!existsSync(main))('built executable', () => {
  it('keeps the #!/usr/bin/env node line', async () => {
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(main, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('prints help with exit 0', () => {
    const r = ecat(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: ecat <command> [options] [arguments]');
  });

  it('exits 2 on an unknown command, with the message on stderr', () => {
    const r = ecat(['slavez']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("error: Unknown command 'slavez'. Did you mean 'slaves'?");
  });

  it('exits 1 with the device hint when the device node does not exist', () => {
    const r = ecat(['--device', '/nonexistent/EtherCAT9', 'slaves']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*\/nonexistent\/EtherCAT9/);
    expect(r.stderr).toContain('hint: ');
  });

  it('prints a JSON error on stdout with --json', () => {
    const r = ecat(['--json', '--device', '/nonexistent/EtherCAT9', 'slaves']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.path).toBe('/nonexistent/EtherCAT9');
  });
});

const sim = simAvailable();

describe.skipIf(!sim.ok)(`virtual master (examples/io-rack.yaml)${sim.ok ? '' : ` - skipped: ${sim.why}`}`, () => {
  const withSim = (args: string[], input?: string) => ecat(['--sim', topology, ...args], input);

  it('lists the rack', () => {
    const r = withSim(['slaves']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^0 {2}0:0 {2}\S+ +\+ {2}EK1100/);
    expect(lines[3]).toMatch(/^3 {2}0:3 {2}\S+ +\+ {2}EL3064/);
  });

  it('gives the same slaves as JSON', () => {
    const j = JSON.parse(withSim(['--json', 'slaves']).stdout);
    expect(j.slaves.map((s: { productCodeHex: string }) => s.productCodeHex)[0]).toBe('0x044c2c52');
    expect(j.slaves).toHaveLength(4);
  });

  it('shows PDOs and the dictionary of the analog terminal', () => {
    expect(withSim(['pdos', '-p', '1']).stdout).toMatch(/^SM\d: PhysAddr 0x[0-9a-f]{4}, DefaultSize +\d+, ControlRegister 0x[0-9a-f]{2}, Enable 1\n {2}TxPDO 0x1a00 /);
    expect(withSim(['sdos', '-p', '3']).stdout).toContain('  0x8000:15, ');
  });

  it('downloads a value that a later run uploads again', () => {
    expect(withSim(['download', '-p', '3', '0x8000', '0x15', '5']).code).toBe(0);
    expect(withSim(['upload', '-p', '3', '0x8000', '0x15']).stdout).toBe('0x0005 5\n');
  });

  it('reports an abort for a missing object', () => {
    const r = withSim(['upload', '-p', '3', '0x5555', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SDO transfer aborted with 0x06020000: Object does not exist in the object dictionary');
  });

  it('refuses a write on a read-only virtual master', () => {
    for (const args of [['states', 'OP'], ['rescan'], ['debug', '1']]) {
      const r = withSim(['--sim-read-only', ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('is open read-only');
    }
  });

  it('shows an alias written to the SII in the SII copy only after a rescan, also from run to run', () => {
    const siiAlias = () => JSON.parse(withSim(['--json', 'sii_read', '-p', '1']).stdout).alias as number;
    const before = siiAlias();
    expect(withSim(['alias', '-p', '1', '0x1234']).code).toBe(0);
    try {
      expect(siiAlias()).toBe(before); // the master still answers from its last scan
      expect(withSim(['rescan'])).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(siiAlias()).toBe(0x1234);
      expect(JSON.parse(withSim(['--json', 'slaves', '-p', '1']).stdout).slaves[0].alias).toBe(0x1234);
    } finally {
      withSim(['alias', '-p', '1', String(before)]);
      withSim(['rescan']);
    }
    expect(siiAlias()).toBe(before);
  });

  it('rescan reports the master in JSON', () => {
    expect(JSON.parse(withSim(['--json', 'rescan']).stdout)).toEqual({ master: 0, rescanRequested: true });
  });

  it('sets debug levels 0 to 2 and refuses others with exit 2', () => {
    for (const level of ['0', '1', '2']) expect(withSim(['debug', level])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(JSON.parse(withSim(['--json', 'debug', '2']).stdout)).toEqual({ master: 0, level: 2 });
    for (const bad of ['3', 'x']) {
      const r = withSim(['debug', bad]);
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toContain(`error: Invalid debug level '${bad}': expected 0, 1 or 2.`);
    }
  });

  it('refuses a value out of range for the entry type', () => {
    const r = withSim(['download', '-p', '3', '0x8000', '0x15', '70000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("out of range for type 'uint16'");
  });
});
