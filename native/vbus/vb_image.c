/* SPDX-License-Identifier: MIT */
/*
 * Topology image reader (format 1, docs/vbus-image.md). One pass over the bytes with a
 * bounds-checked cursor; each slave gets one block (registers, EEPROM, SII cache,
 * mailboxes, parameters) and one arena (its object dictionary).
 */
#include "vb_image.h"
#include "vb_esc.h"
#include "vb_coe.h"
#include "vb_mbox.h"
#include "vb_model.h"
#include "vb_pd.h"

struct rd {
    const uint8_t *b;
    size_t pos, end;
};

static int take(struct rd *r, size_t n, const uint8_t **p)
{
    if (r->end - r->pos < n)
        return -1;
    *p = r->b + r->pos;
    r->pos += n;
    return 0;
}

static int rd_u8(struct rd *r, uint8_t *v)
{
    const uint8_t *p;
    if (take(r, 1, &p))
        return -1;
    *v = p[0];
    return 0;
}

static int rd_u16(struct rd *r, uint16_t *v)
{
    const uint8_t *p;
    if (take(r, 2, &p))
        return -1;
    *v = vb_le16(p);
    return 0;
}

static int rd_u32(struct rd *r, uint32_t *v)
{
    const uint8_t *p;
    if (take(r, 4, &p))
        return -1;
    *v = vb_le32(p);
    return 0;
}

static int rd_u64(struct rd *r, uint64_t *v)
{
    const uint8_t *p;
    if (take(r, 8, &p))
        return -1;
    *v = vb_le64(p);
    return 0;
}

static int str(struct rd *r, const uint8_t **s, uint8_t *len)
{
    return rd_u8(r, len) || take(r, *len, s) ? -1 : 0;
}

/* Context for error messages: "slave 3: object 0x6000 entry 1: ...". */
struct ctx {
    char *err;
    size_t size;
    unsigned slave;
};

#define ERR(c, ...) (vb_fmt((c)->err, (c)->size, __VA_ARGS__), -EINVAL)

static int read_ports(struct rd *r, struct vb_slave *s, unsigned count, struct ctx *c)
{
    for (unsigned i = 0; i < VB_PORTS; i++) {
        struct vb_port *p = &s->ports[i];
        uint16_t reserved;
        if (rd_u8(r, &p->desc) || rd_u8(r, &p->link_up) || rd_u8(r, &p->loop_closed) || rd_u8(r, &p->signal_detected) ||
            rd_u16(r, &p->next_slave) || rd_u16(r, &reserved) || rd_u32(r, &p->receive_time) ||
            rd_u32(r, &p->delay_to_next_dc))
            return ERR(c, "slave %u: port %u: record ends inside the port table", c->slave, i);
        if (p->desc > 3)
            return ERR(c, "slave %u: port %u: desc %u is not 0..3", c->slave, i, p->desc);
        if (p->link_up > 1 || p->loop_closed > 1 || p->signal_detected > 1)
            return ERR(c, "slave %u: port %u: link_up/loop_closed/signal_detected must be 0 or 1", c->slave, i);
        if (p->next_slave != 0xffff && p->next_slave >= count)
            return ERR(c, "slave %u: port %u: next_slave %u is not a slave position (%u slaves)", c->slave, i,
                       p->next_slave, count);
        if (reserved)
            return ERR(c, "slave %u: port %u: reserved field is 0x%04x, not 0", c->slave, i, reserved);
    }
    return 0;
}

