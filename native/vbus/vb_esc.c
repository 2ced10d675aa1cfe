/* SPDX-License-Identifier: MIT */
/*
 * ESC register space of a virtual slave: power-on values, which bits the EtherCAT side
 * may write, and the side effects writes and reads have (see vb_esc.h). Register
 * numbers and semantics follow the EtherCAT slave controller documentation (ETG.1000.4
 * and the ESC datasheets); values that differ between real ESCs are chosen once here.
 */
#include "vb_esc.h"
#include "vb_mbox.h"
#include "vb_pd.h"

/* ESC identity every virtual slave reports (an ET1100-like controller). */
#define VB_ESC_TYPE 0x11
#define VB_ESC_REVISION 0x00
#define VB_ESC_BUILD 0x0003
#define VB_ESC_RAM_KB 8
#define VB_ESC_MIN_FMMUS 8
#define VB_ESC_MIN_SYNCS 8

/* Image flag bits (docs/vbus-image.md). */
#define IMG_DC_SUPPORTED 0x01
#define IMG_DC_64 0x02
#define IMG_DC_SYSTEM_TIME 0x04
#define IMG_FMMU_BIT 0x08

static int has_dc(const struct vb_slave *s)
{
    return s->img_flags & IMG_DC_SUPPORTED;
}

static int has_system_time(const struct vb_slave *s)
{
    return (s->img_flags & (IMG_DC_SUPPORTED | IMG_DC_SYSTEM_TIME)) == (IMG_DC_SUPPORTED | IMG_DC_SYSTEM_TIME);
}

uint64_t vb_esc_local_time(const struct vb_slave *s)
{
    if (s->bus)
        return s->bus->dc_base + s->bus->bus_time; /* the wall clock, moved on with the bus time */
    return ecat_port_realtime_ns() - VB_EPOCH_2000_NS;
}

uint64_t vb_esc_system_time(const struct vb_slave *s)
{
    uint64_t t = vb_esc_local_time(s) + vb_le64(s->regs + ESC_DC_SYSTEM_TIME_OFFSET);
    return (s->img_flags & IMG_DC_64) ? t : (uint32_t)t;
}

uint8_t vb_esc_al_status(const struct vb_slave *s)
{
    return s->regs[ESC_AL_STATUS];
}

uint16_t vb_esc_al_code(const struct vb_slave *s)
{
    return vb_le16(s->regs + ESC_AL_STATUS_CODE);
}

void vb_esc_set_al(struct vb_slave *s, uint8_t status, uint16_t code)
{
    uint8_t old = s->regs[ESC_AL_STATUS] & VB_AL_STATE_MASK;
    s->regs[ESC_AL_STATUS] = status;
    s->regs[ESC_AL_STATUS + 1] = 0;
    vb_put16(s->regs + ESC_AL_STATUS_CODE, code);
    if ((status & VB_AL_STATE_MASK) != old)
        vb_pd_state_changed(s, status);
}

void vb_esc_update_dl_status(struct vb_slave *s)
{
    uint16_t v = 0x0003; /* PDI operational (EEPROM loaded), PDI watchdog reloaded */
    for (unsigned i = 0; i < VB_PORTS; i++) {
        const struct vb_port *p = &s->ports[i];
        if (p->link_up)
            v |= (uint16_t)(1u << (4 + i));
        if (p->loop_closed)
            v |= (uint16_t)(1u << (8 + 2 * i));
        if (p->signal_detected)
            v |= (uint16_t)(1u << (9 + 2 * i));
    }
    vb_put16(s->regs + ESC_DL_STATUS, v);
}

/* CRC-8 of the ESC configuration area (polynomial x^8+x^2+x+1, initial 0xff). */
static uint8_t config_crc(const uint8_t *b)
{
    uint8_t crc = 0xff;
    for (unsigned i = 0; i < 14; i++) {
        crc ^= b[i];
        for (unsigned k = 0; k < 8; k++)
            crc = (uint8_t)((crc & 0x80) ? (crc << 1) ^ 0x07 : crc << 1);
    }
    return crc;
}

