/*
 * sqlite.c — the SQLite store backend (sqlite.h): opening a store file,
 * its schema, its transactions, and the table of operations (store_ops.h)
 * the other files of this folder fill.
 *
 * Every statement is prepared once when the store opens and reset after each
 * use; each file keeps the SQL of the statements it runs. Writes are grouped
 * by the caller in transactions (np_store_begin / commit): SQLite's cost is
 * per commit, not per row. The journal is WAL so that readers (check,
 * report) go on while an ingest writes.
 */
#include "store/sqlite/sqlite.h"
#include "store/sqlite/sqlite_int.h"

#include <limits.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/params.h"
#include "util/error.h"
#include "util/strbuf.h"

/* How long a statement waits for another process's lock before failing:
 * an ingest commits a batch in well under a second. */
#define BUSY_TIMEOUT_MS 10000

/* Bytes the write-ahead log may hold before SQLite copies them back into the
 * store: 64 MB instead of the default 1,000 pages, which a commit of a
 * batch of stories overflows, setting off a checkpoint each time; fewer,
 * larger checkpoints copy a page changed by several commits once. */
#define WAL_CHECKPOINT_BYTES (64u << 20)

/* The page size of a new store: 16 KB instead of SQLite's 4 KB. A story row
 * holds its body (3.7 KB on average in the generated corpus), which at 4 KB
 * spills into an overflow page of its own; at 16 KB four rows share a page,
 * the store is smaller and the log is written and copied back in a quarter
 * of the system calls (benchmarks/README.md, "Ingest at a million stories:
 * the ingesting thread's waits and the page size"). A store made with smaller pages keeps them: SQLite fixes
 * the size when the file is made. */
#define STORE_PAGE_BYTES "16384"

/* Page cache of the writing connection (a store with the passage tier takes
 * more: engine/engine.c). */
#define STORE_CACHE_BYTES (64ull << 20)

