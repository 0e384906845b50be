/*
 * test_attribute.c — choosing a cluster's origin (np_attribute) and its
 * copy edges (np_lineage_build) on hand-built clusters with known truth:
 * credits by source URL (scheme, www., case and trailing slash ignored), by
 * agency name, initials and the aliases of data/agencies.tsv, a page known
 * by its own Source: URL, publication time when nobody credits anybody and
 * its precision (a date alone is a day, not its midnight), an origin
 * outside the corpus, a chain wire -> paper -> aggregator, outlet kinds,
 * containment direction, the credits_origin flags, the confidence and the
 * evidence sentences; the agencies and outlets files; and clusters larger
 * than the panel, whose attribution and edges compare a bounded number of
 * member pairs.
 */
#include <stdlib.h>
#include <unistd.h>

#include "attribute/attribute.h"
#include "attribute/credits.h"
#include "attribute/external.h"
#include "attribute/when.h"
#include "check.h"
#include "attribute/lineage.h"
#include "read/outlets.h"
#include "util/strbuf.h"

/* MinHash values of the hand-built signatures: enough for Jaccard in twelfths. */
#define TEST_K 12

/* Adds a member (members are given in stored order: published, then id). */
static np_member *add_member(np_cluster_rec *c, int64_t sid, const char *url,
                             const char *outlet, const char *published)
{
	c->m = realloc(c->m, (c->n + 1) * sizeof *c->m);
	np_member *m = &c->m[c->n++];
	memset(m, 0, sizeof *m);
	char id[32];
	snprintf(id, sizeof id, "story-%lld", (long long)sid);
	m->sid = sid;
	m->id = np_strdup(id);
	m->url = np_strdup(url);
	m->outlet = np_strdup(outlet);
	m->published = np_strdup(published);
	m->minhash = calloc(TEST_K, sizeof *m->minhash);
	return m;
}

/* Gives m a body of n_shingles whose signature shares `same` of TEST_K
 * values with the all-zero signature of the other members. */
static void set_body(np_member *m, uint32_t n_shingles, unsigned same)
{
	m->n_shingles = n_shingles;
	for (unsigned i = same; i < TEST_K; i++)
		m->minhash[i] = 1000 + i;
}

static void add_credit(np_member *m, np_credit_kind kind, const char *value)
{
	m->credits = realloc(m->credits, (m->n_credits + 1) * sizeof *m->credits);
	m->credits[m->n_credits++] = (np_credit){kind, np_strdup(value)};
}

/* Attributes c and checks the origin, confidence, evidence and the members
 * whose credits_origin is set (flags: one '0'/'1' a member); frees c. */
static void check_attribution(np_cluster_rec *c, int64_t origin, double confidence,
                              const char *evidence, const char *flags)
{
	np_error err = {0};
	CHECK_INT(np_attribute(c, TEST_K, &err), NP_OK);
	CHECK_INT(c->origin_sid, origin);
	if (c->confidence < confidence - 1e-9 || c->confidence > confidence + 1e-9) {
		fprintf(stderr, "confidence %g, want %g\n", c->confidence, confidence);
		CHECK(0);
	}
	CHECK_STR(c->evidence_json, evidence);
	char got[16] = "";
	for (size_t i = 0; i < c->n && i + 1 < sizeof got; i++)
		got[i] = c->m[i].credits_origin ? '1' : '0';
	CHECK_STR(got, flags);
	np_cluster_rec_free(c);
}

/* Confidences below are the noisy-OR of evidence.c: 1 - product of (1 - p). */

