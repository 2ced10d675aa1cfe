/* SPDX-License-Identifier: MIT */
/*
 * The configuration side of the application phase: identity mismatch (the configuration
 * stays detached), process data configurations a slave refuses (0x001D invalid outputs,
 * 0x001E invalid inputs, 0x0030 DC required), a PDO mapping the drive cannot do (CoE abort
 * on the mapping download; the configuration fails) and one it can (remapped through CoE,
 * then in force), the errno of every SC_* request, the CONFIG* lookups, non-blocking SDO
 * and register requests advanced by the cycle, DC (registers, reference clock time, sync
 * monitor), the emergency ring, and the development line's SEND with a byte count.
 */
#include "vbus/vb_types.h"
#include "vbus/vb_od.h"
#include "vbus_app.h"

static uint32_t od_u32(struct vt *t, unsigned pos, uint16_t index, uint8_t sub)
{
    const struct vb_object *o = vb_od_find(&t->vb->slaves[pos].od, index);
    const struct vb_entry *e = o ? vb_od_entry(o, sub) : NULL;
    uint32_t v = 0;
    for (unsigned i = 0; e && i < e->cap && i < 4; i++)
        v |= (uint32_t)e->value[i] << (8 * i);
    return e ? v : 0xdeadbeef;
}

static unsigned cycle_until_settled(struct va_app *a, unsigned cycles)
{
    va_app_cycle(a, cycles);
    return a->t.vb->cycles;
}

/* ---- identity ---- */

static void test_identity(void)
{
    struct va_spec sp[3] = {{VA_DRIVE, NULL}, {VA_DI, NULL}, {VA_DO, NULL}};
    struct vt t;
    va_make(&t, "1.6", sp, 3);
    CHECK_EQ(vt_io(&t, ECA_REQ_REQUEST, NULL), 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_CREATE_DOMAIN, NULL), 0);
    unsigned drive, wrong, none, dout;
    CHECK_EQ(va_config(&t, 0, 0, VA_VENDOR, VA_DRIVE_PRODUCT, &drive), 0);
    CHECK_EQ(va_config(&t, 0, 1, VA_VENDOR, VA_DO_PRODUCT, &wrong), 0); /* position 1 is a DI */
    CHECK_EQ(va_config(&t, 0, 9, VA_VENDOR, VA_DO_PRODUCT, &none), 0);  /* no slave there */
    CHECK_EQ(va_config(&t, 0, 2, VA_VENDOR, VA_DO_PRODUCT, &dout), 0);
    CHECK_EQ(va_sc_state(&t, wrong), 0);
    CHECK_EQ(va_sc_state(&t, none), 0);
    uint8_t b[512];
    CHECK_EQ(va_config_info(&t, wrong, b), 0);
    CHECK_EQ((int32_t)vt_get(&t, b, ECA_ST_CONFIG, ECA_CONFIG_F_SLAVE_POSITION), -1);
    CHECK_EQ(vt_get(&t, b, ECA_ST_CONFIG, ECA_CONFIG_F_PRODUCT_CODE), VA_DO_PRODUCT);
    /* a detached configuration has no default PDOs: nothing to register */
    CHECK_EQ(va_reg(&t, wrong, 0x7000, 1, 0, NULL), -ENOENT);
    /* by alias: a slave with the alias, then positions after it */
    uint16_t alias = 0x0042;
    CHECK_EQ(vt_sii(&t, 1, 2, 4, 1, &alias), 0); /* alias word of the DO */
    unsigned by_alias;
    CHECK_EQ(va_config(&t, 0x42, 0, VA_VENDOR, VA_DO_PRODUCT, &by_alias), 0);
    CHECK_EQ(va_sc_state(&t, by_alias), 0); /* the DO already has a configuration: stays detached */
    CHECK_EQ(va_reg(&t, drive, 0x6040, 0, 0, NULL), 0);
    CHECK_EQ(va_reg(&t, dout, 0x7000, 1, 0, NULL), 11); /* after the drive's outputs */
    uint8_t *pd;
    size_t size;
    CHECK_EQ(va_activate(&t, &pd, &size), 0);
    struct va_cycle cy = {&t, 1, 1000000000ull, 1000000, 1, 1, 0};
    for (unsigned i = 0; i < 300; i++) {
        va_send(&cy);
        va_receive(&cy);
    }
    CHECK_EQ(va_sc_state(&t, drive) & 3, 3);
    CHECK_EQ(va_sc_state(&t, dout) & 3, 3);
    CHECK_EQ(va_sc_state(&t, wrong), 0);
    CHECK_EQ(vt_al_state(&t, 1), 2); /* the unconfigured DI stays in PREOP */
    CHECK_EQ(cy.errors, 0);
    vt_free(&t);
}

/* ---- refused process data configurations ---- */

