/*
 * report_html.c — the cluster report as one self-contained HTML page: no
 * network, no script, charts as inline SVG. Sections, in page order: head
 * and style, key figures, the cluster-size histogram, the outlet x origin
 * matrix, a timeline of each big cluster, the outlet audit table and every
 * cluster with its members. Every string from a page goes through
 * np_report_put(..., NP_ESC_HTML), in text and in attributes alike, and a
 * Content-Security-Policy forbids scripts should anything slip through.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/report.h"
#include "util/strbuf.h"

/* ------------------------------------------------------------------ */
/* Look                                                                */
/* ------------------------------------------------------------------ */

/* Palette. The origin, a credited copy and an uncredited copy are the three
 * things an auditor looks for, so each has its own colour, and credited and
 * uncredited copies differ in shape too (filled, hollow) for readers who do
 * not tell teal from orange. */
#define COLOR_INK "#1d2733"        /* text and axes: near-black, softer on screen */
#define COLOR_MUTED "#6b7785"      /* secondary labels */
#define COLOR_GRID "#e3e7ec"       /* grid lines and table rules: visible, never loud */
#define COLOR_BAR "#4a78a8"        /* histogram bars: the neutral data colour */
#define COLOR_ORIGIN "#1b4f8a"     /* the origin: the darkest blue, reserved for sources */
#define COLOR_CREDITED "#2a9d8f"   /* a copy that names its origin */
#define COLOR_UNCREDITED "#e76f51" /* a copy that does not: the warm colour that draws the eye */
#define MATRIX_RGB "27,79,138"     /* matrix cells: the origin blue, opacity from the count */

/* The page is one column this wide; every chart is drawn to fit it. */
#define PAGE_WIDTH 980
#define CHART_W 940

/* Histogram: padding around the plot holds the axes' labels. */
#define HIST_H 240
#define HIST_PAD_L 56       /* y-axis counts */
#define HIST_PAD_R 12
#define HIST_PAD_T 22       /* the count above the tallest bar */
#define HIST_PAD_B 42       /* x-axis sizes and the axis title */
#define HIST_BAR_MAX 72     /* with few sizes, bars stay bars rather than slabs */
#define HIST_GAP 0.2        /* share of a slot left empty between bars */
#define HIST_TICKS 5        /* about this many y-axis ticks */
#define HIST_MAX_XLABELS 30 /* with more sizes, only every k-th size is labelled */
#define HIST_MIN_LABEL_W 14 /* narrower bars carry no count above them */

/* Matrix: rows are republishing outlets, columns origin outlets. */
#define MATRIX_CELL 34        /* a cell holds a three-digit count */
#define MATRIX_LABEL_W 210    /* row labels, right-aligned */
#define MATRIX_LABEL_CHARS 28 /* longer outlet names are cut with an ellipsis */
#define MATRIX_HEAD_MAX 160   /* room above the cells for column labels slanted 45 degrees */
#define CHAR_W 6.5            /* mean width of a 12 px label character, to size that room */
#define MATRIX_MAX 30         /* rows and columns drawn; the audit table lists all */
#define MATRIX_MIN_ALPHA 0.12 /* the faintest cell still reads as "some copies" */
#define MATRIX_DARK_ALPHA 0.55 /* from this shade on, the count is written in white */

/* Timelines: one row per member, on the cluster's own time axis. */
#define TIMELINE_MAX 8        /* the biggest clusters; the cluster list has every one */
#define TL_ROW_H 24
#define TL_LABEL_W 230        /* outlet names */
#define TL_LABEL_CHARS 30
#define TL_PAD_R 110          /* the delay label right of the latest dot */
#define TL_PAD_T 10
#define TL_AXIS_H 36          /* the time axis and its labels */
#define TL_R_ORIGIN 7         /* the origin's dot is the largest */
#define TL_R_COPY 5
#define TL_TICKS 3            /* intervals on the time axis: labels ~130 px wide never touch */
#define SECONDS_PER_MINUTE 60
#define MINUTES_PER_HOUR 60
#define HOURS_PER_DAY 24
#define DELAY_HOURS_MAX 48    /* delays up to two days in hours, longer ones in days */

