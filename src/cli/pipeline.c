/*
 * pipeline.c — a bounded queue between the reading-and-signing thread and
 * the main thread (see pipeline.h).
 */
#include "pipeline.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Stories read ahead at most: enough to ride out a slow record, few enough
 * that memory stays small (a story is a few KB). */
#define QUEUE_DEPTH 64

/* A producer waiting for room is woken when the queue has drained to this,
 * not at each story taken: when matching and storing is the slower side
 * (a large store) the producer then wakes once per 32 stories instead of
 * once per story, and each wake-up was a futex call and a context switch
 * on both threads (perf: scheduling ~5% of an ingest). */
#define REFILL_AT (QUEUE_DEPTH / 2)

struct pipeline {
	np_reader *reader;
	np_db *seen;         /* the store, read-only, to skip stored ids; may be NULL */
	np_params params;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	pipeline_item q[QUEUE_DEPTH];
	size_t head, count;
	int done;     /* the producer has put its last item */
	int stopping; /* the consumer wants the producer to stop */
};

/* Waits for room and appends it; 0, or -1 when the consumer is stopping. */
static int put(pipeline *pl, const pipeline_item *it)
{
	pthread_mutex_lock(&pl->lock);
	while (pl->count == QUEUE_DEPTH && !pl->stopping)
		pthread_cond_wait(&pl->not_full, &pl->lock);
	int ok = !pl->stopping;
	if (ok) {
		pl->q[(pl->head + pl->count) % QUEUE_DEPTH] = *it;
		pl->count++;
		pthread_cond_signal(&pl->not_empty);
	}
	pthread_mutex_unlock(&pl->lock);
	return ok ? 0 : -1;
}

static void finish(pipeline *pl)
{
	pthread_mutex_lock(&pl->lock);
	pl->done = 1;
	pthread_cond_signal(&pl->not_empty);
	pthread_mutex_unlock(&pl->lock);
}

/* One item from the reader: a signed story, a bad record, or a fatal error. */
static np_status produce(pipeline *pl, pipeline_item *it)
{
	memset(it, 0, sizeof *it);
	it->rc = np_reader_next(pl->reader, &it->s, &it->err);
	int stored = 0;
	np_error ignored;
	/* a failed lookup only means the story is signed after all */
	if (it->rc == NP_OK && pl->seen && it->s->id &&
	    np_db_contains(pl->seen, it->s->id, &stored, &ignored) == NP_OK && stored)
		return it->rc;
	if (it->rc == NP_OK) {
		it->rc = np_sign(&pl->params, it->s, 0, &it->fp, &it->err);
		if (it->rc != NP_OK) {
			np_story_free(it->s);
			it->s = NULL;
		}
	}
	return it->rc;
}

static void *producer(void *arg)
{
	pipeline *pl = arg;
	for (;;) {
		pipeline_item it;
		np_status rc = produce(pl, &it);
		if (rc == NP_DONE)
			break;
		if (put(pl, &it)) {
			np_story_free(it.s);
			np_fingerprint_free(it.fp);
			break;
		}
		if (rc != NP_OK && rc != NP_EINPUT)
			break; /* fatal: the consumer reports it and stops */
	}
	finish(pl);
	return NULL;
}

/* The store for the id check, when it exists: a second connection, read-only
 * (SQLite connections are not shared between threads). */
static np_db *open_seen(const char *db_path, const np_params *p)
{
	struct stat sb;
	np_db *db = NULL;
	np_error ignored;
	if (!db_path || stat(db_path, &sb) != 0)
		return NULL;
	if (np_db_open(&db, db_path, NP_OPEN_READONLY, p, &ignored) != NP_OK)
		return NULL;
	return db;
}

pipeline *pipeline_start(np_reader *r, const np_params *p, const char *db_path)
{
	pipeline *pl = calloc(1, sizeof *pl);
	if (!pl)
		return NULL;
	pl->reader = r;
	pl->params = *p;
	pl->seen = open_seen(db_path, p);
	pthread_mutex_init(&pl->lock, NULL);
	pthread_cond_init(&pl->not_empty, NULL);
	pthread_cond_init(&pl->not_full, NULL);
	if (pthread_create(&pl->thread, NULL, producer, pl) != 0) {
		np_db_close(pl->seen, NULL);
		pthread_mutex_destroy(&pl->lock);
		pthread_cond_destroy(&pl->not_empty);
		pthread_cond_destroy(&pl->not_full);
		free(pl);
		return NULL;
	}
	return pl;
}

int pipeline_next(pipeline *pl, pipeline_item *item)
{
	pthread_mutex_lock(&pl->lock);
	while (pl->count == 0 && !pl->done)
		pthread_cond_wait(&pl->not_empty, &pl->lock);
	int end = pl->count == 0;
	if (!end) {
		*item = pl->q[pl->head];
		pl->head = (pl->head + 1) % QUEUE_DEPTH;
		pl->count--;
		if (pl->count == REFILL_AT)
			pthread_cond_signal(&pl->not_full);
	}
	pthread_mutex_unlock(&pl->lock);
	return end;
}

void pipeline_stop(pipeline *pl)
{
	if (!pl)
		return;
	pthread_mutex_lock(&pl->lock);
	pl->stopping = 1;
	pthread_cond_signal(&pl->not_full);
	pthread_mutex_unlock(&pl->lock);
	pthread_join(pl->thread, NULL);
	for (; pl->count; pl->count--, pl->head = (pl->head + 1) % QUEUE_DEPTH) {
		np_story_free(pl->q[pl->head].s);
		np_fingerprint_free(pl->q[pl->head].fp);
	}
	pthread_mutex_destroy(&pl->lock);
	pthread_cond_destroy(&pl->not_empty);
	pthread_cond_destroy(&pl->not_full);
	np_reader_free(pl->reader);
	np_db_close(pl->seen, NULL);
	free(pl);
}
