/*
 * canonical.c — the canonical order of a store's stories and `reconcile`.
 *
 * Writers sharing a store decide stories in the order they arrive, and a
 * story's cluster and its cluster's origin can depend on that order. The
 * canonical order is publication time (stories without one, or with a time
 * that does not read, last), then id: the final state of a store is the
 * state one sequential run in that order would give. As long as the stories
 * were stored in that order (sids rise along it) the store is final; from
 * the first story stored out of it on, its decisions are provisional, and
 * np_db_reconcile decides them again in canonical order.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/engine_int.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/timestamp.h"

/* A stored story's place in the canonical order. */
typedef struct placed {
	int64_t sid;
	int64_t seconds;
	int dated; /* its publication time reads */
	char *id;
} placed;

typedef struct arrivals {
	placed *v;
	size_t n, cap;
} arrivals;

static int add_arrival(void *ctx, int64_t sid, const char *id, const char *published)
{
	arrivals *a = ctx;
	if (a->n == a->cap) {
		size_t cap = NP_GROW(a->cap);
		placed *v = realloc(a->v, cap * sizeof *v);
		if (!v)
			return -1;
		a->v = v;
		a->cap = cap;
	}
	int has_time = 0;
	placed *p = &a->v[a->n];
	p->sid = sid;
	p->dated = published && np_timestamp_parse(published, &p->seconds, &has_time);
	if (!p->dated)
		p->seconds = 0;
	if (!(p->id = np_strdup(id)))
		return -1;
	a->n++;
	return 0;
}

static void arrivals_free(arrivals *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i].id);
	free(a->v);
	memset(a, 0, sizeof *a);
}

static int cmp_canonical(const void *x, const void *y)
{
	const placed *a = x, *b = y;
	if (a->dated != b->dated)
		return b->dated - a->dated; /* dated first */
	if (a->seconds != b->seconds)
		return (a->seconds > b->seconds) - (a->seconds < b->seconds);
	return strcmp(a->id, b->id);
}

/* The stories in arrival order into *a, sorted into canonical order, and
 * how many of them come from the first one out of order on. */
static np_status place(np_db *db, arrivals *a, int64_t *out_of_order, np_error *err)
{
	*out_of_order = 0;
	np_status rc = np_store_scan_arrival(db->st, add_arrival, a, err);
	if (rc != NP_OK)
		return rc;
	placed *arrived = malloc((a->n ? a->n : 1) * sizeof *arrived);
	if (!arrived)
		return np_fail(err, NP_ENOMEM, "out of memory ordering the stories");
	memcpy(arrived, a->v, a->n * sizeof *arrived);
	qsort(a->v, a->n, sizeof *a->v, cmp_canonical);
	size_t first = 0;
	while (first < a->n && arrived[first].sid == a->v[first].sid)
		first++;
	*out_of_order = (int64_t)(a->n - first);
	free(arrived);
	return NP_OK;
}

np_status np_db_provisional(np_db *db, int64_t *stories, np_error *err)
{
	arrivals a = {0};
	np_status rc = place(db, &a, stories, err);
	arrivals_free(&a);
	return rc;
}

/* Every story of a, read whole, in a's order (malloc'd). */
static np_status read_all(np_db *db, const arrivals *a, np_story ***out, np_error *err)
{
	np_story **v = calloc(a->n ? a->n : 1, sizeof *v);
	if (!v)
		return np_fail(err, NP_ENOMEM, "out of memory reading the stories");
	*out = v;
	np_status rc = NP_OK;
	for (size_t i = 0; rc == NP_OK && i < a->n; i++)
		rc = np_store_get_story(db->st, a->v[i].id, &v[i], err);
	return rc;
}

/* Forgets what the engine holds of the store: it is about to be emptied. */
static void forget_state(np_db *db)
{
	engine_unload_index(db);
	np_apart_free(&db->apart); /* (its cache is by sid, and sids may be issued again) */
	memset(&db->apart, 0, sizeof db->apart);
	db->n_fresh = 0;
	db->n_large = 0;
	db->mark = (np_writer_mark){0, 0};
}

/* Empties the store and decides stories v[0..n) again, in that order, in
 * the one transaction open: a reconcile stopped half-way keeps nothing. */
static np_status decide_again(np_db *db, np_story **v, size_t n, np_error *err)
{
	np_status rc = np_store_clear(db->st, err);
	forget_state(db);
	unsigned batch = db->p.batch;
	db->p.batch = UINT32_MAX; /* (no commit until the last story) */
	for (size_t i = 0; rc == NP_OK && i < n; i++) {
		np_decision d = {0};
		rc = np_ingest(db, v[i], &d, err);
		np_decision_clear(&d);
	}
	db->p.batch = batch;
	if (rc != NP_OK)
		engine_abandon(db);
	return rc;
}

np_status np_db_reconcile(np_db *db, int64_t *redecided, np_error *err)
{
	*redecided = 0;
	if (db->readonly)
		return np_fail(err, NP_EINVAL, "the store was opened read-only");
	np_status rc = np_db_flush(db, err);
	if (rc == NP_OK)
		rc = engine_begin(db, err); /* under the writers' lock from here */
	arrivals a = {0};
	np_story **v = NULL;
	int64_t late = 0;
	if (rc == NP_OK)
		rc = place(db, &a, &late, err);
	if (rc == NP_OK && late)
		rc = read_all(db, &a, &v, err);
	if (rc == NP_OK && late)
		rc = decide_again(db, v, a.n, err);
	if (rc == NP_OK)
		rc = np_db_flush(db, err);
	else if (db->in_txn)
		engine_abandon(db);
	for (size_t i = 0; v && i < a.n; i++)
		np_story_free(v[i]);
	free(v);
	*redecided = rc == NP_OK && late ? (int64_t)a.n : 0;
	arrivals_free(&a);
	return rc;
}
