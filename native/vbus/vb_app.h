/* SPDX-License-Identifier: MIT */
/*
 * The application (operation) phase of the virtual master: what an IgH application creates
 * (slave configurations with their sync manager, PDO, SDO, DC and watchdog settings;
 * domains with their FMMU configurations; SDO and register requests), what ACTIVATE builds
 * from it (process data, datagrams with expected working counters), and the operation-phase
 * master that runs inside the application's SEND calls (slave configuration up to OP, the
 * state check loop, request processing one mailbox frame per cycle).
 *
 * Files:
 *   vb_config.c      slave configurations, SC_* configuration requests, CONFIG* lookups
 *   vb_domain.c      domains, PDO entry registration, DOMAIN* requests, domain datagrams
 *   vb_coe_client.c  the stepped CoE SDO client (one mailbox frame per call)
 *   vb_opm.c         ACTIVATE/DEACTIVATE, SEND/RECEIVE, the operation-phase master
 *   vb_cfsm.c        the slave configuration walk of the operation phase
 *   vb_requests.c    SDO/register requests, blocking requests after activation
 *   vb_ioctl_cycle.c DC, state and miscellaneous cyclic requests
 * The slave side (process data, ESM checks, models) is in vb_pd.h.
 */
#ifndef ECAT_VBUS_APP_H
#define ECAT_VBUS_APP_H

#include "vb_ioctl.h"

/* IgH's enums as they cross the ABI. */
#define VB_DIR_INVALID 0 /* ec_direction_t */
#define VB_DIR_OUTPUT 1
#define VB_DIR_INPUT 2
#define VB_WD_DEFAULT 0 /* ec_watchdog_mode_t */
#define VB_WD_ENABLE 1
#define VB_WD_DISABLE 2
#define VB_REQUEST_UNUSED 0 /* ec_request_state_t */
#define VB_REQUEST_BUSY 1
#define VB_REQUEST_SUCCESS 2
#define VB_REQUEST_ERROR 3
#define VB_WC_ZERO 0 /* ec_wc_state_t */
#define VB_WC_INCOMPLETE 1
#define VB_WC_COMPLETE 2

#define VB_MAX_FMMU_CONFIGS 16 /* IgH's EC_MAX_FMMUS per slave configuration */
#define VB_MAX_SDO_DATA 1024   /* IgH's EC_MAX_SDO_DATA_SIZE (CONFIG_SDO copies at most this) */
#define VB_MAX_FLAG_KEY 64     /* IgH's EC_MAX_FLAG_KEY_SIZE */
#define VB_EMERG_MSG 8         /* EC_COE_EMERGENCY_MSG_SIZE */

/* Internal request states (IgH's ec_internal_request_state_t). */
enum { VB_RQ_INIT, VB_RQ_QUEUED, VB_RQ_BUSY, VB_RQ_SUCCESS, VB_RQ_FAILURE };

/* ---- slave configuration ---- */

struct vb_cfg_entry {
    struct vb_cfg_entry *next;
    uint16_t index;
    uint8_t subindex;
    uint8_t bit_length;
    const char *name;
};

struct vb_cfg_pdo {
    struct vb_cfg_pdo *next;
    uint16_t index;
    uint8_t entry_count;
    const char *name;
    struct vb_cfg_entry *entries;
};

struct vb_sync_cfg {
    uint8_t dir;           /* VB_DIR_* */
    uint8_t watchdog_mode; /* VB_WD_* */
    uint16_t pdo_count;
    struct vb_cfg_pdo *pdos;
};

struct vb_fmmu_cfg {
    struct vb_sc *sc;
    struct vb_domain *domain;
    uint8_t sync_index;
    uint8_t dir;
    uint32_t logical_start; /* offset in the domain until ACTIVATE, then the logical address */
    uint32_t data_size;
};

struct vb_sdo_cfg {
    struct vb_sdo_cfg *next;
    uint16_t index;
    uint8_t subindex;
    uint8_t complete_access;
    uint32_t size;
    uint8_t *data;
};

struct vb_idn_cfg {
    struct vb_idn_cfg *next;
    uint8_t drive_no;
    uint8_t al_state;
    uint16_t idn;
    uint32_t size;
    uint8_t *data;
};

struct vb_flag_cfg {
    struct vb_flag_cfg *next;
    char *key;
    int32_t value;
};

struct vb_al_timeout {
    struct vb_al_timeout *next;
    uint8_t from, to;
    uint32_t ms;
};

/* A queued unit of mailbox or register work for one slave (intrusive in each request). */
enum { VB_JOB_SDO, VB_JOB_REG, VB_JOB_MASTER };
struct vb_job {
    struct vb_job *next;
    uint8_t kind;
    uint8_t queued;  /* on its slave's queue */
    uint8_t started; /* its first frame went out */
};

