/*
 * forget.c — the SQLite store's queries for forgetting a story: removing
 * its rows from every table that holds it, moving a story into another
 * cluster (a cluster split where a forgotten story was its only bridge),
 * and listing publication times (a retention period).
 */
#include "store/sqlite/sqlite_int.h"

#include <sqlite3.h>

#include "util/error.h"

/* The statements of this file, prepared when the store opens (sqlite.c).
 * Rail items are a column of the story's row. The passages table is
 * clustered on the hash, so removing a story's postings reads it whole: a
 * story's passage fingerprints depend on the outlet template of the day it
 * was stored and cannot be made again to look them up (docs/store.md). */
const char *const SQ_SQL_FORGET[Q_COUNT_] = {
	[Q_FORGET_CLUSTER_OF] = "SELECT cluster FROM stories WHERE sid = ?1",
	[Q_FORGET_STORY] = "DELETE FROM stories WHERE sid = ?1",
	[Q_FORGET_BOILER] = "DELETE FROM boilerplate WHERE sid = ?1",
	[Q_FORGET_FP] = "DELETE FROM fingerprints WHERE sid = ?1",
	[Q_FORGET_PASSAGES] = "DELETE FROM passages WHERE sid = ?1",
	[Q_FORGET_WORD_KEYS] = "DELETE FROM word_keys WHERE sid = ?1",
	[Q_FORGET_DERIVED] = "DELETE FROM derivations WHERE sid = ?1",
	[Q_FORGET_SOURCE] = "DELETE FROM derivations WHERE source_sid = ?1",
	/* (stories match within their cluster: its index finds them) */
	[Q_FORGET_MATCHED] = "UPDATE stories SET match_sid = NULL, jaccard = NULL,"
	                     " containment = NULL WHERE cluster = ?2 AND match_sid = ?1",
	[Q_FORGET_EMPTY] = "DELETE FROM clusters WHERE id = ?1"
	                   " AND NOT EXISTS (SELECT 1 FROM stories WHERE cluster = ?1)",
	[Q_MOVE] = "UPDATE stories SET cluster = ?2 WHERE sid = ?1",
	[Q_PUBLISHED] = "SELECT sid, id, published FROM stories WHERE published IS NOT NULL"
	                " ORDER BY sid",
};

/* Statements of this file run in this order, each with the story's sid. */
static const int BY_SID[] = {
	Q_FORGET_FP, Q_FORGET_PASSAGES, Q_FORGET_WORD_KEYS, Q_FORGET_DERIVED, Q_FORGET_SOURCE,
	Q_FORGET_BOILER, Q_FORGET_STORY,
};
#define N_BY_SID (sizeof BY_SID / sizeof *BY_SID)

static np_status cluster_of(sq_store *st, int64_t sid, int64_t *cluster, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_FORGET_CLUSTER_OF];
	sqlite3_bind_int64(q, 1, sid);
	int rc = sqlite3_step(q);
	*cluster = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return NP_OK;
	return store_fail(st, err, "cannot forget a story");
}

static np_status step2(sq_store *st, int which, int64_t a, int64_t b, np_error *err)
{
	sqlite3_stmt *q = st->q[which];
	sqlite3_bind_int64(q, 1, a);
	sqlite3_bind_int64(q, 2, b);
	return store_step(st, q, err, "cannot forget a story");
}

np_status sq_forget_story(np_store *base, int64_t sid, int64_t *cluster, np_error *err)
{
	sq_store *st = sq_of(base);
	np_status rc = cluster_of(st, sid, cluster, err);
	for (size_t i = 0; rc == NP_OK && i < N_BY_SID; i++) {
		sqlite3_stmt *q = st->q[BY_SID[i]];
		if (!q)
			continue; /* a table the store was made without (sqlite.c) */
		sqlite3_bind_int64(q, 1, sid);
		rc = store_step(st, q, err, "cannot forget a story");
	}
	if (rc == NP_OK)
		rc = step2(st, Q_FORGET_MATCHED, sid, *cluster, err);
	if (rc == NP_OK) {
		sqlite3_stmt *q = st->q[Q_FORGET_EMPTY];
		sqlite3_bind_int64(q, 1, *cluster);
		rc = store_step(st, q, err, "cannot forget a story");
	}
	return rc == NP_OK ? store_log(st, NP_LOG_FORGET, sid, *cluster, NULL, 0, err) : rc;
}

np_status sq_move_story(np_store *base, int64_t sid, int64_t cluster, np_error *err)
{
	sq_store *st = sq_of(base);
	np_status rc = step2(st, Q_MOVE, sid, cluster, err);
	return rc == NP_OK ? store_log(st, NP_LOG_MOVE, sid, cluster, NULL, 0, err) : rc;
}

np_status store_scan_ids(sq_store *st, int which, np_published_fn fn, void *ctx, np_error *err)
{
	sqlite3_stmt *q = st->q[which];
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (fn(ctx, sqlite3_column_int64(q, 0), (const char *)sqlite3_column_text(q, 1),
		       (const char *)sqlite3_column_text(q, 2))) {
			sqlite3_reset(q);
			return np_fail(err, NP_ENOMEM, "out of memory reading publication times");
		}
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? NP_OK : store_fail(st, err, "cannot read publication times");
}

np_status sq_scan_published(np_store *base, np_published_fn fn, void *ctx, np_error *err)
{
	return store_scan_ids(sq_of(base), Q_PUBLISHED, fn, ctx, err);
}
