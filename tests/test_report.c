/*
 * test_report.c — the report writers on a small store built in a temporary
 * folder: one cluster of three copies of a wire story whose headlines and
 * outlets are hostile to every format (<script>, quotes, ampersands,
 * commas, a pipe, a line break), and one story nobody copied. Checks the
 * CSV header and rows exactly (RFC 4180 quoting, formulas defused), the Markdown tables and
 * their escaping, that the HTML page is well formed (balanced tags, quoted
 * attributes, entities only) and shows hostile strings as text in HTML,
 * SVG text and attributes alike; the shared outlet audit; the helpers
 * (times, cutting UTF-8); and a failed write reported as NP_EIO.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "newsprint.h"
#include "report/report.h"
#include "tmpstore.h"
#include "util/strbuf.h"

static char db_path[512];

#define TITLE_SCRIPT "<script>alert(1)</script>"
#define TITLE_QUOTED "\"quoted\" & <b>"
#define TITLE_BREAK "line one\nline two"
#define OUTLET_COMMA "Smith, Jones & Co"
#define OUTLET_PIPE "Pipe | Daily"

static const char *const BODY[] = {
	"The harbour pilots of Port Ellis agreed a new three year contract on Monday after "
	"talks that lasted most of the winter and kept several ships waiting outside.",
	"Union leaders said the deal raised pay by four percent a year and added a second "
	"pilot on the largest container vessels entering the narrow channel.",
	"The port authority said traffic would return to its normal schedule by Wednesday.",
};

static const char *const OTHER_BODY[] = {
	"Thornbury's public library reopened on Saturday after fourteen months of repairs to "
	"the ground floor, which the river flooded two winters ago to the height of a table.",
	"Readers queued from eight o'clock; the children's room now sits upstairs, out of reach "
	"of the water, and the old reading room has become a study hall with long opening hours.",
};

static np_story *make_story(const char *id, const char *outlet, const char *published,
                            const char *title, const char *const *body, size_t n_body)
{
	np_story *s = np_story_new();
	s->id = np_strdup(id);
	s->outlet = np_strdup(outlet);
	s->published = np_strdup(published);
	s->title = np_strdup(title);
	for (size_t i = 0; i < n_body; i++)
		np_strv_push(&s->body, body[i]);
	return s;
}

static void ingest(np_db *db, np_story *s)
{
	np_decision d = {0};
	np_error err = {0};
	CHECK_INT(np_ingest(db, s, &d, &err), NP_OK);
	CHECK(d.status != NP_SKIPPED);
	np_decision_clear(&d);
	np_story_free(s);
}

/* The fixture: wire story (origin), a crediting copy, an uncredited copy,
 * and an unrelated story. */
static void build_store(void)
{
	np_db *db = NULL;
	np_error err = {0};
	snprintf(db_path, sizeof db_path, "%s", tmpstore_path("r.db"));
	CHECK_INT(np_db_open(&db, db_path, NP_OPEN_READWRITE, NULL, &err), NP_OK);
	ingest(db, make_story("wire-1", "Wire One", "2025-03-03T05:00:00Z", TITLE_SCRIPT, BODY, 3));
	np_story *a = make_story("copy-a", OUTLET_COMMA, "2025-03-04", TITLE_QUOTED, BODY, 3);
	a->credits = calloc(1, sizeof *a->credits);
	a->credits[0] = (np_credit){NP_CREDIT_AGENCY, np_strdup("Wire One")};
	a->n_credits = 1;
	ingest(db, a);
	ingest(db, make_story("copy-b", OUTLET_PIPE, "2025-03-05T10:00:00+07:00", TITLE_BREAK, BODY, 3));
	ingest(db, make_story("alone", "Valley Post", "2025-03-01", "Library reopens", OTHER_BODY, 2));
	CHECK_INT(np_db_close(db, &err), NP_OK);
}

/* The report in format fmt as a malloc'd string. */
static char *render(np_report_format fmt)
{
	np_db *db = NULL;
	np_error err = {0};
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	CHECK_INT(np_db_open(&db, db_path, NP_OPEN_READONLY, NULL, &err), NP_OK);
	CHECK_INT(np_report_write(db, fmt, 2, out, &err), NP_OK);
	fclose(out);
	np_db_close(db, NULL);
	return text;
}

/* A field a spreadsheet would run as a formula is quoted and starts with an
 * apostrophe; others are as they were. */
