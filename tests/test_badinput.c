/*
 * test_badinput.c — the reader (np_reader_*) on what the web really returns:
 * byte order marks, CRLF, NUL bytes raw and escaped, invalid UTF-8, empty
 * files, UTF-16, pages and lines past the size bound (and one exactly at
 * it). Each bad record must give NP_EINPUT with its file, line and reason,
 * and reading must go on with the next record.
 */
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "newsprint.h"

/* NP_READ_MAX_BYTES in read.c: the largest page, the longest JSON line. */
#define MAX_BYTES ((size_t)8 << 20)

static char tmp[64] = "/tmp/np-badinput-XXXXXX";
static char path_buf[256];

/* tmp/name (in a static buffer: one path at a time) */
static const char *at(const char *name)
{
	snprintf(path_buf, sizeof path_buf, "%s/%s", tmp, name);
	return path_buf;
}

static void write_bytes(const char *name, const char *bytes, size_t n)
{
	FILE *f = fopen(at(name), "wb");
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK_INT(fwrite(bytes, 1, n, f), n);
	fclose(f);
}

static np_reader *open_one(const char *name, np_format fmt)
{
	const char *paths[] = {at(name)};
	np_reader *r = NULL;
	np_error err = {0};
	CHECK_INT(np_reader_open(&r, paths, 1, fmt, &err), NP_OK);
	return r;
}

/* The next record must be a story with this id (returned; caller frees). */
static np_story *next_story(np_reader *r, const char *id)
{
	np_story *s = NULL;
	np_error err = {0};
	np_status rc = np_reader_next(r, &s, &err);
	if (rc != NP_OK)
		fprintf(stderr, "wanted story %s, got %d: %s\n", id, rc, err.msg);
	CHECK_INT(rc, NP_OK);
	if (s && id)
		CHECK_STR(s->id, id);
	return s;
}

/* The next record must be NP_EINPUT with exactly "tmp/" + msg. */
static void next_error(np_reader *r, const char *msg)
{
	char want[NP_ERRMSG_MAX];
	snprintf(want, sizeof want, "%s/%s", tmp, msg);
	np_story *s = NULL;
	np_error err = {0};
	CHECK_INT(np_reader_next(r, &s, &err), NP_EINPUT);
	CHECK(s == NULL);
	CHECK_STR(err.msg, want);
}

static void next_done(np_reader *r)
{
	np_story *s = NULL;
	np_error err = {0};
	CHECK_INT(np_reader_next(r, &s, &err), NP_DONE);
	np_reader_free(r);
}

/* A BOM before the first record, CRLF line ends inside and between records. */
static void test_bom_crlf(void)
{
	static const char text[] = "\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"One.\\r\\nTwo.\"}\r\n"
	                           "\r\n{\"id\":\"b\",\"text\":\"Three.\"}\r\n";
	write_bytes("bom.jsonl", text, sizeof text - 1);
	np_reader *r = open_one("bom.jsonl", NP_FORMAT_AUTO);
	np_story *s = next_story(r, "a");
	if (s) {
		CHECK_INT(s->body.n, 2);
		CHECK_STR(s->body.v[s->body.n - 1], "Two.");
	}
	np_story_free(s);
	np_story_free(next_story(r, "b"));
	next_done(r);

	static const char page[] = "\xEF\xBB\xBFPilots agree contract\r\n\r\nCoastline Herald "
	                           "04/03/2025\r\n\r\nThe harbour pilots agreed a new contract on "
	                           "Monday after talks that lasted all winter.\r\n";
	write_bytes("bom.txt", page, sizeof page - 1);
	r = open_one("bom.txt", NP_FORMAT_AUTO);
	s = next_story(r, "bom.txt");
	if (s) {
		CHECK_STR(s->title, "Pilots agree contract");
		CHECK_INT(s->body.n, 1);
		CHECK(s->body.n && !strchr(s->body.v[0], '\r'));
	}
	np_story_free(s);
	next_done(r);
}

/* A raw NUL is no JSON; an escaped one would cut the string short in
 * silence. An escaped backslash before "u0000" is plain text. Invalid UTF-8
 * is kept as given (the fingerprint counts it; the program warns). */
