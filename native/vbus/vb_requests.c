/* SPDX-License-Identifier: MIT */
/*
 * Mailbox and register work for single slaves (see vb_app.h): the configuration requests
 * an application creates (SDO requests, register requests), and the tool's requests
 * (SDO upload/download, register read/write, SII write).
 *
 * Each slave has a queue of jobs; its head is in progress. After ACTIVATE every SEND
 * advances the head job of every slave with work by one datagram (a CoE transfer: write
 * the request, check the send mailbox, fetch the answer), as IgH's slave state machines
 * run in the operation thread and put one datagram each into the application's frame. A
 * slave being configured, lost, or in INIT/error (SDO) does not serve jobs; SDO work on
 * an INIT or error-flagged slave fails as in IgH.
 *
 * In the idle phase (and when a master is deactivated, for what is still queued) the
 * jobs run to their end at once: IgH's idle thread does the same work without waiting
 * for an application.
 */
#include "vb_app.h"
#include "vb_dgram.h"
#include "vb_master.h"

/* ---- the per-slave job queues ---- */

void vb_job_enqueue(struct vbus *vb, struct vb_slave *s, struct vb_job *j)
{
    j->next = NULL;
    j->queued = 1;
    j->started = 0;
    if (s->job_tail)
        s->job_tail->next = j;
    else
        s->job_head = j;
    s->job_tail = j;
    if (!s->in_busy) {
        s->in_busy = 1;
        s->next_busy = vb->busy_head;
        vb->busy_head = s;
    }
}

void vb_job_remove(struct vbus *vb, struct vb_slave *s, struct vb_job *j)
{
    (void)vb;
    if (!j->queued)
        return;
    struct vb_job **link = &s->job_head, *prev = NULL;
    while (*link && *link != j) {
        prev = *link;
        link = &(*link)->next;
    }
    if (*link) {
        *link = j->next;
        if (s->job_tail == j)
            s->job_tail = prev;
    }
    j->queued = 0;
    j->next = NULL;
}

static int sdo_allowed(const struct vb_slave *s)
{
    return !(s->current_state & VB_AL_ERR) && (s->current_state & VB_AL_STATE_MASK) != VB_AL_INIT;
}

/* ---- one step of a job; returns 1 while it runs ---- */

static int step_sdo_req(struct vbus *vb, struct vb_slave *s, struct vb_sdo_req *q)
{
    if (!q->job.started) {
        q->job.started = 1;
        q->state = VB_RQ_BUSY;
        if (!sdo_allowed(s)) {
            q->state = VB_RQ_FAILURE;
            return 0;
        }
        if (q->dir == VB_DIR_INPUT)
            vb_xfer_upload(&q->x, q->index, q->subindex, q->data, q->mem_size, 1);
        else
            vb_xfer_download(&q->x, q->index, q->subindex, 0, q->data, q->data_size);
    }
    if (q->timeout_ms && vb->bus_time - q->issued > (uint64_t)q->timeout_ms * 1000000u) {
        q->x.busy = 0;
        vb_xfer_release(&q->x);
        q->state = VB_RQ_FAILURE; /* the request's own timeout */
        return 0;
    }
    if (vb_xfer_step(vb, s, &q->x))
        return 1;
    q->abort_code = q->x.abort_code;
    if (q->dir == VB_DIR_INPUT && !q->x.result) {
        if (q->x.owned) { /* the upload grew the request's buffer */
            if (q->data)
                ecat_port_free(q->data);
            q->data = q->x.data;
            q->mem_size = q->x.cap;
            q->x.owned = 0;
        }
        q->data_size = q->x.size;
    }
    vb_xfer_release(&q->x);
    q->state = q->x.result ? VB_RQ_FAILURE : VB_RQ_SUCCESS;
    return 0;
}

static int step_reg_req(struct vbus *vb, struct vb_slave *s, struct vb_reg_req *q)
{
    q->job.started = 1;
    int ok = q->dir == VB_DIR_INPUT ? vb_dg_read(vb, s, q->address, q->data, q->transfer_size)
                                    : vb_dg_write(vb, s, q->address, q->data, q->transfer_size);
    q->state = ok ? VB_RQ_SUCCESS : VB_RQ_FAILURE;
    return 0;
}

