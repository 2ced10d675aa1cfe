/* SPDX-License-Identifier: MIT */
/*
 * The slave models through the process data: the CiA 402 drive (device control state
 * machine, profile position with the set-point handshake, relative and buffered
 * set-points and halt, profile velocity, cyclic synchronous velocity, quick stop, software
 * position limits, following error to fault 0x8611, fault reset on the rising edge of bit
 * 7, disable when communication stops), the digital input patterns, the analog input
 * terminal (waveforms, injection, scaling, status bits, TxPDO toggle), and the model
 * parameters' validation when a bus is created.
 */
#include "vbus/vb_types.h"
#include "vbus_app.h"

/* ---- a drive with its full default PDOs ---- */

struct drv {
    struct vt t;
    unsigned c;
    long cw, tpos, tvel, mode, sw, pos, vel, disp, err;
    uint8_t *pd;
    size_t size;
    struct va_cycle cy;
};

static void drive_setup(struct drv *d, const struct va_tlv *params, const void *sdo_limits)
{
    struct va_spec sp[1] = {{VA_DRIVE, params}};
    va_make(&d->t, "1.6", sp, 1);
    struct vt *t = &d->t;
    vt_io(t, ECA_REQ_REQUEST, NULL);
    vt_io(t, ECA_REQ_CREATE_DOMAIN, NULL);
    va_config(t, 0, 0, VA_VENDOR, VA_DRIVE_PRODUCT, &d->c);
    if (sdo_limits) {
        const int32_t *l = sdo_limits;
        va_sdo(t, d->c, 0x607d, 1, &l[0], 4);
        va_sdo(t, d->c, 0x607d, 2, &l[1], 4);
    }
    uint32_t window = 10000;
    va_sdo(t, d->c, 0x6065, 0, &window, 4);
    d->cw = va_reg(t, d->c, 0x6040, 0, 0, NULL);
    d->tpos = va_reg(t, d->c, 0x607a, 0, 0, NULL);
    d->tvel = va_reg(t, d->c, 0x60ff, 0, 0, NULL);
    d->mode = va_reg(t, d->c, 0x6060, 0, 0, NULL);
    d->sw = va_reg(t, d->c, 0x6041, 0, 0, NULL);
    d->pos = va_reg(t, d->c, 0x6064, 0, 0, NULL);
    d->vel = va_reg(t, d->c, 0x606c, 0, 0, NULL);
    d->disp = va_reg(t, d->c, 0x6061, 0, 0, NULL);
    d->err = va_reg(t, d->c, 0x603f, 0, 0, NULL);
    CHECK_EQ(va_activate(t, &d->pd, &d->size), 0);
    struct va_cycle cy = {t, 1, 1000000000ull, 1000000, 1, 1, 0};
    d->cy = cy;
    unsigned k = 0;
    while ((va_sc_state(t, d->c) & 3) != 3 && k++ < 500) {
        va_send(&d->cy);
        va_receive(&d->cy);
    }
    CHECK((va_sc_state(t, d->c) & 3) == 3);
}

static void run(struct drv *d, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        va_send(&d->cy);
        va_receive(&d->cy);
    }
}

static uint16_t sw(struct drv *d)
{
    return (uint16_t)va_get(d->pd + d->sw, 2, 0);
}

static int32_t pos(struct drv *d)
{
    return (int32_t)va_get(d->pd + d->pos, 4, 1);
}

static int32_t vel(struct drv *d)
{
    return (int32_t)va_get(d->pd + d->vel, 4, 1);
}

static void cw(struct drv *d, uint16_t v)
{
    va_put(d->pd + d->cw, 2, v);
}

/* Run until (statusword & mask) == value; cycles taken, or limit+1. */
static unsigned until(struct drv *d, uint16_t mask, uint16_t value, unsigned limit)
{
    unsigned k = 0;
    while ((sw(d) & mask) != value && k <= limit) {
        run(d, 1);
        k++;
    }
    return k;
}

