/* SPDX-License-Identifier: MIT */
/*
 * ESC register semantics through SLAVE_REG_READ/WRITE: identity and feature registers,
 * station address and alias, DL status from the port table, read-only areas, error
 * counter clearing, watchdog defaults, the SII interface, FMMU/SM areas, DC receive times
 * and system time (64 bit, 32 bit, delay measurement only, none), addresses above 0x0fff,
 * and the request's own errors.
 */
#define _POSIX_C_SOURCE 200809L
#include <time.h>

#include "vbus_test.h"
#include "vbus/vb_types.h"

static int write_u(struct vt *t, unsigned pos, uint16_t addr, uint32_t v, size_t size)
{
    uint8_t d[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    return (int)vt_reg(t, 1, pos, addr, d, size);
}

static uint64_t read64(struct vt *t, unsigned pos, uint16_t addr)
{
    uint8_t d[8];
    CHECK_EQ(vt_reg(t, 0, pos, addr, d, 8), 0);
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++)
        v |= (uint64_t)d[i] << (8 * i);
    return v;
}

static uint64_t now_since_2000(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec - 946684800000000000ull;
}

static void test_identity_and_link(const char *abi)
{
    struct vt_spec sp[2] = {vt_drive(), vt_iospec()};
    sp[0].alias = 0x1234;
    struct vt t;
    vt_make(&t, abi, sp, 2);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0000, 1), 0x11);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0004, 1), 8);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0005, 1), 8);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0006, 1), 8);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0007, 1), 0x0f); /* ports 0 and 1 MII */
    CHECK_EQ(vt_reg_u(&t, 0, 0x0008, 2), 0x000c); /* DC, 64 bit */
    CHECK_EQ(vt_reg_u(&t, 1, 0x0008, 2), 0x0000);
    CHECK_EQ(write_u(&t, 0, 0x0000, 0xff, 1), 0);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0000, 1), 0x11); /* read-only */
    /* station address = position + 1, writable; alias from the EEPROM, read-only */
    CHECK_EQ(vt_reg_u(&t, 0, 0x0010, 2), 1);
    CHECK_EQ(vt_reg_u(&t, 1, 0x0010, 2), 2);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0012, 2), 0x1234);
    CHECK_EQ(write_u(&t, 0, 0x0012, 0x5555, 2), 0);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0012, 2), 0x1234);
    uint8_t b[512];
    CHECK_EQ(vt_slave(&t, 0, b), 0);
    CHECK_EQ(vt_get(&t, b, ECA_ST_SLAVE, ECA_SLAVE_F_ALIAS), 0x1234);
    /* DL status: PDI operational, link/loop/signal per port from the image */
    CHECK_EQ(vt_reg_u(&t, 0, 0x0110, 2), 0x5a33);
    CHECK_EQ(vt_reg_u(&t, 1, 0x0110, 2), 0x5613);
    CHECK_EQ(write_u(&t, 0, 0x0110, 0, 2), 0);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0110, 2), 0x5a33);
    /* DL control and AL status */
    CHECK_EQ(vt_reg_u(&t, 0, 0x0100, 1), 0x01);
    CHECK_EQ(write_u(&t, 0, 0x0101, 0x05, 1), 0);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0101, 1), 0x05);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0130, 2), 0x0002);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0134, 2), 0);
    CHECK_EQ(write_u(&t, 0, 0x0130, 0x08, 1), 0);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0130, 1), 0x02);
    /* reads across several registers in one go */
    uint8_t block[0x20];
    CHECK_EQ(vt_reg(&t, 0, 0, 0x0000, block, sizeof block), 0);
    CHECK_EQ(block[0], 0x11);
    CHECK_EQ(block[0x10], 1);
    CHECK_EQ(block[0x12] | block[0x13] << 8, 0x1234);
    vt_free(&t);
}