static int step_mreq(struct vbus *vb, struct vb_slave *s, struct vb_mreq *r)
{
    int first = !r->job.started;
    r->job.started = 1;
    r->state = VB_RQ_BUSY;
    switch (r->kind) {
    case VB_MREQ_UPLOAD:
    case VB_MREQ_DOWNLOAD:
        if (first) {
            if (!sdo_allowed(s)) {
                r->result = -EIO;
                return 0;
            }
            if (r->kind == VB_MREQ_UPLOAD)
                vb_xfer_upload(&r->x, r->index, r->subindex, r->data, r->size, 0);
            else
                vb_xfer_download(&r->x, r->index, r->subindex, r->complete_access, r->data, r->size);
        }
        if (vb_xfer_step(vb, s, &r->x))
            return 1;
        r->abort_code = r->x.abort_code;
        r->done = r->x.size;
        r->result = r->x.result;
        return 0;
    case VB_MREQ_REG_READ:
        r->result = vb_dg_read(vb, s, r->index, r->data, r->size) ? 0 : -EIO;
        return 0;
    case VB_MREQ_REG_WRITE:
        r->result = vb_dg_write(vb, s, r->index, r->data, r->size) ? 0 : -EIO;
        return 0;
    default: /* SII write: one word per step; words written so far stay written */
        if (vb_sii_write_word(vb, s, (unsigned)(r->index + r->done), vb_le16(r->data + 2 * r->done))) {
            r->result = -EIO;
            return 0;
        }
        r->done++;
        if (2 * r->done < r->size)
            return 1;
        r->result = 0;
        return 0;
    }
}

/* The job at the head of s's queue ended. */
static void job_done(struct vbus *vb, struct vb_slave *s)
{
    struct vb_job *j = s->job_head;
    vb_job_remove(vb, s, j);
    if (j->kind == VB_JOB_MASTER) {
        struct vb_mreq *r = (struct vb_mreq *)(void *)j;
        r->state = r->result ? VB_RQ_FAILURE : VB_RQ_SUCCESS;
        if (r->orphaned)
            vb_mreq_free(r); /* nobody waits for it any more */
        else if (vb->wait)
            ecat_port_wake_all(vb->wait);
    }
}

/* Whether the slave can serve jobs now (operation phase). */
static int serving(struct vbus *vb, struct vb_slave *s)
{
    if (vb->opm && vb->opm->cfg.s == s)
        return 0; /* IgH serves requests only between configurations */
    return 1;
}

static int step_job(struct vbus *vb, struct vb_slave *s)
{
    struct vb_job *j = s->job_head;
    switch (j->kind) {
    case VB_JOB_SDO: return step_sdo_req(vb, s, (struct vb_sdo_req *)(void *)j);
    case VB_JOB_REG: return step_reg_req(vb, s, (struct vb_reg_req *)(void *)j);
    default: return step_mreq(vb, s, (struct vb_mreq *)(void *)j);
    }
}

void vb_jobs_step(struct vbus *vb)
{
    struct vb_slave **link = &vb->busy_head;
    while (*link) {
        struct vb_slave *s = *link;
        if (s->job_head && serving(vb, s) && !step_job(vb, s))
            job_done(vb, s);
        if (!s->job_head) {
            *link = s->next_busy; /* nothing left: off the list */
            s->in_busy = 0;
            s->next_busy = NULL;
        } else {
            link = &s->next_busy;
        }
    }
}

void vb_jobs_finish_idle(struct vbus *vb)
{
    while (vb->busy_head) {
        struct vb_slave *s = vb->busy_head;
        while (s->job_head) {
            while (step_job(vb, s))
                ;
            job_done(vb, s);
        }
        vb->busy_head = s->next_busy;
        s->in_busy = 0;
        s->next_busy = NULL;
    }
    if (vb->wait)
        ecat_port_wake_all(vb->wait);
}

void vb_jobs_cancel_file(struct vbus *vb, struct vbus_file *f)
{
    for (unsigned i = 0; i < vb->slave_count; i++) {
        struct vb_slave *s = &vb->slaves[i];
        struct vb_job *j = s->job_head;
        while (j) {
            struct vb_job *next = j->next;
            if (j->kind == VB_JOB_MASTER) {
                struct vb_mreq *r = (struct vb_mreq *)(void *)j;
                if (r->f == f && !r->orphaned && !j->started) {
                    vb_job_remove(vb, s, j); /* not begun: it just goes (the waiter frees it) */
                    r->state = VB_RQ_FAILURE;
                    r->result = -EINTR;
                }
                /* one in progress: its waiter leaves it to the master (vb_mreq_run) */
            }
            j = next;
        }
    }
    if (vb->wait)
        ecat_port_wake_all(vb->wait);
}

