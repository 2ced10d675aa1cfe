// SPDX-License-Identifier: GPL-2.0
/*
 * The module's own requests on /dev/EtherCAT<N> (type byte 0xEC, uapi/ecat_vbus.h) and its
 * sysfs attributes: loading a topology image, and what is loaded / why a load was refused.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#include "ecat_vbus.h"

void ecat_vm_status_init(struct ecat_vm *vm)
{
	mutex_init(&vm->status_lock);
	vm->loaded = false;
	vm->slave_count = 0;
	vm->image_size = 0;
	vm->loads = 0;
	vm->last_result = 0;
	vm->last_error[0] = '\0';
}

static void ecat_vm_record(struct ecat_vm *vm, int result, const char *error, u32 slaves, u32 size)
{
	mutex_lock(&vm->status_lock);
	vm->last_result = result;
	strscpy(vm->last_error, error, sizeof(vm->last_error));
	if (!result) {
		vm->loaded = true;
		vm->slave_count = slaves;
		vm->image_size = size;
		vm->loads++;
	}
	mutex_unlock(&vm->status_lock);
}

/*
 * Replace the caller's master's bus. The new bus is built first (the core validates the
 * image as untrusted input); the swap then needs the master to itself: no other open file
 * (an application or a diagnostic tool would suddenly see another bus) and no mapping of
 * this file's process data.
 */
static int ecat_vm_load(struct ecat_vfile *f, const void *image, size_t size, char *err, size_t err_size)
{
	struct ecat_vm *vm = f->vm;
	struct vbus *nvb = NULL, *old;
	struct vbus_file *nvf = NULL;
	int files, r;

	r = ecat_vm_create_bus(vm, image, size, &nvb, err, err_size);
	if (r) {
		if (!err[0])
			snprintf(err, err_size, "the virtual master refused the image (%d)", r);
		return r;
	}
	r = vbus_open(nvb, f->writable, &nvf);
	if (r) {
		vbus_destroy(nvb);
		snprintf(err, err_size, "cannot open the new bus (%d)", r);
		return r;
	}
	if (!down_write_trylock(&vm->gen_lock)) {
		r = -EBUSY;
		snprintf(err, err_size, "EtherCAT%u is busy (a request is in progress); close other users and retry",
			 vm->index);
		goto fail;
	}
	files = atomic_read(&vm->files);
	if (files > 1 || atomic_read(&f->maps)) {
		up_write(&vm->gen_lock);
		r = -EBUSY;
		if (files > 1)
			snprintf(err, err_size, "EtherCAT%u is open %d more time(s); close every other user first",
				 vm->index, files - 1);
		else
			snprintf(err, err_size, "the process data of this file is still mapped; unmap it first");
		goto fail;
	}
	old = vm->vb;
	vbus_close(f->vf);
	vm->vb = nvb;
	f->vf = nvf;
	up_write(&vm->gen_lock);
	ecat_vfile_drop_pd(f);
	vbus_destroy(old);
	return 0;
fail:
	vbus_close(nvf);
	vbus_destroy(nvb);
	return r;
}

static long ecat_ctl_load(struct ecat_vfile *f, struct ecat_vbus_load __user *uarg)
{
	struct ecat_vm *vm = f->vm;
	struct ecat_vbus_load *req;
	void *image = NULL;
	u32 slaves = 0;
	long r;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	if (copy_from_user(req, uarg, sizeof(*req))) {
		kfree(req);
		return -EFAULT;
	}
	req->error[0] = '\0';
	if (req->flags) {
		r = -EINVAL;
		snprintf(req->error, sizeof(req->error), "flags must be 0 (got 0x%x)", req->flags);
	} else if (req->size < 16 || req->size > ECAT_VBUS_MAX_IMAGE) {
		r = req->size > ECAT_VBUS_MAX_IMAGE ? -E2BIG : -EINVAL;
		snprintf(req->error, sizeof(req->error), "image: %llu bytes is outside 16..%u",
			 (unsigned long long)req->size, ECAT_VBUS_MAX_IMAGE);
	} else {
		image = kvmalloc(req->size, GFP_KERNEL);
		if (!image) {
			r = -ENOMEM;
			snprintf(req->error, sizeof(req->error), "out of memory for a %llu-byte image",
				 (unsigned long long)req->size);
		} else if (copy_from_user(image, u64_to_user_ptr(req->image), req->size)) {
			r = -EFAULT;
			snprintf(req->error, sizeof(req->error), "image: bad address");
		} else {
			slaves = get_unaligned_le16((const u8 *)image + 12);
			r = ecat_vm_load(f, image, req->size, req->error, sizeof(req->error));
		}
		kvfree(image);
	}
	req->error[sizeof(req->error) - 1] = '\0';
	req->result = (s32)r;
	ecat_vm_record(vm, (int)r, req->error, r ? 0 : slaves, r ? 0 : (u32)req->size);
	if (r)
		pr_warn_ratelimited("ecat_vbus: EtherCAT%u: topology refused (%ld): %s\n", vm->index, r, req->error);
	else
		pr_info("ecat_vbus: EtherCAT%u: topology loaded, %u slave(s)\n", vm->index, slaves);
	if (copy_to_user(uarg, req, sizeof(*req)))
		r = -EFAULT;
	kfree(req);
	return r;
}

