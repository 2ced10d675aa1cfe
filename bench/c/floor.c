// SPDX-License-Identifier: MIT
// The floor program (floor_core.h has the loop and the memcpy floor): a long-lived child of the
// benchmark that serves commands read from stdin, one per line, and answers each with one JSON
// line, so a block of the floor costs no process start.
//   loop <period_ns> <duration_ms> <priority> <cpu> <lock 0|1|2>
//   memcpy <bytes>[,<bytes>...] <copies per batch> <batches>
//   quit
// Build: gcc -O2 -std=c11 -pthread -o floor floor.c (bench/lib/build.mjs does it).
#define _GNU_SOURCE
#include "floor_core.h"

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
            floor_loop(stdout, a, b, prio, cpu, lock);
        } else if (sscanf(line, "memcpy %2999s %ld %ld", sizes, &per, &batches) == 3) {
            floor_memcpy(stdout, sizes, per, batches);
        } else if (strncmp(line, "quit", 4) == 0) {
            break;
        } else {
            printf("{\"cmd\":\"error\",\"error\":\"unknown command\"}");
        }
        printf("\n");
        fflush(stdout);
    }
    return 0;
}
