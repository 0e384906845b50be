/*
 * checkpointer.c — the checkpointing thread (see checkpointer.h).
 */
#include "cli/checkpointer.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

/* A checkpoint every quarter second: an ingest commits every 1,000 stories,
 * a tenth of a second or more, so each commit's pages are copied soon after
 * it, and the writing connection's own checkpoints (every 64 MB of log)
 * find little left to copy. */
#define CHECKPOINT_EVERY_NS 250000000L
#define NS_PER_S 1000000000L

struct checkpointer {
	np_db *db;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int stopping;
};

/* The time a quarter second from now, for pthread_cond_timedwait. */
static struct timespec next_time(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_nsec += CHECKPOINT_EVERY_NS;
	if (t.tv_nsec >= NS_PER_S) {
		t.tv_sec++;
		t.tv_nsec -= NS_PER_S;
	}
	return t;
}

static void *checkpointing(void *arg)
{
	checkpointer *c = arg;
	pthread_mutex_lock(&c->lock);
	while (!c->stopping) {
		struct timespec t = next_time();
		while (!c->stopping && pthread_cond_timedwait(&c->wake, &c->lock, &t) != ETIMEDOUT)
			;
		if (c->stopping)
			break;
		pthread_mutex_unlock(&c->lock);
		np_error ignored; /* a failed checkpoint is tried again; the writer's own still run */
		np_db_checkpoint(c->db, &ignored);
		pthread_mutex_lock(&c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

checkpointer *checkpointer_start(const char *db_path, const np_params *p)
{
	checkpointer *c = calloc(1, sizeof *c);
	np_error ignored;
	if (!c || np_db_open(&c->db, db_path, NP_OPEN_SAME_WRITER, p, &ignored) != NP_OK) {
		free(c);
		return NULL;
	}
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	if (pthread_create(&c->thread, NULL, checkpointing, c) != 0) {
		np_db_close(c->db, NULL);
		pthread_mutex_destroy(&c->lock);
		pthread_cond_destroy(&c->wake);
		free(c);
		return NULL;
	}
	return c;
}

void checkpointer_stop(checkpointer *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->stopping = 1;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	np_db_close(c->db, NULL);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->wake);
	free(c);
}
