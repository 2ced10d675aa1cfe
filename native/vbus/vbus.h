/* SPDX-License-Identifier: MIT */
/*
 * vbus: the virtual EtherCAT master. It implements the observable behaviour of one IgH
 * master behind the IgH ioctl ABI (native/igh), over a bus of virtual slaves described by
 * a topology image (docs/vbus-image.md) that the TypeScript side builds from a topology
 * file. The same code is hosted in-process by the addon (native/device/sim_device.cc) and
 * by the project's kernel module (kernel/), which is why it is kernel-portable C11
 * (ecat_port.h only, no floating point, bounded stack).
 *
 * Threading: every entry point takes the master's lock; callers may use one vbus from
 * several threads.
 */
#ifndef ECAT_VBUS_H
#define ECAT_VBUS_H

#include "../portable/ecat_port.h"
#include "../igh/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vbus;      /* one virtual master: its bus, slaves and master state */
struct vbus_file; /* one open file description on it (IgH keeps the same per-fd context) */

struct vbus_options {
    const struct eca_abi *abi; /* the ABI to present (required) */
    uint32_t magic_override;   /* nonzero: EC_IOCTL_MODULE reports this magic instead (tests refusal) */
    uint32_t master_index;     /* N of /dev/EtherCAT<N> */
    uint32_t master_count;     /* masters in the module, as EC_IOCTL_MODULE reports */
};

/*
 * Build a virtual master from a topology image. The image is read, validated and copied;
 * the caller keeps ownership of `image`. On failure returns -EINVAL (bad image), -ENOMEM
 * or -EOPNOTSUPP (image version), and writes a one-line reason naming the slave and the
 * field into err (NUL-terminated, truncated to err_size).
 */
int vbus_create(const void *image, size_t size, const struct vbus_options *opt,
                struct vbus **out, char *err, size_t err_size);
void vbus_destroy(struct vbus *vb);

/* Open a file description; `writable` as the open mode of the device node. */
int vbus_open(struct vbus *vb, int writable, struct vbus_file **out);

/* Close it. Releases the master if this file requested it, as IgH does on close. */
void vbus_close(struct vbus_file *f);

/*
 * One ioctl, exactly as the IgH character device would receive it: `cmd` is the full
 * request code, `arg` a user-space pointer or a value depending on the request.
 * Returns a non-negative result (0, or the value some requests return) or -errno.
 * Unknown codes give -ENOTTY, like the real module.
 */
long vbus_ioctl(struct vbus_file *f, unsigned int cmd, unsigned long arg);

/*
 * Mutable state (AL states, SDO values, SII contents, ESC registers) as an opaque blob,
 * so an in-process host can keep the bus state between runs of short-lived programs.
 * vbus_state_load refuses (-EINVAL) a blob that does not belong to this topology.
 */
size_t vbus_state_size(const struct vbus *vb);
int vbus_state_save(struct vbus *vb, void *buf, size_t size);
int vbus_state_load(struct vbus *vb, const void *buf, size_t size);


/* ---- Additions beyond the first contract: inspection and fault-injection hooks. ---- */

/* Mailbox traffic the master exchanged with one slave (CoE and other mailbox protocols). */
struct vbus_mbox_stats {
    uint32_t writes; /* frames the master wrote to the slave's receive mailbox (SM0) */
    uint32_t checks; /* mailbox status polls (SM1 "mailbox full") */
    uint32_t reads;  /* frames the master fetched from the slave's send mailbox (SM1) */
    uint64_t bytes_out, bytes_in; /* mailbox bytes (header included) in each direction */
};

/* Counters of slave `position`; -EINVAL when there is no such slave. */
int vbus_mailbox_stats(struct vbus *vb, uint16_t position, struct vbus_mbox_stats *out);

/*
 * Fault injection. Each returns 0, or -EINVAL for a slave position that does not exist.
 * - al_error: the slave drops to `al_state` with the error indication set and AL status
 *   code `code`, as a slave does on a local error; the master reacts on its next idle pass
 *   (at the next ioctl) as IgH's idle state machine would.
 * - slave_lost: the slave stops answering (lost != 0) or answers again (lost == 0).
 * - link: the main Ethernet link goes down (up == 0) or comes back.
 */
int vbus_fault_al_error(struct vbus *vb, uint16_t position, uint8_t al_state, uint16_t code);
int vbus_fault_slave_lost(struct vbus *vb, uint16_t position, int lost);
int vbus_fault_link(struct vbus *vb, int up);

#ifdef __cplusplus
}
#endif

#endif /* ECAT_VBUS_H */