#define TITLE_CHARS 120 /* headlines in summaries are cut here */

/* ------------------------------------------------------------------ */
/* Small pieces                                                        */
/* ------------------------------------------------------------------ */

static void put_text(FILE *out, const char *s)
{
	np_report_put(out, s, NP_ESC_HTML);
}

/* An SVG <text> at (x, y); attrs is markup of this file, s a page's string. */
static void svg_text(FILE *out, double x, double y, const char *attrs, const char *s,
                     size_t max_chars)
{
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\"%s>", x, y, attrs);
	np_report_put_cut(out, s, NP_ESC_HTML, max_chars);
	fputs("</text>\n", out);
}

static void svg_num(FILE *out, double x, double y, const char *attrs, long long v)
{
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\"%s>%lld</text>\n", x, y, attrs, v);
}

/* Opens an SVG of w x h whose accessible name is label (a sentence of this
 * file, then an optional string from a page). */
static void svg_open(FILE *out, double w, double h, const char *label, const char *page_str)
{
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
	        "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"%s", w, h, w, h, label);
	put_text(out, page_str);
	fputs("\">\n", out);
}

static void put_percent(FILE *out, double share)
{
	fprintf(out, "%.0f%%", 100.0 * share);
}

/* ------------------------------------------------------------------ */
/* Head, style and key figures                                         */
/* ------------------------------------------------------------------ */

#define STR_(x) #x
#define STR(x) STR_(x)

static const char STYLE[] =
	"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:" COLOR_INK
	";margin:0;background:#f6f7f9}\n"
	"main{max-width:" STR(PAGE_WIDTH) "px;margin:0 auto;padding:24px 20px;background:#fff}\n"
	"h1{margin:0 0 4px;font-size:26px}h2{margin:32px 0 6px;font-size:20px;border-bottom:2px solid "
	COLOR_GRID ";padding-bottom:4px}h3{margin:18px 0 2px;font-size:15px}\n"
	".note{color:" COLOR_MUTED ";margin:2px 0 10px}\n"
	".figures{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}\n"
	".figures div{border:1px solid " COLOR_GRID ";border-radius:6px;padding:8px 14px;min-width:110px}\n"
	".figures b{display:block;font-size:22px}\n"
	"table{border-collapse:collapse;width:100%;font-size:14px}\n"
	"th,td{border-bottom:1px solid " COLOR_GRID ";padding:4px 6px;text-align:left;vertical-align:top}\n"
	"th{background:#eef1f5}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	"tr.warn td:first-child{border-left:4px solid " COLOR_UNCREDITED "}\n"
	".meter{display:inline-block;width:60px;height:8px;background:" COLOR_GRID
	";margin-right:6px;vertical-align:middle}\n"
	".meter span{display:block;height:8px;background:" COLOR_BAR "}\n"
	"details{border-bottom:1px solid " COLOR_GRID ";padding:4px 0}summary{cursor:pointer}\n"
	".id{color:" COLOR_MUTED ";font-size:12px;word-break:break-all}\n"
	"svg{display:block;margin:6px 0;max-width:100%;height:auto}\n"
	"svg text{font:12px system-ui,sans-serif;fill:" COLOR_INK "}\n"
	"svg .muted{fill:" COLOR_MUTED "}svg .axis{stroke:" COLOR_INK "}svg .grid{stroke:" COLOR_GRID "}\n"
	"svg .bar{fill:" COLOR_BAR "}svg .link{stroke:" COLOR_GRID ";stroke-width:2}\n"
	"svg .origin{fill:" COLOR_ORIGIN "}svg .credited{fill:" COLOR_CREDITED "}\n"
	"svg .uncredited{fill:#fff;stroke:" COLOR_UNCREDITED ";stroke-width:2.5}\n"
	"svg .nodate{fill:#fff;stroke:" COLOR_MUTED ";stroke-dasharray:2 2}\n"
	"svg .white{fill:#fff}\n";