/* The stepped CoE SDO client (vb_coe_client.c). */
struct vb_xfer {
    uint8_t busy;
    uint8_t phase;    /* next frame: 0 write the request, 1 check the send mailbox, 2 fetch */
    uint8_t upload;
    uint8_t complete_access;
    uint8_t segmented;
    uint8_t toggle;
    uint8_t last;     /* download: the last segment is out; upload: the last one arrived */
    uint8_t grow;     /* upload: the data buffer may be reallocated to what the slave announces */
    uint8_t owned;    /* data was allocated here (after growing); free with vb_xfer_release */
    uint8_t subindex;
    uint16_t index;
    uint8_t *data;
    size_t cap;       /* upload: bytes data can hold */
    size_t size;      /* download: bytes to send; upload: bytes received so far */
    size_t offset;    /* download: bytes sent */
    size_t total;     /* upload: bytes announced */
    size_t req_len;   /* payload bytes of the prepared request frame */
    size_t size_last_seg; /* download: data bytes in the segment out */
    size_t rounds;    /* upload segments so far */
    uint8_t started;  /* the first frame went out */
    uint32_t abort_code;
    int result;       /* once !busy: 0 or -errno as IgH's CoE state machine reports it */
};

/* A configuration SDO request (ecrt_sdo_request_t). */
struct vb_sdo_req {
    struct vb_job job;
    struct vb_sc *sc;
    uint16_t index;
    uint8_t subindex;
    uint8_t dir;   /* VB_DIR_OUTPUT write, VB_DIR_INPUT read */
    uint8_t state; /* VB_RQ_* */
    uint32_t timeout_ms;
    uint64_t issued; /* bus time of READ/WRITE */
    uint8_t *data;
    size_t mem_size, data_size;
    uint32_t abort_code;
    struct vb_xfer x;
};

/* A configuration register request (ecrt_reg_request_t). */
struct vb_reg_req {
    struct vb_job job;
    struct vb_sc *sc;
    uint8_t dir;
    uint8_t state;
    uint16_t address;
    uint8_t *data;
    size_t mem_size, transfer_size;
};

/* A request of the tool's kind (SLAVE_SDO_UPLOAD/DOWNLOAD, SLAVE_REG_*, SLAVE_SII_WRITE):
 * run at once in the idle phase, queued for the cyclic master after ACTIVATE. */
enum { VB_MREQ_UPLOAD, VB_MREQ_DOWNLOAD, VB_MREQ_REG_READ, VB_MREQ_REG_WRITE, VB_MREQ_SII_WRITE };
struct vb_mreq {
    struct vb_job job;
    uint8_t kind;
    uint8_t state;        /* VB_RQ_* */
    uint8_t orphaned;     /* the caller left (file closed): the master frees it when done */
    uint8_t emergency;    /* register write by ring position */
    uint8_t complete_access;
    uint8_t subindex;
    uint16_t index;       /* SDO index, register address or first SII word */
    struct vb_slave *s;
    struct vbus_file *f;
    uint8_t *data;        /* download/write data, upload/read target */
    size_t size;          /* bytes of data (upload: target size) */
    size_t done;          /* upload: bytes received; SII: words written */
    uint32_t abort_code;
    int result;
    struct vb_xfer x;
};

struct vb_sc {
    unsigned index;
    uint16_t alias, position;
    uint32_t vendor_id, product_code;
    struct vb_slave *slave; /* attached slave, or NULL */
    struct vb_sync_cfg syncs[VB_MAX_SYNCS];
    uint16_t watchdog_divider, watchdog_intervals;
    struct vb_fmmu_cfg fmmus[VB_MAX_FMMU_CONFIGS];
    uint8_t used_fmmus;
    uint16_t dc_assign_activate;
    uint32_t dc_cycle[2];
    int32_t dc_shift[2];
    struct vb_sdo_cfg *sdos;
    unsigned sdo_count;
    struct vb_idn_cfg *idns;
    unsigned idn_count;
    struct vb_flag_cfg *flags;
    unsigned flag_count;
    struct vb_al_timeout *timeouts;
    struct vb_sdo_req **sdo_reqs;
    unsigned sdo_req_count, sdo_req_cap;
    struct vb_reg_req **reg_reqs;
    unsigned reg_req_count, reg_req_cap;
    /* emergency ring (no virtual slave sends emergencies; the ring is kept as IgH's) */
    uint8_t *emerg;
    unsigned emerg_size, emerg_read, emerg_write;
    int emerg_overruns;
    struct vb_arena arena; /* PDO lists, names, SDO/IDN/flag configurations */
};

/* ---- domains ---- */

