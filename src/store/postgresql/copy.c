/*
 * copy.c — copying a PostgreSQL store's tables out and in (the "copying"
 * operations of store_ops.h, for newsprint migrate): the logical schema's
 * tables with their columns as the server describes them, each table's
 * rows streamed out a row at a time in binary, and rows written in with
 * COPY ... FROM STDIN in the binary format, so that a table of millions of
 * rows goes in a few round trips with its values exact (no text to escape
 * or parse). copy_end sets every sequence past the values copied.
 */
#include "store/postgresql/pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/strbuf.h"

/* Type oids of the columns newsprint's tables use (PostgreSQL's
 * catalog/pg_type.h; fixed for every server). */
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_TEXT 25
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_VARCHAR 1043

/* COPY data sent in one message once this much is held: large enough that
 * a table goes in few round trips, small enough to cost little memory. */
#define COPY_CHUNK_BYTES (1u << 20)

/* The binary COPY format's header (signature, flags, header extension
 * length) and trailer (a field count of -1): PostgreSQL's COPY page. */
static const char COPY_HEADER[19] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
static const char COPY_TRAILER[2] = "\377\377";

static const char COLUMNS_SQL[] =
	"SELECT attname::text, atttypid::int8 FROM pg_attribute"
	" WHERE attrelid = to_regclass(quote_ident($1)) AND attnum > 0 AND NOT attisdropped"
	" ORDER BY attnum";

/* Every sequence owned by a column of the store's tables (stories.sid,
 * template_singles.seq), set so that its next value is past the largest
 * the column holds. */
static const char SEQUENCES_SQL[] =
	"DO $$ DECLARE r record; BEGIN"
	" FOR r IN SELECT table_name AS t, column_name AS c,"
	"  pg_get_serial_sequence(quote_ident(table_name), column_name) AS s"
	"  FROM information_schema.columns WHERE table_schema = current_schema() LOOP"
	"  IF r.s IS NOT NULL THEN"
	"   EXECUTE format('SELECT setval(%L, coalesce((SELECT max(%I) FROM %I), 0) + 1, false)',"
	"                  r.s, r.c, r.t);"
	"  END IF;"
	" END LOOP; END $$";

static np_status oom(pg_store *st, np_error *err)
{
	return np_fail(err, NP_ENOMEM, "%s: out of memory copying the store", st->name);
}

/* The rows of COLUMNS_SQL for table name (text results); NULL after err. */
static PGresult *columns_of(pg_store *st, const char *name, np_error *err)
{
	const char *v[1] = {name};
	PGresult *r = PQexecParams(st->conn, COLUMNS_SQL, 1, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(r) == PGRES_TUPLES_OK)
		return r;
	pg_fail(st, err, "cannot read the tables", r);
	PQclear(r);
	return NULL;
}

static np_status read_columns(void *ctx, const char *name, np_table_def *t, np_error *err)
{
	pg_store *st = ctx;
	PGresult *r = columns_of(st, name, err);
	if (!r)
		return NP_ESTORE;
	int n = PQntuples(r);
	np_status rc = NP_OK;
	if (n && !(t->columns = calloc((size_t)n, sizeof *t->columns)))
		rc = oom(st, err);
	for (int i = 0; rc == NP_OK && i < n; i++)
		if (!(t->columns[t->n_columns++] = np_strdup(PQgetvalue(r, i, 0))))
			rc = oom(st, err);
	PQclear(r);
	return rc;
}

np_status pg_copy_tables(np_store *base, np_table_list *out, np_error *err)
{
	return np_store_list_tables(out, read_columns, pg_of(base), err);
}

/* ------------------------------------------------------------------ */
/* Out: a row at a time                                               */
/* ------------------------------------------------------------------ */

/* Column c of row 0 of r (a binary result) as a typed value. */
static np_value column_value(const PGresult *r, int c)
{
	np_value v = {.type = NP_VALUE_NULL};
	if (PQgetisnull(r, 0, c))
		return v;
	switch (PQftype(r, c)) {
	case OID_INT8: case OID_INT4: case OID_INT2:
		v.type = NP_VALUE_INT;
		v.i = pg_int(r, 0, c);
		break;
	case OID_FLOAT8: case OID_FLOAT4:
		v.type = NP_VALUE_REAL;
		v.d = pg_double(r, 0, c);
		break;
	default: /* text and bytea: their bytes as they are */
		v.type = PQftype(r, c) == OID_BYTEA ? NP_VALUE_BLOB : NP_VALUE_TEXT;
		v.p = PQgetvalue(r, 0, c);
		v.n = (size_t)PQgetlength(r, 0, c);
		break;
	}
	return v;
}

