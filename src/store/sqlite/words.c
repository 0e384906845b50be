/*
 * words.c — the SQLite store's word statistics for the passage tier: how
 * many indexed bodies hold each word, and how many bodies of each script
 * class were indexed (for the IDF weights of passage/overlap.c).
 *
 * The words table is the record. A hash map loaded from it on first use
 * answers the lookups (about 150 a story, a B-tree search each otherwise)
 * and gathers a transaction's increments, which are written to the table
 * in key order, one row per word, just before the transaction commits, and
 * forgotten with the map when it rolls back.
 */
#include "store/sqlite/sqlite_int.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/radix.h"
#include "util/strbuf.h"

/* The statements of this file, prepared when the store opens (sqlite.c). */
const char *const SQ_SQL_WORDS[Q_COUNT_] = {
	[Q_WORD_PUT] = "INSERT INTO words(hash, df) VALUES (?1, ?2)"
	                " ON CONFLICT(hash) DO UPDATE SET df = excluded.df",
	[Q_WORD_ALL] = "SELECT hash, df FROM words",
};

/* Rows 0 .. WORD_KEY_MIN - 1 of the words table count the bodies of each
 * script class; a word's row is its hash as a positive 63-bit key above
 * them (never 0, the map's empty slot). */
#define WORD_KEY_MIN 64

/* The map starts at this many slots and doubles at half full. */
#define WORD_MAP_MIN_SLOTS 1024

struct np_word_stats {
	int64_t *key;        /* 0: empty */
	uint32_t *df;
	unsigned char *dirty;
	size_t mask, n;
	np_vec64 changed;    /* keys changed since the last write, each once */
	uint32_t docs[WORD_KEY_MIN];
	unsigned char docs_dirty[WORD_KEY_MIN];
};

static int64_t word_key(uint64_t h)
{
	return (int64_t)((h >> 1) | WORD_KEY_MIN);
}

static size_t slot_of(const np_word_stats *w, int64_t key)
{
	size_t j = (size_t)(((uint64_t)key * 0x9E3779B97F4A7C15ULL) >> 17) & w->mask;
	while (w->key[j] && w->key[j] != key)
		j = (j + 1) & w->mask;
	return j;
}

static int alloc_slots(np_word_stats *w, size_t slots)
{
	w->key = calloc(slots, sizeof *w->key);
	w->df = calloc(slots, sizeof *w->df);
	w->dirty = calloc(slots, 1);
	w->mask = slots - 1;
	return w->key && w->df && w->dirty ? 0 : -1;
}

/* Doubles the map, moving every entry. */
static int grow(np_word_stats *w)
{
	np_word_stats old = *w;
	if (alloc_slots(w, 2 * (old.mask + 1))) {
		free(w->key);
		free(w->df);
		free(w->dirty);
		*w = old;
		return -1;
	}
	for (size_t i = 0; i <= old.mask; i++)
		if (old.key[i]) {
			size_t j = slot_of(w, old.key[i]);
			w->key[j] = old.key[i];
			w->df[j] = old.df[i];
			w->dirty[j] = old.dirty[i];
		}
	free(old.key);
	free(old.df);
	free(old.dirty);
	return 0;
}

/* The slot of key, added (df 0) when absent; SIZE_MAX when out of memory. */
static size_t slot_for(np_word_stats *w, int64_t key)
{
	if (2 * (w->n + 1) > w->mask + 1 && grow(w))
		return SIZE_MAX;
	size_t j = slot_of(w, key);
	if (!w->key[j]) {
		w->key[j] = key;
		w->n++;
	}
	return j;
}

void store_words_drop(sq_store *st)
{
	np_word_stats *w = st->words;
	if (!w)
		return;
	free(w->key);
	free(w->df);
	free(w->dirty);
	np_vec64_free(&w->changed);
	free(w);
	st->words = NULL;
}