static void html_head(FILE *out)
{
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	        "style-src 'unsafe-inline'\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	        "<title>newsprint report</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n",
	        STYLE);
}

static void figure(FILE *out, long long value, const char *what)
{
	fprintf(out, "<div><b>%lld</b>%s</div>\n", value, what);
}

static void html_figures(FILE *out, const np_report *r, const np_audit *a)
{
	size_t members = 0, copies = 0, credited = 0;
	for (size_t i = 0; i < r->n; i++) {
		members += r->c[i].n;
		copies += r->c[i].n - 1;
		credited += np_report_credited(&r->c[i]);
	}
	fprintf(out, "<h1>newsprint report</h1>\n<p class=\"note\">Clusters of at least %u stories: "
	        "stories republished across outlets, each with the origin the others copied.</p>\n"
	        "<div class=\"figures\">\n", r->min_size);
	figure(out, r->stories, "stories in the store");
	figure(out, (long long)r->n, "clusters");
	figure(out, (long long)members, "stories in them");
	figure(out, (long long)copies, "copies");
	figure(out, (long long)(copies - credited), "uncredited copies");
	figure(out, (long long)a->n, "outlets");
	fputs("</div>\n", out);
	if (r->provisional)
		fprintf(out, "<p class=\"note\"><strong>Provisional:</strong> %lld stories were stored out "
		        "of canonical order (publication time, then id); their clusters and origins are "
		        "final after <code>newsprint reconcile</code>.</p>\n", (long long)r->provisional);
}

/* ------------------------------------------------------------------ */
/* Cluster-size histogram                                              */
/* ------------------------------------------------------------------ */

/* A tick step of 1, 2 or 5 times a power of ten giving about HIST_TICKS ticks. */
static double nice_step(double max)
{
	double raw = max / HIST_TICKS;
	double p = pow(10.0, floor(log10(raw > 1.0 ? raw : 1.0)));
	double m = raw / p;
	return p * (m <= 1.0 ? 1.0 : m <= 2.0 ? 2.0 : m <= 5.0 ? 5.0 : 10.0);
}

static void hist_axes(FILE *out, double max, double plot_w, double plot_h)
{
	double step = nice_step(max);
	for (double v = 0; v <= max + 1e-9; v += step) {
		double y = HIST_PAD_T + plot_h - v / max * plot_h;
		fprintf(out, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
		        HIST_PAD_L, y, HIST_PAD_L + plot_w, y);
		svg_num(out, HIST_PAD_L - 6, y + 4, " text-anchor=\"end\" class=\"muted\"", (long long)v);
	}
	fprintf(out, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
	        HIST_PAD_L, HIST_PAD_T + plot_h, HIST_PAD_L + plot_w, HIST_PAD_T + plot_h);
	svg_text(out, HIST_PAD_L + plot_w / 2, HIST_H - 6, " text-anchor=\"middle\" class=\"muted\"",
	         "stories in the cluster", 0);
}

static void hist_bars(FILE *out, const np_size_bin *bins, size_t n, double max, double plot_w,
                      double plot_h)
{
	double slot = plot_w / (double)n;
	double bar = fmin(slot * (1.0 - HIST_GAP), HIST_BAR_MAX);
	size_t label_every = (n + HIST_MAX_XLABELS - 1) / HIST_MAX_XLABELS;
	for (size_t i = 0; i < n; i++) {
		double h = (double)bins[i].clusters / max * plot_h;
		double x = HIST_PAD_L + slot * (double)i + (slot - bar) / 2, y = HIST_PAD_T + plot_h - h;
		fprintf(out, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
		        "<title>%zu clusters of %lld stories</title></rect>\n",
		        x, y, bar, h, bins[i].clusters, (long long)bins[i].size);
		if (bar >= HIST_MIN_LABEL_W)
			svg_num(out, x + bar / 2, y - 4, " text-anchor=\"middle\"", (long long)bins[i].clusters);
		if (i % label_every == 0)
			svg_num(out, x + bar / 2, HIST_PAD_T + plot_h + 16, " text-anchor=\"middle\"",
			        (long long)bins[i].size);
	}
}

