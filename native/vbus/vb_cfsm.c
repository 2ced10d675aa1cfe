/* SPDX-License-Identifier: MIT */
/*
 * The slave configuration walk of the operation phase, one step per SEND, in the order of
 * IgH's slave configuration state machine:
 *   INIT; clear FMMUs, sync managers and the DC activation; mailbox sync managers; PREOP
 *   (or BOOT); startup SDOs in order (CoE); IDN configurations (SoE, which no virtual
 *   slave serves: the configuration fails); the PDO configuration through CoE where the
 *   slave supports it: per sync manager the mapping of each PDO that differs from the
 *   slave's (PDO:0 = 0, the entries, PDO:0 = n), then the assignment if it differs
 *   (0x1C1n likewise), remap before assign; the SM watchdog (0x0400 divider, 0x0420
 *   time); the process data sync managers (size from the configuration's PDOs, direction
 *   and watchdog mode from the configuration); the FMMUs; DC (system time offset and
 *   delay, cycle times, a wait until the system time difference is below 10 us or 5 s
 *   passed, start time = application time + 100 ms aligned to the cycle plus shift,
 *   AssignActivate), or DC off; SAFEOP; OP, polled until the slave reaches it (it waits
 *   for valid outputs) or the transition times out.
 * A failure (refused state, SDO abort, no answer, timeout) sets the slave's error flag,
 * as in IgH; the master leaves such a slave alone until a state request or RESET.
 */
#include "vb_app.h"
#include "vb_dgram.h"
#include "vb_esc.h"
#include "vb_master.h"

#define SM_PAGE 8
#define FMMU_PAGE 16
#define DC_START_OFFSET_NS 100000000ull /* IgH's EC_DC_START_OFFSET */
#define DC_SYNC_DIFF_NS 10000u           /* what the DC check waits for */
#define DC_SYNC_WAIT_NS 5000000000ull
#define AL_TIMEOUT_MS 5000u

enum {
    CS_INIT, CS_CLEAR, CS_MBOX, CS_PREOP, CS_SDO, CS_SOE, CS_PDO, CS_WD, CS_PDSYNC, CS_FMMU, CS_DC, CS_SAFEOP,
    CS_OP, CS_OP_WAIT
};

struct vb_pdo_write {
    uint16_t index;
    uint8_t subindex;
    uint8_t size;
    uint32_t value;
};

void vb_cfsm_start(struct vbus *vb, struct vb_slave *s)
{
    struct vb_cfsm *c = &vb->opm->cfg;
    ecat_memset(c, 0, sizeof *c);
    c->s = s;
    c->stage = CS_INIT;
}

static void drop_writes(struct vb_cfsm *c)
{
    if (c->writes)
        ecat_port_free(c->writes);
    c->writes = NULL;
    c->write_count = 0;
}

void vb_cfsm_abort(struct vbus *vb)
{
    struct vb_cfsm *c = &vb->opm->cfg;
    drop_writes(c);
    c->s = NULL;
}

static int fail(struct vbus *vb)
{
    struct vb_cfsm *c = &vb->opm->cfg;
    c->s->error_flag = 1;
    vb_cfsm_abort(vb);
    return 0;
}

static int done(struct vbus *vb)
{
    struct vb_cfsm *c = &vb->opm->cfg;
    c->s->force_config = 0;
    vb_cfsm_abort(vb);
    return 0;
}

static int next(struct vb_cfsm *c, uint8_t stage)
{
    c->stage = stage;
    c->sub = 0;
    c->pos = 0;
    return 1;
}

/* ---- the PDO configuration as a list of downloads ---- */

static const struct vb_pdo *slave_pdo(const struct vb_slave *s, uint16_t index)
{
    for (unsigned k = 0; k < s->sii.sync_count; k++)
        for (const struct vb_pdo *p = s->sii.syncs[k].pdos; p; p = p->next)
            if (p->index == index)
                return p;
    return NULL;
}

