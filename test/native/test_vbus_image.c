/* SPDX-License-Identifier: MIT */
/*
 * Topology image validation: every structural error is refused with -EINVAL (or
 * -EOPNOTSUPP for an unknown version) and a message that names the slave and the field.
 */
#include "vbus_test.h"

static const uint8_t mac[6] = VT_MAC;

/* Try to create a master from `m`; returns the error, with the message in err. */
static int try_image(struct img *m, char *err, size_t size)
{
    const uint8_t *image;
    size_t n = img_end(m, &image);
    struct vbus_options o = {eca_abi_by_id("1.6"), 0, 0, 1};
    struct vbus *vb = NULL;
    err[0] = '\0';
    int r = vbus_create(image, n, &o, &vb, err, size);
    if (vb)
        vbus_destroy(vb);
    return r;
}

static void io_slave(struct img *m, unsigned pos, unsigned count)
{
    struct vt_spec sp = vt_iospec();
    vt_add_slave(m, &sp, pos, count);
}

/* Slave header, ports and SII of an I/O slave, leaving the object dictionary to the caller. */
static void slave_start(struct img *m, unsigned pos, unsigned count)
{
    struct sii s;
    uint16_t *w;
    unsigned n;
    struct vt_spec sp = vt_iospec();
    vt_io_sii(&s, &sp, &w, &n);
    img_slave_begin(m, 3, 0, 0);
    vt_ports(m, pos, count);
    img_sii(m, w, n);
    free(w);
}

#define EXPECT(r_, err_, code_, text_)                                                   \
    do {                                                                                 \
        CHECK_EQ((r_), (code_));                                                         \
        if (!strstr((err_), (text_))) {                                                  \
            fprintf(stderr, "%s:%d: message \"%s\" lacks \"%s\"\n", __FILE__, __LINE__, \
                    (err_), (text_));                                                    \
            vt_failures++;                                                               \
        }                                                                                \
    } while (0)

static void test_header_errors(void)
{
    char err[200];
    struct img m;
    struct vbus *vb;
    struct vbus_options o = {eca_abi_by_id("1.6"), 0, 0, 1};
    CHECK_EQ(vbus_create("VBI1", 4, &o, &vb, err, sizeof err), -EINVAL);
    CHECK(strstr(err, "shorter than the 16-byte header") != NULL);
    struct vbus_options none = {NULL, 0, 0, 1};
    CHECK_EQ(vbus_create("VBI1", 4, &none, &vb, err, sizeof err), -EINVAL);
    CHECK(strstr(err, "ABI") != NULL);

    img_begin(&m, mac, 1);
    m.x.b[0] = 'X';
    EXPECT(try_image(&m, err, sizeof err), err, -EINVAL, "magic");
    img_free(&m);
    img_begin(&m, mac, 1);
    m.x.b[4] = 2;
    EXPECT(try_image(&m, err, sizeof err), err, -EOPNOTSUPP, "version 2 is not supported");
    img_free(&m);
    img_begin(&m, mac, 1);
    m.x.b[6] = 1;
    EXPECT(try_image(&m, err, sizeof err), err, -EINVAL, "flags/reserved");
    img_free(&m);
    img_begin(&m, mac, 1);
    const uint8_t *image;
    size_t n = img_end(&m, &image);
    CHECK_EQ(vbus_create(image, n - 1, &o, &vb, err, sizeof err), -EINVAL);
    CHECK(strstr(err, "total_size") != NULL);
    img_free(&m);
    img_begin(&m, mac, 1);
    vbb_put16(&m.x, 12, 4097);
    EXPECT(try_image(&m, err, sizeof err), err, -EINVAL, "slave_count 4097 exceeds 4096");
    img_free(&m);
    img_begin(&m, mac, 2);
    EXPECT(try_image(&m, err, sizeof err), err, -EINVAL, "master: link_up");
    img_free(&m);
    img_begin(&m, mac, 1);
    m.x.n -= 4; /* cut the master section */
    EXPECT(try_image(&m, err, sizeof err), err, -EINVAL, "master: image ends");
    img_free(&m);
    /* a slave count larger than the records present */
    img_begin(&m, mac, 1);
    io_slave(&m, 0, 2);
    vbb_put16(&m.x, 12, 2);
    EXPECT(try_image(&m, err, sizeof err), err, -EINVAL, "slave 1: record_size: image ends");
    img_free(&m);
    /* trailing bytes */
    img_begin(&m, mac, 1);
    io_slave(&m, 0, 1);
    vbb_u8(&m.x, 0);
    EXPECT(try_image(&m, err, sizeof err), err, -EINVAL, "1 bytes after the last slave record");
    img_free(&m);
    /* a good image, and an error message cut to the buffer */
    img_begin(&m, mac, 1);
    io_slave(&m, 0, 1);
    CHECK_EQ(try_image(&m, err, sizeof err), 0);
    CHECK_EQ(err[0], 0);
    m.x.b[0] = 'X';
    char small[8];
    CHECK_EQ(try_image(&m, small, sizeof small), -EINVAL);
    CHECK_EQ(strlen(small), 7);
    img_free(&m);
}

