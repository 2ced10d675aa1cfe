/* SPDX-License-Identifier: MIT */
/*
 * The user-space port of ecat_port.h: what the kernel-portable core gets from its
 * surroundings when it is hosted inside the Node addon (or a native test program).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ecat_port.h"

void *ecat_port_zalloc(size_t size)
{
    return calloc(1, size ? size : 1);
}

void ecat_port_free(void *p)
{
    free(p);
}

/* In-process "user" memory is ordinary memory: the copy cannot fault in a way we could catch. */
int ecat_port_copy_from_user(void *dst, const void *user_src, size_t n)
{
    if (n && !user_src)
        return -EFAULT;
    if (n)
        memcpy(dst, user_src, n);
    return 0;
}

int ecat_port_copy_to_user(void *user_dst, const void *src, size_t n)
{
    if (n && !user_dst)
        return -EFAULT;
    if (n)
        memcpy(user_dst, src, n);
    return 0;
}

struct ecat_port_lock {
    pthread_mutex_t mutex;
};

struct ecat_port_lock *ecat_port_lock_create(void)
{
    struct ecat_port_lock *lock = calloc(1, sizeof *lock);
    if (lock && pthread_mutex_init(&lock->mutex, NULL) != 0) {
        free(lock);
        return NULL;
    }
    return lock;
}

void ecat_port_lock_destroy(struct ecat_port_lock *lock)
{
    if (!lock)
        return;
    pthread_mutex_destroy(&lock->mutex);
    free(lock);
}

void ecat_port_lock(struct ecat_port_lock *lock)
{
    pthread_mutex_lock(&lock->mutex);
}

void ecat_port_unlock(struct ecat_port_lock *lock)
{
    pthread_mutex_unlock(&lock->mutex);
}

static uint64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t ecat_port_time_ns(void)
{
    return clock_ns(CLOCK_MONOTONIC);
}

uint64_t ecat_port_realtime_ns(void)
{
    return clock_ns(CLOCK_REALTIME);
}

/* ---- wait queue: a condition variable on the lock's mutex, timed on CLOCK_MONOTONIC ---- */

struct ecat_port_wait {
    pthread_cond_t cond;
};

struct ecat_port_wait *ecat_port_wait_create(void)
{
    struct ecat_port_wait *w = calloc(1, sizeof *w);
    pthread_condattr_t attr;
    if (!w)
        return NULL;
    if (pthread_condattr_init(&attr) != 0) {
        free(w);
        return NULL;
    }
    int r = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    if (r == 0)
        r = pthread_cond_init(&w->cond, &attr);
    pthread_condattr_destroy(&attr);
    if (r != 0) {
        free(w);
        return NULL;
    }
    return w;
}

void ecat_port_wait_destroy(struct ecat_port_wait *w)
{
    if (!w)
        return;
    pthread_cond_destroy(&w->cond);
    free(w);
}

int ecat_port_wait_event(struct ecat_port_wait *w, struct ecat_port_lock *lock, int (*cond)(void *arg), void *arg,
                         uint64_t timeout_ns)
{
    struct timespec deadline;
    uint64_t now = clock_ns(CLOCK_MONOTONIC);
    if (timeout_ns >= UINT64_MAX - now)
        timeout_ns = 0; /* so long it cannot end: no timeout */
    if (timeout_ns) {
        uint64_t t = now + timeout_ns;
        deadline.tv_sec = (time_t)(t / 1000000000u);
        deadline.tv_nsec = (long)(t % 1000000000u);
    }
    while (!cond(arg)) {
        if (!timeout_ns) {
            pthread_cond_wait(&w->cond, &lock->mutex);
        } else if (pthread_cond_timedwait(&w->cond, &lock->mutex, &deadline) == ETIMEDOUT) {
            return cond(arg) ? 0 : -ETIMEDOUT;
        }
    }
    return 0;
}

void ecat_port_wake_all(struct ecat_port_wait *w)
{
    pthread_cond_broadcast(&w->cond);
}
