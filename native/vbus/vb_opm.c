/* SPDX-License-Identifier: MIT */
/*
 * The operation phase (see vb_app.h): ACTIVATE and DEACTIVATE, and the master that runs
 * inside the application's SEND calls the way IgH's operation thread injects its
 * datagrams into the application's frames.
 *
 * Every SEND: the bus time advances (by the application time that passed, else by the
 * port clock), scheduled faults fire, the master does one step (one step of the slave
 * configuration walk in progress, or the next step of its state check loop: a broadcast
 * of the AL states, then one slave per cycle whose state is read, an indicated error
 * acknowledged, and a configuration started when the state differs from the requested
 * one), every slave with queued mailbox/register work does one datagram of it, the
 * queued process data and DC datagrams travel through the slaves, and the slaves'
 * watchdogs are checked. RECEIVE delivers what came back into the process data.
 */
#include "vb_app.h"
#include "vb_dgram.h"
#include "vb_esc.h"
#include "vb_master.h"
#include "vb_model.h"
#include "vb_pd.h"
#include "vb_stats.h"

#define MAX_STEP_NS 10000000000ull /* a larger jump of the bus time counts as 10 s */

/* Process data buffers of earlier ACTIVATEs: IgH keeps them until the file closes. */
struct vb_pd_block {
    struct vb_pd_block *next;
    uint8_t *data;
};

int vb_opm_create(struct vbus *vb)
{
    vb->opm = ecat_port_zalloc(sizeof *vb->opm);
    vb->wait = ecat_port_wait_create();
    vb->active_slaves = ecat_port_zalloc((vb->slave_count ? vb->slave_count : 1) * sizeof *vb->active_slaves);
    vb->last_port_ns = ecat_port_time_ns();
    vb->dc_base = ecat_port_realtime_ns() - VB_EPOCH_2000_NS;
    return vb->opm && vb->wait && vb->active_slaves ? 0 : -ENOMEM;
}

void vb_opm_destroy(struct vbus *vb)
{
    if (vb->opm) {
        vb_cfsm_abort(vb);
        if (vb->opm->dc_list)
            ecat_port_free(vb->opm->dc_list);
        ecat_port_free(vb->opm);
    }
    vb_configs_clear(vb);
    vb_domains_clear(vb);
    vb_pd_index_free(vb);
    if (vb->wait)
        ecat_port_wait_destroy(vb->wait);
    if (vb->active_slaves)
        ecat_port_free(vb->active_slaves);
    vb->opm = NULL;
    vb->wait = NULL;
    vb->active_slaves = NULL;
}

void vb_bus_time(struct vbus *vb, int app)
{
    uint64_t now = ecat_port_time_ns();
    uint64_t dt = now > vb->last_port_ns ? now - vb->last_port_ns : 0;
    if (app && vb->has_app_time && vb->last_app_time && vb->app_time != vb->last_app_time)
        dt = vb->app_time > vb->last_app_time ? vb->app_time - vb->last_app_time : 0;
    vb->bus_time += dt < MAX_STEP_NS ? dt : MAX_STEP_NS;
    vb->last_port_ns = now;
    vb->last_app_time = vb->app_time;
}

/* ---- ACTIVATE / DEACTIVATE ---- */

static struct vb_slave *find_ref_clock(struct vbus *vb)
{
    if (vb->ref_config) {
        struct vb_slave *s = vb->ref_config->slave;
        return s && s->dc_supported && s->has_dc_system_time ? s : NULL; /* IgH warns and uses none */
    }
    for (unsigned i = 0; i < vb->master_slaves; i++)
        if (vb->slaves[i].dc_supported && vb->slaves[i].has_dc_system_time)
            return &vb->slaves[i];
    return NULL;
}

static int build_dc_list(struct vbus *vb)
{
    struct vb_opm *o = vb->opm;
    if (o->dc_list)
        ecat_port_free(o->dc_list);
    o->dc_count = 0;
    o->dc_list = ecat_port_zalloc((vb->slave_count ? vb->slave_count : 1) * sizeof *o->dc_list);
    if (!o->dc_list)
        return -ENOMEM;
    for (unsigned i = 0; i < vb->slave_count; i++)
        if (vb->slaves[i].dc_supported && vb->slaves[i].has_dc_system_time)
            o->dc_list[o->dc_count++] = &vb->slaves[i];
    return 0;
}

void vb_opm_rescanned(struct vbus *vb)
{
    for (unsigned i = 0; i < vb->config_count; i++) {
        struct vb_sc *sc = vb->configs[i];
        if (sc->slave && (sc->slave->sii.vendor_id != sc->vendor_id || sc->slave->sii.product_code != sc->product_code))
            vb_config_detach(sc);
        vb_config_attach(vb, sc);
        if (sc->slave) {
            sc->slave->requested_state = VB_AL_OP;
            sc->slave->force_config = 1;
        }
    }
    if (vb->dc_ref)
        vb->dc_ref->requested_state = VB_AL_OP;
    vb->ref_clock = vb->dc_ref ? vb->dc_ref->position : 0xffff;
    vb->opm->responding = vb_slaves_responding(vb);
}

