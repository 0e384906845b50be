/*
 * db.c — np_db: a store with its in-memory index, and the per-story
 * pipeline behind np_ingest and np_check: sign, find candidates, verify,
 * cluster, store. The index (LSH tables and fingerprints) is a cache, built
 * from the store's fingerprints the first time a story is checked.
 */
#include <stdlib.h>
#include <string.h>

#include "attribute.h"
#include "cluster.h"
#include "content.h"
#include "db.h"
#include "derive.h"
#include "error.h"
#include "apart.h"
#include "index.h"
#include "lsh.h"
#include "match.h"
#include "minhash.h"
#include "params.h"
#include "radix.h"
#include "sign.h"
#include "simhash.h"
#include "store.h"
#include "strbuf.h"
#include "template.h"

/* A story stored since the last commit, and the cluster it joined. */
typedef struct fresh_story {
	int64_t cluster, sid;
} fresh_story;

/* A cluster of more than NP_ATTRIBUTE_PANEL members as its stored flags
 * were last made: each member's credits_origin names this origin (and
 * outside origin), so that members joining it need only their own. */
typedef struct large_cluster {
	int64_t id, origin_sid;
	char external[sizeof ((np_cluster_rec *)0)->external];
} large_cluster;

struct np_db {
	np_store *st;
	np_params p;
	int readonly;
	int loaded;        /* index built from the store */
	np_index index;
	np_clusters clusters;
	int in_txn;
	unsigned pending;  /* stories written in the open transaction */
	fresh_story *fresh; /* stories whose clusters' attribution is out of date */
	size_t n_fresh, cap_fresh;
	large_cluster *large; /* large clusters whose stored flags are known current */
	size_t n_large, cap_large;
	np_match *matches; /* scratch for verified matches */
	size_t cap_matches;
	np_derive derive;  /* the passage tier's scratch and last links */
	np_templates *templates; /* outlets' repeated lines, learnt from stored pages */
	np_apart apart;          /* why a match is kept apart, for the story decided */
	np_content content;      /* stored stories by exact content hash */
	int64_t identical_sid;   /* the stored story the content table decided, or 0 */
};

/* The passage tier's part in one story's decision. */
typedef struct story_passages {
	np_ptext text;
	uint64_t *fps;     /* winnowed fingerprints, sorted */
	size_t n_fps;
	int searched;      /* the tier ran: fps are stored with the story */
	long join;         /* the link (in db->derive) whose cluster it joins, or -1 */
} story_passages;

static void story_passages_free(story_passages *sp)
{
	np_ptext_free(&sp->text);
	free(sp->fps);
}

const char *np_decision_status_name(np_decision_status s)
{
	static const char *const names[] = {"new", "duplicate", "near-duplicate", "skipped"};
	return (unsigned)s < 4 ? names[s] : "unknown";
}

void np_decision_clear(np_decision *d)
{
	free(d->match_id);
	free(d->reason);
	free(d->distinct_id);
	free(d->distinct_reason);
	memset(d, 0, sizeof *d);
}

const np_params *np_db_params(const np_db *db)
{
	return &db->p;
}

/* ------------------------------------------------------------------ */
/* Opening: parameters                                                 */
/* ------------------------------------------------------------------ */

/* The page cache of a store with the passage tier, whose lookups and
 * inserts land anywhere in the postings B-tree (264 MB at 100,000
 * generated stories, 534 MB at 200,000: SQLite's dbstat): with 256 MB the
 * ingest's system time, pages read from the OS again, went from 16.2-18.4 s
 * to 6.4-9.3 s at 100,000 stories and from 49-51 s to 31-33 s at 200,000,
 * where the table is twice the cache (benchmarks/README.md). Without the
 * tier the store's own 64 MB (store.c) holds what is read again. The cache
 * grows only as pages are read: a small store never takes it. */
#define PASSAGE_CACHE_BYTES (256ull << 20)

/* Settles db->p: the caller's values where given (non-zero), else the
 * store's, else the defaults; a store never takes fingerprints of another
 * shape than its own. */
static np_status settle_params(np_db *db, const np_params *given, const char *path,
                               np_error *err)
{
	np_params stored;
	np_params_default(&stored);
	int found = 0;
	np_status rc = np_store_get_params(db->st, &stored, &found, err);
	if (rc != NP_OK)
		return rc;
	db->p = stored;
	if (given) {
		db->p = *given;
		np_params_fill(&db->p, &stored);
	}
	char have[64], want[64];
	const char *key = found ? np_params_shape_mismatch(&stored, &db->p, have, want, sizeof have)
	                        : NULL;
	if (key)
		return np_fail(err, NP_ESTORE,
		               "%s was made with %s = %s, not %s: leave the option out or use a new store",
		               path, key, have, want);
	rc = np_params_validate(&db->p, err);
	if (rc == NP_OK && db->p.bands == 0)
		np_lsh_choose(np_match_floor(&db->p), db->p.minhash_k, &db->p.bands, &db->p.rows);
	if (rc == NP_OK && !found && !db->readonly)
		rc = np_store_put_params(db->st, &db->p, err); /* with the bands chosen */
	if (rc == NP_OK && db->p.passages && !db->readonly)
		rc = np_store_set_cache(db->st, PASSAGE_CACHE_BYTES, err);
	return rc;
}

np_status np_db_open(np_db **out, const char *path, np_open_mode mode, const np_params *params,
                     np_error *err)
{
	*out = NULL;
	np_db *db = calloc(1, sizeof *db);
	if (!db)
		return np_fail(err, NP_ENOMEM, "out of memory opening %s", path);
	db->readonly = mode == NP_OPEN_READONLY;
	np_status rc = np_store_open(&db->st, path, mode, err);
	if (rc == NP_OK)
		rc = settle_params(db, params, path, err);
	if (rc != NP_OK) {
		np_store_close(db->st);
		free(db);
		return rc;
	}
	*out = db;
	return NP_OK;
}

/* ------------------------------------------------------------------ */
/* The in-memory index                                                 */
/* ------------------------------------------------------------------ */

