/*
 * match.c — candidate verification and the in-memory fingerprint table:
 * the estimated Jaccard, containment both ways (from the Jaccard and the
 * shingle counts), the content hash and the lead decide.
 */
#include "index/match.h"

#include <stdlib.h>
#include <string.h>

#include "fingerprint/minhash.h"
#include "util/strbuf.h"

/* Containment may decide only where the estimated Jaccard is at least 0.25:
 * at K = 128 that is 32 equal values, and the standard deviation of the
 * estimate (0.038) keeps the derived containment within about ±0.15. Below
 * it, a few chance equal values would make a short text "contained" in a
 * long one. The LSH bands are tuned to this value (42 x 3 at K = 128). */
#define CONTAINMENT_MIN_JACCARD 0.25

double np_match_floor(const np_params *p)
{
	return p->threshold < CONTAINMENT_MIN_JACCARD ? p->threshold : CONTAINMENT_MIN_JACCARD;
}

/* p reallocated to n elements of size bytes, or p itself when that fails
 * (and *failed is set). */
static void *resized(void *p, size_t n, size_t size, int *failed)
{
	void *q = *failed ? NULL : realloc(p, n * size);
	*failed |= !q;
	return q ? q : p;
}

static int grow(np_sigs *s)
{
	size_t cap = NP_GROW_BIG(s->cap);
	int failed = 0;
	s->minhash = resized(s->minhash, cap * s->k, sizeof *s->minhash, &failed);
	s->n_shingles = resized(s->n_shingles, cap, sizeof *s->n_shingles, &failed);
	s->lead = resized(s->lead, cap, sizeof *s->lead, &failed);
	s->content = resized(s->content, cap * 2, sizeof *s->content, &failed);
	s->sid = resized(s->sid, cap, sizeof *s->sid, &failed);
	s->cluster = resized(s->cluster, cap, sizeof *s->cluster, &failed);
	s->minute = resized(s->minute, cap, sizeof *s->minute, &failed);
	if (failed)
		return -1;
	s->cap = cap;
	return 0;
}

int np_sigs_push(np_sigs *s, const np_sig_item *it)
{
	if (s->n == s->cap && grow(s))
		return -1;
	size_t i = s->n++;
	for (unsigned j = 0; j < s->k; j++)
		s->minhash[i * s->k + j] = (uint16_t)it->minhash[j];
	s->n_shingles[i] = it->n_shingles;
	s->lead[i] = it->lead;
	s->content[2 * i] = it->content[0];
	s->content[2 * i + 1] = it->content[1];
	s->sid[i] = it->sid;
	s->cluster[i] = it->cluster;
	s->minute[i] = it->minute;
	return 0;
}

/* Moves item from to place to (from >= to). */
static void move_item(np_sigs *s, size_t to, size_t from)
{
	memmove(s->minhash + to * s->k, s->minhash + from * s->k, s->k * sizeof *s->minhash);
	s->n_shingles[to] = s->n_shingles[from];
	s->lead[to] = s->lead[from];
	s->content[2 * to] = s->content[2 * from];
	s->content[2 * to + 1] = s->content[2 * from + 1];
	s->sid[to] = s->sid[from];
	s->cluster[to] = s->cluster[from];
	s->minute[to] = s->minute[from];
}

size_t np_sigs_drop_before(np_sigs *s, int32_t from)
{
	size_t w = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->minute[i] >= from)
			move_item(s, w++, i);
	size_t dropped = s->n - w;
	s->n = w;
	return dropped;
}

void np_sigs_free(np_sigs *s)
{
	free(s->minhash);
	free(s->n_shingles);
	free(s->lead);
	free(s->content);
	free(s->sid);
	free(s->cluster);
	free(s->minute);
	memset(s, 0, sizeof *s);
}

/* Which match is best: how much of the new story the stored one holds (its
 * containment in it), or the Jaccard when that is more. A stored story the
 * new one holds whole ("contains" 1.0) says the new story is longer, not
 * where it comes from: ranked by it, a fragment (Jaccard 0.26) inside a
 * verbatim copy would outrank the page copied (Jaccard 0.93, containment
 * 0.99) and put the copy in the fragment's cluster. "contains" lets a
 * match pass (an original arriving after its cut copy joins it); it does
 * not rank. */
static double best_score(const np_match *m)
{
	if (m->same_content)
		return 2.0; /* above any estimate */
	return m->contained > m->jaccard ? m->contained : m->jaccard;
}

/* Containment may also decide down to this estimated Jaccard when the two
 * leads are equal: a copy cut to its first paragraphs keeps the original's
 * lead, and the equal lead (32 values over the first 40 shingles) is the
 * evidence the low Jaccard alone is not. 0.1 is a copy that keeps its
 * first tenth (one paragraph of ten); below it the estimate is 13 equal
 * values of 128 or fewer, and the containment derived from it moves by a
 * quarter with one value more or less. */
#define LEAD_MIN_JACCARD 0.1