static int same_mapping(const struct vb_cfg_pdo *c, const struct vb_pdo *p)
{
    if (!p || p->entry_count != c->entry_count)
        return 0;
    unsigned i = 0;
    for (const struct vb_cfg_entry *e = c->entries; e; e = e->next, i++)
        if (e->index != p->entries[i].index || e->subindex != p->entries[i].subindex ||
            e->bit_length != p->entries[i].bit_length)
            return 0;
    return 1;
}

static int same_assignment(const struct vb_sync_cfg *c, const struct vb_sync *y)
{
    const struct vb_cfg_pdo *a = c->pdos;
    const struct vb_pdo *b = y->pdos;
    for (; a && b; a = a->next, b = b->next)
        if (a->index != b->index)
            return 0;
    return !a && !b;
}

static void put(struct vb_pdo_write *w, unsigned *n, uint16_t index, uint8_t sub, uint8_t size, uint32_t value)
{
    if (w) {
        w[*n].index = index;
        w[*n].subindex = sub;
        w[*n].size = size;
        w[*n].value = value;
    }
    (*n)++;
}

/* Every download the PDO configuration needs, in IgH's order (remap before assign). */
static unsigned plan_pdos(const struct vb_slave *s, const struct vb_sc *sc, struct vb_pdo_write *w)
{
    unsigned n = 0;
    uint8_t details = s->sii.has_general ? s->sii.coe_details : 0;
    for (unsigned k = 0; k < s->sii.sync_count && k < VB_MAX_SYNCS; k++) {
        const struct vb_sync_cfg *cs = &sc->syncs[k];
        if (details & VB_COE_PDO_CONFIG)
            for (const struct vb_cfg_pdo *p = cs->pdos; p; p = p->next) {
                if (!p->entries || same_mapping(p, slave_pdo(s, p->index)))
                    continue; /* no mapping configured (IgH reads it), or already so */
                put(w, &n, p->index, 0, 1, 0);
                unsigned i = 1;
                for (const struct vb_cfg_entry *e = p->entries; e; e = e->next, i++)
                    put(w, &n, p->index, (uint8_t)i, 4,
                        (uint32_t)e->index << 16 | (uint32_t)e->subindex << 8 | e->bit_length);
                put(w, &n, p->index, 0, 1, p->entry_count);
            }
        if ((details & VB_COE_PDO_ASSIGN) && !same_assignment(cs, &s->sii.syncs[k])) {
            uint16_t obj = (uint16_t)(0x1c10 + k);
            put(w, &n, obj, 0, 1, 0);
            unsigned i = 1;
            for (const struct vb_cfg_pdo *p = cs->pdos; p; p = p->next, i++)
                put(w, &n, obj, (uint8_t)i, 2, p->index);
            put(w, &n, obj, 0, 1, cs->pdo_count);
        }
    }
    return n;
}

/* After the PDO configuration: the master knows the slave's PDOs as configured. */
static void adopt_pdos(struct vb_slave *s, const struct vb_sc *sc)
{
    for (unsigned k = 0; k < s->sii.sync_count && k < VB_MAX_SYNCS; k++) {
        struct vb_pdo *head = NULL, **tail = &head;
        for (const struct vb_cfg_pdo *c = sc->syncs[k].pdos; c; c = c->next) {
            struct vb_pdo *p = vb_arena_alloc(&s->info_arena, sizeof *p);
            if (!p)
                return;
            const struct vb_pdo *old = slave_pdo(s, c->index);
            p->index = c->index;
            p->sync_index = (int8_t)k;
            p->dir = sc->syncs[k].dir;
            p->name = old ? old->name : c->name;
            const struct vb_cfg_pdo *src = c;
            p->entry_count = src->entry_count;
            if (src->entry_count && !(p->entries = vb_arena_alloc(&s->info_arena, src->entry_count * sizeof *p->entries)))
                return;
            unsigned i = 0;
            for (const struct vb_cfg_entry *e = src->entries; e; e = e->next, i++) {
                p->entries[i].index = e->index;
                p->entries[i].subindex = e->subindex;
                p->entries[i].bit_length = e->bit_length;
                p->entries[i].name = e->name;
            }
            if (!src->entry_count && old) { /* the mapping stays the slave's */
                p->entries = old->entries;
                p->entry_count = old->entry_count;
            }
            *tail = p;
            tail = &p->next;
        }
        vb_sii_set_sync_pdos(&s->sii.syncs[k], head);
    }
}

