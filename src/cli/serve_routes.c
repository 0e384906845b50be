/*
 * serve_routes.c — what each endpoint of `newsprint serve` answers: a path
 * and method to an endpoint, a request body to the records the engine
 * decides, and the store's answers as JSON (docs/cli.md, "serve").
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/serve.h"

typedef struct route {
	const char *path;   /* exact, or a prefix when it ends in '/' */
	const char *method;
	serve_endpoint ep;
} route;

static const route ROUTES[] = {
	{"/check", "POST", EP_CHECK},         {"/ingest", "POST", EP_INGEST},
	{"/stories/", "GET", EP_STORY},       {"/stories/", "DELETE", EP_FORGET},
	{"/clusters/", "GET", EP_CLUSTER},    {"/health", "GET", EP_HEALTH},
	{"/metrics", "GET", EP_METRICS},
};
#define N_ROUTES (sizeof ROUTES / sizeof ROUTES[0])

/* The part of url after path, or NULL when url is not under it. */
static const char *under(const char *url, const char *path)
{
	size_t n = strlen(path);
	if (path[n - 1] == '/')
		return strncmp(url, path, n) == 0 && url[n] ? url + n : NULL;
	return strcmp(url, path) == 0 ? url + n : NULL;
}

serve_endpoint serve_route(const char *url, const char *method, const char **id,
                           unsigned *refuse)
{
	*refuse = 404;
	*id = NULL;
	for (size_t i = 0; i < N_ROUTES; i++) {
		const char *rest = under(url, ROUTES[i].path);
		if (!rest)
			continue;
		*refuse = 405;
		if (strcmp(method, ROUTES[i].method) != 0)
			continue;
		*refuse = 0;
		*id = *rest ? rest : NULL;
		return ROUTES[i].ep;
	}
	return EP_OTHER;
}

serve_answer serve_error(unsigned code, const char *msg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "error", msg);
	serve_answer a = {code, "application/json", o ? cJSON_PrintUnformatted(o) : NULL};
	cJSON_Delete(o);
	return a;
}

/* text (malloc'd, taken) as a 200 answer, or 500 when it is NULL. */
static serve_answer ok_text(char *text, const char *type)
{
	if (!text)
		return serve_error(500, "out of memory");
	return (serve_answer){200, type, text};
}

/* A library call's failure: 404 for an unknown id, 400 for bad input, 500
 * for the store. */
static serve_answer failed(np_status rc, const np_error *err)
{
	unsigned code = rc == NP_ENOTFOUND ? 404 : rc == NP_EINPUT || rc == NP_EINVAL ? 400 : 500;
	return serve_error(code, err->msg);
}

/* The decisions of job's records: one object for one record, else JSON
 * Lines in input order. */
static serve_answer decisions(const serve_job *job)
{
	size_t len = 0;
	for (size_t i = 0; i < job->n; i++)
		len += strlen(job->items[i].answer) + 1;
	char *text = malloc(len + 1), *p = text;
	for (size_t i = 0; text && i < job->n; i++)
		p += sprintf(p, "%s\n", job->items[i].answer);
	return ok_text(text, job->n == 1 ? "application/json" : "application/x-ndjson");
}

/* Whether every record was answered (a store failure stops a job). */
static int all_answered(const serve_job *job)
{
	for (size_t i = 0; i < job->n; i++)
		if (!job->items[i].answer)
			return 0;
	return 1;
}

/* POST /check and /ingest. A single record that cannot be read is a 400
 * with the reader's message; in a batch it is a skipped decision with that
 * message, as `ingest --json` prints it, and the others go through. */
static serve_answer decide(serve_ctx *ctx, serve_kind kind, const char *body, size_t len)
{
	serve_job job = {.kind = kind};
	np_error err = {0};
	serve_answer a;
	np_status rc = serve_read_body(&ctx->params, body, len, &job.items, &job.n, &err);
	if (rc != NP_OK)
		a = failed(rc, &err);
	else if (job.n == 1 && job.items[0].error)
		a = serve_error(400, job.items[0].error);
	else if (serve_engine_run(ctx->engine, &job), job.rc != NP_OK || !all_answered(&job))
		a = serve_error(500, job.rc != NP_OK ? job.err.msg : "out of memory");
	else
		a = decisions(&job);
	serve_items_free(job.items, job.n);
	return a;
}

/* A cluster id as a path gives it: a positive number, else no cluster. */
static np_status cluster_text(np_db *db, const char *id, char **text, np_error *err)
{
	char *end = NULL;
	errno = 0;
	long long n = strtoll(id, &end, 10);
	if (!*end && !errno && n > 0)
		return np_cluster_report_string(db, (int64_t)n, text, err);
	snprintf(err->msg, sizeof err->msg, "no cluster %s: a cluster id is a positive number", id);
	return NP_ENOTFOUND;
}

/* GET /stories/ID and /clusters/ID through a read-only handle: the
 * writer's thread and its commits are never waited for. */
static serve_answer read_one(serve_ctx *ctx, serve_endpoint ep, const char *id)
{
	np_error err = {0};
	char *text = NULL;
	np_db *db = serve_reader_take(ctx->readers, &err);
	if (!db)
		return serve_error(500, err.msg);
	np_status rc = ep == EP_STORY ? np_story_report_string(db, id, &text, &err)
	                              : cluster_text(db, id, &text, &err);
	serve_reader_give(ctx->readers, db);
	if (rc != NP_OK)
		return failed(rc, &err);
	char *copy = strdup(text); /* answers are freed with free, the library's text with np_free */
	np_free(text);
	return ok_text(copy, "application/json");
}

/* DELETE /stories/ID: answered once the store no longer holds it. */
static serve_answer forget(serve_ctx *ctx, const char *id)
{
	serve_job job = {.kind = JOB_FORGET, .id = id};
	serve_engine_run(ctx->engine, &job);
	if (job.rc != NP_OK)
		return failed(job.rc, &job.err);
	if (!job.found) {
		snprintf(job.err.msg, sizeof job.err.msg, "no story %s", id);
		return failed(NP_ENOTFOUND, &job.err);
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddBoolToObject(o, "forgotten", 1);
	char *text = o ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	return ok_text(text, "application/json");
}

static serve_answer health(serve_ctx *ctx)
{
	char *text = malloc(64);
	if (text)
		snprintf(text, 64, "{\"status\":\"ok\",\"stories\":%lld}",
		         (long long)serve_engine_stories(ctx->engine));
	return ok_text(text, "application/json");
}

serve_answer serve_handle(serve_ctx *ctx, serve_endpoint ep, const char *id, const char *body,
                          size_t len)
{
	switch (ep) {
	case EP_CHECK:
		return decide(ctx, JOB_CHECK, body, len);
	case EP_INGEST:
		return decide(ctx, JOB_INGEST, body, len);
	case EP_STORY:
	case EP_CLUSTER:
		return read_one(ctx, ep, id);
	case EP_FORGET:
		return forget(ctx, id);
	case EP_HEALTH:
		return health(ctx);
	case EP_METRICS:
		return ok_text(serve_metrics_text(ctx->metrics, serve_engine_stories(ctx->engine)),
		               "text/plain; version=0.0.4");
	default:
		return serve_error(404, "no such path");
	}
}