/* One datagram of a domain (IgH's datagram pair with one device). */
struct vb_dgram {
    uint32_t logical;  /* logical address */
    uint32_t offset;   /* in the domain */
    uint32_t size;
    uint8_t cmd;       /* VB_CMD_LRD, VB_CMD_LWR, VB_CMD_LRW */
    uint8_t state;     /* VB_DG_* */
    uint16_t expected;
    uint16_t wkc;      /* what came back with the last frame */
    uint8_t *frame;    /* the datagram's data as it travels */
};

#define VB_CMD_LRD 10
#define VB_CMD_LWR 11
#define VB_CMD_LRW 12
enum { VB_DG_INIT, VB_DG_QUEUED, VB_DG_SENT, VB_DG_RECEIVED, VB_DG_TIMED_OUT, VB_DG_ERROR };

struct vb_domain {
    unsigned index;
    uint32_t data_size;
    uint32_t logical_base;
    struct vb_fmmu_cfg **fmmus; /* registration order */
    unsigned fmmu_count, fmmu_cap;
    struct vb_dgram *dgrams;
    unsigned dgram_count;
    uint16_t expected_wc;
    uint16_t working_counter;
    uint8_t *data; /* in the activating file's process data */
};

/* ---- operation-phase master (vb_opm.c, vb_cfsm.c) ---- */

struct vb_pdo_write; /* one CoE download of the PDO configuration */

struct vb_cfsm {
    struct vb_slave *s; /* slave being configured, NULL when idle */
    uint8_t stage;
    uint8_t sub;        /* step inside the stage */
    uint16_t pos;       /* position in a list (SDOs, PDO writes) */
    uint64_t since;     /* bus time the current wait started */
    struct vb_sdo_cfg *sdo;
    struct vb_pdo_write *writes; /* the PDO configuration as a list of downloads */
    unsigned write_count;
    uint8_t scratch[8];
    struct vb_xfer x;
};

struct vb_opm {
    unsigned next_slave;   /* state check loop: next slave, slave_count = broadcast */
    unsigned responding;   /* slaves answering at the last broadcast */
    struct vb_slave **dc_list; /* slaves with DC system time, ring order (ACTIVATE) */
    unsigned dc_count;
    struct vb_cfsm cfg;
};

/* ---- vb_config.c ---- */
struct vb_sc *vb_config_get(struct vbus *vb, uint64_t index);
int vb_config_attach(struct vbus *vb, struct vb_sc *sc);
void vb_config_detach(struct vb_sc *sc);
void vb_configs_clear(struct vbus *vb); /* drops every config (DEACTIVATE, release) */
/* Total bytes of a sync configuration's PDOs (IgH's ec_pdo_list_total_size). */
uint32_t vb_sync_cfg_size(const struct vb_sync_cfg *sync);
uint32_t vb_al_timeout_ms(const struct vb_sc *sc, uint8_t from, uint8_t to);

long vb_ioctl_create_slave_config(struct vb_call *c);
long vb_ioctl_select_ref_clock(struct vb_call *c);
long vb_ioctl_sc_sync(struct vb_call *c);
long vb_ioctl_sc_watchdog(struct vb_call *c);
long vb_ioctl_sc_add_pdo(struct vb_call *c);
long vb_ioctl_sc_clear_pdos(struct vb_call *c);
long vb_ioctl_sc_add_entry(struct vb_call *c);
long vb_ioctl_sc_clear_entries(struct vb_call *c);
long vb_ioctl_sc_dc(struct vb_call *c);
long vb_ioctl_sc_sdo(struct vb_call *c);
long vb_ioctl_sc_emerg(struct vb_call *c);
long vb_ioctl_sc_state(struct vb_call *c);
long vb_ioctl_sc_idn(struct vb_call *c);
long vb_ioctl_sc_flag(struct vb_call *c);
long vb_ioctl_sc_state_timeout(struct vb_call *c);
long vb_ioctl_config(struct vb_call *c);
long vb_ioctl_config_pdo(struct vb_call *c);
long vb_ioctl_config_pdo_entry(struct vb_call *c);
long vb_ioctl_config_sdo(struct vb_call *c);
long vb_ioctl_config_idn(struct vb_call *c);
long vb_ioctl_config_flag(struct vb_call *c);

/* ---- vb_domain.c ---- */
struct vb_domain *vb_domain_get(struct vbus *vb, uint64_t index);
void vb_domains_clear(struct vbus *vb);
/* ACTIVATE: logical addresses, datagrams and expected working counters; -ENOMEM */
int vb_domains_finish(struct vbus *vb, uint8_t *pd);
long vb_ioctl_create_domain(struct vb_call *c);
long vb_ioctl_reg_pdo_entry(struct vb_call *c);
long vb_ioctl_reg_pdo_pos(struct vb_call *c);
long vb_ioctl_domain_size(struct vb_call *c);
long vb_ioctl_domain_offset(struct vb_call *c);
long vb_ioctl_domain_process(struct vb_call *c);
long vb_ioctl_domain_queue(struct vb_call *c);
long vb_ioctl_domain_state(struct vb_call *c);
long vb_ioctl_domain(struct vb_call *c);
long vb_ioctl_domain_fmmu(struct vb_call *c);
long vb_ioctl_domain_data(struct vb_call *c);

