/*
 * simhash.c — SimHash-64 over shingle hashes, every shingle weighing 1.
 */
#include "fingerprint/simhash.h"

#include "fingerprint/minhash.h"

/* Byte lanes count to 255 before they are added into the totals. */
#define LANE_MAX 255
#define LOW_BIT_OF_EACH_BYTE 0x0101010101010101ULL

/* Adds the lanes: lanes[g] byte j counts bit 8j+g. */
static void spill(uint64_t lanes[8], uint32_t ones[64])
{
	for (int g = 0; g < 8; g++) {
		for (int j = 0; j < 8; j++)
			ones[8 * j + g] += (uint32_t)((lanes[g] >> (8 * j)) & 0xFF);
		lanes[g] = 0;
	}
}

uint64_t np_simhash(const uint64_t *h, size_t n, uint64_t seed)
{
	/* Counting the 1 bits per position is the same vote as adding ±1 (a bit
	 * wins when more than half the features set it). The counts are kept
	 * eight to a word, one per byte (SIMD within a register): bit g of
	 * every byte of x is added by one shift, mask and add, 8 operations per
	 * feature instead of 64. */
	uint32_t ones[64] = {0};
	uint64_t lanes[8] = {0};
	size_t pending = 0;
	for (size_t i = 0; i < n; i++) {
		/* re-mix so that SimHash bits are independent of the MinHash bins */
		uint64_t x = np_mix64(h[i] ^ ~seed);
		for (int g = 0; g < 8; g++)
			lanes[g] += (x >> g) & LOW_BIT_OF_EACH_BYTE;
		if (++pending == LANE_MAX) {
			spill(lanes, ones);
			pending = 0;
		}
	}
	spill(lanes, ones);
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
