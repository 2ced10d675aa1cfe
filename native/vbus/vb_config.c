/* SPDX-License-Identifier: MIT */
/*
 * Slave configurations (see vb_app.h): creation and attachment by alias/position and
 * identity, the SC_* configuration requests and the CONFIG* lookups, with IgH's rules:
 * - the same alias/position again returns the existing configuration when vendor and
 *   product match, else -ENOENT ("slave type mismatch");
 * - a new configuration attaches to the slave the master finds at alias/position when
 *   that slave has no configuration yet and its identity matches; otherwise it stays
 *   detached (SC_STATE online 0, CONFIG slave_position -1);
 * - an attached configuration starts with the slave's PDO assignment and mapping as the
 *   master knows them (SII, or read through CoE at the scan); SC_ADD_PDO takes the
 *   mapping of a PDO the slave assigns somewhere by default;
 * - unknown configuration indices are -ENOENT in SC_* requests and -EINVAL in the
 *   CONFIG* lookups (the tool's side).
 */
#include "vb_app.h"
#include "vb_master.h"

struct vb_sc *vb_config_get(struct vbus *vb, uint64_t index)
{
    return index < vb->config_count ? vb->configs[index] : NULL;
}

static int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static const char *dup_str(struct vb_sc *sc, const char *s)
{
    if (!s || !*s)
        return "";
    char *d = vb_arena_strndup(&sc->arena, (const uint8_t *)s, vb_strlen(s));
    return d ? d : "";
}

static struct vb_cfg_pdo *find_pdo(struct vb_sc *sc, uint16_t index)
{
    for (unsigned k = 0; k < VB_MAX_SYNCS; k++)
        for (struct vb_cfg_pdo *p = sc->syncs[k].pdos; p; p = p->next)
            if (p->index == index)
                return p;
    return NULL;
}

static int add_entry(struct vb_sc *sc, struct vb_cfg_pdo *p, uint16_t index, uint8_t sub, uint8_t bits,
                     const char *name)
{
    struct vb_cfg_entry *e = vb_arena_alloc(&sc->arena, sizeof *e);
    if (!e)
        return -ENOMEM;
    e->index = index;
    e->subindex = sub;
    e->bit_length = bits;
    e->name = dup_str(sc, name);
    struct vb_cfg_entry **tail = &p->entries;
    while (*tail)
        tail = &(*tail)->next;
    *tail = e;
    p->entry_count++;
    return 0;
}

/* The mapping of a PDO the slave assigns to one of its sync managers (IgH's default mapping). */
static int load_default_mapping(struct vb_sc *sc, struct vb_cfg_pdo *p)
{
    struct vb_slave *s = sc->slave;
    if (!s)
        return 0;
    for (unsigned k = 0; k < s->sii.sync_count; k++)
        for (const struct vb_pdo *d = s->sii.syncs[k].pdos; d; d = d->next) {
            if (d->index != p->index)
                continue;
            if (d->name && *d->name)
                p->name = dup_str(sc, d->name);
            for (unsigned i = 0; i < d->entry_count; i++) {
                const struct vb_pdo_entry *e = &d->entries[i];
                int r = add_entry(sc, p, e->index, e->subindex, e->bit_length, e->name);
                if (r)
                    return r;
            }
            return 0;
        }
    return 0;
}

static struct vb_cfg_pdo *add_pdo(struct vb_sc *sc, unsigned sync, uint16_t index)
{
    struct vb_cfg_pdo *p = vb_arena_alloc(&sc->arena, sizeof *p);
    if (!p)
        return NULL;
    p->index = index;
    p->name = "";
    struct vb_cfg_pdo **tail = &sc->syncs[sync].pdos;
    while (*tail)
        tail = &(*tail)->next;
    *tail = p;
    sc->syncs[sync].pdo_count++;
    return p;
}

