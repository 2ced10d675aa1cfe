/* SPDX-License-Identifier: MIT */
/*
 * CoE SDO transfers through SLAVE_SDO_UPLOAD/DOWNLOAD: expedited, normal and segmented in
 * both directions (mailbox size decides the segmenting; frames are counted), complete
 * access, every abort code the virtual slaves give, and IgH's errno conventions
 * (-EIO with abort_code copied back, -EOVERFLOW, -EINVAL, -EPROTONOSUPPORT, -ENOBUFS,
 * -EPROTO, -EFAULT, -ENOMEM).
 */
#include "vbus_test.h"

static struct vbus_mbox_stats stats(struct vt *t, unsigned pos)
{
    struct vbus_mbox_stats s;
    CHECK_EQ(vbus_mailbox_stats(t->vb, (uint16_t)pos, &s), 0);
    return s;
}

static uint64_t up_u(struct vt *t, unsigned pos, uint16_t index, uint8_t sub, size_t expect_size)
{
    uint8_t d[8] = {0};
    size_t n = 0;
    uint32_t abort = 1;
    CHECK_EQ(vt_upload(t, pos, index, sub, d, sizeof d, &n, &abort), 0);
    CHECK_EQ(abort, 0);
    CHECK_EQ(n, expect_size);
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++)
        v |= (uint64_t)d[i] << (8 * i);
    return v;
}

static uint32_t down_abort(struct vt *t, unsigned pos, uint16_t index, uint8_t sub, const void *d, size_t n)
{
    uint32_t abort = 0;
    long r = vt_download(t, pos, index, sub, 0, d, n, &abort);
    CHECK(r == 0 || r == -EIO);
    if (r == 0)
        return 0;
    return abort;
}

static uint32_t up_abort(struct vt *t, unsigned pos, uint16_t index, uint8_t sub)
{
    uint8_t d[4096];
    size_t n;
    uint32_t abort = 0;
    CHECK_EQ(vt_upload(t, pos, index, sub, d, sizeof d, &n, &abort), -EIO);
    CHECK_EQ(n, 0); /* a failed upload reports no data */
    return abort;
}

static void test_expedited_and_normal(const char *abi)
{
    struct vt t;
    vt_make_std(&t, abi);
    struct vbus_mbox_stats s0 = stats(&t, 0);
    CHECK_EQ(up_u(&t, 0, 0x1000, 0, 4), 0x00020192);
    struct vbus_mbox_stats s1 = stats(&t, 0);
    CHECK_EQ(s1.writes - s0.writes, 1); /* expedited: one request, one answer */
    CHECK_EQ(s1.reads - s0.reads, 1);
    CHECK_EQ(s1.checks - s0.checks, 1);
    CHECK_EQ(s1.bytes_out - s0.bytes_out, 16);
    CHECK_EQ(s1.bytes_in - s0.bytes_in, 16);
    CHECK_EQ(up_u(&t, 0, 0x2000, 1, 1), 0x11);
    CHECK_EQ(up_u(&t, 0, 0x2000, 2, 2), 100);
    CHECK_EQ(up_u(&t, 0, 0x1018, 0, 1), 4);
    CHECK_EQ(up_u(&t, 0, 0x1018, 4, 4), 1);
    CHECK_EQ(up_u(&t, 0, 0x2000, 5, 8), 0x0102030405060708ull); /* 8 bytes: normal transfer */
    CHECK_EQ(up_u(&t, 0, 0x2000, 11, 1), 1);
    char name[64] = {0};
    size_t n;
    uint32_t abort;
    CHECK_EQ(vt_upload(&t, 0, 0x1008, 0, name, sizeof name, &n, &abort), 0);
    CHECK_EQ(n, 12);
    CHECK_STR(name, "VirtualDrive");

    /* expedited downloads of 1, 2, 4 bytes and a normal one of 8 */
    uint8_t v1 = 0x5a;
    CHECK_EQ(down_abort(&t, 0, 0x2000, 1, &v1, 1), 0);
    CHECK_EQ(up_u(&t, 0, 0x2000, 1, 1), 0x5a);
    uint16_t v2 = 500;
    CHECK_EQ(down_abort(&t, 0, 0x2000, 2, &v2, 2), 0);
    CHECK_EQ(up_u(&t, 0, 0x2000, 2, 2), 500);
    uint32_t v4 = 0xa1b2c3d4;
    CHECK_EQ(down_abort(&t, 0, 0x2000, 3, &v4, 4), 0);
    CHECK_EQ(up_u(&t, 0, 0x2000, 3, 4), 0xa1b2c3d4);
    uint64_t v8 = 0x1122334455667788ull;
    s0 = stats(&t, 0);
    CHECK_EQ(down_abort(&t, 0, 0x2000, 5, &v8, 8), 0);
    s1 = stats(&t, 0);
    CHECK_EQ(s1.writes - s0.writes, 1);
    CHECK_EQ(up_u(&t, 0, 0x2000, 5, 8), 0x1122334455667788ull);
    int16_t neg = -100;
    CHECK_EQ(down_abort(&t, 0, 0x2000, 4, &neg, 2), 0);
    CHECK_EQ((int16_t)up_u(&t, 0, 0x2000, 4, 2), -100);
    vt_free(&t);
}