static void test_slave_errors(void)
{
    char err[200];
    struct img m;

    /* record header fields */
    static const struct {
        uint8_t model, flags;
        const char *text;
    } heads[] = {{7, 0, "slave 1: model 7 is not 0..6"},
                 {3, 0x10, "slave 1: flags 0x10 has unknown bits"},
                 {3, 0x04, "slave 1: flags 0x04: DC 64 bit/system time without DC supported"}};
    for (unsigned i = 0; i < 3; i++) {
        img_begin(&m, mac, 1);
        io_slave(&m, 0, 2);
        img_slave_begin(&m, heads[i].model, heads[i].flags, 0);
        vt_ports(&m, 1, 2);
        img_slave_end(&m, NULL, 0);
        EXPECT(try_image(&m, err, sizeof err), err, -EINVAL, heads[i].text);
        img_free(&m);
    }
    img_begin(&m, mac, 1);
    img_slave_begin(&m, 3, 0, 0);
    m.x.b[m.x.n - 6] = 1; /* reserved */
    vt_ports(&m, 0, 1);
    img_slave_end(&m, NULL, 0);
    EXPECT(try_image(&m, err, sizeof err), err, -EINVAL, "slave 0: reserved field is 0x0001");
    img_free(&m);

    /* ports */
    static const struct {
        uint8_t desc, link;
        uint16_t next;
        const char *text;
    } ports[] = {{4, 1, 0xffff, "slave 0: port 0: desc 4 is not 0..3"},
                 {3, 2, 0xffff, "slave 0: port 0: link_up/loop_closed/signal_detected must be 0 or 1"},
                 {3, 1, 5, "slave 0: port 0: next_slave 5 is not a slave position (1 slaves)"}};
    for (unsigned i = 0; i < 3; i++) {
        img_begin(&m, mac, 1);
        img_slave_begin(&m, 3, 0, 0);
        img_port(&m, ports[i].desc, ports[i].link, 0, 1, ports[i].next, 0, 0);
        for (unsigned p = 1; p < 4; p++)
            img_port(&m, 0, 0, 1, 0, 0xffff, 0, 0);
        img_slave_end(&m, NULL, 0);
        EXPECT(try_image(&m, err, sizeof err), err, -EINVAL, ports[i].text);
        img_free(&m);
    }
    img_begin(&m, mac, 1);
    img_slave_begin(&m, 3, 0, 0);
    img_port(&m, 3, 1, 0, 1, 0xffff, 0, 0);
    m.x.b[m.x.n - 10] = 9; /* port reserved field */
    for (unsigned p = 1; p < 4; p++)
        img_port(&m, 0, 0, 1, 0, 0xffff, 0, 0);
    img_slave_end(&m, NULL, 0);
    EXPECT(try_image(&m, err, sizeof err), err, -EINVAL, "slave 0: port 0: reserved field");
    img_free(&m);

    /* SII size */
    uint16_t words[4097];
    memset(words, 0xff, sizeof words);
    static const struct {
        unsigned n;
        const char *text;
    } sizes[] = {{63, "slave 0: sii_words 63 is not 64..4096"}, {4097, "slave 0: sii_words 4097 is not 64..4096"}};
    for (unsigned i = 0; i < 2; i++) {
        img_begin(&m, mac, 1);
        img_slave_begin(&m, 3, 0, 0);
        vt_ports(&m, 0, 1);
        img_sii(&m, words, sizes[i].n);
        img_slave_end(&m, NULL, 0);
        EXPECT(try_image(&m, err, sizeof err), err, -EINVAL, sizes[i].text);
        img_free(&m);
    }
    /* record size not matching what was parsed */
    img_begin(&m, mac, 1);
    io_slave(&m, 0, 1);
    vbb_u8(&m.x, 0);
    vbb_put32(&m.x, 28, (uint32_t)(m.x.b[28] | m.x.b[29] << 8 | m.x.b[30] << 16) + 1);
    EXPECT(try_image(&m, err, sizeof err), err, -EINVAL, "does not match the");
    img_free(&m);
    img_begin(&m, mac, 1);
    io_slave(&m, 0, 1);
    vbb_put32(&m.x, 28, 100000);
    EXPECT(try_image(&m, err, sizeof err), err, -EINVAL, "slave 0: record_size 100000 runs past the end");
    img_free(&m);
    /* truncated inside the SII and inside the parameters */
    img_begin(&m, mac, 1);
    img_slave_begin(&m, 3, 0, 0);
    vt_ports(&m, 0, 1);
    vbb_u16(&m.x, 64);
    vbb_u16(&m.x, 0);
    vbb_put32(&m.x, m.record_at, (uint32_t)(m.x.n - m.record_at));
    vbb_put16(&m.x, m.count_at, 1);
    EXPECT(try_image(&m, err, sizeof err), err, -EINVAL, "slave 0: sii: record ends inside the 64 SII words");
    img_free(&m);
    img_begin(&m, mac, 1);
    slave_start(&m, 0, 1);
    vbb_u16(&m.x, 10);
    vbb_u8(&m.x, 1);
    vbb_put32(&m.x, m.record_at, (uint32_t)(m.x.n - m.record_at));
    vbb_put16(&m.x, m.count_at, 1);
    EXPECT(try_image(&m, err, sizeof err), err, -EINVAL, "slave 0: params: record ends inside the model parameters");
    img_free(&m);
}

