/*
 * test_cluster.c — cluster ids: the union-find (np_clusters_*: consecutive
 * new ids, the smaller id surviving a union, finds along chains) and, through
 * np_db + np_ingest on generated stories, clustering decisions: a verbatim
 * copy, a 5% edit, an unrelated story, a chain (A ≈ B through one half of B,
 * B ≈ C through the other, A ≉ C: B joins one cluster and merges nothing),
 * what the store says after a reopen, and the lead: copies cut to their
 * first 35% and 15% are found (the latter through the lead alone), a story
 * sharing only its first paragraph with another is not; which of two
 * matches a story joins (the one holding most of it); and a wire story's
 * cluster beyond the attribution panel, kept up commit by commit, as
 * attributing it whole gives.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "attribute/attribute.h"
#include "attribute/credits.h"
#include "attribute/external.h"
#include "attribute/when.h"
#include "check.h"
#include "cluster/cluster.h"
#include "engine/engine.h"
#include "newsprint.h"
#include "report/report.h"
#include "util/strbuf.h"
#include "tmpstore.h"

/* ------------------------------------------------------------------ */
/* The union-find                                                      */
/* ------------------------------------------------------------------ */

static void test_new_ids(void)
{
	np_clusters c;
	CHECK_INT(np_clusters_init(&c, 5), 0);
	CHECK_INT(np_clusters_new(&c), 6);
	CHECK_INT(np_clusters_new(&c), 7);
	for (int64_t id = 1; id <= 7; id++)
		CHECK_INT(np_clusters_find(&c, id), id); /* all live, none merged */
	np_clusters_free(&c);

	CHECK_INT(np_clusters_init(&c, 0), 0);
	int64_t last = 0;
	for (int i = 0; i < 300; i++) /* past the first allocations */
		last = np_clusters_new(&c);
	CHECK_INT(last, 300);
	CHECK_INT(np_clusters_find(&c, 300), 300);
	np_clusters_free(&c);
}

static void test_union_find(void)
{
	np_clusters c;
	CHECK_INT(np_clusters_init(&c, 200), 0);
	CHECK_INT(np_clusters_union(&c, 9, 2), 2);
	CHECK_INT(np_clusters_union(&c, 2, 9), 2); /* already one cluster */
	CHECK_INT(np_clusters_find(&c, 9), 2);
	CHECK_INT(np_clusters_union(&c, 5, 5), 5);
	/* a chain: 200 -> 199 -> ... -> 100, each union of two roots */
	for (int64_t id = 199; id >= 100; id--)
		CHECK_INT(np_clusters_union(&c, id + 1, id), id);
	CHECK_INT(np_clusters_find(&c, 200), 100);
	CHECK_INT(np_clusters_find(&c, 150), 100);
	/* joining the chain to 9's cluster through a non-root member */
	CHECK_INT(np_clusters_union(&c, 170, 9), 2);
	CHECK_INT(np_clusters_find(&c, 200), 2);
	CHECK_INT(np_clusters_find(&c, 100), 2);
	CHECK_INT(np_clusters_find(&c, 50), 50);
	CHECK_INT(np_clusters_new(&c), 201);
	np_clusters_free(&c);
}

/* ------------------------------------------------------------------ */
/* Generated stories                                                   */
/* ------------------------------------------------------------------ */

static const char *const WORDS[] = {
	"harbour", "council", "minister", "strike", "vote", "river", "bridge", "budget",
	"school", "teacher", "farmer", "drought", "rain", "market", "price", "wheat",
	"police", "court", "judge", "appeal", "station", "train", "ferry", "port",
	"crane", "union", "worker", "wage", "hospital", "nurse", "doctor", "patient",
	"energy", "wind", "solar", "grid", "storm", "coast", "flood", "village",
	"mayor", "election", "party", "leader", "report", "survey", "museum", "festival",
	"airport", "runway", "pilot", "contract", "company", "profit", "shares", "bank",
	"road", "tunnel", "water", "reservoir", "forest", "fire", "island", "fishing",
};
#define N_WORDS (sizeof WORDS / sizeof WORDS[0])
#define STORY_WORDS 300
#define PARA_WORDS 60

