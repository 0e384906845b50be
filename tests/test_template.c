/*
 * test_template.c — the counts of an outlet's repeated lines: which lines
 * share a key (digits, case and spacing folded, per outlet), counting
 * through the table's growth, what a page teaches (each line once, short
 * lines only), and template learning through a store: an outlet's footer
 * stops making its stories near-duplicates once three pages carried it, a
 * resend stays a duplicate, and what was learnt survives a reopen.
 */
#include <sqlite3.h>

#include "check.h"
#include "engine/engine.h"
#include "fingerprint/sign.h"
#include "util/strbuf.h"
#include "segment/template.h"
#include "tmpstore.h"

static void test_keys(void)
{
	uint64_t a = np_template_key("Harbour Courier", "Comments (12)");
	CHECK(a == np_template_key("Harbour Courier", "comments  (3)"));
	CHECK(a == np_template_key("Harbour Courier", "COMMENTS (45)"));
	CHECK(a != np_template_key("Valley Post", "Comments (12)"));
	CHECK(a != np_template_key("Harbour Courier", "Comments"));
	CHECK(np_template_key(NULL, "x") == np_template_key("", "x"));
	CHECK(np_template_key("Báo Thanh niên", "© 2025 Báo Thanh niên") ==
	      np_template_key("Báo Thanh niên", "© 2024 Báo Thanh niên"));
}

static void test_counts(void)
{
	np_templates *t = np_templates_new();
	CHECK(t != NULL);
	if (!t)
		return;
	uint64_t k = np_template_key("O", "Share this story");
	CHECK_INT(np_templates_count(t, k), 0);
	CHECK_INT(np_templates_add(t, k), 1);
	CHECK_INT(np_templates_add(t, k), 2);
	/* 100,000 other lines: the table grows and keeps every count */
	char line[32];
	for (int i = 0; i < 100000; i++) {
		snprintf(line, sizeof line, "line %c%c%c", 'a' + i % 26, 'a' + i / 26 % 26,
		         'a' + i / 676 % 26);
		np_templates_add(t, np_template_key("O", line) ^ (uint64_t)i);
	}
	CHECK_INT(np_templates_count(t, k), 2);
	CHECK_INT(np_templates_size(t), 100001);
	CHECK_INT(np_templates_set(t, k, 40), 0);
	CHECK_INT(np_templates_count(t, k), 40);
	np_templates_free(t);
}

static const char *const FOOTER[] = {
	"Follow the Harbour Courier on Facebook and Twitter for the latest news from the coast "
	"and the islands.",
	"Got a story? Call the newsroom on 01632 960 000 or write to news@harbour-courier.example "
	"today.",
	"Copyright 2025 Harbour Courier Ltd. Reproduction without permission is not allowed in any "
	"form.",
};
#define N_FOOTER (sizeof FOOTER / sizeof FOOTER[0])

static const char *const LEAD[] = {
	"The town council voted on Monday to close the old fish market for a year of repairs to "
	"its roof and walls, which an engineer said were no longer safe for traders.",
	"A local baker won the county prize for her apple bread, beating forty other bakers at the "
	"show in the cathedral close on Saturday afternoon.",
	"Ferry services to the islands were cancelled for a third day as gales swept the coast, "
	"leaving dozens of visitors stranded in the harbour hotels.",
	"The lifeboat crew rescued two kayakers who had been swept past the point by the tide, the "
	"station said, and both were treated for cold at the scene.",
	"A new bus route will link the station with the hospital from March, the county said, after "
	"a petition signed by two thousand residents.",
	"The harbour master said dredging of the inner basin would start in May and close the "
	"slipway to small boats for about six weeks of the spring.",
};

/* A story of the Harbour Courier: lead paragraph `lead`, then the footer. */
static np_story *courier_story(const char *id, int lead)
{
	np_story *s = np_story_new();
	s->id = np_strdup(id);
	s->outlet = np_strdup("Harbour Courier");
	np_strv_push(&s->body, LEAD[lead]);
	for (size_t i = 0; i < N_FOOTER; i++)
		np_strv_push(&s->body, FOOTER[i]);
	return s;
}

