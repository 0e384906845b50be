/*
 * index.c — the in-memory index with its time window (see index.h).
 */
#include "index/index.h"

#include <stdlib.h>
#include <time.h>

#include "util/timestamp.h"

/* Expired items are dropped when the index has doubled since the last time
 * (at least this many items): each item is moved at most a few times in
 * all, so dropping costs O(1) a story. */
#define COMPACT_MIN_ITEMS 65536

/* A lead held by this many indexed stories is a stock intro (an outlet's
 * standing first paragraph), not evidence of a copy: the lead table finds
 * nothing through it. A wire story is carried by up to 40 papers in the
 * generated corpus (and in the example of docs/architecture.md), each keeping the lead;
 * 100 leaves room for the largest real syndications seen (BBC, COUNTER)
 * while bounding a query's walk. */
#define LEAD_STOCK 100

/* A query takes at most this many stories of one band key, the newest. A
 * key held by more is a large cluster's (one wire story carried by
 * thousands of sites): any of its holders puts the story in that cluster,
 * and verifying them all would make each copy cost the size of the cluster
 * (benchmarks/README.md, "Large true clusters"). The generated corpus's
 * clusters hold at most 41 stories, so its candidates are all found. */
#define BAND_WALK 64

/* Once a key of the query had BAND_WALK holders, each later band gives at
 * most this many: the story is in a large cluster's company, whose newest
 * members the first such key gave, and taking 64 of every band would make
 * its copies walk 42 x 64 entries and verify hundreds of distinct members
 * (benchmarks/README.md, "Large true clusters"). A band's 8 newest still
 * find any cluster sharing it; smaller clusters never reach BAND_WALK, so
 * their queries take every holder. */
#define BAND_WALK_AFTER 8

np_lsh *np_index_bands_new(const np_params *p)
{
	np_lsh *l = np_lsh_new(p->bands, p->rows, p->seed);
	if (l)
		np_lsh_set_walk(l, BAND_WALK, BAND_WALK_AFTER);
	return l;
}

np_lsh *np_index_lead_table_new(const np_params *p)
{
	np_lsh *l = np_lsh_new(1, p->lead_k, p->seed);
	if (l)
		np_lsh_set_stock(l, LEAD_STOCK);
	return l;
}

int np_index_init(np_index *x, const np_params *p)
{
	x->sigs = (np_sigs){.k = p->minhash_k};
	x->lsh = np_index_bands_new(p);
	x->lead = np_index_lead_table_new(p);
	x->window = (int32_t)(p->window_seconds / SECONDS_PER_MINUTE);
	x->newest = INT32_MIN;
	x->next_compact = COMPACT_MIN_ITEMS;
	x->q16 = malloc(p->minhash_k * sizeof *x->q16);
	x->lead_k = p->lead_k;
	x->lead16 = malloc(p->lead_k * sizeof *x->lead16);
	x->cand = x->lead_cand = NULL;
	x->cap_cand = x->cap_lead_cand = 0;
	return x->lsh && x->lead && x->q16 && x->lead16 ? 0 : -1;
}

void np_index_free(np_index *x)
{
	np_sigs_free(&x->sigs);
	np_lsh_free(x->lsh);
	np_lsh_free(x->lead);
	free(x->q16);
	free(x->lead16);
	free(x->cand);
	free(x->lead_cand);
}

int32_t np_index_minute(const char *published)
{
	int64_t t;
	int has_time;
	if (!np_timestamp_parse(published, &t, &has_time))
		t = (int64_t)time(NULL);
	return (int32_t)(t / SECONDS_PER_MINUTE);
}

/* Adds item i of x->sigs to both tables. */
static int insert(np_index *x, size_t i)
{
	if (np_lsh_insert(x->lsh, (uint32_t)i, x->sigs.minhash + i * x->sigs.k))
		return -1;
	return np_lsh_insert_keys(x->lead, (uint32_t)i, &x->sigs.lead[i]);
}

