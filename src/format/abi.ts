// SPDX-License-Identifier: MIT
// `ecat abi`: the IgH ioctl ABI tables this build knows (our own layout; the `ethercat` tool has
// no such command). Per ABI: id, description, magic, device count, then every request (number,
// code, direction, argument size, access rule, name, argument type) and every struct with its
// size, so the numbers can be audited against the IgH headers.
import type { NativeAbiTable } from '../binding/native.js';
import { hex0x, left, lines, right } from './text.js';

const dirs: Record<string, string> = { none: '-', read: 'R', write: 'W', readwrite: 'RW' };

/** Kernel access rule: W = needs a writable fd, R = needs the reserved (requested) master. */
export function accessRule(r: { needsWrite: boolean; needsRequested: boolean }): string {
  return (r.needsWrite ? 'W' : '') + (r.needsRequested ? 'R' : '') || '-';
}

export function formatAbiTable(t: NativeAbiTable): string {
  const out = [
    `ABI ${t.id}: ${t.description}`,
    `  Magic: ${t.magic}`,
    `  Devices: ${t.devices}`,
    `  Requests (${t.requests.length}):`,
  ];
  const sorted = [...t.requests].sort((a, b) => a.nr - b.nr || a.name.localeCompare(b.name));
  const nameWidth = sorted.reduce((w, r) => Math.max(w, r.name.length), 4);
  out.push(`    ${left('nr', 4)}  ${left('code', 10)}  dir  ${right('size', 4)}  access  ${left('name', nameWidth)}  argument`);
  for (const r of sorted) {
    out.push(
      `    ${hex0x(r.nr, 2)}  ${hex0x(r.code >>> 0, 8)}  ${left(dirs[r.dir] ?? r.dir, 3)}  ${right(r.size, 4)}  ` +
        `${left(accessRule(r), 6)}  ${left(r.name, nameWidth)}  ${r.struct ?? (r.arg === 'value' ? '(value)' : '-')}`,
    );
  }
  out.push(`  Structs (${t.structs.length}):`, `    ${right('size', 4)}  name`);
  for (const s of [...t.structs].sort((a, b) => a.name.localeCompare(b.name))) out.push(`    ${right(s.size, 4)}  ${s.name}`);
  return lines(out);
}

export function formatAbi(tables: readonly NativeAbiTable[]): string {
  return tables.map(formatAbiTable).join('\n');
}

/** `ecat abi --json`: requests as name -> {nr, code, codeHex, …}, structs as name -> {size, fields}. */
export function abiJson(tables: readonly NativeAbiTable[]): Record<string, unknown> {
  return {
    abis: tables.map((t) => ({
      id: t.id,
      description: t.description,
      magic: t.magic,
      devices: t.devices,
      requests: Object.fromEntries(
        t.requests.map((r) => [
          r.name,
          {
            nr: r.nr,
            code: r.code >>> 0,
            codeHex: hex0x(r.code >>> 0, 8),
            dir: r.dir,
            arg: r.arg,
            argument: r.struct,
            size: r.size,
            needsWrite: r.needsWrite,
            needsRequested: r.needsRequested,
          },
        ]),
      ),
      structs: Object.fromEntries(t.structs.map((s) => [s.name, { size: s.size, fields: s.fields }])),
    })),
  };
}
