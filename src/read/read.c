/*
 * read.c — input to stories (docs/architecture.md, "read"): page dumps (one story
 * a file, split by segment.c), JSON Lines (one story a line, parsed with
 * cJSON), folders (walked recursively in byte order of paths) and standard
 * input. One story at a time: a reader never holds more than one file's
 * current record.
 */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "read/date.h"
#include "util/error.h"
#include "util/strbuf.h"

/* The largest page dump, and the longest JSON Lines record, in bytes. The
 * longest news pages (live blogs, full reports with their rails) are a few
 * hundred KB of text; 8 MiB is more than ten times that, and anything bigger
 * is a mis-aimed file (a database export, an archive), not a story. The
 * bound is also the reader's memory: a 2 GB line costs 8 MiB, not 2 GB. */
#define NP_READ_MAX_BYTES ((size_t)8 << 20)
#define NP_READ_MAX_MIB (NP_READ_MAX_BYTES >> 20)

/* Bytes taken from a JSON Lines file at a time. */
#define READ_BLOCK 65536

#define UTF8_BOM "\xEF\xBB\xBF"
#define UTF8_BOM_LEN 3

struct np_reader {
	np_strv paths;      /* files in reading order ("-" for standard input) */
	np_strv why;        /* for each path, why it is passed over, or "" to read it */
	np_strv ids;        /* for each path, the id of a page read from it */
	size_t next;        /* next path to open */
	np_format format;
	char *fetched;      /* when the pages were fetched (ISO 8601), or NULL */
	FILE *f;            /* the JSON Lines file being read, or NULL */
	const char *path;   /* its name */
	size_t line_no;
	size_t n_records;   /* non-blank lines read from this file */
	np_buf line;        /* the current line, at most NP_READ_MAX_BYTES of it */
	size_t line_bytes;  /* the current line's whole length */
	char *block;        /* READ_BLOCK bytes read ahead from f */
	size_t block_len, block_pos;
	int after_cr;       /* the last line ended at a '\r': a '\n' next is its CRLF */
	int read_failed;    /* reading f gave an error */
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

/* Adds a path to read, with the id a page read from it takes, or, with
 * why, one to report and pass over (as an unreadable file is: one skipped
 * input, exit 1). */
static np_status add_path(np_reader *r, const char *path, const char *id, const char *why,
                          np_error *err)
{
	if (np_strv_push(&r->paths, path) || np_strv_push(&r->ids, id) ||
	    np_strv_push(&r->why, why ? why : ""))
		return np_fail(err, NP_ENOMEM, "out of memory listing %s", path);
	return NP_OK;
}

/* A folder by its device and inode: the same folder by any path. */
typedef struct folder_id {
	dev_t dev;
	ino_t ino;
} folder_id;

/* One walk of the folders given: which folders it has read. */
typedef struct walker {
	np_reader *r;
	size_t root_len;    /* of the folder given, with its '/': ids start after it */
	folder_id *seen;
	size_t n_seen, cap_seen;
} walker;

/* 1 when the walk has read this folder already (a symbolic link to a
 * folder above it, or a second link to one folder), else 0 and the folder
 * is recorded; -1 when out of memory. Each folder is read once, so a link
 * loop ends, and two links to "." do not make the walk exponential. */
static int seen_before(walker *w, const struct stat *sb)
{
	for (size_t i = 0; i < w->n_seen; i++)
		if (w->seen[i].dev == sb->st_dev && w->seen[i].ino == sb->st_ino)
			return 1;
	if (w->n_seen == w->cap_seen) {
		size_t cap = w->cap_seen ? 2 * w->cap_seen : 16;
		folder_id *p = realloc(w->seen, cap * sizeof *p);
		if (!p)
			return -1;
		w->seen = p;
		w->cap_seen = cap;
	}
	w->seen[w->n_seen++] = (folder_id){sb->st_dev, sb->st_ino};
	return 0;
}

static np_status walk(walker *w, const char *dir, const struct stat *sb, np_error *err);

/* Why a file that is not a regular one is passed over: reading a FIFO
 * waits for a writer that may never come, and a device is no page. */
static const char *special_file(const struct stat *sb)
{
	if (S_ISFIFO(sb->st_mode))
		return "a FIFO, not a file";
	if (S_ISSOCK(sb->st_mode))
		return "a socket, not a file";
	return "a device, not a file";
}

/* Adds dir/name (a file or a folder) to the walk's paths. */
static np_status walk_entry(walker *w, const char *dir, const char *name, np_error *err)
{
	np_buf p = {0};
	if (np_buf_adds(&p, dir) || (!has_suffix(dir, "/") && np_buf_addc(&p, '/')) ||
	    np_buf_adds(&p, name))
		return np_fail(err, NP_ENOMEM, "out of memory listing %s", dir);
	struct stat sb;
	np_status rc = NP_OK;
	int found = stat(p.p, &sb) == 0;
	if (found && S_ISDIR(sb.st_mode))
		rc = walk(w, p.p, &sb, err);
	else if (is_story_file(name)) /* one that cannot be stat'ed says why when read */
		rc = add_path(w->r, p.p, p.p + w->root_len,
		              !found || S_ISREG(sb.st_mode) ? NULL : special_file(&sb), err);
	np_buf_free(&p);
	return rc;
}

/* The names in dir but "." ones, in byte order; *open_errno says why the
 * folder cannot be read (0 when it can). */
static np_status list_folder(const char *dir, np_strv *names, int *open_errno, np_error *err)
{
	DIR *d = opendir(dir);
	*open_errno = d ? 0 : errno;
	if (!d)
		return NP_OK;
	struct dirent *e;
	np_status rc = NP_OK;
	while (rc == NP_OK && (e = readdir(d)))
		if (e->d_name[0] != '.' && np_strv_push(names, e->d_name))
			rc = np_fail(err, NP_ENOMEM, "out of memory listing %s", dir);
	closedir(d);
	if (names->n)
		qsort(names->v, names->n, sizeof *names->v, cmp_str);
	return rc;
}

/* Adds the story files under dir, in byte order of their names. A folder
 * that cannot be read is one skipped input, as a file that cannot be. */
static np_status walk(walker *w, const char *dir, const struct stat *sb, np_error *err)
{
	int seen = seen_before(w, sb);
	if (seen)
		return seen < 0 ? np_fail(err, NP_ENOMEM, "out of memory listing %s", dir) : NP_OK;
	np_strv names = {0};
	int open_errno;
	np_status rc = list_folder(dir, &names, &open_errno, err);
	if (rc == NP_OK && open_errno) {
		char why[NP_ERRMSG_MAX];
		snprintf(why, sizeof why, "cannot read the folder: %s", strerror(open_errno));
		rc = add_path(w->r, dir, dir, why, err);
	}
	for (size_t i = 0; rc == NP_OK && i < names.n; i++)
		rc = walk_entry(w, dir, names.v[i], err);
	np_strv_free(&names);
	return rc;
}

/* A page's id is canonical: its path relative to the folder given, or the
 * file's name when the file is given, so that the same page reached by
 * another spelling of its path ("data/x", "./data/x", "/home/me/data/x")
 * is the same story. */
static np_status expand(walker *w, const char *path, np_error *err)
{
	struct stat sb;
	if (strcmp(path, "-") != 0 && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		w->root_len = strlen(path) + !has_suffix(path, "/");
		return walk(w, path, &sb, err);
	}
	const char *slash = strrchr(path, '/');
	/* a missing file stays in the list: reading it reports the error then,
	 * as one skipped input, and the run goes on; a FIFO named on the
	 * command line is read, as the user asked for it */
	return add_path(w->r, path, slash && slash[1] ? slash + 1 : path, NULL, err);
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
	walker w = {.r = r};
	for (size_t i = 0; rc == NP_OK && i < n_paths; i++)
		rc = expand(&w, paths[i], err);
	free(w.seen);
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
	np_strv_free(&r->why);
	np_strv_free(&r->ids);
	np_buf_free(&r->line);
	free(r->block);
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
	np_segment_opts opts = {.version = NP_SEGMENT_OPTS_VERSION, .fetched = fetched};
	return np_segment_ex(text, len, &opts, s, err);
}

/* fetched_default: when the pages were fetched (or NULL), for a page record
 * that does not say. */
static np_status body_from_json(const char *fetched_default, const cJSON *o, np_story **s,
                                np_error *err)
{
	const char *page = field(o, "page"), *text = field(o, "text");
	const char *fetched = field(o, "fetched");
	if (page)
		return segment_page(page, strlen(page), fetched ? fetched : fetched_default, s, err);
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

static np_status story_from_json(const char *fetched, cJSON *o, np_story **out, np_error *err)
{
	np_story *s = NULL;
	np_status rc = record_problem(o, err);
	if (rc == NP_OK)
		rc = body_from_json(fetched, o, &s, err);
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

/* Where a string escapes a NUL character ("\u0000"), or NULL. cJSON would
 * hand the string over cut at that point: the rest of the body lost in
 * silence. */
static const char *escaped_nul(const char *line, size_t len)
{
	const char *end = line + len;
	for (const char *p = line; (p = memchr(p, '\\', (size_t)(end - p))) && p + 1 < end; p += 2)
		if (p[1] == 'u' && end - p >= 6 && memcmp(p + 2, "0000", 4) == 0)
			return p;
	return NULL;
}

/* Fails with the file and line of the current record before the reason. */
static np_status line_fail(const np_reader *r, np_error *err, const char *reason)
{
	return np_fail(err, NP_EINPUT, "%s:%zu: %s", r->path, r->line_no, reason);
}

/* What makes a line (len bytes kept at p of its line_bytes) unreadable
 * before it is parsed, or NULL. */
static const char *line_problem(const char *p, size_t len, size_t line_bytes, char *why,
                                size_t n)
{
	if (line_bytes > NP_READ_MAX_BYTES) {
		snprintf(why, n, "line of %zu bytes, longer than the %zu MiB a record may have",
		         line_bytes, NP_READ_MAX_MIB);
		return why;
	}
	const char *nul = memchr(p, '\0', len);
	if (nul) {
		snprintf(why, n, "NUL byte at column %zu", (size_t)(nul - p) + 1);
		return why;
	}
	if (escaped_nul(p, len))
		return "a string holds \\u0000 (a NUL character)";
	return NULL;
}

/* What follows the line's JSON value, when more than spacing does: a
 * second record on the line, or text, would otherwise be dropped unsaid. */
static const char *trailing_text(const char *line, size_t len, const char *after, char *why,
                                 size_t n)
{
	size_t at = (size_t)(after - line);
	size_t spaces = strspn(after, " \t");
	if (at + spaces == len)
		return NULL;
	snprintf(why, n, "%s after the record at column %zu: one JSON value a line",
	         strchr("{[", after[spaces]) ? "a second JSON value" : "text", at + spaces + 1);
	return why;
}

/* Bytes of the line quoted where its JSON went wrong. */
#define QUOTED_BYTES 20

/* "invalid JSON near '...'", the bytes quoted as valid UTF-8: a message may
 * reach JSON (ingest --json's error) and a terminal. */
static const char *invalid_json(char *why, size_t n)
{
	const char *near = cJSON_GetErrorPtr();
	if (!near)
		near = "";
	char *quoted = np_strndup(near, strnlen(near, QUOTED_BYTES));
	size_t replaced = 0;
	if (quoted && np_utf8_repair(&quoted, &replaced, NULL) != NP_OK) {
		free(quoted);
		quoted = NULL;
	}
	snprintf(why, n, "invalid JSON near '%s'", quoted ? quoted : "");
	free(quoted);
	return why;
}

/* Parses one record, the line's len bytes at text (NUL-terminated there;
 * fetched as body_from_json takes it), into *out; errors say what is
 * wrong, without where. */
static np_status parse_record(const char *fetched, const char *text, size_t len,
                              size_t line_bytes, np_story **out, np_error *err)
{
	char why[128];
	const char *problem = line_problem(text, len, line_bytes, why, sizeof why);
	if (problem)
		return np_fail(err, NP_EINPUT, "%s", problem);
	const char *after = NULL;
	cJSON *o = cJSON_ParseWithOpts(text, &after, 0);
	np_status rc;
	if (!o)
		rc = np_fail(err, NP_EINPUT, "%s", invalid_json(why, sizeof why));
	else if ((problem = trailing_text(text, len, after, why, sizeof why)))
		rc = np_fail(err, NP_EINPUT, "%s", problem);
	else
		rc = story_from_json(fetched, o, out, err);
	cJSON_Delete(o);
	return rc;
}

/* Parses one JSON Lines record; errors name the file and line. */
static np_status parse_line(np_reader *r, np_story **out, np_error *err)
{
	np_status rc = parse_record(r->fetched, r->line.p, r->line.len, r->line_bytes, out, err);
	if (rc == NP_EINPUT) {
		char msg[NP_ERRMSG_MAX];
		snprintf(msg, sizeof msg, "%s", err->msg);
		line_fail(r, err, msg);
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Page files                                                          */
/* ------------------------------------------------------------------ */

/* size: the file's, or 0 when unknown (a pipe, read up to the bound). */
static np_status too_big(const char *path, uintmax_t size, np_error *err)
{
	if (!size)
		return np_fail(err, NP_EINPUT, "%s: larger than the %zu MiB a page may have", path,
		               NP_READ_MAX_MIB);
	return np_fail(err, NP_EINPUT, "%s: %ju bytes, larger than the %zu MiB a page may have", path,
	               size, NP_READ_MAX_MIB);
}

/* Reads f into b, failing past NP_READ_MAX_BYTES (a pipe has no size to
 * check first). */
static np_status read_capped(FILE *f, const char *path, np_buf *b, np_error *err)
{
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b->len + n > NP_READ_MAX_BYTES)
			return too_big(path, 0, err);
		if (np_buf_add(b, chunk, n))
			return np_fail(err, NP_ENOMEM, "%s: out of memory", path);
	}
	return ferror(f) ? np_fail(err, NP_EINPUT, "%s: read error", path) : NP_OK;
}

/* "-" is standard input, as for JSON Lines (with --format text). */
static np_status read_whole(const char *path, np_buf *b, np_error *err)
{
	int is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f)
		return np_fail(err, NP_EINPUT, "%s: %s", path, strerror(errno));
	struct stat sb;
	np_status rc;
	if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (uintmax_t)sb.st_size > NP_READ_MAX_BYTES)
		rc = too_big(path, (uintmax_t)sb.st_size, err); /* not read at all */
	else
		rc = read_capped(f, path, b, err);
	if (!is_stdin)
		fclose(f);
	return rc;
}

/* Why a page's bytes are no text page, or NULL. A NUL byte means a binary
 * file or UTF-16; neither is a page dump, and guessing would store junk. */
static const char *page_problem(const np_buf *b, char *why, size_t n)
{
	if (b->len == 0)
		return "empty file";
	if (b->len >= 2 && ((unsigned char)b->p[0] == 0xFF || (unsigned char)b->p[0] == 0xFE) &&
	    (unsigned char)b->p[1] == ((unsigned char)b->p[0] ^ 0x01))
		return "UTF-16 text: newsprint reads UTF-8 (convert it with iconv)";
	const char *nul = memchr(b->p, '\0', b->len);
	if (nul) {
		snprintf(why, n, "NUL byte at offset %zu: a binary file, not a text page",
		         (size_t)(nul - b->p));
		return why;
	}
	return NULL;
}

/* Sets a page's id, and the path it was read by when that differs (a
 * store made before ids were canonical holds that as its id). */
static int set_page_id(np_story *s, const char *id, const char *path)
{
	if (!(s->id = np_strdup(id)))
		return -1;
	return strcmp(id, path) == 0 || (s->path_id = np_strdup(path)) ? 0 : -1;
}

/* A page dump: the whole file is one story, its id canonical (expand). */
static np_status read_page_file(const np_reader *r, const char *path, const char *id,
                                np_story **out, np_error *err)
{
	np_buf b = {0};
	char why[128];
	const char *problem = NULL;
	np_status rc = read_whole(path, &b, err);
	if (rc == NP_OK && (problem = page_problem(&b, why, sizeof why)))
		rc = np_fail(err, NP_EINPUT, "%s: %s", path, problem);
	if (rc == NP_OK)
		rc = segment_page(b.p, b.len, r->fetched, out, err);
	np_buf_free(&b);
	if (rc == NP_OK && set_page_id(*out, id, path)) {
		np_story_free(*out);
		*out = NULL;
		rc = np_fail(err, NP_ENOMEM, "out of memory");
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* JSON Lines files                                                    */
/* ------------------------------------------------------------------ */

static int wants_jsonl(const np_reader *r, const char *path)
{
	if (r->format != NP_FORMAT_AUTO)
		return r->format == NP_FORMAT_JSONL;
	return is_jsonl_name(path);
}

static np_status open_jsonl(np_reader *r, const char *path, np_error *err)
{
	if (!r->block && !(r->block = malloc(READ_BLOCK)))
		return np_fail(err, NP_ENOMEM, "out of memory");
	r->f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!r->f)
		return np_fail(err, NP_EINPUT, "%s: %s", path, strerror(errno));
	r->path = path;
	r->line_no = 0;
	r->n_records = 0;
	r->block_len = r->block_pos = 0;
	r->after_cr = 0;
	r->read_failed = 0;
	return NP_OK;
}

static void close_jsonl(np_reader *r)
{
	if (r->f != stdin)
		fclose(r->f);
	r->f = NULL;
}

/* Keeps n more bytes of the current line while it is within the bound. */
static int keep(np_reader *r, const char *p, size_t n)
{
	r->line_bytes += n;
	if (r->line_bytes > NP_READ_MAX_BYTES)
		return 0; /* too long: only its length matters now */
	return np_buf_add(&r->line, p, n);
}

/* Where the line starting at p ends: its first '\n' or '\r', or NULL.
 * A raw CR cannot be inside a JSON string (RFC 8259 has it escaped), so a
 * lone CR ends a line as an old Mac file's does. */
static const char *line_end(const char *p, size_t n)
{
	const char *nl = memchr(p, '\n', n);
	const char *cr = memchr(p, '\r', nl ? (size_t)(nl - p) : n);
	return cr ? cr : nl;
}

/* Reads what the file has now, up to READ_BLOCK bytes, into the block:
 * read(2), not fread, which waits for the whole block from a pipe, so that
 * a writer that sends a line and waits for its decision gets it. The
 * block's length, 0 at the end of the file or on an error (r->read_failed). */
static size_t read_block(np_reader *r)
{
	for (;;) {
		ssize_t n = read(fileno(r->f), r->block, READ_BLOCK);
		if (n >= 0)
			return (size_t)n;
		if (errno != EINTR) {
			r->read_failed = 1;
			return 0;
		}
	}
}

/* Refills the block when it is used up; 0 at the end of the file. A '\n'
 * right after a line's '\r' is that line's CRLF, not a line of its own. */
static int fill_block(np_reader *r)
{
	for (;;) {
		if (r->block_pos == r->block_len) {
			r->block_pos = 0;
			r->block_len = read_block(r);
			if (r->block_len == 0)
				return 0;
		}
		if (!r->after_cr)
			return 1;
		r->after_cr = 0;
		if (r->block[r->block_pos] == '\n')
			r->block_pos++;
	}
}

/* Reads the next line (without its line end: LF, CRLF or CR) into r->line,
 * in blocks, so that a line longer than the bound is counted and passed
 * over, never held. Returns 1 with a line, 0 at the end of the file, -1
 * out of memory. */
static int read_line(np_reader *r)
{
	np_buf_reset(&r->line);
	if (np_buf_add(&r->line, "", 0))
		return -1;
	r->line_bytes = 0;
	for (int any = 0;; any = 1) {
		if (!fill_block(r))
			return any;
		const char *p = r->block + r->block_pos;
		const char *end = line_end(p, r->block_len - r->block_pos);
		size_t n = end ? (size_t)(end - p) : r->block_len - r->block_pos;
		if (keep(r, p, n))
			return -1;
		r->block_pos += n + (end != NULL);
		if (end) {
			r->after_cr = *end == '\r';
			return 1;
		}
	}
}

/* Drops a byte order mark opening the file's first line. */
static void drop_bom(np_reader *r)
{
	if (r->line_no == 1 && r->line.len >= UTF8_BOM_LEN &&
	    memcmp(r->line.p, UTF8_BOM, UTF8_BOM_LEN) == 0) {
		memmove(r->line.p, r->line.p + UTF8_BOM_LEN, r->line.len - UTF8_BOM_LEN + 1);
		r->line.len -= UTF8_BOM_LEN;
		r->line_bytes -= UTF8_BOM_LEN;
	}
}

static int blank(const np_buf *line)
{
	return strspn(line->p, " \t\r") == line->len;
}

/* The end of the open JSON Lines file: NP_DONE, or why it gave nothing. */
static np_status end_of_file(np_reader *r, np_error *err)
{
	int bad = r->read_failed;
	close_jsonl(r);
	if (bad)
		return np_fail(err, NP_EINPUT, "%s: read error", r->path);
	if (r->n_records == 0)
		return np_fail(err, NP_EINPUT, "%s: empty file, no records", r->path);
	return NP_DONE;
}

/* The next record of the open JSON Lines file; NP_DONE at its end. */
static np_status next_line(np_reader *r, np_story **out, np_error *err)
{
	int got;
	while ((got = read_line(r)) > 0) {
		r->line_no++;
		drop_bom(r);
		if (r->line_bytes <= NP_READ_MAX_BYTES && blank(&r->line))
			continue;
		r->n_records++;
		return parse_line(r, out, err);
	}
	if (got < 0)
		return np_fail(err, NP_ENOMEM, "%s:%zu: out of memory", r->path, r->line_no + 1);
	return end_of_file(r, err);
}

/* The next story as read, its fields as given. */
static np_status next_story(np_reader *r, np_story **out, np_error *err)
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
		const char *path = r->paths.v[r->next], *why = r->why.v[r->next];
		const char *id = r->ids.v[r->next];
		r->next++;
		if (*why)
			return np_fail(err, NP_EINPUT, "%s: %s", path, why);
		if (!wants_jsonl(r, path))
			return read_page_file(r, path, id, out, err);
		np_status rc = open_jsonl(r, path, err);
		if (rc != NP_OK)
			return rc;
	}
}

