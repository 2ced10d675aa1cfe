/* SPDX-License-Identifier: MIT */
/*
 * Size sanity: a 512-slave bus loads quickly, its memory is proportional to the topology
 * (twice the slaves, about twice the bytes), listing every slave stays fast, and the
 * 4096-slave maximum loads.
 */
#define _POSIX_C_SOURCE 200809L
#include <time.h>

#include "vbus_test.h"
#include "vbus/vb_types.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Bytes the core holds for the slaves (blocks, dictionaries, parsed SII). */
static size_t core_bytes(const struct vbus *vb)
{
    size_t n = vb->slave_count * sizeof(struct vb_slave);
    for (unsigned i = 0; i < vb->slave_count; i++) {
        const struct vb_slave *s = &vb->slaves[i];
        n += VB_REG_SIZE + 2u * s->eeprom_words + 2u * s->sii_cache_cap + 2u * s->mbx_cap + s->param_size;
        n += s->od.arena.bytes + s->info_arena.bytes;
    }
    return n;
}

static void make_bus(struct vt *t, unsigned count, double *seconds)
{
    struct vt_spec *specs = calloc(count, sizeof *specs);
    for (unsigned i = 0; i < count; i++)
        specs[i] = (i % 4 == 0) ? vt_drive() : vt_iospec();
    double t0 = now_s();
    vt_make(t, "1.6", specs, count);
    *seconds = now_s() - t0;
    free(specs);
}

int main(void)
{
    struct vt a, b;
    double ta, tb;
    make_bus(&a, 256, &ta);
    make_bus(&b, 512, &tb);
    size_t ma = core_bytes(a.vb), mb = core_bytes(b.vb);
    printf("256 slaves: %.3f s, %zu bytes; 512 slaves: %.3f s, %zu bytes (%zu per slave)\n", ta, ma, tb, mb,
           mb / 512);
    CHECK(tb < 5.0);            /* generous: sanitizers make everything slower */
    CHECK(mb < 512u * 64u * 1024u); /* far below 64 KiB per slave */
    CHECK(mb > 19 * ma / 10 && mb < 21 * ma / 10);

    /* every slave scanned and configured */
    uint8_t m[512];
    CHECK_EQ(vt_io(&b, ECA_REQ_MASTER, m), 0);
    CHECK_EQ(vt_get(&b, m, ECA_ST_MASTER, ECA_MASTER_F_SLAVE_COUNT), 512);
    double t0 = now_s();
    unsigned preop = 0;
    uint8_t s[512];
    for (unsigned i = 0; i < 512; i++) {
        CHECK_EQ(vt_slave(&b, i, s), 0);
        preop += vt_get(&b, s, ECA_ST_SLAVE, ECA_SLAVE_F_AL_STATE) == 2;
    }
    double tl = now_s() - t0;
    printf("listing 512 slaves: %.3f s\n", tl);
    CHECK_EQ(preop, 512);
    CHECK(tl < 5.0);
    /* the last slave is as reachable as the first */
    uint8_t d[8];
    size_t n;
    uint32_t abort;
    CHECK_EQ(vt_upload(&b, 508, 0x1018, 1, d, sizeof d, &n, &abort), 0);
    CHECK_EQ(d[0] | d[1] << 8, VT_VENDOR);
    size_t blob = vbus_state_size(b.vb);
    CHECK(blob < mb);
    vt_free(&a);
    vt_free(&b);

    struct vt c;
    double tc;
    struct vt_spec *specs = calloc(4096, sizeof *specs);
    for (unsigned i = 0; i < 4096; i++)
        specs[i] = vt_iospec();
    double t1 = now_s();
    vt_make(&c, "1.6", specs, 4096);
    tc = now_s() - t1;
    printf("4096 slaves: %.3f s\n", tc);
    CHECK(tc < 30.0);
    CHECK_EQ(vt_al_state(&c, 4095), 2);
    free(specs);
    vt_free(&c);
    return vt_done("test_vbus_scale");
}