static void test_refused(void)
{
    struct va_spec sp[3] = {{VA_DRIVE, NULL}, {VA_DI, NULL}, {VA_DO, NULL}};
    struct vt t;
    va_make(&t, "1.6", sp, 3);
    CHECK_EQ(vt_io(&t, ECA_REQ_REQUEST, NULL), 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_CREATE_DOMAIN, NULL), 0);
    unsigned drive, di, dout;
    CHECK_EQ(va_config(&t, 0, 0, VA_VENDOR, VA_DRIVE_PRODUCT, &drive), 0);
    CHECK_EQ(va_config(&t, 0, 1, VA_VENDOR, VA_DI_PRODUCT, &di), 0);
    CHECK_EQ(va_config(&t, 0, 2, VA_VENDOR, VA_DO_PRODUCT, &dout), 0);
    /* the terminals' mappings are fixed: one more byte in the configuration than they serve */
    CHECK_EQ(va_entry(&t, dout, 0x1600, 0x7000, 2, 8), 0);
    CHECK_EQ(va_entry(&t, di, 0x1a00, 0x6000, 2, 8), 0);
    /* the drive: an object it cannot map */
    CHECK_EQ(va_entry(&t, drive, 0x1a00, 0x6077, 0, 16), 0);
    CHECK_EQ(va_reg(&t, drive, 0x6077, 0, 0, NULL), 13); /* SM3 now 15 bytes */
    CHECK_EQ(va_reg(&t, di, 0x6000, 1, 0, NULL), 15);
    CHECK_EQ(va_reg(&t, dout, 0x7000, 1, 0, NULL), 15 + 2);
    uint8_t *pd;
    size_t size;
    CHECK_EQ(va_activate(&t, &pd, &size), 0);
    CHECK_EQ(size, 15 + 2 + 2);
    struct va_cycle cy = {&t, 1, 1000000000ull, 1000000, 1, 1, 0};
    for (unsigned i = 0; i < 300; i++) {
        va_send(&cy);
        va_receive(&cy);
    }
    /* DO: SM0 configured 2 bytes, the terminal serves 1: SAFEOP refused, invalid outputs */
    CHECK_EQ(t.vb->slaves[2].al_status_code, 0x001d);
    CHECK_EQ(t.vb->slaves[2].error_flag, 1);
    CHECK_EQ(va_sc_state(&t, dout), VA_ONLINE | (2 << 2));
    /* DI: invalid input configuration */
    CHECK_EQ(t.vb->slaves[1].al_status_code, 0x001e);
    CHECK_EQ(va_sc_state(&t, di), VA_ONLINE | (2 << 2));
    /* drive: the mapping download was aborted (0x06040041): the configuration failed in
     * PREOP, the drive's mapping is unchanged */
    CHECK_EQ(t.vb->slaves[0].error_flag, 1);
    CHECK_EQ(va_sc_state(&t, drive), VA_ONLINE | (2 << 2));
    CHECK_EQ(od_u32(&t, 0, 0x1a00, 0), 0); /* IgH zeroed the count before the entries */
    CHECK_EQ(od_u32(&t, 0, 0x1a00, 6), 0);
    unsigned st;
    CHECK_EQ(va_domain_state(&t, 0, &st), 0);
    CHECK_EQ(st, 0);
    /* RESET asks for OP again: same refusals */
    CHECK_EQ(vt_io(&t, ECA_REQ_RESET, NULL), 0);
    CHECK_EQ(t.vb->slaves[2].error_flag, 0);
    for (unsigned i = 0; i < 100; i++) {
        va_send(&cy);
        va_receive(&cy);
    }
    CHECK_EQ(t.vb->slaves[2].error_flag, 1);
    CHECK_EQ(t.vb->slaves[2].al_status_code, 0x001d);
    vt_free(&t);
}

/* The CoE checks of PDO configuration writes, as the tool's SDO downloads see them. */
static void test_mapping_aborts(void)
{
    struct va_spec sp[1] = {{VA_DRIVE, NULL}};
    struct vt t;
    va_make(&t, "1.6", sp, 1);
    uint32_t abort, v = 0x60770010; /* not PDO-mappable */
    CHECK_EQ(vt_download(&t, 0, 0x1a00, 6, 0, &v, 4, &abort), -EIO);
    CHECK_EQ(abort, 0x06040041);
    v = 0x60400010; /* RxPDO-mappable only */
    CHECK_EQ(vt_download(&t, 0, 0x1a00, 6, 0, &v, 4, &abort), -EIO);
    CHECK_EQ(abort, 0x06040041);
    v = 0x60f40010; /* 32 bits, not 16 */
    CHECK_EQ(vt_download(&t, 0, 0x1a00, 6, 0, &v, 4, &abort), -EIO);
    CHECK_EQ(abort, 0x06040041);
    v = 0x60f40020;
    CHECK_EQ(vt_download(&t, 0, 0x1a00, 6, 0, &v, 4, &abort), 0);
    v = 0x00000008; /* a gap */
    CHECK_EQ(vt_download(&t, 0, 0x1a00, 7, 0, &v, 4, &abort), 0);
    uint8_t n = 9; /* more entries than the mapping object has */
    CHECK_EQ(vt_download(&t, 0, 0x1a00, 0, 0, &n, 1, &abort), -EIO);
    CHECK_EQ(abort, 0x06040042);
    n = 7;
    CHECK_EQ(vt_download(&t, 0, 0x1a00, 0, 0, &n, 1, &abort), 0);
    uint16_t pdo = 0x1234; /* no such PDO */
    CHECK_EQ(vt_download(&t, 0, 0x1c13, 2, 0, &pdo, 2, &abort), -EIO);
    CHECK_EQ(abort, 0x06090030);
    n = 3; /* the assignment object has two entries */
    CHECK_EQ(vt_download(&t, 0, 0x1c13, 0, 0, &n, 1, &abort), -EIO);
    CHECK_EQ(abort, 0x06090031);
    vt_free(&t);
}

/* A mapping the drive can do: the master writes it through CoE (remap, then assign). */
static void test_remap(void)
{
    struct va_spec sp[1] = {{VA_DRIVE, NULL}};
    struct vt t;
    va_make(&t, "1.6", sp, 1);
    CHECK_EQ(vt_io(&t, ECA_REQ_REQUEST, NULL), 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_CREATE_DOMAIN, NULL), 0);
    unsigned c;
    CHECK_EQ(va_config(&t, 0, 0, VA_VENDOR, VA_DRIVE_PRODUCT, &c), 0);
    CHECK_EQ(va_entry(&t, c, 0x1a00, 0x60f4, 0, 32), 0);
    CHECK_EQ(va_reg(&t, c, 0x6041, 0, 0, NULL), 0);
    unsigned bit;
    CHECK_EQ(va_reg(&t, c, 0x60f4, 0, 0, &bit), 13);
    CHECK_EQ(va_reg(&t, c, 0x6040, 0, 0, NULL), 17);
    uint8_t *pd;
    size_t size;
    CHECK_EQ(va_activate(&t, &pd, &size), 0);
    CHECK_EQ(size, 17 + 11);
    struct va_cycle cy = {&t, 1, 1000000000ull, 1000000, 1, 1, 0};
    unsigned k = 0;
    while ((va_sc_state(&t, c) & 3) != 3 && k++ < 300) {
        va_send(&cy);
        va_receive(&cy);
    }
    CHECK((va_sc_state(&t, c) & 3) == 3);
    CHECK_EQ(od_u32(&t, 0, 0x1a00, 0), 6);
    CHECK_EQ(od_u32(&t, 0, 0x1a00, 6), 0x60f40020);
    CHECK_EQ(t.vb->slaves[0].pd_sm[1].len, 17);
    /* the master's view of the slave's PDOs is the new one (ethercat pdos) */
    uint8_t b[256] = {0};
    vt_put(&t, b, ECA_ST_SLAVE_SYNC_PDO, ECA_SLAVE_SYNC_PDO_F_SYNC_INDEX, 3);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SYNC_PDO, b), 0);
    CHECK_EQ(vt_get(&t, b, ECA_ST_SLAVE_SYNC_PDO, ECA_SLAVE_SYNC_PDO_F_ENTRY_COUNT), 6);
    unsigned st;
    CHECK_EQ(va_domain_state(&t, 0, &st), 3);
    CHECK_EQ(st, 2);
    vt_free(&t);
}

