/*
 * pg.c — the PostgreSQL store backend (postgresql.h): connecting with
 * libpq, the schema, the writer lock, transactions, and the table of
 * operations (store_ops.h) the other files of this folder fill.
 *
 * The tables mirror the SQLite store's, column for column (types mapped:
 * INTEGER bigint, REAL double precision, TEXT text, BLOB bytea), so that a
 * store is copied between the backends table by table. Text columns that
 * are ordered by compare bytes (COLLATE "C"), as SQLite does, so that both
 * backends give members and reports in one order whatever the database's
 * locale. Writes go to the server as they are made, inside the caller's
 * transaction (reads in it see them, and a rollback takes them back), but
 * for word counts and passage postings, held until commit (words.c and
 * passage.c say why) and read from memory by the lookups before then.
 */
#include "store/postgresql/postgresql.h"
#include "store/postgresql/pg_int.h"
#include "store/postgresql/url.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/strbuf.h"

static const char SCHEMA[] =
	"CREATE TABLE IF NOT EXISTS meta(key text COLLATE \"C\" PRIMARY KEY, value text NOT NULL);"
	"CREATE TABLE IF NOT EXISTS stories("
	" sid bigserial PRIMARY KEY, id text COLLATE \"C\" NOT NULL UNIQUE, url text,"
	" outlet text COLLATE \"C\", published text COLLATE \"C\", title text, lang text,"
	" body text NOT NULL, extra text, cluster bigint NOT NULL, status text NOT NULL,"
	" match_sid bigint, jaccard double precision, containment double precision,"
	" credits_origin bigint NOT NULL DEFAULT 0, credits text, rails text);"
	/* a cluster's members in the order attribution reads them */
	"CREATE INDEX IF NOT EXISTS stories_cluster_order"
	" ON stories(cluster, (published IS NULL), published, id);"
	"CREATE TABLE IF NOT EXISTS fingerprints("
	" sid bigint PRIMARY KEY REFERENCES stories(sid), minhash bytea NOT NULL,"
	" lead bytea NOT NULL, rails bytea NOT NULL, simhash bigint NOT NULL,"
	" content_hash bytea NOT NULL, n_shingles bigint NOT NULL, n_rail_items bigint NOT NULL,"
	" n_invalid bigint NOT NULL);"
	"CREATE TABLE IF NOT EXISTS clusters(id bigint PRIMARY KEY, origin_sid bigint,"
	" confidence double precision, evidence text);"
	"CREATE TABLE IF NOT EXISTS passages(hash bigint NOT NULL, sid bigint NOT NULL,"
	" PRIMARY KEY (hash, sid));"
	"CREATE TABLE IF NOT EXISTS derivations(sid bigint NOT NULL, source_sid bigint NOT NULL,"
	" class text NOT NULL, share double precision NOT NULL,"
	" source_share double precision NOT NULL, overlap double precision NOT NULL,"
	" passages bigint NOT NULL, words bigint NOT NULL, joined bigint NOT NULL,"
	" PRIMARY KEY (sid, source_sid));"
	"CREATE TABLE IF NOT EXISTS words(hash bigint PRIMARY KEY, df bigint NOT NULL);"
	"CREATE TABLE IF NOT EXISTS word_keys(sid bigint PRIMARY KEY, keys bytea NOT NULL);"
	"CREATE TABLE IF NOT EXISTS templates(key bigint PRIMARY KEY, pages bigint NOT NULL);"
	"CREATE TABLE IF NOT EXISTS template_singles(seq bigserial PRIMARY KEY, keys bytea NOT NULL);"
	/* the lines a page carried as widgets, when it had any (stories.c) */
	"CREATE TABLE IF NOT EXISTS boilerplate(sid bigint PRIMARY KEY, lines text NOT NULL);"
	/* what writers sharing the store apply to their indexes besides the
	 * stories above their mark (writers.c) */
	"CREATE TABLE IF NOT EXISTS writer_log(seq bigserial PRIMARY KEY, kind bigint NOT NULL,"
	" a bigint NOT NULL, b bigint NOT NULL, data bytea);";

/* The key of the transaction-level advisory lock every writer's
 * transaction takes first (writers.c): the bytes of "newsprin" read as a
 * big-endian integer, a constant other programs on the same database are
 * unlikely to take. */
#define WRITER_LOCK_KEY "7954895654511339886"

/* Every file's statements: each table holds those of one file (pg_int.h). */
static const char *const *const STATEMENTS[] = {
	PG_SQL_META, PG_SQL_STORIES, PG_SQL_CLUSTER, PG_SQL_PASSAGE, PG_SQL_WORDS, PG_SQL_KEYS,
	PG_SQL_TEMPLATE, PG_SQL_FORGET, PG_SQL_WRITERS,
};
#define N_STATEMENT_TABLES (sizeof STATEMENTS / sizeof *STATEMENTS)

