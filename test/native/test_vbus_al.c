/* SPDX-License-Identifier: MIT */
/*
 * AL state machine: the slave side (every transition of ETG.1000.6's table through AL
 * control writes, refusals with their AL status codes, acknowledge rules) and the master
 * side (SLAVE_STATE walks through INIT and up one state at a time, sets the error flag on
 * a refusal, the idle pass acknowledges and reconfigures), plus the fault hooks.
 */
#include "vbus_test.h"
#include "vbus/vb_esc.h"

static uint16_t al_code(struct vt *t, unsigned pos)
{
    return (uint16_t)vt_reg_u(t, pos, 0x0134, 2);
}

/* Slave side only: write AL control on the physical slave and read back the status. */
static uint8_t esc_control(struct vb_slave *s, uint16_t control)
{
    uint8_t b[2] = {(uint8_t)control, (uint8_t)(control >> 8)};
    CHECK_EQ(vb_esc_write(s, 0x0120, b, 2), 1);
    return vb_esc_al_status(s);
}

static void test_esm_table(void)
{
    struct vt_spec sp[2] = {vt_drive(), vt_drive()};
    sp[1].boot = 1;
    struct vt t;
    vt_make(&t, "1.6", sp, 2);
    struct vb_slave *s = &t.vb->slaves[0], *b = &t.vb->slaves[1];
    /* the master left both in PREOP with mailboxes configured */
    CHECK_EQ(vb_esc_al_status(s), 0x02);
    CHECK_EQ(esc_control(s, 0x08), 0x12); /* PREOP -> OP */
    CHECK_EQ(vb_esc_al_code(s), 0x0011);
    CHECK_EQ(esc_control(s, 0x04), 0x12); /* ignored until acknowledged */
    CHECK_EQ(esc_control(s, 0x12), 0x02); /* ack, stay */
    CHECK_EQ(vb_esc_al_code(s), 0x0011);  /* the code stays readable */
    CHECK_EQ(esc_control(s, 0x03), 0x12); /* PREOP -> BOOT */
    CHECK_EQ(esc_control(s, 0x14), 0x12); /* ack and SAFEOP: the process data SMs are off */
    CHECK_EQ(vb_esc_al_code(s), 0x001D);  /* invalid output configuration */
    /* SM2 outputs at 0x1800 (3 bytes, 0x64) and SM3 inputs at 0x1c00 (4 bytes), as in the SII */
    static const uint8_t pd[16] = {0x00, 0x18, 3, 0, 0x64, 0, 1, 0, 0x00, 0x1c, 4, 0, 0x20, 0, 1, 0};
    CHECK_EQ(vb_esc_write(s, 0x0810, pd, 16), 1);
    CHECK_EQ(esc_control(s, 0x14), 0x04); /* ack and SAFEOP in one write */
    CHECK_EQ(s->pd_active, 1);
    CHECK_EQ(esc_control(s, 0x03), 0x14); /* SAFEOP -> BOOT */
    CHECK_EQ(esc_control(s, 0x18), 0x04); /* ack + OP: a drive waits for valid outputs */
    CHECK_EQ(s->pending_op, 1);
    CHECK_EQ(esc_control(s, 0x04), 0x04); /* a new request replaces the waiting one */
    CHECK_EQ(s->pending_op, 0);
    CHECK_EQ(esc_control(s, 0x02), 0x02); /* SAFEOP -> PREOP */
    CHECK_EQ(s->pd_active, 0);
    CHECK_EQ(esc_control(s, 0x06), 0x12); /* unknown state */
    CHECK_EQ(vb_esc_al_code(s), 0x0012);
    CHECK_EQ(esc_control(s, 0x10), 0x12); /* ack alone asks for state 0: unknown again */
    CHECK_EQ(esc_control(s, 0x12), 0x02);
    CHECK_EQ(esc_control(s, 0x01), 0x01); /* anything -> INIT */
    CHECK_EQ(esc_control(s, 0x04), 0x11); /* INIT -> SAFEOP */
    CHECK_EQ(vb_esc_al_code(s), 0x0011);
    CHECK_EQ(esc_control(s, 0x18), 0x11); /* ack + INIT -> OP */
    CHECK_EQ(esc_control(s, 0x11), 0x01);
    CHECK_EQ(esc_control(s, 0x03), 0x11); /* INIT -> BOOT without bootstrap mailbox */
    CHECK_EQ(vb_esc_al_code(s), 0x0013);
    CHECK_EQ(esc_control(s, 0x11), 0x01);
    /* INIT -> PREOP needs the mailbox sync managers (the master cleared them in INIT) */
    uint8_t zero[16] = {0};
    CHECK_EQ(vb_esc_write(s, 0x0800, zero, 16), 1);
    CHECK_EQ(esc_control(s, 0x02), 0x11);
    CHECK_EQ(vb_esc_al_code(s), 0x0016);
    CHECK_EQ(esc_control(s, 0x11), 0x01);

    /* bootstrap-capable slave: INIT -> BOOT needs the boot mailbox configured */
    CHECK_EQ(esc_control(b, 0x01), 0x01);
    CHECK_EQ(vb_esc_write(b, 0x0800, zero, 16), 1);
    CHECK_EQ(esc_control(b, 0x03), 0x11);
    CHECK_EQ(vb_esc_al_code(b), 0x0015);
    uint8_t sm[16] = {0x00, 0x18, 0x00, 0x01, 0x26, 0, 1, 0, 0x00, 0x1c, 0x00, 0x01, 0x22, 0, 1, 0};
    CHECK_EQ(esc_control(b, 0x11), 0x01);
    CHECK_EQ(vb_esc_write(b, 0x0800, sm, 16), 1);
    CHECK_EQ(esc_control(b, 0x03), 0x03);
    CHECK_EQ(esc_control(b, 0x02), 0x13); /* BOOT -> PREOP */
    CHECK_EQ(esc_control(b, 0x11), 0x01); /* ack + INIT */
    vt_free(&t);
}

