/*
 * stories.c — the PostgreSQL store's stories and fingerprints: a story's
 * row and its fingerprint's row written in one statement (one round trip a
 * story), looked up by id or sid, scanned in one streamed pass to rebuild
 * the index, read back whole. Blobs are little-endian, as in SQLite
 * (store/pack.h).
 */
#include "store/postgresql/pg_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/strbuf.h"

/* The statements of this file, prepared on first use (pg.c). */
const char *const PG_SQL_STORIES[P_COUNT_] = {
	[P_FIND_ID] = "SELECT sid FROM stories WHERE id = $1",
	[P_ADD] = "WITH s AS (INSERT INTO stories(id, url, outlet, published, title, lang, body,"
	          " extra, cluster, status, match_sid, jaccard, containment, credits, rails)"
	          " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
	          " RETURNING sid)"
	          " INSERT INTO fingerprints(sid, minhash, simhash, content_hash, n_shingles, lead,"
	          " rails, n_rail_items, n_invalid)"
	          " SELECT sid, $16, $17, $18, $19, $20, $21, $22, $23 FROM s RETURNING sid",
	[P_ID_OF] = "SELECT s.id, f.simhash, f.lead FROM stories s JOIN fingerprints f USING (sid)"
	            " WHERE sid = $1",
	[P_SCAN] = "SELECT f.sid, s.cluster, f.n_shingles, f.content_hash, f.simhash, f.minhash,"
	           " s.published, f.lead FROM fingerprints f JOIN stories s USING (sid) ORDER BY f.sid",
	[P_COUNT] = "SELECT count(*) FROM stories",
	[P_CLUSTER_OF] = "SELECT cluster FROM stories WHERE id = $1",
	[P_GET_STORY] = "SELECT sid, id, url, outlet, published, title, lang, body, extra,"
	                " credits, rails FROM stories WHERE id = $1",
};

/* The first column of the first row of a statement taking one id. */
static np_status int_of_id(pg_store *st, int which, const char *id, int64_t *out, np_error *err,
                           const char *what)
{
	pg_params p = {0};
	pg_param_text(&p, id);
	return pg_single_int(st, which, &p, out, err, what);
}

np_status pg_find_id(np_store *base, const char *id, int64_t *sid, np_error *err)
{
	return int_of_id(pg_of(base), P_FIND_ID, id, sid, err, "cannot look up an id");
}

np_status pg_cluster_of(np_store *base, const char *id, int64_t *cluster, np_error *err)
{
	return int_of_id(pg_of(base), P_CLUSTER_OF, id, cluster, err,
	                 "cannot look up a story's cluster");
}

np_status pg_count_stories(np_store *base, int64_t *out, np_error *err)
{
	return pg_single_int(pg_of(base), P_COUNT, NULL, out, err, "cannot read the store");
}

/* Decodes a signature column of k values into sig; 0, or -1 (damaged). */
static int get_sig(const PGresult *r, int row, int col, unsigned k, uint32_t *sig)
{
	size_t n;
	const unsigned char *b = pg_bytes(r, row, col, &n);
	return store_get_sig(b, n, k, sig);
}

static np_status damaged(pg_store *st, np_error *err, int64_t sid)
{
	return np_fail(err, NP_ESTORE, "%s: story row %lld has a damaged fingerprint", st->name,
	               (long long)sid);
}

np_status pg_id_of(np_store *base, int64_t sid, np_stored_ref *out, np_error *err)
{
	pg_store *st = pg_of(base);
	PGresult *r = NULL;
	out->id = NULL;
	np_status rc = pg_query_int(st, P_ID_OF, sid, &r, err, "cannot look up a story row");
	if (rc == NP_OK && PQntuples(r) == 0)
		rc = np_fail(err, NP_ENOTFOUND, "%s: no story row %lld", st->name, (long long)sid);
	if (rc == NP_OK) {
		out->id = pg_text_dup(r, 0, 0);
		out->simhash = (uint64_t)pg_int(r, 0, 1);
		if (get_sig(r, 0, 2, out->lead_k, out->lead))
			rc = damaged(st, err, sid);
		else if (!out->id)
			rc = np_fail(err, NP_ENOMEM, "out of memory");
	}
	PQclear(r);
	return rc;
}

/* What a scan hands each row to. */
typedef struct scan_ctx {
	pg_store *st;
	unsigned k, lead_k;
	uint32_t *sig, *lead;
	np_stored_fp_fn fn;
	void *ctx;
	int64_t damaged; /* the sid of a damaged row, which stopped the scan */
} scan_ctx;

static int scan_row(const PGresult *r, void *arg)
{
	scan_ctx *c = arg;
	size_t n;
	const unsigned char *ch = pg_bytes(r, 0, 3, &n);
	if (!ch || n != 16 || get_sig(r, 0, 5, c->k, c->sig) || get_sig(r, 0, 7, c->lead_k, c->lead)) {
		c->damaged = pg_int(r, 0, 0);
		return 1;
	}
	np_stored_fp f = {
		.sid = pg_int(r, 0, 0),
		.cluster = pg_int(r, 0, 1),
		.n_shingles = (uint32_t)pg_int(r, 0, 2),
		.content_hash = {store_get_le64(ch), store_get_le64(ch + 8)},
		.simhash = (uint64_t)pg_int(r, 0, 4),
		.minhash = c->sig,
		.lead = c->lead,
		.published = pg_text(r, 0, 6),
	};
	return c->fn(c->ctx, &f);
}