static void test_source_url(void)
{
	np_cluster_rec c = {.id = 1};
	/* an aggregator published first and credits a page nobody in the cluster has */
	np_member *agg = add_member(&c, 10, "https://aggregator.example/x", "Aggregator",
	                            "2025-03-03T04:00:00Z");
	add_credit(agg, NP_CREDIT_SOURCE_URL, "https://northgatewire.example/2025/other");
	add_member(&c, 11, "https://northgatewire.example/2025/strike", "Northgate Wire",
	           "2025-03-03T05:40:00Z");
	np_member *a = add_member(&c, 12, "https://a.example/1", "A Daily", "2025-03-03T07:00:00Z");
	add_credit(a, NP_CREDIT_SOURCE_URL, "http://www.NorthgateWire.example/2025/Strike/");
	np_member *b = add_member(&c, 13, "https://b.example/1", "B Post", "2025-03-03T08:00:00Z");
	add_credit(b, NP_CREDIT_SOURCE_URL, "northgatewire.example/2025/strike");
	/* credits outrank time, but the earlier aggregator halves the confidence:
	 * (1 - 0.4^2) * 0.5 */
	check_attribution(&c, 11, 0.42,
	                  "[\"credited by 2 members\",\"but Aggregator published earlier\"]", "0011");
}

static void test_agency(void)
{
	np_cluster_rec c = {.id = 2};
	add_member(&c, 20, NULL, "Northgate Wire", "2025-03-03T05:00:00Z");
	np_member *a = add_member(&c, 21, NULL, "A Daily", "2025-03-03T07:00:00Z");
	add_credit(a, NP_CREDIT_AGENCY, "NORTHGATE WIRE");
	np_member *b = add_member(&c, 22, NULL, "B Post", "2025-03-03T08:00:00Z");
	add_credit(b, NP_CREDIT_BYLINE, "By Jane Roe, Northgate Wire");
	np_member *d = add_member(&c, 23, NULL, "C Times", "2025-03-03T09:00:00Z");
	add_credit(d, NP_CREDIT_AGENCY, "Reuters");
	/* credited by 2 and the earliest by 2 h: 1 - 0.4 * 0.4 * 0.4; one credit to
	 * Reuters is fewer than the origin's two: no external origin */
	check_attribution(&c, 20, 0.936, "[\"credited by 2 members\",\"earliest by 2 h\"]", "0110");
}

/* A single copy crediting the origin by its initials; an uncredited paper
 * published before it. */
static void check_initials(const char *outlet, const char *credit, double confidence,
                           const char *evidence)
{
	np_cluster_rec c = {.id = 3};
	add_member(&c, 30, NULL, "Riverside Daily", "2025-03-03T05:00:00Z");
	add_member(&c, 31, NULL, outlet, "2025-03-03T06:00:00Z");
	np_member *a = add_member(&c, 32, NULL, "A Daily", "2025-03-03T07:00:00Z");
	add_credit(a, NP_CREDIT_AGENCY, credit);
	check_attribution(&c, 31, confidence, evidence, "001");
}

static void test_initials(void)
{
	/* a wire service (data/agencies.tsv): (1 - 0.4 * 0.8) * 0.5 */
	check_initials("Associated Press", "AP", 0.34,
	               "[\"credited by 1 member\",\"but Riverside Daily published earlier\","
	               "\"a wire service\"]");
	/* an abbreviation may take more than the initial of a word: the sample's
	 * wire dateline "PORT ELLIS (NGW) —" names Northgate Wire */
	check_initials("Northgate Wire", "NGW", 0.3,
	               "[\"credited by 1 member\",\"but Riverside Daily published earlier\"]");
}

/* A page dump has no URL: it is known by its own "Source:" line. */
static void test_page_own_source(void)
{
	np_cluster_rec c = {.id = 4};
	np_member *a = add_member(&c, 40, "https://a.example/1", "A Daily", "2025-03-04T06:00:00Z");
	add_credit(a, NP_CREDIT_SOURCE_URL, "https://www.coastline.example/pilots");
	np_member *page = add_member(&c, 41, NULL, "Coastline Herald", "2025-03-04T07:00:00Z");
	add_credit(page, NP_CREDIT_SOURCE_URL, "https://coastline.example/pilots");
	np_member *b = add_member(&c, 42, "https://b.example/1", "B Post", "2025-03-04T08:00:00Z");
	add_credit(b, NP_CREDIT_SOURCE_URL, "HTTPS://coastline.example/pilots/");
	check_attribution(&c, 41, 0.42,
	                  "[\"credited by 2 members\",\"but A Daily published earlier\"]", "101");
}

