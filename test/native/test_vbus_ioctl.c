/* SPDX-License-Identifier: MIT */
/*
 * The virtual master's information requests and dispatch rules, through vbus_ioctl with
 * the real request codes of the 1.6, 1.5.3 and 1.5.2 ABIs (and a redundancy build):
 * MODULE, MASTER, MASTER_STATE, MASTER_LINK_STATE, SLAVE, SLAVE_SYNC, SLAVE_SYNC_PDO,
 * SLAVE_SYNC_PDO_ENTRY, SLAVE_SDO, SLAVE_SDO_ENTRY, the empty CONFIG/DOMAIN/EOE lookups,
 * MASTER_DEBUG, MASTER_RESCAN, unknown codes, unimplemented requests, access rules, REQUEST
 * and EFAULT.
 */
#include "vbus_test.h"
#include "vbus/vb_types.h"

static const uint8_t mac[6] = VT_MAC;

static void test_module(const char *abi, uint32_t magic)
{
    struct vt t;
    vt_make_std(&t, abi);
    uint8_t buf[8];
    memset(buf, 0xee, sizeof buf);
    CHECK_EQ(vt_io(&t, ECA_REQ_MODULE, buf), 0);
    CHECK_EQ(vt_get(&t, buf, ECA_ST_MODULE, ECA_MODULE_F_IOCTL_VERSION_MAGIC), magic);
    CHECK_EQ(vt_get(&t, buf, ECA_ST_MODULE, ECA_MODULE_F_MASTER_COUNT), 1);
    /* MODULE is the stable anchor: same code everywhere */
    CHECK_EQ(eca_code(t.abi, ECA_REQ_MODULE), 0x8008a400u);
    CHECK_EQ(vbus_ioctl(t.f, 0x8008a400u, 0), -EFAULT);
    vt_free(&t);
}

static void test_magic_override(void)
{
    struct vt t;
    vt_make_std(&t, "1.6");
    vbus_close(t.f);
    vbus_destroy(t.vb);
    const uint8_t *image;
    size_t size = img_end(&t.image, &image);
    struct vbus_options o = {t.abi, 99, 3, 4};
    char err[128];
    CHECK_EQ(vbus_create(image, size, &o, &t.vb, err, sizeof err), 0);
    CHECK_EQ(vbus_open(t.vb, 0, &t.f), 0);
    uint8_t buf[8];
    CHECK_EQ(vt_io(&t, ECA_REQ_MODULE, buf), 0);
    CHECK_EQ(vt_get(&t, buf, ECA_ST_MODULE, ECA_MODULE_F_IOCTL_VERSION_MAGIC), 99);
    CHECK_EQ(vt_get(&t, buf, ECA_ST_MODULE, ECA_MODULE_F_MASTER_COUNT), 4);
    vt_free(&t);
}