struct od_case {
    const char *text;
    void (*build)(struct img *m);
    unsigned cut; /* bytes to drop from the end of the record */
};

static void od_unsorted(struct img *m)
{
    img_object(m, 0x2000, 7, 0, "a", 1);
    img_entry_int(m, 0, VT_RO, 5, 8, "x", 1);
    img_object(m, 0x2000, 7, 0, "b", 1);
    img_entry_int(m, 0, VT_RO, 5, 8, "x", 1);
}
static void od_code(struct img *m)
{
    img_object(m, 0x2000, 6, 0, "a", 1);
}
static void od_var_sub(struct img *m)
{
    img_object(m, 0x2000, 7, 1, "a", 1);
}
static void od_no_entries(struct img *m)
{
    img_object(m, 0x2000, 8, 1, "a", 0);
}
static void od_too_many(struct img *m)
{
    img_object(m, 0x2000, 8, 255, "a", 257);
}
static void od_entry_order(struct img *m)
{
    img_object(m, 0x2000, 8, 2, "a", 2);
    img_entry_int(m, 1, VT_RO, 5, 8, "x", 1);
    img_entry_int(m, 1, VT_RO, 5, 8, "x", 1);
}
static void od_entry_max(struct img *m)
{
    img_object(m, 0x2000, 8, 2, "a", 1);
    img_entry_int(m, 3, VT_RO, 5, 8, "x", 1);
}
static void od_bits(struct img *m)
{
    img_object(m, 0x2000, 7, 0, "a", 1);
    img_entry(m, 0, VT_RO, 5, 0, 0, "x", 0, 0, NULL, 0);
}
static void od_flags(struct img *m)
{
    img_object(m, 0x2000, 7, 0, "a", 1);
    img_entry(m, 0, VT_RO, 5, 8, 8, "x", 0, 0, NULL, 0);
}
static void od_value_size(struct img *m)
{
    img_object(m, 0x6000, 9, 1, "Inputs", 2);
    img_entry_int(m, 0, VT_RO, 5, 8, "SubIndex 000", 1);
    img_entry(m, 1, VT_RO, 5, 8, 0, "x", 0, 0, "\x01\x02\x03", 3);
}
static void od_value_4096(struct img *m)
{
    static uint8_t big[4097];
    img_object(m, 0x2000, 7, 0, "a", 1);
    img_entry(m, 0, VT_RW, 0x000a, 40000, 0, "x", 0, 0, big, sizeof big);
}
static void od_count(struct img *m)
{
    vbb_put16(&m->x, m->objcount_at, 4097);
}
static void od_truncated_value(struct img *m)
{
    img_object(m, 0x2000, 7, 0, "a", 1);
    img_entry(m, 0, VT_RO, 7, 32, 0, "x", 0, 0, "\x01\x02\x03\x04", 4);
}

