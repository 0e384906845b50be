/*
 * store.h — the store, newsprint's system of record, as the engine, the
 * report and the command line see it: stories, their fingerprints, credits
 * and rails, clusters and attributions, the passage tier's rows, outlet
 * templates and the parameters the fingerprints were made with.
 *
 * np_store is an opaque handle. Each np_store_* function calls the
 * operation of the backend the handle was opened with (store_ops.h): the
 * callers never know which backend holds the store. store/open/open.h
 * opens one from a --db string; docs/store.md gives each operation's
 * contract and says how to add a backend.
 */
#ifndef NP_STORE_H
#define NP_STORE_H

#include <stdint.h>

#include "newsprint.h"
#include "store/store_types.h"

/* Ends the handle: a write transaction still open is rolled back, a read
 * snapshot let go. */
void np_store_close(np_store *st);

/* Reads the stored parameters into *p; *found is 0 for a new store. */
np_status np_store_get_params(np_store *st, np_params *p, int *found, np_error *err);
np_status np_store_put_params(np_store *st, const np_params *p, np_error *err);

/* A write transaction: every write between begin and commit is kept
 * whole, or nothing of it after a rollback (or a failed commit). */
np_status np_store_begin(np_store *st, np_error *err);
np_status np_store_commit(np_store *st, np_error *err);
np_status np_store_rollback(np_store *st, np_error *err);
/* Opens a read transaction held until the store is closed: every later read
 * sees one snapshot of the store (np_db_snapshot). Does nothing when one is open. */
np_status np_store_read_begin(np_store *st, np_error *err);
/* Hints a backend may take or leave (NP_OK when it has no such thing):
 * make what is committed durable in the store's main file now, without
 * waiting for readers or writers; how many bytes of committed writes may
 * wait for that; how much memory the handle may cache the store in. */
np_status np_store_checkpoint(np_store *st, np_error *err);
np_status np_store_set_wal_limit(np_store *st, uint64_t bytes, np_error *err);
np_status np_store_set_cache(np_store *st, uint64_t bytes, np_error *err);

/* *sid is the row of story id, or 0 when it is not stored. */
np_status np_store_find_id(np_store *st, const char *id, int64_t *sid, np_error *err);

/* The id, SimHash and lead signature of story row sid into *out. */
np_status np_store_id_of(np_store *st, int64_t sid, np_stored_ref *out, np_error *err);

/* Calls fn for every stored fingerprint in sid order; a non-zero return
 * from fn stops the scan with NP_ENOMEM. */
np_status np_store_scan(np_store *st, unsigned k, unsigned lead_k, np_stored_fp_fn fn, void *ctx,
                        np_error *err);

/* Inserts a story with its fingerprint, credits and rails; *sid is its row. */
np_status np_store_add(np_store *st, const np_story *s, const np_fingerprint *fp,
                       const np_decision *d, int64_t match_sid, int64_t *sid, np_error *err);

/* Moves every story of cluster from into cluster into. */
np_status np_store_merge_clusters(np_store *st, int64_t from, int64_t into, np_error *err);

/* Largest cluster id ever issued (0 when none). */
np_status np_store_max_cluster(np_store *st, int64_t *out, np_error *err);
/* Records id as issued. */
np_status np_store_set_max_cluster(np_store *st, int64_t id, np_error *err);


np_status np_store_load_cluster(np_store *st, int64_t cluster, unsigned k, np_cluster_rec *out,
                                np_error *err);
/* The first `limit` members of cluster in the order np_store_load_cluster
 * gives, read without reading the others, then the stories sids[0..n_sids)
 * not among them (the cluster's newest members, in the order given), with
 * the stored attribution. */
np_status np_store_load_panel(np_store *st, int64_t cluster, unsigned k, size_t limit,
                              const int64_t *sids, size_t n_sids, np_cluster_rec *out,
                              np_error *err);

