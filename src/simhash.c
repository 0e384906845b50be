/*
 * simhash.c — SimHash-64 over shingle hashes, every shingle weighing 1.
 */
#include "simhash.h"

#include "minhash.h"

uint64_t np_simhash(const uint64_t *h, size_t n, uint64_t seed)
{
	/* Counting the 1 bits per position is the same vote as adding ±1 (a bit
	 * wins when more than half the features set it), and this loop has no
	 * branch: the compiler turns it into vector adds. */
	uint32_t ones[64] = {0};
	for (size_t i = 0; i < n; i++) {
		/* re-mix so that SimHash bits are independent of the MinHash bins */
		uint64_t x = np_mix64(h[i] ^ ~seed);
		for (int b = 0; b < 64; b++)
			ones[b] += (uint32_t)((x >> b) & 1);
	}
	uint64_t out = 0;
	for (int b = 0; b < 64; b++)
		if (2 * (uint64_t)ones[b] > n)
			out |= 1ULL << b;
	return out;
}

int np_hamming64(uint64_t a, uint64_t b)
{
	return __builtin_popcountll(a ^ b);
}