static void test_od_errors(void)
{
    static const struct od_case cases[] = {
        {"slave 3: object 0x2000: index not in ascending order or duplicated", od_unsorted, 0},
        {"slave 3: object 0x2000: object_code 6 is not 7, 8 or 9", od_code, 0},
        {"slave 3: object 0x2000: a VAR object must have max_subindex 0", od_var_sub, 0},
        {"slave 3: object 0x2000: entry_count 0 is not 1..256", od_no_entries, 0},
        {"slave 3: object 0x2000: entry_count 257 is not 1..256", od_too_many, 0},
        {"slave 3: object 0x2000 entry 1: subindex not in ascending order", od_entry_order, 0},
        {"slave 3: object 0x2000 entry 3: subindex exceeds max_subindex 2", od_entry_max, 0},
        {"slave 3: object 0x2000 entry 0: bit_length is 0", od_bits, 0},
        {"slave 3: object 0x2000 entry 0: unknown flags 0x0008", od_flags, 0},
        {"slave 3: object 0x6000 entry 1: value_size 3 exceeds bit_length 8", od_value_size, 0},
        {"slave 3: object 0x2000 entry 0: value_size 4097 exceeds 4096", od_value_4096, 0},
        {"slave 3: object_count 4097 exceeds 4096", od_count, 0},
        {"slave 3: object 0x2000 entry 0: record ends inside the value (4 bytes)", od_truncated_value, 4},
    };
    char err[200];
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct img m;
        img_begin(&m, mac, 1);
        for (unsigned p = 0; p < 3; p++)
            io_slave(&m, p, 4);
        slave_start(&m, 3, 4);
        cases[i].build(&m);
        img_slave_end(&m, NULL, 0);
        if (cases[i].cut) {
            m.x.n -= cases[i].cut;
            vbb_put32(&m.x, m.record_at, (uint32_t)(m.x.n - m.record_at));
        }
        EXPECT(try_image(&m, err, sizeof err), err, -EINVAL, cases[i].text);
        img_free(&m);
    }
}

int main(void)
{
    test_header_errors();
    test_slave_errors();
    test_od_errors();
    return vt_done("test_vbus_image");
}