static int contained_either(const np_params *p, const np_match *m)
{
	return m->contained >= p->containment || m->contains >= p->containment;
}

static int passes(const np_params *p, const np_match *m)
{
	if (m->same_content || m->jaccard >= p->threshold)
		return 1;
	if (!contained_either(p, m))
		return 0;
	return m->jaccard >= np_match_floor(p) || (m->same_lead && m->jaccard >= LEAD_MIN_JACCARD);
}

const char *np_match_reason(const np_params *p, const np_match *m)
{
	if (m->same_content)
		return "identical";
	if (m->jaccard >= p->threshold)
		return "jaccard";
	return m->jaccard >= np_match_floor(p) ? "containment" : "lead";
}

static int by_score(const void *a, const void *b)
{
	const np_match *x = a, *y = b;
	double sx = best_score(x), sy = best_score(y);
	if (sx != sy)
		return sx > sy ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

/* Chance that two different 16-bit values are equal. */
#define B_BIT_COLLISION (1.0 / 65536.0)

/* From the share of equal 16-bit values to the Jaccard estimate: equal
 * values are the equal minima (J) plus chance collisions of the others. */
static double unbias(unsigned same, unsigned k)
{
	double e = (double)same / k;
	double j = (e - B_BIT_COLLISION) / (1.0 - B_BIT_COLLISION);
	return j < 0.0 ? 0.0 : j;
}

static double jaccard_to_item(const uint32_t *mh, const np_sigs *s, uint32_t it)
{
	const uint16_t *b = s->minhash + (size_t)it * s->k;
	unsigned same = 0;
	for (unsigned i = 0; i < s->k; i++)
		same += (uint16_t)mh[i] == b[i];
	return unbias(same, s->k);
}

static double jaccard_items(const np_sigs *s, uint32_t a, uint32_t b)
{
	const uint16_t *x = s->minhash + (size_t)a * s->k, *y = s->minhash + (size_t)b * s->k;
	unsigned same = 0;
	for (unsigned i = 0; i < s->k; i++)
		same += x[i] == y[i];
	return unbias(same, s->k);
}

/* The match of a text of n shingles, content hash content and lead key
 * lead, at estimated Jaccard j, with item it. */
static np_match score(const np_sigs *s, uint32_t it, double j, uint32_t n,
                      const uint64_t content[2], uint32_t lead)
{
	np_match m = {.item = it};
	m.same_content = s->content[2 * it] == content[0] && s->content[2 * it + 1] == content[1];
	m.same_lead = s->lead[it] == lead;
	m.jaccard = m.same_content ? 1.0 : j;
	m.contained = np_containment(m.jaccard, n, s->n_shingles[it]);
	m.contains = np_containment(m.jaccard, s->n_shingles[it], n);
	return m;
}

/* Whether a and b pass, their leads equal (same_lead) or not. */
static int fingerprints_pass(const np_params *p, const np_fingerprint *a, const np_fingerprint *b,
                             int same_lead)
{
	if (a->n_shingles < p->min_shingles || b->n_shingles < p->min_shingles)
		return 0;
	np_match m = {.jaccard = np_minhash_jaccard(a->minhash, b->minhash, a->k),
	              .same_lead = same_lead};
	m.contained = np_containment(m.jaccard, a->n_shingles, b->n_shingles);
	m.contains = np_containment(m.jaccard, b->n_shingles, a->n_shingles);
	return passes(p, &m);
}

int np_match_fingerprints(const np_params *p, const np_fingerprint *a, const np_fingerprint *b)
{
	return fingerprints_pass(p, a, b, 0);
}

int np_match_with_leads(const np_params *p, const np_fingerprint *a, const np_fingerprint *b)
{
	int same_lead = a->lead && b->lead && a->lead_k == b->lead_k &&
	                !memcmp(a->lead, b->lead, a->lead_k * sizeof *a->lead);
	return fingerprints_pass(p, a, b, same_lead);
}

int np_match_items(const np_params *p, const np_sigs *s, uint32_t a, uint32_t b)
{
	np_match m = score(s, b, jaccard_items(s, a, b), s->n_shingles[a], &s->content[2 * a],
	                   s->lead[a]);
	return passes(p, &m);
}

np_match np_match_score(const np_query *q, const np_sigs *s, uint32_t it)
{
	return score(s, it, jaccard_to_item(q->fp->minhash, s, it), q->fp->n_shingles,
	             q->fp->content_hash, q->lead);
}

long np_sigs_find(const np_sigs *s, int64_t sid)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->sid[mid] < sid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && s->sid[lo] == sid ? (long)lo : -1;
}

size_t np_match_verify(const np_params *p, const np_query *q, const np_sigs *s,
                       const uint32_t *cand, size_t n, np_match *out)
{
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (s->cluster[cand[i]] == NP_SIGS_FORGOTTEN)
			continue;
		np_match m = np_match_score(q, s, cand[i]);
		if (passes(p, &m))
			out[kept++] = m;
	}
	qsort(out, kept, sizeof *out, by_score);
	return kept;
}
