/*
 * rail_items.c — the store's part of resolving rails (rail_links.c): every
 * stored rail item, and every stored title, read once in order. The
 * statements are prepared for the scan alone: a scan is an audit's
 * question, not ingest's, and ingest keeps no index for it.
 */
#include "store/sqlite/sqlite_int.h"

#include <sqlite3.h>

#include "util/error.h"

/* Each story's rails are a JSON column of its row (store/pack.c). */
static const char RAILS[] = "SELECT id, outlet, rails FROM stories"
                            " WHERE rails IS NOT NULL ORDER BY sid";
static const char TITLES[] = "SELECT id, outlet, NULL, title FROM stories"
                             " WHERE title IS NOT NULL ORDER BY sid";

static const char *text_at(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

/* What one row of a scan is handed to: fn, with what the row holds. */
typedef int (*row_fn)(sqlite3_stmt *q, np_rail_item_fn fn, void *ctx);

/* Runs sql, each row through row(q, fn, ctx), until the end or a non-zero
 * return (out of memory). */
static np_status scan(sq_store *st, const char *sql, row_fn row, np_rail_item_fn fn, void *ctx,
                      np_error *err)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return store_fail(st, err, "cannot read rails");
	int rc, stopped = 0;
	while (!stopped && (rc = sqlite3_step(q)) == SQLITE_ROW)
		stopped = row(q, fn, ctx);
	np_status status = stopped ? np_fail(err, NP_ENOMEM, "out of memory resolving rails")
	                   : rc == SQLITE_DONE ? NP_OK
	                                       : store_fail(st, err, "cannot read rails");
	sqlite3_finalize(q);
	return status;
}

/* A row (id, outlet, rails): fn for each item of the rails packed in it. */
static int rails_row(sqlite3_stmt *q, np_rail_item_fn fn, void *ctx)
{
	return store_each_rail_item(text_at(q, 0), text_at(q, 1), text_at(q, 2), fn, ctx);
}

/* A row (id, outlet, NULL, title). */
static int title_row(sqlite3_stmt *q, np_rail_item_fn fn, void *ctx)
{
	return fn(ctx, text_at(q, 0), text_at(q, 1), NULL, text_at(q, 3));
}

np_status sq_scan_rail_items(np_store *base, np_rail_item_fn fn, void *ctx, np_error *err)
{
	sq_store *st = sq_of(base);
	return scan(st, RAILS, rails_row, fn, ctx, err);
}

np_status sq_scan_titles(np_store *base, np_rail_item_fn fn, void *ctx, np_error *err)
{
	sq_store *st = sq_of(base);
	return scan(st, TITLES, title_row, fn, ctx, err);
}
