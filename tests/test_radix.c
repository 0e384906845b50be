/*
 * test_radix.c — the radix sorts (src/util/radix.c) against qsort: every size
 * around the insertion-sort cut, keys whose high bytes are all equal (the
 * skipped passes), duplicates, signed keys at both ends of their range, and
 * the stability of records with equal keys.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "util/radix.h"

static uint64_t state = 88172645463325252ULL;

static uint64_t next(void) /* xorshift64: the same sequence on every run */
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* n values masked by mask (few distinct values, or only low bytes set),
 * sorted both ways and compared. */
static void check_u64(size_t n, uint64_t mask)
{
	uint64_t *a = malloc((n + 1) * sizeof *a), *b = malloc((n + 1) * sizeof *b);
	if (!a || !b)
		exit(1);
	for (size_t i = 0; i < n; i++)
		a[i] = b[i] = next() & mask;
	np_sort_u64(a, n);
	qsort(b, n, sizeof *b, cmp_u64);
	int same = 1;
	for (size_t i = 0; i < n; i++)
		same &= a[i] == b[i];
	if (!same)
		fprintf(stderr, "np_sort_u64 differs from qsort at n = %zu, mask %016llx\n", n,
		        (unsigned long long)mask);
	CHECK(same);
	free(a);
	free(b);
}

static void test_u64(void)
{
	static const size_t sizes[] = {0, 1, 2, 3, 31, 32, 33, 100, 1000, 100000};
	static const uint64_t masks[] = {UINT64_MAX, 0xff, 0xffff00, 0x7, 0};
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
		for (size_t j = 0; j < sizeof masks / sizeof *masks; j++)
			check_u64(sizes[i], masks[j]);
	uint64_t desc[40];
	for (int i = 0; i < 40; i++)
		desc[i] = UINT64_MAX - (uint64_t)i;
	np_sort_u64(desc, 40);
	CHECK(desc[0] == UINT64_MAX - 39 && desc[39] == UINT64_MAX);
}

typedef struct record {
	int64_t seq; /* the order it came in */
	int64_t key;
	int64_t pad;
} record;

typedef struct pair {
	int64_t key;
	int64_t seq;
} pair;

/* Keys from a small signed set with both extremes, so that equal keys are
 * many and the sign bit matters. */
static int64_t some_key(void)
{
	static const int64_t keys[] = {INT64_MIN, -5, -1, 0, 1, 7, 1LL << 40, INT64_MAX};
	return keys[next() % 8];
}

static void test_records(void)
{
	enum { N = 5000 };
	static record r[N];
	static pair p[N];
	for (int i = 0; i < N; i++) {
		r[i] = (record){i, some_key(), -i};
		p[i] = (pair){some_key(), i};
	}
	CHECK_INT(np_sort_by_i64(r, N, sizeof *r, offsetof(record, key)), 0);
	CHECK_INT(np_sort_by_i64(p, N, sizeof *p, offsetof(pair, key)), 0);
	int sorted = 1, stable = 1, kept = 1;
	for (int i = 1; i < N; i++) {
		sorted &= r[i - 1].key <= r[i].key && p[i - 1].key <= p[i].key;
		stable &= (r[i - 1].key < r[i].key || r[i - 1].seq < r[i].seq) &&
		          (p[i - 1].key < p[i].key || p[i - 1].seq < p[i].seq);
	}
	for (int i = 0; i < N; i++)
		kept &= r[i].pad == -r[i].seq; /* whole records moved */
	CHECK(sorted);
	CHECK(stable);
	CHECK(kept);
	CHECK(r[0].key == INT64_MIN && r[N - 1].key == INT64_MAX);
	CHECK_INT(np_sort_by_i64(r, 1, sizeof *r, offsetof(record, key)), 0);
}

int main(void)
{
	test_u64();
	test_records();
	return CHECK_DONE();
}
