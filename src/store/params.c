/*
 * params.c — the one place where every tunable of newsprint gets its
 * default, and where the ranges are checked. The store records these values
 * (np_store_put_params) so that fingerprints of one shape are never
 * compared with those of another.
 */
#include "store/params.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fingerprint/minhash.h"
#include "util/error.h"
#include "util/version.h"

/* Word 4-shingles: long enough that a shared shingle is rarely chance
 * (stock phrases of 4+ words are rarer than 3-grams), short enough that a
 * copy-edit changing 5% of words keeps most shingles (each changed word kills
 * at most 4). benchmarks/README.md, "Sweep: shingle size × K × threshold",
 * compares 3 to 5 words. */
#define DEFAULT_SHINGLE_WORDS 4

/* Character bigrams for Han, Kana, Thai...: the usual unit of CJK retrieval
 * (a word is one or two characters in most of them). */
#define DEFAULT_CJK_GRAM 2

/* K = 128: the standard deviation of a Jaccard estimate is sqrt(J(1-J)/K),
 * at most 0.044 here, and a signature is 512 bytes, within the memory
 * target of 1 KB a story (benchmarks/README.md, "Targets"). */
#define DEFAULT_MINHASH_K 128

/* The lead: the first 40 shingles, about the first 45 words — a news
 * story's first paragraph, the part no republication cuts. 32 values
 * estimate the lead's Jaccard to within ±0.09 (one standard deviation). */
#define DEFAULT_LEAD_SHINGLES 40
#define DEFAULT_LEAD_K 32

/* Rails hold 5 to 30 headlines: 32 values are plenty to tell two pages with
 * the same rail from two without. */
#define DEFAULT_RAILS_K 32

/* Any fixed value: it only has to be the same every run. ("newsprnt") */
#define DEFAULT_SEED 0x6e65777370726e74ULL

/* 0.4 gives the best pairwise F1 at every shingle size and K on generated
 * stories, at no visible cost in precision, and on real data it links
 * more wholly derived pairs and story updates without linking unrelated
 * ones (benchmarks/README.md, "Sweep: shingle size × K × threshold"). */
#define DEFAULT_THRESHOLD 0.4

/* A copy of which 80% of the shingles are in the other story is a copy even
 * when the other is much longer (a wire story cut to its first paragraphs). */
#define DEFAULT_CONTAINMENT 0.8

/* Below 10 shingles (about a dozen words) a body is a caption or a teaser:
 * too short for a match to mean republication. */
#define DEFAULT_MIN_SHINGLES 10

/* One write transaction per 5,000 stories (half a second of ingest): a
 * commit writes every page its batch changed, and the templates' and the
 * indexes' random keys change nearly all their leaves in any batch, so
 * fewer, larger commits write each such page once for more stories; the
 * clusters that grew are attributed once per commit too (benchmarks/
 * README.md, "Ingest at a million stories: threads, batches and the
 * checkpointer"). A crash loses at most the open batch. */
#define DEFAULT_BATCH 5000

/* The largest batch: a million stories of 3.7 KB (the generated corpus's
 * mean body) hold some 4 GB in the write-ahead log before their commit,
 * and a crash would lose them all; a larger batch is a mistyped number. */
#define BATCH_MAX 1000000

/* The longest window: the index keeps publication times as 32-bit minutes
 * (index.c), so a window of 2^31 minutes or more would wrap to a negative
 * one and turn matching off. Half that range keeps a publication minute less
 * the window in range for dates 2,000 years either side of 1970; 2^30 - 1
 * minutes are some 2,042 years. */
#define WINDOW_MAX_MINUTES (INT32_MAX / 2)
#define SECONDS_PER_MINUTE 60

