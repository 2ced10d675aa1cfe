// SPDX-License-Identifier: MIT
// Coupler model: the head of an I/O rack (EK1100-like). Ethernet in on port 0, the E-Bus to its
// terminals on port 1, Ethernet out (X2) on port 2. No process data, no mailbox; it feeds the
// E-Bus (negative current consumption).
import { DELAY_ONLY, VIRTUAL_VENDOR, defaultCoe, defaultMailbox, pdiControlFor, type ModelInfo } from './model.js';

/** The `coupler` model. */
export const couplerModel: ModelInfo = {
  name: 'coupler',
  mailboxByDefault: false,
  build(p) {
    const mailbox = p.mailbox ? defaultMailbox() : null;
    return {
      identity: { vendor: VIRTUAL_VENDOR, product: 0x00010000, revision: 0x00010000, serial: 0 },
      deviceName: 'Virtual EtherCAT Coupler',
      group: 'Coupler',
      orderNumber: 'ecat-coupler',
      ports: ['mii', 'ebus', 'mii', 'n/a'],
      mailbox,
      coe: defaultCoe(0),
      dc: { ...DELAY_ONLY },
      pdos: [],
      objects: [],
      currentOnEBus: -2000,
      pdiControl: pdiControlFor(p.mailbox, false),
      syncImpulse: 0,
      ds402Channels: 0,
    };
  },
};
