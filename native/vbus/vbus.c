/* SPDX-License-Identifier: MIT */
/*
 * Entry points of vbus.h: creation (image, ABI reverse map, scan), files, and the
 * inspection and fault hooks. Every entry point that touches the bus takes the master's
 * lock; vbus_ioctl takes it in vb_ioctl.c.
 */
#include "vb_app.h"
#include "vb_dgram.h"
#include "vb_esc.h"
#include "vb_image.h"
#include "vb_ioctl.h"
#include "vb_master.h"
#include "vb_model.h"
#include "vb_stats.h"

static int build_request_map(struct vbus *vb, char *err, size_t err_size)
{
    ecat_memset(vb->req_of_nr, 0xff, sizeof vb->req_of_nr);
    for (unsigned r = 0; r < ECA_REQ_COUNT; r++) {
        uint32_t code = eca_code(vb->abi, (enum eca_req)r);
        vb->code_of_req[r] = code;
        if (!code)
            continue;
        if (vb->req_of_nr[code & 0xffu] != 0xff) {
            vb_fmt(err, err_size, "ABI %s: request number 0x%02x is used twice", vb->abi->id, code & 0xffu);
            return -EINVAL;
        }
        vb->req_of_nr[code & 0xffu] = (uint8_t)r;
    }
    return 0;
}

int vbus_create(const void *image, size_t size, const struct vbus_options *opt, struct vbus **out, char *err,
                size_t err_size)
{
    if (err && err_size)
        err[0] = '\0';
    if (!out || !opt || !opt->abi) {
        vb_fmt(err, err_size, "options: an ABI is required");
        return -EINVAL;
    }
    *out = NULL;
    struct vbus *vb = ecat_port_zalloc(sizeof *vb);
    if (!vb)
        return -ENOMEM;
    vb->abi = opt->abi;
    vb->opt = *opt;
    vb->phase = VB_PHASE_IDLE;
    vb->ref_clock = 0xffff;
    int r = build_request_map(vb, err, err_size);
    if (r)
        goto fail;
    r = -ENOMEM;
    vb->arg = ecat_port_zalloc(ECA_MAX_ARG_SIZE);
    vb->lock = ecat_port_lock_create();
    if (!vb->arg || !vb->lock)
        goto fail;
    r = vb_image_load(vb, image, size, err, err_size);
    if (r)
        goto fail;
    r = vb_opm_create(vb);
    if (r)
        goto fail;
    vb_stats_link_change(vb, vb_link_ok(vb));
    vb_scan(vb);
    *out = vb;
    return 0;
fail:
    vbus_destroy(vb);
    return r;
}

void vbus_destroy(struct vbus *vb)
{
    if (!vb)
        return;
    vb_opm_destroy(vb);
    vb_image_free(vb);
    if (vb->lock)
        ecat_port_lock_destroy(vb->lock);
    if (vb->arg)
        ecat_port_free(vb->arg);
    ecat_port_free(vb);
}

int vbus_open(struct vbus *vb, int writable, struct vbus_file **out)
{
    if (!vb || !out)
        return -EINVAL;
    struct vbus_file *f = ecat_port_zalloc(sizeof *f);
    if (!f)
        return -ENOMEM;
    f->vb = vb;
    f->writable = writable ? 1 : 0;
    ecat_port_lock(vb->lock);
    vb->open_files++;
    ecat_port_unlock(vb->lock);
    *out = f;
    return 0;
}

static int no_waiters(void *arg)
{
    return ((const struct vbus_file *)arg)->waiters == 0;
}

void vbus_close(struct vbus_file *f)
{
    if (!f)
        return;
    struct vbus *vb = f->vb;
    ecat_port_lock(vb->lock);
    vb_release_file(vb, f);
    f->closing = 1;
    vb_jobs_cancel_file(vb, f);
    while (f->waiters)
        ecat_port_wait_event(vb->wait, vb->lock, no_waiters, f, 0);
    vb->open_files--;
    vb_release_pd(f);
    ecat_port_unlock(vb->lock);
    ecat_port_free(f);
}