/* The passage tier. Word 3-grams: on COUNTER (real Urdu agency to
 * newspaper pairs) the share of a paper covered by 3-grams it shares with
 * its source tells derived from independent pairs best, 2-grams and
 * 4-grams doing no better at a low rate of unrelated pairs linked
 * (benchmarks/README.md, "Choosing the features"); a stock 3-gram is kept
 * out by the posting cap, not by length. */
#define DEFAULT_PASSAGE_WORDS 3

/* Off unless asked for (--passages when a store is made): its inverted
 * index is a B-tree of tens of millions of postings at a million stories,
 * and random inserts into it slow ingest several times over (benchmarks/
 * README.md, "How the tier's cost grows with the store"). The
 * near-duplicate tier alone is what the ingestion pipeline needs; auditors
 * turn this on. */
#define DEFAULT_PASSAGES 0

/* Windows of 2 n-grams: every shared run of 2 + 3 - 1 = 4 words is seen,
 * at about 2 / 3 of the n-grams kept. Rewrites keep runs of 3 to 5 words
 * between their own, which wider windows (6: runs of 8) mostly miss; on
 * COUNTER windows of 2 give the best held-out derived F1 and the most
 * wholly derived pairs, with fewer independent ones linked, at the cost of
 * more postings, a larger store and a slower ingest with the tier
 * (benchmarks/README.md, "Denser fingerprints: windows of 2"). */
#define DEFAULT_PASSAGE_WINDOW 2

/* A fingerprint already in 16 stored stories is a stock phrase ("the case
 * was adjourned until") or an outlet's boilerplate: it links nothing. A
 * wire passage rarely has more carriers here, because exact duplicates and
 * near-duplicates (the verbatim carriers) store no postings of their own. */
#define DEFAULT_PASSAGE_CAP 16

/* At least 12 distinct words shared: one stock sentence of a short text
 * ("The case was adjourned until tomorrow.") is not enough. */
#define DEFAULT_PASSAGE_MIN_WORDS 12

/* Chosen on COUNTER's development pairs (benchmarks/README.md, "Partial
 * reuse: the passage tier" and "A word of the copy less one letter"): a
 * partial derivation is linked when the copy's IDF-weighted word overlap
 * with its source reaches OVERLAP and the copy holds SOURCE of the
 * source's distinct words. The overlap separates derived from independent
 * reports of one event better than shared-passage coverage; the source's
 * share, useless alone, keeps out short independent reports whose every
 * name the long wire story holds. 0.34 and 0.25 are the lowest round
 * values at which at most 5% of the independent pairs are linked: a
 * pipeline drops what is linked, so the rate of false links bounds the
 * choice, and round values keep the thresholds from being fitted to the
 * pairs they are scored on. Half of the copy in shared passages separates
 * wholly from partially derived pairs best (0.4 and 0.6 do no better). */
#define DEFAULT_PASSAGE_OVERLAP 0.34
#define DEFAULT_PASSAGE_SOURCE 0.25
#define DEFAULT_PASSAGE_WHOLLY 0.5

#define MINHASH_K_MIN 16
#define MINHASH_K_MAX NP_MINHASH_K_MAX
#define SHINGLE_WORDS_MAX 16
#define CJK_GRAM_MAX 8

static np_status check_version(const np_params *p, np_error *err)
{
	return np_check_version("np_params", p->version, NP_PARAMS_VERSION, err);
}

np_status np_params_init(np_params *p, unsigned version, np_error *err)
{
	np_status rc = np_check_version("np_params", version, NP_PARAMS_VERSION, err);
	if (rc == NP_OK)
		*p = (np_params)NP_PARAMS_INIT;
	return rc;
}

