/*
 * decide.c — the per-story pipeline behind np_check and np_ingest: the
 * story matched (less its outlet's template), candidates found in the index
 * and verified, matches kept apart dropped, the passage tier run for a story
 * nothing matched, and the decision filled; np_ingest then stores it
 * (commit.c).
 */
#include <stdlib.h>
#include <string.h>

#include "engine/engine_int.h"
#include "fingerprint/minhash.h"
#include "fingerprint/sign.h"
#include "fingerprint/simhash.h"
#include "index/match.h"
#include "util/error.h"
#include "util/strbuf.h"

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
	return rc == NP_OK ? engine_load_index(db, err) : rc;
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

/* Whether body (a content hash) is one of the n in v. */
static int one_of(const uint64_t *v, unsigned n, uint64_t body)
{
	for (unsigned i = 0; i < n; i++)
		if (v[i] == body)
			return 1;
	return 0;
}

/* Keeps of db->matches[0..*n) those that are copies, not stories kept
 * apart (apart.h): an identical body always, a match in the cluster of the
 * best one kept (it changes nothing), and the rest when they are not kept
 * apart, up to MAX_FACT_CHECKS judged; a match past those is dropped, so
 * that it merges no cluster. */
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
		if (keep && !kept++) {
			first = cluster;
			np_apart_copies(&db->apart, db->index.sigs.sid[m.item]);
		}
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

/* ------------------------------------------------------------------ */
/* The passage tier                                                   */
/* ------------------------------------------------------------------ */

/* A story C partially derived from B, which joined A's cluster through a
 * partial link, joins too when at least this share of what C shares with B
 * (IDF-weighted words) is A's as well: C took mostly what B took from A.
 * Half is the natural boundary between "B's borrowed material" and "B's
 * own", not a tuned value: on COUNTER lower values join more derived pairs
 * at the same rate of independent ones, at more risk of chaining
 * (benchmarks/README.md, "One outlet's own stories"). */
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

/* The passage tier, for a story the near-duplicate tier found nothing for
 * (its text in sp->text, engine_passage_text): its passage fingerprints,
 * and its links to stored stories. */
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
/* One story through the pipeline                                     */
/* ------------------------------------------------------------------ */

static void story_passages_free(story_passages *sp)
{
	np_ptext_free(&sp->text);
	free(sp->fps);
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

/* The one path behind np_check, np_ingest and their _signed forms: fp is
 * the caller's fingerprint, or NULL to sign here (after the checks that
 * may skip the story without signing it). */
static np_status run(np_db *db, const np_story *s, const np_fingerprint *fp, int store,
                     np_decision *d, np_error *err)
{
	if (store && db->readonly)
		return np_fail(err, NP_EINVAL, "the store was opened read-only");
	if (db->broken)
		return np_fail(err, NP_ESTORE, "a write to the store failed and was rolled back: "
		                               "open the store again to go on");
	int skipped = 0;
	long n = 0;
	matched x = {.m = s};
	story_passages sp = {.join = -1};
	/* a story to store is decided inside the transaction it is stored in,
	 * on the store as the writer lock finds it (writers.c) */
	np_status rc = store ? engine_begin(db, err) : NP_OK;
	if (rc == NP_OK)
		rc = precheck(db, s, d, &skipped, err);
	if (rc == NP_OK && !skipped)
		rc = engine_template_view(db, s, &x, err);
	if (rc == NP_OK && !skipped)
		rc = engine_sign_matched(db, s, fp, &x, err);
	if (rc == NP_OK && !skipped)
		rc = decide_matched(db, &x, &n, d, err);
	if (rc == NP_OK && !skipped)
		rc = decide_whole(db, s, fp, &x, &n, d, err);
	if (rc == NP_OK && !skipped && db->p.passages && d->status == NP_NEW &&
	    x.fp->n_shingles >= db->p.min_shingles) {
		rc = engine_passage_text(db, s, fp, &x, &sp.text, err);
		if (rc == NP_OK)
			rc = derive(db, x.m, x.fp, &sp, d, err);
	}
	if (rc == NP_OK && store && d->status != NP_SKIPPED)
		rc = engine_store_decided(db, s, &x, n, &sp, d, err);
	story_passages_free(&sp);
	engine_matched_free(&x);
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
