/* SPDX-License-Identifier: MIT */
/*
 * The slave's CoE SDO server. Frame layouts are the CoE SDO protocol of ETG.1000.6 (an
 * SDO frame is the CANopen SDO message carried in a mailbox, with data in the initiate
 * frames and segments as large as the mailbox allows). The server checks object,
 * subindex, access in the present AL state, length and value range, and aborts with the
 * matching code; a download is checked completely before any byte is stored.
 */
#include "vb_coe.h"
#include "vb_esc.h"

static size_t put_abort(uint8_t *out, uint16_t index, uint8_t sub, uint32_t code)
{
    vb_put16(out, COE_SDO_REQUEST << 12); /* an abort travels as an SDO request */
    out[2] = 0x80;
    vb_put16(out + 3, index);
    out[5] = sub;
    vb_put32(out + 6, code);
    return COE_SDO_HEADER;
}

static size_t put_download_response(uint8_t *out, uint16_t index, uint8_t sub)
{
    vb_put16(out, COE_SDO_RESPONSE << 12);
    out[2] = 0x60;
    vb_put16(out + 3, index);
    out[5] = sub;
    vb_put32(out + 6, 0);
    return COE_SDO_HEADER;
}

void vb_coe_server_reset(struct vb_slave *s)
{
    if (s->coe.buf)
        ecat_port_free(s->coe.buf);
    ecat_memset(&s->coe, 0, sizeof s->coe);
}

static uint8_t al_state(const struct vb_slave *s)
{
    return vb_esc_al_status(s) & VB_AL_STATE_MASK;
}

#define VB_ABORT_NOT_MAPPABLE 0x06040041u /* object cannot be mapped to the PDO */
#define VB_ABORT_PDO_LENGTH 0x06040042u    /* number and length of mapped objects exceed the PDO */

static int is_rx_pdo(uint16_t index)
{
    return index >= 0x1600 && index <= 0x17ff;
}

static int is_tx_pdo(uint16_t index)
{
    return index >= 0x1a00 && index <= 0x1bff;
}

/* One mapping entry (index << 16 | subindex << 8 | bits) of an RxPDO (rx) or TxPDO. */
static uint32_t check_mapped(const struct vb_slave *s, uint32_t v, int rx)
{
    uint16_t index = (uint16_t)(v >> 16);
    uint8_t sub = (uint8_t)(v >> 8), bits = (uint8_t)v;
    if (!bits)
        return VB_ABORT_NOT_MAPPABLE;
    if (index <= 0x0007)
        return 0; /* a gap (0) or a dummy entry of a standard data type */
    const struct vb_object *o = vb_od_find(&s->od, index);
    const struct vb_entry *e = o ? vb_od_entry(o, sub) : NULL;
    if (!e || !(e->access & (rx ? 0x40 : 0x80)) || e->bit_length != bits)
        return VB_ABORT_NOT_MAPPABLE;
    return 0;
}

/*
 * What a slave checks when its PDO configuration is written: mapping entries must name
 * mappable objects of the PDO's direction with their bit length (0x06040041), the number
 * of entries must fit the mapping object (0x06040042); an assignment must name PDOs the
 * slave has (0x06090030) and fit the assignment object (0x06090031).
 */
