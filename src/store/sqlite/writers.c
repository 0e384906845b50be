/*
 * writers.c — the SQLite store's part in writers sharing a store
 * (docs/store.md, "Writers sharing a store"): the writers' log that merges,
 * moves, forgets and template counts are written to as they are made, what
 * a writer reads of it and of the stories since its mark, the stories in
 * arrival order, and a store emptied to be decided again.
 *
 * Separate processes never share a SQLite store (lock.c); handles of one
 * process do (NP_OPEN_SAME_WRITER), each BEGIN IMMEDIATE waiting for the
 * other's commit, which is how the engine's catch-up is tested without a
 * server.
 */
#include "store/sqlite/sqlite_int.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "util/error.h"

/* The statements of this file, prepared when the store opens (sqlite.c). */
const char *const SQ_SQL_WRITERS[Q_COUNT_] = {
	[Q_LOG_ADD] = "INSERT INTO writer_log(kind, a, b, data) VALUES (?1, ?2, ?3, ?4)",
	[Q_LOG_READ] = "SELECT seq, kind, a, b, data FROM writer_log WHERE seq > ?1 ORDER BY seq",
	[Q_MARK] = "SELECT (SELECT coalesce(max(sid), 0) FROM stories),"
	           " (SELECT coalesce(max(seq), 0) FROM writer_log)",
	[Q_ARRIVAL] = "SELECT sid, id, published FROM stories ORDER BY sid",
};

/* The tables clear empties, in this order (meta keeps the parameters; the
 * writers' log keeps its entries, so that its seq goes on rising and other
 * writers read the NP_LOG_CLEAR entry that follows). */
static const char CLEAR_SQL[] =
	"DELETE FROM fingerprints; DELETE FROM passages; DELETE FROM derivations;"
	" DELETE FROM words; DELETE FROM word_keys; DELETE FROM templates;"
	" DELETE FROM template_singles; DELETE FROM clusters; DELETE FROM boilerplate;"
	" DELETE FROM stories;"
	" DELETE FROM meta WHERE key = 'last_cluster';";

np_status store_log(sq_store *st, np_log_kind kind, int64_t a, int64_t b, const void *data,
                    size_t bytes, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_LOG_ADD];
	if (!q)
		return np_fail(err, NP_ESTORE, "%s: the store has no writers' log", st->path);
	sqlite3_bind_int(q, 1, (int)kind);
	sqlite3_bind_int64(q, 2, a);
	sqlite3_bind_int64(q, 3, b);
	if (data)
		sqlite3_bind_blob(q, 4, data, (int)bytes, SQLITE_STATIC);
	return store_step(st, q, err, "cannot write the writers' log");
}

np_status store_log_counts(sq_store *st, const uint64_t *keys, const uint32_t *pages, size_t n,
                           np_error *err)
{
	if (!n)
		return NP_OK;
	unsigned char *b = store_pack_counts(keys, pages, n);
	if (!b)
		return np_fail(err, NP_ENOMEM, "out of memory writing the writers' log");
	np_status rc = store_log(st, NP_LOG_TEMPLATES, 0, 0, b, n * STORE_COUNT_BYTES, err);
	free(b);
	return rc;
}

np_status sq_writer_mark(np_store *base, np_writer_mark *out, np_error *err)
{
	sq_store *st = sq_of(base);
	sqlite3_stmt *q = st->q[Q_MARK];
	*out = (np_writer_mark){0, 0};
	if (!q) /* a store opened read-only from before the log has none */
		return store_single_int(st, Q_COUNT, &out->sid, err);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*out = (np_writer_mark){sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1)};
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? NP_OK : store_fail(st, err, "cannot read the writers' mark");
}

/* Hands the entry q stands on to fn; non-zero when out of memory or fn stops. */
static int read_entry(sqlite3_stmt *q, np_log_fn fn, void *ctx)
{
	np_log_entry e = {.seq = sqlite3_column_int64(q, 0), .kind = sqlite3_column_int(q, 1),
	                  .a = sqlite3_column_int64(q, 2), .b = sqlite3_column_int64(q, 3)};
	uint64_t *keys = NULL;
	uint32_t *pages = NULL;
	int stop = e.kind == NP_LOG_TEMPLATES &&
	           store_unpack_counts(sqlite3_column_blob(q, 4), (size_t)sqlite3_column_bytes(q, 4),
	                               &e, &keys, &pages);
	if (!stop)
		stop = fn(ctx, &e);
	free(keys);
	free(pages);
	return stop;
}

np_status sq_read_log(np_store *base, int64_t after, np_log_fn fn, void *ctx, np_error *err)
{
	sq_store *st = sq_of(base);
	sqlite3_stmt *q = st->q[Q_LOG_READ];
	if (!q)
		return NP_OK;
	sqlite3_bind_int64(q, 1, after);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (read_entry(q, fn, ctx)) {
			sqlite3_reset(q);
			return np_fail(err, NP_ENOMEM, "out of memory reading the writers' log");
		}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? NP_OK : store_fail(st, err, "cannot read the writers' log");
}

np_status sq_scan_arrival(np_store *base, np_published_fn fn, void *ctx, np_error *err)
{
	return store_scan_ids(sq_of(base), Q_ARRIVAL, fn, ctx, err);
}

np_status sq_clear(np_store *base, np_error *err)
{
	sq_store *st = sq_of(base);
	store_words_drop(st);
	store_postings_drop(st);
	store_presence_drop(st);
	if (sqlite3_exec(st->db, CLEAR_SQL, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, err, "cannot empty the store");
	return store_log(st, NP_LOG_CLEAR, 0, 0, NULL, 0, err);
}