/* The rails' strings of s, each repaired (np_utf8_repair). */
static np_status repair_rails(np_story *s, np_error *err)
{
	size_t *n = &s->n_invalid_utf8;
	np_status rc = NP_OK;
	for (size_t r = 0; rc == NP_OK && r < s->n_rails; r++) {
		rc = np_utf8_repair(&s->rails[r].heading, n, err);
		for (size_t i = 0; rc == NP_OK && i < s->rails[r].n_items; i++) {
			np_rail_item *it = &s->rails[r].items[i];
			rc = np_utf8_repair(&it->title, n, err);
			if (rc == NP_OK)
				rc = np_utf8_repair(&it->outlet, n, err);
			if (rc == NP_OK)
				rc = np_utf8_repair(&it->date, n, err);
		}
	}
	return rc;
}

/* Every string of s but its body made valid UTF-8, so that no output a
 * strict JSON reader rejects is made of it; the body is kept as given (its
 * content hash, and the fingerprint's count of what it replaced). */
static np_status repair_fields(np_story *s, np_error *err)
{
	size_t *n = &s->n_invalid_utf8;
	char **fields[] = {&s->id, &s->url, &s->outlet, &s->published, &s->title, &s->lang,
	                   &s->extra_json};
	np_status rc = NP_OK;
	for (size_t i = 0; rc == NP_OK && i < sizeof fields / sizeof fields[0]; i++)
		rc = np_utf8_repair(fields[i], n, err);
	for (size_t i = 0; rc == NP_OK && i < s->n_credits; i++)
		rc = np_utf8_repair(&s->credits[i].value, n, err);
	for (size_t i = 0; rc == NP_OK && i < s->boilerplate.n; i++)
		rc = np_utf8_repair(&s->boilerplate.v[i], n, err);
	return rc == NP_OK ? repair_rails(s, err) : rc;
}

np_status np_reader_next(np_reader *r, np_story **out, np_error *err)
{
	np_status rc = next_story(r, out, err);
	if (rc == NP_OK && (rc = repair_fields(*out, err)) != NP_OK) {
		np_story_free(*out);
		*out = NULL;
	}
	return rc;
}

np_status np_story_from_json(const char *record, size_t len, np_story **out, np_error *err)
{
	*out = NULL;
	char *text = np_strndup(record, len); /* (cJSON reads up to a NUL byte) */
	if (!text)
		return np_fail(err, NP_ENOMEM, "out of memory reading a record");
	/* no fetch time but a page record's own */
	np_status rc = parse_record(NULL, text, len, len, out, err);
	free(text);
	if (rc == NP_OK && (rc = repair_fields(*out, err)) != NP_OK) {
		np_story_free(*out);
		*out = NULL;
	}
	return rc;
}