static const char SCHEMA[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS stories("
	" sid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, url TEXT, outlet TEXT,"
	" published TEXT, title TEXT, lang TEXT, body TEXT NOT NULL, extra TEXT,"
	" cluster INTEGER NOT NULL, status TEXT NOT NULL, match_sid INTEGER,"
	" jaccard REAL, containment REAL, credits_origin INTEGER NOT NULL DEFAULT 0,"
	" credits TEXT, rails TEXT);" /* JSON arrays, NULL when none (pack.c) */
	/* a cluster's members in the order they are attributed in: its first
	 * published are read without reading the others (attribute/panel.h); a
	 * store made by an older newsprint has an index on the cluster alone as
	 * well */
	"CREATE INDEX IF NOT EXISTS stories_cluster_order"
	" ON stories(cluster, published IS NULL, published, id);"
	"CREATE TABLE IF NOT EXISTS fingerprints("
	" sid INTEGER PRIMARY KEY REFERENCES stories(sid), minhash BLOB NOT NULL,"
	" lead BLOB NOT NULL, rails BLOB NOT NULL, simhash INTEGER NOT NULL,"
	" content_hash BLOB NOT NULL, n_shingles INTEGER NOT NULL, n_rail_items INTEGER NOT NULL,"
	" n_invalid INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS clusters(id INTEGER PRIMARY KEY, origin_sid INTEGER,"
	" confidence REAL, evidence TEXT);"
	/* the passage tier: winnowed fingerprints of each body (the inverted
	 * index, clustered on the hash), and each derived story's links */
	"CREATE TABLE IF NOT EXISTS passages(hash INTEGER NOT NULL, sid INTEGER NOT NULL,"
	" PRIMARY KEY (hash, sid)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS derivations(sid INTEGER NOT NULL, source_sid INTEGER NOT NULL,"
	" class TEXT NOT NULL, share REAL NOT NULL, source_share REAL NOT NULL, overlap REAL NOT NULL,"
	" passages INTEGER NOT NULL, words INTEGER NOT NULL, joined INTEGER NOT NULL,"
	" PRIMARY KEY (sid, source_sid)) WITHOUT ROWID;"
	/* how many bodies the passage tier indexed hold each word (its document
	 * frequency, for IDF weights); rows 0 to 63 count the bodies of each
	 * script class themselves (words.c) */
	"CREATE TABLE IF NOT EXISTS words(hash INTEGER PRIMARY KEY, df INTEGER NOT NULL);"
	/* each indexed body's word keys (passage/overlap.h), to bound a pair's
	 * overlap before its bodies are aligned; a store made before the table
	 * has none for its older stories, which are then aligned */
	"CREATE TABLE IF NOT EXISTS word_keys(sid INTEGER PRIMARY KEY, keys BLOB NOT NULL);"
	/* outlet templates: how many pages of an outlet carried a line
	 * (segment/template.h), for lines on two pages or more; the lines seen
	 * on one page so far are kept as one blob of keys a commit (template.c
	 * says why) */
	"CREATE TABLE IF NOT EXISTS templates(key INTEGER PRIMARY KEY, pages INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS template_singles(seq INTEGER PRIMARY KEY, keys BLOB NOT NULL);"
	/* the lines a page carried as widgets, when it had any (stories.c) */
	"CREATE TABLE IF NOT EXISTS boilerplate(sid INTEGER PRIMARY KEY, lines TEXT NOT NULL);"
	/* the writers' log: what other writers sharing the store must apply
	 * to their indexes besides the stories above their mark (writers.c) */
	"CREATE TABLE IF NOT EXISTS writer_log(seq INTEGER PRIMARY KEY, kind INTEGER NOT NULL,"
	" a INTEGER NOT NULL, b INTEGER NOT NULL, data BLOB);";


/* The transactions' statements; each file holds the statements it runs. */
static const char *const SQL[Q_COUNT_] = {
	[Q_BEGIN] = "BEGIN IMMEDIATE",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
};

/* Every file's statements: each table holds those of one file (sqlite_int.h). */
static const char *const *const STATEMENTS[] = {
	SQL, SQ_SQL_META, SQ_SQL_STORIES, SQ_SQL_CLUSTER, SQ_SQL_PASSAGE,
	SQ_SQL_POSTINGS, SQ_SQL_WORDS, SQ_SQL_TEMPLATE, SQ_SQL_FORGET, SQ_SQL_WRITERS,
};
#define N_STATEMENT_TABLES (sizeof STATEMENTS / sizeof *STATEMENTS)


np_status store_fail(sq_store *st, np_error *err, const char *what)
{
	return np_fail(err, NP_ESTORE, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

/* Runs a prepared statement that returns no rows and resets it. */
np_status store_step(sq_store *st, sqlite3_stmt *q, np_error *err, const char *what)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return rc == SQLITE_DONE ? NP_OK : store_fail(st, err, what);
}

/* Runs a statement that returns one integer (with optional parameter). */
np_status store_single_int(sq_store *st, int which, int64_t *out, np_error *err)
{
	sqlite3_stmt *q = st->q[which];
	int rc = sqlite3_step(q);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? NP_OK : store_fail(st, err, "cannot read the store");
}

void store_bind_text(sqlite3_stmt *q, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, i);
}

char *store_column_text(sqlite3_stmt *q, int i)
{
	return np_strdup((const char *)sqlite3_column_text(q, i));
}

static np_status check_path(const char *path, int readonly, np_error *err)
{
	struct stat sb;
	if (!*path) /* SQLite would open a private temporary store, lost at close */
		return np_fail(err, NP_EINVAL, "the store's path is empty");
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return np_fail(err, NP_ESTORE, "%s: is a folder, not a store file", path);
		return NP_OK;
	}
	if (readonly)
		return np_fail(err, NP_ESTORE, "%s: no such store (run 'newsprint ingest' first)", path);
	return NP_OK;
}

static np_status configure(sq_store *st, int readonly, np_error *err)
{
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	if (!readonly) {
		/* WAL lets check and report read while ingest writes; NORMAL
		 * synchronous is durable at each checkpoint and safe in WAL mode.
		 * A 64 MB page cache keeps the id and cluster indexes in memory;
		 * with the default 2 MB, ingest re-reads them from disk. */
		if (sqlite3_exec(st->db, "PRAGMA page_size=" STORE_PAGE_BYTES ";"
		                 " PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
		                 NULL, NULL, NULL) != SQLITE_OK)
			return store_fail(st, err, "cannot set the journal mode");
		np_status rc = sq_set_cache(&st->base, STORE_CACHE_BYTES, err);
		if (rc == NP_OK)
			rc = sq_set_wal_limit(&st->base, WAL_CHECKPOINT_BYTES, err);
		if (rc != NP_OK)
			return rc;
		if (sqlite3_exec(st->db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK)
			return store_fail(st, err, "cannot create the schema");
	}
	return NP_OK;
}

np_status sq_version_check(sq_store *st, int version, np_error *err)
{
	if (version != NP_SCHEMA_VERSION)
		return np_fail(err, NP_ESTORE,
		               "%s: schema version %d, this newsprint reads version %d: re-ingest into a "
		               "new store", st->path, version, NP_SCHEMA_VERSION);
	return NP_OK;
}

/* The schema version of an existing store, checked before the statements
 * are prepared: those of another version may not prepare at all, and the
 * message would then not say why. A file without the meta table is left to
 * prepare_all to reject. */
static np_status early_version_check(sq_store *st, np_error *err)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &q,
	                       NULL) != SQLITE_OK)
		return NP_OK;
	int version = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : NP_SCHEMA_VERSION;
	sqlite3_finalize(q);
	return sq_version_check(st, version, err);
}

