/* SPDX-License-Identifier: MIT */
/*
 * The slave side of process data (vb_pd.c): what a virtual slave does with its process
 * data sync managers and FMMUs.
 *
 * - When the master asks for SAFEOP the slave checks the process data sync managers
 *   against the PDO layout it serves (its 0x1C1n assignment and mapping objects, or the
 *   SII PDOs of a slave without CoE) and refuses with the AL status code a real slave
 *   gives: 0x001D invalid output configuration, 0x001E invalid input configuration,
 *   0x0030 invalid DC configuration (a model that requires DC SYNC0). Accepted, it sets up
 *   the ESC memory behind the sync managers and its mapping table.
 * - Logical datagrams (LRD/LWR/LRW) reach every FMMU of the bus through an index sorted by
 *   logical address; a slave whose process data is active copies outputs from the frame
 *   to its memory and inputs from its memory to the frame, and adds to the working
 *   counter as an ESC does (read +1, write +1, LRW write +2, once per datagram).
 * - Before the first access in a cycle the slave's model runs one step: it takes the
 *   outputs (in OP), advances its behaviour by the bus time that passed, and writes its
 *   inputs, so inputs reflect the outputs of the previous cycle.
 * - SAFEOP -> OP waits for the first complete output write on slaves with firmware and
 *   outputs; the SM watchdog (0x0400 divider, 0x0420 time) makes a slave with firmware
 *   drop from OP to SAFEOP with 0x001B when outputs stop arriving; an ESC-only slave just
 *   puts its outputs into their safe state.
 */
#ifndef ECAT_VBUS_PD_H
#define ECAT_VBUS_PD_H

#include "vb_types.h"

#define VB_AL_CODE_SM_WATCHDOG 0x001B
#define VB_AL_CODE_INVALID_OUTPUTS 0x001D
#define VB_AL_CODE_INVALID_INPUTS 0x001E
#define VB_AL_CODE_INVALID_DC 0x0030

/* One mapped entry in a process data sync manager. */
struct vb_pd_map {
    struct vb_entry *e; /* the dictionary entry, NULL when the slave has none (or a gap) */
    uint16_t index;
    uint8_t subindex;
    uint8_t bits;
    uint16_t addr;      /* physical start of the sync manager buffer */
    uint16_t bit_off;   /* bit position of the entry in that buffer */
};

/* One enabled FMMU of the bus. */
struct vb_fmmu_ix {
    struct vb_slave *s;
    uint32_t logical;
    uint16_t len;
    uint16_t phys;
    uint8_t type; /* bit 0 read (inputs), bit 1 write (outputs) */
};

/* ESM hooks (vb_esm.c): 0 or the AL status code that refuses the change. */
uint16_t vb_pd_enter_safeop(struct vb_slave *s);
/* Returns 1 when OP is reached now, 0 when the slave waits for outputs. */
int vb_pd_enter_op(struct vb_slave *s);
/* The AL state changed to `state` (without the error bit). */
void vb_pd_state_changed(struct vb_slave *s, uint8_t state);

/* A slave's ESC memory above the registers, as a datagram reads/writes it. */
int vb_pd_mem_read(struct vb_slave *s, uint32_t addr, uint8_t *dst, size_t n);
int vb_pd_mem_write(struct vb_slave *s, uint32_t addr, const uint8_t *src, size_t n);

/* A logical datagram through the bus; returns the working counter. */
uint16_t vb_pd_datagram(struct vbus *vb, uint8_t cmd, uint32_t logical, uint8_t *data, uint32_t size);

/* Watchdogs and pending OP requests of the slaves with active process data. */
void vb_pd_tick(struct vbus *vb);

/* The FMMU index exists while the master is active (ACTIVATE allocates it, DEACTIVATE
 * frees it); it is rebuilt lazily when an FMMU register changed. */
int vb_pd_index_alloc(struct vbus *vb);
void vb_pd_index_free(struct vbus *vb);

/* Bits: copy n bits from src (from bit sbit) to dst (from bit dbit), LSB first. */
void vb_bits_copy(uint8_t *dst, unsigned dbit, const uint8_t *src, unsigned sbit, unsigned n);

/* Free what the slave's process data holds (image free). */
void vb_pd_free(struct vb_slave *s);

#endif /* ECAT_VBUS_PD_H */