static void test_master(const char *abi)
{
    struct vt t;
    vt_make_std(&t, abi);
    const struct eca_layout *l = vt_l(&t, ECA_ST_MASTER);
    uint8_t buf[512];
    memset(buf, 0xee, sizeof buf);
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER, buf), 0);
    CHECK_EQ(eca_get(buf, l, ECA_MASTER_F_SLAVE_COUNT, 0, 0), 2);
    CHECK_EQ(eca_get(buf, l, ECA_MASTER_F_CONFIG_COUNT, 0, 0), 0);
    CHECK_EQ(eca_get(buf, l, ECA_MASTER_F_DOMAIN_COUNT, 0, 0), 0);
    CHECK_EQ(eca_get(buf, l, ECA_MASTER_F_PHASE, 0, 0), 1); /* idle */
    CHECK_EQ(eca_get(buf, l, ECA_MASTER_F_ACTIVE, 0, 0), 0);
    CHECK_EQ(eca_get(buf, l, ECA_MASTER_F_SCAN_BUSY, 0, 0), 0);
    if (eca_offset(l, ECA_MASTER_F_SCAN_INDEX, 0, 0) >= 0)
        CHECK_EQ(eca_get(buf, l, ECA_MASTER_F_SCAN_INDEX, 0, 0), 2);
    CHECK(memcmp(eca_cptr(buf, l, ECA_MASTER_F_DEVICES_ADDRESS, 0), mac, 6) == 0);
    CHECK_EQ(eca_get(buf, l, ECA_MASTER_F_DEVICES_ATTACHED, 0, 0), 1);
    CHECK_EQ(eca_get(buf, l, ECA_MASTER_F_DEVICES_LINK_STATE, 0, 0), 1);
    CHECK_EQ(eca_get(buf, l, ECA_MASTER_F_NUM_DEVICES, 0, 0), 1);
    uint64_t tx = eca_get(buf, l, ECA_MASTER_F_TX_COUNT, 0, 0);
    CHECK(tx > 0); /* the scan sent frames */
    CHECK_EQ(eca_get(buf, l, ECA_MASTER_F_RX_COUNT, 0, 0), tx);
    CHECK_EQ(eca_get(buf, l, ECA_MASTER_F_DEVICES_TX_COUNT, 0, 0), tx);
    CHECK(eca_get(buf, l, ECA_MASTER_F_TX_BYTES, 0, 0) >= 60 * tx);
    CHECK_EQ(eca_get(buf, l, ECA_MASTER_F_APP_TIME, 0, 0), 0);
    CHECK_EQ(eca_get(buf, l, ECA_MASTER_F_REF_CLOCK, 0, 0), 0); /* the drive has DC system time */
    if (t.abi->devices == 2) {
        /* a redundancy build with no backup MAC counts one device; the second stays zero */
        CHECK_EQ(eca_get(buf, l, ECA_MASTER_F_DEVICES_ATTACHED, 1, 0), 0);
        CHECK_EQ(eca_get(buf, l, ECA_MASTER_F_DEVICES_TX_COUNT, 1, 0), 0);
    }
    /* counters grow with the frames the master sends */
    uint8_t d[4];
    CHECK_EQ(vt_reg(&t, 0, 0, 0x0000, d, 4), 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER, buf), 0);
    CHECK(eca_get(buf, l, ECA_MASTER_F_TX_COUNT, 0, 0) > tx);
    /* two minutes of idle traffic: 250 frames/s of 60 bytes, IgH's filtered rates */
    t.vb->link_ns += 120000000000ull;
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER, buf), 0);
    CHECK(eca_get(buf, l, ECA_MASTER_F_TX_COUNT, 0, 0) >= 30000);
    CHECK(eca_get(buf, l, ECA_MASTER_F_RX_BYTES, 0, 0) >= 30000 * 60);
    CHECK_EQ((int32_t)eca_get(buf, l, ECA_MASTER_F_TX_FRAME_RATES, 0, 0), 250000);
    CHECK_EQ((int32_t)eca_get(buf, l, ECA_MASTER_F_DEVICES_RX_FRAME_RATES, 0, 0), 250000);
    int32_t r10 = (int32_t)eca_get(buf, l, ECA_MASTER_F_TX_FRAME_RATES, 0, 1);
    int32_t r60 = (int32_t)eca_get(buf, l, ECA_MASTER_F_TX_FRAME_RATES, 0, 2);
    CHECK(r10 > 249000 && r10 <= 250000);
    CHECK(r60 > 200000 && r60 < 250000); /* the 60 s filter has not settled after 120 s */
    CHECK_EQ((int32_t)eca_get(buf, l, ECA_MASTER_F_TX_BYTE_RATES, 0, 0), 15000);
    CHECK_EQ((int32_t)eca_get(buf, l, ECA_MASTER_F_LOSS_RATES, 0, 0), 0);
    vt_free(&t);
}

static void test_master_state(const char *abi)
{
    struct vt t;
    vt_make_std(&t, abi);
    uint8_t st[8];
    memset(st, 0xee, sizeof st);
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER_STATE, st), 0);
    CHECK_EQ(vt_get(&t, st, ECA_ST_MASTER_STATE_DATA, ECA_MASTER_STATE_DATA_F_SLAVES_RESPONDING), 2);
    CHECK_EQ(vt_get(&t, st, ECA_ST_MASTER_STATE_DATA, ECA_MASTER_STATE_DATA_F_AL_STATES), 0x02);
    CHECK_EQ(vt_get(&t, st, ECA_ST_MASTER_STATE_DATA, ECA_MASTER_STATE_DATA_F_LINK_UP), 1);
    CHECK_EQ(st[4] & 0x1f, 0x12); /* bits 32-35 states, bit 36 link */

    /* AL states are an OR over the slaves */
    CHECK_EQ(vt_state(&t, 1, 1), 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER_STATE, st), 0);
    CHECK_EQ(vt_get(&t, st, ECA_ST_MASTER_STATE_DATA, ECA_MASTER_STATE_DATA_F_AL_STATES), 0x03);

    uint8_t ls[16] = {0}, lstate[8];
    memset(lstate, 0xee, sizeof lstate);
    vt_put(&t, ls, ECA_ST_LINK_STATE, ECA_LINK_STATE_F_DEV_IDX, 0);
    vt_put_ptr(&t, ls, ECA_ST_LINK_STATE, ECA_LINK_STATE_F_STATE, lstate);
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER_LINK_STATE, ls), 0);
    CHECK_EQ(vt_get(&t, lstate, ECA_ST_MASTER_LINK_STATE_DATA, ECA_MASTER_LINK_STATE_DATA_F_SLAVES_RESPONDING), 2);
    CHECK_EQ(vt_get(&t, lstate, ECA_ST_MASTER_LINK_STATE_DATA, ECA_MASTER_LINK_STATE_DATA_F_LINK_UP), 1);
    vt_put(&t, ls, ECA_ST_LINK_STATE, ECA_LINK_STATE_F_DEV_IDX, 1);
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER_LINK_STATE, ls), -EINVAL);
    vt_put(&t, ls, ECA_ST_LINK_STATE, ECA_LINK_STATE_F_DEV_IDX, 0);
    vt_put_ptr(&t, ls, ECA_ST_LINK_STATE, ECA_LINK_STATE_F_STATE, NULL);
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER_LINK_STATE, ls), -EFAULT);

    /* link down: nobody responds, the master loses its slaves; link back: rescanned */
    CHECK_EQ(vbus_fault_link(t.vb, 0), 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER_STATE, st), 0);
    CHECK_EQ(vt_get(&t, st, ECA_ST_MASTER_STATE_DATA, ECA_MASTER_STATE_DATA_F_SLAVES_RESPONDING), 0);
    CHECK_EQ(vt_get(&t, st, ECA_ST_MASTER_STATE_DATA, ECA_MASTER_STATE_DATA_F_LINK_UP), 0);
    uint8_t sbuf[512];
    CHECK_EQ(vt_slave(&t, 0, sbuf), -EINVAL);
    CHECK_EQ(vbus_fault_link(t.vb, 1), 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER_STATE, st), 0);
    CHECK_EQ(vt_get(&t, st, ECA_ST_MASTER_STATE_DATA, ECA_MASTER_STATE_DATA_F_SLAVES_RESPONDING), 2);
    CHECK_EQ(vt_al_state(&t, 1), 2); /* a fresh scan wants PREOP again */
    vt_free(&t);
}

