/*
 * shingle.h — k-token shingles hashed with XXH3 (docs/architecture.md,
 * "fingerprint").
 */
#ifndef NP_SHINGLE_H
#define NP_SHINGLE_H

#include <stdint.h>

#include "fingerprint/normalize.h"

/* Hashes every run of k consecutive tokens (a text of fewer than k tokens
 * gives one shingle of all of them, none when empty) with XXH3-64 under
 * seed, in text order, repeats included (np_hash_set makes a set of them).
 * *out is malloc'd; *n is the number of shingles. */
np_status np_shingle(const np_tokens *t, unsigned k, uint64_t seed, uint64_t **out, size_t *n,
                     np_error *err);

/* Removes repeated values in place, in O(n) with a hash table; the order
 * that remains is not sorted. Returns the new length, or 0 when out of
 * memory with n > 0 (never for n below NP_DEDUPE_STACK). */
size_t np_hash_dedupe(uint64_t *h, size_t n);

/* Sorts and deduplicates a hash array in place; returns the new length. */
size_t np_hash_set(uint64_t *h, size_t n);

/* Sets up to this size are deduplicated in a table on the stack. */
#define NP_DEDUPE_STACK 2048

/* Size of the intersection of two sorted, distinct hash arrays. */
size_t np_hash_intersection(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

#endif
