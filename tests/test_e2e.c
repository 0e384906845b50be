/*
 * test_e2e.c — the whole path from the command line: `newsprint ingest`
 * over data/sample/ into a fresh store, then `report`, compared exactly with
 * data/sample/truth.tsv (every cluster's members and origin); then the
 * contract's decisions, exit statuses and messages.
 *
 * argv[1]: the source root; argv[2]: the newsprint program.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "util/strbuf.h"

static const char *src, *prog;
static int cluster_a; /* the id the report gives the wire story's cluster */
static char tmp[64] = "/tmp/np-e2e-XXXXXX";

/* Runs a newsprint command line from the source root, standard output and
 * error to tmp/out and tmp/err; returns its exit status. */
static int run(const char *args)
{
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s >'%s/out' 2>'%s/err' </dev/null", src, prog,
	         args, tmp, tmp);
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", tmp, name);
	FILE *f = fopen(path, "rb");
	np_buf b = {0};
	char chunk[4096];
	size_t n;
	while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		np_buf_add(&b, chunk, n);
	if (f)
		fclose(f);
	return b.p ? b.p : np_strdup("");
}

/* The JSON newsprint printed; a run that printed none ends the test here
 * (every later step reads it). */
static cJSON *out_json(void)
{
	char *text = slurp("out");
	cJSON *j = cJSON_Parse(text);
	if (!j) {
		fprintf(stderr, "newsprint printed no JSON:\n%s\n", text);
		free(text);
		exit(1);
	}
	free(text);
	return j;
}

/* truth.tsv rows: id, cluster label, origin flag */
typedef struct truth_row {
	char id[256], label[16];
	int origin;
} truth_row;

static size_t read_truth(truth_row *rows, size_t max)
{
	char path[1024], line[1024];
	snprintf(path, sizeof path, "%s/data/sample/truth.tsv", src);
	FILE *f = fopen(path, "r");
	size_t n = 0;
	CHECK(f != NULL);
	while (f && fgets(line, sizeof line, f) && n < max) {
		if (strncmp(line, "id\t", 3) == 0)
			continue;
		if (sscanf(line, "%255[^\t]\t%15[^\t]\t%d", rows[n].id, rows[n].label, &rows[n].origin) == 3)
			n++;
	}
	if (f)
		fclose(f);
	return n;
}

static const truth_row *truth_of(const truth_row *rows, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].id, id) == 0 && strcmp(rows[i].label, "skip") != 0)
			return &rows[i];
	return NULL;
}

/* Every reported cluster is exactly one truth cluster, with its origin. */
static void check_clusters(const cJSON *report, const truth_row *rows, size_t n)
{
	const cJSON *c;
	int labels_seen = 0;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(report, "clusters")) {
		const cJSON *members = cJSON_GetObjectItem(c, "members"), *m;
		const char *origin = cJSON_GetObjectItem(cJSON_GetObjectItem(c, "origin"), "id")->valuestring;
		const truth_row *o = truth_of(rows, n, origin);
		CHECK(o && o->origin == 1);
		if (!o)
			continue;
		size_t want = 0;
		for (size_t i = 0; i < n; i++)
			want += strcmp(rows[i].label, o->label) == 0;
		CHECK_INT(cJSON_GetArraySize(members), want);
		cJSON_ArrayForEach(m, members) {
			const truth_row *t = truth_of(rows, n, cJSON_GetObjectItem(m, "id")->valuestring);
			CHECK(t && strcmp(t->label, o->label) == 0);
		}
		labels_seen++;
	}
	CHECK_INT(labels_seen, 4); /* clusters A, B, C and D, nothing else */
}

static int count_lines(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void test_ingest_and_report(void)
{
	truth_row rows[64];
	size_t n = read_truth(rows, 64);
	CHECK_INT(n, 22);
	char args[512];
	snprintf(args, sizeof args, "ingest --db '%s/s.db' --json data/sample", tmp);
	CHECK_INT(run(args), 1); /* one record skipped: the repeated id */
	char *out = slurp("out"), *err = slurp("err");
	CHECK_INT(count_lines(out, "\"status\":"), 22);
	CHECK(strstr(out, "{\"id\":\"ca-20250303-port-ellis-dock-strike\",\"status\":\"skipped\","
	                  "\"error\":\"id already stored\"}") != NULL);
	/* each match says what decided it */
	CHECK(strstr(out, "\"contains\":1,\"simhash_distance\":0,\"lead\":1,\"by\":\"identical\"}") != NULL);
	CHECK(strstr(out, ",\"by\":\"jaccard\"}") != NULL);
	CHECK(strstr(err, "ingest: read 22, stored 21 (new 13, duplicate 4, near-duplicate 4), "
	                  "skipped 1") != NULL);
	free(out);
	free(err);
	snprintf(args, sizeof args, "report --db '%s/s.db'", tmp);
	CHECK_INT(run(args), 0);
	cJSON *report = out_json();
	CHECK_INT(cJSON_GetObjectItem(report, "stories")->valueint, 21);
	check_clusters(report, rows, n);
	/* the wire story is the origin of the largest cluster, credited by two */
	const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(report, "clusters"), 0);
	const cJSON *origin = cJSON_GetObjectItem(first, "origin");
	CHECK_STR(cJSON_GetObjectItem(origin, "id")->valuestring, "ngw-20250303-port-ellis-dock-strike");
	cluster_a = cJSON_GetObjectItem(first, "id")->valueint;
	CHECK_STR(cJSON_GetArrayItem(cJSON_GetObjectItem(origin, "evidence"), 0)->valuestring,
	          "credited by 3 members");
	cJSON_Delete(report);
}