static void test_master_walk(const char *abi)
{
    struct vt_spec sp[3] = {vt_drive(), vt_iospec(), vt_drive()};
    sp[2].boot = 1;
    struct vt t;
    vt_make(&t, abi, sp, 3);
    for (unsigned p = 0; p < 3; p++) {
        CHECK_EQ(vt_al_state(&t, p), 2);
        CHECK_EQ(vt_error_flag(&t, p), 0);
    }
    /* the master configured the mailbox sync managers from the SII */
    CHECK_EQ(vt_reg_u(&t, 0, 0x0800, 2), 0x1000);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0802, 2), 128);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0804, 1), 0x26);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0806, 1), 1);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0808, 2), 0x1400);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0810, 2), 0); /* process data SMs zeroed in PREOP */

    /* up: INIT, PREOP, SAFEOP (process data SMs with SII defaults), OP. The I/O slave (ESC
     * only) switches at once; the drives wait for valid outputs, which only an application's
     * cycle brings, so the idle master gives up and flags them, as IgH times out */
    for (unsigned p = 0; p < 3; p++)
        CHECK_EQ(vt_state(&t, p, 8), 0);
    for (unsigned p = 0; p < 3; p++) {
        CHECK_EQ(vt_al_state(&t, p), p == 1 ? 8 : 4);
        CHECK_EQ(vt_error_flag(&t, p), p == 1 ? 0 : 1);
    }
    CHECK_EQ(vt_reg_u(&t, 0, 0x0810, 2), 0x1800);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0812, 2), 3);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0814, 1), 0x64);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0816, 1), 1);
    CHECK_EQ(vt_reg_u(&t, 1, 0x0800, 2), 0x0f00); /* no mailbox: SM0 carries process data */
    CHECK_EQ(vt_reg_u(&t, 1, 0x0806, 1), 1);
    /* down and sideways */
    CHECK_EQ(vt_state(&t, 0, 4), 0);
    CHECK_EQ(vt_al_state(&t, 0), 4);
    CHECK_EQ(vt_state(&t, 0, 2), 0);
    CHECK_EQ(vt_al_state(&t, 0), 2);
    CHECK_EQ(vt_state(&t, 0, 1), 0);
    CHECK_EQ(vt_al_state(&t, 0), 1);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0806, 1), 0); /* INIT: the master cleared the mailbox SMs */
    CHECK_EQ(vt_state(&t, 0, 4), 0);
    CHECK_EQ(vt_al_state(&t, 0), 4);
    CHECK_EQ(vt_error_flag(&t, 0), 0);

    /* BOOT: refused without a bootstrap mailbox; the slave stays in INIT with the flag */
    CHECK_EQ(vt_state(&t, 0, 3), 0);
    CHECK_EQ(vt_al_state(&t, 0), 1);
    CHECK_EQ(vt_error_flag(&t, 0), 1);
    CHECK_EQ(al_code(&t, 0), 0x0013);
    /* the flag keeps the idle master away until a new request */
    CHECK_EQ(vt_al_state(&t, 0), 1);
    CHECK_EQ(vt_state(&t, 0, 2), 0);
    CHECK_EQ(vt_al_state(&t, 0), 2);
    CHECK_EQ(vt_error_flag(&t, 0), 0);
    /* with a bootstrap mailbox: BOOT, on the boot mailbox sync managers */
    CHECK_EQ(vt_state(&t, 2, 3), 0);
    CHECK_EQ(vt_al_state(&t, 2), 3);
    CHECK_EQ(vt_error_flag(&t, 2), 0);
    CHECK_EQ(vt_reg_u(&t, 2, 0x0800, 2), 0x1800);
    CHECK_EQ(vt_reg_u(&t, 2, 0x0802, 2), 256);
    CHECK_EQ(vt_state(&t, 2, 4), 0); /* out of BOOT only through INIT: the walk does that */
    CHECK_EQ(vt_al_state(&t, 2), 4);
    /* unknown states: the slave answers "unknown requested state" */
    CHECK_EQ(vt_state(&t, 1, 5), 0);
    CHECK_EQ(vt_al_state(&t, 1), 1);
    CHECK_EQ(vt_error_flag(&t, 1), 1);
    CHECK_EQ(al_code(&t, 1), 0x0012);
    CHECK_EQ(vt_state(&t, 1, 0), 0);
    CHECK_EQ(al_code(&t, 1), 0x0012);
    CHECK_EQ(vt_error_flag(&t, 1), 1);
    CHECK_EQ(vt_state(&t, 1, 2), 0);
    CHECK_EQ(vt_al_state(&t, 1), 2);
    CHECK_EQ(vt_error_flag(&t, 1), 0);
    /* SLAVE_STATE errors */
    uint8_t b[64] = {0};
    vt_put(&t, b, ECA_ST_SLAVE_STATE, ECA_SLAVE_STATE_F_SLAVE_POSITION, 3);
    vt_put(&t, b, ECA_ST_SLAVE_STATE, ECA_SLAVE_STATE_F_AL_STATE, 2);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_STATE, b), -EINVAL);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_STATE, NULL), -EFAULT);
    vt_free(&t);
}