/* Stores a cluster's origin and each member's credits_origin flag. */
np_status np_store_save_attribution(np_store *st, const np_cluster_rec *c, np_error *err);

np_status np_store_list_clusters(np_store *st, unsigned min_size, np_cluster_size **out,
                                 size_t *n, np_error *err);

np_status np_store_count_stories(np_store *st, int64_t *out, np_error *err);

/* *cluster is the cluster of story id, or 0 when it is not stored. */
np_status np_store_cluster_of(np_store *st, const char *id, int64_t *cluster, np_error *err);

/* ------------------------------------------------------------------ */
/* The passage tier                                                    */
/* ------------------------------------------------------------------ */

/* Records story sid under each of its n passage fingerprints. */
np_status np_store_add_passages(np_store *st, int64_t sid, const uint64_t *h, size_t n,
                                np_error *err);

/* Appends to *sids (malloc'd, grown; *n_sids its length, *room its
 * capacity) the stories that
 * hold each of the n fingerprints h, one entry per fingerprint and story;
 * a fingerprint more than cap stories hold is a stock phrase and adds none. */
np_status np_store_find_passages(np_store *st, const uint64_t *h, size_t n, unsigned cap,
                                 int64_t **sids, size_t *n_sids, size_t *room, np_error *err);

/* Counts one more indexed body of script class script (passage/ptext.h) and,
 * for each of its n distinct word hashes w, one more body holding it. */
np_status np_store_add_words(np_store *st, unsigned script, const uint64_t *w, size_t n,
                             np_error *err);

/* df[i]: how many indexed bodies hold word w[i]; *docs: how many bodies of
 * script class script were indexed. */
np_status np_store_word_df(np_store *st, unsigned script, const uint64_t *w, size_t n,
                           uint32_t *df, uint32_t *docs, np_error *err);

/* Records the word keys (np_passage_word_keys) of story row sid. */
np_status np_store_add_word_keys(np_store *st, int64_t sid, const uint32_t *keys, size_t n,
                                 np_error *err);

/* *keys (malloc'd; free it) and *n: the word keys of story row sid; *found
 * 0 when none were recorded (a story of a store made before they were). */
np_status np_store_word_keys_of(np_store *st, int64_t sid, uint32_t **keys, size_t *n,
                                int *found, np_error *err);

/* *body: a malloc'd copy of the stored body of story row sid. */
np_status np_store_body_of(np_store *st, int64_t sid, char **body, np_error *err);

np_status np_store_text_of(np_store *st, int64_t sid, np_stored_text *out, np_error *err);
void np_stored_text_free(np_stored_text *t);

/* A story's body as a store keeps it: its paragraphs joined by blank lines;
 * malloc'd, NULL when out of memory. */
char *np_store_join_body(const np_story *s);
/* Any list of lines joined so (a story's boilerplate lines). */
char *np_store_join_lines(const np_strv *v);

/* *same: whether story row sid was stored with the body s has, byte for byte
 * (np_store_body_of against np_store_join_body: no operation of its own). */
np_status np_store_same_body(np_store *st, int64_t sid, const np_story *s, int *same,
                             np_error *err);

np_status np_store_add_derivation(np_store *st, const np_derivation_rec *d, np_error *err);

/* *through is the story sid joined its cluster through by a partial link,
 * else 0 (a story that joined partially pulls into its cluster only the
 * stories that took what it took from there: see engine/decide.c). */
np_status np_store_joined_partially(np_store *st, int64_t sid, int64_t *through, np_error *err);

/* Loads the stored template counts into t (template.h). */
np_status np_store_load_templates(np_store *st, np_templates *t, np_error *err);

/* Forgets the stored lines seen on one page only (when t forgot them). */
np_status np_store_forget_template_singles(np_store *st, np_error *err);

/* Saves the counts t holds for the n keys (sorted: a key repeated is saved once). */
np_status np_store_save_templates(np_store *st, const np_templates *t, const uint64_t *keys,
                                  size_t n, np_error *err);