static void test_nul_and_utf8(void)
{
	static const char text[] = "{\"id\":\"raw\",\"text\":\"ab\0cd\"}\n"
	                           "{\"id\":\"esc\",\"text\":\"ab\\u0000cd\"}\n"
	                           "{\"id\":\"lit\",\"text\":\"a path C:\\\\u0000x\"}\n"
	                           "{\"id\":\"latin1\",\"text\":\"caf\xE9 cr\xE8me\"}\n";
	write_bytes("nul.jsonl", text, sizeof text - 1);
	np_reader *r = open_one("nul.jsonl", NP_FORMAT_AUTO);
	next_error(r, "nul.jsonl:1: NUL byte at column 23");
	next_error(r, "nul.jsonl:2: a string holds \\u0000 (a NUL character)");
	np_story *s = next_story(r, "lit");
	if (s && s->body.n)
		CHECK_STR(s->body.v[0], "a path C:\\u0000x");
	np_story_free(s);
	s = next_story(r, "latin1");
	if (s && s->body.n)
		CHECK_STR(s->body.v[0], "caf\xE9 cr\xE8me");
	np_story_free(s);
	next_done(r);

	static const char page[] = "Title\n\nA body line\0 with a NUL byte in it.\n";
	write_bytes("nul.txt", page, sizeof page - 1);
	r = open_one("nul.txt", NP_FORMAT_AUTO);
	next_error(r, "nul.txt: NUL byte at offset 18: a binary file, not a text page");
	next_done(r);

	static const char utf16[] = "\xFF\xFET\0i\0t\0l\0e\0\n\0";
	write_bytes("utf16.txt", utf16, sizeof utf16 - 1);
	r = open_one("utf16.txt", NP_FORMAT_AUTO);
	next_error(r, "utf16.txt: UTF-16 text: newsprint reads UTF-8 (convert it with iconv)");
	next_done(r);
}

static void test_empty(void)
{
	write_bytes("empty.jsonl", "", 0);
	write_bytes("blank.jsonl", "\n  \r\n\t\n", 7);
	write_bytes("empty.txt", "", 0);
	const char *paths[3];
	char names[3][256];
	static const char *const files[] = {"empty.jsonl", "blank.jsonl", "empty.txt"};
	for (int i = 0; i < 3; i++) {
		snprintf(names[i], sizeof names[i], "%s/%s", tmp, files[i]);
		paths[i] = names[i];
	}
	np_reader *r = NULL;
	np_error err = {0};
	CHECK_INT(np_reader_open(&r, paths, 3, NP_FORMAT_AUTO, &err), NP_OK);
	next_error(r, "empty.jsonl: empty file, no records");
	next_error(r, "blank.jsonl: empty file, no records");
	next_error(r, "empty.txt: empty file");
	next_done(r);
}

/* A JSON line of exactly n bytes (without its '\n'): {"id":"<id>","text":"aaa..."} */
static void put_line(FILE *f, const char *id, size_t n)
{
	int head = fprintf(f, "{\"id\":\"%s\",\"text\":\"", id);
	for (size_t i = (size_t)head; i + 2 < n; i++)
		fputc('a', f);
	fputs("\"}\n", f);
}

/* Lines at the bound, one past it and far past it (10 MB); each long one
 * is passed over and the next record is read. */
static void test_long_lines(void)
{
	FILE *f = fopen(at("long.jsonl"), "wb");
	CHECK(f != NULL);
	if (!f)
		return;
	put_line(f, "at-bound", MAX_BYTES);
	put_line(f, "past-bound", MAX_BYTES + 1);
	put_line(f, "ten-mb", 10000000);
	fputs("{\"id\":\"after\",\"text\":\"Still read.\"}\n", f);
	fclose(f);
	np_reader *r = open_one("long.jsonl", NP_FORMAT_AUTO);
	np_story *s = next_story(r, "at-bound");
	if (s && s->body.n)
		CHECK_INT(strlen(s->body.v[0]), MAX_BYTES - strlen("{\"id\":\"at-bound\",\"text\":\"\"}"));
	np_story_free(s);
	next_error(r, "long.jsonl:2: line of 8388609 bytes, longer than the 8 MiB a record may have");
	next_error(r, "long.jsonl:3: line of 10000000 bytes, longer than the 8 MiB a record may have");
	np_story_free(next_story(r, "after"));
	next_done(r);
	unlink(at("long.jsonl"));
}

/* A 50 MB page is refused from its size, without reading it (a sparse file:
 * reading it would take 50 MB of memory and time, which this test would not
 * notice, but the size check needs neither). */
static void test_big_page(void)
{
	FILE *f = fopen(at("big.txt"), "wb");
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK_INT(ftruncate(fileno(f), 50L << 20), 0);
	fclose(f);
	np_reader *r = open_one("big.txt", NP_FORMAT_AUTO);
	next_error(r, "big.txt: 52428800 bytes, larger than the 8 MiB a page may have");
	next_done(r);
	unlink(at("big.txt"));
}

int main(void)
{
	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 2;
	}
	test_bom_crlf();
	test_nul_and_utf8();
	test_empty();
	test_long_lines();
	test_big_page();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmp);
	return CHECK_DONE();
}
