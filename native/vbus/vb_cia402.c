/* SPDX-License-Identifier: MIT */
/*
 * The CiA 402 drive model (one axis), working on its dictionary objects:
 *
 * - the device control state machine of IEC 61800-7-201 / CiA 402 on 0x6040/0x6041 (Not
 *   ready to switch on, Switch on disabled, Ready to switch on, Switched on, Operation
 *   enabled, Quick stop active, Fault reaction active, Fault) with the standard controlword
 *   commands, fault reset on the rising edge of bit 7 and the quick stop option 0x605A;
 * - modes 0x6060 -> 0x6061 (only modes 0x6502 lists are taken): profile position (PP, new
 *   set-point/set-point acknowledge handshake with change-set-immediately and one buffered
 *   set-point, relative moves, halt, profile velocity/acceleration/deceleration 0x6081/
 *   0x6083/0x6084), profile velocity (PV), cyclic synchronous position (CSP) and velocity
 *   (CSV) with the offsets 0x60B0/0x60B1;
 * - an axis that follows the demand with integer kinematics per step: position in 1e-9
 *   counts, velocity in counts/s. CSP follows the set-point directly, limited only by the
 *   model's maximum velocity (a servo loop far faster than the cycle: a step it cannot
 *   make in one cycle makes it lag); CSV/PV ramp the velocity with the maximum (CSV) or
 *   profile (PV) acceleration; PP runs a trapezoid profile that brakes in time (integer
 *   square root); all within the software position limits 0x607D; stopping (halt, quick
 *   stop, fault reaction) ramps down with 0x6084 or 0x6085;
 * - the following error 0x60F4 against the window 0x6065 (0xFFFFFFFF: off): outside the
 *   window longer than 0x6066 ms is a fault with error code 0x8611 in 0x603F.
 * Statusword: bits 0-6 by state, 4 voltage enabled, 9 remote, 10 target reached, 11 internal
 * limit active, 12 set-point acknowledge (PP) / following the command value (CSP, CSV),
 * 13 following error (position modes). Leaving OP (or losing valid outputs) in an enabled
 * state disables the drive (Switch on disabled) with the axis stopped.
 */
#include "vb_model.h"

#define NS 1000000000ll

enum { DS_NOT_READY, DS_SWITCH_ON_DISABLED, DS_READY, DS_SWITCHED_ON, DS_ENABLED, DS_QUICK_STOP, DS_FAULT_REACTION, DS_FAULT };

#define MODE_PP 1
#define MODE_PV 3
#define MODE_CSP 8
#define MODE_CSV 9

#define ERR_FOLLOWING 0x8611

struct axis {
    int64_t p;     /* position, 1e-9 counts */
    int64_t v;     /* velocity, counts/s */
    uint64_t rem;  /* acceleration remainder, 1e-9 counts/s */
};

struct vb_drive {
    struct vb_entry *cw, *sw, *mode, *mode_disp, *target_pos, *target_vel, *pos_act, *pos_dem, *vel_act;
    struct vb_entry *err_code, *err_reg, *fe_window, *fe_timeout, *fe_actual, *lim_min, *lim_max;
    struct vb_entry *prof_vel, *prof_acc, *prof_dec, *qs_dec, *qs_option, *pos_offset, *vel_offset;
    struct vb_entry *supported, *torque_act;
    uint8_t state;
    uint8_t active_mode;
    uint16_t cw_prev;
    uint16_t statusword;
    struct axis ax;
    int64_t max_vel, max_acc;
    int64_t demand;        /* position demand, counts */
    int64_t pp_target;     /* PP: the set-point in progress, counts */
    int64_t pp_pending;    /* PP: the buffered set-point */
    uint8_t pp_moving, pp_has_pending, pp_acked;
    uint8_t limited, fe_over;
    uint64_t fe_since;
    uint16_t error;
};

static struct vb_entry *ent(struct vb_slave *s, uint16_t index, uint8_t sub)
{
    return vb_model_entry(s, index, sub);
}

