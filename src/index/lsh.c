/*
 * lsh.c — the banding index. A signature of K values is cut into b bands of
 * r rows; two signatures that agree on all r rows of any band become a
 * candidate pair. Each band is hashed (XXH3 over its rows, seeded by the
 * band number so equal rows in different bands differ) and kept in one
 * chained hash table of (key, item) entries shared by all bands.
 */
#include "index/lsh.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "util/strbuf.h"

/* Steps of the midpoint rule in np_lsh_choose: the integrands are smooth,
 * 200 steps give the area to ~1e-5, far below the differences compared. */
#define CHOOSE_STEPS 200

/* Entries per bucket before the table doubles: at 2, the bucket heads cost
 * 2 to 4 bytes an entry instead of 4 to 8, and a query walks about two
 * entries a band, which costs less than the cache miss to reach them. */
#define MAX_LOAD 2

#define NIL UINT32_MAX

/* 8 bytes an entry: the low 32 bits of the band's 64-bit key choose the
 * bucket and are kept to tell keys in one bucket apart. Two different band
 * keys agree on 32 bits once in 2^32: a query compares about two entries a
 * band, so a chance candidate comes once in tens of millions of queries,
 * and verification drops it. The item is not kept: items are inserted in
 * order, one entry a band each, so entry e belongs to item e / bands (this
 * saved 4 bytes x 42 bands = 168 bytes a story at K = 128). */
typedef struct entry {
	uint32_t key;  /* low 32 bits of the band key */
	uint32_t next; /* next entry in the bucket, or NIL */
} entry;

struct np_lsh {
	unsigned bands, rows;
	uint64_t seed;
	entry *e;
	size_t n, cap;
	uint32_t *head; /* bucket -> first entry, or NIL */
	size_t mask;    /* buckets - 1 (a power of two) */
	unsigned stock; /* a band key this many items hold finds nothing; 0: no cap */
	unsigned walk;  /* a query takes this many holders of a key at most; 0: no cap */
	unsigned after; /* ... and this many of the later bands' once one key had walk */
};

double np_lsh_probability(double s, unsigned bands, unsigned rows)
{
	return 1.0 - pow(1.0 - pow(s, rows), bands);
}

static double area(double from, double to, unsigned b, unsigned r, int above)
{
	double step = (to - from) / CHOOSE_STEPS, sum = 0.0;
	for (int i = 0; i < CHOOSE_STEPS; i++) {
		double p = np_lsh_probability(from + (i + 0.5) * step, b, r);
		sum += above ? 1.0 - p : p;
	}
	return sum * step;
}

void np_lsh_choose(double t, unsigned k, unsigned *bands, unsigned *rows)
{
	double best = INFINITY;
	*bands = 1;
	*rows = k;
	for (unsigned b = 1; b <= k; b++) {
		for (unsigned r = 1; b * r <= k; r++) {
			double e = 0.5 * area(0.0, t, b, r, 0) + 0.5 * area(t, 1.0, b, r, 1);
			if (e < best) {
				best = e;
				*bands = b;
				*rows = r;
			}
		}
	}
}

np_lsh *np_lsh_new(unsigned bands, unsigned rows, uint64_t seed)
{
	np_lsh *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->bands = bands;
	l->rows = rows;
	l->seed = seed;
	return l;
}

void np_lsh_clear(np_lsh *l)
{
	l->n = 0;
	for (size_t i = 0; l->head && i <= l->mask; i++)
		l->head[i] = NIL;
}

void np_lsh_free(np_lsh *l)
{
	if (!l)
		return;
	free(l->e);
	free(l->head);
	free(l);
}

void np_lsh_set_stock(np_lsh *l, unsigned stock)
{
	l->stock = stock;
}

void np_lsh_set_walk(np_lsh *l, unsigned walk, unsigned after)
{
	l->walk = walk;
	l->after = after ? after : walk;
}

uint32_t np_lsh_key(const np_lsh *l, const uint16_t *sig, unsigned band)
{
	return (uint32_t)XXH3_64bits_withSeed(sig + (size_t)band * l->rows, l->rows * sizeof *sig,
	                                      l->seed + band);
}

/* Doubles the bucket array and relinks every entry. */
static int rehash(np_lsh *l)
{
	size_t buckets = l->head ? (l->mask + 1) * 2 : 1024;
	uint32_t *head = malloc(buckets * sizeof *head);
	if (!head)
		return -1;
	for (size_t i = 0; i < buckets; i++)
		head[i] = NIL;
	for (size_t i = 0; i < l->n; i++) {
		size_t b = l->e[i].key & (buckets - 1);
		l->e[i].next = head[b];
		head[b] = (uint32_t)i;
	}
	free(l->head);
	l->head = head;
	l->mask = buckets - 1;
	return 0;
}

static int add_entry(np_lsh *l, uint32_t key)
{
	if (l->n == l->cap) {
		size_t cap = NP_GROW_BIG(l->cap);
		entry *e = realloc(l->e, cap * sizeof *e);
		if (!e)
			return -1;
		l->e = e;
		l->cap = cap;
	}
	if (!l->head || l->n >= (l->mask + 1) * MAX_LOAD)
		if (rehash(l))
			return -1;
	size_t b = key & l->mask;
	l->e[l->n] = (entry){key, l->head[b]};
	l->head[b] = (uint32_t)l->n;
	l->n++;
	return 0;
}

/* Takes back the entries of a partly inserted item (newest first: each is
 * the head of its bucket). */
static void unwind(np_lsh *l, size_t to)
{
	while (l->n > to) {
		l->n--;
		l->head[l->e[l->n].key & l->mask] = l->e[l->n].next;
	}
}

