/*
 * report.h — the report model shared by every report format: the clusters
 * of a store, loaded, attributed and ordered (docs/architecture.md, "report"); the
 * figures derived from them (size histogram, outlet audit, times); and the
 * escaping every text format applies to strings that came from a page.
 */
#ifndef NP_REPORT_H
#define NP_REPORT_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "attribute/lineage.h"
#include "store/store.h"

/* Scores are estimates: three decimals say all they know. */
double np_json_round3(double x);

/* s as a JSON string, invalid UTF-8 replaced by U+FFFD: a body is kept as
 * given (the reader repairs every other field), and a strict JSON reader
 * rejects a whole document for one stray byte. NULL when out of memory. */
cJSON *np_json_valid_string(const char *s);

typedef struct np_report {
	int64_t stories;          /* in the store */
	int64_t provisional;      /* stored out of canonical order (np_db_provisional) */
	np_cluster_rec *c;        /* clusters of at least min_size, report order */
	size_t n;
	np_lineage *lin;          /* lin[i]: who copied from whom in c[i] */
	np_external *ext;         /* ext[i]: c[i]'s origin outside the corpus, if any */
	np_cluster_size *sizes;   /* every cluster's size (for the histogram) */
	size_t n_sizes;
	unsigned k;
	unsigned min_size;        /* the smallest cluster loaded */
} np_report;

/* Loads the clusters of at least min_size members, in report order: by
 * size (largest first), then origin time, then id. Each cluster's members
 * start with its origin. */
np_status np_report_load(np_db *db, unsigned min_size, np_report *r, np_error *err);
void np_report_free(np_report *r);

/* Loads the one cluster id as np_report_load loads each (r->n is 1, no
 * size histogram): NP_ENOTFOUND when the store holds no such cluster. */
np_status np_report_load_cluster(np_db *db, int64_t id, np_report *r, np_error *err);

/* One cluster of r as the JSON report shows it (report_json.c). */
cJSON *np_report_cluster_json(const np_report *r, const np_cluster_rec *c);

/* The origin member of c (members[0] after np_report_load). */
const np_member *np_report_origin(const np_cluster_rec *c);

/* Estimated Jaccard of member m with the origin, and the share of m found in it. */
double np_report_jaccard(const np_report *r, const np_cluster_rec *c, const np_member *m);
double np_report_containment(const np_report *r, const np_cluster_rec *c, const np_member *m);

/* Copies in c (members other than the origin) that credit the origin. */
size_t np_report_credited(const np_cluster_rec *c);

/* The copy edges of c, and its origin outside the corpus (outlet "" when
 * none); c is one of r's clusters. */
const np_lineage *np_report_lineage(const np_report *r, const np_cluster_rec *c);
const np_external *np_report_external(const np_report *r, const np_cluster_rec *c);

/* Copies in c that credit neither their source nor the origin. */
size_t np_report_uncredited(const np_report *r, const np_cluster_rec *c);

/* The id of the member member m was copied from, or NULL for the origin. */
const char *np_report_source_id(const np_report *r, const np_cluster_rec *c, size_t m);

/* Seconds since the epoch of a stored publication time ("YYYY-MM-DD",
 * optionally "THH:MM[:SS]" and "Z" or "+HH:MM"): 1 and *t set, or 0 when s
 * is NULL or not such a time. A date alone is taken as its midnight UTC. */
int np_report_epoch(const char *s, long long *t);

/* The evidence sentences of c's attribution (a copy of each, in order). */
np_status np_report_evidence(const np_cluster_rec *c, np_strv *out, np_error *err);

/* NP_OK, or NP_EIO when a write to out failed. */
np_status np_report_io_status(FILE *out, np_error *err);

/* ------------------------------------------------------------------ */
/* Escaping: every string from a page goes through np_report_put        */
/* ------------------------------------------------------------------ */

typedef enum np_escape {
	NP_ESC_HTML, /* & < > " ' as character references: safe in text, attributes and SVG */
	NP_ESC_MD,   /* Markdown punctuation and | backslash-escaped, line breaks as spaces */
	NP_ESC_CSV   /* RFC 4180: quoted when it holds , " CR or LF; " doubled */
} np_escape;

/* Writes s (NULL writes nothing, or "" in CSV) escaped for how. */
void np_report_put(FILE *out, const char *s, np_escape how);

/* As np_report_put, cut to at most max_chars characters (UTF-8 code points)
 * with an ellipsis when longer: chart labels have a fixed width. */
void np_report_put_cut(FILE *out, const char *s, np_escape how, size_t max_chars);

/* ------------------------------------------------------------------ */
/* Figures shared by the writers                                       */
/* ------------------------------------------------------------------ */

/* How many clusters of the store (singletons included) have each size. */
typedef struct np_size_bin {
	int64_t size;
	size_t clusters;
} np_size_bin;

/* The histogram over r->sizes, smallest size first; *out is malloc'd. */
np_status np_report_histogram(const np_report *r, np_size_bin **out, size_t *n, np_error *err);

/* The copies one outlet made of another outlet's stories. */
typedef struct np_audit_source {
	const char *outlet; /* the origin outlet, the same pointer as its entry's name */
	size_t copies;
	size_t credited;    /* of those, copies that credit their origin */
} np_audit_source;

/* One outlet over the reported clusters. */
typedef struct np_audit_outlet {
	const char *name;       /* NP_UNKNOWN_OUTLET when the story had none */
	size_t stories;         /* members of reported clusters */
	size_t origins;         /* ... that are their cluster's origin */
	size_t copies;          /* ... that are not */
	size_t credited;        /* copies that credit their origin */
	size_t copied_by;       /* copies other members made of its origins */
	double containment_sum; /* share of each copy found in its origin, summed */
	np_audit_source *from;  /* whom it copies, most copies first */
	size_t n_from;
} np_audit_outlet;

#define NP_UNKNOWN_OUTLET "(unknown)"

/* The outlet audit: outlets by copies made (most first), then copied_by,
 * stories, name. Names point into r, which must outlive the audit. */
typedef struct np_audit {
	np_audit_outlet *o;
	size_t n;
} np_audit;

np_status np_audit_build(const np_report *r, np_audit *a, np_error *err);
void np_audit_free(np_audit *a);

/* Mean containment of o's copies in their origins; 0 when it has none. */
double np_audit_mean_containment(const np_audit_outlet *o);

/* A matrix cell: the copies row made of column's stories, or NULL when none. */
const np_audit_source *np_audit_cell(const np_audit_outlet *row, const char *column);

/* Writes "A (3), B (1)": whom o copies, escaped for how; "" when nobody. */
void np_audit_put_sources(FILE *out, const np_audit_outlet *o, np_escape how);

/* One writer per format; np_report_write (newsprint.h) picks by format. */
np_status np_report_write_json(const np_report *r, FILE *out, np_error *err);
np_status np_report_write_csv(const np_report *r, FILE *out, np_error *err);
np_status np_report_write_md(const np_report *r, FILE *out, np_error *err);
np_status np_report_write_html(const np_report *r, FILE *out, np_error *err);

#endif
