/*
 * params.c — the one place where every tunable of newsprint gets its
 * default, and where the ranges are checked. The store records these values
 * (store.c) so that fingerprints of one shape are never compared with those
 * of another.
 */
#include "error.h"
#include "minhash.h"
#include "newsprint.h"

/* Word 4-shingles: long enough that a shared shingle is rarely chance
 * (stock phrases of 4+ words are rarer than 3-grams), short enough that a
 * copy-edit changing 5% of words keeps most shingles (each changed word kills
 * at most 4). A sweep in benchmarks/ revisits this. */
#define DEFAULT_SHINGLE_WORDS 4

/* Character bigrams for Han, Kana, Thai...: the usual unit of CJK retrieval
 * (a word is one or two characters in most of them). */
#define DEFAULT_CJK_GRAM 2

/* K = 128: the standard deviation of a Jaccard estimate is sqrt(J(1-J)/K),
 * at most 0.044 here, and a signature is 512 bytes (DESIGN.md: 1 KB a story). */
#define DEFAULT_MINHASH_K 128

/* Any fixed value: it only has to be the same every run. ("newsprnt") */
#define DEFAULT_SEED 0x6e65777370726e74ULL

/* A republication with a new intro and a cut ending keeps about half of the
 * union of the two texts; 0.5 is also datasketch's usual threshold. */
#define DEFAULT_THRESHOLD 0.5

/* A copy of which 80% of the shingles are in the other story is a copy even
 * when the other is much longer (a wire story cut to its first paragraphs). */
#define DEFAULT_CONTAINMENT 0.8

/* Below 10 shingles (about a dozen words) a body is a caption or a teaser:
 * too short for a match to mean republication. */
#define DEFAULT_MIN_SHINGLES 10

/* One write transaction per 1000 stories: SQLite's cost is per commit (an
 * fsync), so batching is what makes 10,000 stories/s possible. */
#define DEFAULT_BATCH 1000

#define MINHASH_K_MIN 16
#define MINHASH_K_MAX NP_MINHASH_K_MAX
#define SHINGLE_WORDS_MAX 16
#define CJK_GRAM_MAX 8

void np_params_default(np_params *p)
{
	p->shingle_words = DEFAULT_SHINGLE_WORDS;
	p->cjk_gram = DEFAULT_CJK_GRAM;
	p->minhash_k = DEFAULT_MINHASH_K;
	p->seed = DEFAULT_SEED;
	p->fold_accents = 0;
	p->threshold = DEFAULT_THRESHOLD;
	p->containment = DEFAULT_CONTAINMENT;
	p->bands = 0;
	p->rows = 0;
	p->min_shingles = DEFAULT_MIN_SHINGLES;
	p->batch = DEFAULT_BATCH;
}

np_status np_params_validate(const np_params *p, np_error *err)
{
	if (p->shingle_words < 1 || p->shingle_words > SHINGLE_WORDS_MAX)
		return np_fail(err, NP_EINVAL, "shingle size %u is out of range 1..%d",
		               p->shingle_words, SHINGLE_WORDS_MAX);
	if (p->cjk_gram < 1 || p->cjk_gram > CJK_GRAM_MAX)
		return np_fail(err, NP_EINVAL, "CJK n-gram size %u is out of range 1..%d",
		               p->cjk_gram, CJK_GRAM_MAX);
	if (p->minhash_k < MINHASH_K_MIN || p->minhash_k > MINHASH_K_MAX)
		return np_fail(err, NP_EINVAL, "MinHash K %u is out of range %d..%d", p->minhash_k,
		               MINHASH_K_MIN, MINHASH_K_MAX);
	if (!(p->threshold > 0.0 && p->threshold <= 1.0))
		return np_fail(err, NP_EINVAL, "threshold %g is out of range (0, 1]", p->threshold);
	if (!(p->containment > 0.0 && p->containment <= 1.0))
		return np_fail(err, NP_EINVAL, "containment %g is out of range (0, 1]", p->containment);
	if ((p->bands == 0) != (p->rows == 0))
		return np_fail(err, NP_EINVAL, "bands and rows are set together (or both 0)");
	if (p->bands && (unsigned long)p->bands * p->rows > p->minhash_k)
		return np_fail(err, NP_EINVAL, "bands x rows = %u exceeds K = %u",
		               p->bands * p->rows, p->minhash_k);
	if (p->batch < 1)
		return np_fail(err, NP_EINVAL, "batch size must be at least 1");
	return NP_OK;
}