/* The slave's sync managers with their directions and PDOs, as the configuration's start. */
static int load_default_syncs(struct vb_sc *sc)
{
    struct vb_slave *s = sc->slave;
    if (!s)
        return 0;
    for (unsigned k = 0; k < s->sii.sync_count && k < VB_MAX_SYNCS; k++) {
        const struct vb_sync *sy = &s->sii.syncs[k];
        struct vb_sync_cfg *c = &sc->syncs[k];
        uint8_t bits = (sy->control_register & 0x0c) >> 2;
        c->dir = bits == 0 ? VB_DIR_INPUT : bits == 1 ? VB_DIR_OUTPUT : VB_DIR_INVALID;
        c->pdos = NULL;
        c->pdo_count = 0;
        for (const struct vb_pdo *d = sy->pdos; d; d = d->next) {
            struct vb_cfg_pdo *p = add_pdo(sc, k, d->index);
            if (!p)
                return -ENOMEM;
            p->name = dup_str(sc, d->name);
            for (unsigned i = 0; i < d->entry_count; i++) {
                const struct vb_pdo_entry *e = &d->entries[i];
                int r = add_entry(sc, p, e->index, e->subindex, e->bit_length, e->name);
                if (r)
                    return r;
            }
        }
    }
    return 0;
}

/* IgH's slave lookup: by ring position, or `position` slaves after the one with the alias. */
static struct vb_slave *find_slave(struct vbus *vb, uint16_t alias, uint16_t position)
{
    if (!alias)
        return position < vb->master_slaves ? &vb->slaves[position] : NULL;
    for (unsigned i = 0; i < vb->master_slaves; i++)
        if (vb->slaves[i].effective_alias == alias) {
            unsigned p = i + position;
            return p < vb->master_slaves ? &vb->slaves[p] : NULL;
        }
    return NULL;
}

int vb_config_attach(struct vbus *vb, struct vb_sc *sc)
{
    if (sc->slave)
        return 0;
    struct vb_slave *s = find_slave(vb, sc->alias, sc->position);
    if (!s)
        return -ENOENT;
    if (s->config)
        return -EEXIST;
    if (s->sii.vendor_id != sc->vendor_id || s->sii.product_code != sc->product_code)
        return -EINVAL; /* identity mismatch: the configuration stays detached */
    s->config = sc;
    sc->slave = s;
    return 0;
}

void vb_config_detach(struct vb_sc *sc)
{
    if (!sc->slave)
        return;
    sc->slave->config = NULL;
    sc->slave = NULL;
}

uint32_t vb_sync_cfg_size(const struct vb_sync_cfg *sync)
{
    uint32_t bits = 0;
    for (const struct vb_cfg_pdo *p = sync->pdos; p; p = p->next)
        for (const struct vb_cfg_entry *e = p->entries; e; e = e->next)
            bits += e->bit_length;
    return (bits + 7) / 8;
}

uint32_t vb_al_timeout_ms(const struct vb_sc *sc, uint8_t from, uint8_t to)
{
    for (const struct vb_al_timeout *t = sc ? sc->timeouts : NULL; t; t = t->next)
        if (t->from == from && t->to == to)
            return t->ms;
    return 0;
}

static void config_free(struct vbus *vb, struct vb_sc *sc)
{
    vb_sc_requests_free(vb, sc);
    vb_config_detach(sc);
    if (sc->emerg)
        ecat_port_free(sc->emerg);
    vb_arena_free(&sc->arena);
    ecat_port_free(sc);
}

void vb_configs_clear(struct vbus *vb)
{
    for (unsigned i = 0; i < vb->config_count; i++)
        config_free(vb, vb->configs[i]);
    if (vb->configs)
        ecat_port_free(vb->configs);
    vb->configs = NULL;
    vb->config_count = vb->config_cap = 0;
    vb->ref_config = NULL;
}

/* ---- SC_* ---- */

