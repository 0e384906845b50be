/*
 * align.h — the passages two texts share, found by greedy tiling of their
 * word n-grams, and how much of each text they cover.
 */
#ifndef NP_PASSAGE_ALIGN_H
#define NP_PASSAGE_ALIGN_H

#include <stdint.h>

#include "passage/ptext.h"

/* One shared passage: words [a, a + words) of text a are words
 * [b, b + words) of text b. */
typedef struct np_passage {
	uint32_t a, b, words;
} np_passage;

typedef struct np_alignment {
	np_passage *v;         /* in the order of the text tiled */
	size_t n;
	uint32_t words_a, words_b;
	uint32_t covered_a;    /* words of a inside a shared passage */
	uint32_t covered_b;
	double a_in_b;         /* covered_a / words_a: the share of a found in b */
	double b_in_a;
} np_alignment;

/* Aligns a with b by greedy tiling: from the start of a, the longest run of
 * n-grams that b has in the same order, then on after it. Fills *out (free
 * it with np_alignment_free). */
np_status np_passage_align(const np_ptext *a, const np_ptext *b, unsigned n_words,
                           np_alignment *out, np_error *err);
/* The same with the copy tiled against its source (a when copy_is_a, else
 * b), told of a and b as given. A text that repeats a phrase has each
 * repeat in a passage when it is tiled, and the tiling finds other passages
 * from the other side: a pair is measured one way, from its copy, wherever
 * it is aligned (ingest, compare A B, compare B A). */
np_status np_passage_align_copy(const np_ptext *a, const np_ptext *b, int copy_is_a,
                                unsigned n_words, np_alignment *out, np_error *err);
/* The copy of a and b (*copy_is_a) and their alignment from it: the later
 * (later_is_a 1 or 0), or when the times cannot tell (-1), the one more of
 * which lies in passages when each is tiled against the other. compare and
 * ingest choose alike by it. */
np_status np_passage_align_pair(const np_ptext *a, const np_ptext *b, int later_is_a,
                                unsigned n_words, np_alignment *out, int *copy_is_a,
                                np_error *err);
void np_alignment_free(np_alignment *al);

#endif
