/*
 * test_index.c — the in-memory index's time window: candidates outside the
 * window are never returned, and a long run of stories in time order keeps
 * only about a window's worth in memory.
 */
#include <stdlib.h>

#include "check.h"
#include "index.h"
#include "minhash.h"

#define MINUTES_PER_DAY 1440
#define STORIES 70000 /* more than one compaction's worth (65,536) */

static void signature(uint64_t seed, uint32_t *sig)
{
	uint64_t h[200];
	for (int i = 0; i < 200; i++)
		h[i] = np_mix64(seed * 1000 + (uint64_t)i);
	np_minhash(h, 200, 128, 3, sig);
}

static void params(np_params *p, uint64_t window_seconds)
{
	np_params_default(p);
	p->bands = 42;
	p->rows = 3;
	p->window_seconds = window_seconds;
}

/* One story, indexed twice: a day apart and a month apart. */
static void test_window_filter(void)
{
	np_params p;
	params(&p, 7 * 86400);
	np_index x;
	CHECK_INT(np_index_init(&x, &p), 0);
	uint32_t sig[128];
	uint64_t content[2] = {1, 2};
	signature(1, sig);
	int32_t now = 29000000;
	CHECK_INT(np_index_add(&x, 1, 1, 200, content, sig, now - 30 * MINUTES_PER_DAY), 0);
	CHECK_INT(np_index_add(&x, 2, 1, 200, content, sig, now - MINUTES_PER_DAY), 0);
	CHECK_INT(np_index_add(&x, 3, 1, 200, content, sig, now + 6 * MINUTES_PER_DAY), 0);
	long n = np_index_candidates(&x, sig, now);
	CHECK_INT(n, 2);
	CHECK_INT(n == 2 ? x.sigs.sid[x.cand[0]] : 0, 2);
	CHECK_INT(n == 2 ? x.sigs.sid[x.cand[1]] : 0, 3);
	np_index_free(&x);

	params(&p, 0); /* no window: all three */
	CHECK_INT(np_index_init(&x, &p), 0);
	for (int i = 0; i < 3; i++)
		np_index_add(&x, i + 1, 1, 200, content, sig, now - 30 * MINUTES_PER_DAY * i);
	CHECK_INT(np_index_candidates(&x, sig, now), 3);
	np_index_free(&x);
}

/* 70,000 stories over 100 days with a 1-day window: after the run only the
 * stories of about the last day or two stay, and they are still found. */
static void test_compaction(void)
{
	np_params p;
	params(&p, 86400);
	np_index x;
	CHECK_INT(np_index_init(&x, &p), 0);
	uint32_t sig[128];
	uint64_t content[2] = {0, 0};
	int32_t start = 29000000, last = start;
	for (int i = 0; i < STORIES; i++) {
		last = start + (int32_t)((int64_t)i * 100 * MINUTES_PER_DAY / STORIES);
		signature((uint64_t)i, sig);
		CHECK(np_index_add(&x, i + 1, i + 1, 200, content, sig, last) == 0);
	}
	fprintf(stderr, "%d stories over 100 days, 1-day window: %zu kept\n", STORIES, x.sigs.n);
	CHECK(x.sigs.n < 10000);
	/* the last drop came at item 65,536 (day 93.6): what stays is from a day
	 * before it on, so nothing older than 8 days before the newest */
	int32_t oldest = last;
	for (size_t i = 0; i < x.sigs.n; i++)
		if (x.sigs.minute[i] < oldest)
			oldest = x.sigs.minute[i];
	CHECK(oldest >= last - 8 * MINUTES_PER_DAY);
	signature(STORIES - 1, sig); /* the newest is still found, by itself */
	long n = np_index_candidates(&x, sig, last);
	CHECK(n >= 1 && x.sigs.sid[x.cand[n - 1]] == STORIES);
	np_index_free(&x);
}

int main(void)
{
	test_window_filter();
	test_compaction();
	return CHECK_DONE();
}