/* Two URL-less copies crediting one external page do not credit each
 * other: a page's own Source: URL must name its own outlet. The wire (sid
 * 50) is earliest and nobody names it: origin by time, no flags. */
static void test_copies_sharing_a_source(void)
{
	np_cluster_rec c = {.id = 5};
	add_member(&c, 50, "https://wire.example/a", "Wire", "2025-03-04T08:00:00Z");
	np_member *a = add_member(&c, 51, NULL, "A Daily", "2025-03-04T10:00:00Z");
	add_credit(a, NP_CREDIT_SOURCE_URL, "https://elsewhere.example/b");
	np_member *b = add_member(&c, 52, NULL, "B Post", "2025-03-04T11:00:00Z");
	add_credit(b, NP_CREDIT_SOURCE_URL, "https://elsewhere.example/b");
	check_attribution(&c, 50, 0.6, "[\"earliest by 2 h\"]", "000");
}

static void check_by_time(const char *t0, const char *t1, const char *t2, double confidence,
                          const char *evidence)
{
	np_cluster_rec c = {.id = 6};
	add_member(&c, 60, NULL, "A Daily", t0);
	add_member(&c, 61, NULL, "B Post", t1);
	add_member(&c, 62, NULL, "C Times", t2);
	check_attribution(&c, 60, confidence, evidence, "000");
}

static void test_time(void)
{
	check_by_time("2025-03-04T06:00:00Z", "2025-03-04T09:30:00Z", "2025-03-05T06:00:00Z", 0.6,
	              "[\"earliest by 3 h\"]");
	check_by_time("2025-03-04T06:00:00Z", "2025-03-04T06:20:00Z", "2025-03-04T09:00:00Z", 0.4,
	              "[\"earliest by 20 min\"]");
	check_by_time("2025-03-04T06:00:00Z", "2025-03-04T06:00:00Z", "2025-03-04T09:00:00Z", 0.3,
	              "[\"published at the same time as another member\"]");
	check_by_time(NULL, NULL, NULL, 0.3, "[\"no publication times to compare\"]");
	/* a date a day before the timestamps wins by date, weaker than by time */
	check_by_time("2025-03-03", "2025-03-04T06:00:00Z", "2025-03-04T09:00:00Z", 0.4,
	              "[\"earliest by date: 1 day before the next\"]");

	np_cluster_rec one = {.id = 7};
	add_member(&one, 70, NULL, "A Daily", "2025-03-04");
	check_attribution(&one, 70, 1.0, "[]", "0");
}

/* A member with only a date (stored first: "2025-03-04" sorts before
 * "2025-03-04T...") does not win "earliest" by its midnight: its day holds
 * the 09:00 story too, which wins as the more precise. */
static void test_date_precision(void)
{
	np_cluster_rec c = {.id = 8};
	add_member(&c, 80, NULL, "A Daily", "2025-03-04");
	add_member(&c, 81, NULL, "B Post", "2025-03-04T09:00:00Z");
	add_member(&c, 82, NULL, "C Times", "2025-03-04T12:00:00Z");
	check_attribution(&c, 81, 0.3, "[\"published the same day as 1 member with a date alone\"]",
	                  "000");
	np_when d = {.known = 1, .lo = 0, .hi = 86399}, t = {.known = 1, .precise = 1, .lo = 3600,
	                                                     .hi = 3600};
	np_when later = {.known = 1, .precise = 1, .lo = 90000, .hi = 90000};
	CHECK_INT(np_when_cmp(d, t), 0);
	CHECK_INT(np_when_cmp(d, later), -1);
	CHECK_INT(np_when_cmp(later, t), 1);
	CHECK_INT(np_when_cmp((np_when){0}, t), 0);
}

/* Three members crediting Reuters (by name, by its dateline, by a URL on
 * its domain), none from Reuters: the origin is outside the corpus; the
 * earliest member is the first in it, and every copy credits the origin. */
