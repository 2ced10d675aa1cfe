/* SPDX-License-Identifier: MIT */
/*
 * A whole IgH application through vbus_ioctl, with the request codes of the 1.6 ABI (and
 * once of 1.5.3): two CiA 402 drives, a digital input and a digital output terminal are
 * configured (explicit PDOs, a startup SDO, DC, watchdog), entries registered (offsets and
 * bit positions as IgH gives them), the master activated and its process data mapped,
 * then cycled (RECEIVE, DOMAIN_PROCESS, DOMAIN_QUEUE, APP_TIME, SYNC_REF, SYNC_SLAVES,
 * SEND) until every configuration is operational; both drives move in CSP to their
 * targets, inputs and outputs go through the terminals, a second thread uploads SDOs
 * while the first cycles, and blocking requests are released when cycling stops and the
 * master is deactivated, or when their file closes.
 */
#include <pthread.h>
#include <time.h>

#include "vbus/vb_types.h"
#include "vbus_app.h"

enum { DRIVE_A, DRIVE_B, DI, DO, CONFIGS };

struct app {
    struct vt t;
    unsigned cfg[CONFIGS];
    uint8_t *pd;
    size_t size;
    long cw[2], tpos[2], tvel[2], mode[2], sw[2], pos[2], vel[2], disp[2], err[2];
    long di, do_;
    unsigned di_bit[3], do_bit[3];
    struct va_cycle cy;
};

/*
 * n application cycles, arranged so that between two calls the process data holds fresh
 * inputs and outputs written then go out with the next frame: queue and send, then
 * receive and process (outputs written between SEND and RECEIVE would be overwritten by
 * the returning frame, as in IgH).
 */
static void cycle(struct app *a, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        va_send(&a->cy);
        va_receive(&a->cy);
    }
}

static int all_operational(struct app *a)
{
    for (unsigned i = 0; i < CONFIGS; i++)
        if ((va_sc_state(&a->t, a->cfg[i]) & (VA_ONLINE | VA_OPERATIONAL)) != (VA_ONLINE | VA_OPERATIONAL))
            return 0;
    return 1;
}

/* Cycle until every configuration is operational; the number of cycles it took. */
static unsigned bring_up(struct app *a, unsigned limit)
{
    unsigned n = 0;
    while (!all_operational(a) && n < limit) {
        cycle(a, 1);
        n++;
    }
    return n;
}

