/* SPDX-License-Identifier: MIT */
/*
 * The IgH EtherCAT master's ioctl ABI (/dev/EtherCAT<N>), as data.
 *
 * This folder is the only place in the project that knows IgH's request numbers and
 * struct layouts. Both sides use it: the addon's client (native/igh/client.*) encodes
 * requests with it, and the virtual master (native/vbus) decodes them with it, so the
 * two can present and speak any ABI listed in eca_abis[].
 *
 * Nothing here is copied from IgH: the tables are our own, written from the facts in
 * shared/abi/<version>.json and checked against copies of those files by
 * test/unit/abi-tables.test.ts.
 *
 * Layouts are offset tables rather than C structs because they differ between versions
 * and build options (ec_ioctl_master_t alone has six variants). A field is addressed by
 * (layout, field id, parent element, array element); an absent field reads as 0.
 *
 * Kernel-portable C11: includes only ecat_port.h, no floating point, no mutable state.
 */
#ifndef ECAT_IGH_ABI_H
#define ECAT_IGH_ABI_H

#include "../portable/ecat_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The ioctl "type" byte of every IgH request. */
#define ECA_IOCTL_TYPE 0xa4

/* _IOC direction bits as Linux defines them on x86_64/arm64 (user-space point of view). */
enum eca_dir { ECA_DIR_NONE = 0, ECA_DIR_WRITE = 1, ECA_DIR_READ = 2, ECA_DIR_RW = 3 };

/* How the third ioctl() argument is passed. */
enum eca_arg { ECA_ARG_NONE = 0, ECA_ARG_POINTER = 1, ECA_ARG_VALUE = 2 };

/* Access rules the kernel enforces per request (shared/notes/igh-abi.md section 5). */
#define ECA_NEED_WRITE 0x01     /* fd opened with write access, else EPERM */
#define ECA_NEED_REQUESTED 0x02 /* REQUEST done on this fd, else EPERM */

/* Logical requests: the union over every ABI we know, named without EC_IOCTL_. */
enum eca_req {
    ECA_REQ_MODULE,
    ECA_REQ_MASTER,
    ECA_REQ_SLAVE,
    ECA_REQ_SLAVE_SYNC,
    ECA_REQ_SLAVE_SYNC_PDO,
    ECA_REQ_SLAVE_SYNC_PDO_ENTRY,
    ECA_REQ_DOMAIN,
    ECA_REQ_DOMAIN_FMMU,
    ECA_REQ_DOMAIN_DATA,
    ECA_REQ_MASTER_DEBUG,
    ECA_REQ_MASTER_RESCAN,
    ECA_REQ_SLAVE_STATE,
    ECA_REQ_SLAVE_SDO,
    ECA_REQ_SLAVE_SDO_ENTRY,
    ECA_REQ_SLAVE_SDO_UPLOAD,
    ECA_REQ_SLAVE_SDO_DOWNLOAD,
    ECA_REQ_SLAVE_SII_READ,
    ECA_REQ_SLAVE_SII_WRITE,
    ECA_REQ_SLAVE_REG_READ,
    ECA_REQ_SLAVE_REG_WRITE,
    ECA_REQ_SLAVE_FOE_READ,
    ECA_REQ_SLAVE_FOE_WRITE,
    ECA_REQ_SLAVE_SOE_READ,
    ECA_REQ_SLAVE_SOE_WRITE,
    ECA_REQ_SLAVE_EOE_IP_PARAM,
    ECA_REQ_CONFIG,
    ECA_REQ_CONFIG_PDO,
    ECA_REQ_CONFIG_PDO_ENTRY,
    ECA_REQ_CONFIG_SDO,
    ECA_REQ_CONFIG_IDN,
    ECA_REQ_CONFIG_FLAG,
    ECA_REQ_CONFIG_EOE_IP_PARAM,
    ECA_REQ_EOE_HANDLER,
    ECA_REQ_REQUEST,
    ECA_REQ_CREATE_DOMAIN,
    ECA_REQ_CREATE_SLAVE_CONFIG,
    ECA_REQ_SELECT_REF_CLOCK,
    ECA_REQ_ACTIVATE,
    ECA_REQ_DEACTIVATE,
    ECA_REQ_SEND,
    ECA_REQ_RECEIVE,
    ECA_REQ_MASTER_STATE,
    ECA_REQ_MASTER_LINK_STATE,
    ECA_REQ_APP_TIME,
    ECA_REQ_SYNC_REF,
    ECA_REQ_SYNC_REF_TO,
    ECA_REQ_SYNC_SLAVES,
    ECA_REQ_REF_CLOCK_TIME,
    ECA_REQ_SYNC_MON_QUEUE,
    ECA_REQ_SYNC_MON_PROCESS,
    ECA_REQ_RESET,
    ECA_REQ_SC_SYNC,
    ECA_REQ_SC_WATCHDOG,
    ECA_REQ_SC_ADD_PDO,
    ECA_REQ_SC_CLEAR_PDOS,
    ECA_REQ_SC_ADD_ENTRY,
    ECA_REQ_SC_CLEAR_ENTRIES,
    ECA_REQ_SC_REG_PDO_ENTRY,
    ECA_REQ_SC_REG_PDO_POS,
    ECA_REQ_SC_DC,
    ECA_REQ_SC_SDO,
    ECA_REQ_SC_EMERG_SIZE,
    ECA_REQ_SC_EMERG_POP,
    ECA_REQ_SC_EMERG_CLEAR,
    ECA_REQ_SC_EMERG_OVERRUNS,
    ECA_REQ_SC_SDO_REQUEST,
    ECA_REQ_SC_SOE_REQUEST,
    ECA_REQ_SC_REG_REQUEST,
    ECA_REQ_SC_VOE,
    ECA_REQ_SC_STATE,
    ECA_REQ_SC_IDN,
    ECA_REQ_SC_FLAG,
    ECA_REQ_SC_EOE_IP_PARAM,
    ECA_REQ_SC_STATE_TIMEOUT,
    ECA_REQ_DOMAIN_SIZE,
    ECA_REQ_DOMAIN_OFFSET,
    ECA_REQ_DOMAIN_PROCESS,
    ECA_REQ_DOMAIN_QUEUE,
    ECA_REQ_DOMAIN_STATE,
    ECA_REQ_SDO_REQUEST_INDEX,
    ECA_REQ_SDO_REQUEST_TIMEOUT,
    ECA_REQ_SDO_REQUEST_STATE,
    ECA_REQ_SDO_REQUEST_READ,
    ECA_REQ_SDO_REQUEST_WRITE,
    ECA_REQ_SDO_REQUEST_DATA,
    ECA_REQ_SOE_REQUEST_IDN,
    ECA_REQ_SOE_REQUEST_TIMEOUT,
    ECA_REQ_SOE_REQUEST_STATE,
    ECA_REQ_SOE_REQUEST_READ,
    ECA_REQ_SOE_REQUEST_WRITE,
    ECA_REQ_SOE_REQUEST_DATA,
    ECA_REQ_REG_REQUEST_DATA,
    ECA_REQ_REG_REQUEST_STATE,
    ECA_REQ_REG_REQUEST_WRITE,
    ECA_REQ_REG_REQUEST_READ,
    ECA_REQ_VOE_SEND_HEADER,
    ECA_REQ_VOE_REC_HEADER,
    ECA_REQ_VOE_READ,
    ECA_REQ_VOE_READ_NOSYNC,
    ECA_REQ_VOE_WRITE,
    ECA_REQ_VOE_EXEC,
    ECA_REQ_VOE_DATA,
    ECA_REQ_SET_SEND_INTERVAL,
    ECA_REQ_SC_OVERLAPPING_IO,
    ECA_REQ_SETUP_DOMAIN_MEMORY,
    ECA_REQ_DEACTIVATE_SLAVES,
    ECA_REQ_64_REF_CLK_TIME_QUEUE,
    ECA_REQ_64_REF_CLK_TIME,
    ECA_REQ_SLAVE_DICT_UPLOAD,
    ECA_REQ_COUNT
};