long vb_ioctl_create_slave_config(struct vb_call *c)
{
    struct vbus *vb = c->vb;
    int r = vb_arg_in(c);
    if (r)
        return r;
    uint16_t alias = (uint16_t)vb_get(c, ECA_CONFIG_F_ALIAS), position = (uint16_t)vb_get(c, ECA_CONFIG_F_POSITION);
    uint32_t vendor = (uint32_t)vb_get(c, ECA_CONFIG_F_VENDOR_ID), product = (uint32_t)vb_get(c, ECA_CONFIG_F_PRODUCT_CODE);
    struct vb_sc *sc = NULL;
    for (unsigned i = 0; i < vb->config_count && !sc; i++)
        if (vb->configs[i]->alias == alias && vb->configs[i]->position == position)
            sc = vb->configs[i];
    if (sc) {
        if (sc->vendor_id != vendor || sc->product_code != product)
            return -ENOENT; /* IgH: "slave type mismatch" */
    } else {
        if (vb->config_count == vb->config_cap) {
            unsigned cap = vb->config_cap ? 2 * vb->config_cap : 16;
            struct vb_sc **n = ecat_port_zalloc(cap * sizeof *n);
            if (!n)
                return -ENOMEM;
            if (vb->config_count)
                ecat_memcpy(n, vb->configs, vb->config_count * sizeof *n);
            if (vb->configs)
                ecat_port_free(vb->configs);
            vb->configs = n;
            vb->config_cap = cap;
        }
        sc = ecat_port_zalloc(sizeof *sc);
        if (!sc)
            return -ENOMEM;
        sc->index = vb->config_count;
        sc->alias = alias;
        sc->position = position;
        sc->vendor_id = vendor;
        sc->product_code = product;
        vb_config_attach(vb, sc);
        if (load_default_syncs(sc)) {
            config_free(vb, sc);
            return -ENOMEM;
        }
        vb->configs[vb->config_count++] = sc;
    }
    vb_set(c, ECA_CONFIG_F_CONFIG_INDEX, sc->index);
    return vb_arg_out(c);
}

long vb_ioctl_select_ref_clock(struct vb_call *c)
{
    uint64_t index = (uint32_t)c->arg;
    struct vb_sc *sc = NULL;
    if (index != 0xffffffffu && !(sc = vb_config_get(c->vb, index)))
        return -ENOENT;
    c->vb->ref_config = sc;
    return 0;
}

/* Copy the argument in and find its configuration (-ENOENT as IgH's SC_* requests). */
static long sc_arg(struct vb_call *c, unsigned field, struct vb_sc **sc)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    *sc = vb_config_get(c->vb, vb_get(c, field));
    return *sc ? 0 : -ENOENT;
}

long vb_ioctl_sc_sync(struct vb_call *c)
{
    struct vb_sc *sc;
    long r = sc_arg(c, ECA_CONFIG_F_CONFIG_INDEX, &sc);
    if (r)
        return r;
    for (unsigned i = 0; i < VB_MAX_SYNCS; i++) {
        if (!eca_get(c->buf, c->l, ECA_CONFIG_F_SYNCS_CONFIG_THIS, i, 0))
            continue;
        uint64_t dir = eca_get(c->buf, c->l, ECA_CONFIG_F_SYNCS_DIR, i, 0);
        if (dir != VB_DIR_OUTPUT && dir != VB_DIR_INPUT)
            return -EINVAL;
        sc->syncs[i].dir = (uint8_t)dir;
        sc->syncs[i].watchdog_mode = (uint8_t)eca_get(c->buf, c->l, ECA_CONFIG_F_SYNCS_WATCHDOG_MODE, i, 0);
    }
    return 0;
}

long vb_ioctl_sc_watchdog(struct vb_call *c)
{
    struct vb_sc *sc;
    long r = sc_arg(c, ECA_CONFIG_F_CONFIG_INDEX, &sc);
    if (r)
        return r;
    sc->watchdog_divider = (uint16_t)vb_get(c, ECA_CONFIG_F_WATCHDOG_DIVIDER);
    sc->watchdog_intervals = (uint16_t)vb_get(c, ECA_CONFIG_F_WATCHDOG_INTERVALS);
    return 0;
}

long vb_ioctl_sc_add_pdo(struct vb_call *c)
{
    struct vb_sc *sc;
    long r = sc_arg(c, ECA_CONFIG_PDO_F_CONFIG_INDEX, &sc);
    if (r)
        return r;
    uint64_t sync = vb_get(c, ECA_CONFIG_PDO_F_SYNC_INDEX);
    if (sync >= VB_MAX_SYNCS)
        return -EINVAL;
    struct vb_cfg_pdo *p = add_pdo(sc, (unsigned)sync, (uint16_t)vb_get(c, ECA_CONFIG_PDO_F_INDEX));
    if (!p)
        return -ENOMEM;
    return load_default_mapping(sc, p);
}