void vb_esc_load_eeprom_config(struct vb_slave *s)
{
    const uint8_t *e = s->eeprom;
    uint8_t *r = s->regs;
    r[ESC_PDI_CONTROL] = e[0];
    r[ESC_PDI_CONTROL + 1] = e[1];
    r[ESC_PDI_CONFIG] = e[2];
    r[ESC_PDI_CONFIG + 1] = e[3];
    r[ESC_DC_SYNC_PULSE] = e[4];
    r[ESC_DC_SYNC_PULSE + 1] = e[5];
    r[ESC_PDI_CONFIG + 2] = e[6];
    r[ESC_PDI_CONFIG + 3] = e[7];
    r[ESC_STATION_ALIAS] = e[8];
    r[ESC_STATION_ALIAS + 1] = e[9];
    uint16_t ctl = vb_le16(r + ESC_SII_CONTROL) & (uint16_t)~SII_CHECKSUM_ERROR;
    if (config_crc(e) != e[14])
        ctl |= SII_CHECKSUM_ERROR; /* reported, but the virtual PDI keeps working */
    vb_put16(r + ESC_SII_CONTROL, ctl);
}

void vb_esc_power_on(struct vb_slave *s)
{
    uint8_t *r = s->regs;
    ecat_memset(r, 0, VB_REG_SIZE);
    r[ESC_TYPE] = VB_ESC_TYPE;
    r[ESC_TYPE + 1] = VB_ESC_REVISION;
    vb_put16(r + ESC_TYPE + 2, VB_ESC_BUILD);
    r[ESC_FMMU_COUNT] = VB_ESC_MIN_FMMUS;
    r[ESC_SYNC_COUNT] = s->esc_sync_count > VB_ESC_MIN_SYNCS ? s->esc_sync_count : VB_ESC_MIN_SYNCS;
    r[ESC_RAM_SIZE] = VB_ESC_RAM_KB;
    uint8_t desc = 0;
    for (unsigned i = 0; i < VB_PORTS; i++)
        desc |= (uint8_t)((s->ports[i].desc & 3u) << (2 * i));
    r[ESC_PORT_DESC] = desc;
    uint16_t features = 0;
    if (s->img_flags & IMG_FMMU_BIT)
        features |= 0x0001;
    if (has_dc(s))
        features |= 0x0004;
    if (s->img_flags & IMG_DC_64)
        features |= 0x0008;
    vb_put16(r + ESC_FEATURES, features);
    r[ESC_DL_CONTROL] = 0x01; /* forwarding rule: non-EtherCAT frames are destroyed */
    vb_esc_update_dl_status(s);
    vb_esc_set_al(s, VB_AL_INIT, 0);
    vb_put16(r + ESC_WD_DIVIDER, 0x09c2); /* 2498 + 2 ticks of 40 ns = 100 us */
    vb_put16(r + ESC_WD_TIME_PDI, 1000);
    vb_put16(r + ESC_WD_TIME_PD, 1000);
    r[ESC_WD_STATUS_PD] = 0x01;
    vb_put16(r + ESC_SII_CONTROL, SII_READ_8_BYTES | SII_TWO_ADDRESS_BYTES);
    vb_esc_load_eeprom_config(s);
}

/* Bits of register byte `a` the EtherCAT side may change (0: read-only). */
static uint8_t write_mask(const struct vb_slave *s, uint32_t a)
{
    if (a == 0x0010 || a == 0x0011 || (a >= 0x0100 && a <= 0x0103) || a == 0x0108 || a == 0x0109 ||
        a == 0x0120 || a == 0x0121 || a == 0x0138 || a == 0x0139 || a == 0x0200 || a == 0x0201 ||
        a == 0x0400 || a == 0x0401 || a == 0x0410 || a == 0x0411 || a == 0x0420 || a == 0x0421)
        return 0xff;
    if (a == ESC_SII_CONFIG)
        return 0x03;
    if (a == ESC_SII_CONTROL)
        return (uint8_t)SII_WRITE_ENABLE;
    if (a == ESC_SII_CONTROL + 1)
        return (uint8_t)(SII_CMD_MASK >> 8);
    if (a >= ESC_SII_ADDRESS && a < ESC_SII_DATA + 8)
        return 0xff;
    if (a >= ESC_FMMU && a < ESC_FMMU + 16u * s->regs[ESC_FMMU_COUNT])
        return 0xff;
    if (a >= ESC_SM && a < ESC_SM + 8u * s->regs[ESC_SYNC_COUNT]) {
        unsigned r = (a - ESC_SM) % 8;
        return r == 5 || r == 7 ? 0x00 : r == 6 ? 0x03 : 0xff;
    }
    if (!has_dc(s) || a < 0x0900 || a > 0x09ff)
        return 0x00;
    if ((a >= 0x0920 && a <= 0x092b) || a == 0x0930 || a == 0x0931 || a == 0x0934 || a == 0x0935 ||
        a == 0x0980 || a == 0x0981 || (a >= 0x0990 && a <= 0x0997) || (a >= 0x09a0 && a <= 0x09a9))
        return 0xff;
    return 0x00;
}

