/*
 * forget.c — np_forget: removing a stored story from the store, from the
 * warm index and from its cluster, which re-chooses its origin and splits
 * where the story was the only bridge between its other members; and
 * np_forget_older, a retention period over publication times.
 *
 * A split keeps together the members a chain of matches joins, by the
 * engine's own rules: a pair whose fingerprints match as a candidate passes
 * (np_match_with_leads: Jaccard, containment, a copy cut to its lead), the
 * same body, or a passage link stored between them. Pairs are taken from
 * LSH tables over the cluster's own members, keyed and capped as the index
 * keys stories (index.h), not all pairs: each member verifies at most the
 * capped walk of its bands, so a wire story's cluster of thousands costs
 * its size times the bands.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "engine/engine_int.h"
#include "index/index.h"
#include "index/lsh.h"
#include "index/match.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/timestamp.h"

/* A member's place among the members sorted by sid. */
typedef struct by_sid {
	int64_t sid;
	size_t member;
	int64_t to; /* the cluster it moves into, or 0 */
} by_sid;

/* The cluster being split: its members, and which component each is in. */
typedef struct split {
	np_cluster_rec c;
	size_t *up;     /* union-find over members */
	by_sid *sorted; /* members by sid */
	uint32_t *lead; /* lead signatures, lead_k values a member */
} split;

static size_t root(size_t *up, size_t i)
{
	while (up[i] != i)
		i = up[i] = up[up[i]];
	return i;
}

static void join(size_t *up, size_t a, size_t b)
{
	a = root(up, a);
	b = root(up, b);
	if (a != b) /* the earlier member stays the root: it names the component */
		up[a > b ? a : b] = a < b ? a : b;
}

static int cmp_sid(const void *a, const void *b)
{
	const by_sid *x = a, *y = b;
	return (x->sid > y->sid) - (x->sid < y->sid);
}

static by_sid *find_sid(const split *sp, int64_t sid)
{
	by_sid key = {.sid = sid};
	return bsearch(&key, sp->sorted, sp->c.n, sizeof key, cmp_sid);
}

static int members_match(const np_params *p, const split *sp, size_t a, size_t b)
{
	const np_member *x = &sp->c.m[a], *y = &sp->c.m[b];
	/* equal signatures: one body as signed (a duplicate, however short) */
	if (!memcmp(x->minhash, y->minhash, p->minhash_k * sizeof *x->minhash))
		return 1;
	np_fingerprint fa = {.k = p->minhash_k, .minhash = x->minhash, .n_shingles = x->n_shingles,
	                     .lead_k = p->lead_k, .lead = sp->lead + a * p->lead_k};
	np_fingerprint fb = {.k = p->minhash_k, .minhash = y->minhash, .n_shingles = y->n_shingles,
	                     .lead_k = p->lead_k, .lead = sp->lead + b * p->lead_k};
	return np_match_with_leads(p, &fa, &fb);
}

/* Reads each member's lead signature (a copy cut to its lead matches by it). */
static np_status load_leads(np_db *db, split *sp, np_error *err)
{
	np_status rc = NP_OK;
	for (size_t i = 0; rc == NP_OK && i < sp->c.n; i++) {
		np_stored_ref ref = {.lead_k = db->p.lead_k, .lead = sp->lead + i * db->p.lead_k};
		rc = np_store_id_of(db->st, sp->c.m[i].sid, &ref, err);
		free(ref.id);
	}
	return rc;
}

/* The signature member i is banded by: its MinHash, or its lead's. */
static const uint32_t *signature(const split *sp, const np_params *p, int lead, size_t i)
{
	return lead ? sp->lead + i * p->lead_k : sp->c.m[i].minhash;
}

/* Joins the members whose fingerprints match, over the candidates of LSH
 * table l (bands of their MinHash, or one band of their lead's signature,
 * as the index keys stories: a copy cut to its lead shares few bands). */
