/*
 * serve_metrics.c — the counters of `newsprint serve` and their Prometheus
 * text exposition (GET /metrics): requests by endpoint and status code, a
 * latency histogram by endpoint, decisions by status, stories stored.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/serve.h"

static const char *const ENDPOINT_NAMES[EP_COUNT_] = {
	"check", "ingest", "story", "forget", "cluster", "health", "metrics", "other",
};

/* The codes the service answers with (serve_http.c, serve_routes.c). */
static const unsigned CODES[] = {200, 400, 404, 405, 413, 500, 503};
#define N_CODES (sizeof CODES / sizeof CODES[0])

/* Upper bounds in seconds of the latency histogram's buckets: from a warm
 * check (tens of microseconds in process) to a large batch ingest. */
static const double BUCKETS[] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                 0.025,  0.05,    0.1,    0.25,  0.5,    1,     2.5, 10};
#define N_BUCKETS (sizeof BUCKETS / sizeof BUCKETS[0])

struct serve_metrics {
	pthread_mutex_t mu;
	unsigned long requests[EP_COUNT_][N_CODES + 1]; /* the last: any other code */
	unsigned long bucket[EP_COUNT_][N_BUCKETS];     /* not cumulative here */
	unsigned long count[EP_COUNT_];
	double sum[EP_COUNT_];
	unsigned long decisions[4];
};

serve_metrics *serve_metrics_new(void)
{
	serve_metrics *m = calloc(1, sizeof *m);
	if (m)
		pthread_mutex_init(&m->mu, NULL);
	return m;
}

void serve_metrics_free(serve_metrics *m)
{
	if (!m)
		return;
	pthread_mutex_destroy(&m->mu);
	free(m);
}

static size_t code_index(unsigned code)
{
	size_t i = 0;
	while (i < N_CODES && CODES[i] != code)
		i++;
	return i;
}

static size_t bucket_index(double seconds)
{
	size_t i = 0;
	while (i < N_BUCKETS && seconds > BUCKETS[i])
		i++;
	return i; /* N_BUCKETS: only in +Inf */
}

void serve_metrics_request(serve_metrics *m, serve_endpoint ep, unsigned code, double seconds)
{
	size_t b = bucket_index(seconds);
	pthread_mutex_lock(&m->mu);
	m->requests[ep][code_index(code)]++;
	if (b < N_BUCKETS)
		m->bucket[ep][b]++;
	m->count[ep]++;
	m->sum[ep] += seconds;
	pthread_mutex_unlock(&m->mu);
}

void serve_metrics_decision(serve_metrics *m, np_decision_status s)
{
	pthread_mutex_lock(&m->mu);
	m->decisions[s]++;
	pthread_mutex_unlock(&m->mu);
}

static void put_requests(FILE *f, const serve_metrics *m)
{
	fputs("# HELP newsprint_requests_total HTTP requests answered, by endpoint and status code.\n"
	      "# TYPE newsprint_requests_total counter\n", f);
	for (size_t e = 0; e < EP_COUNT_; e++)
		for (size_t c = 0; c <= N_CODES; c++)
			if (m->requests[e][c])
				fprintf(f, "newsprint_requests_total{endpoint=\"%s\",code=\"%s%u\"} %lu\n",
				        ENDPOINT_NAMES[e], c < N_CODES ? "" : "other", c < N_CODES ? CODES[c] : 0,
				        m->requests[e][c]);
}

static void put_histogram(FILE *f, const serve_metrics *m)
{
	fputs("# HELP newsprint_request_seconds Time from a request's arrival to its answer sent.\n"
	      "# TYPE newsprint_request_seconds histogram\n", f);
	for (size_t e = 0; e < EP_COUNT_; e++) {
		if (!m->count[e])
			continue;
		unsigned long below = 0;
		for (size_t b = 0; b < N_BUCKETS; b++) {
			below += m->bucket[e][b];
			fprintf(f, "newsprint_request_seconds_bucket{endpoint=\"%s\",le=\"%g\"} %lu\n",
			        ENDPOINT_NAMES[e], BUCKETS[b], below);
		}
		fprintf(f, "newsprint_request_seconds_bucket{endpoint=\"%s\",le=\"+Inf\"} %lu\n"
		           "newsprint_request_seconds_sum{endpoint=\"%s\"} %.6f\n"
		           "newsprint_request_seconds_count{endpoint=\"%s\"} %lu\n",
		        ENDPOINT_NAMES[e], m->count[e], ENDPOINT_NAMES[e], m->sum[e], ENDPOINT_NAMES[e],
		        m->count[e]);
	}
}

static void put_decisions(FILE *f, const serve_metrics *m, int64_t stories)
{
	fputs("# HELP newsprint_decisions_total Stories decided by check and ingest, by status.\n"
	      "# TYPE newsprint_decisions_total counter\n", f);
	for (int s = NP_NEW; s <= NP_SKIPPED; s++)
		fprintf(f, "newsprint_decisions_total{status=\"%s\"} %lu\n",
		        np_decision_status_name((np_decision_status)s), m->decisions[s]);
	fprintf(f, "# HELP newsprint_stories Stories in the store, committed.\n"
	           "# TYPE newsprint_stories gauge\nnewsprint_stories %lld\n", (long long)stories);
}

char *serve_metrics_text(serve_metrics *m, int64_t stories)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	pthread_mutex_lock(&m->mu);
	put_requests(f, m);
	put_histogram(f, m);
	put_decisions(f, m, stories);
	pthread_mutex_unlock(&m->mu);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}