/* ---- vb_coe_client.c ---- */
void vb_xfer_upload(struct vb_xfer *x, uint16_t index, uint8_t subindex, uint8_t *buf, size_t cap, int grow);
void vb_xfer_download(struct vb_xfer *x, uint16_t index, uint8_t subindex, int complete_access,
                      const uint8_t *data, size_t size);
/* One mailbox frame. Returns 1 while the transfer runs, 0 when it ended (x->result). */
int vb_xfer_step(struct vbus *vb, struct vb_slave *s, struct vb_xfer *x);
void vb_xfer_release(struct vb_xfer *x);

/* ---- vb_opm.c ---- */
int vb_opm_create(struct vbus *vb);
void vb_opm_destroy(struct vbus *vb);
/* DEACTIVATE (also on release): back to the idle phase as IgH's ecrt_master_deactivate. */
void vb_opm_deactivate(struct vbus *vb);
/* After a bus scan while active: configured slaves are wanted in OP again. */
void vb_opm_rescanned(struct vbus *vb);
/* Advance the bus time base: by the application time that passed since the last call when
 * `app` and the application gave one, else by the port clock. */
void vb_bus_time(struct vbus *vb, int app);
long vb_ioctl_activate(struct vb_call *c);
long vb_ioctl_deactivate(struct vb_call *c);
long vb_ioctl_send(struct vb_call *c);
long vb_ioctl_receive(struct vb_call *c);
long vb_ioctl_master_rescan_op(struct vb_call *c);
/* Free a closing file's process data buffers. */
void vb_release_pd(struct vbus_file *f);

/* ---- vb_fault.c ---- */
/* Start (on) or end a fault on the bus. */
void vb_fault_apply(struct vbus *vb, const struct vb_fault_event *e, int on);
/* The scheduled faults due at this SEND, and the ends of those with a duration. */
void vb_faults_cycle(struct vbus *vb);

/* ---- vb_cfsm.c ---- */
void vb_cfsm_start(struct vbus *vb, struct vb_slave *s);
/* One step of the configuration walk; returns 1 while it runs. */
int vb_cfsm_step(struct vbus *vb);
void vb_cfsm_abort(struct vbus *vb);

/* ---- vb_requests.c ---- */
void vb_job_enqueue(struct vbus *vb, struct vb_slave *s, struct vb_job *j);
void vb_job_remove(struct vbus *vb, struct vb_slave *s, struct vb_job *j);
/* One step of every slave's current job (SEND). */
void vb_jobs_step(struct vbus *vb);
/* After DEACTIVATE: finish the remaining master requests the way the idle master does. */
void vb_jobs_finish_idle(struct vbus *vb);
/* A file is closing: its sleeping requests leave with -EINTR. */
void vb_jobs_cancel_file(struct vbus *vb, struct vbus_file *f);
void vb_sc_requests_free(struct vbus *vb, struct vb_sc *sc);
long vb_ioctl_sc_sdo_request(struct vb_call *c);
long vb_ioctl_sdo_request(struct vb_call *c);
long vb_ioctl_sc_reg_request(struct vb_call *c);
long vb_ioctl_reg_request(struct vb_call *c);
/*
 * Run a tool request: at once in the idle phase; after ACTIVATE queued for the cyclic
 * master while the caller sleeps (the master lock released) until it is done, the file
 * closes (-EINTR) or a signal interrupts the sleep (-EINTR). Returns 0 when the request
 * ran (r->result has its outcome) or -EINTR; frees nothing (vb_mreq_free does).
 */
int vb_mreq_run(struct vb_call *c, struct vb_mreq *r);
void vb_mreq_free(struct vb_mreq *r);

/* ---- vb_ioctl_cycle.c ---- */
long vb_ioctl_app_time(struct vb_call *c);
long vb_ioctl_sync_ref(struct vb_call *c);
long vb_ioctl_sync_slaves(struct vb_call *c);
long vb_ioctl_ref_clock_time(struct vb_call *c);
long vb_ioctl_sync_mon_queue(struct vb_call *c);
long vb_ioctl_sync_mon_process(struct vb_call *c);
long vb_ioctl_reset(struct vb_call *c);
long vb_ioctl_set_send_interval(struct vb_call *c);
/* The DC datagrams queued since the last SEND travel through the slaves. */
void vb_dc_send(struct vbus *vb);
void vb_dc_receive(struct vbus *vb);

#endif /* ECAT_VBUS_APP_H */
