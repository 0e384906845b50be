/*
 * words.c — the PostgreSQL store's word counts for the passage tier: how
 * many indexed bodies hold each word, and how many bodies of each script
 * class were indexed (the IDF weights of passage/overlap.c), in the words
 * table of the SQLite store's keys.
 *
 * A transaction's increments are held here and written in one statement
 * just before it commits, as increments (df = df + n), in key order. Written
 * at once, a common word's row (and its script class's) would be updated by
 * every story of a batch, and each update of a row in one transaction
 * leaves a version the next must step over: a batch would cost the square
 * of its size. Lookups read the committed counts and add the held ones, so
 * the transaction sees its own counts; a rollback forgets them.
 */
#include "store/postgresql/pg_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/radix.h"
#include "util/strbuf.h"

/* Rows 0 .. WORD_KEY_MIN - 1 of the words table count the bodies of each
 * script class; a word's row is its hash as a positive 63-bit key above
 * them (the SQLite store's keys: store/sqlite/words.c). */
#define WORD_KEY_MIN 64

/* The map starts at this many slots and doubles at half full. */
#define WORD_MAP_MIN_SLOTS 1024

/* The statements of this file, prepared on first use (pg.c). */
const char *const PG_SQL_WORDS[P_COUNT_] = {
	[P_WORD_ADD] = "INSERT INTO words(hash, df) SELECT * FROM unnest($1::bigint[], $2::bigint[])"
	               " ON CONFLICT (hash) DO UPDATE SET df = words.df + excluded.df",
	[P_WORD_DF] = "SELECT q.i, w.df FROM unnest($1::bigint[]) WITH ORDINALITY AS q(h, i)"
	              " JOIN words w ON w.hash = q.h",
};

/* One held increment; the map's slots hold index + 1 into v, 0 free. */
typedef struct held {
	int64_t key, add;
} held;

struct pg_words {
	held *v;
	size_t n, cap;
	uint32_t *slot;
	size_t mask;
};

static size_t home(const pg_words *w, int64_t key)
{
	return (size_t)(((uint64_t)key * 0x9E3779B97F4A7C15ULL) >> 17) & w->mask;
}

/* The slot holding key, or the free slot where it would go. */
static size_t find(const pg_words *w, int64_t key)
{
	size_t j = home(w, key);
	while (w->slot[j] && w->v[w->slot[j] - 1].key != key)
		j = (j + 1) & w->mask;
	return j;
}

/* Room for one more key, in v and in the map. */
static int reserve(pg_words *w)
{
	if (w->n == w->cap) {
		size_t cap = NP_GROW(w->cap);
		held *v = realloc(w->v, cap * sizeof *v);
		if (!v)
			return -1;
		w->v = v;
		w->cap = cap;
	}
	if (w->slot && 2 * (w->n + 1) <= w->mask + 1)
		return 0;
	size_t slots = w->slot ? 2 * (w->mask + 1) : WORD_MAP_MIN_SLOTS;
	uint32_t *t = calloc(slots, sizeof *t);
	if (!t)
		return -1;
	free(w->slot);
	w->slot = t;
	w->mask = slots - 1;
	for (size_t i = 0; i < w->n; i++)
		w->slot[find(w, w->v[i].key)] = (uint32_t)(i + 1);
	return 0;
}

static int hold(pg_words *w, int64_t key)
{
	if (reserve(w))
		return -1;
	size_t j = find(w, key);
	if (!w->slot[j]) {
		w->v[w->n] = (held){key, 0};
		w->slot[j] = (uint32_t)++w->n;
	}
	w->v[w->slot[j] - 1].add++;
	return 0;
}

static int64_t held_add(const pg_words *w, int64_t key)
{
	if (!w || !w->n)
		return 0;
	size_t j = find(w, key);
	return w->slot[j] ? w->v[w->slot[j] - 1].add : 0;
}

void pg_words_drop(pg_store *st)
{
	if (!st->words)
		return;
	free(st->words->v);
	free(st->words->slot);
	free(st->words);
	st->words = NULL;
}

static int64_t word_key(uint64_t h)
{
	return (int64_t)((h >> 1) | WORD_KEY_MIN);
}

np_status pg_add_words(np_store *base, unsigned script, const uint64_t *w, size_t n,
                       np_error *err)
{
	pg_store *st = pg_of(base);
	if (!st->words && !(st->words = calloc(1, sizeof *st->words)))
		return np_fail(err, NP_ENOMEM, "out of memory counting words");
	int oom = hold(st->words, script % WORD_KEY_MIN);
	for (size_t i = 0; !oom && i < n; i++)
		oom = hold(st->words, word_key(w[i]));
	return oom ? np_fail(err, NP_ENOMEM, "out of memory counting words") : NP_OK;
}

/* The script class's count is asked for as the array's first element. */
np_status pg_word_df(np_store *base, unsigned script, const uint64_t *w, size_t n, uint32_t *df,
                     uint32_t *docs, np_error *err)
{
	pg_store *st = pg_of(base);
	int64_t *keys = malloc((n + 1) * sizeof *keys);
	if (!keys)
		return np_fail(err, NP_ENOMEM, "out of memory reading word counts");
	keys[0] = script % WORD_KEY_MIN;
	for (size_t i = 0; i < n; i++)
		keys[i + 1] = word_key(w[i]);
	pg_params p = {0};
	pg_param_i64s(&p, keys, n + 1);
	PGresult *r = NULL;
	np_status rc = pg_query(st, P_WORD_DF, &p, &r, err, "cannot read word counts");
	*docs = (uint32_t)held_add(st->words, keys[0]);
	for (size_t i = 0; i < n; i++)
		df[i] = (uint32_t)held_add(st->words, keys[i + 1]);
	for (int i = 0; rc == NP_OK && i < PQntuples(r); i++) {
		int64_t at = pg_int(r, i, 0) - 2; /* positions count from 1, the class first */
		uint32_t count = (uint32_t)pg_int(r, i, 1);
		if (at < 0)
			*docs += count;
		else if ((size_t)at < n)
			df[at] += count;
	}
	PQclear(r);
	free(keys);
	return rc;
}

static int by_key(const void *a, const void *b)
{
	const held *x = a, *y = b;
	return (x->key > y->key) - (x->key < y->key);
}

/* In key order: concurrent writers then take the rows' locks in one order,
 * and wait for each other instead of deadlocking. */
np_status pg_words_write(pg_store *st, np_error *err)
{
	pg_words *w = st->words;
	if (!w || !w->n)
		return NP_OK;
	if (np_sort_by_i64(w->v, w->n, sizeof *w->v, offsetof(held, key)))
		qsort(w->v, w->n, sizeof *w->v, by_key); /* out of memory for the radix sort's copy */
	int64_t *keys = malloc(2 * w->n * sizeof *keys), *adds = keys + w->n;
	if (!keys)
		return np_fail(err, NP_ENOMEM, "out of memory storing word counts");
	for (size_t i = 0; i < w->n; i++) {
		keys[i] = w->v[i].key;
		adds[i] = w->v[i].add;
	}
	pg_params p = {0};
	pg_param_i64s(&p, keys, w->n);
	pg_param_i64s(&p, adds, w->n);
	free(keys);
	pg_words_drop(st); /* written, or the transaction fails with them */
	return pg_run(st, P_WORD_ADD, &p, err, "cannot store word counts");
}
