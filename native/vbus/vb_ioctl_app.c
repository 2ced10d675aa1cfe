/* SPDX-License-Identifier: MIT */
/*
 * Application-side requests of the idle phase: reserving the master, and the lookups of
 * slave configurations, domains and EoE handlers, of which there are none yet (IgH answers
 * an index that does not exist with -EINVAL). The configuration and cyclic requests come
 * with the application phase and return -EOPNOTSUPP until then (vb_ioctl.c).
 */
#include "vb_ioctl.h"

#define VB_MAX_SYNC_MANAGERS 16

long vb_ioctl_request(struct vb_call *c)
{
    struct vbus *vb = c->vb;
    if (vb->reserved_by)
        return -EBUSY; /* one holder at a time, even the same file twice */
    vb->reserved_by = c->f;
    c->f->requested = 1;
    vb->phase = VB_PHASE_OPERATION;
    return 0;
}

void vb_release_file(struct vbus *vb, struct vbus_file *f)
{
    if (vb->reserved_by != f)
        return;
    /* IgH on close: deactivate, drop configs and domains, back to the idle phase */
    vb->reserved_by = NULL;
    vb->config_count = 0;
    vb->domain_count = 0;
    vb->phase = VB_PHASE_IDLE;
}

long vb_ioctl_lookup_empty(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    if (c->req == ECA_REQ_CONFIG_PDO && vb_get(c, ECA_CONFIG_PDO_F_SYNC_INDEX) >= VB_MAX_SYNC_MANAGERS)
        return -EINVAL;
    if (c->req == ECA_REQ_CONFIG_PDO_ENTRY && vb_get(c, ECA_CONFIG_PDO_ENTRY_F_SYNC_INDEX) >= VB_MAX_SYNC_MANAGERS)
        return -EINVAL;
    /* no slave configuration, domain or EoE handler exists in the idle phase */
    return -EINVAL;
}
