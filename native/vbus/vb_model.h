/* SPDX-License-Identifier: MIT */
/*
 * Behaviour models of the virtual slaves (image model codes 0..6) and their parameters.
 *
 * Model parameters and scheduled faults travel in the slave record's `params` as a
 * sequence of TLV records (docs/vbus-image.md, "Model parameters"): u16 tag, u16 length,
 * value. vb_params.c parses and validates them (unknown tags, wrong lengths, values out
 * of range and tags that do not apply to the model are refused with a message naming the
 * slave, the tag and the offset); vb_model.c keeps the state of the I/O models and
 * vb_cia402.c the CiA 402 drive.
 *
 * A model sees its process data through the dictionary when the slave has one (every
 * mapped entry is unpacked into / packed from its dictionary value), otherwise through
 * vb_model_input/vb_model_output for the entries of its SII PDOs.
 */
#ifndef ECAT_VBUS_MODEL_H
#define ECAT_VBUS_MODEL_H

#include "vb_types.h"

#define VB_MODEL_GENERIC 0
#define VB_MODEL_COUPLER 1
#define VB_MODEL_DIGITAL_INPUT 2
#define VB_MODEL_DIGITAL_OUTPUT 3
#define VB_MODEL_ANALOG_INPUT 4
#define VB_MODEL_ANALOG_OUTPUT 5
#define VB_MODEL_CIA402 6

/* TLV tags. */
#define VB_TAG_INPUT_PATTERN 0x0001
#define VB_TAG_WAVEFORM 0x0002
#define VB_TAG_DRIVE_POSITION 0x0010
#define VB_TAG_DRIVE_MAX_VELOCITY 0x0011
#define VB_TAG_DRIVE_MAX_ACCELERATION 0x0012
#define VB_TAG_DRIVE_REQUIRE_DC 0x0013
#define VB_TAG_FAULT 0x0020

/* Fault kinds (vbus.h hooks and the FAULT tag). */
#define VB_FAULT_AL_ERROR 1
#define VB_FAULT_SLAVE_LOST 2
#define VB_FAULT_LINK_DOWN 3
#define VB_FAULT_WKC_DROP 4
#define VB_FAULT_SDO_ABORT 5

#define VB_MAX_CHANNELS 64
#define VB_MAX_AI_CHANNELS 16
#define VB_MAX_FAULTS 4096 /* scheduled faults per bus (image) */

/* Digital input pattern modes. */
#define VB_PATTERN_COUNTER 0 /* channel n is bit n of floor(t / period) */
#define VB_PATTERN_WALKING 1 /* channel floor(t / period) mod channels is on */
#define VB_PATTERN_CONSTANT 2

/* Waveform shapes. */
#define VB_WAVE_CONSTANT 0
#define VB_WAVE_SAWTOOTH 1
#define VB_WAVE_TRIANGLE 2
#define VB_WAVE_SQUARE 3
#define VB_WAVE_SINE 4

struct vb_fault_event {
    uint64_t cycle;     /* SEND number after ACTIVATE (1 = the first) when it fires */
    uint32_t duration;  /* cycles until it ends (lost, link, wkc-drop); 0 = stays */
    uint16_t slave;
    uint8_t kind;
    uint8_t al_state;
    uint16_t code;      /* AL status code */
    uint16_t index;     /* SDO abort */
    uint8_t subindex;
    uint32_t abort_code;
};

struct vb_waveform {
    uint8_t shape;
    int32_t min, max;
    uint32_t period_ms, phase_ms;
};

/* Parsed parameters of one slave (vb_params.c). */
struct vb_params {
    uint8_t has_pattern;
    uint8_t pattern_mode;
    uint32_t pattern_period_ms;
    uint64_t pattern_value;
    uint32_t waveform_mask; /* channels with an explicit waveform */
    struct vb_waveform wave[VB_MAX_AI_CHANNELS];
    int32_t drive_position;
    uint32_t drive_max_velocity;
    uint32_t drive_max_acceleration;
    uint8_t drive_require_dc;
    unsigned fault_count;
};

/*
 * Parse a slave's params. Faults are counted in p->fault_count and, when `faults` is not
 * NULL, written there (room for p->fault_count from a first pass). 0 or -EINVAL with a
 * message in err.
 */
int vb_params_parse(const uint8_t *b, size_t n, unsigned slave, uint8_t model, struct vb_params *p,
                    struct vb_fault_event *faults, char *err, size_t err_size);

/* Model state of a slave from its parameters (image load); -ENOMEM. */
int vb_model_init(struct vb_slave *s, const struct vb_params *p);
void vb_model_free(struct vb_slave *s);

/* Channels of an I/O model (from its SII PDOs), 0 for other models. */
unsigned vb_model_channels(const struct vb_slave *s);

/*
 * One step of the model, dt_ns of bus time after the previous one. `applied` says whether
 * the outputs just unpacked are in force (OP with valid outputs and no expired watchdog).
 */
void vb_model_step(struct vb_slave *s, uint64_t now_ns, uint64_t dt_ns, int applied);

/* Values of mapped entries a slave without dictionary serves. */
uint64_t vb_model_input(struct vb_slave *s, uint16_t index, uint8_t subindex);
void vb_model_output(struct vb_slave *s, uint16_t index, uint8_t subindex, uint64_t value);

/* The SAFEOP check of the model: 0, or the AL status code it refuses SAFEOP with. */
uint16_t vb_model_check_safeop(struct vb_slave *s);

/* Test hooks (vbus.h): inject a channel value (clear: back to the model's own), read one. */
int vb_model_inject(struct vb_slave *s, unsigned channel, int64_t value, int clear);
int vb_model_read(struct vb_slave *s, unsigned channel, int64_t *value);

/* CiA 402 drive (vb_cia402.c). */
struct vb_drive;
struct vb_drive *vb_drive_create(struct vb_slave *s, const struct vb_params *p);
void vb_drive_step(struct vb_drive *d, struct vb_slave *s, uint64_t now_ns, uint64_t dt_ns, int applied);
int vb_drive_read(struct vb_drive *d, unsigned what, int64_t *value);

/* Dictionary value helpers (little-endian, sign-extended by the entry's bit length). */
struct vb_entry *vb_model_entry(struct vb_slave *s, uint16_t index, uint8_t subindex);
int64_t vb_entry_get(const struct vb_entry *e);
void vb_entry_put(struct vb_entry *e, int64_t v);

#endif /* ECAT_VBUS_MODEL_H */
