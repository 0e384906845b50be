/*
 * derive.h — the passage tier's search: the stored stories a new
 * one shares passages with, found through the inverted index of winnowed
 * fingerprints in the store, aligned word by word and classified as wholly
 * or partially derived. The engine (decide.c) runs it for stories the near-duplicate tier
 * found nothing for.
 */
#ifndef NP_DERIVE_H
#define NP_DERIVE_H

#include "index/match.h"
#include "passage/classify.h"
#include "store/store.h"

/* A derivation link between the new story and a stored one. */
typedef struct np_link {
	int64_t sid;         /* the stored story */
	uint32_t item;       /* its index item */
	np_derivation cls;
	int copy_is_new;     /* the new story is the copy: published later, or at the same
	                      * time and more of it shared (np_passage_align_pair) */
	double new_share;    /* share of the new story in the shared passages */
	double stored_share; /* share of the stored story in them */
	double overlap;      /* the copy's IDF-weighted word overlap with the source */
	uint32_t shared_words; /* distinct words the two share */
	uint32_t passages;
	uint32_t new_words;    /* words of the new story in them */
	uint32_t stored_words; /* words of the stored story in them */
} np_link;

/* The new story, as the search takes it. */
typedef struct np_derive_query {
	np_ptext *text;          /* its other spellings are made by the search (np_ptext_forms) */
	const uint64_t *fps;     /* its passage fingerprints */
	size_t n_fps;
	int32_t minute;          /* its publication time (np_index_minute) */
	int32_t window;          /* minutes; 0: no window */
	const char *outlet, *url; /* who published it (either may be NULL) */
} np_derive_query;

/* Scratch kept from story to story. */
typedef struct np_derive {
	int64_t *sids;       /* holders of the fingerprints, one per shared fingerprint */
	size_t n_sids, cap_sids;
	np_link *links;      /* the links of the last search, best first */
	size_t n_links, cap_links;
	uint32_t *df;        /* document frequencies of the new story's words, itself counted */
	uint32_t *df_other;  /* of a stored story's words, when it is the copy (the new one counted) */
	size_t cap_df, cap_other;
	uint32_t docs;       /* bodies counted in them, the new one included */
} np_derive;

/* Finds the links of the new story q into dv->links, best first (wholly
 * derived first, then by the copy's word overlap). Only indexed stories
 * (sigs), within the window when there is one, are linked: a story too
 * short to index links to nothing. */
np_status np_derive_find(np_derive *dv, const np_params *p, np_store *st, const np_sigs *sigs,
                         const np_derive_query *q, np_error *err);
/* *share: of the words the new story (text t, after np_derive_find) shares
 * with stored story b, the share stored story a holds too
 * (np_passage_inherited). */
np_status np_derive_inherited(np_derive *dv, const np_params *p, np_store *st, const np_ptext *t,
                              int64_t b, int64_t a, double *share, np_error *err);
void np_derive_free(np_derive *dv);

#endif