static void enable(struct drv *d, int8_t mode)
{
    d->pd[d->mode] = (uint8_t)mode;
    va_put(d->pd + d->tpos, 4, pos(d));
    cw(d, 0x06);
    CHECK(until(d, 0x6f, 0x21, 10) <= 10);
    cw(d, 0x0f); /* switch on and enable operation in one command */
    CHECK(until(d, 0x6f, 0x27, 10) <= 10);
    CHECK_EQ((int8_t)d->pd[d->disp], mode);
}

static void test_state_machine(void)
{
    struct va_tlv p = {{0}, 0};
    va_tlv_u32(&p, 0x0010, 5000);   /* initial position */
    va_tlv_u32(&p, 0x0011, 100000); /* max velocity, counts/s */
    va_tlv_u32(&p, 0x0012, 1000000);
    struct drv d;
    drive_setup(&d, &p, NULL);
    CHECK_EQ(sw(&d), 0x0650); /* switch on disabled, voltage enabled, remote; standing */
    CHECK_EQ(pos(&d), 5000);
    int64_t v;
    CHECK_EQ(vbus_model_value(d.t.vb, 0, VBUS_DRIVE_POSITION, &v), 0);
    CHECK_EQ(v, 5000);
    cw(&d, 0x0f); /* enable operation from switch on disabled: not a transition */
    run(&d, 3);
    CHECK_EQ(sw(&d) & 0x6f, 0x40);
    cw(&d, 0x06);
    CHECK(until(&d, 0x6f, 0x21, 5) <= 5); /* ready to switch on */
    cw(&d, 0x07);
    CHECK(until(&d, 0x6f, 0x23, 5) <= 5); /* switched on */
    cw(&d, 0x0f);
    CHECK(until(&d, 0x6f, 0x27, 5) <= 5); /* operation enabled */
    cw(&d, 0x07);
    CHECK(until(&d, 0x6f, 0x23, 5) <= 5); /* disable operation */
    cw(&d, 0x00);
    CHECK(until(&d, 0x6f, 0x40, 5) <= 5); /* disable voltage */
    CHECK_EQ(vbus_model_value(d.t.vb, 0, VBUS_DRIVE_STATUSWORD, &v), 0);
    CHECK_EQ(v, sw(&d));
    CHECK_EQ(vbus_model_value(d.t.vb, 0, 99, &v), -EINVAL);

    /* profile position: new set-point (bit 4) acknowledged in bit 12 */
    enable(&d, 1);
    va_put(d.pd + d.tpos, 4, 15000);
    cw(&d, 0x1f);
    run(&d, 2);
    CHECK_EQ(sw(&d) & 0x1000, 0x1000);
    CHECK_EQ(sw(&d) & 0x0400, 0); /* moving */
    cw(&d, 0x0f);
    run(&d, 2);
    CHECK_EQ(sw(&d) & 0x1000, 0);
    unsigned n = until(&d, 0x0400, 0x0400, 1000);
    CHECK(n < 1000);
    CHECK(n > 100); /* 10000 counts at 100000 counts/s with ramps: over 100 ms */
    CHECK_EQ(pos(&d), 15000);
    CHECK_EQ(vel(&d), 0);
    /* relative (bit 6): 1000 more */
    va_put(d.pd + d.tpos, 4, 1000);
    cw(&d, 0x5f);
    run(&d, 2);
    cw(&d, 0x4f);
    CHECK(until(&d, 0x0400, 0x0400, 1000) < 1000);
    CHECK_EQ(pos(&d), 16000);
    /* a second set-point during a move waits (buffered), unless "change set immediately" */
    va_put(d.pd + d.tpos, 4, 30000);
    cw(&d, 0x1f);
    run(&d, 3);
    cw(&d, 0x0f);
    run(&d, 20);
    va_put(d.pd + d.tpos, 4, 20000);
    cw(&d, 0x1f);
    run(&d, 2);
    CHECK_EQ(sw(&d) & 0x1000, 0x1000); /* accepted into the buffer */
    cw(&d, 0x0f);
    run(&d, 2);
    CHECK_EQ(sw(&d) & 0x1000, 0x1000); /* buffer occupied */
    int32_t max = 0;
    unsigned k = 0;
    while ((sw(&d) & 0x1400) != 0x0400 && k++ < 3000) {
        run(&d, 1);
        if (pos(&d) > max)
            max = pos(&d);
    }
    CHECK_EQ(max, 30000); /* went to the first target ... */
    CHECK_EQ(pos(&d), 20000); /* ... then to the buffered one */
    va_put(d.pd + d.tpos, 4, 40000);
    cw(&d, 0x1f);
    run(&d, 30);
    va_put(d.pd + d.tpos, 4, 25000);
    cw(&d, 0x0f);
    run(&d, 1);
    cw(&d, 0x3f); /* change set immediately */
    run(&d, 1);
    max = 0;
    k = 0;
    while ((sw(&d) & 0x0400) != 0x0400 && k++ < 3000) {
        run(&d, 1);
        if (pos(&d) > max)
            max = pos(&d);
    }
    CHECK(max < 40000);
    CHECK_EQ(pos(&d), 25000);
    /* halt (bit 8): stops on the profile deceleration, target reached at standstill */
    cw(&d, 0x0f);
    run(&d, 1);
    va_put(d.pd + d.tpos, 4, 60000);
    cw(&d, 0x1f);
    run(&d, 60);
    cw(&d, 0x10f);
    CHECK(until(&d, 0x0400, 0x0400, 500) < 500);
    CHECK_EQ(vel(&d), 0);
    CHECK(pos(&d) < 60000);

    /* profile velocity (3), then quick stop: quick stop active, then switch on disabled */
    cw(&d, 0x0f);
    d.pd[d.mode] = 3;
    va_put(d.pd + d.tvel, 4, -40000);
    run(&d, 100);
    CHECK_EQ((int8_t)d.pd[d.disp], 3);
    CHECK_EQ(vel(&d), -40000);
    CHECK_EQ(sw(&d) & 0x0400, 0x0400);
    cw(&d, 0x0b);
    CHECK(until(&d, 0x6f, 0x07, 3) <= 3); /* quick stop active while it brakes */
    CHECK(vel(&d) < -20000);
    CHECK(until(&d, 0x6f, 0x40, 100) < 100);
    CHECK_EQ(vel(&d), 0);
    CHECK_EQ(d.cy.errors, 0);
    vt_free(&d.t);
}

