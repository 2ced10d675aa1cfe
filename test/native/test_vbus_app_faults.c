/* SPDX-License-Identifier: MIT */
/*
 * Faults while an application cycles, each with its visible effect and the recovery IgH
 * makes: WKC drop (working counter incomplete, inputs frozen, the drive's SM watchdog runs
 * out), the SM watchdog when outputs stop (a drive drops to SAFEOP with 0x001B, an ESC-only
 * terminal puts its outputs into their safe state), AL error (acknowledged, reconfigured),
 * slave lost (working counter incomplete, one slave less responding, its configuration
 * offline, reconfigured when it is back), link down (working counter zero, no link), SDO
 * abort (the next access aborts with the code), and the same faults scheduled from the
 * image's model parameters at exact cycles.
 */
#include <pthread.h>

#include "vbus/vb_types.h"
#include "vbus_app.h"

enum { DRIVE, DI, DO, N };

/* drive outputs x2 + DO outputs x2 + drive inputs + DI inputs */
#define FULL_WC 6

static void setup(struct va_app *a, const struct va_tlv *di_params, const struct va_tlv *do_params)
{
    struct va_spec sp[N] = {{VA_DRIVE, NULL}, {VA_DI, di_params}, {VA_DO, do_params}};
    va_app_setup(a, "1.6", sp, N);
    unsigned n = va_app_up(a, 2000);
    CHECK(n < 2000);
}

static unsigned wc(struct va_app *a, unsigned *state)
{
    return va_domain_state(&a->t, 0, state);
}

static void test_wkc_drop(void)
{
    struct va_app a;
    setup(&a, NULL, NULL);
    unsigned st;
    CHECK_EQ(wc(&a, &st), FULL_WC);
    CHECK_EQ(st, 2);
    /* the DI terminal lets the datagrams pass: its input count is missing, its inputs freeze */
    CHECK_EQ(vbus_model_inject(a.t.vb, DI, 0, 1), 0);
    va_app_cycle(&a, 2);
    CHECK_EQ((a.pd[a.in[DI]] >> a.in_bit[DI]) & 1, 1);
    CHECK_EQ(vbus_fault_wkc_drop(a.t.vb, DI, 1), 0);
    CHECK_EQ(vbus_model_inject(a.t.vb, DI, 0, 0), 0);
    va_app_cycle(&a, 3);
    CHECK_EQ(wc(&a, &st), FULL_WC - 1);
    CHECK_EQ(st, 1); /* incomplete */
    CHECK_EQ((a.pd[a.in[DI]] >> a.in_bit[DI]) & 1, 1); /* frozen at what was sent */
    CHECK_EQ(va_sc_state(&a.t, a.cfg[DI]) & 0x3, 0x3); /* still online and operational */
    CHECK_EQ(vbus_fault_wkc_drop(a.t.vb, DI, 0), 0);
    va_app_cycle(&a, 2);
    CHECK_EQ(wc(&a, &st), FULL_WC);
    CHECK_EQ((a.pd[a.in[DI]] >> a.in_bit[DI]) & 1, 0);

    /* the drive: its outputs stop arriving, its SM watchdog (100 ms) runs out: SAFEOP with
     * 0x001B; IgH acknowledges and configures it again, which can only end once the
     * datagrams reach it again */
    CHECK_EQ(vbus_fault_wkc_drop(a.t.vb, DRIVE, 1), 0);
    va_app_cycle(&a, 2);
    CHECK_EQ(wc(&a, &st), FULL_WC - 3);
    va_app_cycle(&a, 110);
    unsigned sc = va_sc_state(&a.t, a.cfg[DRIVE]);
    CHECK_EQ(sc & VA_OPERATIONAL, 0);
    CHECK(VA_AL(sc) != 8);
    CHECK_EQ(a.t.vb->slaves[DRIVE].al_status_code, 0x001b);
    CHECK_EQ(vbus_fault_wkc_drop(a.t.vb, DRIVE, 0), 0);
    CHECK(va_app_up(&a, 500) < 500);
    CHECK_EQ(wc(&a, &st), FULL_WC);
    CHECK_EQ(a.cy.errors, 0);
    vt_free(&a.t);
}

/* Outputs stop (no DOMAIN_QUEUE): the drive drops to SAFEOP 0x001B, the ESC-only DO stays in
 * OP with its outputs off; both come back when the frames do. */
