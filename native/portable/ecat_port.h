/* SPDX-License-Identifier: MIT */
/*
 * The one environment header of the kernel-portable C code (native/igh and native/vbus).
 *
 * That code must compile unchanged in three places: the Node addon (hosted C11),
 * the project's Linux kernel module, and the CI check that builds it with
 * -ffreestanding -nostdinc against nothing but this file. So it includes no libc header;
 * everything it needs from its surroundings is declared here and implemented by a port:
 * native/portable/port_user.c for user space, kernel/port_kernel.c for the kernel.
 * No floating point anywhere in portable code.
 */
#ifndef ECAT_PORT_H
#define ECAT_PORT_H

#if defined(__KERNEL__)
#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/errno.h>
#else
/* Fixed-width types from the compiler's predefined macros, so no <stdint.h> is needed. */
typedef __UINT8_TYPE__ uint8_t;
typedef __UINT16_TYPE__ uint16_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __UINT64_TYPE__ uint64_t;
typedef __INT8_TYPE__ int8_t;
typedef __INT16_TYPE__ int16_t;
typedef __INT32_TYPE__ int32_t;
typedef __INT64_TYPE__ int64_t;
typedef __UINTPTR_TYPE__ uintptr_t;
#if !defined(__cplusplus)
typedef __SIZE_TYPE__ size_t;
#ifndef NULL
#define NULL ((void *)0)
#endif
#if __STDC_VERSION__ < 202311L && !defined(__bool_true_false_are_defined)
#define bool _Bool
#define true 1
#define false 0
#define __bool_true_false_are_defined 1
#endif
#else
#include <cstddef>
#endif
#endif

#if !defined(__KERNEL__) && !defined(EPERM)
/*
 * Linux errno numbers (identical in the kernel and in glibc on every architecture we
 * build for). Portable code returns them negated, as the kernel does.
 */
#define EPERM 1
#define ENOENT 2
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define EAGAIN 11
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define ENOTTY 25
#define ENOBUFS 105
#define EOVERFLOW 75
#define EPROTO 71
#define EPROTONOSUPPORT 93
#define ETIMEDOUT 110
#define EOPNOTSUPP 95
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Memory helpers; the builtins become inline code or the environment's memcpy/memset. */
#define ecat_memcpy(d, s, n) __builtin_memcpy((d), (s), (n))
#define ecat_memset(d, c, n) __builtin_memset((d), (c), (n))
#define ecat_memcmp(a, b, n) __builtin_memcmp((a), (b), (n))

/*
 * Services the environment provides. All may be called from process context only;
 * none from the cyclic path except ecat_port_time_ns, ecat_port_realtime_ns,
 * ecat_port_copy_*, the lock and ecat_port_wake_all.
 */

/* Zeroed allocation; NULL on failure. Sizes are bounded by the caller. */
void *ecat_port_zalloc(size_t size);
void ecat_port_free(void *p);

/*
 * Copies between the caller of an ioctl and the core. In user space "user" memory is
 * ordinary memory; in the kernel these are copy_{from,to}_user. Return 0 or -EFAULT.
 */
int ecat_port_copy_from_user(void *dst, const void *user_src, size_t n);
int ecat_port_copy_to_user(void *user_dst, const void *src, size_t n);

/* A sleeping mutex protecting one virtual master. Storage is owned by the caller. */
struct ecat_port_lock;
struct ecat_port_lock *ecat_port_lock_create(void);
void ecat_port_lock_destroy(struct ecat_port_lock *lock);
void ecat_port_lock(struct ecat_port_lock *lock);
void ecat_port_unlock(struct ecat_port_lock *lock);

/* Monotonic clock in nanoseconds and wall-clock (CLOCK_REALTIME) in nanoseconds. */
uint64_t ecat_port_time_ns(void);
uint64_t ecat_port_realtime_ns(void);

/*
 * A wait queue for callers that must sleep until the master's state changes (IgH's blocking
 * requests after activation complete only while the application keeps cycling). Storage is
 * owned by the caller of create; destroy only when nobody waits.
 *
 * ecat_port_wait_event: called with `lock` held. Returns at once with 0 if cond(arg) is
 * true; otherwise releases `lock` while sleeping and takes it again before it checks
 * cond(arg) once more. Returns 0 when cond(arg) became true, -ETIMEDOUT when timeout_ns
 * (0: no timeout) passed first, -EINTR when a signal interrupted the sleep (kernel only).
 * The lock is held again on every return. cond is called with the lock held.
 *
 * ecat_port_wake_all: wakes every sleeper of `w` so it re-checks its condition; call it
 * with the lock held after changing what the conditions look at.
 */
struct ecat_port_wait;
struct ecat_port_wait *ecat_port_wait_create(void);
void ecat_port_wait_destroy(struct ecat_port_wait *w);
int ecat_port_wait_event(struct ecat_port_wait *w, struct ecat_port_lock *lock, int (*cond)(void *arg), void *arg,
                         uint64_t timeout_ns);
void ecat_port_wake_all(struct ecat_port_wait *w);

#ifdef __cplusplus
}
#endif

#endif /* ECAT_PORT_H */
