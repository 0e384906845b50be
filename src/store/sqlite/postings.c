/*
 * postings.c — the SQLite store's passage postings of the open transaction:
 * held (store/postings.h says why) and written in key order just before it
 * commits.
 */
#include "store/sqlite/sqlite_int.h"

#include <sqlite3.h>

#include "util/error.h"

/* The statements of this file, prepared when the store opens (sqlite.c). */
const char *const SQ_SQL_POSTINGS[Q_COUNT_] = {
	[Q_PASSAGE_ADD] = "INSERT OR IGNORE INTO passages(hash, sid) VALUES (?1, ?2)",
};

np_status store_postings_write(sq_store *st, np_error *err)
{
	const np_posting *v;
	size_t n = np_postings_sorted(st->postings, &v);
	sqlite3_stmt *q = st->q[Q_PASSAGE_ADD];
	np_status rc = NP_OK;
	for (size_t i = 0; rc == NP_OK && i < n; i++) {
		sqlite3_bind_int64(q, 1, v[i].key);
		sqlite3_bind_int64(q, 2, v[i].sid);
		rc = store_step(st, q, err, "cannot store passage fingerprints");
	}
	np_postings_clear(st->postings);
	return rc;
}

void store_postings_drop(sq_store *st)
{
	np_postings_free(st->postings);
	st->postings = NULL;
}
