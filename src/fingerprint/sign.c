/*
 * sign.c — a story to its fingerprints (docs/architecture.md, "fingerprint"): the body is
 * normalized and shingled once; from its shingles come the MinHash
 * signature, the lead signature (the first shingles only), the SimHash and
 * the exact content hash. The rail headlines get a MinHash of their own.
 * Title, credits, rails and boilerplate never enter the body's
 * fingerprints, so that two stories of one site do not look alike through
 * their page. A story whose outlet's template lines are taken out before
 * matching is signed again less those paragraphs: in one pass
 * (np_sign_except), or from the tokens a first signing kept (NP_SIGN_TEXT,
 * np_sign_kept) without normalizing anything again.
 */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "fingerprint/minhash.h"
#include "fingerprint/normalize.h"
#include "fingerprint/shingle.h"
#include "fingerprint/sign.h"
#include "fingerprint/simhash.h"
#include "util/error.h"
#include "util/radix.h"
#include "util/version.h"

/* The normalized body NP_SIGN_TEXT keeps: its tokens, and where each
 * paragraph ends in them. */
struct np_body_text {
	np_tokens t;
	size_t *ends;    /* ends[i]: tokens of paragraphs 0..i */
	size_t *invalid; /* invalid[i]: invalid UTF-8 sequences in paragraphs 0..i */
	size_t n;        /* paragraphs */
};

size_t np_body_text_paragraphs(const np_body_text *text)
{
	return text->n;
}

static void body_text_free(np_body_text *bt)
{
	if (!bt)
		return;
	np_tokens_free(&bt->t);
	free(bt->ends);
	free(bt->invalid);
	free(bt);
}

static np_body_text *body_text_new(size_t paragraphs)
{
	np_body_text *bt = calloc(1, sizeof *bt);
	if (!bt)
		return NULL;
	size_t n = paragraphs ? paragraphs : 1;
	bt->ends = malloc(n * sizeof *bt->ends);
	bt->invalid = malloc(n * sizeof *bt->invalid);
	if (!bt->ends || !bt->invalid) {
		body_text_free(bt);
		return NULL;
	}
	bt->n = paragraphs;
	return bt;
}

/* Paragraphs are normalized one by one into the same token buffer: the
 * joins between them are token boundaries either way. bt, when not NULL,
 * is told where each paragraph ends. */
static np_status normalize_body(const np_params *p, const np_story *s, np_tokens *t,
                                np_body_text *bt, np_error *err)
{
	for (size_t i = 0; i < s->body.n; i++) {
		const char *para = s->body.v[i];
		np_status rc = np_normalize(p, para, strlen(para), t, err);
		if (rc != NP_OK)
			return rc;
		if (bt) {
			bt->ends[i] = t->n;
			bt->invalid[i] = t->n_invalid;
		}
	}
	return NP_OK;
}

/* The whole body's text as normalize_body would make it ("a b c", tokens
 * joined by single spaces across paragraphs), hashed as it goes. */
typedef struct whole_hash {
	XXH3_state_t *st;
	int any; /* bytes were hashed: the next paragraph's text follows a space */
} whole_hash;

static int whole_add(whole_hash *h, const char *text, size_t n)
{
	if (!n)
		return 0;
	if (h->any && XXH3_128bits_update(h->st, " ", 1) != XXH_OK)
		return -1;
	h->any = 1;
	return XXH3_128bits_update(h->st, text, n) != XXH_OK ? -1 : 0;
}

/* Normalizes the paragraphs not skipped into t and every paragraph into h:
 * a skipped one through scratch. */
static np_status normalize_except(const np_params *p, const np_story *s,
                                  const unsigned char *skip, np_tokens *t, whole_hash *h,
                                  np_error *err)
{
	np_tokens scratch = {0};
	np_status rc = NP_OK;
	for (size_t i = 0; rc == NP_OK && i < s->body.n; i++) {
		const char *para = s->body.v[i];
		np_tokens *into = skip[i] ? &scratch : t;
		size_t before = into->text.len;
		if (skip[i])
			np_tokens_reset(&scratch), before = 0;
		rc = np_normalize(p, para, strlen(para), into, err);
		/* what the paragraph added to t, less the space joining it on */
		size_t from = before && into->text.len > before ? before + 1 : before;
		if (rc == NP_OK && whole_add(h, into->text.p + from, into->text.len - from))
			rc = np_fail(err, NP_ENOMEM, "out of memory signing a story");
	}
	np_tokens_free(&scratch);
	return rc;
}

