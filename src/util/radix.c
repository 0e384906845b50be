/*
 * radix.c — least-significant-byte radix sort of 64-bit keys (radix.h).
 *
 * Eight passes, one per byte of the key from the lowest: each scatters the
 * records into 256 buckets in the order they come, so after the last pass
 * they are in key order, and equal keys in their first order (every pass is
 * stable). The counts of all eight passes are made in one read of the
 * input, and a pass whose byte is the same in every key moves nothing and is
 * skipped. Signed keys are sorted as unsigned ones with the sign bit turned
 * over (the most negative becomes 0).
 */
#include "util/radix.h"

#include <stdlib.h>
#include <string.h>

#define PASSES 8
#define BUCKETS 256

/* Below this many values an insertion sort (some n * n / 4 moves) is used
 * instead of the eight passes over 256 counters each (clearing and summing
 * 2,048 counters alone): a usual cut, not one measured here. */
#define SMALL 32

#define SIGN_BIT (UINT64_C(1) << 63)

static inline uint64_t key_at(const unsigned char *rec, size_t off, uint64_t flip)
{
	uint64_t k;
	memcpy(&k, rec + off, sizeof k);
	return k ^ flip;
}

/* The counts of each byte value in each byte place of the keys. */
static inline void count(const unsigned char *v, size_t n, size_t size, size_t off,
                         uint64_t flip, size_t cnt[PASSES][BUCKETS])
{
	memset(cnt, 0, sizeof(size_t) * PASSES * BUCKETS);
	for (size_t i = 0; i < n; i++) {
		uint64_t k = key_at(v + i * size, off, flip);
		for (int p = 0; p < PASSES; p++)
			cnt[p][(k >> (8 * p)) & 0xff]++;
	}
}

/* Turns counts into each bucket's first place; 0 when one bucket holds all
 * n (the pass would move nothing). */
static int starts(size_t c[BUCKETS], size_t n)
{
	size_t at = 0;
	for (int b = 0; b < BUCKETS; b++) {
		if (c[b] == n)
			return 0;
		size_t here = c[b];
		c[b] = at;
		at += here;
	}
	return 1;
}

/* The sort itself, inlined into each caller with `size` a constant so that
 * a record moves as one or two words, not through a call to memcpy. */
static inline void radix(unsigned char *v, unsigned char *tmp, size_t n, size_t size,
                         size_t off, uint64_t flip)
{
	size_t cnt[PASSES][BUCKETS];
	count(v, n, size, off, flip, cnt);
	unsigned char *from = v, *to = tmp;
	for (int p = 0; p < PASSES; p++) {
		if (!starts(cnt[p], n))
			continue;
		for (size_t i = 0; i < n; i++) {
			const unsigned char *rec = from + i * size;
			size_t b = (key_at(rec, off, flip) >> (8 * p)) & 0xff;
			memcpy(to + cnt[p][b]++ * size, rec, size);
		}
		unsigned char *t = from;
		from = to;
		to = t;
	}
	if (from != v)
		memcpy(v, from, n * size);
}

int np_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static void insertion_u64(uint64_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t x = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

void np_sort_u64(uint64_t *v, size_t n)
{
	if (n < SMALL) {
		insertion_u64(v, n);
		return;
	}
	uint64_t *tmp = malloc(n * sizeof *tmp);
	if (!tmp) { /* out of memory: the slower sort needs none */
		qsort(v, n, sizeof *v, np_cmp_u64);
		return;
	}
	radix((unsigned char *)v, (unsigned char *)tmp, n, sizeof *v, 0, 0);
	free(tmp);
}

/* Records of `size` bytes by the key at `off`, its top bit turned over by
 * flip (SIGN_BIT for signed keys). */
static int sort_records(void *v, size_t n, size_t size, size_t off, uint64_t flip)
{
	if (n < 2)
		return 0;
	unsigned char *tmp = malloc(n * size);
	if (!tmp)
		return -1;
	if (size == 16) /* the passage postings and forms: one constant size inlined */
		radix(v, tmp, n, 16, off, flip);
	else
		radix(v, tmp, n, size, off, flip);
	free(tmp);
	return 0;
}

int np_sort_by_i64(void *v, size_t n, size_t size, size_t off)
{
	return sort_records(v, n, size, off, SIGN_BIT);
}

int np_sort_by_u64(void *v, size_t n, size_t size, size_t off)
{
	return sort_records(v, n, size, off, 0);
}
