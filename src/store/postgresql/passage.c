/*
 * passage.c — the PostgreSQL store's part of the passage tier: the inverted
 * index of winnowed fingerprints, each body's word keys, stored texts for
 * alignment, and derivation links (the word counts: words.c).
 *
 * A story's postings go to the server as one statement, the whole array in
 * one parameter: the SQLite store holds them in memory until commit to
 * write each B-tree page once, while here a round trip costs more than a
 * row. Lookups likewise take every fingerprint of a story in one
 * statement. Written at once, postings are seen by the lookups that follow
 * in the same transaction, and a rollback takes them back with the rest.
 */
#include "store/postgresql/pg_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/strbuf.h"

/* The statements of this file, prepared on first use (pg.c). */
const char *const PG_SQL_PASSAGE[P_COUNT_] = {
	[P_PASSAGE_ADD] = "INSERT INTO passages(hash, sid) SELECT DISTINCT unnest($1::bigint[]), $2::bigint"
	                  " ON CONFLICT DO NOTHING",
	/* each fingerprint's first $2 holders (by position in the array: a
	 * fingerprint given twice is answered twice) */
	[P_PASSAGE_FIND] = "SELECT q.i, p.sid FROM unnest($1::bigint[]) WITH ORDINALITY AS q(h, i)"
	                   " CROSS JOIN LATERAL (SELECT sid FROM passages WHERE hash = q.h"
	                   " ORDER BY sid LIMIT $2) p ORDER BY q.i, p.sid",
	[P_WORD_KEYS_ADD] = "INSERT INTO word_keys(sid, keys) VALUES ($1, $2)"
	                    " ON CONFLICT (sid) DO UPDATE SET keys = excluded.keys",
	[P_WORD_KEYS_OF] = "SELECT keys FROM word_keys WHERE sid = $1",
	[P_BODY_OF] = "SELECT body FROM stories WHERE sid = $1",
	[P_TEXT_OF] = "SELECT s.body, s.outlet, s.url, m.outlet, m.url FROM stories s"
	              " LEFT JOIN stories m ON m.sid = s.match_sid WHERE s.sid = $1",
	[P_DERIV_ADD] = "INSERT INTO derivations(sid, source_sid, class, share, source_share,"
	                " passages, words, joined, overlap) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
	                " ON CONFLICT (sid, source_sid) DO UPDATE SET class = excluded.class,"
	                " share = excluded.share, source_share = excluded.source_share,"
	                " passages = excluded.passages, words = excluded.words,"
	                " joined = excluded.joined, overlap = excluded.overlap",
	[P_DERIV_JOINED] = "SELECT class, source_sid FROM derivations WHERE sid = $1 AND joined = 1",
};

/* A passage fingerprint is stored as its top 32 bits, as in the SQLite
 * store (store/sqlite/passage.c says why): a false hit costs only an
 * alignment. */
static int64_t passage_key(uint64_t h)
{
	return (int64_t)(h >> 32);
}

/* Runs statement which with the passage keys of h (a bigint[]) and one
 * integer, rows in *r. */
static np_status with_keys(pg_store *st, int which, const uint64_t *h, size_t n, int64_t second,
                           PGresult **r, np_error *err, const char *what)
{
	int64_t *v = malloc((n + 1) * sizeof *v);
	if (!v)
		return np_fail(err, NP_ENOMEM, "%s: out of memory", st->name);
	for (size_t i = 0; i < n; i++)
		v[i] = passage_key(h[i]);
	pg_params p = {0};
	pg_param_i64s(&p, v, n);
	free(v);
	pg_param_int(&p, second);
	return pg_query(st, which, &p, r, err, what);
}

np_status pg_add_passages(np_store *base, int64_t sid, const uint64_t *h, size_t n, np_error *err)
{
	PGresult *r = NULL;
	np_status rc = with_keys(pg_of(base), P_PASSAGE_ADD, h, n, sid, &r, err,
	                         "cannot store passage fingerprints");
	PQclear(r);
	return rc;
}

/* Appends the holders of each fingerprint in r (rows: position, sid) to
 * *sids, leaving out fingerprints more than cap stories hold. */
static int append_holders(const PGresult *r, unsigned cap, int64_t **sids, size_t *n,
                          size_t *room)
{
	int rows = PQntuples(r);
	if (*n + (size_t)rows > *room) {
		size_t want = *n + (size_t)rows > NP_GROW(*room) ? *n + (size_t)rows : NP_GROW(*room);
		int64_t *v = realloc(*sids, want * sizeof *v);
		if (!v)
			return -1;
		*sids = v;
		*room = want;
	}
	for (int i = 0; i < rows;) {
		int end = i;
		while (end < rows && pg_int(r, end, 0) == pg_int(r, i, 0))
			end++;
		for (int j = i; end - i <= (int)cap && j < end; j++)
			(*sids)[(*n)++] = pg_int(r, j, 1);
		i = end;
	}
	return 0;
}