static np_fingerprint *fingerprint_new(const np_params *p)
{
	np_fingerprint *fp = calloc(1, sizeof *fp);
	if (!fp)
		return NULL;
	fp->k = p->minhash_k;
	fp->lead_k = p->lead_k;
	fp->rails_k = p->rails_k;
	fp->minhash = malloc(fp->k * sizeof *fp->minhash);
	fp->lead = malloc(fp->lead_k * sizeof *fp->lead);
	fp->rails = malloc(fp->rails_k * sizeof *fp->rails);
	if (!fp->minhash || !fp->lead || !fp->rails) {
		np_fingerprint_free(fp);
		return NULL;
	}
	return fp;
}

/* One feature per rail headline: the XXH3 of its normalized text, so that
 * "Read more: X" and "read more — x" are one headline. */
static np_status sign_rails(const np_params *p, const np_story *s, np_fingerprint *fp,
                            np_error *err)
{
	size_t n = 0;
	for (size_t r = 0; r < s->n_rails; r++)
		n += s->rails[r].n_items;
	uint64_t *h = malloc((n ? n : 1) * sizeof *h);
	np_tokens t = {0};
	if (!h)
		return np_fail(err, NP_ENOMEM, "out of memory signing rails");
	size_t used = 0;
	np_status rc = NP_OK;
	for (size_t r = 0; rc == NP_OK && r < s->n_rails; r++) {
		for (size_t i = 0; rc == NP_OK && i < s->rails[r].n_items; i++) {
			const char *title = s->rails[r].items[i].title;
			np_tokens_reset(&t);
			rc = title ? np_normalize(p, title, strlen(title), &t, err) : NP_OK;
			if (rc == NP_OK && t.text.len)
				h[used++] = XXH3_64bits_withSeed(t.text.p, t.text.len, p->seed);
		}
	}
	used = np_hash_set(h, used);
	np_minhash(h, used, fp->rails_k, p->seed, fp->rails);
	fp->n_rail_items = (uint32_t)used;
	np_tokens_free(&t);
	free(h);
	return rc;
}

/* Everything computed from the body's tokens and ordered shingles sh[0..n);
 * sh becomes the set of distinct shingles, sorted when keep_shingles (the
 * MinHash needs no order). Returns -1 when out of memory. */
static int sign_body(const np_params *p, const np_tokens *t, uint64_t *sh, size_t n,
                     int keep_shingles, np_fingerprint *fp)
{
	XXH128_hash_t ch = XXH3_128bits_withSeed(t->text.p ? t->text.p : "", t->text.len, p->seed);
	fp->content_hash[0] = ch.high64;
	fp->content_hash[1] = ch.low64;
	fp->n_invalid = (uint32_t)t->n_invalid;
	/* before the shingles become a set: SimHash weighs each by its count,
	 * and the lead is the first shingles in text order */
	fp->simhash = np_simhash(sh, n, p->seed);
	np_minhash(sh, n < p->lead_shingles ? n : p->lead_shingles, fp->lead_k, p->seed, fp->lead);
	size_t distinct = np_hash_dedupe(sh, n);
	if (n && !distinct)
		return -1;
	if (keep_shingles)
		np_sort_u64(sh, distinct);
	np_minhash(sh, distinct, fp->k, p->seed, fp->minhash);
	fp->n_shingles = (uint32_t)distinct;
	return 0;
}

/* The fingerprints of s from its normalized body t; the rails are signed
 * from s, or copied from rails_from when it is not NULL. */
static np_status sign_tokens(const np_params *p, const np_story *s, const np_tokens *t,
                             int keep_shingles, const np_fingerprint *rails_from,
                             np_fingerprint **out, np_error *err);

np_status np_sign(const np_params *p, const np_story *s, int flags, np_fingerprint **out,
                  np_error *err)
{
	*out = NULL;
	if (np_check_version("np_params", p->version, NP_PARAMS_VERSION, err))
		return NP_EINVAL;
	np_tokens local = {0};
	np_body_text *bt = NULL;
	if ((flags & NP_SIGN_TEXT) && !(bt = body_text_new(s->body.n)))
		return np_fail(err, NP_ENOMEM, "out of memory signing a story");
	np_tokens *t = bt ? &bt->t : &local;
	np_status rc = normalize_body(p, s, t, bt, err);
	if (rc == NP_OK)
		rc = sign_tokens(p, s, t, flags & NP_SIGN_SHINGLES, NULL, out, err);
	if (rc == NP_OK && bt) {
		(*out)->text = bt;
		bt = NULL;
	}
	body_text_free(bt);
	np_tokens_free(&local);
	return rc;
}

int np_body_text_tokens(const np_body_text *bt, const unsigned char *skip, np_tokens *out)
{
	for (size_t i = 0; i < bt->n; i++) {
		size_t from = i ? bt->ends[i - 1] : 0;
		if (skip && skip[i])
			continue;
		if (np_tokens_append(out, &bt->t, from, bt->ends[i]))
			return -1;
		out->n_invalid += bt->invalid[i] - (i ? bt->invalid[i - 1] : 0);
	}
	return 0;
}

