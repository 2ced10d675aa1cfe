// SPDX-License-Identifier: MIT
// BusPlan: the fully resolved, plain-data description of a bus that the native master executes
// through IgH's application requests (SLAVE_CONFIG, SC_SYNC, SC_ADD_PDO, SC_ADD_ENTRY, SC_SDO,
// SC_WATCHDOG, SC_DC, CREATE_DOMAIN, SC_REG_PDO_ENTRY). Everything is numbers, strings, booleans,
// arrays and Uint8Array, so it crosses the N-API boundary or a worker as it is, and
// serializeBusPlan() writes it as JSON. docs/config.md documents the shape for the native side.
import type { Direction, VariableType, WatchdogMode } from '../types.js';

/** A domain in creation order; `divider` n: processed and queued every n-th bus cycle. */
export interface PlanDomain {
  index: number;
  name: string;
  divider: number;
}

/** One mapped object of a PDO; `index` 0 is a gap. */
export interface PlanEntry {
  index: number;
  subindex: number;
  bitLength: number;
  name: string | null;
}

/** A PDO to assign. `entries` null: do not touch its mapping (IgH then uses the slave's). */
export interface PlanPdo {
  index: number;
  name: string | null;
  entries: PlanEntry[] | null;
  /** Where it was configured: `slaves[1].syncs[0].pdos[2]`, `slaves[1].pdos[0]` or `slaves[1].esi`. */
  path: string;
}

/** A sync manager to configure (SC_SYNC), then its PDO assignment (SC_CLEAR_PDOS, SC_ADD_PDO, ...). */
export interface PlanSync {
  index: number;
  direction: Direction;
  watchdog: WatchdogMode;
  pdos: PlanPdo[];
}

/** A startup SDO (SC_SDO), in the order it must be written. */
export interface PlanSdo {
  index: number;
  subindex: number;
  completeAccess: boolean;
  data: Uint8Array;
  /** Where it came from: the configuration file or an ESI InitCmd. */
  origin: 'config' | 'esi';
  /** Path in the configuration (`slaves[1].sdos[0]`) or ESI place (`file.xml:120`). */
  path: string;
}

/** Arguments of ecrt_slave_config_dc, in ns. */
export interface PlanDc {
  assignActivate: number;
  sync0Cycle: number;
  sync0Shift: number;
  sync1Cycle: number;
  sync1Shift: number;
}

/** One slave configuration, in creation order (its position in `slaves` is IgH's config index). */
export interface PlanSlave {
  index: number;
  name: string;
  /** `slaves[i]` in the configuration. */
  path: string;
  alias: number;
  position: number;
  vendorId: number;
  productCode: number;
  /** Checked against the bus by checkAgainstBus; IgH itself does not compare it. */
  revision: number | null;
  /** Where `syncs` came from: the configuration, an ESI file, or the live slave (checkAgainstBus). */
  pdoSource: 'config' | 'esi' | 'slave';
  /** null: leave the slave's PDO configuration as it is (IgH uses the slave's defaults). */
  syncs: PlanSync[] | null;
  sdos: PlanSdo[];
  watchdog: { divider: number; intervals: number } | null;
  dc: PlanDc | null;
  /** The ESI device the defaults came from. */
  esi: { file: string; type: string; revision: number } | null;
}

/** A process variable: a PDO entry registered in a domain (SC_REG_PDO_ENTRY). */
export interface PlanVariable {
  name: string;
  /** Index into `slaves` (= IgH config index). */
  slave: number;
  index: number;
  subindex: number;
  bitLength: number;
  type: VariableType;
  /** From the PDO: RxPDO entries are outputs. null until known (checkAgainstBus fills it in). */
  direction: Direction | null;
  /** Sync manager and PDO the entry is mapped in, when known. */
  sync: number | null;
  pdo: number | null;
  /** Index into `domains`. */
  domain: number;
  /** Outputs: the bytes (little-endian, ceil(bitLength/8)) the watchdog writes; null for inputs. */
  safe: Uint8Array | null;
  /** `slaves[1].variables[0]` or `variables[3]`. */
  path: string;
}

/** Something the planner decided that the user should know (reordering, defaults picked, ...). */
export interface PlanNote {
  path: string;
  message: string;
}

/** The whole plan; see docs/config.md for how the native master applies it. */
export interface BusPlan {
  format: 'ecat-bus-plan';
  version: 1;
  master: number;
  /** Bus cycle in ns. */
  cycleTime: number;
  /** True when every variable's direction and every PDO mapping are known. */
  complete: boolean;
  domains: PlanDomain[];
  slaves: PlanSlave[];
  variables: PlanVariable[];
  notes: PlanNote[];
  /** The configuration file and where its fields are (path -> [line, column]), for messages. */
  source: { file: string; positions: Record<string, [number, number]> } | null;
}
