/*
 * match.c — candidate verification and the in-memory fingerprint table.
 */
#include "match.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

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

static int grow(np_sigs *s)
{
	size_t cap = NP_GROW_BIG(s->cap);
	uint16_t *mh = realloc(s->minhash, cap * s->k * sizeof *mh);
	if (!mh)
		return -1;
	s->minhash = mh;
	uint32_t *ns = realloc(s->n_shingles, cap * sizeof *ns);
	if (!ns)
		return -1;
	s->n_shingles = ns;
	uint64_t *ch = realloc(s->content, cap * 2 * sizeof *ch);
	if (!ch)
		return -1;
	s->content = ch;
	int64_t *sid = realloc(s->sid, cap * sizeof *sid);
	if (!sid)
		return -1;
	s->sid = sid;
	int64_t *cl = realloc(s->cluster, cap * sizeof *cl);
	if (!cl)
		return -1;
	s->cluster = cl;
	int32_t *mi = realloc(s->minute, cap * sizeof *mi);
	if (!mi)
		return -1;
	s->minute = mi;
	s->cap = cap;
	return 0;
}

int np_sigs_push(np_sigs *s, int64_t sid, int64_t cluster, uint32_t n_shingles,
                 const uint64_t content[2], const uint32_t *minhash, int32_t minute)
{
	if (s->n == s->cap && grow(s))
		return -1;
	size_t i = s->n++;
	for (unsigned j = 0; j < s->k; j++)
		s->minhash[i * s->k + j] = (uint16_t)minhash[j];
	s->n_shingles[i] = n_shingles;
	s->content[2 * i] = content[0];
	s->content[2 * i + 1] = content[1];
	s->sid[i] = sid;
	s->cluster[i] = cluster;
	s->minute[i] = minute;
	return 0;
}

/* Moves item from to place to (from >= to). */
static void move_item(np_sigs *s, size_t to, size_t from)
{
	memmove(s->minhash + to * s->k, s->minhash + from * s->k, s->k * sizeof *s->minhash);
	s->n_shingles[to] = s->n_shingles[from];
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
	free(s->content);
	free(s->sid);
	free(s->cluster);
	free(s->minute);
	memset(s, 0, sizeof *s);
}

static double best_score(const np_match *m)
{
	if (m->same_content)
		return 2.0; /* above any estimate */
	double s = m->jaccard;
	if (m->contained > s)
		s = m->contained;
	if (m->contains > s)
		s = m->contains;
	return s;
}

static int passes(const np_params *p, const np_match *m)
{
	if (m->same_content || m->jaccard >= p->threshold)
		return 1;
	return m->jaccard >= np_match_floor(p) &&
	       (m->contained >= p->containment || m->contains >= p->containment);
}

const char *np_match_reason(const np_params *p, const np_match *m)
{
	if (m->same_content)
		return "identical";
	return m->jaccard >= p->threshold ? "jaccard" : "containment";
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

/* The match of a text of n shingles and content hash content, at estimated
 * Jaccard j, with item it. */
static np_match score(const np_sigs *s, uint32_t it, double j, uint32_t n,
                      const uint64_t content[2])
{
	np_match m = {.item = it};
	m.same_content = s->content[2 * it] == content[0] && s->content[2 * it + 1] == content[1];
	m.jaccard = m.same_content ? 1.0 : j;
	m.contained = np_containment(m.jaccard, n, s->n_shingles[it]);
	m.contains = np_containment(m.jaccard, s->n_shingles[it], n);
	return m;
}

int np_match_items(const np_params *p, const np_sigs *s, uint32_t a, uint32_t b)
{
	np_match m = score(s, b, jaccard_items(s, a, b), s->n_shingles[a], &s->content[2 * a]);
	return passes(p, &m);
}

np_match np_match_score(const np_fingerprint *fp, const np_sigs *s, uint32_t it)
{
	return score(s, it, jaccard_to_item(fp->minhash, s, it), fp->n_shingles, fp->content_hash);
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

size_t np_match_verify(const np_params *p, const np_fingerprint *fp, const np_sigs *s,
                       const uint32_t *cand, size_t n, np_match *out)
{
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		np_match m = np_match_score(fp, s, cand[i]);
		if (passes(p, &m))
			out[kept++] = m;
	}
	qsort(out, kept, sizeof *out, by_score);
	return kept;
}
