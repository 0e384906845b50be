/*
 * wordmemo.h — what normalization made of the words it saw last: a small
 * direct-mapped table, one per thread (no lock), from a word's bytes (as it
 * stands between two ASCII spaces, not all ASCII) to its tokens.
 *
 * utf8proc's NFKC and case folding, and cutting the result into tokens,
 * are a large share of an ingest's instructions, spent on words that come
 * again and again: a Vietnamese text is all accented syllables, an English
 * one repeats its accented names. The table only remembers utf8proc's
 * answers; a word it does not hold goes through utf8proc. Each slot keeps one word of up to
 * NP_WORDMEMO_KEY_MAX bytes; a longer one (a sentence of Chinese, which has
 * no spaces) is never kept.
 */
#ifndef NP_WORDMEMO_H
#define NP_WORDMEMO_H

#include <stddef.h>
#include <stdint.h>

#define NP_WORDMEMO_KEY_MAX 40
#define NP_WORDMEMO_VAL_MAX 80

/* The tokens of a word, separated by single spaces (a token never holds
 * one), and how they were made (mode: the options that change them). */
typedef struct np_wordmemo_entry {
	uint64_t hash;
	uint32_t mode;
	uint8_t key_len, val_len;
	char key[NP_WORDMEMO_KEY_MAX];
	char val[NP_WORDMEMO_VAL_MAX];
} np_wordmemo_entry;

/* The hash of word w (n bytes), to look it up and to keep it. */
uint64_t np_wordmemo_hash(const char *w, size_t n);

/* What this thread's table holds for w made in mode, or NULL. */
const np_wordmemo_entry *np_wordmemo_find(uint64_t hash, const char *w, size_t n,
                                          uint32_t mode);

/* Keeps w's tokens (val, val_len bytes), in place of the word in its slot;
 * a word or tokens too long to keep are not. */
void np_wordmemo_put(uint64_t hash, const char *w, size_t n, uint32_t mode, const char *val,
                     size_t val_len);

#endif
