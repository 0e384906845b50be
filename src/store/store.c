/*
 * store.c — newsprint's SQLite store (see store.h).
 *
 * Every statement is prepared once when the store opens and reset after each
 * use. Writes are grouped by the caller in transactions (np_store_begin /
 * commit): SQLite's cost is per commit, not per row. The journal is WAL so
 * that readers (check, report) go on while an ingest writes.
 *
 * This file opens the store and writes stories; the queries for clusters
 * are in store_cluster.c, those of the passage tier in store_passage.c,
 * and what the three share in store_int.h.
 */
#include "store/store.h"
#include "store/store_int.h"

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
 * of the system calls (benchmarks/README.md, "Ingest at a million stories,
 * fifth session"). A store made with smaller pages keeps them: SQLite fixes
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
	" credits TEXT, rails TEXT);" /* JSON arrays, NULL when none (store_pack.c) */
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
	 * script class themselves (store_words.c) */
	"CREATE TABLE IF NOT EXISTS words(hash INTEGER PRIMARY KEY, df INTEGER NOT NULL);"
	/* each indexed body's word keys (passage/overlap.h), to bound a pair's
	 * overlap before its bodies are aligned; a store made before the table
	 * has none for its older stories, which are then aligned */
	"CREATE TABLE IF NOT EXISTS word_keys(sid INTEGER PRIMARY KEY, keys BLOB NOT NULL);"
	/* outlet templates: how many pages of an outlet carried a line
	 * (segment/template.h), for lines on two pages or more; the lines seen
	 * on one page so far are kept as one blob of keys a commit
	 * (store_template.c says why) */
	"CREATE TABLE IF NOT EXISTS templates(key INTEGER PRIMARY KEY, pages INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS template_singles(seq INTEGER PRIMARY KEY, keys BLOB NOT NULL);";


/* A cluster member as store_cluster.c reads it, and the order of members. */
#define MEMBER_COLUMNS                                                                   \
	"SELECT s.sid, s.id, s.url, s.outlet, s.published, s.title, f.minhash,"          \
	" f.n_shingles, s.credits_origin, s.credits"                                     \
	" FROM stories s JOIN fingerprints f USING (sid)"
#define MEMBER_ORDER "s.published IS NULL, s.published, s.id"

static const char *const SQL[Q_COUNT_] = {
	[Q_BEGIN] = "BEGIN IMMEDIATE",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
	[Q_FIND_ID] = "SELECT sid FROM stories WHERE id = ?1",
	[Q_SCAN] = "SELECT f.sid, s.cluster, f.n_shingles, f.content_hash, f.simhash, f.minhash,"
	           " s.published, f.lead FROM fingerprints f JOIN stories s USING (sid) ORDER BY f.sid",
	[Q_ADD_STORY] = "INSERT INTO stories(id, url, outlet, published, title, lang, body, extra,"
	                " cluster, status, match_sid, jaccard, containment, credits, rails)"
	                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
	[Q_ADD_FP] = "INSERT INTO fingerprints(sid, minhash, simhash, content_hash, n_shingles,"
	             " lead, rails, n_rail_items, n_invalid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[Q_MERGE] = "UPDATE stories SET cluster = ?2 WHERE cluster = ?1",
	[Q_MERGE_DROP] = "DELETE FROM clusters WHERE id = ?1",
	[Q_MAX_CLUSTER] = "SELECT coalesce(max(cluster), 0) FROM stories",
	[Q_MEMBERS] = MEMBER_COLUMNS " WHERE s.cluster = ?1 ORDER BY " MEMBER_ORDER,
	[Q_PANEL] = MEMBER_COLUMNS " WHERE s.cluster = ?1 ORDER BY " MEMBER_ORDER " LIMIT ?2",
	[Q_MEMBER] = MEMBER_COLUMNS " WHERE s.sid = ?1",
	[Q_CLUSTER] = "SELECT origin_sid, confidence, evidence FROM clusters WHERE id = ?1",
	[Q_SAVE_CLUSTER] = "INSERT OR REPLACE INTO clusters(id, origin_sid, confidence, evidence)"
	                   " VALUES (?1, ?2, ?3, ?4)",
	[Q_SAVE_FLAG] = "UPDATE stories SET credits_origin = ?2 WHERE sid = ?1",
	[Q_LIST] = "SELECT cluster, count(*) FROM stories GROUP BY cluster HAVING count(*) >= ?1",
	[Q_COUNT] = "SELECT count(*) FROM stories",
	[Q_GET_STORY] = "SELECT sid, id, url, outlet, published, title, lang, body, extra,"
	                " credits, rails FROM stories WHERE id = ?1",
	[Q_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[Q_META_PUT] = "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
	[Q_ID_OF] = "SELECT s.id, f.simhash, f.lead FROM stories s JOIN fingerprints f USING (sid)"
	            " WHERE sid = ?1",
	[Q_PASSAGE_ADD] = "INSERT OR IGNORE INTO passages(hash, sid) VALUES (?1, ?2)",
	[Q_PASSAGE_FIND] = "SELECT sid FROM passages WHERE hash = ?1 LIMIT ?2",
	[Q_PASSAGE_KEYS] = "SELECT hash FROM passages",
	[Q_WORD_KEYS_ADD] = "INSERT OR REPLACE INTO word_keys(sid, keys) VALUES (?1, ?2)",
	[Q_WORD_KEYS_OF] = "SELECT keys FROM word_keys WHERE sid = ?1",
	[Q_WORD_PUT] = "INSERT INTO words(hash, df) VALUES (?1, ?2)"
	                " ON CONFLICT(hash) DO UPDATE SET df = excluded.df",
	[Q_WORD_ALL] = "SELECT hash, df FROM words",
	[Q_BODY_OF] = "SELECT body FROM stories WHERE sid = ?1",
	[Q_TEXT_OF] = "SELECT s.body, s.outlet, s.url, m.outlet, m.url FROM stories s"
	              " LEFT JOIN stories m ON m.sid = s.match_sid WHERE s.sid = ?1",
	[Q_DERIV_ADD] = "INSERT OR REPLACE INTO derivations(sid, source_sid, class, share,"
	                " source_share, passages, words, joined, overlap)"
	                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[Q_DERIV_JOINED] = "SELECT class, source_sid FROM derivations WHERE sid = ?1 AND joined = 1",
	[Q_DERIV_OF] = "SELECT d.source_sid, s.id, s.outlet, d.class, d.share, d.passages, d.words"
	               " FROM derivations d JOIN stories s ON s.sid = d.source_sid WHERE d.sid = ?1"
	               " ORDER BY d.share DESC, d.source_sid",
	[Q_TEMPLATE_SCAN] = "SELECT key, pages FROM templates",
	[Q_TEMPLATE_PUT] = "INSERT OR REPLACE INTO templates(key, pages) VALUES (?1, ?2)",
	[Q_TEMPLATE_FORGET] = "DELETE FROM templates WHERE pages <= 1",
	[Q_SINGLES_SCAN] = "SELECT keys FROM template_singles",
	[Q_SINGLES_ADD] = "INSERT INTO template_singles(keys) VALUES (?1)",
	[Q_SINGLES_FORGET] = "DELETE FROM template_singles",
};


np_status store_fail(np_store *st, np_error *err, const char *what)
{
	return np_fail(err, NP_ESTORE, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

/* Runs a prepared statement that returns no rows and resets it. */
np_status store_step(np_store *st, sqlite3_stmt *q, np_error *err, const char *what)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return rc == SQLITE_DONE ? NP_OK : store_fail(st, err, what);
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

static np_status configure(np_store *st, int readonly, np_error *err)
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
		np_status rc = np_store_set_cache(st, STORE_CACHE_BYTES, err);
		if (rc == NP_OK)
			rc = np_store_set_wal_limit(st, WAL_CHECKPOINT_BYTES, err);
		if (rc != NP_OK)
			return rc;
		if (sqlite3_exec(st->db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK)
			return store_fail(st, err, "cannot create the schema");
	}
	return NP_OK;
}

static np_status version_check(np_store *st, int version, np_error *err)
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
static np_status early_version_check(np_store *st, np_error *err)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &q,
	                       NULL) != SQLITE_OK)
		return NP_OK;
	int version = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : NP_SCHEMA_VERSION;
	sqlite3_finalize(q);
	return version_check(st, version, err);
}

