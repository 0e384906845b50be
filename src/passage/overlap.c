/*
 * overlap.c — the IDF-weighted share of a copy's words its source holds,
 * against the source's text or its word keys (see overlap.h).
 */
#include "passage/overlap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

/* Document frequencies from fewer bodies than this say little about which
 * words are common (in a store of two bodies every word of the first is in
 * half of them): below it every word weighs 1, the plain containment of the
 * copy's vocabulary. On COUNTER (benchmarks/README.md) 20 and 50 link the
 * same independent pairs, 100 links three more (plain containment needs a
 * higher threshold than IDF-weighted overlap). */
#define IDF_MIN_DOCS 50

static double idf(uint32_t df, uint32_t docs)
{
	return docs >= IDF_MIN_DOCS ? log((docs + 1.0) / (df + 1.0)) : 1.0;
}

/* Whether sorted words[0..n) holds w, searching on from *at. */
static int holds(const uint64_t *words, size_t n, size_t *at, uint64_t w)
{
	while (*at < n && words[*at] < w)
		(*at)++;
	return *at < n && words[*at] == w;
}

/* Likewise for word keys (np_passage_word_keys). */
static int holds_key(const uint32_t *keys, size_t n, size_t *at, uint32_t k)
{
	while (*at < n && keys[*at] < k)
		(*at)++;
	return *at < n && keys[*at] == k;
}

static uint32_t word_key(uint64_t word)
{
	return (uint32_t)(word >> 32);
}

/* A source as overlap_with reads it: its words (w64) or their keys (w32),
 * n of them, sorted. */
typedef struct source_words {
	const uint64_t *w64;
	const uint32_t *w32;
	size_t n;
} source_words;

/* Sets hit[i] to whether the source holds h[i] (by its key, when that is
 * what it has): h ascending, one walk of both lists. */
static void walk_source(const source_words *s, const uint64_t *h, size_t n, unsigned char *hit)
{
	size_t j = 0;
	if (s->w32)
		for (size_t i = 0; i < n; i++)
			hit[i] = (unsigned char)holds_key(s->w32, s->n, &j, word_key(h[i]));
	else
		for (size_t i = 0; i < n; i++)
			hit[i] = (unsigned char)holds(s->w64, s->n, &j, h[i]);
}

/* Marks held the copy's words of each form the source holds (formed[i]). */
static void mark_formed(const np_ptext *copy, const unsigned char *formed, unsigned char *held)
{
	for (size_t i = 0; i < copy->n_form; i++)
		if (formed[i])
			held[copy->form[i].a] = held[copy->form[i].b] = 1;
}

/* Marks held[i] for each word of the copy the source holds: spelt alike
 * (counted in ov->shared), or spelt otherwise (np_pform; in formed: room
 * for copy->n_form marks). */
static void mark_held(const np_ptext *copy, const source_words *s, unsigned char *held,
                      unsigned char *formed, np_overlap *ov)
{
	walk_source(s, copy->word, copy->n_word, held);
	for (size_t i = 0; i < copy->n_word; i++)
		ov->shared += held[i];
	walk_source(s, copy->form_hash, copy->n_form, formed);
	mark_formed(copy, formed, held);
}

/* The overlap of copy with source s. Keys are the top bits of the words, so
 * one walk serves a source known by its words and one known by its keys. */
static np_status overlap_with(const np_ptext *copy, const uint32_t *df, uint32_t docs,
                              const source_words *s, np_overlap *out, np_error *err)
{
	np_overlap ov = {0};
	if (!copy->formed)
		return np_fail(err, NP_EINVAL, "the copy's other spellings were not made");
	unsigned char *held = malloc(copy->n_word + copy->n_form + 1);
	if (!held)
		return np_fail(err, NP_ENOMEM, "out of memory weighing words");
	mark_held(copy, s, held, held + copy->n_word, &ov);
	double all = 0.0, in_source = 0.0;
	for (size_t i = 0; i < copy->n_word; i++) {
		double w = idf(df ? df[i] : 0, docs);
		all += w;
		in_source += held[i] ? w : 0.0;
	}
	free(held);
	ov.share = all > 0.0 ? in_source / all : 0.0;
	ov.source_share = s->n ? (double)ov.shared / s->n : 0.0;
	*out = ov;
	return NP_OK;
}

np_status np_passage_overlap(const np_ptext *copy, const uint32_t *df, uint32_t docs,
                             const np_ptext *source, np_overlap *out, np_error *err)
{
	source_words s = {.w64 = source->word, .n = source->n_word};
	return overlap_with(copy, df, docs, &s, out, err);
}

size_t np_passage_word_keys(const np_ptext *t, uint32_t *out)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n_word; i++) /* sorted words: equal keys are neighbours */
		if (n == 0 || out[n - 1] != word_key(t->word[i]))
			out[n++] = word_key(t->word[i]);
	return n;
}

np_status np_passage_overlap_keys(const np_ptext *copy, const uint32_t *df, uint32_t docs,
                                  const uint32_t *keys, size_t n_keys, np_overlap *out,
                                  np_error *err)
{
	source_words s = {.w32 = keys, .n = n_keys};
	return overlap_with(copy, df, docs, &s, out, err);
}

double np_passage_inherited(const np_ptext *c, const uint32_t *df, uint32_t docs,
                            const np_ptext *b, const np_ptext *a)
{
	double shared = 0.0, inherited = 0.0;
	size_t jb = 0, ja = 0;
	for (size_t i = 0; i < c->n_word; i++) {
		if (!holds(b->word, b->n_word, &jb, c->word[i]))
			continue;
		double w = idf(df ? df[i] : 0, docs);
		shared += w;
		if (holds(a->word, a->n_word, &ja, c->word[i]))
			inherited += w;
	}
	return shared > 0.0 ? inherited / shared : 0.0;
}
