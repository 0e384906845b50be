/*
 * overlap.h — how much of a copy's vocabulary its source holds, its words
 * weighed by how rare they are, and the word keys the store keeps to bound
 * that before a source's text is read.
 */
#ifndef NP_PASSAGE_OVERLAP_H
#define NP_PASSAGE_OVERLAP_H

#include <stdint.h>

#include "passage/ptext.h"

/* How much of the copy's vocabulary the source holds, each distinct word
 * weighted by its inverse document frequency (IDF): ln((docs + 1) /
 * (df + 1)), df[i] the number of the docs indexed bodies that hold
 * copy->word[i] (under 50 bodies, or no statistics, every word weighs 1).
 * A rewrite keeps the source's rare words (names, numbers, its choice of
 * terms) even where it changes the wording around them; words every body
 * holds weigh nothing. Two neighbouring words of the copy are both held
 * when the source writes them as one word: Urdu spells many compounds and
 * verb forms either way ("وزیر اعظم" and "وزیراعظم", prime minister; "ہو
 * گئے" and "ہوگئے"), as English does "e-mail" and "email". */
typedef struct np_overlap {
	double share;         /* the copy's weight in words the source holds, over its total */
	uint32_t shared;      /* distinct words they share (spelt alike) */
	double source_share;  /* shared over the source's distinct words (unweighted) */
} np_overlap;

np_status np_passage_overlap(const np_ptext *copy, const uint32_t *df, uint32_t docs,
                             const np_ptext *source, np_overlap *out, np_error *err);
/* Both fail with NP_EINVAL when the copy's other spellings were not made. */

/* A text's word keys, as the store keeps them beside its postings: the top
 * 32 bits of each distinct word hash, sorted, each once, into out (room for
 * t->n_word); returns how many. A quarter of a body's size, and enough to
 * bound a pair's overlap before its bodies are read and aligned. */
size_t np_passage_word_keys(const np_ptext *t, uint32_t *out);

/* np_passage_overlap against a source known by its word keys. Two words of
 * one key count as one in the source and as held in the copy, so every
 * figure is at least the one np_passage_overlap gives for the source's
 * text: a pair this does not call partially derived is not. */
np_status np_passage_overlap_keys(const np_ptext *copy, const uint32_t *df, uint32_t docs,
                                  const uint32_t *keys, size_t n_keys, np_overlap *out,
                                  np_error *err);

/* Of the words text c shares with text b (spelt alike; weighted as in
 * np_passage_overlap, df for c's words), the share that text a holds too.
 * With b joined to
 * a's cluster through a partial link, it tells whether c took what b took
 * from a (near 1) or only b's own material (near 0). */
double np_passage_inherited(const np_ptext *c, const uint32_t *df, uint32_t docs,
                            const np_ptext *b, const np_ptext *a);

#endif
