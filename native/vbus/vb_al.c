/* SPDX-License-Identifier: MIT */
/*
 * Master side of AL state handling (see vb_master.h). All slave access goes through
 * datagrams, so what the master believes is what the slave's registers said.
 */
#include "vb_master.h"
#include "vb_dgram.h"
#include "vb_esc.h"
#include "vb_mbox.h"
#include "vb_app.h"
#include "vb_pd.h"

#define SM_PAGE 8
#define SM_CONTROL_MBOX_WRITE 0x26 /* mailbox mode, ECAT writes, IRQ: IgH's default for SM0 */
#define SM_CONTROL_MBOX_READ 0x22  /* mailbox mode, ECAT reads, IRQ: SM1 */

static int read_status(struct vbus *vb, struct vb_slave *s)
{
    uint8_t st[2];
    if (!vb_dg_read(vb, s, ESC_AL_STATUS, st, 2))
        return -1;
    s->current_state = st[0];
    return 0;
}

/* Read the AL status code and acknowledge the indicated error (IgH's CODE and ACK steps). */
int vb_al_acknowledge(struct vbus *vb, struct vb_slave *s)
{
    uint8_t code[2], ctl[2] = {s->current_state, 0};
    if (vb_dg_read(vb, s, ESC_AL_STATUS_CODE, code, 2))
        s->al_status_code = vb_le16(code);
    if (!vb_dg_write(vb, s, ESC_AL_CONTROL, ctl, 2) || read_status(vb, s))
        return -1;
    return (s->current_state & VB_AL_ERR) ? -1 : 0;
}

int vb_al_change(struct vbus *vb, struct vb_slave *s, uint8_t state)
{
    uint8_t old = s->current_state;
    uint8_t ctl[2] = {state, 0};
    if (!vb_dg_write(vb, s, ESC_AL_CONTROL, ctl, 2))
        return -1; /* IgH retries for 3 s, then gives up */
    if (read_status(vb, s))
        return -1;
    if (s->current_state == state)
        return 0;
    if (s->current_state != old) {
        /* the slave refused: flag it, fetch the code, acknowledge; the change failed */
        s->error_flag = 1;
        vb_al_acknowledge(vb, s);
        return -1;
    }
    return -1; /* no reaction: IgH times out */
}

void vb_al_sm_page(uint8_t *p, uint16_t start, uint16_t length, uint8_t control, uint8_t enable)
{
    vb_put16(p, start);
    vb_put16(p + 2, length);
    p[4] = control;
    p[5] = 0;
    p[6] = (uint8_t)(enable && length ? 0x01 : 0x00);
    p[7] = 0;
}

/* Zero `n` bytes of registers at `addr` (FMMU and sync manager clearing). */
int vb_al_clear_regs(struct vbus *vb, struct vb_slave *s, uint16_t addr, size_t n)
{
    uint8_t zero[16 * 16]; /* 16 FMMU pages of 16 bytes, or 16 sync manager pages */
    ecat_memset(zero, 0, sizeof zero);
    return vb_dg_write(vb, s, addr, zero, n) ? 0 : -1;
}

int vb_al_config_mailbox(struct vbus *vb, struct vb_slave *s)
{
    const struct vb_sii_info *i = &s->sii;
    uint8_t pages[2 * SM_PAGE];
    size_t n = 2 * SM_PAGE;
    if (s->requested_state == VB_AL_BOOT) {
        vb_al_sm_page(pages, i->boot_rx_mailbox_offset, i->boot_rx_mailbox_size, SM_CONTROL_MBOX_WRITE, 1);
        vb_al_sm_page(pages + SM_PAGE, i->boot_tx_mailbox_offset, i->boot_tx_mailbox_size, SM_CONTROL_MBOX_READ, 1);
    } else if (i->sync_count >= 2) {
        for (unsigned k = 0; k < 2; k++)
            vb_al_sm_page(pages + k * SM_PAGE, i->syncs[k].physical_start_address, i->syncs[k].default_length,
                    i->syncs[k].control_register, i->syncs[k].enable);
    } else {
        vb_al_sm_page(pages, i->std_rx_mailbox_offset, i->std_rx_mailbox_size, SM_CONTROL_MBOX_WRITE, 1);
        vb_al_sm_page(pages + SM_PAGE, i->std_tx_mailbox_offset, i->std_tx_mailbox_size, SM_CONTROL_MBOX_READ, 1);
    }
    if (s->requested_state != VB_AL_BOOT && i->sync_count > 2) {
        /* IgH writes every SII sync manager page, the ones after the mailboxes zeroed */
        if (vb_al_clear_regs(vb, s, (uint16_t)(ESC_SM + 2 * SM_PAGE), (size_t)(i->sync_count - 2) * SM_PAGE))
            return -1;
    }
    if (!vb_dg_write(vb, s, ESC_SM, pages, n))
        return -1;
    s->cfg_rx_offset = vb_le16(pages);
    s->cfg_rx_size = vb_le16(pages + 2);
    s->cfg_tx_offset = vb_le16(pages + SM_PAGE);
    s->cfg_tx_size = vb_le16(pages + SM_PAGE + 2);
    return 0;
}

