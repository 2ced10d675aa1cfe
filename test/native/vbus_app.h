/* SPDX-License-Identifier: MIT */
/*
 * Test helper for the application phase of the virtual master: slaves as the topology
 * models build them (a CiA 402 drive with its dictionary and configurable mapping, digital
 * input/output terminals without mailbox, an analog input terminal with CoE), a bus of
 * them in a line, TLV model parameters, and the application's ioctls filled through the
 * ABI's offset tables exactly as libethercat would. Header-only (static inline).
 */
#ifndef VBUS_APP_H
#define VBUS_APP_H

#include "vbus_test.h"

/* ---- slaves ---- */

enum va_kind { VA_DRIVE, VA_DI, VA_DO, VA_AI, VA_AO, VA_GENERIC };

#define VA_VENDOR 0x0000eca7u
#define VA_DRIVE_PRODUCT 0x00060001u
#define VA_DI_PRODUCT 0x00020008u
#define VA_DO_PRODUCT 0x00030008u
#define VA_AI_PRODUCT 0x00040002u
#define VA_AO_PRODUCT 0x00050002u
#define VA_GENERIC_PRODUCT 0x00000101u

/* Dictionary access: read in all states, write in all / PREOP only; PDO-mappable bits. */
#define VA_RO 0x07
#define VA_RW 0x3f
#define VA_RWP 0x0f
#define VA_RX 0x40
#define VA_TX 0x80

/* CoE data types. */
#define VA_BOOL 0x0001
#define VA_I8 0x0002
#define VA_I16 0x0003
#define VA_I32 0x0004
#define VA_U8 0x0005
#define VA_U16 0x0006
#define VA_U32 0x0007

static inline void va_var(struct img *m, uint16_t index, const char *name, uint8_t access, uint16_t type,
                          uint16_t bits, uint64_t value)
{
    img_object(m, index, 7, 0, name, 1);
    uint8_t v[8];
    for (unsigned i = 0; i < 8; i++)
        v[i] = (uint8_t)(value >> (8 * i));
    img_entry(m, 0, access, type, bits, (access & VA_TX) ? 4 : 0, name, 0, 0, v, (uint16_t)((bits + 7) / 8));
}

/* A mapping object: `n` entries in use, `cap` subindices. */
static inline void va_mapping(struct img *m, uint16_t index, const char *name, const uint32_t *entries, unsigned n,
                              unsigned cap)
{
    img_object(m, index, 9, (uint8_t)cap, name, (uint16_t)(cap + 1));
    img_entry_int(m, 0, VA_RWP, VA_U8, 8, "SubIndex 000", n);
    for (unsigned i = 1; i <= cap; i++)
        img_entry_int(m, (uint8_t)i, VA_RWP, VA_U32, 32, "Mapped object", i <= n ? entries[i - 1] : 0);
}

static inline void va_assign(struct img *m, uint16_t index, uint16_t pdo)
{
    img_object(m, index, 8, 2, "PDO assign", 3);
    img_entry_int(m, 0, VA_RWP, VA_U8, 8, "SubIndex 000", 1);
    img_entry_int(m, 1, VA_RWP, VA_U16, 16, "SubIndex 001", pdo);
    img_entry_int(m, 2, VA_RWP, VA_U16, 16, "SubIndex 002", 0);
}

static inline void va_identity(struct img *m, uint32_t product, uint32_t serial)
{
    img_object(m, 0x1018, 9, 4, "Identity", 5);
    img_entry_int(m, 0, VA_RO, VA_U8, 8, "SubIndex 000", 4);
    img_entry_int(m, 1, VA_RO, VA_U32, 32, "Vendor ID", VA_VENDOR);
    img_entry_int(m, 2, VA_RO, VA_U32, 32, "Product code", product);
    img_entry_int(m, 3, VA_RO, VA_U32, 32, "Revision", 0x00010000);
    img_entry_int(m, 4, VA_RO, VA_U32, 32, "Serial number", serial);
}

static const uint32_t va_drive_rx[] = {0x60400010, 0x607a0020, 0x60ff0020, 0x60600008};
static const uint32_t va_drive_tx[] = {0x60410010, 0x60640020, 0x606c0020, 0x60610008, 0x603f0010};