static void fill(uint8_t *d, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        d[i] = (uint8_t)(i * 13 + seed);
}

/* Exchanges a transfer of `size` bytes takes with mailbox `mbx` (payload = mbx - 6). */
static unsigned exchanges(size_t size, unsigned mbx)
{
    size_t first = mbx - 6 - 10, seg = mbx - 6 - 3;
    if (size <= first)
        return 1;
    return 1 + (unsigned)((size - first + seg - 1) / seg);
}

static void test_segmented(const char *abi, uint16_t mbx)
{
    struct vt_spec sp = vt_drive();
    sp.mbx = mbx;
    struct vt t;
    vt_make(&t, abi, &sp, 1);

    /* the 300-byte image value comes in segments when it does not fit */
    uint8_t d[2048], expect[300];
    size_t n;
    uint32_t abort;
    for (unsigned i = 0; i < sizeof expect; i++)
        expect[i] = (uint8_t)(i * 7 + 3);
    struct vbus_mbox_stats s0 = stats(&t, 0);
    CHECK_EQ(vt_upload(&t, 0, 0x2000, 7, d, sizeof d, &n, &abort), 0);
    struct vbus_mbox_stats s1 = stats(&t, 0);
    CHECK_EQ(n, 300);
    CHECK(memcmp(d, expect, 300) == 0);
    CHECK_EQ(s1.writes - s0.writes, exchanges(300, mbx));
    CHECK_EQ(s1.reads - s0.reads, exchanges(300, mbx));

    /* downloads of several sizes, including a last segment under 7 bytes (padded) */
    static const size_t sizes[] = {5, 100, 112, 113, 231, 233, 234, 1999, 2000};
    for (unsigned k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t size = sizes[k];
        uint8_t src[2000];
        fill(src, size, k);
        s0 = stats(&t, 0);
        CHECK_EQ(down_abort(&t, 0, 0x2000, 7, src, size), 0);
        s1 = stats(&t, 0);
        CHECK_EQ(s1.writes - s0.writes, size <= 4 ? 1 : exchanges(size, mbx));
        memset(d, 0, sizeof d);
        s0 = stats(&t, 0);
        CHECK_EQ(vt_upload(&t, 0, 0x2000, 7, d, sizeof d, &n, &abort), 0);
        s1 = stats(&t, 0);
        CHECK_EQ(n, size);
        CHECK(memcmp(d, src, size) == 0);
        CHECK_EQ(s1.writes - s0.writes, size <= 4 ? 1 : exchanges(size, mbx));
    }
    vt_free(&t);
}

