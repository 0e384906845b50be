/*
 * presence.h — a set of 32-bit keys that answers "certainly absent" or
 * "maybe present": one bit per key, the key's low bits its place (the
 * passage tier's keys are hash bits already, so their low bits are
 * uniform). Nothing is ever taken out; a key added is always found again.
 *
 * The passage tier looks each new story's ~120 fingerprints up in the
 * store's inverted index, and most of them are in no stored story: each
 * such lookup would be a B-tree search in a random page. The store keeps
 * one of these beside the index and asks it first.
 *
 * Filled to a quarter of its bits, a key never added is taken for present
 * about once in five (1 - e^-1/4 if all keys differ); the owner makes one
 * eight times as large then, from the keys it keeps elsewhere
 * (np_presence_full). Full at 2^21, 2^24 and 2^27 keys: at some 275
 * postings an indexed story (windows of 2), about 7,600, 61,000 and
 * 490,000 indexed stories, so a store of a million rebuilds it three times,
 * to 2^30 bits (128 MB).
 */
#ifndef NP_PRESENCE_H
#define NP_PRESENCE_H

#include <stddef.h>
#include <stdint.h>

typedef struct np_presence {
	uint64_t *bits;
	unsigned log2_bits;
	size_t added;     /* keys added, repeats included */
} np_presence;

/* The smallest and largest sizes: 1 MB, enough for some 20,000 stories'
 * fingerprints, and 512 MB, every 32-bit key its own bit. */
#define NP_PRESENCE_MIN_LOG2 23
#define NP_PRESENCE_MAX_LOG2 32

/* An empty set of 2^log2_bits bits; 0, or -1 when out of memory. */
int np_presence_init(np_presence *p, unsigned log2_bits);
void np_presence_free(np_presence *p);

static inline void np_presence_add(np_presence *p, uint32_t key)
{
	uint64_t i = key & ((UINT64_C(1) << p->log2_bits) - 1);
	p->bits[i >> 6] |= UINT64_C(1) << (i & 63);
	p->added++;
}

static inline int np_presence_maybe(const np_presence *p, uint32_t key)
{
	uint64_t i = key & ((UINT64_C(1) << p->log2_bits) - 1);
	return (int)((p->bits[i >> 6] >> (i & 63)) & 1);
}

/* Whether a quarter of the bits are spent (and a larger set would answer
 * "absent" more often), unless it is as large as it gets. */
int np_presence_full(const np_presence *p);

/* The size of the set that replaces a full one. */
#define NP_PRESENCE_GROWTH_LOG2 3

#endif
