// SPDX-License-Identifier: GPL-2.0
/*
 * File operations of /dev/EtherCAT<N>: open and release map to vbus_open/vbus_close with
 * the file's write access, unlocked_ioctl hands IgH requests (type 0xa4) to vbus_ioctl and
 * the module's own control requests (type 0xEC) to ecat_vbus_ctl.c, and mmap maps (a
 * shadow of) the process data of an activated master. As with IgH, there is no
 * compat_ioctl: 32-bit processes on a 64-bit kernel are not served.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/version.h>
#include <linux/vmalloc.h>

#include "ecat_vbus.h"

static int ecat_vbus_open(struct inode *inode, struct file *filp)
{
	struct ecat_vm *vm = container_of(inode->i_cdev, struct ecat_vm, cdev);
	struct ecat_vfile *f;
	int r;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->vm = vm;
	f->writable = (filp->f_mode & FMODE_WRITE) != 0;
	atomic_set(&f->maps, 0);
	mutex_init(&f->pd_mutex);
	spin_lock_init(&f->pd_lock);

	down_read(&vm->gen_lock);
	r = vbus_open(vm->vb, f->writable, &f->vf);
	if (!r)
		atomic_inc(&vm->files);
	up_read(&vm->gen_lock);
	if (r) {
		kfree(f);
		return r;
	}
	filp->private_data = f;
	return 0;
}

static int ecat_vbus_release(struct inode *inode, struct file *filp)
{
	struct ecat_vfile *f = filp->private_data;
	struct ecat_vm *vm = f->vm;

	/* Like IgH: closing the file that reserved the master releases it (and its process data). */
	down_read(&vm->gen_lock);
	vbus_close(f->vf);
	f->vf = NULL;
	atomic_dec(&vm->files);
	up_read(&vm->gen_lock);
	ecat_vfile_drop_pd(f);
	kfree(f);
	return 0;
}

/* ---- process data ---- */

/* Swap in a new page array (NULL: none) and drop the references of the old one. */
static void ecat_vfile_set_pages(struct ecat_vfile *f, struct page **pages, unsigned int n)
{
	struct page **old;
	unsigned int old_n, i;

	spin_lock(&f->pd_lock);
	old = f->pd_pages;
	old_n = f->pd_npages;
	f->pd_pages = pages;
	f->pd_npages = n;
	spin_unlock(&f->pd_lock);
	for (i = 0; i < old_n; i++)
		put_page(old[i]);
	kvfree(old);
}

/*
 * Forget the process data: no more faults are served, the pages stay alive for mappings
 * that still show them (they hold their own references), the shadow is freed (vfree drops
 * only the allocator's reference of pages that are still mapped).
 */
void ecat_vfile_drop_pd(struct ecat_vfile *f)
{
	mutex_lock(&f->pd_mutex);
	ecat_vfile_set_pages(f, NULL, 0);
	vfree(f->shadow);
	f->shadow = NULL;
	f->pd = NULL;
	f->pd_size = 0;
	mutex_unlock(&f->pd_mutex);
}

#ifdef ECAT_VBUS_HAVE_PROCESS_DATA
/* References on the pages of a vmalloc area of `size` bytes, or NULL. */
static struct page **ecat_vmalloc_pages(void *addr, size_t size, unsigned int *n)
{
	struct page **pages;
	unsigned int i;

