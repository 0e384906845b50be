/*
 * store_links.c — the store's part of resolving rails (links.c): every
 * stored rail item, and every stored title, read once in order. The
 * statements are prepared for the scan alone: a scan is an audit's
 * question, not ingest's, and ingest keeps no index for it.
 */
#include "store.h"
#include "store_int.h"

#include <sqlite3.h>

#include "error.h"

static const char RAIL_ITEMS[] = "SELECT s.id, s.outlet, r.heading, r.title"
                                 " FROM rails r JOIN stories s USING (sid) ORDER BY r.rowid";
static const char TITLES[] = "SELECT id, outlet, NULL, title FROM stories"
                             " WHERE title IS NOT NULL ORDER BY sid";

static const char *text_at(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

/* Runs sql, whose rows are (id, outlet, heading, title), through fn. */
static np_status scan(np_store *st, const char *sql, np_rail_item_fn fn, void *ctx,
                      np_error *err)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return store_fail(st, err, "cannot read rails");
	int rc, stopped = 0;
	while (!stopped && (rc = sqlite3_step(q)) == SQLITE_ROW)
		stopped = fn(ctx, text_at(q, 0), text_at(q, 1), text_at(q, 2), text_at(q, 3));
	np_status status = stopped ? np_fail(err, NP_ENOMEM, "out of memory resolving rails")
	                   : rc == SQLITE_DONE ? NP_OK
	                                       : store_fail(st, err, "cannot read rails");
	sqlite3_finalize(q);
	return status;
}

np_status np_store_scan_rail_items(np_store *st, np_rail_item_fn fn, void *ctx, np_error *err)
{
	return scan(st, RAIL_ITEMS, fn, ctx, err);
}

np_status np_store_scan_titles(np_store *st, np_rail_item_fn fn, void *ctx, np_error *err)
{
	return scan(st, TITLES, fn, ctx, err);
}
