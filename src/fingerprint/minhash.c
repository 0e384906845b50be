/*
 * minhash.c — one-permutation hashing (OPH, Li, Owen & Zhang 2012) with
 * optimal densification (Shrivastava 2017).
 *
 * Classic MinHash applies K hash functions to every shingle: K x n work.
 * OPH hashes each shingle once, uses the high bits to pick one of K bins and
 * keeps the minimum of the low bits per bin: n work for K values. A bin that
 * no shingle fell into borrows the value of another bin chosen by a hash of
 * (bin, attempt) — the same choice in every set — which keeps the estimator
 * unbiased with a variance close to that of K independent permutations.
 */
#include "fingerprint/minhash.h"

void np_minhash(const uint64_t *h, size_t n, unsigned k, uint64_t seed, uint32_t *sig)
{
	for (unsigned i = 0; i < k; i++)
		sig[i] = NP_MINHASH_EMPTY;
	if (n == 0)
		return;
	/* NP_MINHASH_EMPTY doubles as the "bin empty" mark; a real value equal to
	 * it is clamped one below, a bias of 2^-32 per bin. */
	unsigned filled = 0;
	for (size_t j = 0; j < n; j++) {
		uint64_t x = np_mix64(h[j] ^ seed);
		unsigned bin = (unsigned)(((x >> 32) * (uint64_t)k) >> 32);
		uint32_t v = (uint32_t)x;
		if (v == NP_MINHASH_EMPTY)
			v--;
		if (sig[bin] == NP_MINHASH_EMPTY)
			filled++;
		if (v < sig[bin])
			sig[bin] = v;
	}
	if (filled == k)
		return;
	/* Densify: read from a copy so that a bin filled by borrowing is never
	 * borrowed from (that would chain choices and break the estimator). */
	uint32_t orig[NP_MINHASH_K_MAX];
	for (unsigned i = 0; i < k; i++)
		orig[i] = sig[i];
	for (unsigned i = 0; i < k; i++) {
		if (orig[i] != NP_MINHASH_EMPTY)
			continue;
		for (uint64_t attempt = 1;; attempt++) {
			uint64_t x = np_mix64(seed ^ np_mix64(((uint64_t)i << 32) | attempt));
			unsigned from = (unsigned)(((x >> 32) * (uint64_t)k) >> 32);
			if (orig[from] != NP_MINHASH_EMPTY) {
				sig[i] = orig[from];
				break;
			}
		}
	}
}

double np_minhash_jaccard(const uint32_t *a, const uint32_t *b, unsigned k)
{
	unsigned same = 0;
	for (unsigned i = 0; i < k; i++)
		same += a[i] == b[i];
	return (double)same / k;
}