static void test_slave(const char *abi)
{
    struct vt t;
    vt_make_std(&t, abi);
    enum eca_struct S = ECA_ST_SLAVE;
    const struct eca_layout *l = vt_l(&t, S);
    uint8_t b[512];
    CHECK_EQ(vt_slave(&t, 0, b), 0);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_VENDOR_ID), VT_VENDOR);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_PRODUCT_CODE), VT_DRIVE_PRODUCT);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_REVISION_NUMBER), 0x00010002);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_SERIAL_NUMBER), 1);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_ALIAS), 0);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_STD_RX_MAILBOX_OFFSET), 0x1000);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_STD_RX_MAILBOX_SIZE), 128);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_STD_TX_MAILBOX_OFFSET), 0x1400);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_STD_TX_MAILBOX_SIZE), 128);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_BOOT_RX_MAILBOX_SIZE), 0);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_MAILBOX_PROTOCOLS), 0x0004);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_HAS_GENERAL_CATEGORY), 1);
    const uint8_t *coe = eca_cptr(b, l, ECA_SLAVE_F_COE_DETAILS, 0);
    const struct eca_layout *cl = vt_l(&t, ECA_ST_COE_DETAILS);
    CHECK_EQ(eca_get(coe, cl, ECA_COE_DETAILS_F_ENABLE_SDO, 0, 0), 1);
    CHECK_EQ(eca_get(coe, cl, ECA_COE_DETAILS_F_ENABLE_SDO_INFO, 0, 0), 1);
    CHECK_EQ(eca_get(coe, cl, ECA_COE_DETAILS_F_ENABLE_UPLOAD_AT_STARTUP, 0, 0), 0);
    CHECK_EQ(eca_get(coe, cl, ECA_COE_DETAILS_F_ENABLE_SDO_COMPLETE_ACCESS, 0, 0), 1);
    const uint8_t *gf = eca_cptr(b, l, ECA_SLAVE_F_GENERAL_FLAGS, 0);
    CHECK_EQ(eca_get(gf, vt_l(&t, ECA_ST_GENERAL_FLAGS), ECA_GENERAL_FLAGS_F_ENABLE_SAFEOP, 0, 0), 1);
    CHECK_EQ((int64_t)vt_get(&t, b, S, ECA_SLAVE_F_CURRENT_ON_EBUS), -120);
    /* ports: MII, link on 0 and 1, next slave and DC times */
    CHECK_EQ(eca_get(b, l, ECA_SLAVE_F_PORTS_DESC, 0, 0), 3);
    CHECK_EQ(eca_get(b, l, ECA_SLAVE_F_PORTS_DESC, 2, 0), 0);
    const uint8_t *lk0 = eca_cptr(b, l, ECA_SLAVE_F_PORTS_LINK, 0);
    const uint8_t *lk2 = eca_cptr(b, l, ECA_SLAVE_F_PORTS_LINK, 2);
    const struct eca_layout *pl = vt_l(&t, ECA_ST_PORT_LINK);
    CHECK_EQ(eca_get(lk0, pl, ECA_PORT_LINK_F_LINK_UP, 0, 0), 1);
    CHECK_EQ(eca_get(lk0, pl, ECA_PORT_LINK_F_LOOP_CLOSED, 0, 0), 0);
    CHECK_EQ(eca_get(lk0, pl, ECA_PORT_LINK_F_SIGNAL_DETECTED, 0, 0), 1);
    CHECK_EQ(eca_get(lk2, pl, ECA_PORT_LINK_F_LINK_UP, 0, 0), 0);
    CHECK_EQ(eca_get(lk2, pl, ECA_PORT_LINK_F_LOOP_CLOSED, 0, 0), 1);
    CHECK_EQ(eca_get(b, l, ECA_SLAVE_F_PORTS_NEXT_SLAVE, 0, 0), 0xffff);
    CHECK_EQ(eca_get(b, l, ECA_SLAVE_F_PORTS_NEXT_SLAVE, 1, 0), 1);
    CHECK_EQ(eca_get(b, l, ECA_SLAVE_F_PORTS_DELAY_TO_NEXT_DC, 1, 0), 50);
    uint32_t rt0 = (uint32_t)eca_get(b, l, ECA_SLAVE_F_PORTS_RECEIVE_TIME, 0, 0);
    uint32_t rt1 = (uint32_t)eca_get(b, l, ECA_SLAVE_F_PORTS_RECEIVE_TIME, 1, 0);
    CHECK_EQ((uint32_t)(rt1 - rt0), 100); /* image: port 1 at 0 + 50 * 2 ns */
    CHECK_EQ(eca_get(b, l, ECA_SLAVE_F_PORTS_RECEIVE_TIME, 2, 0), 0);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_DC_SUPPORTED), 1);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_DC_RANGE), 1);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_HAS_DC_SYSTEM_TIME), 1);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_FMMU_BIT), 0);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_AL_STATE), 2);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_ERROR_FLAG), 0);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_SYNC_COUNT), 4);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_SDO_COUNT), 11);
    CHECK_STR(vt_str(&t, b, S, ECA_SLAVE_F_NAME), "Virtual Drive VD100");
    CHECK_STR(vt_str(&t, b, S, ECA_SLAVE_F_GROUP), "Drives");
    CHECK_STR(vt_str(&t, b, S, ECA_SLAVE_F_IMAGE), "DRIVE");
    CHECK_STR(vt_str(&t, b, S, ECA_SLAVE_F_ORDER), "VD100-0001");

    CHECK_EQ(vt_slave(&t, 1, b), 0);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_PRODUCT_CODE), VT_IO_PRODUCT);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_MAILBOX_PROTOCOLS), 0);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_SDO_COUNT), 0);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_DC_SUPPORTED), 0);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_AL_STATE), 2); /* the idle master configured it to PREOP */
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_F_CURRENT_ON_EBUS), 90);
    CHECK_EQ(vt_slave(&t, 2, b), -EINVAL);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE, NULL), -EFAULT);
    vt_free(&t);
}

