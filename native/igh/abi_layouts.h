/* SPDX-License-Identifier: MIT */
/*
 * Internal to native/igh: the struct layout variants defined in abi_layouts.c, which
 * abi_tables.c assembles into ABIs. Users of the ABI go through struct eca_abi.layouts[]
 * instead of naming these.
 *
 * Naming: eca_l_<struct>, plus a suffix where IgH versions or build options differ:
 *   _152   1.5.2 / stable-1.5 magic 28 (no dc_ref_time, slave_reg without emergency)
 *   _15    stable-1.5 magic 30 .. 1.5.3 and the development line (dc_ref_time)
 *   _16    1.6.x (scan_index in ec_ioctl_master_t)
 *   _dev   the development line (2022/2023) where it differs from the stable line
 *   _d2    EC_MAX_NUM_DEVICES = 2 (configure --with-devices=2)
 */
#ifndef ECAT_IGH_ABI_LAYOUTS_H
#define ECAT_IGH_ABI_LAYOUTS_H

#include "abi.h"

/* ec_ioctl_master_t: (no dc_ref_time | dc_ref_time | scan_index) x (1 | 2 devices) */
extern const struct eca_layout eca_l_master_152, eca_l_master_152_d2;
extern const struct eca_layout eca_l_master_15, eca_l_master_15_d2;
extern const struct eca_layout eca_l_master_16, eca_l_master_16_d2;

/* ec_ioctl_domain_t: working_counter[] has one entry per device */
extern const struct eca_layout eca_l_domain, eca_l_domain_d2;

/* ec_ioctl_config_t: 308 without flag_count, 312 with it, 316 with allow_overlapping_pdos */
extern const struct eca_layout eca_l_config_152, eca_l_config_15, eca_l_config_dev;

/* ec_ioctl_slave_reg_t: `emergency` appeared at magic 28 inside existing padding */
extern const struct eca_layout eca_l_slave_reg_152, eca_l_slave_reg;

/* ec_ioctl_slave_foe_t: 72 bytes, or 296 with password and a 255-byte file name */
extern const struct eca_layout eca_l_slave_foe, eca_l_slave_foe_dev;

/* Structs that exist only in some ABIs but have a single layout. */
extern const struct eca_layout eca_l_app_time;          /* 1.5.2, magic 28 */
extern const struct eca_layout eca_l_config_flag;       /* magic 31 on */
extern const struct eca_layout eca_l_sc_flag;           /* magic 31 on */
extern const struct eca_layout eca_l_soe_request;       /* 1.5.3, 1.6 */
extern const struct eca_layout eca_l_eoe_ip;            /* 1.6 */
extern const struct eca_layout eca_l_sc_state_timeout;  /* 1.6 */
extern const struct eca_layout eca_l_slave_eoe_ip;      /* development line */
extern const struct eca_layout eca_l_slave_dict_upload; /* development line 2023 */

/* Structs with one layout in every ABI. */
extern const struct eca_layout eca_l_module, eca_l_slave, eca_l_slave_sync, eca_l_slave_sync_pdo,
    eca_l_slave_sync_pdo_entry, eca_l_domain_fmmu, eca_l_domain_data, eca_l_slave_state,
    eca_l_slave_sdo, eca_l_slave_sdo_entry, eca_l_slave_sdo_upload, eca_l_slave_sdo_download,
    eca_l_slave_sii, eca_l_slave_soe_read, eca_l_slave_soe_write, eca_l_config_pdo,
    eca_l_config_pdo_entry, eca_l_config_sdo, eca_l_config_idn, eca_l_eoe_handler,
    eca_l_master_activate, eca_l_add_pdo_entry, eca_l_reg_pdo_entry, eca_l_reg_pdo_pos,
    eca_l_sc_sdo, eca_l_sc_emerg, eca_l_sc_state, eca_l_sc_idn, eca_l_domain_state,
    eca_l_sdo_request, eca_l_reg_request, eca_l_voe, eca_l_link_state, eca_l_master_state_data,
    eca_l_master_link_state_data, eca_l_slave_config_state_data, eca_l_port_link,
    eca_l_domain_state_data, eca_l_coe_details, eca_l_general_flags, eca_l_sync_signal;

#endif /* ECAT_IGH_ABI_LAYOUTS_H */
