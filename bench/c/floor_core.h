// SPDX-License-Identifier: MIT
// The floors the benchmarks divide by (docs/benchmarks.md), shared by the standalone program
// (floor.c) and the in-process module (floor_addon.c, loaded into the Node process that hosts
// the runtime so both arms share one process):
//  - floor_loop: a plain clock_nanosleep(TIMER_ABSTIME) loop on CLOCK_MONOTONIC with the thread
//    set up as the runtime sets up `ecat-rt` (native/runtime/rt_setup.cc): SCHED_FIFO through
//    explicit creation attributes (default policy when refused), optional CPU affinity, 1 ns
//    timer slack, 256 KiB stack with 64 KiB pre-faulted; the deadline arithmetic and overrun
//    policy of CyclicThread::Main, and nothing else in the cycle. Memory locking: `lock` 1 =
//    mlockall of the whole process (the standalone program), 2 = mlock of the loop's own working
//    set only (its stack and sample buffer; what the runtime does in a Node process, where
//    mlockall would make V8 abort). Reports every wake-up latency (for exact percentiles), the
//    runtime's log2 histogram of them, missed deadlines and getrusage(RUSAGE_THREAD) deltas.
//  - floor_memcpy: ns per memcpy of n bytes between two 64-byte aligned buffers.
// Both write one JSON object to a FILE.
#ifndef ECAT_BENCH_FLOOR_CORE_H
#define ECAT_BENCH_FLOOR_CORE_H

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define FLOOR_NS_PER_SEC 1000000000LL
#define FLOOR_BUCKETS 64
#define FLOOR_STACK_SIZE (256 * 1024)
#define FLOOR_PREFAULT (64 * 1024)

static int64_t floor_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * FLOOR_NS_PER_SEC + ts.tv_nsec;
}

// The runtime's bucket: floor(log2(ns)), 0 for ns <= 1.
static unsigned floor_log2_bucket(int64_t ns)
{
    if (ns <= 1)
        return 0;
    return 63u - (unsigned)__builtin_clzll((unsigned long long)ns);
}

static void floor_prefault_stack(size_t bytes)
{
    volatile unsigned char page[4096];
    for (size_t i = 0; i < sizeof page; i += 64)
        page[i] = 0;
    if (bytes > sizeof page)
        floor_prefault_stack(bytes - sizeof page);
    (void)page[0];
}

struct floor_run {
    // in
    int64_t period;
    int64_t duration;
    int cpu;
    int lock; // 0 none, 1 mlockall (process), 2 working set (stack + samples)
    // out
    int64_t *lat; // one per cycle run, preallocated and touched
    size_t cap;
    size_t n;
    int64_t overruns;
    uint32_t hist[FLOOR_BUCKETS];
    int fifo;
    int affinity;
    int locked_ws;
    struct rusage ru_before, ru_after;
};

static void *floor_loop_main(void *arg)
{
    struct floor_run *r = arg;
    pthread_setname_np(pthread_self(), "floor-rt");
    if (r->cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(r->cpu, &set);
        r->affinity = pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
    }
    prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
    floor_prefault_stack(FLOOR_PREFAULT);
    if (r->lock == 2) {
        // The loop's working set: its stack (as the runtime locks ecat-rt's) and its samples.
        pthread_attr_t a;
        void *stack = NULL;
        size_t size = 0;
        int ok = 1;
        if (pthread_getattr_np(pthread_self(), &a) == 0) {
            if (pthread_attr_getstack(&a, &stack, &size) != 0 || mlock(stack, size) != 0)
                ok = 0;
            pthread_attr_destroy(&a);
        } else {
            ok = 0;
        }
        if (mlock(r->lat, r->cap * sizeof *r->lat) != 0 || mlock(r, sizeof *r) != 0)
            ok = 0;
        r->locked_ws = ok;
    }
    int policy = 0;
    struct sched_param sp;
    r->fifo = pthread_getschedparam(pthread_self(), &policy, &sp) == 0 && policy == SCHED_FIFO;

    getrusage(RUSAGE_THREAD, &r->ru_before);
    const int64_t period = r->period;
    int64_t start = floor_now_ns();
    int64_t stop = start + r->duration;
    int64_t next = start + period;
    while (next <= stop) {
        struct timespec ts;
        ts.tv_sec = (time_t)(next / FLOOR_NS_PER_SEC);
        ts.tv_nsec = (long)(next % FLOOR_NS_PER_SEC);
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
        }
        int64_t woke = floor_now_ns();
        int64_t latency = woke - next;
        if (latency < 0)
            latency = 0;
        if (r->n < r->cap)
            r->lat[r->n++] = latency;
        r->hist[floor_log2_bucket(latency)]++;
        int64_t end = floor_now_ns();
        next += period;
        if (end >= next) {
            // The runtime's overrun policy: count the deadlines that passed, go on at the next
            // deadline still in the future.
            int64_t missed = (end - next) / period + 1;
            r->overruns += missed;
            next += missed * period;
        }
    }
    getrusage(RUSAGE_THREAD, &r->ru_after);
    if (r->lock == 2) {
        munlock(r->lat, r->cap * sizeof *r->lat);
        munlock(r, sizeof *r);
    }
    return NULL;
}

static int floor_process_locked;