long vb_ioctl_sc_clear_pdos(struct vb_call *c)
{
    struct vb_sc *sc;
    long r = sc_arg(c, ECA_CONFIG_PDO_F_CONFIG_INDEX, &sc);
    if (r)
        return r;
    uint64_t sync = vb_get(c, ECA_CONFIG_PDO_F_SYNC_INDEX);
    if (sync >= VB_MAX_SYNCS)
        return -EINVAL;
    sc->syncs[sync].pdos = NULL; /* the memory stays in the configuration's arena */
    sc->syncs[sync].pdo_count = 0;
    return 0;
}

long vb_ioctl_sc_add_entry(struct vb_call *c)
{
    struct vb_sc *sc;
    long r = sc_arg(c, ECA_ADD_PDO_ENTRY_F_CONFIG_INDEX, &sc);
    if (r)
        return r;
    struct vb_cfg_pdo *p = find_pdo(sc, (uint16_t)vb_get(c, ECA_ADD_PDO_ENTRY_F_PDO_INDEX));
    if (!p)
        return -ENOENT; /* "PDO is not assigned" */
    return add_entry(sc, p, (uint16_t)vb_get(c, ECA_ADD_PDO_ENTRY_F_ENTRY_INDEX),
                     (uint8_t)vb_get(c, ECA_ADD_PDO_ENTRY_F_ENTRY_SUBINDEX),
                     (uint8_t)vb_get(c, ECA_ADD_PDO_ENTRY_F_ENTRY_BIT_LENGTH), NULL);
}

long vb_ioctl_sc_clear_entries(struct vb_call *c)
{
    struct vb_sc *sc;
    long r = sc_arg(c, ECA_CONFIG_PDO_F_CONFIG_INDEX, &sc);
    if (r)
        return r;
    struct vb_cfg_pdo *p = find_pdo(sc, (uint16_t)vb_get(c, ECA_CONFIG_PDO_F_INDEX));
    if (p) { /* IgH only warns about a PDO that is not assigned */
        p->entries = NULL;
        p->entry_count = 0;
    }
    return 0;
}

long vb_ioctl_sc_dc(struct vb_call *c)
{
    struct vb_sc *sc;
    long r = sc_arg(c, ECA_CONFIG_F_CONFIG_INDEX, &sc);
    if (r)
        return r;
    sc->dc_assign_activate = (uint16_t)vb_get(c, ECA_CONFIG_F_DC_ASSIGN_ACTIVATE);
    for (unsigned i = 0; i < 2; i++) {
        uint64_t v = eca_get(c->buf, c->l, ECA_CONFIG_F_DC_SYNC, 0, i); /* {u32 cycle, i32 shift} */
        sc->dc_cycle[i] = (uint32_t)v;
        sc->dc_shift[i] = (int32_t)(uint32_t)(v >> 32);
    }
    return 0;
}

long vb_ioctl_sc_sdo(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    uint64_t size = vb_get(c, ECA_SC_SDO_F_SIZE);
    if (!size)
        return -EINVAL;
    if (size > VB_KMALLOC_MAX)
        return -ENOMEM;
    uint8_t *data = ecat_port_zalloc(size);
    if (!data)
        return -ENOMEM;
    long ret = 0;
    struct vb_sc *sc = NULL;
    if (ecat_port_copy_from_user(data, vb_uptr(c, ECA_SC_SDO_F_DATA), size))
        ret = -EFAULT;
    else if (!(sc = vb_config_get(c->vb, vb_get(c, ECA_SC_SDO_F_CONFIG_INDEX))))
        ret = -ENOENT;
    if (!ret) {
        struct vb_sdo_cfg *s = vb_arena_alloc(&sc->arena, sizeof *s);
        uint8_t *copy = s ? vb_arena_alloc(&sc->arena, size) : NULL;
        if (!copy) {
            ret = -ENOMEM;
        } else {
            ecat_memcpy(copy, data, size);
            s->index = (uint16_t)vb_get(c, ECA_SC_SDO_F_INDEX);
            s->complete_access = vb_get(c, ECA_SC_SDO_F_COMPLETE_ACCESS) ? 1 : 0;
            s->subindex = s->complete_access ? 0 : (uint8_t)vb_get(c, ECA_SC_SDO_F_SUBINDEX);
            s->size = (uint32_t)size;
            s->data = copy;
            struct vb_sdo_cfg **tail = &sc->sdos;
            while (*tail)
                tail = &(*tail)->next;
            *tail = s;
            sc->sdo_count++;
        }
    }
    ecat_port_free(data);
    return ret;
}

