// SPDX-License-Identifier: MIT
// Checks every ABI table the addon was built with (native/igh, exported by abiTables())
// against the machine-generated IgH facts in test/data/abi/ (copies of shared/abi/): the
// request set, every request's nr, code, direction, size, argument struct, argument passing
// and access rules, and every byte of every struct layout, including the
// EC_MAX_NUM_DEVICES=2 build variants. A single wrong number fails this file.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { NativeAbiField, NativeAbiRequest, NativeAbiTable, NativeAddon } from '../../src/binding/native.js';

const addon = createRequire(import.meta.url)('../../build/Release/ecat.node') as NativeAddon;
const dataDir = new URL('../data/abi/', import.meta.url);

interface FactField {
  name: string;
  offset: number;
  size?: number;
  count: number;
  elem_size?: number;
  bitfield?: boolean;
  bit_offset?: number;
  bit_width?: number;
  pointer?: boolean;
  fields?: FactField[];
}
interface FactStruct {
  size: number;
  role: string;
  fields: FactField[];
}
interface FactRequest {
  code: number;
  nr: number;
  dir: string;
  size: number;
  struct: string | null;
  arg_passing: string;
  kernel: { requires_write_access: boolean; requires_requested_master: boolean };
}
interface FactVariant {
  requests: Record<string, { code: number; size: number } | null>;
  structs: Record<string, FactStruct | null>;
}
interface Facts {
  ioctl_version_magic: number;
  build_config: { EC_MAX_NUM_DEVICES: number; EC_EOE: boolean };
  requests: Record<string, FactRequest>;
  structs: Record<string, FactStruct>;
  build_variants: Record<string, FactVariant>;
}

const loadJson = <T>(file: string): T => JSON.parse(readFileSync(new URL(file, dataDir), 'utf8')) as T;

// Our ABI ids and the facts file each one is checked against.
const factsFileOf: Record<string, string> = {
  '1.5.2': 'igh-1.5.2-x86_64.json',
  'stable-1.5-m28': 'igh-stable-1.5-m28-x86_64.json',
  'stable-1.5-m30': 'igh-stable-1.5-m30-x86_64.json',
  'stable-1.5-m31': 'igh-stable-1.5-m31-x86_64.json',
  'stable-1.5-m32': 'igh-stable-1.5-m32-x86_64.json',
  '1.5.3': 'igh-1.5.3-x86_64.json',
  '1.6': 'igh-1.6.2-x86_64.json',
  'dev-2022': 'igh-master-2022-m37-x86_64.json',
  'dev-2023': 'igh-master-2023-m39-x86_64.json',
};
const DEV2 = 'EC_MAX_NUM_DEVICES=2';
const baseId = (id: string): string => id.replace(/\+dev2$/, '');

const tables: NativeAbiTable[] = addon.abiTables();
const factsCache = new Map<string, Facts>();
function factsFor(id: string): Facts {
  const file = factsFileOf[baseId(id)];
  if (!file) throw new Error(`no facts file for ABI ${id}`);
  let f = factsCache.get(file);
  if (!f) {
    f = loadJson<Facts>(file);
    factsCache.set(file, f);
  }
  return f;
}

// What the facts say the ABI with this id must look like (default build, or with the
// EC_MAX_NUM_DEVICES=2 changes applied).
function expectedRequests(id: string): Map<string, FactRequest> {
  const facts = factsFor(id);
  const out = new Map<string, FactRequest>();
  for (const [name, r] of Object.entries(facts.requests)) out.set(name, { ...r });
  if (id.endsWith('+dev2')) {
    for (const [name, change] of Object.entries(facts.build_variants[DEV2]?.requests ?? {})) {
      const r = out.get(name);
      if (!r) throw new Error(`${id}: build variant changes unknown request ${name}`);
      if (change === null) out.delete(name);
      else out.set(name, { ...r, code: change.code, size: change.size });
    }
  }
  return out;
}

