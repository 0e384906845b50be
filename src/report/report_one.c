/*
 * report_one.c — one cluster, or one story with its cluster, origin and
 * matches, as JSON text: what a service answers for a single id, without
 * loading the whole report (np_report_load reads every cluster).
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "fingerprint/minhash.h"
#include "report/report.h"
#include "util/error.h"

/* root printed into *out (malloc'd), root freed; NP_ENOMEM when it cannot be. */
static np_status print_json(cJSON *root, char **out, np_error *err)
{
	*out = root ? cJSON_PrintUnformatted(root) : NULL;
	cJSON_Delete(root);
	return *out ? NP_OK : np_fail(err, NP_ENOMEM, "out of memory writing JSON");
}

np_status np_cluster_report_string(np_db *db, int64_t cluster, char **out, np_error *err)
{
	np_report r;
	*out = NULL;
	np_status rc = np_report_load_cluster(db, cluster, &r, err);
	if (rc == NP_OK)
		rc = print_json(np_report_cluster_json(&r, &r.c[0]), out, err);
	np_report_free(&r);
	return rc;
}

static size_t member_index(const np_cluster_rec *c, const char *id)
{
	size_t i = 0;
	while (i < c->n && strcmp(c->m[i].id, id) != 0)
		i++;
	return i;
}

static void add_str(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddItemToObject(o, key, np_json_valid_string(v));
	else
		cJSON_AddNullToObject(o, key);
}

/* The other members of c with their estimated Jaccard with member self and
 * the share of self found in each, most similar first. */
static cJSON *matches_json(const np_report *r, const np_cluster_rec *c, size_t self)
{
	cJSON *arr = cJSON_CreateArray();
	const np_member *s = &c->m[self];
	for (size_t i = 0; i < c->n; i++) {
		if (i == self)
			continue;
		const np_member *m = &c->m[i];
		double j = np_minhash_jaccard(s->minhash, m->minhash, r->k);
		cJSON *o = cJSON_CreateObject();
		add_str(o, "id", m->id);
		add_str(o, "outlet", m->outlet);
		add_str(o, "published", m->published);
		cJSON_AddNumberToObject(o, "jaccard", np_json_round3(j));
		cJSON_AddNumberToObject(o, "containment",
		                        np_json_round3(np_containment(j, s->n_shingles, m->n_shingles)));
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static int by_jaccard(const void *pa, const void *pb)
{
	double a = cJSON_GetObjectItem(*(cJSON *const *)pa, "jaccard")->valuedouble;
	double b = cJSON_GetObjectItem(*(cJSON *const *)pb, "jaccard")->valuedouble;
	return (a < b) - (a > b);
}

/* arr's items reordered by cmp (cJSON keeps a linked list). */
static void sort_array(cJSON *arr, int (*cmp)(const void *, const void *))
{
	int n = cJSON_GetArraySize(arr);
	cJSON **v = n ? malloc((size_t)n * sizeof *v) : NULL;
	if (!v)
		return; /* left in member order */
	for (int i = n - 1; i >= 0; i--)
		v[i] = cJSON_DetachItemFromArray(arr, i);
	qsort(v, (size_t)n, sizeof *v, cmp);
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, v[i]);
	free(v);
}

/* {"id", "outlet", "published", "title", "url", "cluster", "size", "origin":
 *  {...as in the report}, "is_origin", "copied_from", "matches": [...]} */
static cJSON *story_json(const np_report *r, size_t self)
{
	const np_cluster_rec *c = &r->c[0];
	const np_member *m = &c->m[self];
	cJSON *j = cJSON_CreateObject();
	cJSON *cl = np_report_cluster_json(r, c);
	add_str(j, "id", m->id);
	add_str(j, "outlet", m->outlet);
	add_str(j, "published", m->published);
	add_str(j, "title", m->title);
	add_str(j, "url", m->url);
	cJSON_AddNumberToObject(j, "cluster", (double)c->id);
	cJSON_AddNumberToObject(j, "size", (double)c->n);
	cJSON_AddItemToObject(j, "origin", cJSON_DetachItemFromObject(cl, "origin"));
	cJSON_AddBoolToObject(j, "is_origin", self == 0);
	add_str(j, "copied_from", np_report_source_id(r, c, self));
	cJSON *matches = matches_json(r, c, self);
	sort_array(matches, by_jaccard);
	cJSON_AddItemToObject(j, "matches", matches);
	cJSON_Delete(cl);
	return j;
}

np_status np_story_report_string(np_db *db, const char *id, char **out, np_error *err)
{
	np_report r = {0};
	int64_t cluster = 0;
	*out = NULL;
	np_status rc = np_store_cluster_of(np_db_store(db), id, &cluster, err);
	if (rc == NP_OK && cluster == 0)
		return np_fail(err, NP_ENOTFOUND, "no story %s", id);
	if (rc == NP_OK)
		rc = np_report_load_cluster(db, cluster, &r, err);
	size_t self = rc == NP_OK ? member_index(&r.c[0], id) : 0;
	if (rc == NP_OK && self == r.c[0].n) /* forgotten between the two reads */
		rc = np_fail(err, NP_ENOTFOUND, "no story %s", id);
	if (rc == NP_OK)
		rc = print_json(story_json(&r, self), out, err);
	np_report_free(&r);
	return rc;
}

np_status np_db_count_stories(np_db *db, int64_t *stories, np_error *err)
{
	return np_store_count_stories(np_db_store(db), stories, err);
}
