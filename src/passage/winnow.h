/*
 * winnow.h — winnowing (Schleimer, Wilkerson & Aiken, "Winnowing: local
 * algorithms for document fingerprinting", SIGMOD 2003): from the hashes of
 * a text's word n-grams, in text order, keep the minimum of every window of
 * w consecutive hashes. Two texts that share a run of at least
 * w + n - 1 words share a window of w n-grams, hence its minimum: every such
 * run is seen, whatever surrounds it. About 2 / (w + 1) of the n-grams are
 * kept.
 */
#ifndef NP_WINNOW_H
#define NP_WINNOW_H

#include <stddef.h>
#include <stdint.h>

/* One kept n-gram: its hash and its position (the n-gram's first word). */
typedef struct np_winnow_fp {
	uint64_t hash;
	uint32_t pos;
} np_winnow_fp;

/* Winnows h[0..n) with windows of w hashes (w >= 1), robustly: the
 * rightmost minimum of a window is kept, and a minimum already kept is not
 * kept again for the next window. A text of fewer than w hashes is one
 * window. Writes to out (room for n, never more are kept) and returns how
 * many were kept, in text order. */
size_t np_winnow(const uint64_t *h, size_t n, unsigned w, np_winnow_fp *out);

#endif
