/*
 * commit.c — a decided story clustered (a new cluster, or its best match's,
 * merging the others it truly matches) and stored with its passage rows,
 * in transactions of p.batch stories; at each commit the clusters stories
 * joined are attributed again.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/engine_int.h"
#include "index/match.h"
#include "util/error.h"
#include "util/strbuf.h"

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
		 * origin, and a report attributes such a cluster in memory, which
		 * spares ingest an attribution and a clusters row for every new
		 * story. It is attributed at the commit after a second story joins
		 * it. */
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

/* Each derivation link of a searched story, stored from its copy to its
 * source. */
static np_status store_derivations(np_db *db, int64_t sid, const story_passages *sp,
                                   np_error *err)
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
	return rc == NP_OK ? store_derivations(db, sid, sp, err) : rc;
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
	if (engine_index_add(db, &f))
		return np_fail(err, NP_ENOMEM, "out of memory indexing %s", s->id);
	return NP_OK;
}

/* A write of the open transaction failed: nothing of it is kept (a story
 * stored without its fingerprint or passages would be committed with the
 * next batch), and the handle decides no more stories (decide.c), as its
 * index and cluster ids hold what the rollback removed. */
void engine_abandon(np_db *db)
{
	if (db->in_txn)
		np_store_rollback(db->st, NULL);
	db->in_txn = 0;
	db->pending = 0;
	db->n_large = 0;
	db->n_fresh = 0;
	db->broken = 1;
}

np_status engine_store_decided(np_db *db, const np_story *s, const matched *x,
                               long n_matches, const story_passages *sp, np_decision *d,
                               np_error *err)
{
	const np_fingerprint *fp = x->fp;
	int64_t sid = 0;
	int joins = n_matches || d->cluster; /* (a passage link may have set it) */
	np_status rc = engine_begin(db, err); /* (begun before the story was decided) */
	if (rc == NP_OK)
		rc = assign_cluster(db, n_matches, d, err);
	if (rc == NP_OK)
		rc = store_story(db, s, fp, n_matches, sp, d, &sid, err);
	if (rc == NP_OK && joins)
		rc = mark_fresh(db, d->cluster, sid, err);
	if (rc == NP_OK && d->status != NP_DUPLICATE)
		rc = engine_learn_template(db, s, x, d->status == NP_NEW, err);
	if (rc == NP_OK && ++db->pending >= db->p.batch)
		rc = np_db_flush(db, err);
	if (rc != NP_OK)
		engine_abandon(db);
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

np_status engine_attribute_dirty(np_db *db, np_error *err)
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
	np_status rc = engine_attribute_dirty(db, err);
	if (rc == NP_OK)
		rc = engine_save_templates(db, err);
	if (rc == NP_OK)
		rc = np_store_set_max_cluster(db->st, db->clusters.max_id, err);
	if (rc == NP_OK)
		rc = engine_commit(db, err);
	if (rc != NP_OK) /* (a failed commit has kept nothing either) */
		engine_abandon(db);
	db->in_txn = 0;
	db->pending = 0;
	return rc;
}