static int overlaps(uint32_t a, size_t n, uint32_t lo, uint32_t hi)
{
    return a < hi && a + n > lo;
}

/* A write to receive time port 0 latches the receive times of all ports. */
static void latch_receive_times(struct vb_slave *s)
{
    uint64_t t = vb_esc_local_time(s);
    s->dc_latch_local = t;
    for (unsigned i = 0; i < VB_PORTS; i++) {
        const struct vb_port *p = &s->ports[i];
        uint32_t v = p->link_up ? (uint32_t)(t + p->receive_time) : 0;
        vb_put32(s->regs + ESC_DC_RECEIVE_TIME + 4 * i, v);
    }
    vb_put64(s->regs + ESC_DC_RECEIVE_TIME_PU, t + s->ports[0].receive_time);
}

int vb_esc_write(struct vb_slave *s, uint32_t addr, const uint8_t *src, size_t n)
{
    if (s->lost)
        return 0;
    if (has_dc(s) && !has_system_time(s) && overlaps(addr, n, 0x0910, 0x0936))
        return 0; /* a delay-measurement-only ESC does not acknowledge system time access */
    for (size_t i = 0; i < n; i++) {
        uint32_t a = addr + (uint32_t)i;
        if (s->pd_ram && a >= s->pd_ram_base && a < (uint32_t)s->pd_ram_base + s->pd_ram_len) {
            vb_pd_mem_write(s, a, src + i, 1); /* process data memory behind the sync managers */
            continue;
        }
        if (a >= VB_REG_SIZE)
            continue;
        uint8_t m = write_mask(s, a);
        s->regs[a] = (uint8_t)((s->regs[a] & ~m) | (src[i] & m));
    }
    if (s->bus && overlaps(addr, n, ESC_FMMU, ESC_FMMU + 0x100))
        s->bus->fmmu_dirty = 1;
    if (overlaps(addr, n, ESC_ERROR_COUNTERS, ESC_ERROR_COUNTERS + 0x0c))
        ecat_memset(s->regs + ESC_ERROR_COUNTERS, 0, 0x0c);
    if (overlaps(addr, n, 0x030c, 0x030d))
        s->regs[0x030c] = 0;
    if (overlaps(addr, n, 0x030d, 0x030f))
        ecat_memset(s->regs + 0x030d, 0, 2);
    if (overlaps(addr, n, ESC_LOST_LINK, ESC_LOST_LINK + 4))
        ecat_memset(s->regs + ESC_LOST_LINK, 0, 4);
    if (overlaps(addr, n, 0x0442, 0x0443))
        s->regs[0x0442] = 0;
    if (overlaps(addr, n, 0x0443, 0x0444))
        s->regs[0x0443] = 0;
    if (overlaps(addr, n, ESC_SII_CONTROL + 1, ESC_SII_CONTROL + 2))
        vb_esc_sii_command(s);
    if (has_dc(s) && overlaps(addr, n, ESC_DC_RECEIVE_TIME, ESC_DC_RECEIVE_TIME + 1))
        latch_receive_times(s);
    if (overlaps(addr, n, ESC_AL_CONTROL, ESC_AL_CONTROL + 1))
        vb_esm_control(s, vb_le16(s->regs + ESC_AL_CONTROL));
    return 1;
}

int vb_esc_read(struct vb_slave *s, uint32_t addr, uint8_t *dst, size_t n)
{
    if (s->lost)
        return 0;
    if (has_dc(s) && !has_system_time(s) && overlaps(addr, n, 0x0910, 0x0936))
        return 0;
    if (has_system_time(s) && overlaps(addr, n, ESC_DC_SYSTEM_TIME, ESC_DC_SYSTEM_TIME + 8))
        vb_put64(s->regs + ESC_DC_SYSTEM_TIME, vb_esc_system_time(s));
    vb_mbox_update_status(s);
    if (s->pd_ram)
        return vb_pd_mem_read(s, addr, dst, n);
    for (size_t i = 0; i < n; i++) {
        uint32_t a = addr + (uint32_t)i;
        dst[i] = a < VB_REG_SIZE ? s->regs[a] : 0;
    }
    return 1;
}