static np_status html_histogram(FILE *out, const np_report *r, np_error *err)
{
	np_size_bin *bins;
	size_t n;
	np_status rc = np_report_histogram(r, &bins, &n, err);
	if (rc != NP_OK)
		return rc;
	fputs("<h2>Cluster sizes</h2>\n<p class=\"note\">How many clusters have each size, over the "
	      "whole store (single stories, never copied, are size 1).</p>\n", out);
	double max = 1;
	for (size_t i = 0; i < n; i++)
		max = fmax(max, (double)bins[i].clusters);
	max = ceil(max / nice_step(max)) * nice_step(max); /* the top grid line above the tallest bar */
	double plot_w = CHART_W - HIST_PAD_L - HIST_PAD_R, plot_h = HIST_H - HIST_PAD_T - HIST_PAD_B;
	svg_open(out, CHART_W, HIST_H, "Histogram of cluster sizes", NULL);
	hist_axes(out, max, plot_w, plot_h);
	if (n)
		hist_bars(out, bins, n, max, plot_w, plot_h);
	fputs("</svg>\n", out);
	free(bins);
	return NP_OK;
}

/* ------------------------------------------------------------------ */
/* Outlet x origin matrix                                              */
/* ------------------------------------------------------------------ */

/* Pointers to the outlets that copy (rows) or are copied (columns), in
 * audit order, at most MATRIX_MAX of each; the audit table lists them all. */
typedef struct matrix {
	const np_audit_outlet *row[MATRIX_MAX], *col[MATRIX_MAX];
	size_t n_rows, n_cols, more_rows, more_cols, max;
	double head; /* height of the column labels */
} matrix;

/* Characters (UTF-8 code points) in s. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80; /* continuation bytes do not start one */
	return n;
}

static int cmp_copied_by(const void *pa, const void *pb)
{
	const np_audit_outlet *a = *(const np_audit_outlet *const *)pa;
	const np_audit_outlet *b = *(const np_audit_outlet *const *)pb;
	if (a->copied_by != b->copied_by)
		return a->copied_by > b->copied_by ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Height of the slanted column labels: a label rises by its length times
 * sin 45 degrees. */
static double matrix_head(const matrix *m)
{
	size_t longest = 0;
	for (size_t j = 0; j < m->n_cols; j++) {
		size_t n = utf8_chars(m->col[j]->name);
		longest = n > longest ? n : longest;
	}
	if (longest > MATRIX_LABEL_CHARS)
		longest = MATRIX_LABEL_CHARS + 1; /* the cut label and its ellipsis */
	return fmin(MATRIX_HEAD_MAX, 16 + (double)longest * CHAR_W * M_SQRT1_2);
}

/* Inserts o among the columns, kept in cmp_copied_by order; when all
 * MATRIX_MAX are taken, the least copied outlet is left out. */
static void add_column(matrix *m, const np_audit_outlet *o)
{
	size_t at = m->n_cols;
	while (at > 0 && cmp_copied_by(&o, &m->col[at - 1]) < 0)
		at--;
	if (m->n_cols == MATRIX_MAX) {
		m->more_cols++;
		if (at == MATRIX_MAX)
			return;
		m->n_cols--;
	}
	memmove(&m->col[at + 1], &m->col[at], (m->n_cols - at) * sizeof *m->col);
	m->col[at] = o;
	m->n_cols++;
}

static void matrix_pick(const np_audit *a, matrix *m)
{
	memset(m, 0, sizeof *m);
	for (size_t i = 0; i < a->n; i++) {
		const np_audit_outlet *o = &a->o[i];
		if (o->copies && m->n_rows < MATRIX_MAX)
			m->row[m->n_rows++] = o;
		else if (o->copies)
			m->more_rows++;
		if (o->copied_by)
			add_column(m, o);
		for (size_t k = 0; k < o->n_from; k++)
			m->max = o->from[k].copies > m->max ? o->from[k].copies : m->max;
	}
	m->head = matrix_head(m);
}

static void matrix_labels(FILE *out, const matrix *m)
{
	for (size_t j = 0; j < m->n_cols; j++) {
		double x = MATRIX_LABEL_W + MATRIX_CELL * ((double)j + 0.5), y = m->head - 6;
		fprintf(out, "<g transform=\"translate(%.1f %.1f) rotate(-45)\">", x, y);
		svg_text(out, 0, 0, "", m->col[j]->name, MATRIX_LABEL_CHARS);
		fputs("</g>\n", out);
	}
	for (size_t i = 0; i < m->n_rows; i++)
		svg_text(out, MATRIX_LABEL_W - 8, m->head + MATRIX_CELL * ((double)i + 0.5) + 4,
		         " text-anchor=\"end\"", m->row[i]->name, MATRIX_LABEL_CHARS);
}

static void matrix_cell(FILE *out, const matrix *m, size_t i, size_t j)
{
	const np_audit_source *s = np_audit_cell(m->row[i], m->col[j]->name);
	double x = MATRIX_LABEL_W + MATRIX_CELL * (double)j, y = m->head + MATRIX_CELL * (double)i;
	if (!s) {
		fprintf(out, "<rect class=\"grid\" fill=\"none\" x=\"%.1f\" y=\"%.1f\" width=\"%d\" "
		        "height=\"%d\"/>\n", x, y, MATRIX_CELL, MATRIX_CELL);
		return;
	}
	double alpha = MATRIX_MIN_ALPHA + (1.0 - MATRIX_MIN_ALPHA) * (double)s->copies / (double)m->max;
	fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" fill=\"rgba(" MATRIX_RGB
	        ",%.2f)\"><title>", x, y, MATRIX_CELL, MATRIX_CELL, alpha);
	put_text(out, m->row[i]->name);
	fprintf(out, " copied %zu ", s->copies);
	put_text(out, m->col[j]->name);
	fprintf(out, " stor%s, %zu credited</title></rect>\n", s->copies == 1 ? "y" : "ies", s->credited);
	svg_num(out, x + MATRIX_CELL / 2.0, y + MATRIX_CELL / 2.0 + 4,
	        alpha >= MATRIX_DARK_ALPHA ? " text-anchor=\"middle\" class=\"white\""
	                                   : " text-anchor=\"middle\"",
	        (long long)s->copies);
}

