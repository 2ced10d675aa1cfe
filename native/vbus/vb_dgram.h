/* SPDX-License-Identifier: MIT */
/*
 * The master's datagrams to one slave (FPRD/FPWR and the broadcast delay-measurement
 * write), as single frames on the virtual wire: they reach the slave's ESC only while the
 * link is up, they return the slave's working counter, and they are counted in the
 * master's frame statistics (Ethernet header, EtherCAT header, datagram header, data,
 * working counter, padded to the 60-byte minimum frame).
 */
#ifndef ECAT_VBUS_DGRAM_H
#define ECAT_VBUS_DGRAM_H

#include "vb_types.h"

int vb_dg_read(struct vbus *vb, struct vb_slave *s, uint32_t addr, void *dst, size_t n);
int vb_dg_write(struct vbus *vb, struct vb_slave *s, uint32_t addr, const void *src, size_t n);

/* Count one frame carrying `data_bytes` of datagram data. */
void vb_dg_count(struct vbus *vb, size_t data_bytes);

/* Whether frames currently reach the slaves. */
int vb_link_ok(const struct vbus *vb);

#endif /* ECAT_VBUS_DGRAM_H */