static void test_csv_formula(void)
{
	static const char *const cases[][2] = {
		{"=HYPERLINK(\"http://x.example\",\"y\")", "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\""},
		{"+1 more", "\"'+1 more\""},
		{"-5% on the day", "\"'-5% on the day\""},
		{"@channel", "\"'@channel\""},
		{"\tTabbed", "\"'\tTabbed\""},
		{"Rates fall = good news", "Rates fall = good news"},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *text = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&text, &len);
		np_report_put(out, cases[i][0], NP_ESC_CSV);
		fclose(out);
		CHECK_STR(text, cases[i][1]);
		free(text);
	}
}

static void test_csv(void)
{
	char *csv = render(NP_REPORT_CSV);
	const char *header = "cluster_id,size,origin_id,member_id,outlet,published,title,jaccard,"
	                     "containment,credits_origin,is_origin,copied_from,uncredited\r\n";
	CHECK(strncmp(csv, header, strlen(header)) == 0);
	CHECK(strstr(csv, ",3,wire-1,wire-1,Wire One,2025-03-03T05:00:00Z," TITLE_SCRIPT
	                  ",1.000,1.000,false,true,,false\r\n") != NULL);
	CHECK(strstr(csv, ",3,wire-1,copy-a,\"Smith, Jones & Co\",2025-03-04,"
	                  "\"\"\"quoted\"\" & <b>\",1.000,1.000,true,false,wire-1,false\r\n") != NULL);
	CHECK(strstr(csv, ",3,wire-1,copy-b,Pipe | Daily,2025-03-05T10:00:00+07:00,"
	                  "\"line one\nline two\",1.000,1.000,false,false,wire-1,true\r\n") != NULL);
	CHECK(strstr(csv, "alone") == NULL); /* below --min-size */
	int rows = 0;
	for (const char *p = csv; (p = strstr(p, "\r\n")); p += 2)
		rows++;
	CHECK_INT(rows, 4); /* header and three members */
	free(csv);
}

static void test_md(void)
{
	char *md = render(NP_REPORT_MD);
	CHECK(strstr(md, "# newsprint report\n\n4 stories in the store; 1 cluster of at least 2") != NULL);
	CHECK(strstr(md, "| Cluster | Size | Origin outlet | Published | Headline |") != NULL);
	/* hostile strings escaped: no raw tag, no stray cell boundary, no line break */
	CHECK(strstr(md, "| Wire One | 2025-03-03T05:00:00Z | \\<script\\>alert\\(1\\)\\</script\\> | "
	                 "0.76 | 1 of 2 | credited by 1 member") != NULL);
	CHECK(strstr(md, "<script>") == NULL);
	/* who copied whom: the uncredited copy marked */
	CHECK(strstr(md, "| 1 | Pipe \\| Daily | line one line two | Wire One | 1.00 | 1.00 | **no** |") != NULL);
	CHECK(strstr(md, "| 1 | Smith, Jones \\& Co | \"quoted\" \\& \\<b\\> | Wire One | 1.00 | 1.00 | yes |") != NULL);
	CHECK(strstr(md, "| Pipe \\| Daily | 1 | 0 | 1 | Wire One (1) | 100% | 0 of 1 |") != NULL);
	CHECK(strstr(md, "| Smith, Jones \\& Co | 1 | 0 | 1 | Wire One (1) | 100% | 1 of 1 |") != NULL);
	CHECK(strstr(md, "| 1 | 1 | ") != NULL); /* histogram: one single story */
	CHECK(strstr(md, "| 3 | 1 | ") != NULL); /* and one cluster of three */
	free(md);
}

/* ------------------------------------------------------------------ */
/* A small HTML checker: tags balance, attributes are quoted, every < */
/* opens a tag and every & a character reference.                     */
/* ------------------------------------------------------------------ */

#define MAX_DEPTH 64

typedef struct html_check {
	char stack[MAX_DEPTH][16];
	int depth;
	int errors;
	int quiet; /* the checker's own tests expect errors: do not print them */
} html_check;

static int is_void(const char *name)
{
	return strcmp(name, "meta") == 0;
}

static void html_error(html_check *h, const char *what, const char *at)
{
	if (h->errors++ < 5 && !h->quiet)
		fprintf(stderr, "HTML: %s at: %.60s\n", what, at);
}

/* Skips a tag's attributes (name="value" ...) up to '>'; returns the
 * position after it, *self_closing set for "/>". */