static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Appends a ~300-word text made from seed to s's body, in paragraphs of 60
 * words; with edit_every > 0 every edit_every-th word is replaced by a word
 * of no other text. */
static void add_text(np_story *s, uint64_t seed, unsigned edit_every)
{
	uint64_t r = seed * 0x9e3779b97f4a7c15ULL + 1;
	np_buf para = {0};
	char edited[32];
	for (unsigned i = 1; i <= STORY_WORDS; i++) {
		const char *w = WORDS[next_rand(&r) % N_WORDS];
		if (edit_every && i % edit_every == 0) {
			snprintf(edited, sizeof edited, "edit%llu%c", (unsigned long long)seed, 'a' + i % 26);
			w = edited;
		}
		np_buf_adds(&para, w);
		np_buf_adds(&para, i % 15 == 0 ? ". " : " ");
		if (i % PARA_WORDS == 0) {
			np_strv_push(&s->body, para.p);
			np_buf_reset(&para);
		}
	}
	np_buf_free(&para);
}

/* A story of seed1's text, then seed2's (0: none), each edited as add_text says. */
static np_story *make_story(const char *id, const char *published, unsigned edit_every,
                            uint64_t seed1, uint64_t seed2)
{
	np_story *s = np_story_new();
	s->id = np_strdup(id);
	s->published = np_strdup(published);
	add_text(s, seed1, edit_every);
	if (seed2)
		add_text(s, seed2, edit_every);
	return s;
}

/* A story of texts seed, seed + 1, ... (n of them, unedited), cut to its
 * first keep paragraphs (0: all). */
static np_story *make_long(const char *id, const char *published, unsigned n, uint64_t seed,
                           size_t keep)
{
	np_story *s = make_story(id, published, 0, seed, 0);
	for (unsigned i = 1; i < n; i++)
		add_text(s, seed + i, 0);
	while (keep && s->body.n > keep)
		free(s->body.v[--s->body.n]);
	return s;
}

/* ------------------------------------------------------------------ */
/* Clustering through np_db                                            */
/* ------------------------------------------------------------------ */

static int64_t b_cluster; /* the cluster B joined: 2 (with A) or 3 (with C) */

static np_db *open_db_with(const char *name, const np_params *p)
{
	np_db *db = NULL;
	np_error err = {0};
	np_status rc = np_db_open(&db, tmpstore_path(name), NP_OPEN_READWRITE, p, &err);
	if (rc != NP_OK) { /* nothing below can run without the store */
		fprintf(stderr, "open failed: %s\n", err.msg);
		tmpstore_remove();
		exit(1);
	}
	return db;
}

static np_db *open_db(const char *name)
{
	return open_db_with(name, NULL);
}

static void close_db(np_db *db)
{
	np_error err = {0};
	CHECK_INT(np_db_close(db, &err), NP_OK);
}

/* Ingests s (and frees it); checks the status and cluster; returns the
 * decision for further checks (caller clears it). */
static np_decision ingest(np_db *db, np_story *s, np_decision_status status, int64_t cluster)
{
	np_decision d = {0};
	np_error err = {0};
	np_status rc = np_ingest(db, s, &d, &err);
	if (rc != NP_OK)
		fprintf(stderr, "ingest %s failed: %s\n", s->id, err.msg);
	CHECK_INT(rc, NP_OK);
	if (d.status != status || d.cluster != cluster)
		fprintf(stderr, "story %s: %s in cluster %lld (match %s, jaccard %.3f)\n", s->id,
		        np_decision_status_name(d.status), (long long)d.cluster,
		        d.match_id ? d.match_id : "-", d.jaccard);
	CHECK_INT(d.status, status);
	CHECK_INT(d.cluster, cluster);
	np_story_free(s);
	return d;
}

static void ingest_only(np_db *db, np_story *s, np_decision_status status, int64_t cluster)
{
	np_decision d = ingest(db, s, status, cluster);
	np_decision_clear(&d);
}

/* Ingests s (and frees it) and checks the cluster it joins, whatever its status. */
static void ingest_only_in(np_db *db, np_story *s, int64_t cluster)
{
	np_decision d = {0};
	np_error err = {0};
	CHECK_INT(np_ingest(db, s, &d, &err), NP_OK);
	CHECK_INT(d.cluster, cluster);
	np_decision_clear(&d);
	np_story_free(s);
}