/* A refusal caused from outside the master: it acknowledges and goes back to its request. */
static void test_idle_pass(const char *abi)
{
    struct vt t;
    vt_make_std(&t, abi);
    uint8_t ctl[2] = {0x08, 0};
    CHECK_EQ(vt_reg(&t, 1, 0, 0x0120, ctl, 2), 0); /* PREOP -> OP: refused by the slave */
    CHECK_EQ(vt_reg_u(&t, 0, 0x0130, 1), 0x02);    /* the master acknowledged before this read */
    CHECK_EQ(al_code(&t, 0), 0x0011);
    CHECK_EQ(vt_error_flag(&t, 0), 0);
    ctl[0] = 0x01;
    CHECK_EQ(vt_reg(&t, 1, 1, 0x0120, ctl, 2), 0); /* INIT is accepted ... */
    CHECK_EQ(vt_al_state(&t, 1), 2);                /* ... and the master wants PREOP back */

    /* a slave-side error (e.g. watchdog) in OP: acknowledged, reconfigured to OP */
    CHECK_EQ(vt_state(&t, 1, 8), 0);
    CHECK_EQ(vbus_fault_al_error(t.vb, 1, 4, 0x001b), 0);
    CHECK_EQ(vt_al_state(&t, 1), 8);
    CHECK_EQ(vt_error_flag(&t, 1), 0);
    CHECK_EQ(al_code(&t, 1), 0x001b);
    CHECK_EQ(vbus_fault_al_error(t.vb, 9, 4, 1), -EINVAL);

    /* lost slave: no answer to the state poll, flagged; back: found anew by a rescan */
    uint8_t st[8];
    CHECK_EQ(vbus_fault_slave_lost(t.vb, 1, 1), 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER_STATE, st), 0);
    CHECK_EQ(vt_get(&t, st, ECA_ST_MASTER_STATE_DATA, ECA_MASTER_STATE_DATA_F_SLAVES_RESPONDING), 1);
    CHECK_EQ(vt_error_flag(&t, 1), 1);
    CHECK_EQ(vt_state(&t, 1, 8), 0); /* accepted, but the slave cannot be reached */
    CHECK_EQ(vt_error_flag(&t, 1), 1);
    CHECK_EQ(vt_reg_u(&t, 1, 0x0130, 1), 0xdeadbeef); /* register access fails: -EIO */
    CHECK_EQ(vbus_fault_slave_lost(t.vb, 1, 0), 0);
    CHECK_EQ(vt_al_state(&t, 1), 2);
    CHECK_EQ(vt_error_flag(&t, 1), 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER_STATE, st), 0);
    CHECK_EQ(vt_get(&t, st, ECA_ST_MASTER_STATE_DATA, ECA_MASTER_STATE_DATA_F_SLAVES_RESPONDING), 2);
    CHECK_EQ(vbus_fault_slave_lost(t.vb, 9, 1), -EINVAL);
    vt_free(&t);
}