const char *pg_statement_sql(int which)
{
	for (size_t t = 0; t < N_STATEMENT_TABLES; t++)
		if (STATEMENTS[t][which])
			return STATEMENTS[t][which];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Opening                                                            */
/* ------------------------------------------------------------------ */

/* Notices ("relation already exists, skipping") are not errors, and the
 * library prints nothing. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* libpq's reason a connection failed, on one line, for a message naming
 * the store: its first line, without the server's severity, and with the
 * connection string (which libpq quotes when it cannot parse it) masked;
 * malloc'd, NULL when out of memory. */
static char *connect_reason(const pg_store *st, const char *where)
{
	const char *msg = PQerrorMessage(st->conn);
	size_t n = strcspn(msg, "\n"), w = strlen(where);
	np_buf b = {0};
	int rc = 0;
	for (size_t i = 0; !rc && i < n;) {
		if (w && strncmp(msg + i, where, w) == 0) {
			rc = np_buf_adds(&b, st->name);
			i += w;
		} else if (strncmp(msg + i, "FATAL:  ", 8) == 0) {
			i += 8;
		} else {
			rc = np_buf_addc(&b, msg[i++]);
		}
	}
	if (!rc && !b.p)
		rc = np_buf_adds(&b, "libpq gave no reason");
	if (rc)
		np_buf_free(&b);
	return rc ? NULL : b.p;
}

static np_status connect_db(pg_store *st, const char *where, np_error *err)
{
	st->conn = PQconnectdb(where);
	if (!st->conn)
		return np_fail(err, NP_ENOMEM, "out of memory opening %s", st->name);
	if (PQstatus(st->conn) != CONNECTION_OK) {
		char *reason = connect_reason(st, where);
		np_status rc = np_fail(err, NP_ESTORE, "%s: cannot connect to the store: %s", st->name,
		                       reason ? reason : "out of memory");
		free(reason);
		return rc;
	}
	PQsetNoticeProcessor(st->conn, quiet, NULL);
	return pg_exec(st, "SET client_encoding = 'UTF8'", err, "cannot set the client's encoding");
}

/* A database without newsprint's tables is no store to read. */
static np_status check_exists(pg_store *st, np_error *err)
{
	PGresult *r = PQexecParams(st->conn, "SELECT to_regclass('meta') IS NOT NULL", 0, NULL, NULL,
	                           NULL, NULL, 1);
	np_status rc = PQresultStatus(r) == PGRES_TUPLES_OK
	                   ? NP_OK
	                   : pg_fail(st, err, "cannot read the store", r);
	if (rc == NP_OK && !pg_int(r, 0, 0))
		rc = np_fail(err, NP_ESTORE, "%s: no such store (run 'newsprint ingest' first)",
		             st->name);
	PQclear(r);
	return rc;
}

/* Under the writers' lock: two writers opening a new database at once
 * would otherwise both create its tables, and one fail. */
static np_status create_schema(pg_store *st, np_error *err)
{
	np_status rc = pg_exec(st, "BEGIN; SELECT pg_advisory_xact_lock(" WRITER_LOCK_KEY ")", err,
	                       "cannot create the schema");
	if (rc == NP_OK)
		rc = pg_exec(st, SCHEMA, err, "cannot create the schema");
	if (rc == NP_OK)
		rc = pg_exec(st, "COMMIT", err, "cannot create the schema");
	return rc;
}

static const np_store_ops PG_OPS; /* the table, at the end of the file */

np_status np_postgresql_open(np_store **out, const char *where, np_open_mode mode,
                             np_error *err)
{
	*out = NULL;
	pg_store *st = calloc(1, sizeof *st);
	if (!st || !(st->name = np_pg_url_masked(where))) {
		free(st);
		return np_fail(err, NP_ENOMEM, "out of memory opening a store");
	}
	np_status rc = np_store_init(&st->base, &PG_OPS, err);
	if (rc == NP_OK)
		rc = connect_db(st, where, err);
	/* the writers make the tables (under the writers' lock); a second
	 * handle of a writer's process (a checkpointing thread) finds them made */
	if (rc == NP_OK && mode == NP_OPEN_READWRITE)
		rc = create_schema(st, err);
	if (rc == NP_OK && mode != NP_OPEN_READWRITE)
		rc = check_exists(st, err);
	if (rc != NP_OK) {
		pg_close(&st->base);
		return rc;
	}
	*out = &st->base;
	return NP_OK;
}

/* Ends the session: the server rolls back an open transaction and lets go
 * of the writers' lock with it. */
void pg_close(np_store *base)
{
	pg_store *st = pg_of(base);
	if (!st)
		return;
	pg_words_drop(st);
	pg_postings_drop(st);
	pg_keys_drop(st);
	pg_copy_drop(st);
	PQfinish(st->conn);
	free(st->name);
	free(st);
}

/* ------------------------------------------------------------------ */
/* Transactions                                                       */
/* ------------------------------------------------------------------ */

/* READ COMMITTED (the server's default): each statement after the lock
 * sees every transaction committed before the lock was granted, which a
 * snapshot taken at BEGIN would not. */
np_status pg_begin(np_store *base, np_error *err)
{
	return pg_exec(pg_of(base), "BEGIN ISOLATION LEVEL READ COMMITTED;"
	               " SELECT pg_advisory_xact_lock(" WRITER_LOCK_KEY ")", err,
	               "cannot begin a transaction");
}

/* A COMMIT of a transaction a failed statement aborted succeeds, as a
 * ROLLBACK: the command's tag says which it was. */
np_status pg_commit(np_store *base, np_error *err)
{
	pg_store *st = pg_of(base);
	np_status held = pg_words_write(st, err);
	if (held == NP_OK)
		held = pg_postings_write(st, err);
	if (held != NP_OK)
		return held;
	PGresult *r = PQexec(st->conn, "COMMIT");
	np_status rc = PQresultStatus(r) != PGRES_COMMAND_OK ? pg_fail(st, err, "cannot commit", r)
	               : strcmp(PQcmdStatus(r), "COMMIT") != 0
	                   ? np_fail(err, NP_ESTORE, "%s: cannot commit: the transaction was rolled "
	                             "back", st->name)
	                   : NP_OK;
	PQclear(r);
	return rc;
}

np_status pg_rollback(np_store *base, np_error *err)
{
	pg_words_drop(pg_of(base));
	pg_postings_drop(pg_of(base));
	pg_copy_drop(pg_of(base));
	return pg_exec(pg_of(base), "ROLLBACK", err, "cannot roll back");
}

/* REPEATABLE READ: every statement of the transaction reads the snapshot
 * its first one took (the count takes it now). */
np_status pg_read_begin(np_store *base, np_error *err)
{
	pg_store *st = pg_of(base);
	if (st->reading)
		return NP_OK;
	np_status rc = pg_exec(st, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"
	                       " SELECT count(*) FROM meta", err, "cannot begin reading");
	st->reading = rc == NP_OK;
	return rc;
}

static const np_store_ops PG_OPS = {
	.version = NP_STORE_OPS_VERSION,
	.name = "postgresql",
	.close = pg_close,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.read_begin = pg_read_begin,
	/* no hints: the server makes commits durable and sizes its own cache */
	.get_params = pg_get_params,
	.put_params = pg_put_params,
	.max_cluster = pg_max_cluster,
	.set_max_cluster = pg_set_max_cluster,
	.add = pg_add,
	.find_id = pg_find_id,
	.id_of = pg_id_of,
	.scan = pg_scan,
	.count_stories = pg_count_stories,
	.cluster_of = pg_cluster_of,
	.get_story = pg_get_story,
	.merge_clusters = pg_merge_clusters,
	.load_cluster = pg_load_cluster,
	.load_panel = pg_load_panel,
	.save_attribution = pg_save_attribution,
	.list_clusters = pg_list_clusters,
	.add_passages = pg_add_passages,
	.find_passages = pg_find_passages,
	.add_words = pg_add_words,
	.word_df = pg_word_df,
	.add_word_keys = pg_add_word_keys,
	.word_keys_of = pg_word_keys_of,
	.body_of = pg_body_of,
	.text_of = pg_text_of,
	.add_derivation = pg_add_derivation,
	.joined_partially = pg_joined_partially,
	.load_templates = pg_load_templates,
	.forget_template_singles = pg_forget_template_singles,
	.save_templates = pg_save_templates,
	.scan_rail_items = pg_scan_rail_items,
	.scan_titles = pg_scan_titles,
	.forget_story = pg_forget_story,
	.move_story = pg_move_story,
	.scan_published = pg_scan_published,
	.writer_mark = pg_writer_mark,
	.scan_since = pg_scan_since,
	.read_log = pg_read_log,
	.scan_arrival = pg_scan_arrival,
	.clear = pg_clear,
	/* copying */
	.copy_tables = pg_copy_tables,
	.copy_out = pg_copy_out,
	.copy_in = pg_copy_in,
	.copy_end = pg_copy_end,
};
