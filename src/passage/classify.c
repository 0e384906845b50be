/*
 * classify.c — the derivation class of a pair and its names (see
 * classify.h).
 */
#include "passage/classify.h"

#include <string.h>

#include "util/timestamp.h"

const char *np_derivation_name(np_derivation d)
{
	return d == NP_DERIVED_WHOLLY ? "wholly" : d == NP_DERIVED_PARTIALLY ? "partially" : NULL;
}

np_derivation np_derivation_parse(const char *s)
{
	if (s && strcmp(s, "wholly") == 0)
		return NP_DERIVED_WHOLLY;
	if (s && strcmp(s, "partially") == 0)
		return NP_DERIVED_PARTIALLY;
	return NP_DERIVED_NONE;
}

np_derivation np_passage_classify(const np_params *p, const np_alignment *al, int copy_is_a,
                                  np_overlap ov, np_kin kin)
{
	double copy_share = copy_is_a ? al->a_in_b : al->b_in_a;
	if (ov.shared < p->passage_min_words || kin == NP_KIN_OUTLET_APART)
		return NP_DERIVED_NONE;
	if (copy_share >= p->passage_wholly)
		return NP_DERIVED_WHOLLY;
	return kin == NP_KIN_OTHER && ov.share >= p->passage_overlap &&
	               ov.source_share >= p->passage_source
	           ? NP_DERIVED_PARTIALLY
	           : NP_DERIVED_NONE;
}

/* An outlet resends a story (a correction, a fuller version) within days;
 * its own text again a week or more later is a template it fills anew, a
 * daily market report or a weather page. On COUNTER the agency's stock
 * reports of days months apart would be linked wholly, and a paper's
 * report would join them through another paper's; any window from 1 to 30
 * days unlinks those and nothing else (benchmarks/README.md, "A word of the
 * copy less one letter"). */
#define RESEND_SECONDS (7 * SECONDS_PER_DAY)

np_kin np_passage_kin(int same_outlet, int64_t apart_seconds)
{
	if (!same_outlet)
		return NP_KIN_OTHER;
	return apart_seconds > RESEND_SECONDS || apart_seconds < -RESEND_SECONDS ? NP_KIN_OUTLET_APART
	                                                                         : NP_KIN_OUTLET;
}
