// SPDX-License-Identifier: MIT
// Constants of the topology image format 1 (docs/vbus-image.md): the contract between this
// serializer and the virtual master core in native/vbus.

export const IMAGE_MAGIC = 0x31494256; // "VBI1" as little-endian bytes
/** Format version written in the header. */
export const IMAGE_VERSION = 1;
/** Size of the header. */
export const HEADER_BYTES = 16;
/** Size of the master section. */
export const MASTER_BYTES = 12;
/** Size of one port record. */
export const PORT_BYTES = 16;
/** `next_slave` of a port without a slave behind it. */
export const NO_SLAVE = 0xffff;

/** Limits the core enforces; the serializer refuses to produce an image beyond them. */
export const LIMITS = {
  imageBytes: 64 * 1024 * 1024,
  slaves: 4096,
  siiWordsMin: 64,
  siiWordsMax: 4096,
  objects: 4096,
  entries: 256,
  valueBytes: 4096,
  /** `param_size` is a u16. */
  paramBytes: 0xffff,
  /** Scheduled faults of the whole bus. */
  faults: 4096,
} as const;

/** Tags of the model parameter records (docs/vbus-image.md, "Model parameters"). */
export const PARAM_TAGS = {
  inputPattern: 0x0001,
  waveform: 0x0002,
  drivePosition: 0x0010,
  driveMaxVelocity: 0x0011,
  driveMaxAcceleration: 0x0012,
  driveRequireDc: 0x0013,
  fault: 0x0020,
} as const;

/** Slave record flags. */
export const SLAVE_FLAGS = { dc: 0x01, dc64: 0x02, systemTime: 0x04, fmmuBitOp: 0x08 } as const;

/** Entry flags. */
export const ENTRY_FLAGS = { hasMin: 0x01, hasMax: 0x02, volatile: 0x04 } as const;
