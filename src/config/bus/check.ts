// SPDX-License-Identifier: MIT
// checkAgainstBus: compare a plan with the live bus before it is applied. Every configured slave
// must exist and have the expected identity (expected and found are both reported, never
// ignored); every PDO entry the plan maps must exist on the slave (in its PDOs, or in its object
// dictionary for a remap); every startup SDO must be an object that is writable in PREOP. Slaves
// left at their defaults get their PDOs from the bus, and variables bound to them get their
// direction. The result is a completed copy of the plan plus problems with paths into the file.
import { hex } from '../../topology/source/read.js';
import { ConfigError } from '../errors.js';
import type { ConfigIssue } from '../errors.js';
import { PathIssues } from '../plan/issues.js';
import { positionOf } from '../positions.js';
import { isComplete } from '../plan/plan.js';
import type { BusPlan, PlanPdo, PlanSdo, PlanSlave, PlanSync } from '../plan/types.js';
import { bindEntry, crossCheckVariables } from '../plan/variables.js';
import { formatEntryRef } from '../values.js';
import { BusReader, MAILBOX_COE, ringPosition } from './inspector.js';
import type { BusInspector, InspectedSlave } from './inspector.js';

/** One finding; errors stop activation, warnings are worth reading. */
export interface BusProblem extends ConfigIssue {
  severity: 'error' | 'warning';
}

/** The outcome of checkAgainstBus. */
export interface BusCheck {
  /** No errors (warnings allowed). */
  ok: boolean;
  problems: BusProblem[];
  /** The plan with slave defaults and variable directions filled in from the bus. */
  plan: BusPlan;
  /** Ring position each slave configuration resolved to (null: not found). */
  positions: Array<number | null>;
}

class Problems {
  readonly list: BusProblem[] = [];
  constructor(private readonly positions: Record<string, [number, number]> | undefined) {}
  add(severity: BusProblem['severity'], path: string, message: string): void {
    const [line, column] = positionOf(this.positions, path);
    this.list.push({ severity, path, line, column, message });
  }
}

function identityText(s: { vendorId: number; productCode: number; revision?: number | null }): string {
  const rev = s.revision !== undefined && s.revision !== null ? ` revision ${hex(s.revision, 8)}` : '';
  return `vendor ${hex(s.vendorId, 8)} product ${hex(s.productCode, 8)}${rev}`;
}

function where(slave: PlanSlave, ring: number): string {
  return slave.alias === 0 ? `position ${ring}` : `position ${ring} (alias ${slave.alias} + ${slave.position})`;
}

function address(p: Problems, reader: BusReader, slave: PlanSlave): number | null {
  const ring = ringPosition(reader, slave.alias, slave.position);
  if (ring !== null) return ring;
  const count = reader.slaveCount();
  if (slave.alias === 0) {
    p.add('error', `${slave.path}.position`, `no slave at position ${slave.position}: the bus has ${count} slave${count === 1 ? '' : 's'}${count ? ` (positions 0..${count - 1})` : ''}`);
    return null;
  }
  const aliases = reader.all().flatMap((s, i) => (s.alias ? [`${s.alias} at position ${i}`] : []));
  const first = reader.all().findIndex((s) => s.alias === slave.alias);
  if (first < 0) p.add('error', `${slave.path}.alias`, `no slave with alias ${slave.alias} on the bus (aliases found: ${aliases.join(', ') || 'none'})`);
  else p.add('error', `${slave.path}.position`, `alias ${slave.alias} is at position ${first}; ${slave.position} further is position ${first + slave.position}, but the bus has ${count} slaves`);
  return null;
}

function checkIdentity(p: Problems, slave: PlanSlave, ring: number, found: InspectedSlave): boolean {
  const label = found.name ? ` ("${found.name}")` : '';
  const got = identityText({ vendorId: found.vendorId, productCode: found.productCode, revision: found.revisionNumber });
  if (found.vendorId !== slave.vendorId || found.productCode !== slave.productCode) {
    const field = found.vendorId !== slave.vendorId ? 'vendorId' : 'productCode';
    p.add('error', `${slave.path}.${field}`, `wrong slave at ${where(slave, ring)}: expected ${identityText(slave)}, found ${got}${label}`);
    return false;
  }
  if (slave.revision !== null && found.revisionNumber !== slave.revision) {
    p.add('error', `${slave.path}.revision`, `wrong revision at ${where(slave, ring)}: expected ${hex(slave.revision, 8)}, found ${hex(found.revisionNumber, 8)}${label}`);
    return false;
  }
  return true;
}

