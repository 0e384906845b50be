/*
 * report_json.c — the cluster report as JSON (INTERFACE.md, `report`); the
 * histogram and the outlets list come from the shared figures (report.h).
 */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "error.h"
#include "report.h"

/* cJSON_AddStringToObject with NULL written as JSON null. */
static void add_str(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

/* Scores are estimates: three decimals say all they know. */
static double round3(double x)
{
	return (double)(long long)(x * 1000.0 + 0.5) / 1000.0;
}

static cJSON *origin_json(const np_cluster_rec *c)
{
	const np_member *o = np_report_origin(c);
	cJSON *j = cJSON_CreateObject();
	add_str(j, "id", o->id);
	add_str(j, "outlet", o->outlet);
	add_str(j, "published", o->published);
	cJSON_AddNumberToObject(j, "confidence", round3(c->confidence));
	cJSON *ev = c->evidence_json ? cJSON_Parse(c->evidence_json) : NULL;
	cJSON_AddItemToObject(j, "evidence", ev ? ev : cJSON_CreateArray());
	return j;
}

static cJSON *member_json(const np_report *r, const np_cluster_rec *c, const np_member *m)
{
	cJSON *j = cJSON_CreateObject();
	add_str(j, "id", m->id);
	add_str(j, "outlet", m->outlet);
	add_str(j, "published", m->published);
	add_str(j, "title", m->title);
	cJSON_AddNumberToObject(j, "jaccard", round3(np_report_jaccard(r, c, m)));
	cJSON_AddNumberToObject(j, "containment", round3(np_report_containment(r, c, m)));
	cJSON_AddBoolToObject(j, "credits_origin", m->credits_origin);
	return j;
}

static cJSON *cluster_json(const np_report *r, const np_cluster_rec *c)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "id", (double)c->id);
	cJSON_AddNumberToObject(j, "size", (double)c->n);
	cJSON_AddItemToObject(j, "origin", origin_json(c));
	cJSON *members = cJSON_AddArrayToObject(j, "members");
	for (size_t i = 0; i < c->n; i++)
		cJSON_AddItemToArray(members, member_json(r, c, &c->m[i]));
	return j;
}

/* [{"size": s, "clusters": n}] over every cluster of the store, by size. */
static cJSON *sizes_json(const np_size_bin *bins, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "size", (double)bins[i].size);
		cJSON_AddNumberToObject(o, "clusters", (double)bins[i].clusters);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *sources_json(const np_audit_outlet *o)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < o->n_from; i++) {
		cJSON *s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "outlet", o->from[i].outlet);
		cJSON_AddNumberToObject(s, "copies", (double)o->from[i].copies);
		cJSON_AddNumberToObject(s, "credited_copies", (double)o->from[i].credited);
		cJSON_AddItemToArray(arr, s);
	}
	return arr;
}

/* Per outlet, over the reported clusters (the audit's order): stories,
 * origins, copies, copies that credit their origin, the mean share of a
 * copy found in its origin, and whom it copies. */
static cJSON *outlets_json(const np_audit *a)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < a->n; i++) {
		const np_audit_outlet *o = &a->o[i];
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "outlet", o->name);
		cJSON_AddNumberToObject(j, "stories", (double)o->stories);
		cJSON_AddNumberToObject(j, "origins", (double)o->origins);
		cJSON_AddNumberToObject(j, "copies", (double)o->copies);
		cJSON_AddNumberToObject(j, "credited_copies", (double)o->credited);
		if (o->copies)
			cJSON_AddNumberToObject(j, "mean_containment", round3(np_audit_mean_containment(o)));
		cJSON_AddItemToObject(j, "sources", sources_json(o));
		cJSON_AddItemToArray(arr, j);
	}
	return arr;
}

/* The whole report as one cJSON tree, or NULL when out of memory. */
static cJSON *report_json(const np_report *r, const np_size_bin *bins, size_t n_bins,
                          const np_audit *a)
{
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return NULL;
	cJSON_AddNumberToObject(root, "stories", (double)r->stories);
	cJSON *clusters = cJSON_AddArrayToObject(root, "clusters");
	for (size_t i = 0; i < r->n; i++)
		cJSON_AddItemToArray(clusters, cluster_json(r, &r->c[i]));
	cJSON_AddItemToObject(root, "sizes", sizes_json(bins, n_bins));
	cJSON_AddItemToObject(root, "outlets", outlets_json(a));
	return root;
}

np_status np_report_write_json(const np_report *r, FILE *out, np_error *err)
{
	np_size_bin *bins = NULL;
	size_t n_bins = 0;
	np_audit a = {0};
	char *text = NULL;
	np_status rc = np_report_histogram(r, &bins, &n_bins, err);
	if (rc == NP_OK)
		rc = np_audit_build(r, &a, err);
	if (rc == NP_OK) {
		cJSON *root = report_json(r, bins, n_bins, &a);
		text = root ? cJSON_Print(root) : NULL;
		cJSON_Delete(root);
		if (!text)
			rc = np_fail(err, NP_ENOMEM, "out of memory writing the report");
	}
	if (rc == NP_OK) {
		fputs(text, out);
		fputc('\n', out);
		rc = np_report_io_status(out, err);
	}
	free(text);
	free(bins);
	np_audit_free(&a);
	return rc;
}
