/* SPDX-License-Identifier: MIT */
/*
 * Domains (see vb_app.h) with IgH's rules:
 * - registering a PDO entry prepares one FMMU per (configuration, sync manager, domain)
 *   covering all PDO data of that sync manager; the first registration of a pair appends
 *   its FMMU at the end of the domain, so registration order decides the layout; the
 *   result is the FMMU's offset plus the entry's bit offset / 8, the bit position goes
 *   back in the struct; an entry not in the configuration's mapping is -ENOENT; a 17th
 *   FMMU of one configuration is -EOVERFLOW;
 * - ACTIVATE gives the domains logical base addresses by a running sum (the same sum is
 *   the domain's offset in the process data), splits each domain into datagrams of at
 *   most 1486 bytes at FMMU boundaries, and counts per datagram the configurations with
 *   outputs and with inputs (each (configuration, direction) once): LRW with both
 *   (expected working counter outputs x 2 + inputs), LWR with outputs only, LRD else;
 * - DOMAIN_QUEUE queues every datagram (one already queued stays queued once),
 *   DOMAIN_PROCESS sums the working counters of the received datagrams, DOMAIN_STATE
 *   reports zero/incomplete/complete from that sum.
 */
#include "vb_app.h"

struct vb_domain *vb_domain_get(struct vbus *vb, uint64_t index)
{
    return index < vb->domain_count ? vb->domains[index] : NULL;
}

static void domain_free(struct vb_domain *d)
{
    if (d->fmmus)
        ecat_port_free(d->fmmus);
    if (d->dgrams)
        ecat_port_free(d->dgrams); /* one block with the frames */
    ecat_port_free(d);
}

void vb_domains_clear(struct vbus *vb)
{
    for (unsigned i = 0; i < vb->domain_count; i++)
        domain_free(vb->domains[i]);
    if (vb->domains)
        ecat_port_free(vb->domains);
    vb->domains = NULL;
    vb->domain_count = vb->domain_cap = 0;
}

static int grow(void **array, unsigned count, unsigned *cap, size_t elem)
{
    if (count < *cap)
        return 0;
    unsigned n = *cap ? 2 * *cap : 8;
    void *a = ecat_port_zalloc(n * elem);
    if (!a)
        return -ENOMEM;
    if (count)
        ecat_memcpy(a, *array, count * elem);
    if (*array)
        ecat_port_free(*array);
    *array = a;
    *cap = n;
    return 0;
}

long vb_ioctl_create_domain(struct vb_call *c)
{
    struct vbus *vb = c->vb;
    void *a = vb->domains;
    if (grow(&a, vb->domain_count, &vb->domain_cap, sizeof *vb->domains))
        return -ENOMEM;
    vb->domains = a;
    struct vb_domain *d = ecat_port_zalloc(sizeof *d);
    if (!d)
        return -ENOMEM;
    d->index = vb->domain_count;
    vb->domains[vb->domain_count++] = d;
    return d->index;
}

/* IgH's ec_slave_config_prepare_fmmu: the FMMU of (domain, sync), new ones at the end. */
static long prepare_fmmu(struct vb_sc *sc, struct vb_domain *d, uint8_t sync)
{
    for (unsigned i = 0; i < sc->used_fmmus; i++)
        if (sc->fmmus[i].domain == d && sc->fmmus[i].sync_index == sync)
            return sc->fmmus[i].logical_start;
    if (sc->used_fmmus == VB_MAX_FMMU_CONFIGS)
        return -EOVERFLOW;
    void *a = d->fmmus;
    if (grow(&a, d->fmmu_count, &d->fmmu_cap, sizeof *d->fmmus))
        return -ENOMEM;
    d->fmmus = a;
    struct vb_fmmu_cfg *f = &sc->fmmus[sc->used_fmmus++];
    f->sc = sc;
    f->domain = d;
    f->sync_index = sync;
    f->dir = sc->syncs[sync].dir;
    f->logical_start = d->data_size;
    f->data_size = vb_sync_cfg_size(&sc->syncs[sync]);
    d->fmmus[d->fmmu_count++] = f;
    d->data_size += f->data_size;
    return f->logical_start;
}

