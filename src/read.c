/*
 * read.c — input to stories (DESIGN.md stage "read"): page dumps (one story
 * a file, split by segment.c), JSON Lines (one story a line, parsed with
 * cJSON), folders (walked recursively in byte order of paths) and standard
 * input. One story at a time: a reader never holds more than one file's
 * current record.
 */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "date.h"
#include "error.h"
#include "strbuf.h"

struct np_reader {
	np_strv paths;      /* files in reading order ("-" for standard input) */
	size_t next;        /* next path to open */
	np_format format;
	char *fetched;      /* when the pages were fetched (ISO 8601), or NULL */
	FILE *f;            /* the JSON Lines file being read, or NULL */
	const char *path;   /* its name */
	size_t line_no;
	char *line;
	size_t line_cap;
};

/* ------------------------------------------------------------------ */
/* Paths                                                               */
/* ------------------------------------------------------------------ */

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int is_jsonl_name(const char *path)
{
	return strcmp(path, "-") == 0 || has_suffix(path, ".jsonl") || has_suffix(path, ".ndjson");
}

/* Inside a folder only the files newsprint can read are taken: page dumps
 * and JSON Lines. A README or a truth table beside them is not a story. */
static int is_story_file(const char *name)
{
	return has_suffix(name, ".txt") || is_jsonl_name(name);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static np_status walk(np_strv *out, const char *dir, np_error *err);

/* Adds dir/name (a file or a folder) to out. */
static np_status walk_entry(np_strv *out, const char *dir, const char *name, np_error *err)
{
	np_buf p = {0};
	if (np_buf_adds(&p, dir) || (!has_suffix(dir, "/") && np_buf_addc(&p, '/')) ||
	    np_buf_adds(&p, name))
		return np_fail(err, NP_ENOMEM, "out of memory listing %s", dir);
	struct stat sb;
	np_status rc = NP_OK;
	if (stat(p.p, &sb) == 0 && S_ISDIR(sb.st_mode))
		rc = walk(out, p.p, err);
	else if (is_story_file(name) && np_strv_push(out, p.p))
		rc = np_fail(err, NP_ENOMEM, "out of memory listing %s", dir);
	np_buf_free(&p);
	return rc;
}

/* Adds the story files under dir, in byte order of their names. */
static np_status walk(np_strv *out, const char *dir, np_error *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return np_fail(err, NP_EIO, "%s: %s", dir, strerror(errno));
	np_strv names = {0};
	struct dirent *e;
	np_status rc = NP_OK;
	while (rc == NP_OK && (e = readdir(d)))
		if (e->d_name[0] != '.' && np_strv_push(&names, e->d_name))
			rc = np_fail(err, NP_ENOMEM, "out of memory listing %s", dir);
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof *names.v, cmp_str);
	for (size_t i = 0; rc == NP_OK && i < names.n; i++)
		rc = walk_entry(out, dir, names.v[i], err);
	np_strv_free(&names);
	return rc;
}

