/* SPDX-License-Identifier: MIT */
/*
 * The ioctl layer of the virtual master: one call context, the helpers every handler
 * uses to move its argument struct between "user" memory and the core through the ABI's
 * offset tables (never through C structs, so any listed ABI can be presented), and the
 * handlers, grouped by file:
 *   vb_ioctl.c        dispatch: request lookup, access rules, idle pass, MODULE
 *   vb_ioctl_master.c MASTER, MASTER_STATE, MASTER_LINK_STATE, MASTER_DEBUG
 *   vb_ioctl_slave.c  SLAVE, SLAVE_SYNC, SLAVE_SYNC_PDO(_ENTRY), SLAVE_SDO, SLAVE_SDO_ENTRY
 *   vb_ioctl_xfer.c   SLAVE_SDO_UPLOAD/DOWNLOAD, SLAVE_STATE, SLAVE_REG_*, SLAVE_SII_*
 *   vb_ioctl_app.c    REQUEST, release on close, CONFIG_EOE_IP_PARAM, EOE_HANDLER
 * and the application-phase handlers declared in vb_app.h (MASTER_RESCAN among them: a rescan
 * while active also has to hand the found slaves back to their configurations).
 */
#ifndef ECAT_VBUS_IOCTL_H
#define ECAT_VBUS_IOCTL_H

#include "vb_types.h"

/* Largest kernel allocation IgH's handlers can get for a user-sized buffer (kmalloc). */
#define VB_KMALLOC_MAX (4u * 1024u * 1024u)

/* Argument buffer of the requests that may sleep (on the caller's stack). */
#define VB_SLEEP_ARG_SIZE 64

struct vb_call {
    struct vbus *vb;
    struct vbus_file *f;
    enum eca_req req;
    unsigned long arg;            /* the raw ioctl argument */
    const struct eca_layout *l;   /* layout of the argument struct */
    uint8_t *buf;                 /* the argument struct in core memory (vb->arg) */
};

/* Copy the request's argument struct in from user memory (-EFAULT), or just zero it. */
int vb_arg_in(struct vb_call *c);
void vb_arg_zero(struct vb_call *c);
/* Copy it back out (-EFAULT). */
int vb_arg_out(struct vb_call *c);

/* Field access in the argument struct (scalars; absent fields read 0 and ignore writes). */
uint64_t vb_get(const struct vb_call *c, unsigned field);
void vb_set(struct vb_call *c, unsigned field, uint64_t v);
/* A user pointer field. */
void *vb_uptr(const struct vb_call *c, unsigned field);
/* Copy a string into a char-array field (truncated, NUL-terminated). */
void vb_set_str(struct vb_call *c, unsigned field, unsigned parent_index, const char *s);

/* Slave by ring position as the master knows it, or NULL (IgH: -EINVAL). */
struct vb_slave *vb_find_slave(struct vbus *vb, uint64_t position);

long vb_ioctl_master(struct vb_call *c);
long vb_ioctl_master_state(struct vb_call *c);
long vb_ioctl_master_link_state(struct vb_call *c);
long vb_ioctl_master_debug(struct vb_call *c);

long vb_ioctl_slave(struct vb_call *c);
long vb_ioctl_slave_sync(struct vb_call *c);
long vb_ioctl_slave_sync_pdo(struct vb_call *c);
long vb_ioctl_slave_sync_pdo_entry(struct vb_call *c);
long vb_ioctl_slave_sdo(struct vb_call *c);
long vb_ioctl_slave_sdo_entry(struct vb_call *c);

long vb_ioctl_sdo_upload(struct vb_call *c);
long vb_ioctl_sdo_download(struct vb_call *c);
long vb_ioctl_slave_state(struct vb_call *c);
long vb_ioctl_reg_read(struct vb_call *c);
long vb_ioctl_reg_write(struct vb_call *c);
long vb_ioctl_sii_read(struct vb_call *c);
long vb_ioctl_sii_write(struct vb_call *c);

long vb_ioctl_request(struct vb_call *c);
long vb_ioctl_lookup_empty(struct vb_call *c);

/* Release what a closing file held (the reservation), as IgH does on close. */
void vb_release_file(struct vbus *vb, struct vbus_file *f);

#endif /* ECAT_VBUS_IOCTL_H */
