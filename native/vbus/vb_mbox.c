/* SPDX-License-Identifier: MIT */
/* Mailbox transport through SM0/SM1 (see vb_mbox.h). */
#include "vb_mbox.h"
#include "vb_coe.h"
#include "vb_dgram.h"
#include "vb_esc.h"

#define SM1_STATUS (ESC_SM + 8 + 5)
#define SM_STATUS_MAILBOX_FULL 0x08
#define MBOX_ERR_UNSUPPORTED_PROTOCOL 0x0002
#define MBOX_ERR_INVALID_SIZE 0x0008

void vb_mbox_update_status(struct vb_slave *s)
{
    if (s->mbx_out_len)
        s->regs[SM1_STATUS] |= SM_STATUS_MAILBOX_FULL;
    else
        s->regs[SM1_STATUS] &= (uint8_t)~SM_STATUS_MAILBOX_FULL;
}

void vb_mbox_slave_reset(struct vb_slave *s)
{
    s->mbx_out_len = 0;
    vb_coe_server_reset(s);
    vb_mbox_update_status(s);
}

static size_t error_reply(uint8_t *out, uint16_t code)
{
    vb_put16(out, 0x0001); /* mailbox command error */
    vb_put16(out + 2, code);
    return 4;
}

/* The slave: a frame written to RAM at `addr`; only a complete write of SM0 delivers it. */
static void slave_receive(struct vb_slave *s, uint32_t addr, const uint8_t *frame, size_t size)
{
    const uint8_t *sm0 = s->regs + ESC_SM, *sm1 = s->regs + ESC_SM + 8;
    uint16_t len0 = vb_le16(sm0 + 2), len1 = vb_le16(sm1 + 2);
    if (!(sm0[6] & 0x01) || addr != vb_le16(sm0) || size < len0 || len0 < VB_MBOX_HEADER)
        return;
    uint8_t state = vb_esc_al_status(s) & VB_AL_STATE_MASK;
    if (state == VB_AL_INIT || !(sm1[6] & 0x01))
        return; /* the firmware serves mailboxes from PREOP (or BOOT) on */
    size_t out_cap = len1 < s->mbx_cap ? len1 : s->mbx_cap;
    if (out_cap < VB_MBOX_HEADER + 4)
        return;
    out_cap -= VB_MBOX_HEADER;

    uint16_t plen = vb_le16(frame);
    uint8_t type = frame[5] & 0x0f;
    uint8_t *out = s->mbx_out + VB_MBOX_HEADER;
    size_t alen;
    uint8_t atype = type;
    if ((size_t)plen + VB_MBOX_HEADER > len0) {
        alen = error_reply(out, MBOX_ERR_INVALID_SIZE);
        atype = VB_MBOX_TYPE_ERROR;
    } else if (type == VB_MBOX_TYPE_COE && (s->fw_protocols & VB_MBOX_COE) && state != VB_AL_BOOT) {
        alen = vb_coe_server(s, frame + VB_MBOX_HEADER, plen, out, out_cap);
    } else {
        alen = error_reply(out, MBOX_ERR_UNSUPPORTED_PROTOCOL);
        atype = VB_MBOX_TYPE_ERROR;
    }
    if (!alen)
        return;
    s->mbx_counter = (uint8_t)(s->mbx_counter % 7 + 1);
    vb_put16(s->mbx_out, (uint16_t)alen);
    vb_put16(s->mbx_out + 2, 0);
    s->mbx_out[4] = 0;
    s->mbx_out[5] = (uint8_t)(atype | (s->mbx_counter << 4));
    s->mbx_out_len = (uint16_t)(VB_MBOX_HEADER + alen);
    vb_mbox_update_status(s);
}

uint8_t *vb_mbox_payload(struct vb_slave *s)
{
    return s->mbx_in + VB_MBOX_HEADER;
}

size_t vb_mbox_payload_cap(const struct vb_slave *s)
{
    size_t size = s->cfg_rx_size < s->mbx_cap ? s->cfg_rx_size : s->mbx_cap;
    return size > VB_MBOX_HEADER ? size - VB_MBOX_HEADER : 0;
}

int vb_mbox_send(struct vbus *vb, struct vb_slave *s, uint8_t type, size_t n)
{
    size_t size = s->cfg_rx_size;
    if (n + VB_MBOX_HEADER > size || size > s->mbx_cap)
        return -EOVERFLOW;
    uint8_t *f = s->mbx_in;
    ecat_memset(f + VB_MBOX_HEADER + n, 0, size - VB_MBOX_HEADER - n);
    vb_put16(f, (uint16_t)n);
    vb_put16(f + 2, (uint16_t)(s->position + VB_STATION_OFFSET));
    f[4] = 0;
    f[5] = type;
    s->mbx_stats.writes++;
    s->mbx_stats.bytes_out += VB_MBOX_HEADER + n;
    if (!vb_link_ok(vb))
        return -EIO;
    vb_dg_count(vb, size);
    if (s->lost)
        return -EIO;
    slave_receive(s, s->cfg_rx_offset, f, size);
    return 0;
}

int vb_mbox_check(struct vbus *vb, struct vb_slave *s)
{
    uint8_t sm[8];
    s->mbx_stats.checks++;
    if (!vb_dg_read(vb, s, ESC_SM + 8, sm, sizeof sm))
        return -EIO;
    return (sm[5] & SM_STATUS_MAILBOX_FULL) ? 1 : 0;
}

int vb_mbox_fetch(struct vbus *vb, struct vb_slave *s, uint8_t *buf, size_t cap, uint8_t *type, size_t *n)
{
    s->mbx_stats.reads++;
    vb_dg_count(vb, s->cfg_tx_size);
    if (!vb_link_ok(vb) || s->lost || vb_le16(s->regs + ESC_SM + 8) != s->cfg_tx_offset ||
        s->mbx_out_len > s->cfg_tx_size)
        return -EIO; /* not reading the slave's SM1 (area or size): no answer arrives */
    const uint8_t *f = s->mbx_out;
    size_t plen = vb_le16(f);
    uint8_t t = f[5] & 0x0f;
    s->mbx_out_len = 0;
    vb_mbox_update_status(s);
    s->mbx_stats.bytes_in += VB_MBOX_HEADER + plen;
    if (plen + VB_MBOX_HEADER > s->cfg_tx_size)
        return -EPROTO; /* corrupt length */
    if (t == VB_MBOX_TYPE_ERROR)
        return -EPROTO;
    if (plen > cap)
        plen = cap;
    ecat_memcpy(buf, f + VB_MBOX_HEADER, plen);
    *type = t;
    *n = plen;
    return 0;
}

int vb_mbox_receive(struct vbus *vb, struct vb_slave *s, uint8_t *buf, size_t cap, uint8_t *type, size_t *n)
{
    int r = vb_mbox_check(vb, s);
    if (r <= 0)
        return -EIO; /* no answer: IgH would poll until its response timeout */
    return vb_mbox_fetch(vb, s, buf, cap, type, n);
}