static void test_strings_and_lengths(const char *abi)
{
    struct vt t;
    vt_make_std(&t, abi);
    char s[256];
    size_t n;
    uint32_t abort;
    CHECK_EQ(vt_upload(&t, 0, 0x2000, 6, s, sizeof s, &n, &abort), 0);
    CHECK_EQ(n, 5);
    /* shorter than the capacity is fine, and the length sticks */
    CHECK_EQ(down_abort(&t, 0, 0x2000, 6, "abc", 3), 0);
    CHECK_EQ(vt_upload(&t, 0, 0x2000, 6, s, sizeof s, &n, &abort), 0);
    CHECK_EQ(n, 3);
    CHECK(memcmp(s, "abc", 3) == 0);
    /* empty string: a normal transfer of size 0 both ways */
    CHECK_EQ(down_abort(&t, 0, 0x2000, 6, "", 0), 0);
    n = 77;
    CHECK_EQ(vt_upload(&t, 0, 0x2000, 6, s, sizeof s, &n, &abort), 0);
    CHECK_EQ(n, 0);
    /* exactly the capacity, and one byte more */
    char big[201];
    memset(big, 'x', sizeof big);
    CHECK_EQ(down_abort(&t, 0, 0x2000, 6, big, 200), 0);
    CHECK_EQ(down_abort(&t, 0, 0x2000, 6, big, 201), 0x06070012);
    CHECK_EQ(vt_upload(&t, 0, 0x2000, 6, s, sizeof s, &n, &abort), 0);
    CHECK_EQ(n, 200);
    /* fixed-size types: too long, too short, nothing */
    CHECK_EQ(down_abort(&t, 0, 0x2000, 2, "\x01\x02\x03", 3), 0x06070012);
    CHECK_EQ(down_abort(&t, 0, 0x2000, 2, "\x01", 1), 0x06070013);
    CHECK_EQ(down_abort(&t, 0, 0x2000, 3, "", 0), 0x06070013);
    CHECK_EQ(down_abort(&t, 0, 0x2000, 5, "\x01\x02\x03\x04\x05\x06\x07\x08\x09", 9), 0x06070012);
    CHECK_EQ(up_u(&t, 0, 0x2000, 2, 2), 100); /* aborted downloads change nothing */
    vt_free(&t);
}

static void test_aborts(const char *abi)
{
    struct vt t;
    vt_make_std(&t, abi);
    CHECK_EQ(up_abort(&t, 0, 0x3000, 0), 0x06020000);
    CHECK_EQ(down_abort(&t, 0, 0x3000, 0, "\x01", 1), 0x06020000);
    CHECK_EQ(up_abort(&t, 0, 0x1018, 5), 0x06090011);
    CHECK_EQ(down_abort(&t, 0, 0x1018, 7, "\x01", 1), 0x06090011);
    CHECK_EQ(up_abort(&t, 0, 0x2000, 8), 0x06010001);
    CHECK_EQ(down_abort(&t, 0, 0x2000, 8, "\x01\x00\x00\x00", 4), 0);
    CHECK_EQ(down_abort(&t, 0, 0x2000, 9, "\x01\x00\x00\x00", 4), 0x06010002);
    CHECK_EQ(down_abort(&t, 0, 0x1000, 0, "\x01\x00\x00\x00", 4), 0x06010002);
    /* range: u16 10..1000, i16 -100..100, BOOLEAN, REAL32 -1..1 */
    uint16_t u = 9;
    CHECK_EQ(down_abort(&t, 0, 0x2000, 2, &u, 2), 0x06090032);
    u = 1001;
    CHECK_EQ(down_abort(&t, 0, 0x2000, 2, &u, 2), 0x06090031);
    u = 10;
    CHECK_EQ(down_abort(&t, 0, 0x2000, 2, &u, 2), 0);
    u = 1000;
    CHECK_EQ(down_abort(&t, 0, 0x2000, 2, &u, 2), 0);
    int16_t i = -101;
    CHECK_EQ(down_abort(&t, 0, 0x2000, 4, &i, 2), 0x06090032);
    i = 101;
    CHECK_EQ(down_abort(&t, 0, 0x2000, 4, &i, 2), 0x06090031);
    i = 99;
    CHECK_EQ(down_abort(&t, 0, 0x2000, 4, &i, 2), 0);
    CHECK_EQ(down_abort(&t, 0, 0x2000, 11, "\x02", 1), 0x06090030);
    CHECK_EQ(down_abort(&t, 0, 0x2000, 11, "\x00", 1), 0);
    uint32_t r = 0x40000000; /* 2.0 */
    CHECK_EQ(down_abort(&t, 0, 0x2000, 12, &r, 4), 0x06090031);
    r = 0xc0000000; /* -2.0 */
    CHECK_EQ(down_abort(&t, 0, 0x2000, 12, &r, 4), 0x06090032);
    r = 0xbf000000; /* -0.5 */
    CHECK_EQ(down_abort(&t, 0, 0x2000, 12, &r, 4), 0);
    r = 0x3f800000; /* 1.0 */
    CHECK_EQ(down_abort(&t, 0, 0x2000, 12, &r, 4), 0);
    /* not writable in the present state: writable in PREOP only, the slave is in SAFEOP */
    CHECK_EQ(down_abort(&t, 0, 0x2000, 10, "\x05\x00\x00\x00", 4), 0);
    CHECK_EQ(vt_state(&t, 0, 4), 0);
    CHECK_EQ(vt_al_state(&t, 0), 4);
    CHECK_EQ(down_abort(&t, 0, 0x2000, 10, "\x06\x00\x00\x00", 4), 0x08000022);
    CHECK_EQ(up_u(&t, 0, 0x2000, 10, 4), 5);
    CHECK_EQ(down_abort(&t, 0, 0x2000, 3, "\x06\x00\x00\x00", 4), 0); /* writable in every state */
    /* complete access: not for a VAR object */
    uint32_t abort = 0;
    CHECK_EQ(vt_download(&t, 0, 0x1000, 0, 1, "\x01\x02\x03\x04", 4, &abort), -EIO);
    CHECK_EQ(abort, 0x06010004);
    vt_free(&t);

    /* a slave without complete access support (SII CoE details) refuses it */
    struct vt_spec sp = vt_drive();
    sp.coe_details = 0x0f;
    vt_make(&t, abi, &sp, 1);
    static const uint8_t table[] = {2, 0, 0x11, 0x22, 0x33, 0x44};
    CHECK_EQ(vt_download(&t, 0, 0x2001, 0, 1, table, sizeof table, &abort), -EIO);
    CHECK_EQ(abort, 0x06010004);
    vt_free(&t);
}

