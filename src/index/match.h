/*
 * match.h — verifying LSH candidates (docs/architecture.md, "index and
 * match"): the
 * estimated Jaccard, containment both ways and the exact content hash decide
 * whether a candidate is a republication of the new story.
 */
#ifndef NP_MATCH_H
#define NP_MATCH_H

#include <stdint.h>

#include "newsprint.h"

/* The in-memory fingerprints of indexed stories, item i at index i. The
 * MinHash values are kept to their low 16 bits (b-bit minwise hashing, Li &
 * König 2010): half the memory, and two different values agree by chance
 * once in 65,536, which the estimate corrects for. */
typedef struct np_sigs {
	unsigned k;
	size_t n, cap;
	uint16_t *minhash;    /* k values per item, low 16 bits */
	uint32_t *n_shingles;
	uint32_t *lead;       /* key of the lead's signature (index.c): equal keys, same lead */
	uint64_t *content;    /* 2 per item */
	int64_t *sid;         /* row in the store */
	int64_t *cluster;     /* cluster when indexed (resolve through np_clusters) */
	int32_t *minute;      /* published (or, unknown, indexed), minutes since the epoch */
} np_sigs;

/* One indexed story, as np_sigs_push takes it. */
typedef struct np_sig_item {
	int64_t sid, cluster;
	uint32_t n_shingles;
	uint32_t lead;            /* key of its lead signature */
	const uint64_t *content;  /* 2 values */
	const uint32_t *minhash;  /* k values */
	int32_t minute;
} np_sig_item;

/* The cluster of an item whose story was forgotten: cluster ids start at 1,
 * and verification skips such an item (its bands still hold it until the
 * index is built again from the store). */
#define NP_SIGS_FORGOTTEN 0

int np_sigs_push(np_sigs *s, const np_sig_item *it);

/* Keeps only the items whose minute is at least `from`, in order; returns
 * how many were dropped. */
size_t np_sigs_drop_before(np_sigs *s, int32_t from);
void np_sigs_free(np_sigs *s);

typedef struct np_match {
	uint32_t item;
	double jaccard;     /* estimated */
	double contained;   /* share of the new story found in the item */
	double contains;    /* share of the item found in the new story */
	int same_content;   /* identical normalized body */
	int same_lead;      /* the leads' signatures are equal (the first ~45 words) */
} np_match;

/* A new story as verification sees it: its fingerprint and its lead key. */
typedef struct np_query {
	const np_fingerprint *fp;
	uint32_t lead;
} np_query;

/* Lowest estimated Jaccard at which containment alone may decide (0.25, or
 * the threshold if lower): below it the estimate is a handful of equal
 * MinHash values and containment, derived from it, is noise. Also the
 * threshold the LSH bands are tuned to. */
double np_match_floor(const np_params *p);

/* What made m a match: "identical", "jaccard", "containment" or "lead". */
const char *np_match_reason(const np_params *p, const np_match *m);

/* Whether two signed texts match by the rules a candidate passes (Jaccard,
 * or containment either way), leads aside; a text of fewer than
 * p->min_shingles shingles matches nothing. */
int np_match_fingerprints(const np_params *p, const np_fingerprint *a, const np_fingerprint *b);
/* Whether two signed texts match by every rule a candidate passes: those of
 * np_match_fingerprints, and containment at a low Jaccard when their lead
 * signatures (lead_k values each; NULL: none) are equal. */
int np_match_with_leads(const np_params *p, const np_fingerprint *a, const np_fingerprint *b);

/* Whether indexed items a and b match each other as a new story would
 * match a stored one (same thresholds). */
int np_match_items(const np_params *p, const np_sigs *s, uint32_t a, uint32_t b);

/* The scores of q against item it, whether or not they pass. */
np_match np_match_score(const np_query *q, const np_sigs *s, uint32_t it);

/* The item of store row sid (items are in sid order), or -1 when it is not
 * indexed (too short, or out of the time window). */
long np_sigs_find(const np_sigs *s, int64_t sid);

/* Scores the candidates against q and keeps those that pass, best first
 * (ties by item, i.e. the earlier stored). Returns how many, written to out
 * (room for n). */
size_t np_match_verify(const np_params *p, const np_query *q, const np_sigs *s,
                       const uint32_t *cand, size_t n, np_match *out);

#endif
