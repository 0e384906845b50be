/*
 * store_int.h — what the store's files (store.c, store_cluster.c,
 * store_passage.c) share: the handle, the prepared statements, and the
 * helpers every query uses. Nothing outside the store includes it.
 */
#ifndef NP_STORE_INT_H
#define NP_STORE_INT_H

#include <sqlite3.h>

#include "store/store.h"

/* The prepared statements, by what they do. */
enum {
	Q_BEGIN, Q_COMMIT, Q_ROLLBACK, Q_FIND_ID, Q_SCAN, Q_ADD_STORY, Q_ADD_FP,
	Q_MERGE, Q_MERGE_DROP, Q_MAX_CLUSTER, Q_MEMBERS, Q_PANEL, Q_MEMBER, Q_CLUSTER,
	Q_SAVE_CLUSTER, Q_SAVE_FLAG, Q_LIST, Q_COUNT, Q_GET_STORY, Q_META_GET,
	Q_META_PUT, Q_ID_OF, Q_PASSAGE_ADD, Q_PASSAGE_FIND, Q_PASSAGE_KEYS, Q_WORD_PUT, Q_WORD_ALL,
	Q_WORD_KEYS_ADD, Q_WORD_KEYS_OF, Q_BODY_OF, Q_TEXT_OF,
	Q_DERIV_ADD, Q_DERIV_JOINED, Q_DERIV_OF, Q_TEMPLATE_SCAN, Q_TEMPLATE_PUT, Q_TEMPLATE_FORGET,
	Q_SINGLES_SCAN, Q_SINGLES_ADD, Q_SINGLES_FORGET,
	Q_COUNT_
};

typedef struct np_word_stats np_word_stats;
typedef struct np_postings np_postings;
typedef struct np_presence np_presence;

struct np_store {
	sqlite3 *db;
	char *path;
	int lock_fd;   /* the writer lock (store_lock.c), or -1 */
	int reading;   /* a read transaction is open (np_store_read_begin) */
	sqlite3_stmt *q[Q_COUNT_];
	np_word_stats *words; /* word counts, loaded on first use (store_words.c) */
	np_postings *postings; /* passage postings of the open transaction (store_postings.c) */
	np_presence *presence; /* which posting keys may be held, stored or not: made on the
	                        * first lookup (store_passage.c) */
};

/* Fills err with what SQLite says went wrong while doing what; NP_ESTORE. */
np_status store_fail(np_store *st, np_error *err, const char *what);
/* Runs a prepared statement that returns no rows and resets it. */
np_status store_step(np_store *st, sqlite3_stmt *q, np_error *err, const char *what);
/* Binds s, or NULL as SQL NULL. */
void store_bind_text(sqlite3_stmt *q, int i, const char *s);
/* A malloc'd copy of a text column, or NULL. */
char *store_column_text(sqlite3_stmt *q, int i);
/* Decodes a minhash blob of k values into sig; 0, or -1 when the size is wrong. */
int store_decode_minhash(sqlite3_stmt *q, int col, unsigned k, uint32_t *sig);
/* n 32-bit values as a little-endian blob (stores move between machines),
 * malloc'd; NULL when out of memory. */
unsigned char *store_encode_u32(const uint32_t *v, size_t n);
/* Such a blob back into *out (malloc'd, NULL when empty) and *n; 0, -1 when
 * its size is no multiple of 4, -2 when out of memory. */
int store_decode_u32(sqlite3_stmt *q, int col, uint32_t **out, size_t *n);
/* One 64-bit value as 8 little-endian bytes at b, and back. */
void store_put_le64(unsigned char *b, uint64_t v);
uint64_t store_get_le64(const unsigned char *b);
/* "source-url", "agency" or "byline" to its kind (store_pack.c). */
np_credit_kind store_credit_kind(const char *s);
/* Credits and rails as the JSON a stories row keeps them in (store_pack.c):
 * malloc'd, or NULL when there are none or when out of memory (*oom set). */
char *store_pack_credits(const np_credit *c, size_t n, int *oom);
char *store_pack_rails(const np_rail *r, size_t n, int *oom);
/* And back (json may be NULL: none); 0, or -1 when out of memory. */
int store_unpack_credits(const char *json, np_credit **out, size_t *n);
int store_unpack_rails(const char *json, np_rail **out, size_t *n);
/* Fills member m's sources (the stories it derives from by shared passages). */
np_status store_load_sources(np_store *st, np_member *m, np_error *err);

/* Holds a passage posting until the transaction commits. */
np_status store_postings_add(np_store *st, int64_t key, int64_t sid, np_error *err);
/* The sids of up to max held postings of key, into out; returns how many. */
size_t store_postings_find(const np_store *st, int64_t key, int64_t *out, size_t max);
/* Adds the key of every held posting to p. */
void store_postings_mark(const np_store *st, np_presence *p);
/* Forgets the presence set (closing). */
void store_presence_drop(np_store *st);
/* Writes the held postings in key order (before the transaction commits). */
np_status store_postings_write(np_store *st, np_error *err);
/* Forgets the held postings (a rollback, or closing). */
void store_postings_drop(np_store *st);
/* Writes the word counts changed in this transaction (before it commits). */
np_status store_words_write(np_store *st, np_error *err);
/* Forgets the loaded word counts (a rollback, or closing). */
void store_words_drop(np_store *st);

#endif