static void test_csv_limits_fault(void)
{
    struct va_tlv p = {{0}, 0};
    va_tlv_u32(&p, 0x0011, 100000);
    va_tlv_u32(&p, 0x0012, 1000000);
    int32_t limits[2] = {-20000, 20000};
    struct drv d;
    drive_setup(&d, &p, limits);
    /* cyclic synchronous velocity: ramps with the maximum acceleration */
    enable(&d, 9);
    va_put(d.pd + d.tvel, 4, 50000);
    run(&d, 10);
    int32_t v10 = vel(&d);
    CHECK(v10 > 0 && v10 < 50000);
    run(&d, 60);
    CHECK_EQ(vel(&d), 50000);
    CHECK(pos(&d) > 0);
    /* ... up to the software limit, where it stops with "internal limit active" */
    run(&d, 600);
    CHECK_EQ(pos(&d), 20000);
    CHECK_EQ(vel(&d), 0);
    CHECK_EQ(sw(&d) & 0x0800, 0x0800);
    va_put(d.pd + d.tvel, 4, 0);
    cw(&d, 0x07);
    run(&d, 2);
    /* CSP: a set-point beyond the limit is clamped */
    enable(&d, 8);
    va_put(d.pd + d.tpos, 4, 19000);
    run(&d, 20);
    CHECK_EQ(pos(&d), 19000);
    CHECK_EQ(sw(&d) & 0x1400, 0x1400); /* following, target reached */
    va_put(d.pd + d.tpos, 4, 90000);
    run(&d, 20);
    CHECK_EQ(pos(&d), 20000);
    CHECK_EQ(sw(&d) & 0x0800, 0x0800);
    /* following error: a jump the axis needs 300 ms for (100000 counts/s) is beyond the
     * window (10000) for longer than 10 ms: fault 0x8611 */
    va_put(d.pd + d.tpos, 4, -10000);
    run(&d, 5);
    CHECK_EQ(sw(&d) & 0x2000, 0x2000); /* following error bit */
    CHECK(until(&d, 0x4f, 0x08, 300) < 300); /* fault reaction (braking), then fault */
    CHECK_EQ(va_get(d.pd + d.err, 2, 0), 0x8611);
    int64_t v;
    CHECK_EQ(vbus_model_value(d.t.vb, 0, VBUS_DRIVE_ERROR, &v), 0);
    CHECK_EQ(v, 0x8611);
    CHECK_EQ(vel(&d), 0);
    /* fault reset: the rising edge of bit 7, not its level */
    cw(&d, 0x80);
    run(&d, 2);
    CHECK_EQ(sw(&d) & 0x4f, 0x40);
    CHECK_EQ(va_get(d.pd + d.err, 2, 0), 0);
    /* the drive disables when the process data stops (watchdog: SAFEOP) */
    enable(&d, 8);
    d.cy.queue = 0;
    run(&d, 150);
    d.cy.queue = 1;
    run(&d, 1);
    CHECK_EQ(sw(&d) & 0x4f, 0x40);
    CHECK_EQ(d.t.vb->slaves[0].al_status_code, 0x001b);
    vt_free(&d.t);
}