np_status np_params_default(np_params *p, unsigned version, np_error *err)
{
	np_status rc = np_params_init(p, version, err);
	if (rc != NP_OK)
		return rc;
	p->shingle_words = DEFAULT_SHINGLE_WORDS;
	p->cjk_gram = DEFAULT_CJK_GRAM;
	p->minhash_k = DEFAULT_MINHASH_K;
	p->lead_shingles = DEFAULT_LEAD_SHINGLES;
	p->lead_k = DEFAULT_LEAD_K;
	p->rails_k = DEFAULT_RAILS_K;
	p->seed = DEFAULT_SEED;
	p->fold_accents = 0;
	p->tokenizer = NP_TOKENIZER;
	p->threshold = DEFAULT_THRESHOLD;
	p->containment = DEFAULT_CONTAINMENT;
	p->bands = 0;
	p->rows = 0;
	p->min_shingles = DEFAULT_MIN_SHINGLES;
	p->batch = DEFAULT_BATCH;
	p->window_seconds = 0; /* no window: every stored story is a candidate */
	p->passages = DEFAULT_PASSAGES;
	p->passage_words = DEFAULT_PASSAGE_WORDS;
	p->passage_window = DEFAULT_PASSAGE_WINDOW;
	p->passage_cap = DEFAULT_PASSAGE_CAP;
	p->passage_min_words = DEFAULT_PASSAGE_MIN_WORDS;
	p->passage_overlap = DEFAULT_PASSAGE_OVERLAP;
	p->passage_source = DEFAULT_PASSAGE_SOURCE;
	p->passage_wholly = DEFAULT_PASSAGE_WHOLLY;
	p->passage_spelling = NP_SPELLING;
	return NP_OK;
}

#define PASSAGE_WORDS_MAX 16
#define PASSAGE_WINDOW_MAX 64

static int in_unit(double x)
{
	return x > 0.0 && x <= 1.0;
}

static np_status validate_passages(const np_params *p, np_error *err)
{
	if (p->passage_words < 1 || p->passage_words > PASSAGE_WORDS_MAX)
		return np_fail(err, NP_EINVAL, "passage n-gram size %u is out of range 1..%d",
		               p->passage_words, PASSAGE_WORDS_MAX);
	if (p->passage_window < 1 || p->passage_window > PASSAGE_WINDOW_MAX)
		return np_fail(err, NP_EINVAL, "passage window %u is out of range 1..%d",
		               p->passage_window, PASSAGE_WINDOW_MAX);
	if (p->passage_cap < 1)
		return np_fail(err, NP_EINVAL, "the passage posting cap must be at least 1");
	if (!(in_unit(p->passage_overlap) && in_unit(p->passage_source) &&
	      in_unit(p->passage_wholly)))
		return np_fail(err, NP_EINVAL,
		               "passage thresholds must be in (0, 1]: overlap %g, source %g, wholly %g",
		               p->passage_overlap, p->passage_source, p->passage_wholly);
	return NP_OK;
}