static np_status expand(np_strv *out, const char *path, np_error *err)
{
	struct stat sb;
	if (strcmp(path, "-") != 0 && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return walk(out, path, err);
	/* a missing file stays in the list: reading it reports the error then,
	 * as one skipped input, and the run goes on */
	return np_strv_push(out, path) ? np_fail(err, NP_ENOMEM, "out of memory") : NP_OK;
}

np_status np_reader_open(np_reader **out, const char *const *paths, size_t n_paths,
                         np_format format, np_error *err)
{
	*out = NULL;
	np_reader *r = calloc(1, sizeof *r);
	if (!r)
		return np_fail(err, NP_ENOMEM, "out of memory");
	r->format = format;
	np_status rc = NP_OK;
	for (size_t i = 0; rc == NP_OK && i < n_paths; i++)
		rc = expand(&r->paths, paths[i], err);
	if (rc != NP_OK) {
		np_reader_free(r);
		return rc;
	}
	*out = r;
	return NP_OK;
}

np_status np_reader_set_fetched(np_reader *r, const char *iso, np_error *err)
{
	char *copy = np_strdup(iso);
	if (iso && !copy)
		return np_fail(err, NP_ENOMEM, "out of memory");
	free(r->fetched);
	r->fetched = copy;
	return NP_OK;
}

void np_reader_free(np_reader *r)
{
	if (!r)
		return;
	free(r->fetched);
	if (r->f && r->f != stdin)
		fclose(r->f);
	np_strv_free(&r->paths);
	free(r->line);
	free(r);
}

/* ------------------------------------------------------------------ */
/* Records                                                             */
/* ------------------------------------------------------------------ */

/* Splits extracted text into paragraphs: one per non-blank line, trimmed. */
static int split_paragraphs(np_strv *body, const char *text)
{
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, "\n");
		const char *a = p, *b = p + n;
		while (a < b && (*a == ' ' || *a == '\t' || *a == '\r'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
			b--;
		if (b > a && np_strv_pushn(body, a, (size_t)(b - a)))
			return -1;
		p += n + (p[n] == '\n');
	}
	return 0;
}

/* Dates are kept in ISO 8601 when they can be read, as given otherwise. */
static char *normalize_date(const char *s)
{
	char iso[NP_DATE_ISO_MAX];
	return np_strdup(np_date_parse(s, iso) ? iso : s);
}

static const char *const KNOWN_FIELDS[] = {"id", "text", "page", "url", "outlet",
                                           "published", "title", "lang", "fetched"};
#define N_KNOWN_FIELDS (sizeof KNOWN_FIELDS / sizeof KNOWN_FIELDS[0])

/* Checks that every known field present is a string; names the first that is not. */
static const char *wrong_type_field(const cJSON *o)
{
	for (size_t i = 0; i < N_KNOWN_FIELDS; i++) {
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, KNOWN_FIELDS[i]);
		if (f && !cJSON_IsString(f) && !cJSON_IsNull(f))
			return KNOWN_FIELDS[i];
	}
	return NULL;
}

static const char *field(const cJSON *o, const char *name)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(f) ? f->valuestring : NULL;
}

/* The unknown fields of o as a JSON object text, or NULL when there are none. */
static char *extra_fields(cJSON *o)
{
	for (size_t i = 0; i < N_KNOWN_FIELDS; i++)
		cJSON_DeleteItemFromObjectCaseSensitive(o, KNOWN_FIELDS[i]);
	return o->child ? cJSON_PrintUnformatted(o) : NULL;
}

/* A metadata field given in the record wins over what segmenting found. */
static int set_field(char **dst, const char *v, int is_date)
{
	if (!v || !*v)
		return 0;
	free(*dst);
	*dst = is_date ? normalize_date(v) : np_strdup(v);
	return *dst ? 0 : -1;
}

/* Segments a page dump; relative dates resolve against fetched when given. */
static np_status segment_page(const char *text, size_t len, const char *fetched, np_story **s,
                              np_error *err)
{
	np_segment_opts opts = {.fetched = fetched};
	return np_segment_ex(text, len, &opts, s, err);
}

static np_status body_from_json(const np_reader *r, const cJSON *o, np_story **s,
                                np_error *err)
{
	const char *page = field(o, "page"), *text = field(o, "text");
	const char *fetched = field(o, "fetched");
	if (page)
		return segment_page(page, strlen(page), fetched ? fetched : r->fetched, s, err);
	*s = np_story_new();
	if (!*s || split_paragraphs(&(*s)->body, text))
		return np_fail(err, NP_ENOMEM, "out of memory reading a record");
	return np_segment_credits(*s, err);
}

static np_status record_problem(const cJSON *o, np_error *err)
{
	if (!cJSON_IsObject(o))
		return np_fail(err, NP_EINPUT, "not a JSON object");
	const char *bad = wrong_type_field(o);
	if (bad)
		return np_fail(err, NP_EINPUT, "field '%s' must be a string", bad);
	const char *id = field(o, "id");
	if (!id || !*id)
		return np_fail(err, NP_EINPUT, "missing 'id'");
	if (!field(o, "text") && !field(o, "page"))
		return np_fail(err, NP_EINPUT, "record '%s' has neither 'text' nor 'page'", id);
	return NP_OK;
}

