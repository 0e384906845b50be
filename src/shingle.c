/*
 * shingle.c — k-token shingles of a normalized text, as a set of 64-bit
 * XXH3 hashes. Because normalize.c joins tokens by single spaces, a shingle
 * is one contiguous span of the token buffer and is hashed in place.
 */
#include "shingle.h"

#include <stdlib.h>
#include <xxhash.h>

#include "error.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

size_t np_hash_set(uint64_t *h, size_t n)
{
	if (n < 2)
		return n;
	qsort(h, n, sizeof *h, cmp_u64);
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