static inline void va_drive_slave(struct img *m, unsigned pos, unsigned count, uint32_t serial)
{
    struct sii s;
    sii_init(&s);
    sii_identity(&s, 0, VA_VENDOR, VA_DRIVE_PRODUCT, 0x00010000, serial);
    sii_mailbox(&s, 0x1000, 128, 0x1080, 128, 0x0004);
    unsigned name = sii_string(&s, "Virtual CiA 402 Servo Drive");
    unsigned group = sii_string(&s, "Drive");
    unsigned rx = sii_string(&s, "RxPDO 1"), tx = sii_string(&s, "TxPDO 1");
    sii_general_cat(&s, group, 0, 0, name, 0x2f, 0, 0); /* SDO, info, assign, config, complete access */
    sii_fmmu(&s, 1);
    sii_fmmu(&s, 2);
    sii_fmmu(&s, 3);
    sii_sync(&s, 0x1000, 128, 0x26, 1);
    sii_sync(&s, 0x1080, 128, 0x22, 1);
    sii_sync(&s, 0x1100, 11, 0x64, 1);
    sii_sync(&s, 0x1180, 13, 0x20, 1);
    sii_pdo(&s, 0, 0x1600, 4, 2, rx);
    for (unsigned i = 0; i < 4; i++)
        sii_pdo_entry(&s, 0, (uint16_t)(va_drive_rx[i] >> 16), 0, 0, 0, (uint8_t)va_drive_rx[i]);
    sii_pdo(&s, 1, 0x1a00, 5, 3, tx);
    for (unsigned i = 0; i < 5; i++)
        sii_pdo_entry(&s, 1, (uint16_t)(va_drive_tx[i] >> 16), 0, 0, 0, (uint8_t)va_drive_tx[i]);
    sii_dc(&s, 0, 0x0300);
    uint16_t *words;
    unsigned n = sii_finish(&s, 512, &words);
    img_slave_begin(m, 6, 0x07, 10u * pos);
    vt_ports(m, pos, count);
    img_sii(m, words, n);
    free(words);
    va_var(m, 0x1000, "Device type", VA_RO, VA_U32, 32, 0x00020192);
    va_var(m, 0x1001, "Error register", VA_RO | VA_TX, VA_U8, 8, 0);
    img_object(m, 0x1008, 7, 0, "Device name", 1);
    img_entry(m, 0, VA_RO, 0x0009, 8 * 32, 0, "Device name", 0, 0, "Virtual CiA 402 Servo Drive", 27);
    va_identity(m, VA_DRIVE_PRODUCT, serial);
    va_mapping(m, 0x1600, "RxPDO 1", va_drive_rx, 4, 8);
    va_mapping(m, 0x1a00, "TxPDO 1", va_drive_tx, 5, 8);
    va_assign(m, 0x1c12, 0x1600);
    va_assign(m, 0x1c13, 0x1a00);
    va_var(m, 0x603f, "Error code", VA_RO | VA_TX, VA_U16, 16, 0);
    va_var(m, 0x6040, "Controlword", VA_RW | VA_RX, VA_U16, 16, 0);
    va_var(m, 0x6041, "Statusword", VA_RO | VA_TX, VA_U16, 16, 0);
    va_var(m, 0x605a, "Quick stop option code", VA_RW, VA_I16, 16, 2);
    va_var(m, 0x6060, "Modes of operation", VA_RW | VA_RX, VA_I8, 8, 0);
    va_var(m, 0x6061, "Modes of operation display", VA_RO | VA_TX, VA_I8, 8, 0);
    va_var(m, 0x6062, "Position demand value", VA_RO | VA_TX, VA_I32, 32, 0);
    va_var(m, 0x6064, "Position actual value", VA_RO | VA_TX, VA_I32, 32, 0);
    va_var(m, 0x6065, "Following error window", VA_RW, VA_U32, 32, 100000);
    va_var(m, 0x6066, "Following error time out", VA_RW, VA_U16, 16, 10);
    va_var(m, 0x606c, "Velocity actual value", VA_RO | VA_TX, VA_I32, 32, 0);
    va_var(m, 0x6077, "Torque actual value", VA_RO, VA_I16, 16, 0); /* not mappable */
    va_var(m, 0x607a, "Target position", VA_RW | VA_RX, VA_I32, 32, 0);
    img_object(m, 0x607d, 8, 2, "Software position limit", 3);
    img_entry_int(m, 0, VA_RO, VA_U8, 8, "SubIndex 000", 2);
    img_entry_int(m, 1, VA_RW, VA_I32, 32, "Min position limit", 0x80000000u);
    img_entry_int(m, 2, VA_RW, VA_I32, 32, "Max position limit", 0x7fffffffu);
    va_var(m, 0x6081, "Profile velocity", VA_RW | VA_RX, VA_U32, 32, 100000);
    va_var(m, 0x6083, "Profile acceleration", VA_RW | VA_RX, VA_U32, 32, 1000000);
    va_var(m, 0x6084, "Profile deceleration", VA_RW | VA_RX, VA_U32, 32, 1000000);
    va_var(m, 0x6085, "Quick stop deceleration", VA_RW, VA_U32, 32, 10000000);
    va_var(m, 0x60b0, "Position offset", VA_RW | VA_RX, VA_I32, 32, 0);
    va_var(m, 0x60b1, "Velocity offset", VA_RW | VA_RX, VA_I32, 32, 0);
    va_var(m, 0x60f4, "Following error actual value", VA_RO | VA_TX, VA_I32, 32, 0);
    va_var(m, 0x60ff, "Target velocity", VA_RW | VA_RX, VA_I32, 32, 0);
    va_var(m, 0x6502, "Supported drive modes", VA_RO, VA_U32, 32, 0x185); /* pp, pv, csp, csv */
}

/* Digital terminal without mailbox: 8 channels of one bit, one PDO each, like an EL1008/EL2008. */
static inline void va_digital_slave(struct img *m, int output, unsigned pos, unsigned count)
{
    struct sii s;
    sii_init(&s);
    sii_identity(&s, 0, VA_VENDOR, output ? VA_DO_PRODUCT : VA_DI_PRODUCT, 0x00010000, 10 + pos);
    unsigned name = sii_string(&s, output ? "Virtual 8Ch. Dig. Output" : "Virtual 8Ch. Dig. Input");
    unsigned group = sii_string(&s, output ? "DigOut" : "DigIn");
    sii_general_cat(&s, group, 0, 0, name, 0, 0, 100);
    sii_w16(&s, 0, 0x0104); /* digital I/O PDI, device emulation */
    sii_fmmu(&s, output ? 1 : 2);
    sii_sync(&s, output ? 0x0f00 : 0x1000, 1, output ? 0x44 : 0x00, 1);
    for (unsigned ch = 0; ch < 8; ch++) {
        sii_pdo(&s, !output, (uint16_t)((output ? 0x1600 : 0x1a00) + ch), 1, 0, 0);
        sii_pdo_entry(&s, !output, (uint16_t)((output ? 0x7000 : 0x6000) + 0x10 * ch), 1, 0, VA_BOOL, 1);
    }
    uint16_t *words;
    unsigned n = sii_finish(&s, 128, &words);
    img_slave_begin(m, output ? 3 : 2, 0x01, 0);
    vt_ports(m, pos, count);
    img_sii(m, words, n);
    free(words);
}

