/* SPDX-License-Identifier: MIT */
/*
 * Test helper: builds SII contents (ETG.2010 categories) and topology images
 * (docs/vbus-image.md) byte by byte, so the native tests of the virtual master can make
 * well-formed and deliberately broken inputs without the TypeScript builder.
 * Header-only (static inline) because every native test is a standalone program.
 */
#ifndef VBUS_IMAGE_BUILDER_H
#define VBUS_IMAGE_BUILDER_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- growable byte buffer ---- */

struct vbb {
    uint8_t *b;
    size_t n, cap;
};

static inline void vbb_room(struct vbb *x, size_t more)
{
    if (x->n + more <= x->cap)
        return;
    size_t cap = x->cap ? x->cap : 256;
    while (cap < x->n + more)
        cap *= 2;
    x->b = realloc(x->b, cap);
    if (!x->b)
        abort();
    x->cap = cap;
}

static inline void vbb_bytes(struct vbb *x, const void *p, size_t n)
{
    vbb_room(x, n);
    if (n)
        memcpy(x->b + x->n, p, n);
    x->n += n;
}

static inline void vbb_u8(struct vbb *x, unsigned v)
{
    uint8_t b = (uint8_t)v;
    vbb_bytes(x, &b, 1);
}

static inline void vbb_u16(struct vbb *x, unsigned v)
{
    vbb_u8(x, v & 0xff);
    vbb_u8(x, (v >> 8) & 0xff);
}

static inline void vbb_u32(struct vbb *x, uint32_t v)
{
    vbb_u16(x, v & 0xffff);
    vbb_u16(x, v >> 16);
}

static inline void vbb_u64(struct vbb *x, uint64_t v)
{
    vbb_u32(x, (uint32_t)v);
    vbb_u32(x, (uint32_t)(v >> 32));
}

static inline void vbb_str(struct vbb *x, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    vbb_u8(x, (unsigned)n);
    vbb_bytes(x, s, n);
}

static inline void vbb_put16(struct vbb *x, size_t at, unsigned v)
{
    x->b[at] = (uint8_t)v;
    x->b[at + 1] = (uint8_t)(v >> 8);
}

static inline void vbb_put32(struct vbb *x, size_t at, uint32_t v)
{
    vbb_put16(x, at, v & 0xffff);
    vbb_put16(x, at + 2, v >> 16);
}

static inline void vbb_free(struct vbb *x)
{
    free(x->b);
    memset(x, 0, sizeof *x);
}

/* ---- SII builder ---- */

struct sii {
    uint8_t head[128]; /* words 0x00-0x3f */
    struct vbb strings; /* STRINGS category body without the count byte */
    unsigned nstrings;
    struct vbb general, fmmu, syncs, txpdo, rxpdo, dc, extra;
    int has_general, has_dc;
};

static inline void sii_w16(struct sii *s, unsigned word, unsigned v)
{
    s->head[2 * word] = (uint8_t)v;
    s->head[2 * word + 1] = (uint8_t)(v >> 8);
}

static inline void sii_w32(struct sii *s, unsigned word, uint32_t v)
{
    sii_w16(s, word, v & 0xffff);
    sii_w16(s, word + 1, v >> 16);
}

static inline void sii_init(struct sii *s)
{
    memset(s, 0, sizeof *s);
}

static inline void sii_identity(struct sii *s, uint16_t alias, uint32_t vendor, uint32_t product, uint32_t revision,
                                uint32_t serial)
{
    sii_w16(s, 0x04, alias);
    sii_w32(s, 0x08, vendor);
    sii_w32(s, 0x0a, product);
    sii_w32(s, 0x0c, revision);
    sii_w32(s, 0x0e, serial);
}

static inline void sii_mailbox(struct sii *s, uint16_t rx_off, uint16_t rx_size, uint16_t tx_off, uint16_t tx_size,
                               uint16_t protocols)
{
    sii_w16(s, 0x18, rx_off);
    sii_w16(s, 0x19, rx_size);
    sii_w16(s, 0x1a, tx_off);
    sii_w16(s, 0x1b, tx_size);
    sii_w16(s, 0x1c, protocols);
}

static inline void sii_boot_mailbox(struct sii *s, uint16_t rx_off, uint16_t rx_size, uint16_t tx_off, uint16_t tx_size)
{
    sii_w16(s, 0x14, rx_off);
    sii_w16(s, 0x15, rx_size);
    sii_w16(s, 0x16, tx_off);
    sii_w16(s, 0x17, tx_size);
}

/* Add a string; returns its SII string index (1-based). */
static inline unsigned sii_string(struct sii *s, const char *str)
{
    vbb_str(&s->strings, str);
    return ++s->nstrings;
}

