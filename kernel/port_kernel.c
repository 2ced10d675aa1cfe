// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel port of native/portable/ecat_port.h: what the virtual master core gets from
 * its surroundings inside ecat_vbus.ko. Every service is called from process context
 * (the file operations of /dev/EtherCAT<N>), so all of them may sleep.
 */
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "portable/ecat_port.h"

/*
 * kvzalloc: kmalloc for small blocks, vmalloc when the block is large or memory is
 * fragmented. The core bounds every size (4 MiB for caller-given sizes, 64 MiB images).
 */
void *ecat_port_zalloc(size_t size)
{
	return kvzalloc(size ? size : 1, GFP_KERNEL);
}

void ecat_port_free(void *p)
{
	kvfree(p);
}

int ecat_port_copy_from_user(void *dst, const void *user_src, size_t n)
{
	if (!n)
		return 0;
	return copy_from_user(dst, (const void __user *)user_src, n) ? -EFAULT : 0;
}

int ecat_port_copy_to_user(void *user_dst, const void *src, size_t n)
{
	if (!n)
		return 0;
	return copy_to_user((void __user *)user_dst, src, n) ? -EFAULT : 0;
}

struct ecat_port_lock {
	struct mutex mutex;
};

struct ecat_port_lock *ecat_port_lock_create(void)
{
	struct ecat_port_lock *lock = kzalloc(sizeof(*lock), GFP_KERNEL);

	if (lock)
		mutex_init(&lock->mutex);
	return lock;
}

void ecat_port_lock_destroy(struct ecat_port_lock *lock)
{
	if (!lock)
		return;
	mutex_destroy(&lock->mutex);
	kfree(lock);
}

void ecat_port_lock(struct ecat_port_lock *lock)
{
	mutex_lock(&lock->mutex);
}

void ecat_port_unlock(struct ecat_port_lock *lock)
{
	mutex_unlock(&lock->mutex);
}

uint64_t ecat_port_time_ns(void)
{
	return ktime_get_ns();
}

uint64_t ecat_port_realtime_ns(void)
{
	return ktime_get_real_ns();
}

/*
 * Wait queue. The condition is only ever changed with the lock held, and the waker calls
 * ecat_port_wake_all with the lock held too: so the sleeper queues itself (prepare_to_wait)
 * before it drops the lock, and no wake-up can fall between its check and its sleep.
 * Sleeps are interruptible, as IgH's blocking requests are: a signal ends the wait with
 * -EINTR (the ioctl then fails with EINTR).
 */
struct ecat_port_wait {
	wait_queue_head_t wq;
};

struct ecat_port_wait *ecat_port_wait_create(void)
{
	struct ecat_port_wait *w = kzalloc(sizeof(*w), GFP_KERNEL);

	if (w)
		init_waitqueue_head(&w->wq);
	return w;
}

void ecat_port_wait_destroy(struct ecat_port_wait *w)
{
	kfree(w);
}

int ecat_port_wait_event(struct ecat_port_wait *w, struct ecat_port_lock *lock, int (*cond)(void *arg), void *arg,
			 uint64_t timeout_ns)
{
	u64 now = ktime_get_ns();
	/* 0, or a timeout so long that the deadline would wrap: no deadline. */
	u64 deadline = timeout_ns && timeout_ns < U64_MAX - now ? now + timeout_ns : 0;
	int r = 0;

	while (!cond(arg)) {
		DEFINE_WAIT(wait);
		long jif = MAX_SCHEDULE_TIMEOUT;

		if (deadline) {
			now = ktime_get_ns();
			if (now >= deadline) {
				r = -ETIMEDOUT;
				break;
			}
			jif = (long)min_t(u64, nsecs_to_jiffies64(deadline - now) + 1, MAX_SCHEDULE_TIMEOUT - 1);
		}
		if (signal_pending(current)) {
			r = -EINTR;
			break;
		}
		prepare_to_wait(&w->wq, &wait, TASK_INTERRUPTIBLE);
		mutex_unlock(&lock->mutex);
		schedule_timeout(jif);
		finish_wait(&w->wq, &wait);
		mutex_lock(&lock->mutex);
	}
	return r;
}

void ecat_port_wake_all(struct ecat_port_wait *w)
{
	wake_up_all(&w->wq);
}
