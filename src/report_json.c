/*
 * report_json.c — the cluster report as JSON (INTERFACE.md, `report`).
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

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

static int cmp_size(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* [{"size": s, "clusters": n}] over every cluster of the store, by size. */
static cJSON *sizes_json(const np_report *r)
{
	cJSON *arr = cJSON_CreateArray();
	int64_t *s = malloc((r->n_sizes ? r->n_sizes : 1) * sizeof *s);
	if (!s)
		return arr;
	for (size_t i = 0; i < r->n_sizes; i++)
		s[i] = r->sizes[i].size;
	qsort(s, r->n_sizes, sizeof *s, cmp_size);
	for (size_t i = 0; i < r->n_sizes;) {
		size_t j = i;
		while (j < r->n_sizes && s[j] == s[i])
			j++;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "size", (double)s[i]);
		cJSON_AddNumberToObject(o, "clusters", (double)(j - i));
		cJSON_AddItemToArray(arr, o);
		i = j;
	}
	free(s);
	return arr;
}

/* The outlet's entry in arr, created with zero counts when new. */
static cJSON *outlet_entry(cJSON *arr, const char *outlet)
{
	const char *name = outlet ? outlet : "(unknown)";
	cJSON *o;
	cJSON_ArrayForEach(o, arr)
		if (strcmp(cJSON_GetObjectItem(o, "outlet")->valuestring, name) == 0)
			return o;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "outlet", name);
	cJSON_AddNumberToObject(o, "stories", 0);
	cJSON_AddNumberToObject(o, "origins", 0);
	cJSON_AddNumberToObject(o, "copies", 0);
	cJSON_AddNumberToObject(o, "credited_copies", 0);
	cJSON_AddItemToArray(arr, o);
	return o;
}

static void bump(cJSON *o, const char *key, int by)
{
	cJSON *n = cJSON_GetObjectItem(o, key);
	cJSON_SetNumberValue(n, n->valuedouble + by);
}

/* Per outlet, over the reported clusters: stories, origins, copies, and
 * copies that credit their origin. */
static cJSON *outlets_json(const np_report *r)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < r->n; i++) {
		for (size_t j = 0; j < r->c[i].n; j++) {
			const np_member *m = &r->c[i].m[j];
			cJSON *o = outlet_entry(arr, m->outlet);
			bump(o, "stories", 1);
			bump(o, j == 0 ? "origins" : "copies", 1);
			bump(o, "credited_copies", j > 0 && m->credits_origin);
		}
	}
	return arr;
}

np_status np_report_write_json(const np_report *r, FILE *out, np_error *err)
{
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return np_fail(err, NP_ENOMEM, "out of memory writing the report");
	cJSON_AddNumberToObject(root, "stories", (double)r->stories);
	cJSON *clusters = cJSON_AddArrayToObject(root, "clusters");
	for (size_t i = 0; i < r->n; i++)
		cJSON_AddItemToArray(clusters, cluster_json(r, &r->c[i]));
	cJSON_AddItemToObject(root, "sizes", sizes_json(r));
	cJSON_AddItemToObject(root, "outlets", outlets_json(r));
	char *text = cJSON_Print(root);
	cJSON_Delete(root);
	if (!text)
		return np_fail(err, NP_ENOMEM, "out of memory writing the report");
	int bad = fputs(text, out) < 0 || fputc('\n', out) == EOF;
	free(text);
	return bad ? np_fail(err, NP_EIO, "cannot write the report: %s", "write error") : NP_OK;
}