static void html_matrix(FILE *out, const np_audit *a)
{
	matrix m;
	matrix_pick(a, &m);
	fputs("<h2>Who copies whom</h2>\n<p class=\"note\">Rows: outlets that republish; columns: the "
	      "outlets whose stories they republish (the cluster's origin); a cell counts the copies, "
	      "darker for more.</p>\n", out);
	if (!m.n_rows) {
		fputs("<p>No copies in the reported clusters.</p>\n", out);
		return;
	}
	double w = MATRIX_LABEL_W + MATRIX_CELL * (double)m.n_cols + m.head;
	double h = m.head + MATRIX_CELL * (double)m.n_rows + 4;
	svg_open(out, w, h, "Copies by republishing outlet and origin outlet", NULL);
	matrix_labels(out, &m);
	for (size_t i = 0; i < m.n_rows; i++)
		for (size_t j = 0; j < m.n_cols; j++)
			matrix_cell(out, &m, i, j);
	fputs("</svg>\n", out);
	if (m.more_rows || m.more_cols)
		fprintf(out, "<p class=\"note\">%zu more republishing and %zu more origin outlets are in "
		        "the outlet table below.</p>\n", m.more_rows, m.more_cols);
}

/* ------------------------------------------------------------------ */
/* Timelines of the biggest clusters                                   */
/* ------------------------------------------------------------------ */

/* The cluster's time axis: from its earliest to its latest known time. */
typedef struct time_axis {
	long long t0, t1;
	int any;      /* some member has a known time */
	double x0, w; /* the plot's left edge and width */
} time_axis;

