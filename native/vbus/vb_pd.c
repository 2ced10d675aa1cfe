/* SPDX-License-Identifier: MIT */
/* The slave side of process data (see vb_pd.h). */
#include "vb_pd.h"
#include "vb_esc.h"
#include "vb_model.h"

#define SM_PAGE 8
#define SM_CTL_MODE 0x03      /* 00 buffered, 10 mailbox */
#define SM_CTL_DIR 0x0c       /* 00 ECAT reads (inputs), 01 ECAT writes (outputs) */
#define SM_CTL_WATCHDOG 0x40
#define FMMU_PAGE 16
#define AL_CODE_UNSPECIFIED 0x0001

void vb_bits_copy(uint8_t *dst, unsigned dbit, const uint8_t *src, unsigned sbit, unsigned n)
{
    if (!(dbit & 7) && !(sbit & 7) && !(n & 7)) {
        ecat_memcpy(dst + dbit / 8, src + sbit / 8, n / 8);
        return;
    }
    for (unsigned i = 0; i < n; i++) {
        unsigned s = sbit + i, d = dbit + i;
        uint8_t bit = (uint8_t)((src[s >> 3] >> (s & 7)) & 1u);
        dst[d >> 3] = (uint8_t)((dst[d >> 3] & ~(1u << (d & 7))) | (unsigned)(bit << (d & 7)));
    }
}

/* ---- the layout the slave serves ---- */

/* What the slave expects behind one of its process data sync managers. */
struct sm_expect {
    uint8_t index;
    uint8_t dir;       /* 1 outputs, 2 inputs */
    uint8_t control;   /* SII control byte */
    uint16_t start;    /* SII start address */
    uint32_t bits;
    unsigned entries;
};

static int is_pd_sync(const struct vb_sync *sy)
{
    return (sy->control_register & SM_CTL_MODE) == 0x00 && sy->physical_start_address;
}

static uint8_t sync_dir(uint8_t control)
{
    return (control & SM_CTL_DIR) == 0x04 ? 1 : 2;
}

/* The 0x1C1n assignment of the slave's dictionary, when there is one for SM k. */
static const struct vb_object *assignment(const struct vb_slave *s, unsigned k)
{
    if (!s->od.count)
        return NULL;
    return vb_od_find(&s->od, (uint16_t)(0x1c10 + k));
}

static unsigned count_of(const struct vb_object *o)
{
    const struct vb_entry *e = vb_od_entry(o, 0);
    return e && e->cap ? e->value[0] : 0;
}

/*
 * Walk the mapping of SM k: calls `fn` for every mapped entry (gaps included) with the bit
 * offset in the buffer. Returns the bits, or -1 when the dictionary is inconsistent.
 */
typedef void (*map_fn)(void *ctx, uint16_t index, uint8_t sub, uint8_t bits, uint32_t bit_off);

static long walk_sm(struct vb_slave *s, const struct vb_sii_info *info, unsigned k, map_fn fn, void *ctx)
{
    uint32_t off = 0;
    const struct vb_object *as = assignment(s, k);
    if (as) {
        unsigned n = count_of(as);
        for (unsigned i = 1; i <= n; i++) {
            const struct vb_entry *pe = vb_od_entry(as, (uint8_t)i);
            if (!pe || pe->cap < 2)
                return -1;
            const struct vb_object *map = vb_od_find(&s->od, vb_le16(pe->value));
            if (!map)
                return -1;
            unsigned m = count_of(map);
            for (unsigned j = 1; j <= m; j++) {
                const struct vb_entry *me = vb_od_entry(map, (uint8_t)j);
                if (!me || me->cap < 4)
                    return -1;
                uint32_t v = vb_le32(me->value);
                uint8_t bits = (uint8_t)v;
                if (fn)
                    fn(ctx, (uint16_t)(v >> 16), (uint8_t)(v >> 8), bits, off);
                off += bits;
            }
        }
        return off;
    }
    for (const struct vb_pdo *p = info->syncs[k].pdos; p; p = p->next)
        for (unsigned j = 0; j < p->entry_count; j++) {
            const struct vb_pdo_entry *pe = &p->entries[j];
            if (fn)
                fn(ctx, pe->index, pe->subindex, pe->bit_length, off);
            off += pe->bit_length;
        }
    return off;
}