struct vb_drive *vb_drive_create(struct vb_slave *s, const struct vb_params *p)
{
    struct vb_drive *d = ecat_port_zalloc(sizeof *d);
    if (!d)
        return NULL;
    d->cw = ent(s, 0x6040, 0);
    d->sw = ent(s, 0x6041, 0);
    d->mode = ent(s, 0x6060, 0);
    d->mode_disp = ent(s, 0x6061, 0);
    d->target_pos = ent(s, 0x607a, 0);
    d->target_vel = ent(s, 0x60ff, 0);
    d->pos_act = ent(s, 0x6064, 0);
    d->pos_dem = ent(s, 0x6062, 0);
    d->vel_act = ent(s, 0x606c, 0);
    d->err_code = ent(s, 0x603f, 0);
    d->err_reg = ent(s, 0x1001, 0);
    d->fe_window = ent(s, 0x6065, 0);
    d->fe_timeout = ent(s, 0x6066, 0);
    d->fe_actual = ent(s, 0x60f4, 0);
    d->lim_min = ent(s, 0x607d, 1);
    d->lim_max = ent(s, 0x607d, 2);
    d->prof_vel = ent(s, 0x6081, 0);
    d->prof_acc = ent(s, 0x6083, 0);
    d->prof_dec = ent(s, 0x6084, 0);
    d->qs_dec = ent(s, 0x6085, 0);
    d->qs_option = ent(s, 0x605a, 0);
    d->pos_offset = ent(s, 0x60b0, 0);
    d->vel_offset = ent(s, 0x60b1, 0);
    d->supported = ent(s, 0x6502, 0);
    d->torque_act = ent(s, 0x6077, 0);
    d->max_vel = p->drive_max_velocity;
    d->max_acc = p->drive_max_acceleration;
    d->ax.p = (int64_t)p->drive_position * NS;
    d->demand = d->pp_target = p->drive_position;
    d->state = DS_NOT_READY;
    vb_entry_put(d->pos_act, p->drive_position);
    vb_entry_put(d->pos_dem, p->drive_position);
    vb_entry_put(d->target_pos, p->drive_position);
    vb_entry_put(d->sw, 0);
    return d;
}

/* ---- integer kinematics ---- */

static int64_t iabs(int64_t v)
{
    return v < 0 ? -v : v;
}