static time_axis axis_of(const np_cluster_rec *c)
{
	time_axis ax = {.x0 = TL_LABEL_W, .w = CHART_W - TL_LABEL_W - TL_PAD_R};
	for (size_t j = 0; j < c->n; j++) {
		long long t;
		if (!np_report_epoch(c->m[j].published, &t))
			continue;
		ax.t0 = ax.any && ax.t0 < t ? ax.t0 : t;
		ax.t1 = ax.any && ax.t1 > t ? ax.t1 : t;
		ax.any = 1;
	}
	return ax;
}

static double axis_x(const time_axis *ax, long long t)
{
	if (ax->t1 == ax->t0)
		return ax->x0 + ax->w / 2;
	return ax->x0 + (double)(t - ax->t0) / (double)(ax->t1 - ax->t0) * ax->w;
}

/* "+40 min", "+5 h", "+3 d", "-2 h": a copy's delay after its origin. */
static void put_delay(FILE *out, long long secs)
{
	long long mins = llabs(secs) / SECONDS_PER_MINUTE, h = mins / MINUTES_PER_HOUR;
	const char *sign = secs < 0 ? "\u2212" : "+";
	if (h == 0)
		fprintf(out, "%s%lld min", sign, mins);
	else if (h < DELAY_HOURS_MAX)
		fprintf(out, "%s%lld h", sign, h);
	else
		fprintf(out, "%s%lld d", sign, h / HOURS_PER_DAY);
}

static void put_utc(FILE *out, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[32];
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
	fputs(buf, out);
}

static void timeline_axis(FILE *out, const time_axis *ax, double y)
{
	fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", ax->x0,
	        y, ax->x0 + ax->w, y);
	int ticks = ax->t1 > ax->t0 ? TL_TICKS : 0;
	for (int k = 0; ax->any && k <= ticks; k++) {
		long long t = ax->t0 + (ax->t1 - ax->t0) * k / (ticks ? ticks : 1);
		double x = axis_x(ax, t);
		const char *anchor = k == 0 && ticks ? "start" : k == ticks && ticks ? "end" : "middle";
		fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
		        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"muted\">",
		        x, y, x, y + 4, x, y + 18, anchor);
		put_utc(out, t);
		fputs("</text>\n", out);
	}
}

/* The dot's class: the origin, a credited or an uncredited copy, or no date. */
static const char *dot_class(const np_member *m, size_t j, int dated)
{
	if (!dated)
		return "nodate";
	return j == 0 ? "origin" : m->credits_origin ? "credited" : "uncredited";
}

static void timeline_row(FILE *out, const np_report *r, const np_cluster_rec *c, size_t j,
                         const time_axis *ax, double origin_x)
{
	const np_member *m = &c->m[j];
	double y = TL_PAD_T + TL_ROW_H * ((double)j + 0.5);
	long long t = 0, t_origin = 0;
	int dated = np_report_epoch(m->published, &t);
	int origin_dated = np_report_epoch(np_report_origin(c)->published, &t_origin);
	double x = dated ? axis_x(ax, t) : ax->x0;
	svg_text(out, TL_LABEL_W - 12, y + 4, j == 0 ? " text-anchor=\"end\" font-weight=\"bold\""
	                                              : " text-anchor=\"end\"", m->outlet, TL_LABEL_CHARS);
	if (j > 0 && dated && origin_dated)
		fprintf(out, "<line class=\"link\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
		        origin_x, y, x, y);
	fprintf(out, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%d\"><title>", dot_class(m, j, dated),
	        x, y, j == 0 ? TL_R_ORIGIN : TL_R_COPY);
	put_text(out, m->title);
	fputs(" \u2014 ", out);
	put_text(out, m->published ? m->published : "no date");
	fprintf(out, "; containment %.2f</title></circle>\n<text x=\"%.1f\" y=\"%.1f\" class=\"muted\">",
	        np_report_containment(r, c, m), x + TL_R_ORIGIN + 5, y + 4);
	if (j == 0)
		fputs("origin", out);
	else if (dated && origin_dated)
		put_delay(out, t - t_origin);
	else
		fputs("date unknown", out);
	fputs("</text>\n", out);
}

