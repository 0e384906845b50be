/*
 * derive.c — finding, aligning and classifying a new story's derivation
 * links (see derive.h).
 */
#include "engine/derive.h"

#include <stdlib.h>
#include <string.h>

#include "read/outlets.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/timestamp.h"

/* Stories sharing the most fingerprints with the new one are aligned, at
 * most this many: each costs a read and a normalization of its body, and a
 * story derives from one or two sources, rarely more. */
#define MAX_CANDIDATES 8

/* A stored story sharing fingerprints with the new one, and its index item. */
typedef struct candidate {
	int64_t sid;
	size_t hits;
	uint32_t item;
	int32_t gap; /* minutes between the two publications */
} candidate;

static int cmp_sid(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int32_t gap(int32_t a, int32_t b)
{
	return a > b ? a - b : b - a;
}

/* Whether x ranks before y: more hits, then the nearer in time (a copy
 * follows its source within days, and of many stories sharing one
 * fingerprint the oldest is the least likely source), then the lower sid. */
static int ranks_before(const candidate *x, const candidate *y)
{
	if (x->hits != y->hits)
		return x->hits > y->hits;
	return x->gap != y->gap ? x->gap < y->gap : x->sid < y->sid;
}

/* Inserts c into best[0..*kept), kept in rank order and at most
 * MAX_CANDIDATES long (one step of an insertion sort). */
static void keep_best(candidate *best, size_t *kept, candidate c)
{
	size_t i = *kept < MAX_CANDIDATES ? (*kept)++ : MAX_CANDIDATES;
	for (; i > 0 && ranks_before(&c, &best[i - 1]); i--)
		if (i < MAX_CANDIDATES)
			best[i] = best[i - 1];
	if (i < MAX_CANDIDATES)
		best[i] = c;
}

/* Stored story sid as a candidate of q: 0 when it cannot be linked (not
 * indexed, or out of the window), so that it takes no place among the best. */
static int candidate_of(const np_sigs *sigs, const np_derive_query *q, int64_t sid, size_t hits,
                        candidate *c)
{
	long it = np_sigs_find(sigs, sid);
	if (it < 0)
		return 0;
	*c = (candidate){sid, hits, (uint32_t)it, gap(sigs->minute[it], q->minute)};
	return !q->window || c->gap <= q->window;
}

/* The sids (one per shared fingerprint) counted and ranked: the best
 * MAX_CANDIDATES that can be linked into out; returns how many. */
static size_t rank_candidates(const np_sigs *sigs, const np_derive_query *q, int64_t *sids,
                              size_t n, candidate *out)
{
	qsort(sids, n, sizeof *sids, cmp_sid);
	size_t kept = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && sids[j] == sids[i])
			j++;
		candidate c;
		if (candidate_of(sigs, q, sids[i], j - i, &c))
			keep_best(out, &kept, c);
		i = j;
	}
	return kept;
}

static int push_link(np_derive *dv, const np_link *l)
{
	if (dv->n_links == dv->cap_links) {
		size_t cap = NP_GROW(dv->cap_links);
		np_link *v = realloc(dv->links, cap * sizeof *v);
		if (!v)
			return -1;
		dv->links = v;
		dv->cap_links = cap;
	}
	dv->links[dv->n_links++] = *l;
	return 0;
}

/* Room for n values in *v (capacity *cap); -1 when out of memory. */
static int reserve_df(uint32_t **v, size_t *cap, size_t n)
{
	if (n <= *cap)
		return 0;
	uint32_t *p = realloc(*v, n * sizeof *p);
	if (!p)
		return -1;
	*v = p;
	*cap = n;
	return 0;
}

/* Counts the new story (words t) in the document frequencies df of words
 * w[0..n) (sorted) and in *docs: words are weighed over the store as it
 * will be with the new story in it, so that a pair weighs the same whichever
 * of the two was stored first (a stored copy's own words count it already). */
static void count_new_story(const np_ptext *t, const uint64_t *w, size_t n, uint32_t *df,
                            uint32_t *docs)
{
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		while (j < t->n_word && t->word[j] < w[i])
			j++;
		df[i] += j < t->n_word && t->word[j] == w[i];
	}
	(*docs)++;
}

/* The copy's word overlap with the source: the new story's words weighed
 * with dv->df, or the stored story's (other, its other spellings made now)
 * with theirs, looked up now. */