/* ---- tool requests ---- */

void vb_mreq_free(struct vb_mreq *r)
{
    vb_xfer_release(&r->x);
    if (r->data)
        ecat_port_free(r->data);
    ecat_port_free(r);
}

struct wait_ctx {
    struct vb_mreq *r;
    struct vbus_file *f;
};

static int mreq_ended(void *arg)
{
    const struct wait_ctx *w = arg;
    return w->r->state == VB_RQ_SUCCESS || w->r->state == VB_RQ_FAILURE || w->f->closing;
}

int vb_mreq_run(struct vb_call *c, struct vb_mreq *r)
{
    struct vbus *vb = c->vb;
    r->job.kind = VB_JOB_MASTER;
    r->f = c->f;
    if (!vb->active) {
        /* the idle master does it now */
        while (step_mreq(vb, r->s, r))
            ;
        r->state = r->result ? VB_RQ_FAILURE : VB_RQ_SUCCESS;
        return 0;
    }
    r->state = VB_RQ_QUEUED;
    vb_job_enqueue(vb, r->s, &r->job);
    struct wait_ctx w = {r, c->f};
    c->f->waiters++;
    int ret = ecat_port_wait_event(vb->wait, vb->lock, mreq_ended, &w, 0);
    c->f->waiters--;
    if (c->f->closing && vb->wait)
        ecat_port_wake_all(vb->wait); /* vbus_close waits for the last waiter */
    if (r->state == VB_RQ_SUCCESS || (r->state == VB_RQ_FAILURE && r->result != -EINTR))
        return 0;
    /* interrupted (signal) or the file is closing: a request not begun is withdrawn (the
     * caller frees it); one in progress is left to the master, which frees it when done
     * (IgH would wait for it; a closing file cannot) */
    if (r->job.queued && !r->job.started)
        vb_job_remove(vb, r->s, &r->job);
    else if (r->job.queued)
        r->orphaned = 1;
    (void)ret;
    return -EINTR;
}

/* ---- configuration SDO requests ---- */

static int grow_ptrs(void ***a, unsigned count, unsigned *cap)
{
    if (count < *cap)
        return 0;
    unsigned n = *cap ? 2 * *cap : 4;
    void **b = ecat_port_zalloc(n * sizeof *b);
    if (!b)
        return -ENOMEM;
    if (count)
        ecat_memcpy(b, *a, count * sizeof *b);
    if (*a)
        ecat_port_free(*a);
    *a = b;
    *cap = n;
    return 0;
}

void vb_sc_requests_free(struct vbus *vb, struct vb_sc *sc)
{
    for (unsigned i = 0; i < sc->sdo_req_count; i++) {
        struct vb_sdo_req *q = sc->sdo_reqs[i];
        if (q->job.queued && sc->slave)
            vb_job_remove(vb, sc->slave, &q->job);
        vb_xfer_release(&q->x);
        if (q->data)
            ecat_port_free(q->data);
        ecat_port_free(q);
    }
    for (unsigned i = 0; i < sc->reg_req_count; i++) {
        struct vb_reg_req *q = sc->reg_reqs[i];
        if (q->job.queued && sc->slave)
            vb_job_remove(vb, sc->slave, &q->job);
        if (q->data)
            ecat_port_free(q->data);
        ecat_port_free(q);
    }
    if (sc->sdo_reqs)
        ecat_port_free(sc->sdo_reqs);
    if (sc->reg_reqs)
        ecat_port_free(sc->reg_reqs);
    sc->sdo_reqs = NULL;
    sc->reg_reqs = NULL;
    sc->sdo_req_count = sc->sdo_req_cap = sc->reg_req_count = sc->reg_req_cap = 0;
}

/* A request object and its data buffer (none for size 0), both zeroed; on -ENOMEM neither. */
static int alloc_req(size_t obj_size, uint64_t size, void **obj, uint8_t **data)
{
    *obj = ecat_port_zalloc(obj_size);
    *data = size ? ecat_port_zalloc((size_t)size) : NULL;
    if (*obj && (!size || *data))
        return 0;
    if (*obj)
        ecat_port_free(*obj);
    if (*data)
        ecat_port_free(*data);
    *obj = NULL;
    *data = NULL;
    return -ENOMEM;
}

