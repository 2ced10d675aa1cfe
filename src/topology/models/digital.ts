// SPDX-License-Identifier: MIT
// Digital I/O terminal models (EL1008/EL2008-like): one PDO per channel holding one bit, objects
// 0x6000 + 0x10*n (inputs) or 0x7000 + 0x10*n (outputs) with a BOOLEAN at subindex 1. Without a
// mailbox (the default, like the real terminals) the objects only name the PDO entries; with
// `mailbox: true` they form a CoE dictionary.
import type { ObjectDef, PdoDef } from '../defs.js';
import { T } from '../coe/datatypes.js';
import { record, entry } from '../coe/make.js';
import type { ModelDefaults, ModelInfo, ModelParams } from './model.js';
import { DELAY_ONLY, VIRTUAL_VENDOR, defaultCoe, defaultMailbox, pdiControlFor } from './model.js';

function build(p: ModelParams, output: boolean): ModelDefaults {
  const n = p.channels;
  const base = output ? 0x7000 : 0x6000;
  const pdoBase = output ? 0x1600 : 0x1a00;
  const word = output ? 'Output' : 'Input';
  const pdos: PdoDef[] = [];
  const objects: ObjectDef[] = [];
  for (let ch = 0; ch < n; ch++) {
    const index = base + 0x10 * ch;
    pdos.push({
      index: pdoBase + ch,
      name: `Channel ${ch + 1}`,
      fixed: true,
      mandatory: false,
      entries: [{ index, subindex: 1, bits: 1, name: word, type: T('bool') }],
    });
    objects.push(
      record(index, `${output ? 'DO Outputs' : 'DI Inputs'} Ch.${ch + 1}`, [
        output ? entry(1, word, 'bool', 'rw', { pdo: 'rx' }) : entry(1, word, 'bool', 'ro', { pdo: 'tx', volatile: true }),
      ]),
    );
  }
  const mailbox = p.mailbox ? defaultMailbox() : null;
  // CiA 401 device type: profile 401 (0x191), bit 16 digital input / bit 17 digital output.
  const deviceType = 0x0191 | (output ? 0x20000 : 0x10000);
  return {
    identity: { vendor: VIRTUAL_VENDOR, product: ((output ? 3 : 2) << 16) | n, revision: 0x00010000, serial: 0 },
    deviceName: `Virtual ${n}Ch. Dig. ${word}`,
    group: output ? 'DigOut' : 'DigIn',
    orderNumber: `ecat-${output ? 'do' : 'di'}${n}`,
    ports: ['ebus', 'ebus', 'n/a', 'n/c'],
    mailbox,
    coe: defaultCoe(deviceType),
    dc: { ...DELAY_ONLY },
    pdos,
    objects,
    currentOnEBus: output ? 110 : 90,
    pdiControl: pdiControlFor(p.mailbox, true),
    syncImpulse: 0,
    ds402Channels: 0,
  };
}

/** The `digital-input` model. */
export const digitalInputModel: ModelInfo = {
  name: 'digital-input',
  channels: { default: 8, min: 1, max: 64 },
  mailboxByDefault: false,
  build: (p) => build(p, false),
};

/** The `digital-output` model. */
export const digitalOutputModel: ModelInfo = {
  name: 'digital-output',
  channels: { default: 8, min: 1, max: 64 },
  mailboxByDefault: false,
  build: (p) => build(p, true),
};
