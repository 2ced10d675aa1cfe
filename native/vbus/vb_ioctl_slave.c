/* SPDX-License-Identifier: MIT */
/*
 * Slave information requests: what the master learned at its scan (SII, sync managers,
 * PDOs, SDO dictionary). Lookups that miss return -EINVAL, as IgH's handlers do.
 */
#include "vb_ioctl.h"

long vb_ioctl_slave(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    struct vb_slave *s = vb_find_slave(c->vb, vb_get(c, ECA_SLAVE_F_POSITION));
    if (!s)
        return -EINVAL;
    const struct vb_sii_info *i = &s->sii;
    const struct eca_layout *link = c->vb->abi->layouts[ECA_ST_PORT_LINK];
    vb_set(c, ECA_SLAVE_F_DEVICE_INDEX, 0);
    vb_set(c, ECA_SLAVE_F_VENDOR_ID, i->vendor_id);
    vb_set(c, ECA_SLAVE_F_PRODUCT_CODE, i->product_code);
    vb_set(c, ECA_SLAVE_F_REVISION_NUMBER, i->revision_number);
    vb_set(c, ECA_SLAVE_F_SERIAL_NUMBER, i->serial_number);
    vb_set(c, ECA_SLAVE_F_ALIAS, s->effective_alias);
    vb_set(c, ECA_SLAVE_F_BOOT_RX_MAILBOX_OFFSET, i->boot_rx_mailbox_offset);
    vb_set(c, ECA_SLAVE_F_BOOT_RX_MAILBOX_SIZE, i->boot_rx_mailbox_size);
    vb_set(c, ECA_SLAVE_F_BOOT_TX_MAILBOX_OFFSET, i->boot_tx_mailbox_offset);
    vb_set(c, ECA_SLAVE_F_BOOT_TX_MAILBOX_SIZE, i->boot_tx_mailbox_size);
    vb_set(c, ECA_SLAVE_F_STD_RX_MAILBOX_OFFSET, i->std_rx_mailbox_offset);
    vb_set(c, ECA_SLAVE_F_STD_RX_MAILBOX_SIZE, i->std_rx_mailbox_size);
    vb_set(c, ECA_SLAVE_F_STD_TX_MAILBOX_OFFSET, i->std_tx_mailbox_offset);
    vb_set(c, ECA_SLAVE_F_STD_TX_MAILBOX_SIZE, i->std_tx_mailbox_size);
    vb_set(c, ECA_SLAVE_F_MAILBOX_PROTOCOLS, i->mailbox_protocols);
    vb_set(c, ECA_SLAVE_F_HAS_GENERAL_CATEGORY, i->has_general);
    /* ec_sii_coe_details_t and ec_sii_general_flags_t: one byte of LSB-first bit-fields */
    vb_set(c, ECA_SLAVE_F_COE_DETAILS, i->coe_details);
    vb_set(c, ECA_SLAVE_F_GENERAL_FLAGS, i->general_flags);
    vb_set(c, ECA_SLAVE_F_CURRENT_ON_EBUS, (uint64_t)(int64_t)i->current_on_ebus);
    for (unsigned p = 0; p < VB_PORTS; p++) {
        const struct vb_port *port = &s->ports[p];
        eca_put(c->buf, c->l, ECA_SLAVE_F_PORTS_DESC, p, 0, (s->base_port_desc >> (2 * p)) & 3u);
        uint8_t *lk = eca_ptr(c->buf, c->l, ECA_SLAVE_F_PORTS_LINK, p);
        if (lk && link) {
            uint16_t dl = s->base_dl_status;
            eca_put(lk, link, ECA_PORT_LINK_F_LINK_UP, 0, 0, (dl >> (4 + p)) & 1u);
            eca_put(lk, link, ECA_PORT_LINK_F_LOOP_CLOSED, 0, 0, (dl >> (8 + 2 * p)) & 1u);
            eca_put(lk, link, ECA_PORT_LINK_F_SIGNAL_DETECTED, 0, 0, (dl >> (9 + 2 * p)) & 1u);
        }
        eca_put(c->buf, c->l, ECA_SLAVE_F_PORTS_RECEIVE_TIME, p, 0, s->receive_time[p]);
        eca_put(c->buf, c->l, ECA_SLAVE_F_PORTS_NEXT_SLAVE, p, 0, port->next_slave);
        eca_put(c->buf, c->l, ECA_SLAVE_F_PORTS_DELAY_TO_NEXT_DC, p, 0, port->delay_to_next_dc);
    }
    vb_set(c, ECA_SLAVE_F_FMMU_BIT, s->fmmu_bit);
    vb_set(c, ECA_SLAVE_F_DC_SUPPORTED, s->dc_supported);
    vb_set(c, ECA_SLAVE_F_DC_RANGE, s->dc_range);
    vb_set(c, ECA_SLAVE_F_HAS_DC_SYSTEM_TIME, s->has_dc_system_time);
    vb_set(c, ECA_SLAVE_F_TRANSMISSION_DELAY, s->img_transmission_delay);
    vb_set(c, ECA_SLAVE_F_AL_STATE, s->current_state);
    vb_set(c, ECA_SLAVE_F_ERROR_FLAG, s->error_flag);
    vb_set(c, ECA_SLAVE_F_SYNC_COUNT, i->sync_count);
    vb_set(c, ECA_SLAVE_F_SDO_COUNT, s->dict_fetched ? s->od.count : 0);
    vb_set(c, ECA_SLAVE_F_SII_NWORDS, s->sii_nwords);
    vb_set_str(c, ECA_SLAVE_F_GROUP, 0, i->group);
    vb_set_str(c, ECA_SLAVE_F_IMAGE, 0, i->image);
    vb_set_str(c, ECA_SLAVE_F_ORDER, 0, i->order);
    vb_set_str(c, ECA_SLAVE_F_NAME, 0, i->name);
    return vb_arg_out(c);
}

