/* SPDX-License-Identifier: MIT */
/*
 * SII: the category parser as a master runs it at scan time (identity, mailboxes,
 * STRINGS, GENERAL, FMMU, SYNCM, TXPDO, RXPDO, DC, END; sizes IgH rejects; the SII size
 * rule), and SLAVE_SII_READ/WRITE with IgH's range checks, the alias update and the
 * scan-time cache that only a rescan refreshes.
 */
#include "vbus_test.h"
#include "vbus/vb_sii.h"

/* Words -> little-endian bytes, as the EEPROM holds them. */
static uint8_t *to_bytes(const uint16_t *w, unsigned n)
{
    uint8_t *b = malloc(2u * n + 2u);
    for (unsigned i = 0; i < n; i++) {
        b[2 * i] = (uint8_t)w[i];
        b[2 * i + 1] = (uint8_t)(w[i] >> 8);
    }
    return b;
}

static int parse(struct sii *s, struct vb_sii_info *info, struct vb_arena *a, unsigned *nwords)
{
    uint16_t *w;
    unsigned n = sii_finish(s, 64, &w);
    uint8_t *b = to_bytes(w, n);
    free(w);
    *nwords = vb_sii_size(b, n);
    int r = vb_sii_parse(info, b, *nwords <= n ? *nwords : n, a);
    free(b);
    return r;
}

static void test_parse_full(void)
{
    struct vt_spec sp = vt_drive();
    sp.alias = 77;
    sp.boot = 1;
    struct sii s;
    uint16_t *w;
    unsigned n;
    vt_drive_sii(&s, &sp, &w, &n);
    uint8_t *b = to_bytes(w, n);
    struct vb_arena a = {0};
    struct vb_sii_info info;
    unsigned nwords = vb_sii_size(b, n);
    CHECK(nwords > 0x40 && nwords < n);
    CHECK_EQ(vb_le16(b + 2 * (nwords - 1)), 0xffff); /* the END header is the last word counted */
    CHECK_EQ(vb_sii_parse(&info, b, nwords, &a), 0);
    CHECK_EQ(info.error, 0);
    CHECK_EQ(info.alias, 77);
    CHECK_EQ(info.vendor_id, VT_VENDOR);
    CHECK_EQ(info.product_code, VT_DRIVE_PRODUCT);
    CHECK_EQ(info.revision_number, 0x00010002);
    CHECK_EQ(info.serial_number, 1);
    CHECK_EQ(info.boot_rx_mailbox_offset, 0x1800);
    CHECK_EQ(info.boot_rx_mailbox_size, 256);
    CHECK_EQ(info.boot_tx_mailbox_offset, 0x1c00);
    CHECK_EQ(info.std_rx_mailbox_offset, 0x1000);
    CHECK_EQ(info.std_tx_mailbox_offset, 0x1400);
    CHECK_EQ(info.std_tx_mailbox_size, 128);
    CHECK_EQ(info.mailbox_protocols, 0x000c);
    CHECK_EQ(info.string_count, 7);
    CHECK_STR(info.name, "Virtual Drive VD100");
    CHECK_STR(info.group, "Drives");
    CHECK_STR(info.image, "DRIVE");
    CHECK_STR(info.order, "VD100-0001");
    CHECK_EQ(info.has_general, 1);
    CHECK_EQ(info.coe_details, 0x2f);
    CHECK_EQ(info.general_flags, 0x01);
    CHECK_EQ(info.current_on_ebus, -120);
    CHECK_EQ(info.fmmu_count, 4); /* three usages and the pad byte of the odd size */
    CHECK_EQ(info.fmmu_usage[2], 3);
    CHECK_EQ(info.fmmu_usage[3], 0);
    CHECK_EQ(info.sync_count, 4);
    CHECK_EQ(info.syncs[1].physical_start_address, 0x1400);
    CHECK_EQ(info.syncs[1].control_register, 0x22);
    CHECK_EQ(info.syncs[3].default_length, 4);
    CHECK_EQ(info.syncs[3].enable, 1);
    CHECK_EQ(info.syncs[2].pdo_count, 1);
    const struct vb_pdo *rx = info.syncs[2].pdos;
    CHECK_EQ(rx->index, 0x1600);
    CHECK_EQ(rx->dir, 1);
    CHECK_EQ(rx->entry_count, 2);
    CHECK_STR(rx->name, "SII RxPDO");
    CHECK_EQ(rx->entries[0].index, 0x7000);
    CHECK_EQ(rx->entries[0].bit_length, 16);
    CHECK_STR(rx->entries[0].name, "Controlword");
    CHECK_STR(rx->entries[1].name, "");
    const struct vb_pdo *tx = info.syncs[3].pdos;
    CHECK_EQ(tx->index, 0x1a00);
    CHECK_EQ(tx->dir, 2);
    CHECK_EQ(info.dc_count, 1);
    CHECK_EQ(info.dc[0].cycle_time0, 1000000);
    CHECK_EQ(info.dc[0].assign_activate, 0x0300);
    unsigned all = 0;
    for (const struct vb_pdo *p = info.pdos; p; p = p->next)
        all++;
    CHECK_EQ(all, 2);
    vb_arena_free(&a);
    free(b);
    free(w);
}

