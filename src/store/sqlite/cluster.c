/*
 * cluster.c — the SQLite store's queries for clusters: loading a cluster's
 * members (with their credits and fingerprints) for attribution and reports,
 * saving an attribution, listing clusters by size.
 */
#include "store/sqlite/sqlite_int.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/strbuf.h"

/* A cluster member as this file reads it, and the order of members. */
#define MEMBER_COLUMNS                                                                   \
	"SELECT s.sid, s.id, s.url, s.outlet, s.published, s.title, f.minhash,"          \
	" f.n_shingles, s.credits_origin, s.credits"                                     \
	" FROM stories s JOIN fingerprints f USING (sid)"
#define MEMBER_ORDER "s.published IS NULL, s.published, s.id"

/* The statements of this file, prepared when the store opens (sqlite.c). */
const char *const SQ_SQL_CLUSTER[Q_COUNT_] = {
	[Q_MERGE] = "UPDATE stories SET cluster = ?2 WHERE cluster = ?1",
	[Q_MERGE_DROP] = "DELETE FROM clusters WHERE id = ?1",
	[Q_MEMBERS] = MEMBER_COLUMNS " WHERE s.cluster = ?1 ORDER BY " MEMBER_ORDER,
	[Q_PANEL] = MEMBER_COLUMNS " WHERE s.cluster = ?1 ORDER BY " MEMBER_ORDER " LIMIT ?2",
	[Q_MEMBER] = MEMBER_COLUMNS " WHERE s.sid = ?1",
	[Q_CLUSTER] = "SELECT origin_sid, confidence, evidence FROM clusters WHERE id = ?1",
	[Q_SAVE_CLUSTER] = "INSERT OR REPLACE INTO clusters(id, origin_sid, confidence, evidence)"
	                   " VALUES (?1, ?2, ?3, ?4)",
	[Q_SAVE_FLAG] = "UPDATE stories SET credits_origin = ?2 WHERE sid = ?1",
	[Q_LIST] = "SELECT cluster, count(*) FROM stories GROUP BY cluster HAVING count(*) >= ?1",
};

static np_status read_member(sq_store *st, sqlite3_stmt *q, unsigned k, np_member *m,
                             np_error *err)
{
	memset(m, 0, sizeof *m);
	m->sid = sqlite3_column_int64(q, 0);
	m->id = store_column_text(q, 1);
	m->url = store_column_text(q, 2);
	m->outlet = store_column_text(q, 3);
	m->published = store_column_text(q, 4);
	m->title = store_column_text(q, 5);
	m->n_shingles = (uint32_t)sqlite3_column_int64(q, 7);
	m->credits_origin = m->credits_origin_stored = sqlite3_column_int(q, 8);
	if (store_unpack_credits((const char *)sqlite3_column_text(q, 9), &m->credits,
	                         &m->n_credits))
		return np_fail(err, NP_ENOMEM, "out of memory reading a cluster");
	m->minhash = malloc(k * sizeof *m->minhash);
	if (!m->minhash)
		return np_fail(err, NP_ENOMEM, "out of memory reading a cluster");
	if (store_decode_minhash(q, 6, k, m->minhash))
		return np_fail(err, NP_ESTORE, "%s: story %s has a damaged fingerprint", st->path, m->id);
	return NP_OK;
}


/* Appends the rows of query q (bound, reset here) to c->m. */
static np_status read_rows(sq_store *st, sqlite3_stmt *q, np_cluster_rec *c, unsigned k,
                           size_t *cap, np_error *err)
{
	np_status status = NP_OK;
	int rc;
	while (status == NP_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (c->n == *cap) {
			*cap = NP_GROW(*cap);
			np_member *m = realloc(c->m, *cap * sizeof *m);
			if (!m) {
				status = np_fail(err, NP_ENOMEM, "out of memory reading a cluster");
				break;
			}
			c->m = m;
		}
		status = read_member(st, q, k, &c->m[c->n++], err);
	}
	if (status == NP_OK && rc != SQLITE_DONE)
		status = store_fail(st, err, "cannot read a cluster");
	sqlite3_reset(q);
	return status;
}

static np_status load_sources(sq_store *st, np_cluster_rec *c, np_error *err)
{
	np_status status = NP_OK;
	for (size_t i = 0; status == NP_OK && i < c->n; i++)
		status = store_load_sources(st, &c->m[i], err);
	return status;
}

static np_status load_members(sq_store *st, np_cluster_rec *c, unsigned k, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_MEMBERS];
	sqlite3_bind_int64(q, 1, c->id);
	size_t cap = 0;
	np_status status = read_rows(st, q, c, k, &cap, err);
	return status == NP_OK ? load_sources(st, c, err) : status;
}

