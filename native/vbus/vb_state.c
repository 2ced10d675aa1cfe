/* SPDX-License-Identifier: MIT */
/*
 * State blob (vbus_state_save/load): what changes on a running bus, so a host can carry
 * it from one short-lived program to the next. Layout (little-endian):
 *   header  u32 magic "VBS1", u32 version, u64 hash of the image, u32 slave count,
 *           u32 total size, u8 link fault, 7 reserved bytes, then the frame statistics:
 *           u64 link-up time (ns), u64 wall clock at saving (ns), u64 extra frames,
 *           u64 extra bytes (the master kept running in between, so its counters go on)
 *   per slave: u8 lost, current, requested, error flag, scanned, dictionary fetched;
 *           u16 effective alias, SII word count, AL status code, configured mailbox
 *           (rx offset, rx size, tx offset, tx size); ESC registers (4 KiB); EEPROM;
 *           SII cache; then for every object dictionary entry not flagged volatile:
 *           u16 current length and the value bytes (capacity).
 * A blob is accepted only for the image it was saved from (same hash, same sizes).
 */
#include "vb_master.h"
#include "vb_dgram.h"
#include "vb_mbox.h"
#include "vb_stats.h"

#define STATE_MAGIC 0x31534256u /* "VBS1" */
#define STATE_VERSION 1u
#define HEADER_SIZE 64u
#define SLAVE_FIXED 20u

static size_t od_bytes(const struct vb_od *od)
{
    size_t n = 0;
    for (unsigned i = 0; i < od->count; i++)
        for (unsigned k = 0; k < od->objects[i].entry_count; k++) {
            const struct vb_entry *e = &od->objects[i].entries[k];
            if (!(e->flags & VB_EF_VOLATILE))
                n += 2u + e->cap;
        }
    return n;
}

static size_t slave_bytes(const struct vb_slave *s)
{
    return SLAVE_FIXED + VB_REG_SIZE + 2u * s->eeprom_words + 2u * s->sii_cache_cap + od_bytes(&s->od);
}

size_t vbus_state_size(const struct vbus *vb)
{
    size_t n = HEADER_SIZE;
    for (unsigned i = 0; i < vb->slave_count; i++)
        n += slave_bytes(&vb->slaves[i]);
    return n;
}

/* Copy helpers moving a cursor through the blob in either direction. */
struct cur {
    uint8_t *p;
    int load;
};

static void mv(struct cur *c, void *field, size_t n)
{
    if (c->load)
        ecat_memcpy(field, c->p, n);
    else
        ecat_memcpy(c->p, field, n);
    c->p += n;
}

static void mv16(struct cur *c, uint16_t *v)
{
    if (c->load)
        *v = vb_le16(c->p);
    else
        vb_put16(c->p, *v);
    c->p += 2;
}

static void move_slave(struct cur *c, struct vb_slave *s)
{
    mv(c, &s->lost, 1);
    mv(c, &s->current_state, 1);
    mv(c, &s->requested_state, 1);
    mv(c, &s->error_flag, 1);
    mv(c, &s->scanned, 1);
    mv(c, &s->dict_fetched, 1);
    mv16(c, &s->effective_alias);
    mv16(c, &s->sii_nwords);
    mv16(c, &s->al_status_code);
    mv16(c, &s->cfg_rx_offset);
    mv16(c, &s->cfg_rx_size);
    mv16(c, &s->cfg_tx_offset);
    mv16(c, &s->cfg_tx_size);
    mv(c, s->regs, VB_REG_SIZE);
    mv(c, s->eeprom, 2u * s->eeprom_words);
    mv(c, s->sii_cache, 2u * s->sii_cache_cap);
    for (unsigned i = 0; i < s->od.count; i++)
        for (unsigned k = 0; k < s->od.objects[i].entry_count; k++) {
            struct vb_entry *e = &s->od.objects[i].entries[k];
            if (e->flags & VB_EF_VOLATILE)
                continue;
            mv16(c, &e->len);
            mv(c, e->value, e->cap);
            if (c->load && (e->len > e->cap || !vb_od_variable_length(e->data_type)))
                e->len = e->cap; /* a damaged blob must not widen the value */
        }
}