/* X (cluster 1), A (2) with a verbatim copy and a 5% edit, C (3), then B =
 * A's text + C's text: B contains both, but A and C do not match, so B is
 * no bridge: it joins the cluster of its better match and merges nothing. */
static void ingest_first_session(np_db *db)
{
	ingest_only(db, make_story("X", "2025-03-04T05:00:00Z", 0, 100, 0), NP_NEW, 1);
	ingest_only(db, make_story("A", "2025-03-04T06:00:00Z", 0, 1, 0), NP_NEW, 2);

	np_decision d = ingest(db, make_story("A-copy", "2025-03-04T07:00:00Z", 0, 1, 0),
	                       NP_DUPLICATE, 2);
	CHECK_STR(d.match_id, "A");
	CHECK(d.jaccard == 1.0);
	np_decision_clear(&d);

	d = ingest(db, make_story("A-edit", "2025-03-04T08:00:00Z", 20, 1, 0), NP_NEAR_DUPLICATE, 2);
	CHECK_STR(d.match_id, "A"); /* A and A-copy tie: the earlier stored wins */
	CHECK(d.jaccard > 0.5 && d.jaccard < 0.95);
	np_decision_clear(&d);

	ingest_only(db, make_story("C", "2025-03-04T09:00:00Z", 0, 2, 0), NP_NEW, 3);
	np_decision b = {0};
	np_error err = {0};
	np_story *bs = make_story("B", "2025-03-04T10:00:00Z", 0, 1, 2);
	CHECK_INT(np_ingest(db, bs, &b, &err), NP_OK);
	np_story_free(bs);
	CHECK_INT(b.status, NP_NEAR_DUPLICATE);
	/* its match is the story of the cluster it joined */
	CHECK((b.cluster == 2 && b.match_id && strcmp(b.match_id, "A") == 0) ||
	      (b.cluster == 3 && b.match_id && strcmp(b.match_id, "C") == 0));
	b_cluster = b.cluster;
	np_decision_clear(&b);
}

/* The store after the first session: X alone in 1; A with its copy and its
 * edit in 2, C in 3, B in one of them, A and C never together. */
static void check_stored_clusters(np_db *db)
{
	np_report r;
	np_error err = {0};
	CHECK_INT(np_report_load(db, 1, &r, &err), NP_OK);
	CHECK_INT(r.stories, 6);
	CHECK_INT(r.n, 3);
	for (size_t i = 0; i < r.n; i++) {
		const np_cluster_rec *c = &r.c[i];
		size_t want = c->id == 1 ? 1 : c->id == 2 ? 3 : 1;
		if (c->id == b_cluster)
			want++;
		CHECK_INT(c->n, want);
		/* the origin: the earliest (A at 06:00, C at 09:00) */
		CHECK_STR(c->m[0].id, c->id == 1 ? "X" : c->id == 2 ? "A" : "C");
	}
	np_report_free(&r);
}

static void test_clustering(void)
{
	np_db *db = open_db("one.db");
	ingest_first_session(db);
	/* in one session, the next new cluster is 4: 3 was handed out to C */
	ingest_only(db, make_story("Y", "2025-03-04T11:00:00Z", 0, 3, 0), NP_NEW, 4);
	close_db(db);

	db = open_db("two.db");
	ingest_first_session(db);
	close_db(db);
	db = open_db("two.db");
	check_stored_clusters(db);
	/* the index is rebuilt from the store: a copy of C joins C's cluster */
	np_decision d = ingest(db, make_story("C-copy", "2025-03-04T12:00:00Z", 0, 2, 0),
	                       NP_DUPLICATE, 3);
	CHECK_STR(d.match_id, "C");
	np_decision_clear(&d);
	/* after a reopen the next id is 4, as in one session */
	ingest_only(db, make_story("Y", "2025-03-04T11:00:00Z", 0, 3, 0), NP_NEW, 4);
	close_db(db);
}

/* Two clusters whose members truly match are merged by a story matching
 * both. They are made apart by a first session with a threshold no edit
 * passes; then a copy of the first joins it and merges the second into it
 * (the older id survives), and the merged-away id is never issued again. */
