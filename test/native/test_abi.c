/* SPDX-License-Identifier: MIT */
/*
 * Native tests of the ABI helpers (native/igh/abi.c) on the real tables (abi_tables.c,
 * abi_layouts.c): request codes and their reverse lookup, field offsets with parent and
 * element indexes, integer access with sign extension and bit-fields, absent fields, ABI
 * lookup, and structural sanity of every table. Expected numbers come from the IgH facts
 * (shared/abi/igh-<version>-x86_64.json). Exit status 0 = all passed; run by `npm run test:native`.
 */
#include <stdio.h>
#include <string.h>

#include "igh/abi.h"

static int failures;
static int checks;

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        checks++;                                                                        \
        if (!(cond)) {                                                                   \
            failures++;                                                                  \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);     \
        }                                                                                \
    } while (0)
#define CHECK_EQ(a, b)                                                                   \
    do {                                                                                 \
        unsigned long long va_ = (unsigned long long)(a), vb_ = (unsigned long long)(b); \
        checks++;                                                                        \
        if (va_ != vb_) {                                                                \
            failures++;                                                                  \
            fprintf(stderr, "%s:%d: %s == %s failed: 0x%llx != 0x%llx\n", __FILE__,      \
                    __LINE__, #a, #b, va_, vb_);                                         \
        }                                                                                \
    } while (0)

static const struct eca_abi *abi(const char *id)
{
    const struct eca_abi *a = eca_abi_by_id(id);
    if (!a) {
        fprintf(stderr, "ABI %s missing\n", id);
        failures++;
    }
    return a;
}

static void test_lookup(void)
{
    const struct eca_abi *a = abi("1.6");
    CHECK(a && a->magic == 37 && a->devices == 1);
    a = abi("1.6+dev2");
    CHECK(a && a->magic == 37 && a->devices == 2);
    CHECK(eca_abi_by_id("1.6.2") == NULL);
    CHECK(eca_abi_by_id("") == NULL);

    /* Same magic: the released 1.6 line is preferred over the 2022 development branch. */
    CHECK(eca_abi_by_magic(37, 1) == eca_abi_by_id("1.6"));
    CHECK(eca_abi_by_magic(37, 2) == eca_abi_by_id("1.6+dev2"));
    CHECK(eca_abi_by_magic(39, 1) == eca_abi_by_id("dev-2023"));
    CHECK(eca_abi_by_magic(27, 1) == eca_abi_by_id("1.5.2"));
    CHECK(eca_abi_by_magic(33, 2) == eca_abi_by_id("1.5.3+dev2"));
    CHECK(eca_abi_by_magic(35, 1) == NULL); /* 1.6-alpha: not supported */
    CHECK(eca_abi_by_magic(37, 3) == NULL);

    static const char *const ids[] = {"1.5.2", "stable-1.5-m28", "stable-1.5-m30", "stable-1.5-m31",
                                      "stable-1.5-m32", "1.5.3", "1.6", "dev-2022", "dev-2023"};
    unsigned n = 0;
    while (eca_abis[n])
        n++;
    CHECK_EQ(n, 2 * (sizeof ids / sizeof ids[0]));
    for (unsigned i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        char d2[40];
        snprintf(d2, sizeof d2, "%s+dev2", ids[i]);
        /* The default build comes right before its redundancy variant. */
        CHECK(eca_abis[2 * i] == eca_abi_by_id(ids[i]));
        CHECK(eca_abis[2 * i + 1] == eca_abi_by_id(d2));
    }
}

static void test_codes(void)
{
    const struct eca_abi *v16 = abi("1.6"), *v16d2 = abi("1.6+dev2"), *v152 = abi("1.5.2");
    const struct eca_abi *v152d2 = abi("1.5.2+dev2"), *v153 = abi("1.5.3"), *d23 = abi("dev-2023");
    const struct eca_abi *d22 = abi("dev-2022"), *m30 = abi("stable-1.5-m30");
    if (!v16 || !v16d2 || !v152 || !v152d2 || !v153 || !d23 || !d22 || !m30)
        return;

    for (unsigned i = 0; eca_abis[i]; i++)
        CHECK_EQ(eca_code(eca_abis[i], ECA_REQ_MODULE), 0x8008a400u); /* the stable anchor */

    CHECK_EQ(eca_code(v16, ECA_REQ_MASTER), 0x80f8a401u);
    CHECK_EQ(eca_code(v16d2, ECA_REQ_MASTER), 0x8158a401u);
    CHECK_EQ(eca_code(v152, ECA_REQ_MASTER), 0x80f0a401u);
    CHECK_EQ(eca_code(v152d2, ECA_REQ_MASTER), 0x8150a401u);
    CHECK_EQ(eca_code(v16d2, ECA_REQ_DOMAIN), 0xc018a406u);
    CHECK_EQ(eca_code(v16, ECA_REQ_MASTER_STATE), 0x8008a429u);
    CHECK_EQ(eca_code(d22, ECA_REQ_MASTER_STATE), 0x8008a428u);
    CHECK_EQ(eca_code(v16, ECA_REQ_SEND), 0x0000a427u);        /* _IO: no size, no direction */
    CHECK_EQ(eca_code(v16, ECA_REQ_SELECT_REF_CLOCK), 0x4004a424u); /* _IOW(uint32_t), by value */
    CHECK_EQ(eca_code(v16, ECA_REQ_SET_SEND_INTERVAL), 0x4008a466u); /* size_t */
    CHECK_EQ(eca_code(v16, ECA_REQ_CONFIG_SDO), 0xc420a41cu);   /* the largest argument, 1056 */
    CHECK_EQ(eca_code(v152, ECA_REQ_APP_TIME), 0x4008a428u);    /* ec_ioctl_app_time_t */
    CHECK_EQ(eca_code(m30, ECA_REQ_APP_TIME), 0x4008a428u);     /* uint64_t, same code */
    CHECK_EQ(eca_code(v152, ECA_REQ_CONFIG), 0xc134a418u);      /* 308 bytes */
    CHECK_EQ(eca_code(d22, ECA_REQ_CONFIG), 0xc13ca419u);       /* 316 bytes */
    CHECK_EQ(eca_code(d22, ECA_REQ_SLAVE_FOE_READ), 0xc128a414u); /* 296 bytes */
    CHECK_EQ(eca_code(d23, ECA_REQ_SLAVE_DICT_UPLOAD), 0x4002a47fu);
    CHECK_EQ(eca_code(d22, ECA_REQ_64_REF_CLK_TIME), 0x8008a461u);

    /* Absent requests and bad arguments give 0. */
    CHECK_EQ(eca_code(v152, ECA_REQ_SC_STATE_TIMEOUT), 0);
    CHECK_EQ(eca_code(v152, ECA_REQ_SYNC_REF_TO), 0);
    CHECK_EQ(eca_code(d22, ECA_REQ_SLAVE_DICT_UPLOAD), 0);
    CHECK_EQ(eca_code(v16, ECA_REQ_COUNT), 0);
    CHECK_EQ(eca_code(NULL, ECA_REQ_MODULE), 0);

    /* Argument passing per ABI: only the development line's SEND takes a pointer. */
    CHECK_EQ(eca_requests[ECA_REQ_SEND].arg, ECA_ARG_NONE);
    CHECK_EQ(v16->arg[ECA_REQ_SEND], ECA_ARG_NONE);
    CHECK_EQ(d22->arg[ECA_REQ_SEND], ECA_ARG_POINTER);
    CHECK_EQ(d23->arg[ECA_REQ_SEND], ECA_ARG_POINTER);
    CHECK_EQ(v16->arg[ECA_REQ_SELECT_REF_CLOCK], ECA_ARG_VALUE);
    CHECK_EQ(v16->arg[ECA_REQ_DOMAIN_OFFSET], ECA_ARG_VALUE);

    /* Access rules: 1.6 made the read-style tool requests need a writable fd. */
    CHECK_EQ(v16->access[ECA_REQ_SLAVE_SDO_UPLOAD], ECA_NEED_WRITE);
    CHECK_EQ(v153->access[ECA_REQ_SLAVE_SDO_UPLOAD], 0);
    CHECK_EQ(v16->access[ECA_REQ_SC_STATE], ECA_NEED_REQUESTED);
    CHECK_EQ(v16->access[ECA_REQ_SEND], ECA_NEED_WRITE | ECA_NEED_REQUESTED);
    CHECK_EQ(v16->access[ECA_REQ_MASTER_STATE], 0);
}

static void test_req_of_code(void)
{
    /* Every present request of every ABI maps back to itself. */
    for (unsigned i = 0; eca_abis[i]; i++) {
        const struct eca_abi *a = eca_abis[i];
        for (unsigned r = 0; r < ECA_REQ_COUNT; r++) {
            uint32_t code = eca_code(a, (enum eca_req)r);
            if (a->nr[r] < 0) {
                CHECK_EQ(code, 0);
                continue;
            }
            CHECK(code != 0);
            CHECK_EQ(eca_req_of_code(a, code), r);
        }
    }
    const struct eca_abi *v16 = abi("1.6"), *v16d2 = abi("1.6+dev2"), *d22 = abi("dev-2022");
    if (!v16 || !v16d2 || !d22)
        return;
    /* The hazard the tables exist for: 1.5.3's RECEIVE code is DEACTIVATE on 1.6, and
     * 1.6's REQUEST code is CREATE_DOMAIN on the 2022 development branch. */
    CHECK_EQ(eca_req_of_code(v16, 0x0000a426u), ECA_REQ_DEACTIVATE);
    CHECK_EQ(eca_req_of_code(d22, 0x0000a421u), ECA_REQ_CREATE_DOMAIN);
    /* Right nr, wrong size: the default-build MASTER code is unknown to a 2-device build. */
    CHECK_EQ(eca_req_of_code(v16d2, 0x80f8a401u), ECA_REQ_COUNT);
    CHECK_EQ(eca_req_of_code(v16, 0x8158a401u), ECA_REQ_COUNT);
    /* Right nr, wrong direction. */
    CHECK_EQ(eca_req_of_code(v16, 0x4008a429u), ECA_REQ_COUNT);
    /* Wrong ioctl type byte, unused nr, NULL ABI. */
    CHECK_EQ(eca_req_of_code(v16, 0x8008a500u), ECA_REQ_COUNT);
    CHECK_EQ(eca_req_of_code(v16, 0x0000a47eu), ECA_REQ_COUNT);
    CHECK_EQ(eca_req_of_code(NULL, 0x8008a400u), ECA_REQ_COUNT);
}

static void test_offsets(void)
{
    const struct eca_abi *v16 = abi("1.6"), *v16d2 = abi("1.6+dev2"), *v152 = abi("1.5.2");
    if (!v16 || !v16d2 || !v152)
        return;
    const struct eca_layout *m16 = v16->layouts[ECA_ST_MASTER], *m16d2 = v16d2->layouts[ECA_ST_MASTER];
    const struct eca_layout *m152 = v152->layouts[ECA_ST_MASTER];

    CHECK_EQ(eca_offset(m16, ECA_MASTER_F_SCAN_INDEX, 0, 0), 4);
    CHECK_EQ(eca_offset(m16, ECA_MASTER_F_CONFIG_COUNT, 0, 0), 8);
    CHECK_EQ(eca_offset(m152, ECA_MASTER_F_CONFIG_COUNT, 0, 0), 4);
    /* Nested fields: parent element offset + field offset + element index. */
    CHECK_EQ(eca_offset(m16, ECA_MASTER_F_DEVICES_TX_COUNT, 0, 0), 24 + 8);
    CHECK_EQ(eca_offset(m16d2, ECA_MASTER_F_DEVICES_TX_COUNT, 1, 0), 24 + 96 + 8);
    CHECK_EQ(eca_offset(m16d2, ECA_MASTER_F_DEVICES_RX_BYTE_RATES, 1, 2), 24 + 96 + 84 + 8);
    CHECK_EQ(eca_offset(m16, ECA_MASTER_F_DEVICES_ADDRESS, 0, 5), 24 + 5);
    CHECK_EQ(eca_offset(m16, ECA_MASTER_F_DEVICES, 0, 0), 24);
    CHECK_EQ(eca_offset(m16d2, ECA_MASTER_F_DEVICES, 0, 1), 24 + 96);
    CHECK_EQ(eca_offset(m16, ECA_MASTER_F_LOSS_RATES, 0, 2), 208 + 8);
    CHECK_EQ(eca_offset(m16d2, ECA_MASTER_F_REF_CLOCK, 0, 0), 336);

    /* Out of range: parent element, array element, parent index on a top-level field. */
    CHECK_EQ(eca_offset(m16, ECA_MASTER_F_DEVICES_TX_COUNT, 1, 0), -1);
    CHECK_EQ(eca_offset(m16d2, ECA_MASTER_F_DEVICES_TX_COUNT, 2, 0), -1);
    CHECK_EQ(eca_offset(m16, ECA_MASTER_F_DEVICES_ADDRESS, 0, 6), -1);
    CHECK_EQ(eca_offset(m16, ECA_MASTER_F_DEVICES_TX_COUNT, 0, 1), -1);
    CHECK_EQ(eca_offset(m16, ECA_MASTER_F_SLAVE_COUNT, 1, 0), -1);
    CHECK_EQ(eca_offset(m16, ECA_MASTER_F__COUNT, 0, 0), -1);
    CHECK_EQ(eca_offset(NULL, ECA_MASTER_F_SLAVE_COUNT, 0, 0), -1);
    /* Absent in this variant. */
    CHECK_EQ(eca_offset(m152, ECA_MASTER_F_SCAN_INDEX, 0, 0), -1);
    CHECK_EQ(eca_offset(m152, ECA_MASTER_F_DC_REF_TIME, 0, 0), -1);
    CHECK_EQ(eca_size(m152, ECA_MASTER_F_DC_REF_TIME), 0);
    CHECK_EQ(eca_size(m16, ECA_MASTER_F_DC_REF_TIME), 8);
    CHECK_EQ(eca_size(m16d2, ECA_MASTER_F_DEVICES), 192);

    const struct eca_layout *cfg = v16->layouts[ECA_ST_CONFIG];
    CHECK_EQ(eca_offset(cfg, ECA_CONFIG_F_SYNCS_PDO_COUNT, 15, 0), 16 + 15 * 16 + 8);
    CHECK_EQ(eca_offset(cfg, ECA_CONFIG_F_SYNCS_PDO_COUNT, 16, 0), -1);
    CHECK_EQ(eca_offset(cfg, ECA_CONFIG_F_DC_SYNC, 0, 1), 296 + 8);
    CHECK_EQ(eca_offset(cfg, ECA_CONFIG_F_ALLOW_OVERLAPPING_PDOS, 0, 0), -1);
    const struct eca_layout *sl = v16->layouts[ECA_ST_SLAVE];
    CHECK_EQ(eca_offset(sl, ECA_SLAVE_F_PORTS_DELAY_TO_NEXT_DC, 3, 0), 52 + 3 * 20 + 16);
    CHECK_EQ(eca_offset(sl, ECA_SLAVE_F_PORTS_DELAY_TO_NEXT_DC, 4, 0), -1);

    /* slave_reg: 1.5.2 has no emergency and address at 2. */
    const struct eca_layout *r152 = v152->layouts[ECA_ST_SLAVE_REG], *r16 = v16->layouts[ECA_ST_SLAVE_REG];
    CHECK_EQ(eca_offset(r152, ECA_SLAVE_REG_F_ADDRESS, 0, 0), 2);
    CHECK_EQ(eca_offset(r152, ECA_SLAVE_REG_F_EMERGENCY, 0, 0), -1);
    CHECK_EQ(eca_offset(r16, ECA_SLAVE_REG_F_ADDRESS, 0, 0), 4);
    CHECK_EQ(eca_offset(r16, ECA_SLAVE_REG_F_EMERGENCY, 0, 0), 2);
}

static void test_get_put(void)
{
    const struct eca_abi *v16 = abi("1.6"), *v152 = abi("1.5.2");
    if (!v16 || !v152)
        return;
    uint8_t buf[ECA_MAX_ARG_SIZE];

    /* Little-endian integers of every width. */
    const struct eca_layout *m = v16->layouts[ECA_ST_MASTER];
    memset(buf, 0, sizeof buf);
    eca_put(buf, m, ECA_MASTER_F_APP_TIME, 0, 0, 0x0102030405060708ull);
    CHECK_EQ(buf[224], 0x08);
    CHECK_EQ(buf[231], 0x01);
    CHECK_EQ(eca_get(buf, m, ECA_MASTER_F_APP_TIME, 0, 0), 0x0102030405060708ull);
    eca_put(buf, m, ECA_MASTER_F_REF_CLOCK, 0, 0, 0x1ffff); /* truncated to 16 bits */
    CHECK_EQ(eca_get(buf, m, ECA_MASTER_F_REF_CLOCK, 0, 0), 0xffff);
    CHECK_EQ(buf[242], 0); /* nothing written past the field */
    eca_put(buf, m, ECA_MASTER_F_DEVICES_ADDRESS, 0, 5, 0xab);
    CHECK_EQ(buf[24 + 5], 0xab);

    /* Sign extension for signed fields only. */
    eca_put(buf, m, ECA_MASTER_F_LOSS_RATES, 0, 1, (uint64_t)-7);
    CHECK_EQ((int64_t)eca_get(buf, m, ECA_MASTER_F_LOSS_RATES, 0, 1), -7);
    CHECK_EQ(eca_get(buf, m, ECA_MASTER_F_LOSS_RATES, 0, 0), 0);
    eca_put(buf, m, ECA_MASTER_F_NUM_DEVICES, 0, 0, 0xffffffffu);
    CHECK_EQ(eca_get(buf, m, ECA_MASTER_F_NUM_DEVICES, 0, 0), 0xffffffffu); /* unsigned: no extension */
    const struct eca_layout *sl = v16->layouts[ECA_ST_SLAVE];
    memset(buf, 0, sizeof buf);
    eca_put(buf, sl, ECA_SLAVE_F_CURRENT_ON_EBUS, 0, 0, (uint64_t)-340);
    CHECK_EQ((int64_t)eca_get(buf, sl, ECA_SLAVE_F_CURRENT_ON_EBUS, 0, 0), -340);
    CHECK(sl->fields[ECA_SLAVE_F_CURRENT_ON_EBUS].flags & ECA_FIELD_SIGNED);
    CHECK(!(sl->fields[ECA_SLAVE_F_ALIAS].flags & ECA_FIELD_SIGNED));
    const struct eca_layout *cfg = v16->layouts[ECA_ST_CONFIG];
    eca_put(buf, cfg, ECA_CONFIG_F_SLAVE_POSITION, 0, 0, (uint64_t)-1); /* "not attached" */
    CHECK_EQ((int64_t)eca_get(buf, cfg, ECA_CONFIG_F_SLAVE_POSITION, 0, 0), -1);
    const struct eca_layout *sdoe = v16->layouts[ECA_ST_SLAVE_SDO_ENTRY];
    eca_put(buf, sdoe, ECA_SLAVE_SDO_ENTRY_F_SDO_SPEC, 0, 0, (uint64_t)-3);
    CHECK_EQ((int64_t)eca_get(buf, sdoe, ECA_SLAVE_SDO_ENTRY_F_SDO_SPEC, 0, 0), -3);

    /* Bit-fields: ec_master_state_t al_states at bits 32..35, link_up at bit 36. */
    const struct eca_layout *ms = v16->layouts[ECA_ST_MASTER_STATE_DATA];
    memset(buf, 0xff, 8);
    eca_put(buf, ms, ECA_MASTER_STATE_DATA_F_AL_STATES, 0, 0, 0x2);
    eca_put(buf, ms, ECA_MASTER_STATE_DATA_F_LINK_UP, 0, 0, 0);
    CHECK_EQ(buf[4], 0xe2); /* other bits of the byte untouched */
    CHECK_EQ(buf[3], 0xff);
    memset(buf, 0, 8);
    buf[0] = 3; /* slaves_responding */
    buf[4] = 0x18; /* al_states 8 (OP), link_up 1 */
    CHECK_EQ(eca_get(buf, ms, ECA_MASTER_STATE_DATA_F_SLAVES_RESPONDING, 0, 0), 3);
    CHECK_EQ(eca_get(buf, ms, ECA_MASTER_STATE_DATA_F_AL_STATES, 0, 0), 8);
    CHECK_EQ(eca_get(buf, ms, ECA_MASTER_STATE_DATA_F_LINK_UP, 0, 0), 1);
    eca_put(buf, ms, ECA_MASTER_STATE_DATA_F_AL_STATES, 0, 0, 0x1f); /* only 4 bits are written */
    CHECK_EQ(buf[4], 0x1f);
    CHECK_EQ(eca_offset(ms, ECA_MASTER_STATE_DATA_F_LINK_UP, 0, 0), 4);
    CHECK_EQ(eca_size(ms, ECA_MASTER_STATE_DATA_F_LINK_UP), 0); /* bit-fields have no byte size */

    /* ec_slave_config_state_t: online bit 0, operational bit 1, al_state bits 2..5. */
    const struct eca_layout *cs = v16->layouts[ECA_ST_SLAVE_CONFIG_STATE_DATA];
    memset(buf, 0, 4);
    eca_put(buf, cs, ECA_SLAVE_CONFIG_STATE_DATA_F_ONLINE, 0, 0, 1);
    eca_put(buf, cs, ECA_SLAVE_CONFIG_STATE_DATA_F_AL_STATE, 0, 0, 4);
    CHECK_EQ(buf[0], 0x11);
    CHECK_EQ(eca_get(buf, cs, ECA_SLAVE_CONFIG_STATE_DATA_F_OPERATIONAL, 0, 0), 0);
    CHECK_EQ(eca_get(buf, cs, ECA_SLAVE_CONFIG_STATE_DATA_F_AL_STATE, 0, 0), 4);
    /* ec_sii_coe_details_t: six one-bit flags in a byte. */
    const struct eca_layout *coe = v16->layouts[ECA_ST_COE_DETAILS];
    buf[0] = 0x20;
    CHECK_EQ(eca_get(buf, coe, ECA_COE_DETAILS_F_ENABLE_SDO_COMPLETE_ACCESS, 0, 0), 1);
    CHECK_EQ(eca_get(buf, coe, ECA_COE_DETAILS_F_ENABLE_SDO, 0, 0), 0);

    /* Absent fields read as 0 and writes to them change nothing. */
    const struct eca_layout *m152 = v152->layouts[ECA_ST_MASTER];
    uint8_t canary[ECA_MAX_ARG_SIZE];
    memset(buf, 0x5a, sizeof buf);
    memcpy(canary, buf, sizeof buf);
    CHECK_EQ(eca_get(buf, m152, ECA_MASTER_F_SCAN_INDEX, 0, 0), 0);
    CHECK_EQ(eca_get(buf, m152, ECA_MASTER_F_DC_REF_TIME, 0, 0), 0);
    eca_put(buf, m152, ECA_MASTER_F_SCAN_INDEX, 0, 0, 1234);
    eca_put(buf, m152, ECA_MASTER_F_DEVICES_TX_COUNT, 1, 0, 1234); /* only one device */
    eca_put(buf, v152->layouts[ECA_ST_SLAVE_REG], ECA_SLAVE_REG_F_EMERGENCY, 0, 0, 1);
    CHECK(memcmp(buf, canary, sizeof buf) == 0);
    CHECK(eca_ptr(buf, m152, ECA_MASTER_F_SCAN_INDEX, 0) == NULL);
    CHECK(eca_cptr(buf, m152, ECA_MASTER_F_DC_REF_TIME, 0) == NULL);
    CHECK(eca_ptr(buf, v16->layouts[ECA_ST_SLAVE], ECA_SLAVE_F_NAME, 0) == buf + 352);
    CHECK(eca_cptr(buf, v16->layouts[ECA_ST_MASTER], ECA_MASTER_F_DEVICES_ADDRESS, 0) == buf + 24);
}

/* Structural invariants of every table: names, bounds, consistency with the codes. */
static void test_table_sanity(void)
{
    for (unsigned r = 0; r < ECA_REQ_COUNT; r++) {
        CHECK(eca_requests[r].name != NULL);
        for (unsigned q = r + 1; q < ECA_REQ_COUNT && eca_requests[r].name; q++)
            CHECK(!eca_requests[q].name || strcmp(eca_requests[r].name, eca_requests[q].name) != 0);
    }
    for (unsigned i = 0; eca_abis[i]; i++) {
        const struct eca_abi *a = eca_abis[i];
        CHECK(a->id && a->description && (a->devices == 1 || a->devices == 2));
        uint8_t seen[256] = {0};
        for (unsigned r = 0; r < ECA_REQ_COUNT; r++) {
            if (a->nr[r] < 0) {
                CHECK_EQ(a->st[r], ECA_ST_NONE);
                continue;
            }
            CHECK(a->nr[r] <= 0xff);
            CHECK(!seen[a->nr[r] & 0xff]); /* no number used twice */
            seen[a->nr[r] & 0xff] = 1;
            uint8_t st = a->st[r];
            CHECK(st == ECA_ST_NONE || st == ECA_ST_U32 || st == ECA_ST_U64 || st == ECA_ST_SIZE ||
                  (st < ECA_ST_COUNT && a->layouts[st] != NULL));
            CHECK((st == ECA_ST_NONE) == (eca_requests[r].dir == ECA_DIR_NONE));
            CHECK(a->arg[r] == eca_requests[r].arg || r == ECA_REQ_SEND);
            CHECK(((eca_code(a, (enum eca_req)r) >> 16) & 0x3fff) <= ECA_MAX_ARG_SIZE);
        }
        for (unsigned s = 0; s < ECA_ST_COUNT; s++) {
            const struct eca_layout *l = a->layouts[s];
            if (!l)
                continue;
            CHECK(s < ECA_ST_U32); /* scalars have no layout */
            CHECK(l->name && l->size > 0 && l->size <= ECA_MAX_ARG_SIZE);
            for (unsigned f = 0; f < l->field_count; f++) {
                const struct eca_field *fd = &l->fields[f];
                CHECK(fd->name != NULL);
                if (!(fd->flags & ECA_FIELD_PRESENT)) {
                    CHECK_EQ(fd->size, 0);
                    continue;
                }
                if (fd->bit_width) {
                    CHECK(fd->bit_offset + fd->bit_width <= 8u * l->size);
                    CHECK_EQ(fd->offset, fd->bit_offset / 8);
                    continue;
                }
                CHECK_EQ(fd->size, fd->count * fd->elem_size);
                unsigned end = fd->offset + fd->size;
                if (fd->parent != ECA_NO_PARENT) {
                    CHECK(fd->parent < l->field_count);
                    const struct eca_field *p = &l->fields[fd->parent];
                    CHECK(p->parent == ECA_NO_PARENT && (p->flags & ECA_FIELD_PRESENT));
                    CHECK(end <= p->elem_size);
                    end += p->offset + (p->count - 1u) * p->elem_size;
                    CHECK(strncmp(fd->name, p->name, strlen(p->name)) == 0);
                }
                CHECK(end <= l->size);
                if (fd->flags & ECA_FIELD_POINTER)
                    CHECK(fd->elem_size == 8 && fd->offset % 8 == 0);
            }
        }
    }
}

int main(void)
{
    test_lookup();
    test_codes();
    test_req_of_code();
    test_offsets();
    test_get_put();
    test_table_sanity();
    if (failures) {
        fprintf(stderr, "test_abi: %d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("test_abi: %d checks passed\n", checks);
    return 0;
}
