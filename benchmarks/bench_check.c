/*
 * bench_check.c — the latency of one duplicate check against a filled store,
 * as an ingestion pipeline sees it: np_check() per story (sign, LSH lookup,
 * verify), timed one by one. Each story is checked under a new id, so that
 * the "id already stored" shortcut is never what is measured.
 *
 * usage: bench_check STORE CORPUS.jsonl [N]
 * Prints: opened store in S s (index rebuilt from the stored fingerprints),
 * then checks, median and 99th percentile in microseconds, and decisions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "newsprint.h"

#define DEFAULT_QUERIES 10000

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Renames s so that the store does not know its id. */
static void fresh_id(np_story *s)
{
	size_t n = strlen(s->id);
	char *id = malloc(n + 3);
	memcpy(id, s->id, n);
	memcpy(id + n, "#q", 3);
	free(s->id);
	s->id = id;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_check STORE CORPUS.jsonl [N]\n");
		return 2;
	}
	size_t max = argc > 3 ? strtoul(argv[3], NULL, 10) : DEFAULT_QUERIES;
	np_db *db = NULL;
	np_reader *r = NULL;
	np_error err = {0};
	double t0 = now();
	const char *paths[] = {argv[2]};
	if (np_db_open(&db, argv[1], NP_OPEN_READONLY, NULL, &err) != NP_OK ||
	    np_reader_open(&r, paths, 1, NP_FORMAT_AUTO, &err) != NP_OK) {
		fprintf(stderr, "bench_check: %s\n", err.msg);
		return 2;
	}
	/* the index is built on the first check: time that one apart */
	double *lat = malloc(max * sizeof *lat), open_s = 0;
	size_t n = 0, by_status[4] = {0};
	np_story *s = NULL;
	while (n < max && np_reader_next(r, &s, &err) == NP_OK) {
		fresh_id(s);
		np_decision d = {0};
		double t = now();
		if (np_check(db, s, &d, &err) != NP_OK) {
			fprintf(stderr, "bench_check: %s\n", err.msg);
			return 2;
		}
		double dt = now() - t;
		if (open_s == 0)
			open_s = now() - t0;
		else
			lat[n++] = dt * 1e6;
		by_status[d.status]++;
		np_decision_clear(&d);
		np_story_free(s);
	}
	qsort(lat, n, sizeof *lat, cmp_double);
	printf("open_seconds %.3f\nchecks %zu\nmedian_us %.1f\np99_us %.1f\n", open_s, n,
	       n ? lat[n / 2] : 0.0, n ? lat[(size_t)(n * 0.99)] : 0.0);
	printf("new %zu\nduplicate %zu\nnear_duplicate %zu\nskipped %zu\n", by_status[0],
	       by_status[1], by_status[2], by_status[3]);
	free(lat);
	np_reader_free(r);
	np_db_close(db, NULL);
	return 0;
}
