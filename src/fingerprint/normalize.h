/*
 * normalize.h — UTF-8 text to word tokens (docs/architecture.md,
 * "fingerprint").
 *
 * The result is one buffer holding the tokens separated by single spaces,
 * so that any run of consecutive tokens is one contiguous byte span: the
 * shingle stage hashes spans without copying.
 */
#ifndef NP_NORMALIZE_H
#define NP_NORMALIZE_H

#include <stdint.h>

#include "newsprint.h"
#include "util/strbuf.h"

typedef struct np_tokens {
	np_buf text;       /* tokens joined by ' ' */
	uint32_t *start;   /* byte offset of token i in text */
	uint32_t *len;     /* byte length of token i */
	size_t n, cap;
	size_t n_invalid;  /* invalid UTF-8 sequences replaced by U+FFFD */
} np_tokens;

/* Normalizes len bytes of s (NFKC, case fold, optional accent folding) and
 * splits them into tokens: runs of letters, marks and digits; characters of
 * scripts written without spaces become overlapping n-grams of
 * p->cjk_gram characters. Appends to t (call np_tokens_reset first to
 * reuse it). */
np_status np_normalize(const np_params *p, const char *s, size_t len, np_tokens *t,
                       np_error *err);

/* The same through utf8proc alone, without the pure-ASCII shortcut (the
 * tests compare the two). */
np_status np_normalize_unicode(const np_params *p, const char *s, size_t len, np_tokens *t,
                               np_error *err);

void np_tokens_reset(np_tokens *t);
/* Appends tokens [from, to) of src to t; 0, or -1 when out of memory. */
int np_tokens_append(np_tokens *t, const np_tokens *src, size_t from, size_t to);
void np_tokens_free(np_tokens *t);

#endif
