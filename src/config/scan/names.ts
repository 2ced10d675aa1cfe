// SPDX-License-Identifier: MIT
// Names for a configuration written from a scan: slave names from their SII names, variable
// names from the slave and entry names, made unique across the bus and valid for NAME_PATTERN
// (a letter or `_` first, then letters, digits, `_`, `.`, `-`).

/** `Position actual value` -> `position_actual_value`; empty when nothing usable is left. */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  return /^[0-9]/.test(s) ? `_${s}` : s;
}

/**
 * A slave name from its SII name: the first word when it looks like an order number
 * ("EL1809 16Ch. Dig. Input" -> "el1809"), otherwise the whole name, at most 32 characters.
 */
export function slaveBaseName(siiName: string, position: number): string {
  const first = siiName.trim().split(/\s+/)[0] ?? '';
  const base = /\d/.test(first) && /[A-Za-z]/.test(first) ? slug(first) : slug(siiName).slice(0, 32).replace(/_+$/, '');
  return base || `slave${position}`;
}

/** Hands out names, adding `_2`, `_3`, ... to repeats. */
export class UniqueNames {
  private readonly used = new Set<string>();

  take(base: string): string {
    let name = base;
    for (let n = 2; this.used.has(name); n++) name = `${base}_${n}`;
    this.used.add(name);
    return name;
  }

  has(name: string): boolean {
    return this.used.has(name);
  }
}

/**
 * Variable names for the entries of one slave: `slave.entry`, or `slave.pdo.entry` where entry
 * names repeat within the slave (typical for terminals whose channels all call their entry
 * "Input"), then made unique across the bus by `names`.
 */
export function variableNames(slave: string, entries: Array<{ pdoName: string; entryName: string; index: number; subindex: number }>, names: UniqueNames): string[] {
  const base = entries.map((e) => slug(e.entryName) || `${e.index.toString(16).padStart(4, '0')}_${e.subindex.toString(16).padStart(2, '0')}`);
  const count = new Map<string, number>();
  for (const b of base) count.set(b, (count.get(b) ?? 0) + 1);
  return entries.map((e, i) => {
    const b = base[i] ?? '';
    const qualified = (count.get(b) ?? 0) > 1 && slug(e.pdoName) ? `${slug(e.pdoName)}.${b}` : b;
    return names.take(`${slave}.${qualified}`);
  });
}
