/*
 * pg_int.h — what the PostgreSQL backend's files share: the handle, the
 * statements (each file holds the SQL of those it runs, prepared on first
 * use), the operations each file implements for the table in pg.c, and the
 * helpers every query uses (query.c). Nothing outside this folder includes
 * it.
 */
#ifndef NP_STORE_PG_INT_H
#define NP_STORE_PG_INT_H

#include <libpq-fe.h>

#include "store/pack.h"
#include "store/postings.h"
#include "store/store.h"
#include "store/store_ops.h"

/* The tables mirror the SQLite store's of its schema version 2 (column for
 * column, docs/postgresql.md), so a store keeps one version number in
 * either backend. */
#define PG_SCHEMA_VERSION 2

/* The statements, by what they do. */
enum {
	P_META_GET, P_META_PUT, P_MAX_CLUSTER,
	P_FIND_ID, P_ADD, P_ID_OF, P_SCAN, P_COUNT, P_CLUSTER_OF, P_GET_STORY,
	P_MERGE, P_MEMBERS, P_PANEL, P_MEMBER, P_CLUSTER, P_SAVE_CLUSTER, P_SAVE_FLAG, P_LIST,
	P_DERIV_OF,
	P_PASSAGE_ADD, P_PASSAGE_FIND, P_WORD_ADD, P_WORD_DF, P_WORD_KEYS_ADD, P_WORD_KEYS_OF,
	P_BODY_OF, P_TEXT_OF, P_DERIV_ADD, P_DERIV_JOINED,
	P_TEMPLATE_SCAN, P_SINGLES_SCAN, P_TEMPLATE_PUT, P_SINGLES_ADD, P_TEMPLATE_FORGET,
	P_SINGLES_FORGET,
	P_FORGET_CLUSTER_OF, P_FORGET_FP, P_FORGET_PASSAGES, P_FORGET_WORD_KEYS, P_FORGET_DERIVED,
	P_FORGET_SOURCE, P_FORGET_STORY, P_FORGET_MATCHED, P_FORGET_EMPTY, P_MOVE, P_PUBLISHED,
	P_RAILS, P_TITLES,
	P_ADD_BOILER, P_FORGET_BOILER, P_SCAN_SINCE, P_ARRIVAL, P_LOG_ADD, P_LOG_READ, P_MARK,
	P_COUNT_
};

typedef struct pg_words pg_words;
typedef struct pg_keys_cache pg_keys_cache;

typedef struct pg_store {
	np_store base;  /* first: the np_store * the operations are given is this */
	PGconn *conn;
	char *name;     /* the --db string with its password masked, for messages */
	int reading;    /* a read transaction is open (np_store_read_begin) */
	pg_words *words; /* word counts of the open transaction (words.c) */
	np_postings *postings; /* passage postings of the open transaction (passage.c) */
	pg_keys_cache *keys; /* word keys of recent stories (keys.c) */
	unsigned char prepared[P_COUNT_];
	struct pg_copy *copy; /* the COPY into a table open while copying in (copy.c) */
} pg_store;

/* The backend's handle behind an np_store of this backend. */
static inline pg_store *pg_of(np_store *st)
{
	return (pg_store *)st;
}

/* The SQL of the statements, by the file that runs them: a table a file,
 * indexed by P_*, NULL where another file holds the statement. */
extern const char *const PG_SQL_META[P_COUNT_];
extern const char *const PG_SQL_STORIES[P_COUNT_];
extern const char *const PG_SQL_CLUSTER[P_COUNT_];
extern const char *const PG_SQL_PASSAGE[P_COUNT_];
extern const char *const PG_SQL_WORDS[P_COUNT_];
extern const char *const PG_SQL_KEYS[P_COUNT_];
extern const char *const PG_SQL_TEMPLATE[P_COUNT_];
extern const char *const PG_SQL_FORGET[P_COUNT_];
extern const char *const PG_SQL_WRITERS[P_COUNT_];

/* ------------------------------------------------------------------ */
/* query.c: parameters, running statements, reading results           */
/* ------------------------------------------------------------------ */

/* The most parameters a statement takes (the story and its fingerprint). */
#define PG_MAX_PARAMS 24
/* Room for a 64-bit integer in decimal, or a double's 8 bytes. */
#define PG_NUM_BYTES 24

/* A statement's parameters as libpq takes them. Integers go as text (the
 * server reads them as the column's type), doubles, byte strings and
 * arrays in binary (exact, and not escaped). */
typedef struct pg_params {
	int n;
	int oom;  /* an array could not be made: the statement is not run */
	const char *v[PG_MAX_PARAMS];
	int len[PG_MAX_PARAMS];
	int fmt[PG_MAX_PARAMS];
	char num[PG_MAX_PARAMS][PG_NUM_BYTES];
	void *owned[PG_MAX_PARAMS]; /* freed with the parameters */
} pg_params;