np_status np_sign_kept(const np_params *p, const np_fingerprint *whole,
                       const unsigned char *skip, np_fingerprint **out, np_error *err)
{
	*out = NULL;
	np_tokens t = {0};
	if (np_body_text_tokens(whole->text, skip, &t)) {
		np_tokens_free(&t);
		return np_fail(err, NP_ENOMEM, "out of memory signing a story");
	}
	np_status rc = sign_tokens(p, NULL, &t, 0, whole, out, err);
	if (rc == NP_OK)
		memcpy((*out)->content_hash, whole->content_hash, sizeof whole->content_hash);
	np_tokens_free(&t);
	return rc;
}

np_status np_sign_except(const np_params *p, const np_story *s, const unsigned char *skip,
                         np_fingerprint **out, np_error *err)
{
	*out = NULL;
	np_tokens t = {0};
	whole_hash h = {XXH3_createState(), 0};
	np_status rc = h.st && XXH3_128bits_reset_withSeed(h.st, p->seed) == XXH_OK
	                       ? normalize_except(p, s, skip, &t, &h, err)
	                       : np_fail(err, NP_ENOMEM, "out of memory signing a story");
	if (rc == NP_OK)
		rc = sign_tokens(p, s, &t, 0, NULL, out, err);
	np_tokens_free(&t);
	if (rc == NP_OK) {
		XXH128_hash_t ch = XXH3_128bits_digest(h.st);
		(*out)->content_hash[0] = ch.high64;
		(*out)->content_hash[1] = ch.low64;
	}
	XXH3_freeState(h.st);
	return rc;
}

static np_status sign_tokens(const np_params *p, const np_story *s, const np_tokens *t,
                             int keep_shingles, const np_fingerprint *rails_from,
                             np_fingerprint **out, np_error *err)
{
	uint64_t *sh = NULL;
	size_t n = 0;
	np_fingerprint *fp = fingerprint_new(p);
	np_status rc = fp ? np_shingle(t, p->shingle_words, p->seed, &sh, &n, err)
	                  : np_fail(err, NP_ENOMEM, "out of memory signing a story");
	if (rc == NP_OK && sign_body(p, t, sh, n, keep_shingles, fp))
		rc = np_fail(err, NP_ENOMEM, "out of memory signing a story");
	if (rc == NP_OK && rails_from) {
		memcpy(fp->rails, rails_from->rails, fp->rails_k * sizeof *fp->rails);
		fp->n_rail_items = rails_from->n_rail_items;
	} else if (rc == NP_OK)
		rc = sign_rails(p, s, fp, err);
	if (rc == NP_OK && keep_shingles) {
		fp->shingles = sh;
		sh = NULL;
	}
	free(sh);
	if (rc != NP_OK) {
		np_fingerprint_free(fp);
		return rc;
	}
	*out = fp;
	return NP_OK;
}

void np_fingerprint_free(np_fingerprint *fp)
{
	if (!fp)
		return;
	free(fp->minhash);
	free(fp->lead);
	free(fp->rails);
	free(fp->shingles);
	body_text_free(fp->text);
	free(fp);
}

double np_jaccard_estimate(const np_fingerprint *a, const np_fingerprint *b)
{
	/* two empty signatures are equal value for value: not a likeness */
	if (a->k != b->k || !a->n_shingles || !b->n_shingles)
		return 0.0;
	return np_minhash_jaccard(a->minhash, b->minhash, a->k);
}

size_t np_shingles_shared(const np_fingerprint *a, const np_fingerprint *b)
{
	return np_hash_intersection(a->shingles, a->n_shingles, b->shingles, b->n_shingles);
}

double np_jaccard_exact(const np_fingerprint *a, const np_fingerprint *b)
{
	size_t both = np_shingles_shared(a, b);
	size_t either = (size_t)a->n_shingles + b->n_shingles - both;
	return either ? (double)both / (double)either : 0.0;
}

/* |A∩B| = J(|A|+|B|)/(1+J), so the share of A found in B is that over |A|. */
double np_containment(double jaccard, uint32_t n_a, uint32_t n_b)
{
	if (n_a == 0)
		return 0.0;
	double both = jaccard * ((double)n_a + n_b) / (1.0 + jaccard);
	double c = both / n_a;
	return c > 1.0 ? 1.0 : c;
}

int np_simhash_distance(const np_fingerprint *a, const np_fingerprint *b)
{
	return np_hamming64(a->simhash, b->simhash);
}
