/*
 * test_catchup.c — two writers of one store, in one process: two np_db
 * handles on one SQLite store (the second opened NP_OPEN_SAME_WRITER) take
 * turns, a few stories each, committing after each turn, with a story
 * forgotten half-way. Each catches up on what the other committed when it
 * begins (engine/writers.c), so the store must end exactly as one handle
 * ingesting the same stories in the same order, with the same forget at
 * the same point: every story's cluster id and status, every cluster's
 * origin and confidence, the template counts and the word counts.
 *
 * The catch-up must be incremental: each handle scans the whole store only
 * when it first loads and when another's forget makes it load again, and
 * reads each story of the other handle once.
 *
 * argv[1]: the source root; argv[2]: the gen_corpus program.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "engine/engine.h"
#include "newsprint.h"
#include "store/store_ops.h"
#include "stories.h"
#include "tmpstore.h"

/* Generated stories: enough for clusters, templates and passage links to
 * form across the two handles' turns, few enough for the sanitizers. */
#define CORPUS_STORIES 800
#define CORPUS_SEED "3"

/* A turn takes 1 to TURN_CYCLE stories, cycling, so that turns end
 * anywhere in a cluster's arrival. */
#define TURN_CYCLE 7

static np_story **stories;
static size_t n_stories;

/* The counting table: the SQLite table with its scans counted. */
static const np_store_ops *real;
static np_store_ops counting;
static int full_scans;
static long since_rows;
static np_stored_fp_fn inner_fn;

static int count_row(void *ctx, const np_stored_fp *f)
{
	since_rows++;
	return inner_fn(ctx, f);
}

static np_status c_scan(np_store *st, unsigned k, unsigned lead_k, np_stored_fp_fn fn,
                        void *ctx, np_error *err)
{
	full_scans++;
	return real->scan(st, k, lead_k, fn, ctx, err);
}

static np_status c_scan_since(np_store *st, int64_t after, unsigned k, unsigned lead_k,
                              np_stored_fp_fn fn, void *ctx, np_error *err)
{
	inner_fn = fn;
	return real->scan_since(st, after, k, lead_k, count_row, ctx, err);
}

static np_db *open_store(const char *name, np_open_mode mode)
{
	np_params p;
	np_error err = {0};
	CHECK_INT(np_params_default(&p, NP_PARAMS_VERSION, &err), NP_OK);
	p.passages = 1;
	np_db *db = NULL;
	if (np_db_open(&db, tmpstore_path(name), mode, &p, &err) != NP_OK) {
		fprintf(stderr, "cannot open %s: %s\n", name, err.msg);
		exit(1);
	}
	np_store *st = np_db_store(db);
	real = st->ops;
	counting = *real;
	counting.scan = c_scan;
	counting.scan_since = c_scan_since;
	CHECK_INT(np_store_init(st, &counting, &err), NP_OK);
	return db;
}

static void ingest_turn(np_db *db, size_t from, size_t to)
{
	np_error err = {0};
	for (size_t i = from; i < to; i++) {
		np_decision d = {0};
		CHECK_INT(np_ingest(db, stories[i], &d, &err), NP_OK);
		np_decision_clear(&d);
	}
	CHECK_INT(np_db_flush(db, &err), NP_OK);
}

/* The stories in turns, writer t % n_dbs taking turn t; the story
 * forgotten by the first writer once half are stored. */
static void ingest_in_turns(np_db **dbs, size_t n_dbs, const char *forget_id)
{
	size_t next = 0, turn = 0, half = n_stories / 2;
	while (next < n_stories) {
		size_t to = next + 1 + turn % TURN_CYCLE;
		to = to > n_stories ? n_stories : to;
		ingest_turn(dbs[turn % n_dbs], next, to);
		if (next < half && to >= half) {
			np_error err = {0};
			int found = 0;
			CHECK_INT(np_forget(dbs[0], forget_id, &found, &err), NP_OK);
			CHECK_INT(found, 1);
		}
		next = to;
		turn++;
	}
}

