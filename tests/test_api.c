/*
 * test_api.c — the public API's own rules, through the shared library as a
 * program links it: the run-time version agrees with the header and with the
 * project's version (argv[1]), and every function taking an options struct
 * refuses a struct of a version the library does not know, with a message,
 * and without touching a store; and the JSON a binding or a service works
 * with: a record in, a decision and a report out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "newsprint.h"
#include "tmpstore.h"

/* A version no header has described yet: what a caller built against a
 * newer header than the library's would pass. */
#define UNKNOWN_VERSION 99

static const char PAGE[] = "Harbour tram extension backed\n\n"
                           "The council voted on Tuesday to extend the harbour tram line to "
                           "Sandhaven, a project that has been debated for a decade.\n";

static void test_version(const char *project_version)
{
	CHECK_STR(np_version(), NP_VERSION);
	CHECK_STR(np_version(), project_version);
	CHECK_INT(np_version_number(), NP_VERSION_NUMBER);
	int major = -1, minor = -1, patch = -1;
	CHECK_INT(sscanf(np_version(), "%d.%d.%d", &major, &minor, &patch), 3);
	CHECK_INT(major, NP_VERSION_MAJOR);
	CHECK_INT(minor, NP_VERSION_MINOR);
	CHECK_INT(patch, NP_VERSION_PATCH);
	CHECK_INT(np_version_number(), major * 10000 + minor * 100 + patch);
}

/* err says which struct and which version was refused. */
static void check_refused(np_status rc, const np_error *err, const char *what)
{
	CHECK_INT(rc, NP_EINVAL);
	CHECK_INT(err->code, NP_EINVAL);
	CHECK(strstr(err->msg, what) != NULL);
	CHECK(strstr(err->msg, "version 99") != NULL);
}

static void test_params_init(void)
{
	np_params p, q = NP_PARAMS_INIT;
	np_error err = {0};
	memset(&p, 0xff, sizeof p);
	CHECK_INT(np_params_init(&p, NP_PARAMS_VERSION, &err), NP_OK);
	CHECK_INT(p.version, NP_PARAMS_VERSION);
	CHECK_INT(q.version, NP_PARAMS_VERSION);
	CHECK(memcmp(&p, &q, sizeof p) == 0); /* nothing given: every other field 0 */
	CHECK_INT(np_params_default(&p, NP_PARAMS_VERSION, &err), NP_OK);
	CHECK_INT(p.version, NP_PARAMS_VERSION);
	CHECK(p.minhash_k > 0 && p.threshold > 0.0);
	CHECK_INT(np_params_validate(&p, &err), NP_OK);
	CHECK_INT(np_params_fill(&q, &p, &err), NP_OK);
	CHECK_INT(q.minhash_k, p.minhash_k);

	memset(&q, 0xff, sizeof q);
	check_refused(np_params_init(&q, UNKNOWN_VERSION, &err), &err, "np_params");
	CHECK_INT(q.minhash_k, ~0u); /* refused: not written */
	check_refused(np_params_default(&q, UNKNOWN_VERSION, &err), &err, "np_params");
	CHECK_INT(np_params_init(&q, 0, &err), NP_EINVAL); /* a struct never initialised */
}

static void test_params_refused(void)
{
	np_params bad, good;
	np_error err = {0};
	np_params_default(&good, NP_PARAMS_VERSION, NULL);
	bad = good;
	bad.version = UNKNOWN_VERSION;
	check_refused(np_params_validate(&bad, &err), &err, "np_params");
	check_refused(np_params_fill(&bad, &good, &err), &err, "np_params");
	check_refused(np_params_fill(&good, &bad, &err), &err, "np_params");

	np_story *s = NULL;
	CHECK_INT(np_segment(PAGE, sizeof PAGE - 1, &s, &err), NP_OK);
	np_fingerprint *fp = (np_fingerprint *)&err; /* must be set to NULL */
	check_refused(np_sign(&bad, s, 0, &fp, &err), &err, "np_params");
	CHECK(fp == NULL);
	np_passages ps;
	check_refused(np_passages_compare(NULL, &bad, s, s, &ps, &err), &err, "np_params");
	CHECK_INT(np_sign(&good, s, 0, &fp, &err), NP_OK);
	np_fingerprint_free(fp);
	np_story_free(s);
}

static void test_open_refused(void)
{
	if (tmpstore_make("np-api") != 0) {
		CHECK(!"a temporary folder");
		return;
	}
	np_params bad = NP_PARAMS_INIT;
	bad.version = UNKNOWN_VERSION;
	np_db *db = (np_db *)&bad; /* must be set to NULL */
	np_error err = {0};
	const char *path = tmpstore_path("refused.db");
	check_refused(np_db_open(&db, path, NP_OPEN_READWRITE, &bad, &err), &err, "np_params");
	CHECK(db == NULL);
	CHECK(access(path, F_OK) != 0); /* refused before the store was made */

	np_params given = NP_PARAMS_INIT;
	path = tmpstore_path("opened.db");
	CHECK_INT(np_db_open(&db, path, NP_OPEN_READWRITE, &given, &err), NP_OK);
	if (db) {
		CHECK_INT(np_db_params(db)->version, NP_PARAMS_VERSION);
		CHECK_INT(np_db_close(db, &err), NP_OK);
	}
	tmpstore_remove();
}