/* ---- digital input patterns ---- */

static void test_patterns(void)
{
    struct va_tlv walk = {{0}, 0}, konst = {{0}, 0};
    uint8_t pat[16] = {0};
    va_le32(pat, 10); /* 10 ms */
    pat[4] = 1;       /* walking */
    va_tlv(&walk, 0x0001, pat, 16);
    pat[4] = 2; /* constant */
    pat[8] = 0xa5;
    va_tlv(&konst, 0x0001, pat, 16);
    struct va_spec sp[2] = {{VA_DI, &walk}, {VA_DI, &konst}};
    struct va_app a;
    va_app_setup(&a, "1.6", sp, 2);
    CHECK(va_app_up(&a, 500) < 500);
    /* the whole byte: register the other channels too (same byte) */
    unsigned seen = 0;
    for (unsigned i = 0; i < 80; i++) {
        va_app_cycle(&a, 1);
        uint8_t w = a.pd[a.in[0]];
        CHECK_EQ(__builtin_popcount(w), 1); /* one channel on at a time */
        seen |= w;
        CHECK_EQ(a.pd[a.in[1]], 0xa5);
    }
    CHECK_EQ(seen, 0xff); /* every channel in 80 ms */
    vt_free(&a.t);
}

/* ---- analog input terminal ---- */

