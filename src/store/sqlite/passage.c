/*
 * passage.c — the SQLite store's part of the passage tier: the inverted index
 * of winnowed fingerprints, stored bodies for alignment, and derivation links.
 */
#include "store/sqlite/sqlite_int.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/presence.h"
#include "util/strbuf.h"

/* The statements of this file, prepared when the store opens (sqlite.c). */
const char *const SQ_SQL_PASSAGE[Q_COUNT_] = {
	[Q_PASSAGE_FIND] = "SELECT sid FROM passages WHERE hash = ?1 LIMIT ?2",
	[Q_PASSAGE_KEYS] = "SELECT hash FROM passages",
	[Q_WORD_KEYS_ADD] = "INSERT OR REPLACE INTO word_keys(sid, keys) VALUES (?1, ?2)",
	[Q_WORD_KEYS_OF] = "SELECT keys FROM word_keys WHERE sid = ?1",
	[Q_BODY_OF] = "SELECT body FROM stories WHERE sid = ?1",
	[Q_TEXT_OF] = "SELECT s.body, s.outlet, s.url, m.outlet, m.url FROM stories s"
	              " LEFT JOIN stories m ON m.sid = s.match_sid WHERE s.sid = ?1",
	[Q_DERIV_ADD] = "INSERT OR REPLACE INTO derivations(sid, source_sid, class, share,"
	                " source_share, passages, words, joined, overlap)"
	                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[Q_DERIV_JOINED] = "SELECT class, source_sid FROM derivations WHERE sid = ?1 AND joined = 1",
	[Q_DERIV_OF] = "SELECT d.source_sid, s.id, s.outlet, d.class, d.share, d.passages, d.words"
	               " FROM derivations d JOIN stories s ON s.sid = d.source_sid WHERE d.sid = ?1"
	               " ORDER BY d.share DESC, d.source_sid",
};

/* A passage fingerprint is stored as its top 32 bits: 4-byte keys keep the
 * inverted index smaller (an 8-byte key is a 9-byte varint), and a false
 * hit among 10^8 postings costs only an alignment that finds nothing. */
static sqlite3_int64 passage_key(uint64_t h)
{
	return (sqlite3_int64)(h >> 32);
}

/* ------------------------------------------------------------------ */
/* The presence set: which keys may have postings (presence.h)         */
/* ------------------------------------------------------------------ */

/* Fills p (2^log2 bits) with the keys of the stored and the held
 * postings; *full when they filled it before the end. */
static np_status presence_fill(sq_store *st, np_presence *p, int *full, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_PASSAGE_KEYS];
	int rc;
	*full = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && !(*full = np_presence_full(p)))
		np_presence_add(p, (uint32_t)sqlite3_column_int64(q, 0));
	sqlite3_reset(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(st, err, "cannot read passage fingerprints");
	np_postings_mark(st->postings, p);
	*full = *full || np_presence_full(p);
	return NP_OK;
}

/* A presence set of at least 2^log2 bits for every posting, in place of
 * st->presence; larger sets are tried while one comes out full. */
static np_status presence_build(sq_store *st, unsigned log2, np_error *err)
{
	np_presence *p = calloc(1, sizeof *p);
	if (!p)
		return np_fail(err, NP_ENOMEM, "out of memory indexing passages");
	int full = 1;
	np_status rc = NP_OK;
	for (; rc == NP_OK && full; log2 += NP_PRESENCE_GROWTH_LOG2) {
		np_presence_free(p);
		if (np_presence_init(p, log2)) {
			rc = np_fail(err, NP_ENOMEM, "out of memory indexing passages");
			break;
		}
		rc = presence_fill(st, p, &full, err);
	}
	if (rc != NP_OK) {
		np_presence_free(p);
		free(p);
		return rc;
	}
	store_presence_drop(st);
	st->presence = p;
	return NP_OK;
}

void store_presence_drop(sq_store *st)
{
	if (st->presence)
		np_presence_free(st->presence);
	free(st->presence);
	st->presence = NULL;
}

/* Held until the transaction commits (postings.c); the presence set,
 * once made, learns each key, and is made anew larger when full. */
np_status sq_add_passages(np_store *base, int64_t sid, const uint64_t *h, size_t n, np_error *err)
{
	sq_store *st = sq_of(base);
	np_status rc = NP_OK;
	for (size_t i = 0; rc == NP_OK && i < n; i++) {
		if (np_postings_add(&st->postings, passage_key(h[i]), sid))
			rc = np_fail(err, NP_ENOMEM, "out of memory holding passage postings");
		if (st->presence)
			np_presence_add(st->presence, (uint32_t)passage_key(h[i]));
	}
	if (rc == NP_OK && st->presence && np_presence_full(st->presence))
		rc = presence_build(st, st->presence->log2_bits + NP_PRESENCE_GROWTH_LOG2, err);
	return rc;
}