static void test_segment_opts(void)
{
	np_segment_opts opts = NP_SEGMENT_OPTS_INIT, bad;
	np_error err = {0};
	CHECK_INT(opts.version, NP_SEGMENT_OPTS_VERSION);
	memset(&bad, 0xff, sizeof bad);
	CHECK_INT(np_segment_opts_init(&bad, NP_SEGMENT_OPTS_VERSION, &err), NP_OK);
	CHECK(memcmp(&bad, &opts, sizeof bad) == 0);
	check_refused(np_segment_opts_init(&bad, UNKNOWN_VERSION, &err), &err, "np_segment_opts");

	np_story *s = NULL;
	opts.fetched = "2024-10-24";
	CHECK_INT(np_segment_ex(PAGE, sizeof PAGE - 1, &opts, &s, &err), NP_OK);
	CHECK(s && s->body.n == 1);
	np_story_free(s);
	bad = opts;
	bad.version = UNKNOWN_VERSION;
	s = (np_story *)&bad; /* must be set to NULL */
	check_refused(np_segment_ex(PAGE, sizeof PAGE - 1, &bad, &s, &err), &err,
	              "np_segment_opts");
	CHECK(s == NULL);
}

/* A record as a binding hands it over, and the decisions made of it. */
static const char WIRE_RECORD[] =
	"{\"id\":\"w1\",\"outlet\":\"Wire\",\"published\":\"2024-03-05\",\"text\":"
	"\"The council voted on Tuesday to extend the harbour tram line to Sandhaven, a project "
	"that has been debated for a decade and will cost the city some forty million.\\n\\n"
	"Work starts in the spring and the first trams run in two years, the mayor said.\"}";

static void check_bad_record(const char *record, const char *want)
{
	np_story *s = (np_story *)record; /* must be set to NULL */
	np_error err = {0};
	CHECK_INT(np_story_from_json(record, strlen(record), &s, &err), NP_EINPUT);
	CHECK(s == NULL);
	CHECK_STR(err.msg, want);
}

/* Decides rec against db (stored when ingest) and returns the decision's JSON. */
static char *decide_json(np_db *db, const char *rec, int ingest)
{
	np_story *s = NULL;
	np_error err = {0};
	np_decision d = {0};
	char *json = NULL;
	CHECK_INT(np_story_from_json(rec, strlen(rec), &s, &err), NP_OK);
	if (s && (ingest ? np_ingest(db, s, &d, &err) : np_check(db, s, &d, &err)) == NP_OK)
		json = np_decision_json(s->id, &d, NULL, NULL);
	np_decision_clear(&d);
	np_story_free(s);
	return json;
}

static void test_json(void)
{
	check_bad_record("[1]", "not a JSON object");
	check_bad_record("{\"text\":\"x\"}", "missing 'id'");
	check_bad_record("{\"id\":\"a\"} {}", "a second JSON value after the record at column 12: "
	                                      "one JSON value a line");
	check_bad_record("{\"id\":\"a\",\"text\":\"x\\u0000y\"}",
	                 "a string holds \\u0000 (a NUL character)");
	if (tmpstore_make("np-api-json") != 0) {
		CHECK(!"a temporary folder");
		return;
	}
	np_params p = NP_PARAMS_INIT;
	np_db *db = NULL;
	np_error err = {0};
	CHECK_INT(np_db_open(&db, tmpstore_path("json.db"), NP_OPEN_READWRITE, &p, &err), NP_OK);
	char *first = decide_json(db, WIRE_RECORD, 1);
	CHECK_STR(first ? first : "", "{\"id\":\"w1\",\"status\":\"new\",\"cluster\":1}");
	char *again = decide_json(db, WIRE_RECORD, 0);
	CHECK(again && strstr(again, "\"status\":\"skipped\"") &&
	      strstr(again, "\"error\":\"id already stored\""));
	char *report = NULL;
	CHECK_INT(np_report_string(db, NP_REPORT_JSON, 1, &report, &err), NP_OK);
	CHECK(report && strstr(report, "\"stories\":\t1,") && strstr(report, "\"id\":\t\"w1\""));
	np_free(first);
	np_free(again);
	np_free(report);
	CHECK_INT(np_db_close(db, &err), NP_OK);
	tmpstore_remove();
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: test_api PROJECT_VERSION\n");
		return 2;
	}
	test_version(argv[1]);
	test_params_init();
	test_params_refused();
	test_open_refused();
	test_segment_opts();
	test_json();
	if (check_failures)
		fprintf(stderr, "test_api: %d checks failed\n", check_failures);
	return check_failures ? 1 : 0;
}
