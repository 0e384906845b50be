/*
 * meta.c — the SQLite store's meta table: the schema version, the
 * parameters a store was made with (one row a field, by params.h's names),
 * and the largest cluster id issued.
 */
#include "store/sqlite/sqlite_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "store/params.h"
#include "util/error.h"

/* The statements of this file, prepared when the store opens (sqlite.c). */
const char *const SQ_SQL_META[Q_COUNT_] = {
	[Q_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[Q_META_PUT] = "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
	[Q_MAX_CLUSTER] = "SELECT coalesce(max(cluster), 0) FROM stories",
};

/* *value is a malloc'd copy, or NULL when the key is absent. */
np_status sq_meta_get(sq_store *st, const char *key, char **value, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_META_GET];
	store_bind_text(q, 1, key);
	int rc = sqlite3_step(q);
	*value = rc == SQLITE_ROW ? store_column_text(q, 0) : NULL;
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, "cannot read the store's parameters");
	return NP_OK;
}

np_status sq_meta_put(sq_store *st, const char *key, const char *value, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_META_PUT];
	store_bind_text(q, 1, key);
	store_bind_text(q, 2, value);
	return store_step(st, q, err, "cannot write the store's parameters");
}

static np_status check_schema(sq_store *st, int *found, np_error *err)
{
	char *v = NULL;
	np_status rc = sq_meta_get(st, "schema_version", &v, err);
	if (rc != NP_OK)
		return rc;
	*found = v != NULL;
	int version = v ? atoi(v) : NP_SCHEMA_VERSION;
	free(v);
	return sq_version_check(st, version, err);
}

np_status sq_get_params(np_store *base, np_params *p, int *found, np_error *err)
{
	sq_store *st = sq_of(base);
	np_status rc = check_schema(st, found, err);
	for (size_t i = 0; rc == NP_OK && *found && i < NP_N_PARAM_FIELDS; i++) {
		const np_param_field *f = &NP_PARAM_FIELDS[i];
		char *v = NULL;
		rc = sq_meta_get(st, f->key, &v, err);
		if (rc == NP_OK && (v || f->before))
			np_param_parse(f, p, v ? v : f->before);
		free(v);
	}
	return rc;
}

static np_status put_row(void *ctx, const char *key, const char *value, np_error *err)
{
	return sq_meta_put(ctx, key, value, err);
}

np_status sq_put_params(np_store *base, const np_params *p, np_error *err)
{
	return np_params_put_rows(p, NP_SCHEMA_VERSION, put_row, sq_of(base), err);
}

/* A cluster merged away leaves no story behind, so the largest id ever
 * issued is kept in meta too: ids are never issued twice. */
#define LAST_CLUSTER_KEY "last_cluster"

np_status sq_max_cluster(np_store *base, int64_t *out, np_error *err)
{
	sq_store *st = sq_of(base);
	char *v = NULL;
	np_status rc = store_single_int(st, Q_MAX_CLUSTER, out, err);
	if (rc == NP_OK)
		rc = sq_meta_get(st, LAST_CLUSTER_KEY, &v, err);
	if (rc == NP_OK && v && strtoll(v, NULL, 10) > *out)
		*out = strtoll(v, NULL, 10);
	free(v);
	return rc;
}

np_status sq_set_max_cluster(np_store *base, int64_t id, np_error *err)
{
	sq_store *st = sq_of(base);
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", (long long)id);
	return sq_meta_put(st, LAST_CLUSTER_KEY, buf, err);
}