static void configure(struct app *a, const char *abi)
{
    struct va_spec sp[CONFIGS] = {{VA_DRIVE, NULL}, {VA_DRIVE, NULL}, {VA_DI, NULL}, {VA_DO, NULL}};
    va_make(&a->t, abi, sp, CONFIGS);
    struct vt *t = &a->t;
    CHECK_EQ(vt_io(t, ECA_REQ_REQUEST, NULL), 0);
    CHECK_EQ(vt_io(t, ECA_REQ_CREATE_DOMAIN, NULL), 0);
    for (unsigned i = 0; i < CONFIGS; i++) {
        CHECK_EQ(va_config(t, 0, (uint16_t)i, VA_VENDOR, va_product(sp[i].kind), &a->cfg[i]), 0);
        CHECK_EQ(a->cfg[i], i);
    }
    /* the same alias/position again: the same configuration, or ENOENT for another identity */
    unsigned again = 99;
    CHECK_EQ(va_config(t, 0, 1, VA_VENDOR, VA_DRIVE_PRODUCT, &again), 0);
    CHECK_EQ(again, 1);
    CHECK_EQ(va_config(t, 0, 1, VA_VENDOR, VA_DI_PRODUCT, NULL), -ENOENT);

    /* drive A: its PDOs given explicitly (as ecrt_slave_config_pdos does), CSP by startup
     * SDO, DC SYNC0 at 1 ms, an explicit watchdog of 100 ms */
    unsigned A = a->cfg[DRIVE_A];
    CHECK_EQ(va_sync(t, A, 2, 1, 1), 0);
    CHECK_EQ(va_pdo(t, ECA_REQ_SC_CLEAR_PDOS, A, 2, 0), 0);
    CHECK_EQ(va_pdo(t, ECA_REQ_SC_ADD_PDO, A, 2, 0x1600), 0);
    CHECK_EQ(va_pdo(t, ECA_REQ_SC_CLEAR_ENTRIES, A, 2, 0x1600), 0);
    for (unsigned i = 0; i < 4; i++)
        CHECK_EQ(va_entry(t, A, 0x1600, (uint16_t)(va_drive_rx[i] >> 16), 0, (uint8_t)va_drive_rx[i]), 0);
    CHECK_EQ(va_sync(t, A, 3, 2, 0), 0);
    CHECK_EQ(va_pdo(t, ECA_REQ_SC_CLEAR_PDOS, A, 3, 0), 0);
    CHECK_EQ(va_pdo(t, ECA_REQ_SC_ADD_PDO, A, 3, 0x1a00), 0); /* takes the slave's mapping */
    for (unsigned k = 0; k < 2; k++) {
        int8_t csp = 8;
        CHECK_EQ(va_sdo(t, a->cfg[k], 0x6060, 0, &csp, 1), 0);
        CHECK_EQ(va_dc(t, a->cfg[k], 0x0300, 1000000, 0), 0);
    }
    CHECK_EQ(va_watchdog(t, A, 2498, 1000), 0);

    /* registration: each (config, SM, domain) gets one FMMU over the SM's whole data, in
     * the order of first registration */
    for (unsigned k = 0; k < 2; k++) {
        unsigned c = a->cfg[k], bit = 9;
        long base = 24 * k;
        CHECK_EQ(a->cw[k] = va_reg(t, c, 0x6040, 0, 0, &bit), base);
        CHECK_EQ(bit, 0);
        CHECK_EQ(a->tpos[k] = va_reg(t, c, 0x607a, 0, 0, &bit), base + 2);
        CHECK_EQ(a->tvel[k] = va_reg(t, c, 0x60ff, 0, 0, &bit), base + 6);
        CHECK_EQ(a->mode[k] = va_reg(t, c, 0x6060, 0, 0, &bit), base + 10);
        CHECK_EQ(a->sw[k] = va_reg(t, c, 0x6041, 0, 0, &bit), base + 11);
        CHECK_EQ(a->pos[k] = va_reg(t, c, 0x6064, 0, 0, &bit), base + 13);
        CHECK_EQ(a->vel[k] = va_reg(t, c, 0x606c, 0, 0, &bit), base + 17);
        CHECK_EQ(a->disp[k] = va_reg(t, c, 0x6061, 0, 0, &bit), base + 21);
        CHECK_EQ(a->err[k] = va_reg(t, c, 0x603f, 0, 0, &bit), base + 22);
        /* registering again gives the same place */
        CHECK_EQ(va_reg(t, c, 0x6064, 0, 0, &bit), base + 13);
    }
    /* an entry the drive has but that is not in the configuration's mapping */
    CHECK_EQ(va_reg(t, a->cfg[DRIVE_A], 0x6077, 0, 0, NULL), -ENOENT);
    CHECK_EQ(va_reg(t, a->cfg[DRIVE_A], 0x6040, 0, 5, NULL), -ENOENT); /* no such domain */
    CHECK_EQ(va_reg(t, 77, 0x6040, 0, 0, NULL), -ENOENT);              /* no such config */
    /* bit-sized entries: channel n of a digital terminal is bit n of its one byte */
    static const uint8_t ch[3] = {0, 2, 7};
    for (unsigned i = 0; i < 3; i++) {
        long off = va_reg(t, a->cfg[DI], (uint16_t)(0x6000 + 0x10 * ch[i]), 1, 0, &a->di_bit[i]);
        CHECK_EQ(off, 48);
        CHECK_EQ(a->di_bit[i], ch[i]);
        off = va_reg(t, a->cfg[DO], (uint16_t)(0x7000 + 0x10 * ch[i]), 1, 0, &a->do_bit[i]);
        CHECK_EQ(off, 49);
        CHECK_EQ(a->do_bit[i], ch[i]);
    }
    a->di = 48;
    a->do_ = 49;
    CHECK_EQ(vt_io(t, ECA_REQ_DOMAIN_SIZE, (void *)(uintptr_t)0), 50);
    CHECK_EQ(vt_io(t, ECA_REQ_DOMAIN_OFFSET, (void *)(uintptr_t)0), 0);
    CHECK_EQ(vt_io(t, ECA_REQ_DOMAIN_SIZE, (void *)(uintptr_t)1), -ENOENT);

    /* the tool's view of a configuration */
    uint8_t b[512];
    CHECK_EQ(va_config_info(t, A, b), 0);
    const struct eca_layout *l = vt_l(t, ECA_ST_CONFIG);
    CHECK_EQ(eca_get(b, l, ECA_CONFIG_F_VENDOR_ID, 0, 0), VA_VENDOR);
    CHECK_EQ((int32_t)eca_get(b, l, ECA_CONFIG_F_SLAVE_POSITION, 0, 0), 0);
    CHECK_EQ(eca_get(b, l, ECA_CONFIG_F_SYNCS_PDO_COUNT, 2, 0), 1);
    CHECK_EQ(eca_get(b, l, ECA_CONFIG_F_SYNCS_DIR, 2, 0), 1);
    CHECK_EQ(eca_get(b, l, ECA_CONFIG_F_SYNCS_WATCHDOG_MODE, 2, 0), 1);
    CHECK_EQ(eca_get(b, l, ECA_CONFIG_F_SYNCS_DIR, 3, 0), 2);
    CHECK_EQ(eca_get(b, l, ECA_CONFIG_F_SDO_COUNT, 0, 0), 1);
    CHECK_EQ(eca_get(b, l, ECA_CONFIG_F_WATCHDOG_INTERVALS, 0, 0), 1000);
    CHECK_EQ(eca_get(b, l, ECA_CONFIG_F_DC_ASSIGN_ACTIVATE, 0, 0), 0x0300);
    CHECK_EQ((uint32_t)eca_get(b, l, ECA_CONFIG_F_DC_SYNC, 0, 0), 1000000);

    CHECK_EQ(va_activate(t, &a->pd, &a->size), 0);
    CHECK_EQ(a->size, 50);
    CHECK(a->pd != NULL);
    memset(&a->cy, 0, sizeof a->cy);
    a->cy.t = t;
    a->cy.domains = 1;
    a->cy.app_time = 1000000000ull;
    a->cy.step = 1000000; /* 1 kHz */
    a->cy.dc = 1;
    a->cy.queue = 1;
}

