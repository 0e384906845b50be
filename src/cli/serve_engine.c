/*
 * serve_engine.c — the one thread of `newsprint serve` that writes: it owns
 * the store's read-write handle and decides the queued checks, ingests and
 * forgets in arrival order. Whenever its queue is empty it commits what it
 * wrote, then answers those requests: an answer a client has seen is a
 * story stored, and a burst of requests shares one commit.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/serve.h"

struct serve_engine {
	np_db *db;
	serve_metrics *metrics;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work;     /* a job queued, or stop asked */
	pthread_cond_t answered; /* some job done */
	serve_job *head, *tail;  /* queued, in arrival order */
	serve_job *unsaved;      /* decided, waiting for the commit */
	int64_t stories;         /* committed */
	int64_t pending;         /* stored since the last commit */
	int stopping;
	np_status last_rc;       /* of the last commit */
	np_error last_err;
};

/* A decision that could not be made: the record's own error, as the
 * skipped line `ingest --json` prints. */
static char *unread_answer(const serve_item *it)
{
	np_decision d = {.status = NP_SKIPPED};
	return np_decision_json(NULL, &d, it->error, NULL);
}

/* A story with invalid UTF-8 is decided on its repaired text; the answer
 * says so, as `ingest --json` does. */
static const char *utf8_warning(const serve_item *it, char *buf, size_t n)
{
	size_t bad = it->s->n_invalid_utf8 + it->fp->n_invalid;
	if (!bad)
		return NULL;
	snprintf(buf, n, "%zu invalid UTF-8 sequence%s replaced by U+FFFD", bad, bad == 1 ? "" : "s");
	return buf;
}

/* Decides one record of job; NP_OK or a store failure (in job->err). */
static np_status decide(serve_engine *e, serve_job *job, serve_item *it)
{
	if (it->error) {
		it->answer = unread_answer(it);
		return NP_OK;
	}
	np_decision d = {0};
	char buf[128];
	np_status rc = job->kind == JOB_INGEST
	                   ? np_ingest_signed(e->db, it->s, it->fp, &d, &job->err)
	                   : np_check_signed(e->db, it->s, it->fp, &d, &job->err);
	if (rc == NP_OK) {
		serve_metrics_decision(e->metrics, d.status);
		e->pending += job->kind == JOB_INGEST && d.status != NP_SKIPPED;
		it->answer = np_decision_json(it->s->id, &d,  NULL,
		                              d.status == NP_SKIPPED ? NULL : utf8_warning(it, buf, sizeof buf));
	}
	np_decision_clear(&d);
	return rc;
}

static void run_job(serve_engine *e, serve_job *job)
{
	job->rc = NP_OK;
	if (job->kind == JOB_FORGET) {
		job->rc = np_forget(e->db, job->id, &job->found, &job->err);
		e->pending -= job->rc == NP_OK && job->found;
		return;
	}
	for (size_t i = 0; job->rc == NP_OK && i < job->n; i++)
		job->rc = decide(e, job, &job->items[i]);
}

/* Marks job done and wakes its waiter; with e->mu held. */
static void finish(serve_engine *e, serve_job *job)
{
	job->done = 1;
	pthread_cond_broadcast(&e->answered);
}

/* Commits, then answers every job decided since the last commit; entered
 * and left with e->mu held. A failed commit fails them all: their stories
 * are not stored, and no client is told they are. */
static void commit_and_answer(serve_engine *e)
{
	np_error err = {0};
	pthread_mutex_unlock(&e->mu);
	np_status rc = np_db_flush(e->db, &err);
	pthread_mutex_lock(&e->mu);
	e->last_rc = rc;
	e->last_err = err;
	if (rc == NP_OK)
		e->stories += e->pending;
	e->pending = 0;
	while (e->unsaved) {
		serve_job *job = e->unsaved;
		e->unsaved = job->next;
		if (rc != NP_OK && job->rc == NP_OK) {
			job->rc = rc;
			job->err = err;
		}
		finish(e, job);
	}
}

static void *engine_main(void *arg)
{
	serve_engine *e = arg;
	pthread_mutex_lock(&e->mu);
	for (;;) {
		serve_job *job = e->head;
		if (job) {
			e->head = job->next;
			pthread_mutex_unlock(&e->mu);
			run_job(e, job);
			pthread_mutex_lock(&e->mu);
			if (job->kind == JOB_CHECK) {
				finish(e, job);
			} else {
				job->next = e->unsaved;
				e->unsaved = job;
			}
		} else if (e->unsaved) {
			commit_and_answer(e);
		} else if (e->stopping) {
			break;
		} else {
			pthread_cond_wait(&e->work, &e->mu);
		}
	}
	pthread_mutex_unlock(&e->mu);
	return NULL;
}

serve_engine *serve_engine_start(np_db *db, serve_metrics *m, int64_t stories)
{
	serve_engine *e = calloc(1, sizeof *e);
	if (!e)
		return NULL;
	e->db = db;
	e->metrics = m;
	e->stories = stories;
	pthread_mutex_init(&e->mu, NULL);
	pthread_cond_init(&e->work, NULL);
	pthread_cond_init(&e->answered, NULL);
	if (pthread_create(&e->thread, NULL, engine_main, e) != 0) {
		free(e);
		return NULL;
	}
	return e;
}

void serve_engine_run(serve_engine *e, serve_job *job)
{
	job->done = 0;
	job->next = NULL;
	pthread_mutex_lock(&e->mu);
	if (e->tail && e->head)
		e->tail->next = job;
	else
		e->head = job;
	e->tail = job;
	pthread_cond_signal(&e->work);
	while (!job->done)
		pthread_cond_wait(&e->answered, &e->mu);
	pthread_mutex_unlock(&e->mu);
}

int64_t serve_engine_stories(serve_engine *e)
{
	pthread_mutex_lock(&e->mu);
	int64_t n = e->stories;
	pthread_mutex_unlock(&e->mu);
	return n;
}

np_status serve_engine_stop(serve_engine *e, np_error *err)
{
	pthread_mutex_lock(&e->mu);
	e->stopping = 1;
	pthread_cond_signal(&e->work);
	pthread_mutex_unlock(&e->mu);
	pthread_join(e->thread, NULL);
	np_status rc = e->last_rc;
	*err = e->last_err;
	pthread_cond_destroy(&e->work);
	pthread_cond_destroy(&e->answered);
	pthread_mutex_destroy(&e->mu);
	free(e);
	return rc;
}