static void test_analog_input(void)
{
    struct va_tlv p = {{0}, 0};
    uint8_t w[20] = {0};
    w[0] = 1;           /* channel 1 */
    w[1] = 0;           /* constant */
    va_le32(w + 4, (uint32_t)-1234);
    va_le32(w + 8, 1000);
    va_le32(w + 12, 100);
    va_tlv(&p, 0x0002, w, 20);
    struct va_spec sp[1] = {{VA_AI, &p}};
    struct vt *t;
    struct va_app a;
    memset(&a, 0, sizeof a);
    va_make(&a.t, "1.6", sp, 1);
    t = &a.t;
    vt_io(t, ECA_REQ_REQUEST, NULL);
    vt_io(t, ECA_REQ_CREATE_DOMAIN, NULL);
    unsigned c;
    va_config(t, 0, 0, VA_VENDOR, VA_AI_PRODUCT, &c);
    unsigned bit;
    long st0 = va_reg(t, c, 0x6000, 0x01, 0, &bit); /* status bits of channel 1 */
    CHECK_EQ(st0, 0);
    long v0 = va_reg(t, c, 0x6000, 0x11, 0, &bit);
    CHECK_EQ(v0, 2);
    long v1 = va_reg(t, c, 0x6010, 0x11, 0, &bit);
    CHECK_EQ(v1, 6);
    /* user scale on channel 1 by startup SDOs: value / 2 + 100 */
    uint8_t on = 1;
    int32_t gain = 65536 / 2;
    int16_t offset = 100;
    va_sdo(t, c, 0x8000, 0x01, &on, 1);
    va_sdo(t, c, 0x8000, 0x12, &gain, 4);
    va_sdo(t, c, 0x8000, 0x11, &offset, 2);
    uint8_t *pd;
    size_t size;
    CHECK_EQ(va_activate(t, &pd, &size), 0);
    CHECK_EQ(size, 8);
    struct va_cycle cy = {t, 1, 1000000000ull, 1000000, 2, 1, 0}; /* the bus time follows APP_TIME */
    unsigned k = 0;
    while ((va_sc_state(t, c) & 3) != 3 && k++ < 500) {
        va_send(&cy);
        va_receive(&cy);
    }
    CHECK((va_sc_state(t, c) & 3) == 3);
    va_send(&cy);
    va_receive(&cy);
    CHECK_EQ((int16_t)va_get(pd + v1, 2, 1), -1234); /* constant waveform: its minimum */
    /* channel 1: the default triangle, 0..32767 in 1 s; it moves with the bus time */
    int16_t a0 = (int16_t)va_get(pd + v0, 2, 1);
    uint8_t toggle = pd[1] & 0x80;
    va_send(&cy);
    va_receive(&cy);
    CHECK((pd[1] & 0x80) != toggle); /* TxPDO toggle: a new value each cycle */
    for (unsigned i = 0; i < 20; i++) {
        va_send(&cy);
        va_receive(&cy);
    }
    int16_t a1 = (int16_t)va_get(pd + v0, 2, 1);
    CHECK(a1 != a0);
    CHECK(a1 >= 100 && a1 <= 16483); /* scaled: x / 2 + 100 */
    /* injected: exact, scaled */
    CHECK_EQ(vbus_model_inject(t->vb, 0, 0, 1000), 0);
    va_send(&cy);
    va_receive(&cy);
    CHECK_EQ(va_get(pd + v0, 2, 1), 600);
    int64_t v;
    CHECK_EQ(vbus_model_value(t->vb, 0, 0, &v), 0);
    CHECK_EQ(v, 600);
    CHECK_EQ(pd[0] & 0x43, 0); /* no under/overrange, no error */
    /* at the top of the range: overrange and error */
    CHECK_EQ(vbus_model_inject(t->vb, 0, 0, 32767), 0);
    va_send(&cy);
    va_receive(&cy);
    CHECK_EQ(pd[0] & 0x02, 0x02);
    CHECK_EQ(pd[0] & 0x40, 0x40);
    CHECK_EQ(vbus_model_release(t->vb, 0, 0), 0);
    CHECK_EQ(vbus_model_inject(t->vb, 0, 2, 1), -EINVAL);
    CHECK_EQ(cy.errors, 0);
    vt_free(t);
}

/* ---- parameter validation at creation ---- */

static void expect_refused(enum va_kind kind, const struct va_tlv *p, const char *want)
{
    struct va_spec sp[1] = {{kind, p}};
    struct vt t;
    char err[256] = "";
    CHECK_EQ(va_make_opts(&t, "1.6", sp, 1, err, sizeof err), -EINVAL);
    if (!strstr(err, want)) {
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", err, want);
        vt_failures++;
    }
    img_free(&t.image);
}