/* The tool's DOMAIN and DOMAIN_FMMU lookups of the active domain. */
static void check_domain_lookups(struct app *a)
{
    struct vt *t = &a->t;
    uint8_t b[64] = {0};
    CHECK_EQ(vt_io(t, ECA_REQ_DOMAIN, b), 0);
    CHECK_EQ(vt_get(t, b, ECA_ST_DOMAIN, ECA_DOMAIN_F_DATA_SIZE), 50);
    CHECK_EQ(vt_get(t, b, ECA_ST_DOMAIN, ECA_DOMAIN_F_LOGICAL_BASE_ADDRESS), 0);
    /* one LRW: three configurations with outputs (x2), three with inputs */
    CHECK_EQ(vt_get(t, b, ECA_ST_DOMAIN, ECA_DOMAIN_F_EXPECTED_WORKING_COUNTER), 9);
    CHECK_EQ(vt_get(t, b, ECA_ST_DOMAIN, ECA_DOMAIN_F_FMMU_COUNT), 6);
    static const struct {
        unsigned sync, dir, addr, size;
    } fmmus[6] = {{2, 1, 0, 11}, {3, 2, 11, 13}, {2, 1, 24, 11}, {3, 2, 35, 13}, {0, 2, 48, 1}, {0, 1, 49, 1}};
    for (unsigned i = 0; i < 6; i++) {
        memset(b, 0, sizeof b);
        vt_put(t, b, ECA_ST_DOMAIN_FMMU, ECA_DOMAIN_FMMU_F_FMMU_INDEX, i);
        CHECK_EQ(vt_io(t, ECA_REQ_DOMAIN_FMMU, b), 0);
        CHECK_EQ(vt_get(t, b, ECA_ST_DOMAIN_FMMU, ECA_DOMAIN_FMMU_F_SYNC_INDEX), fmmus[i].sync);
        CHECK_EQ(vt_get(t, b, ECA_ST_DOMAIN_FMMU, ECA_DOMAIN_FMMU_F_DIR), fmmus[i].dir);
        CHECK_EQ(vt_get(t, b, ECA_ST_DOMAIN_FMMU, ECA_DOMAIN_FMMU_F_LOGICAL_ADDRESS), fmmus[i].addr);
        CHECK_EQ(vt_get(t, b, ECA_ST_DOMAIN_FMMU, ECA_DOMAIN_FMMU_F_DATA_SIZE), fmmus[i].size);
        CHECK_EQ(vt_get(t, b, ECA_ST_DOMAIN_FMMU, ECA_DOMAIN_FMMU_F_SLAVE_CONFIG_POSITION), i < 4 ? i / 2 : i - 2);
    }
    memset(b, 0, sizeof b);
    vt_put(t, b, ECA_ST_DOMAIN_FMMU, ECA_DOMAIN_FMMU_F_FMMU_INDEX, 6);
    CHECK_EQ(vt_io(t, ECA_REQ_DOMAIN_FMMU, b), -EINVAL);
    /* DOMAIN_DATA copies the process data when the size matches */
    uint8_t data[50];
    memset(b, 0, sizeof b);
    vt_put(t, b, ECA_ST_DOMAIN_DATA, ECA_DOMAIN_DATA_F_DATA_SIZE, 50);
    vt_put_ptr(t, b, ECA_ST_DOMAIN_DATA, ECA_DOMAIN_DATA_F_TARGET, data);
    CHECK_EQ(vt_io(t, ECA_REQ_DOMAIN_DATA, b), 0);
    CHECK_EQ(memcmp(data, a->pd, 50), 0);
    vt_put(t, b, ECA_ST_DOMAIN_DATA, ECA_DOMAIN_DATA_F_DATA_SIZE, 49);
    CHECK_EQ(vt_io(t, ECA_REQ_DOMAIN_DATA, b), -EFAULT);
    /* the master reports itself active */
    uint8_t m[512] = {0};
    CHECK_EQ(vt_io(t, ECA_REQ_MASTER, m), 0);
    CHECK_EQ(vt_get(t, m, ECA_ST_MASTER, ECA_MASTER_F_ACTIVE), 1);
    CHECK_EQ(vt_get(t, m, ECA_ST_MASTER, ECA_MASTER_F_CONFIG_COUNT), 4);
    CHECK_EQ(vt_get(t, m, ECA_ST_MASTER, ECA_MASTER_F_DOMAIN_COUNT), 1);
    CHECK_EQ(vt_get(t, m, ECA_ST_MASTER, ECA_MASTER_F_REF_CLOCK), 0);
}