static const struct vb_sync *find_sync(struct vb_call *c, struct vb_slave **sp, unsigned f_pos, unsigned f_sync)
{
    struct vb_slave *s = vb_find_slave(c->vb, vb_get(c, f_pos));
    if (!s)
        return NULL;
    *sp = s;
    uint64_t sync = vb_get(c, f_sync);
    return sync < s->sii.sync_count ? &s->sii.syncs[sync] : NULL;
}

static const struct vb_pdo *pdo_at(const struct vb_sync *sync, uint64_t pos)
{
    const struct vb_pdo *p = sync->pdos;
    while (p && pos--)
        p = p->next;
    return p;
}

long vb_ioctl_slave_sync(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    struct vb_slave *s;
    const struct vb_sync *sync = find_sync(c, &s, ECA_SLAVE_SYNC_F_SLAVE_POSITION, ECA_SLAVE_SYNC_F_SYNC_INDEX);
    if (!sync)
        return -EINVAL;
    vb_set(c, ECA_SLAVE_SYNC_F_PHYSICAL_START_ADDRESS, sync->physical_start_address);
    vb_set(c, ECA_SLAVE_SYNC_F_DEFAULT_SIZE, sync->default_length);
    vb_set(c, ECA_SLAVE_SYNC_F_CONTROL_REGISTER, sync->control_register);
    vb_set(c, ECA_SLAVE_SYNC_F_ENABLE, sync->enable);
    vb_set(c, ECA_SLAVE_SYNC_F_PDO_COUNT, sync->pdo_count);
    return vb_arg_out(c);
}

long vb_ioctl_slave_sync_pdo(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    struct vb_slave *s;
    const struct vb_sync *sync =
        find_sync(c, &s, ECA_SLAVE_SYNC_PDO_F_SLAVE_POSITION, ECA_SLAVE_SYNC_PDO_F_SYNC_INDEX);
    const struct vb_pdo *p = sync ? pdo_at(sync, vb_get(c, ECA_SLAVE_SYNC_PDO_F_PDO_POS)) : NULL;
    if (!p)
        return -EINVAL;
    vb_set(c, ECA_SLAVE_SYNC_PDO_F_INDEX, p->index);
    vb_set(c, ECA_SLAVE_SYNC_PDO_F_ENTRY_COUNT, p->entry_count);
    vb_set_str(c, ECA_SLAVE_SYNC_PDO_F_NAME, 0, p->name);
    return vb_arg_out(c);
}

