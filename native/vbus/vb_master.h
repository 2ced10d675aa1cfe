/* SPDX-License-Identifier: MIT */
/*
 * The master's own behaviour in the idle phase, as IgH's state machines show it:
 * - vb_al.c: the AL state change (write AL control, check AL status, read the AL status
 *   code and acknowledge a refusal) and the slave configuration walk that IgH runs when a
 *   slave's state differs from the requested one (always through INIT, then mailbox sync
 *   managers, then up one state at a time);
 * - vb_scan.c: the bus scan (station addresses, ESC base data, DC receive times, DL
 *   status, SII read and parse, PREOP for CoE slaves, PDO assignment read through CoE, the
 *   SDO dictionary and PDO names);
 * - the idle pass: what IgH's idle thread would have done since the last call (read every
 *   slave's AL state, acknowledge errors, configure slaves to their requested state). It
 *   runs at the start of every ioctl, so its effects are deterministic.
 */
#ifndef ECAT_VBUS_MASTER_H
#define ECAT_VBUS_MASTER_H

#include "vb_types.h"

/* One AL state change; 0 on success. A refusal sets error_flag and acknowledges it. */
int vb_al_change(struct vbus *vb, struct vb_slave *s, uint8_t state);

/* Pieces of the configuration walk the operation-phase walk (vb_cfsm.c) shares. */
int vb_al_acknowledge(struct vbus *vb, struct vb_slave *s);
void vb_al_sm_page(uint8_t *p, uint16_t start, uint16_t length, uint8_t control, uint8_t enable);
int vb_al_clear_regs(struct vbus *vb, struct vb_slave *s, uint16_t addr, size_t n);
int vb_al_config_mailbox(struct vbus *vb, struct vb_slave *s);

/* Bring the slave to its requested state the IgH way; 0 on success, else error_flag is set. */
int vb_al_configure(struct vbus *vb, struct vb_slave *s);

/* SLAVE_STATE: request a state (clearing the error flag) and let the master act on it. */
void vb_al_request(struct vbus *vb, struct vb_slave *s, uint8_t state);

/* Scan the whole bus (at creation and on MASTER_RESCAN), or one slave. */
void vb_scan(struct vbus *vb);
void vb_scan_slave(struct vbus *vb, struct vb_slave *s);

/*
 * SII access through the slave's EEPROM interface registers, as IgH's SII state machine
 * does it (vb_sii_io.c): read `n` words from `word` on into `dst` (little-endian bytes),
 * write one word. Both return 0, or -EIO when a datagram fails or the ESC reports an error.
 */
int vb_sii_read_words(struct vbus *vb, struct vb_slave *s, unsigned word, unsigned n, uint8_t *dst);
int vb_sii_write_word(struct vbus *vb, struct vb_slave *s, unsigned word, uint16_t value);

/*
 * After a state blob was loaded: rebuild what the master derives at a scan (ESC base data,
 * parsed SII, PDO assignment, PDO names) from the restored registers, SII cache and
 * dictionary, keeping the restored states, flags and mailbox configuration.
 */
void vb_scan_restore_view(struct vbus *vb, struct vb_slave *s);

/* The idle pass described above. */
void vb_idle_pass(struct vbus *vb);

/* Slaves the master counts as responding, and the OR of their AL states. */
unsigned vb_slaves_responding(const struct vbus *vb);
uint8_t vb_al_states(const struct vbus *vb);

#endif /* ECAT_VBUS_MASTER_H */
