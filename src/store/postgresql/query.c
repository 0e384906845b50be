/*
 * query.c — how the PostgreSQL backend talks to the server: statements
 * prepared on first use and run with their parameters in one round trip,
 * results read in binary (integers, doubles and byte strings as they are,
 * with no text to parse), long scans streamed a row at a time, and errors
 * as one line naming the store.
 */
#include "store/postgresql/pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/strbuf.h"

/* The type of a bigint[]'s elements in the binary array format (pg_type.h). */
#define INT8_OID 20

/* ------------------------------------------------------------------ */
/* Parameters                                                         */
/* ------------------------------------------------------------------ */

static void put_be32(unsigned char *b, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		b[i] = (unsigned char)(v >> (24 - 8 * i));
}

static void put_be64(unsigned char *b, uint64_t v)
{
	put_be32(b, (uint32_t)(v >> 32));
	put_be32(b + 4, (uint32_t)v);
}

static uint64_t get_be(const unsigned char *b, size_t n)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v << 8 | b[i];
	return v;
}

/* The next parameter's slot; parameters past the room set oom (a
 * statement of this backend never has that many). */
static int slot(pg_params *p)
{
	if (p->n >= PG_MAX_PARAMS) {
		p->oom = 1;
		return PG_MAX_PARAMS - 1;
	}
	int i = p->n++;
	p->v[i] = NULL;
	p->len[i] = 0;
	p->fmt[i] = 0;
	p->owned[i] = NULL;
	return i;
}

void pg_param_int(pg_params *p, int64_t v)
{
	int i = slot(p);
	snprintf(p->num[i], PG_NUM_BYTES, "%lld", (long long)v);
	p->v[i] = p->num[i];
}

void pg_param_double(pg_params *p, double v)
{
	int i = slot(p);
	uint64_t bits;
	memcpy(&bits, &v, sizeof bits);
	put_be64((unsigned char *)p->num[i], bits);
	p->v[i] = p->num[i];
	p->len[i] = 8;
	p->fmt[i] = 1;
}

void pg_param_text(pg_params *p, const char *s)
{
	p->v[slot(p)] = s;
}

void pg_param_bytes(pg_params *p, const void *b, size_t n, int owned)
{
	int i = slot(p);
	p->v[i] = b;
	p->len[i] = (int)n;
	p->fmt[i] = 1;
	p->owned[i] = owned ? (void *)b : NULL;
	if (!b)
		p->oom = 1;
}

/* The binary array format (array_send): dimensions, flags, element type,
 * then each dimension's size and lower bound, then each element's length
 * and value, all big-endian. */
void pg_param_i64s(pg_params *p, const int64_t *v, size_t n)
{
	size_t bytes = 12 + (n ? 8 : 0) + 12 * n;
	unsigned char *b = malloc(bytes), *e = b;
	if (b) {
		put_be32(e, n ? 1 : 0);
		put_be32(e + 4, 0);
		put_be32(e + 8, INT8_OID);
		e += 12;
		if (n) {
			put_be32(e, (uint32_t)n);
			put_be32(e + 4, 1);
			e += 8;
		}
		for (size_t i = 0; i < n; i++, e += 12) {
			put_be32(e, 8);
			put_be64(e + 4, (uint64_t)v[i]);
		}
	}
	pg_param_bytes(p, b, bytes, 1);
}

void pg_params_free(pg_params *p)
{
	for (int i = 0; p && i < p->n; i++)
		free(p->owned[i]);
	if (p)
		p->n = 0;
}

/* ------------------------------------------------------------------ */
/* Errors                                                             */
/* ------------------------------------------------------------------ */

np_status pg_fail(pg_store *st, np_error *err, const char *what, const PGresult *r)
{
	const char *msg = r ? PQresultErrorMessage(r) : "";
	if (!*msg)
		msg = PQerrorMessage(st->conn);
	if (!strncmp(msg, "ERROR:  ", 8)) /* the severity says nothing the status does not */
		msg += 8;
	int n = (int)strcspn(msg, "\n");
	return np_fail(err, NP_ESTORE, "%s: %s: %.*s", st->name, what, n,
	               n ? msg : "the server gave no reason");
}

/* ------------------------------------------------------------------ */
/* Running statements                                                 */
/* ------------------------------------------------------------------ */

/* The server-side name of statement which. */
static void statement_name(int which, char *name, size_t size)
{
	snprintf(name, size, "np_%d", which);
}

static np_status prepare(pg_store *st, int which, char *name, np_error *err, const char *what)
{
	if (st->prepared[which])
		return NP_OK;
	PGresult *r = PQprepare(st->conn, name, pg_statement_sql(which), 0, NULL);
	np_status rc = PQresultStatus(r) == PGRES_COMMAND_OK ? NP_OK : pg_fail(st, err, what, r);
	PQclear(r);
	st->prepared[which] = rc == NP_OK;
	return rc;
}

static int result_ok(const PGresult *r)
{
	ExecStatusType s = PQresultStatus(r);
	return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_SINGLE_TUPLE;
}