int vbus_state_save(struct vbus *vb, void *buf, size_t size)
{
    ecat_port_lock(vb->lock);
    size_t need = vbus_state_size(vb);
    if (!buf || size < need) {
        ecat_port_unlock(vb->lock);
        return -ENOSPC;
    }
    uint8_t *b = buf;
    ecat_memset(b, 0, HEADER_SIZE);
    vb_put32(b, STATE_MAGIC);
    vb_put32(b + 4, STATE_VERSION);
    vb_put64(b + 8, vb->image_hash);
    vb_put32(b + 16, vb->slave_count);
    vb_put32(b + 20, (uint32_t)need);
    b[24] = vb->link_fault;
    vb_stats_link_change(vb, 0);
    vb_put64(b + 32, vb->link_ns);
    vb_stats_link_change(vb, vb_link_ok(vb));
    vb_put64(b + 40, ecat_port_realtime_ns());
    vb_put64(b + 48, vb->extra_frames);
    vb_put64(b + 56, vb->extra_bytes);
    struct cur c = {b + HEADER_SIZE, 0};
    for (unsigned i = 0; i < vb->slave_count; i++)
        move_slave(&c, &vb->slaves[i]);
    ecat_port_unlock(vb->lock);
    return 0;
}

int vbus_state_load(struct vbus *vb, const void *buf, size_t size)
{
    const uint8_t *b = buf;
    ecat_port_lock(vb->lock);
    size_t need = vbus_state_size(vb);
    int ok = b && size == need && vb_le32(b) == STATE_MAGIC && vb_le32(b + 4) == STATE_VERSION &&
             vb_le64(b + 8) == vb->image_hash && vb_le32(b + 16) == vb->slave_count && vb_le32(b + 20) == need &&
             b[24] <= 1;
    if (!ok) {
        ecat_port_unlock(vb->lock);
        return -EINVAL;
    }
    vb_stats_link_change(vb, 0);
    vb->link_fault = b[24];
    uint64_t saved_at = vb_le64(b + 40), now = ecat_port_realtime_ns();
    vb->link_ns = vb_le64(b + 32);
    if (vb_link_ok(vb) && now > saved_at)
        vb->link_ns += now - saved_at; /* the idle master kept sending while nobody looked */
    vb->extra_frames = vb_le64(b + 48);
    vb->extra_bytes = vb_le64(b + 56);
    vb_stats_link_change(vb, vb_link_ok(vb));
    struct cur c = {(uint8_t *)(uintptr_t)(b + HEADER_SIZE), 1};
    for (unsigned i = 0; i < vb->slave_count; i++) {
        struct vb_slave *s = &vb->slaves[i];
        move_slave(&c, s);
        if (s->sii_nwords > s->sii_cache_cap)
            s->sii_nwords = s->sii_cache_cap; /* a damaged blob must not widen SII reads */
        vb_mbox_slave_reset(s);
        /* the blob has no process data set-up: a slave restored in SAFEOP/OP gets its
         * configuration walk again (through INIT) from the idle master */
        uint8_t st = s->current_state & VB_AL_STATE_MASK;
        s->force_config = st == VB_AL_SAFEOP || st == VB_AL_OP;
    }
    vb->master_slaves = vb_link_ok(vb) ? vb->slave_count : 0;
    vb->scan_index = vb->master_slaves;
    vb->ref_clock = 0xffff;
    for (unsigned i = 0; i < vb->slave_count; i++) {
        struct vb_slave *s = &vb->slaves[i];
        vb_scan_restore_view(vb, s);
        if (vb->ref_clock == 0xffff && s->dc_supported && s->has_dc_system_time)
            vb->ref_clock = (uint16_t)i;
    }
    ecat_port_unlock(vb->lock);
    return 0;
}