function expectedStructs(id: string): Map<string, FactStruct> {
  const facts = factsFor(id);
  const out = new Map<string, FactStruct>();
  for (const [name, s] of Object.entries(facts.structs)) {
    if (s.role === 'ioctl' || s.role === 'embedded-or-pointed-to') out.set(name, s);
  }
  if (id.endsWith('+dev2')) {
    for (const [name, s] of Object.entries(facts.build_variants[DEV2]?.structs ?? {})) {
      if (s === null) out.delete(name);
      else out.set(name, s);
    }
  }
  return out;
}

// Facts fields flattened the way the addon exports them: nested fields of an array of
// anonymous structs become "parent.child" with offsets relative to one parent element.
function flatten(fields: FactField[], parent: string | null = null): NativeAbiField[] {
  const out: NativeAbiField[] = [];
  for (const f of fields) {
    const name = parent ? `${parent}.${f.name}` : f.name;
    const e: NativeAbiField = {
      name,
      offset: f.offset,
      size: f.size ?? 0, // bit-fields carry no byte size
      count: f.count,
      elemSize: f.elem_size ?? 0,
      parent,
    };
    if (f.bitfield) {
      e.bitOffset = f.bit_offset;
      e.bitWidth = f.bit_width;
    }
    if (f.pointer) e.pointer = true;
    out.push(e);
    if (f.fields) out.push(...flatten(f.fields, name));
  }
  return out;
}

const byName = <T extends { name: string }>(list: T[]): Map<string, T> => new Map(list.map((x) => [x.name, x]));

/*
 * Argument passing we expect for a request, from the facts' annotation.
 * The annotation comes from reading libethercat's call sites, and one kind of call site
 * misleads it: libethercat passing its own pointer parameter straight on (no `&`) looks
 * like a by-value integer. That is the only way "value" can appear on a request whose
 * code says the kernel writes data back (dir read/readwrite): a by-value integer cannot
 * receive anything, and those handlers list EFAULT (they copy_to_user through the
 * argument). The dev line's EC_IOCTL_64_REF_CLK_TIME (_IOR(uint64_t)) is such a case, so
 * for read/readwrite codes "value" means "pointer". By-value requests with write or no
 * direction (SELECT_REF_CLOCK, DOMAIN_*, MASTER_DEBUG) are taken as annotated.
 * The dev line's SEND is annotated "pointer" although it is an _IO code; that one is
 * right (its handler copies the sent byte count to a size_t the caller points to, and
 * lists EFAULT), so our table says "pointer" for it there and the facts apply unchanged.
 */
function expectedArg(r: FactRequest): string {
  if (r.arg_passing === 'value' && (r.dir === 'read' || r.dir === 'readwrite')) return 'pointer';
  return r.arg_passing;
}