struct fill_ctx {
    struct vb_slave *s;
    struct vb_pd_map *out;
    unsigned n;
    uint16_t addr;
};

static void fill_one(void *p, uint16_t index, uint8_t sub, uint8_t bits, uint32_t bit_off)
{
    struct fill_ctx *c = p;
    struct vb_pd_map *m = &c->out[c->n++];
    m->index = index;
    m->subindex = sub;
    m->bits = bits;
    m->addr = c->addr;
    m->bit_off = (uint16_t)bit_off;
    m->e = NULL;
    if (index && c->s->od.count) {
        const struct vb_object *o = vb_od_find(&c->s->od, index);
        struct vb_entry *e = o ? vb_od_entry(o, sub) : NULL;
        if (e && e->bit_length == bits)
            m->e = e;
    }
}

static void count_one(void *p, uint16_t index, uint8_t sub, uint8_t bits, uint32_t bit_off)
{
    (void)index;
    (void)sub;
    (void)bits;
    (void)bit_off;
    (*(unsigned *)p)++;
}

static void active_add(struct vb_slave *s)
{
    struct vbus *vb = s->bus;
    if (!vb || s->active_idx >= 0 || !vb->active_slaves)
        return;
    s->active_idx = (int32_t)vb->active_count;
    vb->active_slaves[vb->active_count++] = s;
}

static void active_remove(struct vb_slave *s)
{
    struct vbus *vb = s->bus;
    if (!vb || s->active_idx < 0)
        return;
    struct vb_slave *last = vb->active_slaves[--vb->active_count];
    vb->active_slaves[s->active_idx] = last;
    last->active_idx = s->active_idx;
    s->active_idx = -1;
}

