/*
 * ptext.h — a body as the passage tier reads it: its tokens, the
 * hashes of its word n-grams and of its distinct words, the other spellings
 * of its words, and its winnowed fingerprints. align.h, overlap.h and
 * classify.h compare two such texts.
 *
 * The near-duplicate tier compares whole bodies; this one finds the runs
 * of words a rewrite kept. A pair is derived when enough of one story lies
 * in shared passages: `wholly` when the copy is essentially the source
 * (trimmed or reordered), `partially` when some passages were kept beside
 * the copy's own material.
 */
#ifndef NP_PASSAGE_PTEXT_H
#define NP_PASSAGE_PTEXT_H

#include <stdint.h>

#include "fingerprint/normalize.h"
#include "newsprint.h"

/* The seed salt of word hashes (np_ptext.word and the forms'), so that a
 * word's hash never equals a shingle's or an n-gram's ("wordfreq"). */
#define NP_WORD_SEED_SALT 0x776f726466726571ULL

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

#endif
