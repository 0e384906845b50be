/*
 * test_minhash.c — MinHash and SimHash against theory.
 *
 * MinHash: over 1,000 synthetic set pairs spread over Jaccard 0.1–0.9, the
 * estimate's mean error is under 0.01 and its standard deviation, measured
 * in units of the theoretical sqrt(J(1-J)/K), is within 20% of 1 — overall
 * and in each band of J. SimHash: the mean Hamming distance follows
 * Charikar's 64 * theta / pi, theta the angle between the two sets'
 * indicator vectors, and grows as similarity falls.
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "fingerprint/minhash.h"
#include "fingerprint/simhash.h"

#define PAIRS 1000
#define BANDS 8 /* Jaccard bands of width 0.1 over 0.1..0.9 */

/* Union sizes. One-permutation hashing samples bins without replacement, so
 * its variance is that of K permutations times about 1 - (K-1)/(|U|-1)
 * (a finite-population correction): with |U| >= 2000 and K <= 256 that
 * is at most 13% below theory, inside the 20% the test allows. */
#define SET_MIN 2000
#define SET_MAX 6000

/* A deterministic stream of distinct-enough 64-bit values (SplitMix64). */
static uint64_t next_u64(uint64_t *state)
{
	*state += 0x9e3779b97f4a7c15ULL;
	return np_mix64(*state);
}

/* Builds A and B with |A ∪ B| = u and |A ∩ B| = both; sizes are returned. */
static void make_pair(uint64_t *state, size_t u, size_t both, uint64_t *a, size_t *na,
                      uint64_t *b, size_t *nb)
{
	size_t only = (u - both) / 2;
	*na = *nb = 0;
	for (size_t i = 0; i < both; i++) {
		uint64_t x = next_u64(state);
		a[(*na)++] = x;
		b[(*nb)++] = x;
	}
	for (size_t i = 0; i < only; i++)
		a[(*na)++] = next_u64(state);
	for (size_t i = 0; i < u - both - only; i++)
		b[(*nb)++] = next_u64(state);
}

typedef struct moments {
	double sum_err, sum_z2;
	int n;
} moments;

static void check_minhash_k(unsigned k)
{
	static uint64_t a[6000], b[6000];
	uint64_t state = 42 + k;
	uint32_t sa[NP_MINHASH_K_MAX], sb[NP_MINHASH_K_MAX];
	moments all = {0}, band[BANDS] = {{0}};
	for (int i = 0; i < PAIRS; i++) {
		double target = 0.1 + 0.8 * (i + 0.5) / PAIRS;
		size_t u = SET_MIN + (size_t)(next_u64(&state) % (SET_MAX - SET_MIN));
		size_t both = (size_t)(target * u + 0.5), na, nb;
		make_pair(&state, u, both, a, &na, b, &nb);
		double exact = (double)both / (double)(na + nb - both);
		np_minhash(a, na, k, 7, sa);
		np_minhash(b, nb, k, 7, sb);
		double err = np_minhash_jaccard(sa, sb, k) - exact;
		double z = err / sqrt(exact * (1 - exact) / k);
		int bi = (int)((exact - 0.1) / 0.1);
		bi = bi < 0 ? 0 : bi >= BANDS ? BANDS - 1 : bi;
		moments *m[2] = {&all, &band[bi]};
		for (int j = 0; j < 2; j++) {
			m[j]->sum_err += err;
			m[j]->sum_z2 += z * z;
			m[j]->n++;
		}
	}
	double mean = all.sum_err / all.n, sd = sqrt(all.sum_z2 / all.n);
	fprintf(stderr, "K=%u: mean error %.5f, sd/theory %.3f\n", k, mean, sd);
	CHECK(fabs(mean) < 0.01);
	CHECK(sd > 0.8 && sd < 1.2);
	for (int i = 0; i < BANDS; i++) {
		double bsd = sqrt(band[i].sum_z2 / band[i].n);
		fprintf(stderr, "  J %.1f-%.1f: n %d, sd/theory %.3f\n", 0.1 + 0.1 * i, 0.2 + 0.1 * i,
		        band[i].n, bsd);
		CHECK(bsd > 0.8 && bsd < 1.2);
	}
}

static void check_identical_and_empty(void)
{
	uint64_t h[300], state = 1;
	uint32_t s1[128], s2[128], e1[128], e2[128];
	for (int i = 0; i < 300; i++)
		h[i] = next_u64(&state);
	np_minhash(h, 300, 128, 3, s1);
	np_minhash(h, 300, 128, 3, s2);
	CHECK(np_minhash_jaccard(s1, s2, 128) == 1.0);
	/* a set far smaller than K is densified: every bin is filled */
	np_minhash(h, 5, 128, 3, s2);
	int empty = 0;
	for (int i = 0; i < 128; i++)
		empty += s2[i] == NP_MINHASH_EMPTY;
	CHECK_INT(empty, 0);
	np_minhash(NULL, 0, 128, 3, e1);
	np_minhash(NULL, 0, 128, 3, e2);
	CHECK(np_minhash_jaccard(e1, s1, 128) == 0.0);
	CHECK(np_minhash_jaccard(e1, e2, 128) == 1.0);
}

/* Mean SimHash distance at several similarities, against 64 * theta / pi. */
static void check_simhash(void)
{
	static const double levels[] = {0.95, 0.8, 0.6, 0.4, 0.2, 0.05};
	uint64_t a[2000], b[2000], state = 99;
	double last = -1;
	for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
		double sum = 0, theory = 0;
		const int trials = 60;
		for (int t = 0; t < trials; t++) {
			size_t u = 1000, both = (size_t)(levels[l] * u), na, nb;
			make_pair(&state, u, both, a, &na, b, &nb);
			sum += np_hamming64(np_simhash(a, na, 5), np_simhash(b, nb, 5));
			theory += 64.0 * acos((double)both / sqrt((double)na * nb)) / M_PI;
		}
		double mean = sum / trials, want = theory / trials;
		fprintf(stderr, "SimHash at J=%.2f: mean distance %.2f, theory %.2f\n", levels[l], mean, want);
		CHECK(fabs(mean - want) < 0.1 * want + 1.0);
		CHECK(mean > last);
		last = mean;
	}
}

int main(void)
{
	check_minhash_k(64);
	check_minhash_k(128);
	check_minhash_k(256);
	check_identical_and_empty();
	check_simhash();
	return CHECK_DONE();
}