/* Process data sync managers with their SII defaults (IgH without a slave config). */
static int config_pdo_syncs(struct vbus *vb, struct vb_slave *s)
{
    const struct vb_sii_info *i = &s->sii;
    unsigned first = i->mailbox_protocols ? 2 : 0;
    for (unsigned k = first; k < i->sync_count; k++) {
        uint8_t page[SM_PAGE];
        const struct vb_sync *sy = &i->syncs[k];
        vb_al_sm_page(page, sy->physical_start_address, sy->default_length, sy->control_register, sy->enable);
        if (!vb_dg_write(vb, s, (uint16_t)(ESC_SM + k * SM_PAGE), page, SM_PAGE))
            return -1;
    }
    return 0;
}

static int known_state(uint8_t st)
{
    return st == VB_AL_INIT || st == VB_AL_PREOP || st == VB_AL_BOOT || st == VB_AL_SAFEOP || st == VB_AL_OP;
}

int vb_al_configure(struct vbus *vb, struct vb_slave *s)
{
    uint8_t req = s->requested_state;
    if (vb_al_change(vb, s, VB_AL_INIT))
        goto fail;
    if (s->base_fmmu_count && vb_al_clear_regs(vb, s, ESC_FMMU, (size_t)s->base_fmmu_count * 16u))
        goto fail;
    if (s->base_sync_count && vb_al_clear_regs(vb, s, ESC_SM, (size_t)s->base_sync_count * SM_PAGE))
        goto fail;
    if (s->dc_supported && s->has_dc_system_time) {
        uint8_t zero[2] = {0, 0};
        vb_dg_write(vb, s, 0x0980, zero, 2); /* simple slaves may not acknowledge this */
    }
    s->cfg_rx_offset = s->cfg_rx_size = s->cfg_tx_offset = s->cfg_tx_size = 0;
    if (s->current_state == req)
        return 0;
    if (s->sii.mailbox_protocols && vb_al_config_mailbox(vb, s))
        goto fail;
    if (!known_state(req)) {
        /* IgH would keep walking up and retry forever; asking for the state itself lets the
         * slave refuse it with "unknown requested state" and ends the attempt */
        vb_al_change(vb, s, req);
        goto fail;
    }
    if (vb_al_change(vb, s, req == VB_AL_BOOT ? VB_AL_BOOT : VB_AL_PREOP))
        goto fail;
    if (s->current_state == req)
        return 0;
    if (config_pdo_syncs(vb, s) || vb_al_change(vb, s, VB_AL_SAFEOP))
        goto fail;
    if (s->current_state == req)
        return 0;
    if (vb_al_change(vb, s, VB_AL_OP))
        goto fail;
    return 0;
fail:
    s->error_flag = 1;
    return -1;
}

void vb_al_request(struct vbus *vb, struct vb_slave *s, uint8_t state)
{
    s->requested_state = state;
    s->error_flag = 0;
    vb_idle_pass(vb);
}

/* Read the slave's AL status without counting a frame: the idle thread's own traffic is
 * already in the master's frame statistics. */
static int poll_state(const struct vbus *vb, struct vb_slave *s)
{
    uint8_t st[2];
    if (!vb_link_ok(vb) || !vb_esc_read(s, ESC_AL_STATUS, st, 2))
        return -1;
    s->current_state = st[0];
    return 0;
}

void vb_idle_pass(struct vbus *vb)
{
    if (vb->active)
        return; /* the operation phase: the master runs in the application's cycle */
    vb_bus_time(vb, 0);
    vb_pd_tick(vb);
    if (vb->busy_head)
        vb_jobs_finish_idle(vb); /* requests of configurations, done by the idle thread */
    if (!vb_link_ok(vb))
        return;
    for (unsigned i = 0; i < vb->slave_count; i++) {
        struct vb_slave *s = &vb->slaves[i];
        if (!s->scanned) {
            if (!s->lost)
                vb_scan_slave(vb, s); /* came back: IgH's rescan finds it again */
            else
                continue;
        }
        if (poll_state(vb, s)) {
            s->error_flag = 1; /* did not answer the state query */
            continue;
        }
        if (s->error_flag)
            continue;
        if ((s->current_state & VB_AL_ERR) && vb_al_acknowledge(vb, s)) {
            s->error_flag = 1;
            continue;
        }
        if ((s->current_state != s->requested_state || s->force_config) && !vb_al_configure(vb, s))
            s->force_config = 0;
    }
}

unsigned vb_slaves_responding(const struct vbus *vb)
{
    if (!vb_link_ok(vb))
        return 0;
    unsigned n = 0;
    for (unsigned i = 0; i < vb->slave_count; i++)
        n += !vb->slaves[i].lost;
    return n;
}

uint8_t vb_al_states(const struct vbus *vb)
{
    uint8_t v = 0;
    if (!vb_link_ok(vb))
        return 0;
    for (unsigned i = 0; i < vb->slave_count; i++)
        if (!vb->slaves[i].lost)
            v |= vb_esc_al_status(&vb->slaves[i]);
    return v;
}