static void test_syncs_pdos(const char *abi)
{
    struct vt t;
    vt_make_std(&t, abi);
    uint8_t b[128] = {0};
    enum eca_struct S = ECA_ST_SLAVE_SYNC;
    vt_put(&t, b, S, ECA_SLAVE_SYNC_F_SYNC_INDEX, 2);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SYNC, b), 0);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_SYNC_F_PHYSICAL_START_ADDRESS), 0x1800);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_SYNC_F_DEFAULT_SIZE), 3);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_SYNC_F_CONTROL_REGISTER), 0x64);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_SYNC_F_ENABLE), 1);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_SYNC_F_PDO_COUNT), 1);
    vt_put(&t, b, S, ECA_SLAVE_SYNC_F_SYNC_INDEX, 4);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SYNC, b), -EINVAL);

    /* drive: PDOs read through CoE (0x1C12 -> 0x1600), names from the SDO dictionary */
    memset(b, 0, sizeof b);
    S = ECA_ST_SLAVE_SYNC_PDO;
    vt_put(&t, b, S, ECA_SLAVE_SYNC_PDO_F_SYNC_INDEX, 2);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SYNC_PDO, b), 0);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_SYNC_PDO_F_INDEX), 0x1600);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_SYNC_PDO_F_ENTRY_COUNT), 2);
    CHECK_STR(vt_str(&t, b, S, ECA_SLAVE_SYNC_PDO_F_NAME), "RxPDO 1 mapping");
    vt_put(&t, b, S, ECA_SLAVE_SYNC_PDO_F_PDO_POS, 1);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SYNC_PDO, b), -EINVAL);

    memset(b, 0, sizeof b);
    S = ECA_ST_SLAVE_SYNC_PDO_ENTRY;
    vt_put(&t, b, S, ECA_SLAVE_SYNC_PDO_ENTRY_F_SYNC_INDEX, 3);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SYNC_PDO_ENTRY, b), 0);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_SYNC_PDO_ENTRY_F_INDEX), 0x6000);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_SYNC_PDO_ENTRY_F_SUBINDEX), 1);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_SYNC_PDO_ENTRY_F_BIT_LENGTH), 32);
    CHECK_STR(vt_str(&t, b, S, ECA_SLAVE_SYNC_PDO_ENTRY_F_NAME), "Position");
    vt_put(&t, b, S, ECA_SLAVE_SYNC_PDO_ENTRY_F_ENTRY_POS, 1);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SYNC_PDO_ENTRY, b), -EINVAL);

    /* I/O slave: PDOs straight from the SII, with SII names and a gap entry */
    memset(b, 0, sizeof b);
    vt_put(&t, b, S, ECA_SLAVE_SYNC_PDO_ENTRY_F_SLAVE_POSITION, 1);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SYNC_PDO_ENTRY, b), 0);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_SYNC_PDO_ENTRY_F_INDEX), 0x7000);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_SYNC_PDO_ENTRY_F_BIT_LENGTH), 1);
    CHECK_STR(vt_str(&t, b, S, ECA_SLAVE_SYNC_PDO_ENTRY_F_NAME), "Channel 1");
    vt_put(&t, b, S, ECA_SLAVE_SYNC_PDO_ENTRY_F_ENTRY_POS, 1);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SYNC_PDO_ENTRY, b), 0);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_SYNC_PDO_ENTRY_F_INDEX), 0);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_SYNC_PDO_ENTRY_F_BIT_LENGTH), 7);
    memset(b, 0, sizeof b);
    S = ECA_ST_SLAVE_SYNC_PDO;
    vt_put(&t, b, S, ECA_SLAVE_SYNC_PDO_F_SLAVE_POSITION, 1);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SYNC_PDO, b), 0);
    CHECK_STR(vt_str(&t, b, S, ECA_SLAVE_SYNC_PDO_F_NAME), "Outputs");
    vt_free(&t);
}

