/*
 * passage.c — the PostgreSQL store's part of the passage tier: the inverted
 * index of winnowed fingerprints, stored texts for alignment, and
 * derivation links (the word counts: words.c; word keys: keys.c).
 *
 * A transaction's postings are held (store/postings.h) and written in key
 * order, as arrays in one statement, just before it commits: written as
 * they come, each story's would cost a round trip and touch leaf pages of
 * the index in random order. A story's lookups take all its fingerprints
 * in one statement, and add the held holders to the stored ones.
 */
#include "store/postgresql/pg_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/strbuf.h"

/* The statements of this file, prepared on first use (pg.c). */
const char *const PG_SQL_PASSAGE[P_COUNT_] = {
	[P_PASSAGE_ADD] = "INSERT INTO passages(hash, sid)"
	                  " SELECT * FROM unnest($1::bigint[], $2::bigint[]) ON CONFLICT DO NOTHING",
	/* each fingerprint's first $2 holders (by position in the array: a
	 * fingerprint given twice is answered twice) */
	[P_PASSAGE_FIND] = "SELECT q.i, p.sid FROM unnest($1::bigint[]) WITH ORDINALITY AS q(h, i)"
	                   " CROSS JOIN LATERAL (SELECT sid FROM passages WHERE hash = q.h"
	                   " ORDER BY sid LIMIT $2) p ORDER BY q.i, p.sid",
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

/* Postings written in one statement at the most: a commit of 5,000
 * stories holds about a million (two 8-byte arrays of a million are 24 MB
 * in the binary array format). */
#define POSTINGS_PER_STATEMENT 100000

np_status pg_add_passages(np_store *base, int64_t sid, const uint64_t *h, size_t n, np_error *err)
{
	pg_store *st = pg_of(base);
	for (size_t i = 0; i < n; i++)
		if (np_postings_add(&st->postings, passage_key(h[i]), sid))
			return np_fail(err, NP_ENOMEM, "out of memory holding passage postings");
	return NP_OK;
}

/* Writes v[0..n) as one statement. */
static np_status write_postings(pg_store *st, const np_posting *v, size_t n, np_error *err)
{
	int64_t *keys = malloc(2 * n * sizeof *keys), *sids = keys + n;
	if (!keys)
		return np_fail(err, NP_ENOMEM, "out of memory storing passage fingerprints");
	for (size_t i = 0; i < n; i++) {
		keys[i] = v[i].key;
		sids[i] = v[i].sid;
	}
	pg_params p = {0};
	pg_param_i64s(&p, keys, n);
	pg_param_i64s(&p, sids, n);
	free(keys);
	return pg_run(st, P_PASSAGE_ADD, &p, err, "cannot store passage fingerprints");
}

np_status pg_postings_write(pg_store *st, np_error *err)
{
	const np_posting *v;
	size_t n = np_postings_sorted(st->postings, &v);
	np_status rc = NP_OK;
	for (size_t at = 0; rc == NP_OK && at < n; at += POSTINGS_PER_STATEMENT)
		rc = write_postings(st, v + at, n - at < POSTINGS_PER_STATEMENT
		                                        ? n - at : POSTINGS_PER_STATEMENT, err);
	np_postings_clear(st->postings);
	return rc;
}

void pg_postings_drop(pg_store *st)
{
	np_postings_free(st->postings);
	st->postings = NULL;
}

/* Room for more sids in *sids. */
static int make_room(int64_t **sids, size_t n, size_t *room, size_t more)
{
	if (n + more <= *room)
		return 0;
	size_t want = n + more > NP_GROW(*room) ? n + more : NP_GROW(*room);
	int64_t *v = realloc(*sids, want * sizeof *v);
	if (!v)
		return -1;
	*sids = v;
	*room = want;
	return 0;
}

/* Appends the holders of each fingerprint of h: the stored ones in r (rows:
 * position from 1, sid; at most cap + 1 a fingerprint), then the held ones;
 * leaving out fingerprints more than cap stories hold. */
static int append_holders(const pg_store *st, const PGresult *r, const uint64_t *h, size_t n_h,
                          unsigned cap, int64_t **sids, size_t *n, size_t *room)
{
	int rows = PQntuples(r), row = 0;
	for (size_t i = 0; i < n_h; i++) {
		if (make_room(sids, *n, room, (size_t)cap + 1))
			return -1;
		size_t before = *n;
		for (; row < rows && pg_int(r, row, 0) == (int64_t)i + 1; row++)
			if (*n - before <= cap)
				(*sids)[(*n)++] = pg_int(r, row, 1);
		if (*n - before <= cap)
			*n += np_postings_find(st->postings, passage_key(h[i]), *sids + *n,
			                       cap + 1 - (*n - before));
		if (*n - before > cap)
			*n = before;
	}
	return 0;
}

np_status pg_find_passages(np_store *base, const uint64_t *h, size_t n, unsigned cap,
                           int64_t **sids, size_t *n_sids, size_t *room, np_error *err)
{
	pg_store *st = pg_of(base);
	int64_t *keys = malloc((n + 1) * sizeof *keys);
	if (!keys)
		return np_fail(err, NP_ENOMEM, "out of memory finding passages");
	for (size_t i = 0; i < n; i++)
		keys[i] = passage_key(h[i]);
	keys[n] = 0; /* one past the end: set, so that no read of the array meets garbage */
	pg_params p = {0};
	pg_param_i64s(&p, keys, n);
	free(keys);
	pg_param_int(&p, (int64_t)cap + 1);
	PGresult *r = NULL;
	np_status rc = pg_query(st, P_PASSAGE_FIND, &p, &r, err, "cannot read passage fingerprints");
	if (rc == NP_OK && append_holders(st, r, h, n, cap, sids, n_sids, room))
		rc = np_fail(err, NP_ENOMEM, "out of memory finding passages");
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
