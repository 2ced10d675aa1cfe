/* SPDX-License-Identifier: MIT */
/*
 * Distributed clocks and the other cyclic requests (see vb_app.h), with IgH's semantics:
 * - APP_TIME stores the application time; the first one also becomes the DC reference
 *   time (start times of SYNC0 are aligned to it);
 * - SYNC_REF (SYNC_REF_TO) queues a write of the application time (the given time) to the
 *   reference clock's system time register 0x0910, SYNC_SLAVES a read of the reference
 *   clock's system time that every other DC slave takes over as it passes (FRMW), both
 *   -ENXIO without a reference clock; in the slaves the time control loop is modelled as
 *   converging at once (the offset register is corrected), and each slave keeps the
 *   difference it saw in 0x092C (bit 31: local time was behind);
 * - REF_CLOCK_TIME gives the reference clock's time from the last sync datagram minus
 *   its transmission delay: -ENXIO without a reference clock, -EIO when that datagram
 *   did not come back;
 * - SYNC_MON_QUEUE/PROCESS read 0x092C of all DC slaves ORed (a broadcast read) and give
 *   it without bit 31, or 0xffffffff when the datagram did not come back;
 * - RESET asks every configured slave for OP again (clearing its error flag);
 * - SET_SEND_INTERVAL stores the interval (IgH sizes the datagram budget of its own
 *   state machines by it; the virtual master does one step per SEND regardless).
 */
#include "vb_app.h"
#include "vb_dgram.h"
#include "vb_esc.h"

static int copy_in_u64(struct vb_call *c, uint64_t *v)
{
    uint8_t b[8];
    if (ecat_port_copy_from_user(b, (const void *)(uintptr_t)c->arg, 8))
        return -EFAULT;
    *v = vb_le64(b);
    return 0;
}

static int copy_out_u32(struct vb_call *c, uint32_t v)
{
    uint8_t b[4];
    vb_put32(b, v);
    return ecat_port_copy_to_user((void *)(uintptr_t)c->arg, b, 4);
}

long vb_ioctl_app_time(struct vb_call *c)
{
    uint64_t t;
    int r = copy_in_u64(c, &t); /* a bare uint64_t, or 1.5.2's struct holding one */
    if (r)
        return r;
    c->vb->app_time = t;
    c->vb->has_app_time = 1;
    if (!c->vb->dc_ref_time)
        c->vb->dc_ref_time = t;
    return 0;
}

long vb_ioctl_sync_ref(struct vb_call *c)
{
    struct vbus *vb = c->vb;
    uint64_t t = vb->app_time;
    if (c->req == ECA_REQ_SYNC_REF_TO) {
        int r = copy_in_u64(c, &t);
        if (r)
            return r;
    }
    if (!vb->dc_ref)
        return -ENXIO;
    vb->ref_sync_value = (uint32_t)t;
    vb->ref_sync_queued = 1;
    return 0;
}

long vb_ioctl_sync_slaves(struct vb_call *c)
{
    if (!c->vb->dc_ref)
        return -ENXIO;
    c->vb->sync_queued = 1;
    return 0;
}

long vb_ioctl_ref_clock_time(struct vb_call *c)
{
    struct vbus *vb = c->vb;
    if (!vb->dc_ref)
        return -ENXIO;
    if (vb->sync_state != VB_DG_RECEIVED)
        return -EIO;
    return copy_out_u32(c, vb->sync_data - vb->dc_ref->img_transmission_delay);
}

long vb_ioctl_sync_mon_queue(struct vb_call *c)
{
    c->vb->sync_mon_queued = 1;
    return 0;
}

long vb_ioctl_sync_mon_process(struct vb_call *c)
{
    struct vbus *vb = c->vb;
    return copy_out_u32(c, vb->sync_mon_state == VB_DG_RECEIVED ? vb->sync_mon_data & 0x7fffffffu : 0xffffffffu);
}

long vb_ioctl_reset(struct vb_call *c)
{
    struct vbus *vb = c->vb;
    for (unsigned i = 0; i < vb->config_count; i++) {
        struct vb_slave *s = vb->configs[i]->slave;
        if (s) {
            s->requested_state = VB_AL_OP;
            s->error_flag = 0;
        }
    }
    return 0;
}

long vb_ioctl_set_send_interval(struct vb_call *c)
{
    return copy_in_u64(c, &c->vb->send_interval_us);
}

/* ---- the DC datagrams in SEND/RECEIVE ---- */

/* The slave's time control: correct the offset so the low 32 bits of the system time are t. */
static void steer(struct vb_slave *s, uint32_t t)
{
    uint32_t now = (uint32_t)vb_esc_system_time(s);
    int32_t diff = (int32_t)(t - now);
    uint64_t off = vb_le64(s->regs + ESC_DC_SYSTEM_TIME_OFFSET) + (uint64_t)(int64_t)diff;
    vb_put64(s->regs + ESC_DC_SYSTEM_TIME_OFFSET, off);
    /* 0x092C: the difference seen, as |diff| with bit 31 set when the local time was behind */
    uint32_t mag = diff < 0 ? (uint32_t)-(int64_t)diff : (uint32_t)diff;
    vb_put32(s->regs + 0x092c, (mag & 0x7fffffffu) | (diff > 0 ? 0x80000000u : 0));
}

void vb_dc_send(struct vbus *vb)
{
    struct vb_slave *ref = vb->dc_ref;
    const struct vb_opm *o = vb->opm;
    int link = vb_link_ok(vb);
    if (vb->ref_sync_queued) {
        vb->ref_sync_queued = 0;
        vb_dg_count(vb, 4);
        if (link && ref && !ref->lost)
            steer(ref, vb->ref_sync_value);
    }
    if (vb->sync_queued) {
        vb->sync_queued = 0;
        vb_dg_count(vb, 4);
        if (link && ref && !ref->lost) {
            uint32_t t = (uint32_t)vb_esc_system_time(ref);
            vb->sync_data = t;
            for (unsigned i = 0; i < o->dc_count; i++)
                if (o->dc_list[i] != ref && !o->dc_list[i]->lost)
                    steer(o->dc_list[i], t);
            vb->sync_state = VB_DG_SENT;
        } else {
            vb->sync_state = VB_DG_ERROR;
        }
    }
    if (vb->sync_mon_queued) {
        vb->sync_mon_queued = 0;
        vb_dg_count(vb, 4);
        uint32_t v = 0;
        unsigned answered = 0;
        for (unsigned i = 0; link && i < o->dc_count; i++)
            if (!o->dc_list[i]->lost) {
                v |= vb_le32(o->dc_list[i]->regs + 0x092c);
                answered++;
            }
        vb->sync_mon_data = v;
        vb->sync_mon_state = answered ? VB_DG_SENT : VB_DG_ERROR;
    }
}

void vb_dc_receive(struct vbus *vb)
{
    if (vb->sync_state == VB_DG_SENT)
        vb->sync_state = VB_DG_RECEIVED;
    if (vb->sync_mon_state == VB_DG_SENT)
        vb->sync_mon_state = VB_DG_RECEIVED;
}