/* Check the sync managers and the model; on success set up memory and the mapping table. */
static uint16_t setup(struct vb_slave *s, struct vb_sii_info *info)
{
    struct sm_expect ex[VB_PD_SMS];
    unsigned nex = 0;
    for (unsigned k = 0; k < info->sync_count && nex < VB_PD_SMS; k++) {
        const struct vb_sync *sy = &info->syncs[k];
        if (!is_pd_sync(sy))
            continue;
        struct sm_expect *x = &ex[nex];
        x->index = (uint8_t)k;
        x->control = sy->control_register;
        x->dir = sync_dir(sy->control_register);
        x->start = sy->physical_start_address;
        x->entries = 0;
        long bits = walk_sm(s, info, k, count_one, &x->entries);
        if (bits < 0)
            return x->dir == 1 ? VB_AL_CODE_INVALID_OUTPUTS : VB_AL_CODE_INVALID_INPUTS;
        x->bits = (uint32_t)bits;
        nex++;
    }
    /* the sync managers as the master set them up */
    for (unsigned i = 0; i < nex; i++) {
        const struct sm_expect *x = &ex[i];
        const uint8_t *sm = s->regs + ESC_SM + SM_PAGE * x->index;
        uint16_t start = vb_le16(sm), len = vb_le16(sm + 2);
        uint8_t ctl = sm[4], on = sm[6] & 0x01;
        uint32_t bytes = (x->bits + 7) / 8;
        uint16_t bad = x->dir == 1 ? VB_AL_CODE_INVALID_OUTPUTS : VB_AL_CODE_INVALID_INPUTS;
        if (!bytes) {
            if (on && len)
                return bad; /* a buffer the slave has nothing for */
            continue;
        }
        if (!on || len != bytes || start != x->start || (ctl & (SM_CTL_MODE | SM_CTL_DIR)) !=
                                                             (x->control & (SM_CTL_MODE | SM_CTL_DIR)))
            return bad;
    }
    uint16_t code = vb_model_check_safeop(s);
    if (code)
        return code;

    /* memory behind the active sync managers */
    unsigned lo = 0xffff, hi = 0, maps = 0;
    for (unsigned i = 0; i < nex; i++) {
        uint32_t bytes = (ex[i].bits + 7) / 8;
        if (!bytes)
            continue;
        if (ex[i].start < lo)
            lo = ex[i].start;
        if (ex[i].start + bytes > hi)
            hi = ex[i].start + bytes;
        maps += ex[i].entries;
    }
    if (hi > lo && (!s->pd_ram || lo < s->pd_ram_base || hi > (unsigned)s->pd_ram_base + s->pd_ram_len)) {
        uint8_t *ram = ecat_port_zalloc(hi - lo);
        if (!ram)
            return AL_CODE_UNSPECIFIED;
        if (s->pd_ram)
            ecat_port_free(s->pd_ram);
        s->pd_ram = ram;
        s->pd_ram_base = (uint16_t)lo;
        s->pd_ram_len = (uint16_t)(hi - lo);
    }
    struct vb_pd_map *map = NULL;
    if (maps) {
        map = ecat_port_zalloc(maps * sizeof *map);
        if (!map)
            return AL_CODE_UNSPECIFIED;
    }
    /* outputs first, then inputs */
    struct fill_ctx fc = {s, map, 0, 0};
    s->pd_sm_count = 0;
    s->pd_out_n = 0;
    for (unsigned pass = 1; pass <= 2; pass++)
        for (unsigned i = 0; i < nex; i++) {
            if (ex[i].dir != pass || !ex[i].bits)
                continue;
            fc.addr = ex[i].start;
            walk_sm(s, info, ex[i].index, fill_one, &fc);
            if (pass == 1)
                s->pd_out_n = (uint16_t)fc.n;
            struct vb_pd_sm *ps = &s->pd_sm[s->pd_sm_count++];
            ps->index = ex[i].index;
            ps->dir = ex[i].dir;
            ps->start = ex[i].start;
            ps->len = (uint16_t)((ex[i].bits + 7) / 8);
            ps->watchdog = (s->regs[ESC_SM + SM_PAGE * ex[i].index + 4] & SM_CTL_WATCHDOG) ? 1 : 0;
            ps->written = 0;
        }
    s->pd_in_n = (uint16_t)(fc.n - s->pd_out_n);
    if (s->pd_map)
        ecat_port_free(s->pd_map);
    s->pd_map = map;

    /* the SM watchdog: (divider + 2) x 40 ns per tick, 0x0420 ticks */
    s->wd_ns = 0;
    for (unsigned i = 0; i < s->pd_sm_count; i++)
        if (s->pd_sm[i].dir == 1 && s->pd_sm[i].watchdog) {
            uint64_t div = vb_le16(s->regs + ESC_WD_DIVIDER), t = vb_le16(s->regs + ESC_WD_TIME_PD);
            s->wd_ns = (div + 2u) * 40u * t;
        }
    s->pd_active = 1;
    s->outputs_valid = 0;
    s->wd_expired = 0;
    s->pending_op = 0;
    s->last_out_time = s->bus ? s->bus->bus_time : 0;
    s->model_time = s->last_out_time;
    active_add(s);
    return 0;
}

uint16_t vb_pd_enter_safeop(struct vb_slave *s)
{
    struct vb_arena tmp = {0};
    struct vb_sii_info *info = ecat_port_zalloc(sizeof *info);
    if (!info)
        return AL_CODE_UNSPECIFIED;
    uint16_t code;
    if (vb_sii_parse(info, s->eeprom, s->eeprom_words, &tmp) == -ENOMEM)
        code = AL_CODE_UNSPECIFIED;
    else
        code = setup(s, info);
    vb_arena_free(&tmp);
    ecat_port_free(info);
    return code;
}