np_status np_params_validate(const np_params *p, np_error *err)
{
	if (check_version(p, err) != NP_OK)
		return NP_EINVAL;
	if (p->shingle_words < 1 || p->shingle_words > SHINGLE_WORDS_MAX)
		return np_fail(err, NP_EINVAL, "shingle size %u is out of range 1..%d",
		               p->shingle_words, SHINGLE_WORDS_MAX);
	if (p->cjk_gram < 1 || p->cjk_gram > CJK_GRAM_MAX)
		return np_fail(err, NP_EINVAL, "CJK n-gram size %u is out of range 1..%d",
		               p->cjk_gram, CJK_GRAM_MAX);
	if (p->tokenizer < NP_TOKENIZER_FIRST || p->tokenizer > NP_TOKENIZER)
		return np_fail(err, NP_EINVAL, "tokenizer %u is out of range %d..%d", p->tokenizer,
		               NP_TOKENIZER_FIRST, NP_TOKENIZER);
	if (p->passage_spelling < NP_SPELLING_JOINED || p->passage_spelling > NP_SPELLING)
		return np_fail(err, NP_EINVAL, "passage spelling %u is out of range %d..%d",
		               p->passage_spelling, NP_SPELLING_JOINED, NP_SPELLING);
	if (p->minhash_k < MINHASH_K_MIN || p->minhash_k > MINHASH_K_MAX)
		return np_fail(err, NP_EINVAL, "MinHash K %u is out of range %d..%d", p->minhash_k,
		               MINHASH_K_MIN, MINHASH_K_MAX);
	if (p->lead_k < MINHASH_K_MIN || p->lead_k > MINHASH_K_MAX || p->rails_k < MINHASH_K_MIN ||
	    p->rails_k > MINHASH_K_MAX)
		return np_fail(err, NP_EINVAL, "lead and rails K must be in %d..%d", MINHASH_K_MIN,
		               MINHASH_K_MAX);
	if (p->lead_shingles < 1)
		return np_fail(err, NP_EINVAL, "the lead must have at least one shingle");
	if (!(p->threshold > 0.0 && p->threshold <= 1.0))
		return np_fail(err, NP_EINVAL, "threshold %g is out of range (0, 1]", p->threshold);
	if (!(p->containment > 0.0 && p->containment <= 1.0))
		return np_fail(err, NP_EINVAL, "containment %g is out of range (0, 1]", p->containment);
	if ((p->bands == 0) != (p->rows == 0))
		return np_fail(err, NP_EINVAL, "bands and rows are set together (or both 0)");
	if (p->bands && (unsigned long)p->bands * p->rows > p->minhash_k)
		return np_fail(err, NP_EINVAL, "bands x rows = %u exceeds K = %u",
		               p->bands * p->rows, p->minhash_k);
	if (p->batch < 1 || p->batch > BATCH_MAX)
		return np_fail(err, NP_EINVAL, "batch size %u is out of range 1..%d", p->batch,
		               BATCH_MAX);
	if (p->window_seconds / SECONDS_PER_MINUTE > WINDOW_MAX_MINUTES)
		return np_fail(err, NP_EINVAL, "a window of %llu s is out of range: at most %ld minutes "
		               "(some 2,042 years)", (unsigned long long)p->window_seconds,
		               (long)WINDOW_MAX_MINUTES);
	return validate_passages(p, err);
}

/* ------------------------------------------------------------------ */
/* The fields, by name, for the store and for filling in               */
/* ------------------------------------------------------------------ */

#define AS_STRING_(x) #x
#define AS_STRING(x) AS_STRING_(x)

const np_param_field NP_PARAM_FIELDS[] = {
	{"shingle_words", offsetof(np_params, shingle_words), 'u', 1, NULL},
	{"cjk_gram", offsetof(np_params, cjk_gram), 'u', 1, NULL},
	{"minhash_k", offsetof(np_params, minhash_k), 'u', 1, NULL},
	{"lead_shingles", offsetof(np_params, lead_shingles), 'u', 1, NULL},
	{"lead_k", offsetof(np_params, lead_k), 'u', 1, NULL},
	{"rails_k", offsetof(np_params, rails_k), 'u', 1, NULL},
	{"seed", offsetof(np_params, seed), 'x', 1, NULL},
	{"fold_accents", offsetof(np_params, fold_accents), 'i', 1, NULL},
	{"tokenizer", offsetof(np_params, tokenizer), 'u', 1, AS_STRING(NP_TOKENIZER_FIRST)},
	{"threshold", offsetof(np_params, threshold), 'd', 0, NULL},
	{"containment", offsetof(np_params, containment), 'd', 0, NULL},
	{"bands", offsetof(np_params, bands), 'u', 0, NULL},
	{"rows", offsetof(np_params, rows), 'u', 0, NULL},
	{"min_shingles", offsetof(np_params, min_shingles), 'u', 0, NULL},
	{"passages", offsetof(np_params, passages), 'u', 1, NULL},
	{"window_seconds", offsetof(np_params, window_seconds), 'x', 0, NULL},
	{"passage_words", offsetof(np_params, passage_words), 'u', 1, NULL},
	{"passage_window", offsetof(np_params, passage_window), 'u', 1, NULL},
	{"passage_cap", offsetof(np_params, passage_cap), 'u', 0, NULL},
	{"passage_min_words", offsetof(np_params, passage_min_words), 'u', 0, NULL},
	{"passage_overlap", offsetof(np_params, passage_overlap), 'd', 0, NULL},
	{"passage_source", offsetof(np_params, passage_source), 'd', 0, NULL},
	{"passage_wholly", offsetof(np_params, passage_wholly), 'd', 0, NULL},
	{"passage_spelling", offsetof(np_params, passage_spelling), 'u', 1,
	 AS_STRING(NP_SPELLING_JOINED)},
};
const size_t NP_N_PARAM_FIELDS = sizeof NP_PARAM_FIELDS / sizeof NP_PARAM_FIELDS[0];