static long ecat_ctl_info(struct ecat_vfile *f, struct ecat_vbus_info __user *uarg)
{
	struct ecat_vm *vm = f->vm;
	struct ecat_vbus_info *info;
	long r = 0;

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	info->version = ECAT_VBUS_CONTROL_VERSION;
	info->master_index = vm->index;
	info->features = ECAT_VBUS_FEATURES;
	strscpy(info->abi, vm->abi->id, sizeof(info->abi));
	mutex_lock(&vm->status_lock);
	info->loaded = vm->loaded;
	info->slave_count = vm->slave_count;
	info->image_size = vm->image_size;
	info->loads = vm->loads;
	info->last_result = vm->last_result;
	strscpy(info->last_error, vm->last_error, sizeof(info->last_error));
	mutex_unlock(&vm->status_lock);
	if (copy_to_user(uarg, info, sizeof(*info)))
		r = -EFAULT;
	kfree(info);
	return r;
}

long ecat_vbus_control(struct ecat_vfile *f, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case ECAT_VBUS_IOCTL_LOAD:
		return ecat_ctl_load(f, (struct ecat_vbus_load __user *)arg);
	case ECAT_VBUS_IOCTL_INFO:
		return ecat_ctl_info(f, (struct ecat_vbus_info __user *)arg);
	default:
		return -ENOTTY;
	}
}

/* ---- sysfs: /sys/class/EtherCAT/EtherCAT<N>/vbus_* ---- */

static ssize_t vbus_loaded_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct ecat_vm *vm = dev_get_drvdata(dev);
	ssize_t n;

	mutex_lock(&vm->status_lock);
	n = sysfs_emit(buf, "%d\n", vm->loaded ? 1 : 0);
	mutex_unlock(&vm->status_lock);
	return n;
}
static DEVICE_ATTR_RO(vbus_loaded);

static ssize_t vbus_slaves_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct ecat_vm *vm = dev_get_drvdata(dev);
	ssize_t n;

	mutex_lock(&vm->status_lock);
	n = sysfs_emit(buf, "%u\n", vm->slave_count);
	mutex_unlock(&vm->status_lock);
	return n;
}
static DEVICE_ATTR_RO(vbus_slaves);

static ssize_t vbus_last_error_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct ecat_vm *vm = dev_get_drvdata(dev);
	ssize_t n;

	mutex_lock(&vm->status_lock);
	n = vm->last_error[0] ? sysfs_emit(buf, "%s\n", vm->last_error) : 0;
	mutex_unlock(&vm->status_lock);
	return n;
}
static DEVICE_ATTR_RO(vbus_last_error);

static ssize_t vbus_abi_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct ecat_vm *vm = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%s %u\n", vm->abi->id, vm->abi->magic);
}
static DEVICE_ATTR_RO(vbus_abi);

static ssize_t vbus_features_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", (ECAT_VBUS_FEATURES & ECAT_VBUS_FEATURE_PROCESS_DATA) ? "process_data" : "");
}
static DEVICE_ATTR_RO(vbus_features);

static struct attribute *ecat_vbus_dev_attrs[] = {
	&dev_attr_vbus_loaded.attr,
	&dev_attr_vbus_slaves.attr,
	&dev_attr_vbus_last_error.attr,
	&dev_attr_vbus_abi.attr,
	&dev_attr_vbus_features.attr,
	NULL,
};

static const struct attribute_group ecat_vbus_dev_group = {
	.attrs = ecat_vbus_dev_attrs,
};

const struct attribute_group *ecat_vbus_dev_groups[] = {
	&ecat_vbus_dev_group,
	NULL,
};
