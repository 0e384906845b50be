/*
 * serve_read.c — the read-only handles GET requests read the store through.
 * Each is one SQLite connection in autocommit: every query sees the last
 * commit, and none waits for the writer (the store runs in WAL mode). A
 * handle serves one request at a time, so idle ones are kept in a list and
 * a request that finds none opens another.
 */
#include <pthread.h>
#include <stdlib.h>

#include "cli/serve.h"

struct serve_readers {
	const char *path;
	pthread_mutex_t mu;
	np_db **idle;
	size_t n, cap;
};

serve_readers *serve_readers_new(const char *path)
{
	serve_readers *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->path = path;
	pthread_mutex_init(&r->mu, NULL);
	return r;
}

void serve_readers_free(serve_readers *r)
{
	if (!r)
		return;
	np_error err;
	for (size_t i = 0; i < r->n; i++)
		np_db_close(r->idle[i], &err);
	free(r->idle);
	pthread_mutex_destroy(&r->mu);
	free(r);
}

np_db *serve_reader_take(serve_readers *r, np_error *err)
{
	np_db *db = NULL;
	pthread_mutex_lock(&r->mu);
	if (r->n)
		db = r->idle[--r->n];
	pthread_mutex_unlock(&r->mu);
	if (!db && np_db_open(&db, r->path, NP_OPEN_READONLY, NULL, err) != NP_OK)
		return NULL;
	return db;
}

void serve_reader_give(serve_readers *r, np_db *db)
{
	pthread_mutex_lock(&r->mu);
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 8;
		np_db **v = realloc(r->idle, cap * sizeof *v);
		if (v) {
			r->idle = v;
			r->cap = cap;
		}
	}
	if (r->n < r->cap) {
		r->idle[r->n++] = db;
		db = NULL;
	}
	pthread_mutex_unlock(&r->mu);
	np_error err;
	np_db_close(db, &err); /* NULL when kept; a read-only handle has nothing to commit */
}