static void test_params(void)
{
    struct va_tlv p = {{0}, 0};
    va_tlv_u32(&p, 0x0099, 1);
    expect_refused(VA_DRIVE, &p, "slave 0: params: unknown tag 0x0099 at offset 0");
    p.n = 0;
    va_tlv_u32(&p, 0x0010, 1);
    expect_refused(VA_DI, &p, "tag 0x0010 at offset 0 is for model cia402, this slave is digital-input");
    p.n = 0;
    va_tlv(&p, 0x0011, "abc", 3);
    expect_refused(VA_DRIVE, &p, "tag 0x0011 at offset 0: length 3, expected 4");
    p.n = 0;
    va_tlv_u32(&p, 0x0011, 0);
    expect_refused(VA_DRIVE, &p, "max velocity at offset 0: 0 is not 1..2147483647");
    p.n = 0;
    uint8_t pat[16] = {10, 0, 0, 0, 3};
    va_tlv(&p, 0x0001, pat, 16);
    expect_refused(VA_DI, &p, "input pattern at offset 0: mode 3 is not 0..2");
    p.n = 0;
    uint8_t w[20] = {0};
    va_le32(w + 4, 10);
    va_le32(w + 8, 5);
    va_le32(w + 12, 100);
    va_tlv(&p, 0x0002, w, 20);
    expect_refused(VA_AI, &p, "waveform at offset 0: min 10 / max 5");
    p.n = 0;
    va_tlv_fault(&p, 0, 4, 0, NULL, 0);
    expect_refused(VA_DO, &p, "fault at offset 0: cycle 0");
    p.n = 0;
    va_tlv_fault(&p, 5, 9, 0, NULL, 0);
    expect_refused(VA_DO, &p, "fault at offset 0: kind 9 is not 1..5");
    p.n = 0;
    uint8_t al[4] = {4, 0, 0x1b, 0};
    va_tlv_fault(&p, 5, 1, 10, al, 4);
    expect_refused(VA_DO, &p, "kind 1 has no duration");
    p.n = 0;
    va_tlv_fault(&p, 5, 1, 0, al, 2);
    expect_refused(VA_DO, &p, "kind 1 takes 16 bytes, not 14");
    p.n = 0;
    al[0] = 3;
    va_tlv_fault(&p, 5, 1, 0, al, 4);
    expect_refused(VA_DO, &p, "state 3 is not 1, 2, 4 or 8");
    p.n = 0;
    va_tlv_u32(&p, 0x0010, 1);
    p.n = (uint16_t)(p.n - 1); /* cut inside the value */
    expect_refused(VA_DRIVE, &p, "length 4 runs past the 7 parameter bytes");
    p.n = 3;
    expect_refused(VA_DRIVE, &p, "3 bytes at offset 0 do not hold a tag and a length");
    /* at most 4096 scheduled faults per bus: two slaves of 2049 each are refused */
    {
        static const uint8_t mac[6] = VT_MAC;
        size_t per = 2049, len = per * 16;
        uint8_t *buf = calloc(len, 1);
        for (size_t i = 0; i < per; i++) {
            uint8_t *r = buf + 16 * i;
            r[0] = 0x20;
            r[2] = 12;
            va_le32(r + 4, (uint32_t)(i + 1));
            r[8] = 4; /* wkc-drop */
        }
        for (unsigned limit = 0; limit < 2; limit++) {
            struct img im;
            img_begin(&im, mac, 1);
            for (unsigned k = 0; k < 2; k++) {
                va_digital_slave(&im, 1, k, 2);
                img_slave_end(&im, buf, (uint16_t)(limit ? len : 2047 * 16));
            }
            const uint8_t *image;
            size_t size = img_end(&im, &image);
            struct vbus_options o = {eca_abi_by_id("1.6"), 0, 0, 1};
            struct vbus *vb = NULL;
            char err[256] = "";
            int r = vbus_create(image, size, &o, &vb, err, sizeof err);
            if (limit) {
                CHECK_EQ(r, -EINVAL);
                CHECK(strstr(err, "image: 4098 scheduled faults; at most 4096 per bus") != NULL);
            } else {
                CHECK_EQ(r, 0); /* 4094 load */
                if (!r)
                    vbus_destroy(vb);
            }
            img_free(&im);
        }
        free(buf);
    }
    /* good ones load */
    p.n = 0;
    va_tlv_u32(&p, 0x0010, (uint32_t)-77);
    uint8_t dc = 1;
    va_tlv(&p, 0x0013, &dc, 1);
    struct va_spec sp[1] = {{VA_DRIVE, &p}};
    struct vt t;
    char err[256];
    CHECK_EQ(va_make_opts(&t, "1.6", sp, 1, err, sizeof err), 0);
    int64_t v;
    CHECK_EQ(vbus_model_value(t.vb, 0, VBUS_DRIVE_POSITION, &v), 0);
    CHECK_EQ(v, -77);
    vt_free(&t);
}

int main(void)
{
    test_state_machine();
    test_csv_limits_fault();
    test_patterns();
    test_analog_input();
    test_params();
    return vt_done("test_vbus_app_models");
}
