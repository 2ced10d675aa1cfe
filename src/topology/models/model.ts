// SPDX-License-Identifier: MIT
// What a behaviour model contributes to a slave before presets and the user's overrides:
// a complete, self-consistent device (identity, ports, mailbox, PDOs, model objects). Sync
// managers are laid out by the resolver from the final mailbox and PDOs (resolve/sync.ts), so
// a changed mailbox size or an added PDO moves them consistently for every model.
import type { ObjectDef, PdoDef } from '../defs.js';
import type { CoeFeatures, DcSupport, Identity, Mailbox, ModelName, PortDescriptor } from '../types.js';

/**
 * Vendor id of the project's virtual devices. It is not assigned by the ETG; it only marks
 * devices that exist nowhere but in a topology file. Give real identities to presets.
 */
export const VIRTUAL_VENDOR = 0x0000eca7;

/** CiA 402 operation modes and their 0x6060 values / 0x6502 bits. */
export const CIA402_MODES = {
  pp: { value: 1, bit: 0 },
  vl: { value: 2, bit: 1 },
  pv: { value: 3, bit: 2 },
  tq: { value: 4, bit: 3 },
  hm: { value: 6, bit: 5 },
  ip: { value: 7, bit: 6 },
  csp: { value: 8, bit: 7 },
  csv: { value: 9, bit: 8 },
  cst: { value: 10, bit: 9 },
} as const;
/** A CiA 402 mode name as written in `modes:`. */
export type Cia402Mode = keyof typeof CIA402_MODES;
/** All mode names, in 0x6502 bit order. */
export const CIA402_MODE_NAMES = Object.keys(CIA402_MODES) as Cia402Mode[];

/** Inputs to a model: its parameters after presets and the user's values are applied. */
export interface ModelParams {
  channels: number;
  modes: Cia402Mode[];
  /** The slave has a mailbox (decided before the model runs, since it changes the memory layout). */
  mailbox: boolean;
}

/** A complete device as a model builds it. */
export interface ModelDefaults {
  identity: Identity;
  deviceName: string;
  group: string;
  orderNumber: string;
  ports: PortDescriptor[];
  mailbox: Mailbox | null;
  coe: CoeFeatures;
  dc: DcSupport;
  pdos: PdoDef[];
  objects: ObjectDef[];
  currentOnEBus: number;
  pdiControl: number;
  syncImpulse: number;
  /** SII general category "DS402 channels". */
  ds402Channels: number;
}

/** A behaviour model: its parameters and how it builds a device. */
export interface ModelInfo {
  name: ModelName;
  /** Channel count parameter (I/O models only). */
  channels?: { default: number; min: number; max: number };
  /** Whether the model has a mailbox unless told otherwise. */
  mailboxByDefault: boolean;
  build(params: ModelParams): ModelDefaults;
}

/** The standard mailbox of small terminals: 128 bytes each way right at the start of ESC RAM. */
export function defaultMailbox(): Mailbox {
  return { rx: { start: 0x1000, size: 128 }, tx: { start: 0x1080, size: 128 }, bootstrap: null, protocols: ['coe'] };
}

/** CoE features of simple CoE devices: SDO info and PDO assignment, fixed mappings. */
export function defaultCoe(deviceType: number): CoeFeatures {
  return {
    sdoInfo: true,
    pdoAssign: true,
    pdoConfig: false,
    uploadAtStartup: false,
    completeAccess: false,
    deviceType,
    hardwareVersion: '01',
    softwareVersion: '01',
  };
}

/** DC support of ESCs that latch receive times but have no system time. */
export const DELAY_ONLY: DcSupport = { supported: true, range64: false, systemTime: false, syncModes: [] };

/** PDI control word: a PDI-less device lets the ESC emulate AL state changes (bit 8). */
export function pdiControlFor(mailbox: boolean, processData: boolean): number {
  if (mailbox) return 0x0005; // SPI to a microcontroller that runs the mailbox
  return processData ? 0x0104 : 0x0100; // digital I/O PDI, or none; device emulation on
}
