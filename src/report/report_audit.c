/*
 * report_audit.c — the figures every report format shows, computed once
 * from the loaded report: the histogram of cluster sizes, and the outlet
 * audit (per outlet: stories, origins, copies, whom it copies, how much of
 * each body it copies, whether it credits the source) from which the HTML
 * page also draws its outlet x origin matrix.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "util/error.h"
#include "util/strbuf.h"

static int cmp_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Sorted sizes of every cluster; *out is malloc'd (NULL when none). */
static np_status sorted_sizes(const np_report *r, int64_t **out, np_error *err)
{
	*out = NULL;
	if (r->n_sizes == 0)
		return NP_OK;
	if (!(*out = malloc(r->n_sizes * sizeof **out)))
		return np_fail(err, NP_ENOMEM, "out of memory counting cluster sizes");
	for (size_t i = 0; i < r->n_sizes; i++)
		(*out)[i] = r->sizes[i].size;
	qsort(*out, r->n_sizes, sizeof **out, cmp_int64);
	return NP_OK;
}

np_status np_report_histogram(const np_report *r, np_size_bin **out, size_t *n, np_error *err)
{
	int64_t *s;
	*out = NULL;
	*n = 0;
	np_status rc = sorted_sizes(r, &s, err);
	if (rc != NP_OK || !s)
		return rc;
	/* at most one bin per cluster */
	if (!(*out = calloc(r->n_sizes, sizeof **out))) {
		free(s);
		return np_fail(err, NP_ENOMEM, "out of memory counting cluster sizes");
	}
	for (size_t i = 0; i < r->n_sizes; i++) {
		if (*n == 0 || (*out)[*n - 1].size != s[i])
			(*out)[(*n)++].size = s[i];
		(*out)[*n - 1].clusters++;
	}
	free(s);
	return NP_OK;
}

/* ------------------------------------------------------------------ */
/* The outlet audit                                                    */
/* ------------------------------------------------------------------ */

static const char *outlet_name(const np_member *m)
{
	return m->outlet && *m->outlet ? m->outlet : NP_UNKNOWN_OUTLET;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const np_audit_outlet *)a)->name, ((const np_audit_outlet *)b)->name);
}

/* One entry per distinct outlet name of the reported members, sorted by
 * name so that members find theirs by binary search. */
static np_status collect_outlets(const np_report *r, np_audit *a, np_error *err)
{
	size_t total = 0;
	for (size_t i = 0; i < r->n; i++)
		total += r->c[i].n;
	if (total && !(a->o = calloc(total, sizeof *a->o)))
		return np_fail(err, NP_ENOMEM, "out of memory auditing outlets");
	for (size_t i = 0; i < r->n; i++)
		for (size_t j = 0; j < r->c[i].n; j++)
			a->o[a->n++].name = outlet_name(&r->c[i].m[j]);
	if (a->n)
		qsort(a->o, a->n, sizeof *a->o, cmp_name);
	size_t w = 0;
	for (size_t i = 0; i < a->n; i++)
		if (w == 0 || strcmp(a->o[w - 1].name, a->o[i].name) != 0)
			a->o[w++].name = a->o[i].name;
	a->n = w;
	return NP_OK;
}

static np_audit_outlet *find_outlet(const np_audit *a, const char *name)
{
	np_audit_outlet key = {.name = name};
	return bsearch(&key, a->o, a->n, sizeof *a->o, cmp_name);
}

/* Counts one copy by row of a story of origin (an outlet name of a). */
static int add_source(np_audit_outlet *row, const char *origin, int credited)
{
	for (size_t i = 0; i < row->n_from; i++)
		if (row->from[i].outlet == origin) {
			row->from[i].copies++;
			row->from[i].credited += credited != 0;
			return 0;
		}
	np_audit_source *f = realloc(row->from, (row->n_from + 1) * sizeof *f);
	if (!f)
		return -1;
	row->from = f;
	row->from[row->n_from++] = (np_audit_source){origin, 1, credited != 0};
	return 0;
}

static np_status count_cluster(const np_report *r, const np_cluster_rec *c, np_audit *a,
                               np_error *err)
{
	np_audit_outlet *origin = find_outlet(a, outlet_name(np_report_origin(c)));
	origin->stories++;
	origin->origins++;
	for (size_t j = 1; j < c->n; j++) {
		const np_member *m = &c->m[j];
		np_audit_outlet *o = find_outlet(a, outlet_name(m));
		o->stories++;
		o->copies++;
		o->credited += m->credits_origin != 0;
		o->containment_sum += np_report_containment(r, c, m);
		origin->copied_by++;
		if (add_source(o, origin->name, m->credits_origin) != 0)
			return np_fail(err, NP_ENOMEM, "out of memory auditing outlets");
	}
	return NP_OK;
}

static int cmp_source(const void *pa, const void *pb)
{
	const np_audit_source *a = pa, *b = pb;
	if (a->copies != b->copies)
		return a->copies > b->copies ? -1 : 1;
	return strcmp(a->outlet, b->outlet);
}

/* Audit order: who copies most first, then who is copied most, then size. */
static int cmp_audit(const void *pa, const void *pb)
{
	const np_audit_outlet *a = pa, *b = pb;
	if (a->copies != b->copies)
		return a->copies > b->copies ? -1 : 1;
	if (a->copied_by != b->copied_by)
		return a->copied_by > b->copied_by ? -1 : 1;
	if (a->stories != b->stories)
		return a->stories > b->stories ? -1 : 1;
	return strcmp(a->name, b->name);
}

np_status np_audit_build(const np_report *r, np_audit *a, np_error *err)
{
	memset(a, 0, sizeof *a);
	np_status rc = collect_outlets(r, a, err);
	for (size_t i = 0; rc == NP_OK && i < r->n; i++)
		rc = count_cluster(r, &r->c[i], a, err);
	if (rc != NP_OK) {
		np_audit_free(a);
		return rc;
	}
	for (size_t i = 0; i < a->n; i++)
		if (a->o[i].n_from)
			qsort(a->o[i].from, a->o[i].n_from, sizeof *a->o[i].from, cmp_source);
	if (a->n)
		qsort(a->o, a->n, sizeof *a->o, cmp_audit);
	return NP_OK;
}

void np_audit_free(np_audit *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->o[i].from);
	free(a->o);
	memset(a, 0, sizeof *a);
}

double np_audit_mean_containment(const np_audit_outlet *o)
{
	return o->copies ? o->containment_sum / (double)o->copies : 0.0;
}

const np_audit_source *np_audit_cell(const np_audit_outlet *row, const char *column)
{
	for (size_t i = 0; i < row->n_from; i++)
		if (strcmp(row->from[i].outlet, column) == 0)
			return &row->from[i];
	return NULL;
}

void np_audit_put_sources(FILE *out, const np_audit_outlet *o, np_escape how)
{
	for (size_t i = 0; i < o->n_from; i++) {
		if (i)
			fputs(", ", out);
		np_report_put(out, o->from[i].outlet, how);
		fprintf(out, " (%zu)", o->from[i].copies);
	}
}