/* A drive whose model requires DC SYNC0: without SC_DC it refuses SAFEOP with 0x0030. */
static void test_require_dc(void)
{
    struct va_tlv p = {{0}, 0};
    uint8_t one = 1;
    va_tlv(&p, 0x0013, &one, 1);
    struct va_spec sp[2] = {{VA_DRIVE, &p}, {VA_DRIVE, &p}};
    struct vt t;
    va_make(&t, "1.6", sp, 2);
    CHECK_EQ(vt_io(&t, ECA_REQ_REQUEST, NULL), 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_CREATE_DOMAIN, NULL), 0);
    unsigned c0, c1;
    CHECK_EQ(va_config(&t, 0, 0, VA_VENDOR, VA_DRIVE_PRODUCT, &c0), 0);
    CHECK_EQ(va_config(&t, 0, 1, VA_VENDOR, VA_DRIVE_PRODUCT, &c1), 0);
    CHECK_EQ(va_dc(&t, c1, 0x0300, 2000000, 500000), 0);
    CHECK_EQ(va_reg(&t, c0, 0x6040, 0, 0, NULL), 0);
    CHECK_EQ(va_reg(&t, c1, 0x6040, 0, 0, NULL), 11);
    uint8_t *pd;
    size_t size;
    CHECK_EQ(va_activate(&t, &pd, &size), 0);
    struct va_cycle cy = {&t, 1, 1000000000ull, 1000000, 1, 1, 0};
    for (unsigned i = 0; i < 300; i++) {
        va_send(&cy);
        va_receive(&cy);
    }
    CHECK_EQ(t.vb->slaves[0].al_status_code, 0x0030);
    CHECK_EQ(VA_AL(va_sc_state(&t, c0)), 2);
    CHECK_EQ(va_sc_state(&t, c1) & 3, 3);
    /* the DC registers as the configuration walk wrote them */
    const uint8_t *r = t.vb->slaves[1].regs;
    CHECK_EQ(r[0x0980] | (r[0x0981] << 8), 0x0300);
    uint32_t cyc = (uint32_t)va_get(r + 0x09a0, 4, 0);
    CHECK_EQ(cyc, 2000000);
    uint64_t start = (uint64_t)va_get(r + 0x0990, 8, 0);
    CHECK_EQ((start - t.vb->dc_ref_time) % 2000000, 500000); /* on the cycle grid plus shift */
    CHECK(start > 1000000000ull);
    /* reference clock time: the first DC slave's time from the last sync datagram */
    uint32_t ref = 0;
    CHECK_EQ(vt_io(&t, ECA_REQ_REF_CLOCK_TIME, &ref), 0);
    uint32_t app = (uint32_t)cy.app_time;
    CHECK((uint32_t)(app - ref) < 2000000u || (uint32_t)(ref - app) < 2000000u);
    /* the sync monitor: queued, sent, received: the slaves' time differences are small */
    CHECK_EQ(vt_io(&t, ECA_REQ_SYNC_MON_QUEUE, NULL), 0);
    va_send(&cy);
    va_receive(&cy);
    uint32_t mon = 0;
    CHECK_EQ(vt_io(&t, ECA_REQ_SYNC_MON_PROCESS, &mon), 0);
    CHECK(mon < 1000);
    /* without the datagram coming back: 0xffffffff */
    CHECK_EQ(vbus_fault_link(t.vb, 0), 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_SYNC_MON_QUEUE, NULL), 0);
    va_send(&cy);
    va_receive(&cy);
    CHECK_EQ(vt_io(&t, ECA_REQ_SYNC_MON_PROCESS, &mon), 0);
    CHECK_EQ(mon, 0xffffffffu);
    CHECK_EQ(vt_io(&t, ECA_REQ_REF_CLOCK_TIME, &ref), -EIO);
    CHECK_EQ(cy.errors, 0);
    vt_free(&t);
}