static const char *skip_attributes(html_check *h, const char *p, int *self_closing)
{
	*self_closing = 0;
	while (*p && *p != '>') {
		if (*p == '/' && p[1] == '>') {
			*self_closing = 1;
			return p + 2;
		}
		if (*p == '=') {
			if (p[1] != '"')
				html_error(h, "unquoted attribute", p);
			const char *end = strchr(p + 2, '"');
			if (!end || memchr(p + 2, '<', (size_t)(end - p - 2)))
				html_error(h, "bad attribute value", p);
			p = end ? end : p + 1;
		} else if (*p == '<') {
			html_error(h, "< inside a tag", p);
		}
		p++;
	}
	return *p ? p + 1 : p;
}

static const char *tag(html_check *h, const char *p)
{
	int closing = p[1] == '/';
	const char *n = p + 1 + closing;
	char name[16] = "";
	size_t len = 0;
	while (isalnum((unsigned char)n[len]) && len + 1 < sizeof name)
		len++;
	memcpy(name, n, len);
	if (!len)
		html_error(h, "< that opens no tag", p);
	int self_closing;
	const char *after = skip_attributes(h, n + len, &self_closing);
	if (closing) {
		if (h->depth == 0 || strcmp(h->stack[h->depth - 1], name) != 0)
			html_error(h, "unbalanced end tag", p);
		else
			h->depth--;
	} else if (!self_closing && !is_void(name) && h->depth < MAX_DEPTH) {
		snprintf(h->stack[h->depth++], sizeof h->stack[0], "%s", name);
		if (strcmp(name, "style") == 0) /* raw text up to its end tag */
			after = strstr(after, "</style>") ? strstr(after, "</style>") : after;
	}
	return after;
}

static void check_entity(html_check *h, const char *p)
{
	size_t n = strspn(p + 1, "#abcdefghijklmnopqrstuvwxyz0123456789");
	if (n == 0 || p[1 + n] != ';')
		html_error(h, "bare &", p);
}

static int html_errors(const char *html, int quiet)
{
	html_check h = {.quiet = quiet};
	const char *p = html;
	if (strncmp(p, "<!DOCTYPE html>\n", 16) == 0)
		p += 16;
	else
		html_error(&h, "no doctype", p);
	while (*p) {
		if (*p == '<')
			p = tag(&h, p);
		else if (*p == '&')
			check_entity(&h, p++);
		else
			p++;
	}
	if (h.depth != 0)
		html_error(&h, "unclosed elements, the innermost:", h.stack[h.depth - 1]);
	return h.errors;
}

static void test_html_checker(void)
{
	CHECK_INT(html_errors("<!DOCTYPE html>\n<html><p a=\"1\">x &amp; y<br/></p></html>", 0), 0);
	CHECK(html_errors("<!DOCTYPE html>\n<html><p><b></p></b></html>", 1) > 0);
	CHECK(html_errors("<!DOCTYPE html>\n<html><p a=1>x</p></html>", 1) > 0);
	CHECK(html_errors("<!DOCTYPE html>\n<html>a < b & c</html>", 1) > 0);
}