/* Registration of the entry found at bit_offset in sync manager `sync`. */
static long reg_found(struct vb_call *c, struct vb_sc *sc, struct vb_domain *d, unsigned sync, uint32_t bit_offset,
                      unsigned bit_field)
{
    vb_set(c, bit_field, bit_offset % 8);
    long off = prepare_fmmu(sc, d, (uint8_t)sync);
    return off < 0 ? off : off + bit_offset / 8;
}

/* Copy the struct back whatever the result, as IgH's handler does. */
static long reg_done(struct vb_call *c, long ret)
{
    return vb_arg_out(c) ? -EFAULT : ret;
}

long vb_ioctl_reg_pdo_entry(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    struct vb_sc *sc = vb_config_get(c->vb, vb_get(c, ECA_REG_PDO_ENTRY_F_CONFIG_INDEX));
    if (!sc)
        return -ENOENT;
    struct vb_domain *d = vb_domain_get(c->vb, vb_get(c, ECA_REG_PDO_ENTRY_F_DOMAIN_INDEX));
    if (!d)
        return -ENOENT;
    uint16_t index = (uint16_t)vb_get(c, ECA_REG_PDO_ENTRY_F_ENTRY_INDEX);
    uint8_t sub = (uint8_t)vb_get(c, ECA_REG_PDO_ENTRY_F_ENTRY_SUBINDEX);
    for (unsigned k = 0; k < VB_MAX_SYNCS; k++) {
        uint32_t bit_offset = 0;
        for (const struct vb_cfg_pdo *p = sc->syncs[k].pdos; p; p = p->next)
            for (const struct vb_cfg_entry *e = p->entries; e; e = e->next) {
                if (e->index == index && e->subindex == sub)
                    return reg_done(c, reg_found(c, sc, d, k, bit_offset, ECA_REG_PDO_ENTRY_F_BIT_POSITION));
                bit_offset += e->bit_length;
            }
    }
    return reg_done(c, -ENOENT); /* "PDO entry is not mapped" */
}

long vb_ioctl_reg_pdo_pos(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    struct vb_sc *sc = vb_config_get(c->vb, vb_get(c, ECA_REG_PDO_POS_F_CONFIG_INDEX));
    if (!sc)
        return -ENOENT;
    struct vb_domain *d = vb_domain_get(c->vb, vb_get(c, ECA_REG_PDO_POS_F_DOMAIN_INDEX));
    if (!d)
        return -ENOENT;
    uint64_t k = vb_get(c, ECA_REG_PDO_POS_F_SYNC_INDEX);
    if (k >= VB_MAX_SYNCS)
        return reg_done(c, -EINVAL);
    uint64_t want_pdo = vb_get(c, ECA_REG_PDO_POS_F_PDO_POS), want_entry = vb_get(c, ECA_REG_PDO_POS_F_ENTRY_POS);
    uint32_t bit_offset = 0;
    uint64_t pp = 0;
    for (const struct vb_cfg_pdo *p = sc->syncs[k].pdos; p; p = p->next, pp++) {
        uint64_t ep = 0;
        for (const struct vb_cfg_entry *e = p->entries; e; e = e->next, ep++) {
            if (pp == want_pdo && ep == want_entry)
                return reg_done(c, reg_found(c, sc, d, (unsigned)k, bit_offset, ECA_REG_PDO_POS_F_BIT_POSITION));
            bit_offset += e->bit_length;
        }
    }
    return reg_done(c, -ENOENT);
}

long vb_ioctl_domain_size(struct vb_call *c)
{
    struct vb_domain *d = vb_domain_get(c->vb, c->arg);
    return d ? (long)d->data_size : -ENOENT;
}

long vb_ioctl_domain_offset(struct vb_call *c)
{
    struct vbus *vb = c->vb;
    long offset = 0;
    for (unsigned i = 0; i < vb->domain_count; i++) {
        if (i == c->arg)
            return offset;
        offset += vb->domains[i]->data_size;
    }
    return -ENOENT;
}

