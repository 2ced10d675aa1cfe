/* SPDX-License-Identifier: MIT */
/*
 * The I/O models and the model dispatch (see vb_model.h):
 * - digital input: channel n follows a pattern of bus time (default: bit n of a counter
 *   that counts every 100 ms) unless a value was injected;
 * - digital output: the outputs in force (OP, valid outputs, watchdog not expired; else 0);
 * - analog input: an integer waveform per channel (default: triangle 0..32767, 1 s, phase
 *   shifted by a quarter period per channel), with the terminal's status bits (underrange,
 *   overrange, limit 1/2 against 0x80n0:13/14 when enabled, error, TxPDO toggle), user
 *   scaling (0x80n0:01/11/12) and presentation (0x80n0:02);
 * - analog output: the value in force; without valid outputs the watchdog setting
 *   0x80n0:05 decides (0 and 1: default output 0x80n0:13, 2: keep the last value);
 * - coupler and generic: no behaviour of their own (generic process data is the
 *   dictionary values of the mapped objects, vb_pd.c).
 */
#include "vb_model.h"
#include "vb_esc.h"
#include "vb_sii.h"

#define AI_FIELDS 8
static const uint8_t ai_subs[AI_FIELDS] = {0x01, 0x02, 0x03, 0x05, 0x07, 0x0f, 0x10, 0x11};

/* Per-channel state of the analog models. */
struct vb_ana_ch {
    struct vb_waveform wave;
    int16_t raw, value;       /* input: waveform value, value after scaling and presentation */
    int16_t out, applied;     /* output: as last unpacked, in force */
    uint8_t status[AI_FIELDS];
    struct vb_entry *e[AI_FIELDS];   /* 0x60n0 entries of an input */
    struct vb_entry *set[0x15];      /* 0x80n0 settings by subindex */
};

struct vb_model {
    uint8_t kind;
    unsigned channels;
    uint8_t pattern_mode;
    uint32_t pattern_period_ms;
    uint64_t pattern_value;
    uint64_t inject_mask;
    uint64_t di_bits;
    uint64_t do_bits;     /* outputs as last unpacked */
    uint64_t do_applied;  /* outputs in force */
    int64_t *inject;      /* channels */
    struct vb_entry **ch_entry; /* channels: DI/DO :01, AO :11 */
    struct vb_ana_ch *ana;      /* channels, analog models only */
    struct vb_drive *drive;
    uint8_t require_dc;
};

/* ---- dictionary value helpers ---- */

struct vb_entry *vb_model_entry(struct vb_slave *s, uint16_t index, uint8_t subindex)
{
    const struct vb_object *o = s->od.count ? vb_od_find(&s->od, index) : NULL;
    return o ? vb_od_entry(o, subindex) : NULL;
}

static int signed_type(uint16_t t)
{
    return t == 0x0002 || t == 0x0003 || t == 0x0004 || t == 0x0010 || (t >= 0x0012 && t <= 0x0015);
}

int64_t vb_entry_get(const struct vb_entry *e)
{
    if (!e)
        return 0;
    uint8_t b[8] = {0};
    ecat_memcpy(b, e->value, e->cap < 8 ? e->cap : 8);
    uint64_t v = vb_le64(b);
    unsigned bits = e->bit_length < 64 ? e->bit_length : 64;
    if (bits < 64) {
        v &= (1ull << bits) - 1u;
        if (signed_type(e->data_type) && (v >> (bits - 1)) & 1u)
            v |= ~((1ull << bits) - 1u);
    }
    return (int64_t)v;
}

void vb_entry_put(struct vb_entry *e, int64_t v)
{
    if (!e)
        return;
    uint8_t b[8];
    uint64_t u = (uint64_t)v;
    if (e->bit_length < 64)
        u &= (1ull << e->bit_length) - 1u;
    vb_put64(b, u);
    ecat_memcpy(e->value, b, e->cap < 8 ? e->cap : 8);
}

/* ---- channels ---- */

static uint16_t channel_base(uint8_t kind)
{
    return kind == VB_MODEL_DIGITAL_INPUT || kind == VB_MODEL_ANALOG_INPUT ? 0x6000 : 0x7000;
}

