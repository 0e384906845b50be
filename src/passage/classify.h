/*
 * classify.h — the derivation class of a pair (wholly, partially or none)
 * from its alignment, its word overlap and how its two stories stand by
 * outlet and time.
 */
#ifndef NP_PASSAGE_CLASSIFY_H
#define NP_PASSAGE_CLASSIFY_H

#include <stdint.h>

#include "newsprint.h"
#include "passage/align.h"
#include "passage/overlap.h"

typedef enum np_derivation {
	NP_DERIVED_NONE = 0,
	NP_DERIVED_PARTIALLY,
	NP_DERIVED_WHOLLY
} np_derivation;

/* "wholly", "partially" or NULL for none. */
const char *np_derivation_name(np_derivation d);
/* The derivation named s ("wholly", "partially"), else NONE. */
np_derivation np_derivation_parse(const char *s);

/* How the two stories of a pair stand to each other by outlet and time. */
typedef enum np_kin {
	NP_KIN_OTHER = 0,   /* of two outlets */
	NP_KIN_OUTLET,      /* of one outlet, as close in time as a resend */
	NP_KIN_OUTLET_APART /* of one outlet, further apart: its template (a daily
	                     * market report), not a resend */
} np_kin;

/* The class of a pair whose copy (the later story) is text a (copy_is_a)
 * or b, from its alignment al and the copy's word overlap ov with the
 * source. None unless they share at least p->passage_min_words distinct
 * words (a stock sentence of a short text links nothing); wholly when at
 * least p->passage_wholly of the copy lies in shared passages; partially
 * when the overlap reaches p->passage_overlap and the copy holds at least
 * p->passage_source of the source's distinct words: a rewrite takes a real
 * part of its source, while a short independent report of the same event
 * shares its names and places, not a quarter of its vocabulary. Never
 * partially between two stories of one outlet (kin NP_KIN_OUTLET): an
 * outlet's follow-up that repeats its own background paragraphs is not a
 * republication (on COUNTER such links join an agency's stories of one
 * event and keep their papers' copies out of their clusters: benchmarks/
 * README.md, "One outlet's own stories"). Nor wholly
 * when they are further apart than a resend (NP_KIN_OUTLET_APART). */
np_derivation np_passage_classify(const np_params *p, const np_alignment *al, int copy_is_a,
                                  np_overlap ov, np_kin kin);

/* The kin of two stories, one outlet's (same_outlet) or not, published
 * apart_seconds apart (0 when not known). */
np_kin np_passage_kin(int same_outlet, int64_t apart_seconds);

#endif