static void test_html(void)
{
	char *html = render(NP_REPORT_HTML);
	CHECK_INT(html_errors(html, 0), 0);
	CHECK(strstr(html, "<script") == NULL);
	CHECK(strstr(html, TITLE_QUOTED) == NULL);
	CHECK(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
	CHECK(strstr(html, "&quot;quoted&quot; &amp; &lt;b&gt;") != NULL);
	CHECK(strstr(html, "Smith, Jones &amp; Co") != NULL);
	/* in an SVG attribute, in SVG text, and in an SVG <title> */
	CHECK(strstr(html, "aria-label=\"Timeline of the cluster: &lt;script&gt;alert(1)") != NULL);
	CHECK(strstr(html, ">Smith, Jones &amp; Co</text>") != NULL);
	CHECK(strstr(html, "<title>&lt;script&gt;alert(1)&lt;/script&gt; \u2014 2025-03-03T05:00:00Z") != NULL);
	/* charts: a bar for each size, the matrix cells, the timeline's dots */
	CHECK(strstr(html, "<title>1 clusters of 3 stories</title>") != NULL);
	CHECK(strstr(html, "<title>Pipe | Daily copied 1 Wire One story, 0 credited</title>") != NULL);
	CHECK(strstr(html, "<circle class=\"origin\"") != NULL);
	CHECK(strstr(html, "<circle class=\"credited\"") != NULL);
	CHECK(strstr(html, "<circle class=\"uncredited\"") != NULL);
	CHECK(strstr(html, "<td>Wire One (100%) <b>uncredited</b></td>") != NULL); /* copied from */
	/* self-contained: nothing is fetched */
	CHECK(strstr(html, "src=") == NULL && strstr(html, "href=") == NULL && strstr(html, "url(") == NULL);
	free(html);
}

static void test_audit(void)
{
	np_db *db = NULL;
	np_error err = {0};
	np_report r;
	np_audit a;
	CHECK_INT(np_db_open(&db, db_path, NP_OPEN_READONLY, NULL, &err), NP_OK);
	CHECK_INT(np_report_load(db, 1, &r, &err), NP_OK);
	CHECK_INT(np_audit_build(&r, &a, &err), NP_OK);
	CHECK_INT(a.n, 4);
	/* copiers first (by name when equal), then Wire One, copied twice */
	CHECK_STR(a.o[0].name, OUTLET_PIPE);
	CHECK_STR(a.o[1].name, OUTLET_COMMA);
	CHECK_STR(a.o[2].name, "Wire One");
	CHECK_INT(a.o[2].copied_by, 2);
	CHECK_INT(a.o[1].credited, 1);
	CHECK_INT(a.o[0].n_from, 1);
	CHECK_STR(a.o[0].from[0].outlet, "Wire One");
	CHECK(np_audit_cell(&a.o[0], "Wire One") != NULL);
	CHECK(np_audit_cell(&a.o[0], "Valley Post") == NULL);
	CHECK(np_audit_mean_containment(&a.o[0]) > 0.99);
	CHECK(np_audit_mean_containment(&a.o[2]) == 0.0);
	np_audit_free(&a);
	np_report_free(&r);
	np_db_close(db, NULL);
}

static void test_helpers(void)
{
	long long t = 0;
	CHECK_INT(np_report_epoch("2025-03-03T05:40:00Z", &t), 1);
	CHECK_INT(t, 1740980400);
	CHECK_INT(np_report_epoch("2025-03-03T12:40+07:00", &t), 1);
	CHECK_INT(t, 1740980400);
	CHECK_INT(np_report_epoch("2025-03-03", &t), 1);
	CHECK_INT(t, 1740960000);
	CHECK_INT(np_report_epoch("03/03/2025", &t), 0);
	CHECK_INT(np_report_epoch(NULL, &t), 0);
	char *s = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&s, &len);
	np_report_put_cut(out, "Hải Đăng", NP_ESC_HTML, 3); /* never half a character */
	fclose(out);
	CHECK_STR(s, "Hải\u2026");
	free(s);
}

/* A store without clusters: every format still writes its frame. */
static void test_no_clusters(void)
{
	np_db *db = NULL;
	np_error err = {0};
	const char *path = tmpstore_path("empty.db");
	CHECK_INT(np_db_open(&db, path, NP_OPEN_READWRITE, NULL, &err), NP_OK);
	ingest(db, make_story("alone", NULL, NULL, NULL, OTHER_BODY, 2));
	CHECK_INT(np_db_close(db, &err), NP_OK);
	CHECK_INT(np_db_open(&db, path, NP_OPEN_READONLY, NULL, &err), NP_OK);
	for (int fmt = NP_REPORT_JSON; fmt <= NP_REPORT_HTML; fmt++) {
		char *text = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&text, &len);
		CHECK_INT(np_report_write(db, (np_report_format)fmt, 2, out, &err), NP_OK);
		fclose(out);
		CHECK(len > 0);
		if (fmt == NP_REPORT_HTML)
			CHECK_INT(html_errors(text, 0), 0);
		free(text);
	}
	np_db_close(db, NULL);
}

/* A report written into a stream that cannot be written is an error. */
static void test_write_error(void)
{
	np_db *db = NULL;
	np_error err = {0};
	FILE *ro = fopen("/dev/null", "r");
	CHECK_INT(np_db_open(&db, db_path, NP_OPEN_READONLY, NULL, &err), NP_OK);
	CHECK_INT(np_report_write(db, NP_REPORT_CSV, 2, ro, &err), NP_EIO);
	CHECK_INT(np_report_write(db, (np_report_format)99, 2, stdout, &err), NP_EINVAL);
	fclose(ro);
	np_db_close(db, NULL);
}

int main(void)
{
	if (tmpstore_make("np-report"))
		return 2;
	build_store();
	test_csv();
	test_csv_formula();
	test_md();
	test_html_checker();
	test_html();
	test_audit();
	test_helpers();
	test_write_error();
	test_no_clusters();
	tmpstore_remove();
	return CHECK_DONE();
}
