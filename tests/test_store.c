/*
 * test_store.c — the store through np_db: parameters recorded at creation
 * and enforced on reopening, unusable store paths (a folder, a missing
 * store opened read-only, a file that is not SQLite), a story's round trip
 * through np_ingest / np_db_get_story, skipped stories, the index rebuilt
 * from the store after a reopen, np_check writing nothing, and the passage
 * tier's word keys: a round trip, a story without them, and a store made
 * before their table, opened read-only.
 */
#include <dirent.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "engine/engine.h"
#include "newsprint.h"
#include "store/store.h"
#include "store/open/open.h"
#include "store/sqlite/sqlite_int.h"
#include "util/strbuf.h"
#include "tmpstore.h"


static const char *const BODY[] = {
	"The harbour pilots of Port Ellis agreed a new three year contract on Monday after "
	"talks that lasted most of the winter and kept several ships waiting outside.",
	"Union leaders said the deal raised pay by four percent a year and added a second "
	"pilot on the largest container vessels entering the narrow channel.",
	"The port authority said traffic would return to its normal schedule by Wednesday.",
};
#define N_BODY (sizeof BODY / sizeof BODY[0])

/* A story with the three BODY paragraphs (or none) and no metadata. */
static np_story *make_story(const char *id, int with_body)
{
	np_story *s = np_story_new();
	s->id = np_strdup(id);
	for (size_t i = 0; with_body && i < N_BODY; i++)
		np_strv_push(&s->body, BODY[i]);
	return s;
}

static void add_credit(np_story *s, np_credit_kind kind, const char *value)
{
	s->credits = realloc(s->credits, (s->n_credits + 1) * sizeof *s->credits);
	s->credits[s->n_credits++] = (np_credit){kind, np_strdup(value)};
}

static void add_rail(np_story *s, const char *heading, const char *title, const char *outlet,
                     const char *date)
{
	s->rails = realloc(s->rails, (s->n_rails + 1) * sizeof *s->rails);
	np_rail *r = &s->rails[s->n_rails++];
	r->heading = np_strdup(heading);
	r->items = malloc(sizeof *r->items);
	r->items[0] = (np_rail_item){np_strdup(title), np_strdup(outlet), np_strdup(date)};
	r->n_items = 1;
}

/* The full story of the round trip: every field, credits and rails. */
static np_story *full_story(void)
{
	np_story *s = make_story("pilots-1", 1);
	s->url = np_strdup("https://coastline.example/pilots-contract");
	s->outlet = np_strdup("Coastline Herald");
	s->published = np_strdup("2025-03-04T09:15:00Z");
	s->title = np_strdup("Harbour pilots agree new contract");
	s->lang = np_strdup("en");
	s->extra_json = np_strdup("{\"section\":\"ports\"}");
	add_credit(s, NP_CREDIT_SOURCE_URL, "https://northgatewire.example/pilots");
	add_credit(s, NP_CREDIT_AGENCY, "NGW");
	add_credit(s, NP_CREDIT_BYLINE, "By Jane Roe, PA News");
	add_rail(s, "Related", "Ferry fares rise", "Riverside Daily", "03/03/2025");
	add_rail(s, NULL, "Dock strike vote", NULL, NULL);
	/* what the JSON columns must escape: quotes, backslashes, control
	 * characters; and text that is not ASCII */
	add_credit(s, NP_CREDIT_AGENCY, "\"Quoted\" \\ Agency\t\x01");
	add_rail(s, "Tin \"mới\"", "Cảng Hải Phòng\\mở rộng\n", "Báo \"X\"", "24/10/2024");
	return s;
}

static np_db *open_db(np_open_mode mode, const np_params *p)
{
	np_db *db = NULL;
	np_error err = {0};
	np_status rc = np_db_open(&db, tmpstore_path("np.db"), mode, p, &err);
	if (rc != NP_OK) { /* nothing below can run without the store */
		fprintf(stderr, "open failed: %s\n", err.msg);
		tmpstore_remove();
		exit(1);
	}
	return db;
}

static void close_db(np_db *db)
{
	np_error err = {0};
	CHECK_INT(np_db_close(db, &err), NP_OK);
}

/* Removes store file name of the test folder, with its log and shared memory. */
static void remove_store(const char *name)
{
	const char *suffixes[] = {"", "-wal", "-shm"};
	char file[128];
	for (int i = 0; i < 3; i++) {
		snprintf(file, sizeof file, "%s%s", name, suffixes[i]);
		unlink(tmpstore_path(file));
	}
}

/* Runs sql on the store file at path through a connection of its own: how
 * a test makes a store as an earlier newsprint left it. */
