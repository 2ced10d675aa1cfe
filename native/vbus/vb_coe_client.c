/* SPDX-License-Identifier: MIT */
/*
 * The master's SDO client: the frame sequence and the error numbers of IgH's CoE state
 * machine (facts taken from its observable behaviour: expedited up to 4 bytes, a normal
 * initiate carrying as much data as the configured receive mailbox holds, then download
 * segments of at least 7 data bytes, upload segments until the "last" bit).
 *
 * It is a stepper (struct vb_xfer in vb_app.h): each vb_xfer_step moves one mailbox
 * datagram (write the request to SM0, check SM1, fetch the answer), so after activation
 * the operation-phase master advances transfers one frame per application cycle. The
 * blocking API of vb_coe.h runs the steps back to back, as IgH's idle thread does.
 * Every frame goes through vb_mbox.c, so the slave's mailbox sizes decide the segmenting.
 * The answer lands in the slave's master-side buffer; only an upload allowed to grow its
 * target allocates.
 */
#include "vb_app.h"
#include "vb_coe.h"
#include "vb_mbox.h"

enum { PH_SEND, PH_CHECK, PH_FETCH };

void vb_xfer_upload(struct vb_xfer *x, uint16_t index, uint8_t subindex, uint8_t *buf, size_t cap, int grow)
{
    ecat_memset(x, 0, sizeof *x);
    x->busy = 1;
    x->upload = 1;
    x->index = index;
    x->subindex = subindex;
    x->data = buf;
    x->cap = buf ? cap : 0;
    x->grow = grow ? 1 : 0;
}

void vb_xfer_download(struct vb_xfer *x, uint16_t index, uint8_t subindex, int complete_access,
                      const uint8_t *data, size_t size)
{
    ecat_memset(x, 0, sizeof *x);
    x->busy = 1;
    x->complete_access = complete_access ? 1 : 0;
    x->index = index;
    x->subindex = complete_access ? 0 : subindex;
    x->data = (uint8_t *)(uintptr_t)data;
    x->size = size;
}

void vb_xfer_release(struct vb_xfer *x)
{
    if (x->owned && x->data)
        ecat_port_free(x->data);
    x->data = NULL;
    x->owned = 0;
}

static int finish(struct vb_xfer *x, int result)
{
    x->busy = 0;
    x->result = result;
    return 0;
}

/* The request frame for the present stage, built in the slave's receive mailbox. */
static int build_request(struct vb_slave *s, struct vb_xfer *x)
{
    size_t cap = vb_mbox_payload_cap(s);
    uint8_t *q = vb_mbox_payload(s);
    if (!x->segmented && cap < COE_SDO_HEADER)
        return x->upload ? -EOVERFLOW : -ENOBUFS; /* the request does not fit the mailbox */
    vb_put16(q, COE_SDO_REQUEST << 12);
    if (x->upload) {
        if (!x->segmented) {
            q[2] = 0x40; /* initiate upload */
            vb_put16(q + 3, x->index);
            q[5] = x->subindex;
            vb_put32(q + 6, 0);
        } else {
            q[2] = (uint8_t)(0x60 | (x->toggle << 4)); /* upload segment request */
            ecat_memset(q + 3, 0, 7);
        }
        x->req_len = COE_SDO_HEADER;
        return 0;
    }
    uint8_t ca = x->complete_access ? 0x10 : 0x00;
    if (!x->segmented) {
        vb_put16(q + 3, x->index);
        q[5] = x->subindex;
        if (x->size >= 1 && x->size <= 4) {
            q[2] = (uint8_t)(0x23 | ((4u - x->size) << 2) | ca); /* expedited, size indicated */
            ecat_memset(q + 6, 0, 4);
            ecat_memcpy(q + 6, x->data, x->size);
            x->req_len = COE_SDO_HEADER;
            x->offset = x->size;
        } else {
            q[2] = (uint8_t)(0x21 | ca); /* normal, size indicated */
            vb_put32(q + 6, (uint32_t)x->size);
            size_t first = x->size < cap - COE_SDO_HEADER ? x->size : cap - COE_SDO_HEADER;
            ecat_memcpy(q + COE_SDO_HEADER, x->data, first);
            x->req_len = COE_SDO_HEADER + first;
            x->offset = first;
        }
        return 0;
    }
    size_t room = cap - COE_SEG_HEADER;
    size_t seg = x->size - x->offset < room ? x->size - x->offset : room;
    int last = x->offset + seg == x->size;
    size_t unused = seg < COE_SEG_MIN_DATA ? COE_SEG_MIN_DATA - seg : 0;
    q[2] = (uint8_t)((last ? 1u : 0u) | (unused << 1) | (x->toggle << 4)); /* download segment */
    ecat_memcpy(q + COE_SEG_HEADER, x->data + x->offset, seg);
    ecat_memset(q + COE_SEG_HEADER + seg, 0, unused);
    x->req_len = COE_SEG_HEADER + seg + unused;
    x->size_last_seg = seg;
    return 0;
}