/* The member of cluster c with this id, or NULL. */
static const cJSON *member_of(const cJSON *c, const char *id)
{
	const cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(c, "members"))
		if (strcmp(cJSON_GetObjectItem(m, "id")->valuestring, id) == 0)
			return m;
	return NULL;
}

static int evidence_has(const cJSON *c, const char *sentence)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(cJSON_GetObjectItem(c, "origin"), "evidence"))
		if (strcmp(e->valuestring, sentence) == 0)
			return 1;
	return 0;
}

/* Attribution with the sample's outlet kinds (report --outlets): the origins
 * stay those of truth.tsv, every copy has one edge, the Northgate story is
 * a wire's, and the aggregator's uncredited cut of the bus story is
 * flagged, copied from the Riverside Daily original. */
static void test_attribution(void)
{
	truth_row rows[64];
	size_t n = read_truth(rows, 64);
	char args[512];
	snprintf(args, sizeof args, "report --db '%s/s.db' --outlets data/sample/outlets.tsv", tmp);
	CHECK_INT(run(args), 0);
	cJSON *report = out_json();
	check_clusters(report, rows, n);
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(report, "clusters")) {
		CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(c, "edges")),
		          cJSON_GetObjectItem(c, "size")->valueint - 1);
		CHECK(cJSON_GetObjectItem(c, "external_origin") == NULL);
	}
	const cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItem(report, "clusters"), 0);
	CHECK(evidence_has(a, "a wire service"));
	CHECK(evidence_has(a, "carries its own dateline or byline"));
	const char *bus = "pages/riverside-daily/amberline-buses-to-cut-11-rural-routes.txt";
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(report, "clusters")) {
		const cJSON *agg = member_of(c, "pages/coastline-aggregator/"
		                                "amberline-bus-cuts-what-we-know.txt");
		if (!agg)
			continue;
		CHECK(cJSON_IsTrue(cJSON_GetObjectItem(agg, "uncredited")));
		CHECK_STR(cJSON_GetObjectItem(agg, "copied_from")->valuestring, bus);
		CHECK(cJSON_IsFalse(cJSON_GetObjectItem(member_of(c, "hc-20250304-gullhaven-amberline"),
		                                        "uncredited")));
	}
	cJSON_Delete(report);
	snprintf(args, sizeof args, "report --db '%s/s.db' --agencies /nonexistent/a.tsv", tmp);
	CHECK_INT(run(args), 2);
	char *err = slurp("err");
	CHECK(strstr(err, "newsprint report: --agencies: /nonexistent/a.tsv: cannot open") != NULL);
	free(err);
}

/* A second ingest of the same files, by any spelling of the folder's path
 * (page ids are relative to it), stores nothing and changes no cluster. */
static void test_reingest(void)
{
	static const char *const spellings[] = {"data/sample", "./data/sample/", "data/../data/sample"};
	char args[512];
	snprintf(args, sizeof args, "report --db '%s/s.db'", tmp);
	run(args);
	char *before = slurp("out");
	char *err = NULL;
	for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++) {
		snprintf(args, sizeof args, "ingest --db '%s/s.db' %s", tmp, spellings[i]);
		CHECK_INT(run(args), 1);
		free(err);
		err = slurp("err");
		CHECK(strstr(err, "read 22, stored 0") != NULL);
	}
	snprintf(args, sizeof args, "report --db '%s/s.db'", tmp);
	run(args);
	char *after = slurp("out");
	CHECK_STR(after, before);
	free(before);
	free(after);
	free(err);
}

static void test_check(void)
{
	char args[512];
	snprintf(args, sizeof args, "check --db '%s/s.db' data/sample", tmp);
	CHECK_INT(run(args), 1); /* the ids are stored already: check says so */
	snprintf(args, sizeof args, "check --db '%s/s.db' --format jsonl -", tmp);
	char cmd[1024];
	snprintf(cmd, sizeof cmd,
	         "cd '%s' && sed -n 1p data/sample/stories.jsonl | sed 's/\"id\": *\"[^\"]*\"/\"id\": \"fresh-1\"/'"
	         " | '%s' %s >'%s/out' 2>'%s/err'", src, prog, args, tmp, tmp);
	CHECK_INT(WEXITSTATUS(system(cmd)), 0);
	cJSON *d = out_json();
	CHECK_STR(cJSON_GetObjectItem(d, "id")->valuestring, "fresh-1");
	CHECK_STR(cJSON_GetObjectItem(d, "status")->valuestring, "duplicate");
	/* the match is the earliest stored of the identical copies */
	CHECK_STR(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "match"), "id")->valuestring,
	          "pages/harbour-courier/port-ellis-dockworkers-vote-strike.txt");
	CHECK_INT(cJSON_GetObjectItem(d, "cluster")->valueint, cluster_a);
	cJSON_Delete(d);
}