/* Statements over tables that a store of this schema version may have been
 * made without (opened read-only, it has not been given them): left NULL
 * when they do not prepare, and their functions answer "none". */
static int optional_statement(int i)
{
	return i == Q_WORD_KEYS_ADD || i == Q_WORD_KEYS_OF || i == Q_SINGLES_SCAN ||
	       i == Q_SINGLES_ADD || i == Q_SINGLES_FORGET || i == Q_FORGET_WORD_KEYS ||
	       i == Q_LOG_ADD || i == Q_LOG_READ || i == Q_MARK || i == Q_ADD_BOILER ||
	       i == Q_GET_BOILER || i == Q_FORGET_BOILER;
}

/* The SQL of statement i, from the table of the file that runs it. */
static const char *statement_sql(int i)
{
	for (size_t t = 0; t < N_STATEMENT_TABLES; t++)
		if (STATEMENTS[t][i])
			return STATEMENTS[t][i];
	return NULL;
}

static np_status prepare_all(sq_store *st, np_error *err)
{
	for (int i = 0; i < Q_COUNT_; i++)
		if (sqlite3_prepare_v3(st->db, statement_sql(i), -1, SQLITE_PREPARE_PERSISTENT,
		                       &st->q[i], NULL) != SQLITE_OK &&
		    !optional_statement(i))
			return store_fail(st, err, "not a newsprint store (or a damaged one)");
	return NP_OK;
}

/* Whether the folder holding path can be written (where SQLite would make
 * the store's -wal and -shm files). */
static int folder_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return access(".", W_OK) == 0;
	if (slash == path)
		return access("/", W_OK) == 0;
	char *dir = np_strndup(path, (size_t)(slash - path));
	int ok = dir && access(dir, W_OK) == 0;
	free(dir);
	return ok;
}

/* A file: URI for path with "immutable=1": the store is read as a plain file,
 * without the -shm file a WAL store needs and a read-only folder cannot hold
 * (an archive, a read-only mount). Bytes other than unreserved ones and '/'
 * are percent-encoded. NULL when out of memory. */
static char *immutable_uri(const char *path)
{
	static const char TAIL[] = "?immutable=1";
	np_buf b = {0};
	int rc = np_buf_adds(&b, "file:");
	for (const unsigned char *p = (const unsigned char *)path; !rc && *p; p++) {
		char hex[4];
		int plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		            (*p >= '0' && *p <= '9') || strchr("-._~/", *p);
		snprintf(hex, sizeof hex, "%%%02X", *p);
		rc = plain ? np_buf_addc(&b, (char)*p) : np_buf_adds(&b, hex);
	}
	if (rc || np_buf_adds(&b, TAIL)) {
		np_buf_free(&b);
		return NULL;
	}
	return b.p;
}