long vb_ioctl_sc_sdo_request(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    struct vb_sc *sc = vb_config_get(c->vb, vb_get(c, ECA_SDO_REQUEST_F_CONFIG_INDEX));
    if (!sc)
        return -ENOENT;
    uint64_t size = vb_get(c, ECA_SDO_REQUEST_F_SIZE);
    if (size > VB_KMALLOC_MAX)
        return -ENOMEM;
    void *a = sc->sdo_reqs;
    if (grow_ptrs((void ***)&a, sc->sdo_req_count, &sc->sdo_req_cap))
        return -ENOMEM;
    sc->sdo_reqs = a;
    void *obj;
    uint8_t *data;
    if (alloc_req(sizeof(struct vb_sdo_req), size, &obj, &data))
        return -ENOMEM;
    struct vb_sdo_req *q = obj;
    q->job.kind = VB_JOB_SDO;
    q->sc = sc;
    q->index = (uint16_t)vb_get(c, ECA_SDO_REQUEST_F_SDO_INDEX);
    q->subindex = (uint8_t)vb_get(c, ECA_SDO_REQUEST_F_SDO_SUBINDEX);
    q->data = data;
    q->mem_size = q->data_size = size;
    q->state = VB_RQ_INIT;
    vb_set(c, ECA_SDO_REQUEST_F_REQUEST_INDEX, sc->sdo_req_count);
    sc->sdo_reqs[sc->sdo_req_count++] = q;
    return vb_arg_out(c);
}

static uint8_t public_state(uint8_t st)
{
    switch (st) {
    case VB_RQ_QUEUED:
    case VB_RQ_BUSY: return VB_REQUEST_BUSY;
    case VB_RQ_SUCCESS: return VB_REQUEST_SUCCESS;
    case VB_RQ_FAILURE: return VB_REQUEST_ERROR;
    default: return VB_REQUEST_UNUSED;
    }
}

/* (Re)start a request: off the queue if it was on it, then at the end of its slave's. */
static void issue(struct vbus *vb, struct vb_sc *sc, struct vb_job *j, uint8_t *state)
{
    if (sc->slave && j->queued)
        vb_job_remove(vb, sc->slave, j);
    *state = VB_RQ_QUEUED;
    if (sc->slave)
        vb_job_enqueue(vb, sc->slave, j);
    else
        *state = VB_RQ_FAILURE; /* no slave attached: IgH fails it in the state machine */
}

long vb_ioctl_sdo_request(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    if (c->req == ECA_REQ_SDO_REQUEST_WRITE && !vb_get(c, ECA_SDO_REQUEST_F_SIZE))
        return -EINVAL; /* "data size may not be zero" */
    struct vb_sc *sc = vb_config_get(c->vb, vb_get(c, ECA_SDO_REQUEST_F_CONFIG_INDEX));
    if (!sc)
        return -ENOENT;
    uint64_t i = vb_get(c, ECA_SDO_REQUEST_F_REQUEST_INDEX);
    if (i >= sc->sdo_req_count)
        return -ENOENT;
    struct vb_sdo_req *q = sc->sdo_reqs[i];
    switch (c->req) {
    case ECA_REQ_SDO_REQUEST_INDEX:
        q->index = (uint16_t)vb_get(c, ECA_SDO_REQUEST_F_SDO_INDEX);
        q->subindex = (uint8_t)vb_get(c, ECA_SDO_REQUEST_F_SDO_SUBINDEX);
        return 0;
    case ECA_REQ_SDO_REQUEST_TIMEOUT:
        q->timeout_ms = (uint32_t)vb_get(c, ECA_SDO_REQUEST_F_TIMEOUT);
        return 0;
    case ECA_REQ_SDO_REQUEST_STATE: {
        uint8_t st = public_state(q->state);
        vb_set(c, ECA_SDO_REQUEST_F_STATE, st);
        vb_set(c, ECA_SDO_REQUEST_F_SIZE, st == VB_REQUEST_SUCCESS && q->dir == VB_DIR_INPUT ? q->data_size : 0);
        return vb_arg_out(c);
    }
    case ECA_REQ_SDO_REQUEST_READ:
        q->dir = VB_DIR_INPUT;
        q->abort_code = 0;
        q->issued = c->vb->bus_time;
        issue(c->vb, sc, &q->job, &q->state);
        return 0;
    case ECA_REQ_SDO_REQUEST_WRITE: {
        uint64_t size = vb_get(c, ECA_SDO_REQUEST_F_SIZE);
        if (size > q->mem_size)
            return -ENOBUFS;
        if (ecat_port_copy_from_user(q->data, vb_uptr(c, ECA_SDO_REQUEST_F_DATA), size))
            return -EFAULT;
        q->data_size = size;
        q->dir = VB_DIR_OUTPUT;
        q->abort_code = 0;
        q->issued = c->vb->bus_time;
        issue(c->vb, sc, &q->job, &q->state);
        return 0;
    }
    default: /* DATA */
        return ecat_port_copy_to_user(vb_uptr(c, ECA_SDO_REQUEST_F_DATA), q->data, q->data_size);
    }
}

