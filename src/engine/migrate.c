/*
 * migrate.c — np_migrate: copies a store into a new or empty one, of the
 * same backend or another (newsprint migrate). Every backend mirrors one
 * logical schema (docs/store.md, "Copying"), so the copy goes table by
 * table and row by row through the store's copying operations, without
 * the engine: no story is decided again, and sids, cluster ids, origins
 * and parameters arrive as they were.
 *
 * The source is read in one snapshot; the target is written in one
 * transaction, so a copy that fails or is killed leaves it as it was.
 */
#include <stdlib.h>
#include <string.h>

#include "newsprint.h"
#include "store/open/open.h"
#include "store/store.h"
#include "util/error.h"

typedef struct copy_run {
	np_store *to;
	const np_table_def *table; /* the target's table being filled */
	np_migrate_fn progress;
	void *ctx;
	uint64_t table_rows, rows;
} copy_run;

static np_status copy_row(void *ctx, const np_value *row, size_t n, np_error *err)
{
	copy_run *r = ctx;
	(void)n; /* the tables agree: the source's row has the target's columns */
	np_status rc = np_store_copy_in(r->to, r->table, row, err);
	r->table_rows++;
	r->rows++;
	if (rc == NP_OK && r->progress && r->table_rows % NP_MIGRATE_PROGRESS_ROWS == 0)
		r->progress(r->ctx, r->table->name, r->table_rows, r->rows);
	return rc;
}

/* The table of list named name, or NULL. */
static const np_table_def *find_table(const np_table_list *list, const char *name)
{
	for (size_t i = 0; i < list->n; i++)
		if (strcmp(list->v[i].name, name) == 0)
			return &list->v[i];
	return NULL;
}

static int same_columns(const np_table_def *a, const np_table_def *b)
{
	if (a->n_columns != b->n_columns)
		return 0;
	for (size_t c = 0; c < a->n_columns; c++)
		if (strcmp(a->columns[c], b->columns[c]) != 0)
			return 0;
	return 1;
}

/* NP_ESTORE naming the first table of a that b lacks or holds otherwise. */
static np_status tables_within(const np_table_list *a, const np_table_list *b,
                               const char *a_name, const char *b_name, np_error *err)
{
	for (size_t i = 0; i < a->n; i++) {
		const np_table_def *t = find_table(b, a->v[i].name);
		if (!t)
			return np_fail(err, NP_ESTORE,
			               "the stores' schemas differ: the table '%s' is in %s, not in %s",
			               a->v[i].name, a_name, b_name);
		if (!same_columns(&a->v[i], t))
			return np_fail(err, NP_ESTORE,
			               "the stores' schemas differ: the table '%s' has other columns in "
			               "%s than in %s", a->v[i].name, a_name, b_name);
	}
	return NP_OK;
}

/* NP_ESTORE unless the target holds no parameters and no story. */
static np_status check_empty(np_store *to, const char *name, np_error *err)
{
	np_params p;
	int found = 0;
	int64_t stories = 0;
	np_status rc = np_params_init(&p, NP_PARAMS_VERSION, err);
	if (rc == NP_OK)
		rc = np_store_get_params(to, &p, &found, err);
	if (rc == NP_OK)
		rc = np_store_count_stories(to, &stories, err);
	if (rc == NP_OK && (found || stories))
		rc = np_fail(err, NP_ESTORE,
		             "%s: not empty (it holds %lld stories): migrate copies into a new or "
		             "empty store only", name, (long long)stories);
	return rc;
}

/* Copies every table of src (in its order) into the target's table of the
 * same name. */
static np_status copy_tables(np_store *from, const np_table_list *src, const np_table_list *dst,
                             copy_run *r, np_error *err)
{
	np_status rc = NP_OK;
	for (size_t i = 0; i < src->n && rc == NP_OK; i++) {
		r->table = find_table(dst, src->v[i].name);
		r->table_rows = 0;
		rc = np_store_copy_out(from, &src->v[i], copy_row, r, err);
		if (rc == NP_OK && r->progress)
			r->progress(r->ctx, r->table->name, r->table_rows, r->rows);
	}
	return rc;
}

/* The copy as one transaction of the target; out filled when it commits. */
static np_status copy_all(np_store *from, np_store *to, const np_table_list *src,
                          const np_table_list *dst, copy_run *r, np_migrate_stats *out,
                          np_error *err)
{
	np_status rc = np_store_begin(to, err);
	if (rc != NP_OK)
		return rc;
	rc = copy_tables(from, src, dst, r, err);
	if (rc == NP_OK)
		rc = np_store_copy_end(to, err);
	if (rc == NP_OK)
		rc = np_store_count_stories(to, &out->stories, err);
	if (rc == NP_OK)
		rc = np_store_commit(to, err);
	if (rc != NP_OK) {
		np_error ignored = {0}; /* the copy's own error is the one to tell */
		np_store_rollback(to, &ignored);
		return rc;
	}
	out->tables = src->n;
	out->rows = r->rows;
	return NP_OK;
}

/* Checks the two stores agree and the target is empty, then copies. */
static np_status migrate_open(np_store *from, np_store *to, const char *from_name,
                              const char *to_name, copy_run *r, np_migrate_stats *out,
                              np_error *err)
{
	np_table_list src = {0}, dst = {0};
	np_status rc = check_empty(to, to_name, err);
	if (rc == NP_OK)
		rc = np_store_copy_tables(from, &src, err);
	if (rc == NP_OK)
		rc = np_store_copy_tables(to, &dst, err);
	/* Every table of the source must be the target's; a table the target
	 * has and the source lacks (a store made before the table was) stays
	 * empty, as it would be made when the source is next opened to write. */
	if (rc == NP_OK)
		rc = tables_within(&src, &dst, from_name, to_name, err);
	if (rc == NP_OK)
		rc = copy_all(from, to, &src, &dst, r, out, err);
	np_table_list_free(&src);
	np_table_list_free(&dst);
	return rc;
}

/* Opens both stores: the source first, so that a missing one makes no
 * target. */
static np_status open_both(const char *from, const char *to, np_store **src, np_store **dst,
                           np_error *err)
{
	np_status rc = np_store_open(src, from, NP_OPEN_READONLY, err);
	if (rc == NP_OK)
		rc = np_store_read_begin(*src, err);
	if (rc == NP_OK)
		rc = np_store_open(dst, to, NP_OPEN_READWRITE, err);
	return rc;
}

np_status np_migrate(const char *from, const char *to, np_migrate_fn progress, void *ctx,
                     np_migrate_stats *out, np_error *err)
{
	np_migrate_stats stats = {0};
	copy_run r = {.progress = progress, .ctx = ctx};
	char *from_name = np_store_masked(from), *to_name = np_store_masked(to);
	np_store *src = NULL;
	np_status rc = from_name && to_name ? open_both(from, to, &src, &r.to, err)
	                                    : np_fail(err, NP_ENOMEM, "out of memory");
	if (rc == NP_OK)
		rc = migrate_open(src, r.to, from_name, to_name, &r, &stats, err);
	np_store_close(r.to);
	np_store_close(src);
	free(from_name);
	free(to_name);
	if (rc == NP_OK && out)
		*out = stats;
	return rc;
}
