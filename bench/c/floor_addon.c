// SPDX-License-Identifier: MIT
// The floor loop (floor_core.h) as a Node-API module, so the floor runs as a thread of the very
// Node process that hosts the runtime's cyclic thread: same process, same V8 and libuv threads,
// same JS load. Built with gcc against Node's own headers by bench/lib/build.mjs; not part of
// the package.
//   loop(periodNs, durationMs, priority, cpu, lock) -> Promise<string>  (the JSON of one block;
//     the block runs on a new thread created from a libuv worker, so the JS thread stays free)
//   memcpy(sizes: string, perBatch, batches) -> string
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>

#include "floor_core.h"

struct job {
    napi_async_work work;
    napi_deferred deferred;
    int64_t period;
    int64_t duration_ms;
    int priority;
    int cpu;
    int lock;
    char *json;
    size_t len;
};

static void execute(napi_env env, void *data)
{
    (void)env;
    struct job *j = data;
    FILE *f = open_memstream(&j->json, &j->len);
    if (!f)
        return;
    floor_loop(f, j->period, j->duration_ms, j->priority, j->cpu, j->lock);
    fclose(f);
}

static void complete(napi_env env, napi_status status, void *data)
{
    struct job *j = data;
    napi_value v;
    if (status == napi_ok && j->json) {
        napi_create_string_utf8(env, j->json, j->len, &v);
        napi_resolve_deferred(env, j->deferred, v);
    } else {
        napi_value msg;
        napi_create_string_utf8(env, "the floor loop did not run", NAPI_AUTO_LENGTH, &msg);
        napi_create_error(env, NULL, msg, &v);
        napi_reject_deferred(env, j->deferred, v);
    }
    free(j->json);
    napi_delete_async_work(env, j->work);
    free(j);
}

static int64_t arg_i64(napi_env env, napi_value v, int64_t dflt)
{
    int64_t out = dflt;
    if (napi_get_value_int64(env, v, &out) != napi_ok)
        return dflt;
    return out;
}

static napi_value Loop(napi_env env, napi_callback_info info)
{
    size_t argc = 5;
    napi_value argv[5];
    napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
    if (argc < 5) {
        napi_throw_type_error(env, NULL, "loop(periodNs, durationMs, priority, cpu, lock)");
        return NULL;
    }
    struct job *j = calloc(1, sizeof *j);
    if (!j) {
        napi_throw_error(env, NULL, "out of memory");
        return NULL;
    }
    j->period = arg_i64(env, argv[0], 1000000);
    j->duration_ms = arg_i64(env, argv[1], 1000);
    j->priority = (int)arg_i64(env, argv[2], 0);
    j->cpu = (int)arg_i64(env, argv[3], -1);
    j->lock = (int)arg_i64(env, argv[4], 0);
    if (j->period <= 0 || j->duration_ms <= 0) {
        free(j);
        napi_throw_range_error(env, NULL, "periodNs and durationMs must be positive");
        return NULL;
    }
    napi_value promise, name;
    napi_create_promise(env, &j->deferred, &promise);
    napi_create_string_utf8(env, "ecat-bench-floor", NAPI_AUTO_LENGTH, &name);
    napi_create_async_work(env, NULL, name, execute, complete, j, &j->work);
    napi_queue_async_work(env, j->work);
    return promise;
}

static napi_value Memcpy(napi_env env, napi_callback_info info)
{
    size_t argc = 3;
    napi_value argv[3];
    napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
    char sizes[3000] = {0};
    size_t got = 0;
    if (argc < 3 || napi_get_value_string_utf8(env, argv[0], sizes, sizeof sizes, &got) != napi_ok) {
        napi_throw_type_error(env, NULL, "memcpy(sizes, perBatch, batches)");
        return NULL;
    }
    char *json = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&json, &len);
    if (!f) {
        napi_throw_error(env, NULL, "open_memstream failed");
        return NULL;
    }
    floor_memcpy(f, sizes, (long)arg_i64(env, argv[1], 2000), (long)arg_i64(env, argv[2], 31));
    fclose(f);
    napi_value out;
    napi_create_string_utf8(env, json, len, &out);
    free(json);
    return out;
}

NAPI_MODULE_INIT()
{
    napi_property_descriptor props[] = {
        {"loop", NULL, Loop, NULL, NULL, NULL, napi_default, NULL},
        {"memcpy", NULL, Memcpy, NULL, NULL, NULL, napi_default, NULL},
    };
    napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
    return exports;
}
