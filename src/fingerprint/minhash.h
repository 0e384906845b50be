/*
 * minhash.h — MinHash signatures by one-permutation hashing with optimal
 * densification (docs/architecture.md, "fingerprint").
 */
#ifndef NP_MINHASH_H
#define NP_MINHASH_H

#include <stddef.h>
#include <stdint.h>

/* Fills sig[0..k) from n shingle hashes. An empty set gives a signature of
 * NP_MINHASH_EMPTY values that matches nothing but another empty set. */
void np_minhash(const uint64_t *h, size_t n, unsigned k, uint64_t seed, uint32_t *sig);

/* Share of equal positions: the estimate of the Jaccard similarity. */
double np_minhash_jaccard(const uint32_t *a, const uint32_t *b, unsigned k);

#define NP_MINHASH_EMPTY UINT32_MAX

/* Largest K: bounds the stack copy made while densifying. */
#define NP_MINHASH_K_MAX 1024

/* The 64-bit finalizer of SplitMix64 (Steele, Lea & Flood 2014): a
 * bijection that spreads every input bit over the output. */
static inline uint64_t np_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

#endif
