/* SPDX-License-Identifier: MIT */
/*
 * The user-space port of ecat_port.h: what the kernel-portable core gets from its
 * surroundings when it is hosted inside the Node addon (or a native test program).
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
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