static void test_outlet_name(void)
{
	char buf[64];
	np_story *s = np_story_new();
	CHECK(np_template_outlet(s, buf, sizeof buf) == NULL);
	s->url = np_strdup("https://www.Harbour-Courier.example/news/1?x=2");
	CHECK_STR(np_template_outlet(s, buf, sizeof buf), "harbour-courier.example");
	s->outlet = np_strdup("Harbour Courier");
	CHECK_STR(np_template_outlet(s, buf, sizeof buf), "Harbour Courier");
	np_story_free(s);
}

/* What the engine does with a stored page that matched a stored story (new: one
 * that matched none): the keys of its body and boilerplate lines, counted
 * once each, its long lines only when it is new. */
static int learn_as(np_templates *t, const char *outlet, const np_story *s, int is_new)
{
	size_t n = s->body.n + s->boilerplate.n;
	uint64_t *keys = malloc((n + 1) * sizeof *keys);
	np_template_keys(outlet, &s->body, keys);
	np_template_keys(outlet, &s->boilerplate, keys + s->body.n);
	if (!is_new) {
		np_template_keep_short(&s->body, keys);
		np_template_keep_short(&s->boilerplate, keys + s->body.n);
	}
	int rc = np_templates_learn(t, keys, n);
	free(keys);
	return rc;
}

static int learn(np_templates *t, const char *outlet, const np_story *s)
{
	return learn_as(t, outlet, s, 0);
}

/* Marks the body paragraphs of s that are outlet's template. */
static size_t mark(const np_templates *t, const char *outlet, const np_story *s,
                   unsigned char *strip)
{
	uint64_t keys[16];
	np_template_keys(outlet, &s->body, keys);
	return np_templates_mark(t, keys, s->body.n, strip);
}

/* A page teaches each of its short lines once; long lines (prose) only
 * when it matched no stored story. */
static void test_learning(void)
{
	np_templates *t = np_templates_new();
	char long_line[NP_TEMPLATE_LINE_MAX + 2];
	memset(long_line, 'x', sizeof long_line - 1);
	long_line[sizeof long_line - 1] = '\0';
	np_story *s = courier_story("a", 0);
	np_strv_push(&s->boilerplate, FOOTER[0]); /* printed twice on the page */
	np_strv_push(&s->boilerplate, long_line);
	for (int page = 0; page < NP_TEMPLATE_MIN_PAGES; page++)
		CHECK_INT(learn(t, "Harbour Courier", s), 0);
	CHECK_INT(np_templates_count(t, np_template_key("Harbour Courier", FOOTER[0])),
	          NP_TEMPLATE_MIN_PAGES);
	CHECK_INT(np_templates_count(t, np_template_key("Harbour Courier", long_line)), 0);
	size_t n = 0;
	np_templates_take_changed(t, &n);
	CHECK_INT(n, NP_TEMPLATE_MIN_PAGES * (1 + N_FOOTER)); /* lead + footer, each page */
	CHECK_INT(learn_as(t, "Harbour Courier", s, 1), 0);
	CHECK_INT(np_templates_count(t, np_template_key("Harbour Courier", long_line)), 1);
	np_templates_take_changed(t, &n);
	CHECK_INT(n, 2 + N_FOOTER); /* lead, footer and the long line */
	np_templates_take_changed(t, &n);
	CHECK_INT(n, 0);
	np_story *other = courier_story("b", 1);
	CHECK_INT(learn(t, "Harbour Courier", other), 0);
	const uint64_t *keys = np_templates_take_changed(t, &n);
	CHECK_INT(n, 1 + N_FOOTER); /* the new lead and the footer once more */
	int has_lead = 0;
	for (size_t i = 0; i < n; i++)
		has_lead |= keys[i] == np_template_key("Harbour Courier", LEAD[1]);
	CHECK(has_lead);
	CHECK_INT(np_templates_take_forgot(t), 0);
	np_story_free(other);
	/* the footer and the lead are template now, for this outlet only */
	unsigned char strip[1 + N_FOOTER];
	CHECK_INT(mark(t, "Harbour Courier", s, strip), 1 + N_FOOTER);
	CHECK(strip[0] && strip[N_FOOTER]);
	CHECK_INT(mark(t, "Valley Post", s, strip), 0);
	np_story_free(s);
	np_templates_free(t);
}

