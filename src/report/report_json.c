/*
 * report_json.c — the cluster report as JSON (docs/cli.md, `report`): per
 * cluster its origin, an origin outside the corpus, the members, the copy
 * edges and the chains of republication; the histogram and the outlets list
 * come from the shared figures (report.h).
 */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "report/report.h"
#include "util/error.h"

/* cJSON_AddStringToObject with NULL written as JSON null. */
static void add_str(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}


static cJSON *origin_json(const np_cluster_rec *c)
{
	const np_member *o = np_report_origin(c);
	cJSON *j = cJSON_CreateObject();
	add_str(j, "id", o->id);
	add_str(j, "outlet", o->outlet);
	add_str(j, "published", o->published);
	cJSON_AddNumberToObject(j, "confidence", np_json_round3(c->confidence));
	cJSON *ev = c->evidence_json ? cJSON_Parse(c->evidence_json) : NULL;
	cJSON_AddItemToObject(j, "evidence", ev ? ev : cJSON_CreateArray());
	return j;
}

/* {"outlet": "Reuters", "credited_by": 3, "confidence": 0.94, "in_corpus": false} */
static cJSON *external_json(const np_external *x)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "outlet", x->outlet);
	cJSON_AddNumberToObject(j, "credited_by", (double)x->credited_by);
	cJSON_AddNumberToObject(j, "confidence", np_json_round3(x->confidence));
	cJSON_AddBoolToObject(j, "in_corpus", 0);
	return j;
}

/* Whom m derives from by shared passages (the passage tier), largest
 * share first: [{"id", "outlet", "derivation", "share", "passages"}]. */
static cJSON *derived_json(const np_member *m)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < m->n_sources; i++) {
		const np_source *src = &m->sources[i];
		cJSON *o = cJSON_CreateObject();
		add_str(o, "id", src->id);
		add_str(o, "outlet", src->outlet);
		add_str(o, "derivation", src->cls);
		cJSON_AddNumberToObject(o, "share", np_json_round3(src->share));
		cJSON_AddNumberToObject(o, "passages", src->passages);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/* A member with its scores against the origin, whom it was copied from and
 * whether it credits that source or the origin. */
static cJSON *member_json(const np_report *r, const np_cluster_rec *c, size_t i)
{
	const np_member *m = &c->m[i];
	cJSON *j = cJSON_CreateObject();
	add_str(j, "id", m->id);
	add_str(j, "outlet", m->outlet);
	add_str(j, "published", m->published);
	add_str(j, "title", m->title);
	cJSON_AddNumberToObject(j, "jaccard", np_json_round3(np_report_jaccard(r, c, m)));
	cJSON_AddNumberToObject(j, "containment", np_json_round3(np_report_containment(r, c, m)));
	cJSON_AddBoolToObject(j, "credits_origin", m->credits_origin);
	add_str(j, "copied_from", np_report_source_id(r, c, i));
	cJSON_AddBoolToObject(j, "uncredited", np_lineage_uncredited(np_report_lineage(r, c), i));
	if (m->n_sources)
		cJSON_AddItemToObject(j, "derived_from", derived_json(m));
	return j;
}

/* [{"from", "to", "jaccard", "containment" (share of `to` found in `from`),
 *   "credited", "by": "credit" | "passages" | "similarity"}] */
static cJSON *edges_json(const np_report *r, const np_cluster_rec *c)
{
	const np_lineage *l = np_report_lineage(r, c);
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < l->n; i++) {
		const np_edge *e = &l->e[i];
		cJSON *j = cJSON_CreateObject();
		add_str(j, "from", c->m[e->from].id);
		add_str(j, "to", c->m[e->to].id);
		cJSON_AddNumberToObject(j, "jaccard", np_json_round3(e->jaccard));
		cJSON_AddNumberToObject(j, "containment", np_json_round3(e->containment));
		cJSON_AddBoolToObject(j, "credited", e->credited);
		cJSON_AddStringToObject(j, "by", e->by_credit     ? "credit"
		                                 : e->by_passages ? "passages"
		                                                  : "similarity");
		cJSON_AddItemToArray(arr, j);
	}
	return arr;
}

/* Republication chains of two copies or more: [["wire", "paper", "aggregator"]]. */
static cJSON *chains_json(const np_report *r, const np_cluster_rec *c)
{
	const np_lineage *l = np_report_lineage(r, c);
	cJSON *arr = cJSON_CreateArray();
	size_t *path = malloc(c->n * sizeof *path);
	for (size_t i = 0; path && i < c->n; i++) {
		if (!np_lineage_chain_end(l, i))
			continue;
		size_t n = np_lineage_chain(l, i, path, c->n);
		cJSON *chain = cJSON_CreateArray();
		for (size_t k = 0; k < n; k++)
			cJSON_AddItemToArray(chain, cJSON_CreateString(c->m[path[k]].id));
		cJSON_AddItemToArray(arr, chain);
	}
	free(path);
	return arr;
}

cJSON *np_report_cluster_json(const np_report *r, const np_cluster_rec *c)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "id", (double)c->id);
	cJSON_AddNumberToObject(j, "size", (double)c->n);
	cJSON_AddItemToObject(j, "origin", origin_json(c));
	const np_external *x = np_report_external(r, c);
	if (x->outlet[0])
		cJSON_AddItemToObject(j, "external_origin", external_json(x));
	cJSON *members = cJSON_AddArrayToObject(j, "members");
	for (size_t i = 0; i < c->n; i++)
		cJSON_AddItemToArray(members, member_json(r, c, i));
	cJSON_AddItemToObject(j, "edges", edges_json(r, c));
	cJSON_AddItemToObject(j, "chains", chains_json(r, c));
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
			cJSON_AddNumberToObject(j, "mean_containment", np_json_round3(np_audit_mean_containment(o)));
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
	/* stories stored out of canonical order: 0 when the store is final */
	cJSON_AddNumberToObject(root, "provisional", (double)r->provisional);
	cJSON *clusters = cJSON_AddArrayToObject(root, "clusters");
	for (size_t i = 0; i < r->n; i++)
		cJSON_AddItemToArray(clusters, np_report_cluster_json(r, &r->c[i]));
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
