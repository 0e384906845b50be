/*
 * shingle.c — k-token shingles of a normalized text, as a set of 64-bit
 * XXH3 hashes. Because normalize.c joins tokens by single spaces, a shingle
 * is one contiguous span of the token buffer and is hashed in place.
 */
#include "fingerprint/shingle.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "util/error.h"
#include "util/radix.h"

/* Open addressing with linear probing in a table at least twice the input,
 * 0 marking a free slot (a real 0 hash is tracked apart). */
static size_t dedupe_in(uint64_t *h, size_t n, uint64_t *table, size_t slots)
{
	size_t w = 0, mask = slots - 1;
	int zero_seen = 0;
	memset(table, 0, slots * sizeof *table);
	for (size_t i = 0; i < n; i++) {
		uint64_t x = h[i];
		if (x == 0) {
			if (!zero_seen)
				h[w++] = 0;
			zero_seen = 1;
			continue;
		}
		size_t j = (size_t)(x ^ (x >> 29)) & mask;
		while (table[j] && table[j] != x)
			j = (j + 1) & mask;
		if (!table[j]) {
			table[j] = x;
			h[w++] = x;
		}
	}
	return w;
}

/* The table is 2 to 4 times the input (at least 64 slots): sparse enough
 * for short probes, small enough that clearing it costs less than the
 * inserts. */
#define DEDUPE_MIN_SLOTS 64

size_t np_hash_dedupe(uint64_t *h, size_t n)
{
	uint64_t stack[2 * NP_DEDUPE_STACK];
	size_t slots = DEDUPE_MIN_SLOTS;
	while (slots < 2 * n)
		slots *= 2;
	if (slots <= 2 * NP_DEDUPE_STACK)
		return dedupe_in(h, n, stack, slots);
	uint64_t *table = malloc(slots * sizeof *table);
	if (!table)
		return 0;
	size_t w = dedupe_in(h, n, table, slots);
	free(table);
	return w;
}

/* Repeats are dropped first, in O(n), so that only the distinct values are
 * sorted (a body's words repeat two or three times on average). */
size_t np_hash_set(uint64_t *h, size_t n)
{
	if (n < 2)
		return n;
	size_t distinct = np_hash_dedupe(h, n);
	if (distinct) {
		np_sort_u64(h, distinct);
		return distinct;
	}
	/* no room for the table: sort them all and drop repeats in order */
	np_sort_u64(h, n);
	size_t w = 1;
	for (size_t i = 1; i < n; i++)
		if (h[i] != h[w - 1])
			h[w++] = h[i];
	return w;
}

size_t np_hash_intersection(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t i = 0, j = 0, both = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else {
			both++;
			i++;
			j++;
		}
	}
	return both;
}

np_status np_shingle(const np_tokens *t, unsigned k, uint64_t seed, uint64_t **out, size_t *n,
                     np_error *err)
{
	*out = NULL;
	*n = 0;
	if (t->n == 0)
		return NP_OK;
	size_t count = t->n >= k ? t->n - k + 1 : 1;
	size_t last = t->n >= k ? k - 1 : t->n - 1; /* offset of a shingle's last token */
	uint64_t *h = malloc(count * sizeof *h);
	if (!h)
		return np_fail(err, NP_ENOMEM, "out of memory hashing %zu shingles", count);
	for (size_t i = 0; i < count; i++) {
		size_t from = t->start[i];
		size_t to = t->start[i + last] + t->len[i + last];
		h[i] = XXH3_64bits_withSeed(t->text.p + from, to - from, seed);
	}
	*out = h;
	*n = count;
	return NP_OK;
}
