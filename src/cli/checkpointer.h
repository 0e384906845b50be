/*
 * checkpointer.h — a thread that copies an ingest's committed pages from
 * SQLite's write-ahead log into the store file, through a connection of its
 * own, so that the ingesting thread does not: at a million stories that
 * copying (write-ahead log checkpoints) is a large share of the ingest
 * thread's work, while the reading and signing threads have time to spare
 * (benchmarks/README.md, "Ingest at a million stories: threads, batches and
 * the checkpointer").
 */
#ifndef NP_CLI_CHECKPOINTER_H
#define NP_CLI_CHECKPOINTER_H

#include "newsprint.h"

typedef struct checkpointer checkpointer;

/* Starts checkpointing the store at db_path (which must exist) with params
 * p; NULL when it cannot (the writing connection then checkpoints alone,
 * as it always may). */
checkpointer *checkpointer_start(const char *db_path, const np_params *p);

/* Stops the thread and closes its connection; NULL is fine. */
void checkpointer_stop(checkpointer *c);

#endif
