/*
 * cmd_forget.c — `newsprint forget ID...`: removes stored stories, each
 * from the store, its index and its cluster (np_forget).
 */
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"

static const char HELP[] =
	"usage: newsprint forget [--db PATH] ID...\n"
	"\n"
	"Removes each stored story ID from the store: the story, its fingerprints,\n"
	"passages, links and rail items. Its cluster chooses its origin again, and\n"
	"splits where the story was the only bridge between its other members: the\n"
	"members a chain of matches still joins stay together; the part holding the\n"
	"earliest member (publication time, then id) keeps the cluster's id, each\n"
	"other part gets a new id. Each story is forgotten in one transaction: a\n"
	"crash leaves it either stored or gone. A forgotten story may be ingested\n"
	"again. Ends with a summary line on standard error.\n"
	"\n"
	"  --db PATH   the store (default newsprint.db; must exist)\n"
	"\n"
	"Forget is a writer: a store takes one at a time, like ingest.\n"
	"\n"
	"Exit status: 0 all forgotten, 1 some ids not stored (named on standard\n"
	"error), 2 usage error or unusable store.\n";

/* Opens the store for writing, refusing one that does not exist (opening
 * for writing would make it): a mistyped --db names no story. */
static np_status open_existing(const char *path, np_db **db, np_error *err)
{
	np_status rc = np_db_open(db, path, NP_OPEN_READONLY, NULL, err);
	if (rc != NP_OK)
		return rc;
	np_db_close(*db, NULL);
	return np_db_open(db, path, NP_OPEN_READWRITE, NULL, err);
}

/* Forgets each id; the exit status. */
static int forget_all(np_db *db, char **ids, int n)
{
	int status = EXIT_OK;
	long forgotten = 0;
	for (int i = 0; i < n; i++) {
		int found = 0;
		np_error err = {0};
		if (np_forget(db, ids[i], &found, &err) != NP_OK) {
			fprintf(stderr, "newsprint forget: %s: %s\n", ids[i], err.msg);
			status = EXIT_USAGE;
			break;
		}
		forgotten += found;
		if (!found) {
			fprintf(stderr, "newsprint forget: %s: no such story in the store\n", ids[i]);
			status = EXIT_SKIPPED;
		}
	}
	fprintf(stderr, "newsprint forget: %ld stories forgotten\n", forgotten);
	return status;
}

int cmd_forget(int argc, char **argv)
{
	const char *db_path = NULL;
	int orc = cli_db_ids_options("forget", argc, argv, HELP, &db_path);
	if (orc <= 0)
		return orc ? EXIT_USAGE : EXIT_OK;
	np_db *db = NULL;
	np_error err = {0};
	if (open_existing(db_path, &db, &err) != NP_OK) {
		fprintf(stderr, "newsprint forget: %s\n", err.msg);
		return EXIT_USAGE;
	}
	int status = forget_all(db, argv + optind, argc - optind);
	if (np_db_close(db, &err) != NP_OK) {
		fprintf(stderr, "newsprint forget: %s\n", err.msg);
		status = EXIT_USAGE;
	}
	return status;
}