/* ---- CiA 402 through the process data ---- */

static uint16_t statusword(struct app *a, unsigned k)
{
    return (uint16_t)va_get(a->pd + a->sw[k], 2, 0);
}

static int32_t position(struct app *a, unsigned k)
{
    return (int32_t)va_get(a->pd + a->pos[k], 4, 1);
}

/* Shutdown, switch on, enable operation, each command held until the drive reports it. */
static void enable(struct app *a, unsigned k)
{
    static const struct {
        uint16_t cw, mask, sw;
    } steps[] = {{0x0006, 0x006f, 0x0021}, {0x0007, 0x006f, 0x0023}, {0x000f, 0x006f, 0x0027}};
    for (unsigned s = 0; s < 3; s++) {
        unsigned n = 0;
        va_put(a->pd + a->cw[k], 2, steps[s].cw);
        while ((statusword(a, k) & steps[s].mask) != steps[s].sw && n++ < 20)
            cycle(a, 1);
        CHECK_EQ(statusword(a, k) & steps[s].mask, steps[s].sw);
    }
}

static void test_csp_motion(struct app *a)
{
    /* the drive starts in "switch on disabled" with the mode the startup SDO set */
    for (unsigned k = 0; k < 2; k++) {
        CHECK_EQ(statusword(a, k) & 0x004f, 0x0040);
        CHECK_EQ((int8_t)a->pd[a->disp[k]], 0); /* no mode in force until the PDO says so */
        a->pd[a->mode[k]] = 8;
        va_put(a->pd + a->tpos[k], 4, position(a, k)); /* hold where it stands */
    }
    cycle(a, 3);
    for (unsigned k = 0; k < 2; k++) {
        CHECK_EQ((int8_t)a->pd[a->disp[k]], 8);
        enable(a, k);
    }
    /* interpolated set-points: 200 counts per 1 ms cycle (200000 counts/s) */
    int32_t target[2] = {100000, -50000}, sp[2] = {position(a, 0), position(a, 1)};
    unsigned n = 0;
    while ((sp[0] != target[0] || sp[1] != target[1]) && n++ < 2000) {
        for (unsigned k = 0; k < 2; k++) {
            int32_t d = target[k] - sp[k];
            sp[k] += d > 200 ? 200 : d < -200 ? -200 : d;
            va_put(a->pd + a->tpos[k], 4, sp[k]);
        }
        cycle(a, 1);
    }
    cycle(a, 5);
    for (unsigned k = 0; k < 2; k++) {
        CHECK_EQ(position(a, k), target[k]);
        CHECK_EQ(va_get(a->pd + a->vel[k], 4, 1), 0);
        CHECK_EQ(statusword(a, k) & 0x346f, 0x1427); /* enabled, target reached, following */
        CHECK_EQ(va_get(a->pd + a->err[k], 2, 0), 0);
        int64_t v;
        CHECK_EQ(vbus_model_value(a->t.vb, (uint16_t)k, VBUS_DRIVE_POSITION, &v), 0);
        CHECK_EQ(v, target[k]);
    }
    CHECK_EQ(a->cy.errors, 0);
}

