/* SPDX-License-Identifier: MIT */
/*
 * The bus scan (see vb_master.h). Follows the order of IgH's scan: clear station
 * addresses and latch DC receive times by broadcast, then per slave: station address,
 * AL state, ESC base data, DC capabilities and receive times, DL status, SII size and
 * contents, SII evaluation, and for CoE slaves PREOP, mailbox configuration and the PDO
 * assignment read through CoE. Afterwards the reference clock, the SDO dictionaries and
 * the PDO names taken from them.
 */
#include "vb_master.h"
#include "vb_coe.h"
#include "vb_dgram.h"
#include "vb_esc.h"
#include "vb_mbox.h"

static void forget(struct vb_slave *s)
{
    vb_arena_free(&s->info_arena);
    ecat_memset(&s->sii, 0, sizeof s->sii);
    s->sii.group = s->sii.image = s->sii.order = s->sii.name = "";
    s->sii_nwords = 0;
    s->effective_alias = 0;
    s->current_state = 0;
    s->requested_state = VB_AL_PREOP; /* a freshly found slave is wanted in PREOP */
    s->error_flag = 0;
    s->al_status_code = 0;
    s->base_type = s->base_revision = 0;
    s->base_build = 0;
    s->base_fmmu_count = s->base_sync_count = s->base_port_desc = 0;
    s->base_dl_status = 0;
    s->fmmu_bit = s->dc_supported = s->dc_range = s->has_dc_system_time = 0;
    ecat_memset(s->receive_time, 0, sizeof s->receive_time);
    s->cfg_rx_offset = s->cfg_rx_size = s->cfg_tx_offset = s->cfg_tx_size = 0;
    s->dict_fetched = 0;
}

static int read_base(struct vbus *vb, struct vb_slave *s)
{
    uint8_t b[12];
    if (!vb_dg_read(vb, s, ESC_TYPE, b, sizeof b))
        return -1;
    s->base_type = b[0];
    s->base_revision = b[1];
    s->base_build = vb_le16(b + 2);
    s->base_fmmu_count = b[4] > VB_MAX_FMMUS ? VB_MAX_FMMUS : b[4];
    s->base_sync_count = b[5] > VB_MAX_SYNCS ? VB_MAX_SYNCS : b[5];
    s->base_port_desc = b[7];
    s->fmmu_bit = b[8] & 0x01;
    s->dc_supported = (b[8] >> 2) & 0x01;
    s->dc_range = (b[8] >> 3) & 0x01; /* IgH's ec_slave_dc_range_t: 0 32 bit, 1 64 bit */
    if (s->dc_supported) {
        uint8_t t[8];
        /* whether the system time answers tells "64/32 bit" from "delay measurement only" */
        s->has_dc_system_time = (uint8_t)vb_dg_read(vb, s, ESC_DC_SYSTEM_TIME, t, s->dc_range ? 8 : 4);
        uint8_t rt[16];
        if (!vb_dg_read(vb, s, ESC_DC_RECEIVE_TIME, rt, sizeof rt))
            return -1;
        for (unsigned i = 0; i < VB_PORTS; i++)
            s->receive_time[i] = vb_le32(rt + 4 * i);
    }
    uint8_t dl[2];
    if (!vb_dg_read(vb, s, ESC_DL_STATUS, dl, 2))
        return -1;
    s->base_dl_status = vb_le16(dl);
    return 0;
}

/* IgH's "SII size": walk category headers through the EEPROM interface. */
static int read_sii(struct vbus *vb, struct vb_slave *s)
{
    unsigned cat = VB_SII_FIRST_CATEGORY, nwords;
    for (;;) {
        uint8_t hdr[4];
        if (vb_sii_read_words(vb, s, cat, 2, hdr))
            return -1;
        if (vb_le16(hdr) == VB_SII_CAT_END) {
            nwords = cat + 1;
            break;
        }
        unsigned next = cat + 2u + vb_le16(hdr + 2);
        if (next >= VB_SII_MAX_WORDS) {
            nwords = VB_SII_FIRST_CATEGORY; /* no END marker within the limit */
            break;
        }
        cat = next;
    }
    if (nwords > s->sii_cache_cap)
        nwords = s->sii_cache_cap; /* cannot happen: beyond the EEPROM everything reads as END */
    if (vb_sii_read_words(vb, s, 0, nwords, s->sii_cache))
        return -1;
    s->sii_nwords = (uint16_t)nwords;
    return 0;
}