/* No reference clock: DC requests answer -ENXIO. */
static void test_no_ref_clock(void)
{
    struct va_spec sp[2] = {{VA_DI, NULL}, {VA_DRIVE, NULL}};
    struct vt t;
    va_make(&t, "1.6", sp, 2);
    CHECK_EQ(vt_io(&t, ECA_REQ_REQUEST, NULL), 0);
    unsigned di;
    CHECK_EQ(va_config(&t, 0, 0, VA_VENDOR, VA_DI_PRODUCT, &di), 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_SELECT_REF_CLOCK, (void *)(uintptr_t)7), -ENOENT);
    CHECK_EQ(vt_io(&t, ECA_REQ_SELECT_REF_CLOCK, (void *)(uintptr_t)di), 0); /* cannot be one */
    uint8_t *pd;
    size_t size;
    CHECK_EQ(va_activate(&t, &pd, &size), 0);
    CHECK_EQ(size, 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_SYNC_REF, NULL), -ENXIO);
    CHECK_EQ(vt_io(&t, ECA_REQ_SYNC_SLAVES, NULL), -ENXIO);
    uint64_t when = 5;
    CHECK_EQ(vt_io(&t, ECA_REQ_SYNC_REF_TO, &when), -ENXIO);
    uint32_t ref;
    CHECK_EQ(vt_io(&t, ECA_REQ_REF_CLOCK_TIME, &ref), -ENXIO);
    uint8_t m[512] = {0};
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER, m), 0);
    CHECK_EQ(vt_get(&t, m, ECA_ST_MASTER, ECA_MASTER_F_REF_CLOCK), 0xffff);
    CHECK_EQ(vt_io(&t, ECA_REQ_APP_TIME, &when), 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER, m), 0);
    CHECK_EQ(vt_get(&t, m, ECA_ST_MASTER, ECA_MASTER_F_APP_TIME), 5);
    CHECK_EQ(vt_get(&t, m, ECA_ST_MASTER, ECA_MASTER_F_DC_REF_TIME), 5);
    size_t interval = 500;
    CHECK_EQ(vt_io(&t, ECA_REQ_SET_SEND_INTERVAL, &interval), 0);
    vt_free(&t);
}

/* ---- errno of the SC_* requests and the CONFIG* lookups ---- */