static int read_entry(struct rd *r, struct vb_object *o, struct vb_entry *e, struct vb_arena *a, struct ctx *c,
                      int prev_sub)
{
    const uint8_t *name, *value;
    uint8_t name_len;
    uint16_t value_size;
    if (rd_u8(r, &e->subindex) || rd_u8(r, &e->access) || rd_u16(r, &e->data_type) || rd_u16(r, &e->bit_length) ||
        rd_u16(r, &e->flags) || str(r, &name, &name_len))
        return ERR(c, "slave %u: object 0x%04x: record ends inside an entry", c->slave, o->index);
    unsigned sub = e->subindex;
    if ((int)sub <= prev_sub)
        return ERR(c, "slave %u: object 0x%04x entry %u: subindex not in ascending order", c->slave, o->index, sub);
    if (sub > o->max_subindex)
        return ERR(c, "slave %u: object 0x%04x entry %u: subindex exceeds max_subindex %u", c->slave, o->index,
                   sub, o->max_subindex);
    if (!e->bit_length)
        return ERR(c, "slave %u: object 0x%04x entry %u: bit_length is 0", c->slave, o->index, sub);
    if (e->flags & ~(uint16_t)(VB_EF_HAS_MIN | VB_EF_HAS_MAX | VB_EF_VOLATILE))
        return ERR(c, "slave %u: object 0x%04x entry %u: unknown flags 0x%04x", c->slave, o->index, sub, e->flags);
    if ((e->flags & VB_EF_HAS_MIN) && rd_u64(r, &e->min))
        return ERR(c, "slave %u: object 0x%04x entry %u: record ends inside minimum", c->slave, o->index, sub);
    if ((e->flags & VB_EF_HAS_MAX) && rd_u64(r, &e->max))
        return ERR(c, "slave %u: object 0x%04x entry %u: record ends inside maximum", c->slave, o->index, sub);
    if (rd_u16(r, &value_size))
        return ERR(c, "slave %u: object 0x%04x entry %u: record ends inside value_size", c->slave, o->index, sub);
    e->cap = (uint16_t)((e->bit_length + 7u) / 8u);
    if (value_size > e->cap)
        return ERR(c, "slave %u: object 0x%04x entry %u: value_size %u exceeds bit_length %u", c->slave, o->index,
                   sub, value_size, e->bit_length);
    if (value_size > 4096)
        return ERR(c, "slave %u: object 0x%04x entry %u: value_size %u exceeds 4096", c->slave, o->index, sub,
                   value_size);
    if (take(r, value_size, &value))
        return ERR(c, "slave %u: object 0x%04x entry %u: record ends inside the value (%u bytes)", c->slave,
                   o->index, sub, value_size);
    e->name = vb_arena_strndup(a, name, name_len);
    e->value = vb_arena_alloc(a, e->cap);
    if (!e->name || !e->value)
        return -ENOMEM;
    if (value_size)
        ecat_memcpy(e->value, value, value_size);
    e->len = vb_od_variable_length(e->data_type) ? value_size : e->cap;
    return 0;
}

static int read_od(struct rd *r, struct vb_slave *s, struct ctx *c)
{
    uint16_t count;
    if (rd_u16(r, &count))
        return ERR(c, "slave %u: object_count: record ends", c->slave);
    if (count > 4096)
        return ERR(c, "slave %u: object_count %u exceeds 4096", c->slave, count);
    struct vb_od *od = &s->od;
    od->objects = vb_arena_alloc(&od->arena, (count ? count : 1) * sizeof *od->objects);
    if (!od->objects)
        return -ENOMEM;
    for (unsigned i = 0; i < count; i++) {
        struct vb_object *o = &od->objects[i];
        const uint8_t *name;
        uint8_t name_len;
        if (rd_u16(r, &o->index) || rd_u8(r, &o->object_code) || rd_u8(r, &o->max_subindex) ||
            str(r, &name, &name_len) || rd_u16(r, &o->entry_count))
            return ERR(c, "slave %u: object #%u: record ends inside the object header", c->slave, i);
        if (i && o->index <= od->objects[i - 1].index)
            return ERR(c, "slave %u: object 0x%04x: index not in ascending order or duplicated", c->slave, o->index);
        if (o->object_code != VB_OBJ_VAR && o->object_code != VB_OBJ_ARRAY && o->object_code != VB_OBJ_RECORD)
            return ERR(c, "slave %u: object 0x%04x: object_code %u is not 7, 8 or 9", c->slave, o->index,
                       o->object_code);
        if (o->object_code == VB_OBJ_VAR && o->max_subindex != 0)
            return ERR(c, "slave %u: object 0x%04x: a VAR object must have max_subindex 0", c->slave, o->index);
        if (o->entry_count < 1 || o->entry_count > 256)
            return ERR(c, "slave %u: object 0x%04x: entry_count %u is not 1..256", c->slave, o->index,
                       o->entry_count);
        o->name = vb_arena_strndup(&od->arena, name, name_len);
        o->entries = vb_arena_alloc(&od->arena, o->entry_count * sizeof *o->entries);
        if (!o->name || !o->entries)
            return -ENOMEM;
        od->count = (uint16_t)(i + 1); /* what is built so far, for vb_od_free */
        int prev = -1;
        for (unsigned k = 0; k < o->entry_count; k++) {
            int rc = read_entry(r, o, &o->entries[k], &od->arena, c, prev);
            if (rc)
                return rc;
            prev = o->entries[k].subindex;
        }
    }
    od->count = count;
    return 0;
}