long vb_ioctl_slave_sync_pdo_entry(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    struct vb_slave *s;
    const struct vb_sync *sync =
        find_sync(c, &s, ECA_SLAVE_SYNC_PDO_ENTRY_F_SLAVE_POSITION, ECA_SLAVE_SYNC_PDO_ENTRY_F_SYNC_INDEX);
    const struct vb_pdo *p = sync ? pdo_at(sync, vb_get(c, ECA_SLAVE_SYNC_PDO_ENTRY_F_PDO_POS)) : NULL;
    uint64_t pos = vb_get(c, ECA_SLAVE_SYNC_PDO_ENTRY_F_ENTRY_POS);
    if (!p || pos >= p->entry_count)
        return -EINVAL;
    const struct vb_pdo_entry *e = &p->entries[pos];
    vb_set(c, ECA_SLAVE_SYNC_PDO_ENTRY_F_INDEX, e->index);
    vb_set(c, ECA_SLAVE_SYNC_PDO_ENTRY_F_SUBINDEX, e->subindex);
    vb_set(c, ECA_SLAVE_SYNC_PDO_ENTRY_F_BIT_LENGTH, e->bit_length);
    vb_set_str(c, ECA_SLAVE_SYNC_PDO_ENTRY_F_NAME, 0, e->name);
    return vb_arg_out(c);
}

/* The dictionary is known only after the master fetched it (CoE with SDO information). */
static const struct vb_object *object_at(const struct vb_slave *s, uint64_t pos)
{
    return s->dict_fetched && pos < s->od.count ? &s->od.objects[pos] : NULL;
}

long vb_ioctl_slave_sdo(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    struct vb_slave *s = vb_find_slave(c->vb, vb_get(c, ECA_SLAVE_SDO_F_SLAVE_POSITION));
    const struct vb_object *o = s ? object_at(s, vb_get(c, ECA_SLAVE_SDO_F_SDO_POSITION)) : NULL;
    if (!o)
        return -EINVAL;
    vb_set(c, ECA_SLAVE_SDO_F_SDO_INDEX, o->index);
    vb_set(c, ECA_SLAVE_SDO_F_MAX_SUBINDEX, o->max_subindex);
    vb_set_str(c, ECA_SLAVE_SDO_F_NAME, 0, o->name);
    return vb_arg_out(c);
}

long vb_ioctl_slave_sdo_entry(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    struct vb_slave *s = vb_find_slave(c->vb, vb_get(c, ECA_SLAVE_SDO_ENTRY_F_SLAVE_POSITION));
    if (!s)
        return -EINVAL;
    /* sdo_spec > 0: an object index; <= 0: minus the object's position in the dictionary */
    int64_t spec = (int32_t)(uint32_t)vb_get(c, ECA_SLAVE_SDO_ENTRY_F_SDO_SPEC);
    const struct vb_object *o = spec <= 0 ? object_at(s, (uint16_t)(-spec))
                                          : (s->dict_fetched ? vb_od_find(&s->od, (uint16_t)spec) : NULL);
    const struct vb_entry *e = o ? vb_od_entry(o, (uint8_t)vb_get(c, ECA_SLAVE_SDO_ENTRY_F_SDO_ENTRY_SUBINDEX)) : NULL;
    if (!e)
        return -EINVAL;
    vb_set(c, ECA_SLAVE_SDO_ENTRY_F_DATA_TYPE, e->data_type);
    vb_set(c, ECA_SLAVE_SDO_ENTRY_F_BIT_LENGTH, e->bit_length);
    for (unsigned k = 0; k < 3; k++) {
        eca_put(c->buf, c->l, ECA_SLAVE_SDO_ENTRY_F_READ_ACCESS, 0, k, (e->access >> k) & 1u);
        eca_put(c->buf, c->l, ECA_SLAVE_SDO_ENTRY_F_WRITE_ACCESS, 0, k, (e->access >> (3 + k)) & 1u);
    }
    vb_set_str(c, ECA_SLAVE_SDO_ENTRY_F_DESCRIPTION, 0, e->name);
    return vb_arg_out(c);
}