static void test_sdo_dictionary(const char *abi)
{
    struct vt t;
    vt_make_std(&t, abi);
    uint8_t b[128] = {0};
    enum eca_struct S = ECA_ST_SLAVE_SDO;
    vt_put(&t, b, S, ECA_SLAVE_SDO_F_SDO_POSITION, 2);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SDO, b), 0);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_SDO_F_SDO_INDEX), 0x1018);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_SDO_F_MAX_SUBINDEX), 4);
    CHECK_STR(vt_str(&t, b, S, ECA_SLAVE_SDO_F_NAME), "Identity");
    vt_put(&t, b, S, ECA_SLAVE_SDO_F_SDO_POSITION, 11);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SDO, b), -EINVAL);
    vt_put(&t, b, S, ECA_SLAVE_SDO_F_SLAVE_POSITION, 1);
    vt_put(&t, b, S, ECA_SLAVE_SDO_F_SDO_POSITION, 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SDO, b), -EINVAL); /* no CoE: no dictionary */

    memset(b, 0, sizeof b);
    S = ECA_ST_SLAVE_SDO_ENTRY;
    vt_put(&t, b, S, ECA_SLAVE_SDO_ENTRY_F_SDO_SPEC, 0x2000);
    vt_put(&t, b, S, ECA_SLAVE_SDO_ENTRY_F_SDO_ENTRY_SUBINDEX, 10);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SDO_ENTRY, b), 0);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_SDO_ENTRY_F_DATA_TYPE), 0x0007);
    CHECK_EQ(vt_get(&t, b, S, ECA_SLAVE_SDO_ENTRY_F_BIT_LENGTH), 32);
    const struct eca_layout *l = vt_l(&t, S);
    CHECK_EQ(eca_get(b, l, ECA_SLAVE_SDO_ENTRY_F_READ_ACCESS, 0, 0), 1);
    CHECK_EQ(eca_get(b, l, ECA_SLAVE_SDO_ENTRY_F_READ_ACCESS, 0, 2), 1);
    CHECK_EQ(eca_get(b, l, ECA_SLAVE_SDO_ENTRY_F_WRITE_ACCESS, 0, 0), 1);
    CHECK_EQ(eca_get(b, l, ECA_SLAVE_SDO_ENTRY_F_WRITE_ACCESS, 0, 1), 0);
    CHECK_EQ(eca_get(b, l, ECA_SLAVE_SDO_ENTRY_F_WRITE_ACCESS, 0, 2), 0);
    CHECK_STR(vt_str(&t, b, S, ECA_SLAVE_SDO_ENTRY_F_DESCRIPTION), "preop only");
    /* by position: -2 is the third object (0x1018), subindex 1 */
    vt_put(&t, b, S, ECA_SLAVE_SDO_ENTRY_F_SDO_SPEC, (uint32_t)-2);
    vt_put(&t, b, S, ECA_SLAVE_SDO_ENTRY_F_SDO_ENTRY_SUBINDEX, 1);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SDO_ENTRY, b), 0);
    CHECK_STR(vt_str(&t, b, S, ECA_SLAVE_SDO_ENTRY_F_DESCRIPTION), "Vendor ID");
    vt_put(&t, b, S, ECA_SLAVE_SDO_ENTRY_F_SDO_SPEC, 0);
    vt_put(&t, b, S, ECA_SLAVE_SDO_ENTRY_F_SDO_ENTRY_SUBINDEX, 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SDO_ENTRY, b), 0);
    CHECK_STR(vt_str(&t, b, S, ECA_SLAVE_SDO_ENTRY_F_DESCRIPTION), "Device type");
    vt_put(&t, b, S, ECA_SLAVE_SDO_ENTRY_F_SDO_SPEC, 0x1018);
    vt_put(&t, b, S, ECA_SLAVE_SDO_ENTRY_F_SDO_ENTRY_SUBINDEX, 5);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SDO_ENTRY, b), -EINVAL);
    vt_put(&t, b, S, ECA_SLAVE_SDO_ENTRY_F_SDO_SPEC, 0x3000);
    vt_put(&t, b, S, ECA_SLAVE_SDO_ENTRY_F_SDO_ENTRY_SUBINDEX, 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SDO_ENTRY, b), -EINVAL);
    vt_put(&t, b, S, ECA_SLAVE_SDO_ENTRY_F_SDO_SPEC, (uint32_t)-11);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SDO_ENTRY, b), -EINVAL);
    vt_free(&t);

    /* no SDO information in the CoE details: IgH does not fetch the dictionary */
    struct vt_spec sp = vt_drive();
    sp.coe_details = 0x01;
    vt_make(&t, abi, &sp, 1);
    uint8_t sb[512];
    CHECK_EQ(vt_slave(&t, 0, sb), 0);
    CHECK_EQ(vt_get(&t, sb, ECA_ST_SLAVE, ECA_SLAVE_F_SDO_COUNT), 0);
    memset(b, 0, sizeof b);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SDO, b), -EINVAL);
    /* the PDO names then stay empty: the CoE-read PDOs have none of their own */
    memset(b, 0, sizeof b);
    vt_put(&t, b, ECA_ST_SLAVE_SYNC_PDO, ECA_SLAVE_SYNC_PDO_F_SYNC_INDEX, 2);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SYNC_PDO, b), 0);
    CHECK_STR(vt_str(&t, b, ECA_ST_SLAVE_SYNC_PDO, ECA_SLAVE_SYNC_PDO_F_NAME), "");
    vt_free(&t);

    /* without 0x1C12/0x1C13 the SII PDOs and their SII names stay */
    sp = vt_drive();
    sp.no_coe_pdo_objects = 1;
    vt_make(&t, abi, &sp, 1);
    memset(b, 0, sizeof b);
    vt_put(&t, b, ECA_ST_SLAVE_SYNC_PDO, ECA_SLAVE_SYNC_PDO_F_SYNC_INDEX, 2);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SYNC_PDO, b), 0);
    CHECK_EQ(vt_get(&t, b, ECA_ST_SLAVE_SYNC_PDO, ECA_SLAVE_SYNC_PDO_F_INDEX), 0x1600);
    CHECK_STR(vt_str(&t, b, ECA_ST_SLAVE_SYNC_PDO, ECA_SLAVE_SYNC_PDO_F_NAME), "SII RxPDO");
    memset(b, 0, sizeof b);
    vt_put(&t, b, ECA_ST_SLAVE_SYNC_PDO_ENTRY, ECA_SLAVE_SYNC_PDO_ENTRY_F_SYNC_INDEX, 2);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SYNC_PDO_ENTRY, b), 0);
    /* dictionary names replace SII names where the dictionary has the entry */
    CHECK_STR(vt_str(&t, b, ECA_ST_SLAVE_SYNC_PDO_ENTRY, ECA_SLAVE_SYNC_PDO_ENTRY_F_NAME), "Controlword");
    vt_free(&t);
}