/* What the slave's own firmware takes from its EEPROM: mailbox sizes and protocols. */
static int firmware_config(struct vb_slave *s, size_t *mbx_cap)
{
    struct vb_arena tmp = {0};
    struct vb_sii_info *info = ecat_port_zalloc(sizeof *info);
    if (!info)
        return -ENOMEM;
    int r = vb_sii_parse(info, s->eeprom, s->eeprom_words, &tmp);
    if (r == -ENOMEM) {
        vb_arena_free(&tmp);
        ecat_port_free(info);
        return r;
    }
    /* a malformed SII is the master's problem to notice; the firmware uses what it finds */
    size_t cap = info->std_rx_mailbox_size;
    uint16_t sizes[] = {info->std_tx_mailbox_size, info->boot_rx_mailbox_size, info->boot_tx_mailbox_size,
                        info->sync_count > 0 ? info->syncs[0].default_length : 0,
                        info->sync_count > 1 ? info->syncs[1].default_length : 0};
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        if (sizes[i] > cap)
            cap = sizes[i];
    *mbx_cap = cap;
    s->fw_protocols = (uint8_t)info->mailbox_protocols;
    s->fw_coe_details = info->has_general ? info->coe_details : 0;
    s->esc_sync_count = info->sync_count;
    vb_arena_free(&tmp);
    ecat_port_free(info);
    return 0;
}