long vb_ioctl_activate(struct vb_call *c)
{
    struct vbus *vb = c->vb;
    struct vbus_file *f = c->f;
    size_t size = 0;
    for (unsigned i = 0; i < vb->domain_count; i++)
        size += vb->domains[i]->data_size;
    uint8_t *pd = size ? ecat_port_zalloc(size) : NULL;
    if (size && !pd)
        return -ENOMEM;
    if (f->pd) { /* an earlier buffer stays until the file closes, as in IgH */
        struct vb_pd_block *b = ecat_port_zalloc(sizeof *b);
        if (!b) {
            if (pd)
                ecat_port_free(pd);
            return -ENOMEM;
        }
        b->data = f->pd;
        b->next = f->old_pd;
        f->old_pd = b;
    }
    f->pd = pd;
    f->pd_size = size;
    if (vb->active) {
        /* IgH warns and stays active; the domains use the new memory */
        uint32_t base = 0;
        for (unsigned i = 0; i < vb->domain_count; i++) {
            vb->domains[i]->data = pd ? pd + base : NULL;
            base += vb->domains[i]->data_size;
        }
    } else {
        int r = vb_domains_finish(vb, pd);
        if (!r)
            r = vb_pd_index_alloc(vb);
        if (!r)
            r = build_dc_list(vb);
        if (r)
            return r;
        vb->dc_ref = find_ref_clock(vb);
        vb->ref_clock = vb->dc_ref ? vb->dc_ref->position : 0xffff;
        vb->active = 1;
        vb->cycles = 0;
        vb->schedule_next = 0;
        vb->sync_state = vb->sync_mon_state = VB_DG_INIT;
        vb->ref_sync_queued = vb->sync_queued = vb->sync_mon_queued = 0;
        vb->opm->next_slave = vb->slave_count; /* start with the broadcast */
        vb->opm->responding = vb_slaves_responding(vb);
        vb->last_port_ns = ecat_port_time_ns();
        vb->last_app_time = vb->app_time;
        vb_stats_link_change(vb, 0); /* the application's frames replace the idle frames */
        /* the configuration shall now be applied: configured slaves (and the reference
         * clock) are wanted in OP */
        for (unsigned i = 0; i < vb->config_count; i++) {
            struct vb_slave *s = vb->configs[i]->slave;
            if (s) {
                s->requested_state = VB_AL_OP;
                s->error_flag = 0;
            }
        }
        if (vb->dc_ref) {
            vb->dc_ref->requested_state = VB_AL_OP;
            vb->dc_ref->error_flag = 0;
        }
    }
    vb_arg_zero(c);
    vb_set(c, ECA_MASTER_ACTIVATE_F_PROCESS_DATA, 0);
    vb_set(c, ECA_MASTER_ACTIVATE_F_PROCESS_DATA_SIZE, size);
    return vb_arg_out(c);
}

void vb_opm_deactivate(struct vbus *vb)
{
    if (!vb->active)
        return;
    vb_cfsm_abort(vb);
    for (unsigned i = 0; i < vb->expiring_count; i++)
        vb_fault_apply(vb, &vb->expiring[i], 0); /* scheduled faults end with the operation */
    vb->expiring_count = 0;
    vb_configs_clear(vb);
    vb_domains_clear(vb);
    vb_pd_index_free(vb);
    for (unsigned i = 0; i < vb->slave_count; i++) {
        struct vb_slave *s = &vb->slaves[i];
        s->requested_state = VB_AL_PREOP;
        s->force_config = 1; /* reconfigured through INIT by the idle master */
    }
    vb->app_time = vb->dc_ref_time = 0;
    vb->has_app_time = 0;
    vb->active = 0;
    vb->dc_ref = NULL;
    vb->ref_clock = 0xffff;
    for (unsigned i = 0; i < vb->master_slaves; i++)
        if (vb->slaves[i].dc_supported && vb->slaves[i].has_dc_system_time) {
            vb->ref_clock = (uint16_t)i;
            break;
        }
    vb_stats_link_change(vb, vb_link_ok(vb));
    /* what the operation thread did not finish, the idle thread does */
    vb_jobs_finish_idle(vb);
}

long vb_ioctl_deactivate(struct vb_call *c)
{
    if (!c->vb->active)
        return -EINVAL; /* IgH: "master not active" */
    vb_opm_deactivate(c->vb);
    return 0;
}

/* ---- the master's step in each SEND ---- */