static void test_complete_access(const char *abi)
{
    struct vt t;
    vt_make_std(&t, abi);
    uint32_t abort = 1;
    static const uint8_t two[] = {2, 0, 0x11, 0x22, 0x33, 0x44};
    CHECK_EQ(vt_download(&t, 0, 0x2001, 0, 1, two, sizeof two, &abort), 0);
    CHECK_EQ(abort, 0);
    CHECK_EQ(up_u(&t, 0, 0x2001, 0, 1), 2);
    CHECK_EQ(up_u(&t, 0, 0x2001, 1, 2), 0x2211);
    CHECK_EQ(up_u(&t, 0, 0x2001, 2, 2), 0x4433);
    CHECK_EQ(up_u(&t, 0, 0x2001, 3, 2), 0x300); /* untouched */
    /* all four, in a normal (not expedited) transfer */
    static const uint8_t four[] = {4, 0, 1, 0, 2, 0, 3, 0, 4, 0};
    CHECK_EQ(vt_download(&t, 0, 0x2001, 0, 1, four, sizeof four, &abort), 0);
    CHECK_EQ(up_u(&t, 0, 0x2001, 4, 2), 4);
    /* size does not match the count in subindex 0 */
    CHECK_EQ(vt_download(&t, 0, 0x2001, 0, 1, two, 5, &abort), -EIO);
    CHECK_EQ(abort, 0x06070010);
    /* more data than the whole object holds is refused when announced; a count above
     * max_subindex inside a block of acceptable size is a value out of range */
    static const uint8_t too_long[] = {5, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0};
    CHECK_EQ(vt_download(&t, 0, 0x2001, 0, 1, too_long, sizeof too_long, &abort), -EIO);
    CHECK_EQ(abort, 0x06070010);
    static const uint8_t too_many[] = {5, 0, 1, 0, 2, 0, 3, 0};
    CHECK_EQ(vt_download(&t, 0, 0x2001, 0, 1, too_many, sizeof too_many, &abort), -EIO);
    CHECK_EQ(abort, 0x06090031);
    CHECK_EQ(up_u(&t, 0, 0x2001, 0, 1), 4);
    /* a record with a read-only entry */
    static const uint8_t ident[] = {1, 0, 1, 2, 3, 4};
    CHECK_EQ(vt_download(&t, 0, 0x1018, 0, 1, ident, sizeof ident, &abort), -EIO);
    CHECK_EQ(abort, 0x06010002);
    /* subindex is ignored for complete access (IgH sends 0) */
    CHECK_EQ(vt_download(&t, 0, 0x2001, 9, 1, two, sizeof two, &abort), 0);
    vt_free(&t);
}