static void test_counters_and_watchdog(const char *abi)
{
    struct vt t;
    vt_make_std(&t, abi);
    struct vb_slave *s = &t.vb->slaves[0];
    for (unsigned i = 0; i < 0x14; i++)
        s->regs[0x0300 + i] = (uint8_t)(i + 1); /* as if errors had been counted */
    CHECK_EQ(vt_reg_u(&t, 0, 0x0300, 1), 1);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0308, 1), 9);
    /* writing any byte of 0x0300-0x030b clears all of them, and nothing else */
    CHECK_EQ(write_u(&t, 0, 0x0305, 0x77, 1), 0);
    uint8_t d[0x14];
    CHECK_EQ(vt_reg(&t, 0, 0, 0x0300, d, sizeof d), 0);
    for (unsigned i = 0; i < 0x0c; i++)
        CHECK_EQ(d[i], 0);
    CHECK_EQ(d[0x0c], 0x0d);
    CHECK_EQ(d[0x0d], 0x0e);
    CHECK_EQ(d[0x10], 0x11);
    /* lost link counters clear together too */
    CHECK_EQ(write_u(&t, 0, 0x0312, 0, 1), 0);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0310, 4), 0);
    CHECK_EQ(vt_reg_u(&t, 0, 0x030c, 1), 0x0d);
    CHECK_EQ(write_u(&t, 0, 0x030c, 0, 1), 0);
    CHECK_EQ(vt_reg_u(&t, 0, 0x030c, 1), 0);
    /* watchdog: 100 us divider, 100 ms times, writable */
    CHECK_EQ(vt_reg_u(&t, 0, 0x0400, 2), 0x09c2);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0410, 2), 1000);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0420, 2), 1000);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0440, 1), 1);
    CHECK_EQ(write_u(&t, 0, 0x0420, 500, 2), 0);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0420, 2), 500);
    /* FMMU and SM areas: implemented units writable, the rest read-only, SM status too */
    uint8_t f[16], g[16];
    for (unsigned i = 0; i < 16; i++)
        f[i] = (uint8_t)(0xa0 + i);
    CHECK_EQ(vt_reg(&t, 1, 0, 0x0610, f, 16), 0);
    CHECK_EQ(vt_reg(&t, 0, 0, 0x0610, g, 16), 0);
    CHECK(memcmp(f, g, 16) == 0);
    CHECK_EQ(vt_reg(&t, 1, 0, 0x0680, f, 16), 0); /* FMMU 8 does not exist */
    CHECK_EQ(vt_reg_u(&t, 0, 0x0680, 4), 0);
    CHECK_EQ(write_u(&t, 0, 0x0835, 0xff, 1), 0); /* SM6 status */
    CHECK_EQ(vt_reg_u(&t, 0, 0x0835, 1), 0);
    vt_free(&t);
}

static void test_sii_interface(const char *abi)
{
    struct vt t;
    vt_make_std(&t, abi);
    /* read command: 8 bytes of data from word 8 (vendor id, product code) */
    uint8_t cmd[6] = {0x80, 0x01, 0x08, 0, 0, 0};
    CHECK_EQ(vt_reg(&t, 1, 0, 0x0502, cmd, 6), 0);
    uint8_t st[14];
    CHECK_EQ(vt_reg(&t, 0, 0, 0x0502, st, 14), 0);
    CHECK_EQ((st[0] | st[1] << 8) & 0xff00, 0); /* idle, no error */
    CHECK_EQ(st[0] & 0x40, 0x40);               /* 8-byte reads */
    CHECK_EQ(st[6] | st[7] << 8 | st[8] << 16 | (uint32_t)st[9] << 24, VT_VENDOR);
    CHECK_EQ(st[10] | st[11] << 8, VT_DRIVE_PRODUCT);
    /* beyond the EEPROM: erased words */
    cmd[2] = 0x00;
    cmd[3] = 0x10;
    CHECK_EQ(vt_reg(&t, 1, 0, 0x0502, cmd, 6), 0);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0508, 4), 0xffffffff);
    /* write without write enable: error bit 14 */
    uint8_t w[8] = {0x80, 0x02, 0x05, 0, 0, 0, 0x34, 0x12};
    CHECK_EQ(vt_reg(&t, 1, 0, 0x0502, w, 8), 0);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0502, 2) & 0x6000, 0x4000);
    /* with write enable: written; beyond the EEPROM: acknowledge error */
    w[0] = 0x81;
    CHECK_EQ(vt_reg(&t, 1, 0, 0x0502, w, 8), 0);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0502, 2) & 0x6001, 0); /* write enable self-clears */
    w[3] = 0x40;
    CHECK_EQ(vt_reg(&t, 1, 0, 0x0502, w, 8), 0);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0502, 2) & 0x2000, 0x2000);
    /* an invalid command */
    uint8_t bad[2] = {0x80, 0x03};
    CHECK_EQ(vt_reg(&t, 1, 0, 0x0502, bad, 2), 0);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0502, 2) & 0x2000, 0x2000);
    /* word 5 really changed in the EEPROM */
    cmd[2] = 0x04;
    cmd[3] = 0x00;
    CHECK_EQ(vt_reg(&t, 1, 0, 0x0502, cmd, 6), 0);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0508, 4), 0x12340000);
    /* reload: the configuration area goes to its registers (alias from word 4) */
    uint8_t wa[8] = {0x81, 0x02, 0x04, 0, 0, 0, 0x99, 0x00};
    CHECK_EQ(vt_reg(&t, 1, 0, 0x0502, wa, 8), 0);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0012, 2), 0);
    uint8_t reload[2] = {0x80, 0x04};
    CHECK_EQ(vt_reg(&t, 1, 0, 0x0502, reload, 2), 0);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0012, 2), 0x99);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0502, 2) & 0x0800, 0x0800); /* words 0-6 changed: checksum error */
    vt_free(&t);
}