long vb_ioctl_sc_emerg(struct vb_call *c)
{
    struct vb_sc *sc;
    long r = sc_arg(c, ECA_SC_EMERG_F_CONFIG_INDEX, &sc);
    if (r)
        return r;
    switch (c->req) {
    case ECA_REQ_SC_EMERG_SIZE: {
        uint64_t n = vb_get(c, ECA_SC_EMERG_F_SIZE);
        if (n * VB_EMERG_MSG > VB_KMALLOC_MAX)
            return -ENOMEM;
        uint8_t *ring = n ? ecat_port_zalloc(n * VB_EMERG_MSG) : NULL;
        if (n && !ring)
            return -ENOMEM;
        if (sc->emerg)
            ecat_port_free(sc->emerg);
        sc->emerg = ring;
        sc->emerg_size = (unsigned)n;
        sc->emerg_read = sc->emerg_write = 0;
        return 0;
    }
    case ECA_REQ_SC_EMERG_POP:
        if (sc->emerg_read == sc->emerg_write)
            return -ENOENT; /* nothing in the ring */
        if (ecat_port_copy_to_user(vb_uptr(c, ECA_SC_EMERG_F_TARGET), sc->emerg + VB_EMERG_MSG * sc->emerg_read,
                                   VB_EMERG_MSG))
            return -EFAULT;
        sc->emerg_read = (sc->emerg_read + 1) % sc->emerg_size;
        return 0;
    case ECA_REQ_SC_EMERG_CLEAR:
        sc->emerg_read = sc->emerg_write = 0;
        sc->emerg_overruns = 0;
        return 0;
    default: /* OVERRUNS */
        vb_set(c, ECA_SC_EMERG_F_OVERRUNS, (uint64_t)(int64_t)sc->emerg_overruns);
        return vb_arg_out(c);
    }
}

long vb_ioctl_sc_state(struct vb_call *c)
{
    struct vb_sc *sc;
    long r = sc_arg(c, ECA_SC_STATE_F_CONFIG_INDEX, &sc);
    if (r)
        return r;
    const struct eca_layout *l = c->vb->abi->layouts[ECA_ST_SLAVE_CONFIG_STATE_DATA];
    uint8_t st[8] = {0};
    const struct vb_slave *s = sc->slave;
    if (s && !s->lost && s->position < c->vb->master_slaves) { /* the master knows it now */
        eca_put(st, l, ECA_SLAVE_CONFIG_STATE_DATA_F_ONLINE, 0, 0, 1);
        eca_put(st, l, ECA_SLAVE_CONFIG_STATE_DATA_F_OPERATIONAL, 0, 0,
                s->current_state == VB_AL_OP && !s->force_config);
        eca_put(st, l, ECA_SLAVE_CONFIG_STATE_DATA_F_AL_STATE, 0, 0, s->current_state & 0x0f);
    }
    return ecat_port_copy_to_user(vb_uptr(c, ECA_SC_STATE_F_STATE), st, l->size);
}

