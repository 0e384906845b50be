/*
 * test_store_ops.c — the engine against the store interface (store_ops.h).
 *
 * A test backend wraps the SQLite backend's table: it records the writes
 * and transactions the engine asks for and fails the Nth write. The engine
 * ingests the bundled sample (with the passage tier, so that every kind of
 * write is made) through it; for each N the test checks that the engine
 * returns the injected error with its message, keeps nothing of the
 * transaction the failure fell in (what the store holds afterwards is
 * exactly what was committed before, every story with its fingerprint), and
 * takes no more stories; and that the store then ingests the rest as
 * though nothing had happened. A forget whose Nth write fails leaves every
 * story stored in its cluster, for each N. Also: a --db string with an unknown scheme,
 * and a table of another version, are refused with a message, and a URL's
 * password is masked where messages name a store.
 *
 * argv[1]: the source root.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "engine/engine.h"
#include "newsprint.h"
#include "store/open/open.h"
#include "store/store_ops.h"
#include "util/error.h"
#include "stories.h"
#include "tmpstore.h"

/* Stories per write transaction: small, so that failures fall in several
 * batches of the sample. */
#define TEST_BATCH 4

/* The sample's stories, read once. */
static np_story **stories;
static size_t n_stories;

/* The test backend's state: one store is wrapped at a time. */
static const np_store_ops *real;  /* the SQLite backend's table */
static np_store_ops faulty;       /* real, with the writes wrapped */
static int writes, fail_at;       /* writes made; the one to fail (0: none) */
static int adds, committed;       /* stories added; of them, committed */
static int failed_write;          /* the write that failed, or 0 */
static int commits_after_failure; /* must stay 0 */
static int rolled_back;           /* rollbacks after the failure */
static unsigned used;             /* which writes were seen (a bit per W_* kind) */

enum { W_ADD, W_MERGE, W_MAX, W_ATTR, W_PASSAGES, W_WORDS, W_KEYS, W_DERIV, W_TEMPLATES,
       W_PARAMS, W_COMMIT, W_FORGET, W_MOVE, N_WRITE_KINDS };
static const char *const WRITE_NAMES[N_WRITE_KINDS] = {
	"add", "merge_clusters", "set_max_cluster", "save_attribution", "add_passages",
	"add_words", "add_word_keys", "add_derivation", "save_templates", "put_params", "commit",
	"forget_story", "move_story",
};

/* Counts one write of kind; non-zero (err filled) when it is the one to fail. */
static int fault(int kind, np_error *err)
{
	used |= 1u << kind;
	if (failed_write && kind == W_COMMIT)
		commits_after_failure++;
	if (++writes != fail_at)
		return 0;
	failed_write = writes;
	np_fail(err, NP_ESTORE, "injected failure of write %d (%s)", writes, WRITE_NAMES[kind]);
	return 1;
}

static np_status f_add(np_store *st, const np_story *s, const np_fingerprint *fp,
                       const np_decision *d, int64_t match_sid, int64_t *sid, np_error *err)
{
	np_status rc = fault(W_ADD, err) ? NP_ESTORE : real->add(st, s, fp, d, match_sid, sid, err);
	adds += rc == NP_OK;
	return rc;
}

static np_status f_merge(np_store *st, int64_t from, int64_t into, np_error *err)
{
	return fault(W_MERGE, err) ? NP_ESTORE : real->merge_clusters(st, from, into, err);
}

static np_status f_max(np_store *st, int64_t id, np_error *err)
{
	return fault(W_MAX, err) ? NP_ESTORE : real->set_max_cluster(st, id, err);
}

static np_status f_attr(np_store *st, const np_cluster_rec *c, np_error *err)
{
	return fault(W_ATTR, err) ? NP_ESTORE : real->save_attribution(st, c, err);
}

static np_status f_passages(np_store *st, int64_t sid, const uint64_t *h, size_t n,
                            np_error *err)
{
	return fault(W_PASSAGES, err) ? NP_ESTORE : real->add_passages(st, sid, h, n, err);
}

static np_status f_words(np_store *st, unsigned script, const uint64_t *w, size_t n,
                         np_error *err)
{
	return fault(W_WORDS, err) ? NP_ESTORE : real->add_words(st, script, w, n, err);
}

