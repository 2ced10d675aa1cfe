// SPDX-License-Identifier: MIT
// What the ESI importer takes from an EtherCATInfo file (ETG.2000): per device its identity,
// sync managers, PDOs with their Fixed/Mandatory/Sm/Exclude attributes, CoE InitCmds and DC op
// modes. Each item keeps the element path and line so later messages can point into the file.
import type { Direction } from '../types.js';
import type { XmlElement } from './xml.js';

/** Where an item was written in the ESI file. */
export interface EsiPlace {
  file: string;
  path: string;
  line: number;
  column: number;
}

/** One `<Entry>` of a PDO. */
export interface EsiPdoEntry {
  /** 0 for a gap. */
  index: number;
  subindex: number;
  bitLength: number;
  name?: string;
  /** The ESI type name as written (UINT, DINT, BIT2, ...). */
  dataType?: string;
}

/** One `<RxPdo>` or `<TxPdo>`. */
export interface EsiPdo {
  index: number;
  name?: string;
  /** RxPdo elements are outputs, TxPdo elements inputs. */
  direction: Direction;
  /** Sync manager the PDO is assigned to by default; undefined = not assigned by default. */
  sm?: number;
  /** Mapping cannot be changed. */
  fixed: boolean;
  /** Must always be assigned. */
  mandatory: boolean;
  /** PDOs that cannot be assigned together with this one. */
  excludes: number[];
  entries: EsiPdoEntry[];
  at: EsiPlace;
}

/** A sync manager as the `<Sm>` element describes it (its index is its position among them). */
export interface EsiSyncManager {
  index: number;
  /** MBoxOut, MBoxIn, Outputs, Inputs (or empty when unused). */
  kind: string;
  startAddress?: number;
  controlByte?: number;
  defaultSize?: number;
  enable: boolean;
}

/** A CoE InitCmd: an SDO write at the given AL state transitions (IP, PS, SO, ...). */
export interface EsiInitCmd {
  transitions: string[];
  index: number;
  subindex: number;
  data: Uint8Array;
  completeAccess: boolean;
  comment?: string;
  at: EsiPlace;
}

/** A time value of a DC op mode with its optional Factor (and Input for SYNC0 shifts). */
export interface EsiDcTime {
  value: number;
  factor?: number;
  input?: boolean;
}

/** One `<Dc><OpMode>`. */
export interface EsiDcOpMode {
  name: string;
  description?: string;
  assignActivate: number;
  cycleTimeSync0?: EsiDcTime;
  shiftTimeSync0?: EsiDcTime;
  cycleTimeSync1?: EsiDcTime;
  shiftTimeSync1?: EsiDcTime;
  /** Op-mode specific PDO assignment (`<Sm No="2"><Pdo>#x1600</Pdo></Sm>`), if given. */
  assignments: Array<{ sm: number; pdos: number[] }>;
  at: EsiPlace;
}

/** CoE features the `<Mailbox><CoE>` element declares. */
export interface EsiCoe {
  sdoInfo: boolean;
  pdoAssign: boolean;
  pdoConfig: boolean;
  completeAccess: boolean;
}

/** A device, fully read. */
export interface EsiDevice {
  vendorId: number;
  vendorName?: string;
  productCode: number;
  revision: number;
  /** The `<Type>` text, e.g. "EL1809". */
  type: string;
  /** The `<Name>` text (English when there are several). */
  name: string;
  syncManagers: EsiSyncManager[];
  pdos: EsiPdo[];
  coe?: EsiCoe;
  initCmds: EsiInitCmd[];
  opModes: EsiDcOpMode[];
  at: EsiPlace;
}

/** A device as listed in a file before it is read in full. */
export interface EsiDeviceHeader {
  productCode: number;
  revision: number;
  type: string;
  name: string;
  element: XmlElement;
  at: EsiPlace;
}

/** One loaded ESI file. */
export interface EsiFile {
  file: string;
  vendorId: number;
  vendorName?: string;
  devices: EsiDeviceHeader[];
}