static void test_sc_errors(const char *abi)
{
    struct va_spec sp[2] = {{VA_DRIVE, NULL}, {VA_DO, NULL}};
    struct vt t;
    va_make(&t, abi, sp, 2);
    CHECK_EQ(vt_io(&t, ECA_REQ_REQUEST, NULL), 0);
    unsigned c;
    CHECK_EQ(va_config(&t, 0, 0, VA_VENDOR, VA_DRIVE_PRODUCT, &c), 0);
    /* unknown configuration: -ENOENT */
    CHECK_EQ(va_sync(&t, 5, 2, 1, 0), -ENOENT);
    CHECK_EQ(va_pdo(&t, ECA_REQ_SC_ADD_PDO, 5, 2, 0x1600), -ENOENT);
    CHECK_EQ(va_pdo(&t, ECA_REQ_SC_CLEAR_PDOS, 5, 2, 0), -ENOENT);
    CHECK_EQ(va_pdo(&t, ECA_REQ_SC_CLEAR_ENTRIES, 5, 2, 0x1600), -ENOENT);
    CHECK_EQ(va_entry(&t, 5, 0x1600, 0x6040, 0, 16), -ENOENT);
    CHECK_EQ(va_sdo(&t, 5, 0x6060, 0, "x", 1), -ENOENT);
    CHECK_EQ(va_dc(&t, 5, 0x0300, 1, 0), -ENOENT);
    CHECK_EQ(va_watchdog(&t, 5, 1, 1), -ENOENT);
    CHECK_EQ(va_sc_state(&t, 5), 0xffffffffu);
    /* bad arguments */
    CHECK_EQ(va_sync(&t, c, 2, 0, 0), -EINVAL); /* no direction */
    CHECK_EQ(va_sync(&t, c, 2, 3, 0), -EINVAL);
    CHECK_EQ(va_pdo(&t, ECA_REQ_SC_ADD_PDO, c, 16, 0x1600), -EINVAL);
    CHECK_EQ(va_pdo(&t, ECA_REQ_SC_CLEAR_PDOS, c, 16, 0), -EINVAL);
    CHECK_EQ(va_entry(&t, c, 0x1611, 0x6040, 0, 16), -ENOENT); /* PDO not assigned */
    CHECK_EQ(va_pdo(&t, ECA_REQ_SC_CLEAR_ENTRIES, c, 2, 0x1611), 0); /* only a warning */
    CHECK_EQ(va_sdo(&t, c, 0x6060, 0, "x", 0), -EINVAL);
    CHECK_EQ(va_sdo(&t, c, 0x6060, 0, NULL, 1), -EFAULT);
    /* IDN: drive number 0..7, state PREOP or SAFEOP */
    uint8_t b[64] = {0};
    uint8_t idn_data[2] = {1, 2};
    vt_put(&t, b, ECA_ST_SC_IDN, ECA_SC_IDN_F_CONFIG_INDEX, c);
    vt_put(&t, b, ECA_ST_SC_IDN, ECA_SC_IDN_F_DRIVE_NO, 8);
    vt_put(&t, b, ECA_ST_SC_IDN, ECA_SC_IDN_F_IDN, 0x1234);
    vt_put(&t, b, ECA_ST_SC_IDN, ECA_SC_IDN_F_AL_STATE, 2);
    vt_put_ptr(&t, b, ECA_ST_SC_IDN, ECA_SC_IDN_F_DATA, idn_data);
    vt_put(&t, b, ECA_ST_SC_IDN, ECA_SC_IDN_F_SIZE, 2);
    CHECK_EQ(vt_io(&t, ECA_REQ_SC_IDN, b), -EINVAL);
    vt_put(&t, b, ECA_ST_SC_IDN, ECA_SC_IDN_F_DRIVE_NO, 1);
    vt_put(&t, b, ECA_ST_SC_IDN, ECA_SC_IDN_F_AL_STATE, 8);
    CHECK_EQ(vt_io(&t, ECA_REQ_SC_IDN, b), -EINVAL);
    vt_put(&t, b, ECA_ST_SC_IDN, ECA_SC_IDN_F_AL_STATE, 4);
    CHECK_EQ(vt_io(&t, ECA_REQ_SC_IDN, b), 0);
    vt_put(&t, b, ECA_ST_SC_IDN, ECA_SC_IDN_F_SIZE, 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_SC_IDN, b), -EINVAL);
    /* startup SDOs and flags land in the lookups */
    int8_t csp = 8;
    CHECK_EQ(va_sdo(&t, c, 0x6060, 0, &csp, 1), 0);
    uint32_t window = 12345;
    CHECK_EQ(va_sdo(&t, c, 0x6065, 0, &window, 4), 0);
    memset(b, 0, sizeof b);
    if (eca_code(t.abi, ECA_REQ_SC_FLAG)) {
        vt_put(&t, b, ECA_ST_SC_FLAG, ECA_SC_FLAG_F_CONFIG_INDEX, c);
        vt_put(&t, b, ECA_ST_SC_FLAG, ECA_SC_FLAG_F_KEY_SIZE, 0);
        vt_put_ptr(&t, b, ECA_ST_SC_FLAG, ECA_SC_FLAG_F_KEY, "AssignToPdi");
        CHECK_EQ(vt_io(&t, ECA_REQ_SC_FLAG, b), -EINVAL);
        vt_put(&t, b, ECA_ST_SC_FLAG, ECA_SC_FLAG_F_KEY_SIZE, 11);
        vt_put(&t, b, ECA_ST_SC_FLAG, ECA_SC_FLAG_F_VALUE, 1);
        CHECK_EQ(vt_io(&t, ECA_REQ_SC_FLAG, b), 0);
        vt_put(&t, b, ECA_ST_SC_FLAG, ECA_SC_FLAG_F_VALUE, (uint64_t)(int64_t)-7);
        CHECK_EQ(vt_io(&t, ECA_REQ_SC_FLAG, b), 0); /* the same key: overwritten */
        uint8_t f[256] = {0};
        vt_put(&t, f, ECA_ST_CONFIG_FLAG, ECA_CONFIG_FLAG_F_CONFIG_INDEX, c);
        CHECK_EQ(vt_io(&t, ECA_REQ_CONFIG_FLAG, f), 0);
        CHECK_STR(vt_str(&t, f, ECA_ST_CONFIG_FLAG, ECA_CONFIG_FLAG_F_KEY), "AssignToPdi");
        CHECK_EQ((int32_t)vt_get(&t, f, ECA_ST_CONFIG_FLAG, ECA_CONFIG_FLAG_F_VALUE), -7);
        vt_put(&t, f, ECA_ST_CONFIG_FLAG, ECA_CONFIG_FLAG_F_FLAG_POS, 1);
        CHECK_EQ(vt_io(&t, ECA_REQ_CONFIG_FLAG, f), -EINVAL);
    }
    if (eca_code(t.abi, ECA_REQ_SC_STATE_TIMEOUT)) {
        memset(b, 0, sizeof b);
        vt_put(&t, b, ECA_ST_SC_STATE_TIMEOUT, ECA_SC_STATE_TIMEOUT_F_CONFIG_INDEX, c);
        vt_put(&t, b, ECA_ST_SC_STATE_TIMEOUT, ECA_SC_STATE_TIMEOUT_F_FROM_STATE, 4);
        vt_put(&t, b, ECA_ST_SC_STATE_TIMEOUT, ECA_SC_STATE_TIMEOUT_F_TO_STATE, 8);
        vt_put(&t, b, ECA_ST_SC_STATE_TIMEOUT, ECA_SC_STATE_TIMEOUT_F_TIMEOUT_MS, 2000);
        CHECK_EQ(vt_io(&t, ECA_REQ_SC_STATE_TIMEOUT, b), 0);
        vt_put(&t, b, ECA_ST_SC_STATE_TIMEOUT, ECA_SC_STATE_TIMEOUT_F_TO_STATE, 3);
        CHECK_EQ(vt_io(&t, ECA_REQ_SC_STATE_TIMEOUT, b), -EINVAL);
    }
    /* CONFIG_SDO / CONFIG_IDN / CONFIG_PDO / CONFIG_PDO_ENTRY */
    uint8_t *big = calloc(1, 2048);
    vt_put(&t, big, ECA_ST_CONFIG_SDO, ECA_CONFIG_SDO_F_CONFIG_INDEX, c);
    vt_put(&t, big, ECA_ST_CONFIG_SDO, ECA_CONFIG_SDO_F_SDO_POS, 1);
    CHECK_EQ(vt_io(&t, ECA_REQ_CONFIG_SDO, big), 0);
    CHECK_EQ(vt_get(&t, big, ECA_ST_CONFIG_SDO, ECA_CONFIG_SDO_F_INDEX), 0x6065);
    CHECK_EQ(vt_get(&t, big, ECA_ST_CONFIG_SDO, ECA_CONFIG_SDO_F_SIZE), 4);
    const uint8_t *sd = eca_cptr(big, vt_l(&t, ECA_ST_CONFIG_SDO), ECA_CONFIG_SDO_F_DATA, 0);
    CHECK_EQ(va_get(sd, 4, 0), 12345);
    vt_put(&t, big, ECA_ST_CONFIG_SDO, ECA_CONFIG_SDO_F_SDO_POS, 2);
    CHECK_EQ(vt_io(&t, ECA_REQ_CONFIG_SDO, big), -EINVAL);
    memset(big, 0, 2048);
    vt_put(&t, big, ECA_ST_CONFIG_IDN, ECA_CONFIG_IDN_F_CONFIG_INDEX, c);
    CHECK_EQ(vt_io(&t, ECA_REQ_CONFIG_IDN, big), 0);
    CHECK_EQ(vt_get(&t, big, ECA_ST_CONFIG_IDN, ECA_CONFIG_IDN_F_IDN), 0x1234);
    CHECK_EQ(vt_get(&t, big, ECA_ST_CONFIG_IDN, ECA_CONFIG_IDN_F_STATE), 4);
    memset(big, 0, 2048);
    vt_put(&t, big, ECA_ST_CONFIG_PDO, ECA_CONFIG_PDO_F_CONFIG_INDEX, c);
    vt_put(&t, big, ECA_ST_CONFIG_PDO, ECA_CONFIG_PDO_F_SYNC_INDEX, 3);
    CHECK_EQ(vt_io(&t, ECA_REQ_CONFIG_PDO, big), 0);
    CHECK_EQ(vt_get(&t, big, ECA_ST_CONFIG_PDO, ECA_CONFIG_PDO_F_INDEX), 0x1a00);
    CHECK_EQ(vt_get(&t, big, ECA_ST_CONFIG_PDO, ECA_CONFIG_PDO_F_ENTRY_COUNT), 5);
    vt_put(&t, big, ECA_ST_CONFIG_PDO, ECA_CONFIG_PDO_F_SYNC_INDEX, 16);
    CHECK_EQ(vt_io(&t, ECA_REQ_CONFIG_PDO, big), -EINVAL);
    memset(big, 0, 2048);
    vt_put(&t, big, ECA_ST_CONFIG_PDO_ENTRY, ECA_CONFIG_PDO_ENTRY_F_CONFIG_INDEX, c);
    vt_put(&t, big, ECA_ST_CONFIG_PDO_ENTRY, ECA_CONFIG_PDO_ENTRY_F_SYNC_INDEX, 2);
    vt_put(&t, big, ECA_ST_CONFIG_PDO_ENTRY, ECA_CONFIG_PDO_ENTRY_F_ENTRY_POS, 1);
    CHECK_EQ(vt_io(&t, ECA_REQ_CONFIG_PDO_ENTRY, big), 0);
    CHECK_EQ(vt_get(&t, big, ECA_ST_CONFIG_PDO_ENTRY, ECA_CONFIG_PDO_ENTRY_F_INDEX), 0x607a);
    CHECK_EQ(vt_get(&t, big, ECA_ST_CONFIG_PDO_ENTRY, ECA_CONFIG_PDO_ENTRY_F_BIT_LENGTH), 32);
    vt_put(&t, big, ECA_ST_CONFIG_PDO_ENTRY, ECA_CONFIG_PDO_ENTRY_F_ENTRY_POS, 4);
    CHECK_EQ(vt_io(&t, ECA_REQ_CONFIG_PDO_ENTRY, big), -EINVAL);
    vt_put(&t, big, ECA_ST_CONFIG_PDO_ENTRY, ECA_CONFIG_PDO_ENTRY_F_CONFIG_INDEX, 9);
    CHECK_EQ(vt_io(&t, ECA_REQ_CONFIG_PDO_ENTRY, big), -EINVAL);
    free(big);
    /* the emergency ring: empty */
    memset(b, 0, sizeof b);
    uint8_t msg[8];
    vt_put(&t, b, ECA_ST_SC_EMERG, ECA_SC_EMERG_F_CONFIG_INDEX, c);
    vt_put(&t, b, ECA_ST_SC_EMERG, ECA_SC_EMERG_F_SIZE, 4);
    vt_put_ptr(&t, b, ECA_ST_SC_EMERG, ECA_SC_EMERG_F_TARGET, msg);
    CHECK_EQ(vt_io(&t, ECA_REQ_SC_EMERG_SIZE, b), 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_SC_EMERG_POP, b), -ENOENT);
    CHECK_EQ(vt_io(&t, ECA_REQ_SC_EMERG_CLEAR, b), 0);
    vt_put(&t, b, ECA_ST_SC_EMERG, ECA_SC_EMERG_F_OVERRUNS, 77);
    CHECK_EQ(vt_io(&t, ECA_REQ_SC_EMERG_OVERRUNS, b), 0);
    CHECK_EQ(vt_get(&t, b, ECA_ST_SC_EMERG, ECA_SC_EMERG_F_OVERRUNS), 0);
    vt_put(&t, b, ECA_ST_SC_EMERG, ECA_SC_EMERG_F_CONFIG_INDEX, 9);
    CHECK_EQ(vt_io(&t, ECA_REQ_SC_EMERG_POP, b), -ENOENT);
    /* 16 FMMUs per configuration: the 17th domain for the same SM is -EOVERFLOW */
    for (unsigned d = 0; d < 17; d++)
        CHECK_EQ(vt_io(&t, ECA_REQ_CREATE_DOMAIN, NULL), d);
    for (unsigned d = 0; d < 16; d++)
        CHECK_EQ(va_reg(&t, c, 0x6040, 0, d, NULL), 0);
    CHECK_EQ(va_reg(&t, c, 0x6040, 0, 16, NULL), -EOVERFLOW);
    /* SC_REG_PDO_POS: by sync manager, PDO and entry position */
    memset(b, 0, sizeof b);
    vt_put(&t, b, ECA_ST_REG_PDO_POS, ECA_REG_PDO_POS_F_CONFIG_INDEX, c);
    vt_put(&t, b, ECA_ST_REG_PDO_POS, ECA_REG_PDO_POS_F_SYNC_INDEX, 2);
    vt_put(&t, b, ECA_ST_REG_PDO_POS, ECA_REG_PDO_POS_F_ENTRY_POS, 3);
    CHECK_EQ(vt_io(&t, ECA_REQ_SC_REG_PDO_POS, b), 10);
    vt_put(&t, b, ECA_ST_REG_PDO_POS, ECA_REG_PDO_POS_F_ENTRY_POS, 4);
    CHECK_EQ(vt_io(&t, ECA_REQ_SC_REG_PDO_POS, b), -ENOENT);
    vt_put(&t, b, ECA_ST_REG_PDO_POS, ECA_REG_PDO_POS_F_SYNC_INDEX, 16);
    CHECK_EQ(vt_io(&t, ECA_REQ_SC_REG_PDO_POS, b), -EINVAL);
    vt_free(&t);
}