static uint8_t channel_sub(uint8_t kind)
{
    return kind == VB_MODEL_DIGITAL_INPUT || kind == VB_MODEL_DIGITAL_OUTPUT ? 0x01 : 0x11;
}

static int channel_of(const struct vb_model *m, uint16_t index)
{
    uint16_t base = channel_base(m->kind);
    if (index < base || (index - base) % 0x10 || (index - base) / 0x10 >= VB_MAX_CHANNELS)
        return -1;
    return (index - base) / 0x10;
}

/* Channels from the dictionary, else from the SII PDO entries. */
static unsigned count_channels(struct vb_slave *s, const struct vb_model *m)
{
    unsigned max = m->kind == VB_MODEL_ANALOG_INPUT || m->kind == VB_MODEL_ANALOG_OUTPUT ? VB_MAX_AI_CHANNELS
                                                                                         : VB_MAX_CHANNELS;
    unsigned n = 0;
    uint16_t base = channel_base(m->kind);
    uint8_t sub = channel_sub(m->kind);
    if (s->od.count) {
        for (unsigned ch = 0; ch < max; ch++)
            if (vb_model_entry(s, (uint16_t)(base + 0x10 * ch), sub))
                n = ch + 1;
        return n;
    }
    struct vb_arena tmp = {0};
    struct vb_sii_info *info = ecat_port_zalloc(sizeof *info);
    if (!info)
        return 0;
    if (vb_sii_parse(info, s->eeprom, s->eeprom_words, &tmp) != -ENOMEM)
        for (const struct vb_pdo *p = info->pdos; p; p = p->next)
            for (unsigned i = 0; i < p->entry_count; i++) {
                int ch = channel_of(m, p->entries[i].index);
                if (ch >= 0 && (unsigned)ch < max && p->entries[i].subindex == sub && (unsigned)ch + 1 > n)
                    n = (unsigned)ch + 1;
            }
    vb_arena_free(&tmp);
    ecat_port_free(info);
    return n;
}

int vb_model_init(struct vb_slave *s, const struct vb_params *p)
{
    /* slaves with their own microcontroller run the ESM in firmware; an OP request waits for
     * outputs there (a drive or CoE terminal), while ESC-only terminals switch at once */
    s->firmware = (uint8_t)(s->fw_protocols != 0 || s->model == VB_MODEL_CIA402);
    s->wants_outputs = s->firmware;
    if (s->model < VB_MODEL_DIGITAL_INPUT || s->model > VB_MODEL_CIA402)
        return 0; /* generic and coupler: nothing of their own */
    struct vb_model probe = {0};
    probe.kind = s->model;
    unsigned channels = s->model == VB_MODEL_CIA402 ? 0 : count_channels(s, &probe);
    int analog = s->model == VB_MODEL_ANALOG_INPUT || s->model == VB_MODEL_ANALOG_OUTPUT;
    size_t size = sizeof(struct vb_model) + channels * (sizeof(int64_t) + sizeof(struct vb_entry *)) +
                  (analog ? channels * sizeof(struct vb_ana_ch) : 0);
    uint8_t *block = ecat_port_zalloc(size);
    if (!block)
        return -ENOMEM;
    struct vb_model *m = (struct vb_model *)(void *)block;
    uint8_t *tail = block + sizeof *m;
    m->kind = s->model;
    m->channels = channels;
    m->inject = (int64_t *)(void *)tail;
    tail += channels * sizeof(int64_t);
    m->ch_entry = (struct vb_entry **)(void *)tail;
    tail += channels * sizeof(struct vb_entry *);
    if (analog)
        m->ana = (struct vb_ana_ch *)(void *)tail;
    m->pattern_mode = p->pattern_mode;
    m->pattern_period_ms = p->pattern_period_ms ? p->pattern_period_ms : 100;
    m->pattern_value = p->pattern_value;
    m->require_dc = p->drive_require_dc;
    s->model_state = m;
    uint16_t base = channel_base(m->kind);
    for (unsigned ch = 0; ch < channels; ch++) {
        uint16_t index = (uint16_t)(base + 0x10 * ch);
        m->ch_entry[ch] = vb_model_entry(s, index, channel_sub(m->kind));
        if (!analog)
            continue;
        struct vb_ana_ch *a = &m->ana[ch];
        struct vb_waveform w = {VB_WAVE_TRIANGLE, 0, 32767, 1000, 250u * ch};
        a->wave = (ch < VB_MAX_AI_CHANNELS && (p->waveform_mask & (1u << ch))) ? p->wave[ch] : w;
        if (m->kind == VB_MODEL_ANALOG_INPUT)
            for (unsigned f = 0; f < AI_FIELDS; f++)
                a->e[f] = vb_model_entry(s, index, ai_subs[f]);
        for (unsigned k = 0; k < 0x15; k++)
            a->set[k] = vb_model_entry(s, (uint16_t)(0x8000 + 0x10 * ch), (uint8_t)k);
    }
    if (m->kind == VB_MODEL_CIA402) {
        m->drive = vb_drive_create(s, p);
        if (!m->drive)
            return -ENOMEM;
    }
    return 0;
}

