/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ecat_vbus.ko: internal declarations shared by the module's files.
 *
 * One struct ecat_vm per /dev/EtherCAT<N>, one struct ecat_vfile per open file.
 *
 * Locking (outermost first):
 *  - vm->gen_lock (rw_semaphore): which struct vbus the master currently runs. Every file
 *    operation that calls into the core (open, release, the IgH ioctls) holds it for read;
 *    a topology load swaps the bus while holding it for write, which it only ever takes
 *    with down_write_trylock, so a load can never queue behind (and block) a request that
 *    waits for another request, e.g. an SDO transfer waiting for the cyclic thread.
 *  - the core's own lock (ecat_port_lock, a mutex), taken inside every vbus_* call.
 *  - vm->status_lock (mutex): the load status shown by ECAT_VBUS_IOCTL_INFO and sysfs.
 *  - f->pd_lock (spinlock, leaf): the pages of the mapped process data. The page fault
 *    handler takes only this lock, never the two above: an ioctl may fault on user memory
 *    (mmap_lock) while it holds the core's lock, so the fault path must not need it.
 */
#ifndef ECAT_VBUS_KMOD_H
#define ECAT_VBUS_KMOD_H

#include <linux/atomic.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "uapi/ecat_vbus.h"
#include "vbus/vbus.h"

#define ECAT_VBUS_MAX_MASTERS 32


struct ecat_vm {
	unsigned int index;
	struct cdev cdev;
	struct device *dev;
	const struct eca_abi *abi;
	u32 code_activate, code_deactivate; /* IgH request codes after which the process data changes */
	u32 code_cycle[4];                  /* RECEIVE, DOMAIN_PROCESS, DOMAIN_QUEUE, SEND */

	struct rw_semaphore gen_lock;
	struct vbus *vb;
	atomic_t files; /* open files on this node */

	struct mutex status_lock;
	bool loaded;
	u32 slave_count, image_size;
	u64 loads;
	int last_result;
	char last_error[ECAT_VBUS_ERROR_LEN];
};

struct ecat_vfile {
	struct ecat_vm *vm;
	struct vbus_file *vf;
	bool writable;
	atomic_t maps; /* live mappings of this file's process data */

	/*
	 * Process data. The core allocates its block (pd) with ecat_port_zalloc, which may be
	 * slab memory shared with other objects: it must never be mapped. mmap shows a
	 * page-backed shadow instead, copied to the block before and back from it after each of
	 * the cyclic requests RECEIVE, DOMAIN_PROCESS, DOMAIN_QUEUE and SEND of this file, so
	 * the application's outputs reach the core and its inputs come back within the request
	 * that needs them. pd_mutex guards pd, shadow and the copies; pd_lock (spinlock, leaf)
	 * guards the page array the fault handler serves.
	 */
	struct mutex pd_mutex;
	void *pd;
	size_t pd_size;
	void *shadow;

	spinlock_t pd_lock;
	struct page **pd_pages; /* pages shown by mmap, each with a reference held */
	unsigned int pd_npages;
};

#ifdef ECAT_VBUS_HAVE_PROCESS_DATA
#define ECAT_VBUS_FEATURES ECAT_VBUS_FEATURE_PROCESS_DATA
#else
#define ECAT_VBUS_FEATURES 0u
#endif

/* ecat_vbus_main.c */
int ecat_vm_create_bus(struct ecat_vm *vm, const void *image, size_t size, struct vbus **out,
		       char *err, size_t err_size);

/* ecat_vbus_cdev.c */
extern const struct file_operations ecat_vbus_fops;
void ecat_vfile_drop_pd(struct ecat_vfile *f);

/* ecat_vbus_ctl.c */
long ecat_vbus_control(struct ecat_vfile *f, unsigned int cmd, unsigned long arg);
void ecat_vm_status_init(struct ecat_vm *vm);
extern const struct attribute_group *ecat_vbus_dev_groups[];

#endif /* ECAT_VBUS_KMOD_H */
