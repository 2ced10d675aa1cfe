/* SPDX-License-Identifier: MIT */
/*
 * The analog output terminal and the generic slave through the process data: outputs put
 * into force in OP and kept in the dictionary, the terminal's reaction when the outputs stop
 * (default output or last value, per channel's watchdog setting), and a slave without a model
 * whose process data are the values of its mapped dictionary objects in both directions,
 * read and written through SDO requests advanced by the cycle.
 */
#include "vbus/vb_types.h"
#include "vbus_app.h"

static void cycle(struct va_cycle *cy, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        va_send(cy);
        va_receive(cy);
    }
}

/* An SDO request to completion while cycling; the final state. */
static unsigned request_run(struct va_cycle *cy, enum eca_req r, unsigned config, unsigned req, void *data,
                            size_t size)
{
    CHECK_EQ(va_sdo_request_io(cy->t, r, config, req, data, size, NULL, NULL), 0);
    unsigned state = 1;
    size_t n;
    for (unsigned k = 0; state == 1 && k < 200; k++) {
        cycle(cy, 1);
        va_sdo_request_io(cy->t, ECA_REQ_SDO_REQUEST_STATE, config, req, NULL, 0, &state, &n);
    }
    return state;
}

static int64_t request_value(struct va_cycle *cy, unsigned config, unsigned req, unsigned bytes, int is_signed)
{
    CHECK_EQ(request_run(cy, ECA_REQ_SDO_REQUEST_READ, config, req, NULL, 0), 2);
    uint8_t data[16] = {0};
    unsigned state;
    size_t n = 0;
    va_sdo_request_io(cy->t, ECA_REQ_SDO_REQUEST_STATE, config, req, NULL, 0, &state, &n);
    CHECK_EQ(n, bytes);
    CHECK_EQ(va_sdo_request_io(cy->t, ECA_REQ_SDO_REQUEST_DATA, config, req, data, 0, NULL, NULL), 0);
    return va_get(data, bytes, is_signed);
}

static void test_analog_output(void)
{
    struct va_spec sp[1] = {{VA_AO, NULL}};
    struct vt tt, *t = &tt;
    va_make(t, "1.6", sp, 1);
    CHECK_EQ(vt_io(t, ECA_REQ_REQUEST, NULL), 0);
    CHECK_EQ(vt_io(t, ECA_REQ_CREATE_DOMAIN, NULL), 0);
    unsigned c;
    CHECK_EQ(va_config(t, 0, 0, VA_VENDOR, VA_AO_PRODUCT, &c), 0);
    /* channel 1 falls back to its default output, channel 2 keeps the last value */
    int16_t dflt = 1234;
    uint8_t keep = 2;
    CHECK_EQ(va_sdo(t, c, 0x8000, 0x13, &dflt, 2), 0);
    CHECK_EQ(va_sdo(t, c, 0x8010, 0x05, &keep, 1), 0);
    /* the SII leaves the SM watchdog off (control 0x24); the application enables it */
    CHECK_EQ(va_sync(t, c, 2, 1, 1), 0);
    unsigned bit = 99;
    CHECK_EQ(va_reg(t, c, 0x7000, 0x11, 0, &bit), 0);
    CHECK_EQ(bit, 0);
    CHECK_EQ(va_reg(t, c, 0x7010, 0x11, 0, &bit), 2);
    CHECK_EQ(va_reg(t, c, 0x6000, 0x11, 0, NULL), -ENOENT);
    long r0 = va_sdo_request(t, c, 0x7000, 0x11, 2);
    CHECK_EQ(r0, 0);
    uint8_t *pd;
    size_t size;
    CHECK_EQ(va_activate(t, &pd, &size), 0);
    CHECK_EQ(size, 4);
    struct va_cycle cy = {t, 1, 1000000000ull, 1000000, 2, 1, 0};
    unsigned k = 0;
    while ((va_sc_state(t, c) & 3) != 3 && k++ < 500)
        cycle(&cy, 1);
    CHECK_EQ(va_sc_state(t, c) & 3, 3);
    /* outputs: in force in OP, and the dictionary holds them */
    va_put(pd, 2, 1000);
    va_put(pd + 2, 2, -2000);
    cycle(&cy, 3);
    int64_t v;
    CHECK_EQ(vbus_model_value(t->vb, 0, 0, &v), 0);
    CHECK_EQ(v, 1000);
    CHECK_EQ(vbus_model_value(t->vb, 0, 1, &v), 0);
    CHECK_EQ(v, -2000);
    CHECK_EQ(vbus_model_value(t->vb, 0, 2, &v), -EINVAL);
    CHECK_EQ(request_value(&cy, c, (unsigned)r0, 2, 1), 1000);
    va_put(pd, 2, -5);
    cycle(&cy, 3);
    CHECK_EQ(vbus_model_value(t->vb, 0, 0, &v), 0);
    CHECK_EQ(v, -5);
    CHECK_EQ(vbus_model_inject(t->vb, 0, 0, 7), -EINVAL); /* outputs take no injection */
    /* the outputs stop: after the SM watchdog (100 ms) the terminal leaves OP with 0x001B;
     * channel 1 shows its default output, channel 2 its last value */
    cy.queue = 0;
    cycle(&cy, 150);
    CHECK_EQ(t->vb->slaves[0].al_status_code, 0x001b);
    CHECK_EQ(vbus_model_value(t->vb, 0, 0, &v), 0);
    CHECK_EQ(v, 1234);
    CHECK_EQ(vbus_model_value(t->vb, 0, 1, &v), 0);
    CHECK_EQ(v, -2000);
    /* the master brings it back (the application keeps cycling): outputs in force again */
    cy.queue = 1;
    k = 0;
    while ((va_sc_state(t, c) & 3) != 3 && k++ < 500)
        cycle(&cy, 1);
    CHECK_EQ(va_sc_state(t, c) & 3, 3);
    cycle(&cy, 3);
    CHECK_EQ(vbus_model_value(t->vb, 0, 0, &v), 0);
    CHECK_EQ(v, -5);
    CHECK_EQ(cy.errors, 0);
    vt_free(t);
}

