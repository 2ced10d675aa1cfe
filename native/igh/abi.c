/* SPDX-License-Identifier: MIT */
/*
 * Run-time helpers over the ABI tables: request codes and field access by offset table.
 * Pure functions over const data; safe from any thread and in the kernel.
 */
#include "abi.h"

uint32_t eca_code(const struct eca_abi *abi, enum eca_req req)
{
    if (!abi || (unsigned)req >= ECA_REQ_COUNT || abi->nr[req] < 0)
        return 0;
    const struct eca_req_desc *d = &eca_requests[req];
    uint32_t size = 0;
    uint8_t st = abi->st[req];
    if (st != ECA_ST_NONE) {
        switch (st) {
        case ECA_ST_U32: size = 4; break;
        case ECA_ST_U64: size = 8; break;
        case ECA_ST_SIZE: size = 8; break; /* LP64 */
        default:
            if (st >= ECA_ST_COUNT || !abi->layouts[st]) /* a bad table must not index past layouts[] */
                return 0;
            size = abi->layouts[st]->size;
        }
    }
    /* Linux _IOC layout on x86_64 and arm64: dir(2) size(14) type(8) nr(8). */
    return ((uint32_t)d->dir << 30) | ((size & 0x3fffu) << 16) |
           ((uint32_t)ECA_IOCTL_TYPE << 8) | ((uint32_t)abi->nr[req] & 0xffu);
}

enum eca_req eca_req_of_code(const struct eca_abi *abi, uint32_t code)
{
    if (!abi || ((code >> 8) & 0xffu) != ECA_IOCTL_TYPE)
        return ECA_REQ_COUNT;
    int16_t nr = (int16_t)(code & 0xffu);
    for (unsigned r = 0; r < ECA_REQ_COUNT; r++) {
        if (abi->nr[r] == nr)
            return eca_code(abi, (enum eca_req)r) == code ? (enum eca_req)r : ECA_REQ_COUNT;
    }
    return ECA_REQ_COUNT;
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

const struct eca_abi *eca_abi_by_id(const char *id)
{
    for (unsigned i = 0; eca_abis[i]; i++)
        if (streq(eca_abis[i]->id, id))
            return eca_abis[i];
    return NULL;
}

const struct eca_abi *eca_abi_by_magic(uint32_t magic, unsigned devices)
{
    for (unsigned i = 0; eca_abis[i]; i++)
        if (eca_abis[i]->magic == magic && eca_abis[i]->devices == devices)
            return eca_abis[i];
    return NULL;
}

int eca_offset(const struct eca_layout *l, unsigned field, unsigned pi, unsigned ei)
{
    if (!l || field >= l->field_count)
        return -1;
    const struct eca_field *f = &l->fields[field];
    if (!(f->flags & ECA_FIELD_PRESENT) || ei >= f->count)
        return -1;
    int off = f->offset + (int)(ei * f->elem_size);
    if (f->parent != ECA_NO_PARENT) {
        const struct eca_field *p = &l->fields[f->parent];
        if (!(p->flags & ECA_FIELD_PRESENT) || pi >= p->count)
            return -1;
        off += p->offset + (int)(pi * p->elem_size);
    } else if (pi != 0) {
        return -1;
    }
    return off;
}

unsigned eca_size(const struct eca_layout *l, unsigned field)
{
    if (!l || field >= l->field_count || !(l->fields[field].flags & ECA_FIELD_PRESENT))
        return 0;
    return l->fields[field].size;
}

uint64_t eca_get(const void *buf, const struct eca_layout *l, unsigned field, unsigned pi, unsigned ei)
{
    if (!l || field >= l->field_count)
        return 0;
    const struct eca_field *f = &l->fields[field];
    const uint8_t *p = (const uint8_t *)buf;
    uint64_t v = 0;
    if (f->bit_width) {
        /* Bit-fields sit at an absolute bit position of the struct (no parent, no array).
         * Read the bytes that hold them at once: this runs in the cyclic thread (SC_STATE). */
        if (!(f->flags & ECA_FIELD_PRESENT) || pi || ei)
            return 0;
        unsigned shift = f->bit_offset % 8u, width = f->bit_width;
        unsigned nbytes = (shift + width + 7u) / 8u;
        if (nbytes > 8) { /* wider than a 64-bit window: bit by bit */
            for (unsigned b = 0; b < width; b++) {
                unsigned bit = f->bit_offset + b;
                v |= (uint64_t)((p[bit / 8] >> (bit % 8)) & 1u) << b;
            }
            return v;
        }
        const uint8_t *q = p + f->bit_offset / 8u;
        for (unsigned i = 0; i < nbytes; i++)
            v |= (uint64_t)q[i] << (8 * i);
        v >>= shift;
        return width >= 64 ? v : v & ((((uint64_t)1) << width) - 1u);
    }
    int off = eca_offset(l, field, pi, ei);
    if (off < 0)
        return 0;
    unsigned n = f->elem_size;
    if (n > 8)
        return 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[off + (int)i] << (8 * i);
    if ((f->flags & ECA_FIELD_SIGNED) && n < 8 && (v >> (8 * n - 1)) & 1u)
        v |= ~(uint64_t)0 << (8 * n); /* sign-extend so a cast to int64_t gives the value */
    return v;
}

void eca_put(void *buf, const struct eca_layout *l, unsigned field, unsigned pi, unsigned ei, uint64_t value)
{
    int off = eca_offset(l, field, pi, ei);
    if (off < 0)
        return;
    const struct eca_field *f = &l->fields[field];
    uint8_t *p = (uint8_t *)buf;
    if (f->bit_width) {
        for (unsigned b = 0; b < f->bit_width; b++) {
            unsigned bit = f->bit_offset + b;
            uint8_t mask = (uint8_t)(1u << (bit % 8));
            if ((value >> b) & 1u)
                p[bit / 8] |= mask;
            else
                p[bit / 8] &= (uint8_t)~mask;
        }
        return;
    }
    unsigned n = f->elem_size;
    if (n > 8)
        return;
    for (unsigned i = 0; i < n; i++)
        p[off + (int)i] = (uint8_t)(value >> (8 * i));
}

void *eca_ptr(void *buf, const struct eca_layout *l, unsigned field, unsigned pi)
{
    int off = eca_offset(l, field, pi, 0);
    return off < 0 ? NULL : (uint8_t *)buf + off;
}

const void *eca_cptr(const void *buf, const struct eca_layout *l, unsigned field, unsigned pi)
{
    int off = eca_offset(l, field, pi, 0);
    return off < 0 ? NULL : (const uint8_t *)buf + off;
}
