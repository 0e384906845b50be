/*
 * index.h — the in-memory index (docs/architecture.md, "index and
 * match"): the fingerprints
 * of the stored stories (match.h's np_sigs) and the LSH bands over them,
 * with an optional time window. A cache: the engine (engine/engine.c) builds it from the store.
 *
 * Beside the bands over the whole signature, a second table keys each story
 * by its lead's signature (the first 40 shingles): a copy cut to its first
 * paragraphs shares few bands with its original (at Jaccard 0.25 one pair in
 * two becomes a candidate), but keeps its lead whole.
 *
 * With a window, a story is matched only to stories published within the
 * window of it, and stories that fall out of the window of the newest story
 * seen are dropped from memory (they stay in the store): an index of a year
 * of news holds about one window's worth.
 */
#ifndef NP_INDEX_H
#define NP_INDEX_H

#include "index/lsh.h"
#include "index/match.h"

typedef struct np_index {
	np_sigs sigs;
	np_lsh *lsh;
	np_lsh *lead;        /* one band: the whole lead signature */
	int32_t window;      /* minutes; 0: no window */
	int32_t newest;      /* latest minute indexed */
	size_t next_compact; /* item count at which expired items are dropped */
	uint16_t *q16;       /* a query's signature, to its low 16 bits */
	unsigned lead_k;
	uint16_t *lead16;    /* a lead signature, likewise */
	uint32_t *cand;      /* candidates of the last query */
	size_t cap_cand;
	uint32_t *lead_cand; /* those found through the lead */
	size_t cap_lead_cand;
} np_index;

/* A story as the index takes it, its signatures as signed. */
typedef struct np_index_story {
	int64_t sid, cluster;
	uint32_t n_shingles;
	const uint64_t *content;  /* 2 values */
	const uint32_t *minhash;  /* k values */
	const uint32_t *lead;     /* lead_k values */
	int32_t minute;
} np_index_story;

int np_index_init(np_index *x, const np_params *p);

/* LSH tables as the index keys stories, for others that band a set of
 * stories the same way (a cluster split when a story is forgotten): the
 * MinHash bands with their walk caps, and the one band over the lead
 * signature with its stock cap. NULL when out of memory. */
np_lsh *np_index_bands_new(const np_params *p);
np_lsh *np_index_lead_table_new(const np_params *p);
void np_index_free(np_index *x);

/* Adds a story; 0, or -1 when out of memory. */
int np_index_add(np_index *x, const np_index_story *s);

/* The key of a lead signature (lead_k values), as np_sigs keeps it. */
uint32_t np_index_lead_key(np_index *x, const uint32_t *lead);

/* Items sharing a band with minhash or the lead key lead, published within
 * the window of minute, ascending, into x->cand; their count, or -1 when
 * out of memory. */
long np_index_candidates(np_index *x, const uint32_t *minhash, uint32_t lead, int32_t minute);

/* Minutes since the epoch of an ISO date, or of now when it is not one. */
int32_t np_index_minute(const char *published);

#endif