/* Without a configuration, domain or EoE handler every lookup index is -EINVAL. */
static void test_empty_lists(const char *abi)
{
    struct vt t;
    vt_make_std(&t, abi);
    static const struct {
        enum eca_req r;
    } reqs[] = {{ECA_REQ_CONFIG}, {ECA_REQ_CONFIG_PDO}, {ECA_REQ_CONFIG_PDO_ENTRY}, {ECA_REQ_CONFIG_SDO},
                {ECA_REQ_CONFIG_IDN}, {ECA_REQ_CONFIG_FLAG}, {ECA_REQ_CONFIG_EOE_IP_PARAM}, {ECA_REQ_DOMAIN},
                {ECA_REQ_DOMAIN_FMMU}, {ECA_REQ_DOMAIN_DATA}, {ECA_REQ_EOE_HANDLER}};
    static uint8_t b[2048];
    for (unsigned i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
        if (!eca_code(t.abi, reqs[i].r))
            continue; /* e.g. CONFIG_FLAG before magic 31, CONFIG_EOE_IP_PARAM before 1.6 */
        memset(b, 0, sizeof b);
        CHECK_EQ(vt_io(&t, reqs[i].r, b), -EINVAL);
        CHECK_EQ(vt_io(&t, reqs[i].r, NULL), -EFAULT);
    }
    vt_free(&t);
}