static void test_merge(void)
{
	np_params strict = NP_PARAMS_INIT;
	strict.threshold = 0.99;
	strict.containment = 0.99;
	strict.passage_overlap = strict.passage_wholly = 0.99; /* nor does the passage tier link */
	np_db *db = open_db_with("merge.db", &strict);
	ingest_only(db, make_story("M1", "2025-03-05T06:00:00Z", 0, 7, 0), NP_NEW, 1);
	ingest_only(db, make_story("M2", "2025-03-05T07:00:00Z", 20, 7, 0), NP_NEW, 2);
	close_db(db);
	np_params usual; /* the store recorded the strict values it was made with */
	np_params_default(&usual, NP_PARAMS_VERSION, NULL);
	db = open_db_with("merge.db", &usual);
	ingest_only(db, make_story("M3", "2025-03-05T08:00:00Z", 0, 7, 0), NP_DUPLICATE, 1);
	np_error err = {0};
	np_report r;
	CHECK_INT(np_report_load(db, 1, &r, &err), NP_OK);
	CHECK_INT(r.n, 1);
	CHECK_INT(r.n ? r.c[0].n : 0, 3);
	np_report_free(&r);
	close_db(db);
	db = open_db("merge.db");
	ingest_only(db, make_story("N", "2025-03-05T09:00:00Z", 0, 8, 0), NP_NEW, 3);
	close_db(db);
}

/* Checks d's scores to 3 decimals. */
static void check_scores(const np_decision *d, double jaccard, double containment,
                         double contains, double lead, const char *by)
{
	CHECK_INT(lround(d->jaccard * 1000), lround(jaccard * 1000));
	CHECK_INT(lround(d->containment * 1000), lround(containment * 1000));
	CHECK_INT(lround(d->contains * 1000), lround(contains * 1000));
	CHECK_INT(lround(d->lead * 1000), lround(lead * 1000));
	CHECK_STR(d->decided_by, by);
}

/* An original of 1,200 words (20 paragraphs); a copy of its first 7
 * paragraphs (35%), found by containment (Jaccard 0.35, above the 0.25
 * containment needs); a copy of its first 3 (15%), whose Jaccard alone
 * decides nothing but whose lead is the original's; and a story that
 * opens with the original's first paragraph and goes on with its own
 * text: same lead, but little of it is in the original, so it is new. */
static void test_lead(void)
{
	np_db *db = open_db("lead.db");
	ingest_only(db, make_long("L", "2025-03-06T06:00:00Z", 4, 40, 0), NP_NEW, 1);
	np_decision d = ingest(db, make_long("L-35", "2025-03-06T07:00:00Z", 4, 40, 7),
	                       NP_NEAR_DUPLICATE, 1);
	CHECK_STR(d.match_id, "L");
	check_scores(&d, 0.359, 1.0, 0.356, 1.0, "containment");
	np_decision_clear(&d);
	d = ingest(db, make_long("L-15", "2025-03-06T08:00:00Z", 4, 40, 3), NP_NEAR_DUPLICATE, 1);
	CHECK_STR(d.match_id, "L");
	check_scores(&d, 0.141, 0.957, 0.142, 1.0, "lead");
	np_decision_clear(&d);
	np_story *stock = make_long("S", "2025-03-06T09:00:00Z", 1, 40, 1);
	add_text(stock, 50, 0);
	d = ingest(db, stock, NP_NEW, 2);
	CHECK(d.match_id == NULL);
	np_decision_clear(&d);
	close_db(db);
}

/* The best match is the story that holds most of the new one, not one the
 * new one holds whole. F (text 100, then its own text 200) and O (texts 100
 * to 109, then its own 300) do not match each other. C, O's ten texts and
 * then F's own, holds F whole (F is a fragment of it, Jaccard 0.18) and is
 * O's copy less O's ending (0.83, 10/11 of C in O). It joins O's cluster and
 * merges nothing; ranked by "contains", F won. */
