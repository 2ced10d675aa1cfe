// SPDX-License-Identifier: MIT
// Device presets: well-known devices as a model plus the facts that make them look real on the
// bus (vendor/product/revision, SII strings, port types, E-Bus current). Identity values of the
// Beckhoff parts are their public ids; names follow their SII device names; currents and
// revisions are typical values. Anything a preset sets, the topology file can override.
import type { Cia402Mode } from './models/model.js';
import { VIRTUAL_VENDOR } from './models/model.js';
import type { CoeFeatures, DcSupport, Identity, Mailbox, ModelName, PortDescriptor } from './types.js';

/** A well-known device: a model plus the facts that make it look real. */
export interface Preset {
  /** Canonical name (lookup is case-insensitive). */
  name: string;
  model: ModelName;
  channels?: number;
  modes?: Cia402Mode[];
  identity: Identity;
  deviceName: string;
  group: string;
  orderNumber: string;
  ports?: PortDescriptor[];
  currentOnEBus?: number;
  coe?: Partial<CoeFeatures>;
  /** Adjust the model's mailbox (applied only if the slave has one). */
  mailbox?: (m: Mailbox) => Mailbox;
  dc?: DcSupport;
}

const BECKHOFF = 0x00000002;
const TERMINAL_PORTS: PortDescriptor[] = ['ebus', 'ebus', 'n/a', 'n/c'];
// Beckhoff terminals report the Modular Device Profile (5001 = 0x1389) in 0x1000.
const MDP_DEVICE_TYPE = 0x00001389;

const beckhoff = (product: number, revision: number): Identity => ({ vendor: BECKHOFF, product, revision, serial: 0 });

const LIST: Preset[] = [
  {
    name: 'EK1100',
    model: 'coupler',
    identity: beckhoff(0x044c2c52, 0x00120000),
    deviceName: 'EK1100 EtherCAT Coupler (2A E-Bus)',
    group: 'System',
    orderNumber: 'EK1100',
    // X1 IN (RJ45), E-Bus to the terminals, X2 OUT (RJ45)
    ports: ['mii', 'ebus', 'mii', 'n/a'],
    currentOnEBus: -2000,
  },
  {
    name: 'EK1122',
    model: 'coupler',
    identity: beckhoff(0x04622c52, 0x00110000),
    deviceName: 'EK1122 2 port EtherCAT junction',
    group: 'System',
    orderNumber: 'EK1122',
    // E-Bus in and out, junctions X1 (port 3, served first) and X2 (port 2)
    ports: ['ebus', 'ebus', 'mii', 'mii'],
    currentOnEBus: 220,
  },
  {
    name: 'EL1004',
    model: 'digital-input',
    channels: 4,
    identity: beckhoff(0x03ec3052, 0x00100000),
    deviceName: 'EL1004 4Ch. Dig. Input 24V, 3ms',
    group: 'DigIn',
    orderNumber: 'EL1004',
    ports: TERMINAL_PORTS,
    currentOnEBus: 90,
  },
  {
    name: 'EL1008',
    model: 'digital-input',
    channels: 8,
    identity: beckhoff(0x03f03052, 0x00100000),
    deviceName: 'EL1008 8Ch. Dig. Input 24V, 3ms',
    group: 'DigIn',
    orderNumber: 'EL1008',
    ports: TERMINAL_PORTS,
    currentOnEBus: 90,
  },
  {
    name: 'EL2004',
    model: 'digital-output',
    channels: 4,
    identity: beckhoff(0x07d43052, 0x00100000),
    deviceName: 'EL2004 4Ch. Dig. Output 24V, 0.5A',
    group: 'DigOut',
    orderNumber: 'EL2004',
    ports: TERMINAL_PORTS,
    currentOnEBus: 100,
  },
  {
    name: 'EL2008',
    model: 'digital-output',
    channels: 8,
    identity: beckhoff(0x07d83052, 0x00100000),
    deviceName: 'EL2008 8Ch. Dig. Output 24V, 0.5A',
    group: 'DigOut',
    orderNumber: 'EL2008',
    ports: TERMINAL_PORTS,
    currentOnEBus: 110,
  },
  {
    name: 'EL3064',
    model: 'analog-input',
    channels: 4,
    identity: beckhoff(0x0bf83052, 0x00140000),
    deviceName: 'EL3064 4Ch. Ana. Input 0-10V',
    group: 'AnaIn',
    orderNumber: 'EL3064',
    ports: TERMINAL_PORTS,
    currentOnEBus: 130,
    coe: { deviceType: MDP_DEVICE_TYPE },
  },
  {
    name: 'EL4004',
    model: 'analog-output',
    channels: 4,
    identity: beckhoff(0x0fa43052, 0x00140000),
    deviceName: 'EL4004 4Ch. Ana. Output 0-10V, 12bit',
    group: 'AnaOut',
    orderNumber: 'EL4004',
    ports: TERMINAL_PORTS,
    currentOnEBus: 150,
    coe: { deviceType: MDP_DEVICE_TYPE },
  },
  {
    // Not a real product: a plain CiA 402 drive with the virtual vendor id, for examples and tests.
    name: 'cia402-servo',
    model: 'cia402',
    modes: ['pp', 'csp', 'csv'],
    identity: { vendor: VIRTUAL_VENDOR, product: 0x00060001, revision: 0x00010000, serial: 0 },
    deviceName: 'Generic CiA 402 Servo Drive',
    group: 'Servo Drives',
    orderNumber: 'ecat-servo',
    ports: ['mii', 'mii', 'n/a', 'n/a'],
    mailbox: (m) => ({ ...m, bootstrap: { rx: { ...m.rx }, tx: { ...m.tx } } }),
  },
];

const byName = new Map(LIST.map((p) => [p.name.toLowerCase(), p]));

/** Canonical preset names. */
export const PRESET_NAMES: readonly string[] = LIST.map((p) => p.name);

/** The preset with this name (case-insensitive). */
export function findPreset(name: string): Preset | undefined {
  return byName.get(name.toLowerCase());
}