static np_status f_keys(np_store *st, int64_t sid, const uint32_t *keys, size_t n,
                        np_error *err)
{
	return fault(W_KEYS, err) ? NP_ESTORE : real->add_word_keys(st, sid, keys, n, err);
}

static np_status f_deriv(np_store *st, const np_derivation_rec *d, np_error *err)
{
	return fault(W_DERIV, err) ? NP_ESTORE : real->add_derivation(st, d, err);
}

static np_status f_templates(np_store *st, const np_templates *t, const uint64_t *keys,
                             size_t n, np_error *err)
{
	return fault(W_TEMPLATES, err) ? NP_ESTORE : real->save_templates(st, t, keys, n, err);
}

static np_status f_params(np_store *st, const np_params *p, np_error *err)
{
	return fault(W_PARAMS, err) ? NP_ESTORE : real->put_params(st, p, err);
}

static np_status f_commit(np_store *st, np_error *err)
{
	np_status rc = fault(W_COMMIT, err) ? NP_ESTORE : real->commit(st, err);
	if (rc == NP_OK)
		committed = adds;
	return rc;
}

static np_status f_forget(np_store *st, int64_t sid, int64_t *cluster, np_error *err)
{
	return fault(W_FORGET, err) ? NP_ESTORE : real->forget_story(st, sid, cluster, err);
}

static np_status f_move(np_store *st, int64_t sid, int64_t cluster, np_error *err)
{
	return fault(W_MOVE, err) ? NP_ESTORE : real->move_story(st, sid, cluster, err);
}

static np_status f_rollback(np_store *st, np_error *err)
{
	rolled_back += failed_write != 0;
	return real->rollback(st, err);
}

/* Wraps the store of db in the test backend, counting from zero. */
static void wrap(np_db *db, int fail)
{
	np_store *st = np_db_store(db);
	real = st->ops;
	faulty = *real;
	faulty.name = "faulty";
	faulty.add = f_add;
	faulty.merge_clusters = f_merge;
	faulty.set_max_cluster = f_max;
	faulty.save_attribution = f_attr;
	faulty.add_passages = f_passages;
	faulty.add_words = f_words;
	faulty.add_word_keys = f_keys;
	faulty.add_derivation = f_deriv;
	faulty.save_templates = f_templates;
	faulty.put_params = f_params;
	faulty.commit = f_commit;
	faulty.forget_story = f_forget;
	faulty.move_story = f_move;
	faulty.rollback = f_rollback;
	np_error err = {0};
	CHECK_INT(np_store_init(st, &faulty, &err), NP_OK);
	writes = adds = committed = failed_write = commits_after_failure = rolled_back = 0;
	fail_at = fail;
}

static np_db *open_store(const char *name)
{
	np_params p;
	np_error err = {0};
	CHECK_INT(np_params_default(&p, NP_PARAMS_VERSION, &err), NP_OK);
	p.batch = TEST_BATCH;
	p.passages = 1;
	np_db *db = NULL;
	if (np_db_open(&db, tmpstore_path(name), NP_OPEN_READWRITE, &p, &err) != NP_OK) {
		fprintf(stderr, "cannot open %s: %s\n", name, err.msg);
		exit(1);
	}
	return db;
}

/* Ingests stories from *next on until one fails; *next is then the one that
 * failed. The status of the last call. */
static np_status ingest_from(np_db *db, size_t *next, np_error *err)
{
	np_status rc = NP_OK;
	for (; *next < n_stories; ++*next) {
		np_decision d = {0};
		rc = np_ingest(db, stories[*next], &d, err);
		np_decision_clear(&d);
		if (rc != NP_OK)
			break;
	}
	return rc;
}

