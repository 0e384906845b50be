/*
 * pipeline.h — reading and signing on threads of their own. ingest and
 * check spend about half their time reading, segmenting and signing, which
 * needs no store: one thread reads and segments, a second signs, while the
 * main thread matches and stores, so that whichever side is slower (reading
 * at a small store, matching and storing at a large one) has both cores of
 * a two-core machine to share with the others. Stories come out in the
 * order they were read.
 */
#ifndef NP_CLI_PIPELINE_H
#define NP_CLI_PIPELINE_H

#include "newsprint.h"

typedef struct pipeline pipeline;

typedef struct pipeline_item {
	np_status rc;        /* NP_OK: s is set, and fp unless the id is stored already;
	                      * NP_EINPUT: a bad record; else fatal */
	np_story *s;
	np_fingerprint *fp;
	np_error err;
} pipeline_item;

/* Starts reading r and signing with p on two new threads; NULL when out of
 * memory or no thread can be started. The reader belongs to the pipeline
 * until pipeline_stop. When db_path names an existing store, the signing thread
 * opens it read-only (a connection of its own) and does not sign stories
 * whose id is stored already: they come out with fp NULL, and are skipped
 * (a rerun after a crash goes through what is stored at reading speed). */
pipeline *pipeline_start(np_reader *r, const np_params *p, const char *db_path);

/* Whether pipeline_next has an item (or the end) without waiting: when it
 * has not, the input has paused, or the threads ahead are still at work. */
int pipeline_ready(pipeline *pl);

/* The next item in input order; 0, or 1 when the input is done. The caller
 * frees item->s and item->fp. */
int pipeline_next(pipeline *pl, pipeline_item *item);

/* Stops the threads (if still reading) and frees the pipeline. */
void pipeline_stop(pipeline *pl);

#endif
