/*
 * engine_int.h — what the engine's files share (engine.c opens and closes an
 * np_db and builds its index; decide.c decides a story; template_view.c
 * matches it less its outlet's template lines; commit.c clusters, stores and
 * attributes it): the np_db itself and the steps one file runs for another.
 * Nothing outside the engine includes it.
 */
#ifndef NP_ENGINE_INT_H
#define NP_ENGINE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "attribute/attribute.h"
#include "cluster/cluster.h"
#include "engine/apart.h"
#include "engine/derive.h"
#include "index/content.h"
#include "index/index.h"
#include "newsprint.h"
#include "passage/classify.h"
#include "passage/describe.h"
#include "segment/template.h"
#include "store/store.h"

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
	int broken;        /* a write failed and its transaction was rolled back */
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
	np_writer_mark mark;     /* what of the store the index holds (writers.c) */
};

/* The passage tier's part in one story's decision. */
typedef struct story_passages {
	np_ptext text;
	uint64_t *fps;     /* winnowed fingerprints, sorted */
	size_t n_fps;
	int searched;      /* the tier ran: fps are stored with the story */
	long join;         /* the link (in db->derive) whose cluster it joins, or -1 */
} story_passages;

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

int engine_index_add(np_db *db, const np_stored_fp *f);

/* A scan's callback (ctx: the np_db): indexes f, the mark moving past it. */
int engine_index_scanned(void *ctx, const np_stored_fp *f);

np_status engine_load_templates(np_db *db, np_error *err);

np_status engine_load_index(np_db *db, np_error *err);

/* Drops the warm index: the next story decided builds it again. */
void engine_unload_index(np_db *db);

/* Begins the write transaction a story is decided and stored in, unless
 * one is open, and brings the index up to what other writers sharing the
 * store committed before it (writers.c): every decision of the
 * transaction is made on the store as it is then. */
np_status engine_begin(np_db *db, np_error *err);

/* Commits the open transaction and moves the mark past what it wrote. */
np_status engine_commit(np_db *db, np_error *err);

/* Rolls the open transaction back after a failed write; the handle decides
 * no more stories (commit.c). */
void engine_abandon(np_db *db);

/* Sets x->m: s less the body paragraphs that are its outlet's template (a
 * footer, a fixed rail learnt from its other pages), or s itself. */
np_status engine_template_view(np_db *db, const np_story *s, matched *x, np_error *err);

/* Whether fp kept the normalized paragraphs of s (NP_SIGN_TEXT), from which
 * a view of s less some paragraphs is made without normalizing again. */
int engine_kept_text_of(const np_fingerprint *fp, const np_story *s);

/* Signs what x matches: fp is the caller's fingerprint of s, or NULL. A view
 * keeps the content hash of s as given, so that two copies of one page are
 * still duplicates when one was stored before its outlet's template was
 * learnt and the other after; signed here, it is signed in one pass. */
np_status engine_sign_matched(np_db *db, const np_story *s, const np_fingerprint *fp,
                              matched *x, np_error *err);

/* The passage tier's text of what x matches (s, or s less its template
 * lines): made from the tokens the caller's fingerprint fp kept of s
 * (NP_SIGN_TEXT: the newsprint program signs so on another thread) when it
 * has them, as np_sign_kept signs from them, else normalized again here
 * (normalizing a body twice is a visible share of an ingest with the
 * tier). */
np_status engine_passage_text(np_db *db, const np_story *s, const np_fingerprint *fp,
                              const matched *x, np_ptext *out, np_error *err);

void engine_matched_free(matched *x);

/* Counts the lines of a stored story towards its outlet's template, unless
 * it is a duplicate (a resend would count one page twice). Near-duplicates
 * count their short lines: a footer long enough makes an outlet's stories
 * near-duplicates of each other until it is learnt. Their long lines do not
 * count: an outlet's updates of one story share long paragraphs, which must
 * keep them matched (template.h). */
np_status engine_learn_template(np_db *db, const np_story *s, const matched *x, int is_new,
                                np_error *err);

/* Saves the template counts changed since the last commit, with the
 * stories that changed them: what a store holds is what its index learnt,
 * so a store killed in the middle of an ingest and fed the same stories
 * again ends as one uninterrupted run (test_crash). */
np_status engine_save_templates(np_db *db, np_error *err);

/* Clusters and stores a decided story; commits every p.batch stories. */
np_status engine_store_decided(np_db *db, const np_story *s, const matched *x,
                               long n_matches, const story_passages *sp, np_decision *d,
                               np_error *err);

/* Re-attributes every cluster stories joined since the last flush. */
np_status engine_attribute_dirty(np_db *db, np_error *err);

#endif