/* ---- configuration register requests ---- */

long vb_ioctl_sc_reg_request(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    struct vb_sc *sc = vb_config_get(c->vb, vb_get(c, ECA_REG_REQUEST_F_CONFIG_INDEX));
    if (!sc)
        return -ENOENT;
    uint64_t size = vb_get(c, ECA_REG_REQUEST_F_MEM_SIZE);
    if (size > VB_KMALLOC_MAX)
        return -ENOMEM;
    void *a = sc->reg_reqs;
    if (grow_ptrs((void ***)&a, sc->reg_req_count, &sc->reg_req_cap))
        return -ENOMEM;
    sc->reg_reqs = a;
    void *obj;
    uint8_t *data;
    if (alloc_req(sizeof(struct vb_reg_req), size, &obj, &data))
        return -ENOMEM;
    struct vb_reg_req *q = obj;
    q->job.kind = VB_JOB_REG;
    q->sc = sc;
    q->data = data;
    q->mem_size = size;
    q->state = VB_RQ_INIT;
    vb_set(c, ECA_REG_REQUEST_F_REQUEST_INDEX, sc->reg_req_count);
    sc->reg_reqs[sc->reg_req_count++] = q;
    return vb_arg_out(c);
}

long vb_ioctl_reg_request(struct vb_call *c)
{
    int r = vb_arg_in(c);
    if (r)
        return r;
    if (c->req == ECA_REQ_REG_REQUEST_DATA && !vb_get(c, ECA_REG_REQUEST_F_MEM_SIZE))
        return 0;
    struct vb_sc *sc = vb_config_get(c->vb, vb_get(c, ECA_REG_REQUEST_F_CONFIG_INDEX));
    if (!sc)
        return -ENOENT;
    uint64_t i = vb_get(c, ECA_REG_REQUEST_F_REQUEST_INDEX);
    if (i >= sc->reg_req_count)
        return -ENOENT;
    struct vb_reg_req *q = sc->reg_reqs[i];
    switch (c->req) {
    case ECA_REQ_REG_REQUEST_DATA: {
        uint64_t n = vb_get(c, ECA_REG_REQUEST_F_MEM_SIZE);
        return ecat_port_copy_to_user(vb_uptr(c, ECA_REG_REQUEST_F_DATA), q->data, n < q->mem_size ? n : q->mem_size);
    }
    case ECA_REQ_REG_REQUEST_STATE: {
        uint8_t st = public_state(q->state);
        vb_set(c, ECA_REG_REQUEST_F_STATE, st);
        vb_set(c, ECA_REG_REQUEST_F_NEW_DATA, st == VB_REQUEST_SUCCESS && q->dir == VB_DIR_INPUT);
        return vb_arg_out(c);
    }
    default: { /* READ / WRITE */
        uint64_t n = vb_get(c, ECA_REG_REQUEST_F_TRANSFER_SIZE);
        if (n > q->mem_size)
            return -ENOBUFS;
        if (c->req == ECA_REQ_REG_REQUEST_WRITE &&
            ecat_port_copy_from_user(q->data, vb_uptr(c, ECA_REG_REQUEST_F_DATA), n))
            return -EFAULT;
        q->dir = c->req == ECA_REQ_REG_REQUEST_WRITE ? VB_DIR_OUTPUT : VB_DIR_INPUT;
        q->address = (uint16_t)vb_get(c, ECA_REG_REQUEST_F_ADDRESS);
        q->transfer_size = n;
        issue(c->vb, sc, &q->job, &q->state);
        return 0;
    }
    }
}