/*
 * Structs that cross the ABI (role "ioctl" or "embedded-or-pointed-to" in the facts),
 * plus the scalars some requests encode as their argument size. Field ids follow, one
 * enum per struct: ECA_<STRUCT>_F_<FIELD>, nested fields as <PARENT>_<CHILD>.
 */
enum eca_struct {
    ECA_ST_MODULE, /* ec_ioctl_module_t */
    ECA_ST_MASTER, /* ec_ioctl_master_t */
    ECA_ST_SLAVE, /* ec_ioctl_slave_t */
    ECA_ST_SLAVE_SYNC, /* ec_ioctl_slave_sync_t */
    ECA_ST_SLAVE_SYNC_PDO, /* ec_ioctl_slave_sync_pdo_t */
    ECA_ST_SLAVE_SYNC_PDO_ENTRY, /* ec_ioctl_slave_sync_pdo_entry_t */
    ECA_ST_DOMAIN, /* ec_ioctl_domain_t */
    ECA_ST_DOMAIN_FMMU, /* ec_ioctl_domain_fmmu_t */
    ECA_ST_DOMAIN_DATA, /* ec_ioctl_domain_data_t */
    ECA_ST_SLAVE_STATE, /* ec_ioctl_slave_state_t */
    ECA_ST_SLAVE_SDO, /* ec_ioctl_slave_sdo_t */
    ECA_ST_SLAVE_SDO_ENTRY, /* ec_ioctl_slave_sdo_entry_t */
    ECA_ST_SLAVE_SDO_UPLOAD, /* ec_ioctl_slave_sdo_upload_t */
    ECA_ST_SLAVE_SDO_DOWNLOAD, /* ec_ioctl_slave_sdo_download_t */
    ECA_ST_SLAVE_SII, /* ec_ioctl_slave_sii_t */
    ECA_ST_SLAVE_REG, /* ec_ioctl_slave_reg_t */
    ECA_ST_SLAVE_FOE, /* ec_ioctl_slave_foe_t */
    ECA_ST_SLAVE_SOE_READ, /* ec_ioctl_slave_soe_read_t */
    ECA_ST_SLAVE_SOE_WRITE, /* ec_ioctl_slave_soe_write_t */
    ECA_ST_CONFIG, /* ec_ioctl_config_t */
    ECA_ST_CONFIG_PDO, /* ec_ioctl_config_pdo_t */
    ECA_ST_CONFIG_PDO_ENTRY, /* ec_ioctl_config_pdo_entry_t */
    ECA_ST_CONFIG_SDO, /* ec_ioctl_config_sdo_t */
    ECA_ST_CONFIG_IDN, /* ec_ioctl_config_idn_t */
    ECA_ST_CONFIG_FLAG, /* ec_ioctl_config_flag_t */
    ECA_ST_EOE_HANDLER, /* ec_ioctl_eoe_handler_t */
    ECA_ST_EOE_IP, /* ec_ioctl_eoe_ip_t */
    ECA_ST_MASTER_ACTIVATE, /* ec_ioctl_master_activate_t */
    ECA_ST_ADD_PDO_ENTRY, /* ec_ioctl_add_pdo_entry_t */
    ECA_ST_REG_PDO_ENTRY, /* ec_ioctl_reg_pdo_entry_t */
    ECA_ST_REG_PDO_POS, /* ec_ioctl_reg_pdo_pos_t */
    ECA_ST_SC_SDO, /* ec_ioctl_sc_sdo_t */
    ECA_ST_SC_EMERG, /* ec_ioctl_sc_emerg_t */
    ECA_ST_SC_STATE, /* ec_ioctl_sc_state_t */
    ECA_ST_SC_IDN, /* ec_ioctl_sc_idn_t */
    ECA_ST_SC_FLAG, /* ec_ioctl_sc_flag_t */
    ECA_ST_SC_STATE_TIMEOUT, /* ec_ioctl_sc_state_timeout_t */
    ECA_ST_DOMAIN_STATE, /* ec_ioctl_domain_state_t */
    ECA_ST_SDO_REQUEST, /* ec_ioctl_sdo_request_t */
    ECA_ST_SOE_REQUEST, /* ec_ioctl_soe_request_t */
    ECA_ST_REG_REQUEST, /* ec_ioctl_reg_request_t */
    ECA_ST_VOE, /* ec_ioctl_voe_t */
    ECA_ST_LINK_STATE, /* ec_ioctl_link_state_t */
    ECA_ST_MASTER_STATE_DATA, /* ec_master_state_t */
    ECA_ST_MASTER_LINK_STATE_DATA, /* ec_master_link_state_t */
    ECA_ST_SLAVE_CONFIG_STATE_DATA, /* ec_slave_config_state_t */
    ECA_ST_PORT_LINK, /* ec_slave_port_link_t */
    ECA_ST_DOMAIN_STATE_DATA, /* ec_domain_state_t */
    ECA_ST_COE_DETAILS, /* ec_sii_coe_details_t */
    ECA_ST_GENERAL_FLAGS, /* ec_sii_general_flags_t */
    ECA_ST_SYNC_SIGNAL, /* ec_sync_signal_t */
    ECA_ST_APP_TIME, /* ec_ioctl_app_time_t */
    ECA_ST_SLAVE_EOE_IP, /* ec_ioctl_slave_eoe_ip_t */
    ECA_ST_SLAVE_DICT_UPLOAD, /* ec_ioctl_slave_dict_upload_t */
    ECA_ST_U32, /* uint32_t */
    ECA_ST_U64, /* uint64_t */
    ECA_ST_SIZE, /* size_t */
    ECA_ST_COUNT
};

