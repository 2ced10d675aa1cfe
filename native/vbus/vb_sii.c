/* SPDX-License-Identifier: MIT */
/*
 * SII parsing as a master does it at scan time (layouts from ETG.2010; behaviour from
 * IgH's observable results: which sizes it rejects, where it stops, what it keeps).
 * The SII is handled as little-endian bytes, exactly as it sits in the EEPROM.
 */
#include "vb_sii.h"

static uint16_t word_at(const uint8_t *b, unsigned nwords, unsigned w)
{
    return w < nwords ? vb_le16(b + 2u * w) : 0xffff;
}

unsigned vb_sii_size(const uint8_t *bytes, unsigned nwords)
{
    unsigned cat = VB_SII_FIRST_CATEGORY;
    for (;;) {
        uint16_t type = word_at(bytes, nwords, cat);
        if (type == VB_SII_CAT_END)
            return cat + 1;
        unsigned next = cat + 2u + word_at(bytes, nwords, cat + 1);
        if (next >= VB_SII_MAX_WORDS)
            return VB_SII_FIRST_CATEGORY; /* no END marker: IgH cuts the categories off */
        cat = next;
    }
}

static const char *string_at(const struct vb_sii_info *info, unsigned index)
{
    if (!index || index > info->string_count)
        return "";
    return info->strings[index - 1];
}

static int fail(struct vb_sii_info *info, int step, unsigned word, const char *what, unsigned v)
{
    info->error = step;
    vb_fmt(info->error_text, sizeof info->error_text, "SII word 0x%04x: %s (%u)", word, what, v);
    return -EINVAL;
}

static int parse_strings(struct vb_sii_info *info, const uint8_t *d, unsigned size, unsigned word,
                         struct vb_arena *a)
{
    if (size < 1)
        return fail(info, 1, word, "empty STRINGS category", 0);
    unsigned count = d[0], off = 1;
    const char **strings = vb_arena_alloc(a, (count ? count : 1) * sizeof *strings);
    if (!strings)
        return -ENOMEM;
    for (unsigned i = 0; i < count; i++) {
        if (off >= size || off + 1u + d[off] > size)
            return fail(info, 1, word, "string runs past the STRINGS category, string", i + 1);
        strings[i] = vb_arena_strndup(a, d + off + 1, d[off]);
        if (!strings[i])
            return -ENOMEM;
        off += 1u + d[off];
    }
    info->strings = strings;
    info->string_count = (uint8_t)count;
    return 0;
}

static int parse_general(struct vb_sii_info *info, const uint8_t *d, unsigned size, unsigned word)
{
    if (size != 32)
        return fail(info, 2, word, "GENERAL category size is not 32 bytes", size);
    info->group = string_at(info, d[0]);
    info->image = string_at(info, d[1]);
    info->order = string_at(info, d[2]);
    info->name = string_at(info, d[3]);
    for (unsigned i = 0; i < 4; i++)
        info->physical_layer[i] = (uint8_t)((d[4] >> (2 * i)) & 0x03);
    info->coe_details = d[5] & 0x3f;
    info->general_flags = d[11] & 0x03;
    info->current_on_ebus = (int16_t)vb_le16(d + 12);
    info->has_general = 1;
    return 0;
}

static int parse_syncs(struct vb_sii_info *info, const uint8_t *d, unsigned size, unsigned word)
{
    if (size % 8)
        return fail(info, 3, word, "SYNCM category size is not a multiple of 8 bytes", size);
    unsigned count = size / 8;
    if (info->sync_count + count > VB_MAX_SYNCS)
        return fail(info, 3, word, "more sync managers than a master handles", info->sync_count + count);
    for (unsigned i = 0; i < count; i++, d += 8) {
        struct vb_sync *s = &info->syncs[info->sync_count++];
        s->physical_start_address = vb_le16(d);
        s->default_length = vb_le16(d + 2);
        s->control_register = d[4];
        s->enable = d[6];
        s->pdo_count = 0;
        s->pdos = NULL;
    }
    return 0;
}

static struct vb_pdo *copy_pdo(const struct vb_pdo *src, struct vb_arena *a)
{
    struct vb_pdo *p = vb_arena_alloc(a, sizeof *p);
    if (!p)
        return NULL;
    *p = *src;
    p->next = NULL;
    if (src->entry_count) {
        p->entries = vb_arena_alloc(a, src->entry_count * sizeof *p->entries);
        if (!p->entries)
            return NULL;
        ecat_memcpy(p->entries, src->entries, src->entry_count * sizeof *p->entries);
    }
    return p;
}

void vb_sii_set_sync_pdos(struct vb_sync *sync, struct vb_pdo *pdos)
{
    sync->pdos = pdos;
    sync->pdo_count = 0;
    for (struct vb_pdo *p = pdos; p; p = p->next)
        sync->pdo_count++;
}

static void append(struct vb_pdo **head, struct vb_pdo *p)
{
    while (*head)
        head = &(*head)->next;
    *head = p;
}