/* Drops the items older than the window of the newest and rebuilds the
 * tables from what remains. */
static int compact(np_index *x)
{
	np_sigs_drop_before(&x->sigs, x->newest - x->window);
	np_lsh_clear(x->lsh);
	np_lsh_clear(x->lead);
	for (size_t i = 0; i < x->sigs.n; i++)
		if (insert(x, i))
			return -1;
	size_t twice = 2 * x->sigs.n;
	x->next_compact = twice > COMPACT_MIN_ITEMS ? twice : COMPACT_MIN_ITEMS;
	return 0;
}

uint32_t np_index_lead_key(np_index *x, const uint32_t *lead)
{
	for (unsigned i = 0; i < x->lead_k; i++)
		x->lead16[i] = (uint16_t)lead[i];
	return np_lsh_key(x->lead, x->lead16, 0);
}

int np_index_add(np_index *x, const np_index_story *s)
{
	size_t item = x->sigs.n;
	np_sig_item it = {.sid = s->sid, .cluster = s->cluster, .n_shingles = s->n_shingles,
	                  .lead = np_index_lead_key(x, s->lead), .content = s->content,
	                  .minhash = s->minhash, .minute = s->minute};
	if (np_sigs_push(&x->sigs, &it))
		return -1;
	if (insert(x, item)) { /* left as it was: item numbers stay in step */
		np_lsh_truncate(x->lsh, (uint32_t)item);
		np_lsh_truncate(x->lead, (uint32_t)item);
		x->sigs.n = item;
		return -1;
	}
	if (s->minute > x->newest)
		x->newest = s->minute;
	return x->window && x->sigs.n >= x->next_compact ? compact(x) : 0;
}

static int32_t distance(int32_t a, int32_t b)
{
	return a > b ? a - b : b - a;
}

/* Merges the sorted, distinct b[0..nb) into the sorted, distinct
 * a[0..na) (room for na + nb), keeping them distinct; the count. */
static size_t merge(uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i = na, j = nb, w = na + nb;
	while (j > 0) {
		if (i > 0 && a[i - 1] > b[j - 1])
			a[--w] = a[--i];
		else if (i > 0 && a[i - 1] == b[j - 1])
			a[--w] = a[--i], j--;
		else
			a[--w] = b[--j];
	}
	/* a[0..i) is in place; the merged tail starts at w */
	size_t n = i;
	for (size_t k = w; k < na + nb; k++)
		a[n++] = a[k];
	return n;
}

/* Adds the items found through the lead to x->cand[0..n); the count, or -1. */
static long add_lead_candidates(np_index *x, long n, uint32_t lead)
{
	long m = np_lsh_query_keys(x->lead, &lead, &x->lead_cand, &x->cap_lead_cand);
	if (m <= 0)
		return m < 0 ? -1 : n;
	size_t need = (size_t)n + (size_t)m;
	if (need > x->cap_cand) {
		uint32_t *c = realloc(x->cand, need * sizeof *c);
		if (!c)
			return -1;
		x->cand = c;
		x->cap_cand = need;
	}
	return (long)merge(x->cand, (size_t)n, x->lead_cand, (size_t)m);
}

long np_index_candidates(np_index *x, const uint32_t *minhash, uint32_t lead, int32_t minute)
{
	for (unsigned i = 0; i < x->sigs.k; i++)
		x->q16[i] = (uint16_t)minhash[i];
	long n = np_lsh_query(x->lsh, x->q16, &x->cand, &x->cap_cand);
	if (n >= 0)
		n = add_lead_candidates(x, n, lead);
	if (n <= 0 || !x->window)
		return n;
	long w = 0;
	for (long i = 0; i < n; i++)
		if (distance(x->sigs.minute[x->cand[i]], minute) <= x->window)
			x->cand[w++] = x->cand[i];
	return w;
}