long vb_ioctl_sc_idn(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    uint64_t size = vb_get(c, ECA_SC_IDN_F_SIZE);
    if (!size)
        return -EINVAL;
    if (size > VB_KMALLOC_MAX)
        return -ENOMEM;
    uint8_t *data = ecat_port_zalloc(size);
    if (!data)
        return -ENOMEM;
    long ret = 0;
    struct vb_sc *sc = NULL;
    uint64_t drive = vb_get(c, ECA_SC_IDN_F_DRIVE_NO), state = vb_get(c, ECA_SC_IDN_F_AL_STATE);
    if (ecat_port_copy_from_user(data, vb_uptr(c, ECA_SC_IDN_F_DATA), size))
        ret = -EFAULT;
    else if (!(sc = vb_config_get(c->vb, vb_get(c, ECA_SC_IDN_F_CONFIG_INDEX))))
        ret = -ENOENT;
    else if (drive > 7 || (state != VB_AL_PREOP && state != VB_AL_SAFEOP))
        ret = -EINVAL;
    if (!ret) {
        struct vb_idn_cfg *i = vb_arena_alloc(&sc->arena, sizeof *i);
        uint8_t *copy = i ? vb_arena_alloc(&sc->arena, size) : NULL;
        if (!copy) {
            ret = -ENOMEM;
        } else {
            ecat_memcpy(copy, data, size);
            i->drive_no = (uint8_t)drive;
            i->idn = (uint16_t)vb_get(c, ECA_SC_IDN_F_IDN);
            i->al_state = (uint8_t)state;
            i->size = (uint32_t)size;
            i->data = copy;
            struct vb_idn_cfg **tail = &sc->idns;
            while (*tail)
                tail = &(*tail)->next;
            *tail = i;
            sc->idn_count++;
        }
    }
    ecat_port_free(data);
    return ret;
}

long vb_ioctl_sc_flag(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    uint64_t n = vb_get(c, ECA_SC_FLAG_F_KEY_SIZE);
    if (!n)
        return -EINVAL;
    if (n > VB_KMALLOC_MAX)
        return -ENOMEM;
    char *key = ecat_port_zalloc(n + 1);
    if (!key)
        return -ENOMEM;
    long ret = 0;
    struct vb_sc *sc = NULL;
    if (ecat_port_copy_from_user(key, vb_uptr(c, ECA_SC_FLAG_F_KEY), n))
        ret = -EFAULT;
    else if (!(sc = vb_config_get(c->vb, vb_get(c, ECA_SC_FLAG_F_CONFIG_INDEX))))
        ret = -ENOENT;
    if (!ret) {
        int32_t value = (int32_t)vb_get(c, ECA_SC_FLAG_F_VALUE);
        struct vb_flag_cfg *f = sc->flags, **tail = &sc->flags;
        for (; f; tail = &f->next, f = f->next)
            if (str_eq(f->key, key))
                break;
        if (f) {
            f->value = value; /* the same key again overwrites the value */
        } else if (!(f = vb_arena_alloc(&sc->arena, sizeof *f)) ||
                   !(f->key = vb_arena_strndup(&sc->arena, (const uint8_t *)key, vb_strlen(key)))) {
            ret = -ENOMEM;
        } else {
            f->value = value;
            *tail = f;
            sc->flag_count++;
        }
    }
    ecat_port_free(key);
    return ret;
}

static int valid_al(uint64_t st)
{
    return st == VB_AL_INIT || st == VB_AL_PREOP || st == VB_AL_SAFEOP || st == VB_AL_OP;
}

long vb_ioctl_sc_state_timeout(struct vb_call *c)
{
    struct vb_sc *sc;
    long r = sc_arg(c, ECA_SC_STATE_TIMEOUT_F_CONFIG_INDEX, &sc);
    if (r)
        return r;
    uint64_t from = vb_get(c, ECA_SC_STATE_TIMEOUT_F_FROM_STATE), to = vb_get(c, ECA_SC_STATE_TIMEOUT_F_TO_STATE);
    uint32_t ms = (uint32_t)vb_get(c, ECA_SC_STATE_TIMEOUT_F_TIMEOUT_MS);
    if (!valid_al(from) || !valid_al(to))
        return -EINVAL;
    struct vb_al_timeout **link = &sc->timeouts;
    for (struct vb_al_timeout *t = *link; t; link = &t->next, t = t->next)
        if (t->from == from && t->to == to) {
            if (!ms)
                *link = t->next; /* 0 drops the setting */
            else
                t->ms = ms;
            return 0;
        }
    if (!ms)
        return 0;
    struct vb_al_timeout *t = vb_arena_alloc(&sc->arena, sizeof *t);
    if (!t)
        return -ENOMEM;
    t->from = (uint8_t)from;
    t->to = (uint8_t)to;
    t->ms = ms;
    *link = t;
    return 0;
}