/* The IDN configuration of a slave without SoE: the configuration walk fails there. */
static void test_idn_fails(void)
{
    struct va_spec sp[1] = {{VA_DRIVE, NULL}};
    struct vt t;
    va_make(&t, "1.6", sp, 1);
    CHECK_EQ(vt_io(&t, ECA_REQ_REQUEST, NULL), 0);
    unsigned c;
    CHECK_EQ(va_config(&t, 0, 0, VA_VENDOR, VA_DRIVE_PRODUCT, &c), 0);
    uint8_t b[64] = {0}, d[2] = {1, 2};
    vt_put(&t, b, ECA_ST_SC_IDN, ECA_SC_IDN_F_CONFIG_INDEX, c);
    vt_put(&t, b, ECA_ST_SC_IDN, ECA_SC_IDN_F_AL_STATE, 2);
    vt_put_ptr(&t, b, ECA_ST_SC_IDN, ECA_SC_IDN_F_DATA, d);
    vt_put(&t, b, ECA_ST_SC_IDN, ECA_SC_IDN_F_SIZE, 2);
    CHECK_EQ(vt_io(&t, ECA_REQ_SC_IDN, b), 0);
    uint8_t *pd;
    size_t size;
    CHECK_EQ(va_activate(&t, &pd, &size), 0);
    struct va_cycle cy = {&t, 1, 1000000000ull, 1000000, 0, 1, 0};
    for (unsigned i = 0; i < 100; i++) {
        va_send(&cy);
        va_receive(&cy);
    }
    CHECK_EQ(t.vb->slaves[0].error_flag, 1);
    CHECK_EQ(VA_AL(va_sc_state(&t, c)), 2);
    vt_free(&t);
}