int np_lsh_insert_keys(np_lsh *l, uint32_t item, const uint32_t *keys)
{
	size_t first = l->n;
	if (item != first / l->bands)
		return -1; /* items come in order (see entry) */
	for (unsigned b = 0; b < l->bands; b++) {
		if (add_entry(l, keys[b])) {
			unwind(l, first);
			return -1;
		}
	}
	return 0;
}

void np_lsh_truncate(np_lsh *l, uint32_t items)
{
	if ((size_t)items * l->bands < l->n)
		unwind(l, (size_t)items * l->bands);
}

static void band_keys(const np_lsh *l, const uint16_t *sig, uint32_t *keys)
{
	for (unsigned b = 0; b < l->bands; b++)
		keys[b] = np_lsh_key(l, sig, b);
}

int np_lsh_insert(np_lsh *l, uint32_t item, const uint16_t *sig)
{
	uint32_t keys[NP_LSH_MAX_BANDS];
	band_keys(l, sig, keys);
	return np_lsh_insert_keys(l, item, keys);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static int push_item(uint32_t **out, size_t *cap, size_t n, uint32_t item)
{
	if (n == *cap) {
		size_t c = NP_GROW(*cap);
		uint32_t *o = realloc(*out, c * sizeof *o);
		if (!o)
			return -1;
		*out = o;
		*cap = c;
	}
	(*out)[n] = item;
	return 0;
}

/* The first entry of every band's bucket, with the memory of both asked
 * for ahead: a query touches one bucket per band in a table of hundreds of
 * megabytes at a million stories, and waiting for each cache miss in turn
 * would be most of a query's time. */
static void first_entries(const np_lsh *l, const uint32_t *key, uint32_t *first)
{
	for (unsigned b = 0; b < l->bands; b++)
		__builtin_prefetch(&l->head[key[b] & l->mask]);
	for (unsigned b = 0; b < l->bands; b++) {
		first[b] = l->head[key[b] & l->mask];
		if (first[b] != NIL)
			__builtin_prefetch(&l->e[first[b]]);
	}
}

/* Candidate entries from which a query sorts them by radix: the copies of
 * a wire story find 64 + 41 x 8 (index.c's walk caps at 42 bands), and
 * qsort's comparisons through a pointer dominate the instructions of
 * ingesting such copies (benchmarks/README.md, "Large true clusters"). At
 * 256 entries qsort makes
 * some 2,000 comparisons, the radix two or three passes over 256 counters
 * and the entries; most queries find a few entries, which qsort sorts at
 * little cost. */
#define RADIX_MIN 256

/* Sorts v[0..n) through tmp[0..n), least significant byte first, stopping
 * after the highest byte any value has. */
static void radix_sort(uint32_t *v, uint32_t *tmp, size_t n)
{
	uint32_t all = 0;
	for (size_t i = 0; i < n; i++)
		all |= v[i];
	for (unsigned shift = 0; shift < 32 && (all >> shift); shift += 8) {
		size_t at[257] = {0};
		for (size_t i = 0; i < n; i++)
			at[((v[i] >> shift) & 0xff) + 1]++;
		for (unsigned b = 0; b < 256; b++)
			at[b + 1] += at[b];
		for (size_t i = 0; i < n; i++)
			tmp[at[(v[i] >> shift) & 0xff]++] = v[i];
		memcpy(v, tmp, n * sizeof *v);
	}
}

/* Sorts (*out)[0..n) and drops repeats; the count left, or -1 when out of
 * memory. */
static long sort_unique(uint32_t **out, size_t *cap, size_t n)
{
	if (n < 2)
		return (long)n;
	if (n >= RADIX_MIN && *cap < 2 * n) { /* room for the radix passes after the items */
		uint32_t *o = realloc(*out, 2 * n * sizeof *o);
		if (!o)
			return -1;
		*out = o;
		*cap = 2 * n;
	}
	uint32_t *v = *out;
	if (n >= RADIX_MIN)
		radix_sort(v, v + n, n);
	else
		qsort(v, n, sizeof *v, cmp_u32);
	size_t w = 1;
	for (size_t i = 1; i < n; i++)
		if (v[i] != v[w - 1])
			v[w++] = v[i];
	return (long)w;
}

long np_lsh_query_keys(const np_lsh *l, const uint32_t *key, uint32_t **out, size_t *cap)
{
	size_t n = 0;
	if (!l->head)
		return 0;
	uint32_t first[NP_LSH_MAX_BANDS];
	first_entries(l, key, first);
	unsigned walk = l->walk;
	for (unsigned b = 0; b < l->bands; b++) {
		size_t from = n;
		for (uint32_t i = first[b]; i != NIL; i = l->e[i].next) {
			if (l->e[i].key != key[b])
				continue;
			if (push_item(out, cap, n, i / l->bands))
				return -1;
			if (++n - from == l->stock) {
				n = from; /* a stock key: its holders are no evidence */
				break;
			}
			if (n - from == walk) { /* (buckets hold the newest first) */
				walk = l->after;
				break;
			}
		}
	}
	return sort_unique(out, cap, n);
}

long np_lsh_query(const np_lsh *l, const uint16_t *sig, uint32_t **out, size_t *cap)
{
	uint32_t keys[NP_LSH_MAX_BANDS];
	band_keys(l, sig, keys);
	return np_lsh_query_keys(l, keys, out, cap);
}

size_t np_lsh_memory(const np_lsh *l)
{
	return sizeof *l + l->cap * sizeof(entry) + (l->head ? (l->mask + 1) * sizeof(uint32_t) : 0);
}
