/* SPDX-License-Identifier: MIT */
/*
 * The slave side of the EtherCAT state machine: what a slave does when its AL control
 * register is written. Valid transitions and AL status codes follow ETG.1000.6; a refused
 * request leaves the slave in its state with the error indication set and the code in
 * register 0x0134 until the master acknowledges (AL control bit 4).
 */
#include "vb_esc.h"
#include "vb_mbox.h"
#include "vb_pd.h"

#define AL_CODE_INVALID_CHANGE 0x0011
#define AL_CODE_UNKNOWN_STATE 0x0012
#define AL_CODE_NO_BOOTSTRAP 0x0013
#define AL_CODE_BOOT_MAILBOX 0x0015
#define AL_CODE_MAILBOX 0x0016

#define AL_CONTROL_ACK 0x10

static int known_state(uint8_t st)
{
    return st == VB_AL_INIT || st == VB_AL_PREOP || st == VB_AL_BOOT || st == VB_AL_SAFEOP || st == VB_AL_OP;
}

/* Allowed target states from each state (ETG.1000.6 state transition table). */
static int transition_allowed(uint8_t from, uint8_t to)
{
    if (to == VB_AL_INIT || to == from)
        return 1;
    switch (from) {
    case VB_AL_INIT: return to == VB_AL_PREOP || to == VB_AL_BOOT;
    case VB_AL_PREOP: return to == VB_AL_SAFEOP;
    case VB_AL_SAFEOP: return to == VB_AL_PREOP || to == VB_AL_OP;
    case VB_AL_OP: return to == VB_AL_PREOP || to == VB_AL_SAFEOP;
    default: return 0; /* BOOT goes back to INIT only */
    }
}

/* Sync manager `n` set up as a mailbox: enabled with a non-zero length. */
static int mailbox_sm_ok(const struct vb_slave *s, unsigned n)
{
    const uint8_t *sm = s->regs + ESC_SM + 8 * n;
    return (sm[6] & 0x01) && vb_le16(sm + 2) != 0;
}

static uint16_t eeprom_word(const struct vb_slave *s, unsigned w)
{
    return w < s->eeprom_words ? vb_le16(s->eeprom + 2 * w) : 0xffff;
}

/* 0 when the slave accepts `to` from `from`, else the AL status code it refuses with. */
static uint16_t check_transition(const struct vb_slave *s, uint8_t from, uint8_t to)
{
    if (!known_state(to))
        return AL_CODE_UNKNOWN_STATE;
    if (to == VB_AL_BOOT && from == VB_AL_INIT) {
        uint16_t rx = eeprom_word(s, 0x15), tx = eeprom_word(s, 0x17);
        if (!rx || !tx || rx == 0xffff || tx == 0xffff)
            return AL_CODE_NO_BOOTSTRAP;
        if (!mailbox_sm_ok(s, 0) || !mailbox_sm_ok(s, 1))
            return AL_CODE_BOOT_MAILBOX;
    }
    if (!transition_allowed(from, to))
        return AL_CODE_INVALID_CHANGE;
    if (to == VB_AL_PREOP && from == VB_AL_INIT && s->fw_protocols) {
        if (!mailbox_sm_ok(s, 0) || !mailbox_sm_ok(s, 1))
            return AL_CODE_MAILBOX;
    }
    return 0;
}

void vb_esm_control(struct vb_slave *s, uint16_t control)
{
    uint8_t status = vb_esc_al_status(s);
    uint8_t state = status & VB_AL_STATE_MASK;
    uint8_t req = control & VB_AL_STATE_MASK;

    if ((status & VB_AL_ERR) && !(control & AL_CONTROL_ACK))
        return; /* an indicated error must be acknowledged before anything else */
    s->pending_op = 0; /* a new request replaces one that waited for outputs */
    uint16_t code = check_transition(s, state, req);
    if (!code && req == VB_AL_SAFEOP && state == VB_AL_PREOP)
        code = vb_pd_enter_safeop(s); /* the firmware checks its process data configuration */
    if (code) {
        /* refused: stay, indicate the error; the code stays readable in 0x0134 */
        vb_esc_set_al(s, (uint8_t)(state | VB_AL_ERR), code);
        return;
    }
    if (req == VB_AL_INIT && state != VB_AL_INIT)
        vb_mbox_slave_reset(s); /* leaving the mailbox states drops pending mailbox work */
    if (req == VB_AL_OP && state == VB_AL_SAFEOP && !vb_pd_enter_op(s)) {
        s->regs[ESC_AL_STATUS] = state; /* waits for valid outputs (or the next request) */
        return;
    }
    /* a successful change keeps the last code, so it can still be read after the ack */
    s->regs[ESC_AL_STATUS] = req;
    if (req != state)
        vb_pd_state_changed(s, req);
}