/* n written in letters ("bac"): digits are masked in keys, letters are not. */
static void letters(size_t n, char *out)
{
	do {
		*out++ = (char)('a' + n % 26);
		n /= 26;
	} while (n);
	*out = '\0';
}

/* Past NP_TEMPLATE_MAX_KEYS keys, those counted once go and the repeated
 * ones stay (lossy counting). */
static void test_forgetting(void)
{
	enum { LINES = 1000 };
	np_templates *t = np_templates_new();
	np_story *s = np_story_new();
	char line[64], name[16];
	for (int i = 0; i < LINES; i++)
		np_strv_push(&s->boilerplate, "");
	uint64_t footer = np_template_key("O", FOOTER[0]);
	for (int i = 0; i < NP_TEMPLATE_MIN_PAGES; i++)
		np_templates_add(t, footer);
	size_t pages = NP_TEMPLATE_MAX_KEYS / LINES + 1, most = 0;
	for (size_t page = 0; page < pages; page++) {
		for (int i = 0; i < LINES; i++) {
			letters(page * LINES + (size_t)i, name);
			snprintf(line, sizeof line, "line %s", name);
			free(s->boilerplate.v[i]);
			s->boilerplate.v[i] = np_strdup(line);
		}
		CHECK_INT(learn(t, "O", s), 0);
		most = np_templates_size(t) > most ? np_templates_size(t) : most;
	}
	CHECK(most <= NP_TEMPLATE_MAX_KEYS + LINES);
	CHECK(np_templates_size(t) < NP_TEMPLATE_MAX_KEYS); /* the singles went */
	CHECK_INT(np_templates_take_forgot(t), 1);             /* and the store is told */
	CHECK_INT(np_templates_take_forgot(t), 0);
	CHECK_INT(np_templates_count(t, footer), NP_TEMPLATE_MIN_PAGES);
	np_story_free(s);
	np_templates_free(t);
}

/* A story signed less its template lines in one pass: the view's MinHash,
 * lead and SimHash, and the whole body's content hash. */
static void test_sign_except(void)
{
	np_params p;
	np_params_default(&p, NP_PARAMS_VERSION, NULL);
	np_story *s = courier_story("a", 0), *view = courier_story("a", 0);
	/* non-ASCII, an unspaced script (n-gram tokens) and invalid UTF-8: each
	 * paragraph's tokens and invalid count must come out of the kept text */
	static const char *const more[] = {"Ende. Ünïcödé tail: 3 ÉLÈVES.", "新华社北京电今天发布",
	                                   "bad \xff byte, skipped", "bad \xfe kept"};
	for (size_t i = 0; i < sizeof more / sizeof *more; i++) {
		np_strv_push(&s->body, more[i]);
		np_strv_push(&view->body, more[i]);
	}
	unsigned char skip[1 + N_FOOTER + 4] = {0, 1, 0, 1, 0, 0, 1, 0}; /* footer 1, 3; "bad \xff" */
	for (size_t i = view->body.n; i-- > 0;)
		if (skip[i]) {
			free(view->body.v[i]);
			memmove(&view->body.v[i], &view->body.v[i + 1],
			        (view->body.n - i - 1) * sizeof *view->body.v);
			view->body.n--;
		}
	np_fingerprint *whole = NULL, *v = NULL, *both = NULL;
	np_error err = {0};
	CHECK_INT(np_sign(&p, s, 0, &whole, &err), NP_OK);
	CHECK_INT(np_sign(&p, view, 0, &v, &err), NP_OK);
	CHECK_INT(np_sign_except(&p, s, skip, &both, &err), NP_OK);
	if (whole && v && both) {
		CHECK(memcmp(both->content_hash, whole->content_hash, sizeof both->content_hash) == 0);
		CHECK(memcmp(both->content_hash, v->content_hash, sizeof v->content_hash) != 0);
		CHECK(memcmp(both->minhash, v->minhash, v->k * sizeof *v->minhash) == 0);
		CHECK(memcmp(both->lead, v->lead, v->lead_k * sizeof *v->lead) == 0);
		CHECK(both->simhash == v->simhash && both->n_shingles == v->n_shingles);
	}
	/* signed with its text kept, the same view from the kept tokens */
	np_fingerprint *kept_text = NULL, *kept = NULL;
	CHECK_INT(np_sign(&p, s, NP_SIGN_TEXT, &kept_text, &err), NP_OK);
	CHECK(kept_text && kept_text->text != NULL);
	if (kept_text)
		CHECK_INT(np_sign_kept(&p, kept_text, skip, &kept, &err), NP_OK);
	if (whole && v && kept) {
		CHECK(memcmp(kept->content_hash, whole->content_hash, sizeof kept->content_hash) == 0);
		CHECK(memcmp(kept->minhash, v->minhash, v->k * sizeof *v->minhash) == 0);
		CHECK(memcmp(kept->lead, v->lead, v->lead_k * sizeof *v->lead) == 0);
		CHECK(memcmp(kept->rails, v->rails, v->rails_k * sizeof *v->rails) == 0);
		CHECK(kept->simhash == v->simhash && kept->n_shingles == v->n_shingles);
		CHECK_INT(kept->n_invalid, 1);
		CHECK_INT(v->n_invalid, 1);
		CHECK_INT(whole->n_invalid, 2);
	}
	np_fingerprint_free(kept_text), np_fingerprint_free(kept);
	np_fingerprint_free(whole), np_fingerprint_free(v), np_fingerprint_free(both);
	np_story_free(s), np_story_free(view);
}