static int read_slave(struct rd *r, struct vb_slave *s, unsigned count, struct ctx *c)
{
    size_t start = r->pos;
    uint32_t record_size, delay;
    uint16_t reserved, sii_words;
    const uint8_t *sii, *params;
    if (rd_u32(r, &record_size))
        return ERR(c, "slave %u: record_size: image ends", c->slave);
    if (record_size < 4 || record_size > r->end - start)
        return ERR(c, "slave %u: record_size %u runs past the end of the image", c->slave, record_size);
    struct rd rec = {r->b, r->pos, start + record_size};
    if (rd_u8(&rec, &s->model) || rd_u8(&rec, &s->img_flags) || rd_u16(&rec, &reserved) || rd_u32(&rec, &delay))
        return ERR(c, "slave %u: record ends inside the slave header", c->slave);
    if (s->model > 6)
        return ERR(c, "slave %u: model %u is not 0..6", c->slave, s->model);
    if (s->img_flags & 0xf0)
        return ERR(c, "slave %u: flags 0x%02x has unknown bits", c->slave, s->img_flags);
    if ((s->img_flags & 0x06) && !(s->img_flags & 0x01))
        return ERR(c, "slave %u: flags 0x%02x: DC 64 bit/system time without DC supported", c->slave, s->img_flags);
    if (reserved)
        return ERR(c, "slave %u: reserved field is 0x%04x, not 0", c->slave, reserved);
    s->img_transmission_delay = delay;
    int rc = read_ports(&rec, s, count, c);
    if (rc)
        return rc;
    if (rd_u16(&rec, &sii_words))
        return ERR(c, "slave %u: sii_words: record ends", c->slave);
    if (sii_words < 64 || sii_words > 4096)
        return ERR(c, "slave %u: sii_words %u is not 64..4096", c->slave, sii_words);
    if (take(&rec, 2u * sii_words, &sii))
        return ERR(c, "slave %u: sii: record ends inside the %u SII words", c->slave, sii_words);
    if ((rc = read_od(&rec, s, c)) != 0)
        return rc;
    if (rd_u16(&rec, &s->param_size) || take(&rec, s->param_size, &params))
        return ERR(c, "slave %u: params: record ends inside the model parameters", c->slave);
    if (rec.pos != rec.end)
        return ERR(c, "slave %u: record_size %u does not match the %u bytes parsed", c->slave, record_size,
                   (unsigned)(rec.pos - start));
    r->pos = rec.end;

    /* one block: registers, EEPROM, SII cache (+1 word: IgH may count the END word past
     * the EEPROM), the slave's two mailbox buffers, the master's receive buffer, parameters */
    s->eeprom_words = sii_words;
    s->sii_cache_cap = (uint16_t)(sii_words + 1u);
    size_t eeprom_bytes = 2u * sii_words, cache_bytes = 2u * s->sii_cache_cap;
    uint8_t *probe = ecat_port_zalloc(eeprom_bytes);
    if (!probe)
        return -ENOMEM;
    ecat_memcpy(probe, sii, eeprom_bytes);
    s->eeprom = probe;
    size_t mbx_cap = 0;
    rc = firmware_config(s, &mbx_cap);
    s->eeprom = NULL;
    if (rc) {
        ecat_port_free(probe);
        return rc;
    }
    size_t total = VB_REG_SIZE + eeprom_bytes + cache_bytes + 3 * mbx_cap + s->param_size;
    s->block = ecat_port_zalloc(total);
    if (!s->block) {
        ecat_port_free(probe);
        return -ENOMEM;
    }
    uint8_t *p = s->block;
    s->regs = p;
    p += VB_REG_SIZE;
    s->eeprom = p;
    ecat_memcpy(p, probe, eeprom_bytes);
    ecat_port_free(probe);
    p += eeprom_bytes;
    s->sii_cache = p;
    p += cache_bytes;
    s->mbx_cap = (uint16_t)mbx_cap;
    s->mbx_in = p;
    p += mbx_cap;
    s->mbx_out = p;
    p += mbx_cap;
    s->mbx_answer = p;
    p += mbx_cap;
    if (s->param_size)
        ecat_memcpy(p, params, s->param_size);
    s->params = p;
    vb_esc_power_on(s);
    vb_mbox_slave_reset(s);
    return 0;
}

/*
 * The slave's model parameters: validated, counted into *faults (written from
 * out[*faults] on when out is given), and the model set up (first pass, out == NULL).
 */
static int load_params(struct vbus *vb, struct vb_slave *s, unsigned i, struct vb_fault_event *out, unsigned *faults,
                       char *err, size_t err_size)
{
    (void)vb;
    struct vb_params p;
    int rc = vb_params_parse(s->params, s->param_size, i, s->model, &p, out ? out + *faults : NULL, err, err_size);
    if (rc)
        return rc;
    *faults += p.fault_count;
    if (out)
        return 0;
    return vb_model_init(s, &p);
}

