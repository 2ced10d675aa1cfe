// SPDX-License-Identifier: MIT
// SII (EEPROM) layout constants (ETG.1000.6 / ETG.2010): fixed word addresses of the first
// 64 words and the category type codes that follow from word 0x40.

/** Word addresses of the fixed area. */
export const SII = {
  pdiControl: 0x00,
  pdiConfig: 0x01,
  syncImpulse: 0x02,
  pdiConfig2: 0x03,
  alias: 0x04,
  checksum: 0x07,
  vendor: 0x08,
  product: 0x0a,
  revision: 0x0c,
  serial: 0x0e,
  bootstrapRx: 0x14,
  bootstrapTx: 0x16,
  standardRx: 0x18,
  standardTx: 0x1a,
  protocols: 0x1c,
  size: 0x3e,
  version: 0x3f,
  categories: 0x40,
} as const;

/** Category type codes. */
export const CATEGORY = {
  nop: 0x0000,
  strings: 0x000a,
  dataTypes: 0x0014,
  general: 0x001e,
  fmmu: 0x0028,
  syncManager: 0x0029,
  txPdo: 0x0032,
  rxPdo: 0x0033,
  dc: 0x003c,
  end: 0xffff,
} as const;

/** Bytes of the general category. */
export const GENERAL_BYTES = 32;
/** Bytes of one DC sync mode in the DC category. */
export const DC_MODE_BYTES = 24;

/** PDO flags in the TXPDO/RXPDO categories. */
export const PDO_FLAGS = { mandatory: 0x0001, default: 0x0002, fixed: 0x0010 } as const;

/** Physical port codes of the general category (4 bits per port). */
export const PHYSICAL_PORT = { 'n/a': 0x0, 'n/c': 0x0, mii: 0x1, ebus: 0x3 } as const;

/** FMMU usage codes; 0xff pads the category to a whole word. */
export const FMMU_CODE = { unused: 0, outputs: 1, inputs: 2, 'mailbox-status': 3 } as const;
/** Pads the FMMU category to whole words; not an FMMU use. */
export const FMMU_PAD = 0xff;

/** Sync manager type codes. */
export const SM_TYPE = { unused: 0, 'mailbox-out': 1, 'mailbox-in': 2, outputs: 3, inputs: 4 } as const;