static int has_outputs(const struct vb_slave *s)
{
    for (unsigned i = 0; i < s->pd_sm_count; i++)
        if (s->pd_sm[i].dir == 1)
            return 1;
    return 0;
}

int vb_pd_enter_op(struct vb_slave *s)
{
    if (!s->wants_outputs || !s->pd_active || !has_outputs(s) || s->outputs_valid)
        return 1;
    s->pending_op = 1;
    s->pending_since = s->bus ? s->bus->bus_time : 0;
    return 0;
}

void vb_pd_state_changed(struct vb_slave *s, uint8_t state)
{
    state &= VB_AL_STATE_MASK;
    s->pending_op = 0;
    if (state == VB_AL_SAFEOP || state == VB_AL_OP) {
        if (state == VB_AL_SAFEOP)
            s->outputs_valid = 0;
        return;
    }
    if (s->pd_active) {
        s->pd_active = 0;
        s->outputs_valid = 0;
        active_remove(s);
        /* the model sees its process data go away in its next step */
        vb_model_step(s, s->model_time, 0, 0);
    }
}

void vb_pd_free(struct vb_slave *s)
{
    if (s->pd_ram)
        ecat_port_free(s->pd_ram);
    if (s->pd_map)
        ecat_port_free(s->pd_map);
    s->pd_ram = NULL;
    s->pd_map = NULL;
    s->pd_active = 0;
}

/* ---- ESC memory ---- */

static uint8_t *ram_at(struct vb_slave *s, uint32_t addr, size_t n)
{
    if (!s->pd_ram || addr < s->pd_ram_base || addr + n > (uint32_t)s->pd_ram_base + s->pd_ram_len)
        return NULL;
    return s->pd_ram + (addr - s->pd_ram_base);
}

int vb_pd_mem_read(struct vb_slave *s, uint32_t addr, uint8_t *dst, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p = ram_at(s, addr + (uint32_t)i, 1);
        if (p)
            dst[i] = *p;
        else if (addr + i < VB_REG_SIZE)
            dst[i] = s->regs[addr + i];
        else
            dst[i] = 0;
    }
    return 1;
}

int vb_pd_mem_write(struct vb_slave *s, uint32_t addr, const uint8_t *src, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t *p = ram_at(s, addr + (uint32_t)i, 1);
        if (p)
            *p = src[i];
    }
    return 1;
}

/* ---- the model step: outputs in, behaviour, inputs out ---- */

/* `bits` (at most 64) at bit offset `off` of buf, little-endian; touches only the bytes
 * that hold them. */