static struct vb_pdo *read_one_pdo(struct vbus *vb, struct vb_slave *s, uint16_t sm, unsigned pos, uint8_t dir)
{
    uint8_t *d;
    size_t n;
    uint32_t abort;
    if (vb_sdo_upload(vb, s, (uint16_t)(0x1c10 + sm), (uint8_t)pos, &d, &n, &abort))
        return NULL;
    uint16_t index = n == 2 ? vb_le16(d) : 0;
    ecat_port_free(d);
    if (n != 2)
        return NULL;
    if (vb_sdo_upload(vb, s, index, 0, &d, &n, &abort))
        return NULL;
    unsigned count = n == 1 ? d[0] : 0;
    ecat_port_free(d);
    if (n != 1)
        return NULL;
    struct vb_pdo *p = vb_arena_alloc(&s->info_arena, sizeof *p);
    if (!p)
        return NULL;
    p->index = index;
    p->sync_index = (int8_t)sm;
    p->dir = dir;
    p->name = "";
    p->entry_count = (uint8_t)count;
    if (count && !(p->entries = vb_arena_alloc(&s->info_arena, count * sizeof *p->entries)))
        return NULL;
    for (unsigned k = 0; k < count; k++) {
        if (vb_sdo_upload(vb, s, index, (uint8_t)(k + 1), &d, &n, &abort))
            return NULL;
        uint32_t v = n == 4 ? vb_le32(d) : 0;
        ecat_port_free(d);
        if (n != 4)
            return NULL;
        p->entries[k].index = (uint16_t)(v >> 16);
        p->entries[k].subindex = (uint8_t)(v >> 8);
        p->entries[k].bit_length = (uint8_t)v;
        p->entries[k].name = "";
    }
    return p;
}

/* The PDO assignment and mapping through CoE (0x1C1n, then each PDO's mapping object);
 * a sync manager whose objects cannot be read keeps what the SII said. */
static void read_pdo_assignment(struct vbus *vb, struct vb_slave *s)
{
    for (unsigned sm = 2; sm < s->sii.sync_count; sm++) {
        uint8_t *d;
        size_t n;
        uint32_t abort;
        if (vb_sdo_upload(vb, s, (uint16_t)(0x1c10 + sm), 0, &d, &n, &abort))
            continue;
        unsigned count = n == 1 ? d[0] : 0;
        ecat_port_free(d);
        if (n != 1)
            continue;
        uint8_t dir = (s->sii.syncs[sm].control_register & 0x0c) == 0x04 ? 1 : 2;
        struct vb_pdo *head = NULL, **tail = &head;
        unsigned pos;
        for (pos = 1; pos <= count; pos++) {
            struct vb_pdo *p = read_one_pdo(vb, s, (uint16_t)sm, pos, dir);
            if (!p)
                break;
            *tail = p;
            tail = &p->next;
        }
        if (pos > count)
            vb_sii_set_sync_pdos(&s->sii.syncs[sm], head);
    }
}

void vb_scan_slave(struct vbus *vb, struct vb_slave *s)
{
    forget(s);
    s->scanned = 1;
    uint8_t station[2];
    vb_put16(station, (uint16_t)(s->position + VB_STATION_OFFSET));
    uint8_t st[2];
    if (!vb_dg_write(vb, s, ESC_STATION_ADDRESS, station, 2) || !vb_dg_read(vb, s, ESC_AL_STATUS, st, 2) ||
        read_base(vb, s) || read_sii(vb, s)) {
        s->error_flag = 1;
        return;
    }
    s->current_state = st[0];
    if (vb_sii_parse(&s->sii, s->sii_cache, s->sii_nwords, &s->info_arena)) {
        s->error_flag = 1; /* IgH: "Failed to analyze category data", slave left as it is */
        s->effective_alias = s->sii.alias;
        return;
    }
    s->effective_alias = s->sii.alias;
    if (!(s->sii.mailbox_protocols & VB_MBOX_COE))
        return;

    uint8_t state = s->current_state & VB_AL_STATE_MASK;
    if (state != VB_AL_PREOP && state != VB_AL_SAFEOP && state != VB_AL_OP) {
        if (vb_al_configure(vb, s))
            return;
    } else {
        uint8_t sm[16];
        if (!vb_dg_read(vb, s, ESC_SM, sm, sizeof sm)) {
            s->error_flag = 1;
            return;
        }
        s->cfg_rx_offset = vb_le16(sm);
        s->cfg_rx_size = vb_le16(sm + 2);
        s->cfg_tx_offset = vb_le16(sm + 8);
        s->cfg_tx_size = vb_le16(sm + 10);
    }
    /* clear stale mailbox data: fetch and drop whatever is waiting */
    uint8_t type, scratch[16];
    size_t n;
    vb_mbox_receive(vb, s, scratch, sizeof scratch, &type, &n);
    read_pdo_assignment(vb, s);
}

