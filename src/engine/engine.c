/*
 * engine.c — np_db: a store with its in-memory index, opened with the
 * parameters it was made with and closed. The index (LSH tables and
 * fingerprints) is a cache, built from the store's fingerprints the first
 * time a story is checked; deciding a story is decide.c's work, storing it
 * commit.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "engine/engine_int.h"
#include "index/lsh.h"
#include "index/match.h"
#include "store/open/open.h"
#include "store/params.h"
#include "util/error.h"
#include "util/version.h"

const np_params *np_db_params(const np_db *db)
{
	return &db->p;
}

/* ------------------------------------------------------------------ */
/* Opening: parameters                                                */
/* ------------------------------------------------------------------ */

/* The page cache of a store with the passage tier, whose lookups and
 * inserts land anywhere in the postings B-tree (some hundreds of MB at
 * 100,000 to 200,000 generated stories): a cache of 256 MB saves much of
 * the ingest's system time, spent reading pages from the OS again, even
 * where the table is twice the cache (benchmarks/README.md, "A larger page
 * cache for the tier"). Without the tier the SQLite store's own 64 MB
 * (store/sqlite/sqlite.c) holds what is read again. The cache grows only
 * as pages are read: a small store never takes it. */
#define PASSAGE_CACHE_BYTES (256ull << 20)

/* Settles db->p: the caller's values where given (non-zero), else the
 * store's, else the defaults; a store never takes fingerprints of another
 * shape than its own. */
static np_status settle_params(np_db *db, const np_params *given, const char *path,
                               np_error *err)
{
	np_params stored;
	np_params_default(&stored, NP_PARAMS_VERSION, NULL);
	int found = 0;
	np_status rc = np_store_get_params(db->st, &stored, &found, err);
	if (rc != NP_OK)
		return rc;
	db->p = stored;
	if (given) {
		db->p = *given; /* of NP_PARAMS_VERSION: np_db_open checked */
		np_params_fill(&db->p, &stored, NULL);
	}
	char have[64], want[64];
	const char *key = found ? np_params_shape_mismatch(&stored, &db->p, have, want, sizeof have)
	                        : NULL;
	if (key)
		return np_fail(err, NP_ESTORE,
		               "%s was made with %s = %s, not %s: leave the option out or use a new store",
		               path, key, have, want);
	rc = np_params_validate(&db->p, err);
	if (rc == NP_OK && db->p.bands == 0)
		np_lsh_choose(np_match_floor(&db->p), db->p.minhash_k, &db->p.bands, &db->p.rows);
	if (rc == NP_OK && !found && !db->readonly)
		rc = np_store_put_params(db->st, &db->p, err); /* with the bands chosen */
	if (rc == NP_OK && db->p.passages && !db->readonly)
		rc = np_store_set_cache(db->st, PASSAGE_CACHE_BYTES, err);
	return rc;
}

np_status np_db_open(np_db **out, const char *path, np_open_mode mode, const np_params *params,
                     np_error *err)
{
	*out = NULL;
	if (params && np_check_version("np_params", params->version, NP_PARAMS_VERSION, err))
		return NP_EINVAL;
	np_db *db = calloc(1, sizeof *db);
	if (!db)
		return np_fail(err, NP_ENOMEM, "out of memory opening %s", path);
	db->readonly = mode == NP_OPEN_READONLY;
	np_status rc = np_store_open(&db->st, path, mode, err);
	if (rc == NP_OK)
		rc = settle_params(db, params, path, err);
	if (rc != NP_OK) {
		np_store_close(db->st);
		free(db);
		return rc;
	}
	*out = db;
	return NP_OK;
}

/* ------------------------------------------------------------------ */
/* The in-memory index                                                */
/* ------------------------------------------------------------------ */

int engine_index_add(np_db *db, const np_stored_fp *f)
{
	np_content_entry e = {.hash = {f->content_hash[0], f->content_hash[1]}, .sid = f->sid,
	                      .cluster = f->cluster, .minute = np_index_minute(f->published)};
	if (np_content_add(&db->content, &e))
		return -1;
	if (f->n_shingles < db->p.min_shingles)
		return 0; /* too short to match anything: never a candidate */
	np_index_story s = {.sid = f->sid, .cluster = f->cluster, .n_shingles = f->n_shingles,
	                    .content = f->content_hash, .minhash = f->minhash, .lead = f->lead,
	                    .minute = np_index_minute(f->published)};
	return np_index_add(&db->index, &s);
}

