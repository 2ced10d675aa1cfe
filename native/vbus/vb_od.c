/* SPDX-License-Identifier: MIT */
/*
 * Object dictionary lookups and the value checks of a CoE server (see vb_od.h).
 * Range checks compare integers, and REAL32/REAL64 through an order-preserving integer
 * key of their bit patterns, so no floating point is needed.
 */
#include "vb_od.h"

int vb_od_state_column(uint8_t al_state)
{
    switch (al_state & 0x0f) {
    case 2: return 0; /* PREOP */
    case 4: return 1; /* SAFEOP */
    case 8: return 2; /* OP */
    default: return -1;
    }
}

const struct vb_object *vb_od_find(const struct vb_od *od, uint16_t index)
{
    unsigned lo = 0, hi = od->count;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        uint16_t k = od->objects[mid].index;
        if (k == index)
            return &od->objects[mid];
        if (k < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

struct vb_entry *vb_od_entry(const struct vb_object *obj, uint8_t subindex)
{
    unsigned lo = 0, hi = obj->entry_count;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        uint8_t k = obj->entries[mid].subindex;
        if (k == subindex)
            return &obj->entries[mid];
        if (k < subindex)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

int vb_od_variable_length(uint16_t data_type)
{
    /* VISIBLE_STRING, OCTET_STRING, UNICODE_STRING, DOMAIN */
    return data_type == 0x0009 || data_type == 0x000a || data_type == 0x000b || data_type == 0x000f;
}

uint32_t vb_od_check_read(const struct vb_entry *e, uint8_t al_state)
{
    int col = vb_od_state_column(al_state);
    if (col >= 0 && (e->access & (VB_ACC_RD_PREOP << col)))
        return 0;
    return (e->access & VB_ACC_RD_ANY) ? VB_ABORT_STATE : VB_ABORT_WRITE_ONLY;
}

uint32_t vb_od_check_write(const struct vb_entry *e, uint8_t al_state)
{
    int col = vb_od_state_column(al_state);
    if (col >= 0 && (e->access & (VB_ACC_WR_PREOP << col)))
        return 0;
    return (e->access & VB_ACC_WR_ANY) ? VB_ABORT_STATE : VB_ABORT_READ_ONLY;
}

enum vb_kind { VB_K_RAW, VB_K_UNSIGNED, VB_K_SIGNED, VB_K_REAL };

static enum vb_kind type_kind(uint16_t t)
{
    switch (t) {
    case 0x0002: case 0x0003: case 0x0004: case 0x0010:
    case 0x0012: case 0x0013: case 0x0014: case 0x0015:
        return VB_K_SIGNED;
    case 0x0001: case 0x0005: case 0x0006: case 0x0007: case 0x0016:
    case 0x0018: case 0x0019: case 0x001a: case 0x001b:
        return VB_K_UNSIGNED;
    case 0x0008: case 0x0011:
        return VB_K_REAL;
    default:
        if (t >= 0x0030 && t <= 0x0037) /* BIT1 .. BIT8 */
            return VB_K_UNSIGNED;
        return VB_K_RAW;
    }
}

/* Order-preserving unsigned key of an IEEE-754 bit pattern of `bits` width (32 or 64). */
static uint64_t real_key(uint64_t raw, unsigned bits)
{
    uint64_t sign = (uint64_t)1 << (bits - 1);
    uint64_t mask = bits == 64 ? ~(uint64_t)0 : (sign << 1) - 1;
    raw &= mask;
    return (raw & sign) ? (~raw & mask) : (raw | sign);
}

/* Signed comparison of a < b when both are sign-extended 64-bit patterns. */
static int s_less(uint64_t a, uint64_t b)
{
    return (int64_t)a < (int64_t)b;
}

uint32_t vb_od_check_value(const struct vb_entry *e, const uint8_t *data, size_t n)
{
    if (vb_od_variable_length(e->data_type))
        return n > e->cap ? VB_ABORT_LENGTH_HIGH : 0;
    if (n > e->cap)
        return VB_ABORT_LENGTH_HIGH;
    if (n < e->cap)
        return VB_ABORT_LENGTH_LOW;

    enum vb_kind kind = type_kind(e->data_type);
    if (kind == VB_K_RAW || n > 8)
        return 0;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v |= (uint64_t)data[i] << (8 * i);
    unsigned bits = e->bit_length;
    if (bits < 64 && (v >> bits) != 0 && kind != VB_K_SIGNED)
        return VB_ABORT_RANGE; /* bits beyond the declared length (e.g. BOOLEAN 2) */
    if (e->data_type == 0x0001 && v > 1)
        return VB_ABORT_RANGE;

    int has_min = e->flags & VB_EF_HAS_MIN, has_max = e->flags & VB_EF_HAS_MAX;
    if (!has_min && !has_max)
        return 0;
    uint64_t lo = e->min, hi = e->max;
    if (kind == VB_K_SIGNED) {
        if (bits < 64 && bits > 0 && ((v >> (bits - 1)) & 1u))
            v |= ~(uint64_t)0 << bits; /* sign-extend the stored width */
        if (has_min && s_less(v, lo))
            return VB_ABORT_TOO_LOW;
        if (has_max && s_less(hi, v))
            return VB_ABORT_TOO_HIGH;
        return 0;
    }
    if (kind == VB_K_REAL) {
        unsigned w = n == 4 ? 32 : 64;
        v = real_key(v, w);
        lo = real_key(lo, w);
        hi = real_key(hi, w);
    }
    if (has_min && v < lo)
        return VB_ABORT_TOO_LOW;
    if (has_max && v > hi)
        return VB_ABORT_TOO_HIGH;
    return 0;
}

void vb_od_store(struct vb_entry *e, const uint8_t *data, size_t n)
{
    if (n > e->cap)
        n = e->cap;
    if (n)
        ecat_memcpy(e->value, data, n);
    if (vb_od_variable_length(e->data_type)) {
        if (e->cap > n)
            ecat_memset(e->value + n, 0, e->cap - n);
        e->len = (uint16_t)n;
    } else {
        if (e->cap > n)
            ecat_memset(e->value + n, 0, e->cap - n);
        e->len = e->cap;
    }
}

/* Copy `bits` bits starting at bit `off` of src to dst (bit 0 on), LSB first. */
static void bits_get(uint8_t *dst, const uint8_t *src, size_t off, unsigned bits)
{
    if ((off & 7u) == 0 && (bits & 7u) == 0) {
        ecat_memcpy(dst, src + off / 8, bits / 8);
        return;
    }
    ecat_memset(dst, 0, (bits + 7u) / 8);
    for (unsigned b = 0; b < bits; b++) {
        size_t s = off + b;
        if ((src[s / 8] >> (s % 8)) & 1u)
            dst[b / 8] |= (uint8_t)(1u << (b % 8));
    }
}

size_t vb_od_ca_size(const struct vb_object *obj, unsigned count)
{
    size_t bits = 16; /* subindex 0 travels as 16 bits */
    for (unsigned i = 0; i < obj->entry_count; i++) {
        const struct vb_entry *e = &obj->entries[i];
        if (e->subindex >= 1 && e->subindex <= count)
            bits += e->bit_length;
    }
    return (bits + 7u) / 8;
}

uint32_t vb_od_ca_write(const struct vb_object *obj, uint8_t al_state, const uint8_t *data, size_t n)
{
    if (obj->object_code == VB_OBJ_VAR)
        return VB_ABORT_NO_COMPLETE_ACCESS;
    struct vb_entry *si0 = vb_od_entry(obj, 0);
    if (!si0 || n < 2)
        return si0 ? VB_ABORT_LENGTH : VB_ABORT_NO_SUBINDEX;
    unsigned count = data[0];
    if (count > obj->max_subindex)
        return VB_ABORT_TOO_HIGH;
    uint32_t abort = vb_od_check_write(si0, al_state);
    if (abort && !(si0->len >= 1 && si0->value[0] == count))
        return abort; /* a read-only subindex 0 may only be "written" with its own value */
    for (unsigned s = 1; s <= count; s++) {
        struct vb_entry *e = vb_od_entry(obj, (uint8_t)s);
        if (!e)
            return VB_ABORT_NO_SUBINDEX;
        if ((abort = vb_od_check_write(e, al_state)) != 0)
            return abort;
    }
    if (n != vb_od_ca_size(obj, count))
        return VB_ABORT_LENGTH;

    /* Check every value before storing any, so an abort leaves the object unchanged. */
    unsigned maxcap = 1;
    for (unsigned i = 0; i < obj->entry_count; i++)
        if (obj->entries[i].cap > maxcap)
            maxcap = obj->entries[i].cap;
    uint8_t *tmp = ecat_port_zalloc(maxcap);
    if (!tmp)
        return VB_ABORT_NO_MEMORY;
    for (int pass = 0; pass < 2; pass++) {
        size_t off = 16;
        for (unsigned s = 1; s <= count; s++) {
            struct vb_entry *e = vb_od_entry(obj, (uint8_t)s);
            bits_get(tmp, data, off, e->bit_length);
            off += e->bit_length;
            if (pass == 0) {
                abort = vb_od_check_value(e, tmp, e->cap);
                if (abort)
                    goto out;
            } else {
                vb_od_store(e, tmp, e->cap);
            }
        }
        if (pass == 0 && (abort = vb_od_check_value(si0, data, 1)) != 0)
            goto out;
    }
    vb_od_store(si0, data, 1);
out:
    ecat_port_free(tmp);
    return abort;
}

void vb_od_free(struct vb_od *od)
{
    vb_arena_free(&od->arena);
    od->objects = NULL;
    od->count = 0;
}
