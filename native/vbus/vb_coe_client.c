/* SPDX-License-Identifier: MIT */
/*
 * The master's SDO client: the frame sequence and the error numbers of IgH's blocking
 * SDO upload/download (facts taken from its observable behaviour: expedited up to 4 bytes,
 * a normal initiate carrying as much data as the configured receive mailbox holds, then
 * download segments of at least 7 data bytes, upload segments until the "last" bit).
 * Every frame goes through vb_mbox.c, so the slave's mailbox sizes decide the segmenting.
 */
#include "vb_coe.h"
#include "vb_mbox.h"

struct answer {
    uint8_t *buf;
    size_t cap;
    size_t n;
};

/* Send the prepared request and fetch the CoE answer; checks what IgH checks first. */
static int exchange(struct vbus *vb, struct vb_slave *s, size_t n, struct answer *a, uint32_t *abort_code)
{
    int r = vb_mbox_send(vb, s, VB_MBOX_TYPE_COE, n);
    if (r)
        return r;
    uint8_t type;
    r = vb_mbox_receive(vb, s, a->buf, a->cap, &type, &a->n);
    if (r)
        return r;
    if (type != VB_MBOX_TYPE_COE || a->n < 6)
        return -EIO;
    const uint8_t *d = a->buf;
    if ((vb_le16(d) >> 12) == COE_SDO_REQUEST && (d[2] >> 5) == 4) {
        if (a->n >= COE_SDO_HEADER)
            *abort_code = vb_le32(d + 6);
        return -EIO; /* aborted by the slave */
    }
    return 0;
}

static int alloc_answer(const struct vb_slave *s, struct answer *a)
{
    a->cap = s->cfg_tx_size > VB_MBOX_HEADER ? s->cfg_tx_size - VB_MBOX_HEADER : 0;
    a->n = 0;
    a->buf = a->cap ? ecat_port_zalloc(a->cap) : NULL;
    return a->buf ? 0 : (a->cap ? -ENOMEM : -EIO);
}

int vb_sdo_upload(struct vbus *vb, struct vb_slave *s, uint16_t index, uint8_t subindex, uint8_t **data,
                  size_t *size, uint32_t *abort_code)
{
    *data = NULL;
    *size = 0;
    *abort_code = 0;
    if (!(s->sii.mailbox_protocols & VB_MBOX_COE))
        return -EPROTONOSUPPORT;
    if (vb_mbox_payload_cap(s) < COE_SDO_HEADER)
        return -EOVERFLOW; /* the request does not fit the mailbox */
    struct answer a;
    int r = alloc_answer(s, &a);
    if (r)
        return r;

    uint8_t *q = vb_mbox_payload(s);
    vb_put16(q, COE_SDO_REQUEST << 12);
    q[2] = 0x40; /* initiate upload */
    vb_put16(q + 3, index);
    q[5] = subindex;
    vb_put32(q + 6, 0);
    uint8_t *buf = NULL;
    size_t got = 0, total = 0;
    if ((r = exchange(vb, s, COE_SDO_HEADER, &a, abort_code)) != 0)
        goto out;
    const uint8_t *d = a.buf;
    if ((vb_le16(d) >> 12) != COE_SDO_RESPONSE || (d[2] >> 5) != 2 || vb_le16(d + 3) != index ||
        d[5] != subindex) {
        r = -EIO;
        goto out;
    }
    if (d[2] & 0x02) { /* expedited */
        total = (d[2] & 0x01) ? 4u - ((d[2] >> 2) & 3u) : 4u;
        if (a.n < 6 + total) {
            r = -EIO;
            goto out;
        }
        buf = ecat_port_zalloc(total);
        if (!buf) {
            r = -ENOMEM;
            goto out;
        }
        ecat_memcpy(buf, d + 6, total);
        got = total;
    } else {
        if (a.n < COE_SDO_HEADER) {
            r = -EIO;
            goto out;
        }
        total = vb_le32(d + 6);
        if (total > VB_SDO_MAX) {
            r = -ENOMEM;
            goto out;
        }
        buf = ecat_port_zalloc(total ? total : 1);
        if (!buf) {
            r = -ENOMEM;
            goto out;
        }
        got = a.n - COE_SDO_HEADER;
        if (got > total)
            got = total;
        ecat_memcpy(buf, d + COE_SDO_HEADER, got);
        uint8_t toggle = 0;
        int last = got >= total;
        /* each round moves at least one byte or ends, so total + 1 rounds bound the loop */
        for (size_t round = 0; !last && round <= total; round++) {
            vb_put16(q, COE_SDO_REQUEST << 12);
            q[2] = (uint8_t)(0x60 | (toggle << 4)); /* upload segment request */
            ecat_memset(q + 3, 0, 7);
            if ((r = exchange(vb, s, COE_SDO_HEADER, &a, abort_code)) != 0)
                goto out;
            if (a.n < COE_SDO_HEADER || (vb_le16(d) >> 12) != COE_SDO_RESPONSE || (d[2] >> 5) != 0) {
                r = -EIO;
                goto out;
            }
            size_t seg = a.n - COE_SEG_HEADER;
            if (a.n == COE_SDO_HEADER)
                seg -= (d[2] >> 1) & 7u;
            if (got + seg > total) {
                r = -ENOBUFS; /* fragment beyond the announced size */
                goto out;
            }
            ecat_memcpy(buf + got, d + COE_SEG_HEADER, seg);
            got += seg;
            last = d[2] & 0x01;
            toggle ^= 1u;
        }
        if (!last) {
            r = -EIO;
            goto out;
        }
    }
    *data = got ? buf : NULL;
    *size = got;
    if (!got)
        ecat_port_free(buf);
    buf = NULL;
out:
    if (buf)
        ecat_port_free(buf);
    ecat_port_free(a.buf);
    return r;
}