/* Opens the SQLite file: read-only from a folder that cannot be written, as
 * an immutable file (nothing can be writing it through a WAL there). A
 * handle is used by one thread at a time (newsprint.h), so its connection
 * needs no mutex of its own (SQLITE_OPEN_NOMUTEX): in SQLite's default
 * serialized mode every bind, step and reset takes and releases one, a
 * visible cost for the passage tier, whose rows are bound and stepped one
 * posting at a time. */
static np_status open_file(sq_store *st, const char *path, int readonly, np_error *err)
{
	int flags = SQLITE_OPEN_NOMUTEX |
	            (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	char *uri = NULL;
	if (readonly && !folder_writable(path)) {
		if (!(uri = immutable_uri(path)))
			return np_fail(err, NP_ENOMEM, "out of memory opening %s", path);
		flags |= SQLITE_OPEN_URI;
	}
	int rc = sqlite3_open_v2(uri ? uri : path, &st->db, flags, NULL);
	free(uri);
	return rc == SQLITE_OK ? NP_OK : store_fail(st, err, "cannot open the store");
}

static const np_store_ops SQLITE_OPS; /* the table, at the end of the file */

np_status np_sqlite_open(np_store **out, const char *path, np_open_mode mode, np_error *err)
{
	*out = NULL;
	int readonly = mode == NP_OPEN_READONLY;
	np_status rc = check_path(path, readonly, err);
	if (rc != NP_OK)
		return rc;
	sq_store *st = calloc(1, sizeof *st);
	if (!st || !(st->path = np_strdup(path))) {
		free(st);
		return np_fail(err, NP_ENOMEM, "out of memory opening %s", path);
	}
	st->lock_fd = -1;
	rc = np_store_init(&st->base, &SQLITE_OPS, err);
	if (rc == NP_OK && mode == NP_OPEN_READWRITE)
		rc = sq_lock_writer(path, &st->lock_fd, err);
	if (rc == NP_OK)
		rc = open_file(st, path, readonly, err);
	if (rc == NP_OK)
		rc = configure(st, readonly, err);
	if (rc == NP_OK)
		rc = early_version_check(st, err);
	if (rc == NP_OK)
		rc = prepare_all(st, err);
	if (rc != NP_OK) {
		sq_close(&st->base);
		return rc;
	}
	*out = &st->base;
	return NP_OK;
}

void sq_close(np_store *base)
{
	sq_store *st = sq_of(base);
	if (!st)
		return;
	store_words_drop(st);
	store_postings_drop(st);
	store_presence_drop(st);
	store_copy_drop(st);
	if (st->reading)
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL); /* it wrote nothing */
	for (int i = 0; i < Q_COUNT_; i++)
		sqlite3_finalize(st->q[i]);
	sqlite3_close(st->db);
	sq_unlock_writer(st->lock_fd); /* after SQLite has let go of the store */
	free(st->path);
	free(st);
}

/* Another handle's commit (a writer sharing the store) changes the word
 * counts and postings this one holds in memory: they are read again. */
