/*
 * test_index.c — the in-memory index: candidates outside the time window
 * are never returned, a long run of stories in time order keeps only about
 * a window's worth in memory, and stories sharing only their lead are found
 * through the lead table unless the lead is a stock one.
 */
#include <stdlib.h>

#include "check.h"
#include "index/index.h"
#include "fingerprint/minhash.h"

#define MINUTES_PER_DAY 1440
#define STORIES 70000 /* more than one compaction's worth (65,536) */

static void signature(uint64_t seed, uint32_t *sig)
{
	uint64_t h[200];
	for (int i = 0; i < 200; i++)
		h[i] = np_mix64(seed * 1000 + (uint64_t)i);
	np_minhash(h, 200, 128, 3, sig);
}

static const uint64_t CONTENT[2] = {1, 2};

/* Indexes story sid (cluster sid) with signature sig and lead lead. */
static int add(np_index *x, int64_t sid, const uint32_t *sig, const uint32_t *lead,
               int32_t minute)
{
	np_index_story s = {.sid = sid, .cluster = sid, .n_shingles = 200, .content = CONTENT,
	                    .minhash = sig, .lead = lead, .minute = minute};
	return np_index_add(x, &s);
}

static long candidates(np_index *x, const uint32_t *sig, const uint32_t *lead, int32_t minute)
{
	return np_index_candidates(x, sig, np_index_lead_key(x, lead), minute);
}

static void params(np_params *p, uint64_t window_seconds)
{
	np_params_default(p, NP_PARAMS_VERSION, NULL);
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
	signature(1, sig);
	int32_t now = 29000000;
	CHECK_INT(add(&x, 1, sig, sig, now - 30 * MINUTES_PER_DAY), 0);
	CHECK_INT(add(&x, 2, sig, sig, now - MINUTES_PER_DAY), 0);
	CHECK_INT(add(&x, 3, sig, sig, now + 6 * MINUTES_PER_DAY), 0);
	long n = candidates(&x, sig, sig, now);
	CHECK_INT(n, 2);
	CHECK_INT(n == 2 ? x.sigs.sid[x.cand[0]] : 0, 2);
	CHECK_INT(n == 2 ? x.sigs.sid[x.cand[1]] : 0, 3);
	np_index_free(&x);

	params(&p, 0); /* no window: all three */
	CHECK_INT(np_index_init(&x, &p), 0);
	for (int i = 0; i < 3; i++)
		add(&x, i + 1, sig, sig, now - 30 * MINUTES_PER_DAY * i);
	CHECK_INT(candidates(&x, sig, sig, now), 3);
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
	uint32_t sig[128], lead[128];
	int32_t start = 29000000, last = start;
	for (int i = 0; i < STORIES; i++) {
		last = start + (int32_t)((int64_t)i * 100 * MINUTES_PER_DAY / STORIES);
		signature((uint64_t)i, sig);
		signature((uint64_t)i + STORIES, lead);
		CHECK(add(&x, i + 1, sig, lead, last) == 0);
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
	signature(0, lead);
	long n = candidates(&x, sig, lead, last);
	CHECK(n >= 1 && x.sigs.sid[x.cand[n - 1]] == STORIES);
	signature(2 * STORIES - 1, lead); /* and by its lead alone, after compaction */
	signature(3 * STORIES, sig);
	n = candidates(&x, sig, lead, last);
	CHECK_INT(n, 1);
	CHECK_INT(n == 1 ? x.sigs.sid[x.cand[0]] : 0, STORIES);
	np_index_free(&x);
}

/* Stories whose bodies share nothing are candidates of each other when
 * their leads are equal, in order with the body's candidates; a lead held
 * by 100 stories (index.c's LEAD_STOCK) is a stock intro and finds none. */
#define STOCK 100

static void test_lead(void)
{
	np_params p;
	params(&p, 0);
	np_index x;
	CHECK_INT(np_index_init(&x, &p), 0);
	uint32_t sig[128], lead[128], other[128];
	signature(7, lead);
	signature(8, other);
	for (int i = 0; i < 5; i++) {
		signature((uint64_t)(100 + i), sig);
		CHECK_INT(add(&x, i + 1, sig, i % 2 ? lead : other, 0), 0);
	}
	signature(102, sig); /* the body of story 3, the lead of 2 and 4 */
	long n = candidates(&x, sig, lead, 0);
	CHECK_INT(n, 3);
	for (long i = 0; i < n && n == 3; i++)
		CHECK_INT(x.sigs.sid[x.cand[i]], 2 + i);
	signature(999, sig); /* a body like none: the lead's holders alone */
	CHECK_INT(candidates(&x, sig, lead, 0), 2);
	for (int i = 5; i < STOCK + 2; i++) { /* 97 more holders: 99 */
		signature((uint64_t)(100 + i), sig);
		CHECK_INT(add(&x, i + 1, sig, lead, 0), 0);
	}
	signature(999, sig);
	CHECK_INT(candidates(&x, sig, lead, 0), STOCK - 1);
	signature(100 + STOCK + 2, sig); /* the hundredth */
	CHECK_INT(add(&x, STOCK + 3, sig, lead, 0), 0);
	signature(999, sig);
	CHECK_INT(candidates(&x, sig, lead, 0), 0);
	CHECK_INT(candidates(&x, sig, other, 0), 3); /* stories 1, 3 and 5 */
	np_index_free(&x);
}

int main(void)
{
	test_window_filter();
	test_compaction();
	test_lead();
	return CHECK_DONE();
}
