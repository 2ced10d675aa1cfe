/* SPDX-License-Identifier: MIT */
/*
 * Model parameters and scheduled faults of a slave record (docs/vbus-image.md, "Model
 * parameters"): TLV records u16 tag, u16 length, value. Untrusted input: every length is
 * checked, unknown tags and tags that do not belong to the slave's model are refused.
 */
#include "vb_model.h"

#define ERR(...) (vb_fmt(err, err_size, __VA_ARGS__), -EINVAL)

static const char *model_name(uint8_t model)
{
    static const char *const names[] = {"generic",      "coupler",       "digital-input", "digital-output",
                                        "analog-input", "analog-output", "cia402"};
    return model < 7 ? names[model] : "?";
}

static int64_t le_s32(const uint8_t *p)
{
    return (int32_t)vb_le32(p);
}

static int parse_fault(const uint8_t *v, unsigned len, unsigned slave, unsigned at, struct vb_fault_event *f,
                       char *err, size_t err_size)
{
    if (len < 12)
        return ERR("slave %u: params: fault at offset %u: %u bytes, a fault needs at least 12", slave, at, len);
    ecat_memset(f, 0, sizeof *f);
    f->cycle = vb_le32(v);
    f->kind = v[4];
    f->duration = vb_le32(v + 8);
    f->slave = (uint16_t)slave;
    if (v[5] || vb_le16(v + 6))
        return ERR("slave %u: params: fault at offset %u: reserved bytes are not 0", slave, at);
    if (!f->cycle)
        return ERR("slave %u: params: fault at offset %u: cycle 0; the first cycle after activation is 1", slave, at);
    unsigned need = 12;
    switch (f->kind) {
    case VB_FAULT_AL_ERROR:
        need = 16;
        if (len == need) {
            f->al_state = v[12];
            f->code = vb_le16(v + 14);
            if (f->al_state != VB_AL_INIT && f->al_state != VB_AL_PREOP && f->al_state != VB_AL_SAFEOP &&
                f->al_state != VB_AL_OP)
                return ERR("slave %u: params: al-error fault at offset %u: state %u is not 1, 2, 4 or 8", slave, at,
                           f->al_state);
            if (v[13])
                return ERR("slave %u: params: al-error fault at offset %u: reserved byte is not 0", slave, at);
        }
        break;
    case VB_FAULT_SDO_ABORT:
        need = 20;
        if (len == need) {
            f->index = vb_le16(v + 12);
            f->subindex = v[14];
            f->abort_code = vb_le32(v + 16);
            if (v[15])
                return ERR("slave %u: params: sdo-abort fault at offset %u: reserved byte is not 0", slave, at);
            if (!f->abort_code)
                return ERR("slave %u: params: sdo-abort fault at offset %u: abort code 0", slave, at);
        }
        break;
    case VB_FAULT_SLAVE_LOST:
    case VB_FAULT_LINK_DOWN:
    case VB_FAULT_WKC_DROP:
        break;
    default:
        return ERR("slave %u: params: fault at offset %u: kind %u is not 1..5", slave, at, f->kind);
    }
    if (len != need)
        return ERR("slave %u: params: fault at offset %u: kind %u takes %u bytes, not %u", slave, at, f->kind, need,
                   len);
    if (f->duration && (f->kind == VB_FAULT_AL_ERROR || f->kind == VB_FAULT_SDO_ABORT))
        return ERR("slave %u: params: fault at offset %u: kind %u has no duration", slave, at, f->kind);
    return 0;
}

