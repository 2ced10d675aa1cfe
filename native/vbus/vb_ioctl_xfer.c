/* SPDX-License-Identifier: MIT */
/*
 * Requests that talk to a slave: SDO upload/download, AL state, registers, SII. Order of
 * checks, what is copied back on failure, and the errno of each failure follow IgH's
 * handlers (see README.md, "errno conventions").
 */
#include "vb_ioctl.h"
#include "vb_coe.h"
#include "vb_dgram.h"
#include "vb_master.h"

/* IgH's slave state machine refuses SDO work in INIT and while an AL error is indicated. */
static int sdo_allowed(const struct vb_slave *s)
{
    return !(s->current_state & VB_AL_ERR) && (s->current_state & VB_AL_STATE_MASK) != VB_AL_INIT;
}

long vb_ioctl_sdo_upload(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    if (vb_get(c, ECA_SLAVE_SDO_UPLOAD_F_TARGET_SIZE) > VB_KMALLOC_MAX)
        return -ENOMEM; /* IgH allocates the target size in the kernel first */
    struct vb_slave *s = vb_find_slave(c->vb, vb_get(c, ECA_SLAVE_SDO_UPLOAD_F_SLAVE_POSITION));
    long ret;
    uint8_t *data = NULL;
    size_t size = 0;
    if (!s) {
        ret = -EINVAL; /* abort_code and data_size are left as they were */
    } else {
        uint32_t abort = 0;
        if (!sdo_allowed(s))
            ret = -EIO;
        else
            ret = vb_sdo_upload(c->vb, s, (uint16_t)vb_get(c, ECA_SLAVE_SDO_UPLOAD_F_SDO_INDEX),
                                (uint8_t)vb_get(c, ECA_SLAVE_SDO_UPLOAD_F_SDO_ENTRY_SUBINDEX), &data, &size, &abort);
        vb_set(c, ECA_SLAVE_SDO_UPLOAD_F_ABORT_CODE, abort);
        if (ret) {
            vb_set(c, ECA_SLAVE_SDO_UPLOAD_F_DATA_SIZE, 0);
        } else if (size > vb_get(c, ECA_SLAVE_SDO_UPLOAD_F_TARGET_SIZE)) {
            ret = -EOVERFLOW; /* "buffer too small": data_size keeps the caller's value */
        } else {
            vb_set(c, ECA_SLAVE_SDO_UPLOAD_F_DATA_SIZE, size);
            if (ecat_port_copy_to_user(vb_uptr(c, ECA_SLAVE_SDO_UPLOAD_F_TARGET), data, size)) {
                ecat_port_free(data);
                return -EFAULT; /* the struct is not copied back in this case */
            }
        }
    }
    if (data)
        ecat_port_free(data);
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
    uint8_t *data = ecat_port_zalloc(size ? size : 1);
    if (!data)
        return -ENOMEM;
    if (ecat_port_copy_from_user(data, vb_uptr(c, ECA_SLAVE_SDO_DOWNLOAD_F_DATA), size)) {
        ecat_port_free(data);
        return -EFAULT;
    }
    struct vb_slave *s = vb_find_slave(c->vb, vb_get(c, ECA_SLAVE_SDO_DOWNLOAD_F_SLAVE_POSITION));
    long ret;
    if (!s) {
        ret = -EINVAL;
    } else {
        uint32_t abort = 0;
        if (!sdo_allowed(s))
            ret = -EIO;
        else
            ret = vb_sdo_download(c->vb, s, (uint16_t)vb_get(c, ECA_SLAVE_SDO_DOWNLOAD_F_SDO_INDEX),
                                  (uint8_t)vb_get(c, ECA_SLAVE_SDO_DOWNLOAD_F_SDO_ENTRY_SUBINDEX),
                                  vb_get(c, ECA_SLAVE_SDO_DOWNLOAD_F_COMPLETE_ACCESS) != 0, data, size, &abort);
        vb_set(c, ECA_SLAVE_SDO_DOWNLOAD_F_ABORT_CODE, abort);
    }
    ecat_port_free(data);
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
    uint8_t *data = ecat_port_zalloc(size);
    if (!data)
        return -ENOMEM;
    long ret = 0;
    if (!vb_dg_read(c->vb, s, (uint16_t)vb_get(c, ECA_SLAVE_REG_F_ADDRESS), data, size))
        ret = -EIO; /* no answer, or larger than one frame carries */
    else if (ecat_port_copy_to_user(vb_uptr(c, ECA_SLAVE_REG_F_DATA), data, size))
        ret = -EFAULT;
    ecat_port_free(data);
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
    uint8_t *data = ecat_port_zalloc(size);
    if (!data)
        return -ENOMEM;
    long ret = 0;
    struct vb_slave *s;
    uint64_t pos = vb_get(c, ECA_SLAVE_REG_F_SLAVE_POSITION);
    if (ecat_port_copy_from_user(data, vb_uptr(c, ECA_SLAVE_REG_F_DATA), size)) {
        ret = -EFAULT;
    } else if (vb_get(c, ECA_SLAVE_REG_F_EMERGENCY)) {
        /* emergency writes address the ring position directly, known to the master or not */
        s = pos < c->vb->slave_count ? &c->vb->slaves[pos] : NULL;
        if (!s || !vb_dg_write(c->vb, s, (uint16_t)vb_get(c, ECA_SLAVE_REG_F_ADDRESS), data, size))
            ret = -EIO;
    } else if (!(s = vb_find_slave(c->vb, pos))) {
        ret = -EINVAL;
    } else if (!vb_dg_write(c->vb, s, (uint16_t)vb_get(c, ECA_SLAVE_REG_F_ADDRESS), data, size)) {
        ret = -EIO;
    }
    ecat_port_free(data);
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
    uint8_t *words = ecat_port_zalloc(2 * n);
    if (!words)
        return -ENOMEM;
    long ret = 0;
    struct vb_slave *s = NULL;
    if (ecat_port_copy_from_user(words, vb_uptr(c, ECA_SLAVE_SII_F_WORDS), 2 * n))
        ret = -EFAULT;
    else if (!(s = vb_find_slave(c->vb, vb_get(c, ECA_SLAVE_SII_F_SLAVE_POSITION))))
        ret = -EINVAL;
    for (uint64_t i = 0; !ret && i < n; i++)
        if (vb_sii_write_word(c->vb, s, (unsigned)(offset + i), vb_le16(words + 2 * i)))
            ret = -EIO; /* words written so far stay written */
    if (!ret && offset <= 4 && offset + n > 4) {
        /* the alias word was written: IgH takes it over at once (the SII cache is not) */
        s->sii.alias = vb_le16(words + 2 * (4 - offset));
        s->effective_alias = s->sii.alias;
    }
    ecat_port_free(words);
    return ret;
}
