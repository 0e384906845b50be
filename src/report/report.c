/*
 * report.c — loading and ordering the clusters a report shows, the helpers
 * every format's writer shares (times, evidence, escaping), and the
 * dispatch to each format's writer.
 */
#include "report/report.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attribute/attribute.h"
#include "attribute/credits.h"
#include "attribute/external.h"
#include "attribute/when.h"
#include "engine/engine.h"
#include "fingerprint/minhash.h"
#include "read/outlets.h"
#include "util/error.h"
#include "util/strbuf.h"

const np_member *np_report_origin(const np_cluster_rec *c)
{
	return &c->m[0];
}

double np_report_jaccard(const np_report *r, const np_cluster_rec *c, const np_member *m)
{
	return np_minhash_jaccard(m->minhash, np_report_origin(c)->minhash, r->k);
}

double np_report_containment(const np_report *r, const np_cluster_rec *c, const np_member *m)
{
	const np_member *o = np_report_origin(c);
	return np_containment(np_report_jaccard(r, c, m), m->n_shingles, o->n_shingles);
}

/* Moves the origin to the front, keeping the others in published order. A
 * cluster never attributed (a store written by an interrupted run), or
 * reported with the user's own agencies or outlets files, is attributed now
 * (in memory: a report never writes). */
static np_status origin_first(np_cluster_rec *c, unsigned k, np_error *err)
{
	if (c->origin_sid == 0 || np_outlets_user_loaded()) {
		np_status rc = np_attribute(c, k, err);
		if (rc != NP_OK)
			return rc;
	}
	for (size_t i = 1; i < c->n; i++) {
		if (c->m[i].sid != c->origin_sid)
			continue;
		np_member o = c->m[i];
		memmove(&c->m[1], &c->m[0], i * sizeof *c->m);
		c->m[0] = o;
		break;
	}
	return NP_OK;
}

static int cmp_str_null_last(const char *a, const char *b)
{
	if (!a || !b)
		return (a == NULL) - (b == NULL);
	return strcmp(a, b);
}

static int report_order(const void *pa, const void *pb)
{
	const np_cluster_rec *a = pa, *b = pb;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	int t = cmp_str_null_last(a->m[0].published, b->m[0].published);
	if (t)
		return t;
	return (a->id > b->id) - (a->id < b->id);
}

static np_status load_clusters(np_db *db, np_report *r, unsigned min_size, np_error *err)
{
	np_store *st = np_db_store(db);
	np_cluster_size *list = NULL;
	size_t n = 0;
	np_status rc = np_store_list_clusters(st, min_size, &list, &n, err);
	if (rc == NP_OK && n && !(r->c = calloc(n, sizeof *r->c)))
		rc = np_fail(err, NP_ENOMEM, "out of memory loading clusters");
	for (size_t i = 0; rc == NP_OK && i < n; i++) {
		np_cluster_rec *c = &r->c[r->n];
		rc = np_store_load_cluster(st, list[i].id, r->k, c, err);
		if (rc == NP_OK && c->n == 0) {
			/* merged away by a writer since it was listed: a handle without
			 * a snapshot (np_db_snapshot) reads each query's own state */
			np_cluster_rec_free(c);
			continue;
		}
		r->n++;
		if (rc == NP_OK)
			rc = origin_first(c, r->k, err);
	}
	free(list);
	if (rc == NP_OK && r->n) /* qsort must not be given NULL, even for no items */
		qsort(r->c, r->n, sizeof *r->c, report_order);
	return rc;
}

/* The copy edges and the external origin of every loaded cluster. */
static np_status trace_copies(np_report *r, np_error *err)
{
	if (r->n == 0)
		return NP_OK;
	r->lin = calloc(r->n, sizeof *r->lin);
	r->ext = calloc(r->n, sizeof *r->ext);
	if (!r->lin || !r->ext)
		return np_fail(err, NP_ENOMEM, "out of memory tracing copies");
	np_status rc = NP_OK;
	for (size_t i = 0; rc == NP_OK && i < r->n; i++) {
		np_attribute_external(&r->c[i], &r->ext[i]);
		rc = np_lineage_build(&r->c[i], 0, r->k, &r->ext[i], &r->lin[i], err);
	}
	return rc;
}