	*n = DIV_ROUND_UP(size, PAGE_SIZE);
	pages = kvcalloc(*n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return NULL;
	for (i = 0; i < *n; i++) {
		pages[i] = vmalloc_to_page((u8 *)addr + (size_t)i * PAGE_SIZE);
		if (!pages[i]) {
			while (i--)
				put_page(pages[i]);
			kvfree(pages);
			return NULL;
		}
		get_page(pages[i]);
	}
	return pages;
}

/*
 * After ACTIVATE or DEACTIVATE: ask the core where this file's process data is now and
 * give mmap a shadow of it. The core keeps every block it handed out until the file is
 * closed, so `pd` stays valid as long as the file is open.
 */
static void ecat_vfile_refresh_pd(struct ecat_vfile *f)
{
	struct ecat_vm *vm = f->vm;
	struct page **pages = NULL;
	void *addr = NULL, *shadow = NULL;
	size_t size = 0;
	unsigned int n = 0;
	int r;

	down_read(&vm->gen_lock);
	r = vbus_process_data(f->vf, &addr, &size);
	up_read(&vm->gen_lock);
	if (r || !addr || !size) {
		addr = NULL;
		size = 0;
	}

	mutex_lock(&f->pd_mutex);
	if (addr == f->pd && size == f->pd_size)
		goto out;
	ecat_vfile_set_pages(f, NULL, 0);
	vfree(f->shadow);
	f->shadow = NULL;
	f->pd = NULL;
	f->pd_size = 0;
	if (!addr)
		goto out;
	shadow = vmalloc_user(PAGE_ALIGN(size));
	if (shadow) {
		memcpy(shadow, addr, size);
		pages = ecat_vmalloc_pages(shadow, size, &n);
		if (!pages) {
			vfree(shadow);
			shadow = NULL;
		}
	}
	if (!pages) {
		pr_warn_ratelimited("ecat_vbus: EtherCAT%u: out of memory for the process data mapping\n", vm->index);
		goto out;
	}
	f->pd = addr;
	f->pd_size = size;
	f->shadow = shadow;
	ecat_vfile_set_pages(f, pages, n);
out:
	mutex_unlock(&f->pd_mutex);
}

/* What the application wrote to the mapping goes to the core before a cyclic request... */
static void ecat_vfile_pd_in(struct ecat_vfile *f)
{
	mutex_lock(&f->pd_mutex);
	if (f->shadow)
		memcpy(f->pd, f->shadow, f->pd_size);
	mutex_unlock(&f->pd_mutex);
}

/* ... and what the core produced (inputs) comes back after it. */
static void ecat_vfile_pd_out(struct ecat_vfile *f)
{
	mutex_lock(&f->pd_mutex);
	if (f->shadow)
		memcpy(f->shadow, f->pd, f->pd_size);
	mutex_unlock(&f->pd_mutex);
}

static bool ecat_is_cycle_request(const struct ecat_vm *vm, unsigned int cmd)
{
	return cmd == vm->code_cycle[0] || cmd == vm->code_cycle[1] || cmd == vm->code_cycle[2] ||
	       cmd == vm->code_cycle[3];
}
#endif

static vm_fault_t ecat_vbus_fault(struct vm_fault *vmf)
{
	struct ecat_vfile *f = vmf->vma->vm_private_data;
	struct page *page = NULL;

	spin_lock(&f->pd_lock);
	if (vmf->pgoff < f->pd_npages) {
		page = f->pd_pages[vmf->pgoff];
		get_page(page);
	}
	spin_unlock(&f->pd_lock);
	if (!page)
		return VM_FAULT_SIGBUS;
	vmf->page = page;
	return 0;
}

static void ecat_vbus_vm_open(struct vm_area_struct *vma)
{
	struct ecat_vfile *f = vma->vm_private_data;

	atomic_inc(&f->maps);
}

static void ecat_vbus_vm_close(struct vm_area_struct *vma)
{
	struct ecat_vfile *f = vma->vm_private_data;

	atomic_dec(&f->maps);
}

static const struct vm_operations_struct ecat_vbus_vm_ops = {
	.open = ecat_vbus_vm_open,
	.close = ecat_vbus_vm_close,
	.fault = ecat_vbus_fault,
};

static int ecat_vbus_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct ecat_vfile *f = filp->private_data;
	unsigned long len = vma->vm_end - vma->vm_start;
	unsigned int npages;

	/* Called with mmap_lock held: only the leaf pd_lock may be taken here. */
	spin_lock(&f->pd_lock);
	npages = f->pd_npages;
	spin_unlock(&f->pd_lock);
	if (!npages)
		return -EINVAL; /* nothing to map before ACTIVATE */
	if (vma->vm_pgoff != 0 || len > (unsigned long)npages * PAGE_SIZE)
		return -EINVAL;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
#else
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;
#endif
	vma->vm_ops = &ecat_vbus_vm_ops;
	vma->vm_private_data = f;
	ecat_vbus_vm_open(vma);
	return 0;
}

/* ---- ioctl ---- */

static long ecat_vbus_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct ecat_vfile *f = filp->private_data;
	struct ecat_vm *vm = f->vm;
	bool cycle = false;
	long r;

	if (_IOC_TYPE(cmd) == ECAT_VBUS_IOC_TYPE)
		return ecat_vbus_control(f, cmd, arg);

#ifdef ECAT_VBUS_HAVE_PROCESS_DATA
	cycle = ecat_is_cycle_request(vm, cmd);
	if (cycle)
		ecat_vfile_pd_in(f);
#endif
	down_read(&vm->gen_lock);
	r = vbus_ioctl(f->vf, cmd, arg);
	up_read(&vm->gen_lock);
#ifdef ECAT_VBUS_HAVE_PROCESS_DATA
	if (cycle)
		ecat_vfile_pd_out(f);
	else if (cmd == vm->code_activate || cmd == vm->code_deactivate)
		ecat_vfile_refresh_pd(f);
#endif
	return r;
}

const struct file_operations ecat_vbus_fops = {
	.owner = THIS_MODULE,
	.open = ecat_vbus_open,
	.release = ecat_vbus_release,
	.unlocked_ioctl = ecat_vbus_ioctl,
	.mmap = ecat_vbus_mmap,
	.llseek = noop_llseek,
};
