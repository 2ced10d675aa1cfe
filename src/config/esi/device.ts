// SPDX-License-Identifier: MIT
// Reading one `<Device>` of an ESI file in full: sync managers (`<Sm>`), PDOs (`<RxPdo>`,
// `<TxPdo>` with Fixed, Mandatory, Sm and `<Exclude>`), CoE features and InitCmds
// (`<Mailbox><CoE><InitCmd>`), and DC op modes (`<Dc><OpMode>`). Every malformed value is reported
// with the element path and line; nothing is guessed.
import { EsiIssues, nameOf } from './load.js';
import { parseEsiBool, parseHexBinary, parseHexDec } from './numbers.js';
import type { EsiCoe, EsiDcOpMode, EsiDcTime, EsiDevice, EsiDeviceHeader, EsiFile, EsiInitCmd, EsiPdo, EsiPdoEntry, EsiPlace, EsiSyncManager } from './types.js';
import { attrOf, childOf, childrenOf } from './xml.js';
import type { XmlElement } from './xml.js';

function place(file: string, el: XmlElement): EsiPlace {
  return { file, path: el.path, line: el.line, column: el.column };
}

/** A numeric child element's value in [min, max]; reports and returns undefined otherwise. */
function numberChild(issues: EsiIssues, el: XmlElement, name: string, min: number, max: number, what: string, required = true): number | undefined {
  const c = childOf(el, name);
  if (!c) {
    if (required) issues.add(el, `missing <${name}> (${what})`);
    return undefined;
  }
  const v = parseHexDec(c.text);
  if (v === undefined || v < min || v > max) {
    issues.add(c, `expected ${what} (decimal or #x hex, ${min}..${max}), got ${JSON.stringify(c.text)}`);
    return undefined;
  }
  return v;
}

/** A numeric attribute; undefined when absent, reported when malformed. */
function numberAttr(issues: EsiIssues, el: XmlElement, name: string, min: number, max: number, what: string): number | undefined {
  const raw = attrOf(el, name);
  if (raw === undefined) return undefined;
  const v = parseHexDec(raw);
  if (v === undefined || v < min || v > max) {
    issues.add(el, `expected ${what} (${min}..${max}), got ${JSON.stringify(raw)}`, `@${name}`);
    return undefined;
  }
  return v;
}

function boolAttr(issues: EsiIssues, el: XmlElement, name: string): boolean {
  const raw = attrOf(el, name);
  if (raw === undefined) return false;
  const v = parseEsiBool(raw);
  if (v === undefined) issues.add(el, `expected 0, 1, true or false, got ${JSON.stringify(raw)}`, `@${name}`);
  return v ?? false;
}

function readSms(issues: EsiIssues, dev: XmlElement): EsiSyncManager[] {
  return childrenOf(dev, 'Sm').map((sm, index) => {
    const out: EsiSyncManager = { index, kind: sm.text, enable: true };
    const start = numberAttr(issues, sm, 'StartAddress', 0, 0xffff, 'a start address');
    const control = numberAttr(issues, sm, 'ControlByte', 0, 0xff, 'a control byte');
    const size = numberAttr(issues, sm, 'DefaultSize', 0, 0xffff, 'a size in bytes');
    if (start !== undefined) out.startAddress = start;
    if (control !== undefined) out.controlByte = control;
    if (size !== undefined) out.defaultSize = size;
    if (attrOf(sm, 'Enable') !== undefined) out.enable = boolAttr(issues, sm, 'Enable');
    return out;
  });
}

function readEntry(issues: EsiIssues, el: XmlElement): EsiPdoEntry | undefined {
  const index = numberChild(issues, el, 'Index', 0, 0xffff, 'the object index');
  const bitLength = numberChild(issues, el, 'BitLen', 1, 255, 'the width in bits');
  if (index === undefined || bitLength === undefined) return undefined;
  // A gap (Index 0) has no SubIndex; every other entry needs one.
  const subindex = index === 0 ? (numberChild(issues, el, 'SubIndex', 0, 0xff, 'the subindex', false) ?? 0) : numberChild(issues, el, 'SubIndex', 0, 0xff, 'the subindex');
  if (subindex === undefined) return undefined;
  const out: EsiPdoEntry = { index, subindex, bitLength };
  const name = childOf(el, 'Name')?.text;
  const type = childOf(el, 'DataType')?.text;
  if (name) out.name = name;
  if (type) out.dataType = type;
  return out;
}