/* IgH's shall_count: was (configuration, direction) already counted in this datagram? */
static int counted(struct vb_fmmu_cfg **f, unsigned first, unsigned cur)
{
    for (unsigned i = first; i < cur; i++)
        if (f[i]->sc == f[cur]->sc && f[i]->dir == f[cur]->dir)
            return 1;
    return 0;
}

static void set_dgram(struct vb_dgram *g, uint32_t offset, uint32_t size, const unsigned used[3])
{
    g->offset = offset;
    g->size = size;
    if (used[VB_DIR_OUTPUT] && used[VB_DIR_INPUT]) {
        g->cmd = VB_CMD_LRW; /* outputs count twice in an LRW */
        g->expected = (uint16_t)(used[VB_DIR_OUTPUT] * 2 + used[VB_DIR_INPUT]);
    } else if (used[VB_DIR_OUTPUT]) {
        g->cmd = VB_CMD_LWR;
        g->expected = (uint16_t)used[VB_DIR_OUTPUT];
    } else {
        g->cmd = VB_CMD_LRD;
        g->expected = (uint16_t)used[VB_DIR_INPUT];
    }
}

/* Split one domain into datagrams (two passes: count, then fill). */
static unsigned plan(struct vb_domain *d, struct vb_dgram *out)
{
    unsigned n = 0, first = 0;
    uint32_t offset = 0, size = 0;
    unsigned used[3] = {0, 0, 0};
    for (unsigned i = 0; i < d->fmmu_count; i++) {
        struct vb_fmmu_cfg *f = d->fmmus[i];
        if (size + f->data_size > VB_MAX_DATAGRAM) {
            if (out)
                set_dgram(&out[n], offset, size, used);
            n++;
            offset += size;
            size = 0;
            used[0] = used[1] = used[2] = 0;
            first = i;
        }
        if (!counted(d->fmmus, first, i) && f->dir <= VB_DIR_INPUT)
            used[f->dir]++;
        size += f->data_size;
    }
    if (size) {
        if (out)
            set_dgram(&out[n], offset, size, used);
        n++;
    }
    return n;
}

int vb_domains_finish(struct vbus *vb, uint8_t *pd)
{
    uint32_t base = 0;
    for (unsigned i = 0; i < vb->domain_count; i++) {
        struct vb_domain *d = vb->domains[i];
        d->logical_base = base;
        d->data = pd ? pd + base : NULL;
        for (unsigned k = 0; k < d->fmmu_count; k++)
            d->fmmus[k]->logical_start += base;
        unsigned n = plan(d, NULL);
        uint8_t *block = n ? ecat_port_zalloc(n * sizeof(struct vb_dgram) + d->data_size) : NULL;
        if (n && !block)
            return -ENOMEM;
        d->dgrams = (struct vb_dgram *)(void *)block;
        d->dgram_count = n;
        if (n) {
            plan(d, d->dgrams);
            uint8_t *frame = block + n * sizeof(struct vb_dgram);
            d->expected_wc = 0;
            for (unsigned k = 0; k < n; k++) {
                struct vb_dgram *g = &d->dgrams[k];
                g->logical = base + g->offset;
                g->frame = frame + g->offset;
                g->state = VB_DG_INIT;
                d->expected_wc = (uint16_t)(d->expected_wc + g->expected);
            }
        }
        base += d->data_size;
    }
    return 0;
}

long vb_ioctl_domain_process(struct vb_call *c)
{
    struct vb_domain *d = vb_domain_get(c->vb, c->arg);
    if (!d)
        return -ENOENT;
    uint16_t wc = 0;
    for (unsigned k = 0; k < d->dgram_count; k++)
        if (d->dgrams[k].state == VB_DG_RECEIVED)
            wc = (uint16_t)(wc + d->dgrams[k].wkc);
    d->working_counter = wc;
    return 0;
}

long vb_ioctl_domain_queue(struct vb_call *c)
{
    struct vb_domain *d = vb_domain_get(c->vb, c->arg);
    if (!d)
        return -ENOENT;
    for (unsigned k = 0; k < d->dgram_count; k++) {
        struct vb_dgram *g = &d->dgrams[k];
        if (g->state != VB_DG_QUEUED && g->state != VB_DG_SENT)
            g->state = VB_DG_QUEUED;
    }
    return 0;
}

