/* SPDX-License-Identifier: MIT */
/* Frame counters and rates (see vb_stats.h); integer arithmetic only. */
#include "vb_stats.h"
#include "vb_dgram.h"

static const unsigned rate_intervals[3] = {1, 10, 60};

static uint64_t link_time(const struct vbus *vb)
{
    uint64_t t = vb->link_ns;
    if (vb->t_link_since) {
        uint64_t now = ecat_port_time_ns();
        if (now > vb->t_link_since)
            t += now - vb->t_link_since;
    }
    return t;
}

void vb_stats_link_change(struct vbus *vb, int up)
{
    if (up && !vb->t_link_since) {
        vb->t_link_since = ecat_port_time_ns();
        if (!vb->t_link_since)
            vb->t_link_since = 1;
    } else if (!up && vb->t_link_since) {
        vb->link_ns = link_time(vb);
        vb->t_link_since = 0;
    }
}

/* IgH's per-second low-pass filter y += (x - y) / tau, run for `seconds` steps. */
static int32_t filtered(int32_t x, unsigned tau, uint64_t seconds)
{
    int32_t y = 0;
    /* after 20 time constants the integer filter no longer moves */
    uint64_t steps = seconds < 20u * tau ? seconds : 20u * tau;
    for (uint64_t k = 0; k < steps; k++)
        y += (x - y) / (int32_t)tau;
    return y;
}

void vb_stats_get(const struct vbus *vb, struct vb_frame_stats *o)
{
    ecat_memset(o, 0, sizeof *o);
    uint64_t t = link_time(vb);
    uint64_t idle = t / VB_IDLE_FRAME_NS;
    o->tx_count = o->rx_count = idle + vb->extra_frames;
    o->tx_bytes = o->rx_bytes = idle * VB_IDLE_FRAME_BYTES + vb->extra_bytes;
    if (!vb_link_ok(vb))
        return; /* no traffic now: the rates read 0 */
    uint64_t seconds = t / 1000000000ull;
    int32_t fps = (int32_t)(1000000000ull / VB_IDLE_FRAME_NS);
    for (unsigned i = 0; i < 3; i++) {
        o->tx_frame_rates[i] = o->rx_frame_rates[i] = filtered(fps * 1000, rate_intervals[i], seconds);
        o->tx_byte_rates[i] = o->rx_byte_rates[i] =
            filtered(fps * (int32_t)VB_IDLE_FRAME_BYTES, rate_intervals[i], seconds);
    }
}