static int push_sid(int64_t **v, size_t *n, size_t *cap, int64_t sid)
{
	if (*n == *cap) {
		size_t c = NP_GROW(*cap);
		int64_t *p = realloc(*v, c * sizeof *p);
		if (!p)
			return -1;
		*v = p;
		*cap = c;
	}
	(*v)[(*n)++] = sid;
	return 0;
}

/* Up to max holders of one fingerprint among the postings the open
 * transaction holds, appended to *sids; -1 when out of memory. */
static int find_held(sq_store *st, int64_t key, size_t max, int64_t **sids, size_t *n,
                     size_t *room)
{
	if (*n + max > *room) {
		size_t want = *n + max > NP_GROW(*room) ? *n + max : NP_GROW(*room);
		int64_t *v = realloc(*sids, want * sizeof *v);
		if (!v)
			return -1;
		*sids = v;
		*room = want;
	}
	*n += np_postings_find(st->postings, key, *sids + *n, max);
	return 0;
}

/* The holders of one fingerprint, stored or held, appended from *n on;
 * dropped again (back to the old length) when there are more than cap of
 * them. */
static np_status find_one(sq_store *st, uint64_t h, unsigned cap, int64_t **sids, size_t *n,
                          size_t *room, np_error *err)
{
	if (!np_presence_maybe(st->presence, (uint32_t)passage_key(h)))
		return NP_OK; /* neither stored nor held */
	sqlite3_stmt *q = st->q[Q_PASSAGE_FIND];
	sqlite3_bind_int64(q, 1, passage_key(h));
	sqlite3_bind_int64(q, 2, (sqlite3_int64)cap + 1);
	size_t before = *n;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (push_sid(sids, n, room, sqlite3_column_int64(q, 0))) {
			sqlite3_reset(q);
			return np_fail(err, NP_ENOMEM, "out of memory finding passages");
		}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "cannot read passage fingerprints");
	if (*n - before <= cap &&
	    find_held(st, passage_key(h), cap + 1 - (*n - before), sids, n, room))
		return np_fail(err, NP_ENOMEM, "out of memory finding passages");
	if (*n - before > cap)
		*n = before;
	return NP_OK;
}

np_status sq_find_passages(np_store *base, const uint64_t *h, size_t n, unsigned cap,
                           int64_t **sids, size_t *n_sids, size_t *room, np_error *err)
{
	sq_store *st = sq_of(base);
	np_status rc = st->presence ? NP_OK : presence_build(st, NP_PRESENCE_MIN_LOG2, err);
	for (size_t i = 0; rc == NP_OK && i < n; i++)
		rc = find_one(st, h[i], cap, sids, n_sids, room, err);
	return rc;
}

np_status sq_add_word_keys(np_store *base, int64_t sid, const uint32_t *keys, size_t n,
                           np_error *err)
{
	sq_store *st = sq_of(base);
	sqlite3_stmt *q = st->q[Q_WORD_KEYS_ADD];
	unsigned char *b = store_encode_u32(keys, n);
	if (!q || !b) {
		free(b);
		return q ? np_fail(err, NP_ENOMEM, "out of memory storing word keys")
		         : np_fail(err, NP_ESTORE, "%s: the store was opened read-only", st->path);
	}
	sqlite3_bind_int64(q, 1, sid);
	sqlite3_bind_blob(q, 2, b, (int)(n * 4), free);
	return store_step(st, q, err, "cannot store word keys");
}

np_status sq_word_keys_of(np_store *base, int64_t sid, uint32_t **keys, size_t *n, int *found,
                          np_error *err)
{
	sq_store *st = sq_of(base);
	sqlite3_stmt *q = st->q[Q_WORD_KEYS_OF];
	*keys = NULL;
	*n = 0;
	*found = 0;
	if (!q)
		return NP_OK; /* a store made before word keys, opened read-only */
	sqlite3_bind_int64(q, 1, sid);
	int rc = sqlite3_step(q);
	int bad = rc == SQLITE_ROW ? store_decode_u32(q, 0, keys, n) : 0;
	*found = rc == SQLITE_ROW && bad == 0;
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, "cannot read word keys");
	if (bad == -2)
		return np_fail(err, NP_ENOMEM, "out of memory reading word keys");
	if (bad)
		return np_fail(err, NP_ESTORE, "%s: story row %lld has damaged word keys", st->path,
		               (long long)sid);
	return NP_OK;
}

