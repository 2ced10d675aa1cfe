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

/*
 * Close it. Releases the master if this file requested it, as IgH does on close (which
 * deactivates it). Requests of this file still sleeping in the master (another thread's
 * SDO upload, ...) return -EINTR first; vbus_close waits until they have left.
 */
void vbus_close(struct vbus_file *f);

/*
 * One ioctl, exactly as the IgH character device would receive it: `cmd` is the full
 * request code, `arg` a user-space pointer or a value depending on the request.
 * Returns a non-negative result (0, or the value some requests return) or -errno.
 * Unknown codes give -ENOTTY, like the real module.
 *
 * After ACTIVATE the tool's slave requests (SDO upload/download, register read/write, SII
 * write) sleep until the application's SEND calls have done the work, as on IgH: they
 * complete only while some thread keeps cycling, and when the master is deactivated
 * (DEACTIVATE, or closing the file that holds it) the idle master finishes them.
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

/*
 * More faults (same return values):
 * - wkc_drop: the slave lets process data datagrams pass untouched (drop != 0): its
 *   working counter contribution disappears, its inputs in the frame stay as they were
 *   sent (frozen), its outputs do not arrive (its SM watchdog runs out);
 * - sdo_abort: the next SDO access (upload or download) to index:subindex on the slave
 *   is aborted with abort_code (0 disarms); one shot.
 * Faults can also be scheduled in the topology image (docs/vbus-image.md).
 */
int vbus_fault_wkc_drop(struct vbus *vb, uint16_t position, int drop);
int vbus_fault_sdo_abort(struct vbus *vb, uint16_t position, uint16_t index, uint8_t subindex, uint32_t abort_code);

/*
 * The process data of the file's last ACTIVATE (IgH allocates it per file): the memory an
 * in-process host maps by pointer (the kernel module maps its pages). Before ACTIVATE
 * *addr is NULL and *size 0. The memory stays valid until the file is closed (a second
 * ACTIVATE allocates a new block, the old one is freed on close, as in IgH). 0 or -EINVAL.
 */
int vbus_process_data(struct vbus_file *f, void **addr, size_t *size);

/*
 * Slave model hooks for tests and demos (README.md, "Slave models"):
 * - inject: a digital or analog input channel takes `value` instead of its pattern or
 *   waveform until released;
 * - value: what a channel shows: digital input bit, digital output in force (0 without
 *   valid outputs), analog input value, analog output in force; for a CiA 402 drive the
 *   channel selects a quantity (VBUS_DRIVE_*).
 * Each returns 0, or -EINVAL (no such slave, model or channel).
 */
#define VBUS_DRIVE_POSITION 0      /* position actual value (counts) */
#define VBUS_DRIVE_VELOCITY 1      /* velocity actual value (counts/s) */
#define VBUS_DRIVE_STATUSWORD 2
#define VBUS_DRIVE_MODE 3          /* modes of operation display */
#define VBUS_DRIVE_ERROR 4         /* error code (0x603F) */
#define VBUS_DRIVE_DEMAND 5        /* position demand (counts) */
int vbus_model_inject(struct vbus *vb, uint16_t position, unsigned channel, int64_t value);
int vbus_model_release(struct vbus *vb, uint16_t position, unsigned channel);
int vbus_model_value(struct vbus *vb, uint16_t position, unsigned channel, int64_t *value);

#ifdef __cplusplus
}
#endif

#endif /* ECAT_VBUS_H */