/* ---- the stages ---- */

static int stage_pdsync(struct vbus *vb, struct vb_slave *s, const struct vb_sc *sc)
{
    const struct vb_sii_info *i = &s->sii;
    unsigned first = i->mailbox_protocols ? 2 : 0;
    if (i->sync_count <= first)
        return 0;
    uint8_t pages[VB_MAX_SYNCS * SM_PAGE];
    unsigned n = 0;
    for (unsigned k = first; k < i->sync_count && k < VB_MAX_SYNCS; k++, n++) {
        const struct vb_sync *sy = &i->syncs[k];
        uint16_t size = sy->default_length;
        uint8_t ctl = sy->control_register;
        if (sc) {
            const struct vb_sync_cfg *cs = &sc->syncs[k];
            size = (uint16_t)vb_sync_cfg_size(cs);
            if (cs->dir == VB_DIR_OUTPUT || cs->dir == VB_DIR_INPUT)
                ctl = (uint8_t)((ctl & ~0x0c) | (cs->dir == VB_DIR_OUTPUT ? 0x04 : 0x00));
            if (cs->watchdog_mode == VB_WD_ENABLE)
                ctl |= 0x40;
            else if (cs->watchdog_mode == VB_WD_DISABLE)
                ctl &= (uint8_t)~0x40;
        }
        vb_al_sm_page(pages + SM_PAGE * n, sy->physical_start_address, size, ctl, !(sy->enable & 0x04));
    }
    return vb_dg_write(vb, s, (uint16_t)(ESC_SM + SM_PAGE * first), pages, SM_PAGE * n) ? 0 : -1;
}

static int stage_fmmu(struct vbus *vb, struct vb_slave *s, const struct vb_sc *sc)
{
    if (!sc || !sc->used_fmmus)
        return 0;
    if (sc->used_fmmus > s->base_fmmu_count)
        return -1; /* "slave has less FMMUs than needed" */
    uint8_t pages[VB_MAX_FMMU_CONFIGS * FMMU_PAGE];
    ecat_memset(pages, 0, sizeof pages);
    for (unsigned i = 0; i < sc->used_fmmus; i++) {
        const struct vb_fmmu_cfg *f = &sc->fmmus[i];
        uint8_t *p = pages + FMMU_PAGE * i;
        vb_put32(p, f->logical_start);
        vb_put16(p + 4, (uint16_t)f->data_size);
        p[6] = 0;
        p[7] = 7;
        vb_put16(p + 8, f->sync_index < s->sii.sync_count ? s->sii.syncs[f->sync_index].physical_start_address : 0);
        p[10] = 0;
        p[11] = f->dir == VB_DIR_OUTPUT ? 0x02 : 0x01;
        p[12] = 0x01;
    }
    return vb_dg_write(vb, s, ESC_FMMU, pages, FMMU_PAGE * sc->used_fmmus) ? 0 : -1;
}

