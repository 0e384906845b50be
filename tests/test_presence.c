/*
 * test_presence.c — the passage tier's presence set (presence.c): a key
 * added is always found; a key never added is taken for present at the
 * rate theory gives for the bits set (1 - e^-m/n for m random keys in n
 * bits); the set says it is full at a quarter of its bits. Then in the
 * store: lookups answer the same with it as the inverted index does, across
 * a rebuild eight times as large, a commit and a rollback.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "util/presence.h"
#include "store/open/open.h"
#include "tmpstore.h"

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t rnd64(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* m = 2^21 random keys in 2^23 bits: a quarter full. Absent keys drawn
 * afresh are "maybe" at the share of bits set, 1 - (1 - 2^-23)^m, about
 * 1 - e^-1/4 = 0.2212; over 200,000 of them the standard error is 0.0009,
 * so 0.005 is more than five of it. */
static void test_false_positives(void)
{
	np_presence p;
	CHECK_INT(np_presence_init(&p, NP_PRESENCE_MIN_LOG2), 0);
	CHECK_INT(p.log2_bits, 23);
	size_t m = (size_t)1 << 21;
	uint32_t *keys = malloc(m * sizeof *keys);
	for (size_t i = 0; i < m; i++) {
		keys[i] = (uint32_t)(rnd64() >> 32);
		np_presence_add(&p, keys[i]);
		if (i + 1 == m)
			CHECK(!np_presence_full(&p)); /* exactly a quarter: not over it */
	}
	size_t missed = 0;
	for (size_t i = 0; i < m; i++)
		missed += !np_presence_maybe(&p, keys[i]);
	CHECK_INT(missed, 0);
	np_presence_add(&p, 1);
	CHECK(np_presence_full(&p));
	size_t maybe = 0, tries = 200000;
	for (size_t i = 0; i < tries; i++)
		maybe += np_presence_maybe(&p, (uint32_t)(rnd64() >> 32));
	double theory = 1.0 - pow(1.0 - ldexp(1.0, -23), (double)m);
	double seen = (double)maybe / (double)tries;
	CHECK(fabs(theory - (1.0 - exp(-0.25))) < 1e-3);
	CHECK(fabs(seen - theory) < 0.005);
	free(keys);
	np_presence_free(&p);
}

static void test_sizes(void)
{
	np_presence p;
	CHECK_INT(np_presence_init(&p, 99), 0); /* (taken down to the largest) */
	CHECK_INT(p.log2_bits, NP_PRESENCE_MAX_LOG2);
	p.added = SIZE_MAX / 8;
	CHECK(!np_presence_full(&p)); /* as large as it gets: never full */
	np_presence_free(&p);
}

/* The holders the store finds for fingerprint h (one entry each). */
static size_t holders(np_store *st, uint64_t h, int64_t *first)
{
	int64_t *sids = NULL;
	size_t n = 0, room = 0;
	np_error err = {0};
	CHECK_INT(np_store_find_passages(st, &h, 1, 16, &sids, &n, &room, &err), NP_OK);
	*first = n ? sids[0] : 0;
	free(sids);
	return n;
}

/* A fingerprint whose stored key (its top 32 bits) is i + 1. */
static uint64_t fingerprint(uint64_t i)
{
	return (i + 1) << 32 | 0x5a5a;
}

/* 2^21 + 2^20 postings held in one transaction outgrow the smallest set
 * (full at 2^21 keys) and are found before and after it is made again;
 * rolled back, they are gone although their bits stay set. Committed, a
 * posting is found from the table, and again by a new handle whose set is
 * made from the table. */
static void test_store_lookups(void)
{
	np_store *st = NULL;
	np_error err = {0};
	CHECK_INT(np_store_open(&st, tmpstore_path("presence.db"), 0, &err), NP_OK);
	if (!st)
		return;
	int64_t sid = 0;
	CHECK_INT(np_store_begin(st, &err), NP_OK);
	CHECK_INT(holders(st, fingerprint(7), &sid), 0); /* makes the set, empty */
	size_t n = ((size_t)1 << 21) + ((size_t)1 << 20);
	uint64_t *h = malloc(n * sizeof *h);
	for (size_t i = 0; i < n; i++)
		h[i] = fingerprint(2 * i); /* even keys: odd ones stay absent */
	CHECK_INT(np_store_add_passages(st, 41, h, n / 2, &err), NP_OK);
	CHECK_INT(holders(st, h[0], &sid), 1);
	CHECK_INT(sid, 41);
	CHECK_INT(np_store_add_passages(st, 42, h + n / 2, n - n / 2, &err), NP_OK);
	CHECK_INT(holders(st, h[0], &sid), 1);
	CHECK_INT(sid, 41);
	CHECK_INT(holders(st, h[n - 1], &sid), 1);
	CHECK_INT(sid, 42);
	CHECK_INT(holders(st, fingerprint(2 * n + 1), &sid), 0);
	CHECK_INT(np_store_rollback(st, &err), NP_OK);
	CHECK_INT(holders(st, h[0], &sid), 0);
	CHECK_INT(holders(st, h[n - 1], &sid), 0);
	CHECK_INT(np_store_begin(st, &err), NP_OK);
	uint64_t odd = fingerprint(3);
	CHECK_INT(np_store_add_passages(st, 43, &odd, 1, &err), NP_OK);
	CHECK_INT(np_store_commit(st, &err), NP_OK);
	CHECK_INT(holders(st, odd, &sid), 1);
	CHECK_INT(sid, 43);
	np_store_close(st);
	CHECK_INT(np_store_open(&st, tmpstore_path("presence.db"), 1, &err), NP_OK);
	CHECK_INT(holders(st, odd, &sid), 1);
	CHECK_INT(sid, 43);
	CHECK_INT(holders(st, h[0], &sid), 0);
	free(h);
	np_store_close(st);
}

int main(void)
{
	test_false_positives();
	test_sizes();
	if (tmpstore_make("np-presence"))
		return 1;
	test_store_lookups();
	tmpstore_remove();
	return CHECK_DONE();
}