int vb_sdo_download(struct vbus *vb, struct vb_slave *s, uint16_t index, uint8_t subindex, int complete_access,
                    const uint8_t *data, size_t size, uint32_t *abort_code)
{
    *abort_code = 0;
    if (!(s->sii.mailbox_protocols & VB_MBOX_COE))
        return -EPROTONOSUPPORT;
    size_t cap = vb_mbox_payload_cap(s);
    if (cap < COE_SDO_HEADER)
        return -ENOBUFS; /* "mailbox too small" */
    struct answer a;
    int r = alloc_answer(s, &a);
    if (r)
        return r;

    uint8_t ca = complete_access ? 0x10 : 0x00;
    uint8_t sub = complete_access ? 0 : subindex;
    uint8_t *q = vb_mbox_payload(s);
    size_t n, offset;
    vb_put16(q, COE_SDO_REQUEST << 12);
    vb_put16(q + 3, index);
    q[5] = sub;
    if (size >= 1 && size <= 4) {
        q[2] = (uint8_t)(0x23 | ((4u - size) << 2) | ca); /* expedited, size indicated */
        ecat_memset(q + 6, 0, 4);
        ecat_memcpy(q + 6, data, size);
        n = COE_SDO_HEADER;
        offset = size;
    } else {
        q[2] = (uint8_t)(0x21 | ca); /* normal, size indicated */
        vb_put32(q + 6, (uint32_t)size);
        offset = size < cap - COE_SDO_HEADER ? size : cap - COE_SDO_HEADER;
        ecat_memcpy(q + COE_SDO_HEADER, data, offset);
        n = COE_SDO_HEADER + offset;
    }
    const uint8_t *d = a.buf;
    if ((r = exchange(vb, s, n, &a, abort_code)) != 0)
        goto out;
    if ((vb_le16(d) >> 12) != COE_SDO_RESPONSE || (d[2] >> 5) != 3 || vb_le16(d + 3) != index || d[5] != sub) {
        r = -EIO;
        goto out;
    }
    uint8_t toggle = 0;
    while (offset < size) {
        size_t room = cap - COE_SEG_HEADER;
        size_t seg = size - offset < room ? size - offset : room;
        int last = offset + seg == size;
        size_t unused = seg < COE_SEG_MIN_DATA ? COE_SEG_MIN_DATA - seg : 0;
        vb_put16(q, COE_SDO_REQUEST << 12);
        q[2] = (uint8_t)((last ? 1u : 0u) | (unused << 1) | (toggle << 4)); /* download segment */
        ecat_memcpy(q + COE_SEG_HEADER, data + offset, seg);
        ecat_memset(q + COE_SEG_HEADER + seg, 0, unused);
        if ((r = exchange(vb, s, COE_SEG_HEADER + seg + unused, &a, abort_code)) != 0)
            goto out;
        if ((vb_le16(d) >> 12) != COE_SDO_RESPONSE || (d[2] >> 5) != 1 || ((d[2] >> 4) & 1u) != toggle) {
            r = -EIO;
            goto out;
        }
        offset += seg;
        toggle ^= 1u;
    }
out:
    ecat_port_free(a.buf);
    return r;
}
