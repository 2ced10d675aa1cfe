// SPDX-License-Identifier: MIT
// Analog I/O terminal models (EL3064/EL4004-like, 16-bit values). Inputs: per channel a status
// word (underrange, overrange, two 2-bit limit flags, error, TxPDO state/toggle) and a value in
// record 0x6000 + 0x10*n, settings with limits in 0x8000 + 0x10*n, a "standard" TxPDO (status +
// value) assigned by default and a "compact" one (value only) available. Outputs: the value in
// 0x7000 + 0x10*n:11 and settings in 0x8000 + 0x10*n. Both have a CoE mailbox.
import type { ObjectDef, PdoDef } from '../defs.js';
import { T } from '../coe/datatypes.js';
import { entry, record } from '../coe/make.js';
import type { ModelDefaults, ModelInfo, ModelParams } from './model.js';
import { DELAY_ONLY, VIRTUAL_VENDOR, defaultCoe, defaultMailbox, pdiControlFor } from './model.js';

const I16_MIN = -32768n;
const I16_MAX = 32767n;

function inputObjects(ch: number): ObjectDef[] {
  const n = ch + 1;
  const tx = { pdo: 'tx' as const, volatile: true };
  return [
    record(0x6000 + 0x10 * ch, `AI Inputs Ch.${n}`, [
      entry(0x01, 'Underrange', 'bool', 'ro', tx),
      entry(0x02, 'Overrange', 'bool', 'ro', tx),
      entry(0x03, 'Limit 1', 'bit2', 'ro', tx),
      entry(0x05, 'Limit 2', 'bit2', 'ro', tx),
      entry(0x07, 'Error', 'bool', 'ro', tx),
      entry(0x0f, 'TxPDO State', 'bool', 'ro', tx),
      entry(0x10, 'TxPDO Toggle', 'bool', 'ro', tx),
      entry(0x11, 'Value', 'int16', 'ro', tx),
    ]),
    record(0x8000 + 0x10 * ch, `AI Settings Ch.${n}`, [
      entry(0x01, 'Enable user scale', 'bool', 'rw'),
      // 0 signed, 1 unsigned, 2 absolute value with MSB as sign
      entry(0x02, 'Presentation', 'bit3', 'rw', { min: 0n, max: 2n }),
      entry(0x06, 'Enable filter', 'bool', 'rw'),
      entry(0x07, 'Enable limit 1', 'bool', 'rw'),
      entry(0x08, 'Enable limit 2', 'bool', 'rw'),
      entry(0x11, 'User scale offset', 'int16', 'rw'),
      entry(0x12, 'User scale gain', 'int32', 'rw', { value: 65536n }),
      entry(0x13, 'Limit 1', 'int16', 'rw', { min: I16_MIN, max: I16_MAX }),
      entry(0x14, 'Limit 2', 'int16', 'rw', { min: I16_MIN, max: I16_MAX }),
      // filter characteristic: 0 = 50 Hz FIR ... 7 = IIR 8
      entry(0x15, 'Filter settings', 'uint16', 'rw', { min: 0n, max: 7n }),
    ]),
  ];
}

function inputPdos(ch: number): PdoDef[] {
  const n = ch + 1;
  const obj = 0x6000 + 0x10 * ch;
  const e = (subindex: number, bits: number, name: string, type: string) => ({ index: obj, subindex, bits, name, type: T(type) });
  return [
    {
      index: 0x1a00 + 2 * ch,
      name: `AI Standard Ch.${n}`,
      fixed: true,
      mandatory: false,
      entries: [
        e(0x01, 1, 'Underrange', 'bool'),
        e(0x02, 1, 'Overrange', 'bool'),
        e(0x03, 2, 'Limit 1', 'bit2'),
        e(0x05, 2, 'Limit 2', 'bit2'),
        e(0x07, 1, 'Error', 'bool'),
        { index: 0, subindex: 0, bits: 7, name: '' },
        e(0x0f, 1, 'TxPDO State', 'bool'),
        e(0x10, 1, 'TxPDO Toggle', 'bool'),
        e(0x11, 16, 'Value', 'int16'),
      ],
    },
    {
      index: 0x1a01 + 2 * ch,
      name: `AI Compact Ch.${n}`,
      sm: null, // offered for assignment instead of the standard PDO
      fixed: true,
      mandatory: false,
      entries: [e(0x11, 16, 'Value', 'int16')],
    },
  ];
}