static void test_external_origin(void)
{
	np_cluster_rec c = {.id = 9};
	np_member *a = add_member(&c, 90, NULL, "A Daily", "2025-03-04T06:00:00Z");
	add_credit(a, NP_CREDIT_AGENCY, "Reuters");
	np_member *b = add_member(&c, 91, NULL, "B Post", "2025-03-04T08:00:00Z");
	add_credit(b, NP_CREDIT_AGENCY, "Thomson Reuters");
	np_member *d = add_member(&c, 92, NULL, "C Times", "2025-03-04T09:00:00Z");
	add_credit(d, NP_CREDIT_SOURCE_URL, "https://www.reuters.com/world/abc");
	np_external x;
	np_attribute_external(&c, &x);
	CHECK_STR(x.outlet, "Reuters");
	CHECK_INT(x.credited_by, 3);
	CHECK(x.confidence > 0.935 && x.confidence < 0.937); /* 1 - 0.4^3 */
	check_attribution(&c, 90, 0.6,
	                  "[\"Reuters, credited by 3 members, not in the corpus\",\"earliest by 2 h\"]",
	                  "011");

	/* an unknown agency name needs two members to agree */
	np_cluster_rec one = {.id = 10};
	np_member *e = add_member(&one, 93, NULL, "A Daily", "2025-03-04T06:00:00Z");
	add_credit(e, NP_CREDIT_AGENCY, "Fooland Press Service");
	add_member(&one, 94, NULL, "B Post", "2025-03-04T08:00:00Z");
	np_attribute_external(&one, &x);
	CHECK_STR(x.outlet, "");
	np_member *f = &one.m[1];
	add_credit(f, NP_CREDIT_AGENCY, "FOOLAND PRESS SERVICE");
	np_attribute_external(&one, &x);
	CHECK_STR(x.outlet, "Fooland Press Service");
	np_cluster_rec_free(&one);
}

/* Wire -> paper -> aggregator, all dated the same day: the aggregator
 * credits the paper, the paper the wire. The wire is reached by two credits
 * (one through the paper), the paper by one. */
static void test_chain(void)
{
	np_cluster_rec c = {.id = 11};
	np_member *agg = add_member(&c, 100, NULL, "Coastline Aggregator", "2025-03-04");
	add_credit(agg, NP_CREDIT_SOURCE_URL, "https://riversidedaily.example/buses");
	add_member(&c, 101, NULL, "Associated Press", "2025-03-04");
	np_member *paper = add_member(&c, 102, "https://riversidedaily.example/buses/",
	                              "Riverside Daily", "2025-03-04");
	add_credit(paper, NP_CREDIT_AGENCY, "AP");
	np_error err = {0};
	CHECK_INT(np_attribute(&c, TEST_K, &err), NP_OK);
	CHECK_INT(c.origin_sid, 101);
	/* 1 - 0.4 (credit) * 0.7 (chain credit) * 0.8 (wire) */
	CHECK(c.confidence > 0.775 && c.confidence < 0.777);
	CHECK_STR(c.evidence_json, "[\"credited by 1 member, and by 1 more through another copy\","
	                           "\"published the same day as 2 members with a date alone\","
	                           "\"a wire service\"]");
	CHECK_INT(c.m[0].credits_origin, 0); /* the aggregator credits the paper, not the wire */
	CHECK_INT(c.m[2].credits_origin, 1);

	np_lineage l;
	np_external x = {0};
	CHECK_INT(np_lineage_build(&c, 1, TEST_K, &x, &l, &err), NP_OK);
	CHECK_INT(l.n, 2);
	const np_edge *to_paper = np_lineage_edge_to(&l, 2), *to_agg = np_lineage_edge_to(&l, 0);
	CHECK(np_lineage_edge_to(&l, 1) == NULL);
	CHECK(to_paper && to_paper->from == 1 && to_paper->credited && to_paper->by_credit);
	CHECK(to_agg && to_agg->from == 2 && to_agg->credited && to_agg->by_credit);
	CHECK(to_agg && to_agg->jaccard == 1.0);
	CHECK_INT(np_lineage_chain_end(&l, 0), 1);
	CHECK_INT(np_lineage_chain_end(&l, 2), 0);
	size_t chain[4];
	CHECK_INT(np_lineage_chain(&l, 0, chain, 4), 3);
	CHECK(chain[0] == 1 && chain[1] == 2 && chain[2] == 0);
	CHECK_INT(np_lineage_uncredited(&l, 0), 0);
	np_lineage_free(&l);
	np_cluster_rec_free(&c);
}