static np_db *open_store_at(const char *name, np_open_mode mode)
{
	np_db *db = NULL;
	np_error err = {0};
	np_params p;
	np_params_default(&p, NP_PARAMS_VERSION, NULL);
	if (np_db_open(&db, tmpstore_path(name), mode, &p, &err) != NP_OK) {
		fprintf(stderr, "open failed: %s\n", err.msg);
		tmpstore_remove();
		exit(1);
	}
	return db;
}

static np_db *open_store(np_open_mode mode)
{
	return open_store_at("np.db", mode);
}

/* Ingests (or checks) story id with lead paragraph `lead`; its decision. */
static np_decision_status decide_story(np_db *db, const char *id, int lead, int store,
                                       np_decision *d)
{
	np_error err = {0};
	np_story *s = courier_story(id, lead);
	np_status rc = store ? np_ingest(db, s, d, &err) : np_check(db, s, d, &err);
	CHECK_INT(rc, NP_OK);
	np_story_free(s);
	return d->status;
}

static void test_through_store(void)
{
	np_decision d;
	np_db *db = open_store(NP_OPEN_READWRITE);
	/* the footer is most of each story: until three pages carried it, the
	 * Courier's stories match each other by their shingles, and are kept
	 * apart as sharing nothing but the outlet's furniture (apart.h) */
	CHECK_INT(decide_story(db, "hc-0", 0, 1, &d), NP_NEW);
	np_decision_clear(&d);
	CHECK_INT(decide_story(db, "hc-1", 1, 1, &d), NP_NEW);
	CHECK_STR(d.distinct_id, "hc-0");
	CHECK_STR(d.distinct_reason, "only their outlet's furniture is shared: 3 paragraphs word "
	                             "for word, and their own texts do not match");
	np_decision_clear(&d);
	CHECK_INT(decide_story(db, "hc-2", 2, 1, &d), NP_NEW);
	CHECK(d.distinct_id != NULL);
	np_decision_clear(&d);
	CHECK_INT(decide_story(db, "hc-3", 3, 1, &d), NP_NEW);
	np_decision_clear(&d);
	/* a resend of a page stored before the footer was learnt: a duplicate,
	 * scored as the two pages are */
	CHECK_INT(decide_story(db, "hc-0-resend", 0, 1, &d), NP_DUPLICATE);
	CHECK_STR(d.match_id, "hc-0");
	CHECK(d.containment == 1.0 && d.contains == 1.0 && d.simhash_distance == 0);
	np_decision_clear(&d);
	np_error err = {0};
	CHECK_INT(np_db_close(db, &err), NP_OK);
	/* learnt for good: a reopened store, read-only, strips the footer too */
	db = open_store(NP_OPEN_READONLY);
	CHECK_INT(decide_story(db, "hc-4", 4, 0, &d), NP_NEW);
	np_decision_clear(&d);
	CHECK_INT(np_db_close(db, &err), NP_OK);
	db = open_store(NP_OPEN_READWRITE);
	CHECK_INT(decide_story(db, "hc-5", 5, 1, &d), NP_NEW);
	np_decision_clear(&d);
	CHECK_INT(np_db_close(db, &err), NP_OK);
}