static void html_timeline(FILE *out, const np_report *r, const np_cluster_rec *c)
{
	const np_member *o = np_report_origin(c);
	time_axis ax = axis_of(c);
	long long t;
	double origin_x = np_report_epoch(o->published, &t) ? axis_x(&ax, t) : ax.x0;
	double h = TL_PAD_T + TL_ROW_H * (double)c->n + TL_AXIS_H;
	fprintf(out, "<h3>Cluster %lld \u00b7 %zu stories \u00b7 ", (long long)c->id, c->n);
	np_report_put_cut(out, o->title, NP_ESC_HTML, TITLE_CHARS);
	fputs("</h3>\n", out);
	svg_open(out, CHART_W, h, "Timeline of the cluster: ", o->title);
	for (size_t j = 0; j < c->n; j++)
		timeline_row(out, r, c, j, &ax, origin_x);
	timeline_axis(out, &ax, TL_PAD_T + TL_ROW_H * (double)c->n + 4);
	fputs("</svg>\n", out);
}

/* One legend entry: a dot of class cls and its meaning. */
static void legend_entry(FILE *out, double x, const char *cls, int radius, const char *what)
{
	fprintf(out, "<circle class=\"%s\" cx=\"%.1f\" cy=\"12\" r=\"%d\"/>", cls, x, radius);
	svg_text(out, x + 12, 16, "", what, 0);
}

static void html_timelines(FILE *out, const np_report *r)
{
	fputs("<h2>The biggest clusters over time</h2>\n<p class=\"note\">Each member on its "
	      "cluster's time axis (UTC; a date without a time is placed at its midnight), the delay "
	      "after the origin on its right; hover a dot for the headline.</p>\n", out);
	svg_open(out, CHART_W, 24, "Legend", NULL);
	legend_entry(out, 10, "origin", TL_R_ORIGIN, "origin");
	legend_entry(out, 110, "credited", TL_R_COPY, "copy that credits the origin");
	legend_entry(out, 340, "uncredited", TL_R_COPY, "copy that does not credit it");
	legend_entry(out, 570, "nodate", TL_R_COPY, "no publication date");
	fputs("</svg>\n", out);
	size_t shown = 0;
	for (size_t i = 0; i < r->n && shown < TIMELINE_MAX; i++)
		if (r->c[i].n >= 2) {
			html_timeline(out, r, &r->c[i]);
			shown++;
		}
	if (!shown)
		fputs("<p>No cluster of two or more stories.</p>\n", out);
}

/* ------------------------------------------------------------------ */
/* Tables                                                              */
/* ------------------------------------------------------------------ */

static void audit_row(FILE *out, const np_audit_outlet *o)
{
	fprintf(out, "<tr%s><td>", o->credited < o->copies ? " class=\"warn\"" : "");
	put_text(out, o->name);
	fprintf(out, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td>",
	        o->stories, o->origins, o->copies);
	np_audit_put_sources(out, o, NP_ESC_HTML);
	fputs("</td><td class=\"n\">", out);
	if (o->copies) {
		double share = np_audit_mean_containment(o);
		fprintf(out, "<span class=\"meter\"><span style=\"width:%.0f%%\"></span></span>",
		        100.0 * share);
		put_percent(out, share);
		fprintf(out, "</td><td class=\"n\">%zu of %zu</td><td class=\"n\">%zu</td></tr>\n",
		        o->credited, o->copies, o->copies - o->credited);
	} else {
		fputs("</td><td></td><td></td></tr>\n", out);
	}
}