static void test_watchdog(void)
{
    struct va_app a;
    setup(&a, NULL, NULL);
    a.pd[a.out[DO]] = 1;
    va_app_cycle(&a, 3);
    int64_t v;
    CHECK_EQ(vbus_model_value(a.t.vb, DO, 0, &v), 0);
    CHECK_EQ(v, 1);
    a.cy.queue = 0;
    va_app_cycle(&a, 99); /* 99 ms: within the 100 ms watchdog */
    CHECK_EQ(va_sc_state(&a.t, a.cfg[DRIVE]) & VA_OPERATIONAL, VA_OPERATIONAL);
    CHECK_EQ(vbus_model_value(a.t.vb, DO, 0, &v), 0);
    CHECK_EQ(v, 1);
    va_app_cycle(&a, 5);
    unsigned sc = va_sc_state(&a.t, a.cfg[DRIVE]);
    CHECK_EQ(sc & VA_OPERATIONAL, 0);
    CHECK_EQ(a.t.vb->slaves[DRIVE].al_status_code, 0x001b);
    CHECK_EQ(VA_AL(va_sc_state(&a.t, a.cfg[DO])), 8); /* the terminal stays in OP ... */
    va_app_cycle(&a, 1);
    CHECK_EQ(vbus_model_value(a.t.vb, DO, 0, &v), 0);
    a.cy.queue = 1;
    va_app_cycle(&a, 1);
    /* the terminal's outputs come back with the frames; the terminal model applies them
     * in the step of the next frame */
    va_app_cycle(&a, 1);
    CHECK_EQ(vbus_model_value(a.t.vb, DO, 0, &v), 0);
    CHECK(va_app_up(&a, 500) < 500);
    va_app_cycle(&a, 2);
    CHECK_EQ(vbus_model_value(a.t.vb, DO, 0, &v), 0);
    CHECK_EQ(v, 1);
    vt_free(&a.t);
}

static void test_al_error_lost_link(void)
{
    struct va_app a;
    setup(&a, NULL, NULL);
    unsigned st, al, link;
    /* AL error: the slave drops to SAFEOP with a code; the master acknowledges and brings
     * it back up */
    CHECK_EQ(vbus_fault_al_error(a.t.vb, DO, 4, 0x001a), 0);
    /* the master's state check loop visits one slave per cycle: within N + 1 cycles it
     * sees the error, acknowledges it and starts the configuration again */
    unsigned k = 0;
    while ((va_sc_state(&a.t, a.cfg[DO]) & VA_OPERATIONAL) && k++ < 10)
        va_app_cycle(&a, 1);
    CHECK(k <= N + 1);
    CHECK(va_app_up(&a, 500) < 500);
    CHECK_EQ(a.t.vb->slaves[DO].al_status_code, 0x001a);

    /* slave lost: its working counter share is gone, one slave less responds, its
     * configuration is offline; back: scanned and configured again */
    CHECK_EQ(vbus_fault_slave_lost(a.t.vb, DI, 1), 0);
    va_app_cycle(&a, 2);
    CHECK_EQ(wc(&a, &st), FULL_WC - 1);
    CHECK_EQ(st, 1);
    CHECK_EQ(va_master_state(&a.t, &al, &link), N - 1);
    CHECK_EQ(link, 1);
    CHECK_EQ(va_sc_state(&a.t, a.cfg[DI]) & VA_ONLINE, 0);
    va_app_cycle(&a, N + 1); /* the master notices */
    CHECK_EQ(vbus_fault_slave_lost(a.t.vb, DI, 0), 0);
    unsigned n = va_app_up(&a, 500);
    CHECK(n < 500);
    CHECK(n > 1); /* rescan and configuration take cycles */
    CHECK_EQ(va_master_state(&a.t, NULL, NULL), N);
    CHECK_EQ(wc(&a, &st), FULL_WC);

    /* link down: nothing is sent, the working counter is zero, no slave responds */
    CHECK_EQ(vbus_fault_link(a.t.vb, 0), 0);
    va_app_cycle(&a, 2);
    CHECK_EQ(wc(&a, &st), 0);
    CHECK_EQ(st, 0);
    CHECK_EQ(va_master_state(&a.t, &al, &link), 0);
    CHECK_EQ(link, 0);
    for (unsigned i = 0; i < N; i++)
        CHECK_EQ(va_sc_state(&a.t, a.cfg[i]) & VA_OPERATIONAL, 0);
    va_app_cycle(&a, 150); /* longer than the watchdog: the drive drops out of OP meanwhile */
    CHECK_EQ(vbus_fault_link(a.t.vb, 1), 0);
    CHECK(va_app_up(&a, 1000) < 1000);
    CHECK_EQ(wc(&a, &st), FULL_WC);
    CHECK_EQ(va_master_state(&a.t, NULL, &link), N);
    CHECK_EQ(link, 1);
    CHECK_EQ(a.cy.errors, 0);
    vt_free(&a.t);
}

