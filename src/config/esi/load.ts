// SPDX-License-Identifier: MIT
// Reading ESI files: parseEsi (text -> the vendor and the list of devices it describes) and
// loadEsi (a file, or every .xml file of a directory). Devices are only listed here; the full
// reading of one device (PDOs, InitCmds, DC) happens when it is selected (device.ts), so one
// broken device in a vendor's 300-device catalogue does not stop the others from being used.
import { readdir, readFile, stat } from 'node:fs/promises';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigIssue } from '../errors.js';
import { EsiError } from '../errors.js';
import { parseHexDec } from './numbers.js';
import type { EsiDeviceHeader, EsiFile } from './types.js';
import { attrOf, childOf, childrenOf, parseXml } from './xml.js';
import type { XmlElement } from './xml.js';

/** Problems found in one ESI file, each at an element. */
export class EsiIssues {
  readonly list: ConfigIssue[] = [];

  constructor(readonly file: string) {}

  /** A problem with `el` (or with its attribute/child `part`). */
  add(el: XmlElement, message: string, part?: string): void {
    const path = part ? (el.path ? `${el.path}/${part}` : part) : el.path;
    this.list.push({ path, line: el.line, column: el.column, message });
  }

  /** Throw an EsiError if anything was found. */
  throwIfAny(): void {
    if (this.list.length > 0) {
      const sorted = [...this.list].sort((a, b) => a.line - b.line || a.column - b.column);
      throw new EsiError(this.file, sorted);
    }
  }
}

/** The English `<Name>` (LcId 1033) if there is one, else the first. */
export function nameOf(el: XmlElement): string | undefined {
  const names = childrenOf(el, 'Name');
  return (names.find((n) => attrOf(n, 'LcId') === '1033') ?? names[0])?.text;
}

/**
 * Read ESI text. Throws EsiError for malformed XML, a root that is not EtherCATInfo, a missing or
 * bad vendor id, and devices whose `<Type>` lacks a usable ProductCode/RevisionNo.
 */
export function parseEsi(text: string, file: string): EsiFile {
  const issues = new EsiIssues(file);
  const parsed = parseXml(text);
  if ('issue' in parsed) throw new EsiError(file, [parsed.issue]);
  const root = parsed.root;
  if (root.name !== 'EtherCATInfo') {
    issues.add(root, `the root element is <${root.name}>; an ESI file has <EtherCATInfo>`);
    issues.throwIfAny();
  }
  const vendor = childOf(root, 'Vendor');
  let vendorId = 0;
  let vendorName: string | undefined;
  if (!vendor) issues.add(root, 'missing <Vendor> (with the vendor <Id>)');
  else {
    const id = childOf(vendor, 'Id');
    const v = parseHexDec(id?.text);
    if (!id) issues.add(vendor, 'missing <Id> (the vendor id, e.g. #x00000002)');
    else if (v === undefined || v < 0 || v > 0xffffffff) issues.add(id, `expected a vendor id (decimal or #x hex, 32 bit), got "${id.text}"`);
    else vendorId = v;
    vendorName = nameOf(vendor);
  }
  const devices: EsiDeviceHeader[] = [];
  const list = childOf(root, 'Descriptions') && childOf(childOf(root, 'Descriptions') as XmlElement, 'Devices');
  if (!list) issues.add(root, 'missing <Descriptions><Devices>: the file describes no device');
  for (const dev of list ? childrenOf(list, 'Device') : []) {
    const type = childOf(dev, 'Type');
    if (!type) {
      issues.add(dev, 'missing <Type> (with the ProductCode and RevisionNo attributes)');
      continue;
    }
    const productCode = parseHexDec(attrOf(type, 'ProductCode'));
    const revision = parseHexDec(attrOf(type, 'RevisionNo') ?? '0');
    if (productCode === undefined || productCode < 0 || productCode > 0xffffffff) {
      issues.add(type, `expected a product code (decimal or #x hex, 32 bit), got ${JSON.stringify(attrOf(type, 'ProductCode') ?? '(none)')}`, '@ProductCode');
      continue;
    }
    if (revision === undefined || revision < 0 || revision > 0xffffffff) {
      issues.add(type, `expected a revision number (decimal or #x hex, 32 bit), got ${JSON.stringify(attrOf(type, 'RevisionNo'))}`, '@RevisionNo');
      continue;
    }
    devices.push({
      productCode,
      revision,
      type: type.text,
      name: nameOf(dev) ?? type.text,
      element: dev,
      at: { file, path: dev.path, line: dev.line, column: dev.column },
    });
  }
  issues.throwIfAny();
  const out: EsiFile = { file, vendorId, devices };
  if (vendorName !== undefined) out.vendorName = vendorName;
  return out;
}

/** Decode file bytes: ESI files are UTF-8 or, as their declaration says, ISO-8859-1. */
export function decodeEsi(bytes: Buffer): string {
  const head = bytes.subarray(0, 200).toString('latin1');
  const m = /encoding\s*=\s*["']([^"']+)["']/i.exec(head);
  const enc = m?.[1]?.toLowerCase();
  if (enc === 'iso-8859-1' || enc === 'latin1' || enc === 'windows-1252') return bytes.toString('latin1');
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Load an ESI file, or every `.xml` file of a directory (sorted by name). Throws EsiError for the
 * first malformed file.
 */
export async function loadEsi(path: string): Promise<EsiFile[]> {
  const info = await stat(path);
  const files = info.isDirectory()
    ? (await readdir(path))
        .filter((f) => /\.xml$/i.test(f))
        .sort()
        .map((f) => join(path, f))
    : [path];
  const out: EsiFile[] = [];
  for (const f of files) out.push(parseEsi(decodeEsi(await readFile(f)), f));
  return out;
}

/** loadEsi without awaiting, for planBus (configuration time, not the cycle). */
export function loadEsiSync(path: string): EsiFile[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => /\.xml$/i.test(f))
        .sort()
        .map((f) => join(path, f))
    : [path];
  return files.map((f) => parseEsi(decodeEsi(readFileSync(f)), f));
}
