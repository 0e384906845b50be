/*
 * stories.c — the SQLite store's stories and fingerprints: a story's row
 * (with its credits and rails as JSON: pack.c) and its fingerprint's row,
 * looked up by id or row, scanned to rebuild the index, read back whole.
 * Fingerprint blobs are little-endian whatever the machine.
 */
#include "store/sqlite/sqlite_int.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/strbuf.h"

/* The statements of this file, prepared when the store opens (sqlite.c). */
const char *const SQ_SQL_STORIES[Q_COUNT_] = {
	[Q_FIND_ID] = "SELECT sid FROM stories WHERE id = ?1",
	[Q_SCAN] = "SELECT f.sid, s.cluster, f.n_shingles, f.content_hash, f.simhash, f.minhash,"
	           " s.published, f.lead FROM fingerprints f JOIN stories s USING (sid) ORDER BY f.sid",
	[Q_ADD_STORY] = "INSERT INTO stories(id, url, outlet, published, title, lang, body, extra,"
	                " cluster, status, match_sid, jaccard, containment, credits, rails)"
	                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
	[Q_ADD_FP] = "INSERT INTO fingerprints(sid, minhash, simhash, content_hash, n_shingles,"
	             " lead, rails, n_rail_items, n_invalid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[Q_COUNT] = "SELECT count(*) FROM stories",
	[Q_GET_STORY] = "SELECT sid, id, url, outlet, published, title, lang, body, extra,"
	                " credits, rails FROM stories WHERE id = ?1",
	[Q_ID_OF] = "SELECT s.id, f.simhash, f.lead FROM stories s JOIN fingerprints f USING (sid)"
	            " WHERE sid = ?1",
};

np_status sq_find_id(np_store *base, const char *id, int64_t *sid, np_error *err)
{
	sq_store *st = sq_of(base);
	sqlite3_stmt *q = st->q[Q_FIND_ID];
	store_bind_text(q, 1, id);
	int rc = sqlite3_step(q);
	*sid = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? NP_OK : store_fail(st, err, "cannot look up an id");
}

np_status sq_id_of(np_store *base, int64_t sid, np_stored_ref *out, np_error *err)
{
	sq_store *st = sq_of(base);
	sqlite3_stmt *q = st->q[Q_ID_OF];
	sqlite3_bind_int64(q, 1, sid);
	int rc = sqlite3_step(q);
	out->id = rc == SQLITE_ROW ? store_column_text(q, 0) : NULL;
	out->simhash = rc == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(q, 1) : 0;
	int bad = rc == SQLITE_ROW && store_decode_minhash(q, 2, out->lead_k, out->lead);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW)
		return store_fail(st, err, "cannot look up a story row");
	if (bad)
		return np_fail(err, NP_ESTORE, "%s: story row %lld has a damaged fingerprint", st->path,
		               (long long)sid);
	return out->id ? NP_OK : np_fail(err, NP_ENOMEM, "out of memory");
}

/* Decodes a minhash blob of k values into sig; 0, or -1 when the size is wrong. */
int store_decode_minhash(sqlite3_stmt *q, int col, unsigned k, uint32_t *sig)
{
	return store_get_sig(sqlite3_column_blob(q, col), (size_t)sqlite3_column_bytes(q, col), k,
	                     sig);
}

np_status sq_scan(np_store *base, unsigned k, unsigned lead_k, np_stored_fp_fn fn, void *ctx,
                  np_error *err)
{
	sq_store *st = sq_of(base);
	uint32_t *sig = malloc((k + lead_k) * sizeof *sig), *lead = sig + k;
	if (!sig)
		return np_fail(err, NP_ENOMEM, "out of memory reading fingerprints");
	sqlite3_stmt *q = st->q[Q_SCAN];
	np_status status = NP_OK;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const unsigned char *ch = sqlite3_column_blob(q, 3);
		if (!ch || sqlite3_column_bytes(q, 3) != 16 || store_decode_minhash(q, 5, k, sig) ||
		    store_decode_minhash(q, 7, lead_k, lead)) {
			status = np_fail(err, NP_ESTORE, "%s: story row %lld has a damaged fingerprint",
			                 st->path, (long long)sqlite3_column_int64(q, 0));
			break;
		}
		np_stored_fp f = {
			.sid = sqlite3_column_int64(q, 0),
			.cluster = sqlite3_column_int64(q, 1),
			.n_shingles = (uint32_t)sqlite3_column_int64(q, 2),
			.content_hash = {store_get_le64(ch), store_get_le64(ch + 8)},
			.simhash = (uint64_t)sqlite3_column_int64(q, 4),
			.minhash = sig,
			.lead = lead,
			.published = (const char *)sqlite3_column_text(q, 6),
		};
		if (fn(ctx, &f)) {
			status = np_fail(err, NP_ENOMEM, "out of memory rebuilding the index");
			break;
		}
	}
	if (status == NP_OK && rc != SQLITE_DONE)
		status = store_fail(st, err, "cannot read fingerprints");
	sqlite3_reset(q);
	free(sig);
	return status;
}



/* Binds a malloc'd string (or NULL) that SQLite frees. */
static void bind_owned_text(sqlite3_stmt *q, int i, char *s)
{
	if (s)
		sqlite3_bind_text(q, i, s, -1, free);
	else
		sqlite3_bind_null(q, i);
}

