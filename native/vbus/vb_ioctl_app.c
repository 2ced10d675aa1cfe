/* SPDX-License-Identifier: MIT */
/*
 * Reserving and releasing the master, and the lookups of what the virtual master never
 * has (EoE handlers; the EoE IP parameters of a configuration are all "not included").
 * The application-phase requests are in the files vb_app.h lists.
 */
#include "vb_app.h"

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
    /* IgH on close: deactivate, drop configs and domains, slaves back to PREOP, idle phase */
    vb_opm_deactivate(vb);
    vb_configs_clear(vb);
    vb_domains_clear(vb);
    for (unsigned i = 0; i < vb->slave_count; i++)
        vb->slaves[i].requested_state = VB_AL_PREOP;
    vb->reserved_by = NULL;
    vb->phase = VB_PHASE_IDLE;
}

long vb_ioctl_lookup_empty(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    if (c->req == ECA_REQ_CONFIG_EOE_IP_PARAM) {
        /* a configuration has an EoE IP request with nothing included */
        if (!vb_config_get(c->vb, vb_get(c, ECA_EOE_IP_F_CONFIG_INDEX)))
            return -EINVAL;
        uint64_t index = vb_get(c, ECA_EOE_IP_F_CONFIG_INDEX);
        vb_arg_zero(c);
        vb_set(c, ECA_EOE_IP_F_CONFIG_INDEX, index);
        return vb_arg_out(c);
    }
    return -EINVAL; /* no EoE handler exists */
}