np_status pg_scan(np_store *base, unsigned k, unsigned lead_k, np_stored_fp_fn fn, void *ctx,
                  np_error *err)
{
	pg_store *st = pg_of(base);
	scan_ctx c = {.st = st, .k = k, .lead_k = lead_k, .fn = fn, .ctx = ctx};
	if (!(c.sig = malloc((k + lead_k + 1) * sizeof *c.sig)))
		return np_fail(err, NP_ENOMEM, "out of memory reading fingerprints");
	c.lead = c.sig + k;
	int stopped = 0;
	np_status rc = pg_stream(st, P_SCAN, NULL, scan_row, &c, &stopped, err,
	                         "cannot read fingerprints");
	free(c.sig);
	if (rc != NP_OK || !stopped)
		return rc;
	return c.damaged ? damaged(st, err, c.damaged)
	                 : np_fail(err, NP_ENOMEM, "out of memory rebuilding the index");
}

/* The story's row's parameters ($1 .. $15). */
static np_status story_params(pg_params *p, const np_story *s, const np_decision *d,
                              int64_t match_sid, np_error *err)
{
	int oom_credits = 0, oom_rails = 0;
	char *body = np_store_join_body(s);
	char *credits = store_pack_credits(s->credits, s->n_credits, &oom_credits);
	char *rails = store_pack_rails(s->rails, s->n_rails, &oom_rails);
	pg_param_text(p, s->id);
	pg_param_text(p, s->url);
	pg_param_text(p, s->outlet);
	pg_param_text(p, s->published);
	pg_param_text(p, s->title);
	pg_param_text(p, s->lang);
	pg_param_text(p, body);
	p->owned[p->n - 1] = body;
	pg_param_text(p, s->extra_json);
	pg_param_int(p, d->cluster);
	pg_param_text(p, np_decision_status_name(d->status));
	if (match_sid)
		pg_param_int(p, match_sid);
	else
		pg_param_text(p, NULL);
	pg_param_double(p, d->jaccard);
	pg_param_double(p, d->containment);
	pg_param_text(p, credits);
	p->owned[p->n - 1] = credits;
	pg_param_text(p, rails);
	p->owned[p->n - 1] = rails;
	if (!body || oom_credits || oom_rails)
		return np_fail(err, NP_ENOMEM, "out of memory storing %s", s->id);
	return NP_OK;
}

/* The fingerprint's row's parameters ($16 .. $23). */
static void fingerprint_params(pg_params *p, const np_fingerprint *fp, unsigned char *ch)
{
	store_put_le64(ch, fp->content_hash[0]);
	store_put_le64(ch + 8, fp->content_hash[1]);
	pg_param_bytes(p, store_encode_u32(fp->minhash, fp->k), (size_t)fp->k * 4, 1);
	pg_param_int(p, (int64_t)fp->simhash);
	pg_param_bytes(p, ch, 16, 0);
	pg_param_int(p, fp->n_shingles);
	pg_param_bytes(p, store_encode_u32(fp->lead, fp->lead_k), (size_t)fp->lead_k * 4, 1);
	pg_param_bytes(p, store_encode_u32(fp->rails, fp->rails_k), (size_t)fp->rails_k * 4, 1);
	pg_param_int(p, fp->n_rail_items);
	pg_param_int(p, fp->n_invalid);
}

np_status pg_add(np_store *base, const np_story *s, const np_fingerprint *fp, const np_decision *d,
                 int64_t match_sid, int64_t *sid, np_error *err)
{
	pg_store *st = pg_of(base);
	pg_params p = {0};
	unsigned char ch[16];
	*sid = 0;
	np_status rc = story_params(&p, s, d, match_sid, err);
	if (rc != NP_OK) {
		pg_params_free(&p);
		return rc;
	}
	fingerprint_params(&p, fp, ch);
	rc = pg_single_int(st, P_ADD, &p, sid, err, "cannot store a story");
	return rc == NP_OK && !*sid ? np_fail(err, NP_ESTORE, "%s: cannot store a story", st->name)
	                            : rc;
}

static np_status read_story_row(const PGresult *r, np_story *s, np_error *err)
{
	s->id = pg_text_dup(r, 0, 1);
	s->url = pg_text_dup(r, 0, 2);
	s->outlet = pg_text_dup(r, 0, 3);
	s->published = pg_text_dup(r, 0, 4);
	s->title = pg_text_dup(r, 0, 5);
	s->lang = pg_text_dup(r, 0, 6);
	s->extra_json = pg_text_dup(r, 0, 8);
	if (store_split_body(&s->body, pg_text(r, 0, 7)) ||
	    store_unpack_credits(pg_text(r, 0, 9), &s->credits, &s->n_credits) ||
	    store_unpack_rails(pg_text(r, 0, 10), &s->rails, &s->n_rails))
		return np_fail(err, NP_ENOMEM, "out of memory reading a story");
	return NP_OK;
}

np_status pg_get_story(np_store *base, const char *id, np_story **out, np_error *err)
{
	pg_store *st = pg_of(base);
	*out = NULL;
	np_story *s = np_story_new();
	if (!s)
		return np_fail(err, NP_ENOMEM, "out of memory reading a story");
	pg_params p = {0};
	pg_param_text(&p, id);
	PGresult *r = NULL;
	np_status rc = pg_query(st, P_GET_STORY, &p, &r, err, "cannot read a story");
	if (rc == NP_OK && PQntuples(r) == 0)
		rc = np_fail(err, NP_ENOTFOUND, "%s: no story with id '%s'", st->name, id);
	if (rc == NP_OK)
		rc = read_story_row(r, s, err);
	PQclear(r);
	if (rc != NP_OK) {
		np_story_free(s);
		return rc;
	}
	*out = s;
	return NP_OK;
}