static int parse_pdos(struct vb_sii_info *info, const uint8_t *d, unsigned size, unsigned word, uint8_t dir,
                      struct vb_arena *a)
{
    while (size >= 8) {
        struct vb_pdo *p = vb_arena_alloc(a, sizeof *p);
        if (!p)
            return -ENOMEM;
        p->index = vb_le16(d);
        p->entry_count = d[2];
        p->sync_index = (int8_t)d[3];
        p->name = string_at(info, d[5]);
        p->dir = dir;
        d += 8;
        size -= 8;
        if ((unsigned)p->entry_count * 8u > size)
            return fail(info, 4, word, "PDO entries run past the PDO category, PDO index", p->index);
        if (p->entry_count) {
            p->entries = vb_arena_alloc(a, p->entry_count * sizeof *p->entries);
            if (!p->entries)
                return -ENOMEM;
        }
        for (unsigned i = 0; i < p->entry_count; i++, d += 8, size -= 8) {
            struct vb_pdo_entry *e = &p->entries[i];
            e->index = vb_le16(d);
            e->subindex = d[2];
            e->name = string_at(info, d[3]);
            e->bit_length = d[5];
        }
        append(&info->pdos, p);
        if (p->sync_index >= 0) {
            if (p->sync_index >= info->sync_count)
                return fail(info, 4, word, "PDO assigned to a missing sync manager, PDO index", p->index);
            struct vb_pdo *c = copy_pdo(p, a);
            if (!c)
                return -ENOMEM;
            struct vb_sync *s = &info->syncs[p->sync_index];
            append(&s->pdos, c);
            s->pdo_count++;
        }
    }
    return 0;
}

static void parse_fmmus(struct vb_sii_info *info, const uint8_t *d, unsigned size)
{
    for (unsigned i = 0; i < size && info->fmmu_count < VB_MAX_FMMUS; i++)
        info->fmmu_usage[info->fmmu_count++] = d[i];
}

static void parse_dc(struct vb_sii_info *info, const uint8_t *d, unsigned size)
{
    for (; size >= 24 && info->dc_count < VB_MAX_DC_SYNCS; d += 24, size -= 24) {
        struct vb_dc_sync *s = &info->dc[info->dc_count++];
        s->cycle_time0 = vb_le32(d);
        s->shift_time0 = vb_le32(d + 4);
        s->shift_time1 = vb_le32(d + 8);
        s->sync1_factor = (int16_t)vb_le16(d + 12);
        s->assign_activate = vb_le16(d + 14);
        s->sync0_factor = (int16_t)vb_le16(d + 16);
    }
}

int vb_sii_parse(struct vb_sii_info *info, const uint8_t *b, unsigned nwords, struct vb_arena *a)
{
    ecat_memset(info, 0, sizeof *info);
    info->group = info->image = info->order = info->name = "";
    if (nwords < VB_SII_FIRST_CATEGORY)
        return fail(info, 5, 0, "SII shorter than its fixed header, words", nwords);

    info->alias = word_at(b, nwords, 0x04);
    info->vendor_id = vb_le32(b + 2 * 0x08);
    info->product_code = vb_le32(b + 2 * 0x0a);
    info->revision_number = vb_le32(b + 2 * 0x0c);
    info->serial_number = vb_le32(b + 2 * 0x0e);
    info->boot_rx_mailbox_offset = word_at(b, nwords, 0x14);
    info->boot_rx_mailbox_size = word_at(b, nwords, 0x15);
    info->boot_tx_mailbox_offset = word_at(b, nwords, 0x16);
    info->boot_tx_mailbox_size = word_at(b, nwords, 0x17);
    info->std_rx_mailbox_offset = word_at(b, nwords, 0x18);
    info->std_rx_mailbox_size = word_at(b, nwords, 0x19);
    info->std_tx_mailbox_offset = word_at(b, nwords, 0x1a);
    info->std_tx_mailbox_size = word_at(b, nwords, 0x1b);
    info->mailbox_protocols = word_at(b, nwords, 0x1c);
    if (info->boot_rx_mailbox_offset == 0xffff || info->boot_tx_mailbox_offset == 0xffff ||
        info->std_rx_mailbox_offset == 0xffff || info->std_tx_mailbox_offset == 0xffff) {
        /* an unprogrammed header: IgH discards every mailbox setting */
        info->boot_rx_mailbox_offset = info->boot_rx_mailbox_size = 0;
        info->boot_tx_mailbox_offset = info->boot_tx_mailbox_size = 0;
        info->std_rx_mailbox_offset = info->std_rx_mailbox_size = 0;
        info->std_tx_mailbox_offset = info->std_tx_mailbox_size = 0;
        info->mailbox_protocols = 0;
    }
    if (nwords == VB_SII_FIRST_CATEGORY)
        return 0; /* no category data at all */

    unsigned cat = VB_SII_FIRST_CATEGORY;
    while (word_at(b, nwords, cat) != VB_SII_CAT_END) {
        if (cat + 2u > nwords)
            return fail(info, 6, cat, "category header incomplete, words", nwords);
        unsigned type = word_at(b, nwords, cat) & 0x7fffu;
        unsigned size = word_at(b, nwords, cat + 1);
        if (cat + 2u + size > nwords)
            return fail(info, 6, cat, "category data incomplete, size in words", size);
        const uint8_t *d = b + 2u * (cat + 2u);
        unsigned bytes = size * 2u;
        int r = 0;
        switch (type) {
        case VB_SII_CAT_STRINGS: r = parse_strings(info, d, bytes, cat, a); break;
        case VB_SII_CAT_GENERAL: r = parse_general(info, d, bytes, cat); break;
        case VB_SII_CAT_FMMU: parse_fmmus(info, d, bytes); break;
        case VB_SII_CAT_SYNCM: r = parse_syncs(info, d, bytes, cat); break;
        case VB_SII_CAT_TXPDO: r = parse_pdos(info, d, bytes, cat, 2, a); break;
        case VB_SII_CAT_RXPDO: r = parse_pdos(info, d, bytes, cat, 1, a); break;
        case VB_SII_CAT_DC: parse_dc(info, d, bytes); break;
        default: break; /* unknown categories are skipped, as by IgH */
        }
        if (r)
            return r;
        cat += 2u + size;
        if (cat >= nwords)
            return fail(info, 6, cat, "next category header missing, words", nwords);
    }
    return 0;
}
