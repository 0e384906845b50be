/*
 * template.c — the PostgreSQL store's part of template learning
 * (segment/template.h): how many pages of an outlet carried each line, by
 * key, in the SQLite store's two tables (store/sqlite/template.c says why
 * the lines seen once are one blob of keys a commit). A commit's counted
 * keys go in one statement, as arrays.
 */
#include "store/postgresql/pg_int.h"

#include <stdlib.h>

#include "util/error.h"

/* The statements of this file, prepared on first use (pg.c). */
const char *const PG_SQL_TEMPLATE[P_COUNT_] = {
	[P_TEMPLATE_SCAN] = "SELECT key, pages FROM templates",
	[P_SINGLES_SCAN] = "SELECT keys FROM template_singles",
	[P_TEMPLATE_PUT] = "INSERT INTO templates(key, pages)"
	                   " SELECT * FROM unnest($1::bigint[], $2::bigint[])"
	                   " ON CONFLICT (key) DO UPDATE SET pages = excluded.pages",
	[P_SINGLES_ADD] = "INSERT INTO template_singles(keys) VALUES ($1)",
	[P_TEMPLATE_FORGET] = "DELETE FROM templates WHERE pages <= 1",
	[P_SINGLES_FORGET] = "DELETE FROM template_singles",
};

/* Bytes of one key in a singles blob (little-endian, as in SQLite). */
#define KEY_BYTES 8

static np_status load_rows(pg_store *st, np_templates *t, np_error *err)
{
	PGresult *r = NULL;
	np_status rc = pg_query(st, P_TEMPLATE_SCAN, NULL, &r, err, "cannot read outlet templates");
	for (int i = 0; rc == NP_OK && i < PQntuples(r); i++)
		if (np_templates_set(t, (uint64_t)pg_int(r, i, 0), (uint32_t)pg_int(r, i, 1)))
			rc = np_fail(err, NP_ENOMEM, "out of memory loading outlet templates");
	PQclear(r);
	return rc;
}

/* After load_rows: the keys of each singles blob that templates has no
 * row for. */
static np_status load_singles(pg_store *st, np_templates *t, np_error *err)
{
	PGresult *r = NULL;
	np_status rc = pg_query(st, P_SINGLES_SCAN, NULL, &r, err, "cannot read outlet templates");
	for (int i = 0; rc == NP_OK && i < PQntuples(r); i++) {
		size_t bytes;
		const unsigned char *b = pg_bytes(r, i, 0, &bytes);
		for (size_t at = 0; rc == NP_OK && at + KEY_BYTES <= bytes; at += KEY_BYTES) {
			uint64_t key = store_get_le64(b + at);
			if (!np_templates_count(t, key) && np_templates_set(t, key, 1))
				rc = np_fail(err, NP_ENOMEM, "out of memory loading outlet templates");
		}
	}
	PQclear(r);
	return rc;
}

np_status pg_load_templates(np_store *base, np_templates *t, np_error *err)
{
	pg_store *st = pg_of(base);
	np_status rc = load_rows(st, t, err);
	return rc == NP_OK ? load_singles(st, t, err) : rc;
}

np_status pg_forget_template_singles(np_store *base, np_error *err)
{
	pg_store *st = pg_of(base);
	np_status rc = pg_run(st, P_TEMPLATE_FORGET, NULL, err, "cannot forget outlet templates");
	return rc == NP_OK ? pg_run(st, P_SINGLES_FORGET, NULL, err, "cannot forget outlet templates")
	                   : rc;
}

/* The keys counted on two pages or more with their counts, and the
 * singles as one blob. */
typedef struct split {
	int64_t *keys, *pages;
	size_t n;
	unsigned char *singles;
	size_t n_singles;
} split;

static int split_keys(split *s, const np_templates *t, const uint64_t *keys, size_t n)
{
	s->keys = malloc((n + 1) * sizeof *s->keys);
	s->pages = malloc((n + 1) * sizeof *s->pages);
	s->singles = malloc(n * KEY_BYTES + 1);
	if (!s->keys || !s->pages || !s->singles)
		return -1;
	for (size_t i = 0; i < n; i++) {
		uint32_t pages = np_templates_count(t, keys[i]);
		if (!pages || (i && keys[i] == keys[i - 1]))
			continue; /* forgotten (counted once, the table full), or saved */
		if (pages == 1) {
			store_put_le64(s->singles + KEY_BYTES * s->n_singles++, keys[i]);
			continue;
		}
		s->keys[s->n] = (int64_t)keys[i];
		s->pages[s->n++] = pages;
	}
	return 0;
}

np_status pg_save_templates(np_store *base, const np_templates *t, const uint64_t *keys, size_t n,
                            np_error *err)
{
	pg_store *st = pg_of(base);
	split s = {0};
	np_status rc = split_keys(&s, t, keys, n)
	                   ? np_fail(err, NP_ENOMEM, "out of memory saving outlet templates")
	                   : NP_OK;
	pg_params p = {0};
	if (rc == NP_OK && s.n) {
		pg_param_i64s(&p, s.keys, s.n);
		pg_param_i64s(&p, s.pages, s.n);
		rc = pg_run(st, P_TEMPLATE_PUT, &p, err, "cannot save outlet templates");
	}
	if (rc == NP_OK && s.n_singles) {
		pg_param_bytes(&p, s.singles, s.n_singles * KEY_BYTES, 0);
		rc = pg_run(st, P_SINGLES_ADD, &p, err, "cannot save outlet templates");
	}
	free(s.keys);
	free(s.pages);
	free(s.singles);
	return rc;
}
