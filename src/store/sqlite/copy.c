/*
 * copy.c — copying a SQLite store's tables out and in (the "copying"
 * operations of store_ops.h, for newsprint migrate): the tables of the
 * logical schema in the order they may be filled, each table's rows as
 * typed values, and rows written back with their values as given, sids
 * and cluster ids included.
 *
 * The columns are read from the file itself (PRAGMA table_info), not from
 * SCHEMA, so that a copy compares what the two stores really hold; a table
 * the file does not hold (a store made before it existed) is left out.
 */
#include "store/sqlite/sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/strbuf.h"

static np_status oom(sq_store *st, np_error *err)
{
	return np_fail(err, NP_ENOMEM, "%s: out of memory copying the store", st->path);
}

/* The columns of table name into t (none when the file has no such table). */
static np_status read_columns(void *ctx, const char *name, np_table_def *t, np_error *err)
{
	sq_store *st = ctx;
	char sql[96];
	sqlite3_stmt *q = NULL;
	snprintf(sql, sizeof sql, "PRAGMA table_info(\"%s\")", name);
	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return store_fail(st, err, "cannot read the tables");
	np_status rc = NP_OK;
	int step;
	while (rc == NP_OK && (step = sqlite3_step(q)) == SQLITE_ROW) {
		char **grown = realloc(t->columns, (t->n_columns + 1) * sizeof *grown);
		if (grown)
			t->columns = grown;
		if (!grown || !(grown[t->n_columns] = store_column_text(q, 1)))
			rc = oom(st, err);
		else
			t->n_columns++;
	}
	if (rc == NP_OK && step != SQLITE_DONE)
		rc = store_fail(st, err, "cannot read the tables");
	sqlite3_finalize(q);
	return rc;
}

np_status sq_copy_tables(np_store *base, np_table_list *out, np_error *err)
{
	return np_store_list_tables(out, read_columns, sq_of(base), err);
}

/* Column c of the current row of q as a typed value. */
static np_value column_value(sqlite3_stmt *q, int c)
{
	np_value v = {.type = NP_VALUE_NULL};
	switch (sqlite3_column_type(q, c)) {
	case SQLITE_INTEGER:
		v.type = NP_VALUE_INT;
		v.i = sqlite3_column_int64(q, c);
		break;
	case SQLITE_FLOAT:
		v.type = NP_VALUE_REAL;
		v.d = sqlite3_column_double(q, c);
		break;
	case SQLITE_TEXT:
		v.type = NP_VALUE_TEXT;
		v.p = sqlite3_column_text(q, c);
		v.n = (size_t)sqlite3_column_bytes(q, c);
		break;
	case SQLITE_BLOB:
		v.type = NP_VALUE_BLOB;
		v.p = sqlite3_column_blob(q, c);
		v.n = (size_t)sqlite3_column_bytes(q, c);
		break;
	default:
		break;
	}
	return v;
}

/* Steps q over every row, handing each to fn. */
static np_status rows_to(sq_store *st, sqlite3_stmt *q, size_t n, np_row_fn fn, void *ctx,
                         np_error *err)
{
	np_value *row = calloc(n, sizeof *row);
	if (!row)
		return oom(st, err);
	np_status rc = NP_OK;
	int step;
	while (rc == NP_OK && (step = sqlite3_step(q)) == SQLITE_ROW) {
		for (size_t c = 0; c < n; c++)
			row[c] = column_value(q, (int)c);
		rc = fn(ctx, row, n, err);
	}
	if (rc == NP_OK && step != SQLITE_DONE)
		rc = store_fail(st, err, "cannot read a table to copy");
	free(row);
	return rc;
}

np_status sq_copy_out(np_store *base, const np_table_def *t, np_row_fn fn, void *ctx,
                      np_error *err)
{
	sq_store *st = sq_of(base);
	char tail[80];
	snprintf(tail, sizeof tail, " FROM \"%s\"", t->name);
	char *sql = np_store_columns_sql(t, "SELECT ", tail);
	sqlite3_stmt *q = NULL;
	if (!sql)
		return oom(st, err);
	int prc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);
	free(sql);
	np_status rc = prc == SQLITE_OK ? rows_to(st, q, t->n_columns, fn, ctx, err)
	                                : store_fail(st, err, "cannot read a table to copy");
	sqlite3_finalize(q);
	return rc;
}

/* Prepares the insert of t's rows, unless the one prepared is t's. */
static np_status prepare_insert(sq_store *st, const np_table_def *t, np_error *err)
{
	if (st->copy_q && strcmp(st->copy_table, t->name) == 0)
		return NP_OK;
	sqlite3_finalize(st->copy_q);
	st->copy_q = NULL;
	free(st->copy_table);
	np_buf b = {0};
	int rc = np_buf_adds(&b, ") VALUES (");
	for (size_t c = 0; !rc && c < t->n_columns; c++)
		rc = np_buf_adds(&b, c ? ", ?" : "?");
	char head[80];
	snprintf(head, sizeof head, "INSERT INTO \"%s\" (", t->name);
	char *sql = rc || np_buf_adds(&b, ")") ? NULL : np_store_columns_sql(t, head, b.p);
	np_buf_free(&b);
	st->copy_table = np_strdup(t->name);
	if (!sql || !st->copy_table) {
		free(sql);
		return oom(st, err);
	}
	int prc = sqlite3_prepare_v2(st->db, sql, -1, &st->copy_q, NULL);
	free(sql);
	return prc == SQLITE_OK ? NP_OK : store_fail(st, err, "cannot copy into a table");
}

static int bind_value(sqlite3_stmt *q, int i, const np_value *v)
{
	switch (v->type) {
	case NP_VALUE_INT:
		return sqlite3_bind_int64(q, i, v->i);
	case NP_VALUE_REAL:
		return sqlite3_bind_double(q, i, v->d);
	case NP_VALUE_TEXT:
		return sqlite3_bind_text64(q, i, v->p, v->n, SQLITE_TRANSIENT, SQLITE_UTF8);
	case NP_VALUE_BLOB:
		return sqlite3_bind_blob64(q, i, v->p, v->n, SQLITE_TRANSIENT);
	default:
		return sqlite3_bind_null(q, i);
	}
}

np_status sq_copy_in(np_store *base, const np_table_def *t, const np_value *row, np_error *err)
{
	sq_store *st = sq_of(base);
	np_status rc = prepare_insert(st, t, err);
	for (size_t c = 0; rc == NP_OK && c < t->n_columns; c++)
		if (bind_value(st->copy_q, (int)c + 1, &row[c]) != SQLITE_OK)
			rc = store_fail(st, err, "cannot copy a value");
	return rc == NP_OK ? store_step(st, st->copy_q, err, "cannot copy a row") : rc;
}

void store_copy_drop(sq_store *st)
{
	sqlite3_finalize(st->copy_q);
	st->copy_q = NULL;
	free(st->copy_table);
	st->copy_table = NULL;
}

np_status sq_copy_end(np_store *base, np_error *err)
{
	(void)err; /* SQLite issues a sid past the largest stored: nothing to move on */
	store_copy_drop(sq_of(base));
	return NP_OK;
}
