/* SPDX-License-Identifier: MIT */
/*
 * Frame statistics of the virtual Ethernet device as EC_IOCTL_MASTER reports them. The
 * idle master sends one frame per idle cycle (4 ms, IgH's send interval at HZ=250) while
 * the link is up; the datagrams the master sent on request (SDO, SII, register access)
 * come on top. No frame is lost, so receive equals transmit. Rates use IgH's units
 * (frames/s x 1000, bytes/s) and its low-pass filters over 1, 10 and 60 seconds.
 */
#ifndef ECAT_VBUS_STATS_H
#define ECAT_VBUS_STATS_H

#include "vb_types.h"

#define VB_IDLE_FRAME_NS 4000000ull
#define VB_IDLE_FRAME_BYTES 60u

struct vb_frame_stats {
    uint64_t tx_count, rx_count, tx_bytes, rx_bytes;
    int32_t tx_frame_rates[3], rx_frame_rates[3];
    int32_t tx_byte_rates[3], rx_byte_rates[3];
    int32_t loss_rates[3];
};

void vb_stats_get(const struct vbus *vb, struct vb_frame_stats *out);

/* Bookkeeping when the link goes down or comes up. */
void vb_stats_link_change(struct vbus *vb, int up);

#endif /* ECAT_VBUS_STATS_H */
