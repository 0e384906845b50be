/*
 * test_forget.c — np_forget through the public API, as the service and the
 * Python package call it: a forgotten story is matched by nothing later in
 * the same process (the warm index skips it, its exact content included)
 * nor after the store is reopened; a chain A-B-C whose bridge B is forgotten
 * splits, and copies of A and of C then join two different clusters, the
 * one holding A keeping its id; an unknown id is found 0 and NP_OK; a
 * forgotten story can be ingested again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "newsprint.h"
#include "tmpstore.h"

/* Words of the made-up texts: enough that two texts drawn from them share
 * almost no 4-word shingle. */
static const char *const WORDS[] = {
	"river", "council", "bridge", "ferry", "school", "market", "harbour", "mayor",
	"budget", "road", "train", "station", "village", "county", "farmer", "rain",
	"storm", "museum", "library", "hospital", "nurse", "teacher", "police", "court",
	"judge", "minister", "vote", "tax", "energy", "wind", "solar", "port",
};
#define N_WORDS (sizeof WORDS / sizeof *WORDS)

/* Words in a part of a text: A = P1 P2, B = P2 P3, C = P3 P4 make B match A
 * and C by Jaccard above the default 0.4 while A and C share nothing. */
#define SHORT_PART 6
#define LONG_PART 80

/* Appends n words drawn by seed (a linear congruential generator: the
 * same text on every machine). */
static void append_words(char *out, size_t cap, unsigned seed, unsigned n)
{
	uint32_t x = seed * 2654435761u + 1;
	for (unsigned i = 0; i < n; i++) {
		x = x * 1664525u + 1013904223u;
		size_t len = strlen(out);
		snprintf(out + len, cap - len, "%s%s", len ? " " : "", WORDS[(x >> 16) % N_WORDS]);
	}
}

static np_story *story(const char *id, const char *published, unsigned s1, unsigned n1,
                       unsigned s2, unsigned n2)
{
	char text[4096] = "", rec[8192];
	append_words(text, sizeof text, s1, n1);
	append_words(text, sizeof text, s2, n2);
	snprintf(rec, sizeof rec, "{\"id\":\"%s\",\"published\":\"%s\",\"text\":\"%s.\"}", id,
	         published, text);
	np_story *s = NULL;
	np_error err = {0};
	CHECK_INT(np_story_from_json(rec, strlen(rec), &s, &err), NP_OK);
	return s;
}

static np_story *story_a(const char *id)
{
	return story(id, "2025-03-01", 1, SHORT_PART, 2, LONG_PART);
}

static np_story *story_b(const char *id)
{
	return story(id, "2025-03-02", 2, LONG_PART, 3, LONG_PART);
}

static np_story *story_c(const char *id)
{
	return story(id, "2025-03-03", 3, LONG_PART, 4, SHORT_PART);
}

/* Decides s (stored when ingest), frees it; the decision's status and
 * cluster. */
static np_decision_status decide(np_db *db, np_story *s, int ingest, int64_t *cluster)
{
	np_decision d = {0};
	np_error err = {0};
	CHECK_INT((ingest ? np_ingest : np_check)(db, s, &d, &err), NP_OK);
	np_decision_status st = d.status;
	if (cluster)
		*cluster = d.cluster;
	np_decision_clear(&d);
	np_story_free(s);
	return st;
}

static void forget(np_db *db, const char *id, int want_found)
{
	int found = -1;
	np_error err = {0};
	CHECK_INT(np_forget(db, id, &found, &err), NP_OK);
	CHECK_INT(found, want_found);
}

static np_db *open_store(const char *path)
{
	np_db *db = NULL;
	np_error err = {0};
	CHECK_INT(np_db_open(&db, path, NP_OPEN_READWRITE, NULL, &err), NP_OK);
	return db;
}

/* A chain split by forgetting its bridge, seen through later decisions in
 * the same process. */
static void test_split_in_process(const char *path)
{
	np_db *db = open_store(path);
	int64_t ca = 0, cb = 0, cc = 0;
	CHECK_INT(decide(db, story_a("a"), 1, &ca), NP_NEW);
	CHECK_INT(decide(db, story_b("b"), 1, &cb), NP_NEAR_DUPLICATE);
	CHECK_INT(decide(db, story_c("c"), 1, &cc), NP_NEAR_DUPLICATE);
	CHECK_INT(cb, ca);
	CHECK_INT(cc, ca); /* one cluster through b */
	forget(db, "b", 1);
	forget(db, "nosuch", 0);
	int64_t a2 = 0, c2 = 0;
	CHECK_INT(decide(db, story_a("a2"), 0, &a2), NP_DUPLICATE);
	CHECK_INT(decide(db, story_c("c2"), 0, &c2), NP_DUPLICATE);
	CHECK_INT(a2, ca); /* a, the earliest, keeps the id */
	CHECK(c2 != ca && c2 > 0);
	/* b itself is matched by a and c, but no longer by b */
	CHECK_INT(decide(db, story("b2", "2025-03-05", 5, LONG_PART, 6, LONG_PART), 0, NULL),
	          NP_NEW);
	forget(db, "a", 1);
	CHECK_INT(decide(db, story_a("a3"), 0, NULL), NP_NEW); /* warm index: gone */
	CHECK_INT(decide(db, story_a("a"), 1, NULL), NP_NEW);   /* stored again */
	forget(db, "a", 1);
	np_error err = {0};
	CHECK_INT(np_db_close(db, &err), NP_OK);

	db = open_store(path); /* the index is built from what is stored */
	CHECK_INT(decide(db, story_a("a4"), 0, NULL), NP_NEW);
	CHECK_INT(decide(db, story_c("c4"), 0, &c2), NP_DUPLICATE);
	CHECK(c2 != ca);
	int found = -1;
	CHECK_INT(np_db_contains(db, "b", &found, &err), NP_OK);
	CHECK_INT(found, 0);
	CHECK_INT(np_db_close(db, &err), NP_OK);
}

static void test_readonly_refused(const char *path)
{
	np_db *db = NULL;
	np_error err = {0};
	CHECK_INT(np_db_open(&db, path, NP_OPEN_READONLY, NULL, &err), NP_OK);
	int found = -1;
	CHECK_INT(np_forget(db, "c", &found, &err), NP_EINVAL);
	CHECK(strstr(err.msg, "read-only") != NULL);
	CHECK_INT(found, 0);
	np_db_close(db, NULL);
}

int main(void)
{
	if (tmpstore_make("np-forget"))
		return 1;
	const char *path = tmpstore_path("forget.db");
	char store[512];
	snprintf(store, sizeof store, "%s", path);
	test_split_in_process(store);
	test_readonly_refused(store);
	tmpstore_remove();
	return CHECK_DONE();
}
