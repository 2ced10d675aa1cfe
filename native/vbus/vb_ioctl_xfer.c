/* SPDX-License-Identifier: MIT */
/*
 * Requests that talk to a slave: SDO upload/download, AL state, registers, SII. Order of
 * checks, what is copied back on failure, and the errno of each failure follow IgH's
 * handlers (see README.md, "errno conventions"). The bus work is a tool request
 * (vb_requests.c): done at once in the idle phase, by the cyclic master after ACTIVATE
 * while the caller sleeps.
 */
#include "vb_app.h"
#include "vb_coe.h"
#include "vb_dgram.h"
#include "vb_master.h"

/* A tool request for slave s; NULL when out of memory. `bytes` of data are allocated. */
static struct vb_mreq *mreq_new(struct vb_slave *s, uint8_t kind, size_t bytes)
{
    struct vb_mreq *r = ecat_port_zalloc(sizeof *r);
    if (!r)
        return NULL;
    r->data = ecat_port_zalloc(bytes ? bytes : 1);
    if (!r->data) {
        ecat_port_free(r);
        return NULL;
    }
    r->kind = kind;
    r->s = s;
    return r;
}

/* Run it (vb_mreq_run); on -EINTR it is freed here unless the master took it over. */
static int mreq_go(struct vb_call *c, struct vb_mreq *r)
{
    int ret = vb_mreq_run(c, r);
    if (ret && !r->orphaned)
        vb_mreq_free(r);
    return ret;
}

long vb_ioctl_sdo_upload(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    uint64_t target_size = vb_get(c, ECA_SLAVE_SDO_UPLOAD_F_TARGET_SIZE);
    if (target_size > VB_KMALLOC_MAX)
        return -ENOMEM; /* IgH allocates the target size in the kernel first */
    struct vb_slave *s = vb_find_slave(c->vb, vb_get(c, ECA_SLAVE_SDO_UPLOAD_F_SLAVE_POSITION));
    if (!s)
        return vb_arg_out(c) ? -EFAULT : -EINVAL; /* abort_code and data_size are left as they were */
    struct vb_mreq *q = mreq_new(s, VB_MREQ_UPLOAD, target_size);
    if (!q)
        return -ENOMEM;
    q->index = (uint16_t)vb_get(c, ECA_SLAVE_SDO_UPLOAD_F_SDO_INDEX);
    q->subindex = (uint8_t)vb_get(c, ECA_SLAVE_SDO_UPLOAD_F_SDO_ENTRY_SUBINDEX);
    q->size = target_size;
    if ((r = mreq_go(c, q)) != 0)
        return r;
    long ret = q->result;
    vb_set(c, ECA_SLAVE_SDO_UPLOAD_F_ABORT_CODE, q->abort_code);
    if (ret == -EOVERFLOW) {
        vb_set(c, ECA_SLAVE_SDO_UPLOAD_F_ABORT_CODE, 0); /* "buffer too small": data_size untouched */
    } else if (ret) {
        vb_set(c, ECA_SLAVE_SDO_UPLOAD_F_DATA_SIZE, 0);
    } else {
        vb_set(c, ECA_SLAVE_SDO_UPLOAD_F_DATA_SIZE, q->done);
        if (ecat_port_copy_to_user(vb_uptr(c, ECA_SLAVE_SDO_UPLOAD_F_TARGET), q->data, q->done)) {
            vb_mreq_free(q);
            return -EFAULT; /* the struct is not copied back in this case */
        }
    }
    vb_mreq_free(q);
    if (vb_arg_out(c))
        return -EFAULT;
    return ret;
}

long vb_ioctl_sdo_download(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    uint64_t size = vb_get(c, ECA_SLAVE_SDO_DOWNLOAD_F_DATA_SIZE);
    if (size > VB_KMALLOC_MAX)
        return -ENOMEM;
    struct vb_mreq *q = mreq_new(NULL, VB_MREQ_DOWNLOAD, size);
    if (!q)
        return -ENOMEM;
    if (ecat_port_copy_from_user(q->data, vb_uptr(c, ECA_SLAVE_SDO_DOWNLOAD_F_DATA), size)) {
        vb_mreq_free(q);
        return -EFAULT;
    }
    q->s = vb_find_slave(c->vb, vb_get(c, ECA_SLAVE_SDO_DOWNLOAD_F_SLAVE_POSITION));
    if (!q->s) {
        vb_mreq_free(q);
        return vb_arg_out(c) ? -EFAULT : -EINVAL;
    }
    q->index = (uint16_t)vb_get(c, ECA_SLAVE_SDO_DOWNLOAD_F_SDO_INDEX);
    q->subindex = (uint8_t)vb_get(c, ECA_SLAVE_SDO_DOWNLOAD_F_SDO_ENTRY_SUBINDEX);
    q->complete_access = vb_get(c, ECA_SLAVE_SDO_DOWNLOAD_F_COMPLETE_ACCESS) != 0;
    q->size = size;
    if ((r = mreq_go(c, q)) != 0)
        return r;
    long ret = q->result;
    vb_set(c, ECA_SLAVE_SDO_DOWNLOAD_F_ABORT_CODE, q->abort_code);
    vb_mreq_free(q);
    if (vb_arg_out(c))
        return -EFAULT;
    return ret;
}