np_status pg_find_passages(np_store *base, const uint64_t *h, size_t n, unsigned cap,
                           int64_t **sids, size_t *n_sids, size_t *room, np_error *err)
{
	PGresult *r = NULL;
	np_status rc = with_keys(pg_of(base), P_PASSAGE_FIND, h, n, (int64_t)cap + 1, &r, err, "cannot read passage fingerprints");
	if (rc == NP_OK && append_holders(r, cap, sids, n_sids, room))
		rc = np_fail(err, NP_ENOMEM, "out of memory finding passages");
	PQclear(r);
	return rc;
}

np_status pg_add_word_keys(np_store *base, int64_t sid, const uint32_t *keys, size_t n,
                           np_error *err)
{
	pg_params p = {0};
	pg_param_int(&p, sid);
	pg_param_bytes(&p, store_encode_u32(keys, n), n * 4, 1);
	return pg_run(pg_of(base), P_WORD_KEYS_ADD, &p, err, "cannot store word keys");
}

np_status pg_word_keys_of(np_store *base, int64_t sid, uint32_t **keys, size_t *n, int *found,
                          np_error *err)
{
	pg_store *st = pg_of(base);
	*keys = NULL;
	*n = 0;
	*found = 0;
	PGresult *r = NULL;
	np_status rc = pg_query_int(st, P_WORD_KEYS_OF, sid, &r, err, "cannot read word keys");
	if (rc == NP_OK && PQntuples(r) > 0) {
		size_t bytes;
		const unsigned char *b = pg_bytes(r, 0, 0, &bytes);
		int bad = store_get_u32s(b, bytes, keys, n);
		*found = bad == 0;
		if (bad == -2)
			rc = np_fail(err, NP_ENOMEM, "out of memory reading word keys");
		else if (bad)
			rc = np_fail(err, NP_ESTORE, "%s: story row %lld has damaged word keys", st->name,
			             (long long)sid);
	}
	PQclear(r);
	return rc;
}

/* Story row sid's body, and its outlet and URL (and those of the story it
 * was matched to) when publisher is set. */
static np_status read_text(pg_store *st, int64_t sid, int publisher, np_stored_text *out,
                           np_error *err)
{
	memset(out, 0, sizeof *out);
	PGresult *r = NULL;
	np_status rc = pg_query_int(st, publisher ? P_TEXT_OF : P_BODY_OF, sid, &r, err,
	                        "cannot read a story");
	if (rc == NP_OK && PQntuples(r) == 0)
		rc = np_fail(err, NP_ENOTFOUND, "%s: no story row %lld", st->name, (long long)sid);
	if (rc == NP_OK) {
		out->body = pg_text_dup(r, 0, 0);
		char **more[] = {&out->outlet, &out->url, &out->match_outlet, &out->match_url};
		int lost = !out->body;
		for (int c = 0; publisher && c < 4; c++) {
			*more[c] = pg_text_dup(r, 0, c + 1);
			lost |= pg_copy_lost(r, 0, c + 1, *more[c]);
		}
		if (lost) {
			np_stored_text_free(out);
			rc = np_fail(err, NP_ENOMEM, "out of memory reading a story");
		}
	}
	PQclear(r);
	return rc;
}

np_status pg_text_of(np_store *base, int64_t sid, np_stored_text *out, np_error *err)
{
	return read_text(pg_of(base), sid, 1, out, err);
}

np_status pg_body_of(np_store *base, int64_t sid, char **body, np_error *err)
{
	np_stored_text t;
	np_status rc = read_text(pg_of(base), sid, 0, &t, err);
	*body = t.body;
	return rc;
}

np_status pg_add_derivation(np_store *base, const np_derivation_rec *d, np_error *err)
{
	pg_params p = {0};
	pg_param_int(&p, d->sid);
	pg_param_int(&p, d->source_sid);
	pg_param_text(&p, d->cls);
	pg_param_double(&p, d->share);
	pg_param_double(&p, d->source_share);
	pg_param_int(&p, d->passages);
	pg_param_int(&p, d->words);
	pg_param_int(&p, d->joined);
	pg_param_double(&p, d->overlap);
	return pg_run(pg_of(base), P_DERIV_ADD, &p, err, "cannot store a derivation");
}

np_status pg_joined_partially(np_store *base, int64_t sid, int64_t *through, np_error *err)
{
	PGresult *r = NULL;
	np_status rc = pg_query_int(pg_of(base), P_DERIV_JOINED, sid, &r, err, "cannot read a derivation");
	int partial = rc == NP_OK && PQntuples(r) > 0 && strcmp(pg_text(r, 0, 0), "partially") == 0;
	*through = partial ? pg_int(r, 0, 1) : 0;
	PQclear(r);
	return rc;
}