void vb_model_free(struct vb_slave *s)
{
    struct vb_model *m = s->model_state;
    if (!m)
        return;
    if (m->drive)
        ecat_port_free(m->drive);
    ecat_port_free(m); /* one block with its channel arrays */
    s->model_state = NULL;
}

unsigned vb_model_channels(const struct vb_slave *s)
{
    return s->model_state ? s->model_state->channels : 0;
}

/* ---- digital input ---- */

static void di_step(struct vb_model *m, uint64_t now)
{
    uint64_t k = now / 1000000u / m->pattern_period_ms;
    uint64_t bits;
    switch (m->pattern_mode) {
    case VB_PATTERN_WALKING: bits = m->channels ? 1ull << (k % m->channels) : 0; break;
    case VB_PATTERN_CONSTANT: bits = m->pattern_value; break;
    default: bits = k; break;
    }
    for (unsigned ch = 0; ch < m->channels; ch++)
        if (m->inject_mask & (1ull << ch))
            bits = (bits & ~(1ull << ch)) | ((uint64_t)(m->inject[ch] != 0) << ch);
    if (m->channels < 64)
        bits &= (1ull << m->channels) - 1u;
    m->di_bits = bits;
    for (unsigned ch = 0; ch < m->channels; ch++)
        vb_entry_put(m->ch_entry[ch], (int64_t)((bits >> ch) & 1u));
}

/* ---- analog input ---- */

/* sin(x) for x in quarter-wave steps of 1/64, scaled to 32767 (integers only) */
static const int16_t quarter_sine[65] = {
    0,     804,   1608,  2410,  3212,  4011,  4808,  5602,  6393,  7179,  7962,  8739,  9512,
    10278, 11039, 11793, 12539, 13279, 14010, 14732, 15446, 16151, 16846, 17530, 18204, 18868,
    19519, 20159, 20787, 21403, 22005, 22594, 23170, 23731, 24279, 24811, 25329, 25832, 26319,
    26790, 27245, 27683, 28105, 28510, 28898, 29268, 29621, 29956, 30273, 30571, 30852, 31113,
    31356, 31580, 31785, 31971, 32137, 32285, 32412, 32521, 32609, 32678, 32728, 32757, 32767};

/* A waveform at bus time `now_ms`: an integer in [min, max]. */
static int32_t wave_value(const struct vb_waveform *w, uint64_t now_ms)
{
    int64_t span = (int64_t)w->max - w->min;
    uint64_t t = (now_ms + w->phase_ms) % w->period_ms;
    int64_t v;
    switch (w->shape) {
    case VB_WAVE_CONSTANT: v = w->min; break;
    case VB_WAVE_SAWTOOTH: v = w->min + span * (int64_t)t / (int64_t)w->period_ms; break;
    case VB_WAVE_SQUARE: v = t < w->period_ms / 2 ? w->max : w->min; break;
    case VB_WAVE_SINE: {
        uint64_t step = t * 256u / w->period_ms; /* 0..255 */
        unsigned q = (unsigned)(step / 64), r = (unsigned)(step % 64);
        int32_t sn = (q & 1) ? quarter_sine[64 - r] : quarter_sine[r];
        if (q >= 2)
            sn = -sn;
        v = w->min + span * (sn + 32767) / 65534;
        break;
    }
    default: { /* triangle */
        uint64_t half = w->period_ms / 2 ? w->period_ms / 2 : 1;
        uint64_t up = t < half ? t : w->period_ms - t;
        v = w->min + span * (int64_t)(up > half ? half : up) / (int64_t)half;
        break;
    }
    }
    return (int32_t)v;
}

