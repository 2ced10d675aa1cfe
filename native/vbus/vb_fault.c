/* SPDX-License-Identifier: MIT */
/*
 * Fault injection (vbus.h hooks and the fault schedule of the image). What each fault
 * does on the virtual bus, and how the master reacts, is in README.md ("Faults"):
 * - AL error: the slave drops to a state with the error indication and a code;
 * - slave lost: the slave answers no datagram (no working counter, no mailbox, no state);
 *   when it answers again the master scans it anew and configures it again;
 * - link down: no frame leaves the master; the master knows no slaves until the link
 *   returns, then scans the bus again;
 * - WKC drop: the slave lets process data datagrams pass untouched (no working counter,
 *   inputs frozen, outputs not received);
 * - SDO abort: the next SDO access to index:subindex is aborted with the given code.
 * Scheduled faults fire at the start of the SEND with their cycle number (counted from
 * ACTIVATE, 1 = the first SEND); those with a duration end that many cycles later.
 */
#include "vb_app.h"
#include "vb_dgram.h"
#include "vb_esc.h"
#include "vb_master.h"
#include "vb_model.h"
#include "vb_stats.h"

static void set_lost(struct vbus *vb, struct vb_slave *s, int lost)
{
    (void)vb;
    if (s->lost && !lost)
        s->scanned = 0; /* answering again: the master's rescan will find it anew */
    s->lost = lost ? 1 : 0;
}

static void set_link(struct vbus *vb, int up)
{
    int was = vb_link_ok(vb);
    vb->link_fault = up ? 0 : 1;
    int now = vb_link_ok(vb);
    if (!vb->active)
        vb_stats_link_change(vb, now);
    if (was && !now) {
        vb->master_slaves = 0; /* the master loses every slave with its link */
    } else if (!was && now) {
        vb_scan(vb); /* and scans the bus again when the link returns */
        if (vb->active)
            vb_opm_rescanned(vb);
    }
}

void vb_fault_apply(struct vbus *vb, const struct vb_fault_event *e, int on)
{
    struct vb_slave *s = e->slave < vb->slave_count ? &vb->slaves[e->slave] : NULL;
    switch (e->kind) {
    case VB_FAULT_AL_ERROR:
        if (s && on)
            vb_esc_set_al(s, (uint8_t)((e->al_state & VB_AL_STATE_MASK) | VB_AL_ERR), e->code);
        break;
    case VB_FAULT_SLAVE_LOST:
        if (s)
            set_lost(vb, s, on);
        break;
    case VB_FAULT_LINK_DOWN: set_link(vb, !on); break;
    case VB_FAULT_WKC_DROP:
        if (s)
            s->wkc_drop = on ? 1 : 0;
        break;
    case VB_FAULT_SDO_ABORT:
        if (s && on) {
            s->sdo_abort.armed = 1;
            s->sdo_abort.index = e->index;
            s->sdo_abort.subindex = e->subindex;
            s->sdo_abort.code = e->abort_code;
        }
        break;
    default: break;
    }
}

void vb_faults_cycle(struct vbus *vb)
{
    /* ends first, so a fault that ends and one that starts at the same cycle both count */
    unsigned keep = 0;
    for (unsigned i = 0; i < vb->expiring_count; i++) {
        if (vb->expiring[i].cycle <= vb->cycles)
            vb_fault_apply(vb, &vb->expiring[i], 0);
        else
            vb->expiring[keep++] = vb->expiring[i];
    }
    vb->expiring_count = keep;
    while (vb->schedule_next < vb->schedule_count && vb->schedule[vb->schedule_next].cycle <= vb->cycles) {
        const struct vb_fault_event *e = &vb->schedule[vb->schedule_next++];
        vb_fault_apply(vb, e, 1);
        if (e->duration && vb->expiring_count < vb->expiring_cap &&
            (e->kind == VB_FAULT_SLAVE_LOST || e->kind == VB_FAULT_LINK_DOWN || e->kind == VB_FAULT_WKC_DROP)) {
            struct vb_fault_event *x = &vb->expiring[vb->expiring_count++];
            *x = *e;
            x->cycle = e->cycle + e->duration;
        }
    }
}
