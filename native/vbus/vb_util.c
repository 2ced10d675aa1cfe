/* SPDX-License-Identifier: MIT */
/*
 * Implementation of vb_util.h. The formatter uses the compiler's va_list builtins because
 * the portable core may not include <stdarg.h> (it builds with -nostdinc).
 */
#include "vb_util.h"

struct vb_out {
    char *buf;
    size_t size;
    size_t len;
};

static void out_char(struct vb_out *o, char c)
{
    if (o->size && o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void out_num(struct vb_out *o, uint64_t v, unsigned base, int upper, int neg, unsigned width, int zero)
{
    char tmp[24];
    unsigned n = 0;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v && n < sizeof tmp);
    unsigned total = n + (neg ? 1u : 0u);
    if (neg && zero)
        out_char(o, '-');
    while (total < width) {
        out_char(o, zero ? '0' : ' ');
        total++;
    }
    if (neg && !zero)
        out_char(o, '-');
    while (n)
        out_char(o, tmp[--n]);
}

size_t vb_fmt(char *buf, size_t size, const char *fmt, ...)
{
    struct vb_out o = {buf, size, 0};
    __builtin_va_list ap;
    __builtin_va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            out_char(&o, *p);
            continue;
        }
        p++;
        int zero = 0;
        unsigned width = 0;
        int lng = 0;
        if (*p == '0') {
            zero = 1;
            p++;
        }
        while (*p >= '0' && *p <= '9')
            width = width * 10 + (unsigned)(*p++ - '0');
        while (*p == 'l' || *p == 'z') {
            lng = (*p == 'z') ? 3 : lng + 1;
            p++;
        }
        switch (*p) {
        case 's': {
            const char *s = __builtin_va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            while (*s)
                out_char(&o, *s++);
            break;
        }
        case 'c':
            out_char(&o, (char)__builtin_va_arg(ap, int));
            break;
        case 'd': {
            int64_t v = lng == 3   ? (int64_t)__builtin_va_arg(ap, long)
                        : lng == 2 ? __builtin_va_arg(ap, long long)
                        : lng == 1 ? __builtin_va_arg(ap, long)
                                   : __builtin_va_arg(ap, int);
            uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            out_num(&o, mag, 10, 0, v < 0, width, zero);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = lng == 3   ? (uint64_t)__builtin_va_arg(ap, size_t)
                         : lng == 2 ? __builtin_va_arg(ap, unsigned long long)
                         : lng == 1 ? __builtin_va_arg(ap, unsigned long)
                                    : __builtin_va_arg(ap, unsigned int);
            out_num(&o, v, *p == 'u' ? 10 : 16, *p == 'X', 0, width, zero);
            break;
        }
        case '%':
            out_char(&o, '%');
            break;
        case '\0':
            p--;
            break;
        default:
            out_char(&o, '%');
            out_char(&o, *p);
        }
    }
    __builtin_va_end(ap);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len < size ? o.len : (size ? size - 1 : 0);
}

/* Arena chunks are at least this big so small allocations share one port allocation. */
#define VB_CHUNK_MIN 1024u

struct vb_chunk {
    struct vb_chunk *next;
    size_t size; /* usable bytes after the header */
    size_t used;
};

void *vb_arena_alloc(struct vb_arena *a, size_t size)
{
    size = (size + 7u) & ~(size_t)7u;
    struct vb_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t want = size > VB_CHUNK_MIN ? size : VB_CHUNK_MIN;
        c = ecat_port_zalloc(sizeof *c + want);
        if (!c)
            return NULL;
        c->size = want;
        c->used = 0;
        c->next = a->head;
        a->head = c;
        a->bytes += sizeof *c + want;
    }
    void *p = (uint8_t *)(c + 1) + c->used;
    c->used += size;
    return p;
}

char *vb_arena_strndup(struct vb_arena *a, const uint8_t *s, size_t n)
{
    char *d = vb_arena_alloc(a, n + 1);
    if (d && n)
        ecat_memcpy(d, s, n);
    return d;
}

void vb_arena_free(struct vb_arena *a)
{
    struct vb_chunk *c = a->head;
    while (c) {
        struct vb_chunk *next = c->next;
        ecat_port_free(c);
        c = next;
    }
    a->head = NULL;
    a->bytes = 0;
}

uint64_t vb_hash64(uint64_t h, const void *data, size_t n)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

size_t vb_strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

void vb_strlcpy(char *dst, const char *src, size_t dst_size)
{
    size_t i = 0;
    if (src)
        for (; i + 1 < dst_size && src[i]; i++)
            dst[i] = src[i];
    dst[i] = '\0';
}