/* The broadcast: who answers, and what changed. */
static void broadcast(struct vbus *vb)
{
    struct vb_opm *o = vb->opm;
    vb_dg_count(vb, 2);
    unsigned n = vb_slaves_responding(vb);
    if (n != o->responding) {
        /* a slave went away or came back (IgH rescans then): lost slaves leave any walk and
         * will be configured anew; returning ones get scanned when the loop reaches them */
        if (o->cfg.s && o->cfg.s->lost)
            vb_cfsm_abort(vb);
        for (unsigned i = 0; i < vb->slave_count; i++)
            if (vb->slaves[i].lost)
                vb->slaves[i].force_config = 1;
        o->responding = n;
    }
    o->next_slave = 0;
}

static void check_slave(struct vbus *vb, struct vb_slave *s)
{
    if (!vb_link_ok(vb) || s->lost) {
        s->error_flag = 1; /* did not answer the state query */
        return;
    }
    if (!s->scanned) {
        /* back on the bus: scan it like a new slave and configure it again */
        vb_scan_slave(vb, s);
        struct vb_sc *sc = s->config;
        if (sc && (s->sii.vendor_id != sc->vendor_id || s->sii.product_code != sc->product_code))
            vb_config_detach(sc);
        if (s->config || s == vb->dc_ref)
            s->requested_state = VB_AL_OP;
        s->force_config = 1;
        return;
    }
    uint8_t st[2];
    if (!vb_dg_read(vb, s, ESC_AL_STATUS, st, 2)) {
        s->error_flag = 1;
        return;
    }
    s->current_state = st[0];
    if (s->error_flag)
        return;
    if ((s->current_state & VB_AL_ERR) && vb_al_acknowledge(vb, s)) {
        s->error_flag = 1;
        return;
    }
    if (s->current_state != s->requested_state || s->force_config)
        vb_cfsm_start(vb, s);
}

static void master_step(struct vbus *vb)
{
    struct vb_opm *o = vb->opm;
    if (o->cfg.s) {
        vb_cfsm_step(vb);
        return;
    }
    if (o->next_slave >= vb->slave_count) {
        broadcast(vb);
        return;
    }
    struct vb_slave *s = &vb->slaves[o->next_slave++];
    if (s->position < vb->master_slaves)
        check_slave(vb, s);
}

long vb_ioctl_send(struct vb_call *c)
{
    struct vbus *vb = c->vb;
    size_t bytes = 0;
    if (vb->active) {
        vb->cycles++;
        vb->step_seq++;
        vb_bus_time(vb, 1);
        vb_faults_cycle(vb);
        master_step(vb);
        vb_jobs_step(vb);
        int link = vb_link_ok(vb);
        for (unsigned i = 0; i < vb->domain_count; i++) {
            struct vb_domain *d = vb->domains[i];
            for (unsigned k = 0; k < d->dgram_count; k++) {
                struct vb_dgram *g = &d->dgrams[k];
                if (g->state != VB_DG_QUEUED)
                    continue;
                if (!link) {
                    g->state = VB_DG_ERROR; /* no link: nothing can be sent */
                    continue;
                }
                ecat_memcpy(g->frame, d->data + g->offset, g->size);
                g->wkc = vb_pd_datagram(vb, g->cmd, g->logical, g->frame, g->size);
                g->state = VB_DG_SENT;
                bytes += g->size + 12u;
            }
        }
        vb_dc_send(vb);
        vb_pd_tick(vb);
        if (bytes && link) {
            bytes += 16u; /* Ethernet and EtherCAT headers */
            vb->extra_frames += 1u + bytes / 1514u;
            vb->extra_bytes += bytes < 60u ? 60u : bytes;
        }
    }
    if (vb->abi->arg[ECA_REQ_SEND] == ECA_ARG_POINTER && c->arg) {
        uint64_t sent = bytes;
        if (ecat_port_copy_to_user((void *)(uintptr_t)c->arg, &sent, sizeof sent))
            return -EFAULT;
    }
    return 0;
}

long vb_ioctl_receive(struct vb_call *c)
{
    struct vbus *vb = c->vb;
    if (!vb->active)
        return 0;
    for (unsigned i = 0; i < vb->domain_count; i++) {
        struct vb_domain *d = vb->domains[i];
        for (unsigned k = 0; k < d->dgram_count; k++) {
            struct vb_dgram *g = &d->dgrams[k];
            if (g->state != VB_DG_SENT)
                continue;
            /* the frame comes back into the process data, outputs as they were sent */
            ecat_memcpy(d->data + g->offset, g->frame, g->size);
            g->state = VB_DG_RECEIVED;
        }
    }
    vb_dc_receive(vb);
    return 0;
}

long vb_ioctl_master_rescan_op(struct vb_call *c)
{
    vb_scan(c->vb);
    if (c->vb->active)
        vb_opm_rescanned(c->vb);
    return 0;
}

void vb_release_pd(struct vbus_file *f)
{
    if (f->pd)
        ecat_port_free(f->pd);
    f->pd = NULL;
    f->pd_size = 0;
    while (f->old_pd) {
        struct vb_pd_block *b = f->old_pd;
        f->old_pd = b->next;
        ecat_port_free(b->data);
        ecat_port_free(b);
    }
}
