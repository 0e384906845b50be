/*
 * sqlite_int.h — what the SQLite backend's files share: the handle, the
 * prepared statements (each file holds the SQL of those it runs), the
 * operations each file implements for the table in sqlite.c, and the
 * helpers every query uses. Nothing outside this folder includes it.
 */
#ifndef NP_STORE_SQLITE_INT_H
#define NP_STORE_SQLITE_INT_H

#include <sqlite3.h>

#include "store/pack.h"
#include "store/postings.h"
#include "store/store.h"
#include "store/store_ops.h"

/* 2: credits and rails are JSON columns of stories, not tables. */
#define NP_SCHEMA_VERSION 2

/* The prepared statements, by what they do. */
enum {
	Q_BEGIN, Q_COMMIT, Q_ROLLBACK, Q_FIND_ID, Q_SCAN, Q_ADD_STORY, Q_ADD_FP,
	Q_MERGE, Q_MERGE_DROP, Q_MAX_CLUSTER, Q_MEMBERS, Q_PANEL, Q_MEMBER, Q_CLUSTER,
	Q_SAVE_CLUSTER, Q_SAVE_FLAG, Q_LIST, Q_COUNT, Q_GET_STORY, Q_META_GET,
	Q_META_PUT, Q_ID_OF, Q_PASSAGE_ADD, Q_PASSAGE_FIND, Q_PASSAGE_KEYS, Q_WORD_PUT, Q_WORD_ALL,
	Q_WORD_KEYS_ADD, Q_WORD_KEYS_OF, Q_BODY_OF, Q_TEXT_OF,
	Q_DERIV_ADD, Q_DERIV_JOINED, Q_DERIV_OF, Q_TEMPLATE_SCAN, Q_TEMPLATE_PUT, Q_TEMPLATE_FORGET,
	Q_SINGLES_SCAN, Q_SINGLES_ADD, Q_SINGLES_FORGET,
	Q_FORGET_CLUSTER_OF, Q_FORGET_STORY, Q_FORGET_FP, Q_FORGET_PASSAGES, Q_FORGET_WORD_KEYS,
	Q_FORGET_DERIVED, Q_FORGET_SOURCE, Q_FORGET_MATCHED, Q_FORGET_EMPTY, Q_MOVE, Q_PUBLISHED,
	Q_ADD_BOILER, Q_GET_BOILER, Q_FORGET_BOILER,
	Q_SCAN_SINCE, Q_LOG_ADD, Q_LOG_READ, Q_MARK, Q_ARRIVAL,
	Q_COUNT_
};

typedef struct np_word_stats np_word_stats;

typedef struct sq_store {
	np_store base; /* first: the np_store * the operations are given is this */
	sqlite3 *db;
	char *path;
	int lock_fd;   /* the writer lock (lock.c), or -1 */
	int reading;   /* a read transaction is open (np_store_read_begin) */
	int64_t data_version; /* PRAGMA data_version at the last begin (sqlite.c) */
	sqlite3_stmt *q[Q_COUNT_];
	np_word_stats *words; /* word counts, loaded on first use (words.c) */
	np_postings *postings; /* passage postings of the open transaction (postings.c) */
	np_presence *presence; /* which posting keys may be held, stored or not: made on the
	                        * first lookup (passage.c) */
	sqlite3_stmt *copy_q;  /* the insert of the table being copied in (copy.c) */
	char *copy_table;      /* that table's name */
} sq_store;

/* The backend's handle behind an np_store of this backend. */
static inline sq_store *sq_of(np_store *st)
{
	return (sq_store *)st;
}

/* The SQL of the prepared statements, by the file that runs them: a table
 * a file, indexed by Q_*, NULL where another file holds the statement. */
extern const char *const SQ_SQL_META[Q_COUNT_];
extern const char *const SQ_SQL_STORIES[Q_COUNT_];
extern const char *const SQ_SQL_CLUSTER[Q_COUNT_];
extern const char *const SQ_SQL_PASSAGE[Q_COUNT_];
extern const char *const SQ_SQL_POSTINGS[Q_COUNT_];
extern const char *const SQ_SQL_WORDS[Q_COUNT_];
extern const char *const SQ_SQL_TEMPLATE[Q_COUNT_];
extern const char *const SQ_SQL_FORGET[Q_COUNT_];
extern const char *const SQ_SQL_WRITERS[Q_COUNT_];