int vb_image_load(struct vbus *vb, const uint8_t *image, size_t size, char *err, size_t err_size)
{
    struct ctx c = {err, err_size, 0};
    struct rd r = {image, 0, size};
    uint32_t magic, total;
    uint16_t version, flags, count, reserved;
    if (!image || size < 16)
        return ERR(&c, "image: %u bytes is shorter than the 16-byte header", (unsigned)size);
    if (size > VB_IMAGE_MAX_SIZE)
        return ERR(&c, "image: %zu bytes exceeds the 64 MiB limit", size);
    rd_u32(&r, &magic);
    rd_u16(&r, &version);
    rd_u16(&r, &flags);
    rd_u32(&r, &total);
    rd_u16(&r, &count);
    rd_u16(&r, &reserved);
    if (magic != VB_IMAGE_MAGIC)
        return ERR(&c, "image: magic 0x%08x is not 0x%08x (VBI1)", magic, VB_IMAGE_MAGIC);
    if (version != VB_IMAGE_VERSION) {
        vb_fmt(err, err_size, "image: version %u is not supported (this core reads version %u)", version,
               VB_IMAGE_VERSION);
        return -EOPNOTSUPP;
    }
    if (flags || reserved)
        return ERR(&c, "image: header flags/reserved must be 0");
    if (total != size)
        return ERR(&c, "image: total_size %u does not match the %zu bytes given", total, size);
    if (count > VB_MAX_SLAVES)
        return ERR(&c, "image: slave_count %u exceeds %u", count, VB_MAX_SLAVES);

    const uint8_t *mac;
    uint8_t link_up, mreserved;
    uint32_t mflags;
    if (take(&r, 6, &mac) || rd_u8(&r, &link_up) || rd_u8(&r, &mreserved) || rd_u32(&r, &mflags))
        return ERR(&c, "master: image ends inside the master section");
    if (link_up > 1 || mreserved || mflags)
        return ERR(&c, "master: link_up must be 0 or 1 and reserved/flags 0");
    ecat_memcpy(vb->mac, mac, 6);
    vb->link_up = link_up;

    vb->slaves = ecat_port_zalloc((count ? count : 1) * sizeof *vb->slaves);
    if (!vb->slaves)
        return -ENOMEM;
    vb->slave_count = 0;
    unsigned faults = 0;
    for (unsigned i = 0; i < count; i++) {
        struct vb_slave *s = &vb->slaves[i];
        s->position = (uint16_t)i;
        s->bus = vb;
        s->active_idx = -1;
        vb->slave_count = (uint16_t)(i + 1); /* so vb_image_free sees this slave too */
        c.slave = i;
        int rc = read_slave(&r, s, count, &c);
        if (!rc)
            rc = load_params(vb, s, i, NULL, &faults, err, err_size);
        if (rc) {
            if (rc == -ENOMEM)
                vb_fmt(err, err_size, "slave %u: out of memory", i);
            vb_image_free(vb);
            return rc;
        }
    }
    if (r.pos != r.end) {
        vb_fmt(err, err_size, "image: %u bytes after the last slave record", (unsigned)(r.end - r.pos));
        vb_image_free(vb);
        return -EINVAL;
    }
    if (faults > VB_MAX_FAULTS) {
        vb_fmt(err, err_size, "image: %u scheduled faults; at most %u per bus", faults, VB_MAX_FAULTS);
        vb_image_free(vb);
        return -EINVAL;
    }
    if (faults) {
        /* the fault schedule of the whole bus, in firing order (a stable insertion sort:
         * faults of the same cycle keep the order of the image) */
        vb->schedule = ecat_port_zalloc(faults * sizeof *vb->schedule);
        vb->expiring = ecat_port_zalloc(faults * sizeof *vb->expiring);
        vb->expiring_cap = faults;
        if (!vb->schedule || !vb->expiring) {
            vb_image_free(vb);
            return -ENOMEM;
        }
        unsigned n = 0;
        for (unsigned i = 0; i < count; i++)
            load_params(vb, &vb->slaves[i], i, vb->schedule, &n, err, err_size);
        for (unsigned i = 1; i < n; i++) {
            struct vb_fault_event e = vb->schedule[i];
            unsigned j = i;
            while (j && vb->schedule[j - 1].cycle > e.cycle) {
                vb->schedule[j] = vb->schedule[j - 1];
                j--;
            }
            vb->schedule[j] = e;
        }
        vb->schedule_count = n;
    }
    vb->image_hash = vb_hash64(VB_HASH_INIT, image, size);
    return 0;
}

void vb_image_free(struct vbus *vb)
{
    if (!vb->slaves)
        return;
    for (unsigned i = 0; i < vb->slave_count; i++) {
        struct vb_slave *s = &vb->slaves[i];
        vb_coe_server_reset(s);
        vb_model_free(s);
        vb_pd_free(s);
        vb_od_free(&s->od);
        vb_arena_free(&s->info_arena);
        if (s->block)
            ecat_port_free(s->block);
    }
    ecat_port_free(vb->slaves);
    vb->slaves = NULL;
    vb->slave_count = 0;
    if (vb->schedule)
        ecat_port_free(vb->schedule);
    if (vb->expiring)
        ecat_port_free(vb->expiring);
    vb->schedule = vb->expiring = NULL;
    vb->schedule_count = vb->schedule_next = vb->expiring_count = vb->expiring_cap = 0;
}