/* One query's rows on store name, as one text (malloc'd). */
static char *dump(const char *name, const char *sql)
{
	sqlite3 *raw = NULL;
	sqlite3_stmt *q = NULL;
	char *text = NULL;
	if (sqlite3_open(tmpstore_path(name), &raw) == SQLITE_OK &&
	    sqlite3_prepare_v2(raw, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		text = strdup(sqlite3_column_text(q, 0) ? (const char *)sqlite3_column_text(q, 0) : "");
	sqlite3_finalize(q);
	sqlite3_close(raw);
	return text;
}

/* What the two stores must hold alike. */
static const char *const SAME[] = {
	"SELECT group_concat(id || ':' || cluster || ':' || status || ':' || coalesce(match_sid, 0)"
	" || ':' || credits_origin, ' ') FROM (SELECT * FROM stories ORDER BY sid)",
	"SELECT group_concat(c.id || ':' || coalesce(s.id, '-') || ':' || printf('%.9f', confidence),"
	" ' ') FROM (SELECT * FROM clusters ORDER BY id) c LEFT JOIN stories s ON s.sid = c.origin_sid",
	"SELECT count(*) || ':' || total(pages) FROM templates",
	"SELECT count(*) || ':' || total(df) FROM words",
	"SELECT count(*) || ':' || total(hash % 1000003) FROM passages",
	"SELECT group_concat(sid || '<' || source_sid || ':' || class, ' ') FROM"
	" (SELECT * FROM derivations ORDER BY sid, source_sid)",
	"SELECT value FROM meta WHERE key = 'last_cluster'",
};

static void compare(const char *a, const char *b)
{
	for (size_t i = 0; i < sizeof SAME / sizeof *SAME; i++) {
		char *x = dump(a, SAME[i]), *y = dump(b, SAME[i]);
		CHECK(x && y);
		if (x && y && strcmp(x, y) != 0) {
			fprintf(stderr, "stores differ in: %s\n  %.300s\n  %.300s\n", SAME[i], x, y);
			check_failures++;
		}
		free(x);
		free(y);
	}
}

static void read_corpus(const char *gen)
{
	char path[600], cmd[1400];
	snprintf(path, sizeof path, "%s", tmpstore_path("corpus.jsonl"));
	snprintf(cmd, sizeof cmd, "'%s' --out '%s' --truth '%s.tsv' --stories %d --seed %s >/dev/null",
	         gen, path, path, CORPUS_STORIES, CORPUS_SEED);
	CHECK_INT(system(cmd), 0);
	const char *paths[] = {path};
	stories_read(paths, 1, &stories, &n_stories);
	CHECK_INT(n_stories, CORPUS_STORIES);
}

int main(int argc, char **argv)
{
	if (argc != 3 || tmpstore_make("np-catchup"))
		return 2;
	read_corpus(argv[2]);
	const char *forget_id = n_stories ? stories[n_stories / 3]->id : "";
	np_error err = {0};

	np_db *one = open_store("one.db", NP_OPEN_READWRITE);
	ingest_in_turns(&one, 1, forget_id);
	CHECK_INT(np_db_close(one, &err), NP_OK);

	full_scans = 0;
	since_rows = 0;
	np_db *two[2] = {open_store("two.db", NP_OPEN_READWRITE),
	                 open_store("two.db", NP_OPEN_SAME_WRITER)};
	ingest_in_turns(two, 2, forget_id);
	CHECK_INT(np_db_close(two[0], &err), NP_OK);
	CHECK_INT(np_db_close(two[1], &err), NP_OK);
	compare("one.db", "two.db");
	/* a load each, and a load after the forget by the writer that did not
	 * forget (the other changed its own index as it forgot); each of the
	 * other's stories read once */
	CHECK_INT(full_scans, 3);
	CHECK(since_rows > 0 && since_rows <= (long)n_stories);

	for (size_t i = 0; i < n_stories; i++)
		np_story_free(stories[i]);
	free(stories);
	tmpstore_remove();
	return check_failures ? 1 : 0;
}