np_status np_report_load(np_db *db, unsigned min_size, np_report *r, np_error *err)
{
	memset(r, 0, sizeof *r);
	r->k = np_db_params(db)->minhash_k;
	r->min_size = min_size ? min_size : 1;
	np_store *st = np_db_store(db);
	np_status rc = np_store_count_stories(st, &r->stories, err);
	if (rc == NP_OK)
		rc = np_db_provisional(db, &r->provisional, err);
	if (rc == NP_OK)
		rc = np_store_list_clusters(st, 1, &r->sizes, &r->n_sizes, err);
	if (rc == NP_OK)
		rc = load_clusters(db, r, r->min_size, err);
	if (rc == NP_OK)
		rc = trace_copies(r, err);
	return rc;
}

np_status np_report_load_cluster(np_db *db, int64_t id, np_report *r, np_error *err)
{
	memset(r, 0, sizeof *r);
	r->k = np_db_params(db)->minhash_k;
	r->min_size = 1;
	np_store *st = np_db_store(db);
	np_status rc = np_store_count_stories(st, &r->stories, err);
	if (rc == NP_OK && !(r->c = calloc(1, sizeof *r->c)))
		rc = np_fail(err, NP_ENOMEM, "out of memory loading a cluster");
	if (rc == NP_OK)
		rc = np_store_load_cluster(st, id, r->k, r->c, err);
	if (rc == NP_OK && r->c->n == 0)
		rc = np_fail(err, NP_ENOTFOUND, "no cluster %lld", (long long)id);
	r->n = rc == NP_OK || r->c ? 1 : 0; /* a half-loaded cluster is freed with r */
	if (rc == NP_OK)
		rc = origin_first(r->c, r->k, err);
	if (rc == NP_OK)
		rc = trace_copies(r, err);
	return rc;
}

void np_report_free(np_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		np_cluster_rec_free(&r->c[i]);
		if (r->lin)
			np_lineage_free(&r->lin[i]);
	}
	free(r->c);
	free(r->lin);
	free(r->ext);
	free(r->sizes);
	memset(r, 0, sizeof *r);
}

size_t np_report_credited(const np_cluster_rec *c)
{
	size_t n = 0;
	for (size_t j = 1; j < c->n; j++)
		n += c->m[j].credits_origin != 0;
	return n;
}

const np_lineage *np_report_lineage(const np_report *r, const np_cluster_rec *c)
{
	return &r->lin[c - r->c];
}

const np_external *np_report_external(const np_report *r, const np_cluster_rec *c)
{
	return &r->ext[c - r->c];
}

size_t np_report_uncredited(const np_report *r, const np_cluster_rec *c)
{
	size_t n = 0;
	for (size_t j = 1; j < c->n; j++)
		n += np_lineage_uncredited(np_report_lineage(r, c), j) != 0;
	return n;
}

const char *np_report_source_id(const np_report *r, const np_cluster_rec *c, size_t m)
{
	const np_edge *e = np_lineage_edge_to(np_report_lineage(r, c), m);
	return e ? c->m[e->from].id : NULL;
}

int np_report_epoch(const char *s, long long *t)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return 0;
	const char *p = s + 10;
	if ((*p == 'T' || *p == ' ') && sscanf(p + 1, "%2d:%2d%n", &h, &mi, &n) == 2) {
		p += 1 + n;
		if (*p == ':' && sscanf(p + 1, "%2d%n", &sec, &n) == 1)
			p += 1 + n;
	}
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
	                .tm_hour = h, .tm_min = mi, .tm_sec = sec};
	long long zone = 0;
	int zh, zm;
	if ((*p == '+' || *p == '-') && sscanf(p + 1, "%2d:%2d", &zh, &zm) == 2)
		zone = (*p == '-' ? -1 : 1) * (zh * 3600LL + zm * 60LL);
	*t = (long long)timegm(&tm) - zone;
	return 1;
}

np_status np_report_evidence(const np_cluster_rec *c, np_strv *out, np_error *err)
{
	memset(out, 0, sizeof *out);
	cJSON *ev = c->evidence_json ? cJSON_Parse(c->evidence_json) : NULL, *e;
	int bad = 0;
	cJSON_ArrayForEach(e, ev)
		if (cJSON_IsString(e) && np_strv_push(out, e->valuestring) != 0)
			bad = 1;
	cJSON_Delete(ev);
	return bad ? np_fail(err, NP_ENOMEM, "out of memory reading evidence") : NP_OK;
}

np_status np_report_io_status(FILE *out, np_error *err)
{
	if (fflush(out) != 0 || ferror(out))
		return np_fail(err, NP_EIO, "cannot write the report: write error");
	return NP_OK;
}