/* A malformed SII: IgH flags the slave at the scan and leaves it where it is (INIT). */
static void test_bad_sii_slave(void)
{
    static const uint8_t mac[6] = VT_MAC;
    struct img m;
    img_begin(&m, mac, 1);
    struct sii s;
    uint16_t *words;
    sii_init(&s);
    sii_identity(&s, 0, 1, 2, 3, 4);
    vbb_u16(&s.syncs, 0x1000); /* SYNCM category of 2 bytes: not a multiple of 8 */
    unsigned n = sii_finish(&s, 64, &words);
    img_slave_begin(&m, 0, 0, 0);
    vt_ports(&m, 0, 1);
    img_sii(&m, words, n);
    free(words);
    img_slave_end(&m, NULL, 0);
    const uint8_t *image;
    size_t size = img_end(&m, &image);
    struct vbus *vb;
    struct vbus_file *f;
    struct vbus_options o = {eca_abi_by_id("1.6"), 0, 0, 1};
    char err[128];
    CHECK_EQ(vbus_create(image, size, &o, &vb, err, sizeof err), 0);
    CHECK_EQ(vbus_open(vb, 1, &f), 0);
    struct vt t = {o.abi, vb, f, m};
    CHECK_EQ(vt_al_state(&t, 0), 1);
    CHECK_EQ(vt_error_flag(&t, 0), 1);
    uint8_t b[512];
    CHECK_EQ(vt_slave(&t, 0, b), 0);
    CHECK_EQ(vt_get(&t, b, ECA_ST_SLAVE, ECA_SLAVE_F_VENDOR_ID), 1); /* the header was read */
    CHECK_EQ(vt_get(&t, b, ECA_ST_SLAVE, ECA_SLAVE_F_SYNC_COUNT), 0);
    /* a new request clears the flag; without sync managers from the SII the slave has no
     * mailbox, so PREOP works */
    CHECK_EQ(vt_state(&t, 0, 2), 0);
    CHECK_EQ(vt_al_state(&t, 0), 2);
    vt_free(&t);
}

int main(void)
{
    test_esm_table();
    static const char *abis[] = {"1.6", "1.5.3", "1.5.2"};
    for (unsigned i = 0; i < 3; i++) {
        test_master_walk(abis[i]);
        test_idle_pass(abis[i]);
    }
    test_bad_sii_slave();
    return vt_done("test_vbus_al");
}