/* Without credits, a copy's source is the earlier member its text is most
 * found in, and a copy naming nobody is flagged uncredited. */
static void test_uncredited_edges(void)
{
	np_cluster_rec c = {.id = 12};
	add_member(&c, 110, NULL, "Reuters", "2025-03-04T06:00:00Z");
	np_member *p = add_member(&c, 111, NULL, "A Daily", "2025-03-04T07:00:00Z");
	set_body(p, 100, 9); /* a copy-edit: 9 of 12 values kept */
	np_member *q = add_member(&c, 112, NULL, "B Post", "2025-03-04T08:00:00Z");
	set_body(q, 100, 9);
	memcpy(q->minhash, c.m[1].minhash, TEST_K * sizeof *q->minhash); /* B copied A's edit (p moved with the array) */
	np_member *r = add_member(&c, 113, NULL, "C Times", "2025-03-04T09:00:00Z");
	add_credit(r, NP_CREDIT_AGENCY, "Reuters");
	np_error err = {0};
	CHECK_INT(np_attribute(&c, TEST_K, &err), NP_OK);
	CHECK_INT(c.origin_sid, 110);
	np_lineage l;
	np_external x = {0};
	CHECK_INT(np_lineage_build(&c, 0, TEST_K, &x, &l, &err), NP_OK);
	CHECK(np_lineage_edge_to(&l, 1)->from == 0);
	CHECK(np_lineage_edge_to(&l, 2)->from == 1); /* identical to A's edit, not the wire's text */
	CHECK(np_lineage_edge_to(&l, 2)->jaccard == 1.0);
	CHECK(np_lineage_edge_to(&l, 1)->jaccard == 0.75);
	CHECK_INT(np_lineage_uncredited(&l, 1), 1);
	CHECK_INT(np_lineage_uncredited(&l, 2), 1);
	CHECK_INT(np_lineage_uncredited(&l, 3), 0);
	CHECK_INT(np_lineage_chain_end(&l, 2), 1);
	np_lineage_free(&l);
	np_cluster_rec_free(&c);
}

/* An expanded copy (a new intro: 150 shingles holding all 100 of the
 * original's) and its original, dated the same day: the original is the
 * one found whole in the other. The copy is stored first (its id sorts first). */
static void test_containment_direction(void)
{
	np_cluster_rec c = {.id = 13};
	np_member *expanded = add_member(&c, 120, NULL, "B Post", "2025-03-04");
	set_body(expanded, 150, 8); /* Jaccard 8/12 = 100/150 */
	np_member *orig = add_member(&c, 121, NULL, "A Daily", "2025-03-04");
	orig->n_shingles = 100;
	check_attribution(&c, 121, 0.2,
	                  "[\"published the same day as 1 member with a date alone\","
	                  "\"its text is found whole in 1 member\"]", "00");
}

/* In a tie of time, a wire outranks a paper, which outranks an aggregator;
 * a member's own dateline outranks the kind. */
static void test_kinds(void)
{
	np_cluster_rec c = {.id = 14};
	add_member(&c, 130, NULL, "Yahoo News", "2025-03-04");
	add_member(&c, 131, NULL, "A Daily", "2025-03-04");
	check_attribution(&c, 131, 0.3, "[\"published the same day as 1 member with a date alone\"]",
	                  "00");
	np_cluster_rec d = {.id = 15};
	add_member(&d, 140, NULL, "A Daily", "2025-03-04");
	add_member(&d, 141, NULL, "Agence France-Presse", "2025-03-04");
	check_attribution(&d, 141, 0.2, "[\"published the same day as 1 member with a date alone\","
	                  "\"a wire service\"]", "00");
	np_cluster_rec e = {.id = 16};
	add_member(&e, 150, NULL, "Agence France-Presse", "2025-03-04");
	np_member *own = add_member(&e, 151, NULL, "Northgate Wire", "2025-03-04");
	add_credit(own, NP_CREDIT_AGENCY, "NGW");
	check_attribution(&e, 151, 0.3, "[\"published the same day as 1 member with a date alone\","
	                  "\"carries its own dateline or byline\"]", "00");
}

