/* SPDX-License-Identifier: MIT */
/*
 * What a master learns from a slave's SII (EEPROM) at scan time, parsed the way IgH
 * does it: identity and alias from the fixed header (words 0x00-0x3f), then the
 * categories from word 0x40 on (STRINGS, GENERAL, FMMU, SYNCM, TXPDO, RXPDO, DC) until
 * END (0xffff). Results live in the slave's info arena.
 */
#ifndef ECAT_VBUS_SII_H
#define ECAT_VBUS_SII_H

#include "vb_util.h"

#define VB_SII_FIRST_CATEGORY 0x0040
#define VB_SII_MAX_WORDS 4096 /* IgH's EC_MAX_SII_SIZE */
#define VB_MAX_SYNCS 16       /* IgH's EC_MAX_SYNC_MANAGERS */
#define VB_MAX_FMMUS 16
#define VB_MAX_DC_SYNCS 16

#define VB_SII_CAT_STRINGS 0x000a
#define VB_SII_CAT_GENERAL 0x001e
#define VB_SII_CAT_FMMU 0x0028
#define VB_SII_CAT_SYNCM 0x0029
#define VB_SII_CAT_TXPDO 0x0032
#define VB_SII_CAT_RXPDO 0x0033
#define VB_SII_CAT_DC 0x003c
#define VB_SII_CAT_END 0xffff

/* Mailbox protocol bits of SII word 0x1c. */
#define VB_MBOX_AOE 0x01
#define VB_MBOX_EOE 0x02
#define VB_MBOX_COE 0x04
#define VB_MBOX_FOE 0x08
#define VB_MBOX_SOE 0x10
#define VB_MBOX_VOE 0x20

/* CoE details bits (GENERAL category byte 5). */
#define VB_COE_SDO 0x01
#define VB_COE_SDO_INFO 0x02
#define VB_COE_PDO_ASSIGN 0x04
#define VB_COE_PDO_CONFIG 0x08
#define VB_COE_UPLOAD_AT_STARTUP 0x10
#define VB_COE_COMPLETE_ACCESS 0x20

struct vb_pdo_entry {
    uint16_t index;
    uint8_t subindex;
    uint8_t bit_length;
    const char *name; /* never NULL; "" when unnamed */
};

struct vb_pdo {
    struct vb_pdo *next;
    uint16_t index;
    int8_t sync_index; /* -1: not assigned by default */
    uint8_t entry_count;
    uint8_t dir;       /* 1 output (RxPDO), 2 input (TxPDO), as IgH's ec_direction_t */
    const char *name;
    struct vb_pdo_entry *entries;
};

struct vb_sync {
    uint16_t physical_start_address;
    uint16_t default_length;
    uint8_t control_register;
    uint8_t enable;
    uint16_t pdo_count;
    struct vb_pdo *pdos; /* PDOs assigned to this sync manager, in order */
};

struct vb_dc_sync {
    uint32_t cycle_time0, shift_time0, shift_time1;
    int16_t sync1_factor;
    uint16_t assign_activate;
    int16_t sync0_factor;
};

struct vb_sii_info {
    /* fixed header */
    uint16_t alias;
    uint32_t vendor_id, product_code, revision_number, serial_number;
    uint16_t boot_rx_mailbox_offset, boot_rx_mailbox_size;
    uint16_t boot_tx_mailbox_offset, boot_tx_mailbox_size;
    uint16_t std_rx_mailbox_offset, std_rx_mailbox_size;
    uint16_t std_tx_mailbox_offset, std_tx_mailbox_size;
    uint16_t mailbox_protocols;
    /* STRINGS */
    uint8_t string_count;
    const char **strings;
    /* GENERAL */
    uint8_t has_general;
    const char *group, *image, *order, *name; /* "" when absent */
    uint8_t physical_layer[4];
    uint8_t coe_details;
    uint8_t general_flags;
    int16_t current_on_ebus;
    /* SYNCM, with the default PDO assignment from TXPDO/RXPDO */
    uint8_t sync_count;
    struct vb_sync syncs[VB_MAX_SYNCS];
    struct vb_pdo *pdos; /* every PDO of the PDO categories (IgH's sii.pdos) */
    /* FMMU and DC: parsed for completeness; IgH itself ignores them at scan */
    uint8_t fmmu_count;
    uint8_t fmmu_usage[VB_MAX_FMMUS];
    uint8_t dc_count;
    struct vb_dc_sync dc[VB_MAX_DC_SYNCS];
    /* 0, or the step at which parsing stopped (then the master flags the slave) */
    int error;
    char error_text[96];
};

/*
 * IgH's idea of the SII size: the word after the END category header, found by walking
 * category headers from 0x40 (words at or beyond `nwords` read as 0xffff, like an erased
 * EEPROM). Falls back to 0x40 when the walk passes VB_SII_MAX_WORDS.
 */
unsigned vb_sii_size(const uint8_t *bytes, unsigned nwords);

/*
 * Parse `nwords` SII words (little-endian bytes, as in the EEPROM) into `info` (zeroed first), allocating strings and PDOs from
 * `arena`. Returns 0, -ENOMEM, or -EINVAL when a category is malformed; then info->error
 * and info->error_text say where, and what was parsed before that point is kept (as IgH).
 */
int vb_sii_parse(struct vb_sii_info *info, const uint8_t *bytes, unsigned nwords, struct vb_arena *arena);

/* A sync manager's PDO list replaced by `pdos` (a list already in the arena). */
void vb_sii_set_sync_pdos(struct vb_sync *sync, struct vb_pdo *pdos);

#endif /* ECAT_VBUS_SII_H */
