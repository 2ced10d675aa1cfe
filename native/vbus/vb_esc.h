/* SPDX-License-Identifier: MIT */
/*
 * A virtual EtherCAT slave controller (ESC): its register space 0x0000-0x0fff with the
 * read-only/read-write split and side effects of a real ESC (AL control, error counter
 * clearing, the SII EEPROM interface, DC receive-time latching and system time), plus the
 * slave's AL state machine (vb_esm.c) that AL control writes drive.
 *
 * Addresses above 0x0fff (the process data RAM, where mailboxes and process data live)
 * are not modelled as memory: reads return zeros, writes are discarded, both with a
 * working counter of 1, as the RAM of a real ESC would answer.
 */
#ifndef ECAT_VBUS_ESC_H
#define ECAT_VBUS_ESC_H

#include "vb_types.h"

#define ESC_TYPE 0x0000
#define ESC_FMMU_COUNT 0x0004
#define ESC_SYNC_COUNT 0x0005
#define ESC_RAM_SIZE 0x0006
#define ESC_PORT_DESC 0x0007
#define ESC_FEATURES 0x0008
#define ESC_STATION_ADDRESS 0x0010
#define ESC_STATION_ALIAS 0x0012
#define ESC_DL_CONTROL 0x0100
#define ESC_DL_STATUS 0x0110
#define ESC_AL_CONTROL 0x0120
#define ESC_AL_STATUS 0x0130
#define ESC_AL_STATUS_CODE 0x0134
#define ESC_PDI_CONTROL 0x0140
#define ESC_PDI_CONFIG 0x0150
#define ESC_ERROR_COUNTERS 0x0300
#define ESC_LOST_LINK 0x0310
#define ESC_WD_DIVIDER 0x0400
#define ESC_WD_TIME_PDI 0x0410
#define ESC_WD_TIME_PD 0x0420
#define ESC_WD_STATUS_PD 0x0440
#define ESC_SII_CONFIG 0x0500
#define ESC_SII_CONTROL 0x0502
#define ESC_SII_ADDRESS 0x0504
#define ESC_SII_DATA 0x0508
#define ESC_FMMU 0x0600
#define ESC_SM 0x0800
#define ESC_DC_RECEIVE_TIME 0x0900
#define ESC_DC_SYSTEM_TIME 0x0910
#define ESC_DC_RECEIVE_TIME_PU 0x0918
#define ESC_DC_SYSTEM_TIME_OFFSET 0x0920
#define ESC_DC_SYSTEM_TIME_DELAY 0x0928
#define ESC_DC_SYNC_PULSE 0x0982

/* SII control/status bits (register 0x0502, 16 bit). */
#define SII_WRITE_ENABLE 0x0001
#define SII_READ_8_BYTES 0x0040
#define SII_TWO_ADDRESS_BYTES 0x0080
#define SII_CMD_MASK 0x0700
#define SII_CMD_READ 0x0100
#define SII_CMD_WRITE 0x0200
#define SII_CMD_RELOAD 0x0400
#define SII_CHECKSUM_ERROR 0x0800
#define SII_ERROR_ACK 0x2000
#define SII_ERROR_WRITE_ENABLE 0x4000
#define SII_BUSY 0x8000

/* 2000-01-01T00:00:00Z in Unix nanoseconds: the epoch of EtherCAT system time. */
#define VB_EPOCH_2000_NS 946684800000000000ull

/* Power-on: registers from the image and the EEPROM, AL state INIT. */
void vb_esc_power_on(struct vb_slave *s);

/* Register access as a datagram sees it; return the working counter (0 or 1). */
int vb_esc_read(struct vb_slave *s, uint32_t addr, uint8_t *dst, size_t n);
int vb_esc_write(struct vb_slave *s, uint32_t addr, const uint8_t *src, size_t n);

/* The slave's own view of its AL status (for the slave side of the core). */
uint8_t vb_esc_al_status(const struct vb_slave *s);
uint16_t vb_esc_al_code(const struct vb_slave *s);
void vb_esc_set_al(struct vb_slave *s, uint8_t status, uint16_t code);

/*
 * Local clock (ns since 2000) and DC system time of the slave. The clocks of the virtual
 * slaves run with the bus time (vb_app.h): the wall clock at creation plus the port
 * clock since, or plus the application time that passed while the application gives one
 * (so DC follows the application's time base, as real clocks synchronise to it).
 */
uint64_t vb_esc_local_time(const struct vb_slave *s);
uint64_t vb_esc_system_time(const struct vb_slave *s);

/* Recompute DL status from the port table (after a link fault changes it). */
void vb_esc_update_dl_status(struct vb_slave *s);

/* Reload the configuration area (EEPROM words 0-7) into the registers it feeds. */
void vb_esc_load_eeprom_config(struct vb_slave *s);

/* AL control write handling (vb_esm.c). */
void vb_esm_control(struct vb_slave *s, uint16_t control);

/* SII interface command handling (vb_esc_sii.c). */
void vb_esc_sii_command(struct vb_slave *s);

#endif /* ECAT_VBUS_ESC_H */