/* Statements over tables that a store of this schema version may have been
 * made without (opened read-only, it has not been given them): left NULL
 * when they do not prepare, and their functions answer "none". */
static int optional_statement(int i)
{
	return i == Q_WORD_KEYS_ADD || i == Q_WORD_KEYS_OF || i == Q_SINGLES_SCAN ||
	       i == Q_SINGLES_ADD || i == Q_SINGLES_FORGET;
}

static np_status prepare_all(np_store *st, np_error *err)
{
	for (int i = 0; i < Q_COUNT_; i++)
		if (sqlite3_prepare_v3(st->db, SQL[i], -1, SQLITE_PREPARE_PERSISTENT, &st->q[i], NULL) !=
		        SQLITE_OK &&
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
static np_status open_file(np_store *st, const char *path, int readonly, np_error *err)
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

np_status np_store_open(np_store **out, const char *path, np_open_mode mode, np_error *err)
{
	*out = NULL;
	int readonly = mode == NP_OPEN_READONLY;
	np_status rc = check_path(path, readonly, err);
	if (rc != NP_OK)
		return rc;
	np_store *st = calloc(1, sizeof *st);
	if (!st || !(st->path = np_strdup(path))) {
		free(st);
		return np_fail(err, NP_ENOMEM, "out of memory opening %s", path);
	}
	st->lock_fd = -1;
	if (mode == NP_OPEN_READWRITE)
		rc = np_store_lock_writer(path, &st->lock_fd, err);
	if (rc == NP_OK)
		rc = open_file(st, path, readonly, err);
	if (rc == NP_OK)
		rc = configure(st, readonly, err);
	if (rc == NP_OK)
		rc = early_version_check(st, err);
	if (rc == NP_OK)
		rc = prepare_all(st, err);
	if (rc != NP_OK) {
		np_store_close(st);
		return rc;
	}
	*out = st;
	return NP_OK;
}

void np_store_close(np_store *st)
{
	if (!st)
		return;
	store_words_drop(st);
	store_postings_drop(st);
	store_presence_drop(st);
	if (st->reading)
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL); /* it wrote nothing */
	for (int i = 0; i < Q_COUNT_; i++)
		sqlite3_finalize(st->q[i]);
	sqlite3_close(st->db);
	np_store_unlock_writer(st->lock_fd); /* after SQLite has let go of the store */
	free(st->path);
	free(st);
}

np_status np_store_begin(np_store *st, np_error *err)
{
	return store_step(st, st->q[Q_BEGIN], err, "cannot begin a transaction");
}

np_status np_store_commit(np_store *st, np_error *err)
{
	np_status rc = store_words_write(st, err);
	if (rc == NP_OK)
		rc = store_postings_write(st, err);
	return rc == NP_OK ? store_step(st, st->q[Q_COMMIT], err, "cannot commit") : rc;
}

np_status np_store_checkpoint(np_store *st, np_error *err)
{
	int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	/* busy: another connection is checkpointing, which is as good */
	return rc == SQLITE_OK || rc == SQLITE_BUSY ? NP_OK : store_fail(st, err, "cannot checkpoint");
}

/* The store's page size in bytes, as SQLite reports it (a store made
 * before STORE_PAGE_BYTES keeps its own); 4,096 if it cannot say. */
static uint64_t page_bytes(np_store *st)
{
	sqlite3_stmt *q = NULL;
	uint64_t n = 0;
	if (sqlite3_prepare_v2(st->db, "PRAGMA page_size", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		n = (uint64_t)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n ? n : 4096;
}

np_status np_store_set_wal_limit(np_store *st, uint64_t bytes, np_error *err)
{
	uint64_t page = page_bytes(st);
	uint64_t pages = bytes ? (bytes + page - 1) / page : 0; /* at least one page unless off */
	if (pages > INT_MAX)
		pages = INT_MAX;
	if (sqlite3_wal_autocheckpoint(st->db, (int)pages) != SQLITE_OK)
		return store_fail(st, err, "cannot set the write-ahead log's limit");
	return NP_OK;
}

np_status np_store_set_cache(np_store *st, uint64_t bytes, np_error *err)
{
	char sql[64];
	/* a negative cache_size is in KiB, whatever the page size */
	snprintf(sql, sizeof sql, "PRAGMA cache_size=-%llu", (unsigned long long)(bytes / 1024));
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, err, "cannot size the page cache");
	return NP_OK;
}

np_status np_store_read_begin(np_store *st, np_error *err)
{
	if (st->reading)
		return NP_OK;
	/* BEGIN defers the snapshot to the first read: the count takes it */
	if (sqlite3_exec(st->db, "BEGIN; SELECT count(*) FROM meta;", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, err, "cannot begin reading");
	st->reading = 1;
	return NP_OK;
}

np_status np_store_rollback(np_store *st, np_error *err)
{
	store_words_drop(st);
	store_postings_drop(st);
	return store_step(st, st->q[Q_ROLLBACK], err, "cannot roll back");
}

/* ------------------------------------------------------------------ */
/* Parameters, as meta rows                                            */
/* ------------------------------------------------------------------ */

/* *value is a malloc'd copy, or NULL when the key is absent. */
static np_status meta_get(np_store *st, const char *key, char **value, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_META_GET];
	store_bind_text(q, 1, key);
	int rc = sqlite3_step(q);
	*value = rc == SQLITE_ROW ? store_column_text(q, 0) : NULL;
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, "cannot read the store's parameters");
	return NP_OK;
}

static np_status meta_put(np_store *st, const char *key, const char *value, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_META_PUT];
	store_bind_text(q, 1, key);
	store_bind_text(q, 2, value);
	return store_step(st, q, err, "cannot write the store's parameters");
}