/* ---- SDO and register requests, advanced by the cycle ---- */

static long sdo_req(struct vt *t, enum eca_req r, unsigned config, unsigned index, void *data, size_t size,
                    uint8_t *buf)
{
    memset(buf, 0, 64);
    vt_put(t, buf, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_CONFIG_INDEX, config);
    vt_put(t, buf, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_REQUEST_INDEX, index);
    vt_put_ptr(t, buf, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_DATA, data);
    vt_put(t, buf, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_SIZE, size);
    return vt_io(t, r, buf);
}

static unsigned sdo_state(struct vt *t, unsigned config, unsigned index, size_t *size)
{
    uint8_t b[64];
    if (sdo_req(t, ECA_REQ_SDO_REQUEST_STATE, config, index, NULL, 0, b))
        return 99;
    *size = (size_t)vt_get(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_SIZE);
    return (unsigned)vt_get(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_STATE);
}

static void test_requests(void)
{
    struct va_spec sp[2] = {{VA_DRIVE, NULL}, {VA_DO, NULL}};
    struct vt tt, *t = &tt;
    va_make(t, "1.6", sp, 2);
    CHECK_EQ(vt_io(t, ECA_REQ_REQUEST, NULL), 0);
    CHECK_EQ(vt_io(t, ECA_REQ_CREATE_DOMAIN, NULL), 0);
    unsigned c, o;
    CHECK_EQ(va_config(t, 0, 0, VA_VENDOR, VA_DRIVE_PRODUCT, &c), 0);
    CHECK_EQ(va_config(t, 0, 1, VA_VENDOR, VA_DO_PRODUCT, &o), 0);
    uint8_t b[64];
    /* create: request index = how many the configuration has */
    memset(b, 0, sizeof b);
    vt_put(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_CONFIG_INDEX, c);
    vt_put(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_SDO_INDEX, 0x6065);
    vt_put(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_SIZE, 4);
    CHECK_EQ(vt_io(t, ECA_REQ_SC_SDO_REQUEST, b), 0);
    CHECK_EQ(vt_get(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_REQUEST_INDEX), 0);
    vt_put(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_SDO_INDEX, 0x1008);
    vt_put(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_SIZE, 2); /* smaller than the name */
    CHECK_EQ(vt_io(t, ECA_REQ_SC_SDO_REQUEST, b), 0);
    CHECK_EQ(vt_get(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_REQUEST_INDEX), 1);
    vt_put(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_CONFIG_INDEX, 9);
    CHECK_EQ(vt_io(t, ECA_REQ_SC_SDO_REQUEST, b), -ENOENT);
    size_t n;
    CHECK_EQ(sdo_state(t, c, 0, &n), 0); /* unused */
    CHECK_EQ(sdo_req(t, ECA_REQ_SDO_REQUEST_READ, c, 5, NULL, 0, b), -ENOENT);
    /* before ACTIVATE the idle master serves the request at the next call */
    CHECK_EQ(sdo_req(t, ECA_REQ_SDO_REQUEST_READ, c, 0, NULL, 0, b), 0);
    CHECK_EQ(sdo_state(t, c, 0, &n), 2);
    CHECK_EQ(n, 4);
    uint8_t data[32] = {0};
    CHECK_EQ(sdo_req(t, ECA_REQ_SDO_REQUEST_DATA, c, 0, data, 0, b), 0);
    CHECK_EQ(va_get(data, 4, 0), 100000);
    CHECK_EQ(va_reg(t, c, 0x6040, 0, 0, NULL), 0);
    CHECK_EQ(va_reg(t, o, 0x7000, 1, 0, NULL), 11);
    uint8_t *pd;
    size_t size;
    CHECK_EQ(va_activate(t, &pd, &size), 0);
    struct va_cycle cy = {t, 1, 1000000000ull, 1000000, 1, 1, 0};
    for (unsigned i = 0; i < 200; i++) {
        va_send(&cy);
        va_receive(&cy);
    }
    CHECK_EQ(va_sc_state(t, c) & 3, 3);
    /* write, then read back, each advanced by the SEND calls */
    uint32_t w = 4242;
    CHECK_EQ(sdo_req(t, ECA_REQ_SDO_REQUEST_WRITE, c, 0, &w, 0, b), -EINVAL);
    CHECK_EQ(sdo_req(t, ECA_REQ_SDO_REQUEST_WRITE, c, 0, &w, 5, b), -ENOBUFS);
    CHECK_EQ(sdo_req(t, ECA_REQ_SDO_REQUEST_WRITE, c, 0, &w, 4, b), 0);
    CHECK_EQ(sdo_state(t, c, 0, &n), 1); /* busy until the cycle carries it */
    unsigned k = 0;
    while (sdo_state(t, c, 0, &n) == 1 && k++ < 100) {
        va_send(&cy);
        va_receive(&cy);
    }
    CHECK_EQ(sdo_state(t, c, 0, &n), 2);
    CHECK_EQ(n, 0); /* a write has no data to fetch */
    CHECK(k >= 3);
    CHECK_EQ(sdo_req(t, ECA_REQ_SDO_REQUEST_READ, c, 0, NULL, 0, b), 0);
    k = 0;
    while (sdo_state(t, c, 0, &n) == 1 && k++ < 100) {
        va_send(&cy);
        va_receive(&cy);
    }
    CHECK_EQ(n, 4);
    memset(data, 0, sizeof data);
    CHECK_EQ(sdo_req(t, ECA_REQ_SDO_REQUEST_DATA, c, 0, data, 0, b), 0);
    CHECK_EQ(va_get(data, 4, 0), 4242);
    /* an upload longer than the request's memory: IgH grows the buffer */
    CHECK_EQ(sdo_req(t, ECA_REQ_SDO_REQUEST_READ, c, 1, NULL, 0, b), 0);
    k = 0;
    while (sdo_state(t, c, 1, &n) == 1 && k++ < 100) {
        va_send(&cy);
        va_receive(&cy);
    }
    CHECK_EQ(sdo_state(t, c, 1, &n), 2);
    CHECK_EQ(n, 27);
    CHECK_EQ(sdo_req(t, ECA_REQ_SDO_REQUEST_DATA, c, 1, data, 0, b), 0);
    CHECK_EQ(memcmp(data, "Virtual CiA 402 Servo Drive", 27), 0);
    /* an abort: error state */
    CHECK_EQ(sdo_req(t, ECA_REQ_SDO_REQUEST_INDEX, c, 0, NULL, 0, b), 0); /* index 0:0 */
    CHECK_EQ(sdo_req(t, ECA_REQ_SDO_REQUEST_READ, c, 0, NULL, 0, b), 0);
    k = 0;
    while (sdo_state(t, c, 0, &n) == 1 && k++ < 100) {
        va_send(&cy);
        va_receive(&cy);
    }
    CHECK_EQ(sdo_state(t, c, 0, &n), 3);

    /* register requests */
    memset(b, 0, sizeof b);
    vt_put(t, b, ECA_ST_REG_REQUEST, ECA_REG_REQUEST_F_CONFIG_INDEX, o);
    vt_put(t, b, ECA_ST_REG_REQUEST, ECA_REG_REQUEST_F_MEM_SIZE, 8);
    CHECK_EQ(vt_io(t, ECA_REQ_SC_REG_REQUEST, b), 0);
    CHECK_EQ(vt_get(t, b, ECA_ST_REG_REQUEST, ECA_REG_REQUEST_F_REQUEST_INDEX), 0);
    vt_put(t, b, ECA_ST_REG_REQUEST, ECA_REG_REQUEST_F_ADDRESS, 0x0130);
    vt_put(t, b, ECA_ST_REG_REQUEST, ECA_REG_REQUEST_F_TRANSFER_SIZE, 9);
    CHECK_EQ(vt_io(t, ECA_REQ_REG_REQUEST_READ, b), -ENOBUFS);
    vt_put(t, b, ECA_ST_REG_REQUEST, ECA_REG_REQUEST_F_TRANSFER_SIZE, 2);
    CHECK_EQ(vt_io(t, ECA_REQ_REG_REQUEST_READ, b), 0);
    CHECK_EQ(vt_io(t, ECA_REQ_REG_REQUEST_STATE, b), 0);
    CHECK_EQ(vt_get(t, b, ECA_ST_REG_REQUEST, ECA_REG_REQUEST_F_STATE), 1);
    va_send(&cy);
    va_receive(&cy);
    CHECK_EQ(vt_io(t, ECA_REQ_REG_REQUEST_STATE, b), 0);
    CHECK_EQ(vt_get(t, b, ECA_ST_REG_REQUEST, ECA_REG_REQUEST_F_STATE), 2);
    CHECK_EQ(vt_get(t, b, ECA_ST_REG_REQUEST, ECA_REG_REQUEST_F_NEW_DATA), 1);
    uint8_t rd[8] = {0};
    vt_put_ptr(t, b, ECA_ST_REG_REQUEST, ECA_REG_REQUEST_F_DATA, rd);
    CHECK_EQ(vt_io(t, ECA_REQ_REG_REQUEST_DATA, b), 0);
    CHECK_EQ(rd[0], 0x08); /* AL status OP */
    /* write the outputs' memory through a register request: ESC RAM at 0x0f00 */
    uint8_t wr = 0x5a;
    vt_put_ptr(t, b, ECA_ST_REG_REQUEST, ECA_REG_REQUEST_F_DATA, &wr);
    vt_put(t, b, ECA_ST_REG_REQUEST, ECA_REG_REQUEST_F_ADDRESS, 0x0f00);
    vt_put(t, b, ECA_ST_REG_REQUEST, ECA_REG_REQUEST_F_TRANSFER_SIZE, 1);
    CHECK_EQ(vt_io(t, ECA_REQ_REG_REQUEST_WRITE, b), 0);
    CHECK(t->vb->slaves[1].pd_ram[0] != 0x5a); /* not before the cycle */
    cy.queue = 0;
    va_send(&cy);
    va_receive(&cy);
    CHECK_EQ(t->vb->slaves[1].pd_ram[0], 0x5a);
    CHECK_EQ(cy.errors, 0);
    vt_free(t);
}

/* The development line's SEND writes the bytes sent to a size_t the argument points to. */
static void test_dev_send(void)
{
    struct va_spec sp[1] = {{VA_DO, NULL}};
    struct va_app a;
    va_app_setup(&a, "dev-2022", sp, 1);
    uint64_t sent = 0xdead;
    CHECK_EQ(vt_io(&a.t, ECA_REQ_DOMAIN_QUEUE, (void *)(uintptr_t)0), 0);
    CHECK_EQ(vt_io(&a.t, ECA_REQ_SEND, &sent), 0);
    CHECK(sent > 0 && sent < 100);
    CHECK(cycle_until_settled(&a, 5) > 5);
    vt_free(&a.t);
}

int main(void)
{
    test_identity();
    test_refused();
    test_mapping_aborts();
    test_remap();
    test_require_dc();
    test_no_ref_clock();
    test_sc_errors("1.6");
    test_sc_errors("1.5.2");
    test_idn_fails();
    test_requests();
    test_dev_send();
    return vt_done("test_vbus_app_config");
}