static int names(np_credit_kind kind, const char *value, const char *url, const char *outlet)
{
	np_credit cr = {kind, (char *)value};
	np_member m = {.url = (char *)url, .outlet = (char *)outlet};
	return np_credit_names(&cr, &m);
}

static void test_credit_names(void)
{
	const char *url = "https://northgatewire.example/a";
	CHECK_INT(names(NP_CREDIT_SOURCE_URL, "http://WWW.northgatewire.example/A/", url, NULL), 1);
	CHECK_INT(names(NP_CREDIT_SOURCE_URL, "https://northgatewire.example/a/b", url, NULL), 0);
	CHECK_INT(names(NP_CREDIT_SOURCE_URL, "https://other.example/a", url, NULL), 0);
	CHECK_INT(names(NP_CREDIT_SOURCE_URL, "", url, NULL), 0);
	CHECK_INT(names(NP_CREDIT_AGENCY, "northgate wire", NULL, "Northgate Wire"), 1);
	CHECK_INT(names(NP_CREDIT_AGENCY, "Northgate", NULL, "Northgate Wire"), 0);
	CHECK_INT(names(NP_CREDIT_AGENCY, "Northgate Wire", NULL, NULL), 0);
	CHECK_INT(names(NP_CREDIT_AGENCY, "AP", NULL, "Associated Press"), 1);
	/* aliases and dateline forms of data/agencies.tsv */
	CHECK_INT(names(NP_CREDIT_AGENCY, "TTXVN", NULL, "Vietnam News Agency"), 1);
	CHECK_INT(names(NP_CREDIT_AGENCY, "Theo Thông tấn xã Việt Nam", NULL, "VNA"), 1);
	CHECK_INT(names(NP_CREDIT_BYLINE, "By Jane Roe, PA News", NULL, "PA Media"), 1);
	CHECK_INT(names(NP_CREDIT_AGENCY, "新华社", NULL, "Xinhua"), 1);
	CHECK_INT(names(NP_CREDIT_SOURCE_URL, "https://uk.reuters.com/x", NULL, "Reuters"), 1);
	CHECK_INT(names(NP_CREDIT_AGENCY, "Reuters", NULL, "Agence France-Presse"), 0);
	CHECK_INT(names(NP_CREDIT_SOURCE_URL, "https://notreuters.com/x", NULL, "Reuters"), 0);
}

/* Every agency the issue names is known, as a wire, by its usual short name. */
static void test_builtin_tables(void)
{
	static const char *const AGENCIES[] = {
		"Reuters", "AP", "AFP", "PA", "dpa", "EFE", "ANSA", "Kyodo", "Xinhua", "TASS",
		"Yonhap", "VNA", "TTXVN", "APP", "Bernama", "Antara", "PTI",
	};
	for (size_t i = 0; i < sizeof AGENCIES / sizeof *AGENCIES; i++) {
		const np_publisher *p = np_publisher_named(AGENCIES[i]);
		CHECK(p != NULL);
		CHECK_INT(np_publisher_kind(p), NP_KIND_WIRE);
	}
	CHECK_INT(np_publisher_kind(np_publisher_named("Yahoo News")), NP_KIND_AGGREGATOR);
	CHECK_INT(np_publisher_kind(np_publisher_of_url("https://www.bbc.co.uk/news/1")),
	          NP_KIND_BROADCASTER);
	CHECK(np_publisher_named("The Daily Planet") == NULL);
	CHECK_STR(np_outlet_kind_name(NP_KIND_AGGREGATOR), "aggregator");
}