// One block of the loop; its result as one JSON object on `out`. Returns 0, or -1 after writing
// {"error": ...}.
static int floor_loop(FILE *out, int64_t period, int64_t duration_ms, int priority, int cpu, int lock)
{
    struct floor_run *r = calloc(1, sizeof *r);
    if (!r) {
        fprintf(out, "{\"cmd\":\"loop\",\"error\":\"out of memory\"}");
        return -1;
    }
    r->period = period;
    r->duration = duration_ms * 1000000LL;
    r->cpu = cpu;
    r->lock = lock;
    r->cap = (size_t)(r->duration / period) + 16;
    r->lat = malloc(r->cap * sizeof *r->lat);
    if (!r->lat) {
        free(r);
        fprintf(out, "{\"cmd\":\"loop\",\"error\":\"out of memory\"}");
        return -1;
    }
    memset(r->lat, 0, r->cap * sizeof *r->lat); // touch every page before the loop
    const char *lock_error = "";
    if (lock == 1 && !floor_process_locked) {
        if (mlockall(MCL_CURRENT | MCL_FUTURE) == 0)
            floor_process_locked = 1;
        else
            lock_error = strerror(errno);
    }

    pthread_t t;
    pthread_attr_t attr;
    int rc = -1;
    const char *fifo_error = "";
    if (priority > 0) {
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, FLOOR_STACK_SIZE);
        pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
        pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
        struct sched_param sp;
        memset(&sp, 0, sizeof sp);
        sp.sched_priority = priority;
        rc = pthread_attr_setschedparam(&attr, &sp);
        if (rc == 0)
            rc = pthread_create(&t, &attr, floor_loop_main, r);
        pthread_attr_destroy(&attr);
        if (rc != 0)
            fifo_error = strerror(rc);
    }
    if (rc != 0) {
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, FLOOR_STACK_SIZE);
        rc = pthread_create(&t, &attr, floor_loop_main, r);
        pthread_attr_destroy(&attr);
    }
    if (rc != 0) {
        fprintf(out, "{\"cmd\":\"loop\",\"error\":\"pthread_create: %s\"}", strerror(rc));
        free(r->lat);
        free(r);
        return -1;
    }
    pthread_join(t, NULL);

    int locked = lock == 1 ? floor_process_locked : lock == 2 ? r->locked_ws : 0;
    fprintf(out, "{\"cmd\":\"loop\",\"period\":%lld,\"cycles\":%zu,\"overruns\":%lld,", (long long)period, r->n,
            (long long)r->overruns);
    fprintf(out, "\"granted\":{\"schedFifo\":%s,\"affinity\":%s,\"mlockall\":%s},", r->fifo ? "true" : "false",
            r->affinity ? "true" : "false", locked ? "true" : "false");
    fprintf(out, "\"lockMode\":\"%s\",", lock == 1 ? "process" : lock == 2 ? "working set" : "none");
    fprintf(out, "\"refused\":{\"schedFifo\":\"%s\",\"mlockall\":\"%s\"},", fifo_error, lock_error);
    fprintf(out, "\"rusage\":{\"minflt\":%ld,\"majflt\":%ld,\"nvcsw\":%ld,\"nivcsw\":%ld},",
            r->ru_after.ru_minflt - r->ru_before.ru_minflt, r->ru_after.ru_majflt - r->ru_before.ru_majflt,
            r->ru_after.ru_nvcsw - r->ru_before.ru_nvcsw, r->ru_after.ru_nivcsw - r->ru_before.ru_nivcsw);
    fprintf(out, "\"hist\":[");
    for (int k = 0; k < FLOOR_BUCKETS; k++)
        fprintf(out, k ? ",%u" : "%u", r->hist[k]);
    fprintf(out, "],\"lat\":[");
    for (size_t i = 0; i < r->n; i++)
        fprintf(out, i ? ",%lld" : "%lld", (long long)r->lat[i]);
    fprintf(out, "]}");
    free(r->lat);
    free(r);
    return 0;
}

static int floor_cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

// ns per memcpy for each size in the comma-separated list, as one JSON object on `out`.
static void floor_memcpy(FILE *out, const char *sizes, long per_batch, long batches)
{
    if (per_batch < 1)
        per_batch = 1;
    if (batches < 1)
        batches = 1;
    int64_t *t = malloc((size_t)batches * sizeof *t);
    fprintf(out, "{\"cmd\":\"memcpy\",\"results\":[");
    int first = 1;
    const char *p = sizes;
    while (*p) {
        char *end;
        long n = strtol(p, &end, 10);
        if (end == p)
            break;
        p = *end == ',' ? end + 1 : end;
        size_t sz = n > 0 ? (size_t)n : 1;
        unsigned char *src = aligned_alloc(64, (sz + 63) & ~(size_t)63);
        unsigned char *dst = aligned_alloc(64, (sz + 63) & ~(size_t)63);
        if (!src || !dst || !t) {
            fprintf(out, "%s{\"bytes\":%ld,\"error\":\"out of memory\"}", first ? "" : ",", n);
            first = 0;
            free(src);
            free(dst);
            continue;
        }
        for (size_t i = 0; i < sz; i++)
            src[i] = (unsigned char)i;
        memset(dst, 0, sz);
        for (long b = -2; b < batches; b++) { // two warm-up batches
            int64_t t0 = floor_now_ns();
            for (long i = 0; i < per_batch; i++) {
                memcpy(dst, src, sz);
                // The copy must happen every time: make both buffers escape to the compiler.
                __asm__ volatile("" : : "r"(dst), "r"(src) : "memory");
            }
            int64_t dt = floor_now_ns() - t0;
            if (b >= 0)
                t[b] = dt;
        }
        qsort(t, (size_t)batches, sizeof *t, floor_cmp_i64);
        double med = (double)t[batches / 2] / (double)per_batch;
        double min = (double)t[0] / (double)per_batch;
        fprintf(out, "%s{\"bytes\":%ld,\"medianNs\":%.3f,\"minNs\":%.3f}", first ? "" : ",", n, med, min);
        first = 0;
        free(src);
        free(dst);
    }
    fprintf(out, "]}");
    free(t);
}

#endif