enum { /* ec_ioctl_module_t */
    ECA_MODULE_F_IOCTL_VERSION_MAGIC,
    ECA_MODULE_F_MASTER_COUNT,
    ECA_MODULE_F__COUNT
};
enum { /* ec_ioctl_master_t */
    ECA_MASTER_F_SLAVE_COUNT,
    ECA_MASTER_F_SCAN_INDEX,
    ECA_MASTER_F_CONFIG_COUNT,
    ECA_MASTER_F_DOMAIN_COUNT,
    ECA_MASTER_F_EOE_HANDLER_COUNT,
    ECA_MASTER_F_PHASE,
    ECA_MASTER_F_ACTIVE,
    ECA_MASTER_F_SCAN_BUSY,
    ECA_MASTER_F_DEVICES,
    ECA_MASTER_F_DEVICES_ADDRESS,
    ECA_MASTER_F_DEVICES_ATTACHED,
    ECA_MASTER_F_DEVICES_LINK_STATE,
    ECA_MASTER_F_DEVICES_TX_COUNT,
    ECA_MASTER_F_DEVICES_RX_COUNT,
    ECA_MASTER_F_DEVICES_TX_BYTES,
    ECA_MASTER_F_DEVICES_RX_BYTES,
    ECA_MASTER_F_DEVICES_TX_ERRORS,
    ECA_MASTER_F_DEVICES_TX_FRAME_RATES,
    ECA_MASTER_F_DEVICES_RX_FRAME_RATES,
    ECA_MASTER_F_DEVICES_TX_BYTE_RATES,
    ECA_MASTER_F_DEVICES_RX_BYTE_RATES,
    ECA_MASTER_F_NUM_DEVICES,
    ECA_MASTER_F_TX_COUNT,
    ECA_MASTER_F_RX_COUNT,
    ECA_MASTER_F_TX_BYTES,
    ECA_MASTER_F_RX_BYTES,
    ECA_MASTER_F_TX_FRAME_RATES,
    ECA_MASTER_F_RX_FRAME_RATES,
    ECA_MASTER_F_TX_BYTE_RATES,
    ECA_MASTER_F_RX_BYTE_RATES,
    ECA_MASTER_F_LOSS_RATES,
    ECA_MASTER_F_APP_TIME,
    ECA_MASTER_F_DC_REF_TIME,
    ECA_MASTER_F_REF_CLOCK,
    ECA_MASTER_F__COUNT
};
enum { /* ec_ioctl_slave_t */
    ECA_SLAVE_F_POSITION,
    ECA_SLAVE_F_DEVICE_INDEX,
    ECA_SLAVE_F_VENDOR_ID,
    ECA_SLAVE_F_PRODUCT_CODE,
    ECA_SLAVE_F_REVISION_NUMBER,
    ECA_SLAVE_F_SERIAL_NUMBER,
    ECA_SLAVE_F_ALIAS,
    ECA_SLAVE_F_BOOT_RX_MAILBOX_OFFSET,
    ECA_SLAVE_F_BOOT_RX_MAILBOX_SIZE,
    ECA_SLAVE_F_BOOT_TX_MAILBOX_OFFSET,
    ECA_SLAVE_F_BOOT_TX_MAILBOX_SIZE,
    ECA_SLAVE_F_STD_RX_MAILBOX_OFFSET,
    ECA_SLAVE_F_STD_RX_MAILBOX_SIZE,
    ECA_SLAVE_F_STD_TX_MAILBOX_OFFSET,
    ECA_SLAVE_F_STD_TX_MAILBOX_SIZE,
    ECA_SLAVE_F_MAILBOX_PROTOCOLS,
    ECA_SLAVE_F_HAS_GENERAL_CATEGORY,
    ECA_SLAVE_F_COE_DETAILS,
    ECA_SLAVE_F_GENERAL_FLAGS,
    ECA_SLAVE_F_CURRENT_ON_EBUS,
    ECA_SLAVE_F_PORTS,
    ECA_SLAVE_F_PORTS_DESC,
    ECA_SLAVE_F_PORTS_LINK,
    ECA_SLAVE_F_PORTS_RECEIVE_TIME,
    ECA_SLAVE_F_PORTS_NEXT_SLAVE,
    ECA_SLAVE_F_PORTS_DELAY_TO_NEXT_DC,
    ECA_SLAVE_F_FMMU_BIT,
    ECA_SLAVE_F_DC_SUPPORTED,
    ECA_SLAVE_F_DC_RANGE,
    ECA_SLAVE_F_HAS_DC_SYSTEM_TIME,
    ECA_SLAVE_F_TRANSMISSION_DELAY,
    ECA_SLAVE_F_AL_STATE,
    ECA_SLAVE_F_ERROR_FLAG,
    ECA_SLAVE_F_SYNC_COUNT,
    ECA_SLAVE_F_SDO_COUNT,
    ECA_SLAVE_F_SII_NWORDS,
    ECA_SLAVE_F_GROUP,
    ECA_SLAVE_F_IMAGE,
    ECA_SLAVE_F_ORDER,
    ECA_SLAVE_F_NAME,
    ECA_SLAVE_F__COUNT
};
enum { /* ec_ioctl_slave_sync_t */
    ECA_SLAVE_SYNC_F_SLAVE_POSITION,
    ECA_SLAVE_SYNC_F_SYNC_INDEX,
    ECA_SLAVE_SYNC_F_PHYSICAL_START_ADDRESS,
    ECA_SLAVE_SYNC_F_DEFAULT_SIZE,
    ECA_SLAVE_SYNC_F_CONTROL_REGISTER,
    ECA_SLAVE_SYNC_F_ENABLE,
    ECA_SLAVE_SYNC_F_PDO_COUNT,
    ECA_SLAVE_SYNC_F__COUNT
};
enum { /* ec_ioctl_slave_sync_pdo_t */
    ECA_SLAVE_SYNC_PDO_F_SLAVE_POSITION,
    ECA_SLAVE_SYNC_PDO_F_SYNC_INDEX,
    ECA_SLAVE_SYNC_PDO_F_PDO_POS,
    ECA_SLAVE_SYNC_PDO_F_INDEX,
    ECA_SLAVE_SYNC_PDO_F_ENTRY_COUNT,
    ECA_SLAVE_SYNC_PDO_F_NAME,
    ECA_SLAVE_SYNC_PDO_F__COUNT
};
enum { /* ec_ioctl_slave_sync_pdo_entry_t */
    ECA_SLAVE_SYNC_PDO_ENTRY_F_SLAVE_POSITION,
    ECA_SLAVE_SYNC_PDO_ENTRY_F_SYNC_INDEX,
    ECA_SLAVE_SYNC_PDO_ENTRY_F_PDO_POS,
    ECA_SLAVE_SYNC_PDO_ENTRY_F_ENTRY_POS,
    ECA_SLAVE_SYNC_PDO_ENTRY_F_INDEX,
    ECA_SLAVE_SYNC_PDO_ENTRY_F_SUBINDEX,
    ECA_SLAVE_SYNC_PDO_ENTRY_F_BIT_LENGTH,
    ECA_SLAVE_SYNC_PDO_ENTRY_F_NAME,
    ECA_SLAVE_SYNC_PDO_ENTRY_F__COUNT
};
enum { /* ec_ioctl_domain_t */
    ECA_DOMAIN_F_INDEX,
    ECA_DOMAIN_F_DATA_SIZE,
    ECA_DOMAIN_F_LOGICAL_BASE_ADDRESS,
    ECA_DOMAIN_F_WORKING_COUNTER,
    ECA_DOMAIN_F_EXPECTED_WORKING_COUNTER,
    ECA_DOMAIN_F_FMMU_COUNT,
    ECA_DOMAIN_F__COUNT
};
enum { /* ec_ioctl_domain_fmmu_t */
    ECA_DOMAIN_FMMU_F_DOMAIN_INDEX,
    ECA_DOMAIN_FMMU_F_FMMU_INDEX,
    ECA_DOMAIN_FMMU_F_SLAVE_CONFIG_ALIAS,
    ECA_DOMAIN_FMMU_F_SLAVE_CONFIG_POSITION,
    ECA_DOMAIN_FMMU_F_SYNC_INDEX,
    ECA_DOMAIN_FMMU_F_DIR,
    ECA_DOMAIN_FMMU_F_LOGICAL_ADDRESS,
    ECA_DOMAIN_FMMU_F_DATA_SIZE,
    ECA_DOMAIN_FMMU_F__COUNT
};
enum { /* ec_ioctl_domain_data_t */
    ECA_DOMAIN_DATA_F_DOMAIN_INDEX,
    ECA_DOMAIN_DATA_F_DATA_SIZE,
    ECA_DOMAIN_DATA_F_TARGET,
    ECA_DOMAIN_DATA_F__COUNT
};
enum { /* ec_ioctl_slave_state_t */
    ECA_SLAVE_STATE_F_SLAVE_POSITION,
    ECA_SLAVE_STATE_F_AL_STATE,
    ECA_SLAVE_STATE_F__COUNT
};
enum { /* ec_ioctl_slave_sdo_t */
    ECA_SLAVE_SDO_F_SLAVE_POSITION,
    ECA_SLAVE_SDO_F_SDO_POSITION,
    ECA_SLAVE_SDO_F_SDO_INDEX,
    ECA_SLAVE_SDO_F_MAX_SUBINDEX,
    ECA_SLAVE_SDO_F_NAME,
    ECA_SLAVE_SDO_F__COUNT
};
enum { /* ec_ioctl_slave_sdo_entry_t */
    ECA_SLAVE_SDO_ENTRY_F_SLAVE_POSITION,
    ECA_SLAVE_SDO_ENTRY_F_SDO_SPEC,
    ECA_SLAVE_SDO_ENTRY_F_SDO_ENTRY_SUBINDEX,
    ECA_SLAVE_SDO_ENTRY_F_DATA_TYPE,
    ECA_SLAVE_SDO_ENTRY_F_BIT_LENGTH,
    ECA_SLAVE_SDO_ENTRY_F_READ_ACCESS,
    ECA_SLAVE_SDO_ENTRY_F_WRITE_ACCESS,
    ECA_SLAVE_SDO_ENTRY_F_DESCRIPTION,
    ECA_SLAVE_SDO_ENTRY_F__COUNT
};
enum { /* ec_ioctl_slave_sdo_upload_t */
    ECA_SLAVE_SDO_UPLOAD_F_SLAVE_POSITION,
    ECA_SLAVE_SDO_UPLOAD_F_SDO_INDEX,
    ECA_SLAVE_SDO_UPLOAD_F_SDO_ENTRY_SUBINDEX,
    ECA_SLAVE_SDO_UPLOAD_F_TARGET_SIZE,
    ECA_SLAVE_SDO_UPLOAD_F_TARGET,
    ECA_SLAVE_SDO_UPLOAD_F_DATA_SIZE,
    ECA_SLAVE_SDO_UPLOAD_F_ABORT_CODE,
    ECA_SLAVE_SDO_UPLOAD_F__COUNT
};
enum { /* ec_ioctl_slave_sdo_download_t */
    ECA_SLAVE_SDO_DOWNLOAD_F_SLAVE_POSITION,
    ECA_SLAVE_SDO_DOWNLOAD_F_SDO_INDEX,
    ECA_SLAVE_SDO_DOWNLOAD_F_SDO_ENTRY_SUBINDEX,
    ECA_SLAVE_SDO_DOWNLOAD_F_COMPLETE_ACCESS,
    ECA_SLAVE_SDO_DOWNLOAD_F_DATA_SIZE,
    ECA_SLAVE_SDO_DOWNLOAD_F_DATA,
    ECA_SLAVE_SDO_DOWNLOAD_F_ABORT_CODE,
    ECA_SLAVE_SDO_DOWNLOAD_F__COUNT
};
enum { /* ec_ioctl_slave_sii_t */
    ECA_SLAVE_SII_F_SLAVE_POSITION,
    ECA_SLAVE_SII_F_OFFSET,
    ECA_SLAVE_SII_F_NWORDS,
    ECA_SLAVE_SII_F_WORDS,
    ECA_SLAVE_SII_F__COUNT
};
enum { /* ec_ioctl_slave_reg_t */
    ECA_SLAVE_REG_F_SLAVE_POSITION,
    ECA_SLAVE_REG_F_EMERGENCY,
    ECA_SLAVE_REG_F_ADDRESS,
    ECA_SLAVE_REG_F_SIZE,
    ECA_SLAVE_REG_F_DATA,
    ECA_SLAVE_REG_F__COUNT
};
enum { /* ec_ioctl_slave_foe_t */
    ECA_SLAVE_FOE_F_SLAVE_POSITION,
    ECA_SLAVE_FOE_F_OFFSET,
    ECA_SLAVE_FOE_F_BUFFER_SIZE,
    ECA_SLAVE_FOE_F_BUFFER,
    ECA_SLAVE_FOE_F_DATA_SIZE,
    ECA_SLAVE_FOE_F_RESULT,
    ECA_SLAVE_FOE_F_ERROR_CODE,
    ECA_SLAVE_FOE_F_FILE_NAME,
    ECA_SLAVE_FOE_F_PASSWORD,
    ECA_SLAVE_FOE_F__COUNT
};
enum { /* ec_ioctl_slave_soe_read_t */
    ECA_SLAVE_SOE_READ_F_SLAVE_POSITION,
    ECA_SLAVE_SOE_READ_F_DRIVE_NO,
    ECA_SLAVE_SOE_READ_F_IDN,
    ECA_SLAVE_SOE_READ_F_MEM_SIZE,
    ECA_SLAVE_SOE_READ_F_DATA,
    ECA_SLAVE_SOE_READ_F_DATA_SIZE,
    ECA_SLAVE_SOE_READ_F_ERROR_CODE,
    ECA_SLAVE_SOE_READ_F__COUNT
};
enum { /* ec_ioctl_slave_soe_write_t */
    ECA_SLAVE_SOE_WRITE_F_SLAVE_POSITION,
    ECA_SLAVE_SOE_WRITE_F_DRIVE_NO,
    ECA_SLAVE_SOE_WRITE_F_IDN,
    ECA_SLAVE_SOE_WRITE_F_DATA_SIZE,
    ECA_SLAVE_SOE_WRITE_F_DATA,
    ECA_SLAVE_SOE_WRITE_F_ERROR_CODE,
    ECA_SLAVE_SOE_WRITE_F__COUNT
};
enum { /* ec_ioctl_config_t */
    ECA_CONFIG_F_CONFIG_INDEX,
    ECA_CONFIG_F_ALIAS,
    ECA_CONFIG_F_POSITION,
    ECA_CONFIG_F_VENDOR_ID,
    ECA_CONFIG_F_PRODUCT_CODE,
    ECA_CONFIG_F_SYNCS,
    ECA_CONFIG_F_SYNCS_DIR,
    ECA_CONFIG_F_SYNCS_WATCHDOG_MODE,
    ECA_CONFIG_F_SYNCS_PDO_COUNT,
    ECA_CONFIG_F_SYNCS_CONFIG_THIS,
    ECA_CONFIG_F_WATCHDOG_DIVIDER,
    ECA_CONFIG_F_WATCHDOG_INTERVALS,
    ECA_CONFIG_F_SDO_COUNT,
    ECA_CONFIG_F_IDN_COUNT,
    ECA_CONFIG_F_FLAG_COUNT,
    ECA_CONFIG_F_SLAVE_POSITION,
    ECA_CONFIG_F_DC_ASSIGN_ACTIVATE,
    ECA_CONFIG_F_DC_SYNC,
    ECA_CONFIG_F_ALLOW_OVERLAPPING_PDOS,
    ECA_CONFIG_F__COUNT
};
enum { /* ec_ioctl_config_pdo_t */
    ECA_CONFIG_PDO_F_CONFIG_INDEX,
    ECA_CONFIG_PDO_F_SYNC_INDEX,
    ECA_CONFIG_PDO_F_PDO_POS,
    ECA_CONFIG_PDO_F_INDEX,
    ECA_CONFIG_PDO_F_ENTRY_COUNT,
    ECA_CONFIG_PDO_F_NAME,
    ECA_CONFIG_PDO_F__COUNT
};
enum { /* ec_ioctl_config_pdo_entry_t */
    ECA_CONFIG_PDO_ENTRY_F_CONFIG_INDEX,
    ECA_CONFIG_PDO_ENTRY_F_SYNC_INDEX,
    ECA_CONFIG_PDO_ENTRY_F_PDO_POS,
    ECA_CONFIG_PDO_ENTRY_F_ENTRY_POS,
    ECA_CONFIG_PDO_ENTRY_F_INDEX,
    ECA_CONFIG_PDO_ENTRY_F_SUBINDEX,
    ECA_CONFIG_PDO_ENTRY_F_BIT_LENGTH,
    ECA_CONFIG_PDO_ENTRY_F_NAME,
    ECA_CONFIG_PDO_ENTRY_F__COUNT
};
enum { /* ec_ioctl_config_sdo_t */
    ECA_CONFIG_SDO_F_CONFIG_INDEX,
    ECA_CONFIG_SDO_F_SDO_POS,
    ECA_CONFIG_SDO_F_INDEX,
    ECA_CONFIG_SDO_F_SUBINDEX,
    ECA_CONFIG_SDO_F_SIZE,
    ECA_CONFIG_SDO_F_DATA,
    ECA_CONFIG_SDO_F_COMPLETE_ACCESS,
    ECA_CONFIG_SDO_F__COUNT
};
enum { /* ec_ioctl_config_idn_t */
    ECA_CONFIG_IDN_F_CONFIG_INDEX,
    ECA_CONFIG_IDN_F_IDN_POS,
    ECA_CONFIG_IDN_F_DRIVE_NO,
    ECA_CONFIG_IDN_F_IDN,
    ECA_CONFIG_IDN_F_STATE,
    ECA_CONFIG_IDN_F_SIZE,
    ECA_CONFIG_IDN_F_DATA,
    ECA_CONFIG_IDN_F__COUNT
};
enum { /* ec_ioctl_config_flag_t */
    ECA_CONFIG_FLAG_F_CONFIG_INDEX,
    ECA_CONFIG_FLAG_F_FLAG_POS,
    ECA_CONFIG_FLAG_F_KEY,
    ECA_CONFIG_FLAG_F_VALUE,
    ECA_CONFIG_FLAG_F__COUNT
};
enum { /* ec_ioctl_eoe_handler_t */
    ECA_EOE_HANDLER_F_EOE_INDEX,
    ECA_EOE_HANDLER_F_NAME,
    ECA_EOE_HANDLER_F_SLAVE_POSITION,
    ECA_EOE_HANDLER_F_OPEN,
    ECA_EOE_HANDLER_F_RX_BYTES,
    ECA_EOE_HANDLER_F_RX_RATE,
    ECA_EOE_HANDLER_F_TX_BYTES,
    ECA_EOE_HANDLER_F_TX_RATE,
    ECA_EOE_HANDLER_F_TX_QUEUED_FRAMES,
    ECA_EOE_HANDLER_F_TX_QUEUE_SIZE,
    ECA_EOE_HANDLER_F__COUNT
};
enum { /* ec_ioctl_eoe_ip_t */
    ECA_EOE_IP_F_SLAVE_POSITION,
    ECA_EOE_IP_F_CONFIG_INDEX,
    ECA_EOE_IP_F_MAC_ADDRESS_INCLUDED,
    ECA_EOE_IP_F_IP_ADDRESS_INCLUDED,
    ECA_EOE_IP_F_SUBNET_MASK_INCLUDED,
    ECA_EOE_IP_F_GATEWAY_INCLUDED,
    ECA_EOE_IP_F_DNS_INCLUDED,
    ECA_EOE_IP_F_NAME_INCLUDED,
    ECA_EOE_IP_F_MAC_ADDRESS,
    ECA_EOE_IP_F_IP_ADDRESS,
    ECA_EOE_IP_F_SUBNET_MASK,
    ECA_EOE_IP_F_GATEWAY,
    ECA_EOE_IP_F_DNS,
    ECA_EOE_IP_F_NAME,
    ECA_EOE_IP_F_RESULT,
    ECA_EOE_IP_F__COUNT
};
enum { /* ec_ioctl_master_activate_t */
    ECA_MASTER_ACTIVATE_F_PROCESS_DATA,
    ECA_MASTER_ACTIVATE_F_PROCESS_DATA_SIZE,
    ECA_MASTER_ACTIVATE_F__COUNT
};
enum { /* ec_ioctl_add_pdo_entry_t */
    ECA_ADD_PDO_ENTRY_F_CONFIG_INDEX,
    ECA_ADD_PDO_ENTRY_F_PDO_INDEX,
    ECA_ADD_PDO_ENTRY_F_ENTRY_INDEX,
    ECA_ADD_PDO_ENTRY_F_ENTRY_SUBINDEX,
    ECA_ADD_PDO_ENTRY_F_ENTRY_BIT_LENGTH,
    ECA_ADD_PDO_ENTRY_F__COUNT
};
enum { /* ec_ioctl_reg_pdo_entry_t */
    ECA_REG_PDO_ENTRY_F_CONFIG_INDEX,
    ECA_REG_PDO_ENTRY_F_ENTRY_INDEX,
    ECA_REG_PDO_ENTRY_F_ENTRY_SUBINDEX,
    ECA_REG_PDO_ENTRY_F_DOMAIN_INDEX,
    ECA_REG_PDO_ENTRY_F_BIT_POSITION,
    ECA_REG_PDO_ENTRY_F__COUNT
};
enum { /* ec_ioctl_reg_pdo_pos_t */
    ECA_REG_PDO_POS_F_CONFIG_INDEX,
    ECA_REG_PDO_POS_F_SYNC_INDEX,
    ECA_REG_PDO_POS_F_PDO_POS,
    ECA_REG_PDO_POS_F_ENTRY_POS,
    ECA_REG_PDO_POS_F_DOMAIN_INDEX,
    ECA_REG_PDO_POS_F_BIT_POSITION,
    ECA_REG_PDO_POS_F__COUNT
};
enum { /* ec_ioctl_sc_sdo_t */
    ECA_SC_SDO_F_CONFIG_INDEX,
    ECA_SC_SDO_F_INDEX,
    ECA_SC_SDO_F_SUBINDEX,
    ECA_SC_SDO_F_DATA,
    ECA_SC_SDO_F_SIZE,
    ECA_SC_SDO_F_COMPLETE_ACCESS,
    ECA_SC_SDO_F__COUNT
};
enum { /* ec_ioctl_sc_emerg_t */
    ECA_SC_EMERG_F_CONFIG_INDEX,
    ECA_SC_EMERG_F_SIZE,
    ECA_SC_EMERG_F_TARGET,
    ECA_SC_EMERG_F_OVERRUNS,
    ECA_SC_EMERG_F__COUNT
};
enum { /* ec_ioctl_sc_state_t */
    ECA_SC_STATE_F_CONFIG_INDEX,
    ECA_SC_STATE_F_STATE,
    ECA_SC_STATE_F__COUNT
};
enum { /* ec_ioctl_sc_idn_t */
    ECA_SC_IDN_F_CONFIG_INDEX,
    ECA_SC_IDN_F_DRIVE_NO,
    ECA_SC_IDN_F_IDN,
    ECA_SC_IDN_F_AL_STATE,
    ECA_SC_IDN_F_DATA,
    ECA_SC_IDN_F_SIZE,
    ECA_SC_IDN_F__COUNT
};
enum { /* ec_ioctl_sc_flag_t */
    ECA_SC_FLAG_F_CONFIG_INDEX,
    ECA_SC_FLAG_F_KEY_SIZE,
    ECA_SC_FLAG_F_KEY,
    ECA_SC_FLAG_F_VALUE,
    ECA_SC_FLAG_F__COUNT
};
enum { /* ec_ioctl_sc_state_timeout_t */
    ECA_SC_STATE_TIMEOUT_F_CONFIG_INDEX,
    ECA_SC_STATE_TIMEOUT_F_FROM_STATE,
    ECA_SC_STATE_TIMEOUT_F_TO_STATE,
    ECA_SC_STATE_TIMEOUT_F_TIMEOUT_MS,
    ECA_SC_STATE_TIMEOUT_F__COUNT
};
enum { /* ec_ioctl_domain_state_t */
    ECA_DOMAIN_STATE_F_DOMAIN_INDEX,
    ECA_DOMAIN_STATE_F_STATE,
    ECA_DOMAIN_STATE_F__COUNT
};
enum { /* ec_ioctl_sdo_request_t */
    ECA_SDO_REQUEST_F_CONFIG_INDEX,
    ECA_SDO_REQUEST_F_REQUEST_INDEX,
    ECA_SDO_REQUEST_F_SDO_INDEX,
    ECA_SDO_REQUEST_F_SDO_SUBINDEX,
    ECA_SDO_REQUEST_F_SIZE,
    ECA_SDO_REQUEST_F_DATA,
    ECA_SDO_REQUEST_F_TIMEOUT,
    ECA_SDO_REQUEST_F_STATE,
    ECA_SDO_REQUEST_F__COUNT
};
enum { /* ec_ioctl_soe_request_t */
    ECA_SOE_REQUEST_F_CONFIG_INDEX,
    ECA_SOE_REQUEST_F_REQUEST_INDEX,
    ECA_SOE_REQUEST_F_DRIVE_NO,
    ECA_SOE_REQUEST_F_IDN,
    ECA_SOE_REQUEST_F_SIZE,
    ECA_SOE_REQUEST_F_DATA,
    ECA_SOE_REQUEST_F_TIMEOUT,
    ECA_SOE_REQUEST_F_STATE,
    ECA_SOE_REQUEST_F__COUNT
};
enum { /* ec_ioctl_reg_request_t */
    ECA_REG_REQUEST_F_CONFIG_INDEX,
    ECA_REG_REQUEST_F_MEM_SIZE,
    ECA_REG_REQUEST_F_REQUEST_INDEX,
    ECA_REG_REQUEST_F_DATA,
    ECA_REG_REQUEST_F_STATE,
    ECA_REG_REQUEST_F_NEW_DATA,
    ECA_REG_REQUEST_F_ADDRESS,
    ECA_REG_REQUEST_F_TRANSFER_SIZE,
    ECA_REG_REQUEST_F__COUNT
};
enum { /* ec_ioctl_voe_t */
    ECA_VOE_F_CONFIG_INDEX,
    ECA_VOE_F_VOE_INDEX,
    ECA_VOE_F_VENDOR_ID,
    ECA_VOE_F_VENDOR_TYPE,
    ECA_VOE_F_SIZE,
    ECA_VOE_F_DATA,
    ECA_VOE_F_STATE,
    ECA_VOE_F__COUNT
};
enum { /* ec_ioctl_link_state_t */
    ECA_LINK_STATE_F_DEV_IDX,
    ECA_LINK_STATE_F_STATE,
    ECA_LINK_STATE_F__COUNT
};
enum { /* ec_master_state_t */
    ECA_MASTER_STATE_DATA_F_SLAVES_RESPONDING,
    ECA_MASTER_STATE_DATA_F_AL_STATES,
    ECA_MASTER_STATE_DATA_F_LINK_UP,
    ECA_MASTER_STATE_DATA_F__COUNT
};
enum { /* ec_master_link_state_t */
    ECA_MASTER_LINK_STATE_DATA_F_SLAVES_RESPONDING,
    ECA_MASTER_LINK_STATE_DATA_F_AL_STATES,
    ECA_MASTER_LINK_STATE_DATA_F_LINK_UP,
    ECA_MASTER_LINK_STATE_DATA_F__COUNT
};
enum { /* ec_slave_config_state_t */
    ECA_SLAVE_CONFIG_STATE_DATA_F_ONLINE,
    ECA_SLAVE_CONFIG_STATE_DATA_F_OPERATIONAL,
    ECA_SLAVE_CONFIG_STATE_DATA_F_AL_STATE,
    ECA_SLAVE_CONFIG_STATE_DATA_F__COUNT
};
enum { /* ec_slave_port_link_t */
    ECA_PORT_LINK_F_LINK_UP,
    ECA_PORT_LINK_F_LOOP_CLOSED,
    ECA_PORT_LINK_F_SIGNAL_DETECTED,
    ECA_PORT_LINK_F__COUNT
};
enum { /* ec_domain_state_t */
    ECA_DOMAIN_STATE_DATA_F_WORKING_COUNTER,
    ECA_DOMAIN_STATE_DATA_F_WC_STATE,
    ECA_DOMAIN_STATE_DATA_F_REDUNDANCY_ACTIVE,
    ECA_DOMAIN_STATE_DATA_F__COUNT
};
enum { /* ec_sii_coe_details_t */
    ECA_COE_DETAILS_F_ENABLE_SDO,
    ECA_COE_DETAILS_F_ENABLE_SDO_INFO,
    ECA_COE_DETAILS_F_ENABLE_PDO_ASSIGN,
    ECA_COE_DETAILS_F_ENABLE_PDO_CONFIGURATION,
    ECA_COE_DETAILS_F_ENABLE_UPLOAD_AT_STARTUP,
    ECA_COE_DETAILS_F_ENABLE_SDO_COMPLETE_ACCESS,
    ECA_COE_DETAILS_F__COUNT
};
enum { /* ec_sii_general_flags_t */
    ECA_GENERAL_FLAGS_F_ENABLE_SAFEOP,
    ECA_GENERAL_FLAGS_F_ENABLE_NOT_LRW,
    ECA_GENERAL_FLAGS_F__COUNT
};
enum { /* ec_sync_signal_t */
    ECA_SYNC_SIGNAL_F_CYCLE_TIME,
    ECA_SYNC_SIGNAL_F_SHIFT_TIME,
    ECA_SYNC_SIGNAL_F__COUNT
};
enum { /* ec_ioctl_app_time_t */
    ECA_APP_TIME_F_APP_TIME,
    ECA_APP_TIME_F__COUNT
};
enum { /* ec_ioctl_slave_eoe_ip_t */
    ECA_SLAVE_EOE_IP_F_SLAVE_POSITION,
    ECA_SLAVE_EOE_IP_F_MAC_ADDRESS_INCLUDED,
    ECA_SLAVE_EOE_IP_F_IP_ADDRESS_INCLUDED,
    ECA_SLAVE_EOE_IP_F_SUBNET_MASK_INCLUDED,
    ECA_SLAVE_EOE_IP_F_GATEWAY_INCLUDED,
    ECA_SLAVE_EOE_IP_F_DNS_INCLUDED,
    ECA_SLAVE_EOE_IP_F_NAME_INCLUDED,
    ECA_SLAVE_EOE_IP_F_MAC_ADDRESS,
    ECA_SLAVE_EOE_IP_F_IP_ADDRESS,
    ECA_SLAVE_EOE_IP_F_SUBNET_MASK,
    ECA_SLAVE_EOE_IP_F_GATEWAY,
    ECA_SLAVE_EOE_IP_F_DNS,
    ECA_SLAVE_EOE_IP_F_NAME,
    ECA_SLAVE_EOE_IP_F_RESULT,
    ECA_SLAVE_EOE_IP_F__COUNT
};
enum { /* ec_ioctl_slave_dict_upload_t */
    ECA_SLAVE_DICT_UPLOAD_F_SLAVE_POSITION,
    ECA_SLAVE_DICT_UPLOAD_F__COUNT
};

