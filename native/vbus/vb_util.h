/* SPDX-License-Identifier: MIT */
/*
 * Small helpers shared by the virtual master core: little-endian access, a bounded
 * printf-like formatter for error messages, a bump arena (so one slave's parsed data is
 * freed in one go), and the image hash. Kernel-portable: ecat_port.h only.
 */
#ifndef ECAT_VBUS_UTIL_H
#define ECAT_VBUS_UTIL_H

#include "../portable/ecat_port.h"

/* errno values ecat_port.h does not list; the numbers are Linux's on every architecture. */
#ifndef EPROTONOSUPPORT
#define EPROTONOSUPPORT 93
#endif

static inline uint16_t vb_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t vb_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint64_t vb_le64(const uint8_t *p)
{
    return (uint64_t)vb_le32(p) | ((uint64_t)vb_le32(p + 4) << 32);
}

static inline void vb_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void vb_put32(uint8_t *p, uint32_t v)
{
    vb_put16(p, (uint16_t)v);
    vb_put16(p + 2, (uint16_t)(v >> 16));
}

static inline void vb_put64(uint8_t *p, uint64_t v)
{
    vb_put32(p, (uint32_t)v);
    vb_put32(p + 4, (uint32_t)(v >> 32));
}

/*
 * snprintf subset for messages: %s %c %d %u %x %X with an optional '0' flag and width,
 * and the 'l'/'ll'/'z' length modifiers. Always NUL-terminates when size > 0.
 * Returns the number of characters written (not counting the NUL).
 */
size_t vb_fmt(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Bump allocator: memory is zeroed and lives until vb_arena_free. */
struct vb_chunk;
struct vb_arena {
    struct vb_chunk *head;
    size_t bytes; /* total allocated, for memory accounting in tests */
};
void *vb_arena_alloc(struct vb_arena *a, size_t size);
char *vb_arena_strndup(struct vb_arena *a, const uint8_t *s, size_t n);
void vb_arena_free(struct vb_arena *a);

/* 64-bit FNV-1a, to recognise the image a state blob was saved from. */
uint64_t vb_hash64(uint64_t h, const void *data, size_t n);
#define VB_HASH_INIT 0xcbf29ce484222325ull

/* Length of a NUL-terminated string, and bounded copy with NUL (dst_size > 0). */
size_t vb_strlen(const char *s);
void vb_strlcpy(char *dst, const char *src, size_t dst_size);

#endif /* ECAT_VBUS_UTIL_H */
