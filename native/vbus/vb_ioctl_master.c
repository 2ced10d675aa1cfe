/* SPDX-License-Identifier: MIT */
/* Master-level requests (see vb_ioctl.h). The virtual master has one device, the main one. */
#include "vb_ioctl.h"
#include "vb_dgram.h"
#include "vb_master.h"
#include "vb_stats.h"

#define VB_NUM_DEVICES 1 /* no backup MAC in the image: IgH counts only the main device */

static void put_rates(struct vb_call *c, unsigned field, unsigned dev, const int32_t *rates, int per_device)
{
    for (unsigned j = 0; j < 3; j++)
        eca_put(c->buf, c->l, field, per_device ? dev : 0, j, (uint64_t)(int64_t)rates[j]);
}

long vb_ioctl_master(struct vb_call *c)
{
    struct vbus *vb = c->vb;
    struct vb_frame_stats st;
    vb_stats_get(vb, &st);
    vb_arg_zero(c);
    vb_set(c, ECA_MASTER_F_SLAVE_COUNT, vb->master_slaves);
    vb_set(c, ECA_MASTER_F_SCAN_INDEX, vb->scan_index);
    vb_set(c, ECA_MASTER_F_CONFIG_COUNT, vb->config_count);
    vb_set(c, ECA_MASTER_F_DOMAIN_COUNT, vb->domain_count);
    vb_set(c, ECA_MASTER_F_EOE_HANDLER_COUNT, 0);
    vb_set(c, ECA_MASTER_F_PHASE, vb->phase);
    vb_set(c, ECA_MASTER_F_ACTIVE, vb->active);
    vb_set(c, ECA_MASTER_F_SCAN_BUSY, vb->scan_busy);
    for (unsigned d = 0; d < VB_NUM_DEVICES; d++) {
        uint8_t *mac = eca_ptr(c->buf, c->l, ECA_MASTER_F_DEVICES_ADDRESS, d);
        if (mac && eca_size(c->l, ECA_MASTER_F_DEVICES_ADDRESS) >= 6)
            ecat_memcpy(mac, vb->mac, 6);
        eca_put(c->buf, c->l, ECA_MASTER_F_DEVICES_ATTACHED, d, 0, 1);
        eca_put(c->buf, c->l, ECA_MASTER_F_DEVICES_LINK_STATE, d, 0, (uint64_t)vb_link_ok(vb));
        eca_put(c->buf, c->l, ECA_MASTER_F_DEVICES_TX_COUNT, d, 0, st.tx_count);
        eca_put(c->buf, c->l, ECA_MASTER_F_DEVICES_RX_COUNT, d, 0, st.rx_count);
        eca_put(c->buf, c->l, ECA_MASTER_F_DEVICES_TX_BYTES, d, 0, st.tx_bytes);
        eca_put(c->buf, c->l, ECA_MASTER_F_DEVICES_RX_BYTES, d, 0, st.rx_bytes);
        eca_put(c->buf, c->l, ECA_MASTER_F_DEVICES_TX_ERRORS, d, 0, 0);
        put_rates(c, ECA_MASTER_F_DEVICES_TX_FRAME_RATES, d, st.tx_frame_rates, 1);
        put_rates(c, ECA_MASTER_F_DEVICES_RX_FRAME_RATES, d, st.rx_frame_rates, 1);
        put_rates(c, ECA_MASTER_F_DEVICES_TX_BYTE_RATES, d, st.tx_byte_rates, 1);
        put_rates(c, ECA_MASTER_F_DEVICES_RX_BYTE_RATES, d, st.rx_byte_rates, 1);
    }
    vb_set(c, ECA_MASTER_F_NUM_DEVICES, VB_NUM_DEVICES);
    vb_set(c, ECA_MASTER_F_TX_COUNT, st.tx_count);
    vb_set(c, ECA_MASTER_F_RX_COUNT, st.rx_count);
    vb_set(c, ECA_MASTER_F_TX_BYTES, st.tx_bytes);
    vb_set(c, ECA_MASTER_F_RX_BYTES, st.rx_bytes);
    put_rates(c, ECA_MASTER_F_TX_FRAME_RATES, 0, st.tx_frame_rates, 0);
    put_rates(c, ECA_MASTER_F_RX_FRAME_RATES, 0, st.rx_frame_rates, 0);
    put_rates(c, ECA_MASTER_F_TX_BYTE_RATES, 0, st.tx_byte_rates, 0);
    put_rates(c, ECA_MASTER_F_RX_BYTE_RATES, 0, st.rx_byte_rates, 0);
    put_rates(c, ECA_MASTER_F_LOSS_RATES, 0, st.loss_rates, 0);
    vb_set(c, ECA_MASTER_F_APP_TIME, vb->app_time);
    vb_set(c, ECA_MASTER_F_DC_REF_TIME, vb->dc_ref_time);
    vb_set(c, ECA_MASTER_F_REF_CLOCK, vb->ref_clock);
    return vb_arg_out(c);
}

/* Fill an ec_master_state_t / ec_master_link_state_t (same fields, bit-fields included). */
static void fill_state(void *buf, const struct eca_layout *l, unsigned f_resp, unsigned f_al, unsigned f_link,
                       const struct vbus *vb)
{
    eca_put(buf, l, f_resp, 0, 0, vb_slaves_responding(vb));
    eca_put(buf, l, f_al, 0, 0, vb_al_states(vb));
    eca_put(buf, l, f_link, 0, 0, (uint64_t)vb_link_ok(vb));
}

long vb_ioctl_master_state(struct vb_call *c)
{
    const struct eca_layout *l = c->vb->abi->layouts[ECA_ST_MASTER_STATE_DATA];
    if (!l)
        return -EOPNOTSUPP;
    c->l = l;
    vb_arg_zero(c);
    fill_state(c->buf, l, ECA_MASTER_STATE_DATA_F_SLAVES_RESPONDING, ECA_MASTER_STATE_DATA_F_AL_STATES,
               ECA_MASTER_STATE_DATA_F_LINK_UP, c->vb);
    return vb_arg_out(c);
}

long vb_ioctl_master_link_state(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    if (vb_get(c, ECA_LINK_STATE_F_DEV_IDX) >= VB_NUM_DEVICES)
        return -EINVAL;
    const struct eca_layout *l = c->vb->abi->layouts[ECA_ST_MASTER_LINK_STATE_DATA];
    if (!l || l->size > 32)
        return -EOPNOTSUPP;
    uint8_t state[32];
    ecat_memset(state, 0, sizeof state);
    fill_state(state, l, ECA_MASTER_LINK_STATE_DATA_F_SLAVES_RESPONDING, ECA_MASTER_LINK_STATE_DATA_F_AL_STATES,
               ECA_MASTER_LINK_STATE_DATA_F_LINK_UP, c->vb);
    return ecat_port_copy_to_user(vb_uptr(c, ECA_LINK_STATE_F_STATE), state, l->size);
}

long vb_ioctl_master_debug(struct vb_call *c)
{
    if (c->arg > 2)
        return -EINVAL; /* IgH accepts debug levels 0, 1 and 2 */
    c->vb->debug_level = (unsigned)c->arg;
    return 0;
}