typedef struct out_run {
	np_row_fn fn;
	void *ctx;
	np_value *row;
	size_t n;
	np_error *err;
	np_status rc; /* fn's */
} out_run;

static np_status stream_rows(pg_store *st, const char *sql, out_run *o, np_error *err)
{
	np_status rc = NP_OK;
	if (!PQsendQueryParams(st->conn, sql, 0, NULL, NULL, NULL, NULL, 1) ||
	    !PQsetSingleRowMode(st->conn))
		rc = pg_fail(st, err, "cannot read a table to copy", NULL);
	PGresult *r;
	while ((r = PQgetResult(st->conn))) { /* every result is read, after a stop too */
		ExecStatusType s = PQresultStatus(r);
		if (s == PGRES_SINGLE_TUPLE && rc == NP_OK && o->rc == NP_OK) {
			for (size_t c = 0; c < o->n; c++)
				o->row[c] = column_value(r, (int)c);
			o->rc = o->fn(o->ctx, o->row, o->n, err);
		} else if (s != PGRES_SINGLE_TUPLE && s != PGRES_TUPLES_OK && rc == NP_OK) {
			rc = pg_fail(st, err, "cannot read a table to copy", r);
		}
		PQclear(r);
	}
	return o->rc != NP_OK ? o->rc : rc;
}

np_status pg_copy_out(np_store *base, const np_table_def *t, np_row_fn fn, void *ctx,
                      np_error *err)
{
	pg_store *st = pg_of(base);
	char tail[80];
	snprintf(tail, sizeof tail, " FROM \"%s\"", t->name);
	out_run o = {.fn = fn, .ctx = ctx, .n = t->n_columns};
	char *sql = np_store_columns_sql(t, "SELECT ", tail);
	np_status rc = sql && (o.row = calloc(t->n_columns, sizeof *o.row))
	                   ? stream_rows(st, sql, &o, err)
	                   : oom(st, err);
	free(o.row);
	free(sql);
	return rc;
}

/* ------------------------------------------------------------------ */
/* In: COPY FROM STDIN, binary                                        */
/* ------------------------------------------------------------------ */

/* The table a COPY is open for, its columns' types, and the data held. */
struct pg_copy {
	char *table;
	long long *types;
	size_t n;
	np_buf data;
};

static void copy_free(pg_store *st)
{
	if (!st->copy)
		return;
	free(st->copy->table);
	free(st->copy->types);
	np_buf_free(&st->copy->data);
	free(st->copy);
	st->copy = NULL;
}

