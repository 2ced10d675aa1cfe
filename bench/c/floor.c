// SPDX-License-Identifier: MIT
// The floors the benchmarks divide by (docs/benchmarks.md):
//  - "loop": a plain clock_nanosleep(TIMER_ABSTIME) loop on CLOCK_MONOTONIC with the thread
//    set up exactly as the runtime sets up `ecat-rt` (native/runtime/rt_setup.cc): mlockall
//    before the thread exists, SCHED_FIFO through explicit creation attributes (default policy
//    when refused), optional CPU affinity, 1 ns timer slack, 256 KiB stack with 64 KiB
//    pre-faulted; the same deadline arithmetic and overrun policy as CyclicThread::Main, and
//    nothing else in the cycle. Reports every wake-up latency (for exact percentiles), the
//    runtime's log2 histogram of them, missed deadlines and the thread's own getrusage deltas.
//  - "memcpy": ns per memcpy of n bytes between two 64-byte aligned buffers (the copy the
//    runtime makes of the process image), median and minimum over batches.
// It serves commands read from stdin, one per line, and answers each with one JSON line:
//   loop <period_ns> <duration_ms> <priority> <cpu> <lock 0|1>
//   memcpy <bytes>[,<bytes>...] <copies per batch> <batches>
//   quit
// Build: gcc -O2 -std=c11 -pthread -o floor floor.c (bench/lib/build.mjs does it).
#define _GNU_SOURCE
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

#define NS_PER_SEC 1000000000LL
#define BUCKETS 64
#define STACK_SIZE (256 * 1024)
#define PREFAULT (64 * 1024)

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

// The runtime's bucket: floor(log2(ns)), 0 for ns <= 1.
static unsigned log2_bucket(int64_t ns)
{
    if (ns <= 1)
        return 0;
    return 63u - (unsigned)__builtin_clzll((unsigned long long)ns);
}

static void prefault_stack(size_t bytes)
{
    volatile unsigned char page[4096];
    for (size_t i = 0; i < sizeof page; i += 64)
        page[i] = 0;
    if (bytes > sizeof page)
        prefault_stack(bytes - sizeof page);
    (void)page[0];
}

struct loop_run {
    // in
    int64_t period;
    int64_t duration;
    int priority;
    int cpu;
    // out
    int64_t *lat; // one per cycle run, preallocated and touched
    size_t cap;
    size_t n;
    int64_t overruns;
    uint32_t hist[BUCKETS];
    int fifo;
    int affinity;
    struct rusage ru_before, ru_after;
};

static void *loop_main(void *arg)
{
    struct loop_run *r = arg;
    pthread_setname_np(pthread_self(), "floor-rt");
    if (r->cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(r->cpu, &set);
        r->affinity = pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
    }
    prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
    prefault_stack(PREFAULT);
    int policy = 0;
    struct sched_param sp;
    r->fifo = pthread_getschedparam(pthread_self(), &policy, &sp) == 0 && policy == SCHED_FIFO;

    getrusage(RUSAGE_THREAD, &r->ru_before);
    const int64_t period = r->period;
    int64_t start = now_ns();
    int64_t stop = start + r->duration;
    int64_t next = start + period;
    while (next <= stop) {
        struct timespec ts;
        ts.tv_sec = (time_t)(next / NS_PER_SEC);
        ts.tv_nsec = (long)(next % NS_PER_SEC);
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
        }
        int64_t woke = now_ns();
        int64_t latency = woke - next;
        if (latency < 0)
            latency = 0;
        if (r->n < r->cap)
            r->lat[r->n++] = latency;
        r->hist[log2_bucket(latency)]++;
        int64_t end = now_ns();
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
    return NULL;
}

static int locked;

