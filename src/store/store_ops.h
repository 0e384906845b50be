/*
 * store_ops.h — the table of operations a store backend implements, and the
 * head of every handle. What the engine, the report and the command line
 * ask of a store is exactly this table: store.h's np_store_* functions call
 * through it, so a backend (store/sqlite/ today; a server database later)
 * is added beside the others without the engine knowing which one it has.
 *
 * A backend's handle begins with an np_store (its first member, as
 * libgit2's backends begin with their parent): the backend's functions
 * take the np_store * they are given and reach their own state through it.
 * Each operation's contract (what it must guarantee, its transactions and
 * orders) is in docs/store.md; the comments of store.h say what each does.
 * Only backends, store.c and tests include this header.
 */
#ifndef NP_STORE_OPS_H
#define NP_STORE_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "newsprint.h"
#include "store/store_types.h"

/* The version of the table below. A backend sets it in its table; a table
 * of another version is refused when a store opens (np_store_init), so a
 * backend built against another layout fails with a message, not a crash.
 * Operations are only ever added at the end, with the version raised. */
#define NP_STORE_OPS_VERSION 3

typedef struct np_store_ops {
	unsigned version; /* NP_STORE_OPS_VERSION */
	const char *name; /* the backend, for messages: "sqlite" */

	/* The handle and its transactions. */
	void (*close)(np_store *st);
	np_status (*begin)(np_store *st, np_error *err);
	np_status (*commit)(np_store *st, np_error *err);
	np_status (*rollback)(np_store *st, np_error *err);
	np_status (*read_begin)(np_store *st, np_error *err);
	/* Hints: may be NULL, and are then done as nothing. */
	np_status (*checkpoint)(np_store *st, np_error *err);
	np_status (*set_wal_limit)(np_store *st, uint64_t bytes, np_error *err);
	np_status (*set_cache)(np_store *st, uint64_t bytes, np_error *err);

	/* Parameters and the cluster ids issued. */
	np_status (*get_params)(np_store *st, np_params *p, int *found, np_error *err);
	np_status (*put_params)(np_store *st, const np_params *p, np_error *err);
	np_status (*max_cluster)(np_store *st, int64_t *out, np_error *err);
	np_status (*set_max_cluster)(np_store *st, int64_t id, np_error *err);

	/* Stories and their fingerprints (with the content hashes). */
	np_status (*add)(np_store *st, const np_story *s, const np_fingerprint *fp,
	                 const np_decision *d, int64_t match_sid, int64_t *sid, np_error *err);
	np_status (*find_id)(np_store *st, const char *id, int64_t *sid, np_error *err);
	np_status (*id_of)(np_store *st, int64_t sid, np_stored_ref *out, np_error *err);
	np_status (*scan)(np_store *st, unsigned k, unsigned lead_k, np_stored_fp_fn fn, void *ctx,
	                  np_error *err);
	np_status (*count_stories)(np_store *st, int64_t *out, np_error *err);
	np_status (*cluster_of)(np_store *st, const char *id, int64_t *cluster, np_error *err);
	np_status (*get_story)(np_store *st, const char *id, np_story **out, np_error *err);

	/* Clusters and their attribution. */
	np_status (*merge_clusters)(np_store *st, int64_t from, int64_t into, np_error *err);
	np_status (*load_cluster)(np_store *st, int64_t cluster, unsigned k, np_cluster_rec *out,
	                          np_error *err);
	np_status (*load_panel)(np_store *st, int64_t cluster, unsigned k, size_t limit,
	                        const int64_t *sids, size_t n_sids, np_cluster_rec *out,
	                        np_error *err);
	np_status (*save_attribution)(np_store *st, const np_cluster_rec *c, np_error *err);
	np_status (*list_clusters)(np_store *st, unsigned min_size, np_cluster_size **out,
	                           size_t *n, np_error *err);

	/* The passage tier: passages, words, stored texts and derivations. */
	np_status (*add_passages)(np_store *st, int64_t sid, const uint64_t *h, size_t n,
	                          np_error *err);
	np_status (*find_passages)(np_store *st, const uint64_t *h, size_t n, unsigned cap,
	                           int64_t **sids, size_t *n_sids, size_t *room, np_error *err);
	np_status (*add_words)(np_store *st, unsigned script, const uint64_t *w, size_t n,
	                       np_error *err);
	np_status (*word_df)(np_store *st, unsigned script, const uint64_t *w, size_t n,
	                     uint32_t *df, uint32_t *docs, np_error *err);
	np_status (*add_word_keys)(np_store *st, int64_t sid, const uint32_t *keys, size_t n,
	                           np_error *err);
	np_status (*word_keys_of)(np_store *st, int64_t sid, uint32_t **keys, size_t *n,
	                          int *found, np_error *err);
	np_status (*body_of)(np_store *st, int64_t sid, char **body, np_error *err);
	np_status (*text_of)(np_store *st, int64_t sid, np_stored_text *out, np_error *err);
	np_status (*add_derivation)(np_store *st, const np_derivation_rec *d, np_error *err);
	np_status (*joined_partially)(np_store *st, int64_t sid, int64_t *through,
	                              np_error *err);

	/* Outlet templates. */
	np_status (*load_templates)(np_store *st, np_templates *t, np_error *err);
	np_status (*forget_template_singles)(np_store *st, np_error *err);
	np_status (*save_templates)(np_store *st, const np_templates *t, const uint64_t *keys,
	                            size_t n, np_error *err);

	/* Rail items and titles, for rail links. */
	np_status (*scan_rail_items)(np_store *st, np_rail_item_fn fn, void *ctx, np_error *err);
	np_status (*scan_titles)(np_store *st, np_rail_item_fn fn, void *ctx, np_error *err);

	/* Forgetting (version 2). */
	np_status (*forget_story)(np_store *st, int64_t sid, int64_t *cluster, np_error *err);
	np_status (*move_story)(np_store *st, int64_t sid, int64_t cluster, np_error *err);
	np_status (*scan_published)(np_store *st, np_published_fn fn, void *ctx, np_error *err);

	/* Writers sharing a store (version 3): what the others committed since
	 * a mark, the arrival order, and emptying a store to decide it again. */
	np_status (*writer_mark)(np_store *st, np_writer_mark *out, np_error *err);
	np_status (*scan_since)(np_store *st, int64_t after_sid, unsigned k, unsigned lead_k,
	                        np_stored_fp_fn fn, void *ctx, np_error *err);
	np_status (*read_log)(np_store *st, int64_t after, np_log_fn fn, void *ctx, np_error *err);
	np_status (*scan_arrival)(np_store *st, np_published_fn fn, void *ctx, np_error *err);
	np_status (*clear)(np_store *st, np_error *err);
	/* copying (version 3): a store's tables, their rows out and in
	 * (newsprint migrate; docs/store.md, "Copying"). */
	np_status (*copy_tables)(np_store *st, np_table_list *out, np_error *err);
	np_status (*copy_out)(np_store *st, const np_table_def *t, np_row_fn fn, void *ctx,
	                      np_error *err);
	np_status (*copy_in)(np_store *st, const np_table_def *t, const np_value *row,
	                     np_error *err);
	np_status (*copy_end)(np_store *st, np_error *err);
} np_store_ops;

/* The head of every backend's handle. */
struct np_store {
	const np_store_ops *ops;
};

/* Sets st's table after checking it: NP_EINVAL, naming the backend, when
 * its version is not NP_STORE_OPS_VERSION. Every operation but the hints
 * must be set. */
np_status np_store_init(np_store *st, const np_store_ops *ops, np_error *err);

#endif