/* One outlet: one known publisher by any of its names or domains, else one
 * name, else one web host; nothing known is nobody's. */
static void test_same_outlet(void)
{
	CHECK(np_same_outlet("AP", NULL, "The Associated Press", NULL));
	CHECK(np_same_outlet("AP", NULL, NULL, "https://apnews.com/article/1"));
	CHECK(!np_same_outlet("AP", NULL, "AAP", NULL));
	CHECK(!np_same_outlet("AP", NULL, "The Harbour Courier", NULL));
	CHECK(np_same_outlet("The Harbour Courier", NULL, "the harbour courier", NULL));
	CHECK(!np_same_outlet("The Harbour Courier", NULL, "Valley Evening Post", NULL));
	CHECK(np_same_outlet(NULL, "https://www.courier.example/a", NULL,
	                     "http://courier.example/b?x=1"));
	CHECK(!np_same_outlet(NULL, "https://courier.example/a", NULL, "https://post.example/a"));
	CHECK(!np_same_outlet(NULL, NULL, NULL, NULL));
	CHECK(!np_same_outlet("", "", "", ""));
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* A user's outlets file is searched first: here it makes the sample's
 * Coastline Aggregator an aggregator, then forgets it. Bad lines name
 * their file and line. */
static void test_user_files(void)
{
	char path[] = "/tmp/np-outlets-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	np_error err = {0};
	write_file(path, "# test\nCoastline Aggregator\taggregator\tCA\tcoastline.example\n");
	CHECK_INT(np_outlets_user_loaded(), 0);
	CHECK_INT(np_outlets_load(path, &err), NP_OK);
	CHECK_INT(np_outlets_user_loaded(), 1);
	CHECK_INT(np_publisher_kind(np_publisher_named("Coastline Aggregator")), NP_KIND_AGGREGATOR);
	CHECK_INT(np_publisher_kind(np_publisher_of_url("https://coastline.example/a")),
	          NP_KIND_AGGREGATOR);
	np_outlets_unload();
	CHECK(np_publisher_named("Coastline Aggregator") == NULL);
	CHECK_INT(np_outlets_user_loaded(), 0);

	write_file(path, "Foo\tnewspaper\t-\t-\n");
	CHECK_INT(np_outlets_load(path, &err), NP_EINVAL);
	CHECK(strstr(err.msg, ":1: unknown outlet kind 'newspaper'") != NULL);
	write_file(path, "\nFoo Agency\tFA\n");
	CHECK_INT(np_agencies_load(path, &err), NP_EINVAL);
	CHECK(strstr(err.msg, ":2: want 4 tab-separated columns") != NULL);
	write_file(path, "Fooland Agency\tFLA|Fooland\t(FLA) -\tfooland.example\n");
	CHECK_INT(np_agencies_load(path, &err), NP_OK);
	CHECK_STR(np_publisher_name(np_publisher_named("(FLA) -")), "Fooland Agency");
	CHECK_INT(np_publisher_kind(np_publisher_named("Fooland")), NP_KIND_WIRE);
	np_outlets_unload();
	CHECK_INT(np_outlets_load("/nonexistent/outlets.tsv", &err), NP_EIO);
	unlink(path);
}

/* Members of the large clusters below: a wire story and its copies. */
#define LARGE_N (40 * NP_ATTRIBUTE_PANEL)
#define PANEL_NOTE "\"compared among its 64 first published members only\""

/* A cluster of the wire story (sid 1, earliest) and n - 1 copies a minute
 * apart, every third crediting it by name. */
static void wire_cluster(np_cluster_rec *c, size_t n)
{
	memset(c, 0, sizeof *c);
	c->id = 3;
	set_body(add_member(c, 1, "https://ngw.example/a", "Northgate Wire", "2025-03-03T05:00:00Z"),
	         400, TEST_K);
	for (size_t i = 1; i < n; i++) {
		char when[32], url[64];
		snprintf(when, sizeof when, "2025-03-%02zuT%02zu:%02zu:00Z", 4 + i / 1440, i / 60 % 24,
		         i % 60);
		snprintf(url, sizeof url, "https://paper%zu.example/a", i);
		np_member *m = add_member(c, (int64_t)i + 1, url, "Paper", when);
		set_body(m, 400, TEST_K - 1);
		if (i % 3 == 0)
			add_credit(m, NP_CREDIT_AGENCY, "Northgate Wire");
	}
}

/* A cluster of LARGE_N members is attributed on its panel: the work grows
 * with the members, not with their pairs, and every member is flagged. */
static void test_large_cluster(void)
{
	np_cluster_rec c;
	np_error err = {0};
	wire_cluster(&c, LARGE_N);
	CHECK_INT(np_attribute(&c, TEST_K, &err), NP_OK);
	CHECK_INT(c.origin_sid, 1);
	/* the panel's pairs twice (credits, containment), then one comparison a
	 * member: every pair would be 2 * LARGE_N^2, 40^2 times as many */
	uint64_t bound = 2ull * NP_ATTRIBUTE_PANEL * NP_ATTRIBUTE_PANEL + LARGE_N;
	if (c.compared > bound)
		fprintf(stderr, "%llu member pairs compared, bound %llu\n",
		        (unsigned long long)c.compared, (unsigned long long)bound);
	CHECK(c.compared <= bound);
	size_t flagged = 0;
	for (size_t i = 0; i < c.n; i++) {
		CHECK_INT(c.m[i].credits_origin, i > 0 && i % 3 == 0);
		flagged += c.m[i].credits_origin != 0;
	}
	CHECK_INT(flagged, (LARGE_N - 1) / 3);
	/* the evidence counts the panel's 21 credits, and says it is a panel */
	CHECK(strstr(c.evidence_json, "\"credited by 21 members\""));
	CHECK(strstr(c.evidence_json, PANEL_NOTE));

	np_external x;
	np_attribute_external(&c, &x);
	np_lineage l;
	CHECK_INT(np_lineage_build(&c, 0, TEST_K, &x, &l, &err), NP_OK);
	CHECK(l.compared <= (uint64_t)LARGE_N * NP_ATTRIBUTE_PANEL);
	CHECK_INT(l.n, LARGE_N - 1);
	for (size_t i = 0; i < l.n; i++)
		CHECK(l.e[i].from < NP_ATTRIBUTE_PANEL);
	CHECK_INT(np_lineage_edge_to(&l, LARGE_N - 1)->from, 0); /* credits the wire */
	CHECK_INT(np_lineage_edge_to(&l, LARGE_N - 1)->by_credit, 1);
	np_lineage_free(&l);
	np_cluster_rec_free(&c);
}

/* A cluster of the panel's size is attributed whole; one member more and
 * the evidence says which members were compared. */
static void test_panel_edge(void)
{
	np_cluster_rec c;
	np_error err = {0};
	for (size_t n = NP_ATTRIBUTE_PANEL; n <= NP_ATTRIBUTE_PANEL + 1; n++) {
		wire_cluster(&c, n);
		CHECK_INT(np_attribute(&c, TEST_K, &err), NP_OK);
		CHECK_INT(c.origin_sid, 1);
		CHECK_INT(!!strstr(c.evidence_json, PANEL_NOTE), n > NP_ATTRIBUTE_PANEL);
		CHECK_INT(c.m[n - 1].credits_origin, (n - 1) % 3 == 0);
		np_cluster_rec_free(&c);
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	test_source_url();
	test_agency();
	test_initials();
	test_page_own_source();
	test_copies_sharing_a_source();
	test_time();
	test_date_precision();
	test_external_origin();
	test_chain();
	test_uncredited_edges();
	test_containment_direction();
	test_kinds();
	test_credit_names();
	test_builtin_tables();
	test_same_outlet();
	test_user_files();
	test_large_cluster();
	test_panel_edge();
	np_cluster_rec empty = {.id = 8};
	np_error err = {0};
	CHECK_INT(np_attribute(&empty, TEST_K, &err), NP_OK);
	CHECK_INT(empty.origin_sid, 0);
	np_outlets_unload();
	return CHECK_DONE();
}