static void html_audit(FILE *out, const np_audit *a)
{
	fputs("<h2>Outlets</h2>\n<p class=\"note\">Per outlet, over the clusters above. Body copied: "
	      "the mean share of a copy's text found in its origin. Credited: copies that name their "
	      "origin; outlets with uncredited copies are marked.</p>\n<table>\n<thead><tr><th>Outlet"
	      "</th><th class=\"n\">Stories</th><th class=\"n\">Origins</th><th class=\"n\">Copies</th>"
	      "<th>Copies from</th><th class=\"n\">Body copied</th><th class=\"n\">Credited</th>"
	      "<th class=\"n\">Uncredited</th></tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < a->n; i++)
		audit_row(out, &a->o[i]);
	fputs("</tbody>\n</table>\n", out);
}

/* Whom a copy was copied from, its share found there, and an uncredited
 * copy marked as in the audit table. */
static void source_cell(FILE *out, const np_cluster_rec *c, const np_edge *e)
{
	if (!e)
		return;
	put_text(out, c->m[e->from].outlet);
	fprintf(out, " (%.0f%%)%s", 100.0 * e->containment, e->credited ? "" : " <b>uncredited</b>");
}

static void member_row(FILE *out, const np_report *r, const np_cluster_rec *c, size_t j)
{
	const np_member *m = &c->m[j];
	fputs("<tr><td>", out);
	put_text(out, m->outlet);
	fputs(j == 0 ? " <b>(origin)</b>" : "", out);
	fputs("</td><td>", out);
	put_text(out, m->published);
	fputs("</td><td>", out);
	put_text(out, m->title);
	fputs("<div class=\"id\">", out);
	put_text(out, m->id);
	fprintf(out, "</div></td><td class=\"n\">%.2f</td><td class=\"n\">%.2f</td><td>%s</td><td>",
	        np_report_jaccard(r, c, m), np_report_containment(r, c, m),
	        j == 0 ? "" : m->credits_origin ? "yes" : "<b>no</b>");
	source_cell(out, c, np_lineage_edge_to(np_report_lineage(r, c), j));
	fputs("</td></tr>\n", out);
}

static np_status cluster_details(FILE *out, const np_report *r, const np_cluster_rec *c,
                                 np_error *err)
{
	const np_member *o = np_report_origin(c);
	np_strv ev;
	np_status rc = np_report_evidence(c, &ev, err);
	if (rc != NP_OK)
		return rc;
	fprintf(out, "<details><summary><b>Cluster %lld</b> \u00b7 %zu stories \u00b7 ",
	        (long long)c->id, c->n);
	put_text(out, o->outlet);
	fputs(": ", out);
	np_report_put_cut(out, o->title, NP_ESC_HTML, TITLE_CHARS);
	fprintf(out, "</summary>\n<p class=\"note\">Origin confidence %.2f", c->confidence);
	for (size_t i = 0; i < ev.n; i++) {
		fputs(i ? "; " : ": ", out);
		put_text(out, ev.v[i]);
	}
	np_strv_free(&ev);
	fputs("</p>\n<table>\n<thead><tr><th>Outlet</th><th>Published</th><th>Headline</th>"
	      "<th class=\"n\">Jaccard</th><th class=\"n\">Containment</th><th>Credits origin</th>"
	      "<th>Copied from</th></tr></thead>\n<tbody>\n", out);
	for (size_t j = 0; j < c->n; j++)
		member_row(out, r, c, j);
	fputs("</tbody>\n</table>\n</details>\n", out);
	return NP_OK;
}

static np_status html_clusters(FILE *out, const np_report *r, np_error *err)
{
	fputs("<h2>Clusters</h2>\n<p class=\"note\">Largest first; open one for its members, "
	      "their similarity to the origin and whether they credit it.</p>\n", out);
	np_status rc = NP_OK;
	for (size_t i = 0; rc == NP_OK && i < r->n; i++)
		rc = cluster_details(out, r, &r->c[i], err);
	return rc;
}

np_status np_report_write_html(const np_report *r, FILE *out, np_error *err)
{
	np_audit a;
	np_status rc = np_audit_build(r, &a, err);
	if (rc != NP_OK)
		return rc;
	html_head(out);
	html_figures(out, r, &a);
	rc = html_histogram(out, r, err);
	if (rc == NP_OK) {
		html_matrix(out, &a);
		html_timelines(out, r);
		html_audit(out, &a);
		rc = html_clusters(out, r, err);
	}
	fputs("<p class=\"note\">Written by newsprint " NP_VERSION ".</p>\n</main>\n</body>\n</html>\n",
	      out);
	np_audit_free(&a);
	return rc == NP_OK ? np_report_io_status(out, err) : rc;
}