static int64_t setting(const struct vb_model *m, unsigned ch, unsigned sub, int64_t dflt)
{
    const struct vb_entry *e = sub < 0x15 ? m->ana[ch].set[sub] : NULL;
    return e ? vb_entry_get(e) : dflt;
}

static int16_t clamp16(int64_t v)
{
    return (int16_t)(v < -32768 ? -32768 : v > 32767 ? 32767 : v);
}

static uint8_t limit_flags(int16_t v, int64_t limit)
{
    return v > limit ? 1 : v < limit ? 2 : 3;
}

static void ai_step(struct vb_model *m, uint64_t now)
{
    uint64_t now_ms = now / 1000000u;
    for (unsigned ch = 0; ch < m->channels; ch++) {
        struct vb_ana_ch *a = &m->ana[ch];
        int64_t raw = (m->inject_mask & (1ull << ch)) ? m->inject[ch] : wave_value(&a->wave, now_ms);
        int16_t r16 = clamp16(raw);
        int64_t v = r16;
        if (setting(m, ch, 0x01, 0)) /* user scale: value * gain / 65536 + offset */
            v = v * setting(m, ch, 0x12, 65536) / 65536 + setting(m, ch, 0x11, 0);
        uint8_t under = v < -32768 || r16 == -32768, over = v > 32767 || r16 == 32767;
        int16_t scaled = clamp16(v), out = scaled;
        switch (setting(m, ch, 0x02, 0)) {
        case 1: out = out < 0 ? 0 : out; break; /* unsigned */
        case 2: /* absolute value, sign in the MSB */
            out = out < 0 ? (int16_t)(uint16_t)(0x8000u | (uint16_t)(-(int32_t)out & 0x7fff)) : out;
            break;
        default: break;
        }
        uint8_t *st = a->status;
        st[0] = under;
        st[1] = over;
        st[2] = setting(m, ch, 0x07, 0) ? limit_flags(scaled, setting(m, ch, 0x13, 0)) : 0;
        st[3] = setting(m, ch, 0x08, 0) ? limit_flags(scaled, setting(m, ch, 0x14, 0)) : 0;
        st[4] = (uint8_t)(under || over);
        st[5] = 0;
        st[6] ^= 1u; /* TxPDO toggle: a new value */
        a->raw = r16;
        a->value = out;
        for (unsigned f = 0; f < AI_FIELDS - 1; f++)
            vb_entry_put(a->e[f], st[f]);
        vb_entry_put(a->e[AI_FIELDS - 1], out);
    }
}

/* ---- outputs ---- */

static void do_step(struct vb_model *m, int applied)
{
    uint64_t bits = 0;
    if (applied) {
        for (unsigned ch = 0; ch < m->channels; ch++)
            if (m->ch_entry[ch])
                m->do_bits = (m->do_bits & ~(1ull << ch)) | ((uint64_t)(vb_entry_get(m->ch_entry[ch]) & 1) << ch);
        bits = m->do_bits;
    }
    m->do_applied = bits; /* no valid outputs: every output off */
}

static void ao_step(struct vb_model *m, int applied)
{
    for (unsigned ch = 0; ch < m->channels; ch++) {
        struct vb_ana_ch *a = &m->ana[ch];
        if (applied) {
            if (m->ch_entry[ch])
                a->out = (int16_t)vb_entry_get(m->ch_entry[ch]);
            a->applied = a->out;
        } else if (setting(m, ch, 0x05, 0) != 2) {
            a->applied = (int16_t)setting(m, ch, 0x13, 0); /* default output */
        }
    }
}