static uint32_t check_pdo_write(const struct vb_slave *s, const struct vb_object *obj, uint8_t sub,
                                const uint8_t *d, size_t n)
{
    uint16_t index = obj->index;
    int map = is_rx_pdo(index) || is_tx_pdo(index);
    int assign = index >= 0x1c10 && index <= 0x1c2f;
    if (!map && !assign)
        return 0;
    if (!sub) {
        unsigned count = n ? d[0] : 0;
        if (count > obj->max_subindex)
            return map ? VB_ABORT_PDO_LENGTH : VB_ABORT_TOO_HIGH;
        for (unsigned i = 1; i <= count; i++) {
            const struct vb_entry *e = vb_od_entry(obj, (uint8_t)i);
            if (!e)
                return map ? VB_ABORT_PDO_LENGTH : VB_ABORT_TOO_HIGH;
            if (map && e->cap >= 4) {
                uint32_t a = check_mapped(s, vb_le32(e->value), is_rx_pdo(index));
                if (a)
                    return a;
            }
        }
        return 0;
    }
    if (map)
        return n >= 4 ? check_mapped(s, vb_le32(d), is_rx_pdo(index)) : 0;
    uint16_t pdo = n >= 2 ? vb_le16(d) : 0;
    if (pdo && (!(is_rx_pdo(pdo) || is_tx_pdo(pdo)) || !vb_od_find(&s->od, pdo)))
        return VB_ABORT_RANGE;
    return 0;
}

/* Store a complete download into the dictionary: 0 or an abort code. */
static uint32_t commit(struct vb_slave *s, uint16_t index, uint8_t sub, int ca, const uint8_t *d, size_t n)
{
    const struct vb_object *obj = vb_od_find(&s->od, index);
    if (!obj)
        return VB_ABORT_NO_OBJECT;
    if (ca)
        return vb_od_ca_write(obj, al_state(s), d, n);
    struct vb_entry *e = vb_od_entry(obj, sub);
    if (!e)
        return VB_ABORT_NO_SUBINDEX;
    uint32_t abort = vb_od_check_write(e, al_state(s));
    if (!abort)
        abort = vb_od_check_value(e, d, n);
    if (!abort)
        abort = check_pdo_write(s, obj, sub, d, n);
    if (!abort)
        vb_od_store(e, d, n);
    return abort;
}

/* Upper bound of the bytes a download may announce for its target. */
static uint32_t target_limit(const struct vb_object *obj, const struct vb_entry *e, int ca)
{
    return ca ? (uint32_t)vb_od_ca_size(obj, obj->max_subindex) : e->cap;
}

static size_t download_initiate(struct vb_slave *s, const uint8_t *in, size_t n, uint8_t *out)
{
    uint8_t cmd = in[2];
    uint16_t index = vb_le16(in + 3);
    uint8_t sub = in[5];
    int ca = (cmd >> 4) & 1;
    const struct vb_object *obj = vb_od_find(&s->od, index);
    if (!obj)
        return put_abort(out, index, sub, VB_ABORT_NO_OBJECT);
    struct vb_entry *e = NULL;
    if (ca) {
        if (!(s->fw_coe_details & VB_COE_COMPLETE_ACCESS) || obj->object_code == VB_OBJ_VAR || sub != 0)
            return put_abort(out, index, sub, VB_ABORT_NO_COMPLETE_ACCESS);
    } else {
        e = vb_od_entry(obj, sub);
        if (!e)
            return put_abort(out, index, sub, VB_ABORT_NO_SUBINDEX);
        uint32_t abort = vb_od_check_write(e, al_state(s));
        if (abort)
            return put_abort(out, index, sub, abort);
    }
    if (cmd & 0x02) { /* expedited: 1..4 bytes in the frame */
        size_t size = (cmd & 0x01) ? 4u - ((cmd >> 2) & 3u) : 4u;
        uint32_t abort = commit(s, index, sub, ca, in + 6, size);
        return abort ? put_abort(out, index, sub, abort) : put_download_response(out, index, sub);
    }
    uint32_t total = vb_le32(in + 6);
    size_t first = n - COE_SDO_HEADER;
    if (first > total)
        first = total;
    if (total > target_limit(obj, e, ca))
        return put_abort(out, index, sub, ca ? VB_ABORT_LENGTH : VB_ABORT_LENGTH_HIGH);
    if (first == total) {
        uint32_t abort = commit(s, index, sub, ca, in + COE_SDO_HEADER, total);
        return abort ? put_abort(out, index, sub, abort) : put_download_response(out, index, sub);
    }
    s->coe.buf = ecat_port_zalloc(total);
    if (!s->coe.buf)
        return put_abort(out, index, sub, VB_ABORT_NO_MEMORY);
    ecat_memcpy(s->coe.buf, in + COE_SDO_HEADER, first);
    s->coe.busy = 2;
    s->coe.toggle = 0;
    s->coe.complete_access = (uint8_t)ca;
    s->coe.index = index;
    s->coe.subindex = sub;
    s->coe.offset = (uint32_t)first;
    s->coe.total = total;
    return put_download_response(out, index, sub);
}