void pg_param_int(pg_params *p, int64_t v);
void pg_param_double(pg_params *p, double v);
/* s, or SQL NULL when s is NULL; not copied. */
void pg_param_text(pg_params *p, const char *s);
/* n bytes (bytea); owned: freed with the parameters (b may be NULL: p->oom). */
void pg_param_bytes(pg_params *p, const void *b, size_t n, int owned);
/* A bigint[] of n values, for statements that take a whole batch in one
 * round trip (unnest). */
void pg_param_i64s(pg_params *p, const int64_t *v, size_t n);
void pg_params_free(pg_params *p);

/* Runs statement which with p (freed here; p may be NULL), preparing it on
 * first use. *res: its rows, in binary, for the caller to PQclear. */
np_status pg_query(pg_store *st, int which, pg_params *p, PGresult **res, np_error *err,
                   const char *what);
/* Likewise, for a statement of one integer parameter (a sid, an id). */
np_status pg_query_int(pg_store *st, int which, int64_t v, PGresult **res, np_error *err,
                       const char *what);
/* Likewise, for a statement whose rows (if any) nobody reads. */
np_status pg_run(pg_store *st, int which, pg_params *p, np_error *err, const char *what);
/* One SQL text (no parameters, maybe several statements), rows ignored. */
np_status pg_exec(pg_store *st, const char *sql, np_error *err, const char *what);
/* A statement's first column of its first row, as an integer (0 when it
 * gives no row). */
np_status pg_single_int(pg_store *st, int which, pg_params *p, int64_t *out, np_error *err,
                        const char *what);

/* Called for each row of a streamed statement (row 0 of r); non-zero
 * stops the stream: *stopped is set and the rest of the rows is dropped. */
typedef int (*pg_row_fn)(const PGresult *r, void *ctx);
/* Runs statement which and hands its rows to fn one at a time as they
 * arrive (libpq's single-row mode): one pass over a table of any size, in
 * constant memory. fn must not use the store. */
np_status pg_stream(pg_store *st, int which, pg_params *p, pg_row_fn fn, void *ctx, int *stopped,
                    np_error *err, const char *what);

/* NP_ESTORE: the store, what failed, and the server's first line. */
np_status pg_fail(pg_store *st, np_error *err, const char *what, const PGresult *r);

/* Columns of a binary result: integers of any width, doubles, text (NULL
 * for SQL NULL, valid while r is), a malloc'd copy of text, bytes. */
int64_t pg_int(const PGresult *r, int row, int col);
double pg_double(const PGresult *r, int row, int col);
const char *pg_text(const PGresult *r, int row, int col);
char *pg_text_dup(const PGresult *r, int row, int col);
const unsigned char *pg_bytes(const PGresult *r, int row, int col, size_t *n);
/* Whether a column is there but its copy (got) was not made. */
int pg_copy_lost(const PGresult *r, int row, int col, const char *got);

/* The SQL of statement which (pg.c: from the table of the file that runs it). */
const char *pg_statement_sql(int which);

/* ------------------------------------------------------------------ */
/* The operations (store_ops.h; store.h says what each does), by file. */
/* ------------------------------------------------------------------ */
/* pg.c */
void pg_close(np_store *st);
np_status pg_begin(np_store *st, np_error *err);
np_status pg_commit(np_store *st, np_error *err);
np_status pg_rollback(np_store *st, np_error *err);
np_status pg_read_begin(np_store *st, np_error *err);
/* meta.c */
np_status pg_get_params(np_store *st, np_params *p, int *found, np_error *err);
np_status pg_put_params(np_store *st, const np_params *p, np_error *err);
np_status pg_max_cluster(np_store *st, int64_t *out, np_error *err);
np_status pg_set_max_cluster(np_store *st, int64_t id, np_error *err);
/* stories.c */
np_status pg_add(np_store *st, const np_story *s, const np_fingerprint *fp, const np_decision *d,
                 int64_t match_sid, int64_t *sid, np_error *err);
np_status pg_find_id(np_store *st, const char *id, int64_t *sid, np_error *err);
np_status pg_id_of(np_store *st, int64_t sid, np_stored_ref *out, np_error *err);
np_status pg_scan(np_store *st, unsigned k, unsigned lead_k, np_stored_fp_fn fn, void *ctx,
                  np_error *err);
np_status pg_count_stories(np_store *st, int64_t *out, np_error *err);
np_status pg_cluster_of(np_store *st, const char *id, int64_t *cluster, np_error *err);
np_status pg_get_story(np_store *st, const char *id, np_story **out, np_error *err);
/* cluster.c */
np_status pg_merge_clusters(np_store *st, int64_t from, int64_t into, np_error *err);
np_status pg_load_cluster(np_store *st, int64_t cluster, unsigned k, np_cluster_rec *out,
                          np_error *err);
