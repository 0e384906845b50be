/*
 * pipeline.c — two threads ahead of the main one (see pipeline.h): one
 * reads and segments, one signs, each handing its stories on through a
 * bounded queue, in order.
 */
#include "cli/pipeline.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Stories read ahead at most, per queue: about a tenth of a second of work,
 * so that the threads ahead keep working while the ingesting thread commits
 * a batch (tens of milliseconds at 200k stories); a story is a few KB, so
 * the two queues hold some 20 MB at most. A queue of a few dozen fills
 * within milliseconds of a commit, and the threads ahead then sleep through
 * the rest of it while a core stands idle. */
#define QUEUE_DEPTH 1024

/* A producer waiting for room is woken when its queue has drained to this,
 * not at each story taken: when the consumer is the slower side the
 * producer then wakes once per half a queue instead of once per story, and
 * each wake-up costs a futex call and a context switch on both threads. */
#define REFILL_AT (QUEUE_DEPTH / 2)

typedef struct queue {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	pipeline_item q[QUEUE_DEPTH];
	size_t head, count;
	int done;     /* the producer has put its last item */
	int stopping; /* the consumer wants the producer to stop */
} queue;

struct pipeline {
	np_reader *reader;
	np_db *seen;         /* the store, read-only, to skip stored ids; may be NULL */
	np_params params;
	pthread_t reading, signing;
	queue read;          /* reading -> signing: stories not signed yet */
	queue signed_;       /* signing -> main */
};

static void queue_init(queue *q)
{
	memset(q, 0, sizeof *q);
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->not_empty, NULL);
	pthread_cond_init(&q->not_full, NULL);
}

static void item_free(pipeline_item *it)
{
	np_story_free(it->s);
	np_fingerprint_free(it->fp);
	it->s = NULL;
	it->fp = NULL;
}

/* Frees what is left in q and q itself. */
static void queue_destroy(queue *q)
{
	for (; q->count; q->count--, q->head = (q->head + 1) % QUEUE_DEPTH)
		item_free(&q->q[q->head]);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->not_empty);
	pthread_cond_destroy(&q->not_full);
}

/* Waits for room and appends it; 0, or -1 when the consumer is stopping. */
static int queue_put(queue *q, const pipeline_item *it)
{
	pthread_mutex_lock(&q->lock);
	while (q->count == QUEUE_DEPTH && !q->stopping)
		pthread_cond_wait(&q->not_full, &q->lock);
	int ok = !q->stopping;
	if (ok) {
		q->q[(q->head + q->count) % QUEUE_DEPTH] = *it;
		q->count++;
		pthread_cond_signal(&q->not_empty);
	}
	pthread_mutex_unlock(&q->lock);
	return ok ? 0 : -1;
}

/* The next item; 0, or 1 when the producer is done and q is empty. */
static int queue_get(queue *q, pipeline_item *it)
{
	pthread_mutex_lock(&q->lock);
	while (q->count == 0 && !q->done)
		pthread_cond_wait(&q->not_empty, &q->lock);
	int end = q->count == 0;
	if (!end) {
		*it = q->q[q->head];
		q->head = (q->head + 1) % QUEUE_DEPTH;
		q->count--;
		if (q->count == REFILL_AT)
			pthread_cond_signal(&q->not_full);
	}
	pthread_mutex_unlock(&q->lock);
	return end;
}

/* The producer has put its last item. */
static void queue_finish(queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->done = 1;
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->lock);
}

/* The consumer takes no more: a waiting producer returns. */
static void queue_stop(queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->stopping = 1;
	pthread_cond_signal(&q->not_full);
	pthread_mutex_unlock(&q->lock);
}

/* Puts it on q, or frees it when the consumer is gone; 0, or -1 (stop). */
static int hand_on(queue *q, pipeline_item *it)
{
	if (queue_put(q, it) == 0)
		return 0;
	item_free(it);
	return -1;
}

/* The reading thread: records from the reader, segmented, in order. */
static void *reading(void *arg)
{
	pipeline *pl = arg;
	for (;;) {
		pipeline_item it;
		memset(&it, 0, sizeof it);
		it.rc = np_reader_next(pl->reader, &it.s, &it.err);
		if (it.rc == NP_DONE || hand_on(&pl->read, &it))
			break;
		if (it.rc != NP_OK && it.rc != NP_EINPUT)
			break; /* fatal: the consumer reports it and stops */
	}
	queue_finish(&pl->read);
	return NULL;
}

/* Signs a read story, unless its id is stored already (fp stays NULL). */
static void sign(pipeline *pl, pipeline_item *it)
{
	int stored = 0;
	np_error ignored;
	/* a failed lookup only means the story is signed after all */
	if (it->rc != NP_OK || (pl->seen && it->s->id &&
	                        np_db_contains(pl->seen, it->s->id, &stored, &ignored) == NP_OK &&
	                        stored))
		return;
	/* the normalized text goes along: the ingesting thread signs the body
	 * again less its outlet's template lines from it */
	it->rc = np_sign(&pl->params, it->s, NP_SIGN_TEXT, &it->fp, &it->err);
	if (it->rc != NP_OK) {
		np_story_free(it->s);
		it->s = NULL;
	}
}

/* The signing thread: every item from the reading thread, signed. */
static void *signing(void *arg)
{
	pipeline *pl = arg;
	pipeline_item it;
	while (!queue_get(&pl->read, &it)) {
		sign(pl, &it);
		np_status rc = it.rc;
		if (hand_on(&pl->signed_, &it))
			break;
		if (rc != NP_OK && rc != NP_EINPUT)
			break;
	}
	queue_stop(&pl->read); /* (the reading thread may be waiting for room) */
	queue_finish(&pl->signed_);
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

static void pipeline_free(pipeline *pl)
{
	queue_destroy(&pl->read);
	queue_destroy(&pl->signed_);
	np_reader_free(pl->reader);
	np_db_close(pl->seen, NULL);
	free(pl);
}

pipeline *pipeline_start(np_reader *r, const np_params *p, const char *db_path)
{
	pipeline *pl = calloc(1, sizeof *pl);
	if (!pl)
		return NULL;
	pl->reader = r;
	pl->params = *p;
	pl->seen = open_seen(db_path, p);
	queue_init(&pl->read);
	queue_init(&pl->signed_);
	if (pthread_create(&pl->reading, NULL, reading, pl) != 0) {
		pl->reader = NULL; /* (the caller still owns it) */
		pipeline_free(pl);
		return NULL;
	}
	if (pthread_create(&pl->signing, NULL, signing, pl) != 0) {
		queue_stop(&pl->read);
		pthread_join(pl->reading, NULL);
		pl->reader = NULL;
		pipeline_free(pl);
		return NULL;
	}
	return pl;
}

int pipeline_ready(pipeline *pl)
{
	queue *q = &pl->signed_;
	pthread_mutex_lock(&q->lock);
	int ready = q->count > 0 || q->done;
	pthread_mutex_unlock(&q->lock);
	return ready;
}

int pipeline_next(pipeline *pl, pipeline_item *item)
{
	return queue_get(&pl->signed_, item);
}

void pipeline_stop(pipeline *pl)
{
	if (!pl)
		return;
	queue_stop(&pl->signed_);
	pthread_join(pl->signing, NULL); /* it stops the reading thread's queue */
	pthread_join(pl->reading, NULL);
	pipeline_free(pl);
}