static size_t download_segment(struct vb_slave *s, const uint8_t *in, size_t n, uint8_t *out)
{
    uint8_t cmd = in[2];
    uint16_t index = s->coe.index;
    uint8_t sub = s->coe.subindex;
    if (s->coe.busy != 2)
        return put_abort(out, 0, 0, VB_ABORT_COMMAND);
    if (((cmd >> 4) & 1u) != s->coe.toggle) {
        vb_coe_server_reset(s);
        return put_abort(out, index, sub, VB_ABORT_TOGGLE);
    }
    size_t unused = (cmd >> 1) & 7u;
    if (n < COE_SEG_HEADER + unused) {
        vb_coe_server_reset(s);
        return put_abort(out, index, sub, VB_ABORT_COMMAND);
    }
    size_t len = n - COE_SEG_HEADER - unused;
    if (s->coe.offset + len > s->coe.total) {
        uint32_t code = s->coe.complete_access ? VB_ABORT_LENGTH : VB_ABORT_LENGTH_HIGH;
        vb_coe_server_reset(s);
        return put_abort(out, index, sub, code);
    }
    ecat_memcpy(s->coe.buf + s->coe.offset, in + COE_SEG_HEADER, len);
    s->coe.offset += (uint32_t)len;
    uint8_t toggle = s->coe.toggle;
    s->coe.toggle ^= 1u;
    if (cmd & 0x01) { /* last segment */
        uint32_t abort = s->coe.offset == s->coe.total
                             ? commit(s, index, sub, s->coe.complete_access, s->coe.buf, s->coe.total)
                             : (s->coe.complete_access ? VB_ABORT_LENGTH : VB_ABORT_LENGTH_LOW);
        vb_coe_server_reset(s);
        if (abort)
            return put_abort(out, index, sub, abort);
    }
    vb_put16(out, COE_SDO_RESPONSE << 12);
    out[2] = (uint8_t)(0x20 | (toggle << 4));
    ecat_memset(out + 3, 0, 7);
    return COE_SDO_HEADER;
}

static size_t upload_segment_frame(struct vb_slave *s, uint8_t *out, size_t cap)
{
    size_t remaining = s->coe.total - s->coe.offset;
    size_t room = cap - COE_SEG_HEADER;
    size_t seg = remaining < room ? remaining : room;
    int last = seg == remaining;
    size_t unused = seg < COE_SEG_MIN_DATA ? COE_SEG_MIN_DATA - seg : 0;
    vb_put16(out, COE_SDO_RESPONSE << 12);
    out[2] = (uint8_t)((s->coe.toggle << 4) | (unused << 1) | (last ? 1u : 0u));
    ecat_memcpy(out + COE_SEG_HEADER, s->coe.buf + s->coe.offset, seg);
    ecat_memset(out + COE_SEG_HEADER + seg, 0, unused);
    s->coe.offset += (uint32_t)seg;
    s->coe.toggle ^= 1u;
    if (last)
        vb_coe_server_reset(s);
    return COE_SEG_HEADER + seg + unused;
}

