/* SPDX-License-Identifier: MIT */
/*
 * CoE SDO transfers, both ends: the slave's SDO server (vb_coe_server.c) answers the
 * frames found in its mailbox from its object dictionary, and the master's SDO client
 * (vb_coe_client.c) drives uploads and downloads the way IgH's CoE state machine does:
 * expedited for 1-4 bytes, normal otherwise, segmented when the data does not fit the
 * configured mailbox, with toggle bits, and the same error numbers.
 */
#ifndef ECAT_VBUS_COE_H
#define ECAT_VBUS_COE_H

#include "vb_types.h"

/* CoE header service numbers (bits 12-15 of the first CoE word). */
#define COE_SDO_REQUEST 0x2
#define COE_SDO_RESPONSE 0x3

/* Bytes of an SDO initiate frame (CoE header, command, index, subindex, 4 data). */
#define COE_SDO_HEADER 10
/* Bytes before the data of a segment frame, and the minimum segment data. */
#define COE_SEG_HEADER 3
#define COE_SEG_MIN_DATA 7

/* Largest complete size an SDO upload may announce before the master gives up (-ENOMEM). */
#define VB_SDO_MAX (1024u * 1024u)

/*
 * Slave side: answer one CoE frame of `n` bytes. Writes the answer to `out` (at most
 * `cap` bytes) and returns its length, or 0 when there is nothing to answer.
 */
size_t vb_coe_server(struct vb_slave *s, const uint8_t *in, size_t n, uint8_t *out, size_t cap);
void vb_coe_server_reset(struct vb_slave *s);

/*
 * Master side. Both return 0, or a negative errno as IgH's blocking SDO calls report it:
 * -EIO (abort, with *abort_code set, or no/garbled answer), -EPROTONOSUPPORT (no CoE in the
 * SII), -ENOBUFS (mailbox too small, fragment beyond the announced size), -EOVERFLOW (frame
 * does not fit the mailbox), -EPROTO (mailbox error reply), -ENOMEM.
 * The upload allocates *data (ecat_port_free it); it is NULL when *size is 0.
 */
int vb_sdo_upload(struct vbus *vb, struct vb_slave *s, uint16_t index, uint8_t subindex, uint8_t **data,
                  size_t *size, uint32_t *abort_code);
int vb_sdo_download(struct vbus *vb, struct vb_slave *s, uint16_t index, uint8_t subindex, int complete_access,
                    const uint8_t *data, size_t size, uint32_t *abort_code);

#endif /* ECAT_VBUS_COE_H */
