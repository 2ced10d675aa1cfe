// SPDX-License-Identifier: GPL-2.0
/*
 * ecat_vbus.ko: hosts the ecat virtual EtherCAT master (native/vbus) in the kernel and
 * offers it as /dev/EtherCAT<N>, a character device that speaks the IgH master's ioctl
 * and mmap interface. Applications and the `ecat` tool open it exactly like the node of
 * a real IgH master; the bus behind it is described by a topology image that user space
 * loads with ECAT_VBUS_IOCTL_LOAD (uapi/ecat_vbus.h).
 *
 * Until a topology is loaded, each master looks like an IgH master whose network cable
 * is unplugged: no slaves, link down.
 */
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/version.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#include "ecat_vbus.h"

static unsigned int masters = 1;
module_param(masters, uint, 0444);
MODULE_PARM_DESC(masters, "Number of virtual masters, /dev/EtherCAT0 .. /dev/EtherCAT<masters-1> (1..32, default 1)");

static char *abi = "1.6";
module_param(abi, charp, 0444);
MODULE_PARM_DESC(abi, "IgH ABI the masters present (an id of 'ecat abi'; default 1.6, ioctl magic 37)");

static dev_t ecat_devt;
static struct class *ecat_class;
static struct ecat_vm *ecat_vms;
static unsigned int ecat_vm_count;

int ecat_vm_create_bus(struct ecat_vm *vm, const void *image, size_t size, struct vbus **out,
		       char *err, size_t err_size)
{
	struct vbus_options opt = {
		.abi = vm->abi,
		.master_index = vm->index,
		.master_count = ecat_vm_count,
	};

	return vbus_create(image, size, &opt, out, err, err_size);
}

/*
 * The bus before any load: a topology image with no slaves and the link down
 * (docs/vbus-image.md: 16-byte header, 12-byte master section, all little-endian).
 */
static int ecat_vm_create_empty(struct ecat_vm *vm)
{
	u8 image[28] = { 0 };
	char err[ECAT_VBUS_ERROR_LEN];
	int r;

	put_unaligned_le32(0x31494256, image + 0); /* "VBI1" */
	put_unaligned_le16(1, image + 4);          /* version */
	put_unaligned_le32(sizeof(image), image + 8);
	/* slave_count 0; MAC 00:00:00:00:00:00, link_up 0, reserved and flags 0 */
	r = ecat_vm_create_bus(vm, image, sizeof(image), &vm->vb, err, sizeof(err));
	if (r)
		pr_err("ecat_vbus: EtherCAT%u: cannot create the empty bus: %s (%d)\n", vm->index, err, r);
	return r;
}

static void ecat_vm_destroy(struct ecat_vm *vm)
{
	if (vm->dev)
		device_destroy(ecat_class, vm->cdev.dev);
	if (vm->cdev.ops)
		cdev_del(&vm->cdev);
	if (vm->vb)
		vbus_destroy(vm->vb);
	vm->vb = NULL;
}

static int ecat_vm_setup(struct ecat_vm *vm, unsigned int index, const struct eca_abi *table)
{
	dev_t devt = MKDEV(MAJOR(ecat_devt), index);
	int r;

	vm->index = index;
	vm->abi = table;
	vm->code_activate = eca_code(table, ECA_REQ_ACTIVATE);
	vm->code_deactivate = eca_code(table, ECA_REQ_DEACTIVATE);
	vm->code_cycle[0] = eca_code(table, ECA_REQ_RECEIVE);
	vm->code_cycle[1] = eca_code(table, ECA_REQ_DOMAIN_PROCESS);
	vm->code_cycle[2] = eca_code(table, ECA_REQ_DOMAIN_QUEUE);
	vm->code_cycle[3] = eca_code(table, ECA_REQ_SEND);
	init_rwsem(&vm->gen_lock);
	atomic_set(&vm->files, 0);
	ecat_vm_status_init(vm);

	r = ecat_vm_create_empty(vm);
	if (r)
		return r;

	cdev_init(&vm->cdev, &ecat_vbus_fops);
	vm->cdev.owner = THIS_MODULE;
	r = cdev_add(&vm->cdev, devt, 1);
	if (r) {
		vm->cdev.ops = NULL;
		return r;
	}
	vm->dev = device_create_with_groups(ecat_class, NULL, devt, vm, ecat_vbus_dev_groups,
					    "EtherCAT%u", index);
	if (IS_ERR(vm->dev)) {
		r = PTR_ERR(vm->dev);
		vm->dev = NULL;
		return r;
	}
	return 0;
}

static int __init ecat_vbus_init(void)
{
	const struct eca_abi *table;
	unsigned int i;
	int r;

	if (masters < 1 || masters > ECAT_VBUS_MAX_MASTERS) {
		pr_err("ecat_vbus: masters=%u is out of range 1..%u\n", masters, ECAT_VBUS_MAX_MASTERS);
		return -EINVAL;
	}
	table = eca_abi_by_id(abi ? abi : "");
	if (!table) {
		pr_err("ecat_vbus: abi=%s is not an ABI this module knows (see 'ecat abi')\n", abi ? abi : "");
		return -EINVAL;
	}

	r = alloc_chrdev_region(&ecat_devt, 0, masters, "EtherCAT");
	if (r) {
		pr_err("ecat_vbus: cannot allocate device numbers (%d)\n", r);
		return r;
	}
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
	ecat_class = class_create("EtherCAT");
#else
	ecat_class = class_create(THIS_MODULE, "EtherCAT");
#endif
	if (IS_ERR(ecat_class)) {
		r = PTR_ERR(ecat_class);
		/* -EEXIST: the IgH master module (ec_master) is loaded and owns the class. */
		pr_err("ecat_vbus: cannot create device class EtherCAT (%d)%s\n", r,
		       r == -EEXIST ? ": is the IgH master module loaded?" : "");
		goto fail_region;
	}
	ecat_vms = kcalloc(masters, sizeof(*ecat_vms), GFP_KERNEL);
	if (!ecat_vms) {
		r = -ENOMEM;
		goto fail_class;
	}
	ecat_vm_count = masters;
	for (i = 0; i < masters; i++) {
		r = ecat_vm_setup(&ecat_vms[i], i, table);
		if (r)
			goto fail_masters;
	}
	pr_info("ecat_vbus: %u virtual master(s), IgH ABI %s (magic %u)\n", masters, table->id, table->magic);
	return 0;

fail_masters:
	for (i = 0; i < masters; i++)
		ecat_vm_destroy(&ecat_vms[i]);
	kfree(ecat_vms);
	ecat_vms = NULL;
fail_class:
	class_destroy(ecat_class);
fail_region:
	unregister_chrdev_region(ecat_devt, masters);
	return r;
}

static void __exit ecat_vbus_exit(void)
{
	unsigned int i;

	/* The cdevs hold a reference on the module while open: no file is open here. */
	for (i = 0; i < ecat_vm_count; i++)
		ecat_vm_destroy(&ecat_vms[i]);
	kfree(ecat_vms);
	class_destroy(ecat_class);
	unregister_chrdev_region(ecat_devt, ecat_vm_count);
}

module_init(ecat_vbus_init);
module_exit(ecat_vbus_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ecat virtual EtherCAT master behind /dev/EtherCAT<N> (IgH ioctl ABI)");
MODULE_AUTHOR("ecat project");
MODULE_VERSION(ECAT_VBUS_VERSION);