int vb_params_parse(const uint8_t *b, size_t n, unsigned slave, uint8_t model, struct vb_params *p,
                    struct vb_fault_event *faults, char *err, size_t err_size)
{
    ecat_memset(p, 0, sizeof *p);
    p->pattern_period_ms = 100;
    p->drive_max_velocity = 2000000;
    p->drive_max_acceleration = 20000000;
    size_t at = 0;
    while (at < n) {
        if (n - at < 4)
            return ERR("slave %u: params: %u bytes at offset %u do not hold a tag and a length", slave,
                       (unsigned)(n - at), (unsigned)at);
        uint16_t tag = vb_le16(b + at), len = vb_le16(b + at + 2);
        const uint8_t *v = b + at + 4;
        unsigned off = (unsigned)at;
        if (n - at - 4 < len)
            return ERR("slave %u: params: tag 0x%04x at offset %u: length %u runs past the %u parameter bytes", slave,
                       tag, off, len, (unsigned)n);
        at += 4u + len;
        uint8_t want = 0xff; /* model the tag belongs to, 0xff: any */
        unsigned size = 0;
        switch (tag) {
        case VB_TAG_INPUT_PATTERN: want = VB_MODEL_DIGITAL_INPUT; size = 16; break;
        case VB_TAG_WAVEFORM: want = VB_MODEL_ANALOG_INPUT; size = 20; break;
        case VB_TAG_DRIVE_POSITION:
        case VB_TAG_DRIVE_MAX_VELOCITY:
        case VB_TAG_DRIVE_MAX_ACCELERATION: want = VB_MODEL_CIA402; size = 4; break;
        case VB_TAG_DRIVE_REQUIRE_DC: want = VB_MODEL_CIA402; size = 1; break;
        case VB_TAG_FAULT: size = len; break;
        default:
            return ERR("slave %u: params: unknown tag 0x%04x at offset %u", slave, tag, off);
        }
        if (want != 0xff && want != model)
            return ERR("slave %u: params: tag 0x%04x at offset %u is for model %s, this slave is %s", slave, tag,
                       off, model_name(want), model_name(model));
        if (len != size)
            return ERR("slave %u: params: tag 0x%04x at offset %u: length %u, expected %u", slave, tag, off, len,
                       size);
        switch (tag) {
        case VB_TAG_INPUT_PATTERN:
            p->has_pattern = 1;
            p->pattern_period_ms = vb_le32(v);
            p->pattern_mode = v[4];
            p->pattern_value = vb_le64(v + 8);
            if (!p->pattern_period_ms)
                return ERR("slave %u: params: input pattern at offset %u: period 0 ms", slave, off);
            if (p->pattern_mode > VB_PATTERN_CONSTANT)
                return ERR("slave %u: params: input pattern at offset %u: mode %u is not 0..2", slave, off,
                           p->pattern_mode);
            if (v[5] || v[6] || v[7])
                return ERR("slave %u: params: input pattern at offset %u: reserved bytes are not 0", slave, off);
            break;
        case VB_TAG_WAVEFORM: {
            unsigned ch = v[0];
            struct vb_waveform w = {v[1], (int32_t)le_s32(v + 4), (int32_t)le_s32(v + 8), vb_le32(v + 12),
                                    vb_le32(v + 16)};
            if (ch >= VB_MAX_AI_CHANNELS)
                return ERR("slave %u: params: waveform at offset %u: channel %u is not 0..%u", slave, off, ch,
                           VB_MAX_AI_CHANNELS - 1);
            if (w.shape > VB_WAVE_SINE)
                return ERR("slave %u: params: waveform at offset %u: shape %u is not 0..4", slave, off, w.shape);
            if (vb_le16(v + 2))
                return ERR("slave %u: params: waveform at offset %u: reserved bytes are not 0", slave, off);
            if (w.min > w.max || w.min < -32768 || w.max > 32767)
                return ERR("slave %u: params: waveform at offset %u: min %d / max %d must satisfy "
                           "-32768 <= min <= max <= 32767",
                           slave, off, (int)w.min, (int)w.max);
            if (!w.period_ms)
                return ERR("slave %u: params: waveform at offset %u: period 0 ms", slave, off);
            if (p->waveform_mask & (1u << ch))
                return ERR("slave %u: params: waveform at offset %u: channel %u given twice", slave, off, ch);
            p->waveform_mask |= 1u << ch;
            p->wave[ch] = w;
            break;
        }
        case VB_TAG_DRIVE_POSITION: p->drive_position = (int32_t)le_s32(v); break;
        case VB_TAG_DRIVE_MAX_VELOCITY:
            p->drive_max_velocity = vb_le32(v);
            if (!p->drive_max_velocity || p->drive_max_velocity > 0x7fffffffu)
                return ERR("slave %u: params: max velocity at offset %u: %u is not 1..2147483647", slave, off,
                           p->drive_max_velocity);
            break;
        case VB_TAG_DRIVE_MAX_ACCELERATION:
            p->drive_max_acceleration = vb_le32(v);
            if (!p->drive_max_acceleration)
                return ERR("slave %u: params: max acceleration at offset %u: 0", slave, off);
            break;
        case VB_TAG_DRIVE_REQUIRE_DC:
            if (v[0] > 1)
                return ERR("slave %u: params: require-dc at offset %u: %u is not 0 or 1", slave, off, v[0]);
            p->drive_require_dc = v[0];
            break;
        case VB_TAG_FAULT: {
            struct vb_fault_event f;
            int r = parse_fault(v, len, slave, off, &f, err, err_size);
            if (r)
                return r;
            if (faults)
                faults[p->fault_count] = f;
            p->fault_count++;
            break;
        }
        default: break;
        }
    }
    return 0;
}
