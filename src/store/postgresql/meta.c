/*
 * meta.c — the PostgreSQL store's meta table: the schema version, the
 * parameters a store was made with (one row a field, by params.h's names),
 * and the largest cluster id issued; as the SQLite store keeps them.
 */
#include "store/postgresql/pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/params.h"
#include "util/error.h"

/* The statements of this file, prepared on first use (pg.c). */
const char *const PG_SQL_META[P_COUNT_] = {
	[P_META_GET] = "SELECT key, value FROM meta",
	/* (in parentheses: one string of two lines, for clang's -Wstring-concatenation) */
	[P_META_PUT] = ("INSERT INTO meta(key, value) VALUES ($1, $2)"
	                " ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
	[P_MAX_CLUSTER] = "SELECT coalesce(max(cluster), 0) FROM stories",
};

/* A cluster merged away leaves no story behind, so the largest id ever
 * issued is kept in meta too: ids are never issued twice. */
#define LAST_CLUSTER_KEY "last_cluster"

/* The value of key among the rows of r (key, value), or NULL. */
static const char *value_of(const PGresult *r, const char *key)
{
	for (int i = 0; i < PQntuples(r); i++)
		if (strcmp(pg_text(r, i, 0), key) == 0)
			return pg_text(r, i, 1);
	return NULL;
}

/* The whole table in one round trip (a few dozen rows). */
static np_status meta_all(pg_store *st, PGresult **r, np_error *err)
{
	return pg_query(st, P_META_GET, NULL, r, err, "cannot read the store's parameters");
}

np_status pg_meta_get(pg_store *st, const char *key, char **value, np_error *err)
{
	PGresult *r = NULL;
	np_status rc = meta_all(st, &r, err);
	const char *v = rc == NP_OK ? value_of(r, key) : NULL;
	*value = np_strdup(v);
	PQclear(r);
	if (rc == NP_OK && v && !*value)
		return np_fail(err, NP_ENOMEM, "out of memory reading the store's parameters");
	return rc;
}

static np_status meta_put(pg_store *st, const char *key, const char *value, np_error *err)
{
	pg_params p = {0};
	pg_param_text(&p, key);
	pg_param_text(&p, value);
	return pg_run(st, P_META_PUT, &p, err, "cannot write the store's parameters");
}

static np_status version_check(pg_store *st, const char *v, np_error *err)
{
	int version = v ? atoi(v) : PG_SCHEMA_VERSION;
	if (version != PG_SCHEMA_VERSION)
		return np_fail(err, NP_ESTORE,
		               "%s: schema version %d, this newsprint reads version %d: re-ingest into a "
		               "new database", st->name, version, PG_SCHEMA_VERSION);
	return NP_OK;
}

np_status pg_get_params(np_store *base, np_params *p, int *found, np_error *err)
{
	pg_store *st = pg_of(base);
	PGresult *r = NULL;
	np_status rc = meta_all(st, &r, err);
	const char *v = rc == NP_OK ? value_of(r, "schema_version") : NULL;
	*found = v != NULL;
	if (rc == NP_OK)
		rc = version_check(st, v, err);
	for (size_t i = 0; rc == NP_OK && *found && i < NP_N_PARAM_FIELDS; i++) {
		const np_param_field *f = &NP_PARAM_FIELDS[i];
		const char *value = value_of(r, f->key);
		if (value || f->before)
			np_param_parse(f, p, value ? value : f->before);
	}
	PQclear(r);
	return rc;
}

static np_status put_row(void *ctx, const char *key, const char *value, np_error *err)
{
	return meta_put(ctx, key, value, err);
}

np_status pg_put_params(np_store *base, const np_params *p, np_error *err)
{
	return np_params_put_rows(p, PG_SCHEMA_VERSION, put_row, pg_of(base), err);
}

np_status pg_max_cluster(np_store *base, int64_t *out, np_error *err)
{
	pg_store *st = pg_of(base);
	char *v = NULL;
	np_status rc = pg_single_int(st, P_MAX_CLUSTER, NULL, out, err, "cannot read the store");
	if (rc == NP_OK)
		rc = pg_meta_get(st, LAST_CLUSTER_KEY, &v, err);
	if (rc == NP_OK && v && strtoll(v, NULL, 10) > *out)
		*out = strtoll(v, NULL, 10);
	free(v);
	return rc;
}

np_status pg_set_max_cluster(np_store *base, int64_t id, np_error *err)
{
	pg_store *st = pg_of(base);
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", (long long)id);
	return meta_put(st, LAST_CLUSTER_KEY, buf, err);
}
