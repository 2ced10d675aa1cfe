/* SPDX-License-Identifier: MIT */
/*
 * Entry points of vbus.h: creation (image, ABI reverse map, scan), files, and the
 * inspection and fault hooks. Every entry point that touches the bus takes the master's
 * lock; vbus_ioctl takes it in vb_ioctl.c.
 */
#include "vb_dgram.h"
#include "vb_esc.h"
#include "vb_image.h"
#include "vb_ioctl.h"
#include "vb_master.h"
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

void vbus_close(struct vbus_file *f)
{
    if (!f)
        return;
    struct vbus *vb = f->vb;
    ecat_port_lock(vb->lock);
    vb_release_file(vb, f);
    vb->open_files--;
    ecat_port_unlock(vb->lock);
    ecat_port_free(f);
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

int vbus_fault_al_error(struct vbus *vb, uint16_t position, uint8_t al_state, uint16_t code)
{
    ecat_port_lock(vb->lock);
    struct vb_slave *s = slave_at(vb, position);
    if (s)
        vb_esc_set_al(s, (uint8_t)((al_state & VB_AL_STATE_MASK) | VB_AL_ERR), code);
    ecat_port_unlock(vb->lock);
    return s ? 0 : -EINVAL;
}

int vbus_fault_slave_lost(struct vbus *vb, uint16_t position, int lost)
{
    ecat_port_lock(vb->lock);
    struct vb_slave *s = slave_at(vb, position);
    if (s) {
        if (s->lost && !lost)
            s->scanned = 0; /* answering again: the master's rescan will find it anew */
        s->lost = lost ? 1 : 0;
    }
    ecat_port_unlock(vb->lock);
    return s ? 0 : -EINVAL;
}

int vbus_fault_link(struct vbus *vb, int up)
{
    ecat_port_lock(vb->lock);
    int was = vb_link_ok(vb);
    vb->link_fault = up ? 0 : 1;
    int now = vb_link_ok(vb);
    vb_stats_link_change(vb, now);
    if (was && !now)
        vb->master_slaves = 0; /* the master loses every slave with its link */
    else if (!was && now)
        vb_scan(vb); /* and scans the bus again when the link returns */
    ecat_port_unlock(vb->lock);
    return 0;
}
