/*
 * forget.c — the PostgreSQL store's queries for forgetting a story (its rows
 * in every table that holds it), moving a story into another cluster, and
 * the scans in sid order of publication times, rail items and titles, each
 * one streamed pass over the stories table.
 */
#include "store/postgresql/pg_int.h"

#include "util/error.h"

/* The statements of this file, prepared on first use (pg.c). */
const char *const PG_SQL_FORGET[P_COUNT_] = {
	[P_FORGET_CLUSTER_OF] = "SELECT cluster FROM stories WHERE sid = $1",
	[P_FORGET_FP] = "DELETE FROM fingerprints WHERE sid = $1",
	[P_FORGET_PASSAGES] = "DELETE FROM passages WHERE sid = $1",
	[P_FORGET_WORD_KEYS] = "DELETE FROM word_keys WHERE sid = $1",
	[P_FORGET_DERIVED] = "DELETE FROM derivations WHERE sid = $1",
	[P_FORGET_SOURCE] = "DELETE FROM derivations WHERE source_sid = $1",
	[P_FORGET_STORY] = "DELETE FROM stories WHERE sid = $1",
	/* (stories match within their cluster: its index finds them) */
	[P_FORGET_MATCHED] = "UPDATE stories SET match_sid = NULL, jaccard = NULL,"
	                     " containment = NULL WHERE cluster = $2 AND match_sid = $1",
	[P_FORGET_EMPTY] = "DELETE FROM clusters WHERE id = $1"
	                   " AND NOT EXISTS (SELECT 1 FROM stories WHERE cluster = $1)",
	[P_MOVE] = "UPDATE stories SET cluster = $2 WHERE sid = $1",
	[P_PUBLISHED] = "SELECT sid, id, published FROM stories WHERE published IS NOT NULL"
	                " ORDER BY sid",
	[P_RAILS] = "SELECT id, outlet, rails FROM stories WHERE rails IS NOT NULL ORDER BY sid",
	[P_TITLES] = "SELECT id, outlet, title FROM stories WHERE title IS NOT NULL ORDER BY sid",
};

/* Statements of this file run in this order, each with the story's sid. */
static const int BY_SID[] = {
	P_FORGET_FP, P_FORGET_PASSAGES, P_FORGET_WORD_KEYS, P_FORGET_DERIVED, P_FORGET_SOURCE,
	P_FORGET_STORY,
};
#define N_BY_SID (sizeof BY_SID / sizeof *BY_SID)

/* Runs statement which with a, and with b too when two. */
static np_status run_ints(pg_store *st, int which, int two, int64_t a, int64_t b, np_error *err)
{
	pg_params p = {0};
	pg_param_int(&p, a);
	if (two)
		pg_param_int(&p, b);
	return pg_run(st, which, &p, err, "cannot forget a story");
}

np_status pg_forget_story(np_store *base, int64_t sid, int64_t *cluster, np_error *err)
{
	pg_store *st = pg_of(base);
	pg_params p = {0};
	pg_param_int(&p, sid);
	pg_keys_forget(st, sid);
	np_status rc = pg_single_int(st, P_FORGET_CLUSTER_OF, &p, cluster, err,
	                             "cannot forget a story");
	for (size_t i = 0; rc == NP_OK && i < N_BY_SID; i++)
		rc = run_ints(st, BY_SID[i], 0, sid, 0, err);
	if (rc == NP_OK)
		rc = run_ints(st, P_FORGET_MATCHED, 1, sid, *cluster, err);
	return rc == NP_OK ? run_ints(st, P_FORGET_EMPTY, 0, *cluster, 0, err) : rc;
}

np_status pg_move_story(np_store *base, int64_t sid, int64_t cluster, np_error *err)
{
	return run_ints(pg_of(base), P_MOVE, 1, sid, cluster, err);
}

/* A scan's callback and its context, and what a row is handed to. */
typedef struct scan_ctx {
	np_published_fn published;
	np_rail_item_fn item;
	void *ctx;
} scan_ctx;

static int published_row(const PGresult *r, void *arg)
{
	const scan_ctx *c = arg;
	return c->published(c->ctx, pg_int(r, 0, 0), pg_text(r, 0, 1), pg_text(r, 0, 2));
}

/* A row (id, outlet, rails): fn for each item of the rails packed in it. */
static int rails_row(const PGresult *r, void *arg)
{
	const scan_ctx *c = arg;
	return store_each_rail_item(pg_text(r, 0, 0), pg_text(r, 0, 1), pg_text(r, 0, 2), c->item,
	                            c->ctx);
}

/* A row (id, outlet, title). */
static int title_row(const PGresult *r, void *arg)
{
	const scan_ctx *c = arg;
	return c->item(c->ctx, pg_text(r, 0, 0), pg_text(r, 0, 1), NULL, pg_text(r, 0, 2));
}

/* Streams statement which to row; a stop is out of memory (what says of what). */
static np_status scan(pg_store *st, int which, pg_row_fn row, scan_ctx *c, np_error *err,
                      const char *what, const char *oom)
{
	int stopped = 0;
	np_status rc = pg_stream(st, which, NULL, row, c, &stopped, err, what);
	return rc == NP_OK && stopped ? np_fail(err, NP_ENOMEM, "%s", oom) : rc;
}

np_status pg_scan_published(np_store *base, np_published_fn fn, void *ctx, np_error *err)
{
	scan_ctx c = {.published = fn, .ctx = ctx};
	return scan(pg_of(base), P_PUBLISHED, published_row, &c, err,
	            "cannot read publication times", "out of memory reading publication times");
}

np_status pg_scan_rail_items(np_store *base, np_rail_item_fn fn, void *ctx, np_error *err)
{
	scan_ctx c = {.item = fn, .ctx = ctx};
	return scan(pg_of(base), P_RAILS, rails_row, &c, err, "cannot read rails",
	            "out of memory resolving rails");
}

np_status pg_scan_titles(np_store *base, np_rail_item_fn fn, void *ctx, np_error *err)
{
	scan_ctx c = {.item = fn, .ctx = ctx};
	return scan(pg_of(base), P_TITLES, title_row, &c, err, "cannot read rails",
	            "out of memory resolving rails");
}
