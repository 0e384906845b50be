/*
 * cluster.c — the PostgreSQL store's queries for clusters: loading a
 * cluster's members (with their credits, fingerprints and sources) for
 * attribution and reports, saving an attribution, merging, listing
 * clusters by size. Members come in the SQLite store's order: publication
 * time (none last), then id, compared as bytes.
 */
#include "store/postgresql/pg_int.h"

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

/* The statements of this file, prepared on first use (pg.c). */
const char *const PG_SQL_CLUSTER[P_COUNT_] = {
	/* one round trip: the members move and the merged cluster's attribution goes */
	/* (with its entry in the writers' log: writers.c) */
	[P_MERGE] = "WITH m AS (UPDATE stories SET cluster = $2 WHERE cluster = $1),"
	            " l AS (INSERT INTO writer_log(kind, a, b) VALUES (1, $1, $2))"
	            " DELETE FROM clusters WHERE id = $1",
	[P_MEMBERS] = MEMBER_COLUMNS " WHERE s.cluster = $1 ORDER BY " MEMBER_ORDER,
	[P_PANEL] = MEMBER_COLUMNS " WHERE s.cluster = $1 ORDER BY " MEMBER_ORDER " LIMIT $2",
	[P_MEMBER] = MEMBER_COLUMNS " WHERE s.sid = $1",
	[P_CLUSTER] = "SELECT origin_sid, confidence, evidence FROM clusters WHERE id = $1",
	[P_SAVE_CLUSTER] = "INSERT INTO clusters(id, origin_sid, confidence, evidence)"
	                   " VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET"
	                   " origin_sid = excluded.origin_sid, confidence = excluded.confidence,"
	                   " evidence = excluded.evidence",
	[P_SAVE_FLAG] = "UPDATE stories SET credits_origin = $2 WHERE sid = $1",
	[P_LIST] = "SELECT cluster, count(*) FROM stories GROUP BY cluster HAVING count(*) >= $1"
	           " ORDER BY cluster",
	/* the sources of every member at once, by member (in the order of the array) */
	[P_DERIV_OF] = "SELECT d.source_sid, s.id, s.outlet, d.class, d.share, d.passages, d.words,"
	               " q.i FROM unnest($1::bigint[]) WITH ORDINALITY AS q(sid, i)"
	               " JOIN derivations d ON d.sid = q.sid JOIN stories s ON s.sid = d.source_sid"
	               " ORDER BY q.i, d.share DESC, d.source_sid",
};

static np_status read_member(pg_store *st, const PGresult *r, int row, unsigned k, np_member *m,
                             np_error *err)
{
	memset(m, 0, sizeof *m);
	m->sid = pg_int(r, row, 0);
	m->id = pg_text_dup(r, row, 1);
	m->url = pg_text_dup(r, row, 2);
	m->outlet = pg_text_dup(r, row, 3);
	m->published = pg_text_dup(r, row, 4);
	m->title = pg_text_dup(r, row, 5);
	m->n_shingles = (uint32_t)pg_int(r, row, 7);
	m->credits_origin = m->credits_origin_stored = (int)pg_int(r, row, 8);
	if (store_unpack_credits(pg_text(r, row, 9), &m->credits, &m->n_credits) ||
	    !(m->minhash = malloc(k * sizeof *m->minhash)))
		return np_fail(err, NP_ENOMEM, "out of memory reading a cluster");
	size_t n;
	const unsigned char *b = pg_bytes(r, row, 6, &n);
	if (store_get_sig(b, n, k, m->minhash))
		return np_fail(err, NP_ESTORE, "%s: story %s has a damaged fingerprint", st->name, m->id);
	return NP_OK;
}

/* Runs statement which (p freed) and appends its rows to c->m. */
static np_status read_rows(pg_store *st, int which, pg_params *p, np_cluster_rec *c, unsigned k,
                           np_error *err)
{
	PGresult *r = NULL;
	np_status rc = pg_query(st, which, p, &r, err, "cannot read a cluster");
	int rows = rc == NP_OK ? PQntuples(r) : 0;
	/* a cluster left with no member (its one story forgotten) reads no row */
	np_member *m = rows ? realloc(c->m, (c->n + (size_t)rows) * sizeof *m) : c->m;
	if (rows && !m)
		rc = np_fail(err, NP_ENOMEM, "out of memory reading a cluster");
	else
		c->m = m;
	for (int i = 0; rc == NP_OK && i < rows; i++)
		rc = read_member(st, r, i, k, &c->m[c->n++], err);
	PQclear(r);
	return rc;
}

/* How many rows of r, from row on, belong to array position i (from 1). */
static int rows_of(const PGresult *r, int row, int64_t i)
{
	int end = row;
	while (end < PQntuples(r) && pg_int(r, end, 7) == i)
		end++;
	return end - row;
}

/* Member m's sources: n rows of r from row on. */
static int fill_sources(const PGresult *r, int row, int n, np_member *m)
{
	if (n && !(m->sources = calloc((size_t)n, sizeof *m->sources)))
		return -1;
	for (int i = row; i < row + n; i++)
		m->sources[m->n_sources++] = (np_source){
			.sid = pg_int(r, i, 0), .id = pg_text_dup(r, i, 1), .outlet = pg_text_dup(r, i, 2),
			.cls = pg_text_dup(r, i, 3), .share = pg_double(r, i, 4),
			.passages = (uint32_t)pg_int(r, i, 5), .words = (uint32_t)pg_int(r, i, 6)};
	return 0;
}