/* The same first four pages as test_through_store, with the store closed
 * and opened again after each: the footer's lines, counted once on the
 * first page (kept as a blob of singles) and then on two (kept as rows),
 * add up to the same three pages, and the fourth story is new as in one
 * uninterrupted run. */
static void test_singles_reopen(void)
{
	static const np_decision_status want[] = {NP_NEW, NP_NEW, NP_NEW, NP_NEW};
	for (int i = 0; i < 4; i++) {
		np_db *db = open_store_at("reopen.db", NP_OPEN_READWRITE);
		char id[16];
		snprintf(id, sizeof id, "hc-%d", i);
		np_decision d;
		CHECK_INT(decide_story(db, id, i, 1, &d), want[i]);
		np_decision_clear(&d);
		np_error err = {0};
		CHECK_INT(np_db_close(db, &err), NP_OK);
	}
}

/* A store made before the table of singles (which kept its singles as rows
 * of templates): read-only it is not given the table and still decides with
 * what it learnt; opened to write, it is given one and takes stories. */
static void test_store_without_singles(void)
{
	sqlite3 *raw = NULL;
	CHECK_INT(sqlite3_open(tmpstore_path("reopen.db"), &raw), SQLITE_OK);
	CHECK_INT(sqlite3_exec(raw, "DROP TABLE template_singles", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	np_decision d;
	np_error err = {0};
	np_db *db = open_store_at("reopen.db", NP_OPEN_READONLY);
	CHECK_INT(decide_story(db, "hc-4", 4, 0, &d), NP_NEW); /* the footer learnt: stripped */
	np_decision_clear(&d);
	CHECK_INT(np_db_close(db, &err), NP_OK);
	db = open_store_at("reopen.db", NP_OPEN_READWRITE);
	CHECK_INT(decide_story(db, "hc-5", 5, 1, &d), NP_NEW);
	np_decision_clear(&d);
	CHECK_INT(np_db_close(db, &err), NP_OK);
}

/* Furniture that names its outlet is one line whichever outlet prints it,
 * with the name and the outlet's addresses masked; a line that does not
 * name its outlet is that outlet's alone. A long line keeps its digits, a
 * short one masks them. */
static void test_shared_keys(void)
{
	const char *a = "Copyright Vargea Times. Email the newsroom at news@vargeatimes.com today.";
	const char *b = "Copyright The Criocre Sentinel. Email the newsroom at news@criocre.net today.";
	CHECK(np_template_key("Vargea Times", a) == np_template_key("The Criocre Sentinel", b));
	CHECK(np_template_key("Vargea Times", a) != np_template_key("Vargea Times", b));
	const char *plain = "Email the newsroom at news@vargeatimes.com today.";
	CHECK(np_template_key("Vargea Times", plain) != np_template_key("Other Times", plain));
	CHECK(np_template_key("AP", "Copyright AP 2025") != np_template_key("UP", "Copyright UP 2025"));
	CHECK(np_template_key("O", "Updated 10:32") == np_template_key("O", "Updated 11:05"));
	char long_a[NP_TEMPLATE_LINE_MAX + 40], long_b[NP_TEMPLATE_LINE_MAX + 40];
	memset(long_a, 'x', NP_TEMPLATE_LINE_MAX);
	long_a[NP_TEMPLATE_LINE_MAX] = '\0';
	memcpy(long_b, long_a, sizeof long_a);
	strcat(long_a, " rose 12 points");
	strcat(long_b, " rose 15 points");
	CHECK(np_template_key("O", long_a) != np_template_key("O", long_b));
}

int main(void)
{
	test_keys();
	test_shared_keys();
	test_counts();
	test_outlet_name();
	test_learning();
	test_forgetting();
	test_sign_except();
	if (tmpstore_make("np-template"))
		return 1;
	test_through_store();
	test_singles_reopen();
	test_store_without_singles();
	tmpstore_remove();
	return CHECK_DONE();
}
