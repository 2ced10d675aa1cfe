/* SPDX-License-Identifier: MIT */
/*
 * State blobs: what one virtual master saves (AL states and error flags, SDO values,
 * SII/EEPROM contents and alias, ESC registers) a fresh master built from the same image
 * restores, whatever ABI it presents; volatile entries are not carried over; a blob of
 * another topology, or a damaged one, is refused.
 */
#include "vbus_test.h"
#include "vbus/vb_types.h"

static uint32_t up32(struct vt *t, unsigned pos, uint16_t index, uint8_t sub)
{
    uint8_t d[8] = {0};
    size_t n;
    uint32_t abort;
    if (vt_upload(t, pos, index, sub, d, sizeof d, &n, &abort))
        return 0xdeadbeef;
    return d[0] | d[1] << 8 | d[2] << 16 | (uint32_t)d[3] << 24;
}

static uint8_t *save(struct vt *t, size_t *size)
{
    *size = vbus_state_size(t->vb);
    uint8_t *blob = malloc(*size);
    CHECK_EQ(vbus_state_save(t->vb, blob, *size), 0);
    return blob;
}

static void test_round_trip(void)
{
    struct vt a;
    vt_make_std(&a, "1.6");
    /* change everything a blob carries */
    CHECK_EQ(vt_state(&a, 0, 4), 0);
    CHECK_EQ(vt_state(&a, 1, 3), 0); /* refused: INIT with the error flag, code 0x0013 */
    uint32_t v = 0x55aa55aa;
    uint32_t abort;
    CHECK_EQ(vt_download(&a, 0, 0x2000, 3, 0, &v, 4, &abort), 0);
    CHECK_EQ(vt_download(&a, 0, 0x2000, 6, 0, "xy", 2, &abort), 0);
    uint16_t head[8];
    CHECK_EQ(vt_sii(&a, 0, 0, 0, 8, head), 0);
    head[4] = 0x77;
    CHECK_EQ(vt_sii(&a, 1, 0, 0, 8, head), 0);
    uint8_t wd[2] = {0x34, 0x12};
    CHECK_EQ(vt_reg(&a, 1, 0, 0x0420, wd, 2), 0);
    a.vb->slaves[0].od.objects[a.vb->slaves[0].od.count - 2].entries[1].value[0] = 0x99; /* 0x6000:01 */
    CHECK_EQ(up32(&a, 0, 0x6000, 1) & 0xff, 0x99);
    uint8_t mbuf[512];
    CHECK_EQ(vt_io(&a, ECA_REQ_MASTER, mbuf), 0);
    uint64_t tx_a = vt_get(&a, mbuf, ECA_ST_MASTER, ECA_MASTER_F_TX_COUNT);
    size_t size;
    uint8_t *blob = save(&a, &size);
    CHECK(size > 2 * 4096);
    CHECK_EQ(vbus_state_save(a.vb, blob, size - 1), -ENOSPC);

    /* a fresh master from the same image, presenting another ABI */
    const uint8_t *image;
    size_t isize = img_end(&a.image, &image);
    struct vt b;
    memset(&b, 0, sizeof b);
    b.abi = eca_abi_by_id("1.5.2");
    struct vbus_options o = {b.abi, 0, 0, 1};
    char err[128];
    CHECK_EQ(vbus_create(image, isize, &o, &b.vb, err, sizeof err), 0);
    CHECK_EQ(vbus_open(b.vb, 1, &b.f), 0);
    CHECK_EQ(vt_al_state(&b, 0), 2);
    CHECK_EQ(vbus_state_load(b.vb, blob, size), 0);
    CHECK_EQ(vt_al_state(&b, 0), 4);
    CHECK_EQ(vt_error_flag(&b, 0), 0);
    CHECK_EQ(vt_al_state(&b, 1), 1);
    CHECK_EQ(vt_error_flag(&b, 1), 1);
    CHECK_EQ(vt_reg_u(&b, 1, 0x0134, 2), 0x0013);
    CHECK_EQ(up32(&b, 0, 0x2000, 3), 0x55aa55aa);
    char s[16] = {0};
    size_t n;
    CHECK_EQ(vt_upload(&b, 0, 0x2000, 6, s, sizeof s, &n, &abort), 0);
    CHECK_EQ(n, 2);
    CHECK(memcmp(s, "xy", 2) == 0);
    CHECK_EQ(up32(&b, 0, 0x6000, 1), 0x04030201); /* volatile: back to the image value */
    uint8_t sb[512];
    CHECK_EQ(vt_slave(&b, 0, sb), 0);
    CHECK_EQ(vt_get(&b, sb, ECA_ST_SLAVE, ECA_SLAVE_F_ALIAS), 0x77);
    CHECK_STR(vt_str(&b, sb, ECA_ST_SLAVE, ECA_SLAVE_F_NAME), "Virtual Drive VD100");
    CHECK_EQ(vt_get(&b, sb, ECA_ST_SLAVE, ECA_SLAVE_F_SDO_COUNT), 11);
    uint16_t w4;
    CHECK_EQ(vt_sii(&b, 0, 0, 4, 1, &w4), 0);
    CHECK_EQ(w4, 0); /* the master's SII copy is from its last scan, as before the save */
    CHECK_EQ(vt_reg_u(&b, 0, 0x0420, 2), 0x1234);
    /* the frame counters go on from where the saved master was */
    CHECK_EQ(vt_io(&b, ECA_REQ_MASTER, mbuf), 0);
    CHECK(vt_get(&b, mbuf, ECA_ST_MASTER, ECA_MASTER_F_TX_COUNT) > tx_a);
    /* PDO information is rebuilt from the restored slave */
    uint8_t pb[128] = {0};
    vt_put(&b, pb, ECA_ST_SLAVE_SYNC_PDO, ECA_SLAVE_SYNC_PDO_F_SYNC_INDEX, 3);
    CHECK_EQ(vt_io(&b, ECA_REQ_SLAVE_SYNC_PDO, pb), 0);
    CHECK_EQ(vt_get(&b, pb, ECA_ST_SLAVE_SYNC_PDO, ECA_SLAVE_SYNC_PDO_F_INDEX), 0x1a00);
    CHECK_STR(vt_str(&b, pb, ECA_ST_SLAVE_SYNC_PDO, ECA_SLAVE_SYNC_PDO_F_NAME), "TxPDO 1 mapping");
    /* and a rescan after loading sees the written EEPROM */
    CHECK_EQ(vt_io(&b, ECA_REQ_MASTER_RESCAN, NULL), 0);
    CHECK_EQ(vt_sii(&b, 0, 0, 4, 1, &w4), 0);
    CHECK_EQ(w4, 0x77);
    /* saving again gives the same blob, apart from what moved since (time, scan) */
    size_t size2;
    uint8_t *blob2 = save(&b, &size2);
    CHECK_EQ(size2, size);
    free(blob2);

    /* refusals: damaged, truncated, or from another topology */
    blob[0] ^= 1;
    CHECK_EQ(vbus_state_load(b.vb, blob, size), -EINVAL);
    blob[0] ^= 1;
    CHECK_EQ(vbus_state_load(b.vb, blob, size - 1), -EINVAL);
    CHECK_EQ(vbus_state_load(b.vb, NULL, size), -EINVAL);
    struct vt c;
    struct vt_spec sp[2] = {vt_drive(), vt_iospec()};
    sp[1].serial = 99;
    vt_make(&c, "1.6", sp, 2);
    CHECK_EQ(vbus_state_size(c.vb), size);
    CHECK_EQ(vbus_state_load(c.vb, blob, size), -EINVAL);
    CHECK_EQ(vt_al_state(&c, 0), 2); /* untouched */
    vt_free(&c);
    free(blob);
    vt_free(&b);
    vt_free(&a);
}

int main(void)
{
    test_round_trip();
    return vt_done("test_vbus_state");
}