static np_status link_by(const np_params *p, split *sp, np_lsh *l, int lead, np_error *err)
{
	unsigned k = lead ? p->lead_k : p->minhash_k;
	uint16_t *sig = malloc(k * sizeof *sig);
	uint32_t *cand = NULL;
	size_t cap = 0;
	np_status rc = l && sig ? NP_OK : np_fail(err, NP_ENOMEM, "out of memory splitting a cluster");
	for (size_t i = 0; rc == NP_OK && i < sp->c.n; i++) {
		const uint32_t *v = signature(sp, p, lead, i);
		for (unsigned j = 0; j < k; j++)
			sig[j] = (uint16_t)v[j];
		long n = np_lsh_query(l, sig, &cand, &cap);
		if (n < 0 || np_lsh_insert(l, (uint32_t)i, sig)) {
			rc = np_fail(err, NP_ENOMEM, "out of memory splitting a cluster");
			break;
		}
		for (long c = 0; c < n; c++)
			if (root(sp->up, i) != root(sp->up, cand[c]) && members_match(p, sp, i, cand[c]))
				join(sp->up, i, cand[c]);
	}
	free(cand);
	free(sig);
	np_lsh_free(l);
	return rc;
}

static np_status link_matches(const np_params *p, split *sp, np_error *err)
{
	np_status rc = link_by(p, sp, np_index_bands_new(p), 0, err);
	return rc == NP_OK ? link_by(p, sp, np_index_lead_table_new(p), 1, err) : rc;
}

/* Joins the members the passage tier linked. */
static void link_sources(split *sp)
{
	for (size_t i = 0; i < sp->c.n; i++) {
		const np_member *m = &sp->c.m[i];
		for (size_t s = 0; s < m->n_sources; s++) {
			by_sid *f = find_sid(sp, m->sources[s].sid);
			if (f)
				join(sp->up, i, f->member);
		}
	}
}

static np_status issue_id(np_db *db, int64_t *max_id, int64_t *id, np_error *err)
{
	*id = db->loaded ? np_clusters_new(&db->clusters) : ++*max_id;
	if (*id < 0)
		return np_fail(err, NP_ENOMEM, "out of memory splitting a cluster");
	return np_store_set_max_cluster(db->st, *id, err);
}

/* Re-chooses the origin of cluster id from all its members. */
static np_status attribute_whole(np_db *db, int64_t id, np_error *err)
{
	np_cluster_rec c;
	np_status rc = np_store_load_cluster(db->st, id, db->p.minhash_k, &c, err);
	if (rc == NP_OK && c.n)
		rc = np_attribute(&c, db->p.minhash_k, err);
	if (rc == NP_OK && c.n)
		rc = np_store_save_attribution(db->st, &c, err);
	np_cluster_rec_free(&c);
	return rc;
}

static int64_t moved_to(void *ctx, int64_t sid)
{
	by_sid *f = find_sid(ctx, sid);
	return f ? f->to : 0;
}

/* Moves each component but the first member's into a new cluster, in the
 * store and the warm index, and attributes each. */
static np_status move_components(np_db *db, split *sp, np_error *err)
{
	int64_t max_id = 0, *ids = calloc(sp->c.n, sizeof *ids);
	np_status rc = ids ? np_store_max_cluster(db->st, &max_id, err)
	                   : np_fail(err, NP_ENOMEM, "out of memory splitting a cluster");
	for (size_t i = 0; rc == NP_OK && i < sp->c.n; i++) {
		size_t r = root(sp->up, i);
		if (r == 0)
			continue; /* the earliest member's component keeps the id */
		if (!ids[r])
			rc = issue_id(db, &max_id, &ids[r], err);
		if (rc == NP_OK)
			rc = np_store_move_story(db->st, sp->c.m[i].sid, ids[r], err);
		find_sid(sp, sp->c.m[i].sid)->to = ids[r];
		long item = db->loaded ? np_sigs_find(&db->index.sigs, sp->c.m[i].sid) : -1;
		if (item >= 0)
			db->index.sigs.cluster[item] = ids[r];
	}
	if (rc == NP_OK && db->loaded)
		np_content_move(&db->content, moved_to, sp);
	for (size_t i = 0; rc == NP_OK && i < sp->c.n; i++)
		if (root(sp->up, i) == i)
			rc = attribute_whole(db, i ? ids[i] : sp->c.id, err);
	free(ids);
	return rc;
}

/* Splits cluster id (a story of it just forgotten) into the components its
 * remaining members' matches join, and attributes each. */