static void test_parse_details(void)
{
    struct vb_arena a = {0};
    struct vb_sii_info info;
    unsigned nw;
    struct sii s;

    /* unassigned PDO (sync index 0xff) and SYNCM categories that add up */
    sii_init(&s);
    sii_sync(&s, 0x1000, 8, 0x64, 1);
    sii_pdo(&s, 1, 0x1a01, 0, -1, 0);
    struct vbb extra = {0};
    vbb_u16(&extra, 0x0029);
    vbb_u16(&extra, 4);
    vbb_u16(&extra, 0x1100);
    vbb_u16(&extra, 2);
    vbb_u8(&extra, 0x20);
    vbb_u8(&extra, 0);
    vbb_u8(&extra, 1);
    vbb_u8(&extra, 0);
    vbb_bytes(&s.extra, extra.b, extra.n);
    vbb_free(&extra);
    CHECK_EQ(parse(&s, &info, &a, &nw), 0);
    CHECK_EQ(info.sync_count, 2);
    CHECK_EQ(info.syncs[1].physical_start_address, 0x1100);
    CHECK_EQ(info.syncs[0].pdo_count, 0);
    CHECK(info.pdos && info.pdos->sync_index == -1);
    CHECK_EQ(info.has_general, 0);
    CHECK_STR(info.name, "");
    vb_arena_free(&a);

    /* an unprogrammed mailbox header (0xffff offsets) drops every mailbox setting */
    sii_init(&s);
    sii_mailbox(&s, 0xffff, 0xffff, 0xffff, 0xffff, 0x0004);
    CHECK_EQ(parse(&s, &info, &a, &nw), 0);
    CHECK_EQ(info.mailbox_protocols, 0);
    CHECK_EQ(info.std_rx_mailbox_size, 0);
    vb_arena_free(&a);

    /* GENERAL must be 32 bytes */
    sii_init(&s);
    vbb_u16(&s.extra, 0x001e);
    vbb_u16(&s.extra, 8);
    for (unsigned i = 0; i < 8; i++)
        vbb_u16(&s.extra, 0);
    CHECK_EQ(parse(&s, &info, &a, &nw), -EINVAL);
    CHECK(info.error != 0);
    CHECK(strstr(info.error_text, "GENERAL") != NULL);
    vb_arena_free(&a);

    /* SYNCM: size not a multiple of 8, more than 16 sync managers */
    sii_init(&s);
    vbb_u16(&s.syncs, 0x1000);
    CHECK_EQ(parse(&s, &info, &a, &nw), -EINVAL);
    vb_arena_free(&a);
    sii_init(&s);
    for (unsigned i = 0; i < 17; i++)
        sii_sync(&s, (uint16_t)(0x1000 + 0x100 * i), 1, 0x20, 1);
    CHECK_EQ(parse(&s, &info, &a, &nw), -EINVAL);
    CHECK_EQ(info.sync_count, 0);
    vb_arena_free(&a);

    /* a PDO assigned to a sync manager the SII does not have; strings read before stay */
    sii_init(&s);
    unsigned nm = sii_string(&s, "kept");
    sii_general_cat(&s, 0, 0, 0, nm, 0, 0, 0);
    sii_sync(&s, 0x1000, 1, 0x64, 1);
    sii_pdo(&s, 0, 0x1600, 0, 3, 0);
    CHECK_EQ(parse(&s, &info, &a, &nw), -EINVAL);
    CHECK_STR(info.name, "kept");
    vb_arena_free(&a);

    /* PDO entries running past the category */
    sii_init(&s);
    sii_pdo(&s, 0, 0x1600, 4, -1, 0);
    sii_pdo_entry(&s, 0, 0x7000, 1, 0, 1, 1);
    CHECK_EQ(parse(&s, &info, &a, &nw), -EINVAL);
    vb_arena_free(&a);

    /* a string running past STRINGS */
    sii_init(&s);
    vbb_u16(&s.extra, 0x000a);
    vbb_u16(&s.extra, 2);
    vbb_u8(&s.extra, 1);
    vbb_u8(&s.extra, 200);
    vbb_u8(&s.extra, 'a');
    vbb_u8(&s.extra, 'b');
    CHECK_EQ(parse(&s, &info, &a, &nw), -EINVAL);
    vb_arena_free(&a);

    /* unknown categories are skipped */
    sii_init(&s);
    vbb_u16(&s.extra, 0x0800);
    vbb_u16(&s.extra, 2);
    vbb_u32(&s.extra, 0x12345678);
    sii_sync(&s, 0x1000, 1, 0x64, 1);
    CHECK_EQ(parse(&s, &info, &a, &nw), 0);
    CHECK_EQ(info.sync_count, 1);
    vb_arena_free(&a);
}