/* ---- digital I/O ---- */

static void test_digital_io(struct app *a)
{
    struct vt *t = &a->t;
    /* outputs: the terminal puts into force what the frames carry (in OP) */
    a->pd[a->do_] = (uint8_t)((1u << a->do_bit[0]) | (1u << a->do_bit[2]));
    cycle(a, 3);
    int64_t v;
    CHECK_EQ(vbus_model_value(t->vb, 3, 0, &v), 0);
    CHECK_EQ(v, 1);
    CHECK_EQ(vbus_model_value(t->vb, 3, 2, &v), 0);
    CHECK_EQ(v, 0);
    CHECK_EQ(vbus_model_value(t->vb, 3, 7, &v), 0);
    CHECK_EQ(v, 1);
    CHECK_EQ(vbus_model_value(t->vb, 3, 8, &v), -EINVAL);
    /* the process data memory of the ESC holds them (register 0x0f00, SM0 of the terminal) */
    CHECK_EQ(t->vb->slaves[3].pd_ram[0], 0x81);
    /* inputs: injected values reach the process data one cycle later */
    CHECK_EQ(vbus_model_inject(t->vb, 2, 0, 1), 0);
    CHECK_EQ(vbus_model_inject(t->vb, 2, 2, 1), 0);
    CHECK_EQ(vbus_model_inject(t->vb, 2, 7, 0), 0);
    cycle(a, 2);
    CHECK_EQ((a->pd[a->di] >> a->di_bit[0]) & 1, 1);
    CHECK_EQ((a->pd[a->di] >> a->di_bit[1]) & 1, 1);
    CHECK_EQ((a->pd[a->di] >> a->di_bit[2]) & 1, 0);
    CHECK_EQ(vbus_model_inject(t->vb, 2, 2, 0), 0);
    cycle(a, 2);
    CHECK_EQ((a->pd[a->di] >> a->di_bit[1]) & 1, 0);
    CHECK_EQ(vbus_model_inject(t->vb, 2, 9, 1), -EINVAL);
    CHECK_EQ(vbus_model_inject(t->vb, 3, 0, 1), -EINVAL); /* outputs take no injection */
    /* released: the channels follow the default pattern, bit n of a counter of 100 ms */
    for (unsigned c = 0; c < 8; c++)
        CHECK_EQ(vbus_model_release(t->vb, 2, c), 0);
    cycle(a, 1);
    uint8_t before = a->pd[a->di];
    cycle(a, 100); /* 100 ms of application time */
    uint8_t after = a->pd[a->di];
    CHECK_EQ((uint8_t)(after - before), 1);
}