static np_status overlap_of(np_derive *dv, const np_params *p, np_store *st, const np_ptext *t,
                            np_ptext *other, int copy_is_new, np_overlap *ov, np_error *err)
{
	if (copy_is_new)
		return np_passage_overlap(t, dv->df, dv->docs, other, ov, err);
	if (reserve_df(&dv->df_other, &dv->cap_other, other->n_word))
		return np_fail(err, NP_ENOMEM, "out of memory weighing words");
	uint32_t docs = 0;
	np_status rc = np_ptext_forms(p, other, err);
	if (rc == NP_OK)
		rc = np_store_word_df(st, other->script, other->word, other->n_word, dv->df_other,
		                      &docs, err);
	if (rc == NP_OK) {
		count_new_story(t, other->word, other->n_word, dv->df_other, &docs);
		rc = np_passage_overlap(other, dv->df_other, docs, t, ov, err);
	}
	return rc;
}

/* The passage text of stored story sid; *s (when not NULL) its row as
 * stored, publisher included (free it with np_stored_text_free). */
static np_status stored_text(const np_params *p, np_store *st, int64_t sid, np_ptext *out,
                             np_stored_text *s, np_error *err)
{
	if (s) {
		np_status rc = np_store_text_of(st, sid, s, err);
		return rc == NP_OK ? np_ptext_body(p, s->body, out, err) : rc;
	}
	char *body = NULL;
	np_status rc = np_store_body_of(st, sid, &body, err);
	if (rc == NP_OK)
		rc = np_ptext_body(p, body, out, err);
	free(body);
	return rc;
}

/* Whether what the new story q shares with stored story s is its own
 * outlet's material: s is of q's outlet, or s was stored as a copy of a
 * story of q's outlet. An agency's follow-up repeats its own background,
 * which a paper's copy of the agency's earlier story holds too; on COUNTER
 * most partial links from an agency story to a paper's are such
 * (benchmarks/README.md, "One outlet's material through a copy"). */
static int own_outlet_material(const np_derive_query *q, const np_stored_text *s)
{
	return np_same_outlet(q->outlet, q->url, s->outlet, s->url) ||
	       np_same_outlet(q->outlet, q->url, s->match_outlet, s->match_url);
}

/* The class of a pair published minutes apart: the outlets are compared
 * (publisher lookups) only for a pair that would otherwise be derived. */
static np_derivation classify(const np_params *p, const np_alignment *al, int copy_is_new,
                              np_overlap ov, const np_derive_query *q, const np_stored_text *s,
                              int32_t minutes)
{
	np_derivation cls = np_passage_classify(p, al, copy_is_new, ov, NP_KIN_OTHER);
	if (cls != NP_DERIVED_NONE && own_outlet_material(q, s))
		cls = np_passage_classify(p, al, copy_is_new, ov,
		                          np_passage_kin(1, (int64_t)minutes * SECONDS_PER_MINUTE));
	return cls;
}

/* The link of the new story q with stored item it, when they are derived
 * one from the other. */
static np_status link_with(np_derive *dv, const np_params *p, np_store *st, const np_sigs *sigs,
                           const np_derive_query *q, uint32_t it, np_error *err)
{
	const np_ptext *t = q->text;
	np_ptext other = {0};
	np_alignment al = {0};
	np_overlap ov = {0};
	np_stored_text row = {0};
	int32_t tn = q->minute, ts = sigs->minute[it];
	int copy_is_new = 1;
	np_status rc = stored_text(p, st, sigs->sid[it], &other, &row, err);
	if (rc == NP_OK)
		rc = np_passage_align_pair(t, &other, tn != ts ? tn > ts : -1, p->passage_words, &al,
		                           &copy_is_new, err);
	if (rc == NP_OK)
		rc = overlap_of(dv, p, st, t, &other, copy_is_new, &ov, err);
	if (rc == NP_OK) {
		np_link l = {.sid = sigs->sid[it], .item = it, .copy_is_new = copy_is_new,
		             .new_share = al.a_in_b, .stored_share = al.b_in_a,
		             .overlap = ov.share, .shared_words = ov.shared,
		             .passages = (uint32_t)al.n, .new_words = al.covered_a,
		             .stored_words = al.covered_b};
		l.cls = classify(p, &al, l.copy_is_new, ov, q, &row, tn - ts);
		if (l.cls != NP_DERIVED_NONE && push_link(dv, &l))
			rc = np_fail(err, NP_ENOMEM, "out of memory linking passages");
	}
	np_stored_text_free(&row);
	np_alignment_free(&al);
	np_ptext_free(&other);
	return rc;
}

/* Whether the new story q may be partially derived from stored story sid
 * by their words alone (np_passage_overlap_keys, never under the figures
 * of the texts); 1 when sid's word keys were not stored. */