/* ---- CONFIG* lookups ---- */

static long lookup_arg(struct vb_call *c, unsigned field, struct vb_sc **sc)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    *sc = vb_config_get(c->vb, vb_get(c, field));
    return *sc ? 0 : -EINVAL;
}

long vb_ioctl_config(struct vb_call *c)
{
    struct vb_sc *sc;
    long r = lookup_arg(c, ECA_CONFIG_F_CONFIG_INDEX, &sc);
    if (r)
        return r;
    vb_set(c, ECA_CONFIG_F_ALIAS, sc->alias);
    vb_set(c, ECA_CONFIG_F_POSITION, sc->position);
    vb_set(c, ECA_CONFIG_F_VENDOR_ID, sc->vendor_id);
    vb_set(c, ECA_CONFIG_F_PRODUCT_CODE, sc->product_code);
    for (unsigned i = 0; i < VB_MAX_SYNCS; i++) {
        eca_put(c->buf, c->l, ECA_CONFIG_F_SYNCS_DIR, i, 0, sc->syncs[i].dir);
        eca_put(c->buf, c->l, ECA_CONFIG_F_SYNCS_WATCHDOG_MODE, i, 0, sc->syncs[i].watchdog_mode);
        eca_put(c->buf, c->l, ECA_CONFIG_F_SYNCS_PDO_COUNT, i, 0, sc->syncs[i].pdo_count);
    }
    vb_set(c, ECA_CONFIG_F_WATCHDOG_DIVIDER, sc->watchdog_divider);
    vb_set(c, ECA_CONFIG_F_WATCHDOG_INTERVALS, sc->watchdog_intervals);
    vb_set(c, ECA_CONFIG_F_SDO_COUNT, sc->sdo_count);
    vb_set(c, ECA_CONFIG_F_IDN_COUNT, sc->idn_count);
    vb_set(c, ECA_CONFIG_F_FLAG_COUNT, sc->flag_count);
    vb_set(c, ECA_CONFIG_F_SLAVE_POSITION, sc->slave ? sc->slave->position : (uint64_t)(int64_t)-1);
    vb_set(c, ECA_CONFIG_F_DC_ASSIGN_ACTIVATE, sc->dc_assign_activate);
    for (unsigned i = 0; i < 2; i++)
        eca_put(c->buf, c->l, ECA_CONFIG_F_DC_SYNC, 0, i,
                sc->dc_cycle[i] | ((uint64_t)(uint32_t)sc->dc_shift[i] << 32));
    return vb_arg_out(c);
}

static const struct vb_cfg_pdo *pdo_at(const struct vb_sc *sc, uint64_t sync, uint64_t pos)
{
    const struct vb_cfg_pdo *p = sc->syncs[sync].pdos;
    while (p && pos--)
        p = p->next;
    return p;
}

long vb_ioctl_config_pdo(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    uint64_t sync = vb_get(c, ECA_CONFIG_PDO_F_SYNC_INDEX);
    if (sync >= VB_MAX_SYNCS)
        return -EINVAL;
    struct vb_sc *sc = vb_config_get(c->vb, vb_get(c, ECA_CONFIG_PDO_F_CONFIG_INDEX));
    const struct vb_cfg_pdo *p = sc ? pdo_at(sc, sync, vb_get(c, ECA_CONFIG_PDO_F_PDO_POS)) : NULL;
    if (!p)
        return -EINVAL;
    vb_set(c, ECA_CONFIG_PDO_F_INDEX, p->index);
    vb_set(c, ECA_CONFIG_PDO_F_ENTRY_COUNT, p->entry_count);
    vb_set_str(c, ECA_CONFIG_PDO_F_NAME, 0, p->name);
    return vb_arg_out(c);
}