static int index_add(np_db *db, const np_stored_fp *f)
{
	np_content_entry e = {.hash = {f->content_hash[0], f->content_hash[1]}, .sid = f->sid,
	                      .cluster = f->cluster, .minute = np_index_minute(f->published)};
	if (np_content_add(&db->content, &e))
		return -1;
	if (f->n_shingles < db->p.min_shingles)
		return 0; /* too short to match anything: never a candidate */
	np_index_story s = {.sid = f->sid, .cluster = f->cluster, .n_shingles = f->n_shingles,
	                    .content = f->content_hash, .minhash = f->minhash, .lead = f->lead,
	                    .minute = np_index_minute(f->published)};
	return np_index_add(&db->index, &s);
}

static int index_scan_row(void *ctx, const np_stored_fp *f)
{
	return index_add(ctx, f);
}

static np_status load_templates(np_db *db, np_error *err)
{
	if (db->templates)
		return NP_OK;
	if (!(db->templates = np_templates_new()))
		return np_fail(err, NP_ENOMEM, "out of memory loading outlet templates");
	return np_store_load_templates(db->st, db->templates, err);
}

static np_status load_index(np_db *db, np_error *err)
{
	if (db->loaded)
		return NP_OK;
	int64_t max_cluster = 0;
	if (np_index_init(&db->index, &db->p))
		return np_fail(err, NP_ENOMEM, "out of memory building the index");
	np_status rc = np_store_max_cluster(db->st, &max_cluster, err);
	if (rc == NP_OK && np_clusters_init(&db->clusters, max_cluster))
		rc = np_fail(err, NP_ENOMEM, "out of memory building the index");
	if (rc == NP_OK)
		rc = np_store_scan(db->st, db->p.minhash_k, db->p.lead_k, index_scan_row, db, err);
	if (rc == NP_OK)
		rc = load_templates(db, err);
	db->loaded = rc == NP_OK;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Deciding                                                            */
/* ------------------------------------------------------------------ */

static int reserve_scratch(np_db *db, size_t n)
{
	if (n <= db->cap_matches)
		return 0;
	np_match *m = realloc(db->matches, n * sizeof *m);
	if (!m)
		return -1;
	db->matches = m;
	db->cap_matches = n;
	return 0;
}

static np_query query_of(np_db *db, const np_fingerprint *fp)
{
	return (np_query){.fp = fp, .lead = np_index_lead_key(&db->index, fp->lead)};
}

/* Verified matches of fp, best first, into db->matches; returns how many or -1. */
static long find_matches(np_db *db, const np_story *s, const np_fingerprint *fp)
{
	if (fp->n_shingles < db->p.min_shingles)
		return 0;
	np_query q = query_of(db, fp);
	long n = np_index_candidates(&db->index, fp->minhash, q.lead, np_index_minute(s->published));
	if (n <= 0)
		return n;
	if (reserve_scratch(db, (size_t)n))
		return -1;
	return (long)np_match_verify(&db->p, &q, &db->index.sigs, db->index.cand, (size_t)n,
	                             db->matches);
}

static np_status skip(np_decision *d, const char *reason, np_error *err)
{
	d->status = NP_SKIPPED;
	d->reason = np_strdup(reason);
	return d->reason ? NP_OK : np_fail(err, NP_ENOMEM, "out of memory");
}

/* What d reports of the stored story row sid it matched: its id, the
 * SimHash distance and the similarity of the two leads. */
static np_status describe_match(np_db *db, const np_fingerprint *fp, int64_t sid,
                                np_decision *d, np_error *err)
{
	uint32_t lead[NP_MINHASH_K_MAX];
	np_stored_ref ref = {.lead_k = db->p.lead_k, .lead = lead};
	np_status rc = np_store_id_of(db->st, sid, &ref, err);
	d->match_id = ref.id;
	if (rc != NP_OK)
		return rc;
	d->simhash_distance = np_hamming64(ref.simhash, fp->simhash);
	d->lead = np_minhash_jaccard(fp->lead, lead, fp->lead_k);
	return NP_OK;
}

/* Fills d from the best match (NULL: the story is new). */
static np_status describe(np_db *db, const np_fingerprint *fp, const np_match *best,
                          np_decision *d, np_error *err)
{
	if (!best) {
		d->status = NP_NEW;
		return NP_OK;
	}
	d->status = best->same_content ? NP_DUPLICATE : NP_NEAR_DUPLICATE;
	d->jaccard = best->jaccard;
	d->containment = best->contained;
	d->contains = best->contains;
	d->decided_by = np_match_reason(&db->p, best);
	d->cluster = np_clusters_find(&db->clusters, db->index.sigs.cluster[best->item]);
	return describe_match(db, fp, db->index.sigs.sid[best->item], d, err);
}

/* The checks that need no fingerprint: an id, not stored yet. *skipped is
 * set (and d filled) when the story goes no further. */
static np_status precheck(np_db *db, const np_story *s, np_decision *d, int *skipped,
                          np_error *err)
{
	memset(d, 0, sizeof *d);
	*skipped = 1;
	if (!s->id || !*s->id)
		return skip(d, "no id", err);
	int64_t sid = 0;
	int same = 0;
	np_status rc = np_store_find_id(db->st, s->id, &sid, err);
	if (rc == NP_OK && sid)
		rc = np_store_same_body(db->st, sid, s, &same, err);
	/* the store keeps the first text of an id: an update sent under the
	 * same id is not taken, and is told apart from a plain resend */
	if (rc == NP_OK && sid)
		return skip(d, same ? "id already stored" : "id already stored with another text", err);
	*skipped = 0;
	return rc == NP_OK ? load_index(db, err) : rc;
}

/* At most this many stored stories a decision compares facts with: its
 * best matches in order, and those of other clusters it would merge. A
 * formula an outlet fills every day matches a year of its fills; the story
 * a copy was made from ranks among the first by its far higher Jaccard. */
#define MAX_FACT_CHECKS 8

/* Whether stored story item is kept apart from the story decided (apart.h);
 * sets d's distinct_* when it is and ranks above every match kept (first:
 * none is kept yet), the closest story kept apart. */
static np_status judge(np_db *db, uint32_t item, int first, int *apart, np_decision *d,
                       np_error *err)
{
	char *why = NULL;
	int64_t sid = db->index.sigs.sid[item];
	np_status rc = np_apart_judge(&db->apart, sid, db->index.sigs.minute[item], &why, err);
	*apart = why != NULL;
	if (rc != NP_OK || !why || !first || d->distinct_id) {
		free(why);
		return rc;
	}
	uint32_t lead[NP_MINHASH_K_MAX];
	np_stored_ref ref = {.lead_k = db->p.lead_k, .lead = lead};
	rc = np_store_id_of(db->st, sid, &ref, err);
	d->distinct_id = ref.id;
	d->distinct_reason = why;
	return rc;
}

/* Keeps of db->matches[0..*n) those that are copies, not stories kept
 * apart (apart.h): an identical body always, a match in the cluster of the
 * best one kept (it changes nothing), and the rest when they are not kept
 * apart, up to MAX_FACT_CHECKS judged; a match past those is dropped, so
 * that it merges no cluster. */
/* Whether body (a content hash) is one of the n in v. */
static int one_of(const uint64_t *v, unsigned n, uint64_t body)
{
	for (unsigned i = 0; i < n; i++)
		if (v[i] == body)
			return 1;
	return 0;
}

static np_status sift_matches(np_db *db, long *n, np_decision *d, np_error *err)
{
	long kept = 0;
	unsigned checks = 0, n_apart = 0;
	int64_t first = 0;
	uint64_t apart_body[MAX_FACT_CHECKS]; /* content hashes of the stories kept apart */
	np_status rc = NP_OK;
	for (long i = 0; rc == NP_OK && i < *n; i++) {
		np_match m = db->matches[i];
		int64_t cluster = np_clusters_find(&db->clusters, db->index.sigs.cluster[m.item]);
		uint64_t body = db->index.sigs.content[2 * m.item];
		int keep = m.same_content || (kept && cluster == first);
		/* another outlet's verbatim copy of a story kept apart is apart
		 * too (an earlier fill carried by another paper) */
		if (!keep && !one_of(apart_body, n_apart, body) && checks < MAX_FACT_CHECKS) {
			checks++;
			int apart = 0;
			rc = judge(db, m.item, kept == 0, &apart, d, err);
			keep = !apart;
			if (apart)
				apart_body[n_apart++] = body;
		}
		if (keep && !kept++)
			first = cluster;
		if (keep)
			db->matches[kept - 1] = m;
	}
	*n = kept;
	return rc;
}

/* An identical body stored before (within the window) is a duplicate of
 * it, whatever the LSH bands over the two template views found: the views
 * differ when the outlet's template was learnt in between, and a body too
 * short to match is in no band at all. */
static np_status find_identical(np_db *db, const np_story *s, const np_fingerprint *fp,
                                long *n_matches, np_decision *d, np_error *err)
{
	const np_content_entry *e = np_content_find(&db->content, fp->content_hash);
	if (!e || d->status == NP_DUPLICATE)
		return NP_OK;
	int32_t apart = e->minute - np_index_minute(s->published);
	if (db->index.window && (apart > db->index.window || -apart > db->index.window))
		return NP_OK;
	np_decision_clear(d);
	*n_matches = 0;
	db->identical_sid = e->sid;
	d->status = NP_DUPLICATE;
	d->jaccard = d->containment = d->contains = 1.0;
	d->decided_by = "identical";
	d->cluster = np_clusters_find(&db->clusters, e->cluster);
	return describe_match(db, fp, e->sid, d, err);
}

/* Decides a signed story against the index; db->matches[0..*n_matches)
 * holds the verified matches. */
static np_status decide(np_db *db, const np_story *s, const np_fingerprint *fp, long *n_matches,
                        np_decision *d, np_error *err)
{
	*n_matches = 0;
	if (fp->k != db->p.minhash_k || fp->lead_k != db->p.lead_k || fp->rails_k != db->p.rails_k)
		return np_fail(err, NP_EINVAL, "%s was signed with other parameters than the store's",
		               s->id);
	if (fp->n_shingles == 0)
		return skip(d, "empty body", err);
	*n_matches = find_matches(db, s, fp);
	if (*n_matches < 0)
		return np_fail(err, NP_ENOMEM, "out of memory matching %s", s->id);
	db->identical_sid = 0;
	np_status rc = sift_matches(db, n_matches, d, err);
	if (rc == NP_OK)
		rc = describe(db, fp, *n_matches ? &db->matches[0] : NULL, d, err);
	return rc == NP_OK ? find_identical(db, s, fp, n_matches, d, err) : rc;
}

/* A story C partially derived from B, which joined A's cluster through a
 * partial link, joins too when at least this share of what C shares with B
 * (IDF-weighted words) is A's as well: C took mostly what B took from A.
 * Half is the natural boundary between "B's borrowed material" and "B's
 * own", not a tuned value: on COUNTER (benchmarks/README.md) lower values
 * join more derived pairs at the same rate of independent ones (F1 0.719
 * at 0.3, 0.691 at 0.5, 0.683 at 0.7), at more risk of chaining. */
#define CHAIN_INHERITED 0.5

/* Whether the new story (text t) may join the cluster of stored story
 * l->sid through the partial link l. */
static np_status may_join(np_db *db, const story_passages *sp, const np_link *l, int *ok,
                          np_error *err)
{
	int64_t through = 0;
	*ok = 1;
	if (l->cls == NP_DERIVED_WHOLLY) /* wholly derived from B: B again */
		return NP_OK;
	np_status rc = np_store_joined_partially(db->st, l->sid, &through, err);
	if (rc != NP_OK || !through)
		return rc;
	double inherited = 0.0;
	rc = np_derive_inherited(&db->derive, &db->p, db->st, &sp->text, l->sid, through,
	                         &inherited, err);
	*ok = inherited >= CHAIN_INHERITED;
	return rc;
}

/* The link whose stored story's cluster the new story joins: the first
 * (best) one it may join. Partial links thus never chain unrelated
 * stories: A <- B (partially) <- C, where C took only B's own material,
 * leaves C out of A's cluster. */
static np_status choose_join(np_db *db, story_passages *sp, np_error *err)
{
	sp->join = -1;
	for (size_t i = 0; i < db->derive.n_links; i++) {
		int ok = 0;
		np_status rc = may_join(db, sp, &db->derive.links[i], &ok, err);
		if (rc != NP_OK || ok) {
			sp->join = rc == NP_OK ? (long)i : -1;
			return rc;
		}
	}
	return NP_OK;
}

/* Fills d from a passage link: the one it joins, else the best. */
static np_status describe_link(np_db *db, const np_fingerprint *fp, const story_passages *sp,
                               np_decision *d, np_error *err)
{
	const np_link *l = &db->derive.links[sp->join >= 0 ? sp->join : 0];
	np_query q = query_of(db, fp);
	np_match m = np_match_score(&q, &db->index.sigs, l->item);
	d->status = NP_NEAR_DUPLICATE;
	d->jaccard = m.jaccard;
	d->containment = l->new_share;
	d->contains = l->stored_share;
	d->decided_by = "passages";
	d->derivation = np_derivation_name(l->cls);
	d->passages = l->passages;
	d->overlap = l->overlap;
	d->cluster = sp->join >= 0 ? np_clusters_find(&db->clusters, db->index.sigs.cluster[l->item])
	                           : 0;
	return describe_match(db, fp, l->sid, d, err);
}

/* The passage tier, for a story the near-duplicate tier found nothing for
 * (its text in sp->text, passage_text): its passage fingerprints, and its
 * links to stored stories. */
/* Keeps of the passage tier's links, best first, those not kept apart
 * (apart.h), up to MAX_FACT_CHECKS judged: another fill of a formula shares
 * its frame's passages, and a brief its outlet's furniture. */
static np_status sift_links(np_db *db, np_decision *d, np_error *err)
{
	size_t kept = 0;
	np_status rc = NP_OK;
	for (size_t i = 0; rc == NP_OK && i < db->derive.n_links; i++) {
		int apart = i >= MAX_FACT_CHECKS;
		if (!apart)
			rc = judge(db, db->derive.links[i].item, kept == 0, &apart, d, err);
		if (!apart)
			db->derive.links[kept++] = db->derive.links[i];
	}
	db->derive.n_links = kept;
	return rc;
}

static np_status derive(np_db *db, const np_story *s, const np_fingerprint *fp,
                        story_passages *sp, np_decision *d, np_error *err)
{
	sp->searched = 1;
	np_status rc = np_passage_fingerprints(&db->p, &sp->text, &sp->fps, &sp->n_fps, err);
	np_derive_query q = {.text = &sp->text, .fps = sp->fps, .n_fps = sp->n_fps,
	                     .minute = np_index_minute(s->published), .window = db->index.window,
	                     .outlet = s->outlet, .url = s->url};
	if (rc == NP_OK)
		rc = np_derive_find(&db->derive, &db->p, db->st, &db->index.sigs, &q, err);
	if (rc == NP_OK)
		rc = sift_links(db, d, err);
	if (rc != NP_OK || db->derive.n_links == 0)
		return rc;
	rc = choose_join(db, sp, err);
	return rc == NP_OK ? describe_link(db, fp, sp, d, err) : rc;
}


/* ------------------------------------------------------------------ */
/* Outlet templates                                                    */
/* ------------------------------------------------------------------ */

/* A story as it is matched, and its fingerprints. */
typedef struct matched {
	const np_story *m;          /* s, or view: s less its outlet's template lines */
	np_story view;              /* borrows s's strings; view.body.v is its own */
	unsigned char *strip;       /* which paragraphs of s are template, or NULL */
	const np_fingerprint *fp;   /* of m, with the content hash of s as given */
	np_fingerprint *own;        /* fp, when signed here */
	const char *outlet;         /* the name s's template is kept under, or NULL */
	char host[NP_TEMPLATE_LINE_MAX]; /* (the outlet, when it is s's URL's host) */
	uint64_t *keys;             /* template keys of s's paragraphs (with outlet) */
	uint64_t *view_keys;        /* those of view's, when m is the view */
} matched;

static void matched_free(matched *x)
{
	free(x->keys);
	free(x->view_keys);
	free(x->strip);
	free(x->view.body.v);
	np_fingerprint_free(x->own);
}

/* Sets x->m: s less the body paragraphs that are its outlet's template (a
 * footer, a fixed rail learnt from its other pages), or s itself. */
static np_status template_view(np_db *db, const np_story *s, matched *x, np_error *err)
{
	x->m = s;
	x->outlet = np_template_outlet(s, x->host, sizeof x->host);
	if (!x->outlet)
		return NP_OK;
	/* room for the boilerplate's keys too, for learning (learn_template) */
	if (!(x->keys = malloc((s->body.n + s->boilerplate.n + 1) * sizeof *x->keys)))
		return np_fail(err, NP_ENOMEM, "out of memory reading %s", s->id);
	np_template_keys(x->outlet, &s->body, x->keys);
	if (!s->body.n || !np_templates_size(db->templates))
		return NP_OK;
	unsigned char *strip = malloc(s->body.n);
	char **keep = malloc(s->body.n * sizeof *keep);
	uint64_t *keep_keys = malloc(s->body.n * sizeof *keep_keys);
	if (!strip || !keep || !keep_keys) {
		free(strip), free(keep), free(keep_keys);
		return np_fail(err, NP_ENOMEM, "out of memory reading %s", s->id);
	}
	/* a story all of whose lines are its outlet's template (a formula
	 * filled with other digits) is matched whole, not skipped as empty */
	size_t marked = np_templates_mark(db->templates, x->keys, s->body.n, strip);
	if (!marked || marked == s->body.n) {
		free(strip), free(keep), free(keep_keys);
		return NP_OK;
	}
	x->view = *s;
	x->view.body = (np_strv){keep, 0};
	for (size_t i = 0; i < s->body.n; i++)
		if (!strip[i]) {
			keep_keys[x->view.body.n] = x->keys[i];
			keep[x->view.body.n++] = s->body.v[i];
		}
	x->strip = strip;
	x->view_keys = keep_keys;
	x->m = &x->view;
	return NP_OK;
}

/* Whether fp kept the normalized paragraphs of s (NP_SIGN_TEXT), from which
 * a view of s less some paragraphs is made without normalizing again. */
static int kept_text_of(const np_fingerprint *fp, const np_story *s)
{
	return fp && fp->text && np_body_text_paragraphs(fp->text) == s->body.n;
}

/* Signs what x matches: fp is the caller's fingerprint of s, or NULL. A view
 * keeps the content hash of s as given, so that two copies of one page are
 * still duplicates when one was stored before its outlet's template was
 * learnt and the other after; signed here, it is signed in one pass. */
static np_status sign_matched(np_db *db, const np_story *s, const np_fingerprint *fp,
                              matched *x, np_error *err)
{
	np_status rc = NP_OK;
	if (!x->strip && !fp)
		rc = np_sign(&db->p, s, 0, &x->own, err);
	else if (x->strip && kept_text_of(fp, s))
		rc = np_sign_kept(&db->p, fp, x->strip, &x->own, err);
	else if (x->strip && fp)
		rc = np_sign(&db->p, x->m, 0, &x->own, err);
	else if (x->strip)
		rc = np_sign_except(&db->p, s, x->strip, &x->own, err);
	if (rc == NP_OK && x->strip && fp)
		memcpy(x->own->content_hash, fp->content_hash, sizeof x->own->content_hash);
	x->fp = x->own ? x->own : fp;
	return rc;
}

/* The passage tier's text of what x matches (s, or s less its template
 * lines): made from the tokens the caller's fingerprint fp kept of s
 * (NP_SIGN_TEXT: the newsprint program signs so on another thread) when it
 * has them, as np_sign_kept signs from them, else normalized again here
 * (normalizing it again was 3.8% of an ingest's instructions with the tier
 * on: callgrind, 10k generated stories, 30.28 G against 29.14 G). */
static np_status passage_text(np_db *db, const np_story *s, const np_fingerprint *fp,
                              const matched *x, np_ptext *out, np_error *err)
{
	if (!kept_text_of(fp, s))
		return np_ptext_story(&db->p, x->m, out, err);
	np_tokens t = {0};
	if (np_body_text_tokens(fp->text, x->strip, &t)) {
		np_tokens_free(&t);
		return np_fail(err, NP_ENOMEM, "out of memory reading %s", s->id);
	}
	return np_ptext_tokens(&db->p, &t, out, err);
}

/* Decides the story as matched. A duplicate is the same body as given as
 * the stored story (equal content hashes), so its scores are those of two
 * identical pages, whatever the template views that found it: the stored
 * page may have been signed before its outlet's template was learnt and
 * this one after, and their views differ by the template lines. */
static np_status decide_matched(np_db *db, matched *x, long *n_matches, np_decision *d,
                                np_error *err)
{
	np_apart_begin(&db->apart, &db->p, db->st, db->templates, x->m, x->outlet,
	               x->m == &x->view ? x->view_keys : x->keys, np_index_minute(x->m->published));
	np_status rc = decide(db, x->m, x->fp, n_matches, d, err);
	if (rc == NP_OK && x->strip && d->status == NP_DUPLICATE) {
		if (*n_matches) /* (none when the content table decided: find_identical) */
			db->matches[0].jaccard = db->matches[0].contained = db->matches[0].contains = 1.0;
		d->jaccard = d->containment = d->contains = d->lead = 1.0;
		d->simhash_distance = 0;
	}
	return rc;
}

/* A story stored before its outlet's template was learnt was signed with
 * the template's lines, which a later story's view leaves out: the two may
 * no longer match, though one updates the other. So a view that matched
 * nothing is matched whole too (fp: s signed whole, or NULL to sign it
 * here), and what only the template's lines link is kept apart as the
 * outlet's furniture (apart.h). */
static np_status decide_whole(np_db *db, const np_story *s, const np_fingerprint *fp,
                              matched *x, long *n_matches, np_decision *d, np_error *err)
{
	if (!x->strip || *n_matches || d->status != NP_NEW)
		return NP_OK;
	np_fingerprint *own = NULL;
	np_status rc = fp ? NP_OK : np_sign(&db->p, s, 0, &own, err);
	if (rc == NP_OK) {
		np_apart_begin(&db->apart, &db->p, db->st, db->templates, s, x->outlet, x->keys,
		               np_index_minute(s->published));
		rc = decide(db, s, fp ? fp : own, n_matches, d, err);
	}
	np_fingerprint_free(own);
	return rc;
}

/* Counts the lines of a stored story towards its outlet's template, unless
 * it is a duplicate (a resend would count one page twice). Near-duplicates
 * count their short lines: a footer long enough makes an outlet's stories
 * near-duplicates of each other until it is learnt. Their long lines do not
 * count: an outlet's updates of one story share long paragraphs, which must
 * keep them matched (template.h). */
static np_status learn_template(np_db *db, const np_story *s, const matched *x, int is_new,
                                np_error *err)
{
	if (!x->outlet)
		return NP_OK;
	/* the body's keys were made for template_view; the boilerplate's follow */
	np_template_keys(x->outlet, &s->boilerplate, x->keys + s->body.n);
	if (!is_new) {
		np_template_keep_short(&s->body, x->keys);
		np_template_keep_short(&s->boilerplate, x->keys + s->body.n);
	}
	if (np_templates_learn(db->templates, x->keys, s->body.n + s->boilerplate.n))
		return np_fail(err, NP_ENOMEM, "out of memory learning templates from %s", s->id);
	return NP_OK;
}

/* Saves the template counts changed since the last commit, with the
 * stories that changed them: what a store holds is what its index learnt,
 * so a store killed in the middle of an ingest and fed the same stories
 * again ends as one uninterrupted run (test_crash). */
static np_status save_templates(np_db *db, np_error *err)
{
	size_t n = 0;
	if (!db->templates)
		return NP_OK;
	np_status rc = NP_OK;
	if (np_templates_take_forgot(db->templates))
		rc = np_store_forget_template_singles(db->st, err);
	uint64_t *keys = np_templates_take_changed(db->templates, &n);
	if (rc != NP_OK)
		return rc;
	np_sort_u64(keys, n);
	return np_store_save_templates(db->st, db->templates, keys, n, err);
}

static np_status store_decided(np_db *db, const np_story *s, const matched *x,
                               long n_matches, const story_passages *sp, np_decision *d,
                               np_error *err);

/* The one path behind np_check, np_ingest and their _signed forms: fp is
 * the caller's fingerprint, or NULL to sign here (after the checks that
 * may skip the story without signing it). */
static np_status run(np_db *db, const np_story *s, const np_fingerprint *fp, int store,
                     np_decision *d, np_error *err)
{
	if (store && db->readonly)
		return np_fail(err, NP_EINVAL, "the store was opened read-only");
	int skipped = 0;
	long n = 0;
	matched x = {.m = s};
	story_passages sp = {.join = -1};
	np_status rc = precheck(db, s, d, &skipped, err);
	if (rc == NP_OK && !skipped)
		rc = template_view(db, s, &x, err);
	if (rc == NP_OK && !skipped)
		rc = sign_matched(db, s, fp, &x, err);
	if (rc == NP_OK && !skipped)
		rc = decide_matched(db, &x, &n, d, err);
	if (rc == NP_OK && !skipped)
		rc = decide_whole(db, s, fp, &x, &n, d, err);
	if (rc == NP_OK && !skipped && db->p.passages && d->status == NP_NEW &&
	    x.fp->n_shingles >= db->p.min_shingles) {
		rc = passage_text(db, s, fp, &x, &sp.text, err);
		if (rc == NP_OK)
			rc = derive(db, x.m, x.fp, &sp, d, err);
	}
	if (rc == NP_OK && store && d->status != NP_SKIPPED)
		rc = store_decided(db, s, &x, n, &sp, d, err);
	story_passages_free(&sp);
	matched_free(&x);
	return rc;
}

np_status np_check(np_db *db, const np_story *s, np_decision *out, np_error *err)
{
	return run(db, s, NULL, 0, out, err);
}

np_status np_check_signed(np_db *db, const np_story *s, const np_fingerprint *fp,
                          np_decision *out, np_error *err)
{
	return run(db, s, fp, 0, out, err);
}

np_status np_ingest(np_db *db, const np_story *s, np_decision *out, np_error *err)
{
	return run(db, s, NULL, 1, out, err);
}

np_status np_ingest_signed(np_db *db, const np_story *s, const np_fingerprint *fp,
                           np_decision *out, np_error *err)
{
	return run(db, s, fp, 1, out, err);
}

/* ------------------------------------------------------------------ */
/* Ingesting: cluster, store, attribute                                */
/* ------------------------------------------------------------------ */

/* The large cluster id as last attributed, or NULL. */
static large_cluster *find_large(np_db *db, int64_t id)
{
	for (size_t i = 0; i < db->n_large; i++)
		if (db->large[i].id == id)
			return &db->large[i];
	return NULL;
}

/* A cluster merged with another: its members' flags name either origin. */
static void forget_large(np_db *db, int64_t id)
{
	large_cluster *l = find_large(db, id);
	if (l)
		*l = db->large[--db->n_large];
}

/* Records the origins that every member of large cluster c was flagged for. */
static np_status remember_large(np_db *db, const np_cluster_rec *c, np_error *err)
{
	large_cluster *l = find_large(db, c->id);
	if (!l && db->n_large == db->cap_large) {
		size_t cap = NP_GROW(db->cap_large);
		large_cluster *v = realloc(db->large, cap * sizeof *v);
		if (!v)
			return np_fail(err, NP_ENOMEM, "out of memory");
		db->large = v;
		db->cap_large = cap;
	}
	if (!l)
		l = &db->large[db->n_large++];
	l->id = c->id;
	l->origin_sid = c->origin_sid;
	memcpy(l->external, c->external, sizeof l->external);
	return NP_OK;
}

/* Whether large cluster c was attributed as it was last: the members it
 * has not loaded keep flags that are still right. */
static int same_as_last(np_db *db, const np_cluster_rec *c)
{
	const large_cluster *l = find_large(db, c->id);
	return l && l->origin_sid == c->origin_sid && strcmp(l->external, c->external) == 0;
}

/* The cluster a decided story joins: a new one, or its best match's. A
 * story that also matches other clusters merges them into the oldest id only
 * where the members it matched there truly match its best match too: a
 * story that resembles two clusters through different parts (A ≈ B through
 * one half, B ≈ C through the other, A ≉ C) is no bridge between them. */
static np_status assign_cluster(np_db *db, long n_matches, np_decision *d, np_error *err)
{
	if (n_matches == 0 && d->cluster == 0) { /* (a passage link may have set it) */
		/* A cluster of one has no attribution stored: its story is its
		 * origin, and a report attributes such a cluster in memory (it was
		 * an attribution and a clusters row for every new story: 4% of the
		 * ingesting thread at a million stories). It is attributed at the
		 * commit after a second story joins it. */
		d->cluster = np_clusters_new(&db->clusters);
		return d->cluster < 0 ? np_fail(err, NP_ENOMEM, "out of memory") : NP_OK;
	}
	uint32_t best = n_matches ? db->matches[0].item : 0;
	for (long i = 1; i < n_matches; i++) {
		uint32_t item = db->matches[i].item;
		int64_t other = np_clusters_find(&db->clusters, db->index.sigs.cluster[item]);
		int64_t here = np_clusters_find(&db->clusters, d->cluster);
		if (other == here || !np_match_items(&db->p, &db->index.sigs, item, best))
			continue;
		int64_t keep = np_clusters_union(&db->clusters, here, other);
		np_status rc = np_store_merge_clusters(db->st, keep == here ? other : here, keep, err);
		if (rc != NP_OK)
			return rc;
		forget_large(db, here);
		forget_large(db, other);
		d->cluster = keep;
	}
	return NP_OK;
}

/* Marks the cluster of the story sid just stored for attribution. */
static np_status mark_fresh(np_db *db, int64_t cluster, int64_t sid, np_error *err)
{
	if (db->n_fresh == db->cap_fresh) {
		size_t cap = NP_GROW(db->cap_fresh);
		fresh_story *f = realloc(db->fresh, cap * sizeof *f);
		if (!f)
			return np_fail(err, NP_ENOMEM, "out of memory");
		db->fresh = f;
		db->cap_fresh = cap;
	}
	db->fresh[db->n_fresh++] = (fresh_story){cluster, sid};
	return NP_OK;
}

static np_status begin_if_needed(np_db *db, np_error *err)
{
	if (db->in_txn)
		return NP_OK;
	np_status rc = np_store_begin(db->st, err);
	db->in_txn = rc == NP_OK;
	return rc;
}

/* Each link of a searched story, stored from its copy to its source. */
static np_status store_links(np_db *db, int64_t sid, const story_passages *sp, np_error *err)
{
	np_status rc = NP_OK;
	for (size_t i = 0; rc == NP_OK && i < db->derive.n_links; i++) {
		const np_link *l = &db->derive.links[i];
		np_derivation_rec r = {
			.sid = l->copy_is_new ? sid : l->sid,
			.source_sid = l->copy_is_new ? l->sid : sid,
			.cls = np_derivation_name(l->cls),
			.share = l->copy_is_new ? l->new_share : l->stored_share,
			.source_share = l->copy_is_new ? l->stored_share : l->new_share,
			.overlap = l->overlap,
			.passages = l->passages,
			.words = l->copy_is_new ? l->new_words : l->stored_words,
			.joined = (long)i == sp->join,
		};
		rc = np_store_add_derivation(db->st, &r, err);
	}
	return rc;
}

/* The word keys of a story the passage tier ran for (np_passage_word_keys). */
static np_status store_word_keys(np_db *db, int64_t sid, const np_ptext *t, np_error *err)
{
	uint32_t *keys = malloc((t->n_word ? t->n_word : 1) * sizeof *keys);
	if (!keys)
		return np_fail(err, NP_ENOMEM, "out of memory storing word keys");
	size_t n = np_passage_word_keys(t, keys);
	np_status rc = np_store_add_word_keys(db->st, sid, keys, n, err);
	free(keys);
	return rc;
}

/* The passage tier's rows of a story it ran for: its fingerprints (the
 * inverted index), its word keys, its words' document counts and its links. */
static np_status store_passages(np_db *db, int64_t sid, const story_passages *sp,
                                np_error *err)
{
	if (!sp->searched)
		return NP_OK;
	np_status rc = np_store_add_passages(db->st, sid, sp->fps, sp->n_fps, err);
	if (rc == NP_OK)
		rc = store_word_keys(db, sid, &sp->text, err);
	if (rc == NP_OK)
		rc = np_store_add_words(db->st, sp->text.script, sp->text.word, sp->text.n_word,
		                        err);
	return rc == NP_OK ? store_links(db, sid, sp, err) : rc;
}

static int64_t match_sid_of(const np_db *db, long n_matches, const story_passages *sp)
{
	if (n_matches)
		return db->index.sigs.sid[db->matches[0].item];
	if (db->identical_sid)
		return db->identical_sid;
	if (sp->searched && db->derive.n_links)
		return db->derive.links[sp->join >= 0 ? sp->join : 0].sid;
	return 0;
}

static np_status store_story(np_db *db, const np_story *s, const np_fingerprint *fp,
                             long n_matches, const story_passages *sp, np_decision *d,
                             int64_t *stored, np_error *err)
{
	int64_t sid = 0;
	np_status rc = np_store_add(db->st, s, fp, d, match_sid_of(db, n_matches, sp), &sid, err);
	*stored = sid;
	if (rc == NP_OK)
		rc = store_passages(db, sid, sp, err);
	if (rc != NP_OK)
		return rc;
	np_stored_fp f = {.sid = sid, .cluster = d->cluster, .n_shingles = fp->n_shingles,
	                  .content_hash = {fp->content_hash[0], fp->content_hash[1]},
	                  .simhash = fp->simhash, .minhash = fp->minhash, .lead = fp->lead,
	                  .published = s->published};
	if (index_add(db, &f))
		return np_fail(err, NP_ENOMEM, "out of memory indexing %s", s->id);
	return NP_OK;
}

/* Clusters and stores a decided story; commits every p.batch stories. */
static np_status store_decided(np_db *db, const np_story *s, const matched *x,
                               long n_matches, const story_passages *sp, np_decision *d,
                               np_error *err)
{
	const np_fingerprint *fp = x->fp;
	int64_t sid = 0;
	int joins = n_matches || d->cluster; /* (a passage link may have set it) */
	np_status rc = begin_if_needed(db, err);
	if (rc == NP_OK)
		rc = assign_cluster(db, n_matches, d, err);
	if (rc == NP_OK)
		rc = store_story(db, s, fp, n_matches, sp, d, &sid, err);
	if (rc == NP_OK && joins)
		rc = mark_fresh(db, d->cluster, sid, err);
	if (rc == NP_OK && d->status != NP_DUPLICATE)
		rc = learn_template(db, s, x, d->status == NP_NEW, err);
	if (rc == NP_OK && ++db->pending >= db->p.batch)
		rc = np_db_flush(db, err);
	return rc;
}

static int cmp_fresh(const void *a, const void *b)
{
	const fresh_story *x = a, *y = b;
	if (x->cluster != y->cluster)
		return (x->cluster > y->cluster) - (x->cluster < y->cluster);
	return (x->sid > y->sid) - (x->sid < y->sid);
}

/* Attributes cluster id, which the stories sids[0..n) joined. A cluster of
 * NP_ATTRIBUTE_PANEL members or fewer is read and attributed whole; a
 * larger one is read as its panel (attribute.h) and its new members, and
 * only when its origin has changed since its flags were last made is it
 * read whole again, to flag every member anew: a wire story's cluster
 * costs the same at each commit however many members it has. */
static np_status attribute_cluster(np_db *db, int64_t id, const int64_t *sids, size_t n,
                                   np_error *err)
{
	unsigned k = db->p.minhash_k;
	np_cluster_rec c;
	np_status rc = np_store_load_panel(db->st, id, k, NP_ATTRIBUTE_PANEL + 1, sids, n, &c, err);
	if (rc == NP_OK)
		rc = np_attribute(&c, k, err);
	if (rc == NP_OK && c.n > NP_ATTRIBUTE_PANEL && !same_as_last(db, &c)) {
		np_cluster_rec_free(&c);
		rc = np_store_load_cluster(db->st, id, k, &c, err);
		if (rc == NP_OK)
			rc = np_attribute(&c, k, err);
	}
	if (rc == NP_OK)
		rc = np_store_save_attribution(db->st, &c, err);
	if (rc == NP_OK && c.n > NP_ATTRIBUTE_PANEL)
		rc = remember_large(db, &c, err);
	np_cluster_rec_free(&c);
	return rc;
}

/* Re-attributes every cluster stories joined since the last flush. */
static np_status attribute_dirty(np_db *db, np_error *err)
{
	fresh_story *f = db->fresh;
	size_t n = db->n_fresh;
	for (size_t i = 0; i < n; i++)
		f[i].cluster = np_clusters_find(&db->clusters, f[i].cluster);
	if (n > 1)
		qsort(f, n, sizeof *f, cmp_fresh);
	int64_t *sids = malloc((n ? n : 1) * sizeof *sids);
	np_status rc = sids ? NP_OK : np_fail(err, NP_ENOMEM, "out of memory");
	for (size_t i = 0, end; rc == NP_OK && i < n; i = end) {
		for (end = i; end < n && f[end].cluster == f[i].cluster; end++)
			sids[end - i] = f[end].sid;
		rc = attribute_cluster(db, f[i].cluster, sids, end - i, err);
	}
	free(sids);
	db->n_fresh = 0;
	return rc;
}

np_status np_db_flush(np_db *db, np_error *err)
{
	if (!db->in_txn)
		return NP_OK;
	np_status rc = attribute_dirty(db, err);
	if (rc == NP_OK)
		rc = save_templates(db, err);
	if (rc == NP_OK)
		rc = np_store_set_max_cluster(db->st, db->clusters.max_id, err);
	if (rc == NP_OK)
		rc = np_store_commit(db->st, err);
	else
		np_store_rollback(db->st, NULL);
	if (rc != NP_OK) /* the flags it knew current may be rolled back */
		db->n_large = 0;
	db->in_txn = 0;
	db->pending = 0;
	return rc;
}

np_status np_db_close(np_db *db, np_error *err)
{
	if (!db)
		return NP_OK;
	np_status rc = np_db_flush(db, err);
	np_store_close(db->st);
	if (db->loaded)
		np_index_free(&db->index);
	np_clusters_free(&db->clusters);
	free(db->fresh);
	free(db->large);
	free(db->matches);
	np_derive_free(&db->derive);
	np_templates_free(db->templates);
	np_apart_free(&db->apart);
	np_content_free(&db->content);
	free(db);
	return rc;
}

np_status np_db_checkpoint(np_db *db, np_error *err)
{
	if (db->readonly)
		return np_fail(err, NP_EINVAL, "the store was opened read-only");
	return np_store_checkpoint(db->st, err);
}

np_status np_db_snapshot(np_db *db, np_error *err)
{
	if (!db->readonly)
		return np_fail(err, NP_EINVAL, "a snapshot is for a store opened read-only");
	return np_store_read_begin(db->st, err);
}

np_status np_db_set_wal_limit(np_db *db, uint64_t bytes, np_error *err)
{
	if (db->readonly)
		return np_fail(err, NP_EINVAL, "the store was opened read-only");
	return np_store_set_wal_limit(db->st, bytes, err);
}

np_status np_db_contains(np_db *db, const char *id, int *found, np_error *err)
{
	int64_t sid = 0;
	np_status rc = np_store_find_id(db->st, id, &sid, err);
	*found = sid != 0;
	return rc;
}

np_status np_db_get_story(np_db *db, const char *id, np_story **out, np_error *err)
{
	return np_store_get_story(db->st, id, out, err);
}

np_store *np_db_store(np_db *db)
{
	return db->st;
}

np_status np_db_apply_template(np_db *db, np_story *s, size_t *moved, np_error *err)
{
	matched x = {.m = s};
	*moved = 0;
	np_status rc = load_templates(db, err);
	if (rc == NP_OK)
		rc = template_view(db, s, &x, err);
	for (size_t i = 0; rc == NP_OK && x.strip && i < s->body.n; i++)
		if (x.strip[i] && np_strv_push(&s->boilerplate, s->body.v[i]))
			rc = np_fail(err, NP_ENOMEM, "out of memory reading %s", s->id);
	if (rc == NP_OK && x.strip) { /* the body keeps the paragraphs the view kept */
		for (size_t i = 0; i < s->body.n; i++)
			if (x.strip[i])
				free(s->body.v[i]);
		memcpy(s->body.v, x.view.body.v, x.view.body.n * sizeof *s->body.v);
		*moved = s->body.n - x.view.body.n;
		s->body.n = x.view.body.n;
	}
	matched_free(&x);
	return rc;
}