/* Store upload data; what does not fit a fixed target is counted, not kept. */
static int put_data(struct vb_xfer *x, const uint8_t *src, size_t n)
{
    if (x->size + n > x->total)
        return -ENOBUFS; /* fragment beyond the announced size */
    size_t room = x->size < x->cap ? x->cap - x->size : 0;
    ecat_memcpy(x->data + x->size, src, n < room ? n : room);
    x->size += n;
    return 0;
}

/* Room for `total` upload bytes: grow the target when allowed. */
static int reserve(struct vb_xfer *x, size_t total)
{
    if (total > VB_SDO_MAX)
        return -ENOMEM;
    x->total = total;
    if (total <= x->cap || !x->grow)
        return 0;
    uint8_t *d = ecat_port_zalloc(total);
    if (!d)
        return -ENOMEM;
    if (x->owned && x->data)
        ecat_port_free(x->data);
    x->data = d;
    x->cap = total;
    x->owned = 1;
    return 0;
}

static int handle_answer(struct vb_xfer *x, const uint8_t *d, size_t n)
{
    unsigned scs = d[2] >> 5;
    if ((vb_le16(d) >> 12) == COE_SDO_REQUEST && scs == 4) {
        if (n >= COE_SDO_HEADER)
            x->abort_code = vb_le32(d + 6);
        return finish(x, -EIO); /* aborted by the slave */
    }
    if ((vb_le16(d) >> 12) != COE_SDO_RESPONSE)
        return finish(x, -EIO);
    int r;
    if (x->upload && !x->segmented) {
        if (scs != 2 || vb_le16(d + 3) != x->index || d[5] != x->subindex)
            return finish(x, -EIO);
        if (d[2] & 0x02) { /* expedited */
            size_t total = (d[2] & 0x01) ? 4u - ((d[2] >> 2) & 3u) : 4u;
            if (n < 6 + total)
                return finish(x, -EIO);
            if ((r = reserve(x, total)) != 0 || (r = put_data(x, d + 6, total)) != 0)
                return finish(x, r);
            return finish(x, x->size > x->cap ? -EOVERFLOW : 0);
        }
        if (n < COE_SDO_HEADER)
            return finish(x, -EIO);
        size_t total = vb_le32(d + 6);
        if ((r = reserve(x, total)) != 0)
            return finish(x, r);
        size_t got = n - COE_SDO_HEADER;
        if ((r = put_data(x, d + COE_SDO_HEADER, got < total ? got : total)) != 0)
            return finish(x, r);
        if (x->size >= x->total)
            return finish(x, x->size > x->cap ? -EOVERFLOW : 0);
        x->segmented = 1;
        x->toggle = 0;
        return 1;
    }
    if (x->upload) {
        if (n < COE_SDO_HEADER || scs != 0)
            return finish(x, -EIO);
        size_t seg = n - COE_SEG_HEADER;
        if (n == COE_SDO_HEADER)
            seg -= (d[2] >> 1) & 7u;
        if ((r = put_data(x, d + COE_SEG_HEADER, seg)) != 0)
            return finish(x, r);
        if (d[2] & 0x01)
            return finish(x, x->size > x->cap ? -EOVERFLOW : 0);
        if (++x->rounds > x->total)
            return finish(x, -EIO); /* segments that carry nothing */
        x->toggle ^= 1u;
        return 1;
    }
    if (!x->segmented) {
        if (scs != 3 || vb_le16(d + 3) != x->index || d[5] != x->subindex)
            return finish(x, -EIO);
        if (x->offset >= x->size)
            return finish(x, 0);
        x->segmented = 1;
        x->toggle = 0;
        return 1;
    }
    if (scs != 1 || ((d[2] >> 4) & 1u) != x->toggle)
        return finish(x, -EIO);
    x->offset += x->size_last_seg;
    x->toggle ^= 1u;
    return x->offset >= x->size ? finish(x, 0) : 1;
}

