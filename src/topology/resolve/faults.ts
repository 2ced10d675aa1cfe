// SPDX-License-Identifier: MIT
// Model parameters and faults once the slaves are known: `requireDc` needs a drive with a DC
// system time, an SDO abort needs a CoE mailbox, top-level faults name an existing slave, and
// what every slave carries must fit its image record. A link-down fault concerns the whole bus;
// the image stores it in the first slave's record (docs/vbus-image.md, "Model parameters").
import { paramsSize } from '../image/params.js';
import { LIMITS } from '../image/format.js';
import type { Issues, Where } from '../source/issues.js';
import { didYouMean } from '../source/suggest.js';
import type { FaultSpec, SlaveSpec, TopologySpec } from '../spec.js';
import type { Slave } from '../types.js';

function checkFault(issues: Issues, f: FaultSpec, slave: Slave): boolean {
  if (f.fault.kind === 'sdo-abort' && !slave.coe) {
    issues.at(f.at, `sdo-abort needs a slave with a CoE mailbox; "${slave.name}" has none`);
    return false;
  }
  return true;
}

/** The slave's own `params:` and `faults:`, checked against what it became. */
export function resolveParams(issues: Issues, spec: SlaveSpec, slave: Slave): void {
  const p = spec.params;
  if (p) {
    if (p.settings.drive?.requireDc && p.requireDcAt && !(slave.dc.supported && slave.dc.systemTime)) {
      issues.at(p.requireDcAt, 'requireDc: this drive has no DC system time (dc), so no master can configure SYNC0 and it would never reach SAFEOP');
    }
    if (p.settings.pattern || p.settings.waveforms?.length || p.settings.drive) slave.params = p.settings;
  }
  const faults = spec.faults.filter((f) => checkFault(issues, f, slave)).map((f) => f.fault);
  if (faults.length) slave.faults = faults;
}

/** Top-level faults onto their slaves; then the bus-wide limits. */
export function attachFaults(issues: Issues, spec: TopologySpec, slaves: Slave[]): void {
  const byName = new Map<string, Slave>();
  for (const s of slaves) if (!byName.has(s.name)) byName.set(s.name, s);
  for (const f of spec.faults) {
    let target: Slave | undefined;
    if (f.fault.kind === 'link-down') {
      target = slaves[0];
      if (!target) {
        issues.at(f.at, 'link-down needs at least one slave: the image keeps bus-wide faults in the first slave\'s record');
        continue;
      }
    } else {
      target = f.slave !== undefined ? byName.get(f.slave) : undefined;
      if (!target) {
        const where: Where = f.slaveAt ?? f.at;
        issues.at(where, `unknown slave "${f.slave ?? ''}"${didYouMean(f.slave ?? '', [...byName.keys()])}`);
        continue;
      }
      if (!checkFault(issues, f, target)) continue;
    }
    (target.faults ??= []).push(f.fault);
  }
  const all: FaultSpec[] = [...spec.slaves.flatMap((s) => s.faults), ...spec.faults];
  const beyond = all[LIMITS.faults];
  if (beyond) issues.at(beyond.at, `${all.length} scheduled faults; a bus holds at most ${LIMITS.faults}`);
  for (const s of slaves) {
    const size = paramsSize(s);
    if (size > LIMITS.paramBytes) {
      const at = spec.slaves[s.position]?.at;
      const message = `the model parameters and faults of "${s.name}" take ${size} bytes; a slave record holds at most ${LIMITS.paramBytes} (fewer faults)`;
      if (at) issues.at(at, message);
      else issues.add('', undefined, message);
    }
  }
}
