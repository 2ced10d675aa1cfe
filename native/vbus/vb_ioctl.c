/* SPDX-License-Identifier: MIT */
/*
 * ioctl dispatch: the request code is looked up in the presented ABI (an unknown code is
 * -ENOTTY before anything happens, as in the kernel), the ABI's access table is enforced
 * (-EPERM), the idle pass runs, and the request goes to its handler. Requests the ABI has
 * but the virtual master does not implement yet return -EOPNOTSUPP.
 */
#include "vb_ioctl.h"
#include "vb_master.h"

int vb_arg_in(struct vb_call *c)
{
    vb_arg_zero(c);
    if (!c->l)
        return -EINVAL;
    return ecat_port_copy_from_user(c->buf, (const void *)(uintptr_t)c->arg, c->l->size);
}

void vb_arg_zero(struct vb_call *c)
{
    ecat_memset(c->buf, 0, ECA_MAX_ARG_SIZE);
}

int vb_arg_out(struct vb_call *c)
{
    return ecat_port_copy_to_user((void *)(uintptr_t)c->arg, c->buf, c->l->size);
}

uint64_t vb_get(const struct vb_call *c, unsigned field)
{
    return eca_get(c->buf, c->l, field, 0, 0);
}

void vb_set(struct vb_call *c, unsigned field, uint64_t v)
{
    eca_put(c->buf, c->l, field, 0, 0, v);
}

void *vb_uptr(const struct vb_call *c, unsigned field)
{
    return (void *)(uintptr_t)eca_get(c->buf, c->l, field, 0, 0);
}

void vb_set_str(struct vb_call *c, unsigned field, unsigned parent_index, const char *s)
{
    char *dst = eca_ptr(c->buf, c->l, field, parent_index);
    unsigned size = eca_size(c->l, field);
    if (dst && size)
        vb_strlcpy(dst, s ? s : "", size);
}

struct vb_slave *vb_find_slave(struct vbus *vb, uint64_t position)
{
    return position < vb->master_slaves ? &vb->slaves[position] : NULL;
}

static long module_info(struct vb_call *c)
{
    vb_arg_zero(c);
    vb_set(c, ECA_MODULE_F_IOCTL_VERSION_MAGIC,
           c->vb->opt.magic_override ? c->vb->opt.magic_override : c->vb->abi->magic);
    vb_set(c, ECA_MODULE_F_MASTER_COUNT, c->vb->opt.master_count);
    return vb_arg_out(c);
}

static long dispatch(struct vb_call *c)
{
    switch (c->req) {
    case ECA_REQ_MODULE: return module_info(c);
    case ECA_REQ_MASTER: return vb_ioctl_master(c);
    case ECA_REQ_MASTER_STATE: return vb_ioctl_master_state(c);
    case ECA_REQ_MASTER_LINK_STATE: return vb_ioctl_master_link_state(c);
    case ECA_REQ_MASTER_DEBUG: return vb_ioctl_master_debug(c);
    case ECA_REQ_MASTER_RESCAN: return vb_ioctl_master_rescan(c);
    case ECA_REQ_SLAVE: return vb_ioctl_slave(c);
    case ECA_REQ_SLAVE_SYNC: return vb_ioctl_slave_sync(c);
    case ECA_REQ_SLAVE_SYNC_PDO: return vb_ioctl_slave_sync_pdo(c);
    case ECA_REQ_SLAVE_SYNC_PDO_ENTRY: return vb_ioctl_slave_sync_pdo_entry(c);
    case ECA_REQ_SLAVE_SDO: return vb_ioctl_slave_sdo(c);
    case ECA_REQ_SLAVE_SDO_ENTRY: return vb_ioctl_slave_sdo_entry(c);
    case ECA_REQ_SLAVE_SDO_UPLOAD: return vb_ioctl_sdo_upload(c);
    case ECA_REQ_SLAVE_SDO_DOWNLOAD: return vb_ioctl_sdo_download(c);
    case ECA_REQ_SLAVE_STATE: return vb_ioctl_slave_state(c);
    case ECA_REQ_SLAVE_REG_READ: return vb_ioctl_reg_read(c);
    case ECA_REQ_SLAVE_REG_WRITE: return vb_ioctl_reg_write(c);
    case ECA_REQ_SLAVE_SII_READ: return vb_ioctl_sii_read(c);
    case ECA_REQ_SLAVE_SII_WRITE: return vb_ioctl_sii_write(c);
    case ECA_REQ_REQUEST: return vb_ioctl_request(c);
    case ECA_REQ_CONFIG:
    case ECA_REQ_CONFIG_PDO:
    case ECA_REQ_CONFIG_PDO_ENTRY:
    case ECA_REQ_CONFIG_SDO:
    case ECA_REQ_CONFIG_IDN:
    case ECA_REQ_CONFIG_FLAG:
    case ECA_REQ_CONFIG_EOE_IP_PARAM:
    case ECA_REQ_DOMAIN:
    case ECA_REQ_DOMAIN_FMMU:
    case ECA_REQ_DOMAIN_DATA:
    case ECA_REQ_EOE_HANDLER:
        return vb_ioctl_lookup_empty(c);
    default:
        return -EOPNOTSUPP; /* part of the application phase, not implemented yet */
    }
}

long vbus_ioctl(struct vbus_file *f, unsigned int cmd, unsigned long arg)
{
    if (!f)
        return -EINVAL;
    struct vbus *vb = f->vb;
    if (((cmd >> 8) & 0xffu) != ECA_IOCTL_TYPE)
        return -ENOTTY;
    uint8_t r = vb->req_of_nr[cmd & 0xffu];
    if (r == 0xff || vb->code_of_req[r] != cmd)
        return -ENOTTY;
    uint8_t need = vb->abi->access[r];
    if ((need & ECA_NEED_WRITE) && !f->writable)
        return -EPERM;
    if ((need & ECA_NEED_REQUESTED) && !f->requested)
        return -EPERM;

    struct vb_call c = {vb, f, (enum eca_req)r, arg, NULL, vb->arg};
    uint8_t st = vb->abi->st[r];
    if (st != ECA_ST_NONE && st < ECA_ST_COUNT)
        c.l = vb->abi->layouts[st];
    ecat_port_lock(vb->lock);
    if (r != ECA_REQ_MODULE)
        vb_idle_pass(vb);
    long ret = dispatch(&c);
    ecat_port_unlock(vb->lock);
    return ret;
}