np_status np_store_scan_rail_items(np_store *st, np_rail_item_fn fn, void *ctx, np_error *err);

/* Calls fn(ctx, id, outlet, NULL, title) for every stored story with a title. */
np_status np_store_scan_titles(np_store *st, np_rail_item_fn fn, void *ctx, np_error *err);

/* Removes story sid and every row that holds it (fingerprint, content
 * hash, passages, word keys, derivations either way, rail items); stories
 * of its cluster that matched it keep no match. *cluster: the cluster it
 * was in. A cluster left empty keeps no attribution. */
np_status np_store_forget_story(np_store *st, int64_t sid, int64_t *cluster, np_error *err);

/* Moves story sid into cluster. */
np_status np_store_move_story(np_store *st, int64_t sid, int64_t cluster, np_error *err);

/* Calls fn for every stored story with a publication time. */
np_status np_store_scan_published(np_store *st, np_published_fn fn, void *ctx, np_error *err);

/* Writers sharing a store (docs/store.md, "Writers sharing a store"). */

/* The largest sid stored and the largest entry of the writers' log. */
np_status np_store_writer_mark(np_store *st, np_writer_mark *out, np_error *err);

/* As np_store_scan, for the stories of sid above after_sid only. */
np_status np_store_scan_since(np_store *st, int64_t after_sid, unsigned k, unsigned lead_k,
                              np_stored_fp_fn fn, void *ctx, np_error *err);

/* Calls fn for every entry of the writers' log above after, in order. */
np_status np_store_read_log(np_store *st, int64_t after, np_log_fn fn, void *ctx,
                            np_error *err);

/* Calls fn for every stored story in sid order (published NULL when it
 * has no publication time). */
np_status np_store_scan_arrival(np_store *st, np_published_fn fn, void *ctx, np_error *err);

/* Removes every story and every row that derives from stories (clusters,
 * passages, words, templates, the writers' log), keeping the parameters;
 * sids go on from where they were. Called between begin and commit. */
np_status np_store_clear(np_store *st, np_error *err);

/* The stored story (fields, body, credits, rails), or NP_ENOTFOUND. */
np_status np_store_get_story(np_store *st, const char *id, np_story **out, np_error *err);

/* ------------------------------------------------------------------ */
/* Copying (newsprint migrate)                                         */
/* ------------------------------------------------------------------ */

/* The store's tables of the logical schema, with their columns as the
 * store holds them, in an order they may be filled in; free with
 * np_table_list_free. */
np_status np_store_copy_tables(np_store *st, np_table_list *out, np_error *err);
void np_table_list_free(np_table_list *l);

/* For backends: the logical schema's tables in the order they may be
 * filled in, each given to columns to fill its column names as the store
 * holds them; a table of no column (the store has no such table) is left
 * out of *out. */
typedef np_status (*np_table_columns_fn)(void *ctx, const char *table, np_table_def *t,
                                         np_error *err);
np_status np_store_list_tables(np_table_list *out, np_table_columns_fn columns, void *ctx,
                               np_error *err);

/* For backends: head, t's columns quoted and joined by ", ", then tail (the
 * SQL of a copy's SELECT, INSERT or COPY); malloc'd, NULL when out of memory. */
char *np_store_columns_sql(const np_table_def *t, const char *head, const char *tail);

/* Calls fn for every row of table t; fn's error stops it and is returned. */
np_status np_store_copy_out(np_store *st, const np_table_def *t, np_row_fn fn, void *ctx,
                            np_error *err);

/* Writes one row of table t (t->n_columns values, kept as given: sids,
 * cluster ids and parameters included), inside a write transaction. */
np_status np_store_copy_in(np_store *st, const np_table_def *t, const np_value *row,
                           np_error *err);

/* Ends copying into the store, before its commit: rows held are written,
 * and ids the store issues itself (sids) continue past the rows copied. */
np_status np_store_copy_end(np_store *st, np_error *err);

#endif