/* DC with a configuration that activates it; returns 1 while it runs, 0 done, -1 failed. */
static int stage_dc(struct vbus *vb, struct vb_cfsm *c, struct vb_slave *s, const struct vb_sc *sc)
{
    uint8_t b[8];
    switch (c->sub) {
    case 0: /* system time offset and delay, when the application gave a time */
        c->sub++;
        if (vb->has_app_time && s->has_dc_system_time) {
            uint8_t t[8], off[8];
            if (!vb_dg_read(vb, s, ESC_DC_SYSTEM_TIME, t, 8) || !vb_dg_read(vb, s, ESC_DC_SYSTEM_TIME_OFFSET, off, 8))
                return -1;
            uint64_t now = s->dc_range ? vb_le64(t) : vb_le32(t);
            vb_put64(b, vb_le64(off) + (vb->app_time - now));
            vb_dg_write(vb, s, ESC_DC_SYSTEM_TIME_OFFSET, b, 8);
            vb_put32(b, s->img_transmission_delay);
            vb_dg_write(vb, s, ESC_DC_SYSTEM_TIME_DELAY, b, 4);
        }
        return 1;
    case 1:
        vb_put32(b, sc->dc_cycle[0]);
        vb_put32(b + 4, sc->dc_cycle[1]);
        if (!vb_dg_write(vb, s, 0x09a0, b, 8))
            return -1;
        c->sub++;
        c->since = vb->bus_time;
        return 1;
    case 2: /* wait until the clock is in sync (or give up waiting, with IgH's warning) */
        if (!vb_dg_read(vb, s, 0x092c, b, 4))
            return -1;
        if ((vb_le32(b) & 0x7fffffffu) > DC_SYNC_DIFF_NS && vb->bus_time - c->since < DC_SYNC_WAIT_NS)
            return 1;
        c->sub++;
        return 1;
    case 3: {
        uint64_t start = vb->app_time + DC_START_OFFSET_NS;
        uint64_t cycle = (uint64_t)sc->dc_cycle[0] + sc->dc_cycle[1];
        if (sc->dc_cycle[0] && cycle && vb->has_app_time) {
            uint64_t rem = (start - vb->dc_ref_time) % cycle;
            start = start + cycle - rem + (uint64_t)(int64_t)sc->dc_shift[0];
        }
        vb_put64(b, start);
        if (!vb_dg_write(vb, s, 0x0990, b, 8))
            return -1;
        c->sub++;
        return 1;
    }
    default:
        vb_put16(b, sc->dc_assign_activate);
        return vb_dg_write(vb, s, 0x0980, b, 2) ? 0 : -1;
    }
}