static np_status check_schema(np_store *st, int *found, np_error *err)
{
	char *v = NULL;
	np_status rc = meta_get(st, "schema_version", &v, err);
	if (rc != NP_OK)
		return rc;
	*found = v != NULL;
	int version = v ? atoi(v) : NP_SCHEMA_VERSION;
	free(v);
	return version_check(st, version, err);
}

np_status np_store_get_params(np_store *st, np_params *p, int *found, np_error *err)
{
	np_status rc = check_schema(st, found, err);
	for (size_t i = 0; rc == NP_OK && *found && i < NP_N_PARAM_FIELDS; i++) {
		const np_param_field *f = &NP_PARAM_FIELDS[i];
		char *v = NULL;
		rc = meta_get(st, f->key, &v, err);
		if (rc == NP_OK && (v || f->before))
			np_param_parse(f, p, v ? v : f->before);
		free(v);
	}
	return rc;
}

np_status np_store_put_params(np_store *st, const np_params *p, np_error *err)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%d", NP_SCHEMA_VERSION);
	np_status rc = meta_put(st, "schema_version", buf, err);
	for (size_t i = 0; rc == NP_OK && i < NP_N_PARAM_FIELDS; i++) {
		np_param_format(&NP_PARAM_FIELDS[i], p, buf, sizeof buf);
		rc = meta_put(st, NP_PARAM_FIELDS[i].key, buf, err);
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Stories and fingerprints                                            */
/* ------------------------------------------------------------------ */

np_status np_store_find_id(np_store *st, const char *id, int64_t *sid, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_FIND_ID];
	store_bind_text(q, 1, id);
	int rc = sqlite3_step(q);
	*sid = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? NP_OK : store_fail(st, err, "cannot look up an id");
}

