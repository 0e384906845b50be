/*
 * store_types.h — the records the store's operations take and give (store.h
 * for callers, store_ops.h for backends): what a decision reads of a stored
 * story, a stored fingerprint, a cluster's size, a stored text, a
 * derivation link, a rail item.
 */
#ifndef NP_STORE_TYPES_H
#define NP_STORE_TYPES_H

#include <stdint.h>

#include "cluster/members.h"
#include "newsprint.h"
#include "segment/template.h"

/* A store: an opaque handle to its callers (store_ops.h defines its head
 * for backends). */
typedef struct np_store np_store;

/* What a decision reports of the story it matched. */
typedef struct np_stored_ref {
	char *id;          /* malloc'd */
	uint64_t simhash;
	unsigned lead_k;   /* set by the caller: room in lead */
	uint32_t *lead;    /* the caller's room for lead_k values */
} np_stored_ref;

/* One stored fingerprint, as the index is rebuilt from it. */
typedef struct np_stored_fp {
	int64_t sid;
	int64_t cluster;
	uint32_t n_shingles;
	uint64_t content_hash[2];
	uint64_t simhash;
	const uint32_t *minhash; /* k values, valid during the callback only */
	const uint32_t *lead;    /* lead_k values, likewise */
	const char *published;   /* likewise; may be NULL */
} np_stored_fp;

/* Called for each fingerprint of a scan; non-zero stops it (store.h). */
typedef int (*np_stored_fp_fn)(void *ctx, const np_stored_fp *f);

/* Cluster ids with at least min_size members, with their sizes. */
typedef struct np_cluster_size {
	int64_t id;
	int64_t size;
} np_cluster_size;

/* A stored story as the passage tier reads it back: its body, who
 * published it (outlet and URL, NULL when not stored), and who published
 * the story it was matched to when stored (its source, when it is a copy),
 * malloc'd copies. */
typedef struct np_stored_text {
	char *body, *outlet, *url;
	char *match_outlet, *match_url;
} np_stored_text;

/* A derivation link: story sid derives from source_sid. */
typedef struct np_derivation_rec {
	int64_t sid, source_sid;
	const char *cls;      /* "wholly" or "partially" */
	double share;         /* of sid in the shared passages */
	double source_share;  /* of source_sid in them */
	double overlap;       /* sid's IDF-weighted word overlap with source_sid */
	uint32_t passages, words;
	int joined;           /* 1: the link that placed sid in its cluster */
} np_derivation_rec;

/* Calls fn(ctx, id, outlet, heading, title) for every stored rail item
 * (outlet and heading may be NULL); a non-zero return stops the scan and is
 * an out-of-memory error. */
typedef int (*np_rail_item_fn)(void *ctx, const char *id, const char *outlet, const char *heading,
                               const char *title);

/* Calls fn(ctx, sid, id, published) for every stored story with a
 * publication time; a non-zero return stops the scan and is an
 * out-of-memory error. */
typedef int (*np_published_fn)(void *ctx, int64_t sid, const char *id, const char *published);

/* How far a writer has read a shared store: the largest sid and the
 * largest entry of the writers' log it knows (docs/store.md, "Writers
 * sharing a store"). */
typedef struct np_writer_mark {
	int64_t sid, log;
} np_writer_mark;

/* What an entry of the writers' log records. */
typedef enum np_log_kind {
	NP_LOG_MERGE = 1,     /* cluster a merged into cluster b */
	NP_LOG_MOVE = 2,      /* story a moved into cluster b */
	NP_LOG_FORGET = 3,    /* story a forgotten (it was in cluster b) */
	NP_LOG_TEMPLATES = 4, /* outlet template counts: keys[i] is on pages[i] pages */
	NP_LOG_SINGLES = 5,   /* template keys counted once were forgotten */
	NP_LOG_CLEAR = 6,     /* every story removed, to be decided again */
} np_log_kind;

/* One entry of the writers' log; keys and pages are valid during the
 * callback only. */
typedef struct np_log_entry {
	int64_t seq;
	np_log_kind kind;
	int64_t a, b;
	const uint64_t *keys;
	const uint32_t *pages;
	size_t n;
} np_log_entry;

/* Called for each log entry, in seq order; non-zero stops the read. */
typedef int (*np_log_fn)(void *ctx, const np_log_entry *e);

/* Copying a store (newsprint migrate): every backend mirrors one logical
 * schema (docs/store.md, "Copying"), so a store is copied table by table,
 * row by row, as typed values. */
typedef enum np_value_type {
	NP_VALUE_NULL = 0,
	NP_VALUE_INT,  /* i: a 64-bit integer */
	NP_VALUE_REAL, /* d: a double */
	NP_VALUE_TEXT, /* p, n: UTF-8 bytes, NUL-terminated at p[n] */
	NP_VALUE_BLOB  /* p, n: bytes */
} np_value_type;

typedef struct np_value {
	np_value_type type;
	int64_t i;
	double d;
	const void *p; /* valid during the callback only */
	size_t n;
} np_value;

/* A table as copying sees it: its name and its columns' names, in order. */
typedef struct np_table_def {
	char *name;
	char **columns;
	size_t n_columns;
} np_table_def;

/* A store's tables, in an order they may be filled in (a table before those
 * that refer to it). */
typedef struct np_table_list {
	np_table_def *v;
	size_t n;
} np_table_list;

/* Called for each row of a table (row[0..n), in its columns' order); a
 * return other than NP_OK, with err filled, stops the scan with it. */
typedef np_status (*np_row_fn)(void *ctx, const np_value *row, size_t n, np_error *err);

#endif