/* A number from a query on the store file name. */
static long query(const char *name, const char *sql)
{
	sqlite3 *raw = NULL;
	sqlite3_stmt *q = NULL;
	long n = -1;
	if (sqlite3_open(tmpstore_path(name), &raw) == SQLITE_OK &&
	    sqlite3_prepare_v2(raw, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(raw);
	return n;
}

/* The stories stored, and those stored without their fingerprint. */
static long stored(const char *name)
{
	return query(name, "SELECT count(*) FROM stories");
}

static long half_written(const char *name)
{
	return query(name, "SELECT count(*) FROM stories WHERE sid NOT IN (SELECT sid FROM "
	                   "fingerprints)");
}

/* The whole sample through the test backend with no failure: the number of
 * writes, and every kind of write used. */
static int run_clean(long *want_stories)
{
	np_db *db = open_store("clean.db");
	wrap(db, 0);
	size_t next = 0;
	np_error err = {0};
	CHECK_INT(ingest_from(db, &next, &err), NP_OK);
	CHECK_INT(np_db_close(db, &err), NP_OK);
	int total = writes;
	for (int k = 0; k < N_WRITE_KINDS; k++)
		if (k != W_PARAMS && k != W_MERGE && k != W_FORGET && k != W_MOVE &&
		    !(used & 1u << k)) /* (params: before wrap; forgetting: test_forget_failing) */
			fprintf(stderr, "clean run: no %s write\n", WRITE_NAMES[k]), check_failures++;
	*want_stories = stored("clean.db");
	CHECK(*want_stories > TEST_BATCH * 2);
	CHECK_INT(half_written("clean.db"), 0);
	return total;
}

/* Fails write n of the sample's ingest; the store must hold exactly what was
 * committed before it, and take the rest once opened again. */
static void run_failing(int n, long want_stories)
{
	char name[32], want[64];
	snprintf(name, sizeof name, "fail-%d.db", n);
	np_db *db = open_store(name);
	wrap(db, n);
	size_t next = 0;
	np_error err = {0};
	np_status rc = ingest_from(db, &next, &err);
	if (rc == NP_OK) /* the failure fell in the last commit, at close */
		rc = np_db_close(db, &err), db = NULL;
	CHECK_INT(rc, NP_ESTORE);
	snprintf(want, sizeof want, "injected failure of write %d (", n);
	CHECK(strstr(err.msg, want) != NULL);
	CHECK_INT(failed_write, n);
	CHECK(rolled_back >= 1);
	if (db) {
		np_decision d = {0};
		CHECK_INT(np_ingest(db, stories[next], &d, &err), NP_ESTORE); /* takes no more */
		CHECK(strstr(err.msg, "rolled back") != NULL);
		np_decision_clear(&d);
		CHECK_INT(np_db_close(db, &err), NP_OK);
	}
	CHECK_INT(commits_after_failure, 0);
	CHECK_INT(stored(name), committed);
	CHECK_INT(half_written(name), 0);
	/* the rest, on the store as the failure left it */
	db = open_store(name);
	next = 0;
	CHECK_INT(ingest_from(db, &next, &err), NP_OK);
	CHECK_INT(np_db_close(db, &err), NP_OK);
	CHECK_INT(stored(name), want_stories);
}

/* Every story's cluster, as one text (a malloc'd copy), to compare stores. */
static char *clusters_of(const char *name)
{
	sqlite3 *raw = NULL;
	sqlite3_stmt *q = NULL;
	char *text = NULL;
	const char *sql = "SELECT group_concat(id || ':' || cluster, ' ') FROM"
	                  " (SELECT id, cluster FROM stories ORDER BY sid)";
	if (sqlite3_open(tmpstore_path(name), &raw) == SQLITE_OK &&
	    sqlite3_prepare_v2(raw, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		text = strdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(raw);
	return text;
}

/* The earliest stored story of the store's largest cluster: forgetting it
 * moves, splits or re-attributes what is left. */
static char *origin_of_largest(const char *name)
{
	sqlite3 *raw = NULL;
	sqlite3_stmt *q = NULL;
	char *id = NULL;
	const char *sql = "SELECT id FROM stories WHERE cluster = (SELECT cluster FROM stories"
	                  " GROUP BY cluster ORDER BY count(*) DESC LIMIT 1) ORDER BY sid LIMIT 1";
	if (sqlite3_open(tmpstore_path(name), &raw) == SQLITE_OK &&
	    sqlite3_prepare_v2(raw, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		id = strdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(raw);
	return id;
}

/* Fails each write of a forget in turn: the forget returns the injected
 * error, and the store holds every story in its cluster as before; the
 * same forget then succeeds on that handle. Returns when a forget made
 * with write n failing had fewer writes than n. */
static void test_forget_failing(void)
{
	np_db *db = open_store("forget.db");
	size_t next = 0;
	np_error err = {0};
	CHECK_INT(ingest_from(db, &next, &err), NP_OK);
	CHECK_INT(np_db_close(db, &err), NP_OK);
	char *before = clusters_of("forget.db"), *id = origin_of_largest("forget.db");
	CHECK(before && id);
	for (int n = 1; before && id; n++) {
		db = open_store("forget.db");
		wrap(db, n);
		int found = -1;
		np_status rc = np_forget(db, id, &found, &err);
		if (!failed_write) { /* every write of a forget has failed once */
			CHECK_INT(rc, NP_OK);
			CHECK_INT(found, 1);
			CHECK(used & 1u << W_FORGET && used & 1u << W_ATTR);
			CHECK_INT(np_db_close(db, &err), NP_OK);
			break;
		}
		CHECK_INT(rc, NP_ESTORE);
		CHECK(strstr(err.msg, "injected failure") != NULL);
		CHECK_INT(found, 0);
		CHECK_INT(np_db_close(db, &err), NP_OK);
		char *after = clusters_of("forget.db");
		CHECK(after && strcmp(after, before) == 0);
		free(after);
	}
	free(before);
	free(id);
}

static void test_unknown_scheme(void)
{
	np_store *st = NULL;
	np_error err = {0};
	CHECK_INT(np_store_open(&st, "mongodb://db.example/news", NP_OPEN_READONLY, &err),
	          NP_EINVAL);
	CHECK(st == NULL);
	CHECK(strstr(err.msg, "no store backend for the scheme 'mongodb'") != NULL);
	/* a path with "://" further on is still a path */
	CHECK_INT(np_store_open(&st, tmpstore_path("a://b"), NP_OPEN_READONLY, &err), NP_ESTORE);
	CHECK(strstr(err.msg, "no such store") != NULL);
}

/* A --db string as messages show it: a URL's password masked, in its
 * userinfo or as a parameter, and nothing else changed. */
static void test_masked(void)
{
	static const char *const CASES[][2] = {
		{"news.db", "news.db"},
		{"dir/a?password=x.db", "dir/a?password=x.db"},
		{"u:pw@host.db", "u:pw@host.db"},
		{"postgresql://u:secret@h:5432/db", "postgresql://u:***@h:5432/db"},
		{"postgres://u:p@ss@h/db", "postgres://u:***@h/db"},
		{"postgresql://u@h/db?password=s&sslmode=require",
		 "postgresql://u@h/db?password=***&sslmode=require"},
		{"postgresql://u:a@h/db?sslmode=require&password=b",
		 "postgresql://u:***@h/db?sslmode=require&password=***"},
		{"postgresql:///db?host=/tmp/s", "postgresql:///db?host=/tmp/s"},
		{"postgresql://u:se?cret@127.0.0.1:1/x", "postgresql://u:***@127.0.0.1:1/x"},
		{"postgresql://h?password=a:b@c", "postgresql://h?password=***"},
	};
	for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
		char *got = np_store_masked(CASES[i][0]);
		CHECK_STR(got, CASES[i][1]);
		free(got);
	}
}

static void test_version(void)
{
	np_db *db = open_store("version.db");
	np_store *st = np_db_store(db);
	np_store_ops other = *st->ops;
	other.version = NP_STORE_OPS_VERSION + 1;
	np_error err = {0};
	CHECK_INT(np_store_init(st, &other, &err), NP_EINVAL);
	CHECK(strstr(err.msg, "the sqlite store backend has operations of version") != NULL);
	CHECK_INT(np_db_close(db, &err), NP_OK);
}

int main(int argc, char **argv)
{
	if (argc != 2 || tmpstore_make("np-store-ops"))
		return 2;
	stories_read_sample(argv[1], &stories, &n_stories);
	CHECK(n_stories > 10);
	test_unknown_scheme();
	test_masked();
	test_version();
	long want_stories = 0;
	int total = run_clean(&want_stories);
	/* every write of the first batches, then a spread to the last */
	for (int n = 1; n <= total; n += n < 3 * TEST_BATCH ? 1 : 7)
		run_failing(n, want_stories);
	run_failing(total, want_stories);
	test_forget_failing();
	for (size_t i = 0; i < n_stories; i++)
		np_story_free(stories[i]);
	free(stories);
	tmpstore_remove();
	return CHECK_DONE();
}