/* Reads the results a finished COPY leaves; NP_OK when it went in whole. */
static np_status copy_results(pg_store *st, np_status rc, np_error *err)
{
	PGresult *r;
	while ((r = PQgetResult(st->conn))) {
		if (rc == NP_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
			rc = pg_fail(st, err, "cannot copy into a table", r);
		PQclear(r);
	}
	return rc;
}

/* Sends the data held (all of it, or once it is a chunk's worth). */
static np_status copy_send(pg_store *st, int all, np_error *err)
{
	np_buf *b = &st->copy->data;
	if (!all && b->len < COPY_CHUNK_BYTES)
		return NP_OK;
	int sent = b->len == 0 || PQputCopyData(st->conn, b->p, (int)b->len) == 1;
	np_buf_reset(b);
	return sent ? NP_OK : pg_fail(st, err, "cannot copy into a table", NULL);
}

void pg_copy_drop(pg_store *st)
{
	if (!st->copy)
		return;
	if (PQputCopyEnd(st->conn, "the copy was abandoned") == 1)
		copy_results(st, NP_ESTORE, NULL);
	copy_free(st);
}

/* Ends the open COPY (if any), its rows written. */
static np_status copy_finish(pg_store *st, np_error *err)
{
	if (!st->copy)
		return NP_OK;
	np_status rc = np_buf_add(&st->copy->data, COPY_TRAILER, sizeof COPY_TRAILER)
	                   ? oom(st, err)
	                   : copy_send(st, 1, err);
	if (rc == NP_OK && PQputCopyEnd(st->conn, NULL) != 1)
		rc = pg_fail(st, err, "cannot copy into a table", NULL);
	rc = copy_results(st, rc, err);
	copy_free(st);
	return rc;
}

/* The types of t's columns (in its order) into c. */
static np_status column_types(pg_store *st, const np_table_def *t, struct pg_copy *c,
                              np_error *err)
{
	PGresult *r = columns_of(st, t->name, err);
	if (!r)
		return NP_ESTORE;
	np_status rc = NP_OK;
	c->n = (size_t)PQntuples(r);
	if (c->n != t->n_columns)
		rc = np_fail(err, NP_ESTORE, "%s: the table %s has other columns than expected",
		             st->name, t->name);
	else if (!(c->types = calloc(c->n, sizeof *c->types)))
		rc = oom(st, err);
	for (size_t i = 0; rc == NP_OK && i < c->n; i++)
		c->types[i] = strtoll(PQgetvalue(r, (int)i, 1), NULL, 10);
	PQclear(r);
	return rc;
}

/* Runs "COPY t (columns) FROM STDIN" and holds the format's header. */
static np_status copy_begin(pg_store *st, const np_table_def *t, np_error *err)
{
	char head[80];
	snprintf(head, sizeof head, "COPY \"%s\" (", t->name);
	char *sql = np_store_columns_sql(t, head, ") FROM STDIN (FORMAT binary)");
	if (!sql)
		return oom(st, err);
	PGresult *r = PQexec(st->conn, sql);
	free(sql);
	np_status rc = PQresultStatus(r) == PGRES_COPY_IN
	                   ? NP_OK
	                   : pg_fail(st, err, "cannot copy into a table", r);
	PQclear(r);
	if (rc == NP_OK && np_buf_add(&st->copy->data, COPY_HEADER, sizeof COPY_HEADER))
		rc = oom(st, err);
	return rc;
}

/* Opens a COPY into t, unless the one open is t's. */
static np_status copy_start(pg_store *st, const np_table_def *t, np_error *err)
{
	if (st->copy && strcmp(st->copy->table, t->name) == 0)
		return NP_OK;
	np_status rc = copy_finish(st, err);
	if (rc != NP_OK)
		return rc;
	if (!(st->copy = calloc(1, sizeof *st->copy)) || !(st->copy->table = np_strdup(t->name))) {
		copy_free(st);
		return oom(st, err);
	}
	rc = column_types(st, t, st->copy, err);
	if (rc == NP_OK)
		rc = copy_begin(st, t, err);
	if (rc != NP_OK)
		copy_free(st); /* no COPY is open: the server refused it, or it was not sent */
	return rc;
}

/* v as n big-endian bytes after its length (a 4-byte field header). */
static int put_be(np_buf *b, uint64_t v, int n)
{
	unsigned char x[8];
	for (int i = 0; i < n; i++)
		x[i] = (unsigned char)(v >> (8 * (n - 1 - i)));
	return np_buf_add(b, (const char *)x, (size_t)n);
}

/* One field of the binary format: -1 for NULL, else its length and bytes
 * as the column's type takes them; -1 returned for a value the type
 * cannot take, 1 when out of memory. */
static int put_field(np_buf *b, long long type, const np_value *v)
{
	uint64_t bits;
	if (v->type == NP_VALUE_NULL)
		return put_be(b, UINT32_MAX, 4);
	if (type == OID_INT8 && v->type == NP_VALUE_INT)
		return put_be(b, 8, 4) || put_be(b, (uint64_t)v->i, 8);
	if (type == OID_FLOAT8 && (v->type == NP_VALUE_REAL || v->type == NP_VALUE_INT)) {
		double d = v->type == NP_VALUE_REAL ? v->d : (double)v->i;
		memcpy(&bits, &d, sizeof bits);
		return put_be(b, 8, 4) || put_be(b, bits, 8);
	}
	if ((type == OID_TEXT || type == OID_BYTEA) &&
	    (v->type == NP_VALUE_TEXT || v->type == NP_VALUE_BLOB) && v->n <= INT32_MAX)
		return put_be(b, v->n, 4) || np_buf_add(b, v->p, v->n);
	return -1;
}

static const char *const VALUE_NAMES[] = {"NULL", "integer", "real", "text", "blob"};

np_status pg_copy_in(np_store *base, const np_table_def *t, const np_value *row, np_error *err)
{
	pg_store *st = pg_of(base);
	np_status rc = copy_start(st, t, err);
	if (rc != NP_OK)
		return rc;
	np_buf *b = &st->copy->data;
	int bad = put_be(b, t->n_columns, 2);
	for (size_t c = 0; !bad && c < t->n_columns; c++)
		if ((bad = put_field(b, st->copy->types[c], &row[c])) < 0)
			return np_fail(err, NP_ESTORE, "%s: cannot copy a value of type %s into %s.%s",
			               st->name, VALUE_NAMES[row[c].type], t->name, t->columns[c]);
	return bad ? oom(st, err) : copy_send(st, 0, err);
}

np_status pg_copy_end(np_store *base, np_error *err)
{
	pg_store *st = pg_of(base);
	np_status rc = copy_finish(st, err);
	return rc == NP_OK ? pg_exec(st, SEQUENCES_SQL, err, "cannot set the sequences") : rc;
}