static void test_sizes(void)
{
    uint8_t b[2 * 200];
    memset(b, 0xff, sizeof b);
    /* a category header whose size points past the EEPROM: everything there reads 0xffff */
    b[0x80] = 0x28;
    b[0x81] = 0x00;
    b[0x82] = 10;
    b[0x83] = 0;
    CHECK_EQ(vb_sii_size(b, 0x42), 0x4d);
    CHECK_EQ(vb_sii_size(b, 0x41), 0x40); /* even the size word is missing */
    /* a chain that never ends within 4096 words: IgH falls back to the header only */
    uint8_t *big = calloc(2, 4096);
    for (unsigned w = 0x40; w + 1 < 4096; w += 2) {
        big[2 * w] = 0x01;
        big[2 * w + 2] = 0x00;
    }
    CHECK_EQ(vb_sii_size(big, 4096), 0x40);
    free(big);
    /* only the fixed header: parsed, no categories */
    struct vb_arena a = {0};
    struct vb_sii_info info;
    CHECK_EQ(vb_sii_parse(&info, b, 0x40, &a), 0);
    CHECK_EQ(vb_sii_parse(&info, b, 0x30, &a), -EINVAL);
    vb_arena_free(&a);
}

static void test_sii_ioctls(const char *abi)
{
    struct vt_spec sp[2] = {vt_drive(), vt_iospec()};
    sp[0].alias = 0x22;
    struct vt t;
    vt_make(&t, abi, sp, 2);
    uint8_t b[512];
    CHECK_EQ(vt_slave(&t, 0, b), 0);
    unsigned nwords = (unsigned)vt_get(&t, b, ECA_ST_SLAVE, ECA_SLAVE_F_SII_NWORDS);
    CHECK_EQ(vt_get(&t, b, ECA_ST_SLAVE, ECA_SLAVE_F_ALIAS), 0x22);
    /* the whole SII as the master read it */
    struct sii s;
    uint16_t *expect;
    unsigned n;
    vt_drive_sii(&s, &sp[0], &expect, &n);
    uint16_t *words = calloc(nwords, 2);
    CHECK_EQ(vt_sii(&t, 0, 0, 0, nwords, words), 0);
    CHECK(memcmp(words, expect, 2u * nwords) == 0);
    /* range checks */
    CHECK_EQ(vt_sii(&t, 0, 0, 0, 0, words), -EINVAL);
    CHECK_EQ(vt_sii(&t, 0, 0, 1, nwords, words), -EINVAL);
    CHECK_EQ(vt_sii(&t, 0, 0, (uint16_t)(nwords - 1), 1, words), 0);
    CHECK_EQ(vt_sii(&t, 0, 0, (uint16_t)nwords, 1, words), -EINVAL);
    CHECK_EQ(vt_sii(&t, 0, 5, 0, 1, words), -EINVAL);
    CHECK_EQ(vt_sii(&t, 0, 0, 0, 1, NULL), -EFAULT);

    /* alias write (the `ethercat alias` way: words 0-7 with a new checksum) */
    uint16_t head[8];
    memcpy(head, words, sizeof head);
    head[4] = 0x4321;
    CHECK_EQ(vt_sii(&t, 1, 0, 0, 8, head), 0);
    CHECK_EQ(vt_slave(&t, 0, b), 0);
    CHECK_EQ(vt_get(&t, b, ECA_ST_SLAVE, ECA_SLAVE_F_ALIAS), 0x4321);
    uint16_t w4;
    CHECK_EQ(vt_sii(&t, 0, 0, 4, 1, &w4), 0);
    CHECK_EQ(w4, 0x22); /* IgH's SII copy is the one read at the scan */
    /* a write that does not cover word 4 leaves the alias alone */
    uint16_t w5 = 0xabcd;
    CHECK_EQ(vt_sii(&t, 1, 0, 5, 1, &w5), 0);
    CHECK_EQ(vt_slave(&t, 0, b), 0);
    CHECK_EQ(vt_get(&t, b, ECA_ST_SLAVE, ECA_SLAVE_F_ALIAS), 0x4321);
    /* rename the slave in its STRINGS category; a rescan reads the new SII */
    unsigned at = 0x40 + 2; /* first string: count byte, length byte, then characters */
    uint16_t wname = words[at];
    CHECK_EQ(wname & 0xff, 7); /* seven strings */
    uint16_t patched = (uint16_t)((words[at + 1] & 0xff00) | 'W');
    CHECK_EQ(vt_sii(&t, 1, 0, (uint16_t)(at + 1), 1, &patched), 0);
    CHECK_EQ(vt_slave(&t, 0, b), 0);
    CHECK_STR(vt_str(&t, b, ECA_ST_SLAVE, ECA_SLAVE_F_NAME), "Virtual Drive VD100");
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER_RESCAN, NULL), 0);
    CHECK_EQ(vt_slave(&t, 0, b), 0);
    CHECK_STR(vt_str(&t, b, ECA_ST_SLAVE, ECA_SLAVE_F_NAME), "Wirtual Drive VD100");
    CHECK_EQ(vt_get(&t, b, ECA_ST_SLAVE, ECA_SLAVE_F_ALIAS), 0x4321);
    CHECK_EQ(vt_sii(&t, 0, 0, 4, 1, &w4), 0);
    CHECK_EQ(w4, 0x4321);
    CHECK_EQ(vt_sii(&t, 0, 0, 5, 1, &w4), 0);
    CHECK_EQ(w4, 0xabcd);

    /* writes: nothing to do, no such slave, bad memory */
    CHECK_EQ(vt_sii(&t, 1, 9, 0, 0, NULL), 0);
    CHECK_EQ(vt_sii(&t, 1, 9, 0, 1, &w5), -EINVAL);
    CHECK_EQ(vt_sii(&t, 1, 0, 0, 1, NULL), -EFAULT);
    /* past the end of the EEPROM: -EIO, but the words before the end are written */
    struct sii s2;
    uint16_t *iow;
    unsigned ion;
    vt_io_sii(&s2, &sp[1], &iow, &ion);
    free(iow);
    uint16_t two[2] = {0x1111, 0x2222};
    CHECK_EQ(vt_sii(&t, 1, 1, (uint16_t)(ion - 1), 2, two), -EIO);
    uint8_t cmd[6] = {0x80, 0x01, (uint8_t)(ion - 1), (uint8_t)((ion - 1) >> 8), 0, 0};
    CHECK_EQ(vt_reg(&t, 1, 1, 0x0502, cmd, 6), 0);
    CHECK_EQ(vt_reg_u(&t, 1, 0x0508, 4), 0xffff1111);
    free(words);
    free(expect);
    vt_free(&t);
}

