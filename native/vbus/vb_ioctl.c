/* SPDX-License-Identifier: MIT */
/*
 * ioctl dispatch: the request code is looked up in the presented ABI (an unknown code is
 * -ENOTTY before anything happens, as in the kernel), the ABI's access table is enforced
 * (-EPERM), the idle pass runs (idle phase only), and the request goes to its handler.
 * Requests the ABI has but the virtual master does not serve (FoE, SoE, EoE, VoE and the
 * development line's own additions) return -EOPNOTSUPP.
 */
#include "vb_app.h"
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
    ecat_memset(c->buf, 0, c->buf == c->vb->arg ? ECA_MAX_ARG_SIZE : VB_SLEEP_ARG_SIZE);
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
    case ECA_REQ_MASTER_RESCAN: return vb_ioctl_master_rescan_op(c);
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
    case ECA_REQ_CONFIG: return vb_ioctl_config(c);
    case ECA_REQ_CONFIG_PDO: return vb_ioctl_config_pdo(c);
    case ECA_REQ_CONFIG_PDO_ENTRY: return vb_ioctl_config_pdo_entry(c);
    case ECA_REQ_CONFIG_SDO: return vb_ioctl_config_sdo(c);
    case ECA_REQ_CONFIG_IDN: return vb_ioctl_config_idn(c);
    case ECA_REQ_CONFIG_FLAG: return vb_ioctl_config_flag(c);
    case ECA_REQ_DOMAIN: return vb_ioctl_domain(c);
    case ECA_REQ_DOMAIN_FMMU: return vb_ioctl_domain_fmmu(c);
    case ECA_REQ_DOMAIN_DATA: return vb_ioctl_domain_data(c);
    case ECA_REQ_CONFIG_EOE_IP_PARAM:
    case ECA_REQ_EOE_HANDLER:
        return vb_ioctl_lookup_empty(c);
    case ECA_REQ_CREATE_DOMAIN: return vb_ioctl_create_domain(c);
    case ECA_REQ_CREATE_SLAVE_CONFIG: return vb_ioctl_create_slave_config(c);
    case ECA_REQ_SELECT_REF_CLOCK: return vb_ioctl_select_ref_clock(c);
    case ECA_REQ_ACTIVATE: return vb_ioctl_activate(c);
    case ECA_REQ_DEACTIVATE: return vb_ioctl_deactivate(c);
    case ECA_REQ_SEND: return vb_ioctl_send(c);
    case ECA_REQ_RECEIVE: return vb_ioctl_receive(c);
    case ECA_REQ_APP_TIME: return vb_ioctl_app_time(c);
    case ECA_REQ_SYNC_REF:
    case ECA_REQ_SYNC_REF_TO: return vb_ioctl_sync_ref(c);
    case ECA_REQ_SYNC_SLAVES: return vb_ioctl_sync_slaves(c);
    case ECA_REQ_REF_CLOCK_TIME: return vb_ioctl_ref_clock_time(c);
    case ECA_REQ_SYNC_MON_QUEUE: return vb_ioctl_sync_mon_queue(c);
    case ECA_REQ_SYNC_MON_PROCESS: return vb_ioctl_sync_mon_process(c);
    case ECA_REQ_RESET: return vb_ioctl_reset(c);
    case ECA_REQ_SET_SEND_INTERVAL: return vb_ioctl_set_send_interval(c);
    case ECA_REQ_SC_SYNC: return vb_ioctl_sc_sync(c);
    case ECA_REQ_SC_WATCHDOG: return vb_ioctl_sc_watchdog(c);
    case ECA_REQ_SC_ADD_PDO: return vb_ioctl_sc_add_pdo(c);
    case ECA_REQ_SC_CLEAR_PDOS: return vb_ioctl_sc_clear_pdos(c);
    case ECA_REQ_SC_ADD_ENTRY: return vb_ioctl_sc_add_entry(c);
    case ECA_REQ_SC_CLEAR_ENTRIES: return vb_ioctl_sc_clear_entries(c);
    case ECA_REQ_SC_REG_PDO_ENTRY: return vb_ioctl_reg_pdo_entry(c);
    case ECA_REQ_SC_REG_PDO_POS: return vb_ioctl_reg_pdo_pos(c);
    case ECA_REQ_SC_DC: return vb_ioctl_sc_dc(c);
    case ECA_REQ_SC_SDO: return vb_ioctl_sc_sdo(c);
    case ECA_REQ_SC_EMERG_SIZE:
    case ECA_REQ_SC_EMERG_POP:
    case ECA_REQ_SC_EMERG_CLEAR:
    case ECA_REQ_SC_EMERG_OVERRUNS: return vb_ioctl_sc_emerg(c);
    case ECA_REQ_SC_SDO_REQUEST: return vb_ioctl_sc_sdo_request(c);
    case ECA_REQ_SC_REG_REQUEST: return vb_ioctl_sc_reg_request(c);
    case ECA_REQ_SC_STATE: return vb_ioctl_sc_state(c);
    case ECA_REQ_SC_IDN: return vb_ioctl_sc_idn(c);
    case ECA_REQ_SC_FLAG: return vb_ioctl_sc_flag(c);
    case ECA_REQ_SC_STATE_TIMEOUT: return vb_ioctl_sc_state_timeout(c);
    case ECA_REQ_DOMAIN_SIZE: return vb_ioctl_domain_size(c);
    case ECA_REQ_DOMAIN_OFFSET: return vb_ioctl_domain_offset(c);
    case ECA_REQ_DOMAIN_PROCESS: return vb_ioctl_domain_process(c);
    case ECA_REQ_DOMAIN_QUEUE: return vb_ioctl_domain_queue(c);
    case ECA_REQ_DOMAIN_STATE: return vb_ioctl_domain_state(c);
    case ECA_REQ_SDO_REQUEST_INDEX:
    case ECA_REQ_SDO_REQUEST_TIMEOUT:
    case ECA_REQ_SDO_REQUEST_STATE:
    case ECA_REQ_SDO_REQUEST_READ:
    case ECA_REQ_SDO_REQUEST_WRITE:
    case ECA_REQ_SDO_REQUEST_DATA: return vb_ioctl_sdo_request(c);
    case ECA_REQ_REG_REQUEST_DATA:
    case ECA_REQ_REG_REQUEST_STATE:
    case ECA_REQ_REG_REQUEST_WRITE:
    case ECA_REQ_REG_REQUEST_READ: return vb_ioctl_reg_request(c);
    default:
        /* FoE, SoE, EoE, VoE and the development line's extra requests */
        return -EOPNOTSUPP;
    }
}

/* Requests that may sleep after ACTIVATE: their argument lives on the caller's stack,
 * not in the master's scratch buffer other calls use meanwhile. */
static int may_sleep(enum eca_req r)
{
    return r == ECA_REQ_SLAVE_SDO_UPLOAD || r == ECA_REQ_SLAVE_SDO_DOWNLOAD || r == ECA_REQ_SLAVE_REG_READ ||
           r == ECA_REQ_SLAVE_REG_WRITE || r == ECA_REQ_SLAVE_SII_WRITE;
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

    uint8_t local[VB_SLEEP_ARG_SIZE]; /* the largest such argument struct has 40 bytes */
    struct vb_call c = {vb, f, (enum eca_req)r, arg, NULL, vb->arg};
    uint8_t st = vb->abi->st[r];
    if (st != ECA_ST_NONE && st < ECA_ST_COUNT)
        c.l = vb->abi->layouts[st];
    if (may_sleep(c.req) && c.l && c.l->size <= sizeof local)
        c.buf = local;
    ecat_port_lock(vb->lock);
    if (r != ECA_REQ_MODULE)
        vb_idle_pass(vb);
    long ret = dispatch(&c);
    ecat_port_unlock(vb->lock);
    return ret;
}