np_status np_store_id_of(np_store *st, int64_t sid, np_stored_ref *out, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_ID_OF];
	sqlite3_bind_int64(q, 1, sid);
	int rc = sqlite3_step(q);
	out->id = rc == SQLITE_ROW ? store_column_text(q, 0) : NULL;
	out->simhash = rc == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(q, 1) : 0;
	int bad = rc == SQLITE_ROW && store_decode_minhash(q, 2, out->lead_k, out->lead);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW)
		return store_fail(st, err, "cannot look up a story row");
	if (bad)
		return np_fail(err, NP_ESTORE, "%s: story row %lld has a damaged fingerprint", st->path,
		               (long long)sid);
	return out->id ? NP_OK : np_fail(err, NP_ENOMEM, "out of memory");
}

/* Fingerprint blobs are little-endian whatever the machine, so a store can
 * move between machines. */
static void put_le32(unsigned char *b, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		b[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_le32(const unsigned char *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

void store_put_le64(unsigned char *b, uint64_t v)
{
	put_le32(b, (uint32_t)v);
	put_le32(b + 4, (uint32_t)(v >> 32));
}

uint64_t store_get_le64(const unsigned char *b)
{
	return (uint64_t)get_le32(b) | (uint64_t)get_le32(b + 4) << 32;
}

/* Decodes a minhash blob of k values into sig; 0, or -1 when the size is wrong. */
int store_decode_minhash(sqlite3_stmt *q, int col, unsigned k, uint32_t *sig)
{
	const unsigned char *b = sqlite3_column_blob(q, col);
	if (!b || (size_t)sqlite3_column_bytes(q, col) != (size_t)k * 4)
		return -1;
	for (unsigned i = 0; i < k; i++)
		sig[i] = get_le32(b + 4 * i);
	return 0;
}

np_status np_store_scan(np_store *st, unsigned k, unsigned lead_k,
                        int (*fn)(void *ctx, const np_stored_fp *f), void *ctx, np_error *err)
{
	uint32_t *sig = malloc((k + lead_k) * sizeof *sig), *lead = sig + k;
	if (!sig)
		return np_fail(err, NP_ENOMEM, "out of memory reading fingerprints");
	sqlite3_stmt *q = st->q[Q_SCAN];
	np_status status = NP_OK;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const unsigned char *ch = sqlite3_column_blob(q, 3);
		if (!ch || sqlite3_column_bytes(q, 3) != 16 || store_decode_minhash(q, 5, k, sig) ||
		    store_decode_minhash(q, 7, lead_k, lead)) {
			status = np_fail(err, NP_ESTORE, "%s: story row %lld has a damaged fingerprint",
			                 st->path, (long long)sqlite3_column_int64(q, 0));
			break;
		}
		np_stored_fp f = {
			.sid = sqlite3_column_int64(q, 0),
			.cluster = sqlite3_column_int64(q, 1),
			.n_shingles = (uint32_t)sqlite3_column_int64(q, 2),
			.content_hash = {store_get_le64(ch), store_get_le64(ch + 8)},
			.simhash = (uint64_t)sqlite3_column_int64(q, 4),
			.minhash = sig,
			.lead = lead,
			.published = (const char *)sqlite3_column_text(q, 6),
		};
		if (fn(ctx, &f)) {
			status = np_fail(err, NP_ENOMEM, "out of memory rebuilding the index");
			break;
		}
	}
	if (status == NP_OK && rc != SQLITE_DONE)
		status = store_fail(st, err, "cannot read fingerprints");
	sqlite3_reset(q);
	free(sig);
	return status;
}

static char *join_body(const np_story *s)
{
	np_buf b = {0};
	for (size_t i = 0; i < s->body.n; i++)
		if ((i && np_buf_adds(&b, "\n\n")) || np_buf_adds(&b, s->body.v[i])) {
			np_buf_free(&b);
			return NULL;
		}
	return b.p ? b.p : np_strdup("");
}

np_status np_store_same_body(np_store *st, int64_t sid, const np_story *s, int *same,
                             np_error *err)
{
	char *stored = NULL, *given = join_body(s);
	np_status rc = given ? np_store_body_of(st, sid, &stored, err)
	                     : np_fail(err, NP_ENOMEM, "out of memory reading %s", s->id);
	*same = rc == NP_OK && stored && strcmp(stored, given) == 0;
	free(stored);
	free(given);
	return rc;
}

/* Binds a malloc'd string (or NULL) that SQLite frees. */
static void bind_owned_text(sqlite3_stmt *q, int i, char *s)
{
	if (s)
		sqlite3_bind_text(q, i, s, -1, free);
	else
		sqlite3_bind_null(q, i);
}

static np_status add_story_row(np_store *st, const np_story *s, const np_decision *d,
                               int64_t match_sid, int64_t *sid, np_error *err)
{
	int oom_credits = 0, oom_rails = 0;
	char *body = join_body(s);
	char *credits = store_pack_credits(s->credits, s->n_credits, &oom_credits);
	char *rails = store_pack_rails(s->rails, s->n_rails, &oom_rails);
	if (!body || oom_credits || oom_rails) {
		free(body);
		free(credits);
		free(rails);
		return np_fail(err, NP_ENOMEM, "out of memory storing %s", s->id);
	}
	sqlite3_stmt *q = st->q[Q_ADD_STORY];
	store_bind_text(q, 1, s->id);
	store_bind_text(q, 2, s->url);
	store_bind_text(q, 3, s->outlet);
	store_bind_text(q, 4, s->published);
	store_bind_text(q, 5, s->title);
	store_bind_text(q, 6, s->lang);
	bind_owned_text(q, 7, body);
	store_bind_text(q, 8, s->extra_json);
	sqlite3_bind_int64(q, 9, d->cluster);
	store_bind_text(q, 10, np_decision_status_name(d->status));
	if (match_sid)
		sqlite3_bind_int64(q, 11, match_sid);
	sqlite3_bind_double(q, 12, d->jaccard);
	sqlite3_bind_double(q, 13, d->containment);
	bind_owned_text(q, 14, credits);
	bind_owned_text(q, 15, rails);
	np_status rc = store_step(st, q, err, "cannot store a story");
	*sid = sqlite3_last_insert_rowid(st->db);
	return rc;
}

unsigned char *store_encode_u32(const uint32_t *v, size_t n)
{
	unsigned char *b = malloc(n ? n * 4 : 1);
	for (size_t i = 0; b && i < n; i++)
		put_le32(b + 4 * i, v[i]);
	return b;
}

int store_decode_u32(sqlite3_stmt *q, int col, uint32_t **out, size_t *n)
{
	const unsigned char *b = sqlite3_column_blob(q, col);
	size_t bytes = (size_t)sqlite3_column_bytes(q, col);
	*out = NULL;
	*n = 0;
	if (bytes % 4)
		return -1;
	if (!bytes)
		return 0;
	if (!(*out = malloc(bytes)))
		return -2;
	for (size_t i = 0; i < bytes / 4; i++)
		(*out)[i] = get_le32(b + 4 * i);
	*n = bytes / 4;
	return 0;
}

static np_status add_fingerprint(np_store *st, int64_t sid, const np_fingerprint *fp,
                                 np_error *err)
{
	unsigned char *mh = store_encode_u32(fp->minhash, fp->k);
	unsigned char *lead = store_encode_u32(fp->lead, fp->lead_k);
	unsigned char *rails = store_encode_u32(fp->rails, fp->rails_k);
	if (!mh || !lead || !rails) {
		free(mh);
		free(lead);
		free(rails);
		return np_fail(err, NP_ENOMEM, "out of memory storing a fingerprint");
	}
	unsigned char ch[16];
	store_put_le64(ch, fp->content_hash[0]);
	store_put_le64(ch + 8, fp->content_hash[1]);
	sqlite3_stmt *q = st->q[Q_ADD_FP];
	sqlite3_bind_int64(q, 1, sid);
	sqlite3_bind_blob(q, 2, mh, (int)fp->k * 4, free);
	sqlite3_bind_int64(q, 3, (sqlite3_int64)fp->simhash);
	sqlite3_bind_blob(q, 4, ch, sizeof ch, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 5, fp->n_shingles);
	sqlite3_bind_blob(q, 6, lead, (int)fp->lead_k * 4, free);
	sqlite3_bind_blob(q, 7, rails, (int)fp->rails_k * 4, free);
	sqlite3_bind_int64(q, 8, fp->n_rail_items);
	sqlite3_bind_int64(q, 9, fp->n_invalid);
	return store_step(st, q, err, "cannot store a fingerprint");
}

np_status np_store_add(np_store *st, const np_story *s, const np_fingerprint *fp,
                       const np_decision *d, int64_t match_sid, int64_t *sid, np_error *err)
{
	np_status rc = add_story_row(st, s, d, match_sid, sid, err);
	if (rc == NP_OK)
		rc = add_fingerprint(st, *sid, fp, err);
	return rc;
}

np_status np_store_merge_clusters(np_store *st, int64_t from, int64_t into, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_MERGE];
	sqlite3_bind_int64(q, 1, from);
	sqlite3_bind_int64(q, 2, into);
	np_status rc = store_step(st, q, err, "cannot merge clusters");
	if (rc != NP_OK)
		return rc;
	q = st->q[Q_MERGE_DROP];
	sqlite3_bind_int64(q, 1, from);
	return store_step(st, q, err, "cannot merge clusters");
}

/* Runs a statement that returns one integer (with optional parameter). */
static np_status single_int(np_store *st, int which, int64_t *out, np_error *err)
{
	sqlite3_stmt *q = st->q[which];
	int rc = sqlite3_step(q);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? NP_OK : store_fail(st, err, "cannot read the store");
}

/* A cluster merged away leaves no story behind, so the largest id ever
 * issued is kept in meta too: ids are never issued twice. */
#define LAST_CLUSTER_KEY "last_cluster"

np_status np_store_max_cluster(np_store *st, int64_t *out, np_error *err)
{
	char *v = NULL;
	np_status rc = single_int(st, Q_MAX_CLUSTER, out, err);
	if (rc == NP_OK)
		rc = meta_get(st, LAST_CLUSTER_KEY, &v, err);
	if (rc == NP_OK && v && strtoll(v, NULL, 10) > *out)
		*out = strtoll(v, NULL, 10);
	free(v);
	return rc;
}

np_status np_store_set_max_cluster(np_store *st, int64_t id, np_error *err)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", (long long)id);
	return meta_put(st, LAST_CLUSTER_KEY, buf, err);
}