static size_t upload_initiate(struct vb_slave *s, const uint8_t *in, uint8_t *out, size_t cap)
{
    uint16_t index = vb_le16(in + 3);
    uint8_t sub = in[5];
    if ((in[2] >> 4) & 1u)
        return put_abort(out, index, sub, VB_ABORT_NO_COMPLETE_ACCESS); /* not served for uploads */
    const struct vb_object *obj = vb_od_find(&s->od, index);
    if (!obj)
        return put_abort(out, index, sub, VB_ABORT_NO_OBJECT);
    const struct vb_entry *e = vb_od_entry(obj, sub);
    if (!e)
        return put_abort(out, index, sub, VB_ABORT_NO_SUBINDEX);
    uint32_t abort = vb_od_check_read(e, al_state(s));
    if (abort)
        return put_abort(out, index, sub, abort);

    size_t len = e->len;
    vb_put16(out, COE_SDO_RESPONSE << 12);
    vb_put16(out + 3, index);
    out[5] = sub;
    if (len >= 1 && len <= 4) {
        out[2] = (uint8_t)(0x43 | ((4u - len) << 2)); /* expedited, size indicated */
        ecat_memset(out + 6, 0, 4);
        ecat_memcpy(out + 6, e->value, len);
        return COE_SDO_HEADER;
    }
    out[2] = 0x41; /* normal, size indicated */
    vb_put32(out + 6, (uint32_t)len);
    size_t room = cap - COE_SDO_HEADER;
    if (len <= room) {
        ecat_memcpy(out + COE_SDO_HEADER, e->value, len);
        return COE_SDO_HEADER + len;
    }
    /* does not fit: send what fits now, the rest in segments from a snapshot */
    s->coe.buf = ecat_port_zalloc(len);
    if (!s->coe.buf)
        return put_abort(out, index, sub, VB_ABORT_NO_MEMORY);
    ecat_memcpy(s->coe.buf, e->value, len);
    ecat_memcpy(out + COE_SDO_HEADER, e->value, room);
    s->coe.busy = 1;
    s->coe.toggle = 0;
    s->coe.index = index;
    s->coe.subindex = sub;
    s->coe.offset = (uint32_t)room;
    s->coe.total = (uint32_t)len;
    return COE_SDO_HEADER + room;
}

size_t vb_coe_server(struct vb_slave *s, const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    if (n < 3 || cap < COE_SDO_HEADER)
        return 0;
    if ((vb_le16(in) >> 12) != COE_SDO_REQUEST)
        return 0; /* SDO Information and other CoE services are not served */
    uint8_t ccs = in[2] >> 5;
    if (ccs == 4) { /* the client aborts: drop the transfer, no answer */
        vb_coe_server_reset(s);
        return 0;
    }
    if (ccs == 0)
        return download_segment(s, in, n, out);
    if (ccs == 3) {
        if (s->coe.busy != 1)
            return put_abort(out, 0, 0, VB_ABORT_COMMAND);
        if (((in[2] >> 4) & 1u) != s->coe.toggle) {
            uint16_t index = s->coe.index;
            uint8_t sub = s->coe.subindex;
            vb_coe_server_reset(s);
            return put_abort(out, index, sub, VB_ABORT_TOGGLE);
        }
        return upload_segment_frame(s, out, cap);
    }
    /* an initiate request starts over, whatever was in progress */
    vb_coe_server_reset(s);
    if (n < COE_SDO_HEADER)
        return put_abort(out, n >= 5 ? vb_le16(in + 3) : 0, n >= 6 ? in[5] : 0, VB_ABORT_COMMAND);
    if ((ccs == 1 || ccs == 2) && s->sdo_abort.armed && vb_le16(in + 3) == s->sdo_abort.index &&
        in[5] == s->sdo_abort.subindex) {
        s->sdo_abort.armed = 0; /* injected fault: this access aborts, once */
        return put_abort(out, s->sdo_abort.index, s->sdo_abort.subindex, s->sdo_abort.code);
    }
    if (ccs == 1)
        return download_initiate(s, in, n, out);
    if (ccs == 2)
        return upload_initiate(s, in, out, cap);
    return put_abort(out, vb_le16(in + 3), in[5], VB_ABORT_COMMAND);
}