/* The bytes of character c escaped for HTML, or NULL when it stands as is.
 * Control characters (never meant to be seen, and not allowed in XML) are
 * written as spaces. */
static const char *html_entity(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	case '\n': case '\t': return NULL;
	default: return c < 0x20 || c == 0x7f ? " " : NULL;
	}
}

/* Markdown: ASCII punctuation that could start emphasis, code, links, HTML
 * or a table cell boundary is backslash-escaped (CommonMark allows a
 * backslash before any ASCII punctuation). */
static const char MD_SPECIAL[] = "\\`*_[]()<>|#~!&{}+=";

static void put_md_char(FILE *out, unsigned char c)
{
	if (c < 0x20 || c == 0x7f)
		fputc(' ', out); /* a line break would end the table row */
	else if (strchr(MD_SPECIAL, c))
		fprintf(out, "\\%c", c);
	else
		fputc(c, out);
}

static void put_char(FILE *out, unsigned char c, np_escape how)
{
	if (how == NP_ESC_HTML) {
		const char *e = html_entity(c);
		if (e)
			fputs(e, out);
		else
			fputc(c, out);
	} else if (how == NP_ESC_MD) {
		put_md_char(out, c);
	} else {
		if (c == '"')
			fputc('"', out);
		fputc(c, out);
	}
}

/* Bytes of s holding its first max_chars UTF-8 characters (all of s when
 * 0 or when s is shorter); *cut says whether anything was left out. */
static size_t prefix_bytes(const char *s, size_t max_chars, int *cut)
{
	size_t chars = 0, i = 0;
	*cut = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue; /* a continuation byte belongs to the character before */
		if (max_chars && chars == max_chars) {
			*cut = 1;
			break;
		}
		chars++;
	}
	return i;
}

/* A spreadsheet reads a cell starting with one of these as a formula
 * ("=HYPERLINK(...)" in a headline would run when an auditor opens the CSV):
 * such a field is written quoted, after an apostrophe, which spreadsheets
 * take as "text" and do not show (OWASP, CSV injection). */
#define CSV_FORMULA_STARTS "=+-@\t\r"

static int csv_formula(const char *s)
{
	return *s && strchr(CSV_FORMULA_STARTS, *s) != NULL;
}

void np_report_put_cut(FILE *out, const char *s, np_escape how, size_t max_chars)
{
	if (!s)
		s = "";
	int cut;
	size_t n = prefix_bytes(s, max_chars, &cut);
	int formula = how == NP_ESC_CSV && csv_formula(s);
	int quote = how == NP_ESC_CSV && (formula || strpbrk(s, ",\"\r\n") != NULL);
	if (quote)
		fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (size_t i = 0; i < n; i++)
		put_char(out, (unsigned char)s[i], how);
	if (cut)
		fputs("\u2026", out);
	if (quote)
		fputc('"', out);
}

void np_report_put(FILE *out, const char *s, np_escape how)
{
	np_report_put_cut(out, s, how, 0);
}

typedef np_status (*report_writer)(const np_report *r, FILE *out, np_error *err);

/* The writer of each np_report_format, indexed by its value. */
static const report_writer WRITERS[] = {
	[NP_REPORT_JSON] = np_report_write_json,
	[NP_REPORT_CSV] = np_report_write_csv,
	[NP_REPORT_MD] = np_report_write_md,
	[NP_REPORT_HTML] = np_report_write_html,
};

np_status np_report_write(np_db *db, np_report_format fmt, unsigned min_size, FILE *out,
                          np_error *err)
{
	if ((unsigned)fmt >= sizeof WRITERS / sizeof WRITERS[0])
		return np_fail(err, NP_EINVAL, "unknown report format %d", (int)fmt);
	np_report r;
	np_status rc = np_report_load(db, min_size, &r, err);
	if (rc == NP_OK)
		rc = WRITERS[fmt](&r, out, err);
	np_report_free(&r);
	return rc;
}

np_status np_report_string(np_db *db, np_report_format fmt, unsigned min_size, char **out,
                           np_error *err)
{
	size_t len = 0;
	*out = NULL;
	FILE *f = open_memstream(out, &len);
	if (!f)
		return np_fail(err, NP_ENOMEM, "out of memory writing the report");
	np_status rc = np_report_write(db, fmt, min_size, f, err);
	if (fclose(f) != 0 && rc == NP_OK)
		rc = np_fail(err, NP_ENOMEM, "out of memory writing the report");
	if (rc != NP_OK) {
		free(*out);
		*out = NULL;
	}
	return rc;
}