function readPdo(issues: EsiIssues, file: string, el: XmlElement, smCount: number): EsiPdo | undefined {
  const index = numberChild(issues, el, 'Index', 0, 0xffff, 'the PDO index');
  const sm = numberAttr(issues, el, 'Sm', 0, 15, 'a sync manager number');
  if (sm !== undefined && sm >= smCount) issues.add(el, `sync manager ${sm} is not described (the device has ${smCount} <Sm> elements)`, '@Sm');
  const excludes: number[] = [];
  for (const ex of childrenOf(el, 'Exclude')) {
    const v = parseHexDec(ex.text);
    if (v === undefined || v < 0 || v > 0xffff) issues.add(ex, `expected a PDO index (decimal or #x hex), got ${JSON.stringify(ex.text)}`);
    else excludes.push(v);
  }
  const entries: EsiPdoEntry[] = [];
  let ok = index !== undefined;
  for (const e of childrenOf(el, 'Entry')) {
    const entry = readEntry(issues, e);
    if (entry) entries.push(entry);
    else ok = false;
  }
  const fixed = boolAttr(issues, el, 'Fixed');
  const mandatory = boolAttr(issues, el, 'Mandatory');
  if (!ok || index === undefined) return undefined;
  const out: EsiPdo = {
    index,
    direction: el.name === 'RxPdo' ? 'output' : 'input',
    fixed,
    mandatory,
    excludes,
    entries,
    at: place(file, el),
  };
  const name = nameOf(el);
  if (name) out.name = name;
  if (sm !== undefined && sm < smCount) out.sm = sm;
  return out;
}

function readCoe(issues: EsiIssues, file: string, dev: XmlElement): { coe?: EsiCoe; initCmds: EsiInitCmd[] } {
  const coeEl = childOf(dev, 'Mailbox') && childOf(childOf(dev, 'Mailbox') as XmlElement, 'CoE');
  if (!coeEl) return { initCmds: [] };
  const coe: EsiCoe = {
    sdoInfo: boolAttr(issues, coeEl, 'SdoInfo'),
    pdoAssign: boolAttr(issues, coeEl, 'PdoAssign'),
    pdoConfig: boolAttr(issues, coeEl, 'PdoConfig'),
    completeAccess: boolAttr(issues, coeEl, 'CompleteAccess'),
  };
  const initCmds: EsiInitCmd[] = [];
  for (const cmd of childrenOf(coeEl, 'InitCmd')) {
    const transitions = childrenOf(cmd, 'Transition').map((t) => t.text.toUpperCase());
    if (transitions.length === 0) issues.add(cmd, 'missing <Transition> (IP, PS, SO, ...): when the command is sent');
    for (const t of childrenOf(cmd, 'Transition')) {
      if (!/^(IP|PS|SO|SP|OP|OS|PI|SI|OI|IB|BI)$/i.test(t.text)) issues.add(t, `unknown transition ${JSON.stringify(t.text)}; expected IP, PS, SO, SP, OP, OS, PI, SI, OI, IB or BI`);
    }
    const index = numberChild(issues, cmd, 'Index', 0, 0xffff, 'the object index');
    const subindex = numberChild(issues, cmd, 'SubIndex', 0, 0xff, 'the subindex');
    const dataEl = childOf(cmd, 'Data');
    let data: Uint8Array | undefined;
    if (!dataEl) issues.add(cmd, 'missing <Data> (the bytes to write, as hex digit pairs)');
    else {
      data = parseHexBinary(dataEl.text);
      if (!data || data.length === 0) issues.add(dataEl, `expected hex digit pairs such as 0100, got ${JSON.stringify(dataEl.text)}`);
    }
    const completeAccess = boolAttr(issues, cmd, 'CompleteAccess');
    if (index === undefined || subindex === undefined || !data || data.length === 0) continue;
    const c: EsiInitCmd = { transitions, index, subindex, data, completeAccess, at: place(file, cmd) };
    const comment = childOf(cmd, 'Comment')?.text;
    if (comment) c.comment = comment;
    initCmds.push(c);
  }
  return { coe, initCmds };
}

