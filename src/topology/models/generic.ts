// SPDX-License-Identifier: MIT
// Generic model: a device described entirely by the topology file (identity, sync managers,
// PDOs, dictionary). Its defaults are only a frame: two RJ45 ports, delay measurement, and a
// CoE mailbox when the file gives it objects (decided by the resolver).
import { DELAY_ONLY, VIRTUAL_VENDOR, defaultCoe, defaultMailbox, pdiControlFor, type ModelInfo } from './model.js';

/** The `generic` model. */
export const genericModel: ModelInfo = {
  name: 'generic',
  mailboxByDefault: false,
  build(p) {
    const mailbox = p.mailbox ? defaultMailbox() : null;
    return {
      identity: { vendor: VIRTUAL_VENDOR, product: 0, revision: 0x00010000, serial: 0 },
      deviceName: '',
      group: 'Generic',
      orderNumber: '',
      ports: ['mii', 'mii', 'n/a', 'n/a'],
      mailbox,
      coe: defaultCoe(0),
      dc: { ...DELAY_ONLY },
      pdos: [],
      objects: [],
      currentOnEBus: 0,
      pdiControl: pdiControlFor(p.mailbox, true),
      syncImpulse: 0,
      ds402Channels: 0,
    };
  },
};