static void test_generic(void)
{
    struct va_spec sp[2] = {{VA_GENERIC, NULL}, {VA_DO, NULL}};
    struct va_app a;
    va_app_setup(&a, "1.6", sp, 2);
    struct vt *t = &a.t;
    /* offsets in registration order: a FMMU per (configuration, sync manager) */
    CHECK_EQ(a.out[0], 0);
    CHECK_EQ(a.in[0], 3);
    CHECK_EQ(a.out[1], 7);
    CHECK_EQ(a.size, 8);
    CHECK_EQ(va_reg(t, a.cfg[0], 0x2000, 2, 0, NULL), 2);
    CHECK_EQ(va_reg(t, a.cfg[0], 0x2000, 3, 0, NULL), -ENOENT);
    a.cy.dc = 2;
    CHECK(va_app_up(&a, 500) < 500);
    CHECK_EQ(va_get(a.pd + a.in[0], 4, 1), 7); /* the dictionary's value */
    long rw = va_sdo_request(t, a.cfg[0], 0x2000, 1, 2), rb = va_sdo_request(t, a.cfg[0], 0x2000, 2, 1),
         ri = va_sdo_request(t, a.cfg[0], 0x2100, 1, 4);
    CHECK_EQ(rw, 0);
    CHECK_EQ(rb, 1);
    CHECK_EQ(ri, 2);
    /* outputs land in the mapped objects */
    va_put(a.pd + a.out[0], 2, 0xbeef);
    a.pd[a.out[0] + 2] = 0x5a;
    va_app_cycle(&a, 3);
    CHECK_EQ(request_value(&a.cy, a.cfg[0], (unsigned)rw, 2, 0), 0xbeef);
    CHECK_EQ(request_value(&a.cy, a.cfg[0], (unsigned)rb, 1, 0), 0x5a);
    /* a value written into the mapped input object reaches the process data */
    uint8_t w[4];
    va_le32(w, (uint32_t)-123456);
    CHECK_EQ(request_run(&a.cy, ECA_REQ_SDO_REQUEST_WRITE, a.cfg[0], (unsigned)ri, w, 4), 2);
    va_app_cycle(&a, 2);
    CHECK_EQ(va_get(a.pd + a.in[0], 4, 1), -123456);
    int64_t v;
    CHECK_EQ(vbus_model_value(t->vb, 0, 0, &v), -EINVAL); /* no model behind it */
    CHECK_EQ(vbus_model_inject(t->vb, 0, 0, 1), -EINVAL);
    /* the digital output next to it still works */
    a.pd[a.out[1]] = (uint8_t)(1u << a.out_bit[1]);
    va_app_cycle(&a, 3);
    CHECK_EQ(vbus_model_value(t->vb, 1, 0, &v), 0);
    CHECK_EQ(v, 1);
    CHECK_EQ(a.cy.errors, 0);
    vt_free(t);
}

int main(void)
{
    test_analog_output();
    test_generic();
    return vt_done("test_vbus_app_io");
}