static inline void sii_general_cat(struct sii *s, unsigned group, unsigned image, unsigned order, unsigned name,
                                   uint8_t coe_details, uint8_t flags, int16_t current)
{
    uint8_t g[32] = {0};
    g[0] = (uint8_t)group;
    g[1] = (uint8_t)image;
    g[2] = (uint8_t)order;
    g[3] = (uint8_t)name;
    g[5] = coe_details;
    g[11] = flags;
    g[12] = (uint8_t)current;
    g[13] = (uint8_t)((uint16_t)current >> 8);
    s->general.n = 0;
    vbb_bytes(&s->general, g, sizeof g);
    s->has_general = 1;
}

static inline void sii_fmmu(struct sii *s, uint8_t usage)
{
    vbb_u8(&s->fmmu, usage);
}

static inline void sii_sync(struct sii *s, uint16_t start, uint16_t length, uint8_t control, uint8_t enable)
{
    vbb_u16(&s->syncs, start);
    vbb_u16(&s->syncs, length);
    vbb_u8(&s->syncs, control);
    vbb_u8(&s->syncs, 0);
    vbb_u8(&s->syncs, enable);
    vbb_u8(&s->syncs, 0);
}

/* PDO header; follow with sii_pdo_entry calls (entry_count of them). */
static inline void sii_pdo(struct sii *s, int tx, uint16_t index, uint8_t entry_count, int8_t sync, unsigned name)
{
    struct vbb *x = tx ? &s->txpdo : &s->rxpdo;
    vbb_u16(x, index);
    vbb_u8(x, entry_count);
    vbb_u8(x, (uint8_t)sync);
    vbb_u8(x, 0);
    vbb_u8(x, name);
    vbb_u16(x, 0);
}

static inline void sii_pdo_entry(struct sii *s, int tx, uint16_t index, uint8_t sub, unsigned name, uint8_t type,
                                 uint8_t bits)
{
    struct vbb *x = tx ? &s->txpdo : &s->rxpdo;
    vbb_u16(x, index);
    vbb_u8(x, sub);
    vbb_u8(x, name);
    vbb_u8(x, type);
    vbb_u8(x, bits);
    vbb_u16(x, 0);
}

static inline void sii_dc(struct sii *s, uint32_t cycle, uint16_t assign_activate)
{
    vbb_u32(&s->dc, cycle);
    vbb_u32(&s->dc, 0);
    vbb_u32(&s->dc, 0);
    vbb_u16(&s->dc, 0);
    vbb_u16(&s->dc, assign_activate);
    vbb_u16(&s->dc, 0);
    vbb_u8(&s->dc, 0);
    vbb_u8(&s->dc, 0);
    vbb_u32(&s->dc, 0);
    s->has_dc = 1;
}

static inline void sii_category(struct vbb *out, unsigned type, const struct vbb *body)
{
    size_t n = body->n;
    vbb_u16(out, type);
    vbb_u16(out, (unsigned)((n + 1) / 2));
    vbb_bytes(out, body->b, n);
    if (n & 1)
        vbb_u8(out, 0);
}

/* ESC configuration area checksum (CRC-8, polynomial 0x07, initial 0xff over bytes 0..13). */
static inline void sii_checksum(struct sii *s)
{
    uint8_t crc = 0xff;
    for (unsigned i = 0; i < 14; i++) {
        crc ^= s->head[i];
        for (unsigned k = 0; k < 8; k++)
            crc = (uint8_t)((crc & 0x80) ? (crc << 1) ^ 0x07 : crc << 1);
    }
    s->head[14] = crc;
    s->head[15] = 0;
}

/*
 * Assemble the SII words: header, categories, END, padded with 0xffff to at least
 * `min_words` (the EEPROM size). Returns the word count; *out is malloc'ed.
 */
static inline unsigned sii_finish(struct sii *s, unsigned min_words, uint16_t **out)
{
    sii_checksum(s);
    struct vbb x = {0};
    vbb_bytes(&x, s->head, sizeof s->head);
    if (s->nstrings) {
        struct vbb body = {0};
        vbb_u8(&body, s->nstrings);
        vbb_bytes(&body, s->strings.b, s->strings.n);
        sii_category(&x, 0x000a, &body);
        vbb_free(&body);
    }
    if (s->has_general)
        sii_category(&x, 0x001e, &s->general);
    if (s->fmmu.n)
        sii_category(&x, 0x0028, &s->fmmu);
    if (s->syncs.n)
        sii_category(&x, 0x0029, &s->syncs);
    if (s->txpdo.n)
        sii_category(&x, 0x0032, &s->txpdo);
    if (s->rxpdo.n)
        sii_category(&x, 0x0033, &s->rxpdo);
    if (s->has_dc)
        sii_category(&x, 0x003c, &s->dc);
    if (s->extra.n)
        vbb_bytes(&x, s->extra.b, s->extra.n);
    vbb_u16(&x, 0xffff);
    vbb_u16(&x, 0xffff);
    while (x.n / 2 < min_words)
        vbb_u16(&x, 0xffff);
    unsigned words = (unsigned)(x.n / 2);
    uint16_t *w = malloc(x.n);
    for (unsigned i = 0; i < words; i++)
        w[i] = (uint16_t)(x.b[2 * i] | (x.b[2 * i + 1] << 8));
    *out = w;
    vbb_free(&x);
    vbb_free(&s->strings);
    vbb_free(&s->general);
    vbb_free(&s->fmmu);
    vbb_free(&s->syncs);
    vbb_free(&s->txpdo);
    vbb_free(&s->rxpdo);
    vbb_free(&s->dc);
    vbb_free(&s->extra);
    return words;
}