int vbus_process_data(struct vbus_file *f, void **addr, size_t *size)
{
    if (!f || !addr || !size)
        return -EINVAL;
    ecat_port_lock(f->vb->lock);
    *addr = f->pd;
    *size = f->pd_size;
    ecat_port_unlock(f->vb->lock);
    return 0;
}

static struct vb_slave *slave_at(struct vbus *vb, uint16_t position)
{
    return position < vb->slave_count ? &vb->slaves[position] : NULL;
}

int vbus_mailbox_stats(struct vbus *vb, uint16_t position, struct vbus_mbox_stats *out)
{
    ecat_port_lock(vb->lock);
    struct vb_slave *s = slave_at(vb, position);
    if (s)
        *out = s->mbx_stats;
    ecat_port_unlock(vb->lock);
    return s ? 0 : -EINVAL;
}

/* Apply one fault event under the lock; -EINVAL for a position that does not exist. */
static int fault(struct vbus *vb, struct vb_fault_event *e, int on)
{
    ecat_port_lock(vb->lock);
    int ok = e->kind == VB_FAULT_LINK_DOWN || e->slave < vb->slave_count;
    if (ok)
        vb_fault_apply(vb, e, on);
    ecat_port_unlock(vb->lock);
    return ok ? 0 : -EINVAL;
}

int vbus_fault_al_error(struct vbus *vb, uint16_t position, uint8_t al_state, uint16_t code)
{
    struct vb_fault_event e = {0};
    e.kind = VB_FAULT_AL_ERROR;
    e.slave = position;
    e.al_state = al_state;
    e.code = code;
    return fault(vb, &e, 1);
}

int vbus_fault_slave_lost(struct vbus *vb, uint16_t position, int lost)
{
    struct vb_fault_event e = {0};
    e.kind = VB_FAULT_SLAVE_LOST;
    e.slave = position;
    return fault(vb, &e, lost != 0);
}

int vbus_fault_link(struct vbus *vb, int up)
{
    struct vb_fault_event e = {0};
    e.kind = VB_FAULT_LINK_DOWN;
    return fault(vb, &e, !up);
}

int vbus_fault_wkc_drop(struct vbus *vb, uint16_t position, int drop)
{
    struct vb_fault_event e = {0};
    e.kind = VB_FAULT_WKC_DROP;
    e.slave = position;
    return fault(vb, &e, drop != 0);
}

int vbus_fault_sdo_abort(struct vbus *vb, uint16_t position, uint16_t index, uint8_t subindex, uint32_t abort_code)
{
    ecat_port_lock(vb->lock);
    struct vb_slave *s = slave_at(vb, position);
    if (s) {
        s->sdo_abort.armed = abort_code != 0;
        s->sdo_abort.index = index;
        s->sdo_abort.subindex = subindex;
        s->sdo_abort.code = abort_code;
    }
    ecat_port_unlock(vb->lock);
    return s ? 0 : -EINVAL;
}

int vbus_model_inject(struct vbus *vb, uint16_t position, unsigned channel, int64_t value)
{
    ecat_port_lock(vb->lock);
    struct vb_slave *s = slave_at(vb, position);
    int r = s ? vb_model_inject(s, channel, value, 0) : -EINVAL;
    ecat_port_unlock(vb->lock);
    return r;
}

int vbus_model_release(struct vbus *vb, uint16_t position, unsigned channel)
{
    ecat_port_lock(vb->lock);
    struct vb_slave *s = slave_at(vb, position);
    int r = s ? vb_model_inject(s, channel, 0, 1) : -EINVAL;
    ecat_port_unlock(vb->lock);
    return r;
}

int vbus_model_value(struct vbus *vb, uint16_t position, unsigned channel, int64_t *value)
{
    if (!value)
        return -EINVAL;
    ecat_port_lock(vb->lock);
    struct vb_slave *s = slave_at(vb, position);
    int r = s ? vb_model_read(s, channel, value) : -EINVAL;
    ecat_port_unlock(vb->lock);
    return r;
}