static void test_rank(void)
{
	np_db *db = open_db("rank.db");
	ingest_only(db, make_story("F", "2025-03-07T06:00:00Z", 0, 100, 200), NP_NEW, 1);
	np_story *o = make_long("O", "2025-03-07T07:00:00Z", 10, 100, 0);
	add_text(o, 300, 0);
	ingest_only(db, o, NP_NEW, 2);
	np_story *c = make_long("C", "2025-03-07T08:00:00Z", 10, 100, 0);
	add_text(c, 200, 0);
	np_decision d = ingest(db, c, NP_NEAR_DUPLICATE, 2);
	CHECK_STR(d.match_id, "O");
	CHECK_STR(d.decided_by, "jaccard");
	np_decision_clear(&d);
	close_db(db);
}

/* ------------------------------------------------------------------ */
/* A cluster larger than the attribution panel                         */
/* ------------------------------------------------------------------ */

#define WIRE_COPIES (3 * NP_ATTRIBUTE_PANEL)
#define WIRE_BATCH 10
#define WIRE_ARRIVES 100 /* copies ingested before the wire: it changes the origin */
#define WIRE_URL "https://ngw.example/2025/03/08/wire"

/* The wire story (i = 0) or its copy i, published i minutes after it, each
 * by its own outlet, every third crediting the wire by its address (which
 * names no origin until the wire is stored). */
static np_story *wire_copy(size_t i)
{
	char id[32], when[32], outlet[32];
	snprintf(id, sizeof id, i ? "copy-%03zu" : "wire", i);
	snprintf(when, sizeof when, "2025-03-08T%02zu:%02zu:00Z", 6 + i / 60, i % 60);
	snprintf(outlet, sizeof outlet, i ? "Paper %zu" : "Northgate Wire", i);
	np_story *s = make_story(id, when, i ? 17 + i % 5 : 0, 400, 0);
	s->outlet = np_strdup(outlet);
	if (!i)
		s->url = np_strdup(WIRE_URL);
	if (i && i % 3 == 0) {
		s->credits = realloc(s->credits, (s->n_credits + 1) * sizeof *s->credits);
		s->credits[s->n_credits++] = (np_credit){NP_CREDIT_SOURCE_URL, np_strdup(WIRE_URL)};
	}
	return s;
}

/* The wire's copies, latest first in small commits, the wire among them:
 * what the store holds of the cluster, kept up a commit at a time from its
 * panel and its new members, is what attributing it whole gives. */
static void test_wire_cluster(void)
{
	np_params p = NP_PARAMS_INIT;
	p.batch = WIRE_BATCH;
	np_db *db = open_db_with("wire.db", &p);
	for (size_t n = 0, i = WIRE_COPIES; i > 0; i--, n++) {
		if (n == WIRE_ARRIVES)
			ingest_only_in(db, wire_copy(0), 1);
		ingest_only_in(db, wire_copy(i), 1);
	}
	close_db(db);
	db = open_db("wire.db");
	np_cluster_rec c;
	np_error err = {0};
	unsigned k = np_db_params(db)->minhash_k;
	CHECK_INT(np_store_load_cluster(np_db_store(db), 1, k, &c, &err), NP_OK);
	CHECK_INT(c.n, WIRE_COPIES + 1);
	CHECK_STR(c.m[0].id, "wire"); /* the first published */
	int64_t stored_origin = c.origin_sid;
	char *stored_evidence = np_strdup(c.evidence_json);
	CHECK_INT(np_attribute(&c, k, &err), NP_OK);
	CHECK_INT(stored_origin, c.m[0].sid);
	CHECK_INT(c.origin_sid, stored_origin);
	CHECK_STR(c.evidence_json, stored_evidence);
	size_t credited = 0;
	for (size_t i = 0; i < c.n; i++) {
		CHECK_INT(c.m[i].credits_origin_stored, c.m[i].credits_origin);
		credited += c.m[i].credits_origin != 0;
	}
	CHECK_INT(credited, WIRE_COPIES / 3);
	free(stored_evidence);
	np_cluster_rec_free(&c);
	close_db(db);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	test_new_ids();
	test_union_find();
	if (tmpstore_make("np-cluster"))
		return 1;
	test_clustering();
	test_merge();
	test_lead();
	test_rank();
	test_wire_cluster();
	tmpstore_remove();
	return CHECK_DONE();
}