/* ---- SDO transfers while cycling ---- */

struct upload_job {
    struct vt *t;
    unsigned pos;
    uint16_t index;
    uint8_t sub;
    uint8_t data[8];
    size_t size;
    uint32_t abort;
    long result;
    volatile int done;
};

static void *upload_thread(void *p)
{
    struct upload_job *j = p;
    j->result = vt_upload(j->t, j->pos, j->index, j->sub, j->data, sizeof j->data, &j->size, &j->abort);
    __atomic_store_n(&j->done, 1, __ATOMIC_RELEASE);
    return NULL;
}

static int done(struct upload_job *j)
{
    return __atomic_load_n(&j->done, __ATOMIC_ACQUIRE);
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = {0, (long)ms * 1000000L};
    nanosleep(&ts, NULL);
}

static void test_sdo_while_cycling(struct app *a)
{
    struct vt *t = &a->t;
    struct upload_job j = {t, 0, 0x6064, 0, {0}, 0, 0, 0, 0};
    pthread_t th;
    CHECK_EQ(pthread_create(&th, NULL, upload_thread, &j), 0);
    unsigned cycles = 0;
    while (!done(&j) && cycles < 100000) {
        cycle(a, 1);
        cycles++;
        if (!(cycles % 8))
            sleep_ms(1);
    }
    pthread_join(th, NULL);
    CHECK_EQ(j.result, 0);
    CHECK_EQ(j.size, 4);
    CHECK_EQ((int32_t)va_get(j.data, 4, 1), position(a, 0));
    CHECK(cycles >= 3); /* at least a write, a check and a fetch */
}

struct download_job {
    struct vt *t;
    unsigned pos;
    uint16_t index;
    uint32_t value;
    uint32_t abort;
    long result;
    volatile int done;
};

static void *download_thread(void *p)
{
    struct download_job *j = p;
    j->result = vt_download(j->t, j->pos, j->index, 0, 0, &j->value, 4, &j->abort);
    __atomic_store_n(&j->done, 1, __ATOMIC_RELEASE);
    return NULL;
}

static void test_download_while_cycling(struct app *a)
{
    struct download_job j = {&a->t, 1, 0x6065, 5000, 1, -1, 0};
    pthread_t th;
    CHECK_EQ(pthread_create(&th, NULL, download_thread, &j), 0);
    unsigned cycles = 0;
    while (!__atomic_load_n(&j.done, __ATOMIC_ACQUIRE) && cycles < 100000) {
        cycle(a, 1);
        if (!(++cycles % 8))
            sleep_ms(1);
    }
    pthread_join(th, NULL);
    CHECK_EQ(j.result, 0);
    CHECK_EQ(j.abort, 0);
    /* read back with an upload while cycling */
    struct upload_job u = {&a->t, 1, 0x6065, 0, {0}, 0, 0, 0, 0};
    CHECK_EQ(pthread_create(&th, NULL, upload_thread, &u), 0);
    cycles = 0;
    while (!done(&u) && cycles < 100000) {
        cycle(a, 1);
        if (!(++cycles % 8))
            sleep_ms(1);
    }
    pthread_join(th, NULL);
    CHECK_EQ(u.result, 0);
    CHECK_EQ(va_get(u.data, 4, 0), 5000);
}