/** The slave's own sync managers as plan syncs (for slaves left at their defaults). */
function syncsFromBus(reader: BusReader, ring: number, slave: PlanSlave): PlanSync[] {
  return reader
    .syncsOf(ring)
    .filter((s) => s.pdos.length > 0)
    .map((s) => ({
      index: s.info.index,
      direction: s.direction,
      watchdog: 'default' as const,
      pdos: s.pdos.map((pdo) => ({
        index: pdo.info.index,
        name: pdo.info.name || null,
        entries: pdo.entries.map((e) => ({ index: e.index, subindex: e.subindex, bitLength: e.bitLength, name: e.name || null })),
        path: slave.path,
      })),
    }));
}

function checkPdo(p: Problems, reader: BusReader, ring: number, found: InspectedSlave, sync: PlanSync, pdo: PlanPdo): void {
  const busPdos = reader.syncsOf(ring).flatMap((s) => s.pdos);
  const onBus = busPdos.find((b) => b.info.index === pdo.index);
  const hasCoe = (found.mailboxProtocols & MAILBOX_COE) !== 0;
  if (pdo.entries === null) {
    if (onBus) {
      pdo.entries = onBus.entries.map((e) => ({ index: e.index, subindex: e.subindex, bitLength: e.bitLength, name: e.name || null }));
      if (!pdo.name && onBus.info.name) pdo.name = onBus.info.name;
    } else {
      p.add('error', pdo.path, `PDO ${hex(pdo.index)} has no entries in the configuration and the slave does not report it; give its entries`);
    }
    return;
  }
  if (!hasCoe) {
    // Without CoE nothing can be remapped: the configuration must describe what the slave has.
    const same = onBus && onBus.entries.length === pdo.entries.length && onBus.entries.every((e, i) => e.index === pdo.entries?.[i]?.index && e.subindex === pdo.entries[i]?.subindex && e.bitLength === pdo.entries[i]?.bitLength);
    if (!same) {
      p.add('error', pdo.path, `the slave has no CoE mailbox, so its PDOs cannot be reconfigured, and PDO ${hex(pdo.index)} ${onBus ? 'is mapped differently on the slave' : 'is not one of its PDOs'}`);
      return;
    }
  }
  if (sync.index >= found.syncCount) p.add('error', pdo.path, `sync manager ${sync.index} does not exist on the slave (it has ${found.syncCount})`);
  const dictionary = reader.dictionary(ring);
  pdo.entries.forEach((e, m) => {
    if (e.index === 0) return;
    const path = pdo.path.endsWith('.esi') ? pdo.path : `${pdo.path}.entries[${m}]`;
    const ref = formatEntryRef(e.index, e.subindex);
    const inPdos = busPdos.some((b) => b.entries.some((x) => x.index === e.index && x.subindex === e.subindex && x.bitLength === e.bitLength));
    if (inPdos) return;
    const od = reader.sdoEntry(ring, e.index, e.subindex);
    if (od) {
      if (od.bitLength !== e.bitLength) p.add('error', path, `PDO entry ${ref} is ${e.bitLength} bits in the configuration but ${od.bitLength} bits in the slave's dictionary`);
      return;
    }
    const because = dictionary.size === 0 ? 'it is in none of its PDOs and the slave offers no object dictionary to map it from' : 'it is in none of its PDOs and not in its object dictionary';
    p.add('error', path, `PDO entry ${ref} (PDO ${hex(pdo.index)}) does not exist on the slave at position ${ring}: ${because}`);
  });
}