/* PDO and entry names from the SDO dictionary, as IgH attaches them after fetching it. */
static void attach_pdo_names(struct vb_slave *s)
{
    for (unsigned k = 0; k < s->sii.sync_count; k++) {
        for (struct vb_pdo *p = s->sii.syncs[k].pdos; p; p = p->next) {
            const struct vb_object *o = vb_od_find(&s->od, p->index);
            if (o)
                p->name = o->name;
            for (unsigned i = 0; i < p->entry_count; i++) {
                struct vb_pdo_entry *e = &p->entries[i];
                if (e->index == p->index || !(o = vb_od_find(&s->od, e->index)))
                    continue;
                const struct vb_entry *oe = vb_od_entry(o, e->subindex);
                if (oe)
                    e->name = oe->name;
            }
        }
    }
}

static int dictionary_readable(const struct vb_slave *s)
{
    uint8_t state = s->current_state & VB_AL_STATE_MASK;
    if (!(s->sii.mailbox_protocols & VB_MBOX_COE) || state == VB_AL_INIT || state == 0)
        return 0;
    return !(s->sii.has_general && !(s->sii.coe_details & VB_COE_SDO_INFO));
}

void vb_scan_restore_view(struct vbus *vb, struct vb_slave *s)
{
    vb_arena_free(&s->info_arena);
    ecat_memset(&s->sii, 0, sizeof s->sii);
    s->sii.group = s->sii.image = s->sii.order = s->sii.name = "";
    if (!s->scanned || read_base(vb, s))
        return;
    if (vb_sii_parse(&s->sii, s->sii_cache, s->sii_nwords, &s->info_arena))
        return;
    uint8_t state = s->current_state & VB_AL_STATE_MASK;
    if ((s->sii.mailbox_protocols & VB_MBOX_COE) &&
        (state == VB_AL_PREOP || state == VB_AL_SAFEOP || state == VB_AL_OP))
        read_pdo_assignment(vb, s);
    if (s->dict_fetched)
        attach_pdo_names(s);
}

void vb_scan(struct vbus *vb)
{
    vb->scan_busy = 1;
    vb->scan_index = 0;
    vb->ref_clock = 0xffff;
    for (unsigned i = 0; i < vb->slave_count; i++)
        vb->slaves[i].scanned = 0;
    if (!vb_link_ok(vb)) {
        /* nothing answers: the master knows no slaves */
        vb->master_slaves = 0;
        vb->scan_busy = 0;
        return;
    }
    /* broadcast: clear station addresses, then latch receive times for the delay measurement */
    uint8_t zero[2] = {0, 0};
    vb_dg_count(vb, 2);
    for (unsigned i = 0; i < vb->slave_count; i++)
        vb_esc_write(&vb->slaves[i], ESC_STATION_ADDRESS, zero, 2);
    vb_dg_count(vb, 1);
    for (unsigned i = 0; i < vb->slave_count; i++)
        vb_esc_write(&vb->slaves[i], ESC_DC_RECEIVE_TIME, zero, 1);

    vb->master_slaves = vb->slave_count;
    for (unsigned i = 0; i < vb->slave_count; i++) {
        vb_scan_slave(vb, &vb->slaves[i]);
        vb->scan_index = (uint16_t)(i + 1);
    }
    for (unsigned i = 0; i < vb->slave_count; i++) {
        struct vb_slave *s = &vb->slaves[i];
        if (vb->ref_clock == 0xffff && s->dc_supported && s->has_dc_system_time)
            vb->ref_clock = (uint16_t)i;
        if (dictionary_readable(s)) {
            s->dict_fetched = 1;
            attach_pdo_names(s);
        }
    }
    vb->scan_busy = 0;
    vb_idle_pass(vb); /* the idle thread brings the remaining slaves to PREOP */
}