/* Whether column col of q's row is there but its copy (got) was not made. */
static int copy_lost(sqlite3_stmt *q, int col, const char *got)
{
	return !got && sqlite3_column_type(q, col) != SQLITE_NULL;
}

/* Story row sid's body, and its outlet and URL (and those of the story it
 * was matched to) when publisher is set: a body alone is read without the
 * join (a resend's check reads only the body). */
static np_status read_text(sq_store *st, int64_t sid, int publisher, np_stored_text *out,
                           np_error *err)
{
	sqlite3_stmt *q = st->q[publisher ? Q_TEXT_OF : Q_BODY_OF];
	sqlite3_bind_int64(q, 1, sid);
	int rc = sqlite3_step(q);
	memset(out, 0, sizeof *out);
	int lost = 0; /* a column that is there but could not be copied */
	if (rc == SQLITE_ROW) {
		out->body = store_column_text(q, 0);
		out->outlet = publisher ? store_column_text(q, 1) : NULL;
		out->url = publisher ? store_column_text(q, 2) : NULL;
		out->match_outlet = publisher ? store_column_text(q, 3) : NULL;
		out->match_url = publisher ? store_column_text(q, 4) : NULL;
		lost = !out->body || (publisher && (copy_lost(q, 1, out->outlet) ||
		                                    copy_lost(q, 2, out->url) ||
		                                    copy_lost(q, 3, out->match_outlet) ||
		                                    copy_lost(q, 4, out->match_url)));
	}
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return np_fail(err, NP_ENOTFOUND, "%s: no story row %lld", st->path, (long long)sid);
	if (rc != SQLITE_ROW)
		return store_fail(st, err, "cannot read a story");
	if (lost) {
		np_stored_text_free(out);
		return np_fail(err, NP_ENOMEM, "out of memory reading a story");
	}
	return NP_OK;
}

np_status sq_text_of(np_store *base, int64_t sid, np_stored_text *out, np_error *err)
{
	sq_store *st = sq_of(base);
	return read_text(st, sid, 1, out, err);
}

np_status sq_body_of(np_store *base, int64_t sid, char **body, np_error *err)
{
	sq_store *st = sq_of(base);
	np_stored_text t;
	np_status rc = read_text(st, sid, 0, &t, err);
	*body = t.body;
	return rc;
}

np_status sq_add_derivation(np_store *base, const np_derivation_rec *d, np_error *err)
{
	sq_store *st = sq_of(base);
	sqlite3_stmt *q = st->q[Q_DERIV_ADD];
	sqlite3_bind_int64(q, 1, d->sid);
	sqlite3_bind_int64(q, 2, d->source_sid);
	store_bind_text(q, 3, d->cls);
	sqlite3_bind_double(q, 4, d->share);
	sqlite3_bind_double(q, 5, d->source_share);
	sqlite3_bind_int64(q, 6, d->passages);
	sqlite3_bind_int64(q, 7, d->words);
	sqlite3_bind_int(q, 8, d->joined);
	sqlite3_bind_double(q, 9, d->overlap);
	return store_step(st, q, err, "cannot store a derivation");
}

np_status sq_joined_partially(np_store *base, int64_t sid, int64_t *through, np_error *err)
{
	sq_store *st = sq_of(base);
	sqlite3_stmt *q = st->q[Q_DERIV_JOINED];
	sqlite3_bind_int64(q, 1, sid);
	int rc = sqlite3_step(q);
	int partial = rc == SQLITE_ROW &&
	              strcmp((const char *)sqlite3_column_text(q, 0), "partially") == 0;
	*through = partial ? sqlite3_column_int64(q, 1) : 0;
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? NP_OK
	                                             : store_fail(st, err, "cannot read a derivation");
}

/* The sources member m derives from (Q_DERIV_OF). */
np_status store_load_sources(sq_store *st, np_member *m, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_DERIV_OF];
	sqlite3_bind_int64(q, 1, m->sid);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (m->n_sources == cap) {
			cap = NP_GROW(cap);
			np_source *v = realloc(m->sources, cap * sizeof *v);
			if (!v) {
				sqlite3_reset(q);
				return np_fail(err, NP_ENOMEM, "out of memory reading derivations");
			}
			m->sources = v;
		}
		m->sources[m->n_sources++] = (np_source){
			.sid = sqlite3_column_int64(q, 0), .id = store_column_text(q, 1),
			.outlet = store_column_text(q, 2), .cls = store_column_text(q, 3),
			.share = sqlite3_column_double(q, 4),
			.passages = (uint32_t)sqlite3_column_int64(q, 5),
			.words = (uint32_t)sqlite3_column_int64(q, 6)};
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? NP_OK : store_fail(st, err, "cannot read derivations");
}
