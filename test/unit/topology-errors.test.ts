// Topology file errors: every class of mistake is reported with the file, line:column, the
// path of the field and what was expected, all of them in one TopologyError.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TopologyError, formatIssue, loadTopology, parseTopology } from '../../src/topology/index.js';

const dir = join('test', 'fixtures', 'topologies', 'errors');

/** The errors of a fixture, formatted as `name:line:col: path: message`. */
function errorsOf(name: string): string[] {
  const text = readFileSync(join(dir, name), 'utf8');
  try {
    parseTopology(text, name);
  } catch (err) {
    expect(err).toBeInstanceOf(TopologyError);
    const e = err as TopologyError;
    expect(e.file).toBe(name);
    return e.errors.map((x) => formatIssue(name, x));
  }
  throw new Error(`${name} was accepted`);
}

function errorOfText(text: string, file = 't.yaml'): TopologyError {
  try {
    parseTopology(text, file);
  } catch (err) {
    if (err instanceof TopologyError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('topology errors', () => {
  it('reports unknown keys at every level with a suggestion', () => {
    expect(errorsOf('unknown-keys.yaml')).toEqual([
      'unknown-keys.yaml:2:1: mastr: unknown key "mastr" (did you mean "master"?)',
      'unknown-keys.yaml:7:5: slaves[0].aliass: unknown key "aliass" (did you mean "alias"?)',
      'unknown-keys.yaml:15:9: slaves[1].objects[0x2000].defualt: unknown key "defualt" (did you mean "default"?)',
    ]);
  });

  it('lists the allowed keys when nothing is close', () => {
    const e = errorOfText('slaves:\n  - name: a\n    preset: EK1100\n    zzzzzz: 1\n');
    expect(e.errors).toHaveLength(1);
    expect(e.errors[0]?.message).toMatch(/^unknown key "zzzzzz"; expected one of name, preset, model, /);
  });

  it('checks types and u8/u16/u32 ranges', () => {
    const u32 = 'expected an unsigned 32-bit number (0..4294967295 or 0x00000000..0xffffffff)';
    expect(errorsOf('types.yaml')).toEqual([
      'types.yaml:3:8: master.mac: 01:00:5e:00:00:01 is a multicast address; a network interface needs a unicast one (even first byte, e.g. 02:...)',
      'types.yaml:7:12: slaves[0].alias: 70000 is out of range; expected an unsigned 16-bit number (0..65535 or 0x0000..0xffff)',
      `types.yaml:11:25: slaves[1].identity.vendor: -1 is out of range; ${u32}`,
      `types.yaml:11:38: slaves[1].identity.product: 0x1ffffffff is out of range; ${u32}`,
      `types.yaml:11:61: slaves[1].identity.revision: ${u32}, got the string "abc"`,
      'types.yaml:13:30: slaves[1].syncManagers[2].control: 256 is out of range; expected an unsigned 8-bit number (0..255, decimal or 0x hex)',
      'types.yaml:14:15: slaves[1].channels: channels applies to the digital and analog models, not to cia402',
      'types.yaml:15:20: slaves[1].mailbox.rx: expected "start/size" such as "0x1000/128" or a mapping {start, size}, got the number 0x1000',
    ]);
  });

  it('checks the dictionary and the PDOs against it', () => {
    expect(errorsOf('dictionary.yaml')).toEqual([
      'dictionary.yaml:12:18: slaves[1].objects[0x2000].default: 300 does not fit type uint8; expected 0..255',
      'dictionary.yaml:13:16: slaves[1].objects[0x2000].index: duplicate object index 0x2000 (already defined at line 9)',
      'dictionary.yaml:19:15: slaves[1].objects[0x2001].bits: bit length 8 does not match type int16 (16 bits)',
      'dictionary.yaml:24:14: slaves[1].objects[0x2002].max: max 5 is less than min 10',
      expect.stringMatching(/^dictionary\.yaml:27:15: slaves\[1\]\.objects\[0x2003\]\.type: unknown data type "uint61" \(did you mean "uint16"\?\); expected one of bool, int8, /),
      'dictionary.yaml:37:13: slaves[1].pdos[0x1a00].entries[1]: PDO entry 0x6000:02 "Y" is not TxPDO-mappable (its pdo is none); a TxPDO 0x1a00 needs entries with pdo: tx or rxtx',
      'dictionary.yaml:38:13: slaves[1].pdos[0x1a00].entries[2]: PDO entry 0x6000:04: object 0x6000 "In" has no subindex 4 (it has 1, 2)',
      'dictionary.yaml:39:13: slaves[1].pdos[0x1a00].entries[3]: PDO entry 0x6100:01 refers to object 0x6100, which is not in the object dictionary',
      'dictionary.yaml:40:13: slaves[1].pdos[0x1a00].entries[4]: bit length 8 does not match 0x6000:01 "X" in the dictionary (16 bits)',
      'dictionary.yaml:41:16: slaves[1].pdos[0x1a00].index: duplicate PDO index 0x1a00 (already defined at line 34)',
      'dictionary.yaml:43:16: slaves[1].pdos[0x1800].index: PDO index 0x1800 is neither an RxPDO (0x1600..0x17ff) nor a TxPDO (0x1a00..0x1bff)',
    ]);
  });

  it('does not repeat an object error as "not in the dictionary" for PDOs that use it', () => {
    const text = [
      'slaves:',
      '  - name: c',
      '    preset: EK1100',
      '  - name: d',
      '    connect: c:2',
      '    objects:',
      '      - { index: 0x6000, name: In, entries: [{ subindex: 1, name: X, type: uint17, pdo: tx }] }',
      '    pdos:',
      '      - { index: 0x1a00, entries: ["0x6000:01"] }',
      '',
    ].join('\n');
    const e = errorOfText(text);
    expect(e.errors.map((x) => x.path)).toEqual(['slaves[1].objects[0x6000].entries[1].type']);
  });

  it('checks connections: unknown slaves, missing and busy ports, media, names', () => {
    expect(errorsOf('connections.yaml')).toEqual([
      "connections.yaml:4:13: slaves[0].preset: the first slave hangs on the master's Ethernet port, so its port 0 must be mii, not ebus (start the bus with a coupler, e.g. `preset: EK1100`)",
      'connections.yaml:7:14: slaves[1].connect: port 0 of "coupler" is mii but port 1 of "in1" is ebus: E-Bus and Ethernet (mii) ports cannot be linked',
      'connections.yaml:10:14: slaves[2].connect: unknown slave "couplr" (did you mean "coupler"?)',
      'connections.yaml:13:14: slaves[3].connect: "coupler" has no usable port 3 (it is n/a; its ports: 0 mii, 1 ebus, 2 mii, 3 n/a)',
      'connections.yaml:17:11: slaves[5].name: duplicate slave name "in4" (also slaves[4])',
      'connections.yaml:19:14: slaves[5].connect: port 1 of "coupler" is already used by "in4"',
      'connections.yaml:22:14: slaves[6].connect: a slave cannot connect to itself',
    ]);
  });

  it('explains the default connection when it does not fit', () => {
    const e = errorOfText('slaves:\n  - name: c\n    preset: EK1100\n  - name: d\n    preset: cia402-servo\n');
    expect(e.errors.map((x) => formatIssue('t.yaml', x))).toEqual([
      't.yaml:4:11: slaves[1].name: port 0 of "d" is mii but port 1 of "c" is ebus: E-Bus and Ethernet (mii) ports cannot be linked; try connect: c:2 (without `connect`, a slave hangs on port 1 of the previous slave; use `connect: name:port`)',
    ]);
  });

  it('finds loops', () => {
    expect(errorsOf('loop.yaml')).toEqual([
      'loop.yaml:7:14: slaves[1].connect: connections form a loop: "a" -> "b" -> "a"; every slave must lead back to the master',
    ]);
  });

  it('explains when the file order is not the ring order', () => {
    expect(errorsOf('order.yaml')).toEqual([
      'order.yaml:7:11: slaves[1].name: slaves are not in ring order: after "rack" a frame reaches "drive" (listed as slaves[3]) before "in", because "drive" hangs on port 3 of "rack" and "in" hangs on port 1 of "rack"; a frame visits everything behind port 3 of a slave, then behind port 1, then behind port 2. List the slaves in this order: rack, drive, in, out',
    ]);
  });

  it('checks presets, models, values, SII words and DC settings', () => {
    expect(errorsOf('misc.yaml')).toEqual([
      'misc.yaml:3:5: slaves[0].name: missing `name:` (each slave needs a unique name)',
      'misc.yaml:5:13: slaves[1].preset: unknown preset "EL3046" (did you mean "EL3064"?); known presets: EK1100, EK1122, EL1004, EL1008, EL2004, EL2008, EL3064, EL4004, cia402-servo',
      'misc.yaml:8:12: slaves[2].model: unknown model "analog-ouptut" (did you mean "analog-output"?); expected one of generic, coupler, digital-input, digital-output, analog-input, analog-output, cia402',
      'misc.yaml:12:20: slaves[3].values["0x8000:15"]: 9 is above the maximum 7 of 0x8000:15 "Filter settings"',
      'misc.yaml:13:20: slaves[3].values["0x8000:99"]: 0x8000:99 is not in the object dictionary',
      'misc.yaml:14:20: slaves[3].values["0x9000:01"]: 0x9000:01 is not in the object dictionary',
      'misc.yaml:16:24: slaves[3].sii.words[0x0800]: word 0x0800 is beyond the EEPROM (1024 words; raise sii.eepromSize)',
      'misc.yaml:20:20: slaves[4].values["0x6000:01"]: 0x6000:01: this slave has no CoE dictionary to set values in',
      'misc.yaml:24:9: slaves[5].dc.syncModes: sync modes need a DC system time; remove them or set systemTime: true',
    ]);
  });

  it('checks that objects, CoE features and the mailbox agree', () => {
    const text = [
      'slaves:',
      '  - name: a',
      '    model: generic',
      '    mailbox: false',
      '    objects: [{ index: 0x2000, name: X, type: uint8 }]',
      '  - name: b',
      '    preset: cia402-servo',
      '    model: coupler',
      '    mailbox: { protocols: [foe], rx: 0x1000/256, tx: 0x10c0/64 }',
      '    coe: { pdoConfig: false }',
      '',
    ].join('\n');
    expect(errorOfText(text).errors.map((e) => formatIssue('t.yaml', e))).toEqual([
      't.yaml:5:14: slaves[0].objects: objects form a CoE dictionary, but it has no mailbox (mailbox: false)',
      't.yaml:8:12: slaves[1].model: model coupler contradicts preset cia402-servo, which is a cia402; drop one of them',
      't.yaml:9:14: slaves[1].mailbox: mailbox areas overlap: rx 0x1000/256 and tx 0x10c0/64',
      't.yaml:10:10: slaves[1].coe: CoE features are set, but its mailbox does not list coe in protocols',
    ]);
  });

  it('reports JSON mistakes with line and column too', () => {
    expect(errorsOf('types.json')).toEqual([
      'types.json:2:52: master.cable: expected a cable length in metres (0..100), got the string "far"',
      'types.json:4:55: slaves[0].alias: "0x10000" is out of range; expected an unsigned 16-bit number (0..65535 or 0x0000..0xffff)',
      'types.json:8:51: slaves[1].connect.cabel: unknown key "cabel" (did you mean "cable"?)',
      'types.json:9:49: slaves[1].pdos[0x1600].entries[0]: PDO entry 0x6041:00 "Statusword" is not RxPDO-mappable (its pdo is tx); an RxPDO 0x1600 needs entries with pdo: rx or rxtx',
      'types.json:10:32: slaves[1].values["0x6065:00"]: "0x1ffffffff" does not fit type uint32; expected 0..4294967295',
    ]);
  });

  it('reports syntax errors with their position', () => {
    expect(errorsOf('syntax.json')).toEqual(['syntax.json:3:40: JSON syntax: trailing comma before "}"']);
    const yaml = errorsOf('syntax.yaml');
    expect(yaml).toHaveLength(1);
    expect(yaml[0]).toMatch(/^syntax\.yaml:4:1: YAML syntax: /);
  });

  it('rejects duplicate keys in JSON and YAML', () => {
    expect(errorOfText('{"slaves": [], "slaves": []}', 'd.json').errors[0]).toEqual({ path: '', line: 1, column: 16, message: 'JSON syntax: duplicate key "slaves"' });
    const y = errorOfText('slaves: []\nslaves: []\n');
    expect(y.errors[0]).toMatchObject({ line: 2, column: 1 });
    expect(y.errors[0]?.message).toMatch(/unique/);
  });

  it('requires slaves and refuses more than 4096', () => {
    expect(errorOfText('master: {}\n').errors[0]).toEqual({ path: 'slaves', line: 1, column: 1, message: 'missing `slaves:` (the list of slaves in ring order; write `slaves: []` for an empty bus)' });
    const many = `slaves:\n${'  - { name: x, preset: EL1008 }\n'.repeat(4097)}`;
    expect(errorOfText(many).errors).toEqual([{ path: 'slaves', line: 2, column: 3, message: '4097 slaves; a bus has at most 4096' }]);
  });

  it('collects errors up to a limit and says so', () => {
    const lines = ['slaves:', '  - name: c', '    preset: EK1100'];
    for (let i = 0; i < 80; i++) lines.push(`    bad${i}: 1`);
    const e = errorOfText(lines.join('\n'));
    expect(e.errors).toHaveLength(50);
    expect(e.truncated).toBe(true);
    expect(e.message.split('\n')[0]).toBe('t.yaml: 50+ errors in topology');
    expect(e.message.endsWith('(more errors not shown: fix these first)')).toBe(true);
    try {
      parseTopology(lines.join('\n'), 't.yaml', { maxErrors: 5 });
    } catch (err) {
      expect((err as TopologyError).errors).toHaveLength(5);
    }
  });

  it('names the file in the message and lists every error on its own line', () => {
    const file = join(dir, 'loop.yaml');
    try {
      loadTopology(file);
      expect.unreachable();
    } catch (err) {
      const e = err as TopologyError;
      expect(e.name).toBe('TopologyError');
      expect(e.code).toBe('BAD_TOPOLOGY');
      expect(e.file).toBe(file);
      expect(e.message).toBe(`${file}: 1 error in topology\n  ${file}:7:14: slaves[1].connect: connections form a loop: "a" -> "b" -> "a"; every slave must lead back to the master`);
    }
  });

  it('turns an unreadable file into a TopologyError without a position', () => {
    try {
      loadTopology(join(dir, 'does-not-exist.yaml'));
      expect.unreachable();
    } catch (err) {
      const e = err as TopologyError;
      expect(e).toBeInstanceOf(TopologyError);
      expect(e.errors[0]).toMatchObject({ path: '', line: 0, column: 0 });
      expect(e.errors[0]?.message).toMatch(/^cannot read the topology file: ENOENT/);
      expect(e.message).toMatch(/does-not-exist\.yaml: cannot read/);
    }
  });
});
