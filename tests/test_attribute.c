/*
 * test_attribute.c — choosing a cluster's origin (np_attribute) on
 * hand-built clusters: credits by source URL (scheme, www., case and
 * trailing slash ignored), by agency name and by initials, a page known by
 * its own Source: URL, publication time when nobody credits anybody, the
 * credits_origin flags, the confidence and the evidence sentences.
 */
#include <stdlib.h>

#include "attribute.h"
#include "check.h"
#include "strbuf.h"

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
	m->minhash = calloc(4, sizeof *m->minhash);
	return m;
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
	CHECK_INT(np_attribute(c, &err), NP_OK);
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
	check_attribution(&c, 11, 0.7, "[\"credited by 2 members\"]", "0011");
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
	/* credited by 2 and the earliest by 2 h: 0.6 + 0.1 + 0.1 */
	check_attribution(&c, 20, 0.8, "[\"credited by 2 members\",\"earliest by 2 h\"]", "0110");
}

/* A single copy crediting the origin by its initials. */
static void check_initials(const char *outlet, const char *credit)
{
	np_cluster_rec c = {.id = 3};
	add_member(&c, 30, NULL, "Riverside Daily", "2025-03-03T05:00:00Z");
	add_member(&c, 31, NULL, outlet, "2025-03-03T06:00:00Z");
	np_member *a = add_member(&c, 32, NULL, "A Daily", "2025-03-03T07:00:00Z");
	add_credit(a, NP_CREDIT_AGENCY, credit);
	check_attribution(&c, 31, 0.6, "[\"credited by 1 member\"]", "001");
}

static void test_initials(void)
{
	check_initials("Associated Press", "AP");
	/* an abbreviation may take more than the initial of a word: the sample's
	 * wire dateline "PORT ELLIS (NGW) —" names Northgate Wire */
	check_initials("Northgate Wire", "NGW");
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
	check_attribution(&c, 41, 0.7, "[\"credited by 2 members\"]", "101");
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
	check_by_time("2025-03-04T06:00:00Z", "2025-03-04T06:20:00Z", "2025-03-04T09:00:00Z", 0.5,
	              "[\"earliest by 20 min\"]");
	check_by_time("2025-03-04T06:00:00Z", "2025-03-04T06:00:00Z", "2025-03-04T09:00:00Z", 0.3,
	              "[\"published at the same time as another member\"]");
	check_by_time(NULL, NULL, NULL, 0.3, "[\"no publication times to compare\"]");

	np_cluster_rec one = {.id = 7};
	add_member(&one, 70, NULL, "A Daily", "2025-03-04");
	check_attribution(&one, 70, 1.0, "[]", "0");
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
	test_credit_names();
	np_cluster_rec empty = {.id = 8};
	np_error err = {0};
	CHECK_INT(np_attribute(&empty, &err), NP_OK);
	CHECK_INT(empty.origin_sid, 0);
	return CHECK_DONE();
}
