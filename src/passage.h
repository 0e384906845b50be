/*
 * passage.h — the passage tier's text side: a body as word
 * n-gram hashes, its winnowed fingerprints, the alignment of two bodies as
 * the passages they share, and the derivation class of a pair from it.
 *
 * The near-duplicate tier compares whole bodies; this one finds the runs
 * of words a rewrite kept. A pair is derived when enough of one story lies
 * in shared passages: `wholly` when the copy is essentially the source
 * (trimmed or reordered), `partially` when some passages were kept beside
 * the copy's own material.
 */
#ifndef NP_PASSAGE_H
#define NP_PASSAGE_H

#include <stdint.h>

#include "newsprint.h"
#include "normalize.h"

/* Scripts, as far as word statistics go: which 256-code-point page of
 * Unicode most of a text's words start in (Latin with its extensions and
 * digits all page 0; Han, Kana, Hangul and the rest from U+3000 one class).
 * Words are counted against the bodies of their own script: in a store of
 * English news the common words of its few Thai or Urdu stories would
 * otherwise look rare, and any two of those stories alike. */
#define NP_SCRIPT_CLASSES 49

/* Another spelling of a text's words: two neighbours written as one (the
 * two words' places in np_ptext.word, a and b), or one word less one of its
 * letters (a == b); hash is the spelling's word hash, as np_ptext.word's. */
typedef struct np_pform {
	uint64_t hash;
	uint32_t a, b;
} np_pform;

/* A body as its tokens, the hash of the p->passage_words-gram starting
 * at each token (gram[i] for i < n_gram), the hashes of its distinct
 * words, sorted (word[i] for i < n_word), and its script class. When it
 * is a copy, also the other spellings of its words (np_ptext_forms), sorted
 * by hash (form[i] for i < n_form), and their hashes (form_hash[i]: the
 * same, repeats and all, as a list to walk). */
typedef struct np_ptext {
	np_tokens tok;
	uint64_t *gram;
	size_t n_gram;
	uint64_t *word;
	size_t n_word;
	np_pform *form;
	uint64_t *form_hash;
	size_t n_form;
	int formed; /* form and form_hash made (or nothing to make) */
	unsigned script;
} np_ptext;

/* Normalizes a story's body paragraphs, or a stored body (paragraphs joined
 * by blank lines: the same tokens), and hashes its n-grams. */
np_status np_ptext_story(const np_params *p, const np_story *s, np_ptext *out, np_error *err);
np_status np_ptext_body(const np_params *p, const char *body, np_ptext *out, np_error *err);
/* The same from tokens already normalized (*tok, taken over and left empty). */
np_status np_ptext_tokens(const np_params *p, np_tokens *tok, np_ptext *out, np_error *err);
void np_ptext_free(np_ptext *t);

/* Makes the other spellings of t's words that p->passage_spelling allows
 * (once; none in scripts written without spaces), which np_passage_overlap
 * needs of the copy: made only for the texts that are one, as most texts of
 * the tier are sources. */
np_status np_ptext_forms(const np_params *p, np_ptext *t, np_error *err);

/* The distinct winnowed fingerprints of t (windows of p->passage_window
 * n-grams), sorted; *out is malloc'd (NULL when *n is 0). */
np_status np_passage_fingerprints(const np_params *p, const np_ptext *t, uint64_t **out,
                                  size_t *n, np_error *err);

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

typedef enum np_derivation {
	NP_DERIVED_NONE = 0,
	NP_DERIVED_PARTIALLY,
	NP_DERIVED_WHOLLY
} np_derivation;

/* "wholly", "partially" or NULL for none. */
const char *np_derivation_name(np_derivation d);
/* The derivation named s ("wholly", "partially"), else NONE. */
np_derivation np_derivation_parse(const char *s);

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

/* How the two stories of a pair stand to each other by outlet and time. */
typedef enum np_kin {
	NP_KIN_OTHER = 0,   /* of two outlets */
	NP_KIN_OUTLET,      /* of one outlet, as close in time as a resend */
	NP_KIN_OUTLET_APART /* of one outlet, further apart: its template (a daily
	                     * market report), not a resend */
} np_kin;

/* The class of a pair whose copy (the later story) is text a (copy_is_a)
 * or b, from its alignment al and the copy's word overlap ov with the
 * source. None unless they share at least p->passage_min_words distinct
 * words (a stock sentence of a short text links nothing); wholly when at
 * least p->passage_wholly of the copy lies in shared passages; partially
 * when the overlap reaches p->passage_overlap and the copy holds at least
 * p->passage_source of the source's distinct words: a rewrite takes a real
 * part of its source, while a short independent report of the same event
 * shares its names and places, not a quarter of its vocabulary. Never
 * partially between two stories of one outlet (kin NP_KIN_OUTLET): an
 * outlet's follow-up that repeats its own background paragraphs is not a
 * republication (on COUNTER such links join an agency's stories of one
 * event and keep their papers' copies out of their clusters: benchmarks/
 * README.md, "One outlet's own stories"). Nor wholly
 * when they are further apart than a resend (NP_KIN_OUTLET_APART). */
np_derivation np_passage_classify(const np_params *p, const np_alignment *al, int copy_is_a,
                                  np_overlap ov, np_kin kin);

/* The kin of two stories, one outlet's (same_outlet) or not, published
 * apart_seconds apart (0 when not known). */
np_kin np_passage_kin(int same_outlet, int64_t apart_seconds);

/* Document frequencies for np_passages_describe: df_a[i] for ta->word[i],
 * df_b[i] for tb->word[i], out of docs bodies (docs 0: none known). */
typedef struct np_word_stats {
	const uint32_t *df_a, *df_b;
	uint32_t docs;
} np_word_stats;

/* np_passages_compare's work once the texts and their word statistics are
 * known (db.c looks those up in the store). */
np_status np_passages_describe(const np_params *p, const np_story *a, const np_story *b,
                               const np_ptext *ta, const np_ptext *tb, const np_word_stats *ws,
                               np_passages *out, np_error *err);

#endif