/* The operations (store_ops.h; store.h says what each does), by file. */
/* sqlite.c */
void sq_close(np_store *st);
np_status sq_begin(np_store *st, np_error *err);
np_status sq_commit(np_store *st, np_error *err);
np_status sq_rollback(np_store *st, np_error *err);
np_status sq_read_begin(np_store *st, np_error *err);
np_status sq_checkpoint(np_store *st, np_error *err);
np_status sq_set_wal_limit(np_store *st, uint64_t bytes, np_error *err);
np_status sq_set_cache(np_store *st, uint64_t bytes, np_error *err);
/* meta.c */
np_status sq_get_params(np_store *st, np_params *p, int *found, np_error *err);
np_status sq_put_params(np_store *st, const np_params *p, np_error *err);
np_status sq_max_cluster(np_store *st, int64_t *out, np_error *err);
np_status sq_set_max_cluster(np_store *st, int64_t id, np_error *err);
/* stories.c */
np_status sq_add(np_store *st, const np_story *s, const np_fingerprint *fp, const np_decision *d,
                 int64_t match_sid, int64_t *sid, np_error *err);
np_status sq_find_id(np_store *st, const char *id, int64_t *sid, np_error *err);
np_status sq_id_of(np_store *st, int64_t sid, np_stored_ref *out, np_error *err);
np_status sq_scan(np_store *st, unsigned k, unsigned lead_k, np_stored_fp_fn fn, void *ctx,
                  np_error *err);
np_status sq_count_stories(np_store *st, int64_t *out, np_error *err);
np_status sq_cluster_of(np_store *st, const char *id, int64_t *cluster, np_error *err);
np_status sq_get_story(np_store *st, const char *id, np_story **out, np_error *err);
/* cluster.c */
np_status sq_merge_clusters(np_store *st, int64_t from, int64_t into, np_error *err);
np_status sq_load_cluster(np_store *st, int64_t cluster, unsigned k, np_cluster_rec *out,
                          np_error *err);
np_status sq_load_panel(np_store *st, int64_t cluster, unsigned k, size_t limit,
                        const int64_t *sids, size_t n_sids, np_cluster_rec *out, np_error *err);
np_status sq_save_attribution(np_store *st, const np_cluster_rec *c, np_error *err);
np_status sq_list_clusters(np_store *st, unsigned min_size, np_cluster_size **out, size_t *n,
                           np_error *err);
/* passage.c, postings.c and words.c */
np_status sq_add_passages(np_store *st, int64_t sid, const uint64_t *h, size_t n, np_error *err);
np_status sq_find_passages(np_store *st, const uint64_t *h, size_t n, unsigned cap,
                           int64_t **sids, size_t *n_sids, size_t *room, np_error *err);
np_status sq_add_words(np_store *st, unsigned script, const uint64_t *w, size_t n,
                       np_error *err);
np_status sq_word_df(np_store *st, unsigned script, const uint64_t *w, size_t n, uint32_t *df,
                     uint32_t *docs, np_error *err);
np_status sq_add_word_keys(np_store *st, int64_t sid, const uint32_t *keys, size_t n,
                           np_error *err);
np_status sq_word_keys_of(np_store *st, int64_t sid, uint32_t **keys, size_t *n, int *found,
                          np_error *err);
np_status sq_body_of(np_store *st, int64_t sid, char **body, np_error *err);
np_status sq_text_of(np_store *st, int64_t sid, np_stored_text *out, np_error *err);
np_status sq_add_derivation(np_store *st, const np_derivation_rec *d, np_error *err);
np_status sq_joined_partially(np_store *st, int64_t sid, int64_t *through, np_error *err);
/* template.c */
np_status sq_load_templates(np_store *st, np_templates *t, np_error *err);
np_status sq_forget_template_singles(np_store *st, np_error *err);
np_status sq_save_templates(np_store *st, const np_templates *t, const uint64_t *keys, size_t n,
                            np_error *err);
/* forget.c */
np_status sq_forget_story(np_store *st, int64_t sid, int64_t *cluster, np_error *err);
np_status sq_move_story(np_store *st, int64_t sid, int64_t cluster, np_error *err);
np_status sq_scan_published(np_store *st, np_published_fn fn, void *ctx, np_error *err);
/* writers.c (and stories.c: sq_scan_since) */
np_status sq_writer_mark(np_store *st, np_writer_mark *out, np_error *err);
np_status sq_scan_since(np_store *st, int64_t after_sid, unsigned k, unsigned lead_k,
                        np_stored_fp_fn fn, void *ctx, np_error *err);
