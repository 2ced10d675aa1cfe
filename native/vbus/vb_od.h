/* SPDX-License-Identifier: MIT */
/*
 * A virtual slave's CoE object dictionary: objects and entries from the topology image,
 * each entry with its current value (strings and domains with their current length), and
 * the checks a CoE server applies before it reads or writes a value. The checks return
 * CoE SDO abort codes (0 = allowed). Nothing here knows about mailboxes or frames.
 */
#ifndef ECAT_VBUS_OD_H
#define ECAT_VBUS_OD_H

#include "vb_util.h"

/* Entry access bits, as in the image and in the SDO Information service. */
#define VB_ACC_RD_PREOP 0x01
#define VB_ACC_RD_SAFEOP 0x02
#define VB_ACC_RD_OP 0x04
#define VB_ACC_WR_PREOP 0x08
#define VB_ACC_WR_SAFEOP 0x10
#define VB_ACC_WR_OP 0x20
#define VB_ACC_RD_ANY 0x07
#define VB_ACC_WR_ANY 0x38

/* Entry flags from the image. */
#define VB_EF_HAS_MIN 0x01
#define VB_EF_HAS_MAX 0x02
#define VB_EF_VOLATILE 0x04 /* process value: changes by itself, not saved in the state blob */

/* Object codes. */
#define VB_OBJ_VAR 7
#define VB_OBJ_ARRAY 8
#define VB_OBJ_RECORD 9

/* SDO abort codes the virtual slaves give (ETG.1000.6 / CiA 301 numbers). */
#define VB_ABORT_TOGGLE 0x05030000u
#define VB_ABORT_TIMEOUT 0x05040000u
#define VB_ABORT_COMMAND 0x05040001u
#define VB_ABORT_NO_MEMORY 0x05040005u
#define VB_ABORT_UNSUPPORTED 0x06010000u
#define VB_ABORT_WRITE_ONLY 0x06010001u
#define VB_ABORT_READ_ONLY 0x06010002u
#define VB_ABORT_NO_COMPLETE_ACCESS 0x06010004u
#define VB_ABORT_NO_OBJECT 0x06020000u
#define VB_ABORT_LENGTH 0x06070010u
#define VB_ABORT_LENGTH_HIGH 0x06070012u
#define VB_ABORT_LENGTH_LOW 0x06070013u
#define VB_ABORT_NO_SUBINDEX 0x06090011u
#define VB_ABORT_RANGE 0x06090030u
#define VB_ABORT_TOO_HIGH 0x06090031u
#define VB_ABORT_TOO_LOW 0x06090032u
#define VB_ABORT_GENERAL 0x08000000u
#define VB_ABORT_STATE 0x08000022u

struct vb_entry {
    uint8_t subindex;
    uint8_t access;
    uint16_t data_type;
    uint16_t bit_length;
    uint16_t flags;
    uint16_t cap; /* storage bytes: ceil(bit_length / 8) */
    uint16_t len; /* current value length (== cap except for variable-length types) */
    uint64_t min, max;
    const char *name;
    uint8_t *value; /* cap bytes */
};

struct vb_object {
    uint16_t index;
    uint8_t object_code;
    uint8_t max_subindex;
    uint16_t entry_count;
    const char *name;
    struct vb_entry *entries; /* ascending subindex */
};

struct vb_od {
    uint16_t count;
    struct vb_object *objects; /* ascending index */
    struct vb_arena arena;     /* objects, entries, names and values */
};

/* AL state (1 INIT, 2 PREOP, 3 BOOT, 4 SAFEOP, 8 OP) to the access column 0..2, or -1. */
int vb_od_state_column(uint8_t al_state);

const struct vb_object *vb_od_find(const struct vb_od *od, uint16_t index);
struct vb_entry *vb_od_entry(const struct vb_object *obj, uint8_t subindex);

/* Data types whose values may be shorter than their capacity. */
int vb_od_variable_length(uint16_t data_type);

/* Access checks in the given AL state: 0 or an abort code. */
uint32_t vb_od_check_read(const struct vb_entry *e, uint8_t al_state);
uint32_t vb_od_check_write(const struct vb_entry *e, uint8_t al_state);

/* Length and range checks of a value about to be written: 0 or an abort code. */
uint32_t vb_od_check_value(const struct vb_entry *e, const uint8_t *data, size_t n);

/* Store a checked value (n <= cap; fixed-size types are zero-padded to cap). */
void vb_od_store(struct vb_entry *e, const uint8_t *data, size_t n);

/*
 * Complete access: size in bytes of subindex 0 (padded to 16 bits) plus entries 1..count
 * packed at bit granularity; and the checked write of such a block. Returns an abort code.
 */
size_t vb_od_ca_size(const struct vb_object *obj, unsigned count);
uint32_t vb_od_ca_write(const struct vb_object *obj, uint8_t al_state, const uint8_t *data, size_t n);

void vb_od_free(struct vb_od *od);

#endif /* ECAT_VBUS_OD_H */