struct upload {
    struct vt *t;
    uint8_t data[8];
    size_t size;
    uint32_t abort;
    long result;
    volatile int done;
};

static void *upload_thread(void *p)
{
    struct upload *u = p;
    u->result = vt_upload(u->t, DRIVE, 0x6065, 0, u->data, sizeof u->data, &u->size, &u->abort);
    __atomic_store_n(&u->done, 1, __ATOMIC_RELEASE);
    return NULL;
}

static struct upload upload_cycling(struct va_app *a)
{
    struct upload u = {&a->t, {0}, 0, 0, 1, 0};
    pthread_t th;
    pthread_create(&th, NULL, upload_thread, &u);
    unsigned k = 0;
    while (!__atomic_load_n(&u.done, __ATOMIC_ACQUIRE) && k++ < 1000000)
        va_app_cycle(a, 1);
    pthread_join(th, NULL);
    return u;
}

static void test_sdo_abort(void)
{
    struct va_app a;
    setup(&a, NULL, NULL);
    CHECK_EQ(vbus_fault_sdo_abort(a.t.vb, DRIVE, 0x6065, 0, 0x06090030), 0);
    struct upload u = upload_cycling(&a);
    CHECK_EQ(u.result, -EIO);
    CHECK_EQ(u.abort, 0x06090030);
    u = upload_cycling(&a); /* one shot: the next access works */
    CHECK_EQ(u.result, 0);
    CHECK_EQ(va_get(u.data, 4, 0), 100000);
    CHECK_EQ(vbus_fault_sdo_abort(a.t.vb, 9, 0x6065, 0, 1), -EINVAL);
    CHECK_EQ(vbus_fault_wkc_drop(a.t.vb, 9, 1), -EINVAL);
    vt_free(&a.t);
}

/* The same faults from the image's fault schedule, at exact cycles after ACTIVATE. */
static void test_schedule(void)
{
    struct va_tlv di = {{0}, 0}, dout = {{0}, 0};
    va_tlv_fault(&di, 300, 4, 20, NULL, 0); /* wkc-drop at 300 for 20 cycles */
    va_tlv_fault(&di, 400, 2, 10, NULL, 0); /* slave lost at 400 for 10 */
    va_tlv_fault(&dout, 450, 3, 5, NULL, 0); /* link down at 450 for 5 */
    uint8_t al[4] = {4, 0, 0x1a, 0};
    va_tlv_fault(&dout, 800, 1, 0, al, 4); /* al-error SAFEOP 0x001A at 800 */
    uint8_t ab[8] = {0x65, 0x60, 0, 0, 0x30, 0, 0x09, 0x06};
    va_tlv_fault(&dout, 20, 5, 0, ab, 8); /* sdo-abort 0x6065:00 on the DO: it has no CoE, so nobody notices */
    struct va_app a;
    setup(&a, &di, &dout);
    CHECK(a.t.vb->cycles < 290);
    unsigned wcs[1000];
    while (a.t.vb->cycles < 999) {
        va_app_cycle(&a, 1);
        wcs[a.t.vb->cycles] = wc(&a, NULL);
    }
    for (unsigned k = 290; k < 300; k++)
        CHECK_EQ(wcs[k], FULL_WC);
    for (unsigned k = 300; k < 320; k++)
        CHECK_EQ(wcs[k], FULL_WC - 1);
    CHECK_EQ(wcs[320], FULL_WC);
    for (unsigned k = 400; k < 410; k++)
        CHECK(wcs[k] <= FULL_WC - 1);
    for (unsigned k = 450; k < 455; k++)
        CHECK_EQ(wcs[k], 0);
    CHECK_EQ(a.t.vb->slaves[DO].al_status_code, 0x001a);
    CHECK(va_app_up(&a, 1000) < 1000);
    CHECK_EQ(wc(&a, NULL), FULL_WC);
    vt_free(&a.t);
}

int main(void)
{
    test_wkc_drop();
    test_watchdog();
    test_al_error_lost_link();
    test_sdo_abort();
    test_schedule();
    return vt_done("test_vbus_app_faults");
}