static void cmd_loop(int64_t period, int64_t duration_ms, int priority, int cpu, int lock)
{
    struct loop_run r;
    memset(&r, 0, sizeof r);
    r.period = period;
    r.duration = duration_ms * 1000000LL;
    r.priority = priority;
    r.cpu = cpu;
    r.cap = (size_t)(r.duration / period) + 16;
    r.lat = malloc(r.cap * sizeof *r.lat);
    if (!r.lat) {
        printf("{\"cmd\":\"loop\",\"error\":\"out of memory\"}\n");
        return;
    }
    memset(r.lat, 0, r.cap * sizeof *r.lat); // touch every page before the loop
    const char *lock_error = "";
    if (lock && !locked) {
        if (mlockall(MCL_CURRENT | MCL_FUTURE) == 0)
            locked = 1;
        else
            lock_error = strerror(errno);
    }

    pthread_t t;
    pthread_attr_t attr;
    int rc = -1;
    const char *fifo_error = "";
    if (priority > 0) {
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, STACK_SIZE);
        pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
        pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
        struct sched_param sp;
        memset(&sp, 0, sizeof sp);
        sp.sched_priority = priority;
        rc = pthread_attr_setschedparam(&attr, &sp);
        if (rc == 0)
            rc = pthread_create(&t, &attr, loop_main, &r);
        pthread_attr_destroy(&attr);
        if (rc != 0)
            fifo_error = strerror(rc);
    }
    if (rc != 0) {
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, STACK_SIZE);
        rc = pthread_create(&t, &attr, loop_main, &r);
        pthread_attr_destroy(&attr);
    }
    if (rc != 0) {
        printf("{\"cmd\":\"loop\",\"error\":\"pthread_create: %s\"}\n", strerror(rc));
        free(r.lat);
        return;
    }
    pthread_join(t, NULL);

    printf("{\"cmd\":\"loop\",\"period\":%lld,\"cycles\":%zu,\"overruns\":%lld,", (long long)period, r.n,
           (long long)r.overruns);
    printf("\"granted\":{\"schedFifo\":%s,\"affinity\":%s,\"mlockall\":%s},", r.fifo ? "true" : "false",
           r.affinity ? "true" : "false", locked ? "true" : "false");
    printf("\"refused\":{\"schedFifo\":\"%s\",\"mlockall\":\"%s\"},", fifo_error, lock_error);
    printf("\"rusage\":{\"minflt\":%ld,\"majflt\":%ld,\"nvcsw\":%ld,\"nivcsw\":%ld},",
           r.ru_after.ru_minflt - r.ru_before.ru_minflt, r.ru_after.ru_majflt - r.ru_before.ru_majflt,
           r.ru_after.ru_nvcsw - r.ru_before.ru_nvcsw, r.ru_after.ru_nivcsw - r.ru_before.ru_nivcsw);
    printf("\"hist\":[");
    for (int k = 0; k < BUCKETS; k++)
        printf(k ? ",%u" : "%u", r.hist[k]);
    printf("],\"lat\":[");
    for (size_t i = 0; i < r.n; i++)
        printf(i ? ",%lld" : "%lld", (long long)r.lat[i]);
    printf("]}\n");
    fflush(stdout);
    free(r.lat);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static void cmd_memcpy(const char *sizes, long per_batch, long batches)
{
    if (per_batch < 1)
        per_batch = 1;
    if (batches < 1)
        batches = 1;
    int64_t *t = malloc((size_t)batches * sizeof *t);
    printf("{\"cmd\":\"memcpy\",\"results\":[");
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
            printf("%s{\"bytes\":%ld,\"error\":\"out of memory\"}", first ? "" : ",", n);
            first = 0;
            free(src);
            free(dst);
            continue;
        }
        for (size_t i = 0; i < sz; i++)
            src[i] = (unsigned char)i;
        memset(dst, 0, sz);
        for (long b = -2; b < batches; b++) { // two warm-up batches
            int64_t t0 = now_ns();
            for (long i = 0; i < per_batch; i++) {
                memcpy(dst, src, sz);
                // The copy must happen every time: make both buffers escape to the compiler.
                __asm__ volatile("" : : "r"(dst), "r"(src) : "memory");
            }
            int64_t dt = now_ns() - t0;
            if (b >= 0)
                t[b] = dt;
        }
        qsort(t, (size_t)batches, sizeof *t, cmp_i64);
        double med = (double)t[batches / 2] / (double)per_batch;
        double min = (double)t[0] / (double)per_batch;
        printf("%s{\"bytes\":%ld,\"medianNs\":%.3f,\"minNs\":%.3f}", first ? "" : ",", n, med, min);
        first = 0;
        free(src);
        free(dst);
    }
    printf("]}\n");
    fflush(stdout);
    free(t);
}

int main(void)
{
    char line[4096];
    setvbuf(stdout, NULL, _IOFBF, 1 << 20);
    printf("{\"cmd\":\"ready\",\"pid\":%d}\n", (int)getpid());
    fflush(stdout);
    while (fgets(line, sizeof line, stdin)) {
        long long a = 0, b = 0;
        int prio = 0, cpu = -1, lock = 0;
        char sizes[3000];
        long per = 0, batches = 0;
        if (sscanf(line, "loop %lld %lld %d %d %d", &a, &b, &prio, &cpu, &lock) == 5 && a > 0 && b > 0) {
            cmd_loop(a, b, prio, cpu, lock);
        } else if (sscanf(line, "memcpy %2999s %ld %ld", sizes, &per, &batches) == 3) {
            cmd_memcpy(sizes, per, batches);
        } else if (strncmp(line, "quit", 4) == 0) {
            break;
        } else {
            printf("{\"cmd\":\"error\",\"error\":\"unknown command\"}\n");
            fflush(stdout);
        }
    }
    return 0;
}