static np_status story_from_json(const np_reader *r, cJSON *o, np_story **out, np_error *err)
{
	np_story *s = NULL;
	np_status rc = record_problem(o, err);
	if (rc == NP_OK)
		rc = body_from_json(r, o, &s, err);
	if (rc == NP_OK &&
	    (set_field(&s->id, field(o, "id"), 0) || set_field(&s->url, field(o, "url"), 0) ||
	     set_field(&s->outlet, field(o, "outlet"), 0) ||
	     set_field(&s->published, field(o, "published"), 1) ||
	     set_field(&s->title, field(o, "title"), 0) || set_field(&s->lang, field(o, "lang"), 0)))
		rc = np_fail(err, NP_ENOMEM, "out of memory reading a record");
	if (rc == NP_OK)
		s->extra_json = extra_fields(o);
	if (rc != NP_OK) {
		np_story_free(s);
		return rc;
	}
	*out = s;
	return NP_OK;
}

/* Parses one JSON Lines record; errors name the file and line. */
static np_status parse_line(np_reader *r, np_story **out, np_error *err)
{
	cJSON *o = cJSON_Parse(r->line);
	np_status rc;
	if (!o) {
		const char *near = cJSON_GetErrorPtr();
		rc = np_fail(err, NP_EINPUT, "%s:%zu: invalid JSON near '%.20s'", r->path, r->line_no,
		             near ? near : "");
	} else {
		rc = story_from_json(r, o, out, err);
		if (rc == NP_EINPUT) {
			char msg[NP_ERRMSG_MAX];
			snprintf(msg, sizeof msg, "%s", err->msg);
			np_fail(err, NP_EINPUT, "%s:%zu: %s", r->path, r->line_no, msg);
		}
	}
	cJSON_Delete(o);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Files                                                               */
/* ------------------------------------------------------------------ */

static np_status read_whole(const char *path, np_buf *b, np_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return np_fail(err, NP_EINPUT, "%s: %s", path, strerror(errno));
	char chunk[65536];
	size_t n;
	np_status rc = NP_OK;
	while (rc == NP_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (np_buf_add(b, chunk, n))
			rc = np_fail(err, NP_ENOMEM, "%s: out of memory", path);
	if (rc == NP_OK && ferror(f))
		rc = np_fail(err, NP_EINPUT, "%s: read error", path);
	fclose(f);
	return rc;
}

/* A page dump: the whole file is one story whose id is the path as given. */
static np_status read_page_file(const np_reader *r, const char *path, np_story **out,
                                np_error *err)
{
	np_buf b = {0};
	np_status rc = read_whole(path, &b, err);
	if (rc == NP_OK)
		rc = segment_page(b.p ? b.p : "", b.len, r->fetched, out, err);
	np_buf_free(&b);
	if (rc == NP_OK && !((*out)->id = np_strdup(path))) {
		np_story_free(*out);
		*out = NULL;
		rc = np_fail(err, NP_ENOMEM, "out of memory");
	}
	return rc;
}

static int wants_jsonl(const np_reader *r, const char *path)
{
	if (r->format != NP_FORMAT_AUTO)
		return r->format == NP_FORMAT_JSONL;
	return is_jsonl_name(path);
}

static np_status open_jsonl(np_reader *r, const char *path, np_error *err)
{
	r->f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!r->f)
		return np_fail(err, NP_EINPUT, "%s: %s", path, strerror(errno));
	r->path = path;
	r->line_no = 0;
	return NP_OK;
}

static void close_jsonl(np_reader *r)
{
	if (r->f != stdin)
		fclose(r->f);
	r->f = NULL;
}

static int blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

/* The next record of the open JSON Lines file; NP_DONE at its end. */
static np_status next_line(np_reader *r, np_story **out, np_error *err)
{
	ssize_t n;
	while ((n = getline(&r->line, &r->line_cap, r->f)) >= 0) {
		r->line_no++;
		if (blank(r->line))
			continue;
		return parse_line(r, out, err);
	}
	int bad = ferror(r->f);
	close_jsonl(r);
	return bad ? np_fail(err, NP_EINPUT, "%s: read error", r->path) : NP_DONE;
}

np_status np_reader_next(np_reader *r, np_story **out, np_error *err)
{
	*out = NULL;
	for (;;) {
		if (r->f) {
			np_status rc = next_line(r, out, err);
			if (rc != NP_DONE)
				return rc;
		}
		if (r->next == r->paths.n)
			return NP_DONE;
		const char *path = r->paths.v[r->next++];
		if (!wants_jsonl(r, path))
			return read_page_file(r, path, out, err);
		np_status rc = open_jsonl(r, path, err);
		if (rc != NP_OK)
			return rc;
	}
}