static np_status drop_stale(sq_store *st, np_error *err)
{
	sqlite3_stmt *q = NULL;
	int64_t version = 0;
	if (sqlite3_prepare_v2(st->db, "PRAGMA data_version", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		version = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	if (!version)
		return store_fail(st, err, "cannot read the store's version");
	if (st->data_version && version != st->data_version) {
		store_words_drop(st);
		store_presence_drop(st);
	}
	st->data_version = version;
	return NP_OK;
}

np_status sq_begin(np_store *base, np_error *err)
{
	sq_store *st = sq_of(base);
	np_status rc = store_step(st, st->q[Q_BEGIN], err, "cannot begin a transaction");
	return rc == NP_OK ? drop_stale(st, err) : rc;
}

np_status sq_commit(np_store *base, np_error *err)
{
	sq_store *st = sq_of(base);
	np_status rc = store_words_write(st, err);
	if (rc == NP_OK)
		rc = store_postings_write(st, err);
	return rc == NP_OK ? store_step(st, st->q[Q_COMMIT], err, "cannot commit") : rc;
}

np_status sq_checkpoint(np_store *base, np_error *err)
{
	sq_store *st = sq_of(base);
	int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	/* busy: another connection is checkpointing, which is as good */
	return rc == SQLITE_OK || rc == SQLITE_BUSY ? NP_OK : store_fail(st, err, "cannot checkpoint");
}

/* The store's page size in bytes, as SQLite reports it (a store made
 * before STORE_PAGE_BYTES keeps its own); 4,096 if it cannot say. */
static uint64_t page_bytes(sq_store *st)
{
	sqlite3_stmt *q = NULL;
	uint64_t n = 0;
	if (sqlite3_prepare_v2(st->db, "PRAGMA page_size", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		n = (uint64_t)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n ? n : 4096;
}

np_status sq_set_wal_limit(np_store *base, uint64_t bytes, np_error *err)
{
	sq_store *st = sq_of(base);
	uint64_t page = page_bytes(st);
	uint64_t pages = bytes ? (bytes + page - 1) / page : 0; /* at least one page unless off */
	if (pages > INT_MAX)
		pages = INT_MAX;
	if (sqlite3_wal_autocheckpoint(st->db, (int)pages) != SQLITE_OK)
		return store_fail(st, err, "cannot set the write-ahead log's limit");
	return NP_OK;
}

np_status sq_set_cache(np_store *base, uint64_t bytes, np_error *err)
{
	sq_store *st = sq_of(base);
	char sql[64];
	/* a negative cache_size is in KiB, whatever the page size */
	snprintf(sql, sizeof sql, "PRAGMA cache_size=-%llu", (unsigned long long)(bytes / 1024));
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, err, "cannot size the page cache");
	return NP_OK;
}

np_status sq_read_begin(np_store *base, np_error *err)
{
	sq_store *st = sq_of(base);
	if (st->reading)
		return NP_OK;
	/* BEGIN defers the snapshot to the first read: the count takes it */
	if (sqlite3_exec(st->db, "BEGIN; SELECT count(*) FROM meta;", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, err, "cannot begin reading");
	st->reading = 1;
	return NP_OK;
}

np_status sq_rollback(np_store *base, np_error *err)
{
	sq_store *st = sq_of(base);
	store_words_drop(st);
	store_postings_drop(st);
	store_copy_drop(st);
	return store_step(st, st->q[Q_ROLLBACK], err, "cannot roll back");
}

static const np_store_ops SQLITE_OPS = {
	.version = NP_STORE_OPS_VERSION,
	.name = "sqlite",
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.read_begin = sq_read_begin,
	.checkpoint = sq_checkpoint,
	.set_wal_limit = sq_set_wal_limit,
	.set_cache = sq_set_cache,
	.get_params = sq_get_params,
	.put_params = sq_put_params,
	.max_cluster = sq_max_cluster,
	.set_max_cluster = sq_set_max_cluster,
	.add = sq_add,
	.find_id = sq_find_id,
	.id_of = sq_id_of,
	.scan = sq_scan,
	.count_stories = sq_count_stories,
	.cluster_of = sq_cluster_of,
	.get_story = sq_get_story,
	.merge_clusters = sq_merge_clusters,
	.load_cluster = sq_load_cluster,
	.load_panel = sq_load_panel,
	.save_attribution = sq_save_attribution,
	.list_clusters = sq_list_clusters,
	.add_passages = sq_add_passages,
	.find_passages = sq_find_passages,
	.add_words = sq_add_words,
	.word_df = sq_word_df,
	.add_word_keys = sq_add_word_keys,
	.word_keys_of = sq_word_keys_of,
	.body_of = sq_body_of,
	.text_of = sq_text_of,
	.add_derivation = sq_add_derivation,
	.joined_partially = sq_joined_partially,
	.load_templates = sq_load_templates,
	.forget_template_singles = sq_forget_template_singles,
	.save_templates = sq_save_templates,
	.scan_rail_items = sq_scan_rail_items,
	.scan_titles = sq_scan_titles,
	.forget_story = sq_forget_story,
	.move_story = sq_move_story,
	.scan_published = sq_scan_published,
	.writer_mark = sq_writer_mark,
	.scan_since = sq_scan_since,
	.read_log = sq_read_log,
	.scan_arrival = sq_scan_arrival,
	.clear = sq_clear,
	/* copying */
	.copy_tables = sq_copy_tables,
	.copy_out = sq_copy_out,
	.copy_in = sq_copy_in,
	.copy_end = sq_copy_end,
};