int vb_xfer_step(struct vbus *vb, struct vb_slave *s, struct vb_xfer *x)
{
    if (!x->busy)
        return 0;
    int r;
    switch (x->phase) {
    case PH_SEND:
        if (!x->started && !(s->sii.mailbox_protocols & VB_MBOX_COE))
            return finish(x, -EPROTONOSUPPORT);
        if ((r = build_request(s, x)) != 0)
            return finish(x, r);
        if (!x->started && s->cfg_tx_size <= VB_MBOX_HEADER)
            return finish(x, -EIO); /* no send mailbox configured: no answer can come */
        x->started = 1;
        if ((r = vb_mbox_send(vb, s, VB_MBOX_TYPE_COE, x->req_len)) != 0)
            return finish(x, r);
        x->phase = PH_CHECK;
        return 1;
    case PH_CHECK:
        if (vb_mbox_check(vb, s) <= 0)
            return finish(x, -EIO); /* no answer: IgH would poll until its response timeout */
        x->phase = PH_FETCH;
        return 1;
    default: {
        uint8_t type;
        size_t n;
        size_t cap = s->cfg_tx_size - VB_MBOX_HEADER;
        if (cap > s->mbx_cap)
            cap = s->mbx_cap;
        if ((r = vb_mbox_fetch(vb, s, s->mbx_answer, cap, &type, &n)) != 0)
            return finish(x, r);
        if (type != VB_MBOX_TYPE_COE || n < 6)
            return finish(x, -EIO);
        x->phase = PH_SEND;
        return handle_answer(x, s->mbx_answer, n);
    }
    }
}

/* ---- the blocking API (vb_coe.h) ---- */

int vb_sdo_upload(struct vbus *vb, struct vb_slave *s, uint16_t index, uint8_t subindex, uint8_t **data,
                  size_t *size, uint32_t *abort_code)
{
    struct vb_xfer x;
    vb_xfer_upload(&x, index, subindex, NULL, 0, 1);
    while (vb_xfer_step(vb, s, &x))
        ;
    *abort_code = x.abort_code;
    *data = NULL;
    *size = 0;
    if (x.result || !x.size) {
        vb_xfer_release(&x);
        return x.result;
    }
    *data = x.data;
    *size = x.size;
    return 0;
}

int vb_sdo_download(struct vbus *vb, struct vb_slave *s, uint16_t index, uint8_t subindex, int complete_access,
                    const uint8_t *data, size_t size, uint32_t *abort_code)
{
    struct vb_xfer x;
    vb_xfer_download(&x, index, subindex, complete_access, data, size);
    while (vb_xfer_step(vb, s, &x))
        ;
    *abort_code = x.abort_code;
    return x.result;
}