/* A 64-word EEPROM with no categories: IgH counts the END word read past its end. */
static void test_header_only(void)
{
    static const uint8_t mac[6] = VT_MAC;
    struct img m;
    img_begin(&m, mac, 1);
    struct sii s;
    uint16_t *w;
    sii_init(&s);
    sii_identity(&s, 3, 1, 2, 3, 4);
    sii_finish(&s, 64, &w);
    img_slave_begin(&m, 0, 0, 0);
    vt_ports(&m, 0, 1);
    img_sii(&m, w, 64);
    free(w);
    img_slave_end(&m, NULL, 0);
    const uint8_t *image;
    size_t size = img_end(&m, &image);
    struct vbus_options o = {eca_abi_by_id("1.6"), 0, 0, 1};
    struct vt t = {o.abi, NULL, NULL, m};
    char err[128];
    CHECK_EQ(vbus_create(image, size, &o, &t.vb, err, sizeof err), 0);
    CHECK_EQ(vbus_open(t.vb, 1, &t.f), 0);
    uint8_t b[512];
    CHECK_EQ(vt_slave(&t, 0, b), 0);
    CHECK_EQ(vt_get(&t, b, ECA_ST_SLAVE, ECA_SLAVE_F_SII_NWORDS), 0x41);
    CHECK_EQ(vt_get(&t, b, ECA_ST_SLAVE, ECA_SLAVE_F_ALIAS), 3);
    CHECK_EQ(vt_get(&t, b, ECA_ST_SLAVE, ECA_SLAVE_F_ERROR_FLAG), 0);
    CHECK_EQ(vt_al_state(&t, 0), 2);
    uint16_t w40 = 0;
    CHECK_EQ(vt_sii(&t, 0, 0, 0x40, 1, &w40), 0);
    CHECK_EQ(w40, 0xffff);
    CHECK_EQ(vt_sii(&t, 1, 0, 0x40, 1, &w40), -EIO);
    vt_free(&t);
}

int main(void)
{
    test_header_only();
    test_parse_full();
    test_parse_details();
    test_sizes();
    static const char *abis[] = {"1.6", "1.5.3", "1.5.2"};
    for (unsigned i = 0; i < 3; i++)
        test_sii_ioctls(abis[i]);
    return vt_done("test_vbus_sii");
}
