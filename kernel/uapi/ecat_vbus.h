/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * Control interface of ecat_vbus.ko, the kernel module that hosts the ecat virtual
 * EtherCAT master behind /dev/EtherCAT<N>.
 *
 * The IgH requests on the device node all use the ioctl type byte 0xa4. The module adds a
 * few requests of its own under the type byte 0xEC, on the same device node, so they can
 * never be mistaken for an IgH request of any ABI version:
 *
 *   ECAT_VBUS_IOCTL_LOAD  replace the master's bus by the one a topology image describes
 *                         (docs/vbus-image.md). Needs CAP_SYS_ADMIN, and no other open
 *                         file on the node. On rejection the ioctl fails and `error` holds
 *                         the reason (which slave, which field).
 *   ECAT_VBUS_IOCTL_INFO  what is loaded, and the result and reason of the last load.
 *
 * This header is shared by the module and by user space (the ecat addon), so it uses
 * only the kernel's exported types.
 */
#ifndef ECAT_VBUS_UAPI_H
#define ECAT_VBUS_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define ECAT_VBUS_IOC_TYPE 0xEC
#define ECAT_VBUS_CONTROL_VERSION 1

/* Longest reason text, including the terminating NUL. */
#define ECAT_VBUS_ERROR_LEN 256

/* Largest topology image the module accepts (the core's own limit). */
#define ECAT_VBUS_MAX_IMAGE (64u << 20)

struct ecat_vbus_load {
	__u64 image;  /* in: user address of the topology image */
	__u64 size;   /* in: its size in bytes */
	__u32 flags;  /* in: must be 0 */
	__s32 result; /* out: 0, or the negative errno the ioctl fails with */
	char error[ECAT_VBUS_ERROR_LEN]; /* out: why the image was refused ("" on success) */
};

struct ecat_vbus_info {
	__u32 version;      /* ECAT_VBUS_CONTROL_VERSION */
	__u32 master_index; /* N of /dev/EtherCAT<N> */
	__u32 loaded;       /* 1 once a topology image has been loaded */
	__u32 slave_count;  /* slaves of the loaded image (0 before a load) */
	__u32 image_size;   /* bytes of the loaded image */
	__s32 last_result;  /* result of the last load attempt (0 if none) */
	__u32 features;     /* ECAT_VBUS_FEATURE_* of this build of the module */
	__u32 reserved;     /* 0 */
	__u64 loads;        /* successful loads since the module was loaded */
	char abi[16];       /* id of the IgH ABI the master presents, e.g. "1.6" */
	char last_error[ECAT_VBUS_ERROR_LEN]; /* reason of the last refused load ("" if none) */
};

/* features: the process data of an activated master can be mapped (mmap). */
#define ECAT_VBUS_FEATURE_PROCESS_DATA 0x1u

#define ECAT_VBUS_IOCTL_LOAD _IOWR(ECAT_VBUS_IOC_TYPE, 0x01, struct ecat_vbus_load)
#define ECAT_VBUS_IOCTL_INFO _IOR(ECAT_VBUS_IOC_TYPE, 0x02, struct ecat_vbus_info)

#endif /* ECAT_VBUS_UAPI_H */