/* Analog input terminal with CoE: 2 channels of the EL3064 kind (standard PDOs assigned). */
static inline void va_ai_slave(struct img *m, unsigned pos, unsigned count)
{
    struct sii s;
    sii_init(&s);
    sii_identity(&s, 0, VA_VENDOR, VA_AI_PRODUCT, 0x00010000, 20 + pos);
    sii_mailbox(&s, 0x1000, 128, 0x1080, 128, 0x0004);
    unsigned name = sii_string(&s, "Virtual 2Ch. Ana. Input");
    sii_general_cat(&s, 0, 0, 0, name, 0x07, 0, 130); /* SDO, info, assign */
    sii_fmmu(&s, 2);
    sii_fmmu(&s, 3);
    sii_sync(&s, 0x1000, 128, 0x26, 1);
    sii_sync(&s, 0x1080, 128, 0x22, 1);
    sii_sync(&s, 0x1100, 0, 0x24, 0);
    sii_sync(&s, 0x1180, 8, 0x20, 1);
    static const uint8_t subs[] = {1, 2, 3, 5, 7, 0, 0x0f, 0x10, 0x11};
    static const uint8_t bits[] = {1, 1, 2, 2, 1, 7, 1, 1, 16};
    for (unsigned ch = 0; ch < 2; ch++) {
        sii_pdo(&s, 1, (uint16_t)(0x1a00 + 2 * ch), 9, 3, 0);
        for (unsigned i = 0; i < 9; i++)
            sii_pdo_entry(&s, 1, subs[i] ? (uint16_t)(0x6000 + 0x10 * ch) : 0, subs[i], 0, 0, bits[i]);
    }
    uint16_t *words;
    unsigned n = sii_finish(&s, 256, &words);
    img_slave_begin(m, 4, 0x01, 0);
    vt_ports(m, pos, count);
    img_sii(m, words, n);
    free(words);
    va_var(m, 0x1000, "Device type", VA_RO, VA_U32, 32, 0x00040191);
    va_identity(m, VA_AI_PRODUCT, 20 + pos);
    for (unsigned ch = 0; ch < 2; ch++) {
        uint32_t e[9];
        for (unsigned i = 0; i < 9; i++)
            e[i] = subs[i] ? (uint32_t)(0x6000 + 0x10 * ch) << 16 | (uint32_t)subs[i] << 8 | bits[i] : bits[i];
        img_object(m, (uint16_t)(0x1a00 + 2 * ch), 9, 9, "AI Standard", 10);
        img_entry_int(m, 0, VA_RO, VA_U8, 8, "SubIndex 000", 9);
        for (unsigned i = 1; i <= 9; i++)
            img_entry_int(m, (uint8_t)i, VA_RO, VA_U32, 32, "Mapped object", e[i - 1]);
    }
    img_object(m, 0x1c13, 8, 2, "TxPDO assign", 3);
    img_entry_int(m, 0, VA_RWP, VA_U8, 8, "SubIndex 000", 2);
    img_entry_int(m, 1, VA_RWP, VA_U16, 16, "SubIndex 001", 0x1a00);
    img_entry_int(m, 2, VA_RWP, VA_U16, 16, "SubIndex 002", 0x1a02);
    for (unsigned ch = 0; ch < 2; ch++) {
        uint16_t in = (uint16_t)(0x6000 + 0x10 * ch);
        img_object(m, in, 9, 0x11, "AI Inputs", 9);
        img_entry_int(m, 0, VA_RO, VA_U8, 8, "SubIndex 000", 0x11);
        static const char *const names[] = {"Underrange", "Overrange", "Limit 1", "Limit 2", "Error", "", "TxPDO State",
                                            "TxPDO Toggle", "Value"};
        for (unsigned i = 0; i < 9; i++) {
            if (!subs[i])
                continue;
            uint8_t zero[2] = {0, 0};
            img_entry(m, subs[i], VA_RO | VA_TX, bits[i] == 16 ? VA_I16 : bits[i] == 2 ? 0x0031 : VA_BOOL, bits[i], 4,
                      names[i], 0, 0, zero, (uint16_t)((bits[i] + 7) / 8));
        }
    }
    for (unsigned ch = 0; ch < 2; ch++) {
        uint16_t set = (uint16_t)(0x8000 + 0x10 * ch);
        img_object(m, set, 9, 0x14, "AI Settings", 7);
        img_entry_int(m, 0, VA_RO, VA_U8, 8, "SubIndex 000", 0x14);
        img_entry_int(m, 0x01, VA_RW, VA_BOOL, 1, "Enable user scale", 0);
        img_entry_int(m, 0x07, VA_RW, VA_BOOL, 1, "Enable limit 1", 0);
        img_entry_int(m, 0x11, VA_RW, VA_I16, 16, "User scale offset", 0);
        img_entry_int(m, 0x12, VA_RW, VA_I32, 32, "User scale gain", 65536);
        img_entry_int(m, 0x13, VA_RW, VA_I16, 16, "Limit 1", 0);
        img_entry_int(m, 0x14, VA_RW, VA_I16, 16, "Limit 2", 0);
    }
}