np_status np_store_count_stories(np_store *st, int64_t *out, np_error *err)
{
	return single_int(st, Q_COUNT, out, err);
}

/* ------------------------------------------------------------------ */
/* A whole stored story                                                */
/* ------------------------------------------------------------------ */

/* Splits a stored body back into paragraphs at blank lines. */
static int split_body(np_strv *v, const char *body)
{
	const char *p = body;
	while (*p) {
		const char *e = strstr(p, "\n\n");
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n && np_strv_pushn(v, p, n))
			return -1;
		p += n;
		while (*p == '\n')
			p++;
	}
	return 0;
}

static np_status read_story_row(sqlite3_stmt *q, np_story *s, int64_t *sid, np_error *err)
{
	*sid = sqlite3_column_int64(q, 0);
	s->id = store_column_text(q, 1);
	s->url = store_column_text(q, 2);
	s->outlet = store_column_text(q, 3);
	s->published = store_column_text(q, 4);
	s->title = store_column_text(q, 5);
	s->lang = store_column_text(q, 6);
	s->extra_json = store_column_text(q, 8);
	if (split_body(&s->body, (const char *)sqlite3_column_text(q, 7)) ||
	    store_unpack_credits((const char *)sqlite3_column_text(q, 9), &s->credits,
	                         &s->n_credits) ||
	    store_unpack_rails((const char *)sqlite3_column_text(q, 10), &s->rails, &s->n_rails))
		return np_fail(err, NP_ENOMEM, "out of memory reading a story");
	return NP_OK;
}

np_status np_store_get_story(np_store *st, const char *id, np_story **out, np_error *err)
{
	*out = NULL;
	np_story *s = np_story_new();
	if (!s)
		return np_fail(err, NP_ENOMEM, "out of memory reading a story");
	sqlite3_stmt *q = st->q[Q_GET_STORY];
	store_bind_text(q, 1, id);
	int rc = sqlite3_step(q);
	int64_t sid = 0;
	np_status status = NP_OK;
	if (rc == SQLITE_ROW)
		status = read_story_row(q, s, &sid, err);
	else if (rc == SQLITE_DONE)
		status = np_fail(err, NP_ENOTFOUND, "%s: no story with id '%s'", st->path, id);
	else
		status = store_fail(st, err, "cannot read a story");
	sqlite3_reset(q);
	if (status != NP_OK) {
		np_story_free(s);
		return status;
	}
	*out = s;
	return NP_OK;
}