long vb_ioctl_domain_state(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    struct vb_domain *d = vb_domain_get(c->vb, vb_get(c, ECA_DOMAIN_STATE_F_DOMAIN_INDEX));
    if (!d)
        return -ENOENT;
    const struct eca_layout *l = c->vb->abi->layouts[ECA_ST_DOMAIN_STATE_DATA];
    uint8_t st[16] = {0};
    uint16_t wc = d->working_counter;
    eca_put(st, l, ECA_DOMAIN_STATE_DATA_F_WORKING_COUNTER, 0, 0, wc);
    eca_put(st, l, ECA_DOMAIN_STATE_DATA_F_WC_STATE, 0, 0,
            !wc ? VB_WC_ZERO : wc == d->expected_wc ? VB_WC_COMPLETE : VB_WC_INCOMPLETE);
    eca_put(st, l, ECA_DOMAIN_STATE_DATA_F_REDUNDANCY_ACTIVE, 0, 0, 0);
    return ecat_port_copy_to_user(vb_uptr(c, ECA_DOMAIN_STATE_F_STATE), st, l->size);
}

/* ---- DOMAIN lookups (the tool's `ethercat domains`) ---- */

long vb_ioctl_domain(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    struct vb_domain *d = vb_domain_get(c->vb, vb_get(c, ECA_DOMAIN_F_INDEX));
    if (!d)
        return -EINVAL;
    vb_set(c, ECA_DOMAIN_F_DATA_SIZE, d->data_size);
    vb_set(c, ECA_DOMAIN_F_LOGICAL_BASE_ADDRESS, d->logical_base);
    eca_put(c->buf, c->l, ECA_DOMAIN_F_WORKING_COUNTER, 0, 0, d->working_counter);
    vb_set(c, ECA_DOMAIN_F_EXPECTED_WORKING_COUNTER, d->expected_wc);
    vb_set(c, ECA_DOMAIN_F_FMMU_COUNT, d->fmmu_count);
    return vb_arg_out(c);
}

long vb_ioctl_domain_fmmu(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    struct vb_domain *d = vb_domain_get(c->vb, vb_get(c, ECA_DOMAIN_FMMU_F_DOMAIN_INDEX));
    if (!d)
        return -EINVAL;
    uint64_t i = vb_get(c, ECA_DOMAIN_FMMU_F_FMMU_INDEX);
    if (i >= d->fmmu_count)
        return -EINVAL;
    const struct vb_fmmu_cfg *f = d->fmmus[i];
    vb_set(c, ECA_DOMAIN_FMMU_F_SLAVE_CONFIG_ALIAS, f->sc->alias);
    vb_set(c, ECA_DOMAIN_FMMU_F_SLAVE_CONFIG_POSITION, f->sc->position);
    vb_set(c, ECA_DOMAIN_FMMU_F_SYNC_INDEX, f->sync_index);
    vb_set(c, ECA_DOMAIN_FMMU_F_DIR, f->dir);
    vb_set(c, ECA_DOMAIN_FMMU_F_LOGICAL_ADDRESS, f->logical_start);
    vb_set(c, ECA_DOMAIN_FMMU_F_DATA_SIZE, f->data_size);
    return vb_arg_out(c);
}

long vb_ioctl_domain_data(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    struct vb_domain *d = vb_domain_get(c->vb, vb_get(c, ECA_DOMAIN_DATA_F_DOMAIN_INDEX));
    if (!d)
        return -EINVAL;
    if (vb_get(c, ECA_DOMAIN_DATA_F_DATA_SIZE) != d->data_size)
        return -EFAULT; /* IgH: "data size mismatch" */
    if (!d->data_size)
        return 0;
    if (!d->data)
        return -EFAULT; /* no process data before ACTIVATE */
    return ecat_port_copy_to_user(vb_uptr(c, ECA_DOMAIN_DATA_F_TARGET), d->data, d->data_size);
}