/* Cycling stops: the upload waits (as on IgH); DEACTIVATE lets the idle master finish it. */
static void test_blocking_without_cycles(struct app *a)
{
    struct upload_job j = {&a->t, 1, 0x6041, 0, {0}, 0, 0, 0, 0};
    pthread_t th;
    CHECK_EQ(pthread_create(&th, NULL, upload_thread, &j), 0);
    sleep_ms(50);
    CHECK_EQ(done(&j), 0); /* no cycles, no progress */
    CHECK_EQ(vt_io(&a->t, ECA_REQ_DEACTIVATE, NULL), 0);
    pthread_join(th, NULL);
    CHECK_EQ(j.result, 0); /* IgH's idle thread completes it */
    CHECK_EQ(j.size, 2);
    CHECK_EQ(vt_io(&a->t, ECA_REQ_DEACTIVATE, NULL), -EINVAL); /* not active any more */
    uint8_t m[512] = {0};
    CHECK_EQ(vt_io(&a->t, ECA_REQ_MASTER, m), 0);
    CHECK_EQ(vt_get(&a->t, m, ECA_ST_MASTER, ECA_MASTER_F_ACTIVE), 0);
    CHECK_EQ(vt_get(&a->t, m, ECA_ST_MASTER, ECA_MASTER_F_CONFIG_COUNT), 0);
    /* the idle master takes the slaves back to PREOP (through INIT) */
    for (unsigned p = 0; p < CONFIGS; p++)
        CHECK_EQ(vt_al_state(&a->t, p), 2);
    /* the process data stays mapped until the file closes */
    void *addr;
    size_t size;
    CHECK_EQ(vbus_process_data(a->t.f, &addr, &size), 0);
    CHECK(addr == a->pd);
    CHECK_EQ(size, 50);
}

/* A request whose own file closes while it waits: it returns -EINTR, the close waits for it. */
struct own_job {
    struct vt *t;
    struct vbus_file *f;
    long result;
    volatile int done;
};

static void *own_thread(void *p)
{
    struct own_job *j = p;
    uint8_t buf[64] = {0}, data[8];
    enum eca_struct st = ECA_ST_SLAVE_SDO_UPLOAD;
    vt_put(j->t, buf, st, ECA_SLAVE_SDO_UPLOAD_F_SLAVE_POSITION, 0);
    vt_put(j->t, buf, st, ECA_SLAVE_SDO_UPLOAD_F_SDO_INDEX, 0x6041);
    vt_put(j->t, buf, st, ECA_SLAVE_SDO_UPLOAD_F_TARGET_SIZE, sizeof data);
    vt_put_ptr(j->t, buf, st, ECA_SLAVE_SDO_UPLOAD_F_TARGET, data);
    j->result = vt_io_f(j->t, j->f, ECA_REQ_SLAVE_SDO_UPLOAD, buf);
    __atomic_store_n(&j->done, 1, __ATOMIC_RELEASE);
    return NULL;
}

static void test_close_releases_waiter(const char *abi)
{
    struct app a;
    configure(&a, abi);
    CHECK(bring_up(&a, 3000) < 3000);
    struct vbus_file *f2;
    CHECK_EQ(vbus_open(a.t.vb, 1, &f2), 0);
    struct own_job j = {&a.t, f2, 1, 0};
    pthread_t th;
    CHECK_EQ(pthread_create(&th, NULL, own_thread, &j), 0);
    sleep_ms(30);
    CHECK_EQ(__atomic_load_n(&j.done, __ATOMIC_ACQUIRE), 0);
    vbus_close(f2); /* returns only after the waiter left the master */
    pthread_join(th, NULL);
    CHECK_EQ(j.result, -EINTR);
    /* the master keeps working for its holder */
    cycle(&a, 10);
    CHECK(all_operational(&a));
    CHECK_EQ(a.cy.errors, 0);
    vt_free(&a.t);
}

static void run(const char *abi)
{
    struct app a;
    configure(&a, abi);
    unsigned n = bring_up(&a, 3000);
    CHECK(n < 3000);
    CHECK(n > 10); /* configuration takes cycles: one step of the walk per SEND */
    unsigned st;
    CHECK_EQ(va_domain_state(&a.t, 0, &st), 9);
    CHECK_EQ(st, 2); /* complete */
    unsigned al, link;
    CHECK_EQ(va_master_state(&a.t, &al, &link), 4);
    CHECK_EQ(al, 8);
    CHECK_EQ(link, 1);
    check_domain_lookups(&a);
    test_csp_motion(&a);
    test_digital_io(&a);
    test_sdo_while_cycling(&a);
    test_download_while_cycling(&a);
    test_blocking_without_cycles(&a);
    vt_free(&a.t);
    test_close_releases_waiter(abi);
}

int main(void)
{
    run("1.6");
    run("1.5.3");
    return vt_done("test_vbus_app");
}