static void test_dispatch(const char *abi)
{
    struct vt t;
    vt_make_std(&t, abi);
    uint8_t b[2048] = {0};
    /* not an IgH code at all, and IgH codes this ABI does not have */
    CHECK_EQ(vbus_ioctl(t.f, 0x5401, 0), -ENOTTY);
    CHECK_EQ(vbus_ioctl(t.f, 0x0000a47e, 0), -ENOTTY);
    CHECK_EQ(vbus_ioctl(t.f, eca_code(t.abi, ECA_REQ_MASTER) ^ 0x00100000u, (unsigned long)(uintptr_t)b), -ENOTTY);
    if (!eca_code(t.abi, ECA_REQ_SC_STATE_TIMEOUT)) {
        const struct eca_abi *v16 = eca_abi_by_id("1.6");
        uint32_t c = eca_code(v16, ECA_REQ_SC_STATE_TIMEOUT);
        CHECK_EQ(vbus_ioctl(t.f, c, (unsigned long)(uintptr_t)b), -ENOTTY);
    }
    /* application-phase requests: EPERM without REQUEST, served with it (the whole
     * application phase is in test_vbus_app*.c); FoE and VoE are not served */
    CHECK_EQ(vt_io(&t, ECA_REQ_CREATE_DOMAIN, NULL), -EPERM);
    CHECK_EQ(vt_io(&t, ECA_REQ_SEND, NULL), -EPERM);
    CHECK_EQ(vt_io(&t, ECA_REQ_DOMAIN_SIZE, NULL), -EPERM);
    CHECK_EQ(vt_io(&t, ECA_REQ_REQUEST, NULL), 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_CREATE_DOMAIN, NULL), 0);    /* the first domain has index 0 */
    CHECK_EQ(vt_io(&t, ECA_REQ_SEND, NULL), 0);             /* nothing queued before ACTIVATE */
    CHECK_EQ(vt_io(&t, ECA_REQ_CREATE_SLAVE_CONFIG, b), 0); /* 0:0, identity 0/0: detached */
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_FOE_READ, b), -EOPNOTSUPP);
    CHECK_EQ(vt_io(&t, ECA_REQ_SC_VOE, b), -EOPNOTSUPP);
    CHECK_EQ(vt_io(&t, ECA_REQ_RESET, NULL), 0);
    /* MASTER_DEBUG takes 0..2 by value; RESCAN rescans */
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER_DEBUG, (void *)(uintptr_t)2), 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER_DEBUG, (void *)(uintptr_t)3), -EINVAL);
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER_RESCAN, NULL), 0);
    CHECK_EQ(vt_al_state(&t, 0), 2);
    vt_free(&t);
}

/* MASTER_DEBUG stores a level of 0..2 and refuses anything else without changing it;
 * MASTER_RESCAN reads every slave's SII again, so words written since the last scan become
 * visible to SII_READ (until then IgH answers from its scan-time copy). */
static void test_debug_rescan(const char *abi)
{
    struct vt t;
    vt_make_std(&t, abi);
    for (unsigned level = 0; level <= 2; level++) {
        CHECK_EQ(vt_io(&t, ECA_REQ_MASTER_DEBUG, (void *)(uintptr_t)level), 0);
        CHECK_EQ(t.vb->debug_level, level);
    }
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER_DEBUG, (void *)(uintptr_t)3), -EINVAL);
    CHECK_EQ(t.vb->debug_level, 2);
    /* the level travels as an unsigned long: high bits must not wrap into a valid level */
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER_DEBUG, (void *)(uintptr_t)~(uintptr_t)0), -EINVAL);
    CHECK_EQ(t.vb->debug_level, 2);

    CHECK_EQ(vt_state(&t, 1, 1), 0); /* INIT now; a rescan finds the slave anew, wanted in PREOP */
    CHECK_EQ(vt_al_state(&t, 1), 1);
    uint16_t before, w = 0;
    CHECK_EQ(vt_sii(&t, 0, 1, 5, 1, &before), 0);
    uint16_t patched = (uint16_t)(before ^ 0x5a5a);
    CHECK_EQ(vt_sii(&t, 1, 1, 5, 1, &patched), 0);
    CHECK_EQ(vt_sii(&t, 0, 1, 5, 1, &w), 0);
    CHECK_EQ(w, before);
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER_RESCAN, NULL), 0);
    CHECK_EQ(vt_sii(&t, 0, 1, 5, 1, &w), 0);
    CHECK_EQ(w, patched);
    uint8_t b[512] = {0};
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER, b), 0);
    CHECK_EQ(vt_get(&t, b, ECA_ST_MASTER, ECA_MASTER_F_SLAVE_COUNT), 2);
    CHECK_EQ(vt_al_state(&t, 1), 2);

    /* a read-only file may do neither, and changes nothing */
    struct vbus_file *ro;
    CHECK_EQ(vbus_open(t.vb, 0, &ro), 0);
    CHECK_EQ(vt_io_f(&t, ro, ECA_REQ_MASTER_DEBUG, (void *)(uintptr_t)0), -EPERM);
    CHECK_EQ(t.vb->debug_level, 2);
    CHECK_EQ(vt_io_f(&t, ro, ECA_REQ_MASTER_RESCAN, NULL), -EPERM);
    vbus_close(ro);
    vt_free(&t);
}

