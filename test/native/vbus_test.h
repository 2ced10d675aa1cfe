/* SPDX-License-Identifier: MIT */
/*
 * Test helper for the virtual master's native tests: check macros, a catalogue of test
 * slaves (a CoE drive with a test object dictionary, a plain I/O slave), bus creation for
 * a given ABI, and ioctl helpers that fill argument structs through the ABI's offset
 * tables, exactly as a client of that ABI would. Header-only (static inline).
 */
#ifndef VBUS_TEST_H
#define VBUS_TEST_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "igh/abi.h"
#include "vbus/vbus.h"
#include "vbus_image_builder.h"

static int vt_failures;
static long vt_checks;

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        vt_checks++;                                                                       \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);       \
            vt_failures++;                                                                 \
        }                                                                                  \
    } while (0)

#define CHECK_EQ(a, b)                                                                                       \
    do {                                                                                                     \
        long long vt_a_ = (long long)(a), vt_b_ = (long long)(b);                                            \
        vt_checks++;                                                                                         \
        if (vt_a_ != vt_b_) {                                                                                \
            fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %s (%lld != %lld, 0x%llx != 0x%llx)\n", __FILE__, \
                    __LINE__, #a, #b, vt_a_, vt_b_, vt_a_, vt_b_);                                           \
            vt_failures++;                                                                                   \
        }                                                                                                    \
    } while (0)

#define CHECK_STR(a, b)                                                                                       \
    do {                                                                                                      \
        const char *vt_sa_ = (a), *vt_sb_ = (b);                                                              \
        vt_checks++;                                                                                          \
        if (strcmp(vt_sa_, vt_sb_) != 0) {                                                                    \
            fprintf(stderr, "%s:%d: CHECK_STR failed: %s == %s (\"%s\" != \"%s\")\n", __FILE__, __LINE__, #a, \
                    #b, vt_sa_, vt_sb_);                                                                      \
            vt_failures++;                                                                                    \
        }                                                                                                     \
    } while (0)

static inline int vt_done(const char *name)
{
    if (vt_failures)
        fprintf(stderr, "%s: %d of %ld checks failed\n", name, vt_failures, vt_checks);
    else
        printf("%s: %ld checks passed\n", name, vt_checks);
    return vt_failures ? 1 : 0;
}

/* ---- test slaves ---- */

enum vt_kind { VT_DRIVE, VT_IO };

struct vt_spec {
    enum vt_kind kind;
    uint16_t alias;
    uint32_t serial;
    uint16_t mbx;        /* drive: std mailbox size (rx and tx) */
    int boot;            /* drive: has a bootstrap mailbox */
    int dc;              /* 0 none, 1 64-bit with system time, 2 delay measurement only, 3 32-bit */
    uint8_t coe_details; /* drive: GENERAL CoE details bits */
    int no_general;      /* leave out the GENERAL category */
    int no_coe_pdo_objects; /* drive: leave out 0x1C12/0x1C13 so the SII PDOs stay */
    const uint8_t *params;  /* model parameters (TLV, docs/vbus-image.md) */
    uint16_t param_size;
};

#define VT_VENDOR 0x00000abc
#define VT_DRIVE_PRODUCT 0x00001234
#define VT_IO_PRODUCT 0x00005678
#define VT_MAC {0x02, 0x00, 0x00, 0x12, 0x34, 0x56}

static inline struct vt_spec vt_drive(void)
{
    struct vt_spec s = {VT_DRIVE, 0, 1, 128, 0, 1, 0x2f, 0, 0, NULL, 0}; /* SDO, info, assign, config, CA */
    return s;
}

static inline struct vt_spec vt_iospec(void)
{
    struct vt_spec s = {VT_IO, 0, 2, 0, 0, 0, 0, 0, 0, NULL, 0};
    return s;
}

static inline void vt_drive_sii(struct sii *s, const struct vt_spec *sp, uint16_t **words, unsigned *n)
{
    sii_init(s);
    sii_identity(s, sp->alias, VT_VENDOR, VT_DRIVE_PRODUCT, 0x00010002, sp->serial);
    uint16_t protocols = 0x0004 | (sp->boot ? 0x0008 : 0);
    sii_mailbox(s, 0x1000, sp->mbx, 0x1400, sp->mbx, protocols);
    if (sp->boot)
        sii_boot_mailbox(s, 0x1800, 256, 0x1c00, 256);
    unsigned name = sii_string(s, "Virtual Drive VD100");
    unsigned group = sii_string(s, "Drives");
    unsigned image = sii_string(s, "DRIVE");
    unsigned order = sii_string(s, "VD100-0001");
    unsigned rx = sii_string(s, "SII RxPDO");
    unsigned tx = sii_string(s, "SII TxPDO");
    unsigned ctl = sii_string(s, "Controlword");
    if (!sp->no_general)
        sii_general_cat(s, group, image, order, name, sp->coe_details, 0x01, -120);
    sii_fmmu(s, 1);
    sii_fmmu(s, 2);
    sii_fmmu(s, 3);
    sii_sync(s, 0x1000, sp->mbx, 0x26, 1);
    sii_sync(s, 0x1400, sp->mbx, 0x22, 1);
    sii_sync(s, 0x1800, 3, 0x64, 1);
    sii_sync(s, 0x1c00, 4, 0x20, 1);
    sii_pdo(s, 0, 0x1600, 2, 2, rx);
    sii_pdo_entry(s, 0, 0x7000, 1, ctl, 6, 16);
    sii_pdo_entry(s, 0, 0x7000, 2, 0, 5, 8);
    sii_pdo(s, 1, 0x1a00, 1, 3, tx);
    sii_pdo_entry(s, 1, 0x6000, 1, 0, 7, 32);
    sii_dc(s, 1000000, 0x0300);
    *n = sii_finish(s, 256, words);
}

static inline void vt_io_sii(struct sii *s, const struct vt_spec *sp, uint16_t **words, unsigned *n)
{
    sii_init(s);
    sii_identity(s, sp->alias, VT_VENDOR, VT_IO_PRODUCT, 0x00000001, sp->serial);
    unsigned name = sii_string(s, "Virtual IO 8DO");
    unsigned group = sii_string(s, "DigOut");
    unsigned out = sii_string(s, "Outputs");
    unsigned ch1 = sii_string(s, "Channel 1");
    if (!sp->no_general)
        sii_general_cat(s, group, 0, 0, name, 0, 0, 90);
    sii_fmmu(s, 1);
    sii_sync(s, 0x0f00, 1, 0x44, 1);
    sii_pdo(s, 0, 0x1600, 2, 0, out);
    sii_pdo_entry(s, 0, 0x7000, 1, ch1, 1, 1);
    sii_pdo_entry(s, 0, 0x0000, 0, 0, 0, 7);
    *n = sii_finish(s, 64, words);
}

/* Access bits of the image: read PREOP/SAFEOP/OP = 1/2/4, write = 8/16/32. */
#define VT_RO 0x07
#define VT_RW 0x3f
#define VT_WO 0x38
#define VT_RW_PREOP 0x0f

static inline void vt_drive_od(struct img *m, const struct vt_spec *sp, int with_pdo_objects)
{
    static const char hello[] = "hello";
    uint8_t blob[300];
    for (unsigned i = 0; i < sizeof blob; i++)
        blob[i] = (uint8_t)(i * 7 + 3);
    img_object(m, 0x1000, 7, 0, "Device type", 1);
    img_entry_int(m, 0, VT_RO, 0x0007, 32, "Device type", 0x00020192);
    img_object(m, 0x1008, 7, 0, "Device name", 1);
    img_entry(m, 0, VT_RO, 0x0009, 8 * 32, 0, "Device name", 0, 0, "VirtualDrive", 12);
    img_object(m, 0x1018, 9, 4, "Identity", 5);
    img_entry_int(m, 0, VT_RO, 0x0005, 8, "SubIndex 000", 4);
    img_entry_int(m, 1, VT_RO, 0x0007, 32, "Vendor ID", VT_VENDOR);
    img_entry_int(m, 2, VT_RO, 0x0007, 32, "Product code", VT_DRIVE_PRODUCT);
    img_entry_int(m, 3, VT_RO, 0x0007, 32, "Revision", 0x00010002);
    img_entry_int(m, 4, VT_RO, 0x0007, 32, "Serial number", sp->serial);
    if (with_pdo_objects) {
        img_object(m, 0x1600, 9, 2, "RxPDO 1 mapping", 3);
        img_entry_int(m, 0, VT_RW_PREOP, 0x0005, 8, "SubIndex 000", 2);
        img_entry_int(m, 1, VT_RW_PREOP, 0x0007, 32, "Output 1", 0x70000110);
        img_entry_int(m, 2, VT_RW_PREOP, 0x0007, 32, "Output 2", 0x70000208);
        img_object(m, 0x1a00, 9, 1, "TxPDO 1 mapping", 2);
        img_entry_int(m, 0, VT_RW_PREOP, 0x0005, 8, "SubIndex 000", 1);
        img_entry_int(m, 1, VT_RW_PREOP, 0x0007, 32, "Input 1", 0x60000120);
        img_object(m, 0x1c12, 8, 2, "RxPDO assign", 3);
        img_entry_int(m, 0, VT_RW_PREOP, 0x0005, 8, "SubIndex 000", 1);
        img_entry_int(m, 1, VT_RW_PREOP, 0x0006, 16, "SubIndex 001", 0x1600);
        img_entry_int(m, 2, VT_RW_PREOP, 0x0006, 16, "SubIndex 002", 0);
        img_object(m, 0x1c13, 8, 2, "TxPDO assign", 3);
        img_entry_int(m, 0, VT_RW_PREOP, 0x0005, 8, "SubIndex 000", 1);
        img_entry_int(m, 1, VT_RW_PREOP, 0x0006, 16, "SubIndex 001", 0x1a00);
        img_entry_int(m, 2, VT_RW_PREOP, 0x0006, 16, "SubIndex 002", 0);
    }
    img_object(m, 0x2000, 9, 12, "Test", 13);
    img_entry_int(m, 0, VT_RO, 0x0005, 8, "SubIndex 000", 12);
    img_entry_int(m, 1, VT_RW, 0x0005, 8, "u8", 0x11);
    img_entry(m, 2, VT_RW, 0x0006, 16, 3, "u16 10..1000", 10, 1000, "\x64\x00", 2);
    img_entry_int(m, 3, VT_RW, 0x0007, 32, "u32", 0x12345678);
    img_entry(m, 4, VT_RW, 0x0003, 16, 3, "i16 -100..100", (uint64_t)(int64_t)-100, 100, "\x00\x00", 2);
    img_entry_int(m, 5, VT_RW, 0x001b, 64, "u64", 0x0102030405060708ull);
    img_entry(m, 6, VT_RW, 0x0009, 8 * 200, 0, "string", 0, 0, hello, 5);
    img_entry(m, 7, VT_RW, 0x000a, 8 * 2000, 0, "octets", 0, 0, blob, sizeof blob);
    img_entry_int(m, 8, VT_WO, 0x0007, 32, "write only", 0);
    img_entry_int(m, 9, VT_RO, 0x0007, 32, "read only", 0xcafe);
    img_entry_int(m, 10, VT_RW_PREOP, 0x0007, 32, "preop only", 7);
    img_entry_int(m, 11, VT_RW, 0x0001, 1, "bool", 1);
    /* REAL32 -1.0 .. 1.0 as IEEE bit patterns */
    img_entry(m, 12, VT_RW, 0x0008, 32, 3, "real -1..1", 0xbf800000u, 0x3f800000u, "\x00\x00\x00\x00", 4);
    img_object(m, 0x2001, 8, 4, "Table", 5);
    img_entry_int(m, 0, VT_RW, 0x0005, 8, "SubIndex 000", 4);
    for (unsigned i = 1; i <= 4; i++)
        img_entry_int(m, (uint8_t)i, VT_RW, 0x0006, 16, "Element", 0x100 * i);
    img_object(m, 0x6000, 9, 1, "Inputs", 2);
    img_entry_int(m, 0, VT_RO, 0x0005, 8, "SubIndex 000", 1);
    img_entry(m, 1, VT_RO | 0x80, 0x0007, 32, 4, "Position", 0, 0, "\x01\x02\x03\x04", 4);
    img_object(m, 0x7000, 9, 2, "Outputs", 3);
    img_entry_int(m, 0, VT_RO, 0x0005, 8, "SubIndex 000", 2);
    img_entry_int(m, 1, VT_RW | 0x40, 0x0006, 16, "Controlword", 0);
    img_entry_int(m, 2, VT_RW | 0x40, 0x0005, 8, "Mode", 0);
}

/* Port table of a line: port 0 towards the master, port 1 to the next slave. */
static inline void vt_ports(struct img *m, unsigned pos, unsigned count)
{
    int last = pos + 1 == count;
    uint32_t t = 100u * pos;
    img_port(m, 3, 1, 0, 1, pos == 0 ? 0xffff : (uint16_t)(pos - 1), t, 0);
    img_port(m, 3, last ? 0 : 1, last ? 1 : 0, last ? 0 : 1, last ? 0xffff : (uint16_t)(pos + 1),
             last ? 0 : t + 50u * (count - pos), last ? 0 : 50);
    img_port(m, 0, 0, 1, 0, 0xffff, 0, 0);
    img_port(m, 0, 0, 1, 0, 0xffff, 0, 0);
}

static inline uint8_t vt_dc_flags(int dc)
{
    switch (dc) {
    case 1: return 0x01 | 0x02 | 0x04;
    case 2: return 0x01;
    case 3: return 0x01 | 0x04;
    default: return 0x00;
    }
}

static inline void vt_add_slave(struct img *m, const struct vt_spec *sp, unsigned pos, unsigned count)
{
    struct sii s;
    uint16_t *words;
    unsigned n;
    if (sp->kind == VT_DRIVE)
        vt_drive_sii(&s, sp, &words, &n);
    else
        vt_io_sii(&s, sp, &words, &n);
    img_slave_begin(m, sp->kind == VT_DRIVE ? 6 : 3, vt_dc_flags(sp->dc), sp->dc ? 10u * pos : 0);
    vt_ports(m, pos, count);
    img_sii(m, words, n);
    free(words);
    if (sp->kind == VT_DRIVE)
        vt_drive_od(m, sp, !sp->no_coe_pdo_objects);
    img_slave_end(m, sp->params, sp->param_size);
}

/* ---- a bus under test ---- */

struct vt {
    const struct eca_abi *abi;
    struct vbus *vb;
    struct vbus_file *f;
    struct img image;
};

/* Start a topology image for `abi_id` (an unknown id ends the test program). */
static inline void vt_begin(struct vt *t, const char *abi_id, int link_up)
{
    static const uint8_t mac[6] = VT_MAC;
    memset(t, 0, sizeof *t);
    t->abi = eca_abi_by_id(abi_id);
    if (!t->abi) {
        fprintf(stderr, "unknown ABI %s\n", abi_id);
        abort();
    }
    img_begin(&t->image, mac, link_up);
}

/* End the image, create the virtual master from it and open one writable file on it. */
static inline int vt_finish(struct vt *t, char *err, size_t err_size)
{
    const uint8_t *image;
    size_t size = img_end(&t->image, &image);
    struct vbus_options o = {t->abi, 0, 0, 1};
    int r = vbus_create(image, size, &o, &t->vb, err, err_size);
    if (r)
        return r;
    return vbus_open(t->vb, 1, &t->f);
}

/* A creation that must succeed: a failure ends the test program with the reason. */
static inline void vt_must(int r, const char *err)
{
    if (r) {
        fprintf(stderr, "vbus_create failed (%d): %s\n", r, err);
        abort();
    }
}

static inline int vt_make_opts(struct vt *t, const char *abi_id, const struct vt_spec *specs, unsigned n, int link_up,
                               char *err, size_t err_size)
{
    vt_begin(t, abi_id, link_up);
    for (unsigned i = 0; i < n; i++)
        vt_add_slave(&t->image, &specs[i], i, n);
    return vt_finish(t, err, err_size);
}

static inline void vt_make(struct vt *t, const char *abi_id, const struct vt_spec *specs, unsigned n)
{
    char err[256];
    vt_must(vt_make_opts(t, abi_id, specs, n, 1, err, sizeof err), err);
}

static inline void vt_free(struct vt *t)
{
    if (t->f)
        vbus_close(t->f);
    if (t->vb)
        vbus_destroy(t->vb);
    img_free(&t->image);
    memset(t, 0, sizeof *t);
}

/* The standard two-slave bus: a CoE drive and an I/O slave. */
static inline void vt_make_std(struct vt *t, const char *abi_id)
{
    struct vt_spec specs[2] = {vt_drive(), vt_iospec()};
    vt_make(t, abi_id, specs, 2);
}

/* ---- ioctl helpers ---- */

static inline const struct eca_layout *vt_l(const struct vt *t, enum eca_struct st)
{
    const struct eca_layout *l = t->abi->layouts[st];
    if (!l) {
        fprintf(stderr, "ABI %s has no layout %d\n", t->abi->id, (int)st);
        abort();
    }
    return l;
}

static inline long vt_io_f(struct vt *t, struct vbus_file *f, enum eca_req r, void *arg)
{
    uint32_t code = eca_code(t->abi, r);
    if (!code) {
        fprintf(stderr, "ABI %s has no request %s\n", t->abi->id, eca_requests[r].name);
        abort();
    }
    return vbus_ioctl(f, code, (unsigned long)(uintptr_t)arg);
}

static inline long vt_io(struct vt *t, enum eca_req r, void *arg)
{
    return vt_io_f(t, t->f, r, arg);
}

static inline void vt_put(struct vt *t, void *buf, enum eca_struct st, unsigned field, uint64_t v)
{
    eca_put(buf, vt_l(t, st), field, 0, 0, v);
}

static inline uint64_t vt_get(struct vt *t, const void *buf, enum eca_struct st, unsigned field)
{
    return eca_get(buf, vt_l(t, st), field, 0, 0);
}

static inline const char *vt_str(struct vt *t, const void *buf, enum eca_struct st, unsigned field)
{
    return eca_cptr(buf, vt_l(t, st), field, 0);
}

static inline void vt_put_ptr(struct vt *t, void *buf, enum eca_struct st, unsigned field, const void *p)
{
    vt_put(t, buf, st, field, (uint64_t)(uintptr_t)p);
}

/* SLAVE for one position into buf (>= 416 bytes); returns the ioctl result. */
static inline long vt_slave(struct vt *t, unsigned pos, uint8_t *buf)
{
    memset(buf, 0, vt_l(t, ECA_ST_SLAVE)->size);
    vt_put(t, buf, ECA_ST_SLAVE, ECA_SLAVE_F_POSITION, pos);
    return vt_io(t, ECA_REQ_SLAVE, buf);
}

static inline uint8_t vt_al_state(struct vt *t, unsigned pos)
{
    uint8_t buf[512];
    if (vt_slave(t, pos, buf))
        return 0xff;
    return (uint8_t)vt_get(t, buf, ECA_ST_SLAVE, ECA_SLAVE_F_AL_STATE);
}

static inline uint8_t vt_error_flag(struct vt *t, unsigned pos)
{
    uint8_t buf[512];
    if (vt_slave(t, pos, buf))
        return 0xff;
    return (uint8_t)vt_get(t, buf, ECA_ST_SLAVE, ECA_SLAVE_F_ERROR_FLAG);
}

static inline long vt_state(struct vt *t, unsigned pos, unsigned state)
{
    uint8_t buf[64] = {0};
    vt_put(t, buf, ECA_ST_SLAVE_STATE, ECA_SLAVE_STATE_F_SLAVE_POSITION, pos);
    vt_put(t, buf, ECA_ST_SLAVE_STATE, ECA_SLAVE_STATE_F_AL_STATE, state);
    return vt_io(t, ECA_REQ_SLAVE_STATE, buf);
}

static inline long vt_upload(struct vt *t, unsigned pos, uint16_t index, uint8_t sub, void *target, size_t target_size,
                             size_t *data_size, uint32_t *abort_code)
{
    uint8_t buf[64] = {0};
    enum eca_struct st = ECA_ST_SLAVE_SDO_UPLOAD;
    vt_put(t, buf, st, ECA_SLAVE_SDO_UPLOAD_F_SLAVE_POSITION, pos);
    vt_put(t, buf, st, ECA_SLAVE_SDO_UPLOAD_F_SDO_INDEX, index);
    vt_put(t, buf, st, ECA_SLAVE_SDO_UPLOAD_F_SDO_ENTRY_SUBINDEX, sub);
    vt_put(t, buf, st, ECA_SLAVE_SDO_UPLOAD_F_TARGET_SIZE, target_size);
    vt_put_ptr(t, buf, st, ECA_SLAVE_SDO_UPLOAD_F_TARGET, target);
    vt_put(t, buf, st, ECA_SLAVE_SDO_UPLOAD_F_DATA_SIZE, 0xdead);
    vt_put(t, buf, st, ECA_SLAVE_SDO_UPLOAD_F_ABORT_CODE, 0xbeef);
    long r = vt_io(t, ECA_REQ_SLAVE_SDO_UPLOAD, buf);
    if (data_size)
        *data_size = (size_t)vt_get(t, buf, st, ECA_SLAVE_SDO_UPLOAD_F_DATA_SIZE);
    if (abort_code)
        *abort_code = (uint32_t)vt_get(t, buf, st, ECA_SLAVE_SDO_UPLOAD_F_ABORT_CODE);
    return r;
}

static inline long vt_download(struct vt *t, unsigned pos, uint16_t index, uint8_t sub, int complete_access,
                               const void *data, size_t size, uint32_t *abort_code)
{
    uint8_t buf[64] = {0};
    enum eca_struct st = ECA_ST_SLAVE_SDO_DOWNLOAD;
    vt_put(t, buf, st, ECA_SLAVE_SDO_DOWNLOAD_F_SLAVE_POSITION, pos);
    vt_put(t, buf, st, ECA_SLAVE_SDO_DOWNLOAD_F_SDO_INDEX, index);
    vt_put(t, buf, st, ECA_SLAVE_SDO_DOWNLOAD_F_SDO_ENTRY_SUBINDEX, sub);
    vt_put(t, buf, st, ECA_SLAVE_SDO_DOWNLOAD_F_COMPLETE_ACCESS, complete_access);
    vt_put(t, buf, st, ECA_SLAVE_SDO_DOWNLOAD_F_DATA_SIZE, size);
    vt_put_ptr(t, buf, st, ECA_SLAVE_SDO_DOWNLOAD_F_DATA, data);
    vt_put(t, buf, st, ECA_SLAVE_SDO_DOWNLOAD_F_ABORT_CODE, 0xbeef);
    long r = vt_io(t, ECA_REQ_SLAVE_SDO_DOWNLOAD, buf);
    if (abort_code)
        *abort_code = (uint32_t)vt_get(t, buf, st, ECA_SLAVE_SDO_DOWNLOAD_F_ABORT_CODE);
    return r;
}

static inline long vt_reg(struct vt *t, int write, unsigned pos, uint16_t addr, void *data, size_t size)
{
    uint8_t buf[64] = {0};
    enum eca_struct st = ECA_ST_SLAVE_REG;
    vt_put(t, buf, st, ECA_SLAVE_REG_F_SLAVE_POSITION, pos);
    vt_put(t, buf, st, ECA_SLAVE_REG_F_ADDRESS, addr);
    vt_put(t, buf, st, ECA_SLAVE_REG_F_SIZE, size);
    vt_put_ptr(t, buf, st, ECA_SLAVE_REG_F_DATA, data);
    return vt_io(t, write ? ECA_REQ_SLAVE_REG_WRITE : ECA_REQ_SLAVE_REG_READ, buf);
}

static inline uint32_t vt_reg_u(struct vt *t, unsigned pos, uint16_t addr, size_t size)
{
    uint8_t d[8] = {0};
    if (vt_reg(t, 0, pos, addr, d, size))
        return 0xdeadbeef;
    uint32_t v = 0;
    for (size_t i = 0; i < size && i < 4; i++)
        v |= (uint32_t)d[i] << (8 * i);
    return v;
}

static inline long vt_sii(struct vt *t, int write, unsigned pos, uint16_t offset, uint32_t nwords, void *words)
{
    uint8_t buf[64] = {0};
    enum eca_struct st = ECA_ST_SLAVE_SII;
    vt_put(t, buf, st, ECA_SLAVE_SII_F_SLAVE_POSITION, pos);
    vt_put(t, buf, st, ECA_SLAVE_SII_F_OFFSET, offset);
    vt_put(t, buf, st, ECA_SLAVE_SII_F_NWORDS, nwords);
    vt_put_ptr(t, buf, st, ECA_SLAVE_SII_F_WORDS, words);
    return vt_io(t, write ? ECA_REQ_SLAVE_SII_WRITE : ECA_REQ_SLAVE_SII_READ, buf);
}

#endif /* VBUS_TEST_H */