static np_status add_story_row(sq_store *st, const np_story *s, const np_decision *d,
                               int64_t match_sid, int64_t *sid, np_error *err)
{
	int oom_credits = 0, oom_rails = 0;
	char *body = np_store_join_body(s);
	char *credits = store_pack_credits(s->credits, s->n_credits, &oom_credits);
	char *rails = store_pack_rails(s->rails, s->n_rails, &oom_rails);
	if (!body || oom_credits || oom_rails) {
		free(body);
		free(credits);
		free(rails);
		return np_fail(err, NP_ENOMEM, "out of memory storing %s", s->id);
	}
	sqlite3_stmt *q = st->q[Q_ADD_STORY];
	store_bind_text(q, 1, s->id);
	store_bind_text(q, 2, s->url);
	store_bind_text(q, 3, s->outlet);
	store_bind_text(q, 4, s->published);
	store_bind_text(q, 5, s->title);
	store_bind_text(q, 6, s->lang);
	bind_owned_text(q, 7, body);
	store_bind_text(q, 8, s->extra_json);
	sqlite3_bind_int64(q, 9, d->cluster);
	store_bind_text(q, 10, np_decision_status_name(d->status));
	if (match_sid)
		sqlite3_bind_int64(q, 11, match_sid);
	sqlite3_bind_double(q, 12, d->jaccard);
	sqlite3_bind_double(q, 13, d->containment);
	bind_owned_text(q, 14, credits);
	bind_owned_text(q, 15, rails);
	np_status rc = store_step(st, q, err, "cannot store a story");
	*sid = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_decode_u32(sqlite3_stmt *q, int col, uint32_t **out, size_t *n)
{
	return store_get_u32s(sqlite3_column_blob(q, col), (size_t)sqlite3_column_bytes(q, col), out,
	                      n);
}

static np_status add_fingerprint(sq_store *st, int64_t sid, const np_fingerprint *fp,
                                 np_error *err)
{
	unsigned char *mh = store_encode_u32(fp->minhash, fp->k);
	unsigned char *lead = store_encode_u32(fp->lead, fp->lead_k);
	unsigned char *rails = store_encode_u32(fp->rails, fp->rails_k);
	if (!mh || !lead || !rails) {
		free(mh);
		free(lead);
		free(rails);
		return np_fail(err, NP_ENOMEM, "out of memory storing a fingerprint");
	}
	unsigned char ch[16];
	store_put_le64(ch, fp->content_hash[0]);
	store_put_le64(ch + 8, fp->content_hash[1]);
	sqlite3_stmt *q = st->q[Q_ADD_FP];
	sqlite3_bind_int64(q, 1, sid);
	sqlite3_bind_blob(q, 2, mh, (int)fp->k * 4, free);
	sqlite3_bind_int64(q, 3, (sqlite3_int64)fp->simhash);
	sqlite3_bind_blob(q, 4, ch, sizeof ch, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 5, fp->n_shingles);
	sqlite3_bind_blob(q, 6, lead, (int)fp->lead_k * 4, free);
	sqlite3_bind_blob(q, 7, rails, (int)fp->rails_k * 4, free);
	sqlite3_bind_int64(q, 8, fp->n_rail_items);
	sqlite3_bind_int64(q, 9, fp->n_invalid);
	return store_step(st, q, err, "cannot store a fingerprint");
}

np_status sq_add(np_store *base, const np_story *s, const np_fingerprint *fp, const np_decision *d,
                 int64_t match_sid, int64_t *sid, np_error *err)
{
	sq_store *st = sq_of(base);
	np_status rc = add_story_row(st, s, d, match_sid, sid, err);
	if (rc == NP_OK)
		rc = add_fingerprint(st, *sid, fp, err);
	return rc;
}

np_status sq_count_stories(np_store *base, int64_t *out, np_error *err)
{
	sq_store *st = sq_of(base);
	return store_single_int(st, Q_COUNT, out, err);
}

static np_status read_story_row(sqlite3_stmt *q, np_story *s, int64_t *sid, np_error *err)
{
	*sid = sqlite3_column_int64(q, 0);
	s->id = store_column_text(q, 1);
	s->url = store_column_text(q, 2);
	s->outlet = store_column_text(q, 3);
	s->published = store_column_text(q, 4);
	s->title = store_column_text(q, 5);
	s->lang = store_column_text(q, 6);
	s->extra_json = store_column_text(q, 8);
	if (store_split_body(&s->body, (const char *)sqlite3_column_text(q, 7)) ||
	    store_unpack_credits((const char *)sqlite3_column_text(q, 9), &s->credits,
	                         &s->n_credits) ||
	    store_unpack_rails((const char *)sqlite3_column_text(q, 10), &s->rails, &s->n_rails))
		return np_fail(err, NP_ENOMEM, "out of memory reading a story");
	return NP_OK;
}

np_status sq_get_story(np_store *base, const char *id, np_story **out, np_error *err)
{
	sq_store *st = sq_of(base);
	*out = NULL;
	np_story *s = np_story_new();
	if (!s)
		return np_fail(err, NP_ENOMEM, "out of memory reading a story");
	sqlite3_stmt *q = st->q[Q_GET_STORY];
	store_bind_text(q, 1, id);
	int rc = sqlite3_step(q);
	int64_t sid = 0;
	np_status status = NP_OK;
	if (rc == SQLITE_ROW)
		status = read_story_row(q, s, &sid, err);
	else if (rc == SQLITE_DONE)
		status = np_fail(err, NP_ENOTFOUND, "%s: no story with id '%s'", st->path, id);
	else
		status = store_fail(st, err, "cannot read a story");
	sqlite3_reset(q);
	if (status != NP_OK) {
		np_story_free(s);
		return status;
	}
	*out = s;
	return NP_OK;
}