static void test_dc(const char *abi)
{
    struct vt_spec sp[4] = {vt_drive(), vt_drive(), vt_drive(), vt_iospec()};
    sp[1].dc = 3; /* 32 bit */
    sp[2].dc = 2; /* delay measurement only */
    struct vt t;
    vt_make(&t, abi, sp, 4);
    /* receive times: latched at the scan, port differences from the image */
    uint32_t r0 = vt_reg_u(&t, 0, 0x0900, 4), r1 = vt_reg_u(&t, 0, 0x0904, 4);
    CHECK_EQ((uint32_t)(r1 - r0), 200);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0908, 4), 0);
    uint64_t pu = read64(&t, 0, 0x0918);
    CHECK_EQ((uint32_t)pu, r0);
    /* a write to 0x0900 latches again, later */
    CHECK_EQ(write_u(&t, 0, 0x0900, 0, 1), 0);
    uint32_t r0b = vt_reg_u(&t, 0, 0x0900, 4), r1b = vt_reg_u(&t, 0, 0x0904, 4);
    CHECK_EQ((uint32_t)(r1b - r0b), 200);
    CHECK(r0b != r0);
    /* 64-bit system time: ns since 2000, running */
    uint64_t before = now_since_2000();
    uint64_t st = read64(&t, 0, 0x0910);
    uint64_t after = now_since_2000();
    CHECK(st >= before && st <= after);
    uint64_t st2 = read64(&t, 0, 0x0910);
    CHECK(st2 >= st);
    /* the offset register shifts it */
    uint8_t off[8] = {0x00, 0xca, 0x9a, 0x3b, 0, 0, 0, 0}; /* 1e9 */
    CHECK_EQ(vt_reg(&t, 1, 0, 0x0920, off, 8), 0);
    uint64_t st3 = read64(&t, 0, 0x0910);
    CHECK(st3 >= st2 + 1000000000ull && st3 < now_since_2000() + 1000000001ull);
    CHECK_EQ(write_u(&t, 0, 0x0928, 1234, 4), 0);
    CHECK_EQ(vt_reg_u(&t, 0, 0x0928, 4), 1234);
    /* 32 bit: the upper half reads 0 */
    CHECK_EQ(vt_reg_u(&t, 1, 0x0914, 4), 0);
    uint32_t lo = vt_reg_u(&t, 1, 0x0910, 4);
    uint32_t now_lo = (uint32_t)now_since_2000();
    CHECK((uint32_t)(now_lo - lo) < 1000000000u);
    /* delay measurement only: system time registers do not answer */
    uint8_t d[8];
    CHECK_EQ(vt_reg(&t, 0, 2, 0x0910, d, 8), -EIO);
    CHECK_EQ(vt_reg(&t, 0, 2, 0x0900, d, 8), 0);
    uint8_t b[512];
    CHECK_EQ(vt_slave(&t, 2, b), 0);
    CHECK_EQ(vt_get(&t, b, ECA_ST_SLAVE, ECA_SLAVE_F_DC_SUPPORTED), 1);
    CHECK_EQ(vt_get(&t, b, ECA_ST_SLAVE, ECA_SLAVE_F_HAS_DC_SYSTEM_TIME), 0);
    CHECK_EQ(vt_slave(&t, 1, b), 0);
    CHECK_EQ(vt_get(&t, b, ECA_ST_SLAVE, ECA_SLAVE_F_DC_RANGE), 0);
    CHECK_EQ(vt_get(&t, b, ECA_ST_SLAVE, ECA_SLAVE_F_HAS_DC_SYSTEM_TIME), 1);
    CHECK_EQ(vt_get(&t, b, ECA_ST_SLAVE, ECA_SLAVE_F_TRANSMISSION_DELAY), 10);
    /* no DC at all: the DC area is plain read-only memory */
    CHECK_EQ(vt_reg_u(&t, 3, 0x0910, 4), 0);
    CHECK_EQ(write_u(&t, 3, 0x0920, 5, 4), 0);
    CHECK_EQ(vt_reg_u(&t, 3, 0x0920, 4), 0);
    /* the first slave with a system time is the reference clock */
    uint8_t m[512];
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER, m), 0);
    CHECK_EQ(vt_get(&t, m, ECA_ST_MASTER, ECA_MASTER_F_REF_CLOCK), 0);
    vt_free(&t);

    struct vt_spec io[2] = {vt_iospec(), vt_drive()};
    io[1].dc = 2;
    vt_make(&t, abi, io, 2);
    CHECK_EQ(vt_io(&t, ECA_REQ_MASTER, m), 0);
    CHECK_EQ(vt_get(&t, m, ECA_ST_MASTER, ECA_MASTER_F_REF_CLOCK), 0xffff);
    vt_free(&t);
}

