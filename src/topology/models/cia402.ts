// SPDX-License-Identifier: MIT
// CiA 402 servo drive model (one axis): the drive profile objects the virtual drive acts on
// (controlword/statusword state machine, modes of operation, targets, actual values, limits),
// a configurable default mapping (RxPDO 0x1600: controlword, target position, target velocity,
// modes of operation; TxPDO 0x1A00: statusword, position actual, velocity actual, modes display,
// error code), DC with SYNC0, two RJ45 ports.
import type { ObjectDef, PdoDef, PdoEntryDef } from '../defs.js';
import { array, entry, record, variable } from '../coe/make.js';
import { CIA402_MODES, VIRTUAL_VENDOR, defaultMailbox, pdiControlFor } from './model.js';
import type { Cia402Mode, ModelDefaults, ModelInfo, ModelParams } from './model.js';

/** Modes offered when the topology does not list them: what the virtual drive implements. */
export const DEFAULT_CIA402_MODES: Cia402Mode[] = ['pp', 'csp', 'csv'];

const I32_MIN = -2147483648n;
const I32_MAX = 2147483647n;

function objects(modes: Cia402Mode[]): ObjectDef[] {
  const rx = { pdo: 'rx' as const };
  const tx = { pdo: 'tx' as const, volatile: true };
  const has = (m: Cia402Mode): boolean => modes.includes(m);
  let supported = 0;
  for (const m of modes) supported |= 1 << CIA402_MODES[m].bit;
  const list: ObjectDef[] = [
    variable(0x1001, 'Error register', 'uint8', 'ro', tx),
    variable(0x603f, 'Error code', 'uint16', 'ro', tx),
    variable(0x6040, 'Controlword', 'uint16', 'rw', rx),
    variable(0x6041, 'Statusword', 'uint16', 'ro', tx),
    variable(0x605a, 'Quick stop option code', 'int16', 'rw', { value: 2n, min: 0n, max: 8n }),
    variable(0x6060, 'Modes of operation', 'int8', 'rw', rx),
    variable(0x6061, 'Modes of operation display', 'int8', 'ro', tx),
    variable(0x6062, 'Position demand value', 'int32', 'ro', tx),
    variable(0x6064, 'Position actual value', 'int32', 'ro', tx),
    variable(0x6065, 'Following error window', 'uint32', 'rw', { value: 100000n }),
    variable(0x6066, 'Following error time out', 'uint16', 'rw', { value: 10n }),
    variable(0x606c, 'Velocity actual value', 'int32', 'ro', tx),
    variable(0x6072, 'Max torque', 'uint16', 'rw', { value: 3000n, ...rx }),
    variable(0x6077, 'Torque actual value', 'int16', 'ro', tx),
    variable(0x607a, 'Target position', 'int32', 'rw', rx),
    array(0x607d, 'Software position limit', [
      entry(1, 'Min position limit', 'int32', 'rw', { value: I32_MIN }),
      entry(2, 'Max position limit', 'int32', 'rw', { value: I32_MAX }),
    ]),
    variable(0x6081, 'Profile velocity', 'uint32', 'rw', { value: 100000n, ...rx }),
    variable(0x6083, 'Profile acceleration', 'uint32', 'rw', { value: 1000000n, ...rx }),
    variable(0x6084, 'Profile deceleration', 'uint32', 'rw', { value: 1000000n, ...rx }),
    variable(0x6085, 'Quick stop deceleration', 'uint32', 'rw', { value: 10000000n }),
    variable(0x60b0, 'Position offset', 'int32', 'rw', rx),
    variable(0x60b1, 'Velocity offset', 'int32', 'rw', rx),
    variable(0x60b2, 'Torque offset', 'int16', 'rw', rx),
    record(0x60c2, 'Interpolation time period', [
      entry(1, 'Interpolation time period value', 'uint8', 'rw', { value: 1n }),
      entry(2, 'Interpolation time index', 'int8', 'rw', { value: -3n }),
    ]),
    variable(0x60f4, 'Following error actual value', 'int32', 'ro', tx),
    variable(0x60ff, 'Target velocity', 'int32', 'rw', rx),
    variable(0x6502, 'Supported drive modes', 'uint32', 'ro', { value: BigInt(supported) }),
  ];
  if (has('cst') || has('tq')) list.push(variable(0x6071, 'Target torque', 'int16', 'rw', rx));
  if (has('hm')) {
    list.push(
      variable(0x607c, 'Home offset', 'int32', 'rw'),
      variable(0x6098, 'Homing method', 'int8', 'rw', { value: 37n }),
      array(0x6099, 'Homing speeds', [
        entry(1, 'Speed during search for switch', 'uint32', 'rw', { value: 10000n }),
        entry(2, 'Speed during search for zero', 'uint32', 'rw', { value: 1000n }),
      ]),
      variable(0x609a, 'Homing acceleration', 'uint32', 'rw', { value: 100000n }),
    );
  }
  return list.sort((a, b) => a.index - b.index);
}

function pdos(objs: ObjectDef[]): PdoDef[] {
  const ref = (index: number): PdoEntryDef => {
    const e = objs.find((o) => o.index === index)?.entries[0];
    if (!e) throw new Error(`internal: missing 0x${index.toString(16)}`);
    return { index, subindex: 0, bits: e.bits, name: e.name, type: e.type };
  };
  return [
    { index: 0x1600, name: 'RxPDO 1', fixed: false, mandatory: false, capacity: 8, entries: [0x6040, 0x607a, 0x60ff, 0x6060].map(ref) },
    { index: 0x1a00, name: 'TxPDO 1', fixed: false, mandatory: false, capacity: 8, entries: [0x6041, 0x6064, 0x606c, 0x6061, 0x603f].map(ref) },
  ];
}

function build(p: ModelParams): ModelDefaults {
  const objs = objects(p.modes);
  const pdoList = pdos(objs);
  const mailbox = p.mailbox ? defaultMailbox() : null;
  return {
    identity: { vendor: VIRTUAL_VENDOR, product: 0x00060001, revision: 0x00010000, serial: 0 },
    deviceName: 'Virtual CiA 402 Servo Drive',
    group: 'Drive',
    orderNumber: 'ecat-servo',
    ports: ['mii', 'mii', 'n/a', 'n/a'],
    mailbox,
    coe: {
      sdoInfo: true,
      pdoAssign: true,
      pdoConfig: true,
      uploadAtStartup: false,
      completeAccess: true,
      deviceType: 0x00020192, // CiA 402 (0x192), servo drive
      hardwareVersion: '1.0',
      softwareVersion: '1.0',
    },
    dc: {
      supported: true,
      range64: true,
      systemTime: true,
      syncModes: [{ name: 'DC Sync0', assignActivate: 0x0300, cycleTime: 0, shift0: 0, shift1: 0, sync0Factor: 1, sync1Factor: 0 }],
    },
    pdos: pdoList,
    objects: objs,
    currentOnEBus: 0,
    pdiControl: pdiControlFor(p.mailbox, true),
    syncImpulse: 1000, // 10 us SYNC0 pulse
    ds402Channels: 1,
  };
}

/** The `cia402` model. */
export const cia402Model: ModelInfo = {
  name: 'cia402',
  mailboxByDefault: true,
  build,
};
