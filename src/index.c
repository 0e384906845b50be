/*
 * index.c — the in-memory index with its time window (see index.h).
 */
#include "index.h"

#include <stdlib.h>
#include <time.h>

#include "timestamp.h"

#define SECONDS_PER_MINUTE 60

/* Expired items are dropped when the index has doubled since the last time
 * (at least this many items): each item is moved at most a few times in
 * all, so dropping costs O(1) a story. */
#define COMPACT_MIN_ITEMS 65536

int np_index_init(np_index *x, const np_params *p)
{
	x->sigs = (np_sigs){.k = p->minhash_k};
	x->lsh = np_lsh_new(p->bands, p->rows, p->seed);
	x->window = (int32_t)(p->window_seconds / SECONDS_PER_MINUTE);
	x->newest = INT32_MIN;
	x->next_compact = COMPACT_MIN_ITEMS;
	x->q16 = malloc(p->minhash_k * sizeof *x->q16);
	x->cand = NULL;
	x->cap_cand = 0;
	return x->lsh && x->q16 ? 0 : -1;
}

void np_index_free(np_index *x)
{
	np_sigs_free(&x->sigs);
	np_lsh_free(x->lsh);
	free(x->q16);
	free(x->cand);
}

int32_t np_index_minute(const char *published)
{
	int64_t t;
	int has_time;
	if (!np_timestamp_parse(published, &t, &has_time))
		t = (int64_t)time(NULL);
	return (int32_t)(t / SECONDS_PER_MINUTE);
}

/* Drops the items older than the window of the newest and rebuilds the
 * bands from the signatures that remain. */
static int compact(np_index *x)
{
	np_sigs_drop_before(&x->sigs, x->newest - x->window);
	np_lsh_clear(x->lsh);
	for (size_t i = 0; i < x->sigs.n; i++)
		if (np_lsh_insert(x->lsh, (uint32_t)i, x->sigs.minhash + i * x->sigs.k))
			return -1;
	size_t twice = 2 * x->sigs.n;
	x->next_compact = twice > COMPACT_MIN_ITEMS ? twice : COMPACT_MIN_ITEMS;
	return 0;
}

int np_index_add(np_index *x, int64_t sid, int64_t cluster, uint32_t n_shingles,
                 const uint64_t content[2], const uint32_t *minhash, int32_t minute)
{
	uint32_t item = (uint32_t)x->sigs.n;
	if (np_sigs_push(&x->sigs, sid, cluster, n_shingles, content, minhash, minute))
		return -1;
	if (np_lsh_insert(x->lsh, item, x->sigs.minhash + (size_t)item * x->sigs.k))
		return -1;
	if (minute > x->newest)
		x->newest = minute;
	return x->window && x->sigs.n >= x->next_compact ? compact(x) : 0;
}

static int32_t distance(int32_t a, int32_t b)
{
	return a > b ? a - b : b - a;
}

long np_index_candidates(np_index *x, const uint32_t *minhash, int32_t minute)
{
	for (unsigned i = 0; i < x->sigs.k; i++)
		x->q16[i] = (uint16_t)minhash[i];
	long n = np_lsh_query(x->lsh, x->q16, &x->cand, &x->cap_cand);
	if (n <= 0 || !x->window)
		return n;
	long w = 0;
	for (long i = 0; i < n; i++)
		if (distance(x->sigs.minute[x->cand[i]], minute) <= x->window)
			x->cand[w++] = x->cand[i];
	return w;
}