/* Every member's sources (the stories it derives from), in one statement:
 * a cluster of many members is one round trip, not one a member. */
static np_status load_sources(pg_store *st, np_cluster_rec *c, np_error *err)
{
	if (!c->n)
		return NP_OK;
	int64_t *sids = malloc(c->n * sizeof *sids);
	if (!sids)
		return np_fail(err, NP_ENOMEM, "out of memory reading derivations");
	for (size_t i = 0; i < c->n; i++)
		sids[i] = c->m[i].sid;
	pg_params p = {0};
	pg_param_i64s(&p, sids, c->n);
	free(sids);
	PGresult *r = NULL;
	np_status rc = pg_query(st, P_DERIV_OF, &p, &r, err, "cannot read derivations");
	for (size_t i = 0, row = 0; rc == NP_OK && i < c->n; i++) {
		int n = rows_of(r, (int)row, (int64_t)i + 1);
		if (fill_sources(r, (int)row, n, &c->m[i]))
			rc = np_fail(err, NP_ENOMEM, "out of memory reading derivations");
		row += (size_t)n;
	}
	PQclear(r);
	return rc;
}

static np_status load_attribution(pg_store *st, np_cluster_rec *c, np_error *err)
{
	PGresult *r = NULL;
	np_status rc = pg_query_int(st, P_CLUSTER, c->id, &r, err, "cannot read a cluster");
	if (rc == NP_OK && PQntuples(r) > 0) {
		c->origin_sid = pg_int(r, 0, 0);
		c->confidence = pg_double(r, 0, 1);
		c->evidence_json = pg_text_dup(r, 0, 2);
	}
	PQclear(r);
	return rc;
}

/* The members (and their sources) and the attribution, once the rows of
 * the members are in out. */
static np_status finish(pg_store *st, np_status rc, np_cluster_rec *out, np_error *err)
{
	if (rc == NP_OK)
		rc = load_sources(st, out, err);
	return rc == NP_OK ? load_attribution(st, out, err) : rc;
}

np_status pg_load_cluster(np_store *base, int64_t cluster, unsigned k, np_cluster_rec *out,
                          np_error *err)
{
	pg_store *st = pg_of(base);
	memset(out, 0, sizeof *out);
	out->id = cluster;
	pg_params p = {0};
	pg_param_int(&p, cluster);
	return finish(st, read_rows(st, P_MEMBERS, &p, out, k, err), out, err);
}

np_status pg_load_panel(np_store *base, int64_t cluster, unsigned k, size_t limit,
                        const int64_t *sids, size_t n_sids, np_cluster_rec *out, np_error *err)
{
	pg_store *st = pg_of(base);
	memset(out, 0, sizeof *out);
	out->id = cluster;
	pg_params p = {0};
	pg_param_int(&p, cluster);
	pg_param_int(&p, (int64_t)limit);
	np_status rc = read_rows(st, P_PANEL, &p, out, k, err);
	size_t panel = out->n;
	for (size_t i = 0; rc == NP_OK && i < n_sids; i++) {
		if (np_cluster_rec_has(out, panel, sids[i]))
			continue;
		pg_param_int(&p, sids[i]);
		rc = read_rows(st, P_MEMBER, &p, out, k, err);
	}
	return finish(st, rc, out, err);
}

np_status pg_save_attribution(np_store *base, const np_cluster_rec *c, np_error *err)
{
	pg_store *st = pg_of(base);
	pg_params p = {0};
	pg_param_int(&p, c->id);
	pg_param_int(&p, c->origin_sid);
	pg_param_double(&p, c->confidence);
	pg_param_text(&p, c->evidence_json);
	np_status rc = pg_run(st, P_SAVE_CLUSTER, &p, err, "cannot store an attribution");
	for (size_t i = 0; rc == NP_OK && i < c->n; i++) {
		if (c->m[i].credits_origin == c->m[i].credits_origin_stored)
			continue; /* (an update writes a new version of the whole row) */
		pg_param_int(&p, c->m[i].sid);
		pg_param_int(&p, c->m[i].credits_origin);
		rc = pg_run(st, P_SAVE_FLAG, &p, err, "cannot store an attribution");
	}
	return rc;
}

np_status pg_list_clusters(np_store *base, unsigned min_size, np_cluster_size **out, size_t *n,
                           np_error *err)
{
	pg_store *st = pg_of(base);
	*out = NULL;
	*n = 0;
	PGresult *r = NULL;
	np_status rc = pg_query_int(st, P_LIST, min_size, &r, err, "cannot list clusters");
	int rows = rc == NP_OK ? PQntuples(r) : 0;
	if (rows && !(*out = malloc((size_t)rows * sizeof **out)))
		rc = np_fail(err, NP_ENOMEM, "out of memory listing clusters");
	for (int i = 0; rc == NP_OK && i < rows; i++)
		(*out)[(*n)++] = (np_cluster_size){pg_int(r, i, 0), pg_int(r, i, 1)};
	PQclear(r);
	return rc;
}

np_status pg_merge_clusters(np_store *base, int64_t from, int64_t into, np_error *err)
{
	pg_params p = {0};
	pg_param_int(&p, from);
	pg_param_int(&p, into);
	return pg_run(pg_of(base), P_MERGE, &p, err, "cannot merge clusters");
}