static np_status load_attribution(sq_store *st, np_cluster_rec *c, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_CLUSTER];
	sqlite3_bind_int64(q, 1, c->id);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		c->origin_sid = sqlite3_column_int64(q, 0);
		c->confidence = sqlite3_column_double(q, 1);
		c->evidence_json = store_column_text(q, 2);
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? NP_OK : store_fail(st, err, "cannot read a cluster");
}

np_status sq_load_cluster(np_store *base, int64_t cluster, unsigned k, np_cluster_rec *out,
                          np_error *err)
{
	sq_store *st = sq_of(base);
	memset(out, 0, sizeof *out);
	out->id = cluster;
	np_status rc = load_members(st, out, k, err);
	if (rc == NP_OK)
		rc = load_attribution(st, out, err);
	return rc;
}

np_status sq_load_panel(np_store *base, int64_t cluster, unsigned k, size_t limit,
                        const int64_t *sids, size_t n_sids, np_cluster_rec *out, np_error *err)
{
	sq_store *st = sq_of(base);
	memset(out, 0, sizeof *out);
	out->id = cluster;
	size_t cap = 0;
	sqlite3_stmt *q = st->q[Q_PANEL];
	sqlite3_bind_int64(q, 1, cluster);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)limit);
	np_status rc = read_rows(st, q, out, k, &cap, err);
	size_t panel = out->n;
	q = st->q[Q_MEMBER];
	for (size_t i = 0; rc == NP_OK && i < n_sids; i++) {
		if (np_cluster_rec_has(out, panel, sids[i]))
			continue;
		sqlite3_bind_int64(q, 1, sids[i]);
		rc = read_rows(st, q, out, k, &cap, err);
	}
	if (rc == NP_OK)
		rc = load_sources(st, out, err);
	return rc == NP_OK ? load_attribution(st, out, err) : rc;
}

np_status sq_save_attribution(np_store *base, const np_cluster_rec *c, np_error *err)
{
	sq_store *st = sq_of(base);
	sqlite3_stmt *q = st->q[Q_SAVE_CLUSTER];
	sqlite3_bind_int64(q, 1, c->id);
	sqlite3_bind_int64(q, 2, c->origin_sid);
	sqlite3_bind_double(q, 3, c->confidence);
	store_bind_text(q, 4, c->evidence_json);
	np_status rc = store_step(st, q, err, "cannot store an attribution");
	q = st->q[Q_SAVE_FLAG];
	for (size_t i = 0; rc == NP_OK && i < c->n; i++) {
		if (c->m[i].credits_origin == c->m[i].credits_origin_stored)
			continue; /* (each update rewrites a whole row, body and all) */
		sqlite3_bind_int64(q, 1, c->m[i].sid);
		sqlite3_bind_int(q, 2, c->m[i].credits_origin);
		rc = store_step(st, q, err, "cannot store an attribution");
	}
	return rc;
}

np_status sq_list_clusters(np_store *base, unsigned min_size, np_cluster_size **out, size_t *n,
                           np_error *err)
{
	sq_store *st = sq_of(base);
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	sqlite3_stmt *q = st->q[Q_LIST];
	sqlite3_bind_int64(q, 1, min_size);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = NP_GROW(cap);
			np_cluster_size *o = realloc(*out, cap * sizeof *o);
			if (!o) {
				sqlite3_reset(q);
				return np_fail(err, NP_ENOMEM, "out of memory listing clusters");
			}
			*out = o;
		}
		(*out)[*n].id = sqlite3_column_int64(q, 0);
		(*out)[*n].size = sqlite3_column_int64(q, 1);
		(*n)++;
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? NP_OK : store_fail(st, err, "cannot list clusters");
}

np_status sq_merge_clusters(np_store *base, int64_t from, int64_t into, np_error *err)
{
	sq_store *st = sq_of(base);
	sqlite3_stmt *q = st->q[Q_MERGE];
	sqlite3_bind_int64(q, 1, from);
	sqlite3_bind_int64(q, 2, into);
	np_status rc = store_step(st, q, err, "cannot merge clusters");
	if (rc != NP_OK)
		return rc;
	q = st->q[Q_MERGE_DROP];
	sqlite3_bind_int64(q, 1, from);
	return store_step(st, q, err, "cannot merge clusters");
}

np_status sq_cluster_of(np_store *base, const char *id, int64_t *cluster, np_error *err)
{
	/* Prepared per call: a lookup for one story shown, never on ingest's path. */
	sq_store *st = sq_of(base);
	sqlite3_stmt *q = NULL;
	*cluster = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT cluster FROM stories WHERE id = ?1", -1, &q, NULL) !=
	    SQLITE_OK)
		return store_fail(st, err, "cannot look up a story's cluster");
	store_bind_text(q, 1, id);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*cluster = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? NP_OK
	                                             : store_fail(st, err, "cannot look up a story's cluster");
}