np_status pg_load_panel(np_store *st, int64_t cluster, unsigned k, size_t limit,
                        const int64_t *sids, size_t n_sids, np_cluster_rec *out, np_error *err);
np_status pg_save_attribution(np_store *st, const np_cluster_rec *c, np_error *err);
np_status pg_list_clusters(np_store *st, unsigned min_size, np_cluster_size **out, size_t *n,
                           np_error *err);
/* passage.c, words.c and keys.c */
np_status pg_add_passages(np_store *st, int64_t sid, const uint64_t *h, size_t n, np_error *err);
np_status pg_find_passages(np_store *st, const uint64_t *h, size_t n, unsigned cap,
                           int64_t **sids, size_t *n_sids, size_t *room, np_error *err);
np_status pg_add_words(np_store *st, unsigned script, const uint64_t *w, size_t n,
                       np_error *err);
np_status pg_word_df(np_store *st, unsigned script, const uint64_t *w, size_t n, uint32_t *df,
                     uint32_t *docs, np_error *err);
np_status pg_add_word_keys(np_store *st, int64_t sid, const uint32_t *keys, size_t n,
                           np_error *err);
np_status pg_word_keys_of(np_store *st, int64_t sid, uint32_t **keys, size_t *n, int *found,
                          np_error *err);
np_status pg_body_of(np_store *st, int64_t sid, char **body, np_error *err);
np_status pg_text_of(np_store *st, int64_t sid, np_stored_text *out, np_error *err);
np_status pg_add_derivation(np_store *st, const np_derivation_rec *d, np_error *err);
np_status pg_joined_partially(np_store *st, int64_t sid, int64_t *through, np_error *err);
/* template.c */
np_status pg_load_templates(np_store *st, np_templates *t, np_error *err);
np_status pg_forget_template_singles(np_store *st, np_error *err);
np_status pg_save_templates(np_store *st, const np_templates *t, const uint64_t *keys, size_t n,
                            np_error *err);
/* forget.c */
np_status pg_forget_story(np_store *st, int64_t sid, int64_t *cluster, np_error *err);
np_status pg_move_story(np_store *st, int64_t sid, int64_t cluster, np_error *err);
np_status pg_scan_published(np_store *st, np_published_fn fn, void *ctx, np_error *err);
np_status pg_scan_rail_items(np_store *st, np_rail_item_fn fn, void *ctx, np_error *err);
np_status pg_scan_titles(np_store *st, np_rail_item_fn fn, void *ctx, np_error *err);

/* writers.c (and stories.c: pg_scan_since; forget.c: pg_scan_arrival) */
np_status pg_writer_mark(np_store *st, np_writer_mark *out, np_error *err);
np_status pg_scan_since(np_store *st, int64_t after_sid, unsigned k, unsigned lead_k,
                        np_stored_fp_fn fn, void *ctx, np_error *err);
np_status pg_read_log(np_store *st, int64_t after, np_log_fn fn, void *ctx, np_error *err);
np_status pg_scan_arrival(np_store *st, np_published_fn fn, void *ctx, np_error *err);
np_status pg_clear(np_store *st, np_error *err);
/* Appends an entry to the writers' log (data may be NULL). */
np_status pg_log(pg_store *st, np_log_kind kind, int64_t a, int64_t b, const void *data,
                 size_t bytes, np_error *err);
/* Appends a commit's template counts as one entry: keys[i] on pages[i]
 * pages, and the n_singles keys of the singles blob on one. */
np_status pg_log_counts(pg_store *st, const int64_t *keys, const int64_t *pages, size_t n,
                        const unsigned char *singles, size_t n_singles, np_error *err);

/* words.c: writes the held word counts (before the transaction commits);
 * forgets them (a rollback, or closing). */
np_status pg_words_write(pg_store *st, np_error *err);
void pg_words_drop(pg_store *st);
/* passage.c: writes the held postings in key order (before the transaction
 * commits); forgets them (a rollback, or closing). */
np_status pg_postings_write(pg_store *st, np_error *err);
void pg_postings_drop(pg_store *st);
/* keys.c: forgets story sid's cached word keys; frees the cache (closing). */
void pg_keys_forget(pg_store *st, int64_t sid);
void pg_keys_drop(pg_store *st);

/* copy.c */
np_status pg_copy_tables(np_store *st, np_table_list *out, np_error *err);
np_status pg_copy_out(np_store *st, const np_table_def *t, np_row_fn fn, void *ctx,
                      np_error *err);
np_status pg_copy_in(np_store *st, const np_table_def *t, const np_value *row, np_error *err);
np_status pg_copy_end(np_store *st, np_error *err);
/* Ends a COPY still open, its rows dropped (a rollback, closing). */
void pg_copy_drop(pg_store *st);

/* meta.c: *value is a malloc'd copy, or NULL when the key is absent. */
np_status pg_meta_get(pg_store *st, const char *key, char **value, np_error *err);

#endif
