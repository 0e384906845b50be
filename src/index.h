/*
 * index.h — the in-memory index (DESIGN.md stage "index"): the fingerprints
 * of the stored stories (match.h's np_sigs) and the LSH bands over them,
 * with an optional time window. A cache: db.c builds it from the store.
 *
 * With a window, a story is matched only to stories published within the
 * window of it, and stories that fall out of the window of the newest story
 * seen are dropped from memory (they stay in the store): an index of a year
 * of news holds about one window's worth.
 */
#ifndef NP_INDEX_H
#define NP_INDEX_H

#include "lsh.h"
#include "match.h"

typedef struct np_index {
	np_sigs sigs;
	np_lsh *lsh;
	int32_t window;      /* minutes; 0: no window */
	int32_t newest;      /* latest minute indexed */
	size_t next_compact; /* item count at which expired items are dropped */
	uint16_t *q16;       /* a query's signature, to its low 16 bits */
	uint32_t *cand;      /* candidates of the last query */
	size_t cap_cand;
} np_index;

int np_index_init(np_index *x, const np_params *p);
void np_index_free(np_index *x);

/* Adds a story; 0, or -1 when out of memory. */
int np_index_add(np_index *x, int64_t sid, int64_t cluster, uint32_t n_shingles,
                 const uint64_t content[2], const uint32_t *minhash, int32_t minute);

/* Items sharing a band with minhash and published within the window of
 * minute, ascending, into x->cand; their count, or -1 when out of memory. */
long np_index_candidates(np_index *x, const uint32_t *minhash, int32_t minute);

/* Minutes since the epoch of an ISO date, or of now when it is not one. */
int32_t np_index_minute(const char *published);

#endif