np_status sq_read_log(np_store *st, int64_t after, np_log_fn fn, void *ctx, np_error *err);
np_status sq_scan_arrival(np_store *st, np_published_fn fn, void *ctx, np_error *err);
np_status sq_clear(np_store *st, np_error *err);
/* rail_items.c */
np_status sq_scan_rail_items(np_store *st, np_rail_item_fn fn, void *ctx, np_error *err);
np_status sq_scan_titles(np_store *st, np_rail_item_fn fn, void *ctx, np_error *err);

/* copy.c */
np_status sq_copy_tables(np_store *st, np_table_list *out, np_error *err);
np_status sq_copy_out(np_store *st, const np_table_def *t, np_row_fn fn, void *ctx,
                      np_error *err);
np_status sq_copy_in(np_store *st, const np_table_def *t, const np_value *row, np_error *err);
np_status sq_copy_end(np_store *st, np_error *err);
/* Forgets the insert prepared for copying (closing, a rollback). */
void store_copy_drop(sq_store *st);

/* The writer lock (lock.c): PATH-lock beside the store, flock'd by the one
 * process that writes it. *fd is -1 where no lock can be made (a folder
 * nobody may write in). */
np_status sq_lock_writer(const char *path, int *fd, np_error *err);
void sq_unlock_writer(int fd);
/* PATH-lock, malloc'd (NULL when out of memory). */
char *sq_lock_path(const char *path);

/* meta.c: *value is a malloc'd copy, or NULL when the key is absent. */
np_status sq_meta_get(sq_store *st, const char *key, char **value, np_error *err);
np_status sq_meta_put(sq_store *st, const char *key, const char *value, np_error *err);
/* sqlite.c: NP_ESTORE, saying what to do, unless version is NP_SCHEMA_VERSION. */
np_status sq_version_check(sq_store *st, int version, np_error *err);
/* Runs statement which, returning one integer, into *out. */
np_status store_single_int(sq_store *st, int which, int64_t *out, np_error *err);

/* Appends an entry to the writers' log (writers.c); data may be NULL. */
np_status store_log(sq_store *st, np_log_kind kind, int64_t a, int64_t b, const void *data,
                    size_t bytes, np_error *err);
/* Appends the template counts saved by a commit as one entry. */
np_status store_log_counts(sq_store *st, const uint64_t *keys, const uint32_t *pages, size_t n,
                           np_error *err);
/* Calls fn(sid, id, published) for the rows of statement which (forget.c). */
np_status store_scan_ids(sq_store *st, int which, np_published_fn fn, void *ctx, np_error *err);

/* Fills err with what SQLite says went wrong while doing what; NP_ESTORE. */
np_status store_fail(sq_store *st, np_error *err, const char *what);
/* Runs a prepared statement that returns no rows and resets it. */
np_status store_step(sq_store *st, sqlite3_stmt *q, np_error *err, const char *what);
/* Binds s, or NULL as SQL NULL. */
void store_bind_text(sqlite3_stmt *q, int i, const char *s);
/* A malloc'd copy of a text column, or NULL. */
char *store_column_text(sqlite3_stmt *q, int i);
/* Decodes a minhash blob of k values into sig; 0, or -1 when the size is wrong. */
int store_decode_minhash(sqlite3_stmt *q, int col, unsigned k, uint32_t *sig);
/* A blob column of 32-bit values back into *out (malloc'd, NULL when
 * empty) and *n; 0, -1 when its size is no multiple of 4, -2 when out of
 * memory. */
int store_decode_u32(sqlite3_stmt *q, int col, uint32_t **out, size_t *n);
/* Fills member m's sources (the stories it derives from by shared passages). */
np_status store_load_sources(sq_store *st, np_member *m, np_error *err);

/* Forgets the presence set (closing). */
void store_presence_drop(sq_store *st);
/* Writes the held postings in key order (before the transaction commits). */
np_status store_postings_write(sq_store *st, np_error *err);
/* Forgets the held postings (a rollback, or closing). */
void store_postings_drop(sq_store *st);
/* Writes the word counts changed in this transaction (before it commits). */
np_status store_words_write(sq_store *st, np_error *err);
/* Forgets the loaded word counts (a rollback, or closing). */
void store_words_drop(sq_store *st);

#endif