void np_param_format(const np_param_field *f, const np_params *p, char *buf, size_t n)
{
	const char *base = (const char *)p + f->off;
	switch (f->type) {
	case 'u': snprintf(buf, n, "%u", *(const unsigned *)base); break;
	case 'i': snprintf(buf, n, "%d", *(const int *)base); break;
	case 'x': snprintf(buf, n, "%llu", (unsigned long long)*(const uint64_t *)base); break;
	default: snprintf(buf, n, "%.17g", *(const double *)base); break;
	}
}

void np_param_parse(const np_param_field *f, np_params *p, const char *s)
{
	char *base = (char *)p + f->off;
	switch (f->type) {
	case 'u': *(unsigned *)base = (unsigned)strtoul(s, NULL, 10); break;
	case 'i': *(int *)base = (int)strtol(s, NULL, 10); break;
	case 'x': *(uint64_t *)base = strtoull(s, NULL, 10); break;
	default: *(double *)base = strtod(s, NULL); break;
	}
}

np_status np_params_put_rows(const np_params *p, int version, np_param_put_fn put, void *ctx,
                             np_error *err)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%d", version);
	np_status rc = put(ctx, "schema_version", buf, err);
	for (size_t i = 0; rc == NP_OK && i < NP_N_PARAM_FIELDS; i++) {
		np_param_format(&NP_PARAM_FIELDS[i], p, buf, sizeof buf);
		rc = put(ctx, NP_PARAM_FIELDS[i].key, buf, err);
	}
	return rc;
}

const char *np_params_shape_mismatch(const np_params *a, const np_params *b, char *have,
                                    char *want, size_t n)
{
	for (size_t i = 0; i < NP_N_PARAM_FIELDS; i++) {
		if (!NP_PARAM_FIELDS[i].shape)
			continue;
		np_param_format(&NP_PARAM_FIELDS[i], a, have, n);
		np_param_format(&NP_PARAM_FIELDS[i], b, want, n);
		if (strcmp(have, want) != 0)
			return NP_PARAM_FIELDS[i].key;
	}
	return NULL;
}

np_status np_params_fill(np_params *p, const np_params *base, np_error *err)
{
	if (check_version(p, err) != NP_OK || check_version(base, err) != NP_OK)
		return NP_EINVAL;
	for (size_t i = 0; i < NP_N_PARAM_FIELDS; i++) {
		const np_param_field *f = &NP_PARAM_FIELDS[i];
		char *dst = (char *)p + f->off;
		const char *src = (const char *)base + f->off;
		size_t size = f->type == 'u' ? sizeof(unsigned)
		              : f->type == 'i' ? sizeof(int)
		              : f->type == 'x' ? sizeof(uint64_t) : sizeof(double);
		static const char zero[sizeof(uint64_t) > sizeof(double) ? sizeof(uint64_t) : sizeof(double)];
		if (memcmp(dst, zero, size) == 0)
			memcpy(dst, src, size);
	}
	if (p->batch == 0)
		p->batch = base->batch;
	return NP_OK;
}

