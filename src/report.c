/*
 * report.c — loading and ordering the clusters a report shows, and the
 * dispatch to each format's writer.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "attribute.h"
#include "db.h"
#include "error.h"
#include "minhash.h"

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
 * cluster never attributed (a store written by an interrupted run) is
 * attributed now. */
static np_status origin_first(np_cluster_rec *c, np_error *err)
{
	if (c->origin_sid == 0) {
		np_status rc = np_attribute(c, err);
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
		rc = np_store_load_cluster(st, list[i].id, r->k, &r->c[i], err);
		r->n = i + 1;
		if (rc == NP_OK)
			rc = origin_first(&r->c[i], err);
	}
	free(list);
	if (rc == NP_OK)
		qsort(r->c, r->n, sizeof *r->c, report_order);
	return rc;
}

np_status np_report_load(np_db *db, unsigned min_size, np_report *r, np_error *err)
{
	memset(r, 0, sizeof *r);
	r->k = np_db_params(db)->minhash_k;
	np_store *st = np_db_store(db);
	np_status rc = np_store_count_stories(st, &r->stories, err);
	if (rc == NP_OK)
		rc = np_store_list_clusters(st, 1, &r->sizes, &r->n_sizes, err);
	if (rc == NP_OK)
		rc = load_clusters(db, r, min_size ? min_size : 1, err);
	return rc;
}

void np_report_free(np_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		np_cluster_rec_free(&r->c[i]);
	free(r->c);
	free(r->sizes);
	memset(r, 0, sizeof *r);
}

np_status np_report_write(np_db *db, np_report_format fmt, unsigned min_size, FILE *out,
                          np_error *err)
{
	if (fmt != NP_REPORT_JSON)
		return np_fail(err, NP_EINVAL, "only the json report format is implemented so far");
	np_report r;
	np_status rc = np_report_load(db, min_size, &r, err);
	if (rc == NP_OK)
		rc = np_report_write_json(&r, out, err);
	np_report_free(&r);
	return rc;
}
