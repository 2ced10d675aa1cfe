// SPDX-License-Identifier: MIT
// Reading a master into the plain trees the formatters take (src/format/types.ts). Each
// function issues the same inspection requests the `ethercat` tool issues for the command
// (SLAVE_SYNC/PDO/PDO_ENTRY, SLAVE_SDO/SDO_ENTRY, CONFIG_*, DOMAIN_*), all of which work on a
// read-only device.
import type { NativeMaster, NativeSdoEntryInfo, NativeSlaveInfo } from '../binding/native.js';
import type { ConfigData, ConfigSyncData, DomainData, PdoData, SlavePdos, SlaveSdos } from '../format/types.js';
import type { NativeConfigInfo } from '../binding/native.js';

/** Every slave on the bus, in ring order. */
export function allSlaves(m: NativeMaster): NativeSlaveInfo[] {
  const n = m.master().slaveCount;
  return Array.from({ length: n }, (_, i) => m.slave(i));
}

export function collectSlavePdos(m: NativeMaster, slave: NativeSlaveInfo): SlavePdos {
  const syncs = [];
  for (let i = 0; i < slave.syncCount; i++) {
    const sync = m.slaveSync(slave.position, i);
    const pdos: PdoData[] = [];
    for (let j = 0; j < sync.pdoCount; j++) {
      const pdo = m.slaveSyncPdo(slave.position, i, j);
      const entries = [];
      for (let k = 0; k < pdo.entryCount; k++) entries.push(m.slaveSyncPdoEntry(slave.position, i, j, k));
      pdos.push({ pdo, entries });
    }
    syncs.push({ sync, pdos });
  }
  return { slave, syncs };
}

/** The dictionary; entries the slave cannot describe are skipped, as the tool skips them. */
export function collectSlaveSdos(m: NativeMaster, slave: NativeSlaveInfo, withEntries: boolean): SlaveSdos {
  const sdos = [];
  for (let i = 0; i < slave.sdoCount; i++) {
    const sdo = m.slaveSdo(slave.position, i);
    const entries: NativeSdoEntryInfo[] = [];
    if (withEntries) {
      for (let sub = 0; sub <= sdo.maxSubindex; sub++) {
        try {
          // A negative spec addresses the object by dictionary position (avoid -0 for position 0).
          entries.push(m.slaveSdoEntry(slave.position, i === 0 ? 0 : -i, sub));
        } catch {
          /* no description for this subindex */
        }
      }
    }
    sdos.push({ sdo, entries });
  }
  return { slave, sdos };
}

export function collectConfig(m: NativeMaster, config: NativeConfigInfo): ConfigData {
  const syncs: ConfigSyncData[] = [];
  config.syncs.forEach((s, index) => {
    const pdos: PdoData[] = [];
    for (let k = 0; k < s.pdoCount; k++) {
      const pdo = m.configPdo(config.index, index, k);
      const entries = [];
      for (let l = 0; l < pdo.entryCount; l++) entries.push(m.configPdoEntry(config.index, index, k, l));
      pdos.push({ pdo, entries });
    }
    syncs.push({ index, dir: s.dir, watchdogMode: s.watchdogMode, pdos });
  });
  const sdos = [];
  for (let j = 0; j < config.sdoCount; j++) sdos.push(m.configSdo(config.index, j));
  const slave = config.slavePosition !== -1 ? m.slave(config.slavePosition) : null;
  return { config, slave, syncs, sdos };
}

export function collectDomain(m: NativeMaster, index: number, withData: boolean): DomainData {
  const domain = m.domain(index);
  const fmmus = [];
  for (let i = 0; i < domain.fmmuCount; i++) fmmus.push(m.domainFmmu(index, i));
  const data = withData && domain.dataSize ? m.domainData(index, domain.dataSize) : null;
  return { domain, fmmus, data };
}
