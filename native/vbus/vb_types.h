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

struct vb_sc;
struct vb_job;
struct vb_model;
struct vb_pd_map;
struct vb_domain;
struct vb_fmmu_ix;
struct vb_opm;
struct vb_fault_event;

/* A process data sync manager as the slave set it up when it accepted SAFEOP. */
struct vb_pd_sm {
    uint16_t start, len; /* physical address and length of the buffer */
    uint8_t index;
    uint8_t dir;         /* 1 outputs (ECAT writes), 2 inputs (ECAT reads) */
    uint8_t watchdog;    /* watchdog trigger enabled (control bit 6) */
    uint8_t written;     /* outputs: the last byte was written since the last model step */
};

#define VB_PD_SMS 8 /* process data sync managers a virtual slave serves */

struct vb_slave {
    uint16_t position;
    struct vbus *bus;

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
    uint8_t *mbx_answer; /* the master's copy of the last answer it fetched (mbx_cap bytes) */
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

    /* ---- the physical slave: process data (vb_pd.c) and behaviour model (vb_model*.c) ---- */
    uint8_t firmware;       /* a microcontroller runs the ESM (mailbox or drive), not the ESC alone */
    uint8_t wants_outputs;  /* SAFEOP -> OP waits for the first valid outputs */
    uint8_t pd_active;      /* process data sync managers set up (SAFEOP or OP) */
    uint8_t pending_op;     /* OP requested, waiting for valid outputs */
    uint8_t outputs_valid;  /* outputs received since entering SAFEOP */
    uint8_t wd_expired;     /* the SM watchdog expired (outputs in their safe state) */
    uint8_t wkc_drop;       /* fault: process data datagrams pass the slave untouched */
    uint8_t dg_flags;       /* working counter bits already given to the current datagram */
    uint32_t dg_seq;        /* datagram the flags belong to */
    uint32_t step_seq;      /* SEND in which the model last ran */
    uint8_t pd_sm_count;
    struct vb_pd_sm pd_sm[VB_PD_SMS];
    uint16_t pd_ram_base;   /* ESC memory behind the process data sync managers */
    uint16_t pd_ram_len;
    uint8_t *pd_ram;
    struct vb_pd_map *pd_map; /* mapped entries: outputs first (pd_out_n), then inputs */
    uint16_t pd_out_n, pd_in_n;
    uint64_t wd_ns;          /* SM watchdog time, 0 when off */
    uint64_t last_out_time;  /* bus time of the last complete output write */
    uint64_t pending_since;  /* bus time OP was requested */
    uint64_t model_time;     /* bus time of the last model step */
    int32_t active_idx;      /* index in vb->active_slaves, -1 when not there */
    struct vb_model *model_state;
    struct {
        uint8_t armed;
        uint8_t subindex;
        uint16_t index;
        uint32_t code;
    } sdo_abort;             /* fault: the next SDO access to index:subindex aborts */

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
    uint8_t force_config;      /* reconfigure even when the state matches (after DEACTIVATE) */
    uint8_t in_busy;           /* on vb->busy_head: has mailbox/register jobs */
    struct vb_sc *config;      /* attached slave configuration */
    struct vb_job *job_head, *job_tail; /* queued requests, the head is in progress */
    struct vb_slave *next_busy;

    uint8_t *block; /* the one allocation behind regs, eeprom, sii_cache and mailboxes */
};

struct vb_pd_block; /* a process data buffer ACTIVATE allocated for a file */

struct vbus_file {
    struct vbus *vb;
    uint8_t writable;
    uint8_t requested;
    uint8_t closing;           /* vbus_close runs: waiters leave with -EINTR */
    unsigned waiters;          /* requests of this file sleeping in the master */
    uint8_t *pd;               /* process data of the last ACTIVATE (IgH: per file) */
    size_t pd_size;
    struct vb_pd_block *old_pd; /* earlier ACTIVATEs' buffers, freed on close as IgH does */
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

    /* ---- application phase (vb_app.h) ---- */
    unsigned config_count, domain_count;
    unsigned config_cap, domain_cap;
    struct vb_sc **configs;          /* by index, creation order */
    struct vb_domain **domains;      /* by index, creation order */
    struct vb_sc *ref_config;        /* SELECT_REF_CLOCK */
    struct vb_slave *dc_ref;         /* the reference clock while active */
    uint8_t active;                  /* ACTIVATE done */
    uint8_t has_app_time;
    uint8_t ref_sync_queued, sync_queued, sync_mon_queued; /* DC datagrams queued */
    uint8_t sync_state, sync_mon_state;                    /* their datagram states */
    uint32_t sync_data, sync_mon_data;                     /* what came back */
    uint32_t ref_sync_value;
    uint64_t send_interval_us;
    uint64_t cycles;                 /* SENDs since ACTIVATE */
    uint64_t bus_time;               /* the virtual bus's time base (ns) */
    uint64_t dc_base;                /* wall clock (ns since 2000) when the bus time was 0 */
    uint64_t last_port_ns;           /* port clock at the last SEND */
    uint64_t last_app_time;          /* APP_TIME at the last SEND */
    uint32_t dg_seq;                 /* datagram sequence for working counters */
    uint32_t step_seq;               /* SEND sequence for model steps */
    struct vb_slave **active_slaves; /* slaves with process data set up (watchdogs, models) */
    unsigned active_count;
    struct vb_fmmu_ix *fmmu_ix;      /* every enabled FMMU of the bus, by logical address */
    unsigned fmmu_ix_count, fmmu_ix_cap;
    uint8_t fmmu_dirty;              /* an FMMU register changed: rebuild the index */
    struct vb_opm *opm;              /* the operation-phase master state machine */
    struct vb_slave *busy_head;      /* slaves with queued jobs */
    struct ecat_port_wait *wait;     /* blocking requests sleep here */
    struct vb_fault_event *schedule; /* scheduled faults from the image, by cycle */
    unsigned schedule_count, schedule_next;
    struct vb_fault_event *expiring; /* faults with a duration, ordered by end cycle */
    unsigned expiring_count, expiring_cap;

    uint8_t *arg; /* scratch for one ioctl argument (ECA_MAX_ARG_SIZE), used under the lock */
};

#endif /* ECAT_VBUS_TYPES_H */
