/*
 * report_md.c — the cluster report as Markdown, for a ticket, a wiki page or
 * a pull request: the clusters table, who copied from whom (uncredited
 * copies marked), the histogram of cluster sizes and the outlet audit
 * table. Strings from pages are backslash-escaped (report.h).
 */
#include <stdlib.h>

#include "report/report.h"
#include "util/strbuf.h"

/* Characters in the longest histogram bar: fits an 80-column terminal next
 * to the size and count columns. */
#define MD_BAR_WIDTH 40
#define MD_BAR "\u2588" /* a full block: one unit of a text bar */

static void md_summary(FILE *out, const np_report *r)
{
	fprintf(out, "# newsprint report\n\n%lld stories in the store; %zu cluster%s of at least %u "
	        "stories.\n\n", (long long)r->stories, r->n, r->n == 1 ? "" : "s", r->min_size);
	if (r->provisional)
		fprintf(out, "**Provisional:** %lld stories were stored out of canonical order (publication "
		        "time, then id); their clusters and origins are final after "
		        "`newsprint reconcile`.\n\n", (long long)r->provisional);
}

/* The evidence sentences of c, joined by "; ". */
static np_status md_evidence(FILE *out, const np_cluster_rec *c, np_error *err)
{
	np_strv ev;
	np_status rc = np_report_evidence(c, &ev, err);
	for (size_t i = 0; rc == NP_OK && i < ev.n; i++) {
		fputs(i ? "; " : "", out);
		np_report_put(out, ev.v[i], NP_ESC_MD);
	}
	np_strv_free(&ev);
	return rc;
}

static np_status md_clusters(FILE *out, const np_report *r, np_error *err)
{
	fputs("## Clusters\n\n"
	      "| Cluster | Size | Origin outlet | Published | Headline | Confidence | Credited | Evidence |\n"
	      "|---:|---:|---|---|---|---:|---:|---|\n", out);
	np_status rc = NP_OK;
	for (size_t i = 0; rc == NP_OK && i < r->n; i++) {
		const np_cluster_rec *c = &r->c[i];
		const np_member *o = np_report_origin(c);
		fprintf(out, "| %lld | %zu | ", (long long)c->id, c->n);
		np_report_put(out, o->outlet, NP_ESC_MD);
		fputs(" | ", out);
		np_report_put(out, o->published, NP_ESC_MD);
		fputs(" | ", out);
		np_report_put(out, o->title, NP_ESC_MD);
		fprintf(out, " | %.2f | %zu of %zu | ", c->confidence, np_report_credited(c), c->n - 1);
		rc = md_evidence(out, c, err);
		fputs(" |\n", out);
	}
	fputc('\n', out);
	return rc;
}

static void md_edge_row(FILE *out, const np_cluster_rec *c, const np_edge *e)
{
	const np_member *to = &c->m[e->to], *from = &c->m[e->from];
	fprintf(out, "| %lld | ", (long long)c->id);
	np_report_put(out, to->outlet, NP_ESC_MD);
	fputs(" | ", out);
	np_report_put(out, to->title, NP_ESC_MD);
	fputs(" | ", out);
	np_report_put(out, from->outlet, NP_ESC_MD);
	fprintf(out, " | %.2f | %.2f | %s |\n", e->jaccard, e->containment,
	        e->credited ? "yes" : "**no**");
}

/* Every copy edge, cluster by cluster. */
static void md_copies(FILE *out, const np_report *r)
{
	fputs("## Who copied whom\n\n"
	      "Each copy with the member it was copied from (the one it credits, else the earlier "
	      "one its text is most found in). Containment: the share of the copy found in its "
	      "source. Credited: it names its source or the origin.\n\n"
	      "| Cluster | Copy outlet | Headline | Copied from | Jaccard | Containment | Credited |\n"
	      "|---:|---|---|---|---:|---:|---|\n", out);
	for (size_t i = 0; i < r->n; i++) {
		const np_lineage *l = np_report_lineage(r, &r->c[i]);
		for (size_t j = 0; j < l->n; j++)
			md_edge_row(out, &r->c[i], &l->e[j]);
	}
	fputc('\n', out);
}

static np_status md_sizes(FILE *out, const np_report *r, np_error *err)
{
	np_size_bin *bins;
	size_t n;
	np_status rc = np_report_histogram(r, &bins, &n, err);
	if (rc != NP_OK)
		return rc;
	size_t max = 1;
	for (size_t i = 0; i < n; i++)
		max = bins[i].clusters > max ? bins[i].clusters : max;
	fputs("## Cluster sizes\n\nEvery cluster of the store, single stories included.\n\n"
	      "| Size | Clusters | |\n|---:|---:|---|\n", out);
	for (size_t i = 0; i < n; i++) {
		/* at least one block, so that a small count still shows */
		size_t w = (bins[i].clusters * MD_BAR_WIDTH + max - 1) / max;
		fprintf(out, "| %lld | %zu | ", (long long)bins[i].size, bins[i].clusters);
		for (size_t k = 0; k < w; k++)
			fputs(MD_BAR, out);
		fputs(" |\n", out);
	}
	fputc('\n', out);
	free(bins);
	return NP_OK;
}

static void md_outlet_row(FILE *out, const np_audit_outlet *o)
{
	fputs("| ", out);
	np_report_put(out, o->name, NP_ESC_MD);
	fprintf(out, " | %zu | %zu | %zu | ", o->stories, o->origins, o->copies);
	np_audit_put_sources(out, o, NP_ESC_MD);
	if (o->copies)
		fprintf(out, " | %.0f%% | %zu of %zu |\n", 100.0 * np_audit_mean_containment(o),
		        o->credited, o->copies);
	else
		fputs(" | | |\n", out);
}

static np_status md_outlets(FILE *out, const np_report *r, np_error *err)
{
	np_audit a;
	np_status rc = np_audit_build(r, &a, err);
	if (rc != NP_OK)
		return rc;
	fputs("## Outlets\n\n"
	      "Body copied: the mean share of a copy's text found in its origin. "
	      "Credited: copies that name their origin.\n\n"
	      "| Outlet | Stories | Origins | Copies | Copies from | Body copied | Credited |\n"
	      "|---|---:|---:|---:|---|---:|---:|\n", out);
	for (size_t i = 0; i < a.n; i++)
		md_outlet_row(out, &a.o[i]);
	np_audit_free(&a);
	return NP_OK;
}

np_status np_report_write_md(const np_report *r, FILE *out, np_error *err)
{
	md_summary(out, r);
	np_status rc = md_clusters(out, r, err);
	if (rc == NP_OK) {
		md_copies(out, r);
		rc = md_sizes(out, r, err);
	}
	if (rc == NP_OK)
		rc = md_outlets(out, r, err);
	return rc == NP_OK ? np_report_io_status(out, err) : rc;
}