static void test_limits(const char *abi)
{
    struct vt t;
    vt_make_std(&t, abi);
    /* above 0x0fff: process RAM is not modelled, reads as zeros, writes are dropped */
    uint8_t d[1600];
    memset(d, 0xee, sizeof d);
    CHECK_EQ(vt_reg(&t, 0, 0, 0x0ffe, d, 4), 0);
    CHECK_EQ(d[2], 0);
    CHECK_EQ(d[3], 0);
    memset(d, 0xee, 16);
    CHECK_EQ(vt_reg(&t, 1, 0, 0x1000, d, 16), 0);
    CHECK_EQ(vt_reg(&t, 0, 0, 0x1000, d, 16), 0);
    for (unsigned i = 0; i < 16; i++)
        CHECK_EQ(d[i], 0);
    /* one datagram carries at most 1486 bytes */
    CHECK_EQ(vt_reg(&t, 0, 0, 0x0000, d, 1486), 0);
    CHECK_EQ(d[0], 0x11);
    CHECK_EQ(vt_reg(&t, 0, 0, 0x0000, d, 1487), -EIO);
    /* request errors */
    CHECK_EQ(vt_reg(&t, 0, 0, 0x0000, d, 0), 0);
    CHECK_EQ(vt_reg(&t, 0, 7, 0x0000, d, 2), -EINVAL);
    CHECK_EQ(vt_reg(&t, 1, 7, 0x0000, d, 2), -EINVAL);
    CHECK_EQ(vt_reg(&t, 0, 0, 0x0000, NULL, 2), -EFAULT);
    CHECK_EQ(vt_reg(&t, 1, 0, 0x0010, NULL, 2), -EFAULT);
    CHECK_EQ(vt_reg(&t, 0, 0, 0x0000, d, (size_t)1 << 40), -ENOMEM);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_REG_READ, NULL), -EFAULT);
    /* emergency writes go to the ring position, even one the master does not know */
    if (eca_size(vt_l(&t, ECA_ST_SLAVE_REG), ECA_SLAVE_REG_F_EMERGENCY)) {
        uint8_t b[64] = {0};
        uint16_t v = 0x0800;
        vt_put(&t, b, ECA_ST_SLAVE_REG, ECA_SLAVE_REG_F_EMERGENCY, 1);
        vt_put(&t, b, ECA_ST_SLAVE_REG, ECA_SLAVE_REG_F_SLAVE_POSITION, 1);
        vt_put(&t, b, ECA_ST_SLAVE_REG, ECA_SLAVE_REG_F_ADDRESS, 0x0420);
        vt_put(&t, b, ECA_ST_SLAVE_REG, ECA_SLAVE_REG_F_SIZE, 2);
        vt_put_ptr(&t, b, ECA_ST_SLAVE_REG, ECA_SLAVE_REG_F_DATA, &v);
        CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_REG_WRITE, b), 0);
        CHECK_EQ(vt_reg_u(&t, 1, 0x0420, 2), 0x0800);
        vt_put(&t, b, ECA_ST_SLAVE_REG, ECA_SLAVE_REG_F_SLAVE_POSITION, 5);
        CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_REG_WRITE, b), -EIO);
    }
    vt_free(&t);
}

int main(void)
{
    static const char *abis[] = {"1.6", "1.5.3", "1.5.2"};
    for (unsigned i = 0; i < 3; i++) {
        test_identity_and_link(abis[i]);
        test_counters_and_watchdog(abis[i]);
        test_sii_interface(abis[i]);
        test_dc(abis[i]);
        test_limits(abis[i]);
    }
    return vt_done("test_vbus_esc");
}
