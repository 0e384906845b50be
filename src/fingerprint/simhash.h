/*
 * simhash.h — 64-bit SimHash of a shingle set (Charikar 2002).
 */
#ifndef NP_SIMHASH_H
#define NP_SIMHASH_H

#include <stddef.h>
#include <stdint.h>

/* Each shingle votes +1 or -1 on each of 64 bits by its own hash; a bit of
 * the result is set where the votes are positive. Similar sets agree on
 * most votes, so their SimHashes differ in few bits. */
uint64_t np_simhash(const uint64_t *h, size_t n, uint64_t seed);

/* Number of differing bits. */
int np_hamming64(uint64_t a, uint64_t b);

#endif