function readTime(issues: EsiIssues, op: XmlElement, name: string, min: number, max: number): EsiDcTime | undefined {
  const el = childOf(op, name);
  if (!el) return undefined;
  const value = parseHexDec(el.text === '' ? '0' : el.text);
  if (value === undefined || value < min || value > max) {
    issues.add(el, `expected a time in ns (${min}..${max}), got ${JSON.stringify(el.text)}`);
    return undefined;
  }
  const out: EsiDcTime = { value };
  const factor = numberAttr(issues, el, 'Factor', -0x8000, 0x7fff, 'a factor');
  if (factor !== undefined) out.factor = factor;
  if (attrOf(el, 'Input') !== undefined) out.input = boolAttr(issues, el, 'Input');
  return out;
}

function readOpModes(issues: EsiIssues, file: string, dev: XmlElement): EsiDcOpMode[] {
  const dc = childOf(dev, 'Dc');
  if (!dc) return [];
  const out: EsiDcOpMode[] = [];
  for (const op of childrenOf(dc, 'OpMode')) {
    const name = childOf(op, 'Name')?.text;
    if (!name) issues.add(op, 'missing <Name> (the op mode name a configuration selects it by)');
    const assignActivate = numberChild(issues, op, 'AssignActivate', 0, 0xffff, 'the AssignActivate word');
    const times = {
      cycleTimeSync0: readTime(issues, op, 'CycleTimeSync0', 0, 0xffffffff),
      shiftTimeSync0: readTime(issues, op, 'ShiftTimeSync0', -0x80000000, 0x7fffffff),
      cycleTimeSync1: readTime(issues, op, 'CycleTimeSync1', 0, 0xffffffff),
      shiftTimeSync1: readTime(issues, op, 'ShiftTimeSync1', -0x80000000, 0x7fffffff),
    };
    const assignments: EsiDcOpMode['assignments'] = [];
    for (const sm of childrenOf(op, 'Sm')) {
      const no = numberAttr(issues, sm, 'No', 0, 15, 'a sync manager number');
      if (no === undefined) {
        if (attrOf(sm, 'No') === undefined) issues.add(sm, 'missing the No attribute (the sync manager number)');
        continue;
      }
      const pdos: number[] = [];
      for (const p of childrenOf(sm, 'Pdo')) {
        const v = parseHexDec(p.text);
        if (v === undefined || v < 0 || v > 0xffff) issues.add(p, `expected a PDO index, got ${JSON.stringify(p.text)}`);
        else pdos.push(v);
      }
      assignments.push({ sm: no, pdos });
    }
    if (name === undefined || assignActivate === undefined) continue;
    const mode: EsiDcOpMode = { name, assignActivate, assignments, at: place(file, op) };
    const desc = childOf(op, 'Desc')?.text;
    if (desc) mode.description = desc;
    for (const [k, v] of Object.entries(times)) if (v) mode[k as keyof typeof times] = v;
    out.push(mode);
  }
  return out;
}

/** Read a listed device in full. Throws EsiError naming every malformed element. */
export function readEsiDevice(file: EsiFile, header: EsiDeviceHeader): EsiDevice {
  const issues = new EsiIssues(file.file);
  const dev = header.element;
  const syncManagers = readSms(issues, dev);
  const pdos: EsiPdo[] = [];
  const seen = new Map<number, XmlElement>();
  for (const el of dev.children) {
    if (el.name !== 'RxPdo' && el.name !== 'TxPdo') continue;
    const pdo = readPdo(issues, file.file, el, syncManagers.length);
    if (!pdo) continue;
    const before = seen.get(pdo.index);
    if (before) issues.add(el, `PDO #x${pdo.index.toString(16)} is already described at ${before.path} (line ${before.line})`);
    else {
      seen.set(pdo.index, el);
      pdos.push(pdo);
    }
  }
  const { coe, initCmds } = readCoe(issues, file.file, dev);
  const opModes = readOpModes(issues, file.file, dev);
  issues.throwIfAny();
  const out: EsiDevice = {
    vendorId: file.vendorId,
    productCode: header.productCode,
    revision: header.revision,
    type: header.type,
    name: header.name,
    syncManagers,
    pdos,
    initCmds,
    opModes,
    at: header.at,
  };
  if (file.vendorName !== undefined) out.vendorName = file.vendorName;
  if (coe) out.coe = coe;
  return out;
}