/* With a one-hour window only the two pages dated the same day (midnight)
 * still match; with two days everything matches as without a window. */
static void test_window(void)
{
	char args[512];
	snprintf(args, sizeof args, "ingest --db '%s/w1.db' --window 1h data/sample", tmp);
	CHECK_INT(run(args), 1);
	char *err = slurp("err");
	CHECK(strstr(err, "stored 21 (new 20, duplicate 1, near-duplicate 0)") != NULL);
	free(err);
	snprintf(args, sizeof args, "ingest --db '%s/w2.db' --window 2d data/sample", tmp);
	CHECK_INT(run(args), 1);
	err = slurp("err");
	CHECK(strstr(err, "stored 21 (new 13, duplicate 4, near-duplicate 4)") != NULL);
	free(err);
	CHECK_INT(run("ingest --window 7x data/sample"), 2);
	err = slurp("err");
	CHECK(strstr(err, "--window takes a duration like 7d, 36h or 90m, not '7x'") != NULL);
	free(err);
}

static void test_usage_errors(void)
{
	CHECK_INT(run("ingest"), 2);
	char *err = slurp("err");
	CHECK(strstr(err, "newsprint ingest: no input") != NULL);
	free(err);
	CHECK_INT(run("report --db /nonexistent/x.db"), 2);
	err = slurp("err");
	CHECK(strstr(err, "no such store") != NULL);
	free(err);
	CHECK_INT(run("ingest --batch 0 data/sample"), 2);
	err = slurp("err");
	CHECK(strstr(err, "newsprint ingest: --batch takes 1 or more stories, not 0") != NULL);
	free(err);
	CHECK_INT(run("check --batch 10 data/sample"), 2);
	err = slurp("err");
	CHECK(strstr(err, "newsprint check: --batch is for ingest: check writes nothing") != NULL);
	free(err);
	CHECK_INT(run("frobnicate"), 2);
	CHECK_INT(run("report --format xml"), 2);
	CHECK_INT(run("ingest --help"), 0);
	char *out = slurp("out");
	CHECK(strstr(out, "usage: newsprint ingest") != NULL);
	free(out);
}

/* --fetched turns the seed's "8 giờ trước" into a date; a lexicon file that
 * cannot be read is a usage error. */
static void test_input_options(void)
{
	CHECK_INT(run("segment --fetched 2025-01-28T12:00:00Z data/sample/000_e4d578c411048baa.txt"), 0);
	char *out = slurp("out");
	CHECK(strstr(out, "\"date\":\t\"2025-01-28T04:00:00Z\"") != NULL);
	free(out);
	CHECK_INT(run("ingest --lexicon /nonexistent/words.tsv data/sample"), 2);
	char *err = slurp("err");
	CHECK(strstr(err, "newsprint ingest: --lexicon: /nonexistent/words.tsv") != NULL);
	free(err);
}

static void test_segment_and_compare(void)
{
	CHECK_INT(run("segment data/sample/000_e4d578c411048baa.txt"), 0);
	cJSON *s = out_json();
	CHECK_STR(cJSON_GetObjectItem(s, "outlet")->valuestring, "Báo Thanh niên");
	CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(s, "rails")) >= 3, 1);
	cJSON_Delete(s);
	CHECK_INT(run("compare data/sample/pages/harbour-courier/seagrass-returns-carrick-bay.txt "
	              "data/sample/pages/valley-evening-post/carrick-bay-seagrass-recovery.txt"), 0);
	cJSON *c = out_json();
	double exact = cJSON_GetObjectItem(c, "jaccard_exact")->valuedouble;
	double est = cJSON_GetObjectItem(c, "jaccard_estimate")->valuedouble;
	CHECK(exact > 0.6 && exact < 0.85);
	CHECK(est > exact - 0.15 && est < exact + 0.15);
	cJSON_Delete(c);
}

int main(int argc, char **argv)
{
	if (argc < 3 || !mkdtemp(tmp)) {
		fprintf(stderr, "usage: test_e2e SOURCE_ROOT NEWSPRINT\n");
		return 2;
	}
	src = argv[1];
	prog = argv[2];
	test_ingest_and_report();
	test_attribution();
	test_reingest();
	test_check();
	test_usage_errors();
	test_window();
	test_input_options();
	test_segment_and_compare();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmp);
	return CHECK_DONE();
}