static void test_access(const char *abi, int upload_needs_write)
{
    struct vt t;
    vt_make_std(&t, abi);
    struct vbus_file *ro, *rw2;
    CHECK_EQ(vbus_open(t.vb, 0, &ro), 0);
    CHECK_EQ(vbus_open(t.vb, 1, &rw2), 0);
    uint8_t b[2048] = {0};
    /* information requests need nothing */
    CHECK_EQ(vt_io_f(&t, ro, ECA_REQ_MODULE, b), 0);
    CHECK_EQ(vt_io_f(&t, ro, ECA_REQ_MASTER, b), 0);
    memset(b, 0, sizeof b);
    CHECK_EQ(vt_io_f(&t, ro, ECA_REQ_SLAVE, b), 0);
    CHECK_EQ(vt_io_f(&t, ro, ECA_REQ_MASTER_STATE, b), 0);
    uint16_t words[4];
    uint8_t sb[64] = {0};
    vt_put(&t, sb, ECA_ST_SLAVE_SII, ECA_SLAVE_SII_F_NWORDS, 4);
    vt_put_ptr(&t, sb, ECA_ST_SLAVE_SII, ECA_SLAVE_SII_F_WORDS, words);
    CHECK_EQ(vt_io_f(&t, ro, ECA_REQ_SLAVE_SII_READ, sb), 0);
    /* bus access needs a writable file */
    CHECK_EQ(vt_io_f(&t, ro, ECA_REQ_SLAVE_STATE, b), -EPERM);
    CHECK_EQ(vt_io_f(&t, ro, ECA_REQ_SLAVE_SDO_DOWNLOAD, b), -EPERM);
    CHECK_EQ(vt_io_f(&t, ro, ECA_REQ_SLAVE_SII_WRITE, b), -EPERM);
    CHECK_EQ(vt_io_f(&t, ro, ECA_REQ_SLAVE_REG_WRITE, b), -EPERM);
    CHECK_EQ(vt_io_f(&t, ro, ECA_REQ_MASTER_RESCAN, NULL), -EPERM);
    CHECK_EQ(vt_io_f(&t, ro, ECA_REQ_MASTER_DEBUG, NULL), -EPERM);
    CHECK_EQ(vt_io_f(&t, ro, ECA_REQ_REQUEST, NULL), -EPERM);
    /* 1.6 made the reading transfers need write access too; 1.5 did not */
    uint8_t data[16];
    uint8_t ub[64] = {0};
    vt_put(&t, ub, ECA_ST_SLAVE_SDO_UPLOAD, ECA_SLAVE_SDO_UPLOAD_F_SDO_INDEX, 0x1000);
    vt_put(&t, ub, ECA_ST_SLAVE_SDO_UPLOAD, ECA_SLAVE_SDO_UPLOAD_F_TARGET_SIZE, sizeof data);
    vt_put_ptr(&t, ub, ECA_ST_SLAVE_SDO_UPLOAD, ECA_SLAVE_SDO_UPLOAD_F_TARGET, data);
    CHECK_EQ(vt_io_f(&t, ro, ECA_REQ_SLAVE_SDO_UPLOAD, ub), upload_needs_write ? -EPERM : 0);
    uint8_t rb[64] = {0};
    vt_put(&t, rb, ECA_ST_SLAVE_REG, ECA_SLAVE_REG_F_SIZE, 2);
    vt_put_ptr(&t, rb, ECA_ST_SLAVE_REG, ECA_SLAVE_REG_F_DATA, data);
    CHECK_EQ(vt_io_f(&t, ro, ECA_REQ_SLAVE_REG_READ, rb), upload_needs_write ? -EPERM : 0);

    /* REQUEST: one holder; others get EBUSY; the holder's close releases it */
    CHECK_EQ(vt_io_f(&t, rw2, ECA_REQ_REQUEST, NULL), 0);
    CHECK_EQ(vt_io(&t, ECA_REQ_REQUEST, NULL), -EBUSY);
    CHECK_EQ(vt_io_f(&t, rw2, ECA_REQ_REQUEST, NULL), -EBUSY);
    memset(b, 0, sizeof b);
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER, b), 0);
    CHECK_EQ(vt_get(&t, b, ECA_ST_MASTER, ECA_MASTER_F_PHASE), 2); /* operation */
    /* requested-only requests need REQUEST on this very file */
    CHECK_EQ(vt_io(&t, ECA_REQ_DEACTIVATE, NULL), -EPERM);
    CHECK_EQ(vt_io_f(&t, rw2, ECA_REQ_DEACTIVATE, NULL), -EINVAL); /* not active */
    vbus_close(rw2);
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER, b), 0);
    CHECK_EQ(vt_get(&t, b, ECA_ST_MASTER, ECA_MASTER_F_PHASE), 1);
    CHECK_EQ(vt_io(&t, ECA_REQ_REQUEST, NULL), 0);
    vbus_close(ro);
    vt_free(&t);
}

int main(void)
{
    static const struct {
        const char *id;
        uint32_t magic;
        int upload_needs_write;
    } abis[] = {{"1.6", 37, 1}, {"1.5.3", 33, 0}, {"1.5.2", 27, 0}, {"1.6+dev2", 37, 1}};
    for (unsigned i = 0; i < sizeof abis / sizeof abis[0]; i++) {
        const char *id = abis[i].id;
        test_module(id, abis[i].magic);
        test_master(id);
        test_master_state(id);
        test_slave(id);
        test_syncs_pdos(id);
        test_sdo_dictionary(id);
        test_empty_lists(id);
        test_dispatch(id);
        test_debug_rescan(id);
        test_access(id, abis[i].upload_needs_write);
    }
    test_magic_override();
    return vt_done("test_vbus_ioctl");
}
