// SPDX-License-Identifier: MIT
// SII checksum, validity check, alias edit and `sii_read -v` layout; `abi` layout and JSON.
import { describe, expect, it } from 'vitest';
import type { NativeAbiTable } from '../../src/binding/native.js';
import { abiJson, accessRule, formatAbiTable } from '../../src/format/abi.js';
import { SiiFormatError, checkSiiImage, formatSiiVerbose, siiCategories, siiCrc, siiJson, withAlias } from '../../src/format/sii.js';
import { buildSii, referenceSiiCrc, testBus } from '../fixtures/cli/bus.js';
import { slaveAt } from '../fixtures/cli/trees.js';

describe('SII checksum', () => {
  it('agrees with an independent polynomial-division implementation', () => {
    for (let seed = 1; seed < 200; seed++) {
      const data = Uint8Array.from({ length: 14 }, (_, i) => (seed * 31 + i * 17) & 0xff);
      expect(siiCrc(data)).toBe(referenceSiiCrc(data));
    }
  });
  it('has the CRC-8 (poly 0x07, init 0xff) check value for "123456789"', () => {
    // Non-reflected CRC-8 with polynomial 0x07 and initial value 0xff.
    expect(referenceSiiCrc(Buffer.from('123456789'))).toBe(siiCrc(Buffer.from('123456789')));
    expect(siiCrc(Buffer.from('123456789'))).toBe(0xfb);
  });
});

describe('SII image checks', () => {
  const image = () => buildSii({ vendorId: 2, productCode: 0x1234, revision: 1, serial: 0, alias: 0 }, 'EL1234');

  it('accepts a well-formed image', () => {
    expect(checkSiiImage(image())).toBeNull();
  });
  it('refuses a short image, a wrong checksum and a broken category chain', () => {
    expect(checkSiiImage(new Uint8Array(100))).toMatch(/^SII data too short \(50 words\)/);
    const bad = image();
    bad[14] = (bad[14] ?? 0) ^ 0xff;
    expect(checkSiiImage(bad)).toMatch(/^SII checksum incorrect: byte 14 is 0x.., but must be 0x..\.$/);
    const cut = image().subarray(0, 140); // category header promises more words than there are
    expect(checkSiiImage(cut)).toMatch(/corrupted/);
  });
  it('writes an alias into word 4 and recomputes the checksum', () => {
    const head = image().subarray(0, 16);
    const out = withAlias(head, 0x1234);
    expect([out[8], out[9]]).toEqual([0x34, 0x12]);
    expect(out[14]).toBe(referenceSiiCrc(out.subarray(0, 14)));
    expect(out.length).toBe(16);
    expect(head[8]).toBe(0); // input untouched
  });
  it('walks the categories', () => {
    const cats = siiCategories(image());
    expect(cats.map((c) => [c.type, c.wordOffset, c.words])).toEqual([
      [0x0a, 0x40, 4],
      [0x1e, 0x46, 16],
    ]);
    expect(() => siiCategories(image().subarray(0, 134))).toThrow(SiiFormatError);
  });
});

describe('sii_read -v', () => {
  it('lists the fixed area and each category, 16 bytes per line', () => {
    const text = formatSiiVerbose(buildSii({ vendorId: 2, productCode: 0x1234, revision: 1, serial: 0, alias: 7 }, 'EL1'));
    const lines = text.split('\n');
    expect(lines[0]).toBe('SII Area:');
    expect(lines[1]).toMatch(/^  08 0c 00 00 00 00 00 00 07 00 00 00 00 00 [0-9a-f]{2} 00$/);
    expect(lines[2]).toBe('  02 00 00 00 34 12 00 00 01 00 00 00 00 00 00 00');
    expect(lines[9]).toBe('SII Category 0x000a (STRINGS), 3 words');
    expect(lines[10]).toBe('  01 03 45 4c 31 00');
    expect(lines[11]).toBe('SII Category 0x001e (General), 16 words');
    expect(lines.length).toBe(15);
  });
  it('has a JSON shape', () => {
    const bus = testBus();
    const j = siiJson(slaveAt(bus, 3).sii, 3, true) as any;
    expect(j).toMatchObject({ position: 3, words: slaveAt(bus, 3).info.siiNwords, checksumOk: true, alias: 5 });
    expect(j.categories.map((c: any) => c.name)).toEqual(['STRINGS', 'General']);
    expect(j.categories[0].strings).toEqual(['SD-100 Servo Drive']);
    expect(j.categories[1].strings).toBeUndefined();
  });
});

const table: NativeAbiTable = {
  id: '1.6',
  description: 'IgH EtherCAT master 1.6.x',
  magic: 37,
  devices: 1,
  requests: [
    { name: 'EC_IOCTL_MASTER', nr: 1, code: 0x80f8a401, dir: 'read', arg: 'pointer', struct: 'ec_ioctl_master_t', size: 248, needsWrite: false, needsRequested: false },
    { name: 'EC_IOCTL_MODULE', nr: 0, code: 0x8008a400, dir: 'read', arg: 'pointer', struct: 'ec_ioctl_module_t', size: 8, needsWrite: false, needsRequested: false },
    { name: 'EC_IOCTL_SEND', nr: 0x27, code: 0xa427, dir: 'none', arg: 'none', struct: null, size: 0, needsWrite: true, needsRequested: true },
    { name: 'EC_IOCTL_DOMAIN_SIZE', nr: 0x4a, code: 0xa44a, dir: 'none', arg: 'value', struct: null, size: 0, needsWrite: false, needsRequested: true },
  ],
  structs: [
    { name: 'ec_ioctl_module_t', size: 8, fields: [] },
    { name: 'ec_ioctl_master_t', size: 248, fields: [] },
  ],
};

describe('abi', () => {
  it('prints each request sorted by number, and the structs', () => {
    expect(formatAbiTable(table)).toBe(
      [
        'ABI 1.6: IgH EtherCAT master 1.6.x',
        '  Magic: 37',
        '  Devices: 1',
        '  Requests (4):',
        '    nr    code        dir  size  access  name                  argument',
        '    0x00  0x8008a400  R       8  -       EC_IOCTL_MODULE       ec_ioctl_module_t',
        '    0x01  0x80f8a401  R     248  -       EC_IOCTL_MASTER       ec_ioctl_master_t',
        '    0x27  0x0000a427  -       0  WR      EC_IOCTL_SEND         -',
        '    0x4a  0x0000a44a  -       0  R       EC_IOCTL_DOMAIN_SIZE  (value)',
        '  Structs (2):',
        '    size  name',
        '     248  ec_ioctl_master_t',
        '       8  ec_ioctl_module_t',
        '',
      ].join('\n'),
    );
    expect(accessRule({ needsWrite: true, needsRequested: false })).toBe('W');
  });
  it('maps request names to codes and struct names to sizes in JSON', () => {
    const j = abiJson([table]) as any;
    expect(j.abis[0].magic).toBe(37);
    expect(j.abis[0].requests.EC_IOCTL_MODULE).toMatchObject({ nr: 0, code: 0x8008a400, codeHex: '0x8008a400', size: 8 });
    expect(j.abis[0].structs.ec_ioctl_master_t.size).toBe(248);
  });
});
