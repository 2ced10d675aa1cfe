// SPDX-License-Identifier: MIT
// configFromBus: a starting configuration written from what the live bus reports - every slave
// by ring position with its identity, its sync managers and PDOs as currently assigned and
// mapped, and one variable per mapped entry (typed from the object dictionary when the slave
// has one, else from the entry's width). `ecat scan --output bus.yaml` writes it with
// stringifyBusConfig; the user then trims it to what the application needs.
import { hex } from '../../topology/source/read.js';
import { BusReader } from '../bus/inspector.js';
import type { BusInspector } from '../bus/inspector.js';
import type { BusConfig, SlaveConfig, SyncConfig, VariableConfig, VariableType } from '../types.js';
import { typeBits, typeFromBitLength, typeFromCoeCode } from '../values.js';
import { slaveBaseName, UniqueNames, variableNames } from './names.js';

/** Options of configFromBus. */
export interface ScanOptions {
  /** Cycle time to write, in ns (default 1 ms). */
  cycleTime?: number;
  master?: number;
  /** First line(s) of the file's header comment, e.g. where and when the scan was made. */
  header?: string;
}

function entryType(reader: BusReader, position: number, index: number, subindex: number, bitLength: number): VariableType {
  const od = reader.sdoEntry(position, index, subindex);
  const t = od ? typeFromCoeCode(od.dataType, bitLength) : undefined;
  return t ?? typeFromBitLength(bitLength);
}

/** Read the bus and describe it as a configuration (with comments for stringifyBusConfig). */
export function configFromBus(bus: BusInspector, options: ScanOptions = {}): BusConfig {
  const reader = new BusReader(bus);
  const slaveNames = new UniqueNames();
  const varNames = new UniqueNames();
  const comments: Record<string, string> = {};
  const count = reader.slaveCount();
  comments[''] = [
    options.header ?? 'Bus configuration written by `ecat scan` from the live bus.',
    `${count} slave${count === 1 ? '' : 's'} found. PDOs are as the slaves reported them; remove the variables you do not need.`,
  ].join('\n');
  const slaves: SlaveConfig[] = [];
  for (let position = 0; position < count; position++) {
    const info = reader.slave(position);
    const name = slaveNames.take(slaveBaseName(info.name, position));
    const path = `slaves[${position}]`;
    const found = [`position ${position}: ${info.name || '(no name in SII)'}`];
    if (info.alias) found.push(`station alias ${info.alias} (address by alias instead: alias: ${info.alias}, position: 0)`);
    comments[path] = found.join('\n');
    const slave: SlaveConfig = {
      name,
      alias: 0,
      position,
      identity: { vendorId: info.vendorId, productCode: info.productCode, revision: info.revisionNumber },
      sdos: [],
      variables: [],
    };
    const syncs: SyncConfig[] = [];
    const mapped: Array<{ pdoName: string; entryName: string; index: number; subindex: number; bitLength: number }> = [];
    for (const s of reader.syncsOf(position)) {
      if (s.pdos.length === 0) continue;
      syncs.push({
        index: s.info.index,
        direction: s.direction,
        watchdog: 'default',
        pdos: s.pdos.map((p) => ({
          index: p.info.index,
          ...(p.info.name ? { name: p.info.name } : {}),
          entries: p.entries.map((e) => ({ index: e.index, subindex: e.subindex, bitLength: e.bitLength, ...(e.name ? { name: e.name } : {}) })),
        })),
      });
      for (const p of s.pdos) {
        for (const e of p.entries) {
          if (e.index === 0) continue;
          mapped.push({ pdoName: p.info.name, entryName: e.name, index: e.index, subindex: e.subindex, bitLength: e.bitLength });
        }
      }
    }
    if (syncs.length > 0) slave.syncs = syncs;
    const names = variableNames(name, mapped, varNames);
    slave.variables = mapped.flatMap((e, k): VariableConfig[] => {
      // Entries wider than 64 bits (strings, arrays) are not process variables; leave them mapped.
      if (e.bitLength > 64) return [];
      const type = entryType(reader, position, e.index, e.subindex, e.bitLength);
      const v: VariableConfig = { name: names[k] ?? `${name}.${hex(e.index)}`, index: e.index, subindex: e.subindex, type, bitLength: typeBits(type) ?? e.bitLength };
      return [v];
    });
    if (syncs.length === 0) comments[`${path}.name`] = 'no process data: the slave maps no PDOs';
    slaves.push(slave);
  }
  return {
    master: options.master ?? 0,
    cycleTime: options.cycleTime ?? 1_000_000,
    domains: [{ name: 'default', divider: 1 }],
    slaves,
    variables: [],
    comments,
  };
}