static void test_errnos(const char *abi)
{
    struct vt t;
    vt_make_std(&t, abi);
    uint8_t d[16];
    size_t n;
    uint32_t abort;
    /* no such slave: -EINVAL, the struct comes back untouched */
    CHECK_EQ(vt_upload(&t, 5, 0x1000, 0, d, sizeof d, &n, &abort), -EINVAL);
    CHECK_EQ(n, 0xdead);
    CHECK_EQ(abort, 0xbeef);
    CHECK_EQ(vt_download(&t, 5, 0x2000, 1, 0, "\x01", 1, &abort), -EINVAL);
    CHECK_EQ(abort, 0xbeef);
    /* buffer too small: -EOVERFLOW, no abort, data_size as it was */
    CHECK_EQ(vt_upload(&t, 0, 0x1008, 0, d, 4, &n, &abort), -EOVERFLOW);
    CHECK_EQ(abort, 0);
    CHECK_EQ(n, 0xdead);
    /* success copies abort_code 0 back */
    CHECK_EQ(vt_upload(&t, 0, 0x1000, 0, d, 4, &n, &abort), 0);
    CHECK_EQ(abort, 0);
    CHECK_EQ(n, 4);
    /* no CoE in the SII */
    CHECK_EQ(vt_upload(&t, 1, 0x1000, 0, d, sizeof d, &n, &abort), -EPROTONOSUPPORT);
    CHECK_EQ(abort, 0);
    CHECK_EQ(vt_download(&t, 1, 0x1000, 0, 0, "\x01", 1, &abort), -EPROTONOSUPPORT);
    /* user memory */
    CHECK_EQ(vt_upload(&t, 0, 0x1000, 0, NULL, 4, &n, &abort), -EFAULT);
    CHECK_EQ(vt_download(&t, 0, 0x2000, 1, 0, NULL, 1, &abort), -EFAULT);
    CHECK_EQ(vt_io(&t, ECA_REQ_SLAVE_SDO_UPLOAD, NULL), -EFAULT);
    /* the kernel allocates the caller's sizes first */
    CHECK_EQ(vt_upload(&t, 0, 0x1000, 0, d, (size_t)1 << 40, &n, &abort), -ENOMEM);
    CHECK_EQ(vt_download(&t, 0, 0x2000, 1, 0, d, (size_t)1 << 40, &abort), -ENOMEM);
    /* INIT: IgH refuses SDO work without asking the slave */
    struct vbus_mbox_stats s0 = stats(&t, 0);
    CHECK_EQ(vt_state(&t, 0, 1), 0);
    CHECK_EQ(vt_upload(&t, 0, 0x1000, 0, d, sizeof d, &n, &abort), -EIO);
    CHECK_EQ(abort, 0);
    CHECK_EQ(vt_download(&t, 0, 0x2000, 1, 0, "\x01", 1, &abort), -EIO);
    CHECK_EQ(stats(&t, 0).writes, s0.writes);
    CHECK_EQ(vt_state(&t, 0, 2), 0);
    CHECK_EQ(up_u(&t, 0, 0x1000, 0, 4), 0x00020192);
    /* a lost slave does not answer */
    CHECK_EQ(vbus_fault_slave_lost(t.vb, 0, 1), 0);
    CHECK_EQ(vt_upload(&t, 0, 0x1000, 0, d, sizeof d, &n, &abort), -EIO);
    CHECK_EQ(abort, 0);
    CHECK_EQ(vbus_fault_slave_lost(t.vb, 0, 0), 0);
    CHECK_EQ(up_u(&t, 0, 0x1000, 0, 4), 0x00020192);
    vt_free(&t);

    /* mailbox smaller than an SDO request */
    struct vt_spec sp = vt_drive();
    sp.mbx = 15;
    vt_make(&t, abi, &sp, 1);
    CHECK_EQ(vt_download(&t, 0, 0x2000, 1, 0, "\x01", 1, &abort), -ENOBUFS);
    CHECK_EQ(vt_upload(&t, 0, 0x1000, 0, d, sizeof d, &n, &abort), -EOVERFLOW);
    vt_free(&t);

    /* BOOT: the bootstrap firmware serves no CoE and answers with a mailbox error */
    sp = vt_drive();
    sp.boot = 1;
    vt_make(&t, abi, &sp, 1);
    CHECK_EQ(vt_state(&t, 0, 3), 0);
    CHECK_EQ(vt_al_state(&t, 0), 3);
    CHECK_EQ(vt_upload(&t, 0, 0x1000, 0, d, sizeof d, &n, &abort), -EPROTO);
    vt_free(&t);
}