int vb_cfsm_step(struct vbus *vb)
{
    struct vb_cfsm *c = &vb->opm->cfg;
    struct vb_slave *s = c->s;
    if (!s)
        return 0;
    const struct vb_sc *sc = s->config;
    uint8_t req = s->requested_state;
    if (s->lost || !vb_link_ok(vb))
        return fail(vb);
    switch (c->stage) {
    case CS_INIT:
        if (vb_al_change(vb, s, VB_AL_INIT))
            return fail(vb);
        return next(c, CS_CLEAR);
    case CS_CLEAR:
        if (s->base_fmmu_count && vb_al_clear_regs(vb, s, ESC_FMMU, (size_t)s->base_fmmu_count * FMMU_PAGE))
            return fail(vb);
        if (s->base_sync_count && vb_al_clear_regs(vb, s, ESC_SM, (size_t)s->base_sync_count * SM_PAGE))
            return fail(vb);
        if (s->dc_supported && s->has_dc_system_time) {
            uint8_t zero[2] = {0, 0};
            vb_dg_write(vb, s, 0x0980, zero, 2);
        }
        s->cfg_rx_offset = s->cfg_rx_size = s->cfg_tx_offset = s->cfg_tx_size = 0;
        if (req == VB_AL_INIT)
            return done(vb);
        return next(c, CS_MBOX);
    case CS_MBOX:
        if (s->sii.mailbox_protocols && vb_al_config_mailbox(vb, s))
            return fail(vb);
        return next(c, CS_PREOP);
    case CS_PREOP:
        if (req != VB_AL_PREOP && req != VB_AL_BOOT && req != VB_AL_SAFEOP && req != VB_AL_OP) {
            vb_al_change(vb, s, req); /* the slave refuses a state it does not know */
            return fail(vb);
        }
        if (vb_al_change(vb, s, req == VB_AL_BOOT ? VB_AL_BOOT : VB_AL_PREOP))
            return fail(vb);
        if (s->current_state == req)
            return done(vb);
        return next(c, sc && s->sii.mailbox_protocols ? CS_SDO : CS_WD);
    case CS_SDO:
        if (!c->sub) {
            c->sdo = c->pos ? c->sdo->next : sc->sdos;
            if (!c->sdo)
                return next(c, CS_SOE);
            vb_xfer_download(&c->x, c->sdo->index, c->sdo->subindex, c->sdo->complete_access, c->sdo->data,
                             c->sdo->size);
            c->sub = 1;
        }
        if (vb_xfer_step(vb, s, &c->x))
            return 1;
        if (c->x.result)
            return fail(vb); /* "SDO configuration failed" */
        c->sub = 0;
        c->pos++;
        return 1;
    case CS_SOE:
        if (sc->idn_count)
            return fail(vb); /* no virtual slave serves SoE */
        return next(c, CS_PDO);
    case CS_PDO:
        if (!c->sub) {
            if (!(s->sii.mailbox_protocols & VB_MBOX_COE))
                return next(c, CS_WD);
            unsigned n = plan_pdos(s, sc, NULL);
            if (n) {
                c->writes = ecat_port_zalloc(n * sizeof *c->writes);
                if (!c->writes)
                    return fail(vb);
                plan_pdos(s, sc, c->writes);
            }
            c->write_count = n;
            c->sub = 1;
        }
        if (c->sub == 1) {
            if (c->pos >= c->write_count) {
                drop_writes(c);
                uint8_t both = VB_COE_PDO_ASSIGN | VB_COE_PDO_CONFIG;
                if (s->sii.has_general && (s->sii.coe_details & both) == both)
                    adopt_pdos(s, sc); /* what the slave serves now */
                return next(c, CS_WD);
            }
            const struct vb_pdo_write *w = &c->writes[c->pos];
            vb_put32(c->scratch, w->value);
            vb_xfer_download(&c->x, w->index, w->subindex, 0, c->scratch, w->size);
            c->sub = 2;
        }
        if (vb_xfer_step(vb, s, &c->x))
            return 1;
        if (c->x.result)
            return fail(vb); /* e.g. 0x06040041 on a mapping the slave cannot do */
        c->sub = 1;
        c->pos++;
        return 1;
    case CS_WD: {
        uint8_t b[2];
        if (sc && sc->watchdog_divider) {
            vb_put16(b, sc->watchdog_divider);
            if (!vb_dg_write(vb, s, ESC_WD_DIVIDER, b, 2))
                return fail(vb);
        }
        if (sc && sc->watchdog_intervals) {
            vb_put16(b, sc->watchdog_intervals);
            if (!vb_dg_write(vb, s, ESC_WD_TIME_PD, b, 2))
                return fail(vb);
        }
        return next(c, CS_PDSYNC);
    }
    case CS_PDSYNC:
        if (stage_pdsync(vb, s, sc))
            return fail(vb);
        return next(c, CS_FMMU);
    case CS_FMMU:
        if (stage_fmmu(vb, s, sc))
            return fail(vb);
        return next(c, CS_DC);
    case CS_DC: {
        if (sc && sc->dc_assign_activate) {
            int r = stage_dc(vb, c, s, sc);
            if (r < 0)
                return fail(vb);
            if (r)
                return 1;
        } else if (s->dc_supported && s->has_dc_system_time) {
            uint8_t zero[2] = {0, 0};
            vb_dg_write(vb, s, 0x0980, zero, 2); /* DC unused */
        }
        return next(c, CS_SAFEOP);
    }
    case CS_SAFEOP:
        if (vb_al_change(vb, s, VB_AL_SAFEOP))
            return fail(vb); /* refused: the AL status code is in al_status_code */
        if (req == VB_AL_SAFEOP)
            return done(vb);
        return next(c, CS_OP);
    case CS_OP:
        if (!vb_al_change(vb, s, VB_AL_OP))
            return done(vb);
        if (s->error_flag)
            return fail(vb);
        c->since = vb->bus_time; /* the slave waits for valid outputs */
        return next(c, CS_OP_WAIT);
    default: { /* CS_OP_WAIT */
        uint8_t st[2];
        if (!vb_dg_read(vb, s, ESC_AL_STATUS, st, 2))
            return fail(vb);
        s->current_state = st[0];
        if (st[0] == VB_AL_OP)
            return done(vb);
        if (st[0] & VB_AL_ERR) {
            vb_al_acknowledge(vb, s);
            return fail(vb);
        }
        uint32_t ms = vb_al_timeout_ms(sc, VB_AL_SAFEOP, VB_AL_OP);
        if (vb->bus_time - c->since > (uint64_t)(ms ? ms : AL_TIMEOUT_MS) * 1000000u)
            return fail(vb); /* IgH: timeout while waiting for OP */
        return 1;
    }
    }
}