function checkSdo(p: Problems, reader: BusReader, ring: number, found: InspectedSlave, slave: PlanSlave, sdo: PlanSdo): void {
  const path = sdo.origin === 'config' ? sdo.path : `${slave.path}.esi`;
  const from = sdo.origin === 'esi' ? ` (InitCmd at ${sdo.path})` : '';
  const ref = formatEntryRef(sdo.index, sdo.subindex);
  if ((found.mailboxProtocols & MAILBOX_COE) === 0) {
    p.add('error', path, `startup SDO ${ref}${from}: the slave has no CoE mailbox`);
    return;
  }
  const dictionary = reader.dictionary(ring);
  if (dictionary.size === 0) {
    p.add('warning', path, `startup SDO ${ref}${from} cannot be checked: the slave offers no SDO information`);
    return;
  }
  const obj = dictionary.get(sdo.index);
  if (!obj) {
    p.add('error', path, `startup SDO ${ref}${from}: object ${hex(sdo.index)} does not exist on the slave at position ${ring}`);
    return;
  }
  if (sdo.subindex > obj.maxSubindex) {
    p.add('error', path, `startup SDO ${ref}${from}: object ${hex(sdo.index)} ("${obj.name}") has subindices 0..${obj.maxSubindex}`);
    return;
  }
  // With complete access subindex 0 is written as one byte in front, so look at the first real entry.
  const sub = sdo.completeAccess ? Math.min(1, obj.maxSubindex) : sdo.subindex;
  const entry = reader.sdoEntry(ring, sdo.index, sub);
  if (!entry) {
    p.add('error', path, `startup SDO ${formatEntryRef(sdo.index, sub)}${from}: the slave does not describe this entry`);
    return;
  }
  if (!entry.writeAccess[0]) {
    const states = ['PREOP', 'SAFEOP', 'OP'].filter((_, i) => entry.writeAccess[i]);
    p.add('error', path, `startup SDO ${formatEntryRef(sdo.index, sub)}${from} ("${entry.description || obj.name}") is not writable in PREOP${states.length ? ` (writable in ${states.join(', ')})` : ' (read-only)'}`);
    return;
  }
  if (!sdo.completeAccess && entry.bitLength > 0 && entry.bitLength % 8 === 0 && sdo.data.length * 8 !== entry.bitLength && entry.bitLength <= 64) {
    p.add('warning', path, `startup SDO ${ref}${from} writes ${sdo.data.length} byte${sdo.data.length === 1 ? '' : 's'} to a ${entry.bitLength}-bit entry`);
  }
}

function clonePlan(plan: BusPlan): BusPlan {
  return structuredClone(plan);
}

/**
 * Check `plan` against the bus `bus` answers for. Never throws for a mismatch: the problems come
 * back in the result (see assertBusMatches for the throwing form).
 */
export function checkAgainstBus(planIn: BusPlan, bus: BusInspector): BusCheck {
  const plan = clonePlan(planIn);
  const positions = plan.source?.positions;
  const p = new Problems(positions);
  const reader = new BusReader(bus);
  const rings: Array<number | null> = [];
  const usedBy = new Map<number, PlanSlave>();
  for (const slave of plan.slaves) {
    const ring = address(p, reader, slave);
    rings.push(ring);
    if (ring === null) continue;
    const other = usedBy.get(ring);
    if (other) {
      p.add('error', slave.path, `resolves to position ${ring}, which ${other.path} already configures`);
      continue;
    }
    usedBy.set(ring, slave);
    const found = reader.slave(ring);
    if (!checkIdentity(p, slave, ring, found)) continue;
    if (slave.syncs === null) {
      slave.syncs = syncsFromBus(reader, ring, slave);
      slave.pdoSource = 'slave';
    } else {
      for (const sync of slave.syncs) for (const pdo of sync.pdos) checkPdo(p, reader, ring, found, sync, pdo);
    }
    for (const sdo of slave.sdos) checkSdo(p, reader, ring, found, slave, sdo);
  }
  // Variables whose entries were open can be bound now.
  const issues = new PathIssues(positions);
  const bound: typeof plan.variables = [];
  for (const v of plan.variables) {
    const slave = plan.slaves[v.slave];
    if (v.direction !== null || !slave || rings[v.slave] === null) continue;
    bindEntry(issues, slave, v, false);
    if (v.sync !== null) bound.push(v);
  }
  // Entries were checked for double binding by planBus; what is new here is which sync manager
  // (and so which domain) they landed in.
  crossCheckVariables(issues, bound, plan.domains.map((d) => d.name), positions);
  for (const i of issues.list) p.add('error', i.path, i.message);
  plan.complete = isComplete(plan.slaves, plan.variables);
  const problems = p.list.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: !problems.some((x) => x.severity === 'error'), problems, plan, positions: rings };
}

/** checkAgainstBus that throws a ConfigError for errors and returns the completed plan otherwise. */
export function assertBusMatches(plan: BusPlan, bus: BusInspector): BusPlan {
  const r = checkAgainstBus(plan, bus);
  const errors = r.problems.filter((x) => x.severity === 'error');
  if (errors.length > 0) throw new ConfigError(plan.source?.file ?? '<config>', errors.map(({ path, line, column, message }) => ({ path, line, column, message })), false, 'bus configuration (checked against the bus)');
  return r.plan;
}
