/*
 * test_read.c — the readers (np_reader_*): JSON Lines records (fields,
 * unknown fields, paragraphs, dates, `page` records) and the per-record
 * errors after which reading goes on; folders walked in byte order of
 * paths; page files named by their path; missing files; forced formats.
 */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "newsprint.h"

static char tmp[64];

/* tmp/name in a fresh buffer of the caller's */
static void tmp_path(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", tmp, name);
}

static void write_file(const char *name, const char *text)
{
	char path[512];
	tmp_path(path, sizeof path, name);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static void remove_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char sub[512];
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		remove_tree(sub);
	}
	if (d) {
		closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* A page dump: title, dateline, two paragraphs of prose and a credit line. */
static const char PAGE[] =
	"Harbour pilots agree new contract after long talks\n\n"
	"Coastline Herald 04/03/2025\n\n"
	"The harbour pilots of Port Ellis agreed a new three year contract on Monday after "
	"talks that lasted most of the winter and kept several ships waiting outside.\n\n"
	"Union leaders said the deal raised pay by four percent a year and added a second "
	"pilot on the largest container vessels entering the narrow channel.\n\n"
	"Source: https://coastline.example/pilots-contract\n";

/* One JSON Lines record carrying PAGE, with the title and outlet if given. */
static char *page_record(const char *id, const char *title, const char *outlet)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "page", PAGE);
	if (title)
		cJSON_AddStringToObject(o, "title", title);
	if (outlet)
		cJSON_AddStringToObject(o, "outlet", outlet);
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

static np_reader *open_reader(const char *const *paths, size_t n, np_format fmt)
{
	np_reader *r = NULL;
	np_error err = {0};
	CHECK_INT(np_reader_open(&r, paths, n, fmt, &err), NP_OK);
	return r;
}

/* The next record must be a story with this id; returns it (caller frees). */
static np_story *expect_story(np_reader *r, const char *id)
{
	np_story *s = NULL;
	np_error err = {0};
	np_status rc = np_reader_next(r, &s, &err);
	if (rc != NP_OK)
		fprintf(stderr, "wanted story %s, got status %d: %s\n", id, rc, err.msg);
	CHECK_INT(rc, NP_OK);
	if (s)
		CHECK_STR(s->id, id);
	return s;
}

static void skip_story(np_reader *r, const char *id)
{
	np_story_free(expect_story(r, id));
}

/* The next record must be an NP_EINPUT whose message holds a and b. */
static void expect_error(np_reader *r, const char *a, const char *b)
{
	np_story *s = (np_story *)1;
	np_error err = {0};
	CHECK_INT(np_reader_next(r, &s, &err), NP_EINPUT);
	CHECK(s == NULL);
	if (!strstr(err.msg, a) || !strstr(err.msg, b)) {
		fprintf(stderr, "message \"%s\" lacks \"%s\" or \"%s\"\n", err.msg, a, b);
		CHECK(0);
	}
}

static void expect_done(np_reader *r)
{
	np_story *s = NULL;
	np_error err = {0};
	CHECK_INT(np_reader_next(r, &s, &err), NP_DONE);
	CHECK_INT(np_reader_next(r, &s, &err), NP_DONE); /* and stays done */
	CHECK(s == NULL);
}

static void check_body(const np_story *s, const char *const *want, size_t n)
{
	CHECK_INT(s->body.n, n);
	for (size_t i = 0; i < n && i < s->body.n; i++)
		CHECK_STR(s->body.v[i], want[i]);
}

static void check_page_story(np_story *s, const char *title, const char *outlet)
{
	if (!s)
		return;
	CHECK_STR(s->title, title);
	CHECK_STR(s->outlet, outlet);
	CHECK_STR(s->published, "2025-03-04");
	CHECK_INT(s->body.n, 2);
	CHECK_INT(s->n_credits, 1);
	if (s->n_credits)
		CHECK_STR(s->credits[0].value, "https://coastline.example/pilots-contract");
	np_story_free(s);
}

static void check_published(np_reader *r, const char *id, const char *want)
{
	np_story *s = expect_story(r, id);
	if (s)
		CHECK_STR(s->published, want);
	np_story_free(s);
}