void vb_model_step(struct vb_slave *s, uint64_t now_ns, uint64_t dt_ns, int applied)
{
    struct vb_model *m = s->model_state;
    if (!m)
        return;
    switch (m->kind) {
    case VB_MODEL_DIGITAL_INPUT: di_step(m, now_ns); break;
    case VB_MODEL_DIGITAL_OUTPUT: do_step(m, applied); break;
    case VB_MODEL_ANALOG_INPUT: ai_step(m, now_ns); break;
    case VB_MODEL_ANALOG_OUTPUT: ao_step(m, applied); break;
    case VB_MODEL_CIA402: vb_drive_step(m->drive, s, now_ns, dt_ns, applied); break;
    default: break;
    }
}

uint64_t vb_model_input(struct vb_slave *s, uint16_t index, uint8_t subindex)
{
    struct vb_model *m = s->model_state;
    if (!m)
        return 0;
    int ch = channel_of(m, index);
    if (ch < 0 || (unsigned)ch >= m->channels)
        return 0;
    if (m->kind == VB_MODEL_DIGITAL_INPUT)
        return subindex == 0x01 ? (m->di_bits >> ch) & 1u : 0;
    if (m->kind == VB_MODEL_ANALOG_INPUT) {
        for (unsigned f = 0; f < AI_FIELDS - 1; f++)
            if (ai_subs[f] == subindex)
                return m->ana[ch].status[f];
        if (subindex == 0x11)
            return (uint16_t)m->ana[ch].value;
    }
    return 0;
}

void vb_model_output(struct vb_slave *s, uint16_t index, uint8_t subindex, uint64_t value)
{
    struct vb_model *m = s->model_state;
    if (!m)
        return;
    int ch = channel_of(m, index);
    if (ch < 0 || (unsigned)ch >= m->channels)
        return;
    if (m->kind == VB_MODEL_DIGITAL_OUTPUT && subindex == 0x01)
        m->do_bits = (m->do_bits & ~(1ull << ch)) | ((value & 1u) << ch);
    else if (m->kind == VB_MODEL_ANALOG_OUTPUT && subindex == 0x11)
        m->ana[ch].out = (int16_t)value;
}

uint16_t vb_model_check_safeop(struct vb_slave *s)
{
    struct vb_model *m = s->model_state;
    if (!m || m->kind != VB_MODEL_CIA402 || !m->require_dc)
        return 0;
    /* SYNC0 must be active: cyclic unit and SYNC0 activated (0x0981), a cycle time (0x09A0) */
    if ((s->regs[0x0981] & 0x03) != 0x03 || !vb_le32(s->regs + 0x09a0))
        return 0x0030;
    return 0;
}

int vb_model_inject(struct vb_slave *s, unsigned channel, int64_t value, int clear)
{
    struct vb_model *m = s->model_state;
    if (!m || (m->kind != VB_MODEL_DIGITAL_INPUT && m->kind != VB_MODEL_ANALOG_INPUT) || channel >= m->channels)
        return -EINVAL;
    if (clear) {
        m->inject_mask &= ~(1ull << channel);
    } else {
        m->inject_mask |= 1ull << channel;
        m->inject[channel] = value;
    }
    return 0;
}

int vb_model_read(struct vb_slave *s, unsigned channel, int64_t *value)
{
    struct vb_model *m = s->model_state;
    if (!m)
        return -EINVAL;
    if (m->kind == VB_MODEL_CIA402)
        return vb_drive_read(m->drive, channel, value);
    if (channel >= m->channels)
        return -EINVAL;
    switch (m->kind) {
    case VB_MODEL_DIGITAL_INPUT: *value = (int64_t)((m->di_bits >> channel) & 1u); return 0;
    case VB_MODEL_DIGITAL_OUTPUT: *value = (int64_t)((m->do_applied >> channel) & 1u); return 0;
    case VB_MODEL_ANALOG_INPUT: *value = m->ana[channel].value; return 0;
    case VB_MODEL_ANALOG_OUTPUT: *value = m->ana[channel].applied; return 0;
    default: return -EINVAL;
    }
}
