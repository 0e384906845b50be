/*
 * test_lsh.c — the banding index: parameters chosen from the threshold,
 * candidates found at the rates the S-curve predicts, items numbered in
 * order of insertion and the latest taken back, and a key's holders past
 * the walk caps.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "index/lsh.h"
#include "fingerprint/minhash.h"

static void test_choose(void)
{
	unsigned b, r;
	np_lsh_choose(0.5, 128, &b, &r);
	fprintf(stderr, "t=0.5, K=128: %u bands x %u rows\n", b, r);
	CHECK(b * r <= 128);
	/* the S-curve's steep part lies at the threshold */
	CHECK(np_lsh_probability(0.3, b, r) < 0.35);
	CHECK(np_lsh_probability(0.7, b, r) > 0.95);
	np_lsh_choose(0.25, 128, &b, &r);
	fprintf(stderr, "t=0.25, K=128: %u bands x %u rows\n", b, r);
	CHECK(np_lsh_probability(0.4, b, r) > 0.9);
	CHECK(np_lsh_probability(0.1, b, r) < 0.3);
	/* a higher threshold takes more rows per band */
	unsigned b2, r2;
	np_lsh_choose(0.8, 128, &b2, &r2);
	CHECK(r2 > r);
}

/* Signature of a set of n hashes whose first `shared` come from a common pool. */
static void signature(uint64_t base, size_t n, size_t shared, uint16_t *sig)
{
	uint64_t h[600];
	uint32_t full[128];
	for (size_t i = 0; i < n; i++)
		h[i] = np_mix64(i < shared ? i + 1 : base + i);
	np_minhash(h, n, 128, 11, full);
	for (int i = 0; i < 128; i++)
		sig[i] = (uint16_t)full[i]; /* the index keeps 16 bits */
}

static void test_query(void)
{
	unsigned b, r;
	np_lsh_choose(0.5, 128, &b, &r);
	np_lsh *l = np_lsh_new(b, r, 11);
	uint16_t sig[128];
	uint32_t *out = NULL;
	size_t cap = 0;
	/* items 0..199: each shares 540 of 600 elements with the pool (J ~ 0.82
	 * with the query) or only 60 (J ~ 0.05) */
	for (uint32_t i = 0; i < 200; i++) {
		signature(1000000ULL * (i + 1), 600, i % 2 ? 540 : 60, sig);
		CHECK_INT(np_lsh_insert(l, i, sig), 0);
	}
	signature(999999999ULL, 600, 600, sig);
	long n = np_lsh_query(l, sig, &out, &cap);
	int near = 0, far = 0;
	for (long i = 0; i < n; i++) {
		near += out[i] % 2;
		far += out[i] % 2 == 0;
		CHECK(i == 0 || out[i] > out[i - 1]); /* distinct, ascending */
	}
	fprintf(stderr, "query: %d of 100 near found, %d of 100 far\n", near, far);
	CHECK(near >= 98);
	CHECK(far <= 2);
	CHECK(np_lsh_memory(l) > 200 * b * sizeof(uint64_t));
	free(out);
	np_lsh_free(l);
}

/* Items come in order; the latest can be taken back, and numbered again. */
static void test_order_and_truncate(void)
{
	np_lsh *l = np_lsh_new(42, 3, 11);
	uint16_t sig[128];
	uint32_t *out = NULL;
	size_t cap = 0;
	signature(5, 600, 600, sig); /* one signature for all: each item shares every band */
	CHECK_INT(np_lsh_insert(l, 1, sig), -1); /* not the next number */
	for (uint32_t i = 0; i < 3; i++)
		CHECK_INT(np_lsh_insert(l, i, sig), 0);
	CHECK_INT(np_lsh_query(l, sig, &out, &cap), 3);
	np_lsh_truncate(l, 1);
	CHECK_INT(np_lsh_query(l, sig, &out, &cap), 1);
	CHECK_INT(out[0], 0);
	CHECK_INT(np_lsh_insert(l, 1, sig), 0);
	CHECK_INT(np_lsh_query(l, sig, &out, &cap), 2);
	free(out);
	np_lsh_free(l);
}

/* Holders of a band key past the walk cap: a query takes the newest, in
 * ascending order; without the cap every holder, sorted through the radix
 * passes (300 items sharing 42 bands are 12,600 entries). */
#define MANY_HOLDERS 300
#define WALK 64

static void test_walk(void)
{
	np_lsh *l = np_lsh_new(42, 3, 11);
	uint16_t sig[128];
	uint32_t *out = NULL;
	size_t cap = 0;
	signature(5, 600, 600, sig);
	for (uint32_t i = 0; i < MANY_HOLDERS; i++)
		CHECK_INT(np_lsh_insert(l, i, sig), 0);
	CHECK_INT(np_lsh_query(l, sig, &out, &cap), MANY_HOLDERS);
	for (uint32_t i = 0; i < MANY_HOLDERS; i++)
		CHECK_INT(out[i], i);
	np_lsh_set_walk(l, WALK, 0);
	CHECK_INT(np_lsh_query(l, sig, &out, &cap), WALK);
	for (uint32_t i = 0; i < WALK; i++)
		CHECK_INT(out[i], MANY_HOLDERS - WALK + i);
	free(out);
	np_lsh_free(l);
}

/* Once a key gave WALK holders, later bands give WALK_AFTER: a query
 * sharing bands 0-40 with 100 items and band 41 with 20 older ones takes
 * 64 of the first, and the 8 newest of the others. */
#define OLDER 20
#define NEWER 100
#define WALK_AFTER 8

static void test_walk_after(void)
{
	uint16_t older[128], newer[128], q[128];
	signature(1000, 600, 0, older); /* two unrelated sets */
	signature(5000, 600, 0, newer);
	memcpy(q, newer, sizeof q);
	memcpy(q + 41 * 3, older + 41 * 3, 3 * sizeof *q); /* band 41 of 42 x 3 */
	uint32_t *out = NULL;
	size_t cap = 0;
	np_lsh *l = np_lsh_new(42, 3, 11);
	for (uint32_t i = 0; i < OLDER + NEWER; i++)
		CHECK_INT(np_lsh_insert(l, i, i < OLDER ? older : newer), 0);
	np_lsh_set_walk(l, WALK, 0);
	CHECK_INT(np_lsh_query(l, q, &out, &cap), WALK + OLDER);
	np_lsh_set_walk(l, WALK, WALK_AFTER);
	CHECK_INT(np_lsh_query(l, q, &out, &cap), WALK + WALK_AFTER);
	CHECK_INT(out[0], OLDER - WALK_AFTER);           /* the newest of the older */
	CHECK_INT(out[WALK_AFTER], OLDER + NEWER - WALK); /* then the newest 64 */
	free(out);
	np_lsh_free(l);
}

int main(void)
{
	test_choose();
	test_query();
	test_order_and_truncate();
	test_walk();
	test_walk_after();
	return CHECK_DONE();
}