describe('ABI tables against the IgH facts', () => {
  it('exports exactly the supported ABIs, in detection order', () => {
    const ids = tables.map((t) => t.id);
    const lines = Object.keys(factsFileOf);
    expect(ids).toEqual(lines.flatMap((l) => [l, `${l}+dev2`]));
  });

  it('covers every facts file listed in index.json', () => {
    const index = loadJson<{ files: Array<{ file: string; ioctl_version_magic: number }> }>('index.json');
    const covered = new Set(Object.values(factsFileOf));
    for (const f of index.files) expect(covered.has(f.file), f.file).toBe(true);
    expect(index.files.length).toBe(covered.size);
  });

  for (const table of tables) {
    describe(table.id, () => {
      const dev2 = table.id.endsWith('+dev2');
      const facts = factsFor(table.id);

      it('magic and build variant', () => {
        expect(table.magic).toBe(facts.ioctl_version_magic);
        expect(table.devices).toBe(dev2 ? 2 : facts.build_config.EC_MAX_NUM_DEVICES);
        expect(facts.build_config.EC_EOE).toBe(true); // the tables describe the EoE-enabled default
        expect(table.description.length).toBeGreaterThan(0);
      });

      it('has the same set of requests', () => {
        const want = [...expectedRequests(table.id).keys()].sort();
        const have = table.requests.map((r) => r.name).sort();
        expect(have).toEqual(want);
      });

      it('lists requests in nr order with unique numbers and codes', () => {
        const nrs = table.requests.map((r) => r.nr);
        expect(nrs).toEqual([...nrs].sort((a, b) => a - b));
        expect(new Set(nrs).size).toBe(nrs.length);
        expect(new Set(table.requests.map((r) => r.code)).size).toBe(nrs.length);
      });

      it('encodes every request as the facts say', () => {
        const want = expectedRequests(table.id);
        for (const r of table.requests) {
          const f = want.get(r.name);
          expect(f, r.name).toBeDefined();
          if (!f) continue;
          const have: Partial<NativeAbiRequest> = {
            nr: r.nr,
            code: r.code,
            dir: r.dir,
            size: r.size,
            struct: r.struct,
            arg: r.arg,
            needsWrite: r.needsWrite,
            needsRequested: r.needsRequested,
          };
          expect(have, r.name).toEqual({
            nr: f.nr,
            code: f.code,
            dir: f.dir,
            size: f.size,
            struct: f.struct,
            arg: expectedArg(f),
            needsWrite: f.kernel.requires_write_access,
            needsRequested: f.kernel.requires_requested_master,
          });
        }
      });

      it('has the same set of structs', () => {
        const want = [...expectedStructs(table.id).keys()].sort();
        const have = table.structs.map((s) => s.name).sort();
        expect(have).toEqual(want);
      });

      it('lays out every struct byte for byte', () => {
        const want = expectedStructs(table.id);
        for (const s of table.structs) {
          const f = want.get(s.name);
          expect(f, s.name).toBeDefined();
          if (!f) continue;
          expect(s.size, `${s.name} size`).toBe(f.size);
          const wantFields = byName(flatten(f.fields));
          const haveFields = byName(s.fields);
          expect([...haveFields.keys()].sort(), `${s.name} fields`).toEqual([...wantFields.keys()].sort());
          for (const [name, hf] of haveFields) expect(hf, `${s.name}.${name}`).toEqual(wantFields.get(name));
        }
      });
    });
  }
});

describe('ABI tables among themselves', () => {
  it('no two ABIs with the same magic and device count are identical (they would be one)', () => {
    const shape = (t: NativeAbiTable): string => JSON.stringify({ r: t.requests, s: t.structs });
    for (const [i, a] of tables.entries()) {
      for (const b of tables.slice(i + 1)) {
        if (a.magic !== b.magic || a.devices !== b.devices) continue;
        expect(shape(a) === shape(b), `${a.id} vs ${b.id}`).toBe(false);
      }
    }
  });

  // Detection probes every candidate's MASTER_STATE and MASTER code on an unknown kernel;
  // that is only harmless if such a code never means a different request elsewhere.
  it('MASTER_STATE and MASTER codes never name another request in any ABI', () => {
    for (const a of tables) {
      for (const probe of ['EC_IOCTL_MASTER_STATE', 'EC_IOCTL_MASTER']) {
        const code = a.requests.find((r) => r.name === probe)?.code;
        expect(code, `${a.id} ${probe}`).toBeDefined();
        for (const b of tables) {
          const other = b.requests.find((r) => r.code === code);
          if (other) expect(other.name, `${a.id} ${probe} code in ${b.id}`).toBe(probe);
        }
      }
    }
  });

  it('every request code decodes to its own dir, size, type and nr', () => {
    const dirBits: Record<string, number> = { none: 0, write: 1, read: 2, readwrite: 3 };
    for (const t of tables) {
      for (const r of t.requests) {
        const decoded = ((dirBits[r.dir] ?? -1) << 30) | (r.size << 16) | (0xa4 << 8) | r.nr;
        expect(decoded >>> 0, `${t.id} ${r.name}`).toBe(r.code);
      }
    }
  });
});
