/*
 * postings.h — passage postings a backend holds until its transaction
 * commits: appended as a story's passages are indexed, answered to the
 * lookups of the stories that follow in the same transaction from a hash
 * table, and handed back in key order to be written just before the
 * commit (the passages table is keyed by random fingerprints: rows written
 * in key order touch each page of its index once per commit).
 */
#ifndef NP_STORE_POSTINGS_H
#define NP_STORE_POSTINGS_H

#include <stddef.h>
#include <stdint.h>

#include "util/presence.h"

typedef struct np_posting {
	int64_t key;  /* the stored form of the fingerprint */
	int64_t sid;
} np_posting;

typedef struct np_postings np_postings;

/* Holds one posting, making *p on first use; -1 when out of memory. */
int np_postings_add(np_postings **p, int64_t key, int64_t sid);
/* The sids of up to max held postings of key, in the order they were
 * added, into out; returns how many (p may be NULL: none). */
size_t np_postings_find(const np_postings *p, int64_t key, int64_t *out, size_t max);
/* Adds the key of every held posting to a presence set. */
void np_postings_mark(const np_postings *p, np_presence *pr);
/* The held postings sorted by key (sids of one key in no set order), and
 * how many; valid until the next call on p. */
size_t np_postings_sorted(np_postings *p, const np_posting **v);
/* Empties p (after writing, or a rollback), keeping its memory. */
void np_postings_clear(np_postings *p);
void np_postings_free(np_postings *p);

#endif
