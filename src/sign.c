/*
 * sign.c — a story's body to its fingerprints (DESIGN.md stage "sign"):
 * normalize, shingle, then MinHash, SimHash and the exact content hash.
 * Only the body is signed: title, credits, rails and boilerplate never enter
 * it, so that two stories of one site do not look alike through their page.
 */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "error.h"
#include "minhash.h"
#include "normalize.h"
#include "shingle.h"
#include "simhash.h"

/* Paragraphs are normalized one by one into the same token buffer: the
 * joins between them are token boundaries either way. */
static np_status normalize_body(const np_params *p, const np_story *s, np_tokens *t,
                                np_error *err)
{
	for (size_t i = 0; i < s->body.n; i++) {
		const char *para = s->body.v[i];
		np_status rc = np_normalize(p, para, strlen(para), t, err);
		if (rc != NP_OK)
			return rc;
	}
	return NP_OK;
}

static np_fingerprint *fingerprint_new(unsigned k)
{
	np_fingerprint *fp = calloc(1, sizeof *fp);
	if (!fp)
		return NULL;
	fp->minhash = malloc(k * sizeof *fp->minhash);
	if (!fp->minhash) {
		free(fp);
		return NULL;
	}
	fp->k = k;
	return fp;
}

np_status np_sign(const np_params *p, const np_story *s, int keep_shingles,
                  np_fingerprint **out, np_error *err)
{
	*out = NULL;
	np_tokens t = {0};
	uint64_t *sh = NULL;
	size_t n = 0;
	np_status rc = normalize_body(p, s, &t, err);
	if (rc == NP_OK)
		rc = np_shingle(&t, p->shingle_words, p->seed, &sh, &n, err);
	np_fingerprint *fp = rc == NP_OK ? fingerprint_new(p->minhash_k) : NULL;
	if (rc == NP_OK && !fp)
		rc = np_fail(err, NP_ENOMEM, "out of memory signing a story");
	if (rc == NP_OK) {
		XXH128_hash_t ch = XXH3_128bits_withSeed(t.text.p ? t.text.p : "", t.text.len, p->seed);
		fp->content_hash[0] = ch.high64;
		fp->content_hash[1] = ch.low64;
		np_minhash(sh, n, p->minhash_k, p->seed, fp->minhash);
		fp->simhash = np_simhash(sh, n, p->seed);
		fp->n_shingles = (uint32_t)n;
		if (keep_shingles) {
			fp->shingles = sh;
			sh = NULL;
		}
		*out = fp;
	}
	free(sh);
	np_tokens_free(&t);
	return rc;
}

void np_fingerprint_free(np_fingerprint *fp)
{
	if (!fp)
		return;
	free(fp->minhash);
	free(fp->shingles);
	free(fp);
}

double np_jaccard_estimate(const np_fingerprint *a, const np_fingerprint *b)
{
	if (a->k != b->k)
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