static void exec_raw(const char *path, const char *sql)
{
	sqlite3 *raw = NULL;
	CHECK_INT(sqlite3_open(path, &raw), SQLITE_OK);
	CHECK_INT(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
}

/* The number PRAGMA pragma answers on connection db (0 when none). */
static long pragma_of(sqlite3 *db, const char *pragma)
{
	sqlite3_stmt *q = NULL;
	long n = 0;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA %s", pragma);
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* Opening path must fail with NP_ESTORE and a message holding each of want[]. */
static void check_open_fails(const char *path, np_open_mode mode, const np_params *p,
                             const char *const *want, size_t n_want)
{
	np_db *db = NULL;
	np_error err = {0};
	CHECK_INT(np_db_open(&db, path, mode, p, &err), NP_ESTORE);
	CHECK(db == NULL);
	for (size_t i = 0; i < n_want; i++)
		if (!strstr(err.msg, want[i])) {
			fprintf(stderr, "message \"%s\" lacks \"%s\"\n", err.msg, want[i]);
			CHECK(0);
		}
}

/* Ingests (or only checks) s and frees it; the decision is left in *d. */
static void decide(np_db *db, np_story *s, int ingest, np_decision *d)
{
	np_error err = {0};
	np_status rc = ingest ? np_ingest(db, s, d, &err) : np_check(db, s, d, &err);
	if (rc != NP_OK)
		fprintf(stderr, "decision on %s failed: %s\n", s->id, err.msg);
	CHECK_INT(rc, NP_OK);
	np_story_free(s);
}

static void check_skipped(np_db *db, np_story *s, const char *reason)
{
	np_decision d = {0};
	decide(db, s, 1, &d);
	CHECK_INT(d.status, NP_SKIPPED);
	CHECK_STR(d.reason, reason);
	CHECK_INT(d.cluster, 0);
	CHECK(d.match_id == NULL);
	np_decision_clear(&d);
}

static int64_t count_stories(np_db *db)
{
	int64_t n = -1;
	np_error err = {0};
	CHECK_INT(np_store_count_stories(np_db_store(db), &n, &err), NP_OK);
	return n;
}

static void test_params(void)
{
	np_params p = NP_PARAMS_INIT;
	p.shingle_words = 5;
	np_db *db = open_db(NP_OPEN_READWRITE, &p);
	CHECK_INT(np_db_params(db)->shingle_words, 5);
	CHECK_INT(np_db_params(db)->minhash_k, 128); /* not given: the default */
	close_db(db);

	db = open_db(NP_OPEN_READWRITE, NULL); /* nothing given: the store's values */
	CHECK_INT(np_db_params(db)->shingle_words, 5);
	CHECK_INT(np_db_params(db)->minhash_k, 128);
	close_db(db);

	np_params k64 = NP_PARAMS_INIT;
	k64.minhash_k = 64;
	const char *const want_k[] = {"minhash_k", "128", "64"};
	check_open_fails(tmpstore_path("np.db"), NP_OPEN_READWRITE, &k64, want_k, 3);

	np_params sw4 = NP_PARAMS_INIT;
	sw4.shingle_words = 4;
	const char *const want_sw[] = {"shingle_words = 5, not 4"};
	check_open_fails(tmpstore_path("np.db"), NP_OPEN_READONLY, &sw4, want_sw, 1);

	np_params th = NP_PARAMS_INIT;
	th.threshold = 0.7; /* not a shape parameter: a per-run override */
	db = open_db(NP_OPEN_READWRITE, &th);
	CHECK(np_db_params(db)->threshold == 0.7);
	CHECK_INT(np_db_params(db)->shingle_words, 5);
	close_db(db);
	db = open_db(NP_OPEN_READONLY, NULL); /* the override was not recorded */
	np_params defaults;
	np_params_default(&defaults, NP_PARAMS_VERSION, NULL);
	CHECK(np_db_params(db)->threshold == defaults.threshold);
	close_db(db);
}

/* A new store cuts and matches words the newest way; one made before the
 * tokenizer and the passage spelling were parameters (no such rows) keeps
 * the first ways, on every open. */
static void test_made_before(void)
{
	const char *path = tmpstore_path("tok.db");
	np_error err = {0};
	np_db *db = NULL;
	CHECK_INT(np_db_open(&db, path, NP_OPEN_READWRITE, NULL, &err), NP_OK);
	CHECK_INT(np_db_params(db)->tokenizer, NP_TOKENIZER);
	CHECK_INT(np_db_params(db)->passage_spelling, NP_SPELLING);
	close_db(db);
	exec_raw(path, "DELETE FROM meta WHERE key IN ('tokenizer', 'passage_spelling')");
	for (int i = 0; i < 2; i++) {
		CHECK_INT(np_db_open(&db, path, i ? NP_OPEN_READONLY : NP_OPEN_READWRITE, NULL, &err),
		          NP_OK);
		if (!db)
			return;
		CHECK_INT(np_db_params(db)->tokenizer, NP_TOKENIZER_FIRST);
		CHECK_INT(np_db_params(db)->passage_spelling, NP_SPELLING_JOINED);
		close_db(db);
	}
	remove_store("tok.db");
}

/* The page cache of the connection that writes db, in KiB (SQLite answers
 * a size in KiB as a negative number). */
static long cache_kib(np_db *db)
{
	return -pragma_of(sq_of(np_db_store(db))->db, "cache_size");
}

/* A store with the passage tier reads its postings anywhere: its writer
 * gets a page cache of 256 MB, a store without the tier 64 MB. */
static void test_cache(void)
{
	np_error err = {0};
	np_params tier = NP_PARAMS_INIT;
	tier.passages = 1;
	const char *names[] = {"cache0.db", "cache1.db"};
	for (int i = 0; i < 2; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s", tmpstore_path(names[i]));
		np_db *db = NULL;
		CHECK_INT(np_db_open(&db, path, NP_OPEN_READWRITE, i ? &tier : NULL, &err), NP_OK);
		if (!db)
			return;
		CHECK_INT(cache_kib(db), i ? 256 * 1024 : 64 * 1024);
		close_db(db);
		CHECK_INT(np_db_open(&db, path, NP_OPEN_READWRITE, NULL, &err), NP_OK);
		if (!db)
			return;
		CHECK_INT(cache_kib(db), i ? 256 * 1024 : 64 * 1024); /* the store's tier, reopened */
		close_db(db);
		remove_store(names[i]);
	}
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static void test_bad_paths(void)
{
	const char *const want_dir[] = {tmpstore_dir, "is a folder"};
	check_open_fails(tmpstore_dir, NP_OPEN_READWRITE, NULL, want_dir, 2);

	const char *const want_missing[] = {"missing.db", "run 'newsprint ingest' first"};
	check_open_fails(tmpstore_path("missing.db"), NP_OPEN_READONLY, NULL, want_missing, 2);
	CHECK(access(tmpstore_path("missing.db"), F_OK) != 0); /* read-only never creates */

	const char *text = "headline,outlet\nHarbour pilots,Coastline Herald\n";
	write_file(tmpstore_path("notes.csv"), text);
	const char *const want_text[] = {"notes.csv", "not a database"};
	check_open_fails(tmpstore_path("notes.csv"), NP_OPEN_READWRITE, NULL, want_text, 2);
	check_open_fails(tmpstore_path("notes.csv"), NP_OPEN_READONLY, NULL, want_text, 2);
	char back[128] = "";
	FILE *f = fopen(tmpstore_path("notes.csv"), "r");
	back[fread(back, 1, sizeof back - 1, f)] = '\0';
	fclose(f);
	CHECK_STR(back, text); /* the file is left as it was */
}

static void check_same_strv(const np_strv *a, const np_strv *b)
{
	CHECK_INT(a->n, b->n);
	for (size_t i = 0; i < a->n && i < b->n; i++)
		CHECK_STR(a->v[i], b->v[i]);
}

/* Equal strings, or both NULL. */
static int same_opt(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static void check_same_rails(const np_story *a, const np_story *b)
{
	CHECK_INT(a->n_rails, b->n_rails);
	for (size_t r = 0; r < a->n_rails && r < b->n_rails; r++) {
		const np_rail *x = &a->rails[r], *y = &b->rails[r];
		CHECK(same_opt(x->heading, y->heading));
		CHECK_INT(x->n_items, y->n_items);
		for (size_t i = 0; i < x->n_items && i < y->n_items; i++) {
			CHECK_STR(x->items[i].title, y->items[i].title);
			CHECK(same_opt(x->items[i].outlet, y->items[i].outlet));
			CHECK(same_opt(x->items[i].date, y->items[i].date));
		}
	}
}

/* The stored story id must equal want in every field np_story has. */
static void check_stored(np_db *db, const np_story *want)
{
	np_story *got = NULL;
	np_error err = {0};
	CHECK_INT(np_db_get_story(db, want->id, &got, &err), NP_OK);
	if (!got)
		return;
	CHECK_STR(got->id, want->id);
	CHECK_STR(got->url, want->url);
	CHECK_STR(got->outlet, want->outlet);
	CHECK_STR(got->published, want->published);
	CHECK_STR(got->title, want->title);
	CHECK_STR(got->lang, want->lang);
	CHECK_STR(got->extra_json, want->extra_json);
	check_same_strv(&got->body, &want->body);
	CHECK_INT(got->n_credits, want->n_credits);
	for (size_t i = 0; i < got->n_credits && i < want->n_credits; i++) {
		CHECK_INT(got->credits[i].kind, want->credits[i].kind);
		CHECK_STR(got->credits[i].value, want->credits[i].value);
	}
	check_same_rails(got, want);
	np_story_free(got);
}

static void test_round_trip(void)
{
	np_db *db = open_db(NP_OPEN_READWRITE, NULL);
	np_story *want = full_story();
	np_decision d = {0};
	decide(db, full_story(), 1, &d);
	CHECK_INT(d.status, NP_NEW);
	CHECK_INT(d.cluster, 1);
	np_decision_clear(&d);
	check_stored(db, want); /* before the batch is committed */

	check_skipped(db, full_story(), "id already stored");
	/* an update under the same id: not taken, and told apart from a resend */
	np_story *update = full_story();
	np_strv_push(&update->body, "Correction: the deal runs for three years, not four.");
	check_skipped(db, update, "id already stored with another text");
	check_skipped(db, make_story("empty-1", 0), "empty body");
	close_db(db);

	db = open_db(NP_OPEN_READONLY, NULL);
	check_stored(db, want);
	np_story *none = NULL;
	np_error err = {0};
	CHECK_INT(np_db_get_story(db, "empty-1", &none, &err), NP_ENOTFOUND);
	CHECK(strstr(err.msg, "no story with id 'empty-1'") != NULL);
	CHECK(none == NULL);
	close_db(db);
	np_story_free(want);
}

/* After a reopen the index is rebuilt from the store: a copy of the stored
 * story is a duplicate of it. np_check decides the same but writes nothing. */
static void test_reopen_and_check(void)
{
	np_db *db = open_db(NP_OPEN_READONLY, NULL);
	int64_t before = count_stories(db);
	CHECK_INT(before, 1);
	np_decision d = {0};
	decide(db, make_story("copy-checked", 1), 0, &d);
	CHECK_INT(d.status, NP_DUPLICATE);
	CHECK_STR(d.match_id, "pilots-1");
	CHECK_INT(d.cluster, 1);
	np_decision_clear(&d);
	np_error err = {0};
	np_story *s = make_story("copy-checked", 1);
	CHECK_INT(np_ingest(db, s, &d, &err), NP_EINVAL); /* read-only */
	np_story_free(s);
	CHECK_INT(count_stories(db), before);
	close_db(db);

	db = open_db(NP_OPEN_READWRITE, NULL);
	decide(db, make_story("copy-stored", 1), 1, &d);
	CHECK_INT(d.status, NP_DUPLICATE);
	CHECK_STR(d.match_id, "pilots-1");
	CHECK_INT(d.cluster, 1);
	CHECK(d.jaccard == 1.0);
	CHECK(d.containment == 1.0);
	np_decision_clear(&d);
	CHECK_INT(count_stories(db), 2);
	np_story *none = NULL;
	CHECK_INT(np_db_get_story(db, "copy-checked", &none, &err), NP_ENOTFOUND);
	close_db(db);
}

static long file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* Ingests n stories with ids prefix-0.. (one commit each: batch 1). */
static void ingest_n(np_db *db, const char *prefix, int n)
{
	for (int i = 0; i < n; i++) {
		char id[64];
		snprintf(id, sizeof id, "%s-%d", prefix, i);
		np_story *s = make_story(id, 1);
		np_decision d;
		np_error err = {0};
		CHECK_INT(np_ingest(db, s, &d, &err), NP_OK);
		np_decision_clear(&d);
		np_story_free(s);
	}
}

/* The writer's own checkpoints follow np_db_set_wal_limit: off (0), the
 * store file does not grow until someone checkpoints; at 1 byte (rounded up
 * to one page, not down to "off"), each commit is copied into it by the
 * writer. */
static void test_wal_limit(void)
{
	np_db *ro = open_db(NP_OPEN_READONLY, NULL);
	np_error err = {0};
	CHECK_INT(np_db_set_wal_limit(ro, 0, &err), NP_EINVAL);
	CHECK(strstr(err.msg, "read-only") != NULL);
	close_db(ro);

	np_params p = NP_PARAMS_INIT;
	p.batch = 1;
	np_db *db = NULL;
	const char *path = tmpstore_path("wal.db");
	CHECK_INT(np_db_open(&db, path, NP_OPEN_READWRITE, &p, &err), NP_OK);
	if (!db)
		return;
	CHECK_INT(np_db_set_wal_limit(db, 0, &err), NP_OK);
	ingest_n(db, "off", 20);
	long before = file_size(path);
	ingest_n(db, "off-more", 20);
	CHECK(file_size(path) == before); /* all in the log */
	CHECK_INT(np_db_checkpoint(db, &err), NP_OK);
	long copied = file_size(path);
	CHECK(copied > before);
	CHECK_INT(np_db_set_wal_limit(db, 1, &err), NP_OK);
	ingest_n(db, "on", 20);
	CHECK(file_size(path) > copied); /* the writer copied them itself */
	close_db(db);
	remove_store("wal.db");
}

/* The page size SQLite reports for the file at path (0 if it cannot). */
static long page_size_of(const char *path)
{
	sqlite3 *raw = NULL;
	long n = sqlite3_open(path, &raw) == SQLITE_OK ? pragma_of(raw, "page_size") : 0;
	sqlite3_close(raw);
	return n;
}

/* A new store has pages of 16 KB; one made with SQLite's 4 KB pages (by an
 * earlier newsprint) keeps them, takes stories and checkpoints by bytes. */
static void test_page_size(void)
{
	np_error err = {0};
	np_params p = NP_PARAMS_INIT;
	p.batch = 1;
	const char *fresh = tmpstore_path("pages16.db");
	np_db *db = NULL;
	CHECK_INT(np_db_open(&db, fresh, NP_OPEN_READWRITE, &p, &err), NP_OK);
	close_db(db);
	CHECK_INT(page_size_of(fresh), 16384);

	const char *old = tmpstore_path("pages4.db");
	exec_raw(old, "PRAGMA page_size=4096; PRAGMA journal_mode=WAL;"
	              " CREATE TABLE x(y); DROP TABLE x;");
	CHECK_INT(np_db_open(&db, old, NP_OPEN_READWRITE, &p, &err), NP_OK);
	if (!db)
		return;
	CHECK_INT(np_db_set_wal_limit(db, 1, &err), NP_OK);
	long before = file_size(old);
	ingest_n(db, "old", 5);
	CHECK(file_size(old) > before); /* one page of 4 KB is a limit too */
	close_db(db);
	CHECK_INT(page_size_of(old), 4096);
	remove_store("pages16.db");
	remove_store("pages4.db");
}

/* The word keys of story row sid: how many, and the first (0 when none). */
static size_t word_keys(np_store *st, int64_t sid, int *found, uint32_t *first)
{
	uint32_t *keys = NULL;
	size_t n = 0;
	np_error err = {0};
	CHECK_INT(np_store_word_keys_of(st, sid, &keys, &n, found, &err), NP_OK);
	*first = n ? keys[0] : 0;
	free(keys);
	return n;
}

static void test_word_keys(void)
{
	const char *path = tmpstore_path("keys.db");
	np_store *st = NULL;
	np_error err = {0};
	CHECK_INT(np_store_open(&st, path, 0, &err), NP_OK);
	if (!st)
		return;
	const uint32_t keys[] = {7, 0x80000000u, 0xffffffffu};
	CHECK_INT(np_store_add_word_keys(st, 5, keys, 3, &err), NP_OK);
	CHECK_INT(np_store_add_word_keys(st, 6, NULL, 0, &err), NP_OK);
	int found = 0;
	uint32_t first = 0;
	CHECK_INT(word_keys(st, 5, &found, &first), 3);
	CHECK(found && first == 7);
	CHECK_INT(word_keys(st, 6, &found, &first), 0);
	CHECK(found); /* recorded, and empty */
	CHECK_INT(word_keys(st, 9, &found, &first), 0);
	CHECK(!found);
	np_store_close(st);

	/* a store of the same schema made before the table: read-only, no keys */
	exec_raw(path, "DROP TABLE word_keys");
	CHECK_INT(np_store_open(&st, path, 1, &err), NP_OK);
	if (!st)
		return;
	CHECK_INT(word_keys(st, 5, &found, &first), 0);
	CHECK(!found);
	np_store_close(st);
	remove_store("keys.db");
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (tmpstore_make("np-test"))
		return 1;
	test_params();
	test_made_before();
	test_cache();
	test_bad_paths();
	remove_store("np.db");
	test_round_trip();
	test_reopen_and_check();
	test_wal_limit();
	test_page_size();
	test_word_keys();
	tmpstore_remove();
	return CHECK_DONE();
}