function outputObjects(ch: number): ObjectDef[] {
  const n = ch + 1;
  return [
    record(0x7000 + 0x10 * ch, `AO Outputs Ch.${n}`, [entry(0x11, 'Analog output', 'int16', 'rw', { pdo: 'rx' })]),
    record(0x8000 + 0x10 * ch, `AO Settings Ch.${n}`, [
      entry(0x01, 'Enable user scale', 'bool', 'rw'),
      entry(0x02, 'Presentation', 'bit3', 'rw', { min: 0n, max: 2n }),
      // what the output does when the process data watchdog expires: 0 default value, 1 ramp, 2 keep last
      entry(0x05, 'Watchdog', 'bit2', 'rw', { min: 0n, max: 2n }),
      entry(0x11, 'Offset', 'int16', 'rw'),
      entry(0x12, 'Gain', 'int32', 'rw', { value: 65536n }),
      entry(0x13, 'Default output', 'int16', 'rw', { min: I16_MIN, max: I16_MAX }),
      entry(0x14, 'Default output ramp', 'uint16', 'rw', { value: 0xffffn }),
    ]),
  ];
}

function outputPdo(ch: number): PdoDef {
  return {
    index: 0x1600 + ch,
    name: `AO Output Ch.${ch + 1}`,
    fixed: true,
    mandatory: false,
    entries: [{ index: 0x7000 + 0x10 * ch, subindex: 0x11, bits: 16, name: 'Analog output', type: T('int16') }],
  };
}

function build(p: ModelParams, output: boolean): ModelDefaults {
  const objects: ObjectDef[] = [];
  const pdos: PdoDef[] = [];
  for (let ch = 0; ch < p.channels; ch++) {
    objects.push(...(output ? outputObjects(ch) : inputObjects(ch)));
    if (output) pdos.push(outputPdo(ch));
    else pdos.push(...inputPdos(ch));
  }
  const mailbox = p.mailbox ? defaultMailbox() : null;
  // CiA 401 device type: profile 401, bit 18 analog input / bit 19 analog output.
  const deviceType = 0x0191 | (output ? 0x80000 : 0x40000);
  return {
    identity: { vendor: VIRTUAL_VENDOR, product: ((output ? 5 : 4) << 16) | p.channels, revision: 0x00010000, serial: 0 },
    deviceName: `Virtual ${p.channels}Ch. Ana. ${output ? 'Output' : 'Input'}`,
    group: output ? 'AnaOut' : 'AnaIn',
    orderNumber: `ecat-${output ? 'ao' : 'ai'}${p.channels}`,
    ports: ['ebus', 'ebus', 'n/a', 'n/c'],
    mailbox,
    coe: defaultCoe(deviceType),
    dc: { ...DELAY_ONLY },
    pdos,
    objects,
    currentOnEBus: output ? 150 : 130,
    pdiControl: pdiControlFor(p.mailbox, true),
    syncImpulse: 0,
    ds402Channels: 0,
  };
}

/** The `analog-input` model. */
export const analogInputModel: ModelInfo = {
  name: 'analog-input',
  channels: { default: 4, min: 1, max: 16 },
  mailboxByDefault: true,
  build: (p) => build(p, false),
};

/** The `analog-output` model. */
export const analogOutputModel: ModelInfo = {
  name: 'analog-output',
  channels: { default: 4, min: 1, max: 16 },
  mailboxByDefault: true,
  build: (p) => build(p, true),
};
