/*
 * serve_http.c — the HTTP side of `newsprint serve`, on libmicrohttpd: a
 * thread per connection (a request waits for the engine thread, and a
 * waiting thread must not hold up other clients), bodies gathered up to
 * SERVE_BODY_MAX, each request counted and timed, and a count of requests
 * in flight that shutdown waits on.
 */
#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/serve_http.h"

/* A connection silent this long (seconds) is closed: a client that stops
 * sending mid-body holds a thread and its buffer no longer than this. */
#define SERVE_IDLE_SECONDS 30
/* Connections at once; past it new ones wait in the listen queue. Each is a
 * thread with a stack, and a few hundred cover any pipeline's clients. */
#define SERVE_MAX_CONNECTIONS 512

struct serve_http {
	struct MHD_Daemon *d;
	serve_ctx *ctx;
	pthread_mutex_t mu;
	pthread_cond_t idle;  /* in_flight fell to 0 */
	unsigned in_flight;   /* requests begun and not yet completed */
};

/* One request being read. */
typedef struct request {
	struct timespec t0;
	serve_endpoint ep;
	unsigned code;
	char *body;
	size_t len, cap;
	int too_large;
} request;

static double since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static enum MHD_Result send_answer(struct MHD_Connection *c, request *rq, serve_answer a)
{
	if (!a.body)
		a = (serve_answer){500, "text/plain", NULL};
	struct MHD_Response *r = MHD_create_response_from_buffer_with_free_callback(
		a.body ? strlen(a.body) : 0, a.body, free);
	if (!r) {
		free(a.body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, a.type);
	rq->code = a.code;
	enum MHD_Result ok = MHD_queue_response(c, a.code, r);
	MHD_destroy_response(r);
	return ok;
}

/* Appends a piece of the body; marks the request too large past the bound. */
static void take_body(request *rq, const char *data, size_t n)
{
	if (rq->too_large || rq->len + n > SERVE_BODY_MAX) {
		rq->too_large = 1;
		return;
	}
	if (rq->len + n + 1 > rq->cap) {
		size_t cap = rq->cap ? rq->cap : 4096;
		while (cap < rq->len + n + 1)
			cap *= 2;
		char *b = realloc(rq->body, cap);
		if (!b) {
			rq->too_large = 1;
			return;
		}
		rq->body = b;
		rq->cap = cap;
	}
	memcpy(rq->body + rq->len, data, n);
	rq->len += n;
}

/* A body announced larger than the bound is refused before it is read. */
static int announced_too_large(struct MHD_Connection *c)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	return cl && strtoull(cl, NULL, 10) > SERVE_BODY_MAX;
}

static request *begin(serve_http *h)
{
	request *rq = calloc(1, sizeof *rq);
	if (!rq)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &rq->t0);
	pthread_mutex_lock(&h->mu);
	h->in_flight++;
	pthread_mutex_unlock(&h->mu);
	return rq;
}

static serve_answer too_large(void)
{
	char msg[96];
	snprintf(msg, sizeof msg, "the body is larger than %zu MiB: send the stories in parts",
	         SERVE_BODY_MAX >> 20);
	return serve_error(413, msg);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *data, size_t *data_size, void **con_cls)
{
	(void)version;
	serve_http *h = cls;
	request *rq = *con_cls;
	if (!rq) {
		if (!(*con_cls = rq = begin(h)))
			return MHD_NO;
		if (announced_too_large(c))
			return send_answer(c, rq, too_large());
		return MHD_YES;
	}
	if (*data_size) {
		take_body(rq, data, *data_size);
		*data_size = 0;
		return MHD_YES;
	}
	if (rq->code) /* answered already (413 before the body) */
		return MHD_YES;
	if (rq->too_large)
		return send_answer(c, rq, too_large());
	const char *id;
	unsigned refuse;
	rq->ep = serve_route(url, method, &id, &refuse);
	if (refuse)
		return send_answer(c, rq, serve_error(refuse, refuse == 404 ? "no such path"
		                                                            : "method not allowed here"));
	return send_answer(c, rq, serve_handle(h->ctx, rq->ep, id, rq->body, rq->len));
}

/* Every request ends here, answered or not (a client gone mid-body): it is
 * counted, and shutdown learns one fewer is in flight. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode why)
{
	(void)c;
	(void)why;
	serve_http *h = cls;
	request *rq = *con_cls;
	if (!rq)
		return;
	if (rq->code)
		serve_metrics_request(h->ctx->metrics, rq->ep, rq->code, since(&rq->t0));
	free(rq->body);
	free(rq);
	*con_cls = NULL;
	pthread_mutex_lock(&h->mu);
	if (--h->in_flight == 0)
		pthread_cond_broadcast(&h->idle);
	pthread_mutex_unlock(&h->mu);
}

serve_http *serve_http_start(serve_ctx *ctx, int listen_fd)
{
	serve_http *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	h->ctx = ctx;
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->idle, NULL);
	h->d = MHD_start_daemon(
		/* poll, not select: a descriptor past FD_SETSIZE (many connections,
		 * each reading handle's files) must not break the daemon */
		MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ITC, 0, NULL,
		NULL, on_request, h, MHD_OPTION_LISTEN_SOCKET, listen_fd,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_IDLE_SECONDS,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVE_MAX_CONNECTIONS, MHD_OPTION_END);
	if (!h->d) {
		pthread_cond_destroy(&h->idle);
		pthread_mutex_destroy(&h->mu);
		free(h);
		return NULL;
	}
	return h;
}

void serve_http_stop(serve_http *h, unsigned grace_seconds)
{
	(void)MHD_quiesce_daemon(h->d); /* no new connections; the socket stays the caller's */
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += grace_seconds;
	pthread_mutex_lock(&h->mu);
	while (h->in_flight && pthread_cond_timedwait(&h->idle, &h->mu, &until) == 0)
		;
	pthread_mutex_unlock(&h->mu);
	MHD_stop_daemon(h->d);
	pthread_cond_destroy(&h->idle);
	pthread_mutex_destroy(&h->mu);
	free(h);
}