static uint64_t get_bits(const uint8_t *buf, unsigned off, unsigned bits)
{
    if (bits > 64)
        bits = 64;
    const uint8_t *p = buf + off / 8;
    unsigned sh = off & 7, n = (sh + bits + 7) / 8;
    uint64_t v = 0;
    for (unsigned i = 0; i < n && i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    v >>= sh;
    if (n > 8)
        v |= (uint64_t)p[8] << (64 - sh);
    return bits < 64 ? v & ((1ull << bits) - 1u) : v;
}

/* Store the low `bits` (at most 64) of v at bit offset `off` of buf, leaving the other bits
 * of the bytes it touches as they were. */
static void put_bits(uint8_t *buf, unsigned off, unsigned bits, uint64_t v)
{
    if (bits > 64)
        bits = 64;
    uint8_t *p = buf + off / 8;
    unsigned sh = off & 7, left = bits;
    for (unsigned i = 0; left; i++) {
        unsigned at = i ? 0 : sh, take = 8 - at < left ? 8 - at : left;
        uint8_t mask = (uint8_t)(((1u << take) - 1u) << at);
        uint8_t part = (uint8_t)(((i ? v >> (8 * i - sh) : v) << at) & mask);
        p[i] = (uint8_t)((p[i] & ~mask) | part);
        left -= take;
    }
}

static void model_step(struct vbus *vb, struct vb_slave *s)
{
    s->step_seq = vb->step_seq;
    uint64_t now = vb->bus_time;
    uint64_t dt = now > s->model_time ? now - s->model_time : 0;
    s->model_time = now;
    int applied = (vb_esc_al_status(s) & (VB_AL_STATE_MASK | VB_AL_ERR)) == VB_AL_OP && s->outputs_valid &&
                  !s->wd_expired;
    if (applied) {
        for (unsigned i = 0; i < s->pd_out_n; i++) {
            const struct vb_pd_map *m = &s->pd_map[i];
            const uint8_t *buf = ram_at(s, m->addr, 1);
            if (!buf || !m->index)
                continue;
            if (m->e)
                vb_bits_copy(m->e->value, 0, buf, m->bit_off, m->bits);
            else
                vb_model_output(s, m->index, m->subindex, get_bits(buf, m->bit_off, m->bits));
        }
    }
    vb_model_step(s, now, dt, applied);
    for (unsigned i = s->pd_out_n; i < (unsigned)s->pd_out_n + s->pd_in_n; i++) {
        const struct vb_pd_map *m = &s->pd_map[i];
        uint8_t *buf = ram_at(s, m->addr, 1);
        if (!buf)
            continue;
        if (m->e) {
            vb_bits_copy(buf, m->bit_off, m->e->value, 0, m->bits);
        } else {
            put_bits(buf, m->bit_off, m->bits, m->index ? vb_model_input(s, m->index, m->subindex) : 0);
        }
    }
}

/* ---- the FMMU index and logical datagrams ---- */

int vb_pd_index_alloc(struct vbus *vb)
{
    vb_pd_index_free(vb);
    unsigned cap = vb->slave_count * 16u;
    vb->fmmu_ix = ecat_port_zalloc((cap ? cap : 1) * sizeof *vb->fmmu_ix);
    if (!vb->fmmu_ix)
        return -ENOMEM;
    vb->fmmu_ix_cap = cap;
    vb->fmmu_ix_count = 0;
    vb->fmmu_dirty = 1;
    return 0;
}

void vb_pd_index_free(struct vbus *vb)
{
    if (vb->fmmu_ix)
        ecat_port_free(vb->fmmu_ix);
    vb->fmmu_ix = NULL;
    vb->fmmu_ix_cap = vb->fmmu_ix_count = 0;
}

static void rebuild_index(struct vbus *vb)
{
    vb->fmmu_dirty = 0;
    vb->fmmu_ix_count = 0;
    for (unsigned i = 0; i < vb->slave_count; i++) {
        struct vb_slave *s = &vb->slaves[i];
        unsigned count = s->regs[ESC_FMMU_COUNT];
        if (count > 16)
            count = 16;
        for (unsigned f = 0; f < count && vb->fmmu_ix_count < vb->fmmu_ix_cap; f++) {
            const uint8_t *p = s->regs + ESC_FMMU + FMMU_PAGE * f;
            uint16_t len = vb_le16(p + 4);
            uint8_t type = p[11] & 0x03;
            if (!(p[12] & 0x01) || !len || !type)
                continue;
            struct vb_fmmu_ix x = {s, vb_le32(p), len, vb_le16(p + 8), type};
            /* insertion keeps the index sorted by logical address; FMMUs are written in
             * rising order, so this is linear in practice */
            unsigned j = vb->fmmu_ix_count++;
            while (j && vb->fmmu_ix[j - 1].logical > x.logical) {
                vb->fmmu_ix[j] = vb->fmmu_ix[j - 1];
                j--;
            }
            vb->fmmu_ix[j] = x;
        }
    }
}

/* The sync manager that holds [phys, phys + n) in direction dir, or NULL. */
static struct vb_pd_sm *sm_for(struct vb_slave *s, uint16_t phys, uint32_t n, uint8_t dir)
{
    for (unsigned i = 0; i < s->pd_sm_count; i++) {
        struct vb_pd_sm *sm = &s->pd_sm[i];
        if (sm->dir == dir && phys >= sm->start && phys + n <= (uint32_t)sm->start + sm->len)
            return sm;
    }
    return NULL;
}

static void outputs_arrived(struct vbus *vb, struct vb_slave *s)
{
    s->last_out_time = vb->bus_time;
    s->outputs_valid = 1;
    s->wd_expired = 0;
    if (s->pending_op) {
        /* the firmware completes the OP request now that outputs are valid */
        s->pending_op = 0;
        s->regs[ESC_AL_STATUS] = VB_AL_OP;
    }
}

uint16_t vb_pd_datagram(struct vbus *vb, uint8_t cmd, uint32_t logical, uint8_t *data, uint32_t size)
{
    if (vb->fmmu_dirty)
        rebuild_index(vb);
    uint32_t seq = ++vb->dg_seq;
    uint16_t wkc = 0;
    uint32_t end = logical + size;
    int reads = cmd == 10 || cmd == 12, writes = cmd == 11 || cmd == 12;
    /* first FMMU that may reach into the datagram: binary search on the start address */
    unsigned lo = 0, hi = vb->fmmu_ix_count;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if (vb->fmmu_ix[mid].logical + 0x10000u <= logical)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (unsigned i = lo; i < vb->fmmu_ix_count && vb->fmmu_ix[i].logical < end; i++) {
        const struct vb_fmmu_ix *x = &vb->fmmu_ix[i];
        if (x->logical + x->len <= logical)
            continue;
        struct vb_slave *s = x->s;
        if (s->lost || s->wkc_drop || !s->pd_active)
            continue;
        uint32_t a = x->logical > logical ? x->logical : logical;
        uint32_t b = x->logical + x->len < end ? x->logical + x->len : end;
        uint16_t phys = (uint16_t)(x->phys + (a - x->logical));
        uint32_t n = b - a;
        uint8_t *frame = data + (a - logical);
        if (s->step_seq != vb->step_seq)
            model_step(vb, s);
        if (s->dg_seq != seq) {
            s->dg_seq = seq;
            s->dg_flags = 0;
        }
        if ((x->type & 0x02) && writes) {
            struct vb_pd_sm *sm = sm_for(s, phys, n, 1);
            uint8_t *ram = sm ? ram_at(s, phys, n) : NULL;
            if (ram) {
                ecat_memcpy(ram, frame, n);
                if (phys + n == (uint32_t)sm->start + sm->len)
                    outputs_arrived(vb, s);
                if (!(s->dg_flags & 0x02)) {
                    s->dg_flags |= 0x02;
                    wkc = (uint16_t)(wkc + (cmd == 12 ? 2 : 1));
                }
            }
        }
        if ((x->type & 0x01) && reads) {
            struct vb_pd_sm *sm = sm_for(s, phys, n, 2);
            const uint8_t *ram = sm ? ram_at(s, phys, n) : NULL;
            if (ram) {
                ecat_memcpy(frame, ram, n);
                if (!(s->dg_flags & 0x01)) {
                    s->dg_flags |= 0x01;
                    wkc++;
                }
            }
        }
    }
    return wkc;
}

void vb_pd_tick(struct vbus *vb)
{
    for (unsigned i = 0; i < vb->active_count; i++) {
        struct vb_slave *s = vb->active_slaves[i];
        if (s->lost || !s->wd_ns || s->wd_expired)
            continue;
        if (vb->bus_time - s->last_out_time <= s->wd_ns)
            continue;
        s->wd_expired = 1;
        uint8_t st = vb_esc_al_status(s);
        if (s->firmware && (st & VB_AL_STATE_MASK) == VB_AL_OP && !(st & VB_AL_ERR)) {
            /* the firmware leaves OP: outputs are no longer valid */
            vb_esc_set_al(s, VB_AL_SAFEOP | VB_AL_ERR, VB_AL_CODE_SM_WATCHDOG);
        }
        /* an ESC-only slave stays in OP; its model sees the outputs in their safe state */
    }
}
