/* SPDX-License-Identifier: MIT */
/*
 * Byte layouts of every struct that crosses the IgH ioctl boundary, in every variant the
 * supported ABIs use (x86_64 / LP64: pointers and size_t are 8 bytes, natural alignment).
 *
 * Written from the numbers in shared/abi/igh-*.json and checked against copies of those
 * files by test/unit/abi-tables.test.ts. Each table is indexed by the struct's field ids
 * from abi.h (designated initializers, so a field can't land in the wrong slot). Fields a
 * variant lacks stay in the table without ECA_FIELD_PRESENT, so code can ask for them in
 * any ABI and reads 0.
 *
 * The layouts that change with the version or the device count are written as one macro
 * with the few parameters that move offsets, so the arithmetic is visible once.
 */
#include "abi_layouts.h"

/* Field constructors: offset and size in bytes, cnt elements of esz bytes each. */
#define EF(nm, off, cnt, esz, fl) \
    { (nm), (off), (cnt) * (esz), (cnt), (esz), ECA_NO_PARENT, 0, 0, ECA_FIELD_PRESENT | (fl) }
/* A field inside one element of the array-of-anonymous-structs field `par`. */
#define EF_IN(par, nm, off, cnt, esz, fl) \
    { (nm), (off), (cnt) * (esz), (cnt), (esz), (par), 0, 0, ECA_FIELD_PRESENT | (fl) }
/* A field that exists only when `c` is true; otherwise it is an absent entry of size 0. */
#define EF_IF(c, nm, off, cnt, esz, fl)                                                        \
    { (nm), (c) ? (off) : 0, (c) ? (cnt) * (esz) : 0, (c) ? (cnt) : 0, (c) ? (esz) : 0,        \
      ECA_NO_PARENT, 0, 0, (c) ? (ECA_FIELD_PRESENT | (fl)) : 0 }
#define EF_ABSENT(nm) { (nm), 0, 0, 0, 0, ECA_NO_PARENT, 0, 0, 0 }
/* A C bit-field: position counted from bit 0 of byte 0 of the struct, LSB first. */
#define EF_BITS(nm, bit, width) { (nm), (bit) / 8, 0, 1, 0, ECA_NO_PARENT, (bit), (width), ECA_FIELD_PRESENT }

#define EU8(nm, off) EF(nm, off, 1, 1, 0)
#define EU16(nm, off) EF(nm, off, 1, 2, 0)
#define EU32(nm, off) EF(nm, off, 1, 4, 0)
#define EU64(nm, off) EF(nm, off, 1, 8, 0)
#define ES16(nm, off) EF(nm, off, 1, 2, ECA_FIELD_SIGNED)
#define ES32(nm, off) EF(nm, off, 1, 4, ECA_FIELD_SIGNED)
#define ESIZE(nm, off) EF(nm, off, 1, 8, 0)              /* size_t */
#define EPTR(nm, off) EF(nm, off, 1, 8, ECA_FIELD_POINTER) /* user-space pointer */
#define EENUM(nm, off) EF(nm, off, 1, 4, 0)              /* C enum: 4 bytes, no negative values */
#define ECHARS(nm, off, n) EF(nm, off, n, 1, 0)          /* char[n] string */
#define EI8S(nm, off, n) EF(nm, off, n, 1, ECA_FIELD_SIGNED) /* int8_t[n], used as a string */
#define ERATES(nm, off) EF(nm, off, 3, 4, ECA_FIELD_SIGNED)  /* int32_t[3]: 1 s, 10 s, 60 s averages */