/* Analog output terminal with CoE: 2 channels of 16 bits, one RxPDO each (EL4002 kind). */
static inline void va_ao_slave(struct img *m, unsigned pos, unsigned count)
{
    struct sii s;
    sii_init(&s);
    sii_identity(&s, 0, VA_VENDOR, VA_AO_PRODUCT, 0x00010000, 30 + pos);
    sii_mailbox(&s, 0x1000, 128, 0x1080, 128, 0x0004);
    unsigned name = sii_string(&s, "Virtual 2Ch. Ana. Output");
    sii_general_cat(&s, 0, 0, 0, name, 0x07, 0, 130);
    sii_fmmu(&s, 1);
    sii_sync(&s, 0x1000, 128, 0x26, 1);
    sii_sync(&s, 0x1080, 128, 0x22, 1);
    sii_sync(&s, 0x1100, 4, 0x24, 1);
    sii_sync(&s, 0x1180, 0, 0x20, 0);
    for (unsigned ch = 0; ch < 2; ch++) {
        sii_pdo(&s, 0, (uint16_t)(0x1600 + ch), 1, 2, 0);
        sii_pdo_entry(&s, 0, (uint16_t)(0x7000 + 0x10 * ch), 0x11, 0, VA_I16, 16);
    }
    uint16_t *words;
    unsigned n = sii_finish(&s, 256, &words);
    img_slave_begin(m, 5, 0x01, 0);
    vt_ports(m, pos, count);
    img_sii(m, words, n);
    free(words);
    va_var(m, 0x1000, "Device type", VA_RO, VA_U32, 32, 0x01900191);
    va_identity(m, VA_AO_PRODUCT, 30 + pos);
    for (unsigned ch = 0; ch < 2; ch++) {
        uint32_t e = (uint32_t)(0x7000 + 0x10 * ch) << 16 | 0x1110;
        va_mapping(m, (uint16_t)(0x1600 + ch), "AO RxPDO-Map", &e, 1, 1);
    }
    img_object(m, 0x1c12, 8, 2, "RxPDO assign", 3);
    img_entry_int(m, 0, VA_RWP, VA_U8, 8, "SubIndex 000", 2);
    img_entry_int(m, 1, VA_RWP, VA_U16, 16, "SubIndex 001", 0x1600);
    img_entry_int(m, 2, VA_RWP, VA_U16, 16, "SubIndex 002", 0x1601);
    img_object(m, 0x1c13, 8, 0, "TxPDO assign", 1);
    img_entry_int(m, 0, VA_RWP, VA_U8, 8, "SubIndex 000", 0);
    for (unsigned ch = 0; ch < 2; ch++) {
        img_object(m, (uint16_t)(0x7000 + 0x10 * ch), 9, 0x11, "AO Outputs", 2);
        img_entry_int(m, 0, VA_RO, VA_U8, 8, "SubIndex 000", 0x11);
        img_entry_int(m, 0x11, VA_RW | VA_RX, VA_I16, 16, "Analog output", 0);
    }
    for (unsigned ch = 0; ch < 2; ch++) {
        img_object(m, (uint16_t)(0x8000 + 0x10 * ch), 9, 0x13, "AO Settings", 3);
        img_entry_int(m, 0, VA_RO, VA_U8, 8, "SubIndex 000", 0x13);
        img_entry_int(m, 0x05, VA_RW, VA_U8, 8, "Watchdog", 0);
        img_entry_int(m, 0x13, VA_RW, VA_I16, 16, "Default output", 0);
    }
}

/*
 * A slave without a model of its own (model 0): its process data are the dictionary values
 * of the mapped objects. Outputs 0x2000:01 (16 bits) and 0x2000:02 (8 bits), inputs
 * 0x2100:01 (32 bits, writable by SDO).
 */
static inline void va_generic_slave(struct img *m, unsigned pos, unsigned count)
{
    struct sii s;
    sii_init(&s);
    sii_identity(&s, 0, VA_VENDOR, VA_GENERIC_PRODUCT, 0x00010000, 40 + pos);
    sii_mailbox(&s, 0x1000, 128, 0x1080, 128, 0x0004);
    unsigned name = sii_string(&s, "Virtual Generic Device");
    sii_general_cat(&s, 0, 0, 0, name, 0x07, 0, 200);
    sii_fmmu(&s, 1);
    sii_fmmu(&s, 2);
    sii_sync(&s, 0x1000, 128, 0x26, 1);
    sii_sync(&s, 0x1080, 128, 0x22, 1);
    sii_sync(&s, 0x1100, 3, 0x64, 1);
    sii_sync(&s, 0x1180, 4, 0x20, 1);
    sii_pdo(&s, 0, 0x1600, 2, 2, 0);
    sii_pdo_entry(&s, 0, 0x2000, 1, 0, VA_U16, 16);
    sii_pdo_entry(&s, 0, 0x2000, 2, 0, VA_U8, 8);
    sii_pdo(&s, 1, 0x1a00, 1, 3, 0);
    sii_pdo_entry(&s, 1, 0x2100, 1, 0, VA_I32, 32);
    uint16_t *words;
    unsigned n = sii_finish(&s, 256, &words);
    img_slave_begin(m, 0, 0x01, 0);
    vt_ports(m, pos, count);
    img_sii(m, words, n);
    free(words);
    va_var(m, 0x1000, "Device type", VA_RO, VA_U32, 32, 0);
    va_identity(m, VA_GENERIC_PRODUCT, 40 + pos);
    static const uint32_t rx[] = {0x20000110, 0x20000208}, tx[] = {0x21000120};
    va_mapping(m, 0x1600, "RxPDO", rx, 2, 2);
    va_mapping(m, 0x1a00, "TxPDO", tx, 1, 1);
    va_assign(m, 0x1c12, 0x1600);
    va_assign(m, 0x1c13, 0x1a00);
    img_object(m, 0x2000, 9, 2, "Outputs", 3);
    img_entry_int(m, 0, VA_RO, VA_U8, 8, "SubIndex 000", 2);
    img_entry_int(m, 1, VA_RW | VA_RX, VA_U16, 16, "Word", 0);
    img_entry_int(m, 2, VA_RW | VA_RX, VA_U8, 8, "Byte", 0);
    img_object(m, 0x2100, 9, 1, "Inputs", 2);
    img_entry_int(m, 0, VA_RO, VA_U8, 8, "SubIndex 000", 1);
    img_entry_int(m, 1, VA_RW | VA_TX, VA_I32, 32, "Value", 7);
}

