/* SPDX-License-Identifier: MIT */
/*
 * The IgH ABIs this build knows: per ABI the request numbering, access rules, argument
 * structs and struct layouts (abi_layouts.c), plus the static description of every request.
 *
 * Written from the facts in shared/abi/igh-*.json and checked against copies of them by
 * test/unit/abi-tables.test.ts. Representation:
 *
 *  - ECA_REQUESTS lists every request once with what does not depend on the numbering:
 *    direction, argument passing, access rule and argument struct. The few entries that do
 *    vary between lines refer to per-line traits (p##_W16, p##_APP_TIME_ST, ...).
 *  - Each numbering is written as the sequence of requests in nr order, built from shared
 *    segments; numbers are implicit (an enum counts them), so inserting a request in a new
 *    version is one line and renumbers everything after it, exactly as upstream does.
 *    Every line also lists the requests it lacks; a request in neither list, or in both,
 *    is a compile error, so no ABI can silently miss one.
 */
#include "abi_layouts.h"

/* Kbuild defines MODULE for module objects; in this file it is a request name in X-macros. */
#ifdef MODULE
#undef MODULE
#endif

/* Short column values for ECA_REQUESTS. */
#define ET_IO ECA_DIR_NONE
#define ET_R ECA_DIR_READ
#define ET_W ECA_DIR_WRITE
#define ET_RW ECA_DIR_RW
#define ET_NOARG ECA_ARG_NONE
#define ET_PTR ECA_ARG_POINTER
#define ET_VAL ECA_ARG_VALUE
#define ET_A0 0
#define ET_AW ECA_NEED_WRITE
#define ET_AR ECA_NEED_REQUESTED
#define ET_AWR (ECA_NEED_WRITE | ECA_NEED_REQUESTED)

/*
 * X(p, request, dir, arg, access, struct) for every request, in enum eca_req order.
 * dir/arg/access from the kernel facts (shared/notes/igh-abi.md section 5, table A);
 * struct = the type whose size the request code encodes (ECA_ST_NONE for _IO).
 */