static np_status may_be_partial(const np_derive *dv, const np_params *p, np_store *st,
                                const np_derive_query *q, int64_t sid, int *maybe,
                                np_error *err)
{
	uint32_t *keys = NULL;
	size_t n = 0;
	int found = 0;
	np_status rc = np_store_word_keys_of(st, sid, &keys, &n, &found, err);
	*maybe = 1;
	np_overlap ov = {0};
	if (rc == NP_OK && found)
		rc = np_passage_overlap_keys(q->text, dv->df, dv->docs, keys, n, &ov, err);
	if (rc == NP_OK && found) {
		np_alignment none = {0}; /* no passages: the bound speaks of partial links alone */
		*maybe = np_passage_classify(p, &none, 1, ov, NP_KIN_OTHER) == NP_DERIVED_PARTIALLY;
	}
	free(keys);
	return rc;
}

/* Whether candidate c (item it) is worth aligning. One that shares a single
 * fingerprint with the new story shares no long passage with it, so it can
 * at most be partially derived, which its words alone can rule out: the
 * alignment (a stored body read back and normalized again) is skipped when
 * they do. Most candidates share a single fingerprint, and almost none of
 * them link, all partially (benchmarks/README.md, "Which candidates are
 * aligned"). The stored story must be
 * the source (earlier: of two published at once either may be the copy), as
 * the df at hand are the new story's words'. */
static np_status worth_aligning(const np_derive *dv, const np_params *p, np_store *st,
                                const np_sigs *sigs, const np_derive_query *q, candidate c,
                                uint32_t it, int *worth, np_error *err)
{
	*worth = 1;
	if (c.hits > 1 || q->minute <= sigs->minute[it])
		return NP_OK;
	return may_be_partial(dv, p, st, q, c.sid, worth, err);
}

/* Wholly derived links first, then by the copy's word overlap. */
static int by_score(const void *a, const void *b)
{
	const np_link *x = a, *y = b;
	if (x->cls != y->cls)
		return x->cls > y->cls ? -1 : 1;
	if (x->overlap != y->overlap)
		return x->overlap > y->overlap ? -1 : 1;
	return (x->sid > y->sid) - (x->sid < y->sid);
}

np_status np_derive_find(np_derive *dv, const np_params *p, np_store *st, const np_sigs *sigs,
                         const np_derive_query *q, np_error *err)
{
	const np_ptext *t = q->text;
	dv->n_sids = 0;
	dv->n_links = 0;
	np_status rc = np_store_find_passages(st, q->fps, q->n_fps, p->passage_cap, &dv->sids,
	                                      &dv->n_sids, &dv->cap_sids, err);
	if (rc != NP_OK || dv->n_sids == 0)
		return rc;
	if (reserve_df(&dv->df, &dv->cap_df, t->n_word))
		return np_fail(err, NP_ENOMEM, "out of memory weighing words");
	rc = np_ptext_forms(p, q->text, err); /* the new story is the copy of most pairs */
	if (rc == NP_OK)
		rc = np_store_word_df(st, t->script, t->word, t->n_word, dv->df, &dv->docs, err);
	if (rc == NP_OK)
		count_new_story(t, t->word, t->n_word, dv->df, &dv->docs);
	candidate cand[MAX_CANDIDATES];
	size_t n = rc == NP_OK ? rank_candidates(sigs, q, dv->sids, dv->n_sids, cand) : 0;
	for (size_t i = 0; rc == NP_OK && i < n; i++) {
		int worth = 1;
		rc = worth_aligning(dv, p, st, sigs, q, cand[i], cand[i].item, &worth, err);
		if (rc == NP_OK && worth)
			rc = link_with(dv, p, st, sigs, q, cand[i].item, err);
	}
	if (dv->n_links > 1)
		qsort(dv->links, dv->n_links, sizeof *dv->links, by_score);
	return rc;
}

np_status np_derive_inherited(np_derive *dv, const np_params *p, np_store *st, const np_ptext *t,
                              int64_t b, int64_t a, double *share, np_error *err)
{
	np_ptext tb = {0}, ta = {0};
	np_status rc = stored_text(p, st, b, &tb, NULL, err);
	if (rc == NP_OK)
		rc = stored_text(p, st, a, &ta, NULL, err);
	*share = rc == NP_OK ? np_passage_inherited(t, dv->df, dv->docs, &tb, &ta) : 0.0;
	np_ptext_free(&tb);
	np_ptext_free(&ta);
	return rc;
}

void np_derive_free(np_derive *dv)
{
	free(dv->sids);
	free(dv->links);
	free(dv->df);
	free(dv->df_other);
	memset(dv, 0, sizeof *dv);
}
