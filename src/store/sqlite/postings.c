/*
 * postings.c — the passage postings of the open transaction. The
 * inverted index (the passages table) is a B-tree keyed by random
 * fingerprints: inserting a story's postings one by one as it comes puts
 * each in a random leaf page, which at a few hundred thousand stories is no
 * longer in the page cache. They are held here instead, answered from a
 * hash table to the lookups of the stories that follow in the same
 * transaction, and written in key order just before it commits, so that
 * each leaf page is visited once per commit, in file order.
 */
#include "store/sqlite/sqlite_int.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/presence.h"
#include "util/radix.h"
#include "util/strbuf.h"

/* The statements of this file, prepared when the store opens (sqlite.c). */
const char *const SQ_SQL_POSTINGS[Q_COUNT_] = {
	[Q_PASSAGE_ADD] = "INSERT OR IGNORE INTO passages(hash, sid) VALUES (?1, ?2)",
};

/* The lookup table starts at this many slots and doubles at half full. */
#define POSTINGS_MIN_SLOTS 4096

typedef struct posting {
	int64_t key;  /* passage_key of the fingerprint */
	int64_t sid;
} posting;

struct np_postings {
	posting *v;
	size_t n, cap;
	uint32_t *slot;  /* index + 1 of a posting in v, 0 free; equal keys probe on */
	size_t mask;
};

static size_t home(const np_postings *p, int64_t key)
{
	return (size_t)(((uint64_t)key * 0x9E3779B97F4A7C15ULL) >> 20) & p->mask;
}

static void place(np_postings *p, size_t i)
{
	size_t j = home(p, p->v[i].key);
	while (p->slot[j])
		j = (j + 1) & p->mask;
	p->slot[j] = (uint32_t)(i + 1);
}

/* Room for one more posting, in v and in the table. */
static int reserve(np_postings *p)
{
	if (p->n == p->cap) {
		size_t cap = NP_GROW(p->cap);
		posting *v = realloc(p->v, cap * sizeof *v);
		if (!v)
			return -1;
		p->v = v;
		p->cap = cap;
	}
	if (2 * (p->n + 1) <= p->mask + 1)
		return 0;
	size_t slots = p->slot ? 2 * (p->mask + 1) : POSTINGS_MIN_SLOTS;
	uint32_t *t = calloc(slots, sizeof *t);
	if (!t)
		return -1;
	free(p->slot);
	p->slot = t;
	p->mask = slots - 1;
	for (size_t i = 0; i < p->n; i++)
		place(p, i);
	return 0;
}

np_status store_postings_add(sq_store *st, int64_t key, int64_t sid, np_error *err)
{
	if (!st->postings && !(st->postings = calloc(1, sizeof *st->postings)))
		return np_fail(err, NP_ENOMEM, "out of memory holding passage postings");
	np_postings *p = st->postings;
	if (reserve(p))
		return np_fail(err, NP_ENOMEM, "out of memory holding passage postings");
	p->v[p->n] = (posting){key, sid};
	place(p, p->n++);
	return NP_OK;
}

size_t store_postings_find(const sq_store *st, int64_t key, int64_t *out, size_t max)
{
	const np_postings *p = st->postings;
	if (!p || !p->n)
		return 0;
	size_t found = 0;
	for (size_t j = home(p, key); p->slot[j]; j = (j + 1) & p->mask) {
		const posting *x = &p->v[p->slot[j] - 1];
		if (x->key == key && found < max)
			out[found++] = x->sid;
	}
	return found;
}

void store_postings_mark(const sq_store *st, np_presence *p)
{
	const np_postings *h = st->postings;
	for (size_t i = 0; h && i < h->n; i++)
		np_presence_add(p, (uint32_t)h->v[i].key);
}

static int by_key(const void *a, const void *b)
{
	const posting *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->sid > y->sid) - (x->sid < y->sid);
}

/* Empties the postings (the table too), keeping their memory. */
static void clear(np_postings *p)
{
	if (p->slot)
		memset(p->slot, 0, (p->mask + 1) * sizeof *p->slot);
	p->n = 0;
}

np_status store_postings_write(sq_store *st, np_error *err)
{
	np_postings *p = st->postings;
	if (!p || !p->n)
		return NP_OK;
	/* in key order; sids of one key in the order they came (the table
	 * sorts them itself: only its pages' order matters here) */
	if (np_sort_by_i64(p->v, p->n, sizeof *p->v, offsetof(posting, key)))
		qsort(p->v, p->n, sizeof *p->v, by_key); /* out of memory for the copy */
	sqlite3_stmt *q = st->q[Q_PASSAGE_ADD];
	np_status rc = NP_OK;
	for (size_t i = 0; rc == NP_OK && i < p->n; i++) {
		sqlite3_bind_int64(q, 1, p->v[i].key);
		sqlite3_bind_int64(q, 2, p->v[i].sid);
		rc = store_step(st, q, err, "cannot store passage fingerprints");
	}
	clear(p);
	return rc;
}

void store_postings_drop(sq_store *st)
{
	if (!st->postings)
		return;
	free(st->postings->v);
	free(st->postings->slot);
	free(st->postings);
	st->postings = NULL;
}