/* The slave-side server checks the protocol too: wrong toggles and stray segments abort. */
#include "vbus/vb_coe.h"
#include "vbus/vb_types.h"

static void test_server_protocol(void)
{
    struct vt t;
    vt_make_std(&t, "1.6");
    struct vb_slave *s = &t.vb->slaves[0];
    uint8_t in[32], out[128];
    /* a download segment without a transfer */
    memset(in, 0, sizeof in);
    in[0] = 0x00;
    in[1] = 0x20;
    in[2] = 0x00;
    CHECK_EQ(vb_coe_server(s, in, 10, out, sizeof out), 10);
    CHECK_EQ(out[2], 0x80);
    CHECK_EQ(out[6] | out[7] << 8 | out[8] << 16 | (uint32_t)out[9] << 24, 0x05040001);
    /* start a normal download of 300 bytes with no data, then send a wrong toggle */
    memset(in, 0, sizeof in);
    in[1] = 0x20;
    in[2] = 0x21;
    in[3] = 0x00;
    in[4] = 0x20;
    in[5] = 7;
    in[6] = 0x2c;
    in[7] = 0x01;
    CHECK_EQ(vb_coe_server(s, in, 10, out, sizeof out), 10);
    CHECK_EQ(out[2], 0x60);
    in[2] = 0x10; /* toggle 1, but 0 is expected */
    CHECK_EQ(vb_coe_server(s, in, 10, out, sizeof out), 10);
    CHECK_EQ(out[2], 0x80);
    CHECK_EQ(out[6] | out[7] << 8 | out[8] << 16 | (uint32_t)out[9] << 24, 0x05030000);
    /* an upload segment request without an upload */
    in[2] = 0x60;
    CHECK_EQ(vb_coe_server(s, in, 10, out, sizeof out), 10);
    CHECK_EQ(out[2], 0x80);
    /* an unknown command specifier */
    in[2] = 0xe0;
    in[3] = 0x00;
    in[4] = 0x10;
    CHECK_EQ(vb_coe_server(s, in, 10, out, sizeof out), 10);
    CHECK_EQ(out[6] | out[7] << 8 | out[8] << 16 | (uint32_t)out[9] << 24, 0x05040001);
    /* a client abort ends silently */
    in[2] = 0x80;
    CHECK_EQ(vb_coe_server(s, in, 10, out, sizeof out), 0);
    vt_free(&t);
}

int main(void)
{
    static const char *abis[] = {"1.6", "1.5.3", "1.5.2"};
    for (unsigned i = 0; i < 3; i++) {
        test_expedited_and_normal(abis[i]);
        test_strings_and_lengths(abis[i]);
        test_aborts(abis[i]);
        test_complete_access(abis[i]);
        test_errnos(abis[i]);
    }
    test_segmented("1.6", 128);
    test_segmented("1.6", 32);
    test_segmented("1.5.2", 1024);
    test_server_protocol();
    return vt_done("test_vbus_sdo");
}
