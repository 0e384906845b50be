/*
 * lsh.h — locality-sensitive hashing over MinHash signature bands
 * (docs/architecture.md, "index and match"). An in-memory cache: the store
 * holds the signatures and the engine rebuilds this index from them when a
 * store opens.
 */
#ifndef NP_LSH_H
#define NP_LSH_H

#include <stddef.h>
#include <stdint.h>

typedef struct np_lsh np_lsh;

/* At most one band per MinHash value (K <= 1024). */
#define NP_LSH_MAX_BANDS 1024

/* Chooses bands x rows <= k for a Jaccard threshold t by minimising
 *   E(b, r) = 1/2 * ∫_0^t P(s) ds + 1/2 * ∫_t^1 (1 - P(s)) ds,
 *   P(s) = 1 - (1 - s^r)^b   (the chance that a pair of Jaccard s shares a band),
 * i.e. the expected false-positive and false-negative mass under a uniform
 * prior on s, weighted equally (as datasketch's MinHashLSH does). */
void np_lsh_choose(double t, unsigned k, unsigned *bands, unsigned *rows);

/* Probability that a pair of Jaccard s becomes a candidate. */
double np_lsh_probability(double s, unsigned bands, unsigned rows);

np_lsh *np_lsh_new(unsigned bands, unsigned rows, uint64_t seed);

/* From now on a band key held by `stock` items or more finds nothing in a
 * query (it is a stock value, like a standing intro), and a query walks at
 * most that many of its holders; 0 (the default): no cap. */
void np_lsh_set_stock(np_lsh *l, unsigned stock);

/* From now on a query takes at most `walk` holders of a band key, the
 * newest inserted (after the stock cap, which it must not undercut), and
 * once one key of the query had that many, at most `after` of each later
 * band's (0: walk still); walk 0 (the default): all of them. */
void np_lsh_set_walk(np_lsh *l, unsigned walk, unsigned after);

/* The key of band `band` of sig (32 bits of its XXH3), as the table keeps it:
 * two signatures share the band when their keys are equal. */
uint32_t np_lsh_key(const np_lsh *l, const uint16_t *sig, unsigned band);
void np_lsh_free(np_lsh *l);

/* Adds item with signature sig: MinHash values kept to their low 16 bits,
 * as the index keeps them (match.h), so that the index can be rebuilt from
 * what it keeps. Items are numbered 0, 1, 2, ... in the order of insertion
 * (after np_lsh_clear, from 0 again). 0, or -1 when out of memory or when
 * item is not the next number (nothing is then added). */
int np_lsh_insert(np_lsh *l, uint32_t item, const uint16_t *sig);

/* np_lsh_insert with the band keys (np_lsh_key) already computed. */
int np_lsh_insert_keys(np_lsh *l, uint32_t item, const uint32_t *keys);

/* Removes the items numbered `items` and above (the latest inserted). */
void np_lsh_truncate(np_lsh *l, uint32_t items);

/* Removes every item, keeping the memory for the next inserts. */
void np_lsh_clear(np_lsh *l);

/* Items sharing at least one band with sig, distinct and ascending, into
 * *out (malloc'd, grown as needed; *cap its capacity). Returns the count, or
 * -1 when out of memory. */
long np_lsh_query(const np_lsh *l, const uint16_t *sig, uint32_t **out, size_t *cap);

/* np_lsh_query with the band keys already computed. */
long np_lsh_query_keys(const np_lsh *l, const uint32_t *keys, uint32_t **out, size_t *cap);

/* Bytes of memory held by the index. */
size_t np_lsh_memory(const np_lsh *l);

#endif
