/*
 * template.c — the store's part of template learning (template.h):
 * how many pages of an outlet carried each line, by key, so that what was
 * learnt survives a restart.
 *
 * Every line of every page is counted, and most are seen once and never
 * again (a story's own paragraphs). Those singles must still be saved with
 * the stories that counted them, or a store killed mid-ingest and fed the
 * same stories again would count differently from one uninterrupted run
 * (test_crash). Saved as rows of the templates table they would be most of
 * its writes and a large share of the ingesting thread's instructions; so a
 * commit writes the keys it counted for the first time as one blob row of
 * template_singles, and only keys on two pages or
 * more as rows of templates. A key in both is read from templates (its row
 * is newer). A store made before the singles table keeps its singles as
 * templates rows with pages 1, which still load and are still forgotten.
 */
#include "store/sqlite/sqlite_int.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "util/error.h"

/* The statements of this file, prepared when the store opens (sqlite.c). */
const char *const SQ_SQL_TEMPLATE[Q_COUNT_] = {
	[Q_TEMPLATE_SCAN] = "SELECT key, pages FROM templates",
	[Q_TEMPLATE_PUT] = "INSERT OR REPLACE INTO templates(key, pages) VALUES (?1, ?2)",
	[Q_TEMPLATE_FORGET] = "DELETE FROM templates WHERE pages <= 1",
	[Q_SINGLES_SCAN] = "SELECT keys FROM template_singles",
	[Q_SINGLES_ADD] = "INSERT INTO template_singles(keys) VALUES (?1)",
	[Q_SINGLES_FORGET] = "DELETE FROM template_singles",
};

/* Bytes of one key in a singles blob (little-endian, store_put_le64, so
 * that a store moves between machines). */
#define KEY_BYTES 8

static np_status load_rows(sq_store *st, np_templates *t, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_TEMPLATE_SCAN];
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		uint64_t key = (uint64_t)sqlite3_column_int64(q, 0);
		if (np_templates_set(t, key, (uint32_t)sqlite3_column_int64(q, 1))) {
			sqlite3_reset(q);
			return np_fail(err, NP_ENOMEM, "out of memory loading outlet templates");
		}
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? NP_OK : store_fail(st, err, "cannot read outlet templates");
}

/* Adds the keys of one singles blob that templates has no row for. */
static int load_blob(np_templates *t, const unsigned char *b, size_t bytes)
{
	for (size_t i = 0; i + KEY_BYTES <= bytes; i += KEY_BYTES) {
		uint64_t key = store_get_le64(b + i);
		if (!np_templates_count(t, key) && np_templates_set(t, key, 1))
			return -1;
	}
	return 0;
}

/* After load_rows: a store opened read-only from before the table has none. */
static np_status load_singles(sq_store *st, np_templates *t, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_SINGLES_SCAN];
	if (!q)
		return NP_OK;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const unsigned char *b = sqlite3_column_blob(q, 0);
		if (b && load_blob(t, b, (size_t)sqlite3_column_bytes(q, 0))) {
			sqlite3_reset(q);
			return np_fail(err, NP_ENOMEM, "out of memory loading outlet templates");
		}
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? NP_OK : store_fail(st, err, "cannot read outlet templates");
}

np_status sq_load_templates(np_store *base, np_templates *t, np_error *err)
{
	sq_store *st = sq_of(base);
	np_status rc = load_rows(st, t, err);
	return rc == NP_OK ? load_singles(st, t, err) : rc;
}

np_status sq_forget_template_singles(np_store *base, np_error *err)
{
	sq_store *st = sq_of(base);
	np_status rc = store_step(st, st->q[Q_TEMPLATE_FORGET], err, "cannot forget outlet templates");
	if (rc == NP_OK && st->q[Q_SINGLES_FORGET])
		rc = store_step(st, st->q[Q_SINGLES_FORGET], err, "cannot forget outlet templates");
	return rc == NP_OK ? store_log(st, NP_LOG_SINGLES, 0, 0, NULL, 0, err) : rc;
}

/* Writes the n singles in b (packed from the start) as one row. */
static np_status save_singles(sq_store *st, const unsigned char *b, size_t n, np_error *err)
{
	if (!n)
		return NP_OK;
	sqlite3_stmt *q = st->q[Q_SINGLES_ADD];
	sqlite3_bind_blob(q, 1, b, (int)(n * KEY_BYTES), SQLITE_STATIC);
	return store_step(st, q, err, "cannot save outlet templates");
}

/* The distinct keys of keys[0..n) still counted, with their counts, into
 * out and pages; returns how many. */
static size_t counted(const np_templates *t, const uint64_t *keys, size_t n, uint64_t *out,
                      uint32_t *pages)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t c = np_templates_count(t, keys[i]);
		if (!c || (i && keys[i] == keys[i - 1]))
			continue; /* forgotten (counted once, the table full), or saved */
		out[m] = keys[i];
		pages[m++] = c;
	}
	return m;
}

/* Saves the counted keys: singles as one blob row, the others as rows. */
static np_status save_counts(sq_store *st, const uint64_t *keys, const uint32_t *pages, size_t n,
                             unsigned char *singles, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_TEMPLATE_PUT];
	np_status rc = NP_OK;
	size_t n_singles = 0;
	for (size_t i = 0; rc == NP_OK && i < n; i++) {
		if (pages[i] == 1) {
			store_put_le64(singles + KEY_BYTES * n_singles++, keys[i]);
			continue;
		}
		sqlite3_bind_int64(q, 1, (sqlite3_int64)keys[i]);
		sqlite3_bind_int64(q, 2, pages[i]);
		rc = store_step(st, q, err, "cannot save outlet templates");
	}
	return rc == NP_OK ? save_singles(st, singles, n_singles, err) : rc;
}

/* Saved as rows and singles, and as one entry of the writers' log, from
 * which other writers sharing the store take the same counts. */
np_status sq_save_templates(np_store *base, const np_templates *t, const uint64_t *keys, size_t n,
                            np_error *err)
{
	sq_store *st = sq_of(base);
	unsigned char *singles = malloc(n * KEY_BYTES + 1);
	uint64_t *saved = malloc(n * sizeof *saved + 1);
	uint32_t *pages = malloc(n * sizeof *pages + 1);
	np_status rc = NP_OK;
	if (!singles || !saved || !pages)
		rc = np_fail(err, NP_ENOMEM, "out of memory saving outlet templates");
	size_t m = rc == NP_OK ? counted(t, keys, n, saved, pages) : 0;
	if (rc == NP_OK)
		rc = save_counts(st, saved, pages, m, singles, err);
	if (rc == NP_OK)
		rc = store_log_counts(st, saved, pages, m, err);
	free(singles);
	free(saved);
	free(pages);
	return rc;
}
