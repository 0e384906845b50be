/*
 * writers.c — the PostgreSQL store's part in several writers sharing one
 * database (docs/postgresql.md, "Several writers"): the writers' log that
 * merges, moves, forgets and template counts are written to in the
 * transaction that makes them, what a writer reads of it since its mark,
 * and a store emptied to be decided again.
 *
 * Every writer's transaction begins by taking one transaction-level
 * advisory lock (pg.c): the decisions and writes of a batch are serialized
 * across writers, sids are drawn from their sequence in commit order, and
 * the log's entries too, so a writer that has read up to a mark has read
 * everything committed below it.
 */
#include "store/postgresql/pg_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

/* The statements of this file, prepared on first use (pg.c). */
const char *const PG_SQL_WRITERS[P_COUNT_] = {
	[P_LOG_ADD] = "INSERT INTO writer_log(kind, a, b, data) VALUES ($1, $2, $3, $4)",
	[P_LOG_READ] = "SELECT seq, kind, a, b, data FROM writer_log WHERE seq > $1 ORDER BY seq",
	[P_MARK] = "SELECT (SELECT coalesce(max(sid), 0) FROM stories),"
	           " (SELECT coalesce(max(seq), 0) FROM writer_log)",
};

/* The tables clear empties (meta keeps the parameters, the log its entries).
 * DELETE, not TRUNCATE: a reader's snapshot goes on seeing the store as it
 * was until the reconcile commits, where TRUNCATE would make it wait. */
static const char CLEAR_SQL[] =
	"DELETE FROM fingerprints; DELETE FROM passages; DELETE FROM derivations;"
	" DELETE FROM words; DELETE FROM word_keys; DELETE FROM templates;"
	" DELETE FROM template_singles; DELETE FROM clusters; DELETE FROM boilerplate;"
	" DELETE FROM stories; DELETE FROM meta WHERE key = 'last_cluster'";

np_status pg_log(pg_store *st, np_log_kind kind, int64_t a, int64_t b, const void *data,
                 size_t bytes, np_error *err)
{
	pg_params p = {0};
	pg_param_int(&p, kind);
	pg_param_int(&p, a);
	pg_param_int(&p, b);
	if (data)
		pg_param_bytes(&p, data, bytes, 0);
	else
		pg_param_text(&p, NULL);
	return pg_run(st, P_LOG_ADD, &p, err, "cannot write the writers' log");
}

np_status pg_log_counts(pg_store *st, const int64_t *keys, const int64_t *pages, size_t n,
                        const unsigned char *singles, size_t n_singles, np_error *err)
{
	size_t all = n + n_singles;
	uint64_t *k = calloc(all + 1, sizeof *k);
	uint32_t *c = calloc(all + 1, sizeof *c);
	for (size_t i = 0; k && c && i < all; i++) {
		k[i] = i < n ? (uint64_t)keys[i] : store_get_le64(singles + 8 * (i - n));
		c[i] = i < n ? (uint32_t)pages[i] : 1;
	}
	unsigned char *b = k && c ? store_pack_counts(k, c, all) : NULL;
	np_status rc = !b ? np_fail(err, NP_ENOMEM, "out of memory writing the writers' log")
	               : all ? pg_log(st, NP_LOG_TEMPLATES, 0, 0, b, all * STORE_COUNT_BYTES, err)
	                     : NP_OK;
	free(k);
	free(c);
	free(b);
	return rc;
}

np_status pg_writer_mark(np_store *base, np_writer_mark *out, np_error *err)
{
	pg_store *st = pg_of(base);
	PGresult *r = NULL;
	np_status rc = pg_query(st, P_MARK, NULL, &r, err, "cannot read the writers' mark");
	*out = rc == NP_OK && PQntuples(r) ? (np_writer_mark){pg_int(r, 0, 0), pg_int(r, 0, 1)}
	                                   : (np_writer_mark){0, 0};
	PQclear(r);
	return rc;
}

/* What read_log hands each row to. */
typedef struct log_ctx {
	np_log_fn fn;
	void *ctx;
} log_ctx;

static int log_row(const PGresult *r, void *arg)
{
	const log_ctx *c = arg;
	np_log_entry e = {.seq = pg_int(r, 0, 0), .kind = (np_log_kind)pg_int(r, 0, 1),
	                  .a = pg_int(r, 0, 2), .b = pg_int(r, 0, 3)};
	uint64_t *keys = NULL;
	uint32_t *pages = NULL;
	size_t bytes = 0;
	const unsigned char *b = pg_bytes(r, 0, 4, &bytes);
	int stop = e.kind == NP_LOG_TEMPLATES && store_unpack_counts(b, bytes, &e, &keys, &pages);
	if (!stop)
		stop = c->fn(c->ctx, &e);
	free(keys);
	free(pages);
	return stop;
}

np_status pg_read_log(np_store *base, int64_t after, np_log_fn fn, void *ctx, np_error *err)
{
	pg_params p = {0};
	pg_param_int(&p, after);
	log_ctx c = {fn, ctx};
	int stopped = 0;
	np_status rc = pg_stream(pg_of(base), P_LOG_READ, &p, log_row, &c, &stopped, err,
	                         "cannot read the writers' log");
	return rc == NP_OK && stopped
	           ? np_fail(err, NP_ENOMEM, "out of memory reading the writers' log")
	           : rc;
}

/* The sequences go on: sids are never issued twice, and the log's
 * NP_LOG_CLEAR entry tells the other writers to load again. */
np_status pg_clear(np_store *base, np_error *err)
{
	pg_store *st = pg_of(base);
	pg_words_drop(st);
	np_status rc = pg_exec(st, CLEAR_SQL, err, "cannot empty the store");
	return rc == NP_OK ? pg_log(st, NP_LOG_CLEAR, 0, 0, NULL, 0, err) : rc;
}