static int64_t clamp(int64_t v, int64_t lo, int64_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static uint64_t isqrt(uint64_t x)
{
    uint64_t r = 0, bit = 1ull << 62;
    while (bit > x)
        bit >>= 2;
    while (bit) {
        if (x >= r + bit) {
            x -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
        bit >>= 2;
    }
    return r;
}

/* Velocity change allowed in dt at acceleration a, with the remainder carried over. */
static int64_t dv_allowed(struct axis *ax, int64_t a, uint64_t dt)
{
    if (a <= 0)
        return 0;
    ax->rem += (uint64_t)a * dt;
    int64_t dv = (int64_t)(ax->rem / (uint64_t)NS);
    ax->rem %= (uint64_t)NS;
    return dv;
}

static void integrate(struct axis *ax, uint64_t dt)
{
    ax->p += ax->v * (int64_t)dt;
}

/* Velocity toward vt, changing by at most a * dt. */
static void track_velocity(struct axis *ax, int64_t vt, int64_t a, uint64_t dt)
{
    int64_t dv = dv_allowed(ax, a, dt);
    if (ax->v < vt)
        ax->v = ax->v + dv > vt ? vt : ax->v + dv;
    else
        ax->v = ax->v - dv < vt ? vt : ax->v - dv;
    integrate(ax, dt);
}

/*
 * Position toward a target (counts) that itself moves at target_v (counts/s): at most vmax,
 * accelerating with acc, braking with dec. The axis arrives exactly when one step gets it
 * there without a velocity jump beyond one step's acceleration, on the target's motion.
 */
static void track_position(struct axis *ax, int64_t target, int64_t target_v, int64_t vmax, int64_t acc, int64_t dec,
                           uint64_t dt)
{
    if (!dt)
        return;
    int64_t goal = target * NS, dist = goal - ax->p;
    int64_t v_req = dist / (int64_t)dt; /* 1e-9 counts per ns = counts per s */
    int64_t dv_acc = (int64_t)((uint64_t)acc * dt / (uint64_t)NS), dv_dec = (int64_t)((uint64_t)dec * dt / (uint64_t)NS);
    int64_t dv = dv_acc > dv_dec ? dv_acc : dv_dec;
    if (dv < 1)
        dv = 1;
    if (iabs(v_req) <= vmax && iabs(v_req - ax->v) <= dv && iabs(v_req - target_v) <= dv) {
        ax->p = goal; /* reachable in this step: arrive exactly, moving on with the target */
        ax->v = target_v;
        ax->rem = 0;
        return;
    }
    /* the target's speed plus the highest speed that still closes the gap with the deceleration */
    uint64_t d = (uint64_t)iabs(dist) / (uint64_t)NS;
    uint64_t vs = dec > 0 && d < (~0ull >> 2) / (uint64_t)dec ? isqrt(2u * (uint64_t)dec * d) : (uint64_t)vmax;
    int64_t close = (int64_t)vs < vmax ? (int64_t)vs : vmax;
    int64_t vt = clamp(target_v + (dist > 0 ? close : -close), -vmax, vmax);
    int speeding = iabs(vt) > iabs(ax->v) && (vt > 0) == (ax->v >= 0);
    track_velocity(ax, vt, speeding ? acc : dec, dt);
    int64_t after = goal - ax->p;
    if ((dist > 0 && after < 0) || (dist < 0 && after > 0)) {
        ax->p = goal; /* would pass the goal within this step */
        ax->v = target_v;
        ax->rem = 0;
    }
}

/* CSP: follow the demand directly, only limited by the maximum velocity (a servo loop far
 * faster than the cycle; a set-point the axis cannot reach in one step makes it lag). */
static void follow_limited(struct axis *ax, int64_t target, int64_t vmax, uint64_t dt)
{
    if (!dt)
        return;
    int64_t dist = target * NS - ax->p, max = vmax * (int64_t)dt;
    int64_t step = clamp(dist, -max, max);
    ax->p += step;
    ax->v = step / (int64_t)dt;
    ax->rem = 0;
}

static int64_t floor_counts(int64_t p)
{
    return p >= 0 ? p / NS : -((-p + NS - 1) / NS);
}

/* ---- the device control state machine ---- */

static int64_t get(const struct vb_entry *e, int64_t dflt)
{
    return e ? vb_entry_get(e) : dflt;
}

static int mode_supported(const struct vb_drive *d, int8_t mode)
{
    if (mode < 1 || mode > 10)
        return 0;
    uint32_t bits = d->supported ? (uint32_t)vb_entry_get(d->supported) : (1u << 0) | (1u << 7) | (1u << 8);
    return (bits >> (mode - 1)) & 1u;
}

static void set_fault(struct vb_drive *d, uint16_t code)
{
    if (d->state == DS_FAULT || d->state == DS_FAULT_REACTION)
        return;
    d->error = code;
    d->state = DS_FAULT_REACTION;
    vb_entry_put(d->err_code, code);
    vb_entry_put(d->err_reg, 0x01);
}

static void stop_now(struct vb_drive *d)
{
    d->ax.v = 0;
    d->ax.rem = 0;
    d->pp_moving = d->pp_has_pending = 0;
}

static void command(struct vb_drive *d, uint16_t cw)
{
    uint16_t edge = (uint16_t)(cw & ~d->cw_prev);
    if (d->state == DS_FAULT) {
        if (edge & 0x0080) { /* fault reset */
            d->state = DS_SWITCH_ON_DISABLED;
            d->error = 0;
            vb_entry_put(d->err_code, 0);
            vb_entry_put(d->err_reg, 0);
        }
        return;
    }
    if (d->state == DS_FAULT_REACTION || d->state == DS_NOT_READY)
        return;
    int disable_voltage = !(cw & 0x0002);
    int quick_stop = (cw & 0x0006) == 0x0002;
    int shutdown = (cw & 0x0007) == 0x0006;
    int switch_on = (cw & 0x000f) == 0x0007;
    int enable = (cw & 0x000f) == 0x000f;
    int64_t option = get(d->qs_option, 2);
    switch (d->state) {
    case DS_SWITCH_ON_DISABLED:
        if (shutdown)
            d->state = DS_READY;
        break;
    case DS_READY:
        if (disable_voltage || quick_stop)
            d->state = DS_SWITCH_ON_DISABLED;
        else if (switch_on)
            d->state = DS_SWITCHED_ON;
        else if (enable)
            d->state = DS_ENABLED; /* switch on and enable operation in one command */
        break;
    case DS_SWITCHED_ON:
        if (disable_voltage || quick_stop)
            d->state = DS_SWITCH_ON_DISABLED;
        else if (shutdown)
            d->state = DS_READY;
        else if (enable)
            d->state = DS_ENABLED;
        break;
    case DS_ENABLED:
        if (disable_voltage) {
            d->state = DS_SWITCH_ON_DISABLED;
        } else if (quick_stop) {
            d->state = DS_QUICK_STOP;
            if (option == 0) {
                stop_now(d);
                d->state = DS_SWITCH_ON_DISABLED;
            }
        } else if (shutdown) {
            d->state = DS_READY;
        } else if (switch_on) {
            d->state = DS_SWITCHED_ON;
        }
        break;
    case DS_QUICK_STOP:
        if (disable_voltage)
            d->state = DS_SWITCH_ON_DISABLED;
        else if (enable && option >= 5 && option <= 8 && !d->ax.v)
            d->state = DS_ENABLED;
        break;
    default: break;
    }
    if (d->state != DS_ENABLED && d->state != DS_QUICK_STOP)
        stop_now(d); /* the power stage is off: the axis stands */
}

/* ---- the modes ---- */

static int64_t limit_position(struct vb_drive *d, int64_t pos)
{
    int64_t lo = get(d->lim_min, 0), hi = get(d->lim_max, 0);
    if (!d->lim_min || !d->lim_max || lo >= hi)
        return pos;
    int64_t c = clamp(pos, lo, hi);
    if (c != pos)
        d->limited = 1;
    return c;
}

static int64_t profile(const struct vb_entry *e, int64_t cap)
{
    int64_t v = e ? (int64_t)(uint32_t)vb_entry_get(e) : cap;
    return v > 0 && v < cap ? v : cap;
}

static void pp_start(struct vb_drive *d, int64_t target)
{
    d->pp_target = limit_position(d, target);
    d->pp_moving = 1;
}

static void run_pp(struct vb_drive *d, uint16_t cw, uint64_t dt)
{
    uint16_t edge = (uint16_t)(cw & ~d->cw_prev);
    if (edge & 0x0010) { /* new set-point */
        int64_t t = get(d->target_pos, 0);
        if (cw & 0x0040) /* relative to the set-point before */
            t += d->pp_has_pending ? d->pp_pending : d->pp_target;
        if (!d->pp_moving || (cw & 0x0020)) { /* idle, or change set immediately */
            pp_start(d, t);
            d->pp_has_pending = 0;
            d->pp_acked = 1;
        } else if (!d->pp_has_pending) {
            d->pp_pending = t;
            d->pp_has_pending = 1;
            d->pp_acked = 1;
        }
    }
    if (!(cw & 0x0010))
        d->pp_acked = 0;
    int64_t vmax = profile(d->prof_vel, d->max_vel), acc = profile(d->prof_acc, d->max_acc),
            dec = profile(d->prof_dec, d->max_acc);
    if (cw & 0x0100) { /* halt */
        track_velocity(&d->ax, 0, dec, dt);
    } else if (d->pp_moving) {
        track_position(&d->ax, d->pp_target, 0, vmax, acc, dec, dt);
        if (d->ax.p == d->pp_target * NS && !d->ax.v) {
            d->pp_moving = 0;
            if (d->pp_has_pending) {
                d->pp_has_pending = 0;
                pp_start(d, d->pp_pending);
            }
        }
    } else {
        track_velocity(&d->ax, 0, dec, dt);
    }
    d->demand = floor_counts(d->ax.p);
}

static void run_velocity(struct vb_drive *d, uint16_t cw, int64_t vt, int64_t acc, int64_t dec, uint64_t dt)
{
    vt = clamp(vt, -d->max_vel, d->max_vel);
    if (cw & 0x0100)
        vt = 0; /* halt */
    int speeding = iabs(vt) > iabs(d->ax.v) && (vt > 0) == (d->ax.v >= 0);
    track_velocity(&d->ax, vt, speeding ? acc : dec, dt);
    int64_t pos = floor_counts(d->ax.p), lim = limit_position(d, pos);
    if (lim != pos) {
        d->ax.p = lim * NS; /* stopped at the software limit */
        d->ax.v = 0;
    }
    d->demand = floor_counts(d->ax.p);
}

static void follow_error(struct vb_drive *d, uint64_t now)
{
    int64_t fe = d->demand - floor_counts(d->ax.p);
    vb_entry_put(d->fe_actual, fe);
    uint32_t window = d->fe_window ? (uint32_t)vb_entry_get(d->fe_window) : 0xffffffffu;
    if (window == 0xffffffffu || iabs(fe) <= window) {
        d->fe_over = 0;
        return;
    }
    if (!d->fe_over) {
        d->fe_over = 1;
        d->fe_since = now;
    }
    uint64_t timeout = (uint64_t)(uint16_t)get(d->fe_timeout, 0) * 1000000u;
    if (now - d->fe_since > timeout)
        set_fault(d, ERR_FOLLOWING);
}

static uint16_t state_bits(uint8_t state)
{
    switch (state) {
    case DS_SWITCH_ON_DISABLED: return 0x0040;
    case DS_READY: return 0x0021;
    case DS_SWITCHED_ON: return 0x0023;
    case DS_ENABLED: return 0x0027;
    case DS_QUICK_STOP: return 0x0007;
    case DS_FAULT_REACTION: return 0x000f;
    case DS_FAULT: return 0x0008;
    default: return 0x0000;
    }
}

void vb_drive_step(struct vb_drive *d, struct vb_slave *s, uint64_t now, uint64_t dt, int applied)
{
    (void)s;
    if (!d || !d->sw)
        return;
    if (d->state == DS_NOT_READY)
        d->state = DS_SWITCH_ON_DISABLED; /* initialised */
    uint16_t cw = applied ? (uint16_t)get(d->cw, 0) : 0;
    if (!applied && (d->state == DS_READY || d->state == DS_SWITCHED_ON || d->state == DS_ENABLED)) {
        d->state = DS_SWITCH_ON_DISABLED; /* communication lost: the drive disables */
        stop_now(d);
    }
    if (applied)
        command(d, cw);
    if (applied && d->mode) {
        int8_t m = (int8_t)vb_entry_get(d->mode);
        if (m != (int8_t)d->active_mode && mode_supported(d, m))
            d->active_mode = (uint8_t)m;
    }
    d->limited = 0;
    int64_t qs_dec = profile(d->qs_dec, d->max_acc), dec = profile(d->prof_dec, d->max_acc);
    int64_t option = get(d->qs_option, 2);
    switch (d->state) {
    case DS_ENABLED:
        switch (d->active_mode) {
        case MODE_CSP:
            d->demand = limit_position(d, get(d->target_pos, 0) + get(d->pos_offset, 0));
            follow_limited(&d->ax, d->demand, d->max_vel, dt);
            break;
        case MODE_CSV:
            run_velocity(d, cw, get(d->target_vel, 0) + get(d->vel_offset, 0), d->max_acc, d->max_acc, dt);
            break;
        case MODE_PV:
            run_velocity(d, cw, get(d->target_vel, 0), profile(d->prof_acc, d->max_acc), dec, dt);
            break;
        case MODE_PP: run_pp(d, cw, dt); break;
        default: /* a mode the model does not run: hold */
            track_velocity(&d->ax, 0, d->max_acc, dt);
            d->demand = floor_counts(d->ax.p);
            break;
        }
        if (d->active_mode == MODE_CSP || d->active_mode == MODE_PP)
            follow_error(d, now);
        else
            d->fe_over = 0;
        break;
    case DS_QUICK_STOP:
    case DS_FAULT_REACTION: {
        int64_t a = d->state == DS_QUICK_STOP && (option == 1 || option == 5) ? dec : qs_dec;
        track_velocity(&d->ax, 0, a, dt);
        d->demand = floor_counts(d->ax.p);
        if (!d->ax.v) {
            if (d->state == DS_FAULT_REACTION)
                d->state = DS_FAULT;
            else if (option < 5)
                d->state = DS_SWITCH_ON_DISABLED;
        }
        break;
    }
    default:
        d->demand = floor_counts(d->ax.p);
        d->pp_target = d->demand;
        d->fe_over = 0;
        break;
    }
    if (d->state != DS_ENABLED)
        d->pp_acked = 0;
    d->cw_prev = cw;

    int64_t pos = floor_counts(d->ax.p);
    uint16_t sw = (uint16_t)(state_bits(d->state) | 0x0200); /* remote */
    if (d->state != DS_NOT_READY)
        sw |= 0x0010; /* voltage enabled */
    if (d->limited)
        sw |= 0x0800;
    if (d->state == DS_ENABLED) {
        switch (d->active_mode) {
        case MODE_PP:
            if ((!d->pp_moving || (cw & 0x0100)) && !d->ax.v)
                sw |= 0x0400; /* target reached, or halted at standstill */
            if (d->pp_acked || d->pp_has_pending)
                sw |= 0x1000;
            if (d->fe_over)
                sw |= 0x2000;
            break;
        case MODE_CSP:
            sw |= 0x1000;
            if (d->demand == pos && !d->ax.v)
                sw |= 0x0400;
            if (d->fe_over)
                sw |= 0x2000;
            break;
        case MODE_CSV:
        case MODE_PV:
            sw |= 0x1000;
            if (d->ax.v == clamp(get(d->target_vel, 0), -d->max_vel, d->max_vel))
                sw |= 0x0400;
            break;
        default: break;
        }
    } else if (!d->ax.v) {
        sw |= 0x0400;
    }
    d->statusword = sw;
    vb_entry_put(d->sw, sw);
    vb_entry_put(d->mode_disp, (int8_t)d->active_mode);
    vb_entry_put(d->pos_act, pos);
    vb_entry_put(d->pos_dem, d->demand);
    vb_entry_put(d->vel_act, d->ax.v);
    vb_entry_put(d->torque_act, 0);
}

int vb_drive_read(struct vb_drive *d, unsigned what, int64_t *value)
{
    if (!d)
        return -EINVAL;
    switch (what) {
    case 0: *value = floor_counts(d->ax.p); return 0;
    case 1: *value = d->ax.v; return 0;
    case 2: *value = d->statusword; return 0;
    case 3: *value = (int8_t)d->active_mode; return 0;
    case 4: *value = d->error; return 0;
    case 5: *value = d->demand; return 0;
    case 6: *value = d->state; return 0;
    default: return -EINVAL;
    }
}
