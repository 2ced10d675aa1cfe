/* SPDX-License-Identifier: MIT */
/*
 * The virtual master's internal data model. Two halves per slave, kept apart on purpose:
 * the physical slave (its ESC registers, EEPROM, mailbox and object dictionary, which the
 * bus owns) and the master's view of it (what an IgH master learned by scanning: parsed
 * SII, states, configured mailbox), which is only ever filled through datagrams to the
 * physical half. Application-phase objects (slave configs, domains) will hang off
 * struct vbus next to the counts that stand for them today.
 */
#ifndef ECAT_VBUS_TYPES_H
#define ECAT_VBUS_TYPES_H

#include "vbus.h"
#include "vb_util.h"
#include "vb_od.h"
#include "vb_sii.h"

#define VB_MAX_SLAVES 4096
#define VB_PORTS 4
#define VB_REG_SIZE 0x1000u  /* ESC register space modelled: 0x0000-0x0fff */
#define VB_MAX_DATAGRAM 1486 /* data bytes that fit in one Ethernet frame */
#define VB_MBOX_HEADER 6
#define VB_STATION_OFFSET 1 /* configured station address = ring position + 1, as IgH assigns */

/* AL states as in the AL status register and IgH's ec_slave_state_t. */
#define VB_AL_INIT 0x01
#define VB_AL_PREOP 0x02
#define VB_AL_BOOT 0x03
#define VB_AL_SAFEOP 0x04
#define VB_AL_OP 0x08
#define VB_AL_ERR 0x10
#define VB_AL_STATE_MASK 0x0f

/* IgH's ec_master_phase_t. */
#define VB_PHASE_IDLE 1
#define VB_PHASE_OPERATION 2

struct vb_port {
    uint8_t desc; /* 0 not implemented, 1 not configured, 2 E-Bus, 3 MII */
    uint8_t link_up, loop_closed, signal_detected;
    uint16_t next_slave;
    uint32_t receive_time;
    uint32_t delay_to_next_dc;
};

/* Slave-side state of a CoE SDO transfer that spans several mailbox frames. */
struct vb_coe_server {
    uint8_t busy;    /* 0 idle, 1 segmented upload, 2 segmented download */
    uint8_t toggle;  /* toggle bit the next segment request must carry */
    uint8_t complete_access;
    uint16_t index;
    uint8_t subindex;
    uint32_t offset; /* bytes transferred so far */
    uint32_t total;  /* bytes announced */
    uint8_t *buf;    /* download: assembled data; upload: snapshot of the value */
};

struct vb_slave {
    uint16_t position;

    /* ---- the physical slave ---- */
    uint8_t model;
    uint8_t img_flags; /* image flags: DC supported, DC 64 bit, has system time, FMMU bit op */
    uint32_t img_transmission_delay;
    struct vb_port ports[VB_PORTS];
    uint8_t lost;       /* fault: the slave no longer answers datagrams */
    uint8_t *regs;      /* VB_REG_SIZE bytes of ESC registers */
    uint16_t eeprom_words;
    uint8_t *eeprom;    /* SII EEPROM, little-endian bytes */
    uint16_t mbx_cap;   /* bytes of each mailbox buffer */
    uint8_t *mbx_in;    /* what the master last wrote to SM0 */
    uint8_t *mbx_out;   /* the slave's pending answer in SM1 */
    uint16_t mbx_out_len;
    uint8_t mbx_counter; /* mailbox header counter of the last answer */
    uint8_t fw_protocols; /* mailbox protocols the slave's firmware serves (its own SII word 0x1c) */
    uint8_t fw_coe_details;
    uint8_t esc_sync_count; /* sync managers the ESC implements (8, or more if the SII lists more) */
    struct vb_coe_server coe;
    struct vb_od od;
    uint16_t param_size;
    const uint8_t *params; /* model parameters, kept for the models of a later issue */
    struct vbus_mbox_stats mbx_stats;
    uint64_t dc_latch_local; /* local time of the last delay measurement latch */

    /* ---- the master's view (what IgH keeps in ec_slave_t) ---- */
    struct vb_arena info_arena; /* sii.* strings and PDOs */
    struct vb_sii_info sii;
    uint8_t *sii_cache;         /* SII words read at the last scan (what SII_READ returns) */
    uint16_t sii_cache_cap;     /* words */
    uint16_t sii_nwords;
    uint16_t effective_alias;
    uint8_t current_state, requested_state, error_flag, scanned;
    uint16_t al_status_code;    /* last AL status code the master read */
    uint8_t base_type, base_revision;
    uint16_t base_build;
    uint8_t base_fmmu_count, base_sync_count, base_port_desc;
    uint16_t base_dl_status;   /* DL status read at the scan (port link, loop, signal) */
    uint8_t fmmu_bit, dc_supported, dc_range, has_dc_system_time;
    uint32_t receive_time[VB_PORTS];
    uint16_t cfg_rx_offset, cfg_rx_size, cfg_tx_offset, cfg_tx_size;
    uint8_t dict_fetched;

    uint8_t *block; /* the one allocation behind regs, eeprom, sii_cache and mailboxes */
};

struct vbus_file {
    struct vbus *vb;
    uint8_t writable;
    uint8_t requested;
};

struct vbus {
    const struct eca_abi *abi;
    struct vbus_options opt;
    struct ecat_port_lock *lock;
    uint8_t req_of_nr[256];        /* request number -> enum eca_req, 0xff when unused */
    uint32_t code_of_req[ECA_REQ_COUNT];

    uint64_t image_hash;
    uint8_t mac[6];
    uint8_t link_up;               /* from the image */
    uint8_t link_fault;            /* fault: main link down */
    uint16_t slave_count;          /* slaves on the virtual bus */
    uint16_t master_slaves;        /* slaves the master found at its last scan (0 without link) */
    struct vb_slave *slaves;

    uint8_t phase;
    struct vbus_file *reserved_by;
    unsigned open_files;
    unsigned debug_level;
    uint16_t scan_index;
    uint8_t scan_busy;
    uint64_t app_time, dc_ref_time;
    uint16_t ref_clock;            /* ring position, 0xffff for none */

    /* frame statistics */
    uint64_t t_link_since;         /* monotonic ns when the link last came up, 0 while down */
    uint64_t link_ns;              /* link-up time accumulated before t_link_since */
    uint64_t extra_frames, extra_bytes; /* frames of the datagrams the master sent on request */

    /* application phase (later issue): only the counts exist so far */
    unsigned config_count, domain_count;

    uint8_t *arg; /* scratch for one ioctl argument (ECA_MAX_ARG_SIZE), used under the lock */
};

#endif /* ECAT_VBUS_TYPES_H */