np_status pg_query(pg_store *st, int which, pg_params *p, PGresult **res, np_error *err,
                   const char *what)
{
	char name[16];
	statement_name(which, name, sizeof name);
	*res = NULL;
	np_status rc = p && p->oom ? np_fail(err, NP_ENOMEM, "%s: out of memory", st->name)
	                           : prepare(st, which, name, err, what);
	if (rc == NP_OK) {
		*res = PQexecPrepared(st->conn, name, p ? p->n : 0, p ? p->v : NULL, p ? p->len : NULL,
		                      p ? p->fmt : NULL, 1);
		if (!result_ok(*res)) {
			rc = pg_fail(st, err, what, *res);
			PQclear(*res);
			*res = NULL;
		}
	}
	pg_params_free(p);
	return rc;
}

np_status pg_query_int(pg_store *st, int which, int64_t v, PGresult **res, np_error *err,
                       const char *what)
{
	pg_params p = {0};
	pg_param_int(&p, v);
	return pg_query(st, which, &p, res, err, what);
}

np_status pg_run(pg_store *st, int which, pg_params *p, np_error *err, const char *what)
{
	PGresult *r = NULL;
	np_status rc = pg_query(st, which, p, &r, err, what);
	PQclear(r);
	return rc;
}

np_status pg_exec(pg_store *st, const char *sql, np_error *err, const char *what)
{
	PGresult *r = PQexec(st->conn, sql);
	np_status rc = result_ok(r) ? NP_OK : pg_fail(st, err, what, r);
	PQclear(r);
	return rc;
}

np_status pg_single_int(pg_store *st, int which, pg_params *p, int64_t *out, np_error *err,
                        const char *what)
{
	PGresult *r = NULL;
	np_status rc = pg_query(st, which, p, &r, err, what);
	*out = rc == NP_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0) ? pg_int(r, 0, 0) : 0;
	PQclear(r);
	return rc;
}

/* Reads what is left of a stream, keeping the first failure. */
static np_status drain(pg_store *st, np_status rc, np_error *err, const char *what)
{
	PGresult *r;
	while ((r = PQgetResult(st->conn))) {
		if (rc == NP_OK && !result_ok(r))
			rc = pg_fail(st, err, what, r);
		PQclear(r);
	}
	return rc;
}

np_status pg_stream(pg_store *st, int which, pg_params *p, pg_row_fn fn, void *ctx, int *stopped,
                    np_error *err, const char *what)
{
	char name[16];
	statement_name(which, name, sizeof name);
	*stopped = 0;
	np_status rc = prepare(st, which, name, err, what);
	if (rc == NP_OK &&
	    (!PQsendQueryPrepared(st->conn, name, p ? p->n : 0, p ? p->v : NULL, p ? p->len : NULL,
	                          p ? p->fmt : NULL, 1) ||
	     !PQsetSingleRowMode(st->conn)))
		rc = pg_fail(st, err, what, NULL);
	pg_params_free(p);
	PGresult *r;
	while (rc == NP_OK && !*stopped && (r = PQgetResult(st->conn))) {
		if (PQresultStatus(r) == PGRES_SINGLE_TUPLE)
			*stopped = fn(r, ctx) != 0;
		else if (!result_ok(r))
			rc = pg_fail(st, err, what, r);
		PQclear(r);
	}
	/* a stopped stream's rows still come: libpq cancels nothing by itself */
	return rc == NP_OK && !*stopped ? NP_OK : drain(st, rc, err, what);
}

/* ------------------------------------------------------------------ */
/* Reading binary results                                             */
/* ------------------------------------------------------------------ */

int64_t pg_int(const PGresult *r, int row, int col)
{
	const unsigned char *b = (const unsigned char *)PQgetvalue(r, row, col);
	size_t n = (size_t)PQgetlength(r, row, col);
	if (PQgetisnull(r, row, col) || n == 0 || n > 8)
		return 0;
	uint64_t v = get_be(b, n);
	if (n < 8 && (b[0] & 0x80)) /* a narrower signed integer: extend its sign */
		v |= ~(uint64_t)0 << (8 * n);
	return (int64_t)v;
}

double pg_double(const PGresult *r, int row, int col)
{
	const unsigned char *b = (const unsigned char *)PQgetvalue(r, row, col);
	int n = PQgetlength(r, row, col);
	if (PQgetisnull(r, row, col))
		return 0;
	if (n == 4) {
		uint32_t bits = (uint32_t)get_be(b, 4);
		float f;
		memcpy(&f, &bits, sizeof f);
		return f;
	}
	uint64_t bits = n == 8 ? get_be(b, 8) : 0;
	double d;
	memcpy(&d, &bits, sizeof d);
	return d;
}

/* (libpq ends every value with a zero byte, binary or not.) */
const char *pg_text(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

char *pg_text_dup(const PGresult *r, int row, int col)
{
	return np_strdup(pg_text(r, row, col));
}

const unsigned char *pg_bytes(const PGresult *r, int row, int col, size_t *n)
{
	*n = PQgetisnull(r, row, col) ? 0 : (size_t)PQgetlength(r, row, col);
	return PQgetisnull(r, row, col) ? NULL : (const unsigned char *)PQgetvalue(r, row, col);
}

int pg_copy_lost(const PGresult *r, int row, int col, const char *got)
{
	return !got && !PQgetisnull(r, row, col);
}
