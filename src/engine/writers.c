/*
 * writers.c — an np_db among several writers of one store (docs/store.md,
 * "Writers sharing a store"). Each writer keeps its index warm: when it
 * begins a transaction (the backend's writer lock, which serializes the
 * decisions and writes of every batch across writers), it reads what the
 * others committed since its mark — their stories by sid, the merges and
 * template counts of the writers' log, the cluster ids they issued — and
 * applies them as though it had decided those stories itself. A batch is
 * then decided on the store exactly as one process deciding every batch
 * in commit order would see it.
 *
 * What the index cannot follow entry by entry (a story forgotten or moved,
 * template singles dropped, a store emptied) makes it load again.
 */
#include "engine/engine_int.h"
#include "util/error.h"

/* What a catch-up gathers from the log besides what it applies. */
typedef struct catch_up {
	np_db *db;
	int reload;    /* the index must be loaded again */
	int templates; /* the templates must be loaded again */
} catch_up;

static int apply_counts(np_templates *t, const np_log_entry *e)
{
	for (size_t i = 0; t && i < e->n; i++)
		if (np_templates_set(t, e->keys[i], e->pages[i]))
			return -1;
	return 0;
}

static int apply_entry(void *ctx, const np_log_entry *e)
{
	catch_up *c = ctx;
	np_db *db = c->db;
	switch (e->kind) {
	case NP_LOG_MERGE:
		if (np_clusters_raise(&db->clusters, e->a > e->b ? e->a : e->b))
			return -1;
		np_clusters_union(&db->clusters, e->a, e->b);
		return 0;
	case NP_LOG_TEMPLATES:
		return apply_counts(db->templates, e);
	case NP_LOG_SINGLES:
		c->templates = 1;
		return 0;
	default: /* a forget, a move, a store emptied */
		c->reload = 1;
		return 0;
	}
}

/* Reads what other writers committed since db->mark into the index. */
static np_status catch_up_index(np_db *db, np_error *err)
{
	np_writer_mark now;
	np_status rc = np_store_writer_mark(db->st, &now, err);
	if (rc != NP_OK || (now.sid == db->mark.sid && now.log == db->mark.log))
		return rc;
	int64_t max_cluster = 0;
	rc = np_store_max_cluster(db->st, &max_cluster, err);
	if (rc == NP_OK && np_clusters_raise(&db->clusters, max_cluster))
		rc = np_fail(err, NP_ENOMEM, "out of memory catching up with other writers");
	catch_up c = {.db = db};
	if (rc == NP_OK)
		rc = np_store_read_log(db->st, db->mark.log, apply_entry, &c, err);
	if (rc != NP_OK || c.reload) {
		engine_unload_index(db);
		return rc == NP_OK ? engine_load_index(db, err) : rc;
	}
	rc = np_store_scan_since(db->st, db->mark.sid, db->p.minhash_k, db->p.lead_k,
	                         engine_index_scanned, db, err);
	if (rc == NP_OK && c.templates) {
		np_templates_free(db->templates);
		db->templates = NULL;
		rc = engine_load_templates(db, err);
	}
	/* another writer may have attributed any cluster anew */
	db->n_large = 0;
	db->mark.log = now.log;
	return rc;
}

np_status engine_begin(np_db *db, np_error *err)
{
	if (db->in_txn)
		return NP_OK;
	np_status rc = np_store_begin(db->st, err);
	db->in_txn = rc == NP_OK;
	if (rc == NP_OK && db->loaded)
		rc = catch_up_index(db, err);
	if (rc != NP_OK && db->in_txn) { /* nothing was written: the handle goes on */
		np_store_rollback(db->st, NULL);
		db->in_txn = 0;
		engine_unload_index(db);
	}
	return rc;
}

np_status engine_commit(np_db *db, np_error *err)
{
	np_writer_mark now = db->mark;
	/* under the writer lock: the store holds what this index holds */
	np_status rc = db->loaded ? np_store_writer_mark(db->st, &now, err) : NP_OK;
	if (rc == NP_OK)
		rc = np_store_commit(db->st, err);
	if (rc == NP_OK) {
		db->mark = now;
		db->in_txn = 0;
	}
	return rc; /* (a failed one is still to be rolled back) */
}