/* ---- model parameters (TLV) ---- */

struct va_tlv {
    uint8_t b[512];
    uint16_t n;
};

static inline void va_tlv(struct va_tlv *t, uint16_t tag, const void *v, uint16_t len)
{
    t->b[t->n] = (uint8_t)tag;
    t->b[t->n + 1] = (uint8_t)(tag >> 8);
    t->b[t->n + 2] = (uint8_t)len;
    t->b[t->n + 3] = (uint8_t)(len >> 8);
    memcpy(t->b + t->n + 4, v, len);
    t->n = (uint16_t)(t->n + 4 + len);
}

static inline void va_le32(uint8_t *p, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static inline void va_tlv_u32(struct va_tlv *t, uint16_t tag, uint32_t v)
{
    uint8_t b[4];
    va_le32(b, v);
    va_tlv(t, tag, b, 4);
}

/* A fault at `cycle` (kind 1 al-error, 2 lost, 3 link, 4 wkc-drop, 5 sdo-abort). */
static inline void va_tlv_fault(struct va_tlv *t, uint32_t cycle, uint8_t kind, uint32_t duration, const void *args,
                                uint16_t args_len)
{
    uint8_t b[32] = {0};
    va_le32(b, cycle);
    b[4] = kind;
    va_le32(b + 8, duration);
    if (args_len)
        memcpy(b + 12, args, args_len);
    va_tlv(t, 0x0020, b, (uint16_t)(12 + args_len));
}

/* ---- a bus ---- */

struct va_spec {
    enum va_kind kind;
    const struct va_tlv *params;
};

static inline int va_make_opts(struct vt *t, const char *abi_id, const struct va_spec *specs, unsigned n, char *err,
                               size_t err_size)
{
    vt_begin(t, abi_id, 1);
    for (unsigned i = 0; i < n; i++) {
        switch (specs[i].kind) {
        case VA_DRIVE: va_drive_slave(&t->image, i, n, 100 + i); break;
        case VA_DI: va_digital_slave(&t->image, 0, i, n); break;
        case VA_DO: va_digital_slave(&t->image, 1, i, n); break;
        case VA_AO: va_ao_slave(&t->image, i, n); break;
        case VA_GENERIC: va_generic_slave(&t->image, i, n); break;
        default: va_ai_slave(&t->image, i, n); break;
        }
        /* img_*_slave ended the dictionary; the record ends with the parameters */
        img_slave_end(&t->image, specs[i].params ? specs[i].params->b : NULL,
                      specs[i].params ? specs[i].params->n : 0);
    }
    return vt_finish(t, err, err_size);
}

static inline void va_make(struct vt *t, const char *abi_id, const struct va_spec *specs, unsigned n)
{
    char err[256];
    vt_must(va_make_opts(t, abi_id, specs, n, err, sizeof err), err);
}

/* ---- application requests ---- */

static inline uint32_t va_product(enum va_kind k)
{
    switch (k) {
    case VA_DRIVE: return VA_DRIVE_PRODUCT;
    case VA_DI: return VA_DI_PRODUCT;
    case VA_DO: return VA_DO_PRODUCT;
    case VA_AO: return VA_AO_PRODUCT;
    case VA_GENERIC: return VA_GENERIC_PRODUCT;
    default: return VA_AI_PRODUCT;
    }
}

/* CREATE_SLAVE_CONFIG; returns the ioctl result, the index in *index. */
static inline long va_config(struct vt *t, uint16_t alias, uint16_t pos, uint32_t vendor, uint32_t product,
                             unsigned *index)
{
    uint8_t b[512] = {0};
    vt_put(t, b, ECA_ST_CONFIG, ECA_CONFIG_F_ALIAS, alias);
    vt_put(t, b, ECA_ST_CONFIG, ECA_CONFIG_F_POSITION, pos);
    vt_put(t, b, ECA_ST_CONFIG, ECA_CONFIG_F_VENDOR_ID, vendor);
    vt_put(t, b, ECA_ST_CONFIG, ECA_CONFIG_F_PRODUCT_CODE, product);
    long r = vt_io(t, ECA_REQ_CREATE_SLAVE_CONFIG, b);
    if (index)
        *index = (unsigned)vt_get(t, b, ECA_ST_CONFIG, ECA_CONFIG_F_CONFIG_INDEX);
    return r;
}

/* CONFIG (the tool's lookup) into b (>= 512 bytes). */
static inline long va_config_info(struct vt *t, unsigned index, uint8_t *b)
{
    memset(b, 0, 512);
    vt_put(t, b, ECA_ST_CONFIG, ECA_CONFIG_F_CONFIG_INDEX, index);
    return vt_io(t, ECA_REQ_CONFIG, b);
}

static inline long va_sync(struct vt *t, unsigned config, unsigned sync, unsigned dir, unsigned wd)
{
    uint8_t b[512] = {0};
    const struct eca_layout *l = vt_l(t, ECA_ST_CONFIG);
    eca_put(b, l, ECA_CONFIG_F_CONFIG_INDEX, 0, 0, config);
    eca_put(b, l, ECA_CONFIG_F_SYNCS_DIR, sync, 0, dir);
    eca_put(b, l, ECA_CONFIG_F_SYNCS_WATCHDOG_MODE, sync, 0, wd);
    eca_put(b, l, ECA_CONFIG_F_SYNCS_CONFIG_THIS, sync, 0, 1);
    return vt_io(t, ECA_REQ_SC_SYNC, b);
}

static inline long va_pdo(struct vt *t, enum eca_req r, unsigned config, unsigned sync, uint16_t index)
{
    uint8_t b[128] = {0};
    vt_put(t, b, ECA_ST_CONFIG_PDO, ECA_CONFIG_PDO_F_CONFIG_INDEX, config);
    vt_put(t, b, ECA_ST_CONFIG_PDO, ECA_CONFIG_PDO_F_SYNC_INDEX, sync);
    vt_put(t, b, ECA_ST_CONFIG_PDO, ECA_CONFIG_PDO_F_INDEX, index);
    return vt_io(t, r, b);
}

static inline long va_entry(struct vt *t, unsigned config, uint16_t pdo, uint16_t index, uint8_t sub, uint8_t bits)
{
    uint8_t b[32] = {0};
    vt_put(t, b, ECA_ST_ADD_PDO_ENTRY, ECA_ADD_PDO_ENTRY_F_CONFIG_INDEX, config);
    vt_put(t, b, ECA_ST_ADD_PDO_ENTRY, ECA_ADD_PDO_ENTRY_F_PDO_INDEX, pdo);
    vt_put(t, b, ECA_ST_ADD_PDO_ENTRY, ECA_ADD_PDO_ENTRY_F_ENTRY_INDEX, index);
    vt_put(t, b, ECA_ST_ADD_PDO_ENTRY, ECA_ADD_PDO_ENTRY_F_ENTRY_SUBINDEX, sub);
    vt_put(t, b, ECA_ST_ADD_PDO_ENTRY, ECA_ADD_PDO_ENTRY_F_ENTRY_BIT_LENGTH, bits);
    return vt_io(t, ECA_REQ_SC_ADD_ENTRY, b);
}

/* SC_REG_PDO_ENTRY: the byte offset (or -errno), the bit position in *bit. */
static inline long va_reg(struct vt *t, unsigned config, uint16_t index, uint8_t sub, unsigned domain, unsigned *bit)
{
    uint8_t b[32] = {0};
    vt_put(t, b, ECA_ST_REG_PDO_ENTRY, ECA_REG_PDO_ENTRY_F_CONFIG_INDEX, config);
    vt_put(t, b, ECA_ST_REG_PDO_ENTRY, ECA_REG_PDO_ENTRY_F_ENTRY_INDEX, index);
    vt_put(t, b, ECA_ST_REG_PDO_ENTRY, ECA_REG_PDO_ENTRY_F_ENTRY_SUBINDEX, sub);
    vt_put(t, b, ECA_ST_REG_PDO_ENTRY, ECA_REG_PDO_ENTRY_F_DOMAIN_INDEX, domain);
    vt_put(t, b, ECA_ST_REG_PDO_ENTRY, ECA_REG_PDO_ENTRY_F_BIT_POSITION, 0xdead);
    long r = vt_io(t, ECA_REQ_SC_REG_PDO_ENTRY, b);
    if (bit)
        *bit = (unsigned)vt_get(t, b, ECA_ST_REG_PDO_ENTRY, ECA_REG_PDO_ENTRY_F_BIT_POSITION);
    return r;
}

static inline long va_sdo(struct vt *t, unsigned config, uint16_t index, uint8_t sub, const void *data, size_t size)
{
    uint8_t b[64] = {0};
    vt_put(t, b, ECA_ST_SC_SDO, ECA_SC_SDO_F_CONFIG_INDEX, config);
    vt_put(t, b, ECA_ST_SC_SDO, ECA_SC_SDO_F_INDEX, index);
    vt_put(t, b, ECA_ST_SC_SDO, ECA_SC_SDO_F_SUBINDEX, sub);
    vt_put_ptr(t, b, ECA_ST_SC_SDO, ECA_SC_SDO_F_DATA, data);
    vt_put(t, b, ECA_ST_SC_SDO, ECA_SC_SDO_F_SIZE, size);
    return vt_io(t, ECA_REQ_SC_SDO, b);
}

static inline long va_dc(struct vt *t, unsigned config, uint16_t assign, uint32_t cycle0, int32_t shift0)
{
    uint8_t b[512] = {0};
    const struct eca_layout *l = vt_l(t, ECA_ST_CONFIG);
    eca_put(b, l, ECA_CONFIG_F_CONFIG_INDEX, 0, 0, config);
    eca_put(b, l, ECA_CONFIG_F_DC_ASSIGN_ACTIVATE, 0, 0, assign);
    eca_put(b, l, ECA_CONFIG_F_DC_SYNC, 0, 0, cycle0 | ((uint64_t)(uint32_t)shift0 << 32));
    return vt_io(t, ECA_REQ_SC_DC, b);
}

static inline long va_watchdog(struct vt *t, unsigned config, uint16_t divider, uint16_t intervals)
{
    uint8_t b[512] = {0};
    vt_put(t, b, ECA_ST_CONFIG, ECA_CONFIG_F_CONFIG_INDEX, config);
    vt_put(t, b, ECA_ST_CONFIG, ECA_CONFIG_F_WATCHDOG_DIVIDER, divider);
    vt_put(t, b, ECA_ST_CONFIG, ECA_CONFIG_F_WATCHDOG_INTERVALS, intervals);
    return vt_io(t, ECA_REQ_SC_WATCHDOG, b);
}

/* ACTIVATE; the process data size in *size, the memory through vbus_process_data. */
static inline long va_activate(struct vt *t, uint8_t **pd, size_t *size)
{
    uint8_t b[32] = {0};
    long r = vt_io(t, ECA_REQ_ACTIVATE, b);
    if (r)
        return r;
    size_t s = (size_t)vt_get(t, b, ECA_ST_MASTER_ACTIVATE, ECA_MASTER_ACTIVATE_F_PROCESS_DATA_SIZE);
    void *addr;
    size_t n;
    if (vbus_process_data(t->f, &addr, &n) || n != s)
        return -1000;
    *pd = addr;
    *size = s;
    return 0;
}

/* SC_STATE: bit 0 online, bit 1 operational, bits 2-5 AL state. */
static inline unsigned va_sc_state(struct vt *t, unsigned config)
{
    uint8_t b[16] = {0};
    uint8_t st[4] = {0xff, 0xff, 0xff, 0xff};
    vt_put(t, b, ECA_ST_SC_STATE, ECA_SC_STATE_F_CONFIG_INDEX, config);
    vt_put_ptr(t, b, ECA_ST_SC_STATE, ECA_SC_STATE_F_STATE, st);
    if (vt_io(t, ECA_REQ_SC_STATE, b))
        return 0xffffffffu;
    return (uint32_t)st[0] | ((uint32_t)st[1] << 8);
}

#define VA_ONLINE 0x01
#define VA_OPERATIONAL 0x02
#define VA_AL(st) (((st) >> 2) & 0x0f)

/* DOMAIN_STATE: the working counter, the wc_state in *state. */
static inline unsigned va_domain_state(struct vt *t, unsigned domain, unsigned *state)
{
    uint8_t b[16] = {0}, st[12];
    memset(st, 0xff, sizeof st);
    vt_put(t, b, ECA_ST_DOMAIN_STATE, ECA_DOMAIN_STATE_F_DOMAIN_INDEX, domain);
    vt_put_ptr(t, b, ECA_ST_DOMAIN_STATE, ECA_DOMAIN_STATE_F_STATE, st);
    if (vt_io(t, ECA_REQ_DOMAIN_STATE, b))
        return 0xffffffffu;
    const struct eca_layout *l = vt_l(t, ECA_ST_DOMAIN_STATE_DATA);
    if (state)
        *state = (unsigned)eca_get(st, l, ECA_DOMAIN_STATE_DATA_F_WC_STATE, 0, 0);
    return (unsigned)eca_get(st, l, ECA_DOMAIN_STATE_DATA_F_WORKING_COUNTER, 0, 0);
}

/* MASTER_STATE: slaves responding; the AL states and the link in *al and *link. */
static inline unsigned va_master_state(struct vt *t, unsigned *al, unsigned *link)
{
    uint8_t st[8] = {0};
    vt_io(t, ECA_REQ_MASTER_STATE, st);
    const struct eca_layout *l = vt_l(t, ECA_ST_MASTER_STATE_DATA);
    if (al)
        *al = (unsigned)eca_get(st, l, ECA_MASTER_STATE_DATA_F_AL_STATES, 0, 0);
    if (link)
        *link = (unsigned)eca_get(st, l, ECA_MASTER_STATE_DATA_F_LINK_UP, 0, 0);
    return (unsigned)eca_get(st, l, ECA_MASTER_STATE_DATA_F_SLAVES_RESPONDING, 0, 0);
}

/* SC_SDO_REQUEST: a request for index:sub with `size` bytes of memory; its index or -errno. */
static inline long va_sdo_request(struct vt *t, unsigned config, uint16_t index, uint8_t sub, size_t size)
{
    uint8_t b[64] = {0};
    vt_put(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_CONFIG_INDEX, config);
    vt_put(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_SDO_INDEX, index);
    vt_put(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_SDO_SUBINDEX, sub);
    vt_put(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_SIZE, size);
    long r = vt_io(t, ECA_REQ_SC_SDO_REQUEST, b);
    return r ? r : (long)vt_get(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_REQUEST_INDEX);
}

/* SDO_REQUEST_READ/WRITE/DATA/STATE on request `req`; the state (0 unused, 1 busy, 2 success,
 * 3 error) and the size land in *state and *size when asked for. */
static inline long va_sdo_request_io(struct vt *t, enum eca_req r, unsigned config, unsigned req, void *data,
                                     size_t size, unsigned *state, size_t *out_size)
{
    uint8_t b[64] = {0};
    vt_put(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_CONFIG_INDEX, config);
    vt_put(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_REQUEST_INDEX, req);
    vt_put_ptr(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_DATA, data);
    vt_put(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_SIZE, size);
    long res = vt_io(t, r, b);
    if (state)
        *state = (unsigned)vt_get(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_STATE);
    if (out_size)
        *out_size = (size_t)vt_get(t, b, ECA_ST_SDO_REQUEST, ECA_SDO_REQUEST_F_SIZE);
    return res;
}

/* One application cycle as IgH's examples run it; the application time moves by `step`. */
struct va_cycle {
    struct vt *t;
    unsigned domains;
    uint64_t app_time;
    uint64_t step;
    int dc;     /* 1: APP_TIME, SYNC_REF, SYNC_SLAVES; 2: APP_TIME only */
    int queue;  /* DOMAIN_QUEUE (0: stop sending process data) */
    long errors;
};

static inline void va_receive(struct va_cycle *c)
{
    if (vt_io(c->t, ECA_REQ_RECEIVE, NULL))
        c->errors++;
    for (unsigned d = 0; d < c->domains; d++)
        if (vt_io(c->t, ECA_REQ_DOMAIN_PROCESS, (void *)(uintptr_t)d))
            c->errors++;
}

static inline void va_send(struct va_cycle *c)
{
    for (unsigned d = 0; c->queue && d < c->domains; d++)
        if (vt_io(c->t, ECA_REQ_DOMAIN_QUEUE, (void *)(uintptr_t)d))
            c->errors++;
    c->app_time += c->step;
    if (c->dc) {
        if (vt_io(c->t, ECA_REQ_APP_TIME, &c->app_time))
            c->errors++;
    }
    if (c->dc == 1) {
        if (vt_io(c->t, ECA_REQ_SYNC_REF, NULL))
            c->errors++;
        if (vt_io(c->t, ECA_REQ_SYNC_SLAVES, NULL))
            c->errors++;
    }
    if (vt_io(c->t, ECA_REQ_SEND, NULL))
        c->errors++;
}

/*
 * A standard application on a bus of the given slaves: one configuration per slave with
 * its default PDOs, one domain, and per slave its first output entry and first input
 * entry registered (drive: controlword/statusword, DI/DO: channel 1, AI/AO: channel 1 value,
 * generic: 0x2000:01/0x2100:01).
 * Offsets land in out[] and in[] (-1 when the slave has no such direction).
 */
struct va_app {
    struct vt t;
    unsigned n;
    enum va_kind kind[8];
    unsigned cfg[8];
    long out[8], in[8];
    unsigned out_bit[8], in_bit[8];
    uint8_t *pd;
    size_t size;
    struct va_cycle cy;
};

static inline void va_app_setup(struct va_app *a, const char *abi, const struct va_spec *sp, unsigned n)
{
    memset(a, 0, sizeof *a);
    va_make(&a->t, abi, sp, n);
    struct vt *t = &a->t;
    a->n = n;
    vt_io(t, ECA_REQ_REQUEST, NULL);
    vt_io(t, ECA_REQ_CREATE_DOMAIN, NULL);
    for (unsigned i = 0; i < n; i++) {
        a->kind[i] = sp[i].kind;
        va_config(t, 0, (uint16_t)i, VA_VENDOR, va_product(sp[i].kind), &a->cfg[i]);
        a->out[i] = a->in[i] = -1;
        switch (sp[i].kind) {
        case VA_DRIVE:
            a->out[i] = va_reg(t, a->cfg[i], 0x6040, 0, 0, &a->out_bit[i]);
            a->in[i] = va_reg(t, a->cfg[i], 0x6041, 0, 0, &a->in_bit[i]);
            break;
        case VA_DI: a->in[i] = va_reg(t, a->cfg[i], 0x6000, 1, 0, &a->in_bit[i]); break;
        case VA_DO: a->out[i] = va_reg(t, a->cfg[i], 0x7000, 1, 0, &a->out_bit[i]); break;
        case VA_AO: a->out[i] = va_reg(t, a->cfg[i], 0x7000, 0x11, 0, &a->out_bit[i]); break;
        case VA_GENERIC:
            a->out[i] = va_reg(t, a->cfg[i], 0x2000, 1, 0, &a->out_bit[i]);
            a->in[i] = va_reg(t, a->cfg[i], 0x2100, 1, 0, &a->in_bit[i]);
            break;
        default: a->in[i] = va_reg(t, a->cfg[i], 0x6000, 0x11, 0, &a->in_bit[i]); break;
        }
    }
    va_activate(t, &a->pd, &a->size);
    a->cy.t = t;
    a->cy.domains = 1;
    a->cy.app_time = 1000000000ull;
    a->cy.step = 1000000;
    a->cy.dc = 1;
    a->cy.queue = 1;
}

/* One cycle: queue and send, then receive and process (see test_vbus_app.c). */
static inline void va_app_cycle(struct va_app *a, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        va_send(&a->cy);
        va_receive(&a->cy);
    }
}

static inline int va_app_operational(struct va_app *a)
{
    for (unsigned i = 0; i < a->n; i++)
        if ((va_sc_state(&a->t, a->cfg[i]) & (VA_ONLINE | VA_OPERATIONAL)) != (VA_ONLINE | VA_OPERATIONAL))
            return 0;
    return 1;
}

/* Cycle until every configuration is operational; cycles it took (limit when it did not). */
static inline unsigned va_app_up(struct va_app *a, unsigned limit)
{
    unsigned k = 0;
    while (!va_app_operational(a) && k < limit) {
        va_app_cycle(a, 1);
        k++;
    }
    return k;
}

/* Little-endian access to the process data. */
static inline int64_t va_get(const uint8_t *p, unsigned bytes, int is_signed)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    if (is_signed && bytes < 8 && (v >> (8 * bytes - 1)) & 1)
        v |= ~0ull << (8 * bytes);
    return (int64_t)v;
}

static inline void va_put(uint8_t *p, unsigned bytes, int64_t v)
{
    for (unsigned i = 0; i < bytes; i++)
        p[i] = (uint8_t)((uint64_t)v >> (8 * i));
}

#endif /* VBUS_APP_H */