static void test_jsonl(void)
{
	char *page_plain = page_record("page-1", NULL, NULL);
	char *page_named = page_record("page-2", "Given title", "Given Outlet");
	char text[8192];
	snprintf(text, sizeof text,
	         "{\"id\":\"good-1\",\"url\":\"https://coastline.example/a\",\"outlet\":\"Coastline "
	         "Herald\",\"published\":\"2025-03-04T09:15:00Z\",\"title\":\"Pilots agree\","
	         "\"lang\":\"en\",\"text\":\"  First paragraph.  \\n\\n\\tSecond paragraph.\\r\\n"
	         "   \\nThird paragraph.\",\"section\":\"ports\",\"tags\":[\"a\",\"b\"]}\n"
	         "   \n"                                         /* 2: blank */
	         "{\"id\": \"broken\", \"text\": \"unterminated\n" /* 3 */
	         "{\"text\":\"no id here\"}\n"                     /* 4 */
	         "{\"id\":\"num\",\"text\":42}\n"                  /* 5 */
	         "{\"id\":\"bare\",\"outlet\":\"Coastline Herald\"}\n" /* 6 */
	         "%s\n%s\n"                                      /* 7, 8: pages */
	         "{\"id\":\"date-only\",\"text\":\"Body.\",\"published\":\"2025-03-04\"}\n"
	         "{\"id\":\"date-words\",\"text\":\"Body.\",\"published\":\"4 March 2025\"}\n"
	         "{\"id\":\"date-odd\",\"text\":\"Body.\",\"published\":\"in the spring\"}\n"
	         "[1, 2]\n", /* 12 */
	         page_plain, page_named);
	cJSON_free(page_plain);
	cJSON_free(page_named);
	write_file("in.jsonl", text);
	char path[512];
	tmp_path(path, sizeof path, "in.jsonl");
	const char *paths[] = {path};
	np_reader *r = open_reader(paths, 1, NP_FORMAT_AUTO);

	np_story *s = expect_story(r, "good-1");
	if (s) {
		CHECK_STR(s->url, "https://coastline.example/a");
		CHECK_STR(s->outlet, "Coastline Herald");
		CHECK_STR(s->published, "2025-03-04T09:15:00Z"); /* ISO kept as given */
		CHECK_STR(s->title, "Pilots agree");
		CHECK_STR(s->lang, "en");
		CHECK_STR(s->extra_json, "{\"section\":\"ports\",\"tags\":[\"a\",\"b\"]}");
		const char *const body[] = {"First paragraph.", "Second paragraph.", "Third paragraph."};
		check_body(s, body, 3);
		CHECK_INT(s->n_credits, 0);
	}
	np_story_free(s);
	expect_error(r, "in.jsonl:3:", "invalid JSON");
	expect_error(r, "in.jsonl:4:", "missing 'id'");
	expect_error(r, "in.jsonl:5:", "field 'text' must be a string");
	expect_error(r, "in.jsonl:6:", "record 'bare' has neither 'text' nor 'page'");
	s = expect_story(r, "page-1");
	CHECK(s && s->extra_json == NULL);
	check_page_story(s, "Harbour pilots agree new contract after long talks", "Coastline Herald");
	check_page_story(expect_story(r, "page-2"), "Given title", "Given Outlet");
	check_published(r, "date-only", "2025-03-04");
	check_published(r, "date-words", "2025-03-04");
	check_published(r, "date-odd", "in the spring");
	expect_error(r, "in.jsonl:12:", "not a JSON object");
	expect_done(r);
	np_reader_free(r);
}

static void make_tree(void)
{
	char path[512];
	tmp_path(path, sizeof path, "tree");
	mkdir(path, 0700);
	tmp_path(path, sizeof path, "tree/a");
	mkdir(path, 0700);
	write_file("tree/b.txt", PAGE);
	write_file("tree/C.txt", PAGE); /* 'C' sorts before 'a' in byte order */
	write_file("tree/a/z.txt", PAGE);
	write_file("tree/a/y.jsonl",
	           "{\"id\":\"y-1\",\"text\":\"One.\"}\n{\"id\":\"y-2\",\"text\":\"Two.\"}\n");
	write_file("tree/notes.md", "# not a story\n");
}

/* Reads folder (given as written) and checks the order of what comes out,
 * and the ids: a page's is its path relative to the folder given. */
static void check_tree_order(const char *folder)
{
	const char *paths[] = {folder};
	np_reader *r = open_reader(paths, 1, NP_FORMAT_AUTO);
	static const char *const pages[] = {"C.txt", NULL, NULL, "a/z.txt", "b.txt"};
	for (size_t i = 0; i < 5; i++)
		skip_story(r, pages[i] ? pages[i] : i == 1 ? "y-1" : "y-2");
	expect_done(r);
	np_reader_free(r);
}

static void test_folder(void)
{
	make_tree();
	char folder[512];
	tmp_path(folder, sizeof folder, "tree");
	check_tree_order(folder);
	tmp_path(folder, sizeof folder, "tree/"); /* the same ids, no slash in front */
	check_tree_order(folder);
	tmp_path(folder, sizeof folder, "tree/./a/.."); /* another spelling of the folder */
	check_tree_order(folder);
}

static void test_missing_and_forced(void)
{
	char missing_txt[512], missing_jsonl[512], page[512], forced[512];
	tmp_path(missing_txt, sizeof missing_txt, "missing.txt");
	tmp_path(missing_jsonl, sizeof missing_jsonl, "missing.jsonl");
	tmp_path(page, sizeof page, "tree/b.txt");
	const char *paths[] = {missing_txt, missing_jsonl, page};
	np_reader *r = open_reader(paths, 3, NP_FORMAT_AUTO);
	expect_error(r, missing_txt, "No such file");
	expect_error(r, missing_jsonl, "No such file");
	np_story *s = expect_story(r, "b.txt"); /* a file given: its name */
	if (s)
		CHECK_STR(s->path_id, page); /* what a store made before holds as its id */
	check_page_story(s, "Harbour pilots agree new contract after long talks",
	                 "Coastline Herald");
	expect_done(r);
	np_reader_free(r);

	write_file("records.txt", "{\"id\":\"forced-1\",\"text\":\"Forced.\"}\n");
	tmp_path(forced, sizeof forced, "records.txt");
	const char *one[] = {forced};
	r = open_reader(one, 1, NP_FORMAT_JSONL);
	skip_story(r, "forced-1");
	expect_done(r);
	np_reader_free(r);

	tmp_path(forced, sizeof forced, "tree/a/y.jsonl"); /* and a .jsonl read as a page */
	r = open_reader(one, 1, NP_FORMAT_TEXT);
	s = expect_story(r, "y.jsonl");
	if (s) /* the first line of the "page" is its title */
		CHECK_STR(s->title, "{\"id\":\"y-1\",\"text\":\"One.\"}");
	np_story_free(s);
	expect_done(r);
	np_reader_free(r);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	snprintf(tmp, sizeof tmp, "/tmp/np-test-XXXXXX");
	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 1;
	}
	test_jsonl();
	test_folder();
	test_missing_and_forced();
	remove_tree(tmp);
	return CHECK_DONE();
}