#define ECA_REQUESTS(X, p)                                                                   \
    X(p, MODULE, ET_R, ET_PTR, ET_A0, ECA_ST_MODULE)                                         \
    X(p, MASTER, ET_R, ET_PTR, ET_A0, ECA_ST_MASTER)                                         \
    X(p, SLAVE, ET_RW, ET_PTR, ET_A0, ECA_ST_SLAVE)                                          \
    X(p, SLAVE_SYNC, ET_RW, ET_PTR, ET_A0, ECA_ST_SLAVE_SYNC)                                \
    X(p, SLAVE_SYNC_PDO, ET_RW, ET_PTR, ET_A0, ECA_ST_SLAVE_SYNC_PDO)                        \
    X(p, SLAVE_SYNC_PDO_ENTRY, ET_RW, ET_PTR, ET_A0, ECA_ST_SLAVE_SYNC_PDO_ENTRY)            \
    X(p, DOMAIN, ET_RW, ET_PTR, ET_A0, ECA_ST_DOMAIN)                                        \
    X(p, DOMAIN_FMMU, ET_RW, ET_PTR, ET_A0, ECA_ST_DOMAIN_FMMU)                              \
    X(p, DOMAIN_DATA, ET_RW, ET_PTR, ET_A0, ECA_ST_DOMAIN_DATA)                              \
    X(p, MASTER_DEBUG, ET_IO, ET_VAL, ET_AW, ECA_ST_NONE)                                    \
    X(p, MASTER_RESCAN, ET_IO, ET_NOARG, ET_AW, ECA_ST_NONE)                                 \
    X(p, SLAVE_STATE, ET_W, ET_PTR, ET_AW, ECA_ST_SLAVE_STATE)                               \
    X(p, SLAVE_SDO, ET_RW, ET_PTR, ET_A0, ECA_ST_SLAVE_SDO)                                  \
    X(p, SLAVE_SDO_ENTRY, ET_RW, ET_PTR, ET_A0, ECA_ST_SLAVE_SDO_ENTRY)                      \
    X(p, SLAVE_SDO_UPLOAD, ET_RW, ET_PTR, p##_W16, ECA_ST_SLAVE_SDO_UPLOAD)                  \
    X(p, SLAVE_SDO_DOWNLOAD, ET_RW, ET_PTR, ET_AW, ECA_ST_SLAVE_SDO_DOWNLOAD)                \
    X(p, SLAVE_SII_READ, ET_RW, ET_PTR, ET_A0, ECA_ST_SLAVE_SII)                             \
    X(p, SLAVE_SII_WRITE, ET_W, ET_PTR, ET_AW, ECA_ST_SLAVE_SII)                             \
    X(p, SLAVE_REG_READ, ET_RW, ET_PTR, p##_W16, ECA_ST_SLAVE_REG)                           \
    X(p, SLAVE_REG_WRITE, ET_W, ET_PTR, ET_AW, ECA_ST_SLAVE_REG)                             \
    X(p, SLAVE_FOE_READ, ET_RW, ET_PTR, p##_W16, ECA_ST_SLAVE_FOE)                           \
    X(p, SLAVE_FOE_WRITE, ET_W, ET_PTR, ET_AW, ECA_ST_SLAVE_FOE)                             \
    X(p, SLAVE_SOE_READ, ET_RW, ET_PTR, p##_W16, ECA_ST_SLAVE_SOE_READ)                      \
    X(p, SLAVE_SOE_WRITE, ET_RW, ET_PTR, ET_AW, ECA_ST_SLAVE_SOE_WRITE)                      \
    X(p, SLAVE_EOE_IP_PARAM, ET_W, ET_PTR, ET_AW, p##_EOE_IP_ST)                             \
    X(p, CONFIG, ET_RW, ET_PTR, ET_A0, ECA_ST_CONFIG)                                        \
    X(p, CONFIG_PDO, ET_RW, ET_PTR, ET_A0, ECA_ST_CONFIG_PDO)                                \
    X(p, CONFIG_PDO_ENTRY, ET_RW, ET_PTR, ET_A0, ECA_ST_CONFIG_PDO_ENTRY)                    \
    X(p, CONFIG_SDO, ET_RW, ET_PTR, ET_A0, ECA_ST_CONFIG_SDO)                                \
    X(p, CONFIG_IDN, ET_RW, ET_PTR, ET_A0, ECA_ST_CONFIG_IDN)                                \
    X(p, CONFIG_FLAG, ET_RW, ET_PTR, ET_A0, ECA_ST_CONFIG_FLAG)                              \
    X(p, CONFIG_EOE_IP_PARAM, ET_RW, ET_PTR, ET_A0, ECA_ST_EOE_IP)                           \
    X(p, EOE_HANDLER, ET_RW, ET_PTR, ET_A0, ECA_ST_EOE_HANDLER)                              \
    X(p, REQUEST, ET_IO, ET_NOARG, ET_AW, ECA_ST_NONE)                                       \
    X(p, CREATE_DOMAIN, ET_IO, ET_NOARG, ET_AWR, ECA_ST_NONE)                                \
    X(p, CREATE_SLAVE_CONFIG, ET_RW, ET_PTR, ET_AWR, ECA_ST_CONFIG)                          \
    X(p, SELECT_REF_CLOCK, ET_W, ET_VAL, ET_AWR, ECA_ST_U32)                                 \
    X(p, ACTIVATE, ET_R, ET_PTR, ET_AWR, ECA_ST_MASTER_ACTIVATE)                             \
    X(p, DEACTIVATE, ET_IO, ET_NOARG, ET_AWR, ECA_ST_NONE)                                   \
    X(p, SEND, ET_IO, p##_SEND_ARG, ET_AWR, ECA_ST_NONE)                                     \
    X(p, RECEIVE, ET_IO, ET_NOARG, ET_AWR, ECA_ST_NONE)                                      \
    X(p, MASTER_STATE, ET_R, ET_PTR, ET_A0, ECA_ST_MASTER_STATE_DATA)                        \
    X(p, MASTER_LINK_STATE, ET_RW, ET_PTR, ET_A0, ECA_ST_LINK_STATE)                         \
    X(p, APP_TIME, ET_W, ET_PTR, ET_AWR, p##_APP_TIME_ST)                                    \
    X(p, SYNC_REF, ET_IO, ET_NOARG, ET_AWR, ECA_ST_NONE)                                     \
    X(p, SYNC_REF_TO, ET_W, ET_PTR, ET_AWR, ECA_ST_U64)                                      \
    X(p, SYNC_SLAVES, ET_IO, ET_NOARG, ET_AWR, ECA_ST_NONE)                                  \
    X(p, REF_CLOCK_TIME, ET_R, ET_PTR, ET_AWR, ECA_ST_U32)                                   \
    X(p, SYNC_MON_QUEUE, ET_IO, ET_NOARG, ET_AWR, ECA_ST_NONE)                               \
    X(p, SYNC_MON_PROCESS, ET_R, ET_PTR, ET_AWR, ECA_ST_U32)                                 \
    X(p, RESET, ET_IO, ET_NOARG, ET_AW, ECA_ST_NONE)                                         \
    X(p, SC_SYNC, ET_W, ET_PTR, ET_AWR, ECA_ST_CONFIG)                                       \
    X(p, SC_WATCHDOG, ET_W, ET_PTR, ET_AWR, ECA_ST_CONFIG)                                   \
    X(p, SC_ADD_PDO, ET_W, ET_PTR, ET_AWR, ECA_ST_CONFIG_PDO)                                \
    X(p, SC_CLEAR_PDOS, ET_W, ET_PTR, ET_AWR, ECA_ST_CONFIG_PDO)                             \
    X(p, SC_ADD_ENTRY, ET_W, ET_PTR, ET_AWR, ECA_ST_ADD_PDO_ENTRY)                           \
    X(p, SC_CLEAR_ENTRIES, ET_W, ET_PTR, ET_AWR, ECA_ST_CONFIG_PDO)                          \
    X(p, SC_REG_PDO_ENTRY, ET_RW, ET_PTR, ET_AWR, ECA_ST_REG_PDO_ENTRY)                      \
    X(p, SC_REG_PDO_POS, ET_RW, ET_PTR, ET_AWR, ECA_ST_REG_PDO_POS)                          \
    X(p, SC_DC, ET_W, ET_PTR, ET_AWR, ECA_ST_CONFIG)                                         \
    X(p, SC_SDO, ET_W, ET_PTR, ET_AWR, ECA_ST_SC_SDO)                                        \
    X(p, SC_EMERG_SIZE, ET_W, ET_PTR, ET_AWR, ECA_ST_SC_EMERG)                               \
    X(p, SC_EMERG_POP, ET_RW, ET_PTR, ET_AWR, ECA_ST_SC_EMERG)                               \
    X(p, SC_EMERG_CLEAR, ET_W, ET_PTR, ET_AWR, ECA_ST_SC_EMERG)                              \
    X(p, SC_EMERG_OVERRUNS, ET_RW, ET_PTR, ET_AR, ECA_ST_SC_EMERG)                           \
    X(p, SC_SDO_REQUEST, ET_RW, ET_PTR, ET_AWR, ECA_ST_SDO_REQUEST)                          \
    X(p, SC_SOE_REQUEST, ET_RW, ET_PTR, ET_AWR, ECA_ST_SOE_REQUEST)                          \
    X(p, SC_REG_REQUEST, ET_RW, ET_PTR, ET_AWR, ECA_ST_REG_REQUEST)                          \
    X(p, SC_VOE, ET_RW, ET_PTR, ET_AWR, ECA_ST_VOE)                                          \
    X(p, SC_STATE, ET_RW, ET_PTR, ET_AR, ECA_ST_SC_STATE)                                    \
    X(p, SC_IDN, ET_W, ET_PTR, ET_AWR, ECA_ST_SC_IDN)                                        \
    X(p, SC_FLAG, ET_W, ET_PTR, ET_AWR, ECA_ST_SC_FLAG)                                      \
    X(p, SC_EOE_IP_PARAM, ET_W, ET_PTR, ET_AWR, ECA_ST_EOE_IP)                               \
    X(p, SC_STATE_TIMEOUT, ET_W, ET_PTR, ET_AWR, ECA_ST_SC_STATE_TIMEOUT)                    \
    X(p, DOMAIN_SIZE, ET_IO, ET_VAL, ET_AR, ECA_ST_NONE)                                     \
    X(p, DOMAIN_OFFSET, ET_IO, ET_VAL, ET_AR, ECA_ST_NONE)                                   \
    X(p, DOMAIN_PROCESS, ET_IO, ET_VAL, ET_AWR, ECA_ST_NONE)                                 \
    X(p, DOMAIN_QUEUE, ET_IO, ET_VAL, ET_AWR, ECA_ST_NONE)                                   \
    X(p, DOMAIN_STATE, ET_RW, ET_PTR, ET_AR, ECA_ST_DOMAIN_STATE)                            \
    X(p, SDO_REQUEST_INDEX, ET_RW, ET_PTR, ET_AWR, ECA_ST_SDO_REQUEST)                       \
    X(p, SDO_REQUEST_TIMEOUT, ET_RW, ET_PTR, ET_AWR, ECA_ST_SDO_REQUEST)                     \
    X(p, SDO_REQUEST_STATE, ET_RW, ET_PTR, ET_AR, ECA_ST_SDO_REQUEST)                        \
    X(p, SDO_REQUEST_READ, ET_RW, ET_PTR, ET_AWR, ECA_ST_SDO_REQUEST)                        \
    X(p, SDO_REQUEST_WRITE, ET_RW, ET_PTR, ET_AWR, ECA_ST_SDO_REQUEST)                       \
    X(p, SDO_REQUEST_DATA, ET_RW, ET_PTR, ET_AR, ECA_ST_SDO_REQUEST)                         \
    X(p, SOE_REQUEST_IDN, ET_RW, ET_PTR, ET_AWR, ECA_ST_SOE_REQUEST)                         \
    X(p, SOE_REQUEST_TIMEOUT, ET_RW, ET_PTR, ET_AWR, ECA_ST_SOE_REQUEST)                     \
    X(p, SOE_REQUEST_STATE, ET_RW, ET_PTR, ET_AR, ECA_ST_SOE_REQUEST)                        \
    X(p, SOE_REQUEST_READ, ET_RW, ET_PTR, ET_AWR, ECA_ST_SOE_REQUEST)                        \
    X(p, SOE_REQUEST_WRITE, ET_RW, ET_PTR, ET_AWR, ECA_ST_SOE_REQUEST)                       \
    X(p, SOE_REQUEST_DATA, ET_RW, ET_PTR, ET_AR, ECA_ST_SOE_REQUEST)                         \
    X(p, REG_REQUEST_DATA, ET_RW, ET_PTR, ET_AR, ECA_ST_REG_REQUEST)                         \
    X(p, REG_REQUEST_STATE, ET_RW, ET_PTR, ET_AR, ECA_ST_REG_REQUEST)                        \
    X(p, REG_REQUEST_WRITE, ET_RW, ET_PTR, ET_AWR, ECA_ST_REG_REQUEST)                       \
    X(p, REG_REQUEST_READ, ET_RW, ET_PTR, ET_AWR, ECA_ST_REG_REQUEST)                        \
    X(p, VOE_SEND_HEADER, ET_W, ET_PTR, ET_AWR, ECA_ST_VOE)                                  \
    X(p, VOE_REC_HEADER, ET_RW, ET_PTR, ET_AR, ECA_ST_VOE)                                   \
    X(p, VOE_READ, ET_W, ET_PTR, ET_AWR, ECA_ST_VOE)                                         \
    X(p, VOE_READ_NOSYNC, ET_W, ET_PTR, ET_AWR, ECA_ST_VOE)                                  \
    X(p, VOE_WRITE, ET_RW, ET_PTR, ET_AWR, ECA_ST_VOE)                                       \
    X(p, VOE_EXEC, ET_RW, ET_PTR, ET_AWR, ECA_ST_VOE)                                        \
    X(p, VOE_DATA, ET_RW, ET_PTR, ET_AR, ECA_ST_VOE)                                         \
    X(p, SET_SEND_INTERVAL, ET_W, ET_PTR, ET_AWR, ECA_ST_SIZE)                               \
    X(p, SC_OVERLAPPING_IO, ET_W, ET_PTR, ET_AWR, ECA_ST_CONFIG)                             \
    X(p, SETUP_DOMAIN_MEMORY, ET_R, ET_PTR, ET_AWR, ECA_ST_MASTER_ACTIVATE)                  \
    X(p, DEACTIVATE_SLAVES, ET_IO, ET_NOARG, ET_AWR, ECA_ST_NONE)                            \
    X(p, 64_REF_CLK_TIME_QUEUE, ET_IO, ET_NOARG, ET_AWR, ECA_ST_NONE)                        \
    /* _IOR(uint64_t): the kernel copies the time to the caller's uint64_t */                \
    X(p, 64_REF_CLK_TIME, ET_R, ET_PTR, ET_AWR, ECA_ST_U64)                                  \
    X(p, SLAVE_DICT_UPLOAD, ET_W, ET_PTR, ET_A0, ECA_ST_SLAVE_DICT_UPLOAD)

/* The list must name each request exactly once (a duplicate is a duplicate enumerator). */
#define ECA_LISTED(p, r, dir, arg, acc, st) ECA_LISTED_##r,
enum { ECA_REQUESTS(ECA_LISTED, _) ECA_LISTED__COUNT };
_Static_assert((int)ECA_LISTED__COUNT == (int)ECA_REQ_COUNT, "ECA_REQUESTS must list every enum eca_req value");

/* ---- Numbering segments, in nr order ------------------------------------------------- */

/* 0x00..0x17 in every ABI: inspection, tool-style slave access. */
#define ECA_SEG_INSPECT(X, p)                                                                \
    X(p, MODULE) X(p, MASTER) X(p, SLAVE) X(p, SLAVE_SYNC) X(p, SLAVE_SYNC_PDO)              \
    X(p, SLAVE_SYNC_PDO_ENTRY) X(p, DOMAIN) X(p, DOMAIN_FMMU) X(p, DOMAIN_DATA)              \
    X(p, MASTER_DEBUG) X(p, MASTER_RESCAN) X(p, SLAVE_STATE) X(p, SLAVE_SDO)                 \
    X(p, SLAVE_SDO_ENTRY) X(p, SLAVE_SDO_UPLOAD) X(p, SLAVE_SDO_DOWNLOAD)                    \
    X(p, SLAVE_SII_READ) X(p, SLAVE_SII_WRITE) X(p, SLAVE_REG_READ) X(p, SLAVE_REG_WRITE)    \
    X(p, SLAVE_FOE_READ) X(p, SLAVE_FOE_WRITE) X(p, SLAVE_SOE_READ) X(p, SLAVE_SOE_WRITE)
#define ECA_SEG_CONFIG(X, p) \
    X(p, CONFIG) X(p, CONFIG_PDO) X(p, CONFIG_PDO_ENTRY) X(p, CONFIG_SDO) X(p, CONFIG_IDN)
/* EOE_HANDLER up to SYNC_REF: reservation, activation, the cyclic calls. */
#define ECA_SEG_APP(X, p)                                                                    \
    X(p, EOE_HANDLER) X(p, REQUEST) X(p, CREATE_DOMAIN) X(p, CREATE_SLAVE_CONFIG)            \
    X(p, SELECT_REF_CLOCK) X(p, ACTIVATE) X(p, DEACTIVATE) X(p, SEND) X(p, RECEIVE)          \
    X(p, MASTER_STATE) X(p, MASTER_LINK_STATE) X(p, APP_TIME) X(p, SYNC_REF)
#define ECA_SEG_SYNC(X, p) \
    X(p, SYNC_SLAVES) X(p, REF_CLOCK_TIME) X(p, SYNC_MON_QUEUE) X(p, SYNC_MON_PROCESS) X(p, RESET)
/* Slave configuration up to the SDO request; SoE requests went in after it in 1.5.3. */
#define ECA_SEG_SC(X, p)                                                                     \
    X(p, SC_SYNC) X(p, SC_WATCHDOG) X(p, SC_ADD_PDO) X(p, SC_CLEAR_PDOS) X(p, SC_ADD_ENTRY)  \
    X(p, SC_CLEAR_ENTRIES) X(p, SC_REG_PDO_ENTRY) X(p, SC_REG_PDO_POS) X(p, SC_DC)           \
    X(p, SC_SDO) X(p, SC_EMERG_SIZE) X(p, SC_EMERG_POP) X(p, SC_EMERG_CLEAR)                 \
    X(p, SC_EMERG_OVERRUNS) X(p, SC_SDO_REQUEST)
#define ECA_SEG_SC2(X, p) X(p, SC_REG_REQUEST) X(p, SC_VOE) X(p, SC_STATE) X(p, SC_IDN)
#define ECA_SEG_DOMAIN(X, p)                                                                 \
    X(p, DOMAIN_SIZE) X(p, DOMAIN_OFFSET) X(p, DOMAIN_PROCESS) X(p, DOMAIN_QUEUE)            \
    X(p, DOMAIN_STATE) X(p, SDO_REQUEST_INDEX) X(p, SDO_REQUEST_TIMEOUT)                     \
    X(p, SDO_REQUEST_STATE) X(p, SDO_REQUEST_READ) X(p, SDO_REQUEST_WRITE) X(p, SDO_REQUEST_DATA)
#define ECA_SEG_SOE_REQ(X, p)                                                                \
    X(p, SOE_REQUEST_IDN) X(p, SOE_REQUEST_TIMEOUT) X(p, SOE_REQUEST_STATE)                  \
    X(p, SOE_REQUEST_READ) X(p, SOE_REQUEST_WRITE) X(p, SOE_REQUEST_DATA)
#define ECA_SEG_TAIL(X, p)                                                                   \
    X(p, REG_REQUEST_DATA) X(p, REG_REQUEST_STATE) X(p, REG_REQUEST_WRITE)                   \
    X(p, REG_REQUEST_READ) X(p, VOE_SEND_HEADER) X(p, VOE_REC_HEADER) X(p, VOE_READ)         \
    X(p, VOE_READ_NOSYNC) X(p, VOE_WRITE) X(p, VOE_EXEC) X(p, VOE_DATA) X(p, SET_SEND_INTERVAL)
/* Development-line additions after SET_SEND_INTERVAL. */
#define ECA_SEG_DEV(X, p)                                                                    \
    X(p, SC_OVERLAPPING_IO) X(p, SETUP_DOMAIN_MEMORY) X(p, DEACTIVATE_SLAVES)                \
    X(p, 64_REF_CLK_TIME_QUEUE) X(p, 64_REF_CLK_TIME)
#define ECA_SEG_EOE_IP16(X, p) X(p, CONFIG_EOE_IP_PARAM) X(p, SC_EOE_IP_PARAM)

/* Numbered in sequence; absent: -1. */
#define ECA_SEQ(p, r) p##_##r,
#define ECA_ABSENT(p, r) p##_##r = -1,

/* 1.5.2 and stable-1.5 magic 28 (identical numbering, 89 requests). */
enum { ECA_SEG_INSPECT(ECA_SEQ, ECA_NR152) ECA_SEG_CONFIG(ECA_SEQ, ECA_NR152)
       ECA_SEG_APP(ECA_SEQ, ECA_NR152) ECA_SEG_SYNC(ECA_SEQ, ECA_NR152)
       ECA_SEG_SC(ECA_SEQ, ECA_NR152) ECA_SEG_SC2(ECA_SEQ, ECA_NR152)
       ECA_SEG_DOMAIN(ECA_SEQ, ECA_NR152) ECA_SEG_TAIL(ECA_SEQ, ECA_NR152) ECA_NR152__COUNT };
enum { ECA_ABSENT(ECA_NR152, SLAVE_EOE_IP_PARAM) ECA_ABSENT(ECA_NR152, CONFIG_FLAG)
       ECA_ABSENT(ECA_NR152, SYNC_REF_TO) ECA_ABSENT(ECA_NR152, SC_SOE_REQUEST)
       ECA_ABSENT(ECA_NR152, SC_FLAG) ECA_ABSENT(ECA_NR152, SC_STATE_TIMEOUT)
       ECA_SEG_EOE_IP16(ECA_ABSENT, ECA_NR152) ECA_SEG_SOE_REQ(ECA_ABSENT, ECA_NR152)
       ECA_SEG_DEV(ECA_ABSENT, ECA_NR152) ECA_ABSENT(ECA_NR152, SLAVE_DICT_UPLOAD) };
_Static_assert(ECA_NR152__COUNT == 89, "1.5.2 has 89 requests");

/* stable-1.5 magic 30: SYNC_REF_TO inserted after SYNC_REF. */
enum { ECA_SEG_INSPECT(ECA_SEQ, ECA_NR30) ECA_SEG_CONFIG(ECA_SEQ, ECA_NR30)
       ECA_SEG_APP(ECA_SEQ, ECA_NR30) ECA_SEQ(ECA_NR30, SYNC_REF_TO) ECA_SEG_SYNC(ECA_SEQ, ECA_NR30)
       ECA_SEG_SC(ECA_SEQ, ECA_NR30) ECA_SEG_SC2(ECA_SEQ, ECA_NR30)
       ECA_SEG_DOMAIN(ECA_SEQ, ECA_NR30) ECA_SEG_TAIL(ECA_SEQ, ECA_NR30) ECA_NR30__COUNT };
enum { ECA_ABSENT(ECA_NR30, SLAVE_EOE_IP_PARAM) ECA_ABSENT(ECA_NR30, CONFIG_FLAG)
       ECA_ABSENT(ECA_NR30, SC_SOE_REQUEST) ECA_ABSENT(ECA_NR30, SC_FLAG)
       ECA_ABSENT(ECA_NR30, SC_STATE_TIMEOUT) ECA_SEG_EOE_IP16(ECA_ABSENT, ECA_NR30)
       ECA_SEG_SOE_REQ(ECA_ABSENT, ECA_NR30) ECA_SEG_DEV(ECA_ABSENT, ECA_NR30)
       ECA_ABSENT(ECA_NR30, SLAVE_DICT_UPLOAD) };
_Static_assert(ECA_NR30__COUNT == 90, "stable-1.5 magic 30 has 90 requests");

/* stable-1.5 magic 31 and 32: CONFIG_FLAG after CONFIG_IDN, SC_FLAG after SC_IDN. */
enum { ECA_SEG_INSPECT(ECA_SEQ, ECA_NR31) ECA_SEG_CONFIG(ECA_SEQ, ECA_NR31)
       ECA_SEQ(ECA_NR31, CONFIG_FLAG) ECA_SEG_APP(ECA_SEQ, ECA_NR31) ECA_SEQ(ECA_NR31, SYNC_REF_TO)
       ECA_SEG_SYNC(ECA_SEQ, ECA_NR31) ECA_SEG_SC(ECA_SEQ, ECA_NR31) ECA_SEG_SC2(ECA_SEQ, ECA_NR31)
       ECA_SEQ(ECA_NR31, SC_FLAG) ECA_SEG_DOMAIN(ECA_SEQ, ECA_NR31) ECA_SEG_TAIL(ECA_SEQ, ECA_NR31)
       ECA_NR31__COUNT };
enum { ECA_ABSENT(ECA_NR31, SLAVE_EOE_IP_PARAM) ECA_ABSENT(ECA_NR31, SC_SOE_REQUEST)
       ECA_ABSENT(ECA_NR31, SC_STATE_TIMEOUT) ECA_SEG_EOE_IP16(ECA_ABSENT, ECA_NR31)
       ECA_SEG_SOE_REQ(ECA_ABSENT, ECA_NR31) ECA_SEG_DEV(ECA_ABSENT, ECA_NR31)
       ECA_ABSENT(ECA_NR31, SLAVE_DICT_UPLOAD) };
_Static_assert(ECA_NR31__COUNT == 92, "stable-1.5 magic 31/32 has 92 requests");

/* 1.5.3 (magic 33): SoE requests, SC_SOE_REQUEST after SC_SDO_REQUEST. */
enum { ECA_SEG_INSPECT(ECA_SEQ, ECA_NR153) ECA_SEG_CONFIG(ECA_SEQ, ECA_NR153)
       ECA_SEQ(ECA_NR153, CONFIG_FLAG) ECA_SEG_APP(ECA_SEQ, ECA_NR153)
       ECA_SEQ(ECA_NR153, SYNC_REF_TO) ECA_SEG_SYNC(ECA_SEQ, ECA_NR153)
       ECA_SEG_SC(ECA_SEQ, ECA_NR153) ECA_SEQ(ECA_NR153, SC_SOE_REQUEST)
       ECA_SEG_SC2(ECA_SEQ, ECA_NR153) ECA_SEQ(ECA_NR153, SC_FLAG)
       ECA_SEG_DOMAIN(ECA_SEQ, ECA_NR153) ECA_SEG_SOE_REQ(ECA_SEQ, ECA_NR153)
       ECA_SEG_TAIL(ECA_SEQ, ECA_NR153) ECA_NR153__COUNT };
enum { ECA_ABSENT(ECA_NR153, SLAVE_EOE_IP_PARAM) ECA_ABSENT(ECA_NR153, SC_STATE_TIMEOUT)
       ECA_SEG_EOE_IP16(ECA_ABSENT, ECA_NR153) ECA_SEG_DEV(ECA_ABSENT, ECA_NR153)
       ECA_ABSENT(ECA_NR153, SLAVE_DICT_UPLOAD) };
_Static_assert(ECA_NR153__COUNT == 99, "1.5.3 has 99 requests");

/* 1.6.x (magic 37): EoE IP requests and SC_STATE_TIMEOUT; 0x00..0x66 without gaps. */
enum { ECA_SEG_INSPECT(ECA_SEQ, ECA_NR16) ECA_SEQ(ECA_NR16, SLAVE_EOE_IP_PARAM)
       ECA_SEG_CONFIG(ECA_SEQ, ECA_NR16) ECA_SEQ(ECA_NR16, CONFIG_FLAG)
       ECA_SEQ(ECA_NR16, CONFIG_EOE_IP_PARAM) ECA_SEG_APP(ECA_SEQ, ECA_NR16)
       ECA_SEQ(ECA_NR16, SYNC_REF_TO) ECA_SEG_SYNC(ECA_SEQ, ECA_NR16) ECA_SEG_SC(ECA_SEQ, ECA_NR16)
       ECA_SEQ(ECA_NR16, SC_SOE_REQUEST) ECA_SEG_SC2(ECA_SEQ, ECA_NR16) ECA_SEQ(ECA_NR16, SC_FLAG)
       ECA_SEQ(ECA_NR16, SC_EOE_IP_PARAM) ECA_SEQ(ECA_NR16, SC_STATE_TIMEOUT)
       ECA_SEG_DOMAIN(ECA_SEQ, ECA_NR16) ECA_SEG_SOE_REQ(ECA_SEQ, ECA_NR16)
       ECA_SEG_TAIL(ECA_SEQ, ECA_NR16) ECA_NR16__COUNT };
enum { ECA_SEG_DEV(ECA_ABSENT, ECA_NR16) ECA_ABSENT(ECA_NR16, SLAVE_DICT_UPLOAD) };
_Static_assert(ECA_NR16__COUNT == 103, "1.6 has 103 requests");

/* Development line 2022 (magic 37, not 1.6): no SoE requests, its own additions at the end. */
enum { ECA_SEG_INSPECT(ECA_SEQ, ECA_NRD22) ECA_SEQ(ECA_NRD22, SLAVE_EOE_IP_PARAM)
       ECA_SEG_CONFIG(ECA_SEQ, ECA_NRD22) ECA_SEQ(ECA_NRD22, CONFIG_FLAG)
       ECA_SEG_APP(ECA_SEQ, ECA_NRD22) ECA_SEQ(ECA_NRD22, SYNC_REF_TO)
       ECA_SEG_SYNC(ECA_SEQ, ECA_NRD22) ECA_SEG_SC(ECA_SEQ, ECA_NRD22)
       ECA_SEG_SC2(ECA_SEQ, ECA_NRD22) ECA_SEQ(ECA_NRD22, SC_FLAG)
       ECA_SEG_DOMAIN(ECA_SEQ, ECA_NRD22) ECA_SEG_TAIL(ECA_SEQ, ECA_NRD22)
       ECA_SEG_DEV(ECA_SEQ, ECA_NRD22) ECA_NRD22__COUNT };
enum { ECA_ABSENT(ECA_NRD22, SC_SOE_REQUEST) ECA_ABSENT(ECA_NRD22, SC_STATE_TIMEOUT)
       ECA_SEG_EOE_IP16(ECA_ABSENT, ECA_NRD22) ECA_SEG_SOE_REQ(ECA_ABSENT, ECA_NRD22)
       ECA_ABSENT(ECA_NRD22, SLAVE_DICT_UPLOAD) };
_Static_assert(ECA_NRD22__COUNT == 98, "development line 2022 has 98 requests");

/* Development line 2023 (magic 39): as 2022, plus SLAVE_DICT_UPLOAD far off at 0x7f. */
enum { ECA_SEG_INSPECT(ECA_SEQ, ECA_NRD23) ECA_SEQ(ECA_NRD23, SLAVE_EOE_IP_PARAM)
       ECA_SEG_CONFIG(ECA_SEQ, ECA_NRD23) ECA_SEQ(ECA_NRD23, CONFIG_FLAG)
       ECA_SEG_APP(ECA_SEQ, ECA_NRD23) ECA_SEQ(ECA_NRD23, SYNC_REF_TO)
       ECA_SEG_SYNC(ECA_SEQ, ECA_NRD23) ECA_SEG_SC(ECA_SEQ, ECA_NRD23)
       ECA_SEG_SC2(ECA_SEQ, ECA_NRD23) ECA_SEQ(ECA_NRD23, SC_FLAG)
       ECA_SEG_DOMAIN(ECA_SEQ, ECA_NRD23) ECA_SEG_TAIL(ECA_SEQ, ECA_NRD23)
       ECA_SEG_DEV(ECA_SEQ, ECA_NRD23) ECA_NRD23__COUNT, ECA_NRD23_SLAVE_DICT_UPLOAD = 0x7f };
enum { ECA_ABSENT(ECA_NRD23, SC_SOE_REQUEST) ECA_ABSENT(ECA_NRD23, SC_STATE_TIMEOUT)
       ECA_SEG_EOE_IP16(ECA_ABSENT, ECA_NRD23) ECA_SEG_SOE_REQ(ECA_ABSENT, ECA_NRD23) };
_Static_assert(ECA_NRD23__COUNT == 98, "development line 2023 numbers 98 requests in sequence");

/*
 * Per-line traits used by ECA_REQUESTS:
 *  _W16         1.6 made SDO upload, register/FoE/SoE read need a writable fd.
 *  _APP_TIME_ST APP_TIME's argument: a one-member struct before magic 30, then uint64_t.
 *  _EOE_IP_ST   the EoE IP struct: ec_ioctl_eoe_ip_t in 1.6, ec_ioctl_slave_eoe_ip_t in dev.
 *  _SEND_ARG    the development line's SEND writes the number of sent bytes to a size_t
 *               the caller points to, although its code is a plain _IO (no size encoded).
 */
#define ECA_TRAITS(p, w16, app_time, eoe_ip, send)                                        \
    enum { p##_W16 = (w16), p##_APP_TIME_ST = (app_time), p##_EOE_IP_ST = (eoe_ip),        \
           p##_SEND_ARG = (send) }
ECA_TRAITS(ECA_NR152, 0, ECA_ST_APP_TIME, ECA_ST_NONE, ECA_ARG_NONE);
ECA_TRAITS(ECA_NR30, 0, ECA_ST_U64, ECA_ST_NONE, ECA_ARG_NONE);
ECA_TRAITS(ECA_NR31, 0, ECA_ST_U64, ECA_ST_NONE, ECA_ARG_NONE);
ECA_TRAITS(ECA_NR153, 0, ECA_ST_U64, ECA_ST_NONE, ECA_ARG_NONE);
ECA_TRAITS(ECA_NR16, ECA_NEED_WRITE, ECA_ST_U64, ECA_ST_EOE_IP, ECA_ARG_NONE);
ECA_TRAITS(ECA_NRD22, 0, ECA_ST_U64, ECA_ST_SLAVE_EOE_IP, ECA_ARG_POINTER);
ECA_TRAITS(ECA_NRD23, 0, ECA_ST_U64, ECA_ST_SLAVE_EOE_IP, ECA_ARG_POINTER);

/* ---- Static request descriptions ------------------------------------------------------
 * arg is what the stable lines do (taken with the 1.6 traits); eca_abi.arg[] has the
 * per-ABI value, which differs only for the development line's SEND. */
#define ECA_INIT_DESC(p, r, dir, arg, acc, st) [ECA_REQ_##r] = { #r, (dir), (arg) },
const struct eca_req_desc eca_requests[ECA_REQ_COUNT] = { ECA_REQUESTS(ECA_INIT_DESC, ECA_NR16) };

/* ---- Per-ABI arrays from a numbering prefix p ----------------------------------------- */
#define ECA_PRESENT(p, r) (p##_##r >= 0)
#define ECA_INIT_NR(p, r, dir, arg, acc, st) [ECA_REQ_##r] = p##_##r,
#define ECA_INIT_ACCESS(p, r, dir, arg, acc, st) [ECA_REQ_##r] = ECA_PRESENT(p, r) ? (acc) : 0,
#define ECA_INIT_ST(p, r, dir, arg, acc, st) [ECA_REQ_##r] = ECA_PRESENT(p, r) ? (st) : ECA_ST_NONE,
#define ECA_INIT_ARG(p, r, dir, arg, acc, st) [ECA_REQ_##r] = ECA_PRESENT(p, r) ? (arg) : ECA_ARG_NONE,

/* Layouts every ABI has, each in its only variant. */
#define ECA_COMMON_LAYOUTS                                                                     \
    [ECA_ST_MODULE] = &eca_l_module, [ECA_ST_SLAVE] = &eca_l_slave,                            \
    [ECA_ST_SLAVE_SYNC] = &eca_l_slave_sync, [ECA_ST_SLAVE_SYNC_PDO] = &eca_l_slave_sync_pdo,  \
    [ECA_ST_SLAVE_SYNC_PDO_ENTRY] = &eca_l_slave_sync_pdo_entry,                               \
    [ECA_ST_DOMAIN_FMMU] = &eca_l_domain_fmmu, [ECA_ST_DOMAIN_DATA] = &eca_l_domain_data,      \
    [ECA_ST_SLAVE_STATE] = &eca_l_slave_state, [ECA_ST_SLAVE_SDO] = &eca_l_slave_sdo,          \
    [ECA_ST_SLAVE_SDO_ENTRY] = &eca_l_slave_sdo_entry,                                         \
    [ECA_ST_SLAVE_SDO_UPLOAD] = &eca_l_slave_sdo_upload,                                       \
    [ECA_ST_SLAVE_SDO_DOWNLOAD] = &eca_l_slave_sdo_download,                                   \
    [ECA_ST_SLAVE_SII] = &eca_l_slave_sii, [ECA_ST_SLAVE_SOE_READ] = &eca_l_slave_soe_read,    \
    [ECA_ST_SLAVE_SOE_WRITE] = &eca_l_slave_soe_write, [ECA_ST_CONFIG_PDO] = &eca_l_config_pdo, \
    [ECA_ST_CONFIG_PDO_ENTRY] = &eca_l_config_pdo_entry, [ECA_ST_CONFIG_SDO] = &eca_l_config_sdo, \
    [ECA_ST_CONFIG_IDN] = &eca_l_config_idn, [ECA_ST_EOE_HANDLER] = &eca_l_eoe_handler,        \
    [ECA_ST_MASTER_ACTIVATE] = &eca_l_master_activate,                                         \
    [ECA_ST_ADD_PDO_ENTRY] = &eca_l_add_pdo_entry, [ECA_ST_REG_PDO_ENTRY] = &eca_l_reg_pdo_entry, \
    [ECA_ST_REG_PDO_POS] = &eca_l_reg_pdo_pos, [ECA_ST_SC_SDO] = &eca_l_sc_sdo,                \
    [ECA_ST_SC_EMERG] = &eca_l_sc_emerg, [ECA_ST_SC_STATE] = &eca_l_sc_state,                  \
    [ECA_ST_SC_IDN] = &eca_l_sc_idn, [ECA_ST_DOMAIN_STATE] = &eca_l_domain_state,              \
    [ECA_ST_SDO_REQUEST] = &eca_l_sdo_request, [ECA_ST_REG_REQUEST] = &eca_l_reg_request,      \
    [ECA_ST_VOE] = &eca_l_voe, [ECA_ST_LINK_STATE] = &eca_l_link_state,                        \
    [ECA_ST_MASTER_STATE_DATA] = &eca_l_master_state_data,                                     \
    [ECA_ST_MASTER_LINK_STATE_DATA] = &eca_l_master_link_state_data,                           \
    [ECA_ST_SLAVE_CONFIG_STATE_DATA] = &eca_l_slave_config_state_data,                         \
    [ECA_ST_PORT_LINK] = &eca_l_port_link, [ECA_ST_DOMAIN_STATE_DATA] = &eca_l_domain_state_data, \
    [ECA_ST_COE_DETAILS] = &eca_l_coe_details, [ECA_ST_GENERAL_FLAGS] = &eca_l_general_flags,  \
    [ECA_ST_SYNC_SIGNAL] = &eca_l_sync_signal

/* The layouts that differ per line; m/d are the master and domain layouts of the build
 * variant (EC_MAX_NUM_DEVICES 1 or 2). */
#define ECA_LINE_152(m, d)                                                                     \
    [ECA_ST_MASTER] = &m, [ECA_ST_DOMAIN] = &d, [ECA_ST_CONFIG] = &eca_l_config_152,           \
    [ECA_ST_SLAVE_REG] = &eca_l_slave_reg_152, [ECA_ST_SLAVE_FOE] = &eca_l_slave_foe,          \
    [ECA_ST_APP_TIME] = &eca_l_app_time
#define ECA_LINE_M28(m, d)                                                                     \
    [ECA_ST_MASTER] = &m, [ECA_ST_DOMAIN] = &d, [ECA_ST_CONFIG] = &eca_l_config_152,           \
    [ECA_ST_SLAVE_REG] = &eca_l_slave_reg, [ECA_ST_SLAVE_FOE] = &eca_l_slave_foe,              \
    [ECA_ST_APP_TIME] = &eca_l_app_time
#define ECA_LINE_M30(m, d)                                                                     \
    [ECA_ST_MASTER] = &m, [ECA_ST_DOMAIN] = &d, [ECA_ST_CONFIG] = &eca_l_config_152,           \
    [ECA_ST_SLAVE_REG] = &eca_l_slave_reg, [ECA_ST_SLAVE_FOE] = &eca_l_slave_foe
#define ECA_LINE_M31(m, d)                                                                     \
    [ECA_ST_MASTER] = &m, [ECA_ST_DOMAIN] = &d, [ECA_ST_CONFIG] = &eca_l_config_15,            \
    [ECA_ST_SLAVE_REG] = &eca_l_slave_reg, [ECA_ST_SLAVE_FOE] = &eca_l_slave_foe,              \
    [ECA_ST_CONFIG_FLAG] = &eca_l_config_flag, [ECA_ST_SC_FLAG] = &eca_l_sc_flag
#define ECA_LINE_153(m, d) ECA_LINE_M31(m, d), [ECA_ST_SOE_REQUEST] = &eca_l_soe_request
#define ECA_LINE_16(m, d)                                                                      \
    ECA_LINE_153(m, d), [ECA_ST_EOE_IP] = &eca_l_eoe_ip,                                       \
    [ECA_ST_SC_STATE_TIMEOUT] = &eca_l_sc_state_timeout
#define ECA_LINE_D22(m, d)                                                                     \
    [ECA_ST_MASTER] = &m, [ECA_ST_DOMAIN] = &d, [ECA_ST_CONFIG] = &eca_l_config_dev,           \
    [ECA_ST_SLAVE_REG] = &eca_l_slave_reg, [ECA_ST_SLAVE_FOE] = &eca_l_slave_foe_dev,          \
    [ECA_ST_CONFIG_FLAG] = &eca_l_config_flag, [ECA_ST_SC_FLAG] = &eca_l_sc_flag,              \
    [ECA_ST_SLAVE_EOE_IP] = &eca_l_slave_eoe_ip
#define ECA_LINE_D23(m, d) ECA_LINE_D22(m, d), [ECA_ST_SLAVE_DICT_UPLOAD] = &eca_l_slave_dict_upload

#define ECA_ABI_DEFINE(var, id_, desc_, magic_, ndev, p, ...)                                 \
    static const struct eca_abi var = {                                                      \
        .id = (id_),                                                                         \
        .description = (desc_),                                                              \
        .magic = (magic_),                                                                   \
        .devices = (ndev),                                                                   \
        .nr = { ECA_REQUESTS(ECA_INIT_NR, p) },                                              \
        .access = { ECA_REQUESTS(ECA_INIT_ACCESS, p) },                                      \
        .st = { ECA_REQUESTS(ECA_INIT_ST, p) },                                              \
        .layouts = { ECA_COMMON_LAYOUTS, __VA_ARGS__ },                                      \
        .arg = { ECA_REQUESTS(ECA_INIT_ARG, p) },                                            \
    }

/* One line in its default build and in the --with-devices=2 (redundancy) build. */
#define ECA_ABI_PAIR(var, id_, desc_, magic_, p, line, master)                                \
    ECA_ABI_DEFINE(var, id_, desc_, magic_, 1, p, line(master, eca_l_domain));                \
    ECA_ABI_DEFINE(var##_d2, id_ "+dev2", desc_ ", built with --with-devices=2", magic_, 2, p, \
                   line(master##_d2, eca_l_domain_d2))

ECA_ABI_PAIR(eca_abi_152, "1.5.2", "IgH EtherCAT master 1.5.2 release (2013-02), ioctl magic 27", 27,
             ECA_NR152, ECA_LINE_152, eca_l_master_152);
ECA_ABI_PAIR(eca_abi_m28, "stable-1.5-m28", "IgH stable-1.5 branch 2013-05..2018-11, ioctl magic 28", 28,
             ECA_NR152, ECA_LINE_M28, eca_l_master_152);
ECA_ABI_PAIR(eca_abi_m30, "stable-1.5-m30", "IgH stable-1.5 branch 2018-11..2021-08, ioctl magic 30", 30,
             ECA_NR30, ECA_LINE_M30, eca_l_master_15);
ECA_ABI_PAIR(eca_abi_m31, "stable-1.5-m31", "IgH stable-1.5 branch 2021-08..2023-07, ioctl magic 31", 31,
             ECA_NR31, ECA_LINE_M31, eca_l_master_15);
ECA_ABI_PAIR(eca_abi_m32, "stable-1.5-m32", "IgH stable-1.5 branch 2023-07..2024-01, ioctl magic 32", 32,
             ECA_NR31, ECA_LINE_M31, eca_l_master_15);
ECA_ABI_PAIR(eca_abi_153, "1.5.3",
             "IgH EtherCAT master 1.5.3 release (2024-06) and stable-1.5 since 2024-01, ioctl magic 33", 33,
             ECA_NR153, ECA_LINE_153, eca_l_master_15);
ECA_ABI_PAIR(eca_abi_16, "1.6", "IgH EtherCAT master 1.6.0-1.6.2 and stable-1.6 (2024), ioctl magic 37", 37,
             ECA_NR16, ECA_LINE_16, eca_l_master_16);
ECA_ABI_PAIR(eca_abi_d22, "dev-2022",
             "IgH development branch 2022-06..2023-07 (never released; same magic 37 as 1.6, other numbering)",
             37, ECA_NRD22, ECA_LINE_D22, eca_l_master_15);
ECA_ABI_PAIR(eca_abi_d23, "dev-2023", "IgH development branch 2023-08..2024-01 (never released), ioctl magic 39",
             39, ECA_NRD23, ECA_LINE_D23, eca_l_master_15);

/* Detection preference: by magic; within a magic the released line first, and the default
 * build before its redundancy variant. */
const struct eca_abi *const eca_abis[] = {
    &eca_abi_152, &eca_abi_152_d2,
    &eca_abi_m28, &eca_abi_m28_d2,
    &eca_abi_m30, &eca_abi_m30_d2,
    &eca_abi_m31, &eca_abi_m31_d2,
    &eca_abi_m32, &eca_abi_m32_d2,
    &eca_abi_153, &eca_abi_153_d2,
    &eca_abi_16, &eca_abi_16_d2,
    &eca_abi_d22, &eca_abi_d22_d2,
    &eca_abi_d23, &eca_abi_d23_d2,
    NULL,
};