/* Sentinel for "no struct" (requests without an argument, or passed by value). */
#define ECA_ST_NONE 0xff

#define ECA_NO_PARENT 0xff

struct eca_field {
    const char *name;    /* as in the facts; nested fields are named "parent.child" */
    uint16_t offset;     /* bytes; relative to one element of .parent if it has one */
    uint16_t size;       /* total bytes (count * elem_size); 0 = absent in this layout or a bit-field */
    uint16_t count;      /* array elements, 1 for scalars */
    uint16_t elem_size;  /* bytes per element */
    uint8_t parent;      /* field id of the enclosing array of anonymous structs, or ECA_NO_PARENT */
    uint8_t bit_offset;  /* bit-fields only: from bit 0 of byte 0 of the struct, LSB first */
    uint8_t bit_width;   /* bit-fields only; 0 for ordinary fields */
    uint8_t flags;       /* ECA_FIELD_* */
};

#define ECA_FIELD_PRESENT 0x01
#define ECA_FIELD_POINTER 0x02 /* a user-space pointer (8 bytes on LP64) */
#define ECA_FIELD_SIGNED 0x04

struct eca_layout {
    const char *name;     /* C type name in IgH, e.g. "ec_ioctl_master_t" */
    uint16_t size;        /* sizeof */
    uint16_t field_count; /* number of entries in fields[] (the struct's __COUNT) */
    const struct eca_field *fields; /* indexed by the struct's field ids */
};

