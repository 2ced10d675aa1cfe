/* SPDX-License-Identifier: MIT */
/* Datagrams from the master to a slave's ESC (see vb_dgram.h). */
#include "vb_dgram.h"
#include "vb_esc.h"

/* Ethernet header 14, EtherCAT header 2, datagram header 10, working counter 2. */
#define FRAME_OVERHEAD 28u
#define FRAME_MIN 60u

int vb_link_ok(const struct vbus *vb)
{
    return vb->link_up && !vb->link_fault;
}

void vb_dg_count(struct vbus *vb, size_t data_bytes)
{
    if (!vb_link_ok(vb))
        return; /* nothing leaves a device without link */
    size_t len = FRAME_OVERHEAD + data_bytes;
    vb->extra_frames++;
    vb->extra_bytes += len < FRAME_MIN ? FRAME_MIN : len;
}

int vb_dg_read(struct vbus *vb, struct vb_slave *s, uint32_t addr, void *dst, size_t n)
{
    if (!vb_link_ok(vb) || n > VB_MAX_DATAGRAM)
        return 0;
    vb_dg_count(vb, n);
    return vb_esc_read(s, addr, dst, n);
}

int vb_dg_write(struct vbus *vb, struct vb_slave *s, uint32_t addr, const void *src, size_t n)
{
    if (!vb_link_ok(vb) || n > VB_MAX_DATAGRAM)
        return 0;
    vb_dg_count(vb, n);
    return vb_esc_write(s, addr, src, n);
}