long vb_ioctl_slave_state(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    struct vb_slave *s = vb_find_slave(c->vb, vb_get(c, ECA_SLAVE_STATE_F_SLAVE_POSITION));
    if (!s)
        return -EINVAL;
    /* IgH only records the request; its idle thread does the work. Here the idle pass does
     * it at once, and the ioctl succeeds whatever the slave answers. */
    vb_al_request(c->vb, s, (uint8_t)vb_get(c, ECA_SLAVE_STATE_F_AL_STATE));
    return 0;
}

long vb_ioctl_reg_read(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    uint64_t size = vb_get(c, ECA_SLAVE_REG_F_SIZE);
    if (!size)
        return 0;
    if (size > VB_KMALLOC_MAX)
        return -ENOMEM;
    struct vb_slave *s = vb_find_slave(c->vb, vb_get(c, ECA_SLAVE_REG_F_SLAVE_POSITION));
    if (!s)
        return -EINVAL;
    struct vb_mreq *q = mreq_new(s, VB_MREQ_REG_READ, size);
    if (!q)
        return -ENOMEM;
    q->index = (uint16_t)vb_get(c, ECA_SLAVE_REG_F_ADDRESS);
    q->size = size;
    if ((r = mreq_go(c, q)) != 0)
        return r;
    long ret = q->result; /* -EIO: no answer, or larger than one frame carries */
    if (!ret && ecat_port_copy_to_user(vb_uptr(c, ECA_SLAVE_REG_F_DATA), q->data, size))
        ret = -EFAULT;
    vb_mreq_free(q);
    return ret;
}

long vb_ioctl_reg_write(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    uint64_t size = vb_get(c, ECA_SLAVE_REG_F_SIZE);
    if (!size)
        return 0;
    if (size > VB_KMALLOC_MAX)
        return -ENOMEM;
    struct vb_mreq *q = mreq_new(NULL, VB_MREQ_REG_WRITE, size);
    if (!q)
        return -ENOMEM;
    uint64_t pos = vb_get(c, ECA_SLAVE_REG_F_SLAVE_POSITION);
    long ret = 0;
    if (ecat_port_copy_from_user(q->data, vb_uptr(c, ECA_SLAVE_REG_F_DATA), size)) {
        ret = -EFAULT;
    } else if (vb_get(c, ECA_SLAVE_REG_F_EMERGENCY)) {
        /* emergency writes address the ring position directly, known to the master or not */
        q->s = pos < c->vb->slave_count ? &c->vb->slaves[pos] : NULL;
        q->emergency = 1;
        if (!q->s)
            ret = -EIO;
    } else if (!(q->s = vb_find_slave(c->vb, pos))) {
        ret = -EINVAL;
    }
    if (ret) {
        vb_mreq_free(q);
        return ret;
    }
    q->index = (uint16_t)vb_get(c, ECA_SLAVE_REG_F_ADDRESS);
    q->size = size;
    if ((r = mreq_go(c, q)) != 0)
        return r;
    ret = q->result;
    vb_mreq_free(q);
    return ret;
}

long vb_ioctl_sii_read(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    struct vb_slave *s = vb_find_slave(c->vb, vb_get(c, ECA_SLAVE_SII_F_SLAVE_POSITION));
    if (!s)
        return -EINVAL;
    uint64_t offset = vb_get(c, ECA_SLAVE_SII_F_OFFSET), n = vb_get(c, ECA_SLAVE_SII_F_NWORDS);
    if (!n || offset + n > s->sii_nwords)
        return -EINVAL;
    /* IgH answers from the words it read at the scan, not from the EEPROM */
    return ecat_port_copy_to_user(vb_uptr(c, ECA_SLAVE_SII_F_WORDS), s->sii_cache + 2 * offset, 2 * n);
}

long vb_ioctl_sii_write(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    uint64_t offset = vb_get(c, ECA_SLAVE_SII_F_OFFSET), n = vb_get(c, ECA_SLAVE_SII_F_NWORDS);
    if (!n)
        return 0;
    if (2 * n > VB_KMALLOC_MAX)
        return -ENOMEM;
    struct vb_mreq *q = mreq_new(NULL, VB_MREQ_SII_WRITE, 2 * n);
    if (!q)
        return -ENOMEM;
    if (ecat_port_copy_from_user(q->data, vb_uptr(c, ECA_SLAVE_SII_F_WORDS), 2 * n)) {
        vb_mreq_free(q);
        return -EFAULT;
    }
    if (!(q->s = vb_find_slave(c->vb, vb_get(c, ECA_SLAVE_SII_F_SLAVE_POSITION)))) {
        vb_mreq_free(q);
        return -EINVAL;
    }
    q->index = (uint16_t)offset;
    q->size = 2 * n;
    if ((r = mreq_go(c, q)) != 0)
        return r;
    long ret = q->result; /* -EIO: words written so far stay written */
    if (!ret && offset <= 4 && offset + n > 4) {
        /* the alias word was written: IgH takes it over at once (the SII cache is not) */
        q->s->sii.alias = vb_le16(q->data + 2 * (4 - offset));
        q->s->effective_alias = q->s->sii.alias;
    }
    vb_mreq_free(q);
    return ret;
}