static np_status split_cluster(np_db *db, int64_t id, np_error *err)
{
	split sp = {0};
	np_status rc = np_store_load_cluster(db->st, id, db->p.minhash_k, &sp.c, err);
	size_t n = sp.c.n;
	if (rc == NP_OK && n) {
		sp.up = malloc(n * sizeof *sp.up);
		sp.sorted = calloc(n, sizeof *sp.sorted);
		sp.lead = malloc(n * db->p.lead_k * sizeof *sp.lead);
		if (!sp.up || !sp.sorted || !sp.lead)
			rc = np_fail(err, NP_ENOMEM, "out of memory splitting a cluster");
	}
	for (size_t i = 0; rc == NP_OK && i < n; i++) {
		sp.up[i] = i;
		sp.sorted[i] = (by_sid){.sid = sp.c.m[i].sid, .member = i};
	}
	if (rc == NP_OK && n) {
		qsort(sp.sorted, n, sizeof *sp.sorted, cmp_sid);
		link_sources(&sp);
		rc = load_leads(db, &sp, err);
	}
	if (rc == NP_OK && n)
		rc = link_matches(&db->p, &sp, err);
	if (rc == NP_OK && n)
		rc = move_components(db, &sp, err);
	free(sp.up);
	free(sp.sorted);
	free(sp.lead);
	np_cluster_rec_free(&sp.c);
	return rc;
}

static np_status forget_sid(np_db *db, int64_t sid, np_error *err)
{
	int64_t cluster = 0;
	np_status rc = np_store_forget_story(db->st, sid, &cluster, err);
	if (rc != NP_OK)
		return rc;
	if (db->loaded) {
		long item = np_sigs_find(&db->index.sigs, sid);
		if (item >= 0)
			db->index.sigs.cluster[item] = NP_SIGS_FORGOTTEN;
		np_content_forget(&db->content, sid);
		cluster = np_clusters_find(&db->clusters, cluster);
	}
	/* the flags of large clusters are made anew at their next attribution */
	db->n_large = 0;
	return split_cluster(db, cluster, err);
}

np_status np_forget(np_db *db, const char *id, int *found, np_error *err)
{
	*found = 0;
	if (db->readonly)
		return np_fail(err, NP_EINVAL, "the store was opened read-only");
	if (db->broken)
		return np_fail(err, NP_EINVAL, "a write failed on this handle: open the store again");
	int64_t sid = 0;
	np_status rc = np_db_flush(db, err);
	if (rc == NP_OK)
		rc = np_store_find_id(db->st, id, &sid, err);
	if (rc != NP_OK || !sid)
		return rc;
	/* (caught up first: a split issues cluster ids other writers may
	 * have issued too) */
	rc = engine_begin(db, err);
	if (rc == NP_OK)
		rc = forget_sid(db, sid, err);
	if (rc == NP_OK)
		rc = engine_commit(db, err);
	if (rc != NP_OK) {
		/* the store kept none of the forget's changes to the index */
		np_error ignored = {0};
		if (db->in_txn)
			np_store_rollback(db->st, &ignored);
		db->in_txn = 0;
		engine_unload_index(db);
		return rc;
	}
	*found = 1;
	return NP_OK;
}

/* ------------------------------------------------------------------ */
/* A retention period                                                 */
/* ------------------------------------------------------------------ */

typedef struct dated {
	char *id;
	int64_t t;
} dated;

typedef struct dated_list {
	dated *v;
	size_t n, cap;
	int64_t newest;
} dated_list;

static int collect_dated(void *ctx, int64_t sid, const char *id, const char *published)
{
	(void)sid;
	dated_list *l = ctx;
	int64_t t;
	int has_time;
	if (!np_timestamp_parse(published, &t, &has_time))
		return 0; /* a time the reader could not read expires nothing */
	if (l->n == l->cap) {
		size_t cap = NP_GROW(l->cap);
		dated *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	if (!(l->v[l->n].id = strdup(id)))
		return -1;
	l->v[l->n++].t = t;
	if (l->n == 1 || t > l->newest)
		l->newest = t;
	return 0;
}

np_status np_forget_older(np_db *db, int64_t seconds, size_t *forgotten, np_error *err)
{
	*forgotten = 0;
	if (db->readonly)
		return np_fail(err, NP_EINVAL, "the store was opened read-only");
	dated_list l = {0};
	np_status rc = np_db_flush(db, err);
	if (rc == NP_OK)
		rc = np_store_scan_published(db->st, collect_dated, &l, err);
	for (size_t i = 0; rc == NP_OK && i < l.n; i++) {
		int found = 0;
		if (l.v[i].t < l.newest - seconds)
			rc = np_forget(db, l.v[i].id, &found, err);
		*forgotten += (size_t)found;
	}
	for (size_t i = 0; i < l.n; i++)
		free(l.v[i].id);
	free(l.v);
	return rc;
}