long vb_ioctl_config_pdo_entry(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    uint64_t sync = vb_get(c, ECA_CONFIG_PDO_ENTRY_F_SYNC_INDEX);
    if (sync >= VB_MAX_SYNCS)
        return -EINVAL;
    struct vb_sc *sc = vb_config_get(c->vb, vb_get(c, ECA_CONFIG_PDO_ENTRY_F_CONFIG_INDEX));
    const struct vb_cfg_pdo *p = sc ? pdo_at(sc, sync, vb_get(c, ECA_CONFIG_PDO_ENTRY_F_PDO_POS)) : NULL;
    if (!p)
        return -EINVAL;
    const struct vb_cfg_entry *e = p->entries;
    for (uint64_t pos = vb_get(c, ECA_CONFIG_PDO_ENTRY_F_ENTRY_POS); e && pos; pos--)
        e = e->next;
    if (!e)
        return -EINVAL;
    vb_set(c, ECA_CONFIG_PDO_ENTRY_F_INDEX, e->index);
    vb_set(c, ECA_CONFIG_PDO_ENTRY_F_SUBINDEX, e->subindex);
    vb_set(c, ECA_CONFIG_PDO_ENTRY_F_BIT_LENGTH, e->bit_length);
    vb_set_str(c, ECA_CONFIG_PDO_ENTRY_F_NAME, 0, e->name);
    return vb_arg_out(c);
}

long vb_ioctl_config_sdo(struct vb_call *c)
{
    struct vb_sc *sc;
    long r = lookup_arg(c, ECA_CONFIG_SDO_F_CONFIG_INDEX, &sc);
    if (r)
        return r;
    const struct vb_sdo_cfg *s = sc->sdos;
    for (uint64_t pos = vb_get(c, ECA_CONFIG_SDO_F_SDO_POS); s && pos; pos--)
        s = s->next;
    if (!s)
        return -EINVAL;
    vb_set(c, ECA_CONFIG_SDO_F_INDEX, s->index);
    vb_set(c, ECA_CONFIG_SDO_F_SUBINDEX, s->subindex);
    vb_set(c, ECA_CONFIG_SDO_F_SIZE, s->size);
    vb_set(c, ECA_CONFIG_SDO_F_COMPLETE_ACCESS, s->complete_access);
    uint8_t *d = eca_ptr(c->buf, c->l, ECA_CONFIG_SDO_F_DATA, 0);
    unsigned cap = eca_size(c->l, ECA_CONFIG_SDO_F_DATA);
    if (d)
        ecat_memcpy(d, s->data, s->size < cap ? s->size : cap);
    return vb_arg_out(c);
}

long vb_ioctl_config_idn(struct vb_call *c)
{
    struct vb_sc *sc;
    long r = lookup_arg(c, ECA_CONFIG_IDN_F_CONFIG_INDEX, &sc);
    if (r)
        return r;
    const struct vb_idn_cfg *i = sc->idns;
    for (uint64_t pos = vb_get(c, ECA_CONFIG_IDN_F_IDN_POS); i && pos; pos--)
        i = i->next;
    if (!i)
        return -EINVAL;
    vb_set(c, ECA_CONFIG_IDN_F_DRIVE_NO, i->drive_no);
    vb_set(c, ECA_CONFIG_IDN_F_IDN, i->idn);
    vb_set(c, ECA_CONFIG_IDN_F_STATE, i->al_state);
    vb_set(c, ECA_CONFIG_IDN_F_SIZE, i->size);
    uint8_t *d = eca_ptr(c->buf, c->l, ECA_CONFIG_IDN_F_DATA, 0);
    unsigned cap = eca_size(c->l, ECA_CONFIG_IDN_F_DATA);
    if (d)
        ecat_memcpy(d, i->data, i->size < cap ? i->size : cap);
    return vb_arg_out(c);
}

long vb_ioctl_config_flag(struct vb_call *c)
{
    struct vb_sc *sc;
    long r = lookup_arg(c, ECA_CONFIG_FLAG_F_CONFIG_INDEX, &sc);
    if (r)
        return r;
    const struct vb_flag_cfg *f = sc->flags;
    for (uint64_t pos = vb_get(c, ECA_CONFIG_FLAG_F_FLAG_POS); f && pos; pos--)
        f = f->next;
    if (!f)
        return -EINVAL;
    vb_set_str(c, ECA_CONFIG_FLAG_F_KEY, 0, f->key);
    vb_set(c, ECA_CONFIG_FLAG_F_VALUE, (uint64_t)(int64_t)f->value);
    return vb_arg_out(c);
}
