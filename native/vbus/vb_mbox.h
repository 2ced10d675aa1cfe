/* SPDX-License-Identifier: MIT */
/*
 * Mailbox transport between the master and a slave through the slave's mailbox sync
 * managers: the master writes a frame (6-byte mailbox header + payload) to SM0, polls SM1's
 * "mailbox full" status and fetches the answer. The slave side takes a frame only into an
 * enabled SM0 at the address the master writes to, dispatches it by mailbox type (CoE to
 * vb_coe_server.c; anything its firmware does not serve gets a mailbox error reply) and
 * can only answer as much as its SM1 holds. Every datagram is counted.
 */
#ifndef ECAT_VBUS_MBOX_H
#define ECAT_VBUS_MBOX_H

#include "vb_types.h"

#define VB_MBOX_TYPE_ERROR 0x00
#define VB_MBOX_TYPE_COE 0x03

/* ---- slave side ---- */

/* Drop a pending answer and any transfer in progress (on INIT, and at power-on). */
void vb_mbox_slave_reset(struct vb_slave *s);

/* Keep SM1's "mailbox full" status bit in step with a pending answer. */
void vb_mbox_update_status(struct vb_slave *s);

/* ---- master side (the slave's configured mailbox from the master's view) ---- */

/*
 * Where the master builds the payload of its next frame, and how many payload bytes fit
 * the slave's configured receive mailbox (0 when none is configured).
 */
uint8_t *vb_mbox_payload(struct vb_slave *s);
size_t vb_mbox_payload_cap(const struct vb_slave *s);

/*
 * Send the frame whose `n` payload bytes were built at vb_mbox_payload(). Returns 0,
 * -EOVERFLOW when it does not fit the configured receive mailbox (as IgH refuses), or
 * -EIO when the datagram does not reach the slave.
 */
int vb_mbox_send(struct vbus *vb, struct vb_slave *s, uint8_t type, size_t n);

/*
 * Check for and fetch the slave's answer. On success copies at most `cap` payload bytes to
 * `buf` and returns 0 with *type and *n set; -EIO when nothing arrives or a datagram fails;
 * -EPROTO when the slave answers with a mailbox error frame.
 */
int vb_mbox_receive(struct vbus *vb, struct vb_slave *s, uint8_t *buf, size_t cap, uint8_t *type, size_t *n);

/* The two halves of vb_mbox_receive, one datagram each: the status check (1 an answer
 * waits, 0 none, -EIO no working counter) and the fetch after a positive check. */
int vb_mbox_check(struct vbus *vb, struct vb_slave *s);
int vb_mbox_fetch(struct vbus *vb, struct vb_slave *s, uint8_t *buf, size_t cap, uint8_t *type, size_t *n);

#endif /* ECAT_VBUS_MBOX_H */