/* Indexes a scanned story, the mark moving past it. */
static int index_scan_row(void *ctx, const np_stored_fp *f)
{
	np_db *db = ctx;
	if (f->sid > db->mark.sid)
		db->mark.sid = f->sid;
	/* a load outside a transaction (serve warming its index) may read a
	 * story another writer committed after the counter was read */
	if (np_clusters_raise(&db->clusters, f->cluster))
		return -1;
	return engine_index_add(db, f);
}

int engine_index_scanned(void *ctx, const np_stored_fp *f)
{
	return index_scan_row(ctx, f);
}

np_status engine_load_templates(np_db *db, np_error *err)
{
	if (db->templates)
		return NP_OK;
	if (!(db->templates = np_templates_new()))
		return np_fail(err, NP_ENOMEM, "out of memory loading outlet templates");
	return np_store_load_templates(db->st, db->templates, err);
}

np_status engine_load_index(np_db *db, np_error *err)
{
	if (db->loaded)
		return NP_OK;
	int64_t max_cluster = 0;
	if (np_index_init(&db->index, &db->p))
		return np_fail(err, NP_ENOMEM, "out of memory building the index");
	/* the log's mark is taken before the scan, so an entry a writer adds
	 * meanwhile is read again by the next catch-up (applying one twice
	 * changes nothing); the sids' mark is the last story scanned */
	np_status rc = np_store_writer_mark(db->st, &db->mark, err);
	db->mark.sid = 0;
	if (rc == NP_OK)
		rc = np_store_max_cluster(db->st, &max_cluster, err);
	if (rc == NP_OK && np_clusters_init(&db->clusters, max_cluster))
		rc = np_fail(err, NP_ENOMEM, "out of memory building the index");
	if (rc == NP_OK)
		rc = np_store_scan(db->st, db->p.minhash_k, db->p.lead_k, index_scan_row, db, err);
	if (rc == NP_OK)
		rc = engine_load_templates(db, err);
	db->loaded = rc == NP_OK;
	return rc;
}

void engine_unload_index(np_db *db)
{
	if (!db->loaded)
		return;
	np_index_free(&db->index);
	np_clusters_free(&db->clusters);
	np_content_free(&db->content);
	np_templates_free(db->templates);
	db->templates = NULL;
	db->n_large = 0;
	db->loaded = 0;
}

/* ------------------------------------------------------------------ */
/* Closing and the store's own operations                             */
/* ------------------------------------------------------------------ */

np_status np_db_close(np_db *db, np_error *err)
{
	if (!db)
		return NP_OK;
	np_status rc = np_db_flush(db, err);
	np_store_close(db->st);
	if (db->loaded)
		np_index_free(&db->index);
	np_clusters_free(&db->clusters);
	free(db->fresh);
	free(db->large);
	free(db->matches);
	np_derive_free(&db->derive);
	np_templates_free(db->templates);
	np_apart_free(&db->apart);
	np_content_free(&db->content);
	free(db);
	return rc;
}

np_status np_db_checkpoint(np_db *db, np_error *err)
{
	if (db->readonly)
		return np_fail(err, NP_EINVAL, "the store was opened read-only");
	return np_store_checkpoint(db->st, err);
}

np_status np_db_snapshot(np_db *db, np_error *err)
{
	if (!db->readonly)
		return np_fail(err, NP_EINVAL, "a snapshot is for a store opened read-only");
	return np_store_read_begin(db->st, err);
}

np_status np_db_set_wal_limit(np_db *db, uint64_t bytes, np_error *err)
{
	if (db->readonly)
		return np_fail(err, NP_EINVAL, "the store was opened read-only");
	return np_store_set_wal_limit(db->st, bytes, err);
}

np_status np_db_contains(np_db *db, const char *id, int *found, np_error *err)
{
	int64_t sid = 0;
	np_status rc = np_store_find_id(db->st, id, &sid, err);
	*found = sid != 0;
	return rc;
}

np_status np_db_get_story(np_db *db, const char *id, np_story **out, np_error *err)
{
	return np_store_get_story(db->st, id, out, err);
}

np_store *np_db_store(np_db *db)
{
	return db->st;
}

np_status np_db_load_index(np_db *db, np_error *err)
{
	return engine_load_index(db, err);
}