#define ECA_LAYOUT(var, cname, sz, prefix) \
    const struct eca_layout var = { (cname), (sz), prefix##_F__COUNT, var##_f }

/* ---- ec_ioctl_master_t ------------------------------------------------------------------
 * s:  4 when scan_index sits at offset 4 (1.6), else 0; the counters after it move by s.
 * n:  EC_MAX_NUM_DEVICES; devices[] starts at 24 (8-aligned for its u64 counters).
 * dc: 1 when dc_ref_time exists (magic 30 on); ref_clock follows it.
 * Everything after devices[] is relative to num_devices at 24 + 96 n.
 */
#define ECA_MASTER_DEV(f, nm, off, cnt, esz, fl) \
    [ECA_MASTER_F_DEVICES_##f] = EF_IN(ECA_MASTER_F_DEVICES, "devices." nm, off, cnt, esz, fl)
#define ECA_MASTER_FIELDS(s, n, dc, D)                                                           \
    {                                                                                            \
        [ECA_MASTER_F_SLAVE_COUNT] = EU32("slave_count", 0),                                     \
        [ECA_MASTER_F_SCAN_INDEX] = EF_IF((s) != 0, "scan_index", 4, 1, 4, 0),                    \
        [ECA_MASTER_F_CONFIG_COUNT] = EU32("config_count", 4 + (s)),                             \
        [ECA_MASTER_F_DOMAIN_COUNT] = EU32("domain_count", 8 + (s)),                             \
        [ECA_MASTER_F_EOE_HANDLER_COUNT] = EU32("eoe_handler_count", 12 + (s)),                  \
        [ECA_MASTER_F_PHASE] = EU8("phase", 16 + (s)),                                           \
        [ECA_MASTER_F_ACTIVE] = EU8("active", 17 + (s)),                                         \
        [ECA_MASTER_F_SCAN_BUSY] = EU8("scan_busy", 18 + (s)),                                   \
        [ECA_MASTER_F_DEVICES] = EF("devices", 24, n, 96, 0),                                    \
        ECA_MASTER_DEV(ADDRESS, "address", 0, 6, 1, 0),                                          \
        ECA_MASTER_DEV(ATTACHED, "attached", 6, 1, 1, 0),                                        \
        ECA_MASTER_DEV(LINK_STATE, "link_state", 7, 1, 1, 0),                                    \
        ECA_MASTER_DEV(TX_COUNT, "tx_count", 8, 1, 8, 0),                                        \
        ECA_MASTER_DEV(RX_COUNT, "rx_count", 16, 1, 8, 0),                                       \
        ECA_MASTER_DEV(TX_BYTES, "tx_bytes", 24, 1, 8, 0),                                       \
        ECA_MASTER_DEV(RX_BYTES, "rx_bytes", 32, 1, 8, 0),                                       \
        ECA_MASTER_DEV(TX_ERRORS, "tx_errors", 40, 1, 8, 0),                                     \
        ECA_MASTER_DEV(TX_FRAME_RATES, "tx_frame_rates", 48, 3, 4, ECA_FIELD_SIGNED),            \
        ECA_MASTER_DEV(RX_FRAME_RATES, "rx_frame_rates", 60, 3, 4, ECA_FIELD_SIGNED),            \
        ECA_MASTER_DEV(TX_BYTE_RATES, "tx_byte_rates", 72, 3, 4, ECA_FIELD_SIGNED),              \
        ECA_MASTER_DEV(RX_BYTE_RATES, "rx_byte_rates", 84, 3, 4, ECA_FIELD_SIGNED),              \
        [ECA_MASTER_F_NUM_DEVICES] = EU32("num_devices", D),                                     \
        [ECA_MASTER_F_TX_COUNT] = EU64("tx_count", (D) + 8),                                     \
        [ECA_MASTER_F_RX_COUNT] = EU64("rx_count", (D) + 16),                                    \
        [ECA_MASTER_F_TX_BYTES] = EU64("tx_bytes", (D) + 24),                                    \
        [ECA_MASTER_F_RX_BYTES] = EU64("rx_bytes", (D) + 32),                                    \
        [ECA_MASTER_F_TX_FRAME_RATES] = ERATES("tx_frame_rates", (D) + 40),                      \
        [ECA_MASTER_F_RX_FRAME_RATES] = ERATES("rx_frame_rates", (D) + 52),                      \
        [ECA_MASTER_F_TX_BYTE_RATES] = ERATES("tx_byte_rates", (D) + 64),                        \
        [ECA_MASTER_F_RX_BYTE_RATES] = ERATES("rx_byte_rates", (D) + 76),                        \
        [ECA_MASTER_F_LOSS_RATES] = ERATES("loss_rates", (D) + 88),                              \
        [ECA_MASTER_F_APP_TIME] = EU64("app_time", (D) + 104),                                   \
        [ECA_MASTER_F_DC_REF_TIME] = EF_IF(dc, "dc_ref_time", (D) + 112, 1, 8, 0),               \
        [ECA_MASTER_F_REF_CLOCK] = EU16("ref_clock", (D) + 112 + 8 * (dc)),                      \
    }
#define ECA_MASTER_SIZE(n, dc) (24 + 96 * (n) + 120 + 8 * (dc))
#define ECA_MASTER_LAYOUT(var, s, n, dc)                                                           \
    static const struct eca_field var##_f[ECA_MASTER_F__COUNT] = ECA_MASTER_FIELDS(s, n, dc, 24 + 96 * (n)); \
    ECA_LAYOUT(var, "ec_ioctl_master_t", ECA_MASTER_SIZE(n, dc), ECA_MASTER)

ECA_MASTER_LAYOUT(eca_l_master_152, 0, 1, 0);
ECA_MASTER_LAYOUT(eca_l_master_152_d2, 0, 2, 0);
ECA_MASTER_LAYOUT(eca_l_master_15, 0, 1, 1);
ECA_MASTER_LAYOUT(eca_l_master_15_d2, 0, 2, 1);
ECA_MASTER_LAYOUT(eca_l_master_16, 4, 1, 1);
ECA_MASTER_LAYOUT(eca_l_master_16_d2, 4, 2, 1);

/* ---- ec_ioctl_domain_t: working_counter[n] pushes the rest by 2 bytes per extra device. */
#define ECA_DOMAIN_LAYOUT(var, n)                                                                  \
    static const struct eca_field var##_f[ECA_DOMAIN_F__COUNT] = {                                \
        [ECA_DOMAIN_F_INDEX] = EU32("index", 0),                                                   \
        [ECA_DOMAIN_F_DATA_SIZE] = EU32("data_size", 4),                                           \
        [ECA_DOMAIN_F_LOGICAL_BASE_ADDRESS] = EU32("logical_base_address", 8),                     \
        [ECA_DOMAIN_F_WORKING_COUNTER] = EF("working_counter", 12, n, 2, 0),                       \
        [ECA_DOMAIN_F_EXPECTED_WORKING_COUNTER] = EU16("expected_working_counter", 12 + 2 * (n)), \
        [ECA_DOMAIN_F_FMMU_COUNT] = EU32("fmmu_count", (12 + 2 * (n) + 2 + 3) / 4 * 4),             \
    };                                                                                             \
    ECA_LAYOUT(var, "ec_ioctl_domain_t", (12 + 2 * (n) + 2 + 3) / 4 * 4 + 4, ECA_DOMAIN)

ECA_DOMAIN_LAYOUT(eca_l_domain, 1);
ECA_DOMAIN_LAYOUT(eca_l_domain_d2, 2);

/* ---- ec_ioctl_config_t
 * fc: 1 when flag_count exists (magic 31 on); the fields after it move by 4.
 * ov: 1 when allow_overlapping_pdos follows dc_sync (development line).
 */
#define ECA_CONFIG_SYNC(f, nm, off, esz) \
    [ECA_CONFIG_F_SYNCS_##f] = EF_IN(ECA_CONFIG_F_SYNCS, "syncs." nm, off, 1, esz, 0)
#define ECA_CONFIG_LAYOUT(var, fc, ov)                                                           \
    static const struct eca_field var##_f[ECA_CONFIG_F__COUNT] = {                              \
        [ECA_CONFIG_F_CONFIG_INDEX] = EU32("config_index", 0),                                   \
        [ECA_CONFIG_F_ALIAS] = EU16("alias", 4),                                                 \
        [ECA_CONFIG_F_POSITION] = EU16("position", 6),                                           \
        [ECA_CONFIG_F_VENDOR_ID] = EU32("vendor_id", 8),                                         \
        [ECA_CONFIG_F_PRODUCT_CODE] = EU32("product_code", 12),                                  \
        [ECA_CONFIG_F_SYNCS] = EF("syncs", 16, 16, 16, 0),                                       \
        ECA_CONFIG_SYNC(DIR, "dir", 0, 4),                                                       \
        ECA_CONFIG_SYNC(WATCHDOG_MODE, "watchdog_mode", 4, 4),                                   \
        ECA_CONFIG_SYNC(PDO_COUNT, "pdo_count", 8, 4),                                           \
        ECA_CONFIG_SYNC(CONFIG_THIS, "config_this", 12, 1),                                      \
        [ECA_CONFIG_F_WATCHDOG_DIVIDER] = EU16("watchdog_divider", 272),                         \
        [ECA_CONFIG_F_WATCHDOG_INTERVALS] = EU16("watchdog_intervals", 274),                     \
        [ECA_CONFIG_F_SDO_COUNT] = EU32("sdo_count", 276),                                       \
        [ECA_CONFIG_F_IDN_COUNT] = EU32("idn_count", 280),                                       \
        [ECA_CONFIG_F_FLAG_COUNT] = EF_IF(fc, "flag_count", 284, 1, 4, 0),                       \
        [ECA_CONFIG_F_SLAVE_POSITION] = ES32("slave_position", 284 + 4 * (fc)),                  \
        [ECA_CONFIG_F_DC_ASSIGN_ACTIVATE] = EU16("dc_assign_activate", 288 + 4 * (fc)),          \
        [ECA_CONFIG_F_DC_SYNC] = EF("dc_sync", 292 + 4 * (fc), 2, 8, 0),                         \
        [ECA_CONFIG_F_ALLOW_OVERLAPPING_PDOS] =                                                  \
            EF_IF(ov, "allow_overlapping_pdos", 308 + 4 * (fc), 1, 1, 0),                        \
    };                                                                                           \
    ECA_LAYOUT(var, "ec_ioctl_config_t", 308 + 4 * (fc) + 4 * (ov), ECA_CONFIG)

ECA_CONFIG_LAYOUT(eca_l_config_152, 0, 0);
ECA_CONFIG_LAYOUT(eca_l_config_15, 1, 0);
ECA_CONFIG_LAYOUT(eca_l_config_dev, 1, 1);

/* ---- ec_ioctl_slave_reg_t: emergency (u8) took the padding byte after slave_position,
 * which pushed address from 2 to 4; size and code stayed the same. */
static const struct eca_field eca_l_slave_reg_152_f[ECA_SLAVE_REG_F__COUNT] = {
    [ECA_SLAVE_REG_F_SLAVE_POSITION] = EU16("slave_position", 0),
    [ECA_SLAVE_REG_F_EMERGENCY] = EF_ABSENT("emergency"),
    [ECA_SLAVE_REG_F_ADDRESS] = EU16("address", 2),
    [ECA_SLAVE_REG_F_SIZE] = ESIZE("size", 8),
    [ECA_SLAVE_REG_F_DATA] = EPTR("data", 16),
};
ECA_LAYOUT(eca_l_slave_reg_152, "ec_ioctl_slave_reg_t", 24, ECA_SLAVE_REG);

static const struct eca_field eca_l_slave_reg_f[ECA_SLAVE_REG_F__COUNT] = {
    [ECA_SLAVE_REG_F_SLAVE_POSITION] = EU16("slave_position", 0),
    [ECA_SLAVE_REG_F_EMERGENCY] = EU8("emergency", 2),
    [ECA_SLAVE_REG_F_ADDRESS] = EU16("address", 4),
    [ECA_SLAVE_REG_F_SIZE] = ESIZE("size", 8),
    [ECA_SLAVE_REG_F_DATA] = EPTR("data", 16),
};
ECA_LAYOUT(eca_l_slave_reg, "ec_ioctl_slave_reg_t", 24, ECA_SLAVE_REG);

/* ---- ec_ioctl_slave_foe_t: the development line puts a password first (in the padding
 * before buffer_size, so the middle stays put) and widens file_name to 255 bytes. */
static const struct eca_field eca_l_slave_foe_f[ECA_SLAVE_FOE_F__COUNT] = {
    [ECA_SLAVE_FOE_F_SLAVE_POSITION] = EU16("slave_position", 0),
    [ECA_SLAVE_FOE_F_OFFSET] = EU16("offset", 2),
    [ECA_SLAVE_FOE_F_BUFFER_SIZE] = ESIZE("buffer_size", 8),
    [ECA_SLAVE_FOE_F_BUFFER] = EPTR("buffer", 16),
    [ECA_SLAVE_FOE_F_DATA_SIZE] = ESIZE("data_size", 24),
    [ECA_SLAVE_FOE_F_RESULT] = EU32("result", 32),
    [ECA_SLAVE_FOE_F_ERROR_CODE] = EU32("error_code", 36),
    [ECA_SLAVE_FOE_F_FILE_NAME] = ECHARS("file_name", 40, 32),
    [ECA_SLAVE_FOE_F_PASSWORD] = EF_ABSENT("password"),
};
ECA_LAYOUT(eca_l_slave_foe, "ec_ioctl_slave_foe_t", 72, ECA_SLAVE_FOE);

static const struct eca_field eca_l_slave_foe_dev_f[ECA_SLAVE_FOE_F__COUNT] = {
    [ECA_SLAVE_FOE_F_PASSWORD] = EU32("password", 0),
    [ECA_SLAVE_FOE_F_SLAVE_POSITION] = EU16("slave_position", 4),
    [ECA_SLAVE_FOE_F_OFFSET] = EU16("offset", 6),
    [ECA_SLAVE_FOE_F_BUFFER_SIZE] = ESIZE("buffer_size", 8),
    [ECA_SLAVE_FOE_F_BUFFER] = EPTR("buffer", 16),
    [ECA_SLAVE_FOE_F_DATA_SIZE] = ESIZE("data_size", 24),
    [ECA_SLAVE_FOE_F_RESULT] = EU32("result", 32),
    [ECA_SLAVE_FOE_F_ERROR_CODE] = EU32("error_code", 36),
    [ECA_SLAVE_FOE_F_FILE_NAME] = ECHARS("file_name", 40, 255),
};
ECA_LAYOUT(eca_l_slave_foe_dev, "ec_ioctl_slave_foe_t", 296, ECA_SLAVE_FOE);

/* ---- EoE IP parameters: 1.6 names the struct ec_ioctl_eoe_ip_t and adds config_index
 * (the same struct serves slaves and slave configs); the development line's
 * ec_ioctl_slave_eoe_ip_t has no config_index, so its flags start at 2. Both are 68 bytes. */
static const struct eca_field eca_l_eoe_ip_f[ECA_EOE_IP_F__COUNT] = {
    [ECA_EOE_IP_F_SLAVE_POSITION] = EU16("slave_position", 0),
    [ECA_EOE_IP_F_CONFIG_INDEX] = EU16("config_index", 2),
    [ECA_EOE_IP_F_MAC_ADDRESS_INCLUDED] = EU8("mac_address_included", 4),
    [ECA_EOE_IP_F_IP_ADDRESS_INCLUDED] = EU8("ip_address_included", 5),
    [ECA_EOE_IP_F_SUBNET_MASK_INCLUDED] = EU8("subnet_mask_included", 6),
    [ECA_EOE_IP_F_GATEWAY_INCLUDED] = EU8("gateway_included", 7),
    [ECA_EOE_IP_F_DNS_INCLUDED] = EU8("dns_included", 8),
    [ECA_EOE_IP_F_NAME_INCLUDED] = EU8("name_included", 9),
    [ECA_EOE_IP_F_MAC_ADDRESS] = ECHARS("mac_address", 10, 6),
    [ECA_EOE_IP_F_IP_ADDRESS] = EU32("ip_address", 16), /* struct in_addr, network byte order */
    [ECA_EOE_IP_F_SUBNET_MASK] = EU32("subnet_mask", 20),
    [ECA_EOE_IP_F_GATEWAY] = EU32("gateway", 24),
    [ECA_EOE_IP_F_DNS] = EU32("dns", 28),
    [ECA_EOE_IP_F_NAME] = ECHARS("name", 32, 32),
    [ECA_EOE_IP_F_RESULT] = EU16("result", 64),
};
ECA_LAYOUT(eca_l_eoe_ip, "ec_ioctl_eoe_ip_t", 68, ECA_EOE_IP);

static const struct eca_field eca_l_slave_eoe_ip_f[ECA_SLAVE_EOE_IP_F__COUNT] = {
    [ECA_SLAVE_EOE_IP_F_SLAVE_POSITION] = EU16("slave_position", 0),
    [ECA_SLAVE_EOE_IP_F_MAC_ADDRESS_INCLUDED] = EU8("mac_address_included", 2),
    [ECA_SLAVE_EOE_IP_F_IP_ADDRESS_INCLUDED] = EU8("ip_address_included", 3),
    [ECA_SLAVE_EOE_IP_F_SUBNET_MASK_INCLUDED] = EU8("subnet_mask_included", 4),
    [ECA_SLAVE_EOE_IP_F_GATEWAY_INCLUDED] = EU8("gateway_included", 5),
    [ECA_SLAVE_EOE_IP_F_DNS_INCLUDED] = EU8("dns_included", 6),
    [ECA_SLAVE_EOE_IP_F_NAME_INCLUDED] = EU8("name_included", 7),
    [ECA_SLAVE_EOE_IP_F_MAC_ADDRESS] = ECHARS("mac_address", 8, 6),
    [ECA_SLAVE_EOE_IP_F_IP_ADDRESS] = EU32("ip_address", 16),
    [ECA_SLAVE_EOE_IP_F_SUBNET_MASK] = EU32("subnet_mask", 20),
    [ECA_SLAVE_EOE_IP_F_GATEWAY] = EU32("gateway", 24),
    [ECA_SLAVE_EOE_IP_F_DNS] = EU32("dns", 28),
    [ECA_SLAVE_EOE_IP_F_NAME] = ECHARS("name", 32, 32),
    [ECA_SLAVE_EOE_IP_F_RESULT] = EU16("result", 64),
};
ECA_LAYOUT(eca_l_slave_eoe_ip, "ec_ioctl_slave_eoe_ip_t", 68, ECA_SLAVE_EOE_IP);

/* ---- Structs present in some ABIs only ----------------------------------------------- */

/* Before magic 30 APP_TIME took this one-member struct; later a bare uint64_t. */
static const struct eca_field eca_l_app_time_f[ECA_APP_TIME_F__COUNT] = {
    [ECA_APP_TIME_F_APP_TIME] = EU64("app_time", 0),
};
ECA_LAYOUT(eca_l_app_time, "ec_ioctl_app_time_t", 8, ECA_APP_TIME);

static const struct eca_field eca_l_config_flag_f[ECA_CONFIG_FLAG_F__COUNT] = {
    [ECA_CONFIG_FLAG_F_CONFIG_INDEX] = EU32("config_index", 0),
    [ECA_CONFIG_FLAG_F_FLAG_POS] = EU32("flag_pos", 4),
    [ECA_CONFIG_FLAG_F_KEY] = ECHARS("key", 8, 128),
    [ECA_CONFIG_FLAG_F_VALUE] = ES32("value", 136),
};
ECA_LAYOUT(eca_l_config_flag, "ec_ioctl_config_flag_t", 140, ECA_CONFIG_FLAG);

static const struct eca_field eca_l_sc_flag_f[ECA_SC_FLAG_F__COUNT] = {
    [ECA_SC_FLAG_F_CONFIG_INDEX] = EU32("config_index", 0),
    [ECA_SC_FLAG_F_KEY_SIZE] = ESIZE("key_size", 8),
    [ECA_SC_FLAG_F_KEY] = EPTR("key", 16),
    [ECA_SC_FLAG_F_VALUE] = ES32("value", 24),
};
ECA_LAYOUT(eca_l_sc_flag, "ec_ioctl_sc_flag_t", 32, ECA_SC_FLAG);

static const struct eca_field eca_l_soe_request_f[ECA_SOE_REQUEST_F__COUNT] = {
    [ECA_SOE_REQUEST_F_CONFIG_INDEX] = EU32("config_index", 0),
    [ECA_SOE_REQUEST_F_REQUEST_INDEX] = EU32("request_index", 4),
    [ECA_SOE_REQUEST_F_DRIVE_NO] = EU8("drive_no", 8),
    [ECA_SOE_REQUEST_F_IDN] = EU16("idn", 10),
    [ECA_SOE_REQUEST_F_SIZE] = ESIZE("size", 16),
    [ECA_SOE_REQUEST_F_DATA] = EPTR("data", 24),
    [ECA_SOE_REQUEST_F_TIMEOUT] = EU32("timeout", 32),
    [ECA_SOE_REQUEST_F_STATE] = EENUM("state", 36),
};
ECA_LAYOUT(eca_l_soe_request, "ec_ioctl_soe_request_t", 40, ECA_SOE_REQUEST);

static const struct eca_field eca_l_sc_state_timeout_f[ECA_SC_STATE_TIMEOUT_F__COUNT] = {
    [ECA_SC_STATE_TIMEOUT_F_CONFIG_INDEX] = EU32("config_index", 0),
    [ECA_SC_STATE_TIMEOUT_F_FROM_STATE] = EENUM("from_state", 4),
    [ECA_SC_STATE_TIMEOUT_F_TO_STATE] = EENUM("to_state", 8),
    [ECA_SC_STATE_TIMEOUT_F_TIMEOUT_MS] = EU32("timeout_ms", 12),
};
ECA_LAYOUT(eca_l_sc_state_timeout, "ec_ioctl_sc_state_timeout_t", 16, ECA_SC_STATE_TIMEOUT);

static const struct eca_field eca_l_slave_dict_upload_f[ECA_SLAVE_DICT_UPLOAD_F__COUNT] = {
    [ECA_SLAVE_DICT_UPLOAD_F_SLAVE_POSITION] = EU16("slave_position", 0),
};
ECA_LAYOUT(eca_l_slave_dict_upload, "ec_ioctl_slave_dict_upload_t", 2, ECA_SLAVE_DICT_UPLOAD);

/* ---- Structs with one layout everywhere ---------------------------------------------- */

static const struct eca_field eca_l_module_f[ECA_MODULE_F__COUNT] = {
    [ECA_MODULE_F_IOCTL_VERSION_MAGIC] = EU32("ioctl_version_magic", 0),
    [ECA_MODULE_F_MASTER_COUNT] = EU32("master_count", 4),
};
ECA_LAYOUT(eca_l_module, "ec_ioctl_module_t", 8, ECA_MODULE);

#define ECA_SLAVE_PORT(f, nm, off, esz) \
    [ECA_SLAVE_F_PORTS_##f] = EF_IN(ECA_SLAVE_F_PORTS, "ports." nm, off, 1, esz, 0)
static const struct eca_field eca_l_slave_f[ECA_SLAVE_F__COUNT] = {
    [ECA_SLAVE_F_POSITION] = EU16("position", 0),
    [ECA_SLAVE_F_DEVICE_INDEX] = EU32("device_index", 4),
    [ECA_SLAVE_F_VENDOR_ID] = EU32("vendor_id", 8),
    [ECA_SLAVE_F_PRODUCT_CODE] = EU32("product_code", 12),
    [ECA_SLAVE_F_REVISION_NUMBER] = EU32("revision_number", 16),
    [ECA_SLAVE_F_SERIAL_NUMBER] = EU32("serial_number", 20),
    [ECA_SLAVE_F_ALIAS] = EU16("alias", 24),
    [ECA_SLAVE_F_BOOT_RX_MAILBOX_OFFSET] = EU16("boot_rx_mailbox_offset", 26),
    [ECA_SLAVE_F_BOOT_RX_MAILBOX_SIZE] = EU16("boot_rx_mailbox_size", 28),
    [ECA_SLAVE_F_BOOT_TX_MAILBOX_OFFSET] = EU16("boot_tx_mailbox_offset", 30),
    [ECA_SLAVE_F_BOOT_TX_MAILBOX_SIZE] = EU16("boot_tx_mailbox_size", 32),
    [ECA_SLAVE_F_STD_RX_MAILBOX_OFFSET] = EU16("std_rx_mailbox_offset", 34),
    [ECA_SLAVE_F_STD_RX_MAILBOX_SIZE] = EU16("std_rx_mailbox_size", 36),
    [ECA_SLAVE_F_STD_TX_MAILBOX_OFFSET] = EU16("std_tx_mailbox_offset", 38),
    [ECA_SLAVE_F_STD_TX_MAILBOX_SIZE] = EU16("std_tx_mailbox_size", 40),
    [ECA_SLAVE_F_MAILBOX_PROTOCOLS] = EU16("mailbox_protocols", 42),
    [ECA_SLAVE_F_HAS_GENERAL_CATEGORY] = EU8("has_general_category", 44),
    [ECA_SLAVE_F_COE_DETAILS] = EU8("coe_details", 45),     /* ec_sii_coe_details_t bit-fields */
    [ECA_SLAVE_F_GENERAL_FLAGS] = EU8("general_flags", 46), /* ec_sii_general_flags_t bit-fields */
    [ECA_SLAVE_F_CURRENT_ON_EBUS] = ES16("current_on_ebus", 48),
    [ECA_SLAVE_F_PORTS] = EF("ports", 52, 4, 20, 0),
    ECA_SLAVE_PORT(DESC, "desc", 0, 4),
    ECA_SLAVE_PORT(LINK, "link", 4, 3), /* ec_slave_port_link_t: three u8 flags */
    ECA_SLAVE_PORT(RECEIVE_TIME, "receive_time", 8, 4),
    ECA_SLAVE_PORT(NEXT_SLAVE, "next_slave", 12, 2),
    ECA_SLAVE_PORT(DELAY_TO_NEXT_DC, "delay_to_next_dc", 16, 4),
    [ECA_SLAVE_F_FMMU_BIT] = EU8("fmmu_bit", 132),
    [ECA_SLAVE_F_DC_SUPPORTED] = EU8("dc_supported", 133),
    [ECA_SLAVE_F_DC_RANGE] = EENUM("dc_range", 136),
    [ECA_SLAVE_F_HAS_DC_SYSTEM_TIME] = EU8("has_dc_system_time", 140),
    [ECA_SLAVE_F_TRANSMISSION_DELAY] = EU32("transmission_delay", 144),
    [ECA_SLAVE_F_AL_STATE] = EU8("al_state", 148),
    [ECA_SLAVE_F_ERROR_FLAG] = EU8("error_flag", 149),
    [ECA_SLAVE_F_SYNC_COUNT] = EU8("sync_count", 150),
    [ECA_SLAVE_F_SDO_COUNT] = EU16("sdo_count", 152),
    [ECA_SLAVE_F_SII_NWORDS] = EU32("sii_nwords", 156),
    [ECA_SLAVE_F_GROUP] = ECHARS("group", 160, 64),
    [ECA_SLAVE_F_IMAGE] = ECHARS("image", 224, 64),
    [ECA_SLAVE_F_ORDER] = ECHARS("order", 288, 64),
    [ECA_SLAVE_F_NAME] = ECHARS("name", 352, 64),
};
ECA_LAYOUT(eca_l_slave, "ec_ioctl_slave_t", 416, ECA_SLAVE);

static const struct eca_field eca_l_slave_sync_f[ECA_SLAVE_SYNC_F__COUNT] = {
    [ECA_SLAVE_SYNC_F_SLAVE_POSITION] = EU16("slave_position", 0),
    [ECA_SLAVE_SYNC_F_SYNC_INDEX] = EU32("sync_index", 4),
    [ECA_SLAVE_SYNC_F_PHYSICAL_START_ADDRESS] = EU16("physical_start_address", 8),
    [ECA_SLAVE_SYNC_F_DEFAULT_SIZE] = EU16("default_size", 10),
    [ECA_SLAVE_SYNC_F_CONTROL_REGISTER] = EU8("control_register", 12),
    [ECA_SLAVE_SYNC_F_ENABLE] = EU8("enable", 13),
    [ECA_SLAVE_SYNC_F_PDO_COUNT] = EU8("pdo_count", 14),
};
ECA_LAYOUT(eca_l_slave_sync, "ec_ioctl_slave_sync_t", 16, ECA_SLAVE_SYNC);

static const struct eca_field eca_l_slave_sync_pdo_f[ECA_SLAVE_SYNC_PDO_F__COUNT] = {
    [ECA_SLAVE_SYNC_PDO_F_SLAVE_POSITION] = EU16("slave_position", 0),
    [ECA_SLAVE_SYNC_PDO_F_SYNC_INDEX] = EU32("sync_index", 4),
    [ECA_SLAVE_SYNC_PDO_F_PDO_POS] = EU32("pdo_pos", 8),
    [ECA_SLAVE_SYNC_PDO_F_INDEX] = EU16("index", 12),
    [ECA_SLAVE_SYNC_PDO_F_ENTRY_COUNT] = EU8("entry_count", 14),
    [ECA_SLAVE_SYNC_PDO_F_NAME] = EI8S("name", 15, 64),
};
ECA_LAYOUT(eca_l_slave_sync_pdo, "ec_ioctl_slave_sync_pdo_t", 80, ECA_SLAVE_SYNC_PDO);

static const struct eca_field eca_l_slave_sync_pdo_entry_f[ECA_SLAVE_SYNC_PDO_ENTRY_F__COUNT] = {
    [ECA_SLAVE_SYNC_PDO_ENTRY_F_SLAVE_POSITION] = EU16("slave_position", 0),
    [ECA_SLAVE_SYNC_PDO_ENTRY_F_SYNC_INDEX] = EU32("sync_index", 4),
    [ECA_SLAVE_SYNC_PDO_ENTRY_F_PDO_POS] = EU32("pdo_pos", 8),
    [ECA_SLAVE_SYNC_PDO_ENTRY_F_ENTRY_POS] = EU32("entry_pos", 12),
    [ECA_SLAVE_SYNC_PDO_ENTRY_F_INDEX] = EU16("index", 16),
    [ECA_SLAVE_SYNC_PDO_ENTRY_F_SUBINDEX] = EU8("subindex", 18),
    [ECA_SLAVE_SYNC_PDO_ENTRY_F_BIT_LENGTH] = EU8("bit_length", 19),
    [ECA_SLAVE_SYNC_PDO_ENTRY_F_NAME] = EI8S("name", 20, 64),
};
ECA_LAYOUT(eca_l_slave_sync_pdo_entry, "ec_ioctl_slave_sync_pdo_entry_t", 84, ECA_SLAVE_SYNC_PDO_ENTRY);

static const struct eca_field eca_l_domain_fmmu_f[ECA_DOMAIN_FMMU_F__COUNT] = {
    [ECA_DOMAIN_FMMU_F_DOMAIN_INDEX] = EU32("domain_index", 0),
    [ECA_DOMAIN_FMMU_F_FMMU_INDEX] = EU32("fmmu_index", 4),
    [ECA_DOMAIN_FMMU_F_SLAVE_CONFIG_ALIAS] = EU16("slave_config_alias", 8),
    [ECA_DOMAIN_FMMU_F_SLAVE_CONFIG_POSITION] = EU16("slave_config_position", 10),
    [ECA_DOMAIN_FMMU_F_SYNC_INDEX] = EU8("sync_index", 12),
    [ECA_DOMAIN_FMMU_F_DIR] = EENUM("dir", 16),
    [ECA_DOMAIN_FMMU_F_LOGICAL_ADDRESS] = EU32("logical_address", 20),
    [ECA_DOMAIN_FMMU_F_DATA_SIZE] = EU32("data_size", 24),
};
ECA_LAYOUT(eca_l_domain_fmmu, "ec_ioctl_domain_fmmu_t", 28, ECA_DOMAIN_FMMU);

static const struct eca_field eca_l_domain_data_f[ECA_DOMAIN_DATA_F__COUNT] = {
    [ECA_DOMAIN_DATA_F_DOMAIN_INDEX] = EU32("domain_index", 0),
    [ECA_DOMAIN_DATA_F_DATA_SIZE] = EU32("data_size", 4),
    [ECA_DOMAIN_DATA_F_TARGET] = EPTR("target", 8),
};
ECA_LAYOUT(eca_l_domain_data, "ec_ioctl_domain_data_t", 16, ECA_DOMAIN_DATA);

static const struct eca_field eca_l_slave_state_f[ECA_SLAVE_STATE_F__COUNT] = {
    [ECA_SLAVE_STATE_F_SLAVE_POSITION] = EU16("slave_position", 0),
    [ECA_SLAVE_STATE_F_AL_STATE] = EU8("al_state", 2),
};
ECA_LAYOUT(eca_l_slave_state, "ec_ioctl_slave_state_t", 4, ECA_SLAVE_STATE);

static const struct eca_field eca_l_slave_sdo_f[ECA_SLAVE_SDO_F__COUNT] = {
    [ECA_SLAVE_SDO_F_SLAVE_POSITION] = EU16("slave_position", 0),
    [ECA_SLAVE_SDO_F_SDO_POSITION] = EU16("sdo_position", 2),
    [ECA_SLAVE_SDO_F_SDO_INDEX] = EU16("sdo_index", 4),
    [ECA_SLAVE_SDO_F_MAX_SUBINDEX] = EU8("max_subindex", 6),
    [ECA_SLAVE_SDO_F_NAME] = EI8S("name", 7, 64),
};
ECA_LAYOUT(eca_l_slave_sdo, "ec_ioctl_slave_sdo_t", 72, ECA_SLAVE_SDO);

static const struct eca_field eca_l_slave_sdo_entry_f[ECA_SLAVE_SDO_ENTRY_F__COUNT] = {
    [ECA_SLAVE_SDO_ENTRY_F_SLAVE_POSITION] = EU16("slave_position", 0),
    [ECA_SLAVE_SDO_ENTRY_F_SDO_SPEC] = ES32("sdo_spec", 4), /* > 0: index; <= 0: -position */
    [ECA_SLAVE_SDO_ENTRY_F_SDO_ENTRY_SUBINDEX] = EU8("sdo_entry_subindex", 8),
    [ECA_SLAVE_SDO_ENTRY_F_DATA_TYPE] = EU16("data_type", 10),
    [ECA_SLAVE_SDO_ENTRY_F_BIT_LENGTH] = EU16("bit_length", 12),
    [ECA_SLAVE_SDO_ENTRY_F_READ_ACCESS] = EF("read_access", 14, 3, 1, 0),
    [ECA_SLAVE_SDO_ENTRY_F_WRITE_ACCESS] = EF("write_access", 17, 3, 1, 0),
    [ECA_SLAVE_SDO_ENTRY_F_DESCRIPTION] = EI8S("description", 20, 64),
};
ECA_LAYOUT(eca_l_slave_sdo_entry, "ec_ioctl_slave_sdo_entry_t", 84, ECA_SLAVE_SDO_ENTRY);

static const struct eca_field eca_l_slave_sdo_upload_f[ECA_SLAVE_SDO_UPLOAD_F__COUNT] = {
    [ECA_SLAVE_SDO_UPLOAD_F_SLAVE_POSITION] = EU16("slave_position", 0),
    [ECA_SLAVE_SDO_UPLOAD_F_SDO_INDEX] = EU16("sdo_index", 2),
    [ECA_SLAVE_SDO_UPLOAD_F_SDO_ENTRY_SUBINDEX] = EU8("sdo_entry_subindex", 4),
    [ECA_SLAVE_SDO_UPLOAD_F_TARGET_SIZE] = ESIZE("target_size", 8),
    [ECA_SLAVE_SDO_UPLOAD_F_TARGET] = EPTR("target", 16),
    [ECA_SLAVE_SDO_UPLOAD_F_DATA_SIZE] = ESIZE("data_size", 24),
    [ECA_SLAVE_SDO_UPLOAD_F_ABORT_CODE] = EU32("abort_code", 32),
};
ECA_LAYOUT(eca_l_slave_sdo_upload, "ec_ioctl_slave_sdo_upload_t", 40, ECA_SLAVE_SDO_UPLOAD);

static const struct eca_field eca_l_slave_sdo_download_f[ECA_SLAVE_SDO_DOWNLOAD_F__COUNT] = {
    [ECA_SLAVE_SDO_DOWNLOAD_F_SLAVE_POSITION] = EU16("slave_position", 0),
    [ECA_SLAVE_SDO_DOWNLOAD_F_SDO_INDEX] = EU16("sdo_index", 2),
    [ECA_SLAVE_SDO_DOWNLOAD_F_SDO_ENTRY_SUBINDEX] = EU8("sdo_entry_subindex", 4),
    [ECA_SLAVE_SDO_DOWNLOAD_F_COMPLETE_ACCESS] = EU8("complete_access", 5),
    [ECA_SLAVE_SDO_DOWNLOAD_F_DATA_SIZE] = ESIZE("data_size", 8),
    [ECA_SLAVE_SDO_DOWNLOAD_F_DATA] = EPTR("data", 16),
    [ECA_SLAVE_SDO_DOWNLOAD_F_ABORT_CODE] = EU32("abort_code", 24),
};
ECA_LAYOUT(eca_l_slave_sdo_download, "ec_ioctl_slave_sdo_download_t", 32, ECA_SLAVE_SDO_DOWNLOAD);

static const struct eca_field eca_l_slave_sii_f[ECA_SLAVE_SII_F__COUNT] = {
    [ECA_SLAVE_SII_F_SLAVE_POSITION] = EU16("slave_position", 0),
    [ECA_SLAVE_SII_F_OFFSET] = EU16("offset", 2),
    [ECA_SLAVE_SII_F_NWORDS] = EU32("nwords", 4),
    [ECA_SLAVE_SII_F_WORDS] = EPTR("words", 8),
};
ECA_LAYOUT(eca_l_slave_sii, "ec_ioctl_slave_sii_t", 16, ECA_SLAVE_SII);

static const struct eca_field eca_l_slave_soe_read_f[ECA_SLAVE_SOE_READ_F__COUNT] = {
    [ECA_SLAVE_SOE_READ_F_SLAVE_POSITION] = EU16("slave_position", 0),
    [ECA_SLAVE_SOE_READ_F_DRIVE_NO] = EU8("drive_no", 2),
    [ECA_SLAVE_SOE_READ_F_IDN] = EU16("idn", 4),
    [ECA_SLAVE_SOE_READ_F_MEM_SIZE] = ESIZE("mem_size", 8),
    [ECA_SLAVE_SOE_READ_F_DATA] = EPTR("data", 16),
    [ECA_SLAVE_SOE_READ_F_DATA_SIZE] = ESIZE("data_size", 24),
    [ECA_SLAVE_SOE_READ_F_ERROR_CODE] = EU16("error_code", 32),
};
ECA_LAYOUT(eca_l_slave_soe_read, "ec_ioctl_slave_soe_read_t", 40, ECA_SLAVE_SOE_READ);

static const struct eca_field eca_l_slave_soe_write_f[ECA_SLAVE_SOE_WRITE_F__COUNT] = {
    [ECA_SLAVE_SOE_WRITE_F_SLAVE_POSITION] = EU16("slave_position", 0),
    [ECA_SLAVE_SOE_WRITE_F_DRIVE_NO] = EU8("drive_no", 2),
    [ECA_SLAVE_SOE_WRITE_F_IDN] = EU16("idn", 4),
    [ECA_SLAVE_SOE_WRITE_F_DATA_SIZE] = ESIZE("data_size", 8),
    [ECA_SLAVE_SOE_WRITE_F_DATA] = EPTR("data", 16),
    [ECA_SLAVE_SOE_WRITE_F_ERROR_CODE] = EU16("error_code", 24),
};
ECA_LAYOUT(eca_l_slave_soe_write, "ec_ioctl_slave_soe_write_t", 32, ECA_SLAVE_SOE_WRITE);

static const struct eca_field eca_l_config_pdo_f[ECA_CONFIG_PDO_F__COUNT] = {
    [ECA_CONFIG_PDO_F_CONFIG_INDEX] = EU32("config_index", 0),
    [ECA_CONFIG_PDO_F_SYNC_INDEX] = EU8("sync_index", 4),
    [ECA_CONFIG_PDO_F_PDO_POS] = EU16("pdo_pos", 6),
    [ECA_CONFIG_PDO_F_INDEX] = EU16("index", 8),
    [ECA_CONFIG_PDO_F_ENTRY_COUNT] = EU8("entry_count", 10),
    [ECA_CONFIG_PDO_F_NAME] = EI8S("name", 11, 64),
};
ECA_LAYOUT(eca_l_config_pdo, "ec_ioctl_config_pdo_t", 76, ECA_CONFIG_PDO);

static const struct eca_field eca_l_config_pdo_entry_f[ECA_CONFIG_PDO_ENTRY_F__COUNT] = {
    [ECA_CONFIG_PDO_ENTRY_F_CONFIG_INDEX] = EU32("config_index", 0),
    [ECA_CONFIG_PDO_ENTRY_F_SYNC_INDEX] = EU8("sync_index", 4),
    [ECA_CONFIG_PDO_ENTRY_F_PDO_POS] = EU16("pdo_pos", 6),
    [ECA_CONFIG_PDO_ENTRY_F_ENTRY_POS] = EU8("entry_pos", 8),
    [ECA_CONFIG_PDO_ENTRY_F_INDEX] = EU16("index", 10),
    [ECA_CONFIG_PDO_ENTRY_F_SUBINDEX] = EU8("subindex", 12),
    [ECA_CONFIG_PDO_ENTRY_F_BIT_LENGTH] = EU8("bit_length", 13),
    [ECA_CONFIG_PDO_ENTRY_F_NAME] = EI8S("name", 14, 64),
};
ECA_LAYOUT(eca_l_config_pdo_entry, "ec_ioctl_config_pdo_entry_t", 80, ECA_CONFIG_PDO_ENTRY);

static const struct eca_field eca_l_config_sdo_f[ECA_CONFIG_SDO_F__COUNT] = {
    [ECA_CONFIG_SDO_F_CONFIG_INDEX] = EU32("config_index", 0),
    [ECA_CONFIG_SDO_F_SDO_POS] = EU32("sdo_pos", 4),
    [ECA_CONFIG_SDO_F_INDEX] = EU16("index", 8),
    [ECA_CONFIG_SDO_F_SUBINDEX] = EU8("subindex", 10),
    [ECA_CONFIG_SDO_F_SIZE] = ESIZE("size", 16),
    [ECA_CONFIG_SDO_F_DATA] = EF("data", 24, 1024, 1, 0),
    [ECA_CONFIG_SDO_F_COMPLETE_ACCESS] = EU8("complete_access", 1048),
};
ECA_LAYOUT(eca_l_config_sdo, "ec_ioctl_config_sdo_t", 1056, ECA_CONFIG_SDO);

static const struct eca_field eca_l_config_idn_f[ECA_CONFIG_IDN_F__COUNT] = {
    [ECA_CONFIG_IDN_F_CONFIG_INDEX] = EU32("config_index", 0),
    [ECA_CONFIG_IDN_F_IDN_POS] = EU32("idn_pos", 4),
    [ECA_CONFIG_IDN_F_DRIVE_NO] = EU8("drive_no", 8),
    [ECA_CONFIG_IDN_F_IDN] = EU16("idn", 10),
    [ECA_CONFIG_IDN_F_STATE] = EENUM("state", 12),
    [ECA_CONFIG_IDN_F_SIZE] = ESIZE("size", 16),
    [ECA_CONFIG_IDN_F_DATA] = EF("data", 24, 1024, 1, 0),
};
ECA_LAYOUT(eca_l_config_idn, "ec_ioctl_config_idn_t", 1048, ECA_CONFIG_IDN);

static const struct eca_field eca_l_eoe_handler_f[ECA_EOE_HANDLER_F__COUNT] = {
    [ECA_EOE_HANDLER_F_EOE_INDEX] = EU16("eoe_index", 0),
    [ECA_EOE_HANDLER_F_NAME] = ECHARS("name", 2, 20),
    [ECA_EOE_HANDLER_F_SLAVE_POSITION] = EU16("slave_position", 22),
    [ECA_EOE_HANDLER_F_OPEN] = EU8("open", 24),
    [ECA_EOE_HANDLER_F_RX_BYTES] = EU32("rx_bytes", 28),
    [ECA_EOE_HANDLER_F_RX_RATE] = EU32("rx_rate", 32),
    [ECA_EOE_HANDLER_F_TX_BYTES] = EU32("tx_bytes", 36),
    [ECA_EOE_HANDLER_F_TX_RATE] = EU32("tx_rate", 40),
    [ECA_EOE_HANDLER_F_TX_QUEUED_FRAMES] = EU32("tx_queued_frames", 44),
    [ECA_EOE_HANDLER_F_TX_QUEUE_SIZE] = EU32("tx_queue_size", 48),
};
ECA_LAYOUT(eca_l_eoe_handler, "ec_ioctl_eoe_handler_t", 52, ECA_EOE_HANDLER);

static const struct eca_field eca_l_master_activate_f[ECA_MASTER_ACTIVATE_F__COUNT] = {
    [ECA_MASTER_ACTIVATE_F_PROCESS_DATA] = EPTR("process_data", 0),
    [ECA_MASTER_ACTIVATE_F_PROCESS_DATA_SIZE] = ESIZE("process_data_size", 8),
};
ECA_LAYOUT(eca_l_master_activate, "ec_ioctl_master_activate_t", 16, ECA_MASTER_ACTIVATE);

static const struct eca_field eca_l_add_pdo_entry_f[ECA_ADD_PDO_ENTRY_F__COUNT] = {
    [ECA_ADD_PDO_ENTRY_F_CONFIG_INDEX] = EU32("config_index", 0),
    [ECA_ADD_PDO_ENTRY_F_PDO_INDEX] = EU16("pdo_index", 4),
    [ECA_ADD_PDO_ENTRY_F_ENTRY_INDEX] = EU16("entry_index", 6),
    [ECA_ADD_PDO_ENTRY_F_ENTRY_SUBINDEX] = EU8("entry_subindex", 8),
    [ECA_ADD_PDO_ENTRY_F_ENTRY_BIT_LENGTH] = EU8("entry_bit_length", 9),
};
ECA_LAYOUT(eca_l_add_pdo_entry, "ec_ioctl_add_pdo_entry_t", 12, ECA_ADD_PDO_ENTRY);

static const struct eca_field eca_l_reg_pdo_entry_f[ECA_REG_PDO_ENTRY_F__COUNT] = {
    [ECA_REG_PDO_ENTRY_F_CONFIG_INDEX] = EU32("config_index", 0),
    [ECA_REG_PDO_ENTRY_F_ENTRY_INDEX] = EU16("entry_index", 4),
    [ECA_REG_PDO_ENTRY_F_ENTRY_SUBINDEX] = EU8("entry_subindex", 6),
    [ECA_REG_PDO_ENTRY_F_DOMAIN_INDEX] = EU32("domain_index", 8),
    [ECA_REG_PDO_ENTRY_F_BIT_POSITION] = EU32("bit_position", 12),
};
ECA_LAYOUT(eca_l_reg_pdo_entry, "ec_ioctl_reg_pdo_entry_t", 16, ECA_REG_PDO_ENTRY);

static const struct eca_field eca_l_reg_pdo_pos_f[ECA_REG_PDO_POS_F__COUNT] = {
    [ECA_REG_PDO_POS_F_CONFIG_INDEX] = EU32("config_index", 0),
    [ECA_REG_PDO_POS_F_SYNC_INDEX] = EU32("sync_index", 4),
    [ECA_REG_PDO_POS_F_PDO_POS] = EU32("pdo_pos", 8),
    [ECA_REG_PDO_POS_F_ENTRY_POS] = EU32("entry_pos", 12),
    [ECA_REG_PDO_POS_F_DOMAIN_INDEX] = EU32("domain_index", 16),
    [ECA_REG_PDO_POS_F_BIT_POSITION] = EU32("bit_position", 20),
};
ECA_LAYOUT(eca_l_reg_pdo_pos, "ec_ioctl_reg_pdo_pos_t", 24, ECA_REG_PDO_POS);

static const struct eca_field eca_l_sc_sdo_f[ECA_SC_SDO_F__COUNT] = {
    [ECA_SC_SDO_F_CONFIG_INDEX] = EU32("config_index", 0),
    [ECA_SC_SDO_F_INDEX] = EU16("index", 4),
    [ECA_SC_SDO_F_SUBINDEX] = EU8("subindex", 6),
    [ECA_SC_SDO_F_DATA] = EPTR("data", 8),
    [ECA_SC_SDO_F_SIZE] = ESIZE("size", 16),
    [ECA_SC_SDO_F_COMPLETE_ACCESS] = EU8("complete_access", 24),
};
ECA_LAYOUT(eca_l_sc_sdo, "ec_ioctl_sc_sdo_t", 32, ECA_SC_SDO);

static const struct eca_field eca_l_sc_emerg_f[ECA_SC_EMERG_F__COUNT] = {
    [ECA_SC_EMERG_F_CONFIG_INDEX] = EU32("config_index", 0),
    [ECA_SC_EMERG_F_SIZE] = ESIZE("size", 8),
    [ECA_SC_EMERG_F_TARGET] = EPTR("target", 16),
    [ECA_SC_EMERG_F_OVERRUNS] = ES32("overruns", 24),
};
ECA_LAYOUT(eca_l_sc_emerg, "ec_ioctl_sc_emerg_t", 32, ECA_SC_EMERG);

static const struct eca_field eca_l_sc_state_f[ECA_SC_STATE_F__COUNT] = {
    [ECA_SC_STATE_F_CONFIG_INDEX] = EU32("config_index", 0),
    [ECA_SC_STATE_F_STATE] = EPTR("state", 8), /* -> ec_slave_config_state_t */
};
ECA_LAYOUT(eca_l_sc_state, "ec_ioctl_sc_state_t", 16, ECA_SC_STATE);

static const struct eca_field eca_l_sc_idn_f[ECA_SC_IDN_F__COUNT] = {
    [ECA_SC_IDN_F_CONFIG_INDEX] = EU32("config_index", 0),
    [ECA_SC_IDN_F_DRIVE_NO] = EU8("drive_no", 4),
    [ECA_SC_IDN_F_IDN] = EU16("idn", 6),
    [ECA_SC_IDN_F_AL_STATE] = EENUM("al_state", 8),
    [ECA_SC_IDN_F_DATA] = EPTR("data", 16),
    [ECA_SC_IDN_F_SIZE] = ESIZE("size", 24),
};
ECA_LAYOUT(eca_l_sc_idn, "ec_ioctl_sc_idn_t", 32, ECA_SC_IDN);

static const struct eca_field eca_l_domain_state_f[ECA_DOMAIN_STATE_F__COUNT] = {
    [ECA_DOMAIN_STATE_F_DOMAIN_INDEX] = EU32("domain_index", 0),
    [ECA_DOMAIN_STATE_F_STATE] = EPTR("state", 8), /* -> ec_domain_state_t */
};
ECA_LAYOUT(eca_l_domain_state, "ec_ioctl_domain_state_t", 16, ECA_DOMAIN_STATE);

static const struct eca_field eca_l_sdo_request_f[ECA_SDO_REQUEST_F__COUNT] = {
    [ECA_SDO_REQUEST_F_CONFIG_INDEX] = EU32("config_index", 0),
    [ECA_SDO_REQUEST_F_REQUEST_INDEX] = EU32("request_index", 4),
    [ECA_SDO_REQUEST_F_SDO_INDEX] = EU16("sdo_index", 8),
    [ECA_SDO_REQUEST_F_SDO_SUBINDEX] = EU8("sdo_subindex", 10),
    [ECA_SDO_REQUEST_F_SIZE] = ESIZE("size", 16),
    [ECA_SDO_REQUEST_F_DATA] = EPTR("data", 24),
    [ECA_SDO_REQUEST_F_TIMEOUT] = EU32("timeout", 32),
    [ECA_SDO_REQUEST_F_STATE] = EENUM("state", 36),
};
ECA_LAYOUT(eca_l_sdo_request, "ec_ioctl_sdo_request_t", 40, ECA_SDO_REQUEST);

static const struct eca_field eca_l_reg_request_f[ECA_REG_REQUEST_F__COUNT] = {
    [ECA_REG_REQUEST_F_CONFIG_INDEX] = EU32("config_index", 0),
    [ECA_REG_REQUEST_F_MEM_SIZE] = ESIZE("mem_size", 8),
    [ECA_REG_REQUEST_F_REQUEST_INDEX] = EU32("request_index", 16),
    [ECA_REG_REQUEST_F_DATA] = EPTR("data", 24),
    [ECA_REG_REQUEST_F_STATE] = EENUM("state", 32),
    [ECA_REG_REQUEST_F_NEW_DATA] = EU8("new_data", 36),
    [ECA_REG_REQUEST_F_ADDRESS] = EU16("address", 38),
    [ECA_REG_REQUEST_F_TRANSFER_SIZE] = ESIZE("transfer_size", 40),
};
ECA_LAYOUT(eca_l_reg_request, "ec_ioctl_reg_request_t", 48, ECA_REG_REQUEST);

static const struct eca_field eca_l_voe_f[ECA_VOE_F__COUNT] = {
    [ECA_VOE_F_CONFIG_INDEX] = EU32("config_index", 0),
    [ECA_VOE_F_VOE_INDEX] = EU32("voe_index", 4),
    [ECA_VOE_F_VENDOR_ID] = EPTR("vendor_id", 8),     /* -> uint32_t */
    [ECA_VOE_F_VENDOR_TYPE] = EPTR("vendor_type", 16), /* -> uint16_t */
    [ECA_VOE_F_SIZE] = ESIZE("size", 24),
    [ECA_VOE_F_DATA] = EPTR("data", 32),
    [ECA_VOE_F_STATE] = EENUM("state", 40),
};
ECA_LAYOUT(eca_l_voe, "ec_ioctl_voe_t", 48, ECA_VOE);

static const struct eca_field eca_l_link_state_f[ECA_LINK_STATE_F__COUNT] = {
    [ECA_LINK_STATE_F_DEV_IDX] = EU32("dev_idx", 0),
    [ECA_LINK_STATE_F_STATE] = EPTR("state", 8), /* -> ec_master_link_state_t */
};
ECA_LAYOUT(eca_l_link_state, "ec_ioctl_link_state_t", 16, ECA_LINK_STATE);

/* ---- Application-side structs the kernel fills through a pointer or embeds ------------ */

/* ec_master_state_t and ec_master_link_state_t: u32 count, then bit-fields in the next u32. */
static const struct eca_field eca_l_master_state_data_f[ECA_MASTER_STATE_DATA_F__COUNT] = {
    [ECA_MASTER_STATE_DATA_F_SLAVES_RESPONDING] = EU32("slaves_responding", 0),
    [ECA_MASTER_STATE_DATA_F_AL_STATES] = EF_BITS("al_states", 32, 4),
    [ECA_MASTER_STATE_DATA_F_LINK_UP] = EF_BITS("link_up", 36, 1),
};
ECA_LAYOUT(eca_l_master_state_data, "ec_master_state_t", 8, ECA_MASTER_STATE_DATA);

static const struct eca_field eca_l_master_link_state_data_f[ECA_MASTER_LINK_STATE_DATA_F__COUNT] = {
    [ECA_MASTER_LINK_STATE_DATA_F_SLAVES_RESPONDING] = EU32("slaves_responding", 0),
    [ECA_MASTER_LINK_STATE_DATA_F_AL_STATES] = EF_BITS("al_states", 32, 4),
    [ECA_MASTER_LINK_STATE_DATA_F_LINK_UP] = EF_BITS("link_up", 36, 1),
};
ECA_LAYOUT(eca_l_master_link_state_data, "ec_master_link_state_t", 8, ECA_MASTER_LINK_STATE_DATA);

static const struct eca_field eca_l_slave_config_state_data_f[ECA_SLAVE_CONFIG_STATE_DATA_F__COUNT] = {
    [ECA_SLAVE_CONFIG_STATE_DATA_F_ONLINE] = EF_BITS("online", 0, 1),
    [ECA_SLAVE_CONFIG_STATE_DATA_F_OPERATIONAL] = EF_BITS("operational", 1, 1),
    [ECA_SLAVE_CONFIG_STATE_DATA_F_AL_STATE] = EF_BITS("al_state", 2, 4),
};
ECA_LAYOUT(eca_l_slave_config_state_data, "ec_slave_config_state_t", 4, ECA_SLAVE_CONFIG_STATE_DATA);

static const struct eca_field eca_l_port_link_f[ECA_PORT_LINK_F__COUNT] = {
    [ECA_PORT_LINK_F_LINK_UP] = EU8("link_up", 0),
    [ECA_PORT_LINK_F_LOOP_CLOSED] = EU8("loop_closed", 1),
    [ECA_PORT_LINK_F_SIGNAL_DETECTED] = EU8("signal_detected", 2),
};
ECA_LAYOUT(eca_l_port_link, "ec_slave_port_link_t", 3, ECA_PORT_LINK);

static const struct eca_field eca_l_domain_state_data_f[ECA_DOMAIN_STATE_DATA_F__COUNT] = {
    [ECA_DOMAIN_STATE_DATA_F_WORKING_COUNTER] = EU32("working_counter", 0),
    [ECA_DOMAIN_STATE_DATA_F_WC_STATE] = EENUM("wc_state", 4),
    [ECA_DOMAIN_STATE_DATA_F_REDUNDANCY_ACTIVE] = EU32("redundancy_active", 8),
};
ECA_LAYOUT(eca_l_domain_state_data, "ec_domain_state_t", 12, ECA_DOMAIN_STATE_DATA);

static const struct eca_field eca_l_coe_details_f[ECA_COE_DETAILS_F__COUNT] = {
    [ECA_COE_DETAILS_F_ENABLE_SDO] = EF_BITS("enable_sdo", 0, 1),
    [ECA_COE_DETAILS_F_ENABLE_SDO_INFO] = EF_BITS("enable_sdo_info", 1, 1),
    [ECA_COE_DETAILS_F_ENABLE_PDO_ASSIGN] = EF_BITS("enable_pdo_assign", 2, 1),
    [ECA_COE_DETAILS_F_ENABLE_PDO_CONFIGURATION] = EF_BITS("enable_pdo_configuration", 3, 1),
    [ECA_COE_DETAILS_F_ENABLE_UPLOAD_AT_STARTUP] = EF_BITS("enable_upload_at_startup", 4, 1),
    [ECA_COE_DETAILS_F_ENABLE_SDO_COMPLETE_ACCESS] = EF_BITS("enable_sdo_complete_access", 5, 1),
};
ECA_LAYOUT(eca_l_coe_details, "ec_sii_coe_details_t", 1, ECA_COE_DETAILS);

static const struct eca_field eca_l_general_flags_f[ECA_GENERAL_FLAGS_F__COUNT] = {
    [ECA_GENERAL_FLAGS_F_ENABLE_SAFEOP] = EF_BITS("enable_safeop", 0, 1),
    [ECA_GENERAL_FLAGS_F_ENABLE_NOT_LRW] = EF_BITS("enable_not_lrw", 1, 1),
};
ECA_LAYOUT(eca_l_general_flags, "ec_sii_general_flags_t", 1, ECA_GENERAL_FLAGS);

static const struct eca_field eca_l_sync_signal_f[ECA_SYNC_SIGNAL_F__COUNT] = {
    [ECA_SYNC_SIGNAL_F_CYCLE_TIME] = EU32("cycle_time", 0),
    [ECA_SYNC_SIGNAL_F_SHIFT_TIME] = ES32("shift_time", 4),
};
ECA_LAYOUT(eca_l_sync_signal, "ec_sync_signal_t", 8, ECA_SYNC_SIGNAL);