/* Static description of one request, the same in every ABI that has it. */
struct eca_req_desc {
    const char *name;  /* without the EC_IOCTL_ prefix */
    uint8_t dir;       /* enum eca_dir */
    uint8_t arg;       /* enum eca_arg, as the stable lines pass it; see eca_abi.arg[] */
};

extern const struct eca_req_desc eca_requests[ECA_REQ_COUNT];

/* One ABI: a version line at one magic, in one build variant. */
struct eca_abi {
    const char *id;          /* stable short id: "1.6", "1.5.3", "1.5.2", "stable-1.5-m31", "dev-2022", ... */
    const char *description; /* one line for humans */
    uint32_t magic;          /* what EC_IOCTL_MODULE reports */
    uint8_t devices;         /* EC_MAX_NUM_DEVICES of the build: 1, or 2 with redundancy */
    int16_t nr[ECA_REQ_COUNT];              /* request number, or -1 when the ABI lacks the request */
    uint8_t access[ECA_REQ_COUNT];          /* ECA_NEED_* per request */
    uint8_t st[ECA_REQ_COUNT];              /* struct whose size the code encodes, or ECA_ST_NONE */
    const struct eca_layout *layouts[ECA_ST_COUNT]; /* NULL when the ABI lacks the struct */
    /*
     * enum eca_arg per request in this ABI. Equals eca_requests[].arg except where a line
     * deviates: the development line's SEND (dev-2022/dev-2023) takes a pointer to a size_t
     * that receives the sent byte count, although its code is a plain _IO.
     */
    uint8_t arg[ECA_REQ_COUNT];
};