/* ---- topology image builder ---- */

struct img {
    struct vbb x;
    size_t count_at, record_at, objcount_at;
    unsigned slaves, objects;
};

static inline void img_begin(struct img *m, const uint8_t mac[6], int link_up)
{
    memset(m, 0, sizeof *m);
    vbb_u32(&m->x, 0x31494256u);
    vbb_u16(&m->x, 1);
    vbb_u16(&m->x, 0);
    vbb_u32(&m->x, 0); /* total size, patched */
    m->count_at = m->x.n;
    vbb_u16(&m->x, 0); /* slave count, patched */
    vbb_u16(&m->x, 0);
    vbb_bytes(&m->x, mac, 6);
    vbb_u8(&m->x, link_up);
    vbb_u8(&m->x, 0);
    vbb_u32(&m->x, 0);
}

static inline void img_slave_begin(struct img *m, uint8_t model, uint8_t flags, uint32_t transmission_delay)
{
    m->record_at = m->x.n;
    vbb_u32(&m->x, 0); /* record size, patched */
    vbb_u8(&m->x, model);
    vbb_u8(&m->x, flags);
    vbb_u16(&m->x, 0);
    vbb_u32(&m->x, transmission_delay);
    m->objects = 0;
}

static inline void img_port(struct img *m, uint8_t desc, uint8_t link, uint8_t loop, uint8_t signal, uint16_t next,
                            uint32_t receive_time, uint32_t delay)
{
    vbb_u8(&m->x, desc);
    vbb_u8(&m->x, link);
    vbb_u8(&m->x, loop);
    vbb_u8(&m->x, signal);
    vbb_u16(&m->x, next);
    vbb_u16(&m->x, 0);
    vbb_u32(&m->x, receive_time);
    vbb_u32(&m->x, delay);
}

static inline void img_sii(struct img *m, const uint16_t *words, unsigned n)
{
    vbb_u16(&m->x, n);
    for (unsigned i = 0; i < n; i++)
        vbb_u16(&m->x, words[i]);
    m->objcount_at = m->x.n;
    vbb_u16(&m->x, 0); /* object count, patched by img_object */
}

static inline void img_object(struct img *m, uint16_t index, uint8_t code, uint8_t max_sub, const char *name,
                              uint16_t entry_count)
{
    vbb_u16(&m->x, index);
    vbb_u8(&m->x, code);
    vbb_u8(&m->x, max_sub);
    vbb_str(&m->x, name);
    vbb_u16(&m->x, entry_count);
    vbb_put16(&m->x, m->objcount_at, ++m->objects);
}

/* flags: 1 has min, 2 has max, 4 volatile */
static inline void img_entry(struct img *m, uint8_t sub, uint8_t access, uint16_t type, uint16_t bits, uint16_t flags,
                             const char *name, uint64_t min, uint64_t max, const void *value, uint16_t value_size)
{
    vbb_u8(&m->x, sub);
    vbb_u8(&m->x, access);
    vbb_u16(&m->x, type);
    vbb_u16(&m->x, bits);
    vbb_u16(&m->x, flags);
    vbb_str(&m->x, name);
    if (flags & 1)
        vbb_u64(&m->x, min);
    if (flags & 2)
        vbb_u64(&m->x, max);
    vbb_u16(&m->x, value_size);
    vbb_bytes(&m->x, value, value_size);
}

/* Entry with an integer value of bits/8 bytes (little-endian). */
static inline void img_entry_int(struct img *m, uint8_t sub, uint8_t access, uint16_t type, uint16_t bits,
                                 const char *name, uint64_t value)
{
    uint8_t v[8];
    unsigned n = (bits + 7u) / 8u;
    for (unsigned i = 0; i < 8; i++)
        v[i] = (uint8_t)(value >> (8 * i));
    img_entry(m, sub, access, type, bits, 0, name, 0, 0, v, (uint16_t)n);
}

static inline void img_slave_end(struct img *m, const void *params, uint16_t param_size)
{
    vbb_u16(&m->x, param_size);
    vbb_bytes(&m->x, params, param_size);
    vbb_put32(&m->x, m->record_at, (uint32_t)(m->x.n - m->record_at));
    vbb_put16(&m->x, m->count_at, ++m->slaves);
}

/* Finish: patch the total size; returns the image (owned by m) and its size. */
static inline size_t img_end(struct img *m, const uint8_t **image)
{
    vbb_put32(&m->x, 8, (uint32_t)m->x.n);
    *image = m->x.b;
    return m->x.n;
}

static inline void img_free(struct img *m)
{
    vbb_free(&m->x);
}

#endif /* VBUS_IMAGE_BUILDER_H */
