/*
 * serve.h — what the files of `newsprint serve` share: the requests the
 * engine thread decides (serve_engine.c), the read-only handles GET requests
 * use (serve_read.c), the counters /metrics shows (serve_metrics.c) and the
 * HTTP side (serve_http.c, serve_routes.c).
 *
 * One thread owns the store's read-write handle (its warm index and the
 * writer's lock): every check, ingest and forget is queued to it and
 * decided in arrival order. When its queue runs dry it commits, then answers
 * the ingests it decided, so that an answered story is a stored one. GET
 * requests read through read-only handles of their own and never wait for
 * that thread or its commit (docs/cli.md, "serve").
 */
#ifndef NP_CLI_SERVE_H
#define NP_CLI_SERVE_H

#include <stdint.h>

#include "newsprint.h"

/* A request body is refused (413) above this: 64 MiB, eight records at the
 * reader's own bound on one record (8 MiB, src/read/read.c) or tens of
 * thousands of ordinary stories. A larger batch is better sent in parts, and
 * the bound keeps one client from holding the process's memory. */
#define SERVE_BODY_MAX ((size_t)64 << 20)

/* ------------------------------------------------------------------ */
/* Metrics                                                             */
/* ------------------------------------------------------------------ */

typedef enum serve_endpoint {
	EP_CHECK, EP_INGEST, EP_STORY, EP_FORGET, EP_CLUSTER, EP_HEALTH, EP_METRICS, EP_OTHER,
	EP_COUNT_
} serve_endpoint;

typedef struct serve_metrics serve_metrics;

serve_metrics *serve_metrics_new(void);
void serve_metrics_free(serve_metrics *m);
/* One request answered with code after seconds. */
void serve_metrics_request(serve_metrics *m, serve_endpoint ep, unsigned code, double seconds);
void serve_metrics_decision(serve_metrics *m, np_decision_status s);
/* The Prometheus text exposition (malloc'd), with the stories stored. */
char *serve_metrics_text(serve_metrics *m, int64_t stories);

/* ------------------------------------------------------------------ */
/* The engine thread                                                   */
/* ------------------------------------------------------------------ */

typedef enum serve_kind { JOB_CHECK, JOB_INGEST, JOB_FORGET } serve_kind;

/* One record of a request: the story read and signed, or why it was not. */
typedef struct serve_item {
	np_story *s;
	np_fingerprint *fp;
	char *error;  /* the record could not be read (malloc'd), else NULL */
	char *answer; /* its decision as JSON (np_free), set by the engine */
} serve_item;

/* The records of body (len bytes) into *items (*n of them), each read
 * and signed under params, or holding why it could not be: NP_OK, or
 * NP_EINPUT with err when the body is empty or holds something that is not
 * JSON (err then has the reader's message for it). */
np_status serve_read_body(const np_params *params, const char *body, size_t len,
                          serve_item **items, size_t *n, np_error *err);
void serve_items_free(serve_item *items, size_t n);

typedef struct serve_job {
	serve_kind kind;
	serve_item *items; /* check and ingest */
	size_t n;
	const char *id;    /* forget */
	int found;         /* forget: whether id was stored */
	np_status rc;      /* NP_OK, or what failed (err): the request fails */
	np_error err;
	int done;
	struct serve_job *next;
} serve_job;

typedef struct serve_engine serve_engine;

/* Starts the thread that owns db; NULL when it cannot start. */
serve_engine *serve_engine_start(np_db *db, serve_metrics *m, int64_t stories);
/* Queues job and waits until it is decided (and, when it writes,
 * committed). job->rc says how it went. */
void serve_engine_run(serve_engine *e, serve_job *job);
/* Stories stored and committed. */
int64_t serve_engine_stories(serve_engine *e);
/* Decides what is queued, commits, stops the thread. NP_OK, or the last
 * commit's failure in err. The handle stays the caller's to close. */
np_status serve_engine_stop(serve_engine *e, np_error *err);

/* ------------------------------------------------------------------ */
/* Read-only handles                                                   */
/* ------------------------------------------------------------------ */

typedef struct serve_readers serve_readers;

serve_readers *serve_readers_new(const char *path);
void serve_readers_free(serve_readers *r);
/* A read-only handle of the store, idle or newly opened; NULL with err. */
np_db *serve_reader_take(serve_readers *r, np_error *err);
/* Gives a handle back for the next request. */
void serve_reader_give(serve_readers *r, np_db *db);

/* ------------------------------------------------------------------ */
/* HTTP                                                                */
/* ------------------------------------------------------------------ */

typedef struct serve_ctx {
	serve_engine *engine;
	serve_readers *readers;
	serve_metrics *metrics;
	np_params params; /* the store's, for signing on the HTTP threads */
} serve_ctx;

/* An answer: status code, content type and body (malloc'd, or NULL for
 * none). */
typedef struct serve_answer {
	unsigned code;
	const char *type;
	char *body;
} serve_answer;

/* {"error": msg} with code. */
serve_answer serve_error(unsigned code, const char *msg);

/* The endpoint a path names, and the id after its prefix (or NULL);
 * *refuse is 0, 404 for a path served nowhere or 405 for a method the path
 * does not take. */
serve_endpoint serve_route(const char *url, const char *method, const char **id,
                           unsigned *refuse);

/* Answers a request of endpoint ep whose method is right; body may be NULL
 * for GET and DELETE. */
serve_answer serve_handle(serve_ctx *ctx, serve_endpoint ep, const char *id, const char *body,
                          size_t len);

#endif