/* Every ABI the build knows, in detection preference order; NULL-terminated. */
extern const struct eca_abi *const eca_abis[];

/* The full 32-bit request code for the ABI, or 0 when the ABI lacks the request. */
uint32_t eca_code(const struct eca_abi *abi, enum eca_req req);

/* The request a code stands for in this ABI, or ECA_REQ_COUNT when none does. */
enum eca_req eca_req_of_code(const struct eca_abi *abi, uint32_t code);

/* Look up an ABI by id, or by magic and device count (first match). NULL if unknown. */
const struct eca_abi *eca_abi_by_id(const char *id);
const struct eca_abi *eca_abi_by_magic(uint32_t magic, unsigned devices);

/*
 * Byte offset of field `field` of layout `l` within the struct, for element `pi` of its
 * parent array (0 if it has none) and element `ei` of the field itself (0 for scalars).
 * Returns -1 when the field is absent or an index is out of range.
 */
int eca_offset(const struct eca_layout *l, unsigned field, unsigned pi, unsigned ei);

/* Read/write an integer field (little-endian, 1/2/4/8 bytes or a bit-field). Absent: 0 / no-op. */
uint64_t eca_get(const void *buf, const struct eca_layout *l, unsigned field, unsigned pi, unsigned ei);
void eca_put(void *buf, const struct eca_layout *l, unsigned field, unsigned pi, unsigned ei, uint64_t value);

/* Pointer to the bytes of a field (strings, byte arrays), or NULL when absent. */
void *eca_ptr(void *buf, const struct eca_layout *l, unsigned field, unsigned pi);
const void *eca_cptr(const void *buf, const struct eca_layout *l, unsigned field, unsigned pi);

/* The size in bytes of a field, 0 when absent. */
unsigned eca_size(const struct eca_layout *l, unsigned field);

/* Largest struct size of any request argument in any known ABI (for stack buffers). */
#define ECA_MAX_ARG_SIZE 1056

#ifdef __cplusplus
}
#endif

#endif /* ECAT_IGH_ABI_H */