static np_status load(sq_store *st, np_error *err)
{
	np_word_stats *w = calloc(1, sizeof *w);
	if (!w || alloc_slots(w, WORD_MAP_MIN_SLOTS)) {
		st->words = w;
		store_words_drop(st);
		return np_fail(err, NP_ENOMEM, "out of memory loading word counts");
	}
	st->words = w;
	sqlite3_stmt *q = st->q[Q_WORD_ALL];
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t key = sqlite3_column_int64(q, 0);
		uint32_t df = (uint32_t)sqlite3_column_int64(q, 1);
		size_t j = key >= 0 && key < WORD_KEY_MIN ? 0 : slot_for(w, key);
		if (j == SIZE_MAX) {
			sqlite3_reset(q);
			store_words_drop(st);
			return np_fail(err, NP_ENOMEM, "out of memory loading word counts");
		}
		if (key >= 0 && key < WORD_KEY_MIN)
			w->docs[key] = df;
		else
			w->df[j] = df;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		store_words_drop(st);
		return store_fail(st, err, "cannot read word counts");
	}
	return NP_OK;
}

static np_status ensure_loaded(sq_store *st, np_error *err)
{
	return st->words ? NP_OK : load(st, err);
}

np_status sq_word_df(np_store *base, unsigned script, const uint64_t *w, size_t n, uint32_t *df,
                     uint32_t *docs, np_error *err)
{
	sq_store *st = sq_of(base);
	np_status rc = ensure_loaded(st, err);
	if (rc != NP_OK)
		return rc;
	np_word_stats *ws = st->words;
	*docs = ws->docs[script % WORD_KEY_MIN];
	for (size_t i = 0; i < n; i++) {
		size_t j = slot_of(ws, word_key(w[i]));
		df[i] = ws->key[j] ? ws->df[j] : 0;
	}
	return NP_OK;
}

np_status sq_add_words(np_store *base, unsigned script, const uint64_t *w, size_t n, np_error *err)
{
	sq_store *st = sq_of(base);
	np_status rc = ensure_loaded(st, err);
	if (rc != NP_OK)
		return rc;
	np_word_stats *ws = st->words;
	ws->docs[script % WORD_KEY_MIN]++;
	ws->docs_dirty[script % WORD_KEY_MIN] = 1;
	for (size_t i = 0; i < n; i++) {
		int64_t key = word_key(w[i]);
		size_t j = slot_for(ws, key);
		if (j == SIZE_MAX || (!ws->dirty[j] && np_vec64_push(&ws->changed, key)))
			return np_fail(err, NP_ENOMEM, "out of memory counting words");
		ws->df[j]++;
		ws->dirty[j] = 1;
	}
	return NP_OK;
}

static np_status put(sq_store *st, int64_t key, uint32_t df, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_WORD_PUT];
	sqlite3_bind_int64(q, 1, key);
	sqlite3_bind_int64(q, 2, df);
	return store_step(st, q, err, "cannot store word counts");
}

static int cmp_key(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

np_status store_words_write(sq_store *st, np_error *err)
{
	np_word_stats *w = st->words;
	if (!w)
		return NP_OK;
	np_status rc = NP_OK;
	for (int64_t k = 0; rc == NP_OK && k < WORD_KEY_MIN; k++)
		if (w->docs_dirty[k])
			rc = put(st, k, w->docs[k], err);
	int64_t *changed = w->changed.v;
	/* in key order: neighbouring B-tree pages (out of memory for the radix
	 * sort's copy, qsort needs none) */
	if (np_sort_by_i64(changed, w->changed.n, sizeof *changed, 0))
		qsort(changed, w->changed.n, sizeof *changed, cmp_key);
	for (size_t i = 0; rc == NP_OK && i < w->changed.n; i++) {
		size_t j = slot_of(w, changed[i]);
		rc = put(st, changed[i], w->df[j], err);
		w->dirty[j] = 0;
	}
	if (rc != NP_OK) /* the map is ahead of the table now: read it again */
		store_words_drop(st);
	else {
		w->changed.n = 0;
		memset(w->docs_dirty, 0, sizeof w->docs_dirty);
	}
	return rc;
}
